"""The exchange2007 decoder (Microsoft Exchange 2007 and later) on the corpus."""

import pytest

import bouncekit
from tests.conftest import corpus_bytes

# file, record index, recipient, event, status, reply code, substring of the diagnostic (None: no diagnostic)
CASES = [
    ("lhost-exchange2007-03.eml", 0, "kijitora@neko.example.com",
     "bounce", "5.2.3", "550", "RESOLVER.RST.RecipSizeLimit; message"),
    ("lhost-exchange2007-04.eml", 0, "neko-nyaan@example.jp",
     "bounce", "5.7.1", "550", "RESOLVER.RST.AuthRequired;"),
    ("lhost-exchange2007-06.eml", 0, "transports@agglo-saumur.fr",
     "bounce", "5.1.1", "550", "RESOLVER.ADR.RecipNotFound; not found"),
]


@pytest.mark.parametrize(("file", "index", "recipient", "event", "status", "reply_code", "text"), CASES)
def test_corpus_file(file, index, recipient, event, status, reply_code, text):
    record = bouncekit.parse(corpus_bytes(file)).records[index]
    assert record.decoder == "exchange2007"
    assert record.recipient == recipient
    assert str(record.event) == event
    assert record.status == status
    assert record.reply_code == reply_code
    if text is None:
        assert record.diagnostic is None
    else:
        assert text in (record.diagnostic or "")

