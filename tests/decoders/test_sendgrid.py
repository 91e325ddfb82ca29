"""The sendgrid decoder (SendGrid) on the corpus."""

import pytest

import bouncekit
from tests.conftest import corpus_bytes

# file, record index, recipient, event, status, reply code, substring of the diagnostic
CASES = [
    ("lhost-sendgrid-01.eml", 0, "kijitora@example.jp", "bounce", "5.1.1", "550", "User Unknown"),
    ("lhost-sendgrid-02.eml", 0, "this-local-part-does-not-exist-on-the-server@example.jp", "bounce",
     "5.1.1", "550", "User Unknown"),
    ("lhost-sendgrid-03.eml", 0, "kijitora@example.org", "bounce", None, None, "Connection timed out"),
]


@pytest.mark.parametrize(("file", "index", "recipient", "event", "status", "reply_code", "text"), CASES)
def test_corpus_file(file, index, recipient, event, status, reply_code, text):
    report = bouncekit.parse(corpus_bytes(file))
    record = report.records[index]
    assert record.decoder == "sendgrid"
    assert record.recipient == recipient
    assert str(record.event) == event
    assert record.status == status
    assert record.reply_code == reply_code
    assert text in (record.diagnostic or "")


def test_the_text_line_gives_the_remote_host():
    record = bouncekit.parse(corpus_bytes("lhost-sendgrid-01.eml")).records[0]
    assert record.remote_mta == "mx.example.jp"
    assert not record.diagnostic.endswith("RCPT TO")


def test_sendgrid_expired_action_is_a_failure():
    record = bouncekit.parse(corpus_bytes("lhost-sendgrid-03.eml")).records[0]
    assert record.action == "failed"
    assert int(record.bounce_class) == 24
