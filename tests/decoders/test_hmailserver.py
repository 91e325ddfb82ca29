"""The hmailserver decoder (hMailServer notices) on hand-written
messages in tests/fixtures/decoders/hmailserver/."""

import pytest

import bouncekit
from tests.conftest import decoder_fixture

# file: every recipient the notice names, in order (exact sets: nothing else)
RECIPIENTS = {
    "hmailserver-01.eml": ['zakupy@example.net', 'magazyn@example.org'],
}

# file, record index, recipient, event, status, reply code, substring of the diagnostic (None: no diagnostic)
CASES = [
    ("hmailserver-01.eml", 0, "zakupy@example.net", "bounce", '5.7.1', '550',
     '550 5.7.1 <zakupy@example.net>: Recipient addres'),
    ("hmailserver-01.eml", 1, "magazyn@example.org", "bounce", None, None,
     'Connection to recipients server failed. Error: U'),
]


@pytest.mark.parametrize(("file", "recipients"), RECIPIENTS.items())
def test_exact_recipients(file, recipients):
    report = bouncekit.parse(decoder_fixture("hmailserver", file))
    assert report.decoder == "hmailserver"
    assert [r.recipient for r in report.records] == recipients


@pytest.mark.parametrize(("file", "index", "recipient", "event", "status", "reply_code", "text"), CASES)
def test_fixture(file, index, recipient, event, status, reply_code, text):
    record = bouncekit.parse(decoder_fixture("hmailserver", file)).records[index]
    assert record.decoder == "hmailserver"
    assert record.recipient == recipient
    assert str(record.event) == event
    assert record.status == status
    assert record.reply_code == reply_code
    if text is None:
        assert record.diagnostic is None
    else:
        assert text in (record.diagnostic or "")
