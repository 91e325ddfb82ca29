"""The ironport decoder (Cisco IronPort bounce profiles) on hand-written
messages in tests/fixtures/decoders/ironport/."""

import pytest

import bouncekit
from tests.conftest import decoder_fixture

# file: every recipient the notice names, in order (exact sets: nothing else)
RECIPIENTS = {
    "ironport-01.eml": ['h.nakamura@contractor.example.net'],
    "ironport-02.eml": ['ap@nx.example.org'],
}

# file, record index, recipient, event, status, reply code, substring of the diagnostic (None: no diagnostic)
CASES = [
    ("ironport-01.eml", 0, "h.nakamura@contractor.example.net", "bounce", '5.1.1', '550',
     '550 5.1.1 <h.nakamura@contractor.example.net>: R'),
    ("ironport-02.eml", 0, "ap@nx.example.org", "bounce", '5.4.7', None,
     "5.4.7 - Delivery expired (message too old) 'DNS "),
]


@pytest.mark.parametrize(("file", "recipients"), RECIPIENTS.items())
def test_exact_recipients(file, recipients):
    report = bouncekit.parse(decoder_fixture("ironport", file))
    assert report.decoder == "ironport"
    assert [r.recipient for r in report.records] == recipients


@pytest.mark.parametrize(("file", "index", "recipient", "event", "status", "reply_code", "text"), CASES)
def test_fixture(file, index, recipient, event, status, reply_code, text):
    record = bouncekit.parse(decoder_fixture("ironport", file)).records[index]
    assert record.decoder == "ironport"
    assert record.recipient == recipient
    assert str(record.event) == event
    assert record.status == status
    assert record.reply_code == reply_code
    if text is None:
        assert record.diagnostic is None
    else:
        assert text in (record.diagnostic or "")
