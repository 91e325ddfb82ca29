"""The freenet decoder (freenet) on hand-written fixtures."""

import pytest

import bouncekit
from tests.conftest import decoder_fixture, person_copy

# file, record index, recipient, event, status, reply code, substring of the diagnostic
CASES = [
    ("freenet-de.eml", 0, 'anna.becker@example.de', "bounce", '5.7.1', '554',
     '554 5.7.1 Message rejected as spam by co'),
]


@pytest.mark.parametrize(("file", "index", "recipient", "event", "status", "reply_code", "text"), CASES)
def test_fixture(file, index, recipient, event, status, reply_code, text):
    report = bouncekit.parse(decoder_fixture("freenet", file))
    record = report.records[index]
    assert record.decoder == "freenet"
    assert record.recipient == recipient
    assert str(record.event) == event
    assert record.status == status
    assert record.reply_code == reply_code
    assert text in (record.diagnostic or "")


@pytest.mark.parametrize("file", sorted({c[0] for c in CASES}))
def test_exact_recipient_set(file):
    report = bouncekit.parse(decoder_fixture("freenet", file))
    assert [r.recipient for r in report.records] == [c[2] for c in CASES if c[0] == file]


def test_a_person_quoting_the_notice_is_not_read_as_one():
    data = person_copy(decoder_fixture("freenet", "freenet-de.eml"), "someone@example.net")
    assert bouncekit.parse(data).decoder != "freenet"
