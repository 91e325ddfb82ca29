"""Refusals by the sending side (decoders/fallback/sendingside.py): event ``rejected``."""

import pytest

import bouncekit
from bouncekit.decoders.base import Finding
from bouncekit.decoders.fallback.sendingside import (
    own_organisation,
    refused_by_sender,
    refused_on_the_sending_side,
    says_not_sent,
)
from bouncekit.mime import load
from bouncekit.model import Event


@pytest.mark.parametrize("text", [
    "The message below was identified as spam by the outbound filter and was not sent to any of its "
    "recipients.",
    "Your message was blocked by the data loss prevention (DLP) policy: it may not be sent outside the "
    "organization.",
    "Il messaggio non è stato inviato perché supera la dimensione massima consentita per la posta verso "
    "l'esterno.",
])
def test_statements_that_the_sending_side_did_not_send(text):
    assert says_not_sent(text)


@pytest.mark.parametrize("text", [
    "Your message could not be delivered to the following recipients.",
    "The recipient's server refused the message: 550 5.1.1 user unknown.",
    "Messages from 192.0.2.7 weren't sent. Please contact your administrator.",  # no cause named
])
def test_failures_that_do_not_say_so(text):
    assert not says_not_sent(text)


def test_a_failures_own_reason_can_say_its_server_did_not_send_it():
    refused = Finding("a@example.net", diagnostic="553 5.7.1 <jo@example.org>: Sender address rejected: "
                      "not owned by user jo@example.com")
    receivers = Finding("a@example.net", diagnostic="550 5.1.1 <a@example.net>: Recipient address rejected")
    assert refused_by_sender(refused)
    assert not refused_by_sender(receivers)
    assert not refused_by_sender(Finding("a@example.net"))


_EXIM_WITH_A_NOTE = (
    "From: Mail Delivery System <Mailer-Daemon@mail.example.org>\nTo: sales@example.org\n"
    "Subject: Mail delivery failed: returning message to sender\n\n"
    "This message was created automatically by mail delivery software.\n\n"
    "{note}"
    "A message that you sent could not be delivered to one or more of its\n"
    "recipients. This is a permanent error. The following address(es) failed:\n\n"
    "  rob@example.net\n    host mx.example.net [192.0.2.26]\n"
    "    SMTP error from remote mail server after end of data:\n    550 5.7.1 Message rejected\n"
)


@pytest.mark.parametrize(("note", "event"), [
    ("NOTE FROM YOUR IT DEPARTMENT: our own outgoing filter stopped this message; it was NOT sent.\n\n",
     Event.REJECTED),
    ("", None),
])
def test_another_decoders_notice_is_read_for_the_statement(note, event):
    view = load(_EXIM_WITH_A_NOTE.format(note=note).encode())
    failure = Finding("rob@example.net", diagnostic="550 5.7.1 Message rejected")
    [finding] = refused_on_the_sending_side(view, [failure])
    assert finding.event is event


def test_only_plain_failures_are_made_rejections():
    view = load(_EXIM_WITH_A_NOTE.format(
        note="Our own outgoing filter stopped this message; it was NOT sent.\n\n").encode())
    delayed = Finding("rob@example.net", action="delayed")
    assert refused_on_the_sending_side(view, [delayed]) == [delayed]


@pytest.mark.parametrize(("from_", "to", "own"), [
    ("MAILER-DAEMON@mail.example.org", "office@example.org", "example.org"),
    ("MAILER-DAEMON@mx.example.com", "office@example.org", ""),
])
def test_own_organisation(from_, to, own):
    assert own_organisation(load(f"From: {from_}\nTo: {to}\nSubject: x\n\nx\n".encode())) == own


def _postfix_bounce(sender: str, host: str) -> bytes:
    return (
        f"From: MAILER-DAEMON@mail.{sender} (Mail Delivery System)\nTo: office@{sender}\n"
        "Subject: Undelivered Mail Returned to Sender\n\n"
        f"This is the mail system at host mail.{sender}.\n\n"
        "I'm sorry to have to inform you that your message could not\n"
        "be delivered to one or more recipients.\n\n"
        f"<client@example.net>: host {host} said: 554 5.7.0 Reject,\n"
        "    id=04217-12 - INFECTED: Win.Trojan.Emotet (in reply to end of DATA command)\n"
    ).encode()


@pytest.mark.parametrize(("host", "event"), [
    ("127.0.0.1[127.0.0.1]", "rejected"),  # the sending server's own content filter
    ("relay.example.org[10.0.0.26]", "rejected"),  # its organisation's relay
    ("mx.example.net[192.0.2.7]", "bounce"),  # the recipient's server
])
def test_a_refusal_by_the_senders_own_network_is_a_rejection(host, event):
    [record] = bouncekit.parse(_postfix_bounce("example.org", host)).records
    assert (record.recipient, str(record.event)) == ("client@example.net", event)


def test_a_receiving_gateways_bounce_naming_its_inner_server_stays_a_bounce():
    # The notice comes from the recipient's organisation, to an outside sender.
    raw = _postfix_bounce("example.org", "exchange.example.org[10.0.0.5]").replace(
        b"To: office@example.org", b"To: someone@example.com")
    [record] = bouncekit.parse(raw).records
    assert str(record.event) == "bounce"
