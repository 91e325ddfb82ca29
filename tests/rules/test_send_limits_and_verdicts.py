"""Round 17's kinds among the classification rules: a host's daily or hourly limit on
what its own user sends, worded as the hosting panels and webmail providers word it
(DirectAdmin's "You (user) have reached your daily email limit of 200 emails"), and a
gateway's rule that names its spam level ("Block Definite Spam").

The sentences are written for these tests, not the rules' samples. A host's limit on
its own user stays event ``bounce`` (the project's convention: ``rejected`` is for a
sending service's own refusal); only its class, 20, is the rules' to decide.
"""

import pytest

import bouncekit
from bouncekit.model import BounceClass as C
from bouncekit.model import Event


@pytest.mark.parametrize("text", [
    "You (webshop) have reached your daily email limit of 500 emails",
    "Sending failed: the account info@example.com has hit the hourly email limit",
    "Your mailbox exceeded its daily send limit; try again tomorrow",
    "Sie haben das tägliche E-Mail-Limit Ihres Kontos erreicht (500 Nachrichten)",
    "Le compte a atteint sa limite journalière d'envoi",
    "Se ha superado el límite diario de envíos de su cuenta",
    "L'account ha raggiunto il limite giornaliero di invio",
    "A conta atingiu o limite diário de envio de mensagens",
    "Het dagelijkse verzendlimiet van uw account is bereikt",
])
def test_a_hosts_daily_or_hourly_send_limit_is_a_soft_bounce(text):
    result = bouncekit.classify(text)
    assert (result.bounce_class, str(result.reason)) == (C.SOFT_BOUNCE, "rate_limited"), text


@pytest.mark.parametrize(("text", "expected"), [
    ("Rule: Spam - Block Definite Spam", C.SPAM_CONTENT),
    ("Verdict: probable spam (score 7.9)", C.SPAM_CONTENT),
    ("Classification: Confirmed spam", C.SPAM_CONTENT),
])
def test_a_gateways_spam_level_is_spam_content(text, expected):
    assert bouncekit.classify(text).bounce_class is expected


@pytest.mark.parametrize(("text", "not_expected"), [
    # the recipient's mailbox or the message is too big, no limit on sending
    ("552 5.2.2 The mailbox has reached its size limit", C.SOFT_BOUNCE),
    ("552 5.3.4 Message exceeds the size limit", C.SOFT_BOUNCE),
    # a sender listed as a confirmed spam source is its reputation, not the content
    ("554 Rejected: 192.0.2.7 is a confirmed spam source", C.SPAM_CONTENT),
])
def test_near_misses_of_the_limits_and_the_spam_levels(text, not_expected):
    assert bouncekit.classify(text).bounce_class is not not_expected


def test_an_exim_bounce_for_the_hosts_daily_limit_is_the_senders_own_refusal_of_class_20():
    # The sender's own host refused to send (hosting-send-limit): event rejected, class 20.
    raw = (
        b"Return-Path: <>\nFrom: Mail Delivery System <Mailer-Daemon@host.example>\n"
        b"To: shop@example.com\nSubject: Mail delivery failed: returning message to sender\n"
        b"X-Failed-Recipients: ana@fabrikam.example\nAuto-Submitted: auto-replied\n\n"
        b"This message was created automatically by mail delivery software.\n\n"
        b"A message that you sent could not be delivered to one or more of its\n"
        b"recipients. This is a permanent error. The following address(es) failed:\n\n"
        b"  ana@fabrikam.example\n    You (webshop) have reached your daily email limit of 500 emails\n"
    )
    [record] = bouncekit.parse(raw).records
    assert (record.recipient, record.bounce_class, record.event, record.rule) == (
        "ana@fabrikam.example", C.SOFT_BOUNCE, Event.REJECTED, "hosting-send-limit")


def test_a_mailbox_unavailable_banner_gives_way_to_the_cause_it_names():
    # WEB.DE's first line is a banner; the next names the cause (SPF), not a missing mailbox.
    text = ("550-Requested action not taken: mailbox unavailable 550-IP address 198.51.100.200 "
            "is not authorized to send for domain example.org")
    assert bouncekit.classify(text).bounce_class is C.MAIL_BLOCK
    assert bouncekit.classify("550 Requested action not taken: mailbox unavailable").bounce_class is (
        C.INVALID_RECIPIENT)
