"""The generic reader on notices nobody wrote a decoder for: sending tools' bounce reports,
help desks, forwarders, gateways' tables, senders' own holds and limits, delays, and the
statements of a notice in the languages of the wording tables.

Each kind is tested in several products' and languages' wordings, written for these
tests (not copied from any product), beside the near misses it must leave alone:
campaign reports that only count their bounces, newsletters, ticket acknowledgements,
out-of-office replies, quota warnings and hold summaries for the reader.
"""

from email.header import Header

import pytest

import bouncekit
from bouncekit import BounceClass
from bouncekit.decoders.fallback import _platform_return_path, _reports_failed_mail
from bouncekit.decoders.fallback.notice import reply_in, verdict_fields
from bouncekit.mime import load
from bouncekit.model import Event
from tests.decoders.fallback.messages import message, plain_bounce

C = BounceClass


_AUTO = "Auto-Submitted: auto-generated\n"


def _tool(
    sender: str, subject: str, body: str, *, headers: str = _AUTO, html: bool = False
) -> bytes:
    """A sending tool's or an application's own notice (not a mail system's)."""
    kind = "text/html" if html else "text/plain"
    return message(
        f"From: {sender}\nTo: owner@example.org\nSubject: {subject}\n"
        f"{headers}MIME-Version: 1.0\nContent-Type: {kind}; charset=utf-8",
        body,
    )


def _outcome(raw: bytes) -> list[tuple]:
    return [(r.recipient, str(r.event), r.bounce_class) for r in bouncekit.parse(raw).records]


# --- 1. sending tools' bounce reports: a table of recipients, each with its reason ---------

_REPORT_ROWS = (
    "a.berg@fabrikam.example          {hard}   550 5.1.1 User unknown\n"
    "info@contoso.example             {soft}   552 5.2.2 Mailbox full\n"
)


@pytest.mark.parametrize(("subject", "statement", "header", "hard", "soft"), [
    ("Bounce report: Spring offers", "The following addresses bounced:",
     "Email                            Type         Reason", "Hard bounce", "Soft bounce"),
    ("Bounce-Bericht: Frühjahr", "Zu Ihrem Mailing sind folgende Rückläufer (Bounces) eingegangen:",
     "Empfänger                        Art          Grund", "Hardbounce ", "Softbounce "),
    ("Rapport de rebonds", "Les adresses suivantes ont rebondi :",
     "Adresse                          Type         Raison", "Rebond dur", "Rebond doux"),
    ("Informe de rebotes", "Los siguientes contactos han rebotado:",
     "Correo                           Tipo         Motivo", "Rebote duro", "Rebote blando"),
    ("Bounce-rapport", "De volgende adressen zijn gebounced:",
     "E-mail                           Type         Reden", "Harde bounce", "Zachte bounce"),
    ("Rapporto rimbalzi", "I seguenti indirizzi sono rimbalzati:",
     "Indirizzo                        Tipo         Motivo", "Hard bounce", "Soft bounce"),
    ("Relatório de bounces", "Os seguintes endereços foram devolvidos:",
     "Endereço                         Tipo         Motivo", "Hard bounce", "Soft bounce"),
])
def test_a_sending_tools_bounce_report_gives_each_listed_recipient_its_reason(
    subject, statement, header, hard, soft
):
    body = f"Hello,\n\n{statement}\n\n{header}\n{'-' * 70}\n" + _REPORT_ROWS.format(hard=hard, soft=soft)
    body += "\nHard bounces were removed from the list.\n"
    assert _outcome(_tool("Newsletter <service@newsletter-tool.example>", subject, body)) == [
        ("a.berg@fabrikam.example", "bounce", C.INVALID_RECIPIENT),
        ("info@contoso.example", "bounce", C.MAILBOX_FULL),
    ]


def test_a_report_row_without_a_code_is_classified_by_its_words():
    body = (
        "Zu Ihrem Mailing sind folgende Rückläufer (Bounces) eingegangen:\n\n"
        "b.vogel@fabrikam.example      Hardbounce   Domain existiert nicht\n"
    )
    assert _outcome(_tool("Tool <service@tool.example>", "Bounce-Bericht", body)) == [
        ("b.vogel@fabrikam.example", "bounce", C.DNS_FAILURE)
    ]


@pytest.mark.parametrize(("statement", "reason", "expected"), [
    ("An incident notification sent to the following subscriber bounced:",
     "Bounce type: hard bounce - the mailbox does not exist.", C.INVALID_RECIPIENT),
    ("A notification to the following subscriber has bounced:",
     "Bounce reason: 552 5.2.2 Mailbox full", C.MAILBOX_FULL),
    ("Eine Benachrichtigung an den folgenden Abonnenten ist zurückgekommen:",
     "Grund: Postfach existiert nicht", C.INVALID_RECIPIENT),
    ("Une notification envoyée aux abonnés suivants a rebondi :",
     "Raison : boîte aux lettres inexistante", C.INVALID_RECIPIENT),
])
def test_a_subscriber_bounce_notice_names_the_subscriber(statement, reason, expected):
    body = f"{statement}\n\nsam@fabrikam.example\n\n{reason}\n\nWe removed this subscriber.\n"
    raw = _tool("Status <noreply@status.example>", "Subscriber removed", body)
    assert _outcome(raw) == [("sam@fabrikam.example", "bounce", expected)]


@pytest.mark.parametrize(("subject", "body", "headers"), [
    # a campaign report that only counts its bounces
    ("Resultados de tu campaña", "Tu campaña ya fue enviada.\n\n  Aperturas:  1.501\n"
     "  Rebotes:       54 (12 duros, 42 blandos)\n\nLos suscriptores con rebote duro se marcaron "
     "como inactivos.\n", "Auto-Submitted: auto-generated\n"),
    ("Your campaign results", "Your campaign was sent to 4,812 subscribers.\n\n  Opens: 1,501\n"
     "  Bounces: 54 (12 hard, 42 soft)\n\nHard-bounced subscribers were cleaned.\n", ""),
    # a newsletter about bounces that quotes a report's table
    ("How to read a bounce report", "The following addresses bounced:\n\n"
     "a.berg@fabrikam.example     Hard bounce    550 5.1.1 User unknown\n",
     "List-Unsubscribe: <mailto:unsubscribe@newsletter-tool.example>\n"),
])
def test_a_report_that_names_no_bounced_address_or_a_newsletter_gives_no_record(subject, body, headers):
    sender = "Reports <reports@newsletter-tool.example>"
    raw = _tool(sender, subject, body, headers=headers)
    assert bouncekit.parse(raw).records == ()


# --- 2. a help desk's notice of a failed reply, not its acknowledgement ------------------

_REPLY_FAILED = (
    "Hi Dana,\n\nWe weren't able to deliver your reply to jmiller@fabrikam.example in\n"
    "conversation #4821 in the Support mailbox.\n\nThe customer's mail server responded with:\n\n"
    "  550 5.1.1 The email account that you tried to reach does not exist.\n"
)


@pytest.mark.parametrize("subject", [
    "Undeliverable: Re: Refund for order #48213 [#4821]",
    "Delivery failed: Re: [Ticket #4821] Refund",
    "Unzustellbar: AW: Rückerstattung [#4821]",
])
def test_a_help_desks_notice_that_a_reply_failed_is_a_bounce_of_the_customer(subject):
    raw = _tool("Help Desk <notifications@helpdesk.example>", subject, _REPLY_FAILED)
    [record] = bouncekit.parse(raw).records
    assert (record.recipient, str(record.event)) == ("jmiller@fabrikam.example", "bounce")
    assert record.status == "5.1.1"


@pytest.mark.parametrize(("subject", "body"), [
    ("[#4821] We received your request", "We have received your request and will reply soon.\n"),
    # an acknowledgement whose subject quotes the bounce a customer sent in
    ("Undeliverable: invoice [#4821]", "We have received your request (#4821).\n\n" + _REPLY_FAILED),
])
def test_a_help_desks_acknowledgement_stays_an_automatic_reply(subject, body):
    raw = _tool("Help Desk <support@helpdesk.example>", subject, body)
    [record] = bouncekit.parse(raw).records
    assert record.event is Event.AUTO_REPLY


@pytest.mark.parametrize(("subject", "body"), [
    ("[Shop] Re: Wholesale orders address?",
     "##- Please type your reply above this line -##\n\nYour request (48377) has been received and is "
     "being reviewed by our support staff.\n\n----\n\nPiet van Dam\n\nI tried to email your sales team and "
     "got this back:\n\n<sales@shop.example>: host mx.shop.example[192.0.2.14] said: 550 5.1.1\n"
     "    <sales@shop.example>: Recipient address rejected: User unknown (in reply to RCPT TO command)\n"),
    ("Ticket 20391 opened: Mail to orders bounced",
     "Ticket #20391 has been created. An agent will answer within one business day.\n\n"
     "Your message:\nOur mail to orders@shop.example came back: 'Delivery has failed to these recipients: "
     "orders@shop.example. 550 5.1.10 RESOLVER.ADR.RecipientNotFound'\n"),
    ("Re: Rückläufer", "Wir haben Ihre Anfrage erhalten (Vorgang 4471).\n\nIhre Nachricht:\n"
     "Die Mail an kasse@shop.example kam zurück: 550 5.1.1 Benutzer unbekannt. Was tun?\n"),
])
def test_an_acknowledgement_quoting_the_bounce_a_customer_got_is_no_bounce(subject, body):
    # The desk's text acknowledges first, then quotes its writer's words about a bounce:
    # the quoted address is the desk's own, which nothing must suppress.
    raw = _tool("Shop Support <support@shop.zendesk.example>", subject, body)
    assert [r for r in bouncekit.parse(raw).records if r.event is Event.BOUNCE] == []


@pytest.mark.parametrize(("subject", "body"), [
    ("[Ticket #512] Returned mails (updated)",
     "Ticket #512 has been updated by Omar (IT Support).\n\nYour report:\n"
     "  lee@harbour.example - 550 5.1.1 User unknown\n  ops@mill.example - 552 5.2.2 Mailbox full\n\n"
     "Omar wrote:\n  Both addresses are the recipients' problem; nothing to do on our side.\n"),
    ("Re: [#SUP-2231] Undelivered mail to a supplier",
     "Your request SUP-2231 was updated.\n\nAgent reply:\n  The supplier's server said\n"
     "  \"554 5.7.1 Service unavailable; client host blocked\" for buyer@supplier.example.\n"
     "  We have asked our provider to delist the address.\n"),
    ("[Ticket#2024101610000012] Unzustellbare E-Mails",
     "Ihr Vorgang 7781 wurde aktualisiert.\n\nAntwort von Jana:\n"
     "  kasse@stadt.example meldet \"550 5.1.1 Benutzer unbekannt\". Die Adresse gibt es nicht mehr.\n"),
])
def test_a_ticket_update_quoting_bounced_addresses_gives_no_record(subject, body):
    raw = _tool("Service Desk <desk@corp.example>", subject, body)
    assert bouncekit.parse(raw).records == ()


def test_a_help_desks_notice_that_a_reply_failed_stays_a_bounce_though_it_was_updated():
    # Near miss: the desk says its own reply failed; "updated" in passing changes nothing.
    raw = _tool("Help Desk <notifications@helpdesk.example>",
                "Undeliverable: Re: Refund for order #48213 [#4821]",
                _REPLY_FAILED + "\nThe conversation has not been updated.\n")
    [record] = bouncekit.parse(raw).records
    assert (record.recipient, str(record.event)) == ("jmiller@fabrikam.example", "bounce")


# --- 3. a provider's sending limit: the recipients it did not send to --------------------

@pytest.mark.parametrize(("subject", "statement", "cause"), [
    ("Laiškas neišsiųstas", "Jūsų laiškas nebuvo išsiųstas šiems gavėjams:",
     "Priežastis: viršytas leidžiamas išsiunčiamų laiškų skaičius per valandą."),
    ("Vēstule nav nosūtīta", "Jūsu vēstule netika nosūtīta šiem adresātiem:",
     "Iemesls: pārsniegts sūtīšanas limits."),
    ("Kiri saatmata", "Teie kirja ei saadetud järgmistele saajatele:",
     "Põhjus: saatmise limiit on ületatud."),
    ("Viesti lähettämättä", "Viestiä ei lähetetty seuraaville vastaanottajille:",
     "Syy: tunnin lähetysraja ylittyi."),
    ("Meddelandet skickades inte", "Meddelandet skickades inte till följande mottagare:",
     "Orsak: sändningsgränsen har överskridits."),
    ("Wiadomość niewysłana", "Wiadomość nie została wysłana do następujących odbiorców:",
     "Powód: przekroczono limit wysyłki."),
    ("Zpráva neodeslána", "Zpráva nebyla odeslána těmto příjemcům:",
     "Důvod: byl překročen limit odesílání."),
    ("A levél nem lett elküldve", "A levél nem lett elküldve a következő címzetteknek:",
     "Hiba oka: túllépte az óránként küldhető levelek számát."),
])
def test_a_providers_sending_limit_rejects_each_recipient(subject, statement, cause):
    body = f"{statement}\n\n    rasa@fabrikam.example\n    info@contoso.example\n\n{cause}\n"
    assert _outcome(plain_bounce(subject, body)) == [
        ("rasa@fabrikam.example", "rejected", C.SOFT_BOUNCE),
        ("info@contoso.example", "rejected", C.SOFT_BOUNCE),
    ]


# --- 4. the statements of a notice in the languages of the tables ------------------------

@pytest.mark.parametrize(("subject", "statement", "reason", "expected"), [
    ("Писмото не е доставено", "Вашето писмо не може да бъде доставено до следния получател:",
     "Причина: Няма такъв потребител.", C.INVALID_RECIPIENT),
    ("메일 발송 실패 안내", "고객님께서 보내신 메일이 아래 수신자에게 전달되지 못했습니다.",
     "실패 원인 : 받는 사람의 메일함 용량이 초과되어 메일을 받을 수 없습니다.", C.MAILBOX_FULL),
    ("Kézbesítési hiba", "Az Ön által küldött levelet nem tudtuk kézbesíteni az alábbi címzettnek:",
     "Hiba oka: a címzett postafiókja fel van függesztve (a fiók inaktív).", C.SOFT_BOUNCE),
    ("Skeyti ekki afhent", "Ekki tókst að afhenda skeytið þitt til eftirfarandi viðtakanda:",
     "Ástæða: notandi er ekki til.", C.INVALID_RECIPIENT),
    ("Laiškas nepristatytas", "Jūsų laiškas nebuvo pristatytas šiam gavėjui:",
     "Priežastis: tokio vartotojo nėra.", C.INVALID_RECIPIENT),
    ("Vēstule nav piegādāta", "Jūsu vēstuli nevarēja piegādāt šim adresātam:",
     "Iemesls: pastkastīte ir pilna.", C.MAILBOX_FULL),
    ("Kiri kohale toimetamata", "Teie kirja ei õnnestunud kohale toimetada järgmisele adressaadile:",
     "Põhjus: sellist kasutajat ei ole.", C.INVALID_RECIPIENT),
    ("Poruka nije isporučena", "Vaša poruka nije mogla biti isporučena sljedećem primatelju:",
     "Razlog: poštanski sandučić je pun.", C.MAILBOX_FULL),
    ("Mesaj nelivrat", "Mesajul dumneavoastră nu a putut fi livrat următorului destinatar:",
     "Motiv: cota căsuței poștale a fost depășită.", C.MAILBOX_FULL),
    ("پیام تحویل نشد", "پیام شما به گیرنده زیر تحویل داده نشد:",
     "علت: صندوق پستی پر است.", C.MAILBOX_FULL),
    ("Mesej tidak dihantar", "Mesej anda tidak dapat dihantar kepada penerima berikut:",
     "Sebab: akaun telah digantung.", C.SOFT_BOUNCE),
    ("Missatge no lliurat", "El vostre missatge no s'ha pogut lliurar al destinatari següent:",
     "Motiu: l'usuari no existeix.", C.INVALID_RECIPIENT),
])
def test_a_notice_in_the_languages_of_the_tables(subject, statement, reason, expected):
    body = f"{statement}\n\n    ana@fabrikam.example\n\n{reason}\n"
    assert _outcome(plain_bounce(subject, body)) == [("ana@fabrikam.example", "bounce", expected)]


@pytest.mark.parametrize(("subject", "statement", "event"), [
    ("لم يتم إرسال الرسالة", "لم يتم إرسال رسالتك إلى المستلم التالي:", "rejected"),
    ("ההודעה לא נשלחה", "ההודעה שלך לא נשלחה לנמען הבא:", "rejected"),
    ("संदेश नहीं भेजा गया", "आपका संदेश निम्नलिखित प्राप्तकर्ता को नहीं भेजा गया:", "rejected"),
    ("ข้อความไม่ได้ถูกส่ง", "ข้อความของคุณไม่ได้ถูกส่งถึงผู้รับต่อไปนี้:", "rejected"),
    ("Thư không được gửi", "Thư của bạn không được gửi tới người nhận sau:", "rejected"),
    ("Mezua ez da bidali", "Zure mezua ez da bidali hartzaile honi:", "rejected"),
    ("Mensaxe non enviada", "A túa mensaxe non foi enviada ao seguinte destinatario:", "rejected"),
    ("لم يتم تسليم الرسالة بعد", "لم يتم تسليم رسالتك بعد. سنحاول مرة أخرى:", "delayed"),
    ("ההודעה עדיין לא נמסרה", "ההודעה שלך עדיין לא נמסרה. ננסה שוב:", "delayed"),
    ("Thư chưa được gửi", "Thư của bạn chưa được gửi. Hệ thống sẽ thử lại:", "delayed"),
    ("Mensaxe aínda non entregada", "A túa mensaxe aínda non foi entregada. Tentarémolo de novo:", "delayed"),
])
def test_a_sending_limit_or_a_delay_in_more_languages(subject, statement, event):
    body = f"{statement}\n\n    ana@fabrikam.example\n\nReason: sending limit exceeded (200 per hour)\n"
    if event == "delayed":
        body = f"{statement}\n\n    ana@fabrikam.example\n"
    [record] = bouncekit.parse(plain_bounce(subject, body)).records
    assert (record.recipient, str(record.event)) == ("ana@fabrikam.example", event)


@pytest.mark.parametrize(("subject", "statement"), [
    ("Tilkynning: skeyti hefur ekki enn verið afhent",
     "Ekki hefur enn tekist að afhenda skeytið þitt til eftirfarandi viðtakanda:"),
    ("Писмото все още не е доставено", "Писмото все още не е доставено до получателя:"),
    ("A levél kézbesítése késik", "A levelet még nem sikerült kézbesíteni a címzettnek:"),
    ("Laiškas dar nepristatytas", "Laiškas dar nepristatytas gavėjui:"),
    ("Mesajul nu a fost încă livrat", "Mesajul nu a fost încă livrat destinatarului:"),
    ("Лист ще не доставлено", "Лист ще не доставлено одержувачу:"),
])
def test_a_delay_with_a_refused_connection_keeps_its_cause(subject, statement):
    # The cause's class, as TAXONOMY asks of a delay: a refused connection is 20 (the
    # server is there and refuses for now).
    body = (
        f"{statement}\n\n    gudrun@fabrikam.example\n\n"
        "Reason: connect to mx.fabrikam.example[192.0.2.7]:25: Connection refused\n"
    )
    assert _outcome(plain_bounce(subject, body)) == [("gudrun@fabrikam.example", "delayed", C.SOFT_BOUNCE)]


# --- 5. delays that say no cause, and a notice with a failure beside a delay -------------

@pytest.mark.parametrize(("subject", "body"), [
    ("Письмо пока не доставлено: Предложение",
     "Письмо «Предложение», отправленное клиенту Иванова Наталья (n.ivanova@fabrikam.example), "
     "пока не доставлено.\n\nМы повторим попытку отправки автоматически.\n"),
    ("Email not delivered yet: Proposal",
     "Your email \"Proposal\" to Nora Ivanova (n.ivanova@fabrikam.example) has not been delivered yet.\n\n"
     "We will try again automatically.\n"),
    ("E-Mail noch nicht zugestellt: Angebot",
     "Ihre E-Mail „Angebot“ an Nora Ivanova (n.ivanova@fabrikam.example) wurde noch nicht zugestellt.\n\n"
     "Wir versuchen es weiter.\n"),
])
def test_a_crms_notice_that_a_mail_is_still_queued_is_a_delay(subject, body):
    raw = _tool("CRM <no-reply@crm.example>", subject, body)
    assert _outcome(raw) == [("n.ivanova@fabrikam.example", "delayed", C.TRANSIENT)]


@pytest.mark.parametrize("heading", [
    "The following addresses have not yet been delivered. We will keep trying, and will notify "
    "you again if they fail permanently:",
    "The following addresses have not yet been delivered; you will be told if delivery fails "
    "permanently:",
    "Folgende Adressen wurden noch nicht zugestellt. Wir versuchen es weiter und melden uns, falls "
    "die Zustellung endgültig fehlschlägt:",
])
def test_a_recipient_listed_as_still_tried_beside_a_failed_one_is_delayed(heading):
    body = (
        "A message you sent could not be delivered to some or all of its recipients.\n"
        "The following addresses were undeliverable:\n\n"
        "  kwame@fabrikam.example: 550 5.1.1 <kwame@fabrikam.example>: No such user\n\n"
        f"{heading}\n\n  efua@contoso.example: delivery deferred, will retry\n"
    )
    assert _outcome(plain_bounce("Delivery Status Notification", body)) == [
        ("kwame@fabrikam.example", "bounce", C.INVALID_RECIPIENT),
        ("efua@contoso.example", "delayed", C.TRANSIENT),
    ]


def test_a_notice_that_gave_up_on_all_its_recipients_is_no_delay():
    body = (
        "Delivery to the following recipients failed permanently after retrying for 5 days:\n\n"
        "  efua@contoso.example: delivery deferred, will retry\n"
    )
    assert _outcome(plain_bounce("Delivery Status Notification (Failure)", body))[0][1] == "bounce"


# --- 6. a gateway's notice whose reason is a table of labelled fields --------------------

def test_a_filters_notice_takes_its_policy_fields_not_the_messages_header_lines():
    body = (
        "Email Security has blocked a message you sent.\n\n"
        "  Sender:      m.lind@example.org\n  Recipient:   procurement@fabrikam.example\n"
        "  Subject:     Spring offer\n  Received:    2024-05-14 09:12:38 UTC\n"
        "  Message ID:  <a41f0e2c@example.org>\n\n"
        "Policy:   Inbound spam policy\nRule:     Spam – high confidence (score 9.1)\n"
        "Action:   Delete entire message; notify sender\n\n"
        "The message was not delivered.\n"
    )
    [record] = bouncekit.parse(_tool("Gateway <no-reply@gateway.example>", "Message blocked", body)).records
    assert record.bounce_class is C.SPAM_CONTENT
    assert not record.diagnostic.startswith(("Received", "Message ID", "Subject"))


@pytest.mark.parametrize(("label", "verdict", "expected"), [
    ("Verdict", "Phishing &ndash; link to a credential-harvesting page", C.SPAM_CONTENT),
    ("Urteil", "Virus gefunden: Troj/Agent-XYZ", C.PROHIBITED_ATTACHMENT),
    ("Veredicto", "Spam &ndash; alta confianza", C.SPAM_CONTENT),
])
def test_an_html_gateway_table_gives_its_verdict_cell(label, verdict, expected):
    body = (
        "<html><body><h2>Your email was not delivered</h2>"
        "<p>Our gateway prevented it from reaching the recipient.</p><table>"
        "<tr><td>From</td><td>billing@example.org</td></tr>"
        "<tr><td>To</td><td>ap@fabrikam.example</td></tr>"
        "<tr><td>Subject</td><td>Updated bank details</td></tr>"
        "<tr><td>Sent</td><td>Oct 8, 2024 07:55 UTC</td></tr>"
        f"<tr><td>{label}</td><td>{verdict}</td></tr></table></body></html>"
    )
    raw = _tool("Gateway <noreply@gateway.example>", "Your email to ap@fabrikam.example was blocked", body,
                html=True)
    [record] = bouncekit.parse(raw).records
    assert (record.recipient, record.bounce_class) == ("ap@fabrikam.example", expected)


def test_a_verdict_field_gives_the_reason_where_the_prose_says_none():
    body = (
        "Your message could not be delivered.\n\nRecipient: ap@fabrikam.example\n"
        "We are sorry for any inconvenience this may cause.\n"
        "Verdict: Spam - high confidence\n"
    )
    [record] = bouncekit.parse(plain_bounce("Undeliverable", body)).records
    assert record.bounce_class is C.SPAM_CONTENT


def test_a_dsn_action_field_is_no_verdict():
    assert verdict_fields("Action: failed\nStatus: 5.0.0\n") is None
    assert verdict_fields("Rule: Spam\nAction: Quarantined\n") == "Spam Quarantined"


# --- 7. a forwarder's notice: the destination failed, the sender wrote to another ---------

@pytest.mark.parametrize(("statement", "label"), [
    ("Your email to contact@studio.example is forwarded to another mailbox, and that mailbox's "
     "server refused it:", "Forwarded to:"),
    ("Ihre Nachricht an contact@studio.example wird an ein anderes Postfach weitergeleitet; dessen "
     "Server hat sie abgelehnt:", "Weitergeleitet an:"),
    ("Votre message à contact@studio.example est transféré vers une autre boîte, dont le serveur l'a "
     "refusé :", "Transféré à :"),
    ("Su mensaje a contact@studio.example se reenvía a otro buzón y su servidor lo rechazó:",
     "Reenviado a:"),
])
def test_a_forwarders_notice_names_the_destination_and_the_original_recipient(statement, label):
    body = (
        f"We couldn't forward your email.\n\n{statement}\n\n"
        f"  {label}  founder@mailhost.example\n  Error:  550 5.1.1 The email account does not exist.\n"
    )
    [record] = bouncekit.parse(plain_bounce("Delivery failure: Proposal", body)).records
    assert record.recipient == "founder@mailhost.example"
    assert record.original_recipient == "contact@studio.example"
    assert record.bounce_class is C.INVALID_RECIPIENT


def test_a_forwarders_original_recipient_label_names_the_address_written_to():
    body = (
        "Your message could not be forwarded.\n\n  Original recipient: contact@studio.example\n"
        "  Forwarded to:       founder@mailhost.example\n  Error: 552 5.2.2 Mailbox full\n"
    )
    [record] = bouncekit.parse(plain_bounce("Undeliverable", body)).records
    assert record.recipient == "founder@mailhost.example"
    assert record.original_recipient == "contact@studio.example"


# --- 8. the sender's own gateway kept it; the customer's provider refused it as spam ------

@pytest.mark.parametrize(("subject", "body"), [
    ("Mensaje bloqueado", "Su mensaje no se ha enviado.\n\nInfringe la política de protección de datos y ha "
     "sido retenido en cuarentena.\n\n  Destinatario:  ventas@fabrikam.example\n"
     "  Motivo:        Protección de datos (DLP) - números de tarjeta de crédito\n"),
    ("Message bloqué", "Votre message n'a pas été envoyé.\n\nIl enfreint la politique de protection des "
     "données de l'entreprise.\n\n  Destinataire :  ventas@fabrikam.example\n"
     "  Raison :        numéros de carte bancaire\n"),
    ("Nachricht blockiert", "Ihre Nachricht wurde nicht versendet.\n\nSie verstößt gegen die Richtlinie "
     "zum Datenschutz (DLP).\n\n  Empfänger:  ventas@fabrikam.example\n"
     "  Grund:      Kreditkartennummern\n"),
    ("Message held", "Your message was not sent.\n\nOur data loss prevention policy held it.\n\n"
     "  Recipient:  ventas@fabrikam.example\n  Reason:     credit card numbers\n"),
])
def test_the_senders_own_dlp_hold_is_a_rejection(subject, body):
    raw = message(
        f"Return-Path: <>\nFrom: Email Security <postmaster@example.org>\nTo: clerk@example.org\n"
        f"Subject: {subject}\nContent-Type: text/plain; charset=utf-8", body,
    )
    [record] = bouncekit.parse(raw).records
    assert (record.recipient, record.event) == ("ventas@fabrikam.example", Event.REJECTED)


def test_a_recipients_bounce_with_a_privacy_footer_stays_a_bounce():
    body = (
        "Ihre Nachricht konnte nicht zugestellt werden.\n\n  Empfänger:  ventas@fabrikam.example\n"
        "  Grund:      550 5.1.1 Benutzer unbekannt\n\n"
        "Hinweise zum Datenschutz finden Sie auf unserer Seite.\n"
    )
    [record] = bouncekit.parse(plain_bounce("Unzustellbar", body)).records
    assert record.event is Event.BOUNCE


@pytest.mark.parametrize(("body", "expected"), [
    ("The order confirmation for order #1042 couldn't be delivered to\nmaria@fabrikam.example.\n\n"
     "The customer's email provider rejected the email as spam.\n", C.SPAM_CONTENT),
    ("2 contacts were not sent this campaign:\n\n  p.oneil@fabrikam.example\n"
     "    Reason: Invalid email address. The address failed validation and was not sent to.\n",
     C.INVALID_RECIPIENT),
])
def test_an_applications_own_reason_is_classified(body, expected):
    raw = _tool("Shop <mailer@shop.example>", "Customer email not delivered", body)
    [record] = bouncekit.parse(raw).records
    assert record.bounce_class is expected


# --- 9. warnings and summaries for the mailbox's owner give no record --------------------

@pytest.mark.parametrize(("subject", "body"), [
    ("Avviso: la tua casella di posta è quasi piena",
     "la casella di posta segreteria@example.it ha raggiunto il 92% dello spazio disponibile.\n\n"
     "Quando lo spazio sarà esaurito i mittenti riceveranno un avviso di mancato recapito.\n"),
    ("Aviso: su buzón está casi lleno",
     "Su buzón ha alcanzado el 93 % de su capacidad. Cuando esté lleno, los mensajes no podrán ser "
     "entregados y los remitentes recibirán un aviso.\n"),
    ("Aviso: a sua caixa de correio está quase cheia",
     "A sua caixa de correio atingiu 95% da quota. Quando estiver cheia, as mensagens não poderão ser "
     "entregues.\n"),
    ("Waarschuwing: uw mailbox is bijna vol",
     "Uw mailbox is voor 94% gevuld. Als hij vol is, kunnen berichten niet worden afgeleverd.\n"),
    ("Ostrzeżenie: twoja skrzynka jest prawie pełna",
     "Twoja skrzynka osiągnęła 91% limitu. Gdy się zapełni, wiadomości nie zostaną dostarczone.\n"),
    ("Upozornění: vaše schránka je téměř plná",
     "Vaše schránka je zaplněna z 96 %. Po zaplnění nebude možné zprávy doručit.\n"),
    ("Figyelmeztetés: a postafiókja majdnem tele van",
     "Az Ön postafiókja majdnem tele van. Ha megtelik, a leveleket nem tudjuk kézbesíteni.\n"),
    ("Varoitus: postilaatikkosi on lähes täynnä",
     "Postilaatikkosi on lähes täynnä. Kun se on täynnä, viestejä ei voitu toimittaa.\n"),
    ("Пощенската ви кутия е почти пълна",
     "Вашата пощенска кутия е почти пълна. Когато се напълни, писмата не могат да бъдат доставени.\n"),
    ("Jūsų pašto dėžutė beveik pilna",
     "Jūsų pašto dėžutė beveik pilna. Kai ji bus pilna, laiškų nepavyko pristatyti.\n"),
    ("Jūsu pastkastīte ir gandrīz pilna",
     "Jūsu pastkastīte ir gandrīz pilna. Kad tā būs pilna, vēstules netika piegādātas.\n"),
    ("Teie postkast on peaaegu täis",
     "Teie postkast on peaaegu täis. Kui see on täis, ei õnnestunud kirju kohale toimetada.\n"),
    ("Căsuța dumneavoastră este aproape plină",
     "Căsuța dumneavoastră poștală este aproape plină. Când va fi plină, mesajele nu au putut fi livrate.\n"),
    ("Το γραμματοκιβώτιό σας είναι σχεδόν γεμάτο",
     "Το γραμματοκιβώτιό σας είναι σχεδόν γεμάτο. Όταν γεμίσει, τα μηνύματα δεν παραδόθηκε.\n"),
    ("Ваша поштова скринька майже заповнена",
     "Ваша поштова скринька майже заповнена. Коли вона заповниться, листи не вдалося доставити.\n"),
    ("Pósthólfið þitt er næstum fullt",
     "Pósthólfið þitt er næstum fullt. Þegar það er fullt var ekki hægt að afhenda skeyti.\n"),
    ("Vaš poštanski sandučić je gotovo pun",
     "Vaš poštanski sandučić je gotovo pun. Kad se napuni, poruka nije isporučena.\n"),
    ("Posta kutunuz neredeyse dolu",
     "Posta kutunuz neredeyse doldu. Dolduğunda mesajlar teslim edilemedi.\n"),
    ("고객님의 메일함이 거의 가득 찼습니다",
     "고객님의 메일함이 거의 가득 찼습니다. 가득 차면 메일이 전달되지 못합니다.\n"),
])
def test_a_nearly_full_warning_to_the_owner_gives_no_record(subject, body):
    raw = message(
        f"From: Provider <noreply@provider.example>\nTo: owner@example.org\nSubject: {subject}\n"
        "Auto-Submitted: auto-generated\nContent-Type: text/plain; charset=utf-8", body,
    )
    assert bouncekit.parse(raw).records == ()


@pytest.mark.parametrize(("subject", "body"), [
    ("Messaggi in quarantena", "I seguenti messaggi destinati a te sono in quarantena e non sono stati "
     "recapitati alla tua casella.\n\n  promo@deals.example   Offerta   Spam\n"),
    ("Mensajes en cuarentena", "Los siguientes mensajes para usted están retenidos en cuarentena y no se "
     "han entregado a su buzón.\n\n  promo@deals.example   Oferta   Spam\n"),
])
def test_a_hold_summary_for_the_reader_gives_no_record(subject, body):
    raw = message(
        f"From: Filter <postmaster@filter.example>\nTo: reader@example.org\nSubject: {subject}", body,
    )
    assert bouncekit.parse(raw).records == ()


def test_a_full_mailbox_bounce_in_italian_is_still_a_bounce():
    body = (
        "Il messaggio non è stato recapitato al destinatario:\n\n    ana@fabrikam.example\n\n"
        "Motivo: 552 5.2.2 la casella di posta del destinatario è piena\n"
    )
    [record] = bouncekit.parse(plain_bounce("Mancato recapito", body)).records
    assert (record.recipient, record.bounce_class) == ("ana@fabrikam.example", C.MAILBOX_FULL)


def test_a_number_in_brackets_opening_a_line_is_no_smtp_reply():
    # "(200 laiškų)" continues the reason of a sending limit; only 4xx and 5xx replies
    # open a line as a failure's reply.
    assert reply_in("Priežastis: viršytas laiškų skaičius per valandą\n(200 laiškų).\n") is None
    assert reply_in("Reason:\n550 5.1.1 User unknown\n") == "550 5.1.1 User unknown"


# --- 10. round 17: a gateway's block notice that repeats the blocked message's subject ----
# The returned message's subject ("A gift for you") is the sender's words, in the notice's
# subject after its opening words and in its table: not a digest's "held for you".

def _gateway(subject: str, body: str) -> bytes:
    subject = subject if subject.isascii() else Header(subject, "utf-8").encode()
    return message(
        f"Return-Path: <>\nFrom: Email Security <filter@gw.fabrikam.example>\nTo: promo@example.org\n"
        f"Subject: {subject}\nAuto-Submitted: auto-replied\nContent-Type: text/plain; charset=utf-8", body,
    )


@pytest.mark.parametrize(("subject", "body", "expected"), [
    ("Message blocked: A gift for you",
     "Your message was not delivered because it was blocked by the content filter of fabrikam.example.\n\n"
     "  Recipient:  buyer@fabrikam.example\n  Subject:    A gift for you\n"
     "  Policy:     Spam - Block Definite Spam\n\nThe message has been quarantined.\n", C.SPAM_CONTENT),
    ("Undeliverable: Exclusive deal for you",
     "The message below was not delivered and has been quarantined.\n\n"
     "  To:         buyer@fabrikam.example\n  Subject:    Exclusive deal for you\n"
     "  Reason:     550 5.7.1 Message rejected as spam\n", C.SPAM_CONTENT),
    ("Nachricht blockiert: Ein Angebot für Sie",
     "Ihre Nachricht wurde nicht zugestellt und in Quarantäne verschoben.\n\n"
     "  Empfänger:  einkauf@fabrikam.example\n  Betreff:    Ein Angebot für Sie\n"
     "  Regel:      Spam - hohe Wahrscheinlichkeit\n", C.SPAM_CONTENT),
    ("Message bloqué : Une offre pour vous",
     "Votre message n'a pas été remis : il a été placé en quarantaine.\n\n"
     "  Destinataire :  achats@fabrikam.example\n  Objet :         Une offre pour vous\n"
     "  Raison :        550 5.7.1 message refusé comme spam\n", C.SPAM_CONTENT),
])
def test_a_gateways_block_notice_is_no_digest_for_the_reader(subject, body, expected):
    [record] = bouncekit.parse(_gateway(subject, body)).records
    assert record.recipient.endswith("@fabrikam.example")
    assert (record.event, record.bounce_class) == (Event.BOUNCE, expected)


def test_a_digest_whose_own_subject_speaks_to_the_reader_still_gives_no_record():
    body = "The following messages were quarantined:\n\n  promo@deals.example   Offer   Spam\n"
    raw = message(
        "From: Filter <postmaster@filter.example>\nTo: reader@example.org\n"
        "Subject: Quarantine summary: 3 new messages for you", body,
    )
    assert bouncekit.parse(raw).records == ()


# --- 11. round 17: an application quoting its mail library's refusal ------------------------
# A shop, a CMS, a job queue: the library's error carries the server's reply, and the
# alert names the recipient.

@pytest.mark.parametrize(("sender", "subject", "body", "expected"), [
    # PHPMailer, in a WordPress site's alert
    ("WordPress <wordpress@blog.example>", "Email failed",
     "The site could not send a notification.\n\n"
     "SMTP Error: The following recipients failed: bob@fabrikam.example: 550 5.1.1 <bob@fabrikam.example>: "
     "Recipient address rejected: User unknown in virtual mailbox table\n",
     ("bob@fabrikam.example", C.INVALID_RECIPIENT, "550")),
    # Symfony Mailer, a German shop's alert, the codes a list
    ("Shop <shop@store.example>", "Fehler beim Versand einer E-Mail",
     "Beim Versand einer E-Mail ist ein Fehler aufgetreten.\n\nEmpfänger: lena@fabrikam.example\n\n"
     'Expected response code "250/251/252" but got code "552", with message '
     '"552 5.2.2 <lena@fabrikam.example>: Mailbox full"\n', ("lena@fabrikam.example", C.MAILBOX_FULL, "552")),
    # Nodemailer
    ("Blog <alerts@blog.example>", "Newsletter delivery error",
     "Recipient: tom@contoso.example\n\nError: Can't send mail - all recipients were rejected: 550 5.1.1 "
     "<tom@contoso.example>: Recipient address rejected: User unknown\n",
     ("tom@contoso.example", C.INVALID_RECIPIENT, "550")),
    # Swift Mailer in a Laravel job, a reply without an enhanced status code
    ("Billing <billing@app.example>", "Job failed: SendInvoice",
     "The queued job SendInvoice failed.\n\nRecipient: ana@fabrikam.example\n\n"
     'Swift_TransportException: Expected response code 250 but got code "550", with message '
     '"550 Requested action not taken: mailbox unavailable"\n',
     ("ana@fabrikam.example", C.INVALID_RECIPIENT, "550")),
    # Python's smtplib, in an ERP's log mail (its tuple's code is not read as a reply)
    ("ERP <erp@erp.example>", "Mail delivery failed",
     "Mail delivery failed via SMTP server 'mail.erp.example'.\n\n"
     "SMTPRecipientsRefused: {'jean@fabrikam.example': (550, b'5.1.1 <jean@fabrikam.example>: "
     "Recipient address rejected: User unknown')}\n", ("jean@fabrikam.example", C.INVALID_RECIPIENT, "550")),
    # JavaMail
    ("Portal <portal@intranet.example>", "Notification error",
     "Recipient: kim@contoso.example\n\njavax.mail.SendFailedException: Invalid Addresses;\n"
     "  nested exception is:\n\tcom.sun.mail.smtp.SMTPAddressFailedException: 552 5.2.2 Mailbox over quota\n",
     ("kim@contoso.example", C.MAILBOX_FULL, "552")),
])
def test_an_applications_alert_quoting_its_mail_librarys_refusal_is_a_bounce(sender, subject, body, expected):
    subject = subject if subject.isascii() else Header(subject, "utf-8").encode()
    raw = message(f"From: {sender}\nTo: admin@example.org\nSubject: {subject}\n"
                  "Content-Type: text/plain; charset=utf-8", body)
    [record] = bouncekit.parse(raw).records
    assert (record.recipient, record.bounce_class, record.reply_code) == expected
    assert record.event is Event.BOUNCE


@pytest.mark.parametrize(("sender", "subject", "body"), [
    # someone asking about the error on a list or a forum
    ("Dev <dev@example.com>", "Laravel mail error",
     'Hi all, my app fails with: Expected response code 250 but got code "550", with message '
     '"550 5.7.1 Relaying denied". Any idea what is wrong?\n'),
    # a person's reply quoting an alert, recipient and all
    ("Dana <dana@example.com>", "Re: Email failed",
     "Can you look at this?\n\nRecipient: bob@fabrikam.example\n"
     "SMTP Error: The following recipients failed: bob@fabrikam.example: 550 5.1.1 User unknown\n"),
    # the site's own login refused: no recipient was refused
    ("Shop <noreply@store.example>", "Email sending error",
     "Recipient: lena@fabrikam.example\n\nError: Failed to authenticate on SMTP server: "
     'Expected response code 235 but got code "535", with message '
     '"535 5.7.8 Error: authentication failed"\n'),
])
def test_a_mail_librarys_error_quoted_by_a_person_or_a_refused_login_gives_no_record(sender, subject, body):
    raw = message(f"From: {sender}\nTo: admin@example.org\nSubject: {subject}\n"
                  "Content-Type: text/plain; charset=utf-8", body)
    assert bouncekit.parse(raw).records == ()


# --- 12. round 17: a digest or a newsletter sent to a list that says "delayed" -------------

@pytest.mark.parametrize(("subject", "body", "headers"), [
    ("Learning Portal forum digest", "BIO-101 -> Forums -> Announcements\n\nThe slides are online. The "
     "assignment deadline has been delayed to Friday.\n", "List-Unsubscribe: <https://learn.example/unsub>\n"),
    ("Community summary", "Popular this week: the release of version 3.2 has been postponed while we "
     "fix a bug.\n", "List-Id: <summary.community.example>\n"),
    ("Wochenübersicht", "Die Zustellung der neuen Hefte wurde verzögert; sie kommen nächste Woche.\n",
     "Precedence: bulk\n"),
    ("School newsletter", "The trip to the museum is postponed. Delivery of the yearbooks was delayed "
     "too.\n", "Precedence: list\n"),
])
def test_a_digest_sent_to_a_list_that_says_delayed_gives_no_record(subject, body, headers):
    raw = message(
        f"Return-Path: <>\nFrom: Portal <noreply@portal.example>\nTo: member@example.org\n"
        f"Subject: {subject}\n{headers}Content-Type: text/plain; charset=utf-8", body,
    )
    assert bouncekit.parse(raw).records == ()


@pytest.mark.parametrize(("subject", "body", "headers"), [
    ("Monthly threat report", "Spoofed bounces are on the rise: servers answered 550 5.1.1 User unknown to "
     "messages their customers never sent.\n", "List-Unsubscribe: <https://news.example/unsub>\n"),
    ("Postmaster tips", "Seeing 421 4.7.0 deferrals? Your message could not be delivered at once because "
     "the receiver limits new senders.\n", "List-Id: <tips.news.example>\n"),
])
def test_a_newsletter_quoting_server_codes_gives_no_record(subject, body, headers):
    raw = message(
        f"From: News <news@vendor.example>\nTo: reader@example.org\nSubject: {subject}\n"
        f"Auto-Submitted: auto-generated\n{headers}Content-Type: text/plain; charset=utf-8", body,
    )
    assert bouncekit.parse(raw).records == ()


def test_a_bounce_sent_with_bulk_headers_that_lists_its_recipient_is_still_one():
    body = ("Your message could not be delivered to the following recipient:\n\n"
            "    ana@fabrikam.example\n\nReason: 550 5.1.1 User unknown\n")
    raw = message(
        "Return-Path: <>\nFrom: MAILER-DAEMON@mail.contoso.example\nTo: alice@contoso.example\n"
        "Subject: Undeliverable\nPrecedence: bulk\nContent-Type: text/plain; charset=utf-8", body,
    )
    [record] = bouncekit.parse(raw).records
    assert (record.recipient, record.bounce_class) == ("ana@fabrikam.example", C.INVALID_RECIPIENT)


@pytest.mark.parametrize(("sender", "body", "headers", "expected"), [
    ("club-owner@lists.example.org", "The message you sent to club@lists.example.org was rejected because "
     "it is larger than the list's limit of 40 KB.\n", "Precedence: bulk\n", C.TOO_LARGE),
    ("owner-tango@lists.example.net", "Ihre Nachricht an tango@lists.example.net konnte nicht zugestellt "
     "werden: die Nachricht ist zu groß (Grenze 40 KB).\n", "Precedence: list\n", C.TOO_LARGE),
    ("bunko-admin@ml.example.jp",
     "あなたが bunko@ml.example.jp に送ったメールはサイズが大きすぎるため拒否されました。\n",
     "Precedence: bulk\n", C.TOO_LARGE),
])
def test_a_list_managers_notice_to_the_poster_is_a_bounce_though_sent_as_bulk(
    sender, body, headers, expected
):
    # Mailing-list managers mark their own notices bulk; one that names the list the
    # poster wrote to in its statement is no digest, even with no server code quoted.
    raw = message(
        f"Return-Path: <>\nFrom: {sender}\nTo: poster@example.com\nSubject: Your message was rejected\n"
        f"{headers}Content-Type: text/plain; charset=utf-8", body,
    )
    [record] = bouncekit.parse(raw).records
    assert record.bounce_class is expected


# --- 13. round 17: the sender's own data loss prevention, whatever it calls the failure ----
# "not delivered" rather than "not sent", but the policy keeps the content inside the
# sender's organisation: its own gateway refused to send.

@pytest.mark.parametrize(("subject", "body"), [
    ("Message blocked", "Your message was not delivered.\n\n  To:  r.stone@fabrikam.example\n\n"
     "It was blocked by the organization's data loss prevention policy: it contains content that may "
     "not be sent outside the organization.\n"),
    ("Message rejected", "Your message to r.stone@fabrikam.example could not be delivered.\n\n"
     "The DLP policy of your company does not allow this content to be sent to external recipients.\n"),
    ("Undeliverable", "Your message could not be delivered to the following recipient:\n\n"
     "    r.stone@fabrikam.example\n\nReason: Data leak prevention: card numbers may not leave the "
     "organization.\n"),
    ("Nachricht nicht zugestellt", "Ihre Nachricht konnte nicht zugestellt werden.\n\n"
     "  Empfänger:  r.stone@fabrikam.example\n  Grund:      Verhinderung von Datenverlust (DLP): "
     "vertrauliche Inhalte dürfen nicht an externe Empfänger gesendet werden.\n"),
    ("Message non remis", "Votre message n'a pas pu être remis.\n\n"
     "  Destinataire :  r.stone@fabrikam.example\n"
     "  Raison :        la politique de prévention des pertes de données (DLP) interdit l'envoi de ce "
     "contenu hors de l'organisation.\n"),
    ("Mensaje no entregado", "Su mensaje no pudo ser entregado.\n\n"
     "  Destinatario:  r.stone@fabrikam.example\n"
     "  Motivo:        la política de prevención de pérdida de datos (DLP) no permite enviar este "
     "contenido fuera de la organización.\n"),
])
def test_the_senders_own_dlp_is_a_rejection_whatever_it_calls_the_failure(subject, body):
    raw = message(
        f"Return-Path: <>\nFrom: Email Security <postmaster@example.org>\nTo: clerk@example.org\n"
        f"Subject: {subject}\nContent-Type: text/plain; charset=utf-8", body,
    )
    [record] = bouncekit.parse(raw).records
    assert (record.recipient, record.event, record.bounce_class) == (
        "r.stone@fabrikam.example", Event.REJECTED, C.MAIL_BLOCK)


def test_a_receivers_dlp_block_stays_a_bounce():
    # The recipient's gateway refused it under its own policy: "contact the recipient's
    # administrator", nothing about keeping content inside the sender's organisation.
    body = ("A message you sent has been blocked and was not delivered.\n\n"
            "  Recipient:   procurement@fabrikam.example\n"
            "  Reason:      Compliance: message matched the dictionary \"Payment Card Data\" (DLP)\n\n"
            "Contact the recipient's mail administrator if you believe this is in error.\n")
    [record] = bouncekit.parse(plain_bounce("Message blocked", body)).records
    assert (record.recipient, record.event) == ("procurement@fabrikam.example", Event.BOUNCE)


# --- 14. round 17's near misses: receipts and notices that merely mention a failure --------

@pytest.mark.parametrize(("sender", "subject", "body"), [
    # a shop's shipping notice: an order's delivery, not a mail's, was delayed
    ("Shop <noreply@shop.example>", "Your order #1042 has shipped",
     "Hello Ana,\n\nYour order #1042 has shipped. Delivery has been delayed by one day because of the "
     "holidays.\n\nOrder receipt sent to ana@fabrikam.example.\n"),
    ("Webshop <service@webshop.example>", "Versandbestätigung",
     "Ihre Bestellung ist unterwegs. Die Zustellung wurde verzögert; sie kommt am Montag.\n\n"
     "Kopie an: ana@fabrikam.example\n"),
    # a receipt that tells what to do if it went astray
    ("Billing <noreply@billing.example>", "Payment receipt",
     "Thank you for your payment of 12.00 EUR.\n\nIf this receipt was not delivered to the right person, "
     "contact billing@billing.example.\n"),
    ("Rechnung <rechnung@billing.example>", "Zahlungsbestätigung",
     "Vielen Dank für Ihre Zahlung.\n\nFalls diese Bestätigung nicht zugestellt werden konnte, "
     "schreiben Sie an rechnung@billing.example.\n"),
])
def test_a_receipt_that_mentions_a_delay_or_a_failure_in_passing_gives_no_record(sender, subject, body):
    subject = subject if subject.isascii() else Header(subject, "utf-8").encode()
    raw = message(
        f"Return-Path: <>\nFrom: {sender}\nTo: ana@fabrikam.example\nSubject: {subject}\n"
        "Auto-Submitted: auto-generated\nContent-Type: text/plain; charset=utf-8", body,
    )
    assert bouncekit.parse(raw).records == ()


def test_a_person_who_mentions_bounced_mail_gives_no_record():
    raw = message(
        "From: Dana <dana@example.com>\nTo: team@example.com\nSubject: Bounces this week",
        "Hi team, 12 invoices bounced this week; the mail to ana@fabrikam.example could not be "
        "delivered (mailbox full). Can someone call her?\n",
    )
    assert bouncekit.parse(raw).records == ()


def test_a_mail_systems_delay_notice_without_a_code_is_still_one():
    body = ("This is a warning message only.\n\nYour message to ana@fabrikam.example has not yet "
            "been delivered. The server will keep trying for 4 more days.\n")
    [record] = bouncekit.parse(plain_bounce("Warning: message delayed", body)).records
    assert (record.recipient, record.event) == ("ana@fabrikam.example", Event.DELAYED)


@pytest.mark.parametrize("statement", [
    "If you are the sender of this message, it could not be delivered to ana@fabrikam.example.",
    "Your message (if any reply was expected) could not be delivered to ana@fabrikam.example.",
])
def test_a_condition_ends_at_its_comma_or_bracket_and_the_failure_after_it_counts(statement):
    body = f"{statement}\n\nReason: 550 5.1.1 User unknown\n"
    [record] = bouncekit.parse(plain_bounce("Notice", body)).records
    assert (record.recipient, record.bounce_class) == ("ana@fabrikam.example", C.INVALID_RECIPIENT)


def test_a_crm_s_bounce_notice_naming_the_recipient_in_its_statement():
    data = ("From: CRM <noreply@notifications.crm.example>\nTo: dana@example.org\n"
            "Subject: Your email to Priya Natarajan bounced\n\nYour email bounced\n\nHi Dana,\n\n"
            "Your email \u201cFollow-up\u201d to Priya Natarajan (priya@lumen.example) bounced.\n\n"
            "Details from the recipient's server:\n550 5.1.1 <priya@lumen.example>: Recipient address"
            " rejected: User unknown in virtual mailbox table\n").encode()
    record, = bouncekit.parse(data).records
    assert (record.recipient, record.status, record.classification.bounce_class) == (
        "priya@lumen.example", "5.1.1", 10)


def test_a_ticket_made_of_a_mail_system_s_notice_gives_its_recipient():
    data = (b"From: Helpdesk <support@desk.example>\nTo: billing@example.org\n"
            b"Auto-Submitted: auto-generated\n"
            b"Subject: New ticket #2231: Delivery Status Notification (Failure)\n\n"
            b"A new ticket has been created.\n\nTicket ID: #2231\n"
            b"Requester: Mail Delivery Subsystem (mailer-daemon@googlemail.example)\n\n"
            b"Ticket description:\n\n"
            b"Your message to it@werft.example has been blocked. See technical details below.\n\n"
            b"The response from the remote server was:\n550 5.1.1 The email account that you tried to reach"
            b" does not exist.\n")
    record, = bouncekit.parse(data).records
    assert (record.recipient, record.classification.bounce_class) == ("it@werft.example", 10)
    person = data.replace(b"Mail Delivery Subsystem (mailer-daemon@googlemail.example)",
                          b"Ana Lima (ana@example.org)")
    assert bouncekit.parse(person).records == ()


def test_a_sending_tool_s_count_of_bounced_emails_over_a_table():
    data = (b"From: CRM <notification@crm.example>\nTo: mikkel@example.org\n"
            b"Subject: Bounce report: Summer service reminder\nAuto-Submitted: auto-generated\n\n"
            b"Hi Mikkel,\n\n2 emails from your mass email \"Summer service reminder\" sent on 02 Jun 2025"
            b" bounced:\n\n"
            b"Contact Name       Email                       Bounce Type   Reason\n"
            b"Ingrid Haug        ingrid@fjell.example        Hard bounce   Mailbox does not exist\n"
            b"Petter Aas         petter@hytte.example        Soft bounce   Mailbox full\n")
    report = bouncekit.parse(data)
    assert [(r.recipient, r.classification.bounce_class) for r in report.records] == [
        ("ingrid@fjell.example", 10), ("petter@hytte.example", 22)]


# --- round 40: a carrier's "Delivery delayed" about a parcel -------------------------------

def test_a_delay_notice_about_a_parcel_gives_no_record():
    body = ("Hello Tom,\n\nYour parcel SP 4471 2290 31 could not be delivered today because of severe "
            "weather in your area.\n\nWe will try again on the next working day.\n")
    raw = message("From: Tracking <tracking@parcels.example>\nTo: tom@example.org\n"
                  "Subject: Delivery delayed: your parcel SP 4471 2290 31\nAuto-Submitted: auto-generated\n"
                  "Content-Type: text/plain; charset=utf-8", body)
    assert bouncekit.parse(raw).records == ()
    # The same words about a message are a delay notice.
    mail = raw.replace(b"Your parcel SP 4471 2290 31", b"Your message to ana@fabrikam.example")
    [record] = bouncekit.parse(mail).records
    assert (record.recipient, str(record.event)) == ("ana@fabrikam.example", "delayed")


def test_a_services_weekly_summary_of_its_counts_gives_no_record():
    body = ("Hi Mara,\n\nHere is your weekly summary for example.org.\n\n  Emails received: 143\n"
            "  Rejected as spam: 3\n  Bounced by destination: 1\n\nTop aliases:\n"
            "  contact@example.org   -> mara@example.net   112\n")
    raw = message("From: Forwarder <notifications@forwarder.example>\nTo: mara@example.net\n"
                  "Subject: Your weekly report for example.org\n"
                  "Content-Type: text/plain; charset=utf-8", body)
    assert bouncekit.parse(raw).records == ()


def test_a_chinese_mailbox_capacity_warning_to_its_owner_gives_no_record():
    body = ("尊敬的用户：\n\n您的邮箱 2007013355@stu.example.edu 已使用 1.84GB，占总容量 2GB 的 92%。\n"
            "当邮箱空间已满时，您将无法接收新邮件，发给您的邮件会被退回。\n")
    raw = message("From: postmaster@example.edu\nTo: 2007013355@stu.example.edu\nSubject: 邮箱容量警告\n"
                  "Auto-Submitted: auto-generated\nContent-Type: text/plain; charset=utf-8", body)
    assert bouncekit.parse(raw).records == ()


def test_a_platforms_digest_sent_as_bulk_mail_lists_every_entry_with_its_own_event():
    # A weekly or daily digest is often marked "Precedence: bulk" and "Auto-Submitted";
    # its entries come before any sentence of failure, and an entry it never sent (an
    # address on its invalid list) is a refusal while the others bounced.
    body = (
        "Daily suppression report\n\n4 addresses were added to your suppression lists.\n\n"
        "BOUNCES (2)\nana@example.com\n    550 5.1.1 <ana@example.com>... User unknown\n"
        "bo@example.net\n    552 5.2.2 Mailbox size limit exceeded\n\n"
        "INVALID EMAILS (1)\ncy@example\n    Does not contain a valid address.\n"
    )
    raw = _tool("Sender <no-reply@sender.example>", "Your daily suppression report: 3 new addresses",
                body, headers=_AUTO + "Precedence: bulk\n")
    assert _outcome(raw) == [
        ("ana@example.com", "bounce", C.INVALID_RECIPIENT),
        ("bo@example.net", "bounce", C.MAILBOX_FULL),
        ("cy@example", "rejected", C.INVALID_RECIPIENT),
    ]


def test_a_digests_note_about_one_entry_does_not_make_the_others_refusals():
    body = (
        "Some messages of your campaign could not be delivered.\n\n"
        "Status: bounce (hard)\n  Recipient:  ana@example.com\n"
        "  SMTP reply: 550 5.1.1 <ana@example.com> recipient rejected\n\n"
        "Status: blocked\n  Recipient:  bo@example.net\n  Error:      preblocked\n"
        "  Comment:    This address was not sent to: it hard bounced on an earlier campaign.\n"
    )
    raw = _tool("Sender <no-reply@sender.example>", 'Campaign "Spring": 2 messages not delivered', body)
    assert [(r, e) for r, e, _ in _outcome(raw)] == [
        ("ana@example.com", "bounce"), ("bo@example.net", "rejected")]


def test_a_quarantine_report_to_an_administrator_is_no_bounce():
    body = (
        "Quarantine report\nPeriod: 20.03.2022 - 21.03.2022\n\nQuarantined: 2 messages\n\n"
        "1. From: buh@partner.example\n   To: glavbuh@example.org\n   Subject: Invoice\n"
        "   Reason: malicious object found\n\n"
        "2. From: promo@shop.example\n   To: office@example.org\n   Subject: Your parcel was not delivered\n"
        "   Reason: phishing\n"
    )
    raw = _tool("Mail Gateway <gateway-notify@example.org>", "Quarantine report: 2 messages", body)
    assert _outcome(raw) == []


def test_a_group_members_bounces_name_the_member_not_the_group():
    body = (
        "Messages sent to the group staff@example.org could not be delivered to one of its members.\n\n"
        "Member:          t.ade@example.net (external)\n"
        "Last error:      550 5.2.1 The email account that you tried to reach is inactive.\n"
    )
    raw = _tool("Workspace <workspace-noreply@example.com>", "Alert: Messages to a group member are bouncing",
                body)
    assert [r for r, _, _ in _outcome(raw)] == ["t.ade@example.net"]


def test_technical_details_of_a_failure_are_the_reason_of_a_bare_list():
    body = (
        "THIS IS A WARNING MESSAGE ONLY.\n\nYOU DO NOT NEED TO RESEND YOUR MESSAGE.\n\n"
        "Delivery to the following recipients has been delayed:\n\n     a@example.com\n     b@example.com\n\n"
        "Message will be retried for 2 more day(s)\n\nTechnical details of temporary failure:\n"
        "The recipient server did not accept our requests to connect."
        " [mx.example.com. 203.0.113.5: timed out]\n"
    )
    raw = _tool("Mail Delivery Subsystem <mailer-daemon@mail.example>",
                "Delivery Status Notification (Delay)", body)
    assert _outcome(raw) == [("a@example.com", "delayed", C.TIMEOUT), ("b@example.com", "delayed", C.TIMEOUT)]


def test_a_notice_that_a_block_was_lifted_is_no_bounce():
    body = (
        "We have reviewed the IP address 198.51.100.100, which was refused with\n"
        '"554 ... block for spam (BL000010)". The block has been removed.\n\nCase number: 0414\n'
    )
    raw = _tool("Postmaster Team <postmaster-noreply@isp.example>",
                "Case 0414: block removal request processed", body)
    assert _outcome(raw) == []


def test_a_filters_notice_that_a_held_message_was_released_and_delivered_is_no_bounce():
    body = (
        "Your message has been released\n\nYour message to records@clinic.example was held for review\n"
        "because it contained an attachment that could not be scanned (password-protected document).\n\n"
        "The message has now been reviewed and released, and it has been delivered to the recipient.\n"
        "No further action is needed.\n"
    )
    raw = _tool("Email Security <noreply@security.clinic.example>", "Your message has been released", body)
    assert _outcome(raw) == []
    held = body.replace("has now been reviewed and released, and it has been delivered to the recipient",
                        "was reviewed and has been deleted")
    assert _outcome(_tool("Email Security <noreply@security.clinic.example>", "Message held", held)) != []


def test_a_mail_services_weekly_report_to_its_administrator_is_no_bounce():
    body = (
        "Weekly Mail Report for example.org\n29 Jan 2024 - 04 Feb 2024\n\n"
        "Emails sent:        412\nEmails bounced:     6\n\nTop bounce reasons:\n"
        "  552 5.2.2 mailbox over quota ........ 3\n  550 5.1.1 user unknown ............... 2\n"
    )
    raw = _tool("Mail Admin <noreply@mail.example>", "Weekly mail report for example.org", body)
    assert _outcome(raw) == []


@pytest.mark.parametrize(("result", "expected"), [
    ("Line busy", C.SOFT_BOUNCE), ("No Answer", C.TIMEOUT), ("Failed - voice answer", C.INVALID_RECIPIENT),
])
def test_a_fax_services_failure_names_the_fax_address_and_its_result(result, expected):
    body = (
        "Dear customer,\n\nYour fax could not be delivered.\n\n"
        "  Sent to:        12125550143@fax.example\n  Pages:          4\n"
        f"  Result:         {result}\n\nWe have stopped trying to deliver this fax.\n"
    )
    raw = _tool("Fax <message@mail.fax.example>", "Fax Delivery Failure - 12125550143", body, headers="")
    assert _outcome(raw) == [("12125550143@fax.example", "bounce", expected)]


def test_a_providers_own_spam_verdict_on_outgoing_mail_in_german_is_a_refusal_to_send():
    body = (
        "Ihre E-Mail konnte nicht versendet werden, da sie von unseren Schutzsystemen\n"
        "als Spam eingestuft wurde. Die Nachricht wurde an keinen der folgenden\n"
        "Empfänger übermittelt:\n\nvertrieb@example.com\n\n"
        "Fehlermeldung des Servers:\n554 Reject due to policy restrictions.\n"
    )
    raw = _tool('"Mail Delivery System" <mailer-daemon@mail.example>',
                "Ihre E-Mail wurde nicht versendet: Spamverdacht", body)
    assert [(r, e) for r, e, _ in _outcome(raw)] == [("vertrieb@example.com", "rejected")]


@pytest.mark.parametrize(("statement", "cause", "heading"), [
    ('Su mensaje con asunto "Fotos" no ha podido ser enviado.',
     "Motivo: ha superado el número máximo de mensajes que puede enviar por hora desde su cuenta.",
     "Destinatarios afectados:"),
    ('Uw e-mail met het onderwerp "Uitnodiging" is niet verzonden.',
     "U heeft het maximale aantal ontvangers overschreden dat u per uur via de uitgaande\n"
     "mailserver mag versturen.", "Het bericht is niet afgeleverd bij:"),
])
def test_a_providers_own_hourly_cap_on_its_user_is_a_refusal_to_send(statement, cause, heading):
    # The reply under the list is the provider's; the closing "generated automatically, do
    # not reply" line says nothing of the recipient.
    body = (
        f"{statement}\n\n{cause}\n\n"
        "Respuesta del servidor smtp.mail.example: 452 4.5.3 Too many recipients\n\n"
        f"{heading}\n  tia@example.com\n\n"
        "Este mensaje se ha generado automáticamente. No responda a este correo.\n"
    )
    raw = _tool('"Correo" <noreply@mail.example>', "Su mensaje no ha podido ser enviado", body)
    [record] = bouncekit.parse(raw).records
    assert (record.recipient, str(record.event), record.bounce_class) == (
        "tia@example.com", "rejected", C.SOFT_BOUNCE)
    assert record.diagnostic.startswith("452 4.5.3")


def test_a_rejection_reason_label_gives_the_reason_and_an_original_message_id_no_recipient():
    body = (
        "This is the mail delivery service responsible for delivering mail to support@example.com.\n\n"
        "The message you've sent cannot be delivered.\n\n"
        "Original Message ID: <abc123@mail.example.org>\n"
        "Rejection Reason: The HTTP endpoint for this route did not accept the message after 18 attempts\n"
    )
    raw = _tool("Mail Delivery Service <postmaster@example.com>", "Mail delivery failed", body)
    [record] = bouncekit.parse(raw).records
    assert record.recipient == "support@example.com"
    assert "HTTP endpoint" in record.diagnostic



def test_a_filters_digest_of_the_readers_own_quarantine_gives_no_record():
    body = (
        "End User Digest: 2 New Messages\n\nThe emails listed below have been placed in your personal "
        "Quarantine.\n\nQuarantine\n"
        "  Undeliverable: Your parcel is on hold   notice@parcel.example   Score 98\n"
        "  Invoice overdue                         billing@invoices.example   Score 91\n"
    )
    raw = _tool("Quarantine Digest <quarantine@gw.example>", "End User Digest: 2 New Messages", body,
                headers=_AUTO + "Precedence: bulk\n")
    assert _outcome(raw) == []


def test_a_short_notice_from_a_mail_server_named_in_its_own_language():
    raw = (
        "From: Serwer poczty <poczta@poczta.example>\nTo: nora@example.org\n"
        "Subject: Wiadomość niedostarczona\nMIME-Version: 1.0\nContent-Type: text/plain; charset=utf-8\n\n"
        "Nie można dostarczyć wiadomości do adresata: a.nowak@poczta.example\nPowód: skrzynka nie istnieje.\n"
    ).encode()
    assert _outcome(raw) == [("a.nowak@poczta.example", "bounce", C.INVALID_RECIPIENT)]



def test_a_panels_warning_that_a_mailbox_is_at_a_share_of_its_quota_gives_no_record():
    body = (
        'The mailbox "billing@example.com" uses 1.8 GB of its 2 GB quota (90%).\n\n'
        'When the mailbox is full, senders receive a "Mailbox quota exceeded" bounce.\n'
    )
    raw = _tool("cPanel on box5 <cpanel@box5.host.example>",
                '[box5] The mailbox "billing@example.com" is at 90% of its quota', body)
    assert _outcome(raw) == []


# --- applications' own notices in their users' languages, from any no-reply address ------


@pytest.mark.parametrize(("sender", "subject", "body", "expected"), [
    # a no-reply address in the users' language
    ("CRM <naoresponda@crm.example>", "Seu e-mail não foi entregue",
     "Seu e-mail não foi entregue\n\nOlá, Lucas,\n\nO e-mail \"Proposta 118\" não foi entregue para "
     "contato@cliente.example.\n\nO domínio do e-mail do destinatário não foi encontrado.\n",
     [("contato@cliente.example", "bounce", C.DNS_FAILURE)]),
    ("Contabilidad <notificaciones@facturas.example>", "No pudimos entregar tu factura FE-1042",
     "No pudimos entregar tu factura electrónica FE-1042 a:\n\n"
     "compras@cliente.example - la dirección de correo no existe.\n",
     [("compras@cliente.example", "bounce", C.INVALID_RECIPIENT)]),
    # Italian, and the recipient's spam filter that "held back" the invoice further down
    ("Fatture <noreply@fatture.example>", "L'email con la fattura n. 45/2025 non è stata consegnata",
     "Ciao Studio,\n\nl'email con la fattura n. 45/2025 non è stata consegnata.\n\n"
     "Destinatario: amministrazione@cliente.example\n\nDettagli tecnici:\n"
     "    550 5.2.1 <amministrazione@cliente.example>: mailbox disabled\n",
     [("amministrazione@cliente.example", "bounce", C.SOFT_BOUNCE)]),
    ("Facturen <noreply@facturen.example>", "Je factuur 2022-044 is niet afgeleverd",
     "Hoi,\n\nJe factuur 2022-044 kon niet worden afgeleverd.\n\nOntvanger: info@kapsalon.example\n\n"
     "De mailserver van de ontvanger gaf deze melding:\n\n    554 5.7.1 Message rejected as spam.\n\n"
     "De spamfilter van de ontvanger heeft je e-mail tegengehouden.\n",
     [("info@kapsalon.example", "bounce", C.SPAM_CONTENT)]),
    # a product's name at a notifications host
    ("Books <books@notification.accounts.example>", "Invoice 1047 to Tri-County couldn't be delivered",
     "Invoice 1047 couldn't be delivered to ap@tricounty.example.\n\n"
     "The recipient's mail server said:\n550 5.1.1 <ap@tricounty.example>: Recipient address rejected: "
     "User unknown\n",
     [("ap@tricounty.example", "bounce", C.INVALID_RECIPIENT)]),
])
def test_an_applications_notice_from_a_no_reply_address_in_any_language(
    sender, subject, body, expected
):
    assert _outcome(_tool(sender, subject, body, headers="")) == expected


def test_a_notification_with_list_unsubscribe_from_a_no_reply_address_is_still_a_notice():
    # Notifications carry List-Unsubscribe to their settings page as bulk senders' rules ask.
    body = ("Your email \"Spring order\" to Dana (dana@supply.example) bounced and wasn't delivered.\n\n"
            "Response from the recipient's mail server:\n"
            "550 5.1.1 <dana@supply.example>: Recipient address rejected: User unknown\n")
    headers = "List-Unsubscribe: <https://app.crm.example/user-preferences/notifications>\n"
    notice = _tool("CRM <noreply@notifications.crm.example>", "Your email to Dana bounced", body,
                   headers=headers)
    assert _outcome(notice) == [("dana@supply.example", "bounce", C.INVALID_RECIPIENT)]
    newsletter = _tool("CRM News <news@crm.example>", "Your email to Dana bounced", body, headers=headers)
    assert _outcome(newsletter) == []
    # sent through a platform's return path, under a subject that states what failed
    path = "Return-Path: <bounces+6201-4a2e-owner=example.org@em.calendar.example>\n"
    platform = _tool("Calendar <team@calendar.example>", "Your invitation to Dana could not be delivered",
                     body, headers=headers + path)
    assert _outcome(platform) == [("dana@supply.example", "bounce", C.INVALID_RECIPIENT)]


def test_a_platforms_return_path_makes_its_notice_an_applications():
    body = ("Some of your survey invitations bounced\n\nHi Carol,\n\n2 of the invitations you sent bounced. "
            "These people didn't get your invitation:\n\n"
            "jo@earthlink.example - Bounced (hard): the email address doesn't exist.\n\n"
            "bev@juno.example - Bounced (soft): the recipient's mailbox is full.\n")
    raw = _tool("Surveys <member@surveys.example>", "Some of your survey invitations bounced", body,
                headers="Return-Path: <bounce-58113042@surveys.example>\n")
    assert _outcome(raw) == [("jo@earthlink.example", "bounce", C.INVALID_RECIPIENT),
                             ("bev@juno.example", "bounce", C.MAILBOX_FULL)]


def test_each_recipient_takes_the_reply_that_names_it():
    body = ("E-mails não entregues\n\nO e-mail \"Proposta 2019/118\" não foi entregue para alguns "
            "destinatários:\n\n"
            "compras@metal.example - caixa postal cheia.\n\njoao@metal.example - endereço inexistente.\n\n"
            "Resposta do servidor:\n552 5.2.2 <compras@metal.example>: Mailbox full\n"
            "550 5.1.1 <joao@metal.example>: Recipient address rejected: User unknown\n")
    records = bouncekit.parse(_tool("CRM <naoresponda@crm.example>", "E-mails não entregues", body)).records
    assert [(r.recipient, r.status, r.bounce_class) for r in records] == [
        ("compras@metal.example", "5.2.2", C.MAILBOX_FULL),
        ("joao@metal.example", "5.1.1", C.INVALID_RECIPIENT),
    ]


@pytest.mark.parametrize(("subject", "body", "event", "bounce_class"), [
    ("Sua mensagem não foi enviada: limite de envio por hora atingido",
     "Sua mensagem para compras@hotel.example não foi enviada.\n\n"
     "550 Limite de envio por hora excedido (500/h) - mensagem nao enviada\n", "rejected", C.SOFT_BOUNCE),
    ("E-Mails nicht versendet: Tageslimit erreicht",
     "E-Mail-Versand: Tageslimit erreicht\n\nHallo Frau Ilić,\n\nSie haben heute das tägliche Limit von 100 "
     "E-Mails für den Versand erreicht. Die folgenden E-Mails wurden nicht versendet:\n\n"
     "Rechnung RE-1088 an rechnung@praxis.example\n", "rejected", C.SOFT_BOUNCE),
    ("Votre e-mail n'a pas été envoyé",
     "Notre système n'a pas envoyé votre e-mail à commandes@epicerie.example, car il présente les "
     "caractéristiques d'un spam.\n\nDétails techniques:\n"
     "Bloqué par le filtre anti-spam sortant (score 9,4)\n",
     "rejected", C.SPAM_CONTENT),
])
def test_an_applications_own_limit_or_filter_is_a_refusal_of_the_sending_side(
    subject, body, event, bounce_class
):
    [record] = bouncekit.parse(_tool("Mailer <noreply@mailer.example>", subject, body)).records
    assert (str(record.event), record.bounce_class) == (event, bounce_class)


def test_a_filter_notice_that_stopped_the_delivery_names_the_table_recipient():
    body = ("Our virus detector has just been triggered by a message you sent:-\n"
            "  To: symposium@uni.example\n  Subject: Speaker kit\n\n"
            "One or more of the attachments (kit.zip) are on\nthe list of unacceptable attachments for this "
            "site and will not have\nbeen delivered.\n")
    raw = message("From: MailScanner <postmaster@mx.uni.example>\nTo: m@sender.example\n"
                  "Subject: Warning: E-mail viruses detected", body)
    assert [r.recipient for r in bouncekit.parse(raw).records] == ["symposium@uni.example"]


def test_each_recipient_named_in_a_table_keeps_its_own_reply():
    body = ("Bonjour,\n\nVotre e-mail « Répétition » a été envoyé à 64 adhérents. Il n'a pas pu être "
            "délivré aux 2 adhérents suivants :\n\nAdhérent | Adresse e-mail | Motif\n"
            "Bernard P. | bernard@sfr.example | Adresse inexistante (550 5.1.1 User unknown)\n"
            "Odile M. | odile@free.example | Boîte pleine (552 5.2.2 Quota exceeded)\n")
    raw = _tool("Asso <notifications@asso.example>",
                "Votre e-mail « Répétition » n'a pas pu être délivré à 2 adhérents", body, headers="")
    assert [(r.recipient, r.status) for r in bouncekit.parse(raw).records] == [
        ("bernard@sfr.example", "5.1.1"), ("odile@free.example", "5.2.2")]


@pytest.mark.parametrize(("subject", "body", "expected"), [
    ("Appointment reminder not delivered to a patient",
     "Hello,\n\nThe e-mail reminder of an appointment could not be delivered to one of your patients.\n\n"
     "Patient\tJune Harlow\n\nE-mail address\tjune.h@mail.example\n\n"
     "Appointment\tTuesday 8 March, 5:30 pm\n\n"
     "Practitioner\tDr Bastide\n\nThe patient's e-mail address seems invalid: the recipient's mail server "
     "rejected the message and says that this address does not exist.\n\n"
     "Please check the address with the patient at the next visit.\n", C.INVALID_RECIPIENT),
    ("Rappel de rendez-vous non délivré à un patient",
     "Bonjour,\n\nLe rappel de rendez-vous par e-mail n'a pas pu être délivré à l'un de vos patients.\n\n"
     "Patient\tJean Garnier\n\nAdresse e-mail\tj.garnier@mail.example\n\n"
     "Rendez-vous\tmardi 8 mars à 17h30\n\n"
     "Praticien\tM. Bastide\n\nLa boîte de réception du patient est pleine : le message a été refusé par "
     "son serveur de messagerie.\n", C.MAILBOX_FULL),
])
def test_an_applications_notice_gives_the_cause_it_states_below_the_messages_details(subject, body, expected):
    # A table of the failed message's details (who, which address, which appointment)
    # between the statement and the sentence that says why: the sentence is the cause.
    raw = _tool("Clinic app <no-reply@clinic-app.example>", subject, body, headers="")
    assert [(r.recipient, r.bounce_class) for r in bouncekit.parse(raw).records] == [
        (body.split("\t")[2].split("\n")[0], expected)]


@pytest.mark.parametrize(("sender", "subject", "body", "expected"), [
    ("Boekhoud <facturen@boekhoud.example>", "2 facturen niet aangekomen",
     "Van de 9 facturen die je vandaag hebt verstuurd, zijn er 2 niet aangekomen:\n\n"
     "2025-0064  Bakkerij  administratie@bakkerij.example  Bounce: mailbox bestaat niet (550 5.1.1)\n",
     [("administratie@bakkerij.example", C.INVALID_RECIPIENT)]),
    ("配信スタジオ <support@haishin.example>", "エラーアドレスのお知らせ",
     "11月20日に配信したメールでエラーが発生した宛先をお知らせします。\n\n■ハードバウンス\n"
     "  t.inoue@mail.example\n  550 5.1.1 <t.inoue@mail.example>... User Unknown\n",
     [("t.inoue@mail.example", C.INVALID_RECIPIENT)]),
    ("Podpis <powiadomienia@podpis.example>", "Nie doręczono przypomnienia o składce",
     "Dzień dobry,\n\nprzypomnienie o opłaceniu składki nie zostało doręczone.\n\n"
     "Odbiorca: sekretariat@tpn.example\nPowód: 550 5.1.1 User unknown\n",
     [("sekretariat@tpn.example", C.INVALID_RECIPIENT)]),
])
def test_an_applications_report_in_its_users_language_through_a_platform(sender, subject, body, expected):
    # Sent with a sending platform's return path, in the words of the application's users.
    raw = _tool(sender, subject, body, headers=_AUTO + "Return-Path: <bounces@platform-mail.example>\n")
    assert [(r.recipient, r.bounce_class) for r in bouncekit.parse(raw).records] == expected


@pytest.mark.parametrize(("return_path", "expected"), [
    ("0102018c5bbce355-a65e1b37-000000@us-east-1.amazonses.com", True),
    ("bounce-md_38241716.8ef243b4@mandrillapp.com", True),
    ("x7f3a@pm.mtasv.net", True),
    ("tickets@eventi.example", False),
])
def test_a_return_path_on_a_sending_platforms_domain_is_a_platforms(return_path, expected):
    raw = _tool("Biglietteria <biglietteria@eventi.example>", "Ordine #5881",
                "Ciao Federico,\n", headers=f"Return-Path: <{return_path}>\n")
    assert _platform_return_path(load(raw)) is expected


def test_a_platforms_alert_of_one_spam_complaint_reports_failed_mail():
    body = ("Hi there,\n\nA recipient marked one of your emails as spam. We've deactivated the address "
            "so you don't send to it again.\n\nRecipient: jess@mail.example\n")
    view = load(_tool("Mailer <support@mailer.example>", "Alert: jess@mail.example", body))
    assert _reports_failed_mail(view, view.text)


def test_a_report_row_whose_status_opens_with_not_sent_is_a_refusal_of_the_sending_side():
    body = ("Van de 9 facturen die je vandaag hebt verstuurd, zijn er 2 niet aangekomen:\n\n"
            "2025-0061  Smit Bouw  jan..smit@bouw.example        Niet verzonden: ongeldig e-mailadres\n"
            "2025-0064  Bakkerij   administratie@bakkerij.example  "
            "Bounce: mailbox bestaat niet (550 5.1.1)\n")
    raw = _tool("Boekhoud <facturen@boekhoud.example>", "2 facturen niet aangekomen", body,
                headers=_AUTO + "Return-Path: <bounces@platform-mail.example>\n")
    assert [(r.recipient, str(r.event)) for r in bouncekit.parse(raw).records] == [
        ("jan..smit@bouw.example", "rejected"), ("administratie@bakkerij.example", "bounce")]


def test_a_digests_row_that_says_its_recipient_reported_the_mail_as_spam_is_a_complaint():
    body = ("The following members could not be reached with your post \"Bake sale\":\n\n"
            "dm77@mail.example        Invalid address (hard bounce)\n"
            "reed.mom@mail.example    Marked as spam\n")
    raw = _tool("School Post <noreply@schoolpost.example>", "Undelivered: Bake sale", body)
    assert [(r.recipient, str(r.event)) for r in bouncekit.parse(raw).records] == [
        ("dm77@mail.example", "bounce"), ("reed.mom@mail.example", "complaint")]


def test_a_row_that_says_the_platform_did_not_send_for_an_earlier_complaint_stays_a_refusal():
    body = ("2 messages could not be delivered:\n\n"
            "c.fry@mail.example  607 Not delivering to a user who marked your messages as spam\n"
            "d.vance@mail.example  550 5.1.1 The email account that you tried to reach does not exist\n")
    raw = _tool("Mailer <noreply@mailer.example>", "Delivery failures", body)
    assert [(r.recipient, str(r.event)) for r in bouncekit.parse(raw).records] == [
        ("c.fry@mail.example", "rejected"), ("d.vance@mail.example", "bounce")]


@pytest.mark.parametrize(("subject", "body"), [
    ("Meddelandet har inte levererats ännu",
     "Hej!\n\nEtt meddelande från Mina sidor har ännu inte kunnat levereras till mottagaren nedan. "
     "Vi försöker igen automatiskt under de närmaste dygnen.\n\nMottagare: karin@mail.example\n"),
    ("Vertraagde aflevering: uitslag beschikbaar",
     "Beste praktijk,\n\nHet bericht hieronder is nog niet afgeleverd. We proberen het automatisch opnieuw, "
     "tot uiterlijk 48 uur na verzending.\n\nOntvanger: w.dam@mail.example\n"),
    ("Doručení faktury 2022-0031 se zpožďuje",
     "Dobrý den,\n\nfakturu se zatím nepodařilo doručit na adresu ucetni@firma.example. Server odběratele "
     "zprávu dočasně odmítl:\n\n  421 4.7.0 Messages temporarily deferred\n\n"
     "Doručení zkusíme automaticky znovu během následujících 24 hodin.\n"),
])
def test_an_applications_delay_notice_in_its_users_language_is_a_delay(subject, body):
    raw = _tool("Portal <noreply@portal.example>", subject, body)
    assert [str(r.event) for r in bouncekit.parse(raw).records] == ["delayed"]


def test_each_row_of_a_digest_keeps_its_own_outcome_failed_or_retried():
    body = ("Versandbericht: Nebenkostenabrechnung 2020\n\nGuten Tag,\n\n11 von 13 Mietparteien haben die "
            "Abrechnung erhalten.\n\n"
            "Schulze  p.schulze@web.example  Unzustellbar\n"
            "Yilmaz   a.yilmaz@mail.example  Verzögert (wird erneut versucht)\n\nTechnische Details\n"
            "p.schulze@web.example: 550 Requested action not taken: mailbox unavailable\n"
            "a.yilmaz@mail.example: 421 mx.mail.example Service not available, closing channel\n\n"
            "Verzögerte E-Mails versuchen wir noch bis zu 3 Tage lang zuzustellen.\n")
    raw = _tool("Verwalterportal <versand@portal.example>", "Versandbericht: 2 Abrechnungen nicht zugestellt",
                body, headers=_AUTO + "Return-Path: <bounces@portal.example>\n")
    assert [(r.recipient, str(r.event)) for r in bouncekit.parse(raw).records] == [
        ("p.schulze@web.example", "bounce"), ("a.yilmaz@mail.example", "delayed")]


def test_a_message_trace_report_for_an_administrator_gives_no_record():
    body = ("Message trace report\n\nRequested by: admin@cu.example\n"
            "Report: Undelivered messages, last 7 days\n\n"
            "Date (UTC)         Sender               Recipient               Subject      Status\n"
            "10/3/2023 2:14 PM  members@cu.example   info@bakery.example     Newsletter   Failed\n"
            "10/5/2023 9:02 AM  rp@cu.example        jk@auto.example         Loan papers  Failed\n")
    raw = _tool("Microsoft 365 <no-reply@microsoft.com>",
                "Your message trace report 'Undelivered messages, last 7 days' is ready", body)
    assert bouncekit.parse(raw).records == ()


def _to_reader(sender: str, reader: str, subject: str, body: str, headers: str = "") -> bytes:
    """A service's notice to its reader (the reader's own address in To)."""
    return message(
        f"From: {sender}\nTo: {reader}\nSubject: {subject}\n{headers}"
        "MIME-Version: 1.0\nContent-Type: text/plain; charset=utf-8",
        body,
    )


@pytest.mark.parametrize(("subject", "body", "expected_class"), [
    ("[Forum] Emails to you are bouncing",
     "Hi kim,\n\nRecent emails from Forum to kim@mail.example bounced. The last reply from your mail "
     "server was:\n\n552 5.2.2 <kim@mail.example>: Mailbox full\n\nWe stopped sending you notifications.\n",
     C.MAILBOX_FULL),
    ("Tu extracto no entregado",
     "Estimada clienta:\n\nEl aviso de tu extracto no ha podido entregarse en kim@mail.example.\n\n"
     "Motivo: el buzón de correo está lleno.\n",
     C.MAILBOX_FULL),
    ("Ihre E-Mail-Adresse: Benachrichtigung unzustellbar",
     "Sehr geehrter Herr Kim,\n\nwir haben versucht, Ihnen die Benachrichtigung an die E-Mail-Adresse\n"
     "    kim@mail.example\nzu senden. Die E-Mail kam als unzustellbar an uns zurück.\n",
     C.UNDETERMINED),
])
def test_a_services_notice_that_mail_to_its_reader_bounces_names_the_reader(subject, body, expected_class):
    raw = _to_reader("Service <noreply@service.example>", "kim@mail.example", subject, body)
    assert [(r.recipient, str(r.event), r.bounce_class) for r in bouncekit.parse(raw).records] == [
        ("kim@mail.example", "bounce", expected_class)]


def test_a_notice_that_the_readers_mail_to_the_service_failed_does_not_name_the_reader():
    body = ("Hello,\n\nYour email to support@service.example could not be delivered to our support team.\n\n"
            "Only registered customers can open tickets by email, and the address kim@mail.example is not "
            "linked to a customer account. Your message has been discarded.\n")
    raw = _to_reader("Support <support@service.example>", "kim@mail.example",
                     "[Not delivered] Re: Licence key", body, headers="Return-Path: <>\n")
    assert "kim@mail.example" not in [r.recipient for r in bouncekit.parse(raw).records]


def test_a_campaign_report_sent_as_bulk_mail_lists_its_bounces():
    body = ('Campaign Report: "October News"\n\nSent to 1,184 recipients\n\nOpens: 412\nBounces: 3\n\n'
            "Bounces\n-------\nmike@aol.example          hard bounce\n"
            "jlee@comcast.example      soft bounce - mailbox full\n"
            "office@law.example        soft bounce - 552 5.3.4 Message size exceeds fixed limit\n\n"
            "Hard bounces are removed from your list right away.\n")
    raw = _tool("Reports <reports@esp.example>", 'Campaign Report for "October News"', body,
                headers="Precedence: bulk\n")
    assert _outcome(raw) == [("mike@aol.example", "bounce", C.INVALID_RECIPIENT),
                             ("jlee@comcast.example", "bounce", C.MAILBOX_FULL),
                             ("office@law.example", "bounce", C.TOO_LARGE)]


def test_a_newsletter_that_mentions_undeliverable_mail_is_not_a_report():
    body = ("Spring collection is here.\n\nIf this email was undeliverable in your main inbox and landed in "
            "spam, add news@shop.example to your contacts. Is your mailbox full of offers?\n")
    raw = _tool("Shop <news@shop.example>", "Spring collection is here", body,
                headers="Precedence: bulk\nList-Unsubscribe: <mailto:unsub@shop.example>\n")
    assert bouncekit.parse(raw).records == ()


def test_an_applications_notice_that_it_did_not_send_for_an_unverified_domain_is_a_refusal():
    body = ("Email not sent: your sending domain isn't verified\n\nHello Ricardo,\n\n"
            'Your email "Samples" to buyer@coffee.example was not sent.\n\n'
            "The domain nova.example must have valid SPF and DKIM records before we can send.\n")
    raw = _tool("CRM <no-reply@crm.example>", "Email not sent: domain verification required", body,
                headers="")
    assert [(r.recipient, str(r.event)) for r in bouncekit.parse(raw).records] == [
        ("buyer@coffee.example", "rejected")]


@pytest.mark.parametrize(("sender", "subject", "body", "expected"), [
    # a scanner's job report: its row says NG beside the server's reply
    ("TASKalfa <scanner@office.example>", "Rapporto risultati invio - lavoro 0317 (NG 1)",
     "Rapporto risultati invio\n\nN.  Destinazione                  Risultato\n"
     "1   m.rossi@office.example        OK\n"
     "2   l.conti@office.example        NG  Errore 1102 - 550 5.1.10 Recipient not found\n",
     [("l.conti@office.example", C.INVALID_RECIPIENT)]),
    # a payroll tool's dispatch report: "Błąd:" (error) beside the server's reply
    ("Kadry <kadry@firma.example>", "Raport wysyłki pasków - maj 2024 (1 błąd)",
     "Raport wysyłki pasków wynagrodzeń\n\nLp. Pracownik        Adres e-mail              Status\n"
     "1   Anna Nowak       a.nowak@mail.example      Wysłano\n"
     "2   Piotr Zieliński  p.zielinski@mail.example  Błąd: 552 5.2.2 Mailbox full\n",
     [("p.zielinski@mail.example", C.MAILBOX_FULL)]),
    # a German plugin's alert: "konnte ... 2 E-Mails ... nicht versenden"
    ("Shop <shop@shop.example>", "[FluentSMTP] 1 E-Mail konnte nicht gesendet werden",
     "Hallo,\n\nFluentSMTP konnte in der letzten Stunde 1 E-Mail von Ihrer Website (https://shop.example) "
     "nicht versenden.\n\n1) An:       kunde@mail.example\n   Fehler:   550 5.1.1 User unknown\n",
     [("kunde@mail.example", C.INVALID_RECIPIENT)]),
    # a Dutch service desk: "Het versturen van een e-mail ... is mislukt"
    ("Servicedesk <servicedesk@ict.example>", "TOPdesk: e-mail kon niet worden verstuurd",
     "Beste beheerder,\n\nHet versturen van een e-mail vanuit TOPdesk is mislukt.\n\n"
     "E-mailadres:  j.berg@gemeente.example\n\nReactie van de ontvangende mailserver:\n"
     "552 5.3.4 Message size exceeds fixed maximum message size\n",
     [("j.berg@gemeente.example", C.TOO_LARGE)]),
])
def test_reports_of_devices_and_business_software_name_each_failed_recipient(sender, subject, body, expected):
    raw = _tool(sender, subject, body)
    assert [(r.recipient, r.bounce_class) for r in bouncekit.parse(raw).records] == expected


def test_outlooks_spanish_report_names_each_recipient_in_quotes_with_its_date():
    body = ("El mensaje no llegó a algunos o a todos los destinatarios.\n\n"
            "      Asunto:\tTurnos\n      Enviado el:\t13/06/2019 21:44\n\n"
            "No se puede conectar con los siguientes destinatarios:\n\n"
            "      'ampa@colegio.example' el 13/06/2019 21:44\n"
            "            Error del servidor: '550 5.7.0 Daily sending quota exceeded'\n")
    raw = message('From: "Administrador del sistema"\nTo: rocio@hogar.example\n'
                  "Subject: No se puede entregar: Turnos\nMIME-Version: 1.0\n"
                  "Content-Type: text/plain; charset=utf-8", body)
    assert [r.recipient for r in bouncekit.parse(raw).records] == ["ampa@colegio.example"]


def test_a_notice_that_incoming_mail_is_held_for_the_reader_is_no_bounce():
    # a phishing lure in a notice's dress: incoming mail held for the reader, "release" it
    body = ("Mail Delivery Failure\n\nDear bounces,\n\n7 incoming messages for bounces@sender.example "
            "could not be delivered to your inbox because of a storage quota error and are held on the "
            "server.\n\n"
            "Release pending messages\n")
    raw = _tool("Mail Delivery System <no-reply@support-notice.example>",
                "Undelivered Mail: (7) incoming messages held for bounces@sender.example", body)
    assert bouncekit.parse(raw).records == ()


def test_a_japanese_notice_that_names_the_suppression_before_not_sending_is_a_refusal():
    # Japanese names the cause first: "because it is on the suppression list, it was not sent"
    body = ("監視アラートの通知メールを送信できませんでした。\n\n"
            "宛先 infra@logi.example は、サプレッションリストに登録されているため、"
            "通知メールは送信されませんでした。\n")
    raw = _tool("Cloud <no-reply@cloud.example>", "【重要】アラート通知メールを送信できませんでした", body)
    records = bouncekit.parse(raw).records
    assert [(r.recipient, str(r.event)) for r in records] == [("infra@logi.example", "rejected")]


@pytest.mark.parametrize("opening", [
    "Your email was rejected by the recipient's server (a.lee@mail.example).",
    "Un e-mail que vous avez envoyé depuis le CRM a été rejeté.",
    "E-mail rejeté : Relance devis",
])
def test_an_applications_notice_that_its_users_email_was_rejected_reports_failed_mail(opening):
    view = load(_tool("CRM <noreply@crm.example>", "Notification", opening + "\n"))
    assert _reports_failed_mail(view, view.subject + "\n" + view.text)
