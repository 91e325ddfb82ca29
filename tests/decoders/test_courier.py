"""The courier decoder (the Courier mail server) on the corpus."""

import pytest

import bouncekit
from tests.conftest import corpus_bytes

# file, record index, recipient, event, status, reply code, substring of the diagnostic (None: no diagnostic)
CASES = [
    ("lhost-courier-01.eml", 0, "kijitora@example.co.jp", "bounce", "5.1.1", "550", "User Unknown"),
    ("lhost-courier-02.eml", 0, "kijitora@example.jp",
     "bounce", "5.0.0", "550", "Unknown user kijitora@example.jp"),
    ("lhost-courier-03.eml", 0, "kijitora@example.jp",
     "bounce", "5.7.1", "550", "can't determine Purported Responsible"),
    ("lhost-courier-04.eml", 0, "kijitora@example.cat", "bounce", "5.0.0", None, "No such domain."),
]


@pytest.mark.parametrize(("file", "index", "recipient", "event", "status", "reply_code", "text"), CASES)
def test_corpus_file(file, index, recipient, event, status, reply_code, text):
    record = bouncekit.parse(corpus_bytes(file)).records[index]
    assert record.decoder == "courier"
    assert record.recipient == recipient
    assert str(record.event) == event
    assert record.status == status
    assert record.reply_code == reply_code
    if text is None:
        assert record.diagnostic is None
    else:
        assert text in (record.diagnostic or "")

