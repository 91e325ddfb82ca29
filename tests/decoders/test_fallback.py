"""The generic fallback decoder: unknown-MTA bounces of the corpus, and the messages it
must leave alone."""

import time
from pathlib import Path

import pytest

import bouncekit
from bouncekit import BounceClass
from tests.conftest import CORPUS, corpus_bytes

# file, record index, recipient, event, status, reply code, substring of the diagnostic
CASES = [
    ("lhost-x1-01.eml", 0, "kijitora@example.co.jp", "bounce", None, None, "User unknown"),
    ("lhost-x1-02.eml", 0, "kijitora@example.org", "bounce", None, None, "User unknown"),
    ("lhost-x2-01.eml", 0, "kijitora@example.co.jp", "bounce", None, None,
     "This user doesn't have a example.co.jp account"),
    ("lhost-x2-02.eml", 0, "kijitora@example.com", "bounce", None, None, "have a example.com account"),
    ("lhost-x2-02.eml", 1, "mikeneko@example.com", "bounce", None, None, "has been disabled or discontinued"),
    ("lhost-x2-02.eml", 2, "sabineko@example.com", "bounce", None, None, "have a example.com account"),
    ("lhost-x2-03.eml", 0, "kijitora@example.org", "bounce", None, None, "in the queue too long"),
    ("lhost-x2-04.eml", 0, "kijitora@example.jp", "bounce", None, None, "This account is over quota"),
    ("lhost-x2-06.eml", 0, "kijitora-nyaan@neko.example.com", "bounce", "4.4.1", None,
     "wasn't able to establish an SMTP connection"),
    ("lhost-x3-01.eml", 0, "kijitora@example.com", "bounce", "5.3.0", "553", "No such user here"),
    ("lhost-x3-03.eml", 0, "kijitora@example.co.jp", "bounce", "5.3.0", "553", "No such user here"),
    ("lhost-x4-01.eml", 0, "kijitora@example.com", "bounce", None, None, "mailfolder is full"),
    # a relay forwarding, as message/rfc822, the sendmail DSN it received
    ("lhost-x5-01.eml", 0, "kijitora@neko.example.org", "bounce", "5.1.1", "550", "User unknown"),
    ("lhost-x6-01.eml", 0, "kijitora@nyaan.example.org", "bounce", "5.4.6", "554", "Hop count exceeded"),
    ("lhost-x6-02.eml", 0, "kijitora@libsisimai.org", "bounce", "5.1.1", "550", "User unknown"),
]


@pytest.mark.parametrize(("file", "index", "recipient", "event", "status", "reply_code", "text"), CASES)
def test_corpus_file(file, index, recipient, event, status, reply_code, text):
    report = bouncekit.parse(corpus_bytes(file))
    record = report.records[index]
    assert record.decoder == "fallback"
    assert record.recipient == recipient
    assert str(record.event) == event
    assert record.status == status
    assert record.reply_code == reply_code
    assert text in (record.diagnostic or "")


def test_record_counts_and_no_sender_address():
    # The bounce's own addresses (its To, the returned message's From) are never failed
    # recipients, even where the text names them ("from shironeko@example.jp").
    assert len(bouncekit.parse(corpus_bytes("lhost-x1-01.eml")).records) == 1
    assert len(bouncekit.parse(corpus_bytes("lhost-x2-02.eml")).records) == 3


@pytest.mark.parametrize("path", sorted((CORPUS / "not-bounces").glob("*")), ids=lambda p: p.name)
def test_not_bounces_give_no_record(path: Path):
    assert bouncekit.parse(path.read_bytes()).records == ()


@pytest.mark.parametrize("path", sorted((CORPUS / "unsplit-bounces").glob("*")), ids=lambda p: p.name)
def test_unsplit_bounces_decode_to_records(path: Path):
    report = bouncekit.parse(path.read_bytes())
    assert report.records
    assert all(r.recipient and "@" in r.recipient for r in report.records)


def _message(headers: str, body: str) -> bytes:
    return (headers.strip() + "\n\n" + body).encode()


def test_bounce_without_any_address_is_class_30():
    raw = _message(
        "From: MAILER-DAEMON@mx.example.net\nTo: sender@example.org\nSubject: failure notice",
        "Your message could not be delivered.\nThe remote server said: 554 Transaction failed\n",
    )
    [record] = bouncekit.parse(raw).records
    assert record.decoder == "fallback"
    assert record.recipient is None
    assert record.bounce_class is BounceClass.NO_RECIPIENT
    assert record.reply_code == "554"


def test_address_inside_the_failure_sentence_with_bracketed_reply():
    raw = _message(
        "From: mailer-daemon\nTo: sender@example.org\nSubject: There was an error sending your mail",
        "SMTP Server <mx.example.com> rejected recipient <gone@example.com> (Error following RCPT "
        "command). It responded as follows: [550 5.1.1 User unknown]\n",
    )
    [record] = bouncekit.parse(raw).records
    assert (record.recipient, record.status, record.reply_code) == ("gone@example.com", "5.1.1", "550")
    assert record.diagnostic == "550 5.1.1 User unknown"
    assert record.bounce_class is BounceClass.INVALID_RECIPIENT


def test_delay_notice_is_a_delayed_event():
    raw = _message(
        "From: Mail Delivery System <MAILER-DAEMON@mx.example.net>\nTo: sender@example.org\n"
        "Subject: Delivery delayed",
        "This is a warning message only. Delivery to the following recipient has been delayed:\n\n"
        "  slow@example.com: 451 4.4.1 Connection timed out\n\n"
        "The message will continue to be retried for 4 more days.\n",
    )
    [record] = bouncekit.parse(raw).records
    assert record.recipient == "slow@example.com"
    assert str(record.event) == "delayed"
    assert record.bounce_class is BounceClass.TRANSIENT


def test_person_writing_about_a_failed_delivery_is_not_a_bounce():
    raw = _message(
        "From: Alice <alice@example.com>\nTo: bob@example.org\nSubject: parcel",
        "Hi Bob, the parcel could not be delivered to carol@example.net, the courier said "
        "the address was rejected. Could you check it?\n",
    )
    assert bouncekit.parse(raw).records == ()


def test_person_forwarding_a_bounce_is_not_a_bounce():
    raw = _message(
        "From: Alice <alice@example.com>\nTo: helpdesk@example.org\n"
        "Subject: Fwd: Undeliverable: Quarterly figures",
        "Can you look at this?\n\n---------- Forwarded message ----------\n"
        "Delivery has failed to these recipients:\n\ncarol@example.net\n"
        "Remote server returned '550 5.1.1 User unknown'\n",
    )
    assert bouncekit.parse(raw).records == ()


def test_rejection_without_a_code_or_a_delivery_statement_is_not_enough():
    # "rejected" is weak wording: it needs an SMTP reply or status code beside it.
    raw = _message(
        "From: postmaster@example.net\nTo: sender@example.org\nSubject: notification",
        "An email you sent was rejected.\n\ntarget address: someone@example.net\n",
    )
    assert bouncekit.parse(raw).records == ()


def test_huge_message_decodes_quickly():
    body = ("x" * 70 + "@" + "a." * 30 + "\n") * 200_000 + "could not be delivered\n"
    raw = _message("From: MAILER-DAEMON@example.net\nTo: s@example.org\nSubject: failure notice", body)
    start = time.perf_counter()
    bouncekit.parse(raw)
    assert time.perf_counter() - start < 2.0  # generous: the machine is shared


PATHOLOGICAL = ["-" * 60_000 + "x", " " * 60_000 + "a@b", "=" * 30_000 + "y" + "=" * 30_000]


@pytest.mark.parametrize("line", PATHOLOGICAL)
def test_pathological_lines_decode_quickly(line):
    raw = _message(
        "From: MAILER-DAEMON@example.net\nTo: s@example.org\nSubject: failure notice",
        "Delivery to the following recipients failed:\n\n" + (line + "\n") * 20 + "one@example.com\n",
    )
    start = time.perf_counter()
    bouncekit.parse(raw)
    assert time.perf_counter() - start < 2.0


def test_success_notice_is_not_a_bounce():
    raw = _message(
        "From: Mail Delivery System <MAILER-DAEMON@mx.example.net>\nTo: sender@example.org\n"
        "Subject: Delivery Status Notification (Success)",
        "This is an automatically generated Delivery Status Notification.\n\n"
        "Delivery to the following recipients succeeded:\n\n   one@example.com\n",
    )
    assert bouncekit.parse(raw).records == ()
