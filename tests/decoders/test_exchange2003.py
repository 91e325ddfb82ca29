"""The exchange2003 decoder (Microsoft Exchange 5.5-2003) on the corpus."""

import pytest

import bouncekit
from tests.conftest import corpus_bytes

# file, record index, recipient, event, status, reply code, substring of the diagnostic (None: no diagnostic)
CASES = [
    ("lhost-exchange2003-01.eml", 0, "kijitora@example.jp",
     "bounce", None, None, "The recipient name is not recognized"),
    ("lhost-exchange2003-02.eml", 0, "kijitora@example.co.jp",
     "bounce", None, None, "The recipient name is not recognized"),
    ("lhost-exchange2003-02.eml", 1, "mikeneko@example.co.jp",
     "bounce", None, None, "The recipient name is not recognized"),
    ("lhost-exchange2003-03.eml", 0, "kijitora@example.jp",
     "bounce", None, None, "The recipient name is not recognized"),
    ("lhost-exchange2003-04.eml", 0, "kijitora@example.com",
     "bounce", None, None, "Recipient Not Found"),
    ("lhost-exchange2003-05.eml", 0, "kijitora@example.com",
     "bounce", None, None, "The recipient name is not recognized"),
    ("lhost-exchange2003-07.eml", 0, "kijitora@example.org",
     "bounce", None, None, "The recipient name is not recognized"),
]


@pytest.mark.parametrize(("file", "index", "recipient", "event", "status", "reply_code", "text"), CASES)
def test_corpus_file(file, index, recipient, event, status, reply_code, text):
    record = bouncekit.parse(corpus_bytes(file)).records[index]
    assert record.decoder == "exchange2003"
    assert record.recipient == recipient
    assert str(record.event) == event
    assert record.status == status
    assert record.reply_code == reply_code
    if text is None:
        assert record.diagnostic is None
    else:
        assert text in (record.diagnostic or "")



def test_kerio_connect_layout_gives_the_remote_reply():
    raw = (
        b"Return-Path: <>\nFrom: Mail Delivery Subsystem <MAILER-DAEMON@mail.contoso.com>\n"
        b"Subject: Undeliverable: hi\n\n"
        b"Your message did not reach some or all of the intended recipients.\n\n   Subject: hi\n\n"
        b"The following recipient(s) could not be reached:\n\n   bob@fabrikam.example on 3/19/2026 8:45 AM\n"
        b"      Error Type: SMTP\n      Remote server 192.0.2.5 (mx.fabrikam.example) issued an error.\n"
        b"      Remote server replied: 552 5.2.2 Mailbox full\n"
    )
    [record] = bouncekit.parse(raw).records
    assert record.decoder == "exchange2003"
    assert record.diagnostic == "552 5.2.2 Mailbox full"
    assert record.reason is bouncekit.Reason.MAILBOX_FULL
