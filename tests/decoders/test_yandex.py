"""The yandex decoder (Yandex.Mail) on the corpus."""

import pytest

import bouncekit
from tests.conftest import corpus_bytes

# file, record index, recipient, event, status, reply code, substring of the diagnostic
CASES = [
    ("lhost-yandex-01.eml", 0, "kijitora@example.jp", "bounce", "5.1.1", "550", "User Unknown"),
    ("lhost-yandex-02.eml", 0, "mikeneko@example.jp", "bounce", "5.2.1", "550", "User Unknown"),
    ("lhost-yandex-02.eml", 1, "sabineko@example.jp", "bounce", "5.2.2", "550", "Mailbox Full"),
    ("lhost-yandex-03.eml", 0, "kijitora@6jo.example.jp", "bounce", "4.4.1", None, "Connection timed out"),
]


@pytest.mark.parametrize(("file", "index", "recipient", "event", "status", "reply_code", "text"), CASES)
def test_corpus_file(file, index, recipient, event, status, reply_code, text):
    report = bouncekit.parse(corpus_bytes(file))
    record = report.records[index]
    assert record.decoder == "yandex"
    assert record.recipient == recipient
    assert str(record.event) == event
    assert record.status == status
    assert record.reply_code == reply_code
    assert text in (record.diagnostic or "")


def test_the_text_gives_the_host_when_remote_mta_is_missing():
    record = bouncekit.parse(corpus_bytes("lhost-yandex-03.eml")).records[0]
    assert record.remote_mta == "6jo.example.jp"
