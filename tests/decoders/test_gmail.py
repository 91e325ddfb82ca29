"""The gmail decoder (Gmail) on the corpus, classic notices and current reports."""

from pathlib import Path

import pytest

import bouncekit
from tests.conftest import corpus_bytes

# file, record index, recipient, event, status, reply code, substring of the diagnostic
CASES = [
    ("lhost-gmail-01.eml", 0, "userunknown@example.jp", "bounce",
     "5.1.1", "550", "550 5.1.1 <userunknown@example.jp>... User Unknown"),
    ("lhost-gmail-04.eml", 0, "kijitora@example.com", "bounce",
     "5.7.1", "554", "554 5.7.1 Service unavailable; Client host"),
    ("lhost-gmail-05.eml", 0, "shironeko@example.jp", "bounce", "5.7.1", "550", "Access denied (state 13)"),
    ("lhost-gmail-07.eml", 0, "kijitora@example.ed.jp", "bounce",
     None, "500", "Remote server does not support TLS"),
    ("lhost-gmail-08.eml", 0, "kijitora@example.com", "delayed",
     None, None, "Message will be retried for 2 more day(s)"),
    ("lhost-gmail-09.eml", 0, "kijitora@9jo.example.jp", "delayed",
     None, None, "did not accept our requests to connect"),
    ("lhost-gmail-10.eml", 0, "kijitora@6jo.example.co.jp", "bounce", None, None, "socket error"),
    ("lhost-gmail-11.eml", 0, "kijitora@example.com", "bounce",
     None, None, "[(0) example.com. [93.184.216.119]:25: socket error]"),
    ("lhost-gmail-15.eml", 0, "mikeneko@libsisimai.org", "bounce",
     None, None, "did not accept our requests to connect"),
    ("lhost-gmail-16.eml", 0, "mailboxfull@bouncehammer.jp", "bounce", "5.2.2", "550", "Mailbox Full"),
    ("lhost-gmail-17.eml", 0, "mikeneko@libsisimai.org", "delayed",
     None, None, "did not accept our requests to connect"),
    ("lhost-gmail-19.eml", 0, "neko-nyaan@google.example.com", "bounce",
     None, None, "Storage quota exceeded"),
    ("rfc3464-53.eml", 0, "sironeko@example.jp", "bounce",
     "4.0.0", None, "Domain name not found: example.jp"),
    ("rfc3464-65.eml", 0, "kijitora@example.it", "bounce",
     "5.0.0", None, "because the address couldn't be found"),
]


@pytest.mark.parametrize(("file", "index", "recipient", "event", "status", "reply_code", "text"), CASES)
def test_corpus_file(file, index, recipient, event, status, reply_code, text):
    report = bouncekit.parse(corpus_bytes(file))
    record = report.records[index]
    assert record.decoder == "gmail"
    assert record.recipient == recipient
    assert str(record.event) == event
    assert record.status == status
    assert record.reply_code == reply_code
    assert text in (record.diagnostic or "")


def test_classic_notice_gives_the_remote_host_and_the_returned_message():
    record = bouncekit.parse(corpus_bytes("lhost-gmail-01.eml")).records[0]
    assert record.remote_mta == "mx.example.jp"
    assert record.original_message_id == "<D992C2C3-F175-4C4D-97E2-53A90E4E5BF5@gmail.com>"


def test_repeated_reply_code_is_removed():
    record = bouncekit.parse(corpus_bytes("lhost-gmail-04.eml")).records[0]
    assert record.diagnostic.startswith("554 5.7.1 Service unavailable")


def test_report_without_diagnostic_code_takes_the_human_text():
    record = bouncekit.parse(corpus_bytes("rfc3464-65.eml")).records[0]
    assert record.diagnostic.startswith("Address not found: Your message wasn't delivered")
    assert int(record.bounce_class) == 10


def test_classic_notice_with_several_recipients():
    raw = (
        b"From: Mail Delivery Subsystem <mailer-daemon@googlemail.com>\nTo: me@gmail.com\n"
        b"Subject: Delivery Status Notification (Failure)\n\n"
        b"Delivery to the following recipients failed permanently:\n\n"
        b"     one@example.com\n     two@example.com\n\n"
        b"Technical details of permanent failure:\n"
        b"Google tried to deliver your message, but it was rejected by the server for the recipient "
        b"domain example.com by mx.example.com. [192.0.2.1].\n\n"
        b"The error that the other server returned was:\n550 5.1.1 No such user\n\n"
        b"----- Original message -----\n\nMessage-ID: <x@gmail.com>\nTo: one@example.com\n\nhi\n"
    )
    records = bouncekit.parse(raw).records
    assert [r.recipient for r in records] == ["one@example.com", "two@example.com"]
    assert {(r.status, r.reply_code, r.remote_mta) for r in records} == {("5.1.1", "550", "mx.example.com")}
    assert records[0].original_message_id == "<x@gmail.com>"


@pytest.mark.parametrize(("name", "event", "bounce_class", "diagnostic"), [
    ("wl-gmail-old-de-18.eml", "bounce", 10,
     "550 Requested action not taken: mailbox unavailable (state 14)."),
    ("wl-gmail-old-ptbr-21.eml", "bounce", 21, "Erro de DNS: nome de domínio não encontrado"),
    ("wl-gmail-old-ja-19.eml", "delayed", 24, None),
])
def test_the_classic_notice_in_the_senders_language_is_read_by_its_layout(
        name, event, bounce_class, diagnostic):
    # Round 64: the addresses indented under a translated heading, the details under a
    # second, the ruler before the returned message translated too.
    raw = Path(__file__).parent.parent / "fixtures" / "handmade-64" / "emails" / name
    (record,) = bouncekit.parse(raw.read_bytes()).records
    assert (record.decoder, str(record.event), int(record.bounce_class)) == ("gmail", event, bounce_class)
    if diagnostic:
        assert record.diagnostic == diagnostic
