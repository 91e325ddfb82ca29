"""The barracuda decoder (Barracuda Spam Firewall) on the corpus."""

import bouncekit
from tests.conftest import corpus_bytes


def test_corpus_file():
    report = bouncekit.parse(corpus_bytes("lhost-barracuda-01.eml"))
    assert len(report.records) == 1
    record = report.records[0]
    assert record.decoder == "barracuda"
    assert record.recipient == "kijitora@example.org"
    assert str(record.event) == "bounce"
    assert record.status == "5.7.1"
    assert record.reply_code == "550"
    assert "Message content rejected, UBE" in record.diagnostic
    assert record.reporting_mta == "barracuda.cat.example.jp"


def test_text_only_notification_gives_the_recipient_and_the_verdict():
    raw = (
        b"From: MAILER-DAEMON <>\nTo: sender@example.org\n"
        b"Subject: **Message you sent blocked by our bulk email filter**\n\n"
        b"Your message to: someone@example.com\n"
        b"was blocked by our Spam Firewall. The email you sent with the following "
        b"subject has NOT BEEN DELIVERED:\n\nSubject: Hello\n"
    )
    report = bouncekit.parse(raw)
    assert report.decoder == "barracuda"
    [record] = report.records
    assert record.recipient == "someone@example.com"
    assert record.diagnostic.startswith("was blocked by our Spam Firewall")
