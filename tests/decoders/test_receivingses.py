"""The receivingses decoder (Amazon SES receiving) on the corpus."""

import pytest

import bouncekit
from tests.conftest import corpus_bytes

# file, record index, recipient, event, status, reply code, substring of the diagnostic
CASES = [
    ("lhost-receivingses-02.eml", 0, "userunknown@neko.example.jp", "bounce",
     "5.1.1", "550", "Mailbox does not exist"),
    ("lhost-receivingses-03.eml", 0, "temperror@neko.example.jp", "bounce",
     "4.0.0", "450", "Temporary failure"),
    ("lhost-receivingses-04.eml", 0, "mailboxfull@neko.example.jp", "bounce", "5.2.2", "552", "Mailbox full"),
    ("lhost-receivingses-07.eml", 0, "neko@neko.example.jp", "bounce", "5.2.0", "550", "Message Filtered"),
]


@pytest.mark.parametrize(("file", "index", "recipient", "event", "status", "reply_code", "text"), CASES)
def test_corpus_file(file, index, recipient, event, status, reply_code, text):
    report = bouncekit.parse(corpus_bytes(file))
    record = report.records[index]
    assert record.decoder == "receivingses"
    assert record.recipient == recipient
    assert str(record.event) == event
    assert record.status == status
    assert record.reply_code == reply_code
    assert text in (record.diagnostic or "")


def test_only_reports_of_the_ses_inbound_servers_are_claimed():
    # Sent through SES (X-SES-Outgoing) but written by SES's outbound side.
    assert bouncekit.parse(corpus_bytes("lhost-amazonses-07.eml")).decoder == "amazonses"
