"""The outlook decoder (Outlook.com / Hotmail) on the corpus."""

import pytest

import bouncekit
from tests.conftest import corpus_bytes, decoder_fixture

# file, record index, recipient, event, status, reply code, substring of the diagnostic
CASES = [
    ("lhost-outlook-01.eml", 0, "kijitora@example.jp", "bounce", "5.2.2", "550", "Mailbox Full"),
    ("lhost-outlook-02.eml", 0, "kijitora@example.jp", "bounce", "5.1.1", "550", "User Unknown"),
    ("lhost-outlook-03.eml", 0, "kijitora@example.jp", "bounce",
     "5.5.0", "554", "the domain is not reachable"),
    ("lhost-outlook-04.eml", 0, "sabineko@example.co.jp", "bounce", "5.1.1", "550", "User Unknown"),
    ("lhost-outlook-04.eml", 1, "mikeneko@example.co.jp", "bounce", "5.2.2", "550", "Mailbox Full"),
    ("lhost-outlook-06.eml", 0, "kijitora@example.com", "delayed", "4.4.7", None, ""),
    ("lhost-outlook-07.eml", 0, "kijitora@example.com", "bounce",
     "4.4.7", None, "unable to connect successfully"),
    ("lhost-outlook-08.eml", 0, "kijitora@hotmail.example.com", "bounce",
     "5.5.0", "550", "mailbox unavailable"),
    ("lhost-outlook-09.eml", 0, "kijitora@example.org", "bounce", "5.5.0", "550", "mismatches client ip"),
]


@pytest.mark.parametrize(("file", "index", "recipient", "event", "status", "reply_code", "text"), CASES)
def test_corpus_file(file, index, recipient, event, status, reply_code, text):
    report = bouncekit.parse(corpus_bytes(file))
    record = report.records[index]
    assert record.decoder == "outlook"
    assert record.recipient == recipient
    assert str(record.event) == event
    assert record.status == status
    assert record.reply_code == reply_code
    assert text in (record.diagnostic or "")


def test_text_only_notice():
    raw = (
        b"From: postmaster@hotmail.com\nTo: me@hotmail.com\n"
        b"Subject: Delivery Status Notification (Failure)\n\n"
        b"This is an automatically generated Delivery Status Notification.\n\n"
        b"Unable to deliver message to the following recipients, due to being unable to connect "
        b"successfully to the destination mail server.\n\n       far@example.com\n\n\n\n"
    )
    record = bouncekit.parse(raw).records[0]
    assert (record.decoder, record.recipient, record.action) == ("outlook", "far@example.com", "failed")
    assert "unable to connect" in record.diagnostic


def test_msn_names_the_loop_in_the_sentence_before_the_list():
    record = bouncekit.parse(decoder_fixture("outlook", "msn-loop.eml")).records[0]
    assert record.decoder == "outlook"
    assert record.recipient == "m.ortega@msn.com"
    assert record.status == "5.4.6"
    assert "forwarded more than the maximum allowed times" in record.diagnostic
