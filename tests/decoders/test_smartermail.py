"""The smartermail decoder (SmarterMail ``Failed Recipient:`` notices) on hand-written
messages in tests/fixtures/decoders/smartermail/."""

import pytest

import bouncekit
from tests.conftest import decoder_fixture

# file: every recipient the notice names, in order (exact sets: nothing else)
RECIPIENTS = {
    "smartermail-01.eml": ['choir.lead@example.net', 'usher@example.com'],
}

# file, record index, recipient, event, status, reply code, substring of the diagnostic (None: no diagnostic)
CASES = [
    ("smartermail-01.eml", 0, "choir.lead@example.net", "bounce", '5.2.1', '550',
     '550 5.2.1 <choir.lead@example.net>: Recipient ad'),
    ("smartermail-01.eml", 1, "usher@example.com", "bounce", '5.7.1', '554',
     '554 5.7.1 Service unavailable; Client host [203.'),
]


@pytest.mark.parametrize(("file", "recipients"), RECIPIENTS.items())
def test_exact_recipients(file, recipients):
    report = bouncekit.parse(decoder_fixture("smartermail", file))
    assert report.decoder == "smartermail"
    assert [r.recipient for r in report.records] == recipients


@pytest.mark.parametrize(("file", "index", "recipient", "event", "status", "reply_code", "text"), CASES)
def test_fixture(file, index, recipient, event, status, reply_code, text):
    record = bouncekit.parse(decoder_fixture("smartermail", file)).records[index]
    assert record.decoder == "smartermail"
    assert record.recipient == recipient
    assert str(record.event) == event
    assert record.status == status
    assert record.reply_code == reply_code
    if text is None:
        assert record.diagnostic is None
    else:
        assert text in (record.diagnostic or "")
