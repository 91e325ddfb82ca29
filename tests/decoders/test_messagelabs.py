"""The messagelabs decoder (Symantec Email Security.cloud) on the corpus."""

import pytest

import bouncekit
from tests.conftest import corpus_bytes

# file, record index, recipient, event, status, reply code, substring of the diagnostic
CASES = [
    ("rhost-messagelabs-01.eml", 0, "kijitora@example.messagelabs.com", "bounce", "5.0.0", "550",
     "is not permitted to relay through this server without authentication"),
    ("rhost-messagelabs-02.eml", 0, "kijitora@neko.example.org", "bounce", "5.0.0", "550",
     "No such user"),
]


@pytest.mark.parametrize(("file", "index", "recipient", "event", "status", "reply_code", "text"), CASES)
def test_corpus_file(file, index, recipient, event, status, reply_code, text):
    report = bouncekit.parse(corpus_bytes(file))
    assert len(report.records) == 1
    record = report.records[index]
    assert record.decoder == "messagelabs"
    assert record.recipient == recipient
    assert str(record.event) == event
    assert record.status == status
    assert record.reply_code == reply_code
    assert text in (record.diagnostic or "")


def test_reason_text_completes_a_dsn_whose_continuation_lines_are_not_indented():
    # The DSN's Diagnostic-Code has bare "550-" continuation lines; the Reason: text
    # of the notification is the whole multi-line reply, unfolded.
    record = bouncekit.parse(corpus_bytes("rhost-messagelabs-01.eml")).records[0]
    assert record.diagnostic.startswith("550-Please turn on SMTP Authentication")
    assert "550 relay" not in record.diagnostic


def test_text_only_notification_without_dsn_part():
    raw = (
        b"From: Mail Delivery System <MAILER-DAEMON@messagelabs.com>\n"
        b"To: sender@example.org\nSubject: Mail Delivery Failure\n\n"
        b"This is the mail delivery agent at Symantec Email Security.cloud.\n\n"
        b"I was unable to deliver your message to the following addresses:\n\n"
        b"first@example.com\nsecond@example.net\n\n"
        b"Reason: 550 5.1.1 Recipient unknown\n\n"
        b"The message subject was: Hello\n"
    )
    records = bouncekit.parse(raw).records
    assert [r.recipient for r in records] == ["first@example.com", "second@example.net"]
    assert all(r.status == "5.1.1" and r.reply_code == "550" for r in records)
    assert records[0].diagnostic == "550 5.1.1 Recipient unknown"


def test_qmail_style_list_gives_each_address_its_reason_and_nothing_from_the_copy():
    # The older service wrote qmail's layout and quoted the original inline: the
    # addresses of the copy (its From, its Message-ID) are not recipients.
    raw = (
        b"From: MAILER-DAEMON@messagelabs.com\nTo: buyer@example.org\nSubject: failure notice\n\n"
        b"This is the mail delivery agent at messagelabs.com.\n"
        b"I was unable to deliver your message to the following addresses:\n\n"
        b"<gone@example.com>:\n192.0.2.15 does not like recipient.\n"
        b"Remote host said: 550 5.1.1 <gone@example.com>: Recipient address rejected: User unknown\n"
        b"Giving up on 192.0.2.15.\n\n"
        b"<full@example.net>:\n198.51.100.3 does not like recipient.\n"
        b"Remote host said: 552 5.2.2 Mailbox full\nGiving up on 198.51.100.3.\n\n"
        b"--- Below this line is a copy of the message.\n\n"
        b"From: Buyer <buyer@example.org>\nTo: gone@example.com, full@example.net\n"
        b"Message-ID: <20240822120259.31@example.org>\nSubject: PO\n\nHello\n"
    )
    records = bouncekit.parse(raw).records
    assert [r.recipient for r in records] == ["gone@example.com", "full@example.net"]
    assert [(r.status, r.reply_code) for r in records] == [("5.1.1", "550"), ("5.2.2", "552")]
    assert "Giving up" not in records[0].diagnostic


def test_qmail_style_list_reads_addresses_written_without_brackets():
    raw = (
        b"From: MAILER-DAEMON@messagelabs.com\nTo: buyer@example.org\nSubject: failure notice\n\n"
        b"This is the mail delivery agent at messagelabs.com.\n"
        b"I was unable to deliver your message to the following addresses:\n\n"
        b"gone@example.com:\n    192.0.2.15 does not like recipient.\n"
        b"    Remote host said: 550 5.1.1 <gone@example.com>: User unknown\n"
        b"    Giving up on 192.0.2.15.\n\n"
        b"full@example.net:\n    198.51.100.3 does not like recipient.\n"
        b"    Remote host said: 552 5.2.2 <full@example.net>... Mailbox full\n"
        b"    Giving up on 198.51.100.3.\n\n"
        b"--- Below this line is a copy of the message.\n\nSubject: PO\n\nHello\n"
    )
    records = bouncekit.parse(raw).records
    assert [(r.recipient, r.status) for r in records] == [("gone@example.com", "5.1.1"),
                                                          ("full@example.net", "5.2.2")]
