"""The mailmarshal decoder (MailMarshal SMTP) on the corpus."""

import bouncekit
from tests.conftest import corpus_bytes


def test_corpus_file():
    report = bouncekit.parse(corpus_bytes("lhost-mailmarshal-02.eml"))
    assert len(report.records) == 1
    record = report.records[0]
    assert record.decoder == "mailmarshal"
    assert record.recipient == "kijitora@nyaan.example.com"
    assert str(record.event) == "bounce"
    assert record.status == "5.1.1"
    assert record.reply_code == "550"
    assert record.diagnostic == "550 5.1.1 User unknown"
    assert record.remote_mta == "203.0.113.2"
    assert record.reporting_mta == "rr1.example.com"


def test_every_affected_recipient_gets_the_one_reason():
    raw = (
        b"From: postmaster@example.com\nTo: sender@example.org\n"
        b'Subject: Undeliverable Mail: "Hello"\n\n'
        b"Your message:\n   From:    sender@example.org\n   Subject: Hello\n\n"
        b"Could not be delivered because of\n\n552 5.2.2 Mailbox full\n\n"
        b"The following recipients were affected: \n    one@example.com\n    two@example.com\n\n\n"
        b"Additional Information\n======================\nOriginal Sender:    <sender@example.org>\n"
    )
    records = bouncekit.parse(raw).records
    assert [r.recipient for r in records] == ["one@example.com", "two@example.com"]
    assert {r.status for r in records} == {"5.2.2"}
    assert records[0].decoder == "mailmarshal"
