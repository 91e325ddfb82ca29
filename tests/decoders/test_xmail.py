"""The xmail decoder (XMail numbered bounces) on hand-written
messages in tests/fixtures/decoders/xmail/."""

import pytest

import bouncekit
from tests.conftest import decoder_fixture

# file: every recipient the notice names, in order (exact sets: nothing else)
RECIPIENTS = {
    "xmail-01.eml": ['magazzino@example.net'],
}

# file, record index, recipient, event, status, reply code, substring of the diagnostic (None: no diagnostic)
CASES = [
    ("xmail-01.eml", 0, "magazzino@example.net", "bounce", '5.1.1', '550',
     '550 5.1.1 <magazzino@example.net>: Recipient add'),
]


@pytest.mark.parametrize(("file", "recipients"), RECIPIENTS.items())
def test_exact_recipients(file, recipients):
    report = bouncekit.parse(decoder_fixture("xmail", file))
    assert report.decoder == "xmail"
    assert [r.recipient for r in report.records] == recipients


@pytest.mark.parametrize(("file", "index", "recipient", "event", "status", "reply_code", "text"), CASES)
def test_fixture(file, index, recipient, event, status, reply_code, text):
    record = bouncekit.parse(decoder_fixture("xmail", file)).records[index]
    assert record.decoder == "xmail"
    assert record.recipient == recipient
    assert str(record.event) == event
    assert record.status == status
    assert record.reply_code == reply_code
    if text is None:
        assert record.diagnostic is None
    else:
        assert text in (record.diagnostic or "")
