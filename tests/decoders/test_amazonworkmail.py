"""The amazonworkmail decoder (Amazon WorkMail) on the corpus."""

import pytest

import bouncekit
from tests.conftest import corpus_bytes

# file, record index, recipient, event, status, reply code, substring of the diagnostic
CASES = [
    ("lhost-amazonworkmail-01.eml", 0, "kijitora@example.jp", "bounce", "5.1.1", "550", "User Unknown"),
    ("lhost-amazonworkmail-02.eml", 0, "sabineko@example.jp", "bounce",
     "5.2.1", "550", "<filtered@example.jp>... User Unknown"),
    ("lhost-amazonworkmail-03.eml", 0, "kuroneko@example.org", "bounce",
     "5.3.5", "550", "Internal System Error"),
    ("lhost-amazonworkmail-07.eml", 0, "kijitora@libsisimai.org", "bounce",
     "4.4.2", "421", "Message expired"),
    ("lhost-amazonworkmail-08.eml", 0, "kijitora@libsisimai.org", "bounce", "5.2.2", "550", "Mailbox Full"),
]


@pytest.mark.parametrize(("file", "index", "recipient", "event", "status", "reply_code", "text"), CASES)
def test_corpus_file(file, index, recipient, event, status, reply_code, text):
    report = bouncekit.parse(corpus_bytes(file))
    record = report.records[index]
    assert record.decoder == "amazonworkmail"
    assert record.recipient == recipient
    assert str(record.event) == event
    assert record.status == status
    assert record.reply_code == reply_code
    assert text in (record.diagnostic or "")


def test_cr_only_copy_decodes_like_the_original():
    # The text part is quoted-printable with soft breaks: CR-only line ends must not cut it.
    data = corpus_bytes("lhost-amazonworkmail-07.eml")
    cr = data.replace(b"\r\n", b"\n").replace(b"\n", b"\r")
    assert bouncekit.parse(cr).records == bouncekit.parse(data).records
