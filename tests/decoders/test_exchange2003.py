"""The exchange2003 decoder (Microsoft Exchange 5.5-2003) on the corpus."""

import pytest

import bouncekit
from tests.conftest import corpus_bytes

# file, record index, recipient, event, status, reply code, substring of the diagnostic (None: no diagnostic)
CASES = [
    ("lhost-exchange2003-01.eml", 0, "kijitora@example.jp",
     "bounce", None, None, "The recipient name is not recognized"),
    ("lhost-exchange2003-02.eml", 0, "kijitora@example.co.jp",
     "bounce", None, None, "The recipient name is not recognized"),
    ("lhost-exchange2003-02.eml", 1, "mikeneko@example.co.jp",
     "bounce", None, None, "The recipient name is not recognized"),
    ("lhost-exchange2003-03.eml", 0, "kijitora@example.jp",
     "bounce", None, None, "The recipient name is not recognized"),
    ("lhost-exchange2003-04.eml", 0, "kijitora@example.com",
     "bounce", None, None, "Recipient Not Found"),
    ("lhost-exchange2003-05.eml", 0, "kijitora@example.com",
     "bounce", None, None, "The recipient name is not recognized"),
    ("lhost-exchange2003-07.eml", 0, "kijitora@example.org",
     "bounce", None, None, "The recipient name is not recognized"),
]


@pytest.mark.parametrize(("file", "index", "recipient", "event", "status", "reply_code", "text"), CASES)
def test_corpus_file(file, index, recipient, event, status, reply_code, text):
    record = bouncekit.parse(corpus_bytes(file)).records[index]
    assert record.decoder == "exchange2003"
    assert record.recipient == recipient
    assert str(record.event) == event
    assert record.status == status
    assert record.reply_code == reply_code
    if text is None:
        assert record.diagnostic is None
    else:
        assert text in (record.diagnostic or "")

