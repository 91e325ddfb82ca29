"""The courier decoder (the Courier mail server) on the corpus."""

import pytest

import bouncekit
from tests.conftest import corpus_bytes

# file, record index, recipient, event, status, reply code, substring of the diagnostic (None: no diagnostic)
CASES = [
    ("lhost-courier-01.eml", 0, "kijitora@example.co.jp", "bounce", "5.1.1", "550", "User Unknown"),
    ("lhost-courier-02.eml", 0, "kijitora@example.jp",
     "bounce", "5.0.0", "550", "Unknown user kijitora@example.jp"),
    ("lhost-courier-03.eml", 0, "kijitora@example.jp",
     "bounce", "5.7.1", "550", "can't determine Purported Responsible"),
    ("lhost-courier-04.eml", 0, "kijitora@example.cat", "bounce", "5.0.0", None, "No such domain."),
]


@pytest.mark.parametrize(("file", "index", "recipient", "event", "status", "reply_code", "text"), CASES)
def test_corpus_file(file, index, recipient, event, status, reply_code, text):
    record = bouncekit.parse(corpus_bytes(file)).records[index]
    assert record.decoder == "courier"
    assert record.recipient == recipient
    assert str(record.event) == event
    assert record.status == status
    assert record.reply_code == reply_code
    if text is None:
        assert record.diagnostic is None
    else:
        assert text in (record.diagnostic or "")



def test_own_verdict_without_smtp_dialogue_is_the_diagnostic():
    # Courier writes its own reasons (no such domain) as plain indented text, with no
    # "<<<" line, and its DSN part then has no Diagnostic-Code.
    raw = (
        b"From: \"Courier mail server at mx.example.com\" <@>\nSubject: NOTICE: mail delivery status.\n"
        b"MIME-Version: 1.0\nContent-Type: multipart/report; report-type=delivery-status; boundary=\"b\"\n\n"
        b"--b\nContent-Type: text/plain\n\nThis is a delivery status notification from mx.example.com,\n"
        b"running the Courier mail server, version 1.1.8.\n\n"
        b"-------------------------------------------------------------------------\n\n"
        b"                           UNDELIVERABLE MAIL\n\n"
        b"Your message to the following recipients cannot be delivered:\n\n"
        b"<bea@nx.example>:\n    No such domain.\n\n"
        b"-------------------------------------------------------------------------\n\n"
        b"--b\nContent-Type: message/delivery-status\n\nReporting-MTA: dns; mx.example.com\n\n"
        b"Final-Recipient: rfc822; bea@nx.example\nAction: failed\nStatus: 5.0.0\n\n--b--\n"
    )
    [record] = bouncekit.parse(raw).records
    assert record.decoder == "courier"
    assert record.diagnostic == "No such domain."
    assert record.reason is bouncekit.Reason.DOMAIN_NOT_FOUND
