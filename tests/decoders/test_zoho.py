"""The zoho decoder (Zoho Mail) on the corpus."""

import pytest

import bouncekit
from tests.conftest import corpus_bytes

# file, record index, recipient, event, status, reply code, substring of the diagnostic
CASES = [
    ("lhost-zoho-01.eml", 0, "kijitora@example.co.jp", "bounce",
     "5.1.1", "550", "550 5.1.1 <kijitora@example.co.jp>... User Unknown"),
    ("lhost-zoho-02.eml", 0, "mikeneko@example.co.jp", "bounce", "5.2.1", "550", "User Unknown"),
    ("lhost-zoho-02.eml", 1, "sabineko@example.co.jp", "bounce", "5.2.2", "550", "Mailbox Full"),
    ("lhost-zoho-03.eml", 0, "shironeko@example.org", "bounce",
     None, "550", "550 Requested action not taken: mailbox unavailable"),
    ("lhost-zoho-04.eml", 0, "kijitora@6kaku.example.co.jp", "delayed",
     None, "421", "421 Host not reachable."),
    ("lhost-zoho-05.eml", 0, "kijitora@7jo.example.jp", "bounce", None, "421", "421 Host not reachable."),
]


@pytest.mark.parametrize(("file", "index", "recipient", "event", "status", "reply_code", "text"), CASES)
def test_corpus_file(file, index, recipient, event, status, reply_code, text):
    report = bouncekit.parse(corpus_bytes(file))
    record = report.records[index]
    assert record.decoder == "zoho"
    assert record.recipient == recipient
    assert str(record.event) == event
    assert record.status == status
    assert record.reply_code == reply_code
    assert text in (record.diagnostic or "")


def test_a_standard_report_from_zoho_is_read_from_its_delivery_status():
    raw = (
        b"From: mailer-daemon@mail.zoho.com\nTo: me@zoho.example.com\nX-ZohoMail: 1\n"
        b"Subject: Undelivered Mail Returned to Sender\nMIME-Version: 1.0\n"
        b"Content-Type: multipart/report; report-type=delivery-status; boundary=b\n\n"
        b"--b\nContent-Type: text/plain\n\nYour message could not be delivered.\n\n"
        b"--b\nContent-Type: message/delivery-status\n\nReporting-MTA: dns; mx.zoho.com\n\n"
        b"Final-Recipient: rfc822; gone@example.com\nAction: failed\nStatus: 5.1.1\n"
        b"Diagnostic-Code: smtp; 550 5.1.1 No such user\n\n--b--\n"
    )
    record = bouncekit.parse(raw).records[0]
    assert (record.decoder, record.recipient, record.status) == ("zoho", "gone@example.com", "5.1.1")
