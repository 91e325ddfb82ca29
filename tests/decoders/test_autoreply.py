"""The autoreply decoder (RFC 3834 automatic replies) on the corpus."""

from email.header import Header

import pytest

import bouncekit
from bouncekit import BounceClass
from tests.conftest import corpus_bytes
from tests.decoders.handwritten import plain_mail

# file, recipient (the address that auto-replied), subject
CASES = [
    ("rfc3834-01.eml", "kijitora@example.net", "Away until May 5"),
    ("rfc3834-02.eml", "nekonyaan@example.org", "Automatic reply: Nyaan"),
    ("rfc3834-04.eml", "kijitora@example.org", "Automatic reply: Nyaan"),
]


@pytest.mark.parametrize(("file", "recipient", "subject"), CASES)
def test_corpus_file(file, recipient, subject):
    report = bouncekit.parse(corpus_bytes(file))
    [record] = report.records
    assert record.decoder == "autoreply"
    assert record.recipient == recipient
    assert str(record.event) == "auto_reply"
    assert record.bounce_class is BounceClass.AUTO_REPLY
    assert record.status is None and record.reply_code is None
    assert record.diagnostic == subject
    assert not report.is_bounce


def test_auto_submitted_header_alone_is_enough():
    raw = (
        b"From: Dana <dana@example.com>\nTo: sender@example.org\nSubject: Re: Hello\n"
        b"Auto-Submitted: auto-replied (vacation)\n\nI am on leave until Monday.\n"
    )
    [record] = bouncekit.parse(raw).records
    assert (record.recipient, str(record.event)) == ("dana@example.com", "auto_reply")


@pytest.mark.parametrize("prefix", ["Ateb awtomatig", "Freagra uathoibríoch", "Resposta automàtica"])
def test_outlooks_prefix_in_welsh_irish_and_catalan_makes_an_automatic_reply(prefix):
    headers = f"From: Llinos <llinos@example.gov.uk>\nTo: sender@example.org\nSubject: {prefix}: Geirfa"
    raw = plain_mail(headers, "Diolch am eich e-bost. Rydw i allan o'r swyddfa.\n")
    [record] = bouncekit.parse(raw).records
    assert (record.recipient, str(record.event)) == ("llinos@example.gov.uk", "auto_reply")


def test_mailer_daemon_with_auto_submitted_is_not_an_auto_reply():
    # Bounces carry Auto-Submitted too (RFC 3834 section 5 allows it on DSNs).
    raw = (
        b"From: MAILER-DAEMON@mx.example.net\nTo: sender@example.org\nSubject: Out of office\n"
        b"Auto-Submitted: auto-replied\n\nHello.\n"
    )
    assert all(r.decoder != "autoreply" for r in bouncekit.parse(raw).records)


def _auto_reply(body: str) -> bytes:
    return (
        "From: Tomas Lindqvist <t.l@example.se>\nTo: buyer@example.org\nSubject: Autosvar: Offert 118\n"
        f"Auto-Submitted: auto-replied\n\n{body}\n"
    ).encode()


def test_an_automatic_reply_saying_the_address_is_closed_is_a_bounce_of_it():
    [record] = bouncekit.parse(_auto_reply(
        "Tomas Lindqvist has left the company. This address has been closed;\n"
        "messages are not read or forwarded. Please write to purchasing@example.se.\n"
    )).records
    assert (record.recipient, str(record.event), int(record.bounce_class)) == ("t.l@example.se", "bounce", 10)
    assert record.diagnostic.startswith("Tomas Lindqvist has left the company.")


@pytest.mark.parametrize("body", [
    "This mailbox has been closed. Your message has not been delivered and will not be read or forwarded.",
    "Este buzón ha sido dado de baja. Su mensaje NO ha sido entregado ni será leído.",
])
def test_an_automatic_reply_saying_the_message_was_not_delivered_to_a_closed_mailbox_is_a_bounce(body):
    [record] = bouncekit.parse(_auto_reply(body)).records
    assert (record.recipient, str(record.event)) == ("t.l@example.se", "bounce")
    assert record.bounce_class is not bouncekit.BounceClass.AUTO_REPLY


@pytest.mark.parametrize("body", [
    "I am out of the office until Monday and will answer your message then.",
    "This mailbox is not monitored. For orders, please use the web shop.",
    "Our office has moved to 12 Harbour Street. I am out until Monday and will reply then.",
    # the owner reads mail elsewhere now: the mailbox still answers (the address is not
    # said to be closed)
    "This address is no longer checked and will be closed soon. Please send your message\n"
    "again to my new address: jo.new@example.net",
    "I no longer use this e-mail address; please write to me at jo.new@example.net",
    # the address changes but still takes mail for now
    "Thank you for your email, which has been received.\n\nOur firm is now part of Example Group,\n"
    "and my email address has changed to jo@example-group.example. This address will stop\n"
    "receiving mail on 1 March.",
])
def test_an_ordinary_automatic_reply_stays_one(body):
    [record] = bouncekit.parse(_auto_reply(body)).records
    assert (str(record.event), int(record.bounce_class)) == ("auto_reply", 60)


@pytest.mark.parametrize("subject", [
    "[Request ID :##RE-104432##] : Received: VPN access", "[Case 00123] We received your message",
])
def test_a_ticket_system_s_acknowledgement_is_an_automatic_reply(subject):
    raw = (f"From: IT Service Desk <help@example.edu>\nTo: s.c@example.com\nSubject: {subject}\n"
           "Auto-Submitted: auto-generated\n\nThank you, your request has been logged.\n").encode()
    [record] = bouncekit.parse(raw).records
    assert (record.recipient, str(record.event)) == ("help@example.edu", "auto_reply")


def test_a_ticket_system_passing_on_a_bounce_gives_the_bounce_s_records():
    bounce = (
        "From: MAILER-DAEMON@smtp.example.io (Mail Delivery System)\nTo: support@example.io\n"
        "Subject: Undelivered Mail Returned to Sender\nMIME-Version: 1.0\n"
        'Content-Type: multipart/report; report-type=delivery-status; boundary="r"\n\n'
        "--r\nContent-Type: text/plain\n\nI'm sorry to have to inform you that your message could not\n"
        "be delivered to one or more recipients.\n\n<it@example.org>: host mx.example.org said: 550 5.1.1 "
        "User unknown\n\n--r\nContent-Type: message/delivery-status\n\n"
        "Reporting-MTA: dns; smtp.example.io\n\n"
        "Final-Recipient: rfc822; it@example.org\nAction: failed\nStatus: 5.1.1\n"
        "Diagnostic-Code: smtp; 550 5.1.1 User unknown\n\n--r--\n"
    )
    raw = (
        "From: Helpdesk <helpdesk@example.io>\nTo: agent@example.io\n"
        "Subject: [#48214] New ticket from MAILER-DAEMON@smtp.example.io: Undelivered Mail\n"
        'Auto-Submitted: auto-generated\nMIME-Version: 1.0\nContent-Type: multipart/mixed; boundary="h"\n\n'
        "--h\nContent-Type: text/plain\n\nA new ticket was opened.\n\n"
        f"--h\nContent-Type: message/rfc822\n\n{bounce}"
        "--h--\n"
    ).encode()
    [record] = bouncekit.parse(raw).records
    assert (record.recipient, str(record.event), record.status) == ("it@example.org", "bounce", "5.1.1")


def test_vacation_1_s_default_subject_is_an_automatic_reply():
    raw = (b"From: Margaret Henson <mh@cs.example.edu>\nTo: a@example.org\nSubject: away from my mail\n"
           b"Precedence: junk\n\nI will not be reading my mail for a while.\n")
    [record] = bouncekit.parse(raw).records
    assert (record.recipient, str(record.event)) == ("mh@cs.example.edu", "auto_reply")


def test_a_delay_notice_sent_as_auto_replied_is_left_to_the_generic_decoder():
    raw = (
        b"From: \"Mail Server at mx.example.org\" <mta@mx.example.org>\nTo: writer@example.org\n"
        b"Subject: Warning: Message Delivery Delayed\nAuto-Submitted: auto-replied\n\n"
        b"The attached message has not yet been delivered.\n\n"
        b"This message has been in the queue for 4 hours.  Delivery will continue to\n"
        b"be attempted for another 92 hours.\n\n"
        b"--> RCPT To:<kaur@example.net>\n<-- 452 4.2.2 <kaur@example.net>: Mailbox over quota\n"
    )
    [record] = bouncekit.parse(raw).records
    assert (record.decoder, record.recipient) == ("fallback", "kaur@example.net")
    assert str(record.event) == "delayed"
    assert record.bounce_class is BounceClass.MAILBOX_FULL


def test_an_auto_reply_that_says_its_answer_is_delayed_is_still_one():
    raw = (
        b"From: Dana <dana@example.com>\nTo: sender@example.org\nSubject: Re: Hello\n"
        b"Auto-Submitted: auto-replied\n\nMy answer is delayed: I am travelling this week.\n"
    )
    [record] = bouncekit.parse(raw).records
    assert (record.decoder, str(record.event)) == ("autoreply", "auto_reply")


def test_a_ticket_system_s_notice_of_a_failed_delivery_is_left_to_the_generic_decoder():
    # Sent as auto-generated under a ticket subject, but it lists the recipient it could
    # not reach and the error: a bounce of that recipient, not an auto-reply of the desk.
    raw = (
        "From: Helpdesk Notifier <helpdesk@desk.example.org>\nTo: agent@example.org\n"
        "Subject: [Ticket#4711] Zustellung fehlgeschlagen\nAuto-Submitted: auto-generated\n"
        "Content-Type: text/plain; charset=utf-8\n\n"
        "Die Antwort zu Ticket#4711 konnte nicht zugestellt werden.\n\n"
        "Empfänger: kunde@shop.example\n"
        "Fehler:    550 5.1.1 <kunde@shop.example>: mailbox unavailable\n"
    ).encode()
    [record] = bouncekit.parse(raw).records
    assert (record.decoder, record.recipient) == ("fallback", "kunde@shop.example")
    assert str(record.event) == "bounce"
    assert record.bounce_class is BounceClass.INVALID_RECIPIENT


def test_a_gateway_s_block_notice_sent_as_auto_replied_is_left_to_the_generic_decoder():
    raw = (
        b"From: Mail Filter <filter@gw.example.net>\nTo: writer@example.org\n"
        b"Subject: Message blocked\nAuto-Submitted: auto-replied\n\n"
        b"The message below was blocked by the content filter of example.net.\n\n"
        b"  From:     writer@example.org\n  To:       ops@example.net\n"
        b"  Subject:  Setup files\n  Rule:     Blocked file type (.exe)\n"
    )
    [record] = bouncekit.parse(raw).records
    assert (record.decoder, record.recipient) == ("fallback", "ops@example.net")
    assert record.bounce_class is BounceClass.PROHIBITED_ATTACHMENT


@pytest.mark.parametrize("subject", ["Re: Quarterly figures", "Automatic reply: Quarterly figures"])
def test_an_auto_reply_that_mentions_undelivered_mail_in_passing_is_still_one(subject):
    raw = (
        f"From: Dana Weiss <dana@example.com>\nTo: sender@example.org\nSubject: {subject}\n"
        "Auto-Submitted: auto-replied\n\nThank you for your mail. I am on leave until 3 May.\n\n"
        "If your message was not delivered to the right person, please call our front desk.\n"
    ).encode()
    [record] = bouncekit.parse(raw).records
    assert (record.decoder, record.recipient) == ("autoreply", "dana@example.com")
    assert str(record.event) == "auto_reply"


def test_a_ticket_acknowledgement_that_mentions_a_failure_without_a_recipient_is_still_one():
    raw = (
        b"From: Support <support@example.com>\nTo: sender@example.org\n"
        b"Subject: [Ticket #5521] Your request was received\nAuto-Submitted: auto-generated\n\n"
        b"We received your request. If a reply could not be delivered to you, check your spam folder.\n"
    )
    [record] = bouncekit.parse(raw).records
    assert (record.decoder, str(record.event)) == ("autoreply", "auto_reply")


def test_a_forwarder_s_notice_that_returns_the_message_is_left_to_the_generic_decoder():
    # Naming no recipient in its text, but returning the message it could not forward.
    raw = (
        b"From: Forwarding Service <forward@relay.example.net>\nTo: writer@example.org\n"
        b"Subject: Your message\nAuto-Submitted: auto-replied\nMIME-Version: 1.0\n"
        b'Content-Type: multipart/mixed; boundary="b1"\n\n'
        b"--b1\nContent-Type: text/plain\n\nYour message could not be forwarded and was not delivered.\n\n"
        b"--b1\nContent-Type: message/rfc822\n\n"
        b"From: writer@example.org\nTo: old.friend@example.net\nSubject: Hi\n\nHello\n--b1--\n"
    )
    [record] = bouncekit.parse(raw).records
    assert (record.decoder, record.recipient) == ("fallback", "old.friend@example.net")


# --- round 14: a help desk that takes requests only from its customers ------------------


def _help_desk_reply(body: str) -> bytes:
    return (
        "From: Facilities Desk <desk@service.example>\nTo: p.okafor@example.org\n"
        "Subject: Your request couldn't be created\nAuto-Submitted: auto-replied\n"
        "Content-Type: text/plain; charset=utf-8\n\n" + body
    ).encode()


def test_a_help_desk_that_refuses_a_sender_who_is_not_its_customer_is_a_block_of_its_address():
    raw = _help_desk_reply(
        "Hello,\n\nWe couldn't create a request from the email you sent to desk@service.example.\n\n"
        "Only customers of the Facilities project can raise requests by email, and your address\n"
        "is not one of them.\n"
    )
    [record] = bouncekit.parse(raw).records
    assert (record.recipient, str(record.event)) == ("desk@service.example", "bounce")
    assert record.bounce_class is BounceClass.MAIL_BLOCK
    assert record.rule == "sender-not-a-customer"


def test_a_help_desk_s_acknowledgement_of_a_request_stays_an_automatic_reply():
    raw = _help_desk_reply(
        "Hello,\n\nThanks: we created a request from the email you sent (FAC-118).\n\n"
        "Only the agents of the Facilities project can see it.\n"
    )
    [record] = bouncekit.parse(raw).records
    assert str(record.event) == "auto_reply"


def test_an_out_of_office_that_did_not_process_a_message_and_mentions_unknown_senders_stays_one():
    raw = (
        b"From: Ann <ann@example.net>\nTo: jo@example.org\nSubject: Out of office\n"
        b"Auto-Submitted: auto-replied\n\n"
        b"I am away until Monday and could not process your message. Unknown senders: please call.\n"
    )
    [record] = bouncekit.parse(raw).records
    assert (record.recipient, str(record.event)) == ("ann@example.net", "auto_reply")


# --- round 17: a help desk's notice that its own reply failed; its notices to agents ----


def _desk(subject: str, body: str, sender: str = "Support Desk <support@desk.example>") -> bytes:
    subject = subject if subject.isascii() else Header(subject, "utf-8").encode()  # RFC 2047
    return (
        f"From: {sender}\nTo: agent@example.com\nSubject: {subject}\n"
        "Auto-Submitted: auto-generated\nContent-Type: text/plain; charset=utf-8\n\n" + body
    ).encode()


@pytest.mark.parametrize(("subject", "body", "expected"), [
    # a requester's reply over quota, in English (a comment on a ticket)
    ("[Acme Support] Ticket #4821: Email to requester could not be delivered",
     "Your comment on ticket #4821 could not be delivered to the requester jo@fabrikam.example.\n\n"
     "The receiving server said:\n  552 5.2.2 Mailbox full\n",
     ("jo@fabrikam.example", BounceClass.MAILBOX_FULL)),
    # "failed to be delivered", an unknown user
    ("[#4821] Email to customer failed to be delivered",
     "The reply on ticket #4821 failed to be delivered to ana.ruiz@contoso.example.\n\n"
     "Server response: 550 5.1.1 User unknown\n",
     ("ana.ruiz@contoso.example", BounceClass.INVALID_RECIPIENT)),
    # "was not delivered", after a doubled tag
    ("[##4821##] Your reply was not delivered",
     "Your reply to ticket ##4821## was not delivered to li.wei@fabrikam.example.\n\n"
     "Error: 550 5.7.1 Message rejected as spam\n", ("li.wei@fabrikam.example", BounceClass.SPAM_CONTENT)),
    # German, a ticket number glued to its label
    ("[Ticket#2024031210000015] Antwort konnte nicht zugestellt werden",
     "Die Antwort zu Ticket#2024031210000015 konnte nicht an kunde@shop.example zugestellt werden.\n\n"
     "Fehler: 550 5.1.1 Benutzer unbekannt\n", ("kunde@shop.example", BounceClass.INVALID_RECIPIENT)),
    # French
    ("[#4821] Votre réponse n'a pas pu être remise au client",
     "Votre réponse au ticket #4821 n'a pas pu être remise à paul@fabrikam.example.\n\n"
     "Erreur : 552 5.2.2 Boîte aux lettres pleine\n", ("paul@fabrikam.example", BounceClass.MAILBOX_FULL)),
    # Spanish
    ("[#4821] No se pudo entregar su respuesta al cliente",
     "No se pudo entregar su respuesta del ticket #4821 a marta@contoso.example.\n\n"
     "Motivo: 550 5.1.1 Usuario desconocido\n", ("marta@contoso.example", BounceClass.INVALID_RECIPIENT)),
])
def test_a_help_desks_tagged_notice_of_its_failed_reply_is_a_bounce_of_the_customer(subject, body, expected):
    # The conversation's tag opens the subject, and the subject then says the desk's own
    # mail failed: the notice of that failure, not an acknowledgement of a request.
    [record] = bouncekit.parse(_desk(subject, body)).records
    assert (record.recipient, record.bounce_class) == expected
    assert str(record.event) == "bounce"


@pytest.mark.parametrize(("subject", "body"), [
    ("[#4821] My emails could not be delivered",
     "We have received your request and will reply soon.\n\n"
     "Your message:\nmy emails to jo@fabrikam.example could not be delivered, error 550 5.1.1.\n"),
    ("[Ticket #4821] Undeliverable emails to our customers",
     "Ticket #4821 has been created. Thank you for contacting us.\n"),
])
def test_a_help_desks_acknowledgement_whose_subject_speaks_of_a_failure_stays_one(subject, body):
    [record] = bouncekit.parse(_desk(subject, body)).records
    assert str(record.event) == "auto_reply"


@pytest.mark.parametrize(("subject", "body"), [
    ("[Acme] Ticket #88 assigned to you: Bounced emails",
     "Ticket #88 has been assigned to you by Dana.\n\nRequester: p.shaw@fabrikam.example\n\n"
     "> My invoices keep coming back undeliverable, can you check?\n"),
    ("[#88] Ticket escalated to you",
     "The ticket below was escalated to you.\n\nContact: p.shaw@fabrikam.example\n"
     "> The mail to your billing address was returned: 550 5.1.1 user unknown\n"),
    ("[Ticket#2024031210000015] Ticket wurde Ihnen zugewiesen",
     "Das Ticket wurde Ihnen zugewiesen.\n\nKunde: p.shaw@fabrikam.example\n\n"
     "> Meine E-Mail an Sie war unzustellbar.\n"),
    ("[#88] Le ticket vous a été attribué",
     "Le ticket #88 vous a été attribué.\n\nClient : p.shaw@fabrikam.example\n\n"
     "> Mon message n'a pas pu être remis.\n"),
    ("[#5512] New reply from customer",
     "The customer ana@fabrikam.example replied on ticket #5512:\n\n"
     "> I never got your email, it says undeliverable.\n"),
    ("[#88] Se le ha asignado el ticket",
     "Se le ha asignado el ticket #88.\n\nCliente: p.shaw@fabrikam.example\n\n"
     "> Mi correo fue devuelto como no entregado.\n"),
    # OTRS's and Znuny's notice of a new ticket in the queue, quoting a person's question
    ("Ticket erstellt: [Ticket#2024030510000052] Ist die Adresse noch aktuell?",
     "Hallo Team Vertrieb,\n\nes gibt ein neues Ticket [Ticket#2024030510000052] in der Queue Vertrieb.\n\n"
     "Sabine Krause <s.krause@fabrikam.example> schrieb:\n> ist die Adresse t.wolff@example.org noch "
     "aktuell? Eine Fehlermeldung habe ich nicht bekommen.\n"),
    ("[Ticket#2024030510000053] New ticket created",
     "A new ticket #2024030510000053 has been created in the queue Sales.\n\n"
     "p.shaw@fabrikam.example wrote:\n> Is this still the right address for invoices?\n"),
])
def test_a_ticket_systems_notice_to_its_agent_gives_no_record(subject, body):
    # Work in the agent's queue, quoting a customer's complaint about undelivered mail:
    # no one replied to the sender, and nothing failed.
    assert bouncekit.parse(_desk(subject, body)).records == ()


def test_a_help_desks_resolved_ticket_is_no_automatic_reply():
    # An agent's answer, sent by the desk with auto-replied, quoting the bounce asked about.
    raw = (
        b"From: Support <noreply@isp.example>\nTo: anna@example.org\n"
        b"Subject: [AX-2019-558104] Re: Emails bouncing - blocked using Spamhaus\n"
        b"Auto-Submitted: auto-replied\n\nHi Anna,\n\nWe have investigated the bounce you forwarded:\n\n"
        b"    554 5.7.1 Service unavailable; Client host [198.51.100.198] blocked using zen.spamhaus.org\n\n"
        b"The address has been delisted. You can resend the messages.\n\nTicket: AX-2019-558104\n"
        b"Status: Resolved\n"
    )
    assert bouncekit.parse(raw).records == ()


def test_an_out_of_office_that_says_a_ticket_was_assigned_stays_an_automatic_reply():
    raw = (
        b"From: Dana <dana@example.com>\nTo: sender@example.org\nSubject: Out of office\n"
        b"Auto-Submitted: auto-replied\n\nI am away; your ticket has been assigned to my colleague.\n"
    )
    [record] = bouncekit.parse(raw).records
    assert str(record.event) == "auto_reply"


# --- round 23: automatic replies without an automatic-reply header ----------------------


def _encoded(subject: str) -> str:
    """A subject as a mail program writes it in a header (RFC 2047)."""
    return Header(subject, "utf-8").encode()


@pytest.mark.parametrize(("subject", "body"), [
    ("Răspuns automat: Oferta de primăvară", "Bună ziua,\n\nSunt în concediu până pe 12 mai.\n"),
    ("Αυτόματη απάντηση: Προσφορές", "Καλημέρα,\n\nΕίμαι εκτός γραφείου έως τις 12 Μαΐου.\n"),
    ("Автоматична відповідь: Весняні пропозиції", "Добрий день!\n\nЯ у відпустці до 12 травня.\n"),
    ("Trả lời tự động: Ưu đãi mùa xuân", "Xin chào,\n\nTôi đang nghỉ phép đến ngày 12 tháng 5.\n"),
    ("Automaattinen vastaus: Kevättarjoukset", "Hei,\n\nolen vuosilomalla 12.5. asti.\n"),
    ("Samodejni odgovor: Pomladne ponudbe", "Pozdravljeni,\n\nsem na dopustu do 12. maja.\n"),
])
def test_outlook_s_automatic_reply_prefix_in_more_languages(subject, body):
    # Exchange marks its out-of-office "auto-generated", not "auto-replied": the
    # localized subject prefix says what it is.
    raw = plain_mail(
        f"From: Ana Pop <ana.pop@firma.example>\nTo: offers@travel.example\n"
        f"Subject: {_encoded(subject)}\nAuto-Submitted: auto-generated\n"
        "X-Auto-Response-Suppress: All", body)
    [record] = bouncekit.parse(raw).records
    assert (record.decoder, record.recipient) == ("autoreply", "ana.pop@firma.example")
    assert str(record.event) == "auto_reply"


@pytest.mark.parametrize(("headers", "body"), [
    # procmail/formail's reply in Italian: X-Loop and a "Re:" subject, nothing else
    ("Subject: Re: Offerte di primavera\nX-Loop: g.rossi@studio.example",
     "Questa è una risposta automatica.\nSono in ferie fino al 3 maggio.\n"),
    # a vacation program in Swedish under its own "Precedence: junk"
    (f"Subject: {_encoded('Re: Vårerbjudanden')}\nIn-Reply-To: <a1@travel.example>\nPrecedence: junk",
     "Hej,\n\nJag är på semester till och med 12 maj och läser inte min e-post.\n"),
    # BSD vacation's own subject, in German, answering with "Precedence: bulk"
    ("Subject: Ich bin im Urlaub\nPrecedence: bulk",
     "Ich bin bis zum 3. Juni nicht im Büro. Ihre Nachricht wird nicht weitergeleitet.\n"),
    # Domino's out-of-office agent in German: its subject says who is away, no header
    (f"Subject: {_encoded('Karin Vogt ist außer Haus')}",
     "Ich bin ab 12.05.2025 nicht im Büro und ab 19.05.2025 wieder erreichbar.\n"),
    # a Dutch client-side rule: "Antw:", In-Reply-To, no automatic mark at all
    ("Subject: Antw: Voorjaarsaanbiedingen\nIn-Reply-To: <a2@travel.example>",
     "Geachte heer/mevrouw,\n\nIk ben afwezig tot en met 14 juni. Uw bericht wordt daarna behandeld.\n"),
    # an English groupware rule: "Re:", the office closed until a date
    ("Subject: Re: Spring offers\nIn-Reply-To: <a3@travel.example>",
     "We are closed for the holidays until January 2. Your message will be answered then.\n"),
])
def test_an_automatic_reply_known_by_its_program_s_marks_and_its_words(headers, body):
    raw = plain_mail(f"From: G. Rossi <g.rossi@studio.example>\nTo: offers@travel.example\n{headers}", body)
    [record] = bouncekit.parse(raw).records
    assert (record.decoder, record.recipient) == ("autoreply", "g.rossi@studio.example")
    assert str(record.event) == "auto_reply"
    assert record.bounce_class is BounceClass.AUTO_REPLY


@pytest.mark.parametrize("body", [
    "Hemos recibido su mensaje y le responderemos en un plazo de 48 horas.\n\nAtención al cliente\n",
    "Thank you for contacting Fjellstue Support. Ticket 55120 has been created for your message.\n",
])
def test_a_help_desk_s_acknowledgement_of_the_sender_s_mail_is_an_automatic_reply(body):
    # Sent "auto-generated" under the sender's own subject: no ticket tag to go by.
    raw = plain_mail(
        "From: Soporte <soporte@hotel.example>\nTo: offers@travel.example\nSubject: Re: Spring offers\n"
        "In-Reply-To: <a4@travel.example>\nAuto-Submitted: auto-generated", body)
    [record] = bouncekit.parse(raw).records
    assert (record.recipient, str(record.event)) == ("soporte@hotel.example", "auto_reply")


@pytest.mark.parametrize(("headers", "body"), [
    # a person's reply that quotes what it answers
    ("Subject: Re: Spring offers\nIn-Reply-To: <a5@travel.example>",
     "I am away until Monday, but yes: please book two seats for us.\n\n"
     "On Tue, 4 Mar 2025, Tom Berg wrote:\n> Would you like to join the May trip?\n"),
    # a person's reply that greets the one it answers by name
    ("Subject: Re: Spring offers\nIn-Reply-To: <a6@travel.example>",
     "Hi Tom,\n\nI'm travelling until Friday, so let's talk about the group booking next week.\n\nAnna\n"),
    # a person's reply whose absence is no opening statement
    ("Subject: Re: Spring offers\nIn-Reply-To: <a7@travel.example>",
     "Thanks for the offer! We would like two seats. I am away until Friday, so please post the invoice.\n"),
    # a person away who asks something, in German, greeting no one by name
    ("Subject: AW: Frühlingsangebote\nIn-Reply-To: <a8@travel.example>",
     "Guten Tag,\n\nich bin bis Freitag im Urlaub. Können Sie mir die Rechnung per Post schicken?\n"),
    # a shop's newsletter sent as bulk mail, saying its shop is closed
    ("Subject: Happy holidays\nPrecedence: bulk\nList-Unsubscribe: <mailto:leave@shop.example>",
     "Dear customer,\n\nOur shop is closed until 2 January. Orders placed now ship after that.\n"),
    # an automatic notice, no reply, that mentions an absence
    ("Subject: Reminder: team calendar\nAuto-Submitted: auto-generated",
     "I am away from 3 to 7 June: this was entered in the team calendar.\n"),
])
def test_a_person_s_reply_or_a_newsletter_saying_someone_is_away_gives_no_record(headers, body):
    raw = plain_mail(
        f"From: Anna Holm <anna@firm.example>\nTo: Tom Berg <tom.berg@travel.example>\n{headers}", body
    )
    assert bouncekit.parse(raw).records == ()


@pytest.mark.parametrize(("subject", "body"), [
    ("Автоответчик включён", "Здравствуйте, Павел!\n\nВы включили автоответчик для ящика pavel@mail.example. "
     "С 1 по 14 июля на все входящие письма будет отправляться ответ:\n\n«Я в отпуске до 14 июля.»\n"),
    ("Vacation responder", "Your vacation responder is now on. People who email you will get this reply:\n\n"
     "\"I am out of the office until Monday.\"\n"),
])
def test_a_services_notice_that_the_users_own_automatic_reply_is_on_gives_no_record(subject, body):
    raw = (f"From: Mail <robot@mail.example>\nTo: pavel@mail.example\nSubject: {subject}\n"
           "Auto-Submitted: auto-generated\nContent-Type: text/plain; charset=utf-8\n\n" + body).encode()
    assert bouncekit.parse(raw).records == ()


def test_a_service_desks_notice_of_the_incident_a_mail_opened_is_an_automatic_reply():
    raw = (
        b"From: IT Service Desk <desk@service.example>\nTo: glen@example.org\n"
        b"Subject: Incident INC0012345 has been opened on your behalf\nAuto-Submitted: auto-generated\n\n"
        b"Your incident INC0012345 has been opened on your behalf.\n\n"
        b"Short description: Printer on floor 3 jams\n\nThank you.\n"
    )
    [record] = bouncekit.parse(raw).records
    assert (record.recipient, str(record.event)) == ("desk@service.example", "auto_reply")


def test_a_friendly_delay_notice_marked_auto_replied_is_a_delay_of_its_recipient():
    raw = (
        b"From: Mail Service <no-reply@mailhost.example>\nTo: writer@example.org\n"
        b"Subject: Your message is taking longer than expected\nAuto-Submitted: auto-replied\n\n"
        b"Hello,\n\nwe are still trying to deliver your message \"Invoice\" to f.l@example.net.\n\n"
        b"The receiving server said: 452 4.2.2 Mailbox full\n\nWe will keep trying for 2 more days.\n"
    )
    [record] = bouncekit.parse(raw).records
    assert (record.recipient, str(record.event)) == ("f.l@example.net", "delayed")
    assert record.bounce_class is BounceClass.MAILBOX_FULL


def test_an_automatic_reply_saying_the_address_no_longer_exists_is_a_bounce_of_it():
    [record] = bouncekit.parse(_auto_reply(
        "This email address no longer exists. Your message has NOT been delivered and has been\n"
        "deleted. Please resend it to info@example.se.\n"
    )).records
    assert (record.recipient, str(record.event), int(record.bounce_class)) == ("t.l@example.se", "bounce", 10)


def test_a_mail_systems_failure_notice_under_an_automatic_reply_subject_is_a_bounce():
    raw = (
        "From: Sistema de correo <noreply@correo.example>\nTo: writer@example.org\n"
        "Subject: Respuesta automática\nAuto-Submitted: auto-replied\nX-Autoreply: yes\n"
        "MIME-Version: 1.0\nContent-Type: text/plain; charset=utf-8\n\n"
        "Su mensaje para ventas@example.es NO ha podido ser entregado porque el buzón está lleno.\n\n"
        "Respuesta del servidor:\n    552 5.2.2 <ventas@example.es>: Mailbox quota exceeded\n"
    ).encode()
    [record] = bouncekit.parse(raw).records
    assert (record.recipient, str(record.event)) == ("ventas@example.es", "bounce")
    assert record.bounce_class is BounceClass.MAILBOX_FULL


def test_a_german_automatic_reply_saying_the_address_is_no_longer_used_stays_one():
    raw = (
        "From: <buero@example.de>\nTo: writer@example.org\nSubject: Auto: Angebot\n"
        "Auto-Submitted: auto-replied (vacation)\nMIME-Version: 1.0\n"
        "Content-Type: text/plain; charset=utf-8\n\n"
        "Diese E-Mail-Adresse wird nicht mehr verwendet und in Kürze abgeschaltet.\n"
        "Bitte schreiben Sie uns künftig an kontakt@example.de.\n"
    ).encode()
    [record] = bouncekit.parse(raw).records
    assert (record.recipient, str(record.event)) == ("buero@example.de", "auto_reply")


def _application_notice(sender: str, subject: str, body: str) -> bytes:
    return (
        f"From: {sender}\nTo: user@company.example\nSubject: {subject}\n"
        "MIME-Version: 1.0\nContent-Type: text/plain; charset=utf-8\n\n" + body
    ).encode()


@pytest.mark.parametrize(("subject", "body", "correspondent"), [
    ("Respuesta automática: Inscripción",
     "Hola Nuria:\n\nEl autorrespondedor del formulario se entregó a direccion@school.example, pero el "
     'destinatario respondió automáticamente:\n\n"Estaré fuera hasta el 29 de agosto. Escriba a '
     'secretaria@school.example."\n', "direccion@school.example"),
    ("Automatyczna odpowiedź: Oferta",
     'Cześć Piotr,\n\nNa Twoją wiadomość "Oferta" przyszła automatyczna odpowiedź (poza biurem) od\n'
     'k.nowak@budmat.example.\n\n"Jestem na urlopie. Proszę o kontakt z biuro@budmat.example."\n',
     "k.nowak@budmat.example"),
    ("Automatic reply from Sam Lee",
     "Hi Joost,\n\nYour email to candidate Sam Lee (sam.lee@mail.example) was delivered, but we received an "
     "automatic reply (out of office).\n", "sam.lee@mail.example"),
])
def test_an_applications_report_of_a_correspondents_automatic_reply_names_the_correspondent(
    subject, body, correspondent
):
    raw = _application_notice("Tool <noreply@tool.example>", subject, body)
    records = bouncekit.parse(raw).records
    assert [(r.recipient, str(r.event)) for r in records] == [(correspondent, "auto_reply")]


def test_an_unread_no_reply_mailboxs_own_automatic_reply_stays_its_own():
    raw = _application_notice(
        "Payroll <notifications@payroll.example>", "Automatic reply: Payslip question",
        "This mailbox is not monitored and your email has not been read.\n"
        "For payroll questions please write to payroll-help@payroll.example.\n",
    )
    assert [(r.recipient, str(r.event)) for r in bouncekit.parse(raw).records] == [
        ("notifications@payroll.example", "auto_reply")]
