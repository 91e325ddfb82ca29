"""The einsundeins decoder (1&1) on the corpus."""

import pytest

import bouncekit
from tests.conftest import corpus_bytes

# file, record index, recipient, event, status, reply code, substring of the diagnostic
CASES = [
    ("lhost-einsundeins-03.eml", 0, "xxxx@xxxx.fr", "bounce",
     "5.2.0", "550", "550 5.2.0 Mail rejete. Mail rejected. ofr_506"),
]


@pytest.mark.parametrize(("file", "index", "recipient", "event", "status", "reply_code", "text"), CASES)
def test_corpus_file(file, index, recipient, event, status, reply_code, text):
    report = bouncekit.parse(corpus_bytes(file))
    record = report.records[index]
    assert record.decoder == "einsundeins"
    assert record.recipient == recipient
    assert str(record.event) == event
    assert record.status == status
    assert record.reply_code == reply_code
    assert text in (record.diagnostic or "")


def test_host_and_reason_on_one_line():
    record = bouncekit.parse(corpus_bytes("lhost-einsundeins-03.eml")).records[0]
    assert record.remote_mta == "smtp-in.orange.fr"
    assert "SMTP error" not in record.diagnostic
