"""The mxlogic decoder (MX Logic / McAfee SaaS, an Exim-derived MTA) on the corpus."""

import pytest

import bouncekit
from tests.conftest import corpus_bytes

# file, record index, recipient, event, status, reply code, substring of the diagnostic
CASES = [
    ("lhost-mxlogic-01.eml", 0, "kijitora@example.co.jp", "bounce", "5.1.1", "550",
     "User unknown in local recipient table"),
    ("lhost-mxlogic-02.eml", 0, "kijitora@example.jp", "bounce", "5.1.1", "550",
     "User unknown in local recipient table"),
]


@pytest.mark.parametrize(("file", "index", "recipient", "event", "status", "reply_code", "text"), CASES)
def test_corpus_file(file, index, recipient, event, status, reply_code, text):
    report = bouncekit.parse(corpus_bytes(file))
    assert len(report.records) == 1
    record = report.records[index]
    assert record.decoder == "mxlogic"
    assert record.recipient == recipient
    assert str(record.event) == event
    assert record.status == status
    assert record.reply_code == reply_code
    assert text in (record.diagnostic or "")


def test_reply_on_following_indented_lines():
    raw = (
        b"From: Mail Delivery System <MAILER-DAEMON@relay.example.net>\n"
        b"To: sender@example.org\nSubject: Mail delivery failed\nX-MX-Bounce: mta/src/queue/bounce\n\n"
        b"A message that you have sent could not be delivered to one or more\n"
        b"recipients.  This is a permanent error.  The following address failed:\n\n"
        b"  one@example.com\n    SMTP error from remote mail server after RCPT TO:<one@example.com>:\n"
        b"    host mx.example.com [192.0.2.7]: 550 5.1.1 No such mailbox\n\n"
        b"Included is a copy of the message header:\n"
    )
    [record] = bouncekit.parse(raw).records
    assert record.recipient == "one@example.com"
    assert record.status == "5.1.1"
    assert record.remote_mta == "mx.example.com"
