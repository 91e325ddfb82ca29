"""The dragonfly decoder (the DragonFly Mail Agent) on the corpus."""

import pytest

import bouncekit
from tests.conftest import corpus_bytes

# file, record index, recipient, event, status, reply code, substring of the diagnostic (None: no diagnostic)
CASES = [
    ("lhost-dragonfly-01.eml", 0, "pseudo-local-part@google.example.com",
     "bounce", "5.7.26", "550", "Unauthenticated email from example.jp"),
    ("lhost-dragonfly-02.eml", 0, "pseudo-local-part@outlook.example.com",
     "bounce", "5.7.509", "550", "Access denied, sending domain"),
    ("lhost-dragonfly-03.eml", 0, "pseudo-local-part@yahoo-inc.example.com",
     "bounce", "5.7.9", "554", "Message not accepted for policy"),
    ("lhost-dragonfly-05.eml", 0, "authfailure@libsisimai.net",
     "bounce", "5.7.26", "550", "Multiple authentication checks failed"),
    ("lhost-dragonfly-06.eml", 0, "blocked@libsisimai.net",
     "bounce", "5.7.25", "550", "Reverse DNS validation failed: See"),
    ("lhost-dragonfly-07.eml", 0, "contenterror@libsisimai.net",
     "bounce", "5.6.0", "550", "Media error. See"),
    ("lhost-dragonfly-08.eml", 0, "exceedlimit@libsisimai.net",
     "bounce", "5.2.3", "552", "Message length exceeds administrative"),
    ("lhost-dragonfly-10.eml", 0, "hasmoved@libsisimai.net",
     "bounce", "5.1.6", "550", "Destination mailbox has moved, No"),
    ("lhost-dragonfly-11.eml", 0, "hostunknown@libsisimai.net",
     "bounce", "5.1.2", "550", "Bad destination system address. See"),
    ("lhost-dragonfly-13.eml", 0, "mailererror@libsisimai.net",
     "bounce", "5.3.0", "554", "Mailer error. See"),
    ("lhost-dragonfly-14.eml", 0, "mesgtoobig@libsisimai.net",
     "bounce", "5.3.4", "554", "Message too big for system. See"),
    ("lhost-dragonfly-16.eml", 0, "notaccept@libsisimai.net",
     "bounce", "5.3.2", "521", "System not accepting network messages."),
    ("lhost-dragonfly-18.eml", 0, "policyviolation@libsisimai.net",
     "bounce", "5.7.0", "550", "Policy violation. See"),
    ("lhost-dragonfly-20.eml", 0, "spamdetected@libsisimai.net",
     "bounce", "5.7.0", "550", "Spam detected. See"),
    ("lhost-dragonfly-21.eml", 0, "suspend@libsisimai.net",
     "bounce", "5.7.13", "525", "User account disabled. See"),
    ("lhost-dragonfly-22.eml", 0, "syntaxerror@libsisimai.net",
     "bounce", "5.1.3", "501", "Bad destination mailbox address syntax."),
    ("lhost-dragonfly-24.eml", 0, "userunknown@libsisimai.net",
     "bounce", "5.1.1", "550", "User unknown. See"),
    ("lhost-dragonfly-25.eml", 0, "virusdetected@libsisimai.net",
     "bounce", "5.7.0", "550", "Virus detected. See"),
    ("lhost-dragonfly-26.eml", 0, "userunknown@example.org",
     "bounce", "5.1.1", "550", "User unknown"),
    ("lhost-dragonfly-27.eml", 0, "neko-nyaan@example.org",
     "bounce", "5.7.13", "525", "Disabled recipient address"),
    ("lhost-dragonfly-28.eml", 0, "kijitora@example.com", "bounce", "5.2.2", "552", "Mailbox full"),
    ("lhost-dragonfly-29.eml", 0, "expired@libsisimai.net",
     "bounce", None, None, "Could not deliver for the last 432000"),
]


@pytest.mark.parametrize(("file", "index", "recipient", "event", "status", "reply_code", "text"), CASES)
def test_corpus_file(file, index, recipient, event, status, reply_code, text):
    record = bouncekit.parse(corpus_bytes(file)).records[index]
    assert record.decoder == "dragonfly"
    assert record.recipient == recipient
    assert str(record.event) == event
    assert record.status == status
    assert record.reply_code == reply_code
    if text is None:
        assert record.diagnostic is None
    else:
        assert text in (record.diagnostic or "")



def test_the_multi_line_reply_loses_dma_blank_lines_and_names_the_host():
    record = bouncekit.parse(corpus_bytes("lhost-dragonfly-01.eml")).records[0]
    assert record.remote_mta == "gmail-smtp-in.l.google.com"
    assert "did not like" not in record.diagnostic
    assert "DMARC policy" in record.diagnostic
