"""The imailserver decoder (IMail Server) on the corpus."""

import pytest

import bouncekit
from tests.conftest import corpus_bytes

# file, record index, recipient, event, status, reply code, substring of the diagnostic (None: no diagnostic)
CASES = [
    ("lhost-imailserver-01.eml", 0, "kijitora@example.com", "bounce", None, None, "Unknown user"),
    ("lhost-imailserver-02.eml", 0, "kijitora@example.co.jp",
     "bounce", None, None, "User mailbox exceeds allowed size"),
    ("lhost-imailserver-03.eml", 0, "kijitora@neko.example.co.jp",
     "bounce", None, None, "Invalid final delivery userid"),
    ("lhost-imailserver-06.eml", 0, "kijitora@example.jp",
     "bounce", None, "550", "REJECTED - Blacklisted URL in message."),
]


@pytest.mark.parametrize(("file", "index", "recipient", "event", "status", "reply_code", "text"), CASES)
def test_corpus_file(file, index, recipient, event, status, reply_code, text):
    record = bouncekit.parse(corpus_bytes(file)).records[index]
    assert record.decoder == "imailserver"
    assert record.recipient == recipient
    assert str(record.event) == event
    assert record.status == status
    assert record.reply_code == reply_code
    if text is None:
        assert record.diagnostic is None
    else:
        assert text in (record.diagnostic or "")



def test_a_reason_about_a_host_concerns_the_original_s_recipients_there():
    data = (b"From: Postmaster@mail.feed.example\nTo: kay@feed.example\nSubject: Undeliverable Mail\n"
            b"X-Mailer: <IMail v8.05>\n\nUnknown host: oldmill.example\n\nOriginal message follows.\n\n"
            b"From: Kay <kay@feed.example>\nTo: orders@oldmill.example, ann@other.example\n"
            b"Subject: reorder\n\nPlease send 40 bags.\n")
    report = bouncekit.parse(data)
    assert report.decoder == "imailserver"
    assert [(r.recipient, r.classification.bounce_class) for r in report.records] == [
        ("orders@oldmill.example", 21)]


def test_the_reply_after_the_smtp_command_that_drew_it_says_why():
    data = (b"From: postmaster@mail.feed.example\nTo: kay@feed.example\nSubject: Undeliverable Mail\n"
            b"X-Mailer: <IMail v6.06>\n\nUnknown user: ann@other.example\n\n"
            b"RCPT TO generated following response:\n550 5.1.1 <ann@other.example>... User unknown\n\n"
            b"Original message follows.\n\n"
            b"From: Kay <kay@feed.example>\nTo: ann@other.example\nSubject: reorder\n\n"
            b"Please send 40 bags.\n")
    [record] = bouncekit.parse(data).records
    assert (record.recipient, record.status, record.reply_code) == ("ann@other.example", "5.1.1", "550")
