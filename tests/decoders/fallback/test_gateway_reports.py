"""The fallback on fax, text-message and device gateways' reports of a failed send
(round 72's notices) and on lists of '<address> Failed: <reply>' lines."""

from pathlib import Path

import pytest

import bouncekit

ROUND_72 = Path(__file__).parent.parent.parent / "fixtures" / "handmade-72" / "emails"
OWN = "frostgate-coldchain.example"  # the round's sender, whose fax servers are its own

REPORTS = [
    # (file, the gateway address that failed, class, event)
    # "Result: Failed" over "Reason: No Answer"
    ("mg-rcfax-no-answer-03.eml", "19015550176@rcfax.com", 24, "bounce"),
    ("mg-rcfax-sender-not-authorized-04.eml", "19015550176@rcfax.com", 50, "bounce"),  # "Unable to send fax"
    ("mg-efax-html-busy-01.eml", "19015550134@efaxsend.com", 20, "bounce"),
    ("mg-sipgate-german-number-not-assigned-09.eml", "494055500199@fax.sipgate.example", 10, "bounce"),
    ("mg-placetel-german-voice-line-08.eml", "494055500187@fax.placetel.example", 10, "bounce"),
    ("mg-tobit-david-german-busy-08.eml", f"04055500161@fax.david.de.{OWN}", 20, "bounce"),
    ("mg-rightfax-busy-retry-delay-03.eml", f"01632960155@rightfax.uk.{OWN}", 20, "delayed"),
    ("mg-clicksend-html-invalid-number-04.eml", "61491570156@sms.clicksend.example", 10, "bounce"),
    ("mg-bulkalert-dnd-registered-09.eml", "919855501267@mail2sms.bulkalert.example", 50, "rejected"),
]


@pytest.mark.parametrize(("name", "recipient", "bounce_class", "event"), REPORTS)
def test_a_gateways_report_of_a_failed_send(name, recipient, bounce_class, event):
    (record,) = bouncekit.parse((ROUND_72 / name).read_bytes()).records
    assert (record.recipient, int(record.bounce_class), str(record.event)) == (recipient, bounce_class, event)


def test_a_gateways_report_of_several_numbers_gives_each_its_own_reason():
    raw = (ROUND_72 / "mg-munjanara-korean-result-two-failed-10.eml").read_bytes()
    records = bouncekit.parse(raw).records
    assert [(r.recipient, int(r.bounce_class)) for r in records] == [
        ("01055500142@mail2sms.munjanara.example", 10), ("01055500177@mail2sms.munjanara.example", 52)]


def test_each_failed_line_gives_its_own_reply():
    raw = (
        b"Return-Path: <>\nFrom: postmaster@news.example.com\nTo: bounces@news.example.com\n"
        b"Subject: Undeliverable Mail\nContent-Type: text/plain\n\n"
        b"<a@example.org> Failed: 550 5.7.1 Message rejected as spam by Content Filtering.\n"
        b"<b@example.net> Failed: 552 5.2.2 <b@example.net>: Mailbox full\n\nOriginal message follows.\n"
    )
    records = bouncekit.parse(raw).records
    assert [(r.recipient, r.status, int(r.bounce_class)) for r in records] == [
        ("a@example.org", "5.7.1", 52), ("b@example.net", "5.2.2", 22)]
