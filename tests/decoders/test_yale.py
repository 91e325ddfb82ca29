"""The yale decoder (Yale-style ``Message not delivered to the following:`` notices) on hand-written
messages in tests/fixtures/decoders/yale/."""

import pytest

import bouncekit
from tests.conftest import decoder_fixture

# file: every recipient the notice names, in order (exact sets: nothing else)
RECIPIENTS = {
    "yale-01.eml": ['gsmith@mailhub.example.edu', 'rlee@cs.example.edu'],
}

# file, record index, recipient, event, status, reply code, substring of the diagnostic (None: no diagnostic)
CASES = [
    ("yale-01.eml", 0, "gsmith@mailhub.example.edu", "bounce", None, None,
     'Mailbox unknown'),
    ("yale-01.eml", 1, "rlee@cs.example.edu", "bounce", None, None,
     'Mailbox full'),
]


@pytest.mark.parametrize(("file", "recipients"), RECIPIENTS.items())
def test_exact_recipients(file, recipients):
    report = bouncekit.parse(decoder_fixture("yale", file))
    assert report.decoder == "yale"
    assert [r.recipient for r in report.records] == recipients


@pytest.mark.parametrize(("file", "index", "recipient", "event", "status", "reply_code", "text"), CASES)
def test_fixture(file, index, recipient, event, status, reply_code, text):
    record = bouncekit.parse(decoder_fixture("yale", file)).records[index]
    assert record.decoder == "yale"
    assert record.recipient == recipient
    assert str(record.event) == event
    assert record.status == status
    assert record.reply_code == reply_code
    if text is None:
        assert record.diagnostic is None
    else:
        assert text in (record.diagnostic or "")
