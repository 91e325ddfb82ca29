"""The tonline decoder (T-Online) on hand-written fixtures."""

import pytest

import bouncekit
from tests.conftest import decoder_fixture, person_copy

# file, record index, recipient, event, status, reply code, substring of the diagnostic
CASES = [
    ("tonline-de.eml", 0, 'service@heizung-schmidt.example.de', "bounce", '5.1.1', '550',
     '550 5.1.1 <service@heizung-schmidt.examp'),
    ("tonline-de.eml", 1, 'buero@sanitaer-koch.example.de', "bounce", '5.2.2', '552',
     '552 5.2.2 <buero@sanitaer-koch.example.d'),
]


@pytest.mark.parametrize(("file", "index", "recipient", "event", "status", "reply_code", "text"), CASES)
def test_fixture(file, index, recipient, event, status, reply_code, text):
    report = bouncekit.parse(decoder_fixture("tonline", file))
    record = report.records[index]
    assert record.decoder == "tonline"
    assert record.recipient == recipient
    assert str(record.event) == event
    assert record.status == status
    assert record.reply_code == reply_code
    assert text in (record.diagnostic or "")


@pytest.mark.parametrize("file", sorted({c[0] for c in CASES}))
def test_exact_recipient_set(file):
    report = bouncekit.parse(decoder_fixture("tonline", file))
    assert [r.recipient for r in report.records] == [c[2] for c in CASES if c[0] == file]


def test_a_person_quoting_the_notice_is_not_read_as_one():
    data = person_copy(decoder_fixture("tonline", "tonline-de.eml"), "someone@example.net")
    assert bouncekit.parse(data).decoder != "tonline"
