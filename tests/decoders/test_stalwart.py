"""The stalwart decoder (Stalwart DSN texts) on hand-written
messages in tests/fixtures/decoders/stalwart/."""

import pytest

import bouncekit
from tests.conftest import decoder_fixture

# file: every recipient the notice names, in order (exact sets: nothing else)
RECIPIENTS = {
    "stalwart-01.eml": ['maintainer@oldproject.example.org', 'security@nowhere.example'],
    "stalwart-02.eml": ['ops@busy.example.net'],
}

# file, record index, recipient, event, status, reply code, substring of the diagnostic (None: no diagnostic)
CASES = [
    ("stalwart-01.eml", 0, "maintainer@oldproject.example.org", "bounce", '5.1.1', '550',
     '550 5.1.1 The email account that you tried to re'),
    ("stalwart-01.eml", 1, "security@nowhere.example", "bounce", '5.1.2', None,
     "failed to lookup 'nowhere.example': Domain does "),
    ("stalwart-02.eml", 0, "ops@busy.example.net", "delayed", '4.2.2', '452',
     '452 4.2.2 Mailbox full, try again later'),
]


@pytest.mark.parametrize(("file", "recipients"), RECIPIENTS.items())
def test_exact_recipients(file, recipients):
    report = bouncekit.parse(decoder_fixture("stalwart", file))
    assert report.decoder == "stalwart"
    assert [r.recipient for r in report.records] == recipients


@pytest.mark.parametrize(("file", "index", "recipient", "event", "status", "reply_code", "text"), CASES)
def test_fixture(file, index, recipient, event, status, reply_code, text):
    record = bouncekit.parse(decoder_fixture("stalwart", file)).records[index]
    assert record.decoder == "stalwart"
    assert record.recipient == recipient
    assert str(record.event) == event
    assert record.status == status
    assert record.reply_code == reply_code
    if text is None:
        assert record.diagnostic is None
    else:
        assert text in (record.diagnostic or "")
