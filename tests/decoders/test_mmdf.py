"""The mmdf decoder (MMDF ``Failed mail`` and ``Waiting mail``) on hand-written
messages in tests/fixtures/decoders/mmdf/."""

import pytest

import bouncekit
from tests.conftest import decoder_fixture

# file: every recipient the notice names, in order (exact sets: nothing else)
RECIPIENTS = {
    "mmdf-01.eml": ['p.morgan@maths.example.ac.uk', 's.lloyd@maths.example.ac.uk'],
    "mmdf-02.eml": ['p.morgan@maths.example.ac.uk'],
    "mmdf-03.eml": ['kbrenner@sco.example.com'],
}

# file, record index, recipient, event, status, reply code, substring of the diagnostic (None: no diagnostic)
CASES = [
    ("mmdf-01.eml", 0, "p.morgan@maths.example.ac.uk", "bounce", None, None,
     'After 7 days (168 hours), your message could not'),
    ("mmdf-01.eml", 1, "s.lloyd@maths.example.ac.uk", "bounce", None, None,
     'After 7 days (168 hours), your message could not'),
    ("mmdf-02.eml", 0, "p.morgan@maths.example.ac.uk", "delayed", None, None,
     'After 2 days (48 hours), your message has not ye'),
    ("mmdf-03.eml", 0, "kbrenner@sco.example.com", "bounce", None, None,
     'unknown user'),
]


@pytest.mark.parametrize(("file", "recipients"), RECIPIENTS.items())
def test_exact_recipients(file, recipients):
    report = bouncekit.parse(decoder_fixture("mmdf", file))
    assert report.decoder == "mmdf"
    assert [r.recipient for r in report.records] == recipients


@pytest.mark.parametrize(("file", "index", "recipient", "event", "status", "reply_code", "text"), CASES)
def test_fixture(file, index, recipient, event, status, reply_code, text):
    record = bouncekit.parse(decoder_fixture("mmdf", file)).records[index]
    assert record.decoder == "mmdf"
    assert record.recipient == recipient
    assert str(record.event) == event
    assert record.status == status
    assert record.reply_code == reply_code
    if text is None:
        assert record.diagnostic is None
    else:
        assert text in (record.diagnostic or "")
