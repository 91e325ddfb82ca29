"""The transcript decoder: a mail system's notice that is only an SMTP session's
transcript, from MTAs without a decoder of their own. Hand-written messages."""

import pytest

import bouncekit
from bouncekit import api
from bouncekit.decoders import REGISTRY
from bouncekit.decoders.base import Index
from tests.conftest import corpus_bytes


def _notice(subject: str, body: str, sender: str = "MAILER-DAEMON@mx.example.net") -> bytes:
    return (f"Return-Path: <>\nFrom: {sender}\nTo: postmaster@example.net\nSubject: {subject}\n"
            "MIME-Version: 1.0\nContent-Type: text/plain; charset=us-ascii\n\n" + body).encode()


def _found(raw: bytes) -> list[tuple[str | None, int | None, str | None]]:
    try:
        records = bouncekit.parse(raw).records
    except bouncekit.BounceError:
        return []
    return [(r.recipient, None if r.bounce_class is None else int(r.bounce_class), r.reply_code)
            for r in records]


def test_a_refusal_after_the_end_of_data_refuses_every_accepted_recipient():
    raw = _notice("SMTP server report: errors from client [192.0.2.7]", (
        "Session log follows.\n\n"
        " Out: 220 mx.example.net ESMTP\n In:  EHLO client.example.org\n Out: 250 mx.example.net\n"
        " In:  MAIL FROM:<sales@example.org> SIZE=48123008\n Out: 250 2.1.0 Sender ok\n"
        " In:  RCPT TO:<ana@example.net>\n Out: 250 2.1.5 Recipient ok\n"
        " In:  RCPT TO:<ben@example.net>\n Out: 250 2.1.5 Recipient ok\n"
        " In:  DATA\n Out: 354 Go ahead\n"
        " Out: 552 5.3.4 Message size exceeds fixed limit\n In:  QUIT\n Out: 221 Bye\n"))
    assert _found(raw) == [("ana@example.net", 23, "552"), ("ben@example.net", 23, "552")]


def test_each_recipient_takes_the_reply_that_refused_it():
    raw = _notice("Session transcript", (
        ">>> MAIL FROM:<news@example.org>\n<<< 250 OK\n"
        ">>> RCPT TO:<gone@example.com>\n<<< 550 5.1.1 <gone@example.com>: Recipient address unknown\n"
        ">>> RCPT TO:<kai@example.com>\n<<< 250 OK\n"
        ">>> DATA\n<<< 554 5.7.1 Message rejected as spam by content filter\n"))
    assert _found(raw) == [("gone@example.com", 10, "550"), ("kai@example.com", 52, "554")]


def test_a_multi_line_reply_and_a_new_transaction():
    raw = _notice("Outbound session log", (
        "C: MAIL FROM:<a@example.org>\nS: 250 ok\nC: RCPT TO:<first@example.com>\nS: 250 ok\n"
        "C: RSET\nS: 250 ok\n"
        "C: MAIL FROM:<a@example.org>\nS: 250 ok\nC: RCPT TO:<second@example.com>\nS: 250 ok\n"
        "C: DATA\nS: 354 send\nS: 451-4.3.0 Temporary local problem:\nS: 451 4.3.0 queue file write error\n"))
    records = bouncekit.parse(raw).records
    found = [(r.recipient, r.status, r.reply_code) for r in records]
    assert found == [("second@example.com", "4.3.0", "451")]
    assert "queue file write error" in records[0].diagnostic


def test_postfixs_postmaster_notice_read_without_the_postfix_decoder(monkeypatch):
    monkeypatch.setattr(api, "INDEX", Index([d for d in REGISTRY if d.name != "postfix"]))
    records = bouncekit.parse(corpus_bytes("lhost-postfix-75.eml")).records
    assert [(r.recipient, r.decoder, r.status) for r in records] == [
        ("kijitora@libsisimai.net", "transcript", "4.3.0")
    ]


@pytest.mark.parametrize(("sender", "body"), [
    # Every command of the message succeeded; an unknown command is no refusal.
    ("MAILER-DAEMON@mx.example.net",
     " In:  RCPT TO:<ana@example.net>\n Out: 250 2.1.5 Ok\n In:  DATA\n Out: 354 go\n"
     " Out: 250 2.0.0 Ok: queued\n In:  XYZZY\n Out: 502 5.5.2 Error: command not recognized\n"),
    # A person quoting a session to a colleague.
    ("ops@example.org",
     "Look at this:\n>>> RCPT TO:<ana@example.net>\n<<< 550 5.1.1 User unknown\nCan you check?\n"),
])
def test_no_record_without_a_refusal_in_a_machine_sent_transcript(sender, body):
    raw = _notice("session", body, sender=sender).replace(b"Return-Path: <>\n", b"")
    assert _found(raw) == []
