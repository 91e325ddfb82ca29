"""The domino decoder (HCL/IBM Domino) on the corpus."""

import pytest

import bouncekit
from bouncekit import BounceClass
from tests.conftest import corpus_bytes

# file, record index, recipient, event, status, reply code, substring of the diagnostic (None: no diagnostic)
CASES = [
    ("lhost-domino-01.eml", 0, "kijitora@example.jp",
     "bounce", None, None, "User some.name (kijitora@example.jp)"),
    ("lhost-domino-02.eml", 0, "kijitora@example.co.jp",
     "bounce", "5.0.0", None, "ユーザー Neko (kijitora@example.co.jp) は"),
]


@pytest.mark.parametrize(("file", "index", "recipient", "event", "status", "reply_code", "text"), CASES)
def test_corpus_file(file, index, recipient, event, status, reply_code, text):
    record = bouncekit.parse(corpus_bytes(file)).records[index]
    assert record.decoder == "domino"
    assert record.recipient == recipient
    assert str(record.event) == event
    assert record.status == status
    assert record.reply_code == reply_code
    if text is None:
        assert record.diagnostic is None
    else:
        assert text in (record.diagnostic or "")



def test_tabular_delivery_failure_report_with_values_on_the_same_line():
    # Domino 8.5 and later: "Delivery Failure Report", each label and its value on one
    # line, then "What should you do?" and "Routing path:".
    raw = (
        b"From: Postmaster <Postmaster@notes.example.com>\nTo: hr@example.org\n"
        b"Subject: DELIVERY FAILURE: User a.schulz (a.schulz@notes.example.com) not listed in\n"
        b" Domino Directory\n"
        b"MIME-Version: 1.0\nContent-Type: text/plain; charset=US-ASCII\n\n"
        b"Delivery Failure Report\n\n"
        b"Your message:\tInterview schedule\n"
        b"was not delivered to:\ta.schulz@notes.example.com\n"
        b"because:\tUser a.schulz (a.schulz@notes.example.com) not listed in Domino Directory\n"
        b"What should you do?\tYou can resend the undeliverable document.\n"
        b"Routing path:\tCN=MAIL01/O=Example\n"
    )
    report = bouncekit.parse(raw)
    assert report.decoder == "domino"
    [record] = report.records
    assert record.recipient == "a.schulz@notes.example.com"
    assert record.diagnostic == "User a.schulz (a.schulz@notes.example.com) not listed in Domino Directory"
    assert record.reason.value == "user_unknown"


def _german(
    blocks: list[tuple[str, str]], dsn_order: list[str], subject: str = "Zustellungsfehler: Angebot"
) -> bytes:
    """A German Domino notice: one "Ihre Nachricht ... wurde nicht zugestellt an: ...
    weil: ..." block per recipient, and a DSN whose blocks list ``dsn_order``."""
    text = "".join(
        f"Ihre Nachricht\n\n  Betreff: Angebot\n\nwurde nicht zugestellt an:\n\n  {address}\n\n"
        f"weil:\n\n  {reason}\n\n"
        for address, reason in blocks
    )
    dsn = "".join(f"Final-Recipient: rfc822;{a}\nAction: failed\nStatus: 5.0.0\n\n" for a in dsn_order)
    return (
        "From: Mail Delivery System <MAILER-DAEMON@notes.example.de>\nTo: p.lang@example.de\n"
        f"Subject: {subject}\nMIME-Version: 1.0\n"
        'Content-Type: multipart/report; report-type=delivery-status; boundary="D"\n\n'
        f"--D\nContent-Type: text/plain; charset=utf-8\n\n{text}--D\n"
        f"Content-Type: message/delivery-status\n\nReporting-MTA: dns; notes.example.de\n\n{dsn}--D--\n"
    ).encode()


def test_german_blocks_in_another_order_than_the_dsn_each_reason_to_its_address():
    raw = _german(
        [("m.roth@example.de", "Die Maildatenbank des Empfängers hat ihre Größenbeschränkung überschritten"),
         ("j.kern@example.de",
          "Benutzer j.kern (j.kern@example.de) ist nicht im Domino-Verzeichnis aufgeführt")],
        ["j.kern@example.de", "m.roth@example.de"],
    )
    report = bouncekit.parse(raw)
    assert report.decoder == "domino"
    assert [r.recipient for r in report.records] == ["j.kern@example.de", "m.roth@example.de"]
    assert [r.bounce_class for r in report.records] == [
        BounceClass.INVALID_RECIPIENT, BounceClass.MAILBOX_FULL]
    assert report.records[1].diagnostic.startswith("Die Maildatenbank")


def test_german_notice_of_three_with_a_relay_subject():
    # The Subject is a relay's own ("Unzustellbar"): the German labels still say Domino.
    raw = _german(
        [("c@example.de", "Kein Pfad zur Domäne example.de gefunden"),
         ("a@example.de", "Die Maildatei des Empfängers ist voll"),
         ("b@example.de", "Benutzer b (b@example.de) ist nicht im Domino-Verzeichnis aufgeführt")],
        ["a@example.de", "b@example.de", "c@example.de"],
        subject="Unzustellbar: Angebot",
    )
    report = bouncekit.parse(raw)
    assert report.decoder == "domino"
    records = {r.recipient: r for r in report.records}
    assert records["a@example.de"].bounce_class is BounceClass.MAILBOX_FULL
    assert records["b@example.de"].bounce_class is BounceClass.INVALID_RECIPIENT
    assert records["c@example.de"].diagnostic == "Kein Pfad zur Domäne example.de gefunden"


def test_german_words_without_the_because_label_are_not_domino():
    # Near miss: a person's message that quotes the phrase, with no "weil:" line.
    raw = (
        b"From: Petra <p.lang@example.de>\nTo: it@example.de\nSubject: Frage\n"
        b"MIME-Version: 1.0\nContent-Type: text/plain; charset=utf-8\n\n"
        b"Hallo, meine Mail wurde nicht zugestellt an: m.roth@example.de - was tun?\n"
    )
    assert bouncekit.parse(raw).decoder != "domino"


def test_further_address_and_because_pairs_under_one_heading_each_keep_their_reason():
    raw = (
        b"From: Mail Router <postmaster@example.org>\nTo: a@example.org\n"
        b"Subject: DELIVERY FAILURE: Error transferring to mail.example.com\n\n"
        b"Your message\n\n  Subject: Maize delivery\n\nwas not delivered to:\n\n  grain@example.com\n\n"
        b"because:\n\n  Error transferring to mail.example.com; SMTP Protocol Returned a Permanent Error "
        b"550 5.1.1 User unknown\n\n  accounts@example.net\n\nbecause:\n\n"
        b"  No route found to domain example.net from server MAIL01/EXAMPLE.\n"
    )
    records = bouncekit.parse(raw).records
    assert [(r.recipient, r.diagnostic[:22]) for r in records] == [
        ("grain@example.com", "Error transferring to "), ("accounts@example.net", "No route found to doma")]
