"""The communigate decoder (CommuniGate Pro module reports) on hand-written
messages in tests/fixtures/decoders/communigate/."""

import pytest

import bouncekit
from tests.conftest import decoder_fixture

# file: every recipient the notice names, in order (exact sets: nothing else)
RECIPIENTS = {
    "communigate-01.eml": ['legal@partner.example.net', 'm.sokolov@example.ru'],
    "communigate-02.eml": ['kontor@slow.example.se'],
}

# file, record index, recipient, event, status, reply code, substring of the diagnostic (None: no diagnostic)
CASES = [
    ("communigate-01.eml", 0, "legal@partner.example.net", "bounce", '5.1.1', '550',
     '550 5.1.1 <legal@partner.example.net>: Recipient'),
    ("communigate-01.eml", 1, "m.sokolov@example.ru", "bounce", '5.0.0', None,
     'account is full (quota exceeded)'),
    ("communigate-02.eml", 0, "kontor@slow.example.se", "delayed", '4.7.1', '451',
     '451 4.7.1 Greylisting in action, please come bac'),
]


@pytest.mark.parametrize(("file", "recipients"), RECIPIENTS.items())
def test_exact_recipients(file, recipients):
    report = bouncekit.parse(decoder_fixture("communigate", file))
    assert report.decoder == "communigate"
    assert [r.recipient for r in report.records] == recipients


@pytest.mark.parametrize(("file", "index", "recipient", "event", "status", "reply_code", "text"), CASES)
def test_fixture(file, index, recipient, event, status, reply_code, text):
    record = bouncekit.parse(decoder_fixture("communigate", file)).records[index]
    assert record.decoder == "communigate"
    assert record.recipient == recipient
    assert str(record.event) == event
    assert record.status == status
    assert record.reply_code == reply_code
    if text is None:
        assert record.diagnostic is None
    else:
        assert text in (record.diagnostic or "")
