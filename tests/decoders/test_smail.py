"""The smail decoder (Smail 3 ``Failed addresses follow:`` boxes) on hand-written
messages in tests/fixtures/decoders/smail/."""

import pytest

import bouncekit
from tests.conftest import decoder_fixture

# file: every recipient the notice names, in order (exact sets: nothing else)
RECIPIENTS = {
    "smail-01.eml": ['hkrause@mailhost.cs.example.edu', 'mpetrov@mailhost.cs.example.edu',
                     'grad-list@theory.example.edu'],
    "smail-02.eml": ['piet@host.example.nl'],
}

# file, record index, recipient, event, status, reply code, substring of the diagnostic (None: no diagnostic)
CASES = [
    ("smail-01.eml", 0, "hkrause@mailhost.cs.example.edu", "bounce", None, None,
     'unknown user'),
    ("smail-01.eml", 1, "mpetrov@mailhost.cs.example.edu", "bounce", None, None,
     'unknown user'),
    ("smail-01.eml", 2, "grad-list@theory.example.edu", "bounce", '5.1.1', '550',
     '550 5.1.1 <grad-list@theory.example.edu>... User'),
    ("smail-02.eml", 0, "piet@host.example.nl", "delayed", None, '421',
     '421 host.example.nl: Service not available, clos'),
]


@pytest.mark.parametrize(("file", "recipients"), RECIPIENTS.items())
def test_exact_recipients(file, recipients):
    report = bouncekit.parse(decoder_fixture("smail", file))
    assert report.decoder == "smail"
    assert [r.recipient for r in report.records] == recipients


@pytest.mark.parametrize(("file", "index", "recipient", "event", "status", "reply_code", "text"), CASES)
def test_fixture(file, index, recipient, event, status, reply_code, text):
    record = bouncekit.parse(decoder_fixture("smail", file)).records[index]
    assert record.decoder == "smail"
    assert record.recipient == recipient
    assert str(record.event) == event
    assert record.status == status
    assert record.reply_code == reply_code
    if text is None:
        assert record.diagnostic is None
    else:
        assert text in (record.diagnostic or "")
