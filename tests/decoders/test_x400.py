"""The x400 decoder (X.400 gateway delivery reports (PP, field lists)) on hand-written
messages in tests/fixtures/decoders/x400/."""

import pytest

import bouncekit
from tests.conftest import decoder_fixture

# file: every recipient the notice names, in order (exact sets: nothing else)
RECIPIENTS = {
    "x400-01.eml": ['c.barnes@ee.example.ac.uk', 'd.frost@ee.example.ac.uk'],
    "x400-02.eml": ['lena.maier@hq.example.int', 'tom.vries@depot.example.int'],
}

# file, record index, recipient, event, status, reply code, substring of the diagnostic (None: no diagnostic)
CASES = [
    ("x400-01.eml", 0, "c.barnes@ee.example.ac.uk", "bounce", None, None,
     "Unable to transfer message to the recipient's MT"),
    ("x400-01.eml", 1, "d.frost@ee.example.ac.uk", "bounce", None, None,
     "Unable to transfer message to the recipient's MT"),
    ("x400-02.eml", 0, "lena.maier@hq.example.int", "bounce", None, None,
     'Unable to transfer (1); Unrecognised O/R name (0'),
    ("x400-02.eml", 1, "tom.vries@depot.example.int", "bounce", None, None,
     'Transfer failure (0); Maximum time expired (5)'),
]


@pytest.mark.parametrize(("file", "recipients"), RECIPIENTS.items())
def test_exact_recipients(file, recipients):
    report = bouncekit.parse(decoder_fixture("x400", file))
    assert report.decoder == "x400"
    assert [r.recipient for r in report.records] == recipients


@pytest.mark.parametrize(("file", "index", "recipient", "event", "status", "reply_code", "text"), CASES)
def test_fixture(file, index, recipient, event, status, reply_code, text):
    record = bouncekit.parse(decoder_fixture("x400", file)).records[index]
    assert record.decoder == "x400"
    assert record.recipient == recipient
    assert str(record.event) == event
    assert record.status == status
    assert record.reply_code == reply_code
    if text is None:
        assert record.diagnostic is None
    else:
        assert text in (record.diagnostic or "")
