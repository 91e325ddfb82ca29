"""The notes decoder (Lotus Notes) on the corpus."""

import pytest

import bouncekit
from tests.conftest import corpus_bytes

# file, record index, recipient, event, status, reply code, substring of the diagnostic (None: no diagnostic)
CASES = [
    ("lhost-notes-01.eml", 0, "kijitora@u1.example.co.jp",
     "bounce", None, None, "エラー(テストメッセージとしての)"),
    ("lhost-notes-03.eml", 0, "kijitora@example.com",
     "bounce", None, None, "User not listed in public Name &"),
]


@pytest.mark.parametrize(("file", "index", "recipient", "event", "status", "reply_code", "text"), CASES)
def test_corpus_file(file, index, recipient, event, status, reply_code, text):
    record = bouncekit.parse(corpus_bytes(file)).records[index]
    assert record.decoder == "notes"
    assert record.recipient == recipient
    assert str(record.event) == event
    assert record.status == status
    assert record.reply_code == reply_code
    if text is None:
        assert record.diagnostic is None
    else:
        assert text in (record.diagnostic or "")

