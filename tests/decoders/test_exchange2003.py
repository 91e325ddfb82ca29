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


def test_the_report_part_is_read_where_the_text_names_fewer_recipients():
    dsn = "".join(
        f"Final-Recipient: rfc822;{a}\nAction: failed\nStatus: {s}\n\n"
        for a, s in (("fiona@corp.example.com", "5.1.1"), ("ops@partner.example", "5.7.1"),
                     ("pat@corp.example.com", "5.2.3"))
    )
    raw = (
        "From: System Administrator <postmaster@corp.example.com>\nTo: a@example.org\n"
        "Subject: Undeliverable: Figures\nX-MS-Embedded-Report: \nMIME-Version: 1.0\n"
        'Content-Type: multipart/report; report-type=delivery-status; boundary="b"\n\n'
        "--b\nContent-Type: text/plain\n\nYour message\n\n  Subject: Figures\n\n"
        "did not reach the following recipient(s):\n\n"
        "Fiona Grant on 3/4/2004 10:12 AM\n    The e-mail account does not exist.\n"
        "ops@partner.example on 3/4/2004 10:12 AM\n    You do not have permission to send to it.\n"
        "Pat Nguyen on 3/4/2004 10:12 AM\n    The message exceeds the maximum size.\n\n"
        "--b\nContent-Type: message/delivery-status\n\n"
        f"Reporting-MTA: dns;mail.corp.example.com\n\n{dsn}--b--\n"
    ).encode()
    records = bouncekit.parse(raw).records
    assert [(r.recipient, r.status) for r in records] == [
        ("fiona@corp.example.com", "5.1.1"), ("ops@partner.example", "5.7.1"),
        ("pat@corp.example.com", "5.2.3"),
    ]
