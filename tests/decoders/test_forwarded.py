"""A person's forward of a notice is decoded as that notice, in the layouts of the usual
mail clients; forwards of ordinary mail and replies give nothing; a double bounce gives
the returned bounce's records."""

import time

import pytest

import bouncekit
from bouncekit.forwarded import inline_forward
from tests.decoders.handwritten import plain_mail

_POSTFIX_NOTICE = """This is the mail system at host mail.example.com.

I'm sorry to have to inform you that your message could not
be delivered to one or more recipients. It's attached below.

                   The mail system

<orders@supplier.example>: host mx.supplier.example[203.0.113.7] said: 550
    5.1.1 <orders@supplier.example>: Recipient address rejected: User unknown
    (in reply to RCPT TO command)
"""

_EXIM_NOTICE = """This message was created automatically by mail delivery software.

A message that you sent could not be delivered to one or more of its
recipients. This is a permanent error. The following address(es) failed:

  c.dubois@vignoble.example
    host mx1.vignoble.example [192.0.2.61]
    SMTP error from remote mail server after RCPT TO:<c.dubois@vignoble.example>:
    552 5.2.2 <c.dubois@vignoble.example>: Mailbox full
"""

_GMAIL_NOTICE = """** Address not found **

Your message wasn't delivered to m.lind@brightwater.example because the address couldn't be
found, or is unable to receive mail.

The response from the remote server was:

550 5.1.1 <m.lind@brightwater.example>: Recipient address rejected: User unknown in virtual
mailbox table
"""

_EXCHANGE_DE_NOTICE = """Die Nachricht konnte nicht an folgende Empfänger zugestellt werden:

h.kaiser@kaiser-bau.example.de
Der E-Mail-Server des Empfängers hat die Nachricht abgelehnt. Die
angegebene E-Mail-Adresse ist nicht vorhanden.

Diagnoseinformationen für Administratoren:
Generierender Server: mail.moebel-lang.example.de
h.kaiser@kaiser-bau.example.de
Remote Server returned '550 5.1.1 <h.kaiser@kaiser-bau.example.de>: User unknown'
"""

_PERSON = (
    "From: Gabe Turner <gabe@example.com>\nTo: IT <it@example.com>\nDate: Mon, 4 Mar 2024 10:00:00 +0100\n"
)


def _forward(subject: str, body: str) -> bytes:
    return plain_mail(f"{_PERSON}Subject: {subject}", body)


# (layout, subject, body, recipient, status)
_LAYOUTS = [
    ("gmail", "Fwd: Delivery Status Notification (Failure)",
     "Can you take him off the list?\n\n---------- Forwarded message ---------\n"
     "From: Mail Delivery Subsystem <mailer-daemon@googlemail.example>\nDate: Mon, 4 Mar 2024 at 09:12\n"
     "Subject: Delivery Status Notification (Failure)\nTo: <gabe@example.com>\n\n\n" + _GMAIL_NOTICE,
     "m.lind@brightwater.example", "5.1.1"),
    ("outlook desktop, English", "FW: Undelivered Mail Returned to Sender",
     "Is this on our side?\n\nGabe\n\n-----Original Message-----\n"
     "From: Mail Delivery System <MAILER-DAEMON@mail.example.com>\nSent: Tuesday, November 19, 2024 4:02 PM\n"
     "To: gabe@example.com\nSubject: Undelivered Mail Returned to Sender\n\n" + _POSTFIX_NOTICE,
     "orders@supplier.example", "5.1.1"),
    ("outlook desktop, German", "WG: Unzustellbar: Angebot 2024-117",
     "Hallo, kann das bitte jemand ansehen?\n\nPetra\n\n-----Ursprüngliche Nachricht-----\n"
     "Von: Microsoft Outlook <MicrosoftExchange7a41c0d2@moebel-lang.example.de>\n"
     "Gesendet: Montag, 22. Juli 2024 14:03\nAn: Petra Lang <p.lang@moebel-lang.example.de>\n"
     "Betreff: Unzustellbar: Angebot 2024-117\n\n" + _EXCHANGE_DE_NOTICE,
     "h.kaiser@kaiser-bau.example.de", "5.1.1"),
    ("outlook on the web, English", "FW: Mail delivery failed: returning message to sender",
     "FYI\n\n________________________________\n"
     "From: Mail Delivery System <Mailer-Daemon@server1.webhost.example>\n"
     "Sent: Tuesday, March 5, 2024 11:02 AM\nTo: Gabe Turner <gabe@example.com>\n"
     "Subject: Mail delivery failed: returning message to sender\n\n" + _EXIM_NOTICE,
     "c.dubois@vignoble.example", "5.2.2"),
    ("outlook on the web, German", "WG: Undelivered Mail Returned to Sender",
     "Bitte prüfen.\n\n________________________________\n"
     "Von: Mail Delivery System <MAILER-DAEMON@mail.example.com>\nGesendet: Dienstag, 5. März 2024 11:02\n"
     "An: Gabe Turner <gabe@example.com>\nBetreff: Undelivered Mail Returned to Sender\n\n" + _POSTFIX_NOTICE,
     "orders@supplier.example", "5.1.1"),
    ("apple mail", "Fwd: Mail delivery failed: returning message to sender",
     "Could you take her off the list?\n\nBegin forwarded message:\n\n"
     "From: Mail Delivery System <Mailer-Daemon@server1.webhost.example>\n"
     "Subject: Mail delivery failed: returning message to sender\nDate: 5 March 2024 at 11:02:17 CET\n"
     "To: gabe@example.com\n\n" + _EXIM_NOTICE,
     "c.dubois@vignoble.example", "5.2.2"),
    ("thunderbird", "Fwd: Undelivered Mail Returned to Sender",
     "See below.\n\n-------- Forwarded Message --------\n"
     "Subject: \tUndelivered Mail Returned to Sender\n"
     "Date: \tThu, 14 Mar 2024 12:02:15 +0100\n"
     "From: \tMail Delivery System <MAILER-DAEMON@mail.example.com>\n"
     "To: \tgabe@example.com\n\n\n" + _POSTFIX_NOTICE,
     "orders@supplier.example", "5.1.1"),
    ("thunderbird, quoted", "Fwd: Undelivered Mail Returned to Sender",
     "Again this one.\n\n-------- Forwarded Message --------\n"
     + "".join(f"> {line}".rstrip() + "\n" for line in (
         "Subject: Undelivered Mail Returned to Sender\nDate: Thu, 14 Mar 2024 12:02:15 +0100\n"
         "From: Mail Delivery System <MAILER-DAEMON@mail.example.com>\nTo: gabe@example.com\n\n"
         + _POSTFIX_NOTICE).splitlines()),
     "orders@supplier.example", "5.1.1"),
    ("french client", "TR: Undelivered Mail Returned to Sender",
     "Pour info.\n\n-------- Message transféré --------\nSujet : x\n"
     "De : Mail Delivery System <MAILER-DAEMON@mail.example.com>\nDate : 14/03/2024 12:02\n"
     "À : gabe@example.com\nObjet : Undelivered Mail Returned to Sender\n\n" + _POSTFIX_NOTICE,
     "orders@supplier.example", "5.1.1"),
    # (a subject that names no failure: the sender's label "Mittente" shows it is a notice)
    ("thunderbird, italian", "Fwd: Message notification",
     "Vedi sotto.\n\n-------- Messaggio Inoltrato --------\n"
     "Oggetto: \tMessage notification\nData: \t14/03/2024 12:02\n"
     "Mittente: \tMail Delivery System <MAILER-DAEMON@mail.example.com>\nA: \tgabe@example.com\n\n\n"
     + _POSTFIX_NOTICE,
     "orders@supplier.example", "5.1.1"),
    ("chinese client, full-width colon", "转发：Undelivered Mail Returned to Sender",
     "请看一下。\n\n------------------ 原始邮件 ------------------\n"
     '发件人: "Mail Delivery System"<MAILER-DAEMON@mail.example.com>;\n'
     "发送时间: 2024年3月14日(星期四) 中午12:02\n"
     '收件人: "Gabe"<gabe@example.com>;\n主题: Undelivered Mail Returned to Sender\n\n' + _POSTFIX_NOTICE,
     "orders@supplier.example", "5.1.1"),
    ("lotus notes, labels over their values", "Weitergeleitet: Undelivered Mail Returned to Sender",
     "Bitte prüfen.\n\n----- Weitergeleitet von Hans Meier/Bern/Acme am 14.03.2024 12:15 -----\n\n"
     "MAILER-DAEMON@mail.example.com\n14.03.2024 12:02\n\nAn\ngabe@example.com\nKopie\n\n"
     "Thema\nUndelivered Mail Returned to Sender\n\n\n" + _POSTFIX_NOTICE,
     "orders@supplier.example", "5.1.1"),
]


@pytest.mark.parametrize(("layout", "subject", "body", "recipient", "status"), _LAYOUTS,
                         ids=[layout[0] for layout in _LAYOUTS])
def test_an_inline_forward_gives_the_forwarded_notices_record(layout, subject, body, recipient, status):
    report = bouncekit.parse(_forward(subject, body))
    [record] = report.records
    assert (record.recipient, record.status, str(record.event)) == (recipient, status, "bounce")
    assert record.decoder.startswith("forward/") and report.decoder == record.decoder
    assert any("forwards a delivery notice" in note for note in report.notes)
    # The report is the forward's own: its Message-ID and subject.
    assert report.subject == subject


def test_a_forward_keeps_the_notices_date_only_where_it_reads_unambiguously():
    [thunderbird] = bouncekit.parse(_forward(_LAYOUTS[6][1], _LAYOUTS[6][2])).records
    assert thunderbird.date == "2024-03-14T12:02:15+01:00"
    # Outlook's "Tuesday, November 19, 2024 4:02 PM" is no RFC 5322 date: left out, not
    # misread as 04:02.
    [outlook] = bouncekit.parse(_forward(_LAYOUTS[1][1], _LAYOUTS[1][2])).records
    assert outlook.date is None


_POSTFIX_DELAY = """Date: Thu, 14 Mar 2024 12:02:15 +0100
From: Mail Delivery System <MAILER-DAEMON@mail.example.com>
To: gabe@example.com
Subject: Delayed Mail (still being retried)

This is the mail system at host mail.example.com.

####################################################################
# THIS IS A WARNING ONLY.  YOU DO NOT NEED TO RESEND YOUR MESSAGE. #
####################################################################

Your message could not be delivered for more than 4 hour(s).
It will be retried until it is 5 day(s) old.

                   The mail system

<r.mbeki@lodge.example>: connect to mx.lodge.example[203.0.113.8]:25: Connection
    timed out
"""


def test_a_mutt_forward_gives_what_the_notice_gives_alone():
    body = (
        "Still not delivered?\n\n----- Forwarded message from Mail Delivery System "
        "<MAILER-DAEMON@mail.example.com> -----\n\n"
        + _POSTFIX_DELAY + "\n----- End forwarded message -----\n"
    )
    [alone] = bouncekit.parse(_POSTFIX_DELAY.encode()).records
    [record] = bouncekit.parse(_forward("Fwd: Delayed Mail (still being retried)", body)).records
    assert record.to_dict() | {"decoder": None} == alone.to_dict() | {"decoder": None}
    assert record.decoder == f"forward/{alone.decoder}"


def _attached(notice: str, subject: str = "Fwd: Undelivered Mail Returned to Sender") -> bytes:
    return (
        f"{_PERSON}Subject: {subject}\nMIME-Version: 1.0\n"
        'Content-Type: multipart/mixed; boundary="fw"\n\n'
        "--fw\nContent-Type: text/plain\n\nSee the attached notice.\n\n"
        "--fw\nContent-Type: message/rfc822\n\n" + notice + "\n--fw--\n"
    ).encode()


_POSTFIX_DSN = (
    "Return-Path: <>\nFrom: MAILER-DAEMON@mail.example.com (Mail Delivery System)\n"
    "To: gabe@example.com\nSubject: Undelivered Mail Returned to Sender\n"
    "Date: Tue, 5 Mar 2024 10:00:00 +0100\n"
    "MIME-Version: 1.0\nContent-Type: multipart/report; report-type=delivery-status; boundary=\"r\"\n\n"
    "--r\nContent-Type: text/plain\n\n" + _POSTFIX_NOTICE + "\n"
    "--r\nContent-Type: message/delivery-status\n\nReporting-MTA: dns; mail.example.com\n\n"
    "Final-Recipient: rfc822; orders@supplier.example\nAction: failed\nStatus: 5.1.1\n"
    "Remote-MTA: dns; mx.supplier.example\n"
    "Diagnostic-Code: smtp; 550 5.1.1 <orders@supplier.example>: Recipient address rejected: User unknown\n\n"
    "--r--\n"
)


def test_an_attached_notice_is_decoded_as_it_would_be_alone():
    alone = bouncekit.parse(_POSTFIX_DSN.encode())
    report = bouncekit.parse(_attached(_POSTFIX_DSN))
    [record] = report.records
    assert report.decoder == f"forward/{alone.decoder}"
    assert record.to_dict() | {"decoder": None} == alone.records[0].to_dict() | {"decoder": None}


def test_a_forwarded_delay_notice_stays_a_delay():
    delay = _POSTFIX_DSN.replace("Action: failed\nStatus: 5.1.1", "Action: delayed\nStatus: 4.4.1").replace(
        "Undelivered Mail Returned to Sender", "Delayed Mail (still being retried)")
    [record] = bouncekit.parse(_attached(delay, "Fwd: Delayed Mail (still being retried)")).records
    assert (record.recipient, str(record.event)) == ("orders@supplier.example", "delayed")


def test_a_forward_of_an_ordinary_mail_gives_no_record():
    # It says "undeliverable", but it is a person's mail: no notice, whatever it says.
    body = (
        "FYI\n\n---------- Forwarded message ---------\nFrom: Iris <iris@example.org>\n"
        "Date: Mon, 4 Mar 2024 at 09:12\nSubject: Travel plans\nTo: <gabe@example.com>\n\n"
        "The parcel to bob@example.net was undeliverable, 550 5.1.1 they said. Can you call him?\n"
    )
    report = bouncekit.parse(_forward("Fwd: Travel plans", body))
    assert (report.records, report.decoder) == ((), "forward")
    attached = _attached(
        "From: Iris <iris@example.org>\nTo: gabe@example.com\nSubject: Travel plans\n\n"
        "The parcel could not be delivered.\n", "Fwd: Travel plans")
    assert bouncekit.parse(attached).records == ()


def test_an_attached_automatic_reply_is_read_as_it_would_be_alone():
    # No mark of a mail system on it: attached whole, it is still a message of its own.
    reply = (
        "From: Ines Roth <i.roth@example.de>\nTo: gabe@example.com\n"
        "Subject: Automatische Antwort: Angebot\nAuto-Submitted: auto-replied\n"
        "X-Auto-Response-Suppress: All\nDate: Mon, 4 Mar 2024 09:12:00 +0100\n\n"
        "Ich bin bis zum 15. März nicht im Büro und lese meine E-Mails nicht.\n"
    )
    alone = bouncekit.parse(reply.encode())
    [record] = bouncekit.parse(_attached(reply, "Fwd: Automatische Antwort: Angebot")).records
    assert (record.recipient, str(record.event)) == ("i.roth@example.de", "auto_reply")
    assert record.to_dict() | {"decoder": None} == alone.records[0].to_dict() | {"decoder": None}


def test_an_inline_forward_of_an_automatic_reply_is_read_as_one():
    body = (
        "FYI, she is away.\n\n---------- Forwarded message ---------\n"
        "From: Marie Dubois <m.dubois@example.fr>\nDate: Mon, 4 Mar 2024 at 09:12\n"
        "Subject: Réponse automatique : Devis 2024\nTo: <gabe@example.com>\n\n"
        "Je suis absente du bureau jusqu'au 15 mars, sans accès à mes e-mails.\n"
    )
    [record] = bouncekit.parse(_forward("Fwd: Réponse automatique : Devis 2024", body)).records
    assert (record.recipient, str(record.event)) == ("m.dubois@example.fr", "auto_reply")
    # A forwarded person's mail is still nothing.
    ordinary = body.replace("Réponse automatique : Devis 2024", "Devis 2024")
    assert bouncekit.parse(_forward("Fwd: Devis 2024", ordinary)).records == ()


def test_an_inline_forward_of_a_notice_from_exchange_s_system_mailbox_is_read():
    # Its subject in Russian, its sender the system mailbox ("MicrosoftExchange" and a GUID).
    body = (
        "Посмотрите, пожалуйста.\n\n---------- Forwarded message ---------\n"
        "From: Microsoft Outlook <MicrosoftExchange329e71ec88ae4615bbc36ab6ce41109e@example.ru>\n"
        "Date: Tue, 10 Apr 2018 12:15:02 +0300\nSubject: Не удается доставить: Отчёт\n"
        "To: o.smirnova@example.ru\n\n"
        "Доставка не выполнена для следующих получателей или групп:\n\na.petrov@example.ru\n"
        "Remote Server returned '550 5.1.1 RESOLVER.ADR.RecipNotFound; not found'\n"
    )
    [record] = bouncekit.parse(_forward("Fwd: Не удается доставить: Отчёт", body)).records
    assert (record.recipient, record.status, record.bounce_class) == ("a.petrov@example.ru", "5.1.1", 10)


def test_a_reply_quoting_a_bounce_gives_no_record():
    raw = plain_mail(
        f"{_PERSON}Subject: Re: Undelivered Mail Returned to Sender\nIn-Reply-To: <a1@example.com>",
        "Yes, that address is gone, I will remove it.\n\n"
        "On Tue, 4 Jun 2024 at 10:02, Tom <tom@example.com> wrote:\n"
        "> ---------- Forwarded message ---------\n"
        "> From: Mail Delivery System <MAILER-DAEMON@mail.example.com>\n"
        "> Subject: Undelivered Mail Returned to Sender\n>\n"
        + "".join(f"> {line}\n" for line in _POSTFIX_NOTICE.splitlines()),
    )
    report = bouncekit.parse(raw)
    assert (report.records, report.decoder) == ((), "forward")


def test_a_forward_of_a_forward_is_followed_to_the_notice():
    # The forwarded message is itself a person's forward of the notice: forwards are
    # unwrapped through up to four levels (bouncekit.api.MAX_FORWARD_DEPTH).
    body = (
        "Any idea?\n\n---------- Forwarded message ---------\nFrom: Ann <ann@example.com>\n"
        "Date: Mon, 4 Mar 2024 at 09:12\nSubject: Fwd: Undelivered Mail Returned to Sender\n"
        "To: <gabe@example.com>\n\n"
        "Gabe, see below.\n\n---------- Forwarded message ---------\n"
        "From: Mail Delivery System <MAILER-DAEMON@mail.example.com>\nDate: Mon, 4 Mar 2024 at 09:00\n"
        "Subject: Undelivered Mail Returned to Sender\nTo: <ann@example.com>\n\n" + _POSTFIX_NOTICE
    )
    report = bouncekit.parse(_forward("Fwd: Fwd: Undelivered Mail Returned to Sender", body))
    assert report.decoder.startswith("forward/")
    assert [r.recipient for r in report.records] == ["orders@supplier.example"]
    # Attached within attached: the same.
    inner_forward = (
        "From: Ann <ann@example.com>\nTo: gabe@example.com\n"
        "Subject: Fwd: Undelivered Mail Returned to Sender\n"
        'MIME-Version: 1.0\nContent-Type: multipart/mixed; boundary="in"\n\n'
        "--in\nContent-Type: text/plain\n\nsee attached\n\n--in\nContent-Type: message/rfc822\n\n"
        + _POSTFIX_DSN + "\n--in--\n"
    )
    report = bouncekit.parse(_attached(inner_forward, "Fwd: Fwd: Undelivered Mail"))
    assert report.decoder.startswith("forward/")
    assert [r.recipient for r in report.records] == ["orders@supplier.example"]


def test_hostile_forwards_take_bounded_time():
    # Thousands of separators and header lines, and attachments nested far deeper than
    # any forward: linear work, one level decoded, no error.
    lines = "-----Original Message-----\nFrom: Mail Delivery System <MAILER-DAEMON@x.example>\n" * 6000
    nested = _POSTFIX_DSN
    for _ in range(60):
        nested = (
            "From: Ann <ann@example.com>\nSubject: Fwd: x\nMIME-Version: 1.0\n"
            'Content-Type: multipart/mixed; boundary="n"\n\n--n\nContent-Type: message/rfc822\n\n'
            + nested.replace('boundary="n"', 'boundary="m"').replace("--n", "--m") + "\n--n--\n"
        )
    for raw in (_forward("Fwd: Undelivered Mail", lines), _attached(nested), _attached(_POSTFIX_DSN * 200)):
        started = time.perf_counter()
        bouncekit.parse(raw)
        assert time.perf_counter() - started < 2.0


def test_the_header_block_is_read_in_the_clients_languages():
    forward = inline_forward(
        "Hallo\n\n-----Ursprüngliche Nachricht-----\nVon: A <a@x.example>\nGesendet: Montag\n"
        "An: b@x.example\nBetreff: Unzustellbar: Angebot\n\nText\n"
    )
    assert forward is not None
    assert dict(forward.fields) == {"From": "A <a@x.example>", "Date": "Montag", "To": "b@x.example",
                                    "Subject": "Unzustellbar: Angebot"}
    assert forward.text.strip() == "Text"


@pytest.mark.parametrize("block", [
    # Outlook in French: a non-breaking space before each colon
    "De\xa0: Microsoft Outlook <postmaster@x.example>\nEnvoyé\xa0: jeudi 4 mars 2021 10:13\n"
    "À\xa0: Claire <c@x.example>\nObjet\xa0: Non remis : Devis\n",
    # Outlook in Spanish and Portuguese: two-word date labels, no separator line
    "De: Microsoft Outlook\nEnviado el: lunes, 6 de febrero de 2017 12:04\nPara: Javier\n"
    "Asunto: No se puede entregar: Devis\n",
    "De: Mail Delivery System [mailto:Mailer-Daemon@x.example]\nEnviada em: quarta-feira, 5 de agosto\n"
    "Para: rafael@x.example\nAssunto: Mail delivery failed: Devis\n",
    # Hotmail's quoted forward opens with the date
    "> Date: Fri, 10 Jul 2015 08:31:05 +0000\n> From: postmaster@outlook.com\n> To: m@x.example\n"
    "> Subject: Undeliverable: Devis\n",
])
def test_a_header_block_without_a_separator_is_found_in_outlook_s_languages(block):
    text = "Tom, see below.\n\n" + block + "\nThe notice's text\n"
    forward = inline_forward(text)
    assert forward is not None
    fields = dict(forward.fields)
    assert set(fields) == {"From", "Date", "To", "Subject"}
    assert "Devis" in fields["Subject"]


def test_a_lotus_notes_forward_separator_opens_the_forwarded_notice():
    body = (
        "please remove this address.\n\n"
        "----- Forwarded by Giulia Conti/MIL/Northbound on 03/14/2006 11:02 AM -----\n\n"
        "             Mail Delivery Subsystem              To\n"
        "             <MAILER-DAEMON@mail.example.com>     giulia@example.com\n\n"
        "----- The following addresses had permanent fatal errors -----\n<f.russo@example.it>\n"
        "    (reason: 550 5.1.1 <f.russo@example.it>... User unknown)\n"
    )
    [record] = bouncekit.parse(_forward("Fw: Returned mail: see transcript for details", body)).records
    assert (record.recipient, record.status) == ("f.russo@example.it", "5.1.1")


def test_a_ticket_systems_forward_with_a_plain_header_block_over_a_quoted_notice_is_read():
    # Znuny / OTRS: "[Ticket#...] WG: ...", the header block plain, the notice in "> " lines.
    body = (
        "Hallo Bounce Desk,\n\nzur Info.\n\n--- Weitergeleitete Nachricht ---\n"
        'Von: "Mail Delivery System" <MAILER-DAEMON@mta2.example.com>\n'
        "Betreff: Undelivered Mail Returned to Sender\nDatum: 11.03.2024 09:14\nAn: service@example.com\n\n"
        "> This is the mail system at host mta2.example.com.\n>\n"
        "> <kontakt@example.de>: host mx.example.de[203.0.113.26] said: 550 5.1.1\n"
        ">     <kontakt@example.de>: Recipient address rejected: User unknown (in reply to\n"
        ">     RCPT TO command)\n"
    )
    raw = plain_mail('From: "Jonas via Service" <service@example.com>\n'
                     "Subject: [Ticket#2024031110000087] WG: Undelivered Mail Returned to Sender", body)
    [record] = bouncekit.parse(raw).records
    assert (record.recipient, record.status, record.bounce_class) == ("kontakt@example.de", "5.1.1", 10)


# --- double bounces ----------------------------------------------------------------------


def _double_bounce(outer_to: str, failed: str, first_bounce_to: str) -> bytes:
    first = (
        "Return-Path: <>\nFrom: Mail Delivery System <Mailer-Daemon@mx.alder.example>\n"
        f"To: {first_bounce_to}\nSubject: Mail delivery failed: returning message to sender\n"
        "X-Failed-Recipients: orders@alder.example\nAuto-Submitted: auto-replied\n\n"
        "This message was created automatically by mail delivery software.\n\n"
        "A message that you sent could not be delivered to one or more of its\n"
        "recipients. This is a permanent error. The following address(es) failed:\n\n"
        "  orders@alder.example\n    retry timeout exceeded\n"
    )
    return (
        "Return-Path: <>\nFrom: MAILER-DAEMON@mail.kestrel.example (Mail Delivery System)\n"
        f"To: {outer_to}\nSubject: Postmaster Copy: Undelivered Mail\nMIME-Version: 1.0\n"
        'Content-Type: multipart/report; report-type=delivery-status; boundary="d"\n\n'
        "--d\nContent-Type: text/plain\n\nThis is the mail system at host mail.kestrel.example.\n\n"
        "I'm sorry to have to inform you that your message could not\n"
        "be delivered to one or more recipients. It's attached below.\n\n"
        f"<{failed}>: host mail.kestrel.example[private/lmtp] said: 550 5.1.1\n"
        f"    <{failed}> User doesn't exist (in reply to RCPT TO command)\n\n"
        "--d\nContent-Type: message/delivery-status\n\nReporting-MTA: dns; mail.kestrel.example\n\n"
        f"Final-Recipient: rfc822; {failed}\nAction: failed\nStatus: 5.1.1\n"
        f"Diagnostic-Code: smtp; 550 5.1.1 <{failed}> User doesn't exist\n\n"
        "--d\nContent-Type: message/rfc822\n\n" + first + "\n--d--\n"
    ).encode()


def test_a_double_bounce_gives_the_notices_own_recipient():
    # The labelled real bounces (sisimai rfc3464-26) read a notice that a bounce could not
    # be returned by its own failed address, not by the first bounce's recipient.
    report = bouncekit.parse(_double_bounce(
        "postmaster@kestrel.example", "noreply@kestrel.example", "noreply@kestrel.example"))
    [record] = report.records
    assert record.recipient == "noreply@kestrel.example"
    assert "/" not in report.decoder


def test_a_bounce_returned_to_a_forged_sender_is_read_as_it_is():
    # The first bounce is about spam the server received; its return to the forged
    # sender failed. Nobody of the server's own sent anything: the notice's own record.
    [record] = bouncekit.parse(_double_bounce(
        "postmaster@kestrel.example", "promo@forged.example", "promo@forged.example")).records
    assert record.recipient == "promo@forged.example"


def test_a_notice_about_another_address_than_the_returned_bounces_is_no_double_bounce():
    [record] = bouncekit.parse(_double_bounce(
        "postmaster@kestrel.example", "noreply@kestrel.example", "someone@kestrel.example")).records
    assert record.recipient == "noreply@kestrel.example"
