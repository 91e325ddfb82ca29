"""The qmail decoder (qmail) on the corpus."""

import pytest

import bouncekit
from tests.conftest import corpus_bytes

# file, record index, recipient, event, status, reply code, substring of the diagnostic (None: no diagnostic)
CASES = [
    ("lhost-qmail-01.eml", 0, "kijitora@example.ne.jp",
     "bounce", "5.5.0", "550", "Sorry, no SMTP connection got far"),
    ("lhost-qmail-02.eml", 0, "userunknown@example.jp",
     "bounce", "5.1.1", "550", "192.0.2.153 does not like recipient."),
    ("lhost-qmail-02.eml", 1, "filtered@example.jp",
     "bounce", "5.2.1", "550", "192.0.2.153 does not like recipient."),
    ("lhost-qmail-03.eml", 0, "kijitora@example.org",
     "bounce", "5.7.1", "550", "Connected to 192.0.2.225 but sender was"),
    ("lhost-qmail-04.eml", 0, "kijitora@example.net",
     "bounce", "5.0.0", "501", "Connected to 192.0.2.112 but my name"),
    ("lhost-qmail-05.eml", 0, "kijitora@example.net",
     "bounce", "4.4.3", None, "Unable to contact LDAP server. (#4.4.3)"),
    ("lhost-qmail-06.eml", 0, "kijitora@example.jp",
     "bounce", "4.2.2", "450", "192.0.2.135 does not like recipient."),
    ("lhost-qmail-07.eml", 0, "kijitora@example.jp",
     "bounce", "4.4.1", None, "Sorry, I wasn't able to establish an"),
    ("lhost-qmail-10.eml", 0, "kijitora@neko2.example.co.jp",
     "bounce", None, None, "vdelivermail: account is locked email"),
    ("lhost-qmail-11.eml", 0, "neko@nyaan.jp",
     "bounce", "5.4.4", None, "Sorry, I couldn't find a mail exchanger"),
    ("lhost-qmail-12.eml", 0, "nyaan@example.org",
     "bounce", "5.4.4", None, "Sorry, I couldn't find a mail exchanger"),
    ("lhost-qmail-13.eml", 0, "nekochan@cx.libsisimai.com",
     "bounce", "5.1.2", None, "Sorry, I couldn't find any host named"),
    ("lhost-qmail-14.eml", 0, "pseudo-local-part-of-google-gmail@gmail.com",
     "bounce", "5.7.26", "550", "74.125.204.27 failed after I sent the"),
    ("lhost-qmail-15.eml", 0, "pseudo-local-part-of-microsoft-outlook@outlook.com",
     "bounce", "5.7.509", "550", "52.101.68.24 failed after I sent the"),
    ("lhost-qmail-17.eml", 0, "userunknown@libsisimai.net",
     "bounce", "5.1.1", "550", "192.0.2.25 does not like recipient."),
    ("lhost-qmail-17.eml", 1, "mailboxfull@libsisimai.net",
     "bounce", "5.2.2", "552", "192.0.2.25 does not like recipient."),
    ("lhost-qmail-19.eml", 0, "pseudo-local-part-of-yahoo-inc@yahoo.com",
     "bounce", "4.7.0", "421", "Connected to 98.136.96.74 but sender"),
    ("lhost-qmail-20.eml", 0, "pseudo-local-part-of-each-esp@gmail.com",
     "bounce", "5.7.26", "550", "74.125.203.26 failed after I sent the"),
    ("lhost-qmail-21.eml", 0, "libgsasl7-dev@email.example.jp",
     "bounce", "5.1.1", None, "Sorry, no mailbox here by that name."),
    ("lhost-qmail-23.eml", 0, "userunknown@libsisimai.net",
     "bounce", "5.1.1", "550", "192.0.2.25 does not like recipient."),
    ("lhost-qmail-24.eml", 0, "mailboxfull@libsisimai.net",
     "bounce", "5.2.2", "552", "192.0.2.25 does not like recipient."),
    ("lhost-qmail-25.eml", 0, "mailboxfull@libsisimai.net",
     "bounce", "5.2.2", "552", "192.0.2.25 does not like recipient."),
    ("lhost-qmail-25.eml", 1, "userunknown@libsisimai.net",
     "bounce", "5.1.1", "550", "192.0.2.25 does not like recipient."),
]


@pytest.mark.parametrize(("file", "index", "recipient", "event", "status", "reply_code", "text"), CASES)
def test_corpus_file(file, index, recipient, event, status, reply_code, text):
    record = bouncekit.parse(corpus_bytes(file)).records[index]
    assert record.decoder == "qmail"
    assert record.recipient == recipient
    assert str(record.event) == event
    assert record.status == status
    assert record.reply_code == reply_code
    if text is None:
        assert record.diagnostic is None
    else:
        assert text in (record.diagnostic or "")



def test_bookkeeping_lines_are_not_part_of_the_reason():
    raw = (
        b"From: MAILER-DAEMON@mx.example.org\nTo: sender@example.org\nSubject: failure notice\n\n"
        b"Hi. This is the qmail-send program at mx.example.org.\n"
        b"I'm afraid I wasn't able to deliver your message to the following addresses.\n"
        b"This is a permanent error; I've given up. Sorry it didn't work out.\n\n"
        b"<one@example.com>:\n192.0.2.1 does not like recipient.\n"
        b"Remote host said: 550 5.1.1 <one@example.com>: User unknown\nGiving up on 192.0.2.1.\n\n"
        b"<two@example.net>:\nSorry, I couldn't find any host named example.net. (#5.1.2)\n\n"
        b"--- Below this line is a copy of the message.\n\nReturn-Path: <sender@example.org>\n"
    )
    records = bouncekit.parse(raw).records
    assert [r.recipient for r in records] == ["one@example.com", "two@example.net"]
    assert records[0].diagnostic.endswith("User unknown")
    assert "Giving up" not in records[0].diagnostic
    assert [r.status for r in records] == ["5.1.1", "5.1.2"]


QUEUE_WARNING = b"""\
From: MAILER-DAEMON@mail.example.net
To: jo@example.net
Subject: warning: message not yet delivered (12 hours)

Hi. This is the qmail-send program at mail.example.net.
Your message has been in the queue for more than 12 hours and has not yet
been delivered to the following address. This is only a warning: you do
not need to send the message again. I'll keep trying for up to 7 days.

<ann@example.org>:
192.0.2.88 does not like recipient.
Remote host said: 450 4.2.1 <ann@example.org>: Mailbox temporarily unavailable
Giving up on 192.0.2.88.

--- Below this line are the headers of the message.
"""


def test_a_warning_of_a_qmail_add_on_is_a_delay():
    (record,) = bouncekit.parse(QUEUE_WARNING).records
    assert (record.decoder, record.recipient) == ("qmail", "ann@example.org")
    assert record.event is bouncekit.Event.DELAYED
    assert record.bounce_class is bouncekit.BounceClass.SOFT_BOUNCE  # the cause's class (TAXONOMY)
    # The same layout that says the error is permanent stays a failure.
    final = QUEUE_WARNING.replace(b"This is only a warning", b"This is a permanent error")
    assert bouncekit.parse(final).records[0].event is bouncekit.Event.BOUNCE
