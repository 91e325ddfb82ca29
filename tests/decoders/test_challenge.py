"""The challenge decoder (challenge-response verification requests)."""

import pytest

import bouncekit
from bouncekit import BounceClass, Reason
from tests.conftest import FIXTURES

# file, the protected address that sent the challenge
CASES = [
    # TMDA style: From carries a "-confirm-<cookie>" tag; reply to release the message
    ("challenge-response-01.eml", "bob@example.net"),
    # a hosted C/R service writing from its own address; the text names the protected one
    ("challenge-response-02.eml", "carol@example.com"),
]


@pytest.mark.parametrize(("file", "recipient"), CASES)
def test_fixture(file, recipient):
    report = bouncekit.parse((FIXTURES / file).read_bytes())
    [record] = report.records
    assert record.decoder == "challenge"
    assert record.recipient == recipient
    assert str(record.event) == "auto_reply"
    assert record.bounce_class is BounceClass.CHALLENGE_RESPONSE
    assert record.reason is Reason.CHALLENGE_RESPONSE
    assert record.classification.rule == "decoder:challenge_response"
    assert not report.is_bounce


def test_subscription_confirmation_is_not_a_challenge():
    # Asks to confirm, but holds no message of the sender's: not a C/R challenge.
    raw = (
        b"From: news@list.example\nTo: reader@example.org\nSubject: Please confirm your subscription\n"
        b"Precedence: bulk\n\nClick the link below to confirm your subscription to our newsletter.\n"
    )
    assert all(r.decoder != "challenge" for r in bouncekit.parse(raw).records)


def test_out_of_office_is_an_auto_reply_not_a_challenge():
    raw = (
        b"From: dana@example.com\nTo: sender@example.org\nSubject: Out of office\n"
        b"Auto-Submitted: auto-replied\n\nI am away; your message will be read when I am back.\n"
    )
    [record] = bouncekit.parse(raw).records
    assert record.decoder == "autoreply"


def test_service_address_encoding_the_protected_one_and_on_hold_wording():
    # A C/R service answering from its own domain, "verify+user=domain@service", whose
    # text says the message is "on hold" and "sent a message to" the protected address.
    raw = (
        b"Return-Path: <>\nFrom: \"Dana (verification)\" <verify+dana=example.net@cr.example.org>\n"
        b"To: sender@example.com\nSubject: Please verify your email to Dana\nAuto-Submitted: auto-replied\n\n"
        b"You recently sent a message to dana@example.net. Dana uses a sender verification\n"
        b"service, so your message is on hold.\n\n"
        b"Please verify that you are a real person by clicking the link below.\n"
    )
    [record] = bouncekit.parse(raw).records
    assert record.decoder == "challenge"
    assert record.recipient == "dana@example.net"
    assert record.bounce_class is BounceClass.CHALLENGE_RESPONSE


def test_encoded_from_address_gives_the_protected_recipient_when_the_text_names_none():
    raw = (
        b"From: <verify+dana=example.net@cr.example.org>\nTo: sender@example.com\n"
        b"Subject: Verification required\nPrecedence: junk\n\n"
        b"Your message is held pending verification.\n"
        b"Please verify that you are a human by clicking the link below.\n"
    )
    [record] = bouncekit.parse(raw).records
    assert record.recipient == "dana@example.net"


def test_a_request_to_be_added_to_the_approved_senders_is_a_challenge():
    raw = (
        b"From: grandpa.joe@earthlink.net\nTo: ann@example.org\n"
        b"Subject: Re: Photos (EarthLink spamBlocker)\n\n"
        b"To control spam, I now allow incoming messages only from senders I have approved beforehand.\n\n"
        b"If you would like to be added to my list of approved senders, please fill out the short request "
        b"form. Once I approve you, I will receive your original message in my inbox.\n"
    )
    [record] = bouncekit.parse(raw).records
    assert (record.recipient, int(record.bounce_class)) == ("grandpa.joe@earthlink.net", 100)
