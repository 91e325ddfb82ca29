"""The generic fallback decoder (decoders/fallback/__init__.py): the unknown-MTA bounces of
the corpus, which messages it reads as notices and which it leaves alone, and the event
of what it reads."""

import time
from pathlib import Path

import pytest

import bouncekit
from bouncekit import BounceClass
from bouncekit.decoders.fallback import Fallback
from bouncekit.mime import load
from bouncekit.model import Event, Reason
from tests.conftest import CORPUS, corpus_bytes
from tests.decoders.fallback.messages import message, plain_bounce, recipients_and_reasons

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
    raw = path.read_bytes()
    report = bouncekit.parse(raw)
    # (A person sending a bounce on, "Fwd: Returned mail" over "Begin forwarded message:",
    # is decoded as the bounce it forwards.)
    assert report.records
    assert all(r.recipient and "@" in r.recipient for r in report.records)


def test_bounce_without_any_address_is_class_30():
    raw = message(
        "From: MAILER-DAEMON@mx.example.net\nTo: sender@example.org\nSubject: failure notice",
        "Your message could not be delivered.\nThe remote server said: 554 Transaction failed\n",
    )
    [record] = bouncekit.parse(raw).records
    assert record.decoder == "fallback"
    assert record.recipient is None
    assert record.bounce_class is BounceClass.NO_RECIPIENT
    assert record.reply_code == "554"


def test_address_inside_the_failure_sentence_with_bracketed_reply():
    raw = message(
        "From: mailer-daemon\nTo: sender@example.org\nSubject: There was an error sending your mail",
        "SMTP Server <mx.example.com> rejected recipient <gone@example.com> (Error following RCPT "
        "command). It responded as follows: [550 5.1.1 User unknown]\n",
    )
    [record] = bouncekit.parse(raw).records
    assert (record.recipient, record.status, record.reply_code) == ("gone@example.com", "5.1.1", "550")
    assert record.diagnostic == "550 5.1.1 User unknown"
    assert record.bounce_class is BounceClass.INVALID_RECIPIENT


def test_delay_notice_is_a_delayed_event():
    raw = message(
        "From: Mail Delivery System <MAILER-DAEMON@mx.example.net>\nTo: sender@example.org\n"
        "Subject: Delivery delayed",
        "This is a warning message only. Delivery to the following recipient has been delayed:\n\n"
        "  slow@example.com: 451 4.4.1 Connection timed out\n\n"
        "The message will continue to be retried for 4 more days.\n",
    )
    [record] = bouncekit.parse(raw).records
    assert record.recipient == "slow@example.com"
    assert str(record.event) == "delayed"
    assert record.bounce_class is BounceClass.TIMEOUT  # the cause: connection timed out


def test_person_writing_about_a_failed_delivery_is_not_a_bounce():
    raw = message(
        "From: Alice <alice@example.com>\nTo: bob@example.org\nSubject: parcel",
        "Hi Bob, the parcel could not be delivered to carol@example.net, the courier said "
        "the address was rejected. Could you check it?\n",
    )
    assert bouncekit.parse(raw).records == ()


def test_person_forwarding_a_bounce_gives_the_bounces_record():
    # No header block below the separator: the forward's subject, without "Fwd:", stands
    # for the notice's.
    raw = message(
        "From: Alice <alice@example.com>\nTo: helpdesk@example.org\n"
        "Subject: Fwd: Undeliverable: Quarterly figures",
        "Can you look at this?\n\n---------- Forwarded message ----------\n"
        "Delivery has failed to these recipients:\n\ncarol@example.net\n"
        "Remote server returned '550 5.1.1 User unknown'\n",
    )
    [record] = bouncekit.parse(raw).records
    assert (record.recipient, record.status) == ("carol@example.net", "5.1.1")


def test_rejection_without_a_code_or_a_delivery_statement_is_not_enough():
    # "rejected" is weak wording: it needs an SMTP reply or status code beside it.
    raw = message(
        "From: postmaster@example.net\nTo: sender@example.org\nSubject: notification",
        "An email you sent was rejected.\n\ntarget address: someone@example.net\n",
    )
    assert bouncekit.parse(raw).records == ()


def test_huge_message_decodes_quickly():
    body = ("x" * 70 + "@" + "a." * 30 + "\n") * 200_000 + "could not be delivered\n"
    raw = message("From: MAILER-DAEMON@example.net\nTo: s@example.org\nSubject: failure notice", body)
    start = time.perf_counter()
    bouncekit.parse(raw)
    assert time.perf_counter() - start < 2.0  # generous: the machine is shared


PATHOLOGICAL = ["-" * 60_000 + "x", " " * 60_000 + "a@b", "=" * 30_000 + "y" + "=" * 30_000]


@pytest.mark.parametrize("line", PATHOLOGICAL)
def test_pathological_lines_decode_quickly(line):
    raw = message(
        "From: MAILER-DAEMON@example.net\nTo: s@example.org\nSubject: failure notice",
        "Delivery to the following recipients failed:\n\n" + (line + "\n") * 20 + "one@example.com\n",
    )
    start = time.perf_counter()
    bouncekit.parse(raw)
    assert time.perf_counter() - start < 2.0


def test_success_notice_is_not_a_bounce():
    raw = message(
        "From: Mail Delivery System <MAILER-DAEMON@mx.example.net>\nTo: sender@example.org\n"
        "Subject: Delivery Status Notification (Success)",
        "This is an automatically generated Delivery Status Notification.\n\n"
        "Delivery to the following recipients succeeded:\n\n   one@example.com\n",
    )
    assert bouncekit.parse(raw).records == ()


def test_iso_2022_jp_bounce():
    raw = (
        b"Return-Path: <>\nFrom: MAILER-DAEMON@mail.contoso.jp\n"
        b"Subject: =?ISO-2022-JP?B?GyRCR1s/LiUoJWkhPBsoQg==?=\n"
        b"MIME-Version: 1.0\nContent-Type: text/plain; charset=ISO-2022-JP\n\n"
        + (
            "以下のアドレスへの配信に失敗しました。\n\n"
            "bob@fabrikam.example: 552 5.2.2 メールボックスがいっぱいです\n"
        ).encode("iso-2022-jp")
    )
    [record] = bouncekit.parse(raw).records
    assert record.recipient == "bob@fabrikam.example"
    assert record.reason is bouncekit.Reason.MAILBOX_FULL


def test_a_quarantine_digest_to_the_recipient_is_not_a_bounce():
    raw = message(
        "From: Spam Quarantine <postmaster@gateway.example.com>\nTo: alice@example.com\n"
        "Auto-Submitted: auto-generated\nSubject: Spam Quarantine Notification: 2 messages held for you\n",
        "The following messages addressed to alice@example.com were held as suspected spam.\n"
        "They were not delivered to your mailbox.\n\n"
        "  promo@deals.example         You won a prize     9.8\n"
        "  info@pharma.example         Cheap meds          12.1\n",
    )
    assert bouncekit.parse(raw).records == ()


@pytest.mark.parametrize(
    "listing",
    [
        # Postfix's mailq / postqueue -p
        "-Queue ID-  --Size-- ----Arrival Time---- -Sender/Recipient-------\n"
        "4TpYzq0Lr1z9sQv    1932 Mon Mar  4 08:55:02  sales@example.com\n"
        "(host mx.example.net[192.0.2.7] said: 450 4.2.0 <ann@example.net>: Recipient address rejected: "
        "Greylisted (in reply to RCPT TO command))\n"
        "                                         ann@example.net\n\n-- 2 Kbytes in 1 Request.\n",
        # Sendmail's mailq
        "                /var/spool/mqueue (1 request)\n"
        "-----Q-ID----- --Size-- -----Q-Time----- ------------Sender/Recipient-----------\n"
        "x24A0Bq0012345     1932 Mon Mar  4 08:55 <sales@example.com>\n"
        "                 (Deferred: Connection timed out with mx.example.net.)\n"
        "                                         <ann@example.net>\n"
        "                Total requests: 1\n",
    ],
)
def test_a_mail_queue_listing_mailed_by_cron_is_not_a_bounce(listing):
    raw = message(
        "From: MAILER-DAEMON@mail.example.com (Mail Queue Report)\nTo: postmaster@example.com\n"
        "Auto-Submitted: auto-generated\nSubject: Mail queue report for mail.example.com: 1 message\n",
        "Queue report for mail.example.com\n\n" + listing,
    )
    assert bouncekit.parse(raw).records == ()


def test_a_weak_rejection_needs_a_code_or_the_recipient_in_its_sentence():
    weak = "Your message was rejected and discarded.\n\nreject reason: Mailbox full\n"
    assert bouncekit.parse(plain_bounce("email notification", weak)).records == ()
    named = "Your message to sam@example.org was rejected: mailbox full.\n"
    found = recipients_and_reasons(plain_bounce("email notification", named))
    assert [r for r, _ in found] == ["sam@example.org"]


@pytest.mark.parametrize(
    ("body", "event"),
    [
        ("THIS IS A WARNING MESSAGE ONLY.\n\nYour message could not yet be delivered to:\n\n"
         "    guest@hotel.example.gr\n\nProblem: connect to host failed: No route to host\n"
         "We will keep retrying for 3 days.\n", "delayed"),
        ("Ihre Nachricht konnte noch nicht zugestellt werden. Wir versuchen es erneut.\n\n"
         "  Empfänger:   vorstand@verein.example.de\n", "delayed"),
        ("Your message could not be delivered; giving up after 5 days.\n\n  guest@hotel.example.gr\n",
         "bounce"),
        # A temporary reply, and the notice says the retries ended: final.
        ("보내신 메일이 다음 수신자에게 전달되지 않았습니다.\n\n수신자  yuna@example.kr\n\n"
         "상세  452 4.2.2 Mailbox full (5일 동안 재시도 후 실패)\n", "bounce"),
        ("Your message could not be delivered.\n\n  guest@hotel.example.gr: 452 4.2.2 Mailbox full, "
         "failed after 5 days of retries\n", "bounce"),
    ],
)
def test_a_notice_that_only_postpones_is_a_delay(body, event):
    [record] = bouncekit.parse(plain_bounce("Delivery notice", body)).records
    assert str(record.event) == event


def test_a_person_replying_about_a_bounce_is_not_one():
    raw = (
        b"From: Rachel <rachel@agency.example.com>\nTo: tom@agency.example.com\n"
        b"Subject: Re: Undelivered Mail Returned to Sender\nIn-Reply-To: <x@agency.example.com>\n\n"
        b"yes, that one bounced for me too.\n\nOn Tue, Tom wrote:\n"
        b"> This is the mail system at host smtp.agency.example.com.\n"
        b"> <sandra@client.example.com>: host mx said: 550 5.1.1 user unknown\n"
    )
    assert bouncekit.parse(raw).records == ()


def test_a_ticket_acknowledgement_is_an_automatic_reply():
    raw = (
        b"From: Support <support@host.example.com>\nAuto-Submitted: auto-replied\n"
        b"Subject: [Ticket #TK-55120] Emails bouncing with 554 5.7.1\n\n"
        b"Thank you for contacting us. We have received your request.\n\n"
        b"> Our mail comes back undeliverable with 554 5.7.1 blocked using a DNSBL.\n"
    )
    [record] = bouncekit.parse(raw).records
    assert (str(record.event), record.recipient, int(record.bounce_class)) == (
        "auto_reply", "support@host.example.com", 60)


def test_the_failed_recipients_header_names_them_where_the_text_does_not():
    view = load(message(
        "From: Mail Delivery System <mailer-daemon@relay.example.org>\nTo: sender@example.org\n"
        "Subject: Mail delivery failed\nX-Failed-Recipients: treasurer@example.com, <chair@example.com>",
        "The club mail relay was unable to pass on your message. The receiving server gave this answer:\n\n"
        "  SMTP error from remote mail server after RCPT TO:\n  550 No Such User Here\n",
    ))
    findings = Fallback().decode(view)
    assert [(f.recipient, f.diagnostic) for f in findings] == [
        ("treasurer@example.com", "550 No Such User Here"), ("chair@example.com", "550 No Such User Here"),
    ]


def test_a_sending_service_that_did_not_send_to_an_inactive_address_refused_it():
    raw = (
        b"From: Postmark <support@postmarkapp.com>\nTo: dev@example.org\n"
        b"Subject: Message not sent: recipient is inactive\n\n"
        b"Hi there,\n\nA message sent through your server \"Production\" was not sent.\n\n"
        b"  To:       kelly@example.net\n  Subject:  Your login code\n"
        b"  Error:    406 - You tried to send to recipient(s) that have been marked as inactive.\n\n"
        b"kelly@example.net was deactivated after a hard bounce (550 5.1.1 mailbox unavailable).\n"
    )
    [record] = bouncekit.parse(raw).records
    assert (record.recipient, str(record.event)) == ("kelly@example.net", "rejected")


def test_a_sending_service_that_did_not_attempt_delivery_to_a_bounced_address_refused_it():
    raw = (
        b"From: Mail Service <postmaster@mg.example.com>\nTo: dev@example.org\n"
        b"Subject: Delivery Status Notification (Failure)\n\n"
        b"Your message was not delivered to the following recipient:\n\n    lee@example.net\n\n"
        b"We did not attempt delivery.\nReason: 605 Not delivering to previously bounced address\n"
    )
    [record] = bouncekit.parse(raw).records
    assert (record.recipient, str(record.event)) == ("lee@example.net", "rejected")


def test_an_application_that_did_not_send_to_an_address_on_its_suppression_list_rejected_it():
    raw = (
        b"From: Service Desk <desk@app.example.com>\nTo: admin@example.com\n"
        b"Subject: We couldn't send a notification (REQ-12)\nAuto-Submitted: auto-generated\n\n"
        b"We couldn't send an email notification about REQ-12 \"New laptop for the\n"
        b"design team\" to the customer lena@example.net.\n\n"
        b"Reason: the address is on our suppression list because earlier emails to it\n"
        b"bounced permanently.\n"
    )
    [record] = bouncekit.parse(raw).records
    assert (record.recipient, str(record.event)) == ("lena@example.net", "rejected")
    assert record.bounce_class is BounceClass.INVALID_RECIPIENT
    assert record.diagnostic.startswith("the address is on our suppression list")


def test_a_bounce_after_which_the_address_was_added_to_a_suppression_list_is_a_bounce():
    raw = (
        b"From: Mail Delivery Subsystem <MAILER-DAEMON@app.example.com>\nTo: admin@example.com\n"
        b"Subject: Delivery failure\n\n"
        b"We couldn't send your message to lena@example.net: 550 5.1.1 user unknown.\n"
        b"The address has been added to the suppression list.\n"
    )
    [record] = bouncekit.parse(raw).records
    assert (record.recipient, str(record.event)) == ("lena@example.net", "bounce")


@pytest.mark.parametrize("statement", [
    "Die Nachricht konnte bisher nicht allen Empfängern zugestellt werden.\n"
    "Der Server versucht weiterhin, sie zuzustellen.",
    "Der Server versucht die Zustellung noch 4 Tage lang.",
    "We could not deliver your message yet. We will continue trying for 3 days.",
    "Delivery will be attempted for another 2 days.",
    "Le serveur continuera d'essayer de remettre votre message.",
    "El servidor seguirá intentando entregar su mensaje.",
    "Il server continuerà a tentare la consegna.",
    "O servidor continuará tentando entregar a mensagem.",
    "De server blijft het proberen.",
])
def test_a_notice_that_the_server_keeps_trying_is_a_delay(statement):
    raw = (
        "From: Mail Delivery System <MAILER-DAEMON@mx.example.org>\nTo: writer@example.org\n"
        "Subject: Delivery status\nContent-Type: text/plain; charset=utf-8\n\n"
        f"{statement}\n\n   ines@example.com\n      Connection timed out\n"
    ).encode()
    [record] = bouncekit.parse(raw).records
    assert (record.recipient, str(record.event)) == ("ines@example.com", "delayed")


@pytest.mark.parametrize(("subject", "body"), [
    ("Warnung: Ihr Postfach ist fast voll",
     "Ihr Postfach ist zu 96 % belegt.\nIst es voll, werden neue Nachrichten abgelehnt und die Absender\n"
     "erhalten eine Meldung, dass ihre Nachricht unzustellbar war.\n"),
    ("Your mailbox is almost full",
     "Your mailbox has reached 92% of its quota.\nOnce it is full, messages sent to you will be "
     "rejected and could not be delivered.\n"),
])
def test_a_warning_that_the_readers_mailbox_is_nearly_full_is_not_a_bounce(subject, body):
    raw = message(
        f"From: Mail Server <postmaster@example.net>\nTo: owner@example.net\nSubject: {subject}", body
    )
    assert bouncekit.parse(raw).records == ()


def test_a_bounce_saying_the_recipients_mailbox_is_full_is_still_a_bounce():
    raw = message(
        "From: Mail Delivery System <MAILER-DAEMON@mx.example.net>\nTo: writer@example.org\n"
        "Subject: Undeliverable: your mailbox is almost full",
        "Your message could not be delivered to <ana@example.com>:\n552 5.2.2 mailbox full\n",
    )
    [record] = bouncekit.parse(raw).records
    assert record.recipient == "ana@example.com"


def test_a_summary_of_messages_on_hold_for_the_reader_is_not_a_bounce():
    raw = message(
        "From: Filter <postmaster@filter.example>\nTo: reader@example.org\nSubject: Messages on hold - 2",
        "The following messages addressed to you are on hold and have not been delivered\n"
        "to your mailbox.\n\n"
        "From                       Subject               Reason\n"
        "promo@deals.example        Big voucher           Spam Signature\n"
        "ceo@lookalike.example      Wire request          Suspected Impersonation\n",
    )
    assert bouncekit.parse(raw).records == ()


_SCANNER = "From: Scanner 2F <scanner@office.example>\nTo: it@office.example\nSubject: Job report"


@pytest.mark.parametrize(("body", "recipient", "status"), [
    ("Auftragsbericht\n\nFunktion:   Senden (E-Mail)\nZiel:       ana@example.de\nErgebnis:   NG\n"
     "Details:    Der Server hat abgelehnt:\n            550 5.1.1 <ana@example.de>: unknown user\n",
     "ana@example.de", "5.1.1"),
    ("Job Name:    Scan 0412\nJob Status:  Failed\nRecipient(s): rui@example.org\n\n"
     "Reason: the server refused the message.\n        552 5.3.4 Message too big\n",
     "rui@example.org", "5.3.4"),
    ("Transmission Result : Error\nDestination : eva@example.com\n"
     "Error Details : 550 5.7.1 Relay access denied\n", "eva@example.com", "5.7.1"),
])
def test_a_job_report_that_a_send_failed_names_its_destination(body, recipient, status):
    raw = message(_SCANNER, body)
    [record] = bouncekit.parse(raw).records
    assert (record.recipient, record.status, record.event) == (recipient, status, Event.BOUNCE)


@pytest.mark.parametrize("body", [
    # a successful job
    "Transmission Result : OK\nDestination : eva@example.com\nPages : 3\n",
    # a failed job that quotes no server reply (a build, a backup)
    "Job Status:  Failed\nRecipient(s): rui@example.org\nReason: disk full on the build agent\n",
    # a receipt that mentions a status code elsewhere
    "Order status: shipped\nContact: shop@example.com\nTracking 5.1.2 of your parcel\n",
])
def test_a_job_report_without_a_failure_and_a_server_code_is_no_bounce(body):
    raw = message(_SCANNER, body)
    assert bouncekit.parse(raw).records == ()


def test_a_send_the_senders_own_server_refused_is_rejected_with_its_further_reason():
    raw = message(
        "From: Web Site <site@shop.example>\nTo: owner@shop.example\nSubject: Email failed",
        "Your site failed to send an email.\n\nTo:      buyer@example.com\n"
        "Error:   SMTP Error: data not accepted.\n"
        "Detail:  5.7.1 Sender address rejected: site@shop.example not owned by user shop@provider.example\n",
    )
    [record] = bouncekit.parse(raw).records
    assert (record.recipient, record.status, record.event) == ("buyer@example.com", "5.7.1", Event.REJECTED)
    assert record.bounce_class is BounceClass.MAIL_BLOCK


_FORUM = "From: Forum <noreply@forum.example>\nTo: w@example.org\nAuto-Submitted: auto-generated\nSubject: "


def test_a_forums_refusal_of_a_reply_names_the_address_it_was_sent_to():
    raw = message(
        _FORUM + "[Forum] Email issue",
        "Sorry, your email message to [reply+4e1a9c@forum.example] (titled Re: Hello) didn't work.\n\n"
        "You don't have permissions to post in that category.\n",
    )
    [record] = bouncekit.parse(raw).records
    assert record.recipient == "reply+4e1a9c@forum.example"
    assert record.bounce_class is BounceClass.MAIL_BLOCK


def test_a_forums_notice_that_a_reply_was_posted_is_not_a_bounce():
    raw = message(
        _FORUM + "[Forum] Your reply was posted",
        "Your email message to [reply+4e1a9c@forum.example] (titled Re: Hello) was posted.\n"
        "You are allowed to post in that category.\n",
    )
    assert bouncekit.parse(raw).records == ()


def test_a_message_the_senders_outgoing_filter_kept_is_rejected():
    raw = message(
        "From: Mail Filter <noreply@filter.example>\nTo: shop@example.org\nSubject: Message not sent",
        "Your message was not sent.\n\nThe outgoing filter classified the message below as spam.\n\n"
        "  To:      buyer@example.net\n  Reason:  550 5.7.1 Message rejected as spam\n",
    )
    [record] = bouncekit.parse(raw).records
    assert (record.recipient, record.event) == ("buyer@example.net", Event.REJECTED)


def test_a_recipients_filter_that_blocked_the_message_is_a_bounce():
    raw = message(
        "From: Mail Filter <postmaster@filter.example>\nTo: shop@example.org\nSubject: Undeliverable",
        "Your message could not be delivered.\n\nThe recipient's filter classified the message as spam.\n\n"
        "  To:      buyer@example.net\n  Reason:  550 5.7.1 Message rejected as spam\n",
    )
    [record] = bouncekit.parse(raw).records
    assert (record.recipient, record.event) == ("buyer@example.net", Event.BOUNCE)


# --- round 14: applications' own notices about mail they sent for the reader --------------


def _app_notice(sender: str, subject: str, body: str, *, headers: str = "") -> bytes:
    return message(
        f"From: {sender}\nTo: agent@example.com\nSubject: {subject}\n{headers}"
        "Content-Type: text/plain; charset=utf-8",
        body,
    )


def test_a_help_desk_s_notice_that_a_reply_to_a_customer_failed_is_a_bounce():
    raw = _app_notice(
        "Acme Support <support@acme.helpdesk.example>", "[#4821] Email delivery failed for your reply",
        "Hi Sam,\n\nYour reply on ticket #4821 could not be delivered to the requester.\n\n"
        "Recipient: lena@fabrikam.example\nError:     550 5.1.1 Mailbox does not exist\n\n- Acme Support\n",
    )
    [record] = bouncekit.parse(raw).records
    assert (record.decoder, record.recipient) == ("fallback", "lena@fabrikam.example")
    assert record.event is Event.BOUNCE
    assert (record.bounce_class, record.status) == (BounceClass.INVALID_RECIPIENT, "5.1.1")


def test_a_german_help_desk_s_notice_from_a_no_reply_address_is_a_bounce_without_a_code():
    raw = _app_notice(
        "Helpdesk <noreply@helpdesk.example.de>", "Antwort nicht zugestellt [Ticket#2025]",
        "Hallo,\n\ndie Antwort in Ticket #2025 konnte nicht zugestellt werden.\n\n"
        "Empfänger: jan@tippfehler.example\nFehler:    Domain tippfehler.example nicht gefunden.\n",
    )
    [record] = bouncekit.parse(raw).records
    assert (record.recipient, record.bounce_class) == ("jan@tippfehler.example", BounceClass.DNS_FAILURE)


def test_a_crm_s_table_of_addresses_it_did_not_send_to_because_they_bounced_before_is_rejected():
    raw = _app_notice(
        "CRM <noreply@crm.example>", "Mass email results: Spring offer",
        "Your mass email has been processed.\n\n"
        "The following recipients were not sent the email because their address is\n"
        "marked as bounced.\n\n"
        "  Contact          Email                    Bounce reason\n"
        "  Lind, Eva        eva@fabrikam.example     550 5.1.1 User unknown\n"
        "  Berg, Ola        ola@fabrikam.example     550 5.1.1 No such mailbox\n",
    )
    records = bouncekit.parse(raw).records
    assert [(r.recipient, r.event, r.bounce_class) for r in records] == [
        ("eva@fabrikam.example", Event.REJECTED, BounceClass.INVALID_RECIPIENT),
        ("ola@fabrikam.example", Event.REJECTED, BounceClass.INVALID_RECIPIENT),
    ]


@pytest.mark.parametrize(("sender", "subject", "body", "bounce_class"), [
    ("notifications@erp.example", "Échec d'envoi : Facture F-12",
     "Le message « Facture F-12 » n'a pas été envoyé au destinataire suivant :\n\n"
     "    Paul Roche <paul.roche@fabrikam>\n\n"
     "Raison : adresse e-mail invalide ; le message n'a pas été transmis au serveur sortant.\n",
     BounceClass.INVALID_RECIPIENT),
    ("noreply@mailer.example", "Письмо не отправлено",
     "Письмо «Заказ 12» не было отправлено адресату:\n\n    ivan@fabrikam.example\n\n"
     "Причина: адрес находится в стоп-листе после постоянной ошибки (550 5.1.1).\n",
     BounceClass.INVALID_RECIPIENT),
])
def test_an_application_that_refused_to_send_to_an_address_says_so_in_its_language(
    sender, subject, body, bounce_class
):
    [record] = bouncekit.parse(_app_notice(sender, subject, body)).records
    assert (record.event, record.bounce_class) == (Event.REJECTED, bounce_class)


def test_a_hosting_panel_s_hourly_send_limit_is_a_rejection_of_each_recipient():
    raw = message(
        "Return-Path: <>\nFrom: Hosting <noreply@hosting.example>\nTo: manager@example.ru\n"
        "Subject: Письмо не отправлено: превышен лимит\nContent-Type: text/plain; charset=utf-8",
        "Ваше письмо не было отправлено следующим получателям:\n\n  ivan@fabrikam.example\n"
        "  olga@fabrikam.example\n\nПричина: для ящика manager@example.ru превышен лимит отправки\n"
        "писем (300 писем в час).\n",
    )
    records = bouncekit.parse(raw).records
    assert [(r.recipient, r.event, r.bounce_class) for r in records] == [
        ("ivan@fabrikam.example", Event.REJECTED, BounceClass.SOFT_BOUNCE),
        ("olga@fabrikam.example", Event.REJECTED, BounceClass.SOFT_BOUNCE),
    ]


def test_a_report_on_several_rejects_only_the_one_the_service_did_not_send():
    raw = _app_notice(
        "Mailer <notifications@esp.example>", "Undelivered transactional emails",
        "Some emails sent from your account could not be delivered.\n\n"
        "Hard bounce\n  Recipient:  eva@fabrikam.example\n  Reason:     550 5.1.1 User unknown\n\n"
        "Blocked (not sent)\n  Recipient:  ola@fabrikam.example\n"
        "  Reason:     blocked because a previous email to it hard bounced; we did not attempt delivery.\n",
    )
    records = bouncekit.parse(raw).records
    assert [(r.recipient, r.event, r.bounce_class) for r in records] == [
        ("eva@fabrikam.example", Event.BOUNCE, BounceClass.INVALID_RECIPIENT),
        ("ola@fabrikam.example", Event.REJECTED, BounceClass.INVALID_RECIPIENT),
    ]


@pytest.mark.parametrize(("sender", "subject", "body", "headers"), [
    # a shop's notice about a parcel, with its courier's address
    ("Parcels <noreply@parcels.example>", "Your parcel",
     "We were unable to deliver your parcel today.\n\nContact our courier:\n\n"
     "  courier@parcels.example\n", ""),
    # a newsletter about bounces, with a quoted reply and a list of addresses
    ("Academy <noreply@news.example>", "Undelivered mail? Read this",
     "Mail delivery failed? Here is how to read the bounces.\n\n"
     "1. Hard bounce: <someone@fabrikam.example>: 550 5.1.1 User unknown\n",
     "List-Unsubscribe: <mailto:unsubscribe@news.example>\n"),
    # a ticket system acknowledging a request that quotes a bounce
    ("Support <support@help.example>", "[#123] Undeliverable: invoice",
     "We have received your request and a ticket has been created.\n\n"
     "Your message could not be delivered to the following recipient:\n\n  ann@fabrikam.example\n\n"
     "Reason: 550 5.1.1 User unknown\n", ""),
    # a reply about a bounce
    ("Bob <bob@example.net>", "Re: Email delivery failed",
     "Hi, the mail could not be delivered.\n\nRecipient: ann@fabrikam.example\n"
     "Error: 550 5.1.1 User unknown\n", ""),
    # an application's notice that names no recipient's reason
    ("Chat <notifications@chat.example>", "Message not delivered",
     "Your message could not be delivered to the channel.\n\n  team@chat.example\n", ""),
    # a read receipt from a notifications address
    ("Mail <noreply@mail.example>", "Read: Quote",
     "Your message\n\n  To: ann@fabrikam.example\n  Subject: Quote\n\nwas read on Monday.\n", ""),
])
def test_an_application_s_mail_that_is_no_notice_of_a_failed_delivery_gives_no_record(
    sender, subject, body, headers
):
    assert bouncekit.parse(_app_notice(sender, subject, body, headers=headers)).records == ()


def _status_notice(subject: str, body: str) -> bytes:
    return (
        "From: Hosting Operations <noc@provider.example>\nTo: admin@contoso.example\n"
        f"Subject: {subject}\nAuto-Submitted: auto-generated\nContent-Type: text/plain; charset=utf-8\n\n"
        f"{body}"
    ).encode()


@pytest.mark.parametrize(("subject", "body"), [
    ("Incident resolved: inbound mail delays",
     "Between 01:00 and 02:10 UTC inbound mail to contoso.example was delayed while we\n"
     "upgraded a mail server; 12 messages for your mailboxes waited in our queue.\n\n"
     "All delayed messages have since been delivered. No action is required."),
    ("Störung behoben: E-Mail-Empfang",
     "Eingehende E-Mails für contoso.example wurden heute Nacht verzögert; die Nachrichten\n"
     "für Ihre Postfächer wurden in unserer Warteschlange zurückgehalten.\n\n"
     "Alle Nachrichten wurden inzwischen zugestellt. Keine Aktion erforderlich."),
])
def test_a_providers_notice_that_held_incoming_mail_was_delivered_gives_no_record(subject, body):
    assert bouncekit.parse(_status_notice(subject, body)).records == ()


def test_a_delay_notice_that_says_no_action_is_required_is_still_a_delay():
    # The usual delay warning also tells the sender to do nothing: about outgoing mail
    # still queued, not incoming mail since delivered.
    raw = plain_bounce(
        "Delivery delayed: Quote",
        "Your message to bo@fabrikam.example has not yet been delivered. The server will keep\n"
        "trying for 3 more days. No action is required on your part.\n",
    )
    assert [(r.recipient, str(r.event)) for r in bouncekit.parse(raw).records] == [
        ("bo@fabrikam.example", "delayed")]


def test_an_exchange_online_ndr_s_error_details_after_the_original_s_details_are_read():
    # Exchange Online's NDR body as a mail client keeps it when only the rendered text is
    # left (no delivery-status part): "Original Message Details" is the notice's own
    # section about the message, and the reply follows under "Error Details".
    text = (
        "Your message to staff@coop.example couldn't be delivered.\n\nThe group staff only accepts "
        "messages from people in its organization.\n\nMore Info for Email Admins\n\nStatus code: 5.7.133\n\n"
        "Original Message Details\n\nCreated Date: 2/26/2025 2:10:44 PM\n\n"
        "Sender Address: paul@shop.example\n\n"
        "Recipient Address: staff@coop.example\n\nSubject: Spring fair\n\nError Details\n\n"
        "Reported error: 550 5.7.133 RESOLVER.RST.SenderNotAuthenticatedForGroup; authentication required\n\n"
        "DSN generated by: DB9PR02MB7321.eurprd02.prod.outlook.example\n"
    )
    raw = (
        "From: Microsoft Outlook <postmaster@coop.example>\nTo: paul@shop.example\n"
        f"Subject: Undeliverable: Spring fair\nContent-Type: text/plain; charset=utf-8\n\n{text}"
    ).encode()
    [record] = bouncekit.parse(raw).records
    assert (record.recipient, record.status, record.reply_code) == ("staff@coop.example", "5.7.133", "550")


def test_a_quarantine_digest_listing_held_notices_gives_no_record():
    data = (b"From: Filter <quarantine@filter.example>\nTo: bounces@example.org\n"
            b"Subject: Quarantine Digest: 2 new messages\nAuto-Submitted: auto-generated\n\n"
            b"Quarantine Digest for bounces@example.org\n\n"
            b"The following 2 messages have been quarantined since your last digest.\n\n"
            b"From: MAILER-DAEMON@mx.example.net\nSubject: Undelivered Mail Returned to Sender\n"
            b"Category: Spam\n\nFrom: postmaster@example.com\nSubject: Undeliverable: Your statement\n"
            b"Category: Bulk\n")
    assert bouncekit.parse(data).records == ()


# --- sending platforms' reports to their users (round 34) ----------------------------


def test_a_platforms_notice_that_a_subscriber_bounced_names_the_subscriber_and_the_category():
    raw = _app_notice(
        "Kit <notifications@kit.example>", "A subscriber bounced",
        "Hey Ana,\n\nA subscriber's email bounced and we've marked them as bounced:\n\n"
        "Subscriber: sam@fabrikam.example\nBroadcast:  May schedule\nReason:     Hard bounce\n",
    )
    assert [(r.recipient, r.event, r.bounce_class, r.rule) for r in bouncekit.parse(raw).records] == [
        ("sam@fabrikam.example", Event.BOUNCE, BounceClass.INVALID_RECIPIENT, "esp-hard-bounce")]


def test_a_platforms_notice_names_the_recipient_in_its_sentence_with_the_last_reply():
    raw = _app_notice(
        "CRM <no-reply@crm.example>", "Prospect no longer mailable: Julia Albright",
        "The prospect Julia Albright (julia@fabrikam.example) is no longer mailable.\n\n"
        "Reason: the prospect's email soft bounced 5 times.\nLast bounce reason: 452 4.2.2 Mailbox full\n",
    )
    [record] = bouncekit.parse(raw).records
    assert (record.recipient, record.bounce_class) == ("julia@fabrikam.example", BounceClass.MAILBOX_FULL)


def test_a_platforms_digest_gives_each_address_its_own_event():
    # The service did not send to the first two (its suppression lists); the third failed.
    raw = _app_notice(
        "Relay <no-reply@relay.example>", "[Relay] 3 failed deliveries on mg.example.com",
        "Failed deliveries for mg.example.com\n\nb@fabrikam.example\n"
        "  delivery-status: 605 Not delivering to previously bounced address\n\nc@fabrikam.example\n"
        "  delivery-status: 607 Not delivering to a user who marked your messages as spam\n\n"
        "d@fabrikam.example\n"
        "  delivery-status: 550 5.1.1 The email account that you tried to reach does not exist.\n",
    )
    assert [(r.recipient, r.event, r.bounce_class) for r in bouncekit.parse(raw).records] == [
        ("b@fabrikam.example", Event.REJECTED, BounceClass.INVALID_RECIPIENT),
        ("c@fabrikam.example", Event.REJECTED, BounceClass.MAIL_BLOCK),
        ("d@fabrikam.example", Event.BOUNCE, BounceClass.INVALID_RECIPIENT),
    ]


@pytest.mark.parametrize(("sender", "subject", "body"), [
    # a filter's report of held mail, which lists the held mail's senders
    ("Filter <report@filter.example>", "Spam-Report: 2 neue E-Mails",
     "Spam-Report für s.wolff@example.de\n\nSeit dem letzten Report wurden 2 E-Mails als Spam eingestuft und "
     "nicht zugestellt:\n\n  13.03.25 02:14    gewinn@lotto.example     Sie haben gewonnen!\n"),
    # a person's patch about bounce handling
    ("Ivo <ivo@dev.example.org>", "[PATCH] dsn: map 550 5.1.1 to hard bounce",
     "Tests with:\n\n  Final-Recipient: rfc822; nobody@example.com\n  Status: 5.1.1\n"),
    # statistics further down a report
    ("Gateway <notify@gw.example>", "Daily summary report",
     "Daily summary\n\nTop blocked senders\n  1. promo@deals.example   93\n\n" + "Traffic figures.\n" * 40
     + "Bounced notifications sent: 26\n"),
])
def test_a_services_mail_about_bounces_that_reports_no_failed_recipient_gives_no_record(
    sender, subject, body
):
    assert bouncekit.parse(_app_notice(sender, subject, body)).records == ()


def test_a_log_analysers_report_lists_no_failed_mail_of_the_reader():
    raw = message(
        "From: logwatch@mail.example.org\nTo: root@mail.example.org\nSubject: Logwatch for mail.example.org\n"
        "Auto-Submitted: auto-generated",
        " ################### Logwatch 7.8 ####################\n\n"
        " --------------------- Postfix Begin ------------------------\n\n"
        "        6   Bounced (remote) -----------------------------------------\n"
        "        3      550 5.1.1 User unknown\n                  jo@example.net\n",
    )
    assert bouncekit.parse(raw).records == ()


def test_a_digest_grouped_under_categories_gives_each_address_its_own_category():
    raw = _app_notice(
        "Reports <reports@campaigns.example>", "Bounce report for Spring news",
        "Bounce report: Spring news\n\n3 of 2,406 emails bounced.\n\n"
        "Mailbox full (1)\nThe recipient's inbox is full.\n  - ann@fabrikam.example\n\n"
        "Non-existent address (1)\nThe email address does not exist.\n  - bob@fabrikam.example\n\n"
        "Review the full report in your account.\n",
    )
    assert [(r.recipient, r.bounce_class) for r in bouncekit.parse(raw).records] == [
        ("ann@fabrikam.example", BounceClass.MAILBOX_FULL),
        ("bob@fabrikam.example", BounceClass.INVALID_RECIPIENT),
    ]


def test_a_platforms_report_lists_entries_before_any_sentence_that_states_a_failure():
    raw = _app_notice(
        "Reports <notifications@campaigns.example>", "Bounce report for Autumn news",
        "Bounce report for \"Autumn news\"\n\nann@fabrikam.example\n  Bounce type: Hard Bounce\n"
        "  Reason: 550 5.1.1 <ann@fabrikam.example>... User unknown\n\nbob@fabrikam.example\n"
        "  Bounce type: Mail Block\n"
        "  Reason: 550 5.7.1 Connection refused: IP 192.0.2.8 listed at bl.example.net\n",
    )
    assert [(r.recipient, r.bounce_class) for r in bouncekit.parse(raw).records] == [
        ("ann@fabrikam.example", BounceClass.INVALID_RECIPIENT),
        ("bob@fabrikam.example", BounceClass.SPAM_BLOCK),
    ]


def test_contact_as_a_crms_noun_after_an_address_names_no_help_desk():
    raw = _app_notice(
        "CRM <notifications@crm.example>", "\"April newsletter\" was sent (2 contacts not sent)",
        "2 contacts didn't receive it because we didn't send to them:\n\n"
        "  ann@fabrikam.example - Previously bounced: This contact hard bounced on an earlier email.\n"
        "  bob@fabrikam.example - Unsubscribed: This contact opted out of all email.\n",
    )
    assert [r.recipient for r in bouncekit.parse(raw).records] == [
        "ann@fabrikam.example", "bob@fabrikam.example"]


def test_a_crms_count_of_contacts_over_its_list_invites_no_contact():
    # "did not send it to 1 contact:" over the address: a CRM's noun, not "contact us at:".
    raw = _app_notice(
        "CRM <noreply@notifications.crm.example>", "1 recipient didn't receive \"May update\"",
        "Your marketing email \"May update\" was sent to 212 contacts. We\ndid not send it to 1 contact:\n\n"
        "  ann@fabrikam.example - Previously bounced. An earlier email to this\n"
        "  address hard bounced, so we suppressed this send.\n",
    )
    [record] = bouncekit.parse(raw).records
    assert (record.recipient, record.event, record.bounce_class) == (
        "ann@fabrikam.example", Event.REJECTED, BounceClass.INVALID_RECIPIENT)


def test_a_digest_group_whose_address_carries_a_note_on_its_line_is_still_a_group():
    # The last group's entry has its own note ("a@b - the server rejected it ..."): the
    # addresses above still take their own group's category, not the next one's.
    raw = _app_notice(
        "Reports <reports@campaigns.example>", "Bounce report for Summer news",
        "3 of your 410 contacts did not receive this email.\n\n"
        "Non-existent address (1)\n    ann@fabrikam.example\n\n"
        "Vacation / autoreply (1)\n    bob@fabrikam.example\n\n"
        "Blocked (1)\n    cy@fabrikam.example - the recipient's mail server rejected the email\n"
        "    because of its policy\n\nContacts with a non-existent address are removed.\n",
    )
    assert [(r.recipient, r.bounce_class, r.event) for r in bouncekit.parse(raw).records] == [
        ("ann@fabrikam.example", BounceClass.INVALID_RECIPIENT, Event.BOUNCE),
        ("bob@fabrikam.example", BounceClass.AUTO_REPLY, Event.AUTO_REPLY),
        ("cy@fabrikam.example", BounceClass.MAIL_BLOCK, Event.BOUNCE),
    ]


def test_a_platforms_retry_in_its_next_campaigns_is_no_delay_of_this_message():
    raw = _app_notice(
        "Campaigns <campaigns-noreply@campaigns.example>", "Bounce report: Member news",
        "Your campaign \"Member news\" was sent to 1,204 contacts. 2 emails bounced.\n\n"
        "Contact                      Bounce type   Reason\n"
        "ann@fabrikam.example         Hard bounce   Mailbox does not exist\n"
        "bob@fabrikam.example         Soft bounce   Mailbox full\n\n"
        "Soft bounced contacts will be retried in your next campaigns.\n",
    )
    assert [(r.recipient, r.event) for r in bouncekit.parse(raw).records] == [
        ("ann@fabrikam.example", Event.BOUNCE), ("bob@fabrikam.example", Event.BOUNCE)]


def test_a_report_that_marks_a_bounced_contact_as_bounced_still_reports_a_bounce():
    raw = _app_notice(
        "Campaigns <notifications@campaigns.example>", "Campaign \"Spring\" - bounce notification",
        "2 contacts bounced:\n\nann@fabrikam.example\n  Bounce: Hard\n"
        "  Code: 5.1.1 (Mailbox Does Not Exist)\n"
        "  The contact has been marked as bounced and will not receive further campaigns.\n\n"
        "bob@fabrikam.example\n  Bounce: Soft\n  Code: 4.2.2 (Mailbox Full)\n"
        "  After 3 soft bounces the contact is marked as bounced.\n",
    )
    assert [(r.recipient, r.event, r.bounce_class) for r in bouncekit.parse(raw).records] == [
        ("ann@fabrikam.example", Event.BOUNCE, BounceClass.INVALID_RECIPIENT),
        ("bob@fabrikam.example", Event.BOUNCE, BounceClass.MAILBOX_FULL),
    ]


def test_a_french_notice_that_it_will_try_again_is_a_delay():
    raw = _app_notice(
        "Envois <notifications@envois.example>", "Soft bounce : ann@fabrikam.example",
        "Un e-mail envoyé depuis votre compte n'a pas encore pu être distribué.\n\n"
        "Destinataire : ann@fabrikam.example\nRaison :       452 4.2.2 Quota exceeded\n\n"
        "Nous allons réessayer d'envoyer ce message automatiquement.\n",
    )
    [record] = bouncekit.parse(raw).records
    assert (record.recipient, record.event) == ("ann@fabrikam.example", Event.DELAYED)


@pytest.mark.parametrize(("greeting", "question"), [
    ("王小姐您好：", "请问销售部的邮箱是否已经更换？"),
    ("Hi Wang Li,", "Has the sales address changed?"),
])
def test_a_person_who_quotes_a_bounce_to_ask_about_it_writes_no_notice(greeting, question):
    # Written to a colleague of the address that failed (the same domain).
    raw = message(
        "From: Li Mei <limei@kehu.example>\nTo: wangli@trade.example\n"
        "Subject: =?utf-8?B?6YKu5Lu26KKr6YCA5Zue5LqG?=\n"  # 邮件被退回了, "my mail was returned"
        "Content-Type: text/plain; charset=utf-8",
        f"{greeting}\n\n我昨天给贵公司 sales 邮箱发的询价邮件被退回了，系统提示：\n\n"
        "    550 5.1.1 <sales@trade.example>: Recipient address rejected: User unknown\n\n"
        f"{question}\n\n李梅\n",
    )
    assert bouncekit.parse(raw).records == ()


def test_a_groups_join_address_in_its_instructions_is_no_failed_recipient():
    # "send an email to\nlist+subscribe@...": a list's command address, not the refused one.
    raw = message(
        "From: \"Groups\" <noreply@groups.example>\nTo: ann@fabrikam.example\n"
        "Subject: Your message to walks@hikers.groups.example was not delivered\n"
        "Auto-Submitted: auto-replied\nContent-Type: text/plain; charset=utf-8",
        "Your message to walks@hikers.groups.example was not delivered because you\n"
        "are not a member of the group, and the group only accepts messages from members.\n\n"
        "To join the group, visit https://groups.example/g/hikers/join or send an email to\n"
        "walks+subscribe@hikers.groups.example.\n",
    )
    [record] = bouncekit.parse(raw).records
    assert (record.recipient, record.bounce_class) == ("walks@hikers.groups.example", BounceClass.MAIL_BLOCK)


def test_a_japanese_gateways_refusal_names_the_recipient_and_the_attachment():
    # "We refused to receive the mail you sent under the receiving side's security policy."
    body = ("お送りいただいたメールは、受信側のセキュリティポリシーにより受信を拒否しました。\n\n"
            "  宛先             : somu@example.jp\n"
            "  理由             : 添付ファイルの拡張子が禁止されています\n")
    [record] = bouncekit.parse(plain_bounce("受信拒否のお知らせ", body)).records
    assert (record.recipient, record.bounce_class) == ("somu@example.jp", BounceClass.PROHIBITED_ATTACHMENT)


@pytest.mark.parametrize(("body", "bounce_class"), [
    ("Your message was NOT sent.\n\nThe message below was marked for encryption, but it could not be "
     "encrypted: the Encryption Service did not respond (key server timeout).\n\n"
     "    To:       counsel@example.org\n    Subject:  Settlement draft\n", BounceClass.GENERIC),
    ("Message not delivered - outbound rate limit reached\n\nYour message could not be delivered to the "
     "following recipients:\n\n    counsel@example.org\n\nYour organization has exceeded the number of "
     "outbound messages allowed in one hour (Rate Control: 2,500 recipients per hour). The message was "
     "not sent to these recipients.\n", BounceClass.SOFT_BOUNCE),
])
def test_the_senders_own_gateway_that_did_not_send_is_a_rejection(body, bounce_class):
    # An outbound gateway encrypts and caps what leaves the sender's organisation: a
    # message it did not send for those reasons never left (event rejected).
    (record,) = bouncekit.parse(plain_bounce("Message not sent", body)).records
    assert (record.recipient, record.event, record.bounce_class) == ("counsel@example.org", Event.REJECTED,
                                                                    bounce_class)


def test_a_gateways_table_names_every_recipient_of_a_folded_to_field():
    # The To field of the blocked message's table goes on over indented lines; the
    # table's statement says the message was not sent at all.
    body = ("Message blocked\n\nA message you sent was stopped by your organisation's data protection "
            "policy and has not been delivered.\n\n"
            "From:    ingrid@example.net\nTo:      ops@example.org\n         santos@example.com\n"
            "Subject: Crew documents\nPolicy:  Content Examination - Passport numbers\n"
            "Action:  Rejected - the message was not sent to any recipient\n")
    raw = message("From: Notifications <notifications@example.net>\nTo: ingrid@example.net\n"
                  "Subject: Message blocked: Crew documents", body)
    records = bouncekit.parse(raw).records
    assert [(r.recipient, r.event) for r in records] == [
        ("ops@example.org", Event.REJECTED), ("santos@example.com", Event.REJECTED)]


@pytest.mark.parametrize("body", [
    # the statement under the heading says the outbound filter did not send it
    ("Your message was not delivered\n\nThe message below was identified as spam by the outbound filter "
     "and was not sent to any of its recipients.\n\nFrom:       molly@example.net\n"
     "Recipients: buyer@example.org\n            seller@example.com\nSubject:    Open house\n"
     "Action:     Not delivered (outbound spam)\n"),
    # the policy that kept it is one for mail that leaves
    ("Message blocked by policy\n\nYour message was blocked because it appears to contain protected health "
     "information and was sent without encryption.\n\nSender     molly@example.net\n"
     "Recipient  buyer@example.org\nRecipient  seller@example.com\nSubject    Transfer list\n"
     "Policy     HIPAA - Outbound PHI (unencrypted)\nAction     Blocked - the message was not delivered\n"),
])
def test_the_senders_own_filter_is_a_rejection_whatever_the_entries_say(body):
    raw = message("From: Email Security <noreply@example.net>\nTo: molly@example.net\n"
                  "Subject: Message not delivered: Open house", body)
    records = bouncekit.parse(raw).records
    assert [(r.recipient, r.event) for r in records] == [
        ("buyer@example.org", Event.REJECTED), ("seller@example.com", Event.REJECTED)]


def test_a_label_that_names_no_cause_gives_way_to_the_notices_words():
    # "Result: Message not delivered" says nothing of why; the statement does.
    body = ("Malware was detected in one or more attachments of your message, and the message was not "
            "delivered to the recipient below.\n\nRecipient:  members@example.org\n"
            "Subject:    Updated W-9 form\nResult:     Message not delivered\n\n"
            "Scan your computer for malware before you send the message again.\n")
    [record] = bouncekit.parse(plain_bounce("Message blocked: Updated W-9 form", body)).records
    assert (record.recipient, record.reason) == ("members@example.org", Reason.VIRUS_DETECTED)


def test_a_reason_introduced_by_a_colon_is_read_with_the_paragraph_under_it():
    body = ("The message that you sent to:\n\n   planning@example.org\n   rates@example.org\n\n"
            "was blocked by the council's email gateway because it triggered the rule:\n\n"
            "   Block - Executable and script attachments\n   (attachment: 'SurveyViewer.exe')\n\n"
            "The message will not be delivered.\n\nMessage reference: B47cc7f2a0000\n")
    raw = message("From: MailMarshal <mailmarshal@example.org>\nTo: alice@example.net\n"
                  "Subject: Message blocked: Rates notice", body)
    records = bouncekit.parse(raw).records
    assert [(r.recipient, r.bounce_class) for r in records] == [
        ("planning@example.org", BounceClass.PROHIBITED_ATTACHMENT),
        ("rates@example.org", BounceClass.PROHIBITED_ATTACHMENT)]


@pytest.mark.parametrize("body", [
    ("Your message was not delivered because it contains a virus.\n\n    Virus:       W32/Sobig.F@mm\n"
     "    Recipient:   ann@example.org\n\nThe message was stopped by the outgoing mail virus scanner of "
     "your Internet service provider and has been deleted.\n"),
    # "A virus was found in the mail you sent, so we stopped sending it; it was not sent."
    ("お客様が送信されたメールからウイルスが検出されたため、送信を中止しました。\n"
     "メールは相手先には送信されていません。\n\n  宛先: ann@example.org\n  件名: 学級通信\n"
     "  ウイルス名: W97M.Downloader\n"),
])
def test_a_virus_stopped_by_the_senders_own_provider_is_a_rejection(body):
    [record] = bouncekit.parse(plain_bounce("Virus found in message", body)).records
    assert (record.recipient, record.event, record.bounce_class) == (
        "ann@example.org", Event.REJECTED, BounceClass.PROHIBITED_ATTACHMENT)


@pytest.mark.parametrize(("body", "bounce_class"), [
    # "Your letter was not sent. To protect against spam we have temporarily limited sending
    # from your mailbox: confirm your phone number ..."
    ("Здравствуйте!\n\nВаше письмо «Отчёт» не отправлено.\n\nДля защиты от спама мы временно "
     "ограничили отправку писем с вашего ящика. Подтвердите номер телефона в настройках почты.\n\n"
     "Получатель: ann@example.org\nОтвет сервера: 550 5.7.1 Message rejected: account must be confirmed\n",
     BounceClass.MAIL_BLOCK),
    # "Your letter was not sent: the provider's protection system found it looks like spam."
    ("Здравствуйте!\n\nВаше письмо «Скидки» не отправлено: система защиты почты посчитала его "
     "похожим на спам.\n\nПолучатель: ann@example.org\n"
     "Ответ сервера: 554 5.7.1 Message rejected under suspicion of SPAM\n",
     BounceClass.SPAM_CONTENT),
])
def test_a_providers_own_refusal_of_its_users_mail_in_russian_is_a_rejection(body, bounce_class):
    [record] = bouncekit.parse(plain_bounce("Письмо не отправлено", body)).records
    assert (record.recipient, record.event, record.bounce_class) == (
        "ann@example.org", Event.REJECTED, bounce_class)


_EXIM_NOTICE = (
    "Return-Path: <>\nFrom: Mail Delivery System <Mailer-Daemon@mail.contoso.example>\n"
    "To: alice@contoso.example\nSubject: Mail delivery failed: returning message to sender\n"
    "X-Failed-Recipients: bob@example.net\n\n"
    "This message was created automatically by mail delivery software.\n\n"
    "A message that you sent could not be delivered to one or more of its\n"
    "recipients. This is a permanent error. The following address(es) failed:\n\n"
    "  bob@example.net\n    host relay.contoso.example [192.0.2.5]\n"
    "    SMTP error from remote mail server after end of data:\n    550 5.7.1 Spam message rejected\n\n"
    "{note}"
)


@pytest.mark.parametrize(("note", "event"), [
    ("Note: this means our own outgoing filter stopped the message; it was NOT sent.\n", Event.REJECTED),
    ("Note: the receiving server refused the message.\n", Event.BOUNCE),
])
def test_another_formats_notice_that_says_its_own_side_did_not_send_is_a_rejection(note, event):
    # An administrator's note in a standard MTA's notice: the format's decoder reads the
    # recipient and the reply, the note says the sender's own side kept the message.
    report = bouncekit.parse(_EXIM_NOTICE.format(note=note).encode())
    [record] = report.records
    assert (report.decoder, record.recipient, record.event) == ("exim", "bob@example.net", event)


def test_a_list_introduced_by_its_cause_and_not_sent_to_the_recipient_is_a_rejection():
    # The cause is in the paragraph that introduces the list, the entry only says that
    # the sender's service did not send to that recipient.
    body = ("Your message could not be sent.\n\nThe secure service delivers email only to addresses on "
            "its secure network. The following recipient is not on a recognised secure domain:\n\n"
            "    listing@court.example.org\n\nYour message has NOT been sent to this recipient. Ask the "
            "recipient whether they have an account.\n")
    [record] = bouncekit.parse(plain_bounce("Message not sent: R v Pike", body)).records
    assert (record.recipient, record.event, record.bounce_class) == (
        "listing@court.example.org", Event.REJECTED, BounceClass.MAIL_BLOCK)


def test_an_x400_reason_and_diagnostic_labelled_in_two_languages_are_read_together():
    body = ("Ihre Nachricht konnte nicht zugestellt werden.\nYour message could not be delivered.\n\n"
            "  Empfänger / Recipient:  w.schreiber@example.de\n"
            "  Grund / Reason:         Übertragung nicht möglich (unable-to-transfer)\n"
            "  Diagnose / Diagnostic:  Maximale Zustellzeit überschritten (maximum-time-expired)\n")
    [record] = bouncekit.parse(plain_bounce("Unzustellbare Nachricht / Non-delivery", body)).records
    assert (record.recipient, record.bounce_class) == ("w.schreiber@example.de", BounceClass.TIMEOUT)


def test_a_statement_repeated_for_each_recipient_gives_each_its_reason():
    body = ("    Your message could not be delivered to\n"
            "    'billing@example.com (host: example.com) (queue: smtp)' for the following\n"
            "    reason:  ' (USER) Unknown user name in \"billing@example.com\"'\n\n"
            "    Your message could not be delivered to\n"
            "    'purchasing@example.net' for the following\n"
            "    reason:  'Unknown host/domain name in \"purchasing@example.net\"'\n\n"
            "    Your message follows:\n\nSubject: remittance\n\nHello\n")
    records = bouncekit.parse(plain_bounce("Failed mail", body)).records
    assert [(r.recipient, r.bounce_class) for r in records] == [
        ("billing@example.com", BounceClass.INVALID_RECIPIENT),
        ("purchasing@example.net", BounceClass.DNS_FAILURE),
    ]
