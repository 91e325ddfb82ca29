"""The challenge decoder (challenge-response verification requests)."""

from pathlib import Path

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


# --- round 23: more C/R systems' wording; the protected address ---------------------------


@pytest.mark.parametrize(("headers", "body", "protected"), [
    # held because the sender is not on the member's approved list; a page to visit
    ("From: ann@isp.example\nSubject: Re: Photos [spamBlocker]\nAuto-Submitted: auto-replied",
     "Your message, \"Photos\", has been held because you are not on the list of people this\n"
     "member has approved to send mail.\n\nTo have your message delivered, please visit the page below.\n"
     "http://blocker.isp.example/request?id=1\n", "ann@isp.example"),
    # a waiting list, and the protected person's name and address signed under the request
    ('From: "Maria Lopez (via SafeSender)" <alerts@safesender.example>\n'
     "Subject: Maria Lopez: approve sender?\nAuto-Submitted: auto-replied",
     "Your message \"Quarterly figures\" was placed on a waiting list.\n\n"
     "To be added to my approved senders, open the link below.\nhttps://safesender.example/a?k=1\n\n"
     "Maria Lopez <maria@lopez-design.example>\n", "maria@lopez-design.example"),
    # a registration form, from the protected mailbox itself with no automatic mark
    ("From: Ken Ito <ken@ito-family.example>\nSubject: Re: Newsletter - sender registration request",
     "Your mail has not been delivered yet. To have it delivered, please fill in the sender form at\n"
     "http://ito-family.example/register?id=8 once.\n", "ken@ito-family.example"),
    # a number in a picture; the protected address with dots in it, and the sentence held
    ("From: Mail Guard <guard@uni-campus.example>\nSubject: Action needed\nPrecedence: bulk",
     "Your e-mail to j.smith@cs.uni-campus.example is being held by Mail Guard.\n"
     "Please type the numbers shown in the image at https://guard.uni-campus.example/c?1 to deliver it.\n",
     "j.smith@cs.uni-campus.example"),
    # French: "authentifiez-vous" (the address in the text)
    ("From: Protection anti-spam <antispam@hebergeur.example>\nSubject: Message en attente\n"
     "Auto-Submitted: auto-replied",
     "Votre message pour contact@boulangerie-martin.example est en attente de validation.\n"
     "Authentifiez-vous une seule fois : https://hebergeur.example/auth/77\n",
     "contact@boulangerie-martin.example"),
    # Brazilian Portuguese: type the numbers in the picture
    ("From: Filtro AntiSpam <filtro@provedor.example>\nSubject: Confirme sua mensagem\n"
     "Auto-Submitted: auto-replied",
     "Você enviou uma mensagem para ana.souza@provedor.example.\n\n"
     "Para que a mensagem seja entregue, digite os números que aparecem na imagem:\n"
     "https://filtro.provedor.example/l?c=9\n", "ana.souza@provedor.example"),
    # a mailbox requiring verification, and a reply releasing the message
    ("From: office@hillside-dental.example\nSubject: Sender check 1741-77\nAuto-Submitted: auto-replied",
     "The mailbox you wrote to requires verification of your address before accepting mail.\n"
     "Reply to this message to release your message.\n", "office@hillside-dental.example"),
])
def test_a_challenge_in_more_systems_words_is_class_100_of_the_protected_address(headers, body, protected):
    raw = (f"{headers}\nTo: sender@shop.example\nMIME-Version: 1.0\n"
           "Content-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: 8bit\n\n" + body).encode()
    [record] = bouncekit.parse(raw).records
    assert (record.decoder, record.recipient) == ("challenge", protected)
    assert record.bounce_class is BounceClass.CHALLENGE_RESPONSE


def test_the_returned_message_s_to_is_the_protected_address():
    # A service writing from its own address, its text naming no one: the message it
    # holds, returned whole, was written to the protected address.
    raw = (
        b"From: Sender Verification <noreply@verify.example>\nTo: sender@shop.example\n"
        b"Subject: Please verify your message\nAuto-Submitted: auto-replied\nMIME-Version: 1.0\n"
        b'Content-Type: multipart/mixed; boundary="b"\n\n'
        b"--b\nContent-Type: text/plain\n\n"
        b"Your message below is held until you verify that you are a human.\n"
        b"Click the link to confirm: https://verify.example/x\n\n"
        b"--b\nContent-Type: message/rfc822\n\n"
        b"From: sender@shop.example\nTo: lena@fjord-bakery.example\nSubject: Offer\n\nHello\n--b--\n"
    )
    [record] = bouncekit.parse(raw).records
    assert (record.decoder, record.recipient) == ("challenge", "lena@fjord-bakery.example")


def test_a_challenge_sent_on_behalf_of_its_user_under_a_reply_subject():
    # "Re:" subject, the service's own From: the text names the protected address.
    raw = (
        b"From: \"Ann Lee\" <blocker-challenge@isp.example>\nTo: list-bounces@lists.example\n"
        b"Subject: Re: [Club] Meeting on Friday (spamBlocker request)\nMIME-Version: 1.0\n"
        b"Content-Type: text/plain\n\nHello,\n\nI'm protecting myself from receiving junk mail."
        b" Just this once,"
        b" click the\nlink below so I can receive your email.\n\nhttp://blocker.isp.example/sb?d=1\n\n"
        b"This is an automated message on behalf of\nann.lee@isp.example. Your message is being held"
        b" and will be delivered when\nyou verify yourself.\n"
    )
    [record] = bouncekit.parse(raw).records
    assert (record.recipient, record.reason) == ("ann.lee@isp.example", Reason.CHALLENGE_RESPONSE)


def test_cpanels_boxtrapper_request_is_a_challenge():
    raw = (
        b"From: office@farm.example\nTo: orders@bakery.example\n"
        b"Subject: Your email requires verification verify#7f3a9c1e20b34d5a\nX-Boxtrapper: 7f3a9c1e20b34d5a\n"
        b"Auto-Submitted: auto-replied\nPrecedence: bulk\n\n"
        b"The email message sent to office@farm.example with the subject \"Flour\" requires\n"
        b"verification. To verify that you sent the message, reply to this email message without\n"
        b"changing the subject line. After you verify, your message will be delivered.\n"
    )
    [record] = bouncekit.parse(raw).records
    assert (record.decoder, record.recipient) == ("challenge", "office@farm.example")
    assert record.bounce_class is BounceClass.CHALLENGE_RESPONSE


def test_a_challenge_in_french_that_holds_the_message():
    # Mailinblack: "Votre message est en attente. Pour qu'il soit délivré, merci de
    # confirmer que vous êtes bien une personne".
    raw = Path(__file__).parent.parent / "fixtures" / "handmade-66" / "emails"
    raw = raw / "sg-mailinblack-fr-notice-43.eml"
    (record,) = bouncekit.parse(raw.read_bytes()).records
    assert (record.recipient, int(record.bounce_class)) == ("n.petit@petit-emballages.example", 100)


def test_a_challenge_names_the_address_its_verp_return_path_gives():
    # The service answers the challenged message's return path, whose VERP names the
    # protected address; the From is the service's own.
    raw = (
        b"From: Lisa Carter <verify@cr-service.example>\n"
        b"To: bounces+3302-lcarter=carter-designs.example@em.brightpath.example\n"
        b"Subject: Re: Spring release [Verify to deliver]\nAuto-Submitted: auto-replied\n\n"
        b"Your message has been held. To have it delivered, please click the link below and type the\n"
        b"word shown in the picture:\n\nhttp://verify.cr-service.example/a/CbV2\n"
    )
    [record] = bouncekit.parse(raw).records
    assert (record.recipient, record.bounce_class) == (
        "lcarter@carter-designs.example", BounceClass.CHALLENGE_RESPONSE)


def test_a_french_challenge_names_the_address_a_destination_de():
    raw = (
        "From: \"Claire Morel (authentification)\" <noreply@protect.example>\n"
        "To: bounce-c05e7d2a91f4@em.travel.example\nSubject: Votre message est en attente de validation\n"
        "Auto-Submitted: auto-replied\nContent-Type: text/plain; charset=utf-8\n\n"
        "Votre message à destination de claire.morel@cabinet.example n'a pas encore été délivré.\n\n"
        "Afin de lutter contre les spams, votre correspondant utilise une solution d'authentification "
        "des expéditeurs. Pour que votre message soit remis, merci de cliquer sur le lien ci-dessous :\n\n"
        "https://auth.protect.example/v/8c1f\n"
    ).encode()
    [record] = bouncekit.parse(raw).records
    assert (record.recipient, record.bounce_class) == (
        "claire.morel@cabinet.example", BounceClass.CHALLENGE_RESPONSE)
