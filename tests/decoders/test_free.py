"""The free decoder (Free) on hand-written fixtures."""

import pytest

import bouncekit
from tests.conftest import decoder_fixture, person_copy

# file, record index, recipient, event, status, reply code, substring of the diagnostic
CASES = [
    ("free-fr.eml", 0, 'thomas.r@example.fr', "bounce", '5.1.1', '550',
     '550 5.1.1 Recipient address rejected: Us'),
    ("free-fr.eml", 1, 'claire.v@example.fr', "bounce", '5.1.1', '550',
     '550 5.1.1 Recipient address rejected: Us'),
]


@pytest.mark.parametrize(("file", "index", "recipient", "event", "status", "reply_code", "text"), CASES)
def test_fixture(file, index, recipient, event, status, reply_code, text):
    report = bouncekit.parse(decoder_fixture("free", file))
    record = report.records[index]
    assert record.decoder == "free"
    assert record.recipient == recipient
    assert str(record.event) == event
    assert record.status == status
    assert record.reply_code == reply_code
    assert text in (record.diagnostic or "")


@pytest.mark.parametrize("file", sorted({c[0] for c in CASES}))
def test_exact_recipient_set(file):
    report = bouncekit.parse(decoder_fixture("free", file))
    assert [r.recipient for r in report.records] == [c[2] for c in CASES if c[0] == file]


def test_a_person_quoting_the_notice_is_not_read_as_one():
    data = person_copy(decoder_fixture("free", "free-fr.eml"), "someone@example.net")
    assert bouncekit.parse(data).decoder != "free"
