"""The surfcontrol decoder (SurfControl E-mail Filter) on the corpus."""

import pytest

import bouncekit
from tests.conftest import corpus_bytes

# file, record index, recipient, event, status, reply code, substring of the diagnostic, host
CASES = [
    ("lhost-surfcontrol-01.eml", 0, "kijitora@example.com", "bounce", "5.0.0", "550", "No such user",
     "192.0.2.5"),
    ("lhost-surfcontrol-02.eml", 0, "kijitora@example.org", "bounce", "5.0.0", "554",
     "Service currently unavailable", "192.0.2.244"),
]


@pytest.mark.parametrize(
    ("file", "index", "recipient", "event", "status", "reply_code", "text", "host"), CASES
)
def test_corpus_file(file, index, recipient, event, status, reply_code, text, host):
    report = bouncekit.parse(corpus_bytes(file))
    assert len(report.records) == 1
    record = report.records[index]
    assert record.decoder == "surfcontrol"
    assert record.recipient == recipient
    assert str(record.event) == event
    assert record.status == status
    assert record.reply_code == reply_code
    assert text in (record.diagnostic or "")
    assert record.remote_mta == host  # from the transcript: the DSN part has no Remote-MTA
