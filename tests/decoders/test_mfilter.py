"""The mfilter decoder (m-FILTER) on the corpus."""

import pytest

import bouncekit
from tests.conftest import corpus_bytes

# file, record index, recipient, event, status, reply code, substring of the diagnostic (None: no diagnostic)
CASES = [
    ("lhost-mfilter-01.eml", 0, "kijitora@example.com",
     "bounce", None, "550", "unknown user <kijitora@example.com>"),
    ("lhost-mfilter-03.eml", 0, "kijitora@example.org",
     "bounce", None, "550", "kijitora@example.org... No such user"),
]


@pytest.mark.parametrize(("file", "index", "recipient", "event", "status", "reply_code", "text"), CASES)
def test_corpus_file(file, index, recipient, event, status, reply_code, text):
    record = bouncekit.parse(corpus_bytes(file)).records[index]
    assert record.decoder == "mfilter"
    assert record.recipient == recipient
    assert str(record.event) == event
    assert record.status == status
    assert record.reply_code == reply_code
    if text is None:
        assert record.diagnostic is None
    else:
        assert text in (record.diagnostic or "")

