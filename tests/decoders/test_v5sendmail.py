"""The v5sendmail decoder (Sendmail version 5) on the corpus."""

import pytest

import bouncekit
from tests.conftest import corpus_bytes

# file, record index, recipient, event, status, reply code, substring of the diagnostic (None: no diagnostic)
CASES = [
    ("lhost-v5sendmail-02.eml", 0, "kijitora@neko.example.org",
     "bounce", None, "550", "Host unknown (Authoritative answer from"),
    ("lhost-v5sendmail-03.eml", 0, "kijitora@example.org",
     "bounce", None, "550", "<kijitora@example.org>, User Unknown"),
    ("lhost-v5sendmail-05.eml", 0, "kijitora@example.edu",
     "bounce", None, "550", "Your E-Mail is redundant. You cannot"),
    ("lhost-v5sendmail-05.eml", 1, "kuroneko@example.or.jp",
     "bounce", None, "550", "Host unknown (Authoritative answer from"),
    ("lhost-v5sendmail-05.eml", 2, "kijitora@example.org",
     "bounce", None, "550", "Host unknown (Authoritative answer from"),
    ("lhost-v5sendmail-05.eml", 3, "mikeneko@example.co.jp",
     "bounce", None, "550", "Requested User Mailbox not found. No"),
    ("lhost-v5sendmail-06.eml", 0, "kijitora@example.edu",
     "bounce", None, "550", "Insecure Mail Relay"),
]


@pytest.mark.parametrize(("file", "index", "recipient", "event", "status", "reply_code", "text"), CASES)
def test_corpus_file(file, index, recipient, event, status, reply_code, text):
    record = bouncekit.parse(corpus_bytes(file)).records[index]
    assert record.decoder == "v5sendmail"
    assert record.recipient == recipient
    assert str(record.event) == event
    assert record.status == status
    assert record.reply_code == reply_code
    if text is None:
        assert record.diagnostic is None
    else:
        assert text in (record.diagnostic or "")



def test_each_address_gets_the_reply_of_its_own_session():
    records = bouncekit.parse(corpus_bytes("lhost-v5sendmail-05.eml")).records
    by_address = {r.recipient: r for r in records}
    assert by_address["kijitora@example.edu"].diagnostic.startswith("550 Your E-Mail is redundant")
    assert by_address["kijitora@example.edu"].remote_mta == "example.edu"
    # No "<<<" reply before it: the verdict's own text is the diagnostic.
    assert by_address["kuroneko@example.or.jp"].diagnostic.startswith("550 Host unknown")
    assert by_address["kuroneko@example.or.jp"].remote_mta is None


def test_a_mime_dsn_is_not_v5_sendmail():
    assert bouncekit.parse(corpus_bytes("lhost-sendmail-01.eml")).decoder == "sendmail"


def test_a_warning_reports_a_delay():
    data = (b"From: Mail Delivery Subsystem <MAILER-DAEMON@mailhost.example.org>\n"
            b"Subject: Warning: could not send message for past 4 hours\nTo: ana@example.org\n\n"
            b"    **      THIS IS A WARNING MESSAGE ONLY      **\n\n"
            b"   ----- Transcript of session follows -----\n"
            b"<jo@example.net>... Deferred: Connection refused by mail.example.net.\n"
            b"Warning: message still undelivered after 4 hours\n\n"
            b"   ----- Unsent message follows -----\nFrom: ana@example.org\nTo: jo@example.net\n\nHi\n")
    report = bouncekit.parse(data)
    assert report.decoder == "v5sendmail"
    assert [(r.recipient, str(r.event)) for r in report.records] == [("jo@example.net", "delayed")]
