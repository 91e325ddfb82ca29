"""The opensmtpd decoder (OpenSMTPD) on the corpus."""

import pytest

import bouncekit
from tests.conftest import corpus_bytes

# file, record index, recipient, event, status, reply code, substring of the diagnostic (None: no diagnostic)
CASES = [
    ("lhost-opensmtpd-01.eml", 0, "apdugoaidugoaidugoaeiudggadi@gmail.com",
     "bounce", "5.1.1", "550", "http://support.google.com/mail/bin/answe"),
    ("lhost-opensmtpd-02.eml", 0, "mailboxfull@example.jp",
     "bounce", "5.2.2", "550", "Mailbox Full"),
    ("lhost-opensmtpd-02.eml", 1, "userunknown@example.jp",
     "bounce", "5.1.1", "550", "User Unknown"),
    ("lhost-opensmtpd-03.eml", 0, "kijitora@neko.example.jp",
     "bounce", None, None, "Domain does not exist"),
    ("lhost-opensmtpd-04.eml", 0, "kijitora@neko.example.jp",
     "delayed", None, None, "Network error on destination MXs"),
    ("lhost-opensmtpd-05.eml", 0, "kijitora@mail.example.co.jp",
     "bounce", None, None, "Envelope expired"),
    ("lhost-opensmtpd-06.eml", 0, "nekochan@libsisimai.org",
     "delayed", "4.4.7", None, "Envelope expired"),
    ("lhost-opensmtpd-10.eml", 0, "postmaster@cx.libsisimai.org",
     "bounce", "5.0.0", None, "Domain does not exist"),
    ("lhost-opensmtpd-11.eml", 0, "authfailure@libsisimai.net",
     "bounce", "5.7.26", "550", "Multiple authentication checks failed:"),
    ("lhost-opensmtpd-12.eml", 0, "neko@nyaan.jp",
     "delayed", "4.0.0", None, "No MX found for domain"),
    ("lhost-opensmtpd-15.eml", 0, "neko@nyaan.jp", "delayed", "4.4.7", None, "Envelope expired"),
    ("lhost-opensmtpd-16.eml", 0, "systemfull@libsisimai.net",
     "delayed", "4.4.7", None, "Envelope expired"),
    ("lhost-opensmtpd-17.eml", 0, "userunknown@libsisimai.net",
     "bounce", "5.1.1", "550", "User unknown"),
    ("lhost-opensmtpd-17.eml", 1, "mailboxfull@libsisimai.net",
     "bounce", "5.2.2", "552", "Mailbox full"),
]


@pytest.mark.parametrize(("file", "index", "recipient", "event", "status", "reply_code", "text"), CASES)
def test_corpus_file(file, index, recipient, event, status, reply_code, text):
    record = bouncekit.parse(corpus_bytes(file)).records[index]
    assert record.decoder == "opensmtpd"
    assert record.recipient == recipient
    assert str(record.event) == event
    assert record.status == status
    assert record.reply_code == reply_code
    if text is None:
        assert record.diagnostic is None
    else:
        assert text in (record.diagnostic or "")



def test_delay_notice_is_delayed_and_each_line_is_a_recipient():
    raw = (
        b"From: Mailer Daemon <MAILER-DAEMON@mx.example.org>\nTo: sender@example.org\n"
        b"Subject: Delivery status notification: delayed\n\n"
        b"    Hi!\n\n    This is the MAILER-DAEMON, please DO NOT REPLY to this email.\n\n"
        b"    A message is delayed for more than 4 hours for the following\n    list of recipients:\n\n"
        b"one@example.com: Network error on destination MXs\n"
        b"two@example.net: 421 4.7.0 Try again later\n\n"
        b"    Please note that this is only a temporary failure report.\n"
    )
    records = bouncekit.parse(raw).records
    assert [r.recipient for r in records] == ["one@example.com", "two@example.net"]
    assert {str(r.event) for r in records} == {"delayed"}
    assert records[1].reply_code == "421"


def test_an_older_delay_notice_without_its_article_is_a_delay_too():
    raw = (
        b"From: Mailer Daemon <MAILER-DAEMON@mx.example.org>\nTo: sender@example.org\n"
        b"Subject: Delivery status notification: delay\n\n"
        b"Hi!\n\nThis is the MAILER-DAEMON, please DO NOT REPLY to this email.\n\n"
        b"Message is delayed for more than 4 hours for the following\nlist of recipients:\n\n"
        b"one@example.com: Network error on destination MXs\n\n"
        b"Below is a copy of the original message:\n"
    )
    [record] = bouncekit.parse(raw).records
    assert (record.recipient, str(record.event)) == ("one@example.com", "delayed")
