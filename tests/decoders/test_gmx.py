"""The gmx decoder (GMX) on the corpus."""

import pytest

import bouncekit
from tests.conftest import corpus_bytes

# file, record index, recipient, event, status, reply code, substring of the diagnostic
CASES = [
    ("lhost-gmx-01.eml", 0, "shironeko@example.jp", "bounce",
     "5.2.2", None, "5.2.2 <shironeko@example.jp>... Mailbox Full"),
    ("lhost-gmx-02.eml", 0, "shironeko@example.jp", "bounce", "5.1.1", None, "User Unknown"),
    ("lhost-gmx-04.eml", 0, "kijitora@6jo.example.co.jp", "bounce",
     None, None, "delivery retry timeout exceeded"),
]


@pytest.mark.parametrize(("file", "index", "recipient", "event", "status", "reply_code", "text"), CASES)
def test_corpus_file(file, index, recipient, event, status, reply_code, text):
    report = bouncekit.parse(corpus_bytes(file))
    record = report.records[index]
    assert record.decoder == "gmx"
    assert record.recipient == recipient
    assert str(record.event) == event
    assert record.status == status
    assert record.reply_code == reply_code
    assert text in (record.diagnostic or "")


def test_boilerplate_is_removed_and_the_host_kept():
    record = bouncekit.parse(corpus_bytes("lhost-gmx-01.eml")).records[0]
    assert record.diagnostic == "5.2.2 <shironeko@example.jp>... Mailbox Full"
    assert record.remote_mta == "mx.example.jp"
