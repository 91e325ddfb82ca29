"""The generic fallback decoder: unknown-MTA bounces of the corpus, and the messages it
must leave alone."""

import time
from dataclasses import replace
from pathlib import Path

import pytest

import bouncekit
from bouncekit import BounceClass
from bouncekit.decoders import REGISTRY
from bouncekit.decoders.base import Finding, Index
from bouncekit.decoders.fallback import Fallback, completed_from_text, without_decoration
from bouncekit.decoders.forward import is_person_forward
from bouncekit.mime import load
from bouncekit.model import Event
from tests.conftest import CORPUS, corpus_bytes

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
    if is_person_forward(load(raw)):
        # A person sending a bounce on ("Fwd: Returned mail", "Begin forwarded
        # message:") reports nothing about this mail: no record, by design.
        assert report.records == ()
        return
    assert report.records
    assert all(r.recipient and "@" in r.recipient for r in report.records)


def _message(headers: str, body: str) -> bytes:
    return (headers.strip() + "\n\n" + body).encode()


def test_bounce_without_any_address_is_class_30():
    raw = _message(
        "From: MAILER-DAEMON@mx.example.net\nTo: sender@example.org\nSubject: failure notice",
        "Your message could not be delivered.\nThe remote server said: 554 Transaction failed\n",
    )
    [record] = bouncekit.parse(raw).records
    assert record.decoder == "fallback"
    assert record.recipient is None
    assert record.bounce_class is BounceClass.NO_RECIPIENT
    assert record.reply_code == "554"


def test_address_inside_the_failure_sentence_with_bracketed_reply():
    raw = _message(
        "From: mailer-daemon\nTo: sender@example.org\nSubject: There was an error sending your mail",
        "SMTP Server <mx.example.com> rejected recipient <gone@example.com> (Error following RCPT "
        "command). It responded as follows: [550 5.1.1 User unknown]\n",
    )
    [record] = bouncekit.parse(raw).records
    assert (record.recipient, record.status, record.reply_code) == ("gone@example.com", "5.1.1", "550")
    assert record.diagnostic == "550 5.1.1 User unknown"
    assert record.bounce_class is BounceClass.INVALID_RECIPIENT


def test_delay_notice_is_a_delayed_event():
    raw = _message(
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
    raw = _message(
        "From: Alice <alice@example.com>\nTo: bob@example.org\nSubject: parcel",
        "Hi Bob, the parcel could not be delivered to carol@example.net, the courier said "
        "the address was rejected. Could you check it?\n",
    )
    assert bouncekit.parse(raw).records == ()


def test_person_forwarding_a_bounce_is_not_a_bounce():
    raw = _message(
        "From: Alice <alice@example.com>\nTo: helpdesk@example.org\n"
        "Subject: Fwd: Undeliverable: Quarterly figures",
        "Can you look at this?\n\n---------- Forwarded message ----------\n"
        "Delivery has failed to these recipients:\n\ncarol@example.net\n"
        "Remote server returned '550 5.1.1 User unknown'\n",
    )
    assert bouncekit.parse(raw).records == ()


def test_rejection_without_a_code_or_a_delivery_statement_is_not_enough():
    # "rejected" is weak wording: it needs an SMTP reply or status code beside it.
    raw = _message(
        "From: postmaster@example.net\nTo: sender@example.org\nSubject: notification",
        "An email you sent was rejected.\n\ntarget address: someone@example.net\n",
    )
    assert bouncekit.parse(raw).records == ()


def test_huge_message_decodes_quickly():
    body = ("x" * 70 + "@" + "a." * 30 + "\n") * 200_000 + "could not be delivered\n"
    raw = _message("From: MAILER-DAEMON@example.net\nTo: s@example.org\nSubject: failure notice", body)
    start = time.perf_counter()
    bouncekit.parse(raw)
    assert time.perf_counter() - start < 2.0  # generous: the machine is shared


PATHOLOGICAL = ["-" * 60_000 + "x", " " * 60_000 + "a@b", "=" * 30_000 + "y" + "=" * 30_000]


@pytest.mark.parametrize("line", PATHOLOGICAL)
def test_pathological_lines_decode_quickly(line):
    raw = _message(
        "From: MAILER-DAEMON@example.net\nTo: s@example.org\nSubject: failure notice",
        "Delivery to the following recipients failed:\n\n" + (line + "\n") * 20 + "one@example.com\n",
    )
    start = time.perf_counter()
    bouncekit.parse(raw)
    assert time.perf_counter() - start < 2.0


def test_success_notice_is_not_a_bounce():
    raw = _message(
        "From: Mail Delivery System <MAILER-DAEMON@mx.example.net>\nTo: sender@example.org\n"
        "Subject: Delivery Status Notification (Success)",
        "This is an automatically generated Delivery Status Notification.\n\n"
        "Delivery to the following recipients succeeded:\n\n   one@example.com\n",
    )
    assert bouncekit.parse(raw).records == ()


def _plain_bounce(subject: str, body: str) -> bytes:
    return (
        "Return-Path: <>\nFrom: MAILER-DAEMON@mail.contoso.example\nTo: alice@contoso.example\n"
        f"Subject: {subject}\nMIME-Version: 1.0\nContent-Type: text/plain; charset=utf-8\n"
        f"Content-Transfer-Encoding: 8bit\n\n{body}"
    ).encode()


@pytest.mark.parametrize(
    ("subject", "body", "reason"),
    [
        ("Mensaje no entregado", "No se ha podido entregar su mensaje a los siguientes destinatarios:\n\n"
         "bob@fabrikam.example: 550 5.1.1 Usuario desconocido\n", "user_unknown"),
        ("Messaggio non recapitato",
         "Non è stato possibile recapitare il messaggio ai seguenti destinatari:\n\n"
         "bob@fabrikam.example: 550 5.1.1 utente sconosciuto\n", "user_unknown"),
        ("Mensagem não entregue", "Não foi possível entregar sua mensagem aos seguintes destinatários:\n\n"
         "bob@fabrikam.example: 550 5.1.1 usuário desconhecido\n", "user_unknown"),
        ("Onbestelbaar bericht", "Uw bericht kon niet worden bezorgd bij de volgende ontvangers:\n\n"
         "bob@fabrikam.example: 550 5.1.1 onbekende gebruiker\n", "user_unknown"),
        ("配信エラー",
         "以下のアドレスへの配信に失敗しました。\n\nbob@fabrikam.example: 550 5.1.1 User unknown\n",
         "user_unknown"),
        # no code at all: the words alone decide
        ("Mensaje no entregado", "No se ha podido entregar su mensaje a los siguientes destinatarios:\n\n"
         "bob@fabrikam.example: el buzón está lleno\n", "mailbox_full"),
        ("Unzustellbare Nachricht", "Ihre Nachricht konnte an folgende Empfänger nicht zugestellt werden:\n\n"
         "  bob@fabrikam.example\n    Postfach voll\n", "mailbox_full"),
    ],
)
def test_bounces_in_other_languages(subject, body, reason):
    [record] = bouncekit.parse(_plain_bounce(subject, body)).records
    assert record.recipient == "bob@fabrikam.example"
    assert str(record.reason) == reason


def test_reply_that_names_the_address_again_on_its_own_line_stays_whole():
    # A translated Postfix template (no English marker): the folded reply starts a line
    # with "<a@b>:", which must continue the address's block, not end it.
    body = (
        "Ceci est le système de messagerie de l'hôte mail.contoso.fr.\n\n"
        "Votre message n'a pas pu être remis à un ou plusieurs destinataires.\n\n"
        "<bob@fabrikam.example>: host mx.fabrikam.example[192.0.2.5] said: 550 5.1.1\n"
        "    <bob@fabrikam.example>: Recipient address rejected: User unknown (in reply\n"
        "    to RCPT TO command)\n"
    )
    [record] = bouncekit.parse(_plain_bounce("Message non remis", body)).records
    assert record.recipient == "bob@fabrikam.example"
    assert "Recipient address rejected: User unknown" in record.diagnostic
    assert record.reason is bouncekit.Reason.USER_UNKNOWN


def test_hmailserver_two_recipients_with_different_errors():
    body = (
        "Your message did not reach some or all of the intended recipients.\n\n   Subject: hi\n\n"
        "The following recipient(s) could not be reached:\n\n"
        "bob@fabrikam.example\n   Error Type: SMTP\n   Remote server (192.0.2.5) issued an error.\n"
        "   hMailServer sent: RCPT TO:<bob@fabrikam.example>\n"
        "   Remote server replied: 550 5.1.1 <bob@fabrikam.example>: Recipient address rejected: User"
        " unknown\n\n"
        "carl@fabrikam.example\n   Error Type: SMTP\n   Remote server (192.0.2.5) issued an error.\n"
        "   hMailServer sent: RCPT TO:<carl@fabrikam.example>\n"
        "   Remote server replied: 552 5.2.2 Mailbox full\n"
    )
    bob, carl = bouncekit.parse(_plain_bounce("Message undeliverable: hi", body)).records
    assert (bob.recipient, bob.status, bob.reason) == (
        "bob@fabrikam.example", "5.1.1", bouncekit.Reason.USER_UNKNOWN)
    assert (carl.recipient, carl.status, carl.reason) == (
        "carl@fabrikam.example", "5.2.2", bouncekit.Reason.MAILBOX_FULL)


def test_groupwise_reasons_in_parentheses():
    body = (
        "The message that you sent was undeliverable to the following:\n"
        "\tbob@fabrikam.example (user not found)\n\tcarl@fabrikam.example (mailbox full)\n\n"
        "Possibly truncated original message follows:\n\nReceived: from x\n"
    )
    bob, carl = bouncekit.parse(_plain_bounce("Message status - undeliverable", body)).records
    assert bob.reason is bouncekit.Reason.USER_UNKNOWN
    assert carl.reason is bouncekit.Reason.MAILBOX_FULL


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


@pytest.mark.parametrize(
    ("subject", "body", "reason"),
    [
        # Domino in German and French: its decoder reads the English layout only
        ("ZUSTELLUNGSFEHLER: hi", "Ihre Nachricht\n\n  Betreff: hi\n\nwurde nicht zugestellt an:\n\n"
         "  bob@fabrikam.example\n\nweil:\n\n"
         "  Benutzer bob (bob@fabrikam.example) ist nicht im Domino-Verzeichnis aufgeführt\n",
         "user_unknown"),
        ("ECHEC DE LA DISTRIBUTION : hi", "Votre message\n\n  Objet : hi\n\nn'a pas été remis à :\n\n"
         "  bob@fabrikam.example\n\ncar :\n\n  552 5.2.2 Boîte aux lettres pleine\n", "mailbox_full"),
        # GroupWise in German
        ("Nachrichtenstatus - unzustellbar",
         "Die gesendete Nachricht war an folgende Empfänger unzustellbar:\n"
         "\tbob@fabrikam.example (Benutzer unbekannt)\n", "user_unknown"),
        # Provider notices in Bulgarian, Hebrew, Greek and Vietnamese with the server's reply
        ("Недоставено съобщение", "Вашето писмо не може да бъде доставено до следния получател:\n\n"
         "    bob@fabrikam.example\n\nОтговор на сървъра: 552 5.2.2 Mailbox full\n", "mailbox_full"),
        ("ההודעה לא נמסרה", "לא ניתן היה למסור את ההודעה שלך לנמען הבא:\n\nbob@fabrikam.example\n\n"
         "תשובת השרת: 550 5.1.1 User unknown\n", "user_unknown"),
        ("Αδυναμία παράδοσης", "Το μήνυμά σας δεν παραδόθηκε στον παραλήπτη:\n\n  bob@fabrikam.example\n\n"
         "552 5.2.2 Mailbox full\n", "mailbox_full"),
        ("Thư không gửi được", "Không thể gửi thư của bạn tới người nhận sau:\n\n  bob@fabrikam.example\n\n"
         "550 5.1.1 User unknown\n", "user_unknown"),
    ],
)
def test_other_mta_layouts_in_other_languages(subject, body, reason):
    [record] = bouncekit.parse(_plain_bounce(subject, body)).records
    assert record.recipient == "bob@fabrikam.example"
    assert str(record.reason) == reason


@pytest.mark.parametrize(
    "notice",
    [
        "Dies ist nur eine Warnung. Ihre Nachricht wurde noch nicht zugestellt an:",
        "Votre message n'a pas encore été remis aux destinataires suivants :",
        "Su mensaje todavía no ha sido entregado a los siguientes destinatarios:",
        "Il messaggio non è ancora stato recapitato ai seguenti destinatari:",
        "Sua mensagem ainda não foi entregue aos seguintes destinatários:",
        "Uw bericht is nog niet afgeleverd bij de volgende ontvangers:",
        "以下の宛先への配信が遅延しています:",
    ],
)
def test_delay_notices_in_other_languages(notice):
    body = f"{notice}\n\nbob@fabrikam.example: 421 4.4.1 Connection timed out\n"
    [record] = bouncekit.parse(_plain_bounce("Warning", body)).records
    assert record.recipient == "bob@fabrikam.example"
    assert str(record.event) == "delayed"


def test_every_recipient_of_a_translated_list_is_found_when_a_later_reply_says_rejected():
    # No English statement: "rejected" in the second reply must not become the start of
    # the list and hide the first recipient.
    body = (
        "Dies ist das Mailsystem auf dem Rechner mail.contoso.de.\n\n"
        "Ihre Nachricht konnte leider nicht an einen oder mehrere Empfänger zugestellt werden.\n\n"
        "<bob@fabrikam.example>: host mx.fabrikam.example[192.0.2.5] said: 552 5.2.2\n"
        "    Mailbox full (in reply to RCPT TO command)\n\n"
        "<carl@fabrikam.example>: host mx.fabrikam.example[192.0.2.5] said: 550 5.1.1\n"
        "    <carl@fabrikam.example>: Recipient address rejected: User unknown (in reply\n"
        "    to RCPT TO command)\n"
    )
    for subject in ("Unzustellbare Nachricht", "Undelivered Mail Returned to Sender"):
        bob, carl = bouncekit.parse(_plain_bounce(subject, body)).records
        assert (bob.recipient, bob.reason) == ("bob@fabrikam.example", bouncekit.Reason.MAILBOX_FULL)
        assert (carl.recipient, carl.reason) == ("carl@fabrikam.example", bouncekit.Reason.USER_UNKNOWN)


def test_a_quarantine_digest_to_the_recipient_is_not_a_bounce():
    raw = _message(
        "From: Spam Quarantine <postmaster@gateway.example.com>\nTo: alice@example.com\n"
        "Auto-Submitted: auto-generated\nSubject: Spam Quarantine Notification: 2 messages held for you\n",
        "The following messages addressed to alice@example.com were held as suspected spam.\n"
        "They were not delivered to your mailbox.\n\n"
        "  promo@deals.example         You won a prize     9.8\n"
        "  info@pharma.example         Cheap meds          12.1\n",
    )
    assert bouncekit.parse(raw).records == ()


# --- the generic reader: where recipients and reasons sit in notices of any MTA -----------


def _found(raw: bytes) -> list[tuple[str | None, str | None]]:
    return [(r.recipient, r.diagnostic) for r in bouncekit.parse(raw).records]


@pytest.mark.parametrize(
    ("body", "recipient", "reason_part"),
    [
        # after a label, the reason on a labelled line below
        ("El mensaje que usted envió no pudo ser entregado.\n\n"
         "Destinatario: ana@example.es\nError:        usuario desconocido. La cuenta no existe\n"
         "              en este servidor.\n",
         "ana@example.es", "usuario desconocido. La cuenta no existe en este"),
        # a label written in two languages, full-width punctuation of Japanese notices
        ("Ihre Nachricht konnte nicht zugestellt werden.\n\n  Empfänger / Recipient:   jo@example.de\n"
         "  Antwort / Reply:   550 5.1.1 unknown user\n", "jo@example.de", "550 5.1.1 unknown user"),
        ("お客様が送信されたメールは、配信できませんでした。\n\n  宛先：　taro@example.jp\n"
         "  理由：　受信者のメールボックスがいっぱいです。\n", "taro@example.jp", "メールボックスがいっぱい"),
        # alone on its line in quotes; the reason is the paragraph after the list
        ("No fue posible entregar su mensaje a:\n\n    \"ventas@example.mx\"\n\n"
         "El buzón está lleno.\n", "ventas@example.mx", "El buzón está lleno."),
        # in the sentence that states the failure; the reason is the rest of the paragraph
        ("Le message que vous avez envoyé à marie@example.fr\n"
         "a été refusé : il a été considéré comme du spam.\n",
         "marie@example.fr", "considéré comme du spam"),
        # glued to Chinese text, reason after a label
        ("您好，\n\n您发送给liu@example.cn的邮件投递失败。\n\n失败原因：收件人不存在。\n",
         "liu@example.cn", "收件人不存在"),
        # the statement after the address; the address after a type prefix
        ("Votre message à destination de :\n\n    <contact@example.fr>\n\nn'a pas pu être remis.\n",
         "contact@example.fr", None),
        ("MailShield has blocked a message you sent. It was NOT delivered.\n\n"
         "  Recipient:  smtp=anna@example.se\n  Reason:     Virus found: Trojan.JS.Agent\n",
         "anna@example.se", "Virus found: Trojan.JS.Agent"),
    ],
)
def test_recipient_and_reason_wherever_the_notice_puts_them(body, recipient, reason_part):
    [(found, diagnostic)] = _found(_plain_bounce("Undelivered mail", body))
    assert found == recipient
    if reason_part:
        assert reason_part in diagnostic


def test_the_original_header_fields_and_the_new_address_are_not_recipients():
    body = (
        "The message you sent to dr.ng@example.ca could not be delivered.\n\n"
        "Threat found: Troj/Agent (554 5.7.1 Message blocked: virus found)\n\n"
        "Original message details:\n    From: me@example.org\n    To: other@example.ca\n"
        "    Subject: Records\n"
    )
    assert _found(_plain_bounce("Message blocked", body)) == [
        ("dr.ng@example.ca", "554 5.7.1 Message blocked: virus found")
    ]
    moved = (
        "Your message to <jlee@alumni.example.edu> could not be forwarded.\n"
        "This alias has been discontinued at the owner's request.\n\n"
        "Please use the owner's new address instead:\n\n    jenny@consultancy.example.com\n"
    )
    assert [r for r, _ in _found(_plain_bounce("Not forwarded", moved))] == ["jlee@alumni.example.edu"]


def test_administrative_addresses_and_help_desks_are_not_recipients():
    body = (
        "Delivery to the following recipients failed:\n\n"
        "  bob@example.net\n  list-owner@lists.example.org\n\n"
        "For help, please contact postmaster@example.net or write to helpdesk@example.net.\n"
    )
    assert [r for r, _ in _found(_plain_bounce("Undeliverable", body))] == ["bob@example.net"]


def test_quoted_lines_are_someone_elses_words():
    raw = (
        b"Return-Path: <>\nFrom: Mailer <support@desk.example.com>\nAuto-Submitted: auto-generated\n"
        b"Subject: We received your request\n\nThank you for writing to us.\n\n"
        b"> Every message to bob@example.net comes back undeliverable: 550 5.1.1 user unknown\n"
    )
    assert bouncekit.parse(raw).records == ()


def test_a_weak_rejection_needs_a_code_or_the_recipient_in_its_sentence():
    weak = "Your message was rejected and discarded.\n\nreject reason: Mailbox full\n"
    assert bouncekit.parse(_plain_bounce("email notification", weak)).records == ()
    named = "Your message to sam@example.org was rejected: mailbox full.\n"
    assert [r for r, _ in _found(_plain_bounce("email notification", named))] == ["sam@example.org"]


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
    [record] = bouncekit.parse(_plain_bounce("Delivery notice", body)).records
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


def test_a_delivery_report_lists_only_the_failed_rows():
    body = (
        "Delivery report for your message\n\nRecipient                Result\n"
        "orders@shop.example.com   FAILED\n    554 5.7.1 Relay access denied\n"
        "it-admin@firm.example.net FAILED\n    550 5.7.1 Attachment type not allowed\n"
        "events@venue.example.za   delivered\n"
    )
    found = _found(_plain_bounce("Delivery report: 2 of 3 recipients failed", body))
    assert [r for r, _ in found] == ["orders@shop.example.com", "it-admin@firm.example.net"]


def test_a_gateway_notice_from_its_own_address_lists_the_recipient():
    raw = (
        b"From: InterScan Messaging Security <imsva@gw.example.de>\n"
        b"Subject: Message blocked: RE: drawings\n\n"
        b"The message you sent to t.koch@example.de was blocked and was NOT delivered.\n\n"
        b"Sender:      e.wagner@supplier.example\nRecipient:   t.koch@example.de\n"
        b"Subject:     RE: drawings\n\nPolicy:      Inbound - Block executable attachments\n"
    )
    [record] = bouncekit.parse(raw).records
    assert record.recipient == "t.koch@example.de"
    assert int(record.bounce_class) == 53


# --- completed_from_text: findings that give no reason take the text's -----------------


def _dsn_without_diagnostic(human: str, status: str = "5.0.0", recipient: str = "gone@example.com") -> bytes:
    """An RFC 3464 report whose machine-readable part names no reply, only a status."""
    return (
        "From: Mail Delivery Subsystem <mailer-daemon@mx.example.net>\n"
        "To: sender@example.org\nSubject: Delivery Status Notification (Failure)\n"
        'MIME-Version: 1.0\nContent-Type: multipart/report; report-type=delivery-status; boundary="b"\n\n'
        f"--b\nContent-Type: text/plain\n\n{human}\n"
        "--b\nContent-Type: message/delivery-status\n\n"
        "Reporting-MTA: dns; mx.example.net\n\n"
        f"Final-Recipient: rfc822; {recipient}\nAction: failed\nStatus: {status}\n\n"
        "--b--\n"
    ).encode()


def test_a_dsn_without_a_diagnostic_takes_the_reply_its_text_quotes():
    raw = _dsn_without_diagnostic(
        "Your message could not be delivered to the following recipient:\n\n"
        "  gone@example.com: 550 5.1.1 The email account that you tried to reach does not exist\n"
    )
    [record] = bouncekit.parse(raw).records
    assert record.decoder == "rfc3464"
    assert record.diagnostic == "550 5.1.1 The email account that you tried to reach does not exist"
    assert record.bounce_class is BounceClass.INVALID_RECIPIENT
    assert record.status == "5.1.1"  # the quoted specific code wins over the generic field


def test_a_dsn_without_a_diagnostic_takes_the_sentence_naming_its_recipient():
    raw = _dsn_without_diagnostic(
        "** Address not found **\n\n"
        "Your message wasn't delivered to gone@example.com because the address couldn't be "
        "found. Check for typos or unnecessary spaces and try again.\n"
    )
    [record] = bouncekit.parse(raw).records
    assert "gone@example.com because the address couldn't be found" in record.diagnostic
    assert record.bounce_class is BounceClass.INVALID_RECIPIENT


def test_boilerplate_after_the_statement_is_not_taken_as_the_reason():
    raw = _dsn_without_diagnostic(
        "Your message could not be delivered to one or more recipients.\n\n"
        "For further assistance, please send mail to postmaster.\n"
    )
    [record] = bouncekit.parse(raw).records
    assert record.diagnostic is None
    assert record.classification.rule == "undetermined"  # 5.0.0 alone says no more


def test_a_specific_status_or_a_diagnostic_is_kept_as_the_decoder_gave_it():
    notice = (
        "Your message could not be delivered to the following recipient:\n\n"
        "  gone@example.com: 552 5.2.2 Mailbox full\n"
    )
    view = load(_dsn_without_diagnostic(notice, status="5.1.1"))
    findings = [
        Finding(recipient="gone@example.com", status="5.1.1", action="failed"),
        Finding(recipient="gone@example.com", diagnostic="550 no such user", action="failed"),
        Finding(recipient="gone@example.com", action="delivered"),
        Finding(recipient="gone@example.com", event=Event.AUTO_REPLY),
    ]
    assert completed_from_text(view, findings) == findings
    for event in (None, Event.BOUNCE, Event.DELAYED):
        found = Finding(recipient="GONE@example.com", status="5.0.0", event=event)
        [completed] = completed_from_text(view, [found])
        assert completed.diagnostic == "552 5.2.2 Mailbox full"


def test_a_format_read_without_its_own_decoder_keeps_the_reason_its_text_gives():
    # A Gmail notice that also carries Exim's X-Failed-Recipients: without the Gmail
    # decoder, Exim's claims it and finds the recipient but not the reply in its words.
    raw = corpus_bytes("lhost-gmail-04.eml")
    without_gmail = Index([d for d in REGISTRY if d.name != "gmail"])
    view = load(raw)
    decoder = next(d for d in without_gmail.candidates(view) if d.matches(view) and d.decode(view))
    [found] = decoder.decode(view)
    assert (decoder.name, found.diagnostic) == ("exim", None)
    [completed] = completed_from_text(view, [found])
    assert completed.diagnostic.startswith("554 5.7.1 Service unavailable; Client host [192.0.2.49] blocked")
    classification = bouncekit.classify(completed.diagnostic)
    assert classification.bounce_class is BounceClass.SPAM_BLOCK  # blocked using a DNS blocklist


def test_a_damaged_final_recipient_takes_the_one_address_the_text_names():
    raw = _dsn_without_diagnostic(
        "The following address had permanent fatal errors:\n\n"
        "  <gone@example.com>: 550 5.1.2 Host unknown (Name server: example.com: host not found)\n",
        status="5.1.2", recipient="@mx.example.org",
    )
    [record] = bouncekit.parse(raw).records
    assert record.recipient == "gone@example.com"
    assert record.bounce_class is BounceClass.DNS_FAILURE


def test_a_damaged_final_recipient_stays_unknown_when_the_text_names_two():
    raw = _dsn_without_diagnostic(
        "The following addresses had permanent fatal errors:\n\n"
        "  <gone@example.com>: 550 5.1.1 User unknown\n"
        "  <left@example.com>: 550 5.1.1 User unknown\n",
        status="5.1.1", recipient="@mx.example.org",
    )
    [record] = bouncekit.parse(raw).records
    assert record.recipient is None


def test_following_addresses_that_failed_are_recipients_not_new_addresses():
    # "Folgende Adresse(n) konnten nicht erreicht werden": the failed addresses follow,
    # not an address to use instead ("Bitte verwenden Sie folgende Adresse").
    raw = _message(
        "From: Mail-System <postmaster@mail.example.de>\nTo: vertrieb@example.de\n"
        "Subject: Unzustellbar",
        "Eine von Ihnen versandte Nachricht konnte nicht zugestellt werden.\n\n"
        "Folgende Adresse(n) konnten nicht erreicht werden:\n\n"
        "  s.krueger@example.com\n"
        "    554 5.7.1 Service unavailable; Client host [203.0.113.24] blocked using ix.dnsbl.manitu.net\n",
    )
    [record] = bouncekit.parse(raw).records
    assert (record.decoder, record.recipient) == ("fallback", "s.krueger@example.com")
    assert record.bounce_class is BounceClass.SPAM_BLOCK


@pytest.mark.parametrize(
    ("line", "bounce_class"),
    [
        ("User mailbox exceeds allowed size: kijitora@example.jp", BounceClass.MAILBOX_FULL),
        ("Unknown user: kijitora@example.jp", BounceClass.INVALID_RECIPIENT),
    ],
)
def test_the_words_leading_to_an_address_are_its_reason_when_nothing_follows(line, bounce_class):
    headers = "From: postmaster@mail.example.jp\nTo: sender@example.org\nSubject: Undeliverable Mail"
    raw = _message(headers, line + "\n")
    [record] = bouncekit.parse(raw).records
    assert (record.recipient, record.diagnostic) == ("kijitora@example.jp", line.partition(": ")[0])
    assert record.bounce_class is bounce_class


def test_a_recipient_label_leading_to_an_address_is_no_reason():
    raw = _message(
        "From: postmaster@mail.example.jp\nTo: sender@example.org\nSubject: Undeliverable Mail",
        "Recipient address: kijitora@example.jp\n",
    )
    [record] = bouncekit.parse(raw).records
    assert record.recipient == "kijitora@example.jp"
    assert record.diagnostic is None


def test_a_message_identifier_is_not_a_recipient():
    raw = _message(
        "From: postmaster@x400.example.ch\nTo: sender@example.org\nSubject: Non-Delivery Report",
        "The message identified below could not be delivered to one or more of its recipients.\n\n"
        "  Subject identifier: <20230911082955.GA1187@handel.example.ch>\n\n"
        "Recipient:\n  RFC 822:      peter.graf@bund.example.ch\n  Reason:       Unable to transfer (1)\n",
    )
    assert [r.recipient for r in bouncekit.parse(raw).records] == ["peter.graf@bund.example.ch"]


def test_the_reply_quoted_for_one_recipient_is_not_given_to_others():
    view = load(_message(
        "From: MAILER-DAEMON@mx.example.net\nTo: sender@example.org\nSubject: Undelivered Mail",
        "Your message could not be delivered.\n\nThe remote server said: 552 5.2.2 Mailbox full\n",
    ))
    findings = [Finding(recipient="one@example.com"), Finding(recipient="two@example.com")]
    assert completed_from_text(view, findings) == findings
    [alone] = completed_from_text(view, findings[:1])
    assert alone.diagnostic == "552 5.2.2 Mailbox full"


def test_a_titled_section_of_delivery_facts_after_the_list_is_not_the_reason():
    raw = _message(
        "From: postmaster@gateway.example.com\nTo: sender@example.org\nSubject: Undeliverable: Nyaan",
        "Your message could not be delivered because of\n\n550 5.1.1 User unknown\n\n"
        "The following recipients were affected:\n    gone@example.com\n\n\n"
        "Additional Information\n======================\n"
        "Original Sender:    <sender@example.org>\nSender-MTA:         <192.0.2.250>\n"
        "Last-Attempt-Date:  <23:34:45 Wed, 29 Apr 2015>\n",
    )
    [record] = bouncekit.parse(raw).records
    assert (record.recipient, record.diagnostic) == ("gone@example.com", "550 5.1.1 User unknown")
    assert record.bounce_class is BounceClass.INVALID_RECIPIENT


def test_a_title_over_a_rule_is_layout_but_a_reply_over_one_is_kept():
    assert without_decoration("Additional Information\n=====\nx").split("\n") == ["", "", "x"]
    assert without_decoration("550 5.1.1 User unknown\n-----").split("\n") == ["550 5.1.1 User unknown", ""]


def test_reason_lines_one_after_another_are_read_together():
    raw = _message(
        "From: postmaster@mail.example.net\nTo: sender@example.org\nSubject: Undeliverable message",
        "Your message could not be delivered to the following recipient:\n\n"
        "  gone@example.com\n  Reason:   Delivery refused\n  Details:  The mailbox is full\n"
        "  Sender:   sender@example.org\n",
    )
    [record] = bouncekit.parse(raw).records
    assert (record.decoder, record.diagnostic) == ("fallback", "Delivery refused The mailbox is full")
    assert record.bounce_class is BounceClass.MAILBOX_FULL


def _listed_without_reason(subject: str) -> bytes:
    return _message(
        f"From: postmaster@cai.example.com\nTo: sender@example.org\nSubject: {subject}",
        "The following recipients did not receive this message:\n\n     <alice@cai.example.com>\n\n"
        "Please reply to postmaster@cai.example.com if you feel this message to be in error.\n",
    )


def test_the_subject_gives_the_reason_the_body_does_not():
    [record] = bouncekit.parse(_listed_without_reason("Returned mail: User unknown")).records
    assert (record.recipient, record.diagnostic) == ("alice@cai.example.com", "User unknown")
    assert record.bounce_class is BounceClass.INVALID_RECIPIENT


@pytest.mark.parametrize(
    "subject", ["Returned mail: see transcript for details", "Undeliverable: User unknown", "failure notice"]
)
def test_a_subject_without_a_reason_of_its_own_gives_none(subject):
    # ("Undeliverable: <subject>" repeats the returned message's subject: never a reason.)
    [record] = bouncekit.parse(_listed_without_reason(subject)).records
    assert record.recipient == "alice@cai.example.com"
    assert record.diagnostic is None


def test_a_subject_that_repeats_the_returned_message_s_is_no_reason():
    raw = (
        b"From: postmaster@cai.example.com\nTo: sender@example.org\nSubject: Returned mail: Meeting notes\n"
        b'MIME-Version: 1.0\nContent-Type: multipart/mixed; boundary="b"\n\n'
        b"--b\nContent-Type: text/plain\n\n"
        b"The following recipients did not receive this message:\n\n     <alice@cai.example.com>\n\n"
        b"--b\nContent-Type: message/rfc822\n\n"
        b"From: sender@example.org\nTo: alice@cai.example.com\nSubject: Meeting notes\n\nSee you.\n"
        b"--b--\n"
    )
    [record] = bouncekit.parse(raw).records
    assert record.recipient == "alice@cai.example.com"
    assert record.diagnostic is None


def test_a_statement_that_gives_the_cause_is_the_reason_when_nothing_else_is():
    raw = _dsn_without_diagnostic(
        "Your message could not be delivered because the recipient's mail domain does not exist.\n\n"
        "Please check the address for typing errors.\n\n"
        "Recipients:\n\tgone@example.com\n"
    )
    [record] = bouncekit.parse(raw).records
    assert record.decoder == "rfc3464"
    statement = "Your message could not be delivered because the recipient's mail domain does not exist."
    assert record.diagnostic == statement
    assert record.bounce_class is BounceClass.DNS_FAILURE


def test_the_failed_recipients_header_names_them_where_the_text_does_not():
    view = load(_message(
        "From: Mail Delivery System <mailer-daemon@relay.example.org>\nTo: sender@example.org\n"
        "Subject: Mail delivery failed\nX-Failed-Recipients: treasurer@example.com, <chair@example.com>",
        "The club mail relay was unable to pass on your message. The receiving server gave this answer:\n\n"
        "  SMTP error from remote mail server after RCPT TO:\n  550 No Such User Here\n",
    ))
    findings = Fallback().decode(view)
    assert [(f.recipient, f.diagnostic) for f in findings] == [
        ("treasurer@example.com", "550 No Such User Here"), ("chair@example.com", "550 No Such User Here"),
    ]


def test_a_group_that_refuses_the_sender_s_posts_says_so_in_its_statement():
    raw = _dsn_without_diagnostic(
        "Hello sender@example.org,\n\n"
        "The list you wrote to (board) refused your message: you may not have permission to post "
        "messages to it, or it may not exist.\n\n"
        "Questions? Ask the list owners.\n"
    )
    [record] = bouncekit.parse(raw).records
    assert record.diagnostic.startswith("The list you wrote to (board) refused your message")
    assert record.bounce_class is BounceClass.MAIL_BLOCK


def test_the_bounce_s_own_to_line_gives_way_to_the_address_its_statement_names():
    raw = (
        b"From: Postmaster <postmaster@mail.example.com>\nTo: writer@example.org\n"
        b"Subject: Undeliverable Mail\n\n"
        b"To: writer@example.org\nSubject: Undeliverable Mail\n\n"
        b"undeliverable to gone@example.net\n\n"
        b"Body of message generated response:\n550 5.1.1 No such mailbox\n"
    )
    [record] = bouncekit.parse(raw).records
    assert (record.recipient, record.reply_code) == ("gone@example.net", "550")


def test_a_message_its_sender_sent_to_himself_still_lists_him():
    raw = (
        b"From: Mail Delivery System <mailer-daemon@mail.example.com>\nTo: writer@example.org\n"
        b"Subject: Undelivered Mail Returned to Sender\n\n"
        b"Your message could not be delivered to the following recipients:\n\n"
        b"  writer@example.org: 552 5.2.2 Mailbox full\n"
    )
    [record] = bouncekit.parse(raw).records
    assert (record.recipient, record.reply_code) == ("writer@example.org", "552")


def _delay_notice(attempts: str) -> bytes:
    """A delay DSN whose Diagnostic-Code names only the queue's state."""
    return (
        "From: postmaster@relay.example.org\nTo: sender@example.org\nSubject: Delayed: Figures\n"
        'MIME-Version: 1.0\nContent-Type: multipart/report; report-type=delivery-status; boundary="b"\n\n'
        "--b\nContent-Type: text/plain\n\nDelivery is delayed to these recipients or groups:\n\n"
        "pm@example.net\n\nThis message hasn't been delivered yet.\n"
        "Delivery will continue to be attempted.\n\n"
        f"Diagnostic information for administrators:\n\npm@example.net\n{attempts}\n\n"
        "--b\nContent-Type: message/delivery-status\n\nReporting-MTA: dns; relay.example.org\n\n"
        "Final-Recipient: rfc822; pm@example.net\nAction: delayed\nStatus: 4.4.7\n"
        "Diagnostic-Code: smtp; 400 4.4.7 Message delayed\n\n--b--\n"
    ).encode()


def _read_by_the_backbone(raw: bytes) -> Finding:
    """The one finding of ``raw`` as the RFC 3464 backbone reads it, then completed."""
    view = load(raw)
    [found] = next(d for d in REGISTRY if d.name == "rfc3464").decode(view)
    [completed] = completed_from_text(view, [found])
    return completed


def test_a_delay_whose_reply_names_only_the_queue_state_takes_the_last_attempt_s_reply():
    found = _read_by_the_backbone(_delay_notice(
        "Server at example.net returned '400 4.4.7 Message delayed'\n"
        "3/3/2026 1:10:02 PM - Server at example.net returned '450 4.2.0 Greylisted, try again later'\n"
        "3/3/2026 1:12:58 PM - Server at example.net returned '451 4.4.0 DNS query failed'"
    ))
    assert (found.recipient, found.diagnostic) == ("pm@example.net", "451 4.4.0 DNS query failed")
    assert bouncekit.classify(found.diagnostic).bounce_class is BounceClass.DNS_FAILURE


def test_a_delay_with_no_reply_but_the_queue_s_status_takes_the_last_attempt_s_reply_too():
    raw = _delay_notice(
        "Server at example.net returned '400 4.4.7 Message delayed'\n"
        "3/3/2026 1:12:58 PM - Server at example.net returned '452 4.2.2 Mailbox full'"
    ).replace(b"Diagnostic-Code: smtp; 400 4.4.7 Message delayed\n", b"")
    found = _read_by_the_backbone(raw)
    assert (found.status, found.diagnostic) == ("4.4.7", "452 4.2.2 Mailbox full")


def test_a_delay_with_no_attempt_s_reply_stays_a_delay_without_cause():
    found = _read_by_the_backbone(_delay_notice("Server at example.net returned '400 4.4.7 Message delayed'"))
    assert found.diagnostic == "smtp; 400 4.4.7 Message delayed"


def test_delivery_facts_beside_an_address_are_no_reason_and_an_expiry_statement_is_its_own():
    raw = (
        b"From: MMDF Mail System <mmdf@host.example.edu>\nTo: writer@host.example.edu\n"
        b"Subject: Failed mail (msg.aa01234)\n\n"
        b"    After 5 days (121 hours), your message could not be\n"
        b"    fully delivered.  It failed to be received by the following\n    address(es):\n\n"
        b"        friend@mail.example.net (host: mail.example.net) (queue: smtp)\n\n"
        b"    Problems usually are due to service interruptions at the\n    receiving machine.\n\n"
        b"    Your message follows:\n\nFrom: writer@host.example.edu\nTo: friend@mail.example.net\n"
        b"Subject: notes\n\nHello\n"
    )
    [found] = Fallback().decode(load(raw))  # (as an MTA without a decoder of its own)
    assert found.recipient == "friend@mail.example.net"
    assert found.diagnostic.startswith("After 5 days (121 hours), your message could not be fully delivered.")
    assert bouncekit.classify(found.diagnostic).bounce_class is BounceClass.TIMEOUT


def test_a_failure_said_only_to_have_failed_takes_the_reply_of_the_transcript_after_the_original_line():
    raw = (
        b"From: postmaster@gw.example.edu\nTo: writer@example.edu\nSubject: Message status - undeliverable\n"
        b'MIME-Version: 1.0\nContent-Type: multipart/mixed; boundary="b"\n\n'
        b"--b\nContent-Type: text/plain\n\n"
        b"The message that you sent was undeliverable to the following:\n"
        b"\tadmissions@example.org (permanent failure)\n\n"
        b"Possibly truncated original message follows:\n\nTranscript of session follows:\n"
        b" Command: RCPT TO:<other@example.org>\nResponse: 250 2.1.5 Ok\n"
        b" Command: RCPT TO:<admissions@example.org>\n"
        b"Response: 550 5.7.23 <admissions@example.org>: Recipient address rejected: SPF fail\n\n"
        b"--b\nContent-Type: message/rfc822\n\nFrom: writer@example.edu\nTo: admissions@example.org\n"
        b"Subject: Transcript request\n\nHello\n--b--\n"
    )
    [found] = completed_from_text(load(raw), Fallback().decode(load(raw)))
    assert found.recipient == "admissions@example.org"
    assert found.diagnostic.startswith("550 5.7.23 <admissions@example.org>: Recipient address rejected")


def test_facts_listed_under_an_address_leave_the_next_paragraph_as_its_reason():
    raw = (
        b"From: Gateway <notices@gw.example.net>\nTo: writer@example.org\nSubject: Message not delivered\n\n"
        b"The message you sent was not delivered.\n\n"
        b"  Recipient:  legal@example.com\n  Subject:    Scanned document\n"
        b"  Sent:       Thu, 9 Jul 2009 11:22:24 -0700\n\n"
        b"Your message was blocked because it contained an attachment of a type that this\n"
        b"organization does not accept:\n\n  Attachment: scan.scr   (blocked file type: .scr)\n"
    )
    [found] = Fallback().decode(load(raw))
    assert found.recipient == "legal@example.com"
    assert found.diagnostic.endswith("Attachment: scan.scr (blocked file type: .scr)")
    assert bouncekit.classify(found.diagnostic).bounce_class is BounceClass.PROHIBITED_ATTACHMENT


_NO_NAME = "Your message could not be delivered.\n\nReason: 550 5.1.1 Recipient unknown\n"


def _nameless(human: str, to: str = "writer@example.org", attached: str = "") -> bytes:
    """A notice naming no recipient, with the returned message's headers quoted or attached."""
    return (
        f"From: Mail Delivery System <mailer-daemon@mx.example.net>\nTo: {to}\nSubject: failure notice\n"
        'MIME-Version: 1.0\nContent-Type: multipart/mixed; boundary="b"\n\n'
        f"--b\nContent-Type: text/plain\n\n{human}\n{attached}--b--\n"
    ).encode()


def test_a_notice_naming_no_recipient_takes_the_one_its_quoted_header_table_names():
    [record] = bouncekit.parse(_nameless(
        "The following message could not be delivered:\n\n  From:      writer@example.org\n"
        "  To:        tenders@example.com\n  Subject:   RFP response\n\n"
        "Reason:\n\n  554 5.7.1 Message rejected as spam by Content Filtering.\n"
    )).records
    assert (record.recipient, record.reply_code) == ("tenders@example.com", "554")


def test_a_notice_naming_no_recipient_takes_the_returned_message_s_only_recipient():
    attached = ("--b\nContent-Type: message/rfc822\n\nFrom: writer@example.org\n"
                "To: Reception <desk@example.com>\nSubject: Appointment\n\nHello\n")
    [record] = bouncekit.parse(_nameless(_NO_NAME, attached=attached)).records
    assert record.recipient == "desk@example.com"


def test_a_notice_naming_no_recipient_takes_the_one_its_verp_return_path_names():
    [record] = bouncekit.parse(_nameless(_NO_NAME, to="bounces+anna.k=example.com@lists.example.org")).records
    assert (record.recipient, record.status) == ("anna.k@example.com", "5.1.1")


@pytest.mark.parametrize(
    ("return_path", "recipient"),
    [
        ("list-return-12-jo=example.com@lists.example.org", "jo@example.com"),  # ezmlm
        ("b-n2445-anna.k=example.com@bounce.example.org", "anna.k@example.com"),  # a campaign id
        ("bounce-mc.us5_123.456-jo.doe=example.com@mail.example.net", "jo.doe@example.com"),
        ("bounce-mary-jones=example.com@bounce.example.org", "mary-jones@example.com"),  # no id
        ("bounce-7-mary-2024=example.com@bounce.example.org", "mary-2024@example.com"),
        ("bounces+jo-12-x=example.com@lists.example.org", "jo-12-x@example.com"),  # "+": all of it
    ],
)
def test_ids_between_a_verp_prefix_and_the_local_part_are_not_the_recipients(return_path, recipient):
    [record] = bouncekit.parse(_nameless(_NO_NAME, to=return_path)).records
    assert record.recipient == recipient


def test_a_reason_labelled_in_two_languages_is_read():
    [record] = bouncekit.parse(_nameless(
        "Ihre Nachricht konnte nicht zugestellt werden.\nYour message could not be delivered.\n\n"
        "Betreff / Subject: Offer\n\nGrund / Reason: Das Postfach existiert nicht.\n"
        "                The mailbox does not exist. (550)\n",
        to="bounces+jo=example.com@lists.example.org",
    )).records
    assert record.diagnostic.startswith("Das Postfach existiert nicht. The mailbox does not exist.")
    assert int(record.bounce_class) == 10


def test_a_returned_message_to_several_gives_no_recipient_to_a_nameless_notice():
    attached = ("--b\nContent-Type: message/rfc822\n\nFrom: writer@example.org\n"
                "To: desk@example.com, office@example.com\nSubject: Appointment\n\nHello\n")
    [record] = bouncekit.parse(_nameless(_NO_NAME, attached=attached)).records
    assert record.recipient is None


def test_a_named_address_opening_its_line_is_listed():
    raw = (
        b"From: Mail Gateway <gw@mailgw.example.de>\nTo: writer@example.org\nSubject: Delivery failed\n\n"
        b"The following recipients could not be reached:\n\n"
        b'    "Kowalska, Anna" <anna@example.pl>; (SMTP:anna@example.pl) - 550 5.1.1 user unknown\n'
        b"    Bob Smith <bob@example.com>: 552 5.2.2 mailbox full\n\n"
        b"Your message to <carol@example.net> was delivered.\n"
    )
    found = [(f.recipient, f.diagnostic[:9]) for f in Fallback().decode(load(raw))]
    assert found == [("anna@example.pl", "550 5.1.1"), ("bob@example.com", "552 5.2.2")]


def test_an_address_listed_alone_and_again_with_its_reason_takes_that_reason():
    raw = (
        b"From: Mail Delivery System <mailer-daemon@mail.example.ru>\nTo: writer@example.org\n"
        b"Subject: Undelivered mail\n\n"
        b"Your message could not be delivered to one or more recipients:\n\n      ivan@example.ru\n\n"
        b"Please check the addresses of the recipients.\n\n"
        b"<ivan@example.ru>: no such mailbox (user not found)\n"
    )
    [found] = Fallback().decode(load(raw))
    assert (found.recipient, found.diagnostic) == ("ivan@example.ru", "no such mailbox (user not found)")


def test_a_notice_naming_no_recipient_takes_the_only_recipient_of_a_message_returned_inline():
    raw = (
        b"From: Mail Delivery Subsystem <MAILER-DAEMON@cs.example.edu>\nTo: dtran@math.example.edu\n"
        b"Subject: Returned mail: User unknown\n\n"
        b"   ----- Transcript of session follows -----\n550 rkowalski... User unknown\n\n"
        b"   ----- Unsent message follows -----\n"
        b"Received: from math.example.edu by cs.example.edu (8.6.12/8.6.12) id PAA19001\n"
        b"Date: Tue, 12 Mar 1996 15:07:49 -0600\nFrom: Duc Tran <dtran@math.example.edu>\n"
        b"To: rkowalski@cs.example.edu\nSubject: seminar\n\nSee you.\n"
    )
    [record] = bouncekit.parse(raw).records
    assert (record.recipient, record.reply_code) == ("rkowalski@cs.example.edu", "550")


def test_a_list_that_refuses_the_sender_says_so_in_its_statement():
    raw = _dsn_without_diagnostic(
        "You are not authorized to send mail to the board list from your writer@example.org account.\n\n"
        "Please contact the list owners.\n"
    )
    [record] = bouncekit.parse(raw).records
    assert record.diagnostic.startswith("You are not authorized to send mail to the board list")
    assert record.bounce_class is BounceClass.MAIL_BLOCK


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


def test_the_reply_in_an_address_s_own_section_wins_over_a_later_transcript_s():
    raw = (
        b"From: Mail Delivery Subsystem <MAILER-DAEMON@relay.example.com>\nTo: agent@example.org\n"
        b"Subject: Returned mail: see transcript for details\n\n"
        b"   ----- The following addresses had permanent fatal errors -----\n<buyer@example.net>\n"
        b"    (reason: 554 mx.example.net 198.51.100.88 found on one or more DNSBLs)\n\n"
        b"   ----- Transcript of session follows -----\n... while talking to mx.example.net.:\n"
        b"<<< 554 mx.example.net 198.51.100.88 blocked\n554 5.0.0 Service unavailable\n"
    )
    [found] = Fallback().decode(load(raw))
    assert found.diagnostic.startswith("554 mx.example.net 198.51.100.88 found on one or more DNSBLs")
    assert bouncekit.parse(raw).records[0].bounce_class is BounceClass.SPAM_BLOCK


def test_a_reply_after_the_host_that_gave_it_is_read_from_its_first_line():
    raw = (
        b"From: Mail Delivery System <mailer-daemon@smtp.example.co.uk>\nTo: owen@example.co.uk\n"
        b"Subject: Mail delivery failed\n\n"
        b"A message that you sent could not be delivered to one or more of its\n"
        b"recipients. This is a permanent error. The following address(es) failed:\n\n"
        b"  accounts@example.com\n"
        b"    SMTP error from remote mail server after RCPT TO:<accounts@example.com>:\n"
        b"    host mx.example.com [192.0.2.201]: 553-you are trying to use me\n"
        b"    [mx.example.com] as a relay, but I have not been\n"
        b"    553-configured to let you (198.51.100.23) do this.\n"
        b"    553 Please contact your administrator. (#5.7.1)\n"
    )
    [found] = Fallback().decode(load(raw))
    assert found.diagnostic.startswith("553-you are trying to use me")
    assert bouncekit.parse(raw).records[0].bounce_class is BounceClass.RELAYING_DENIED


@pytest.mark.parametrize(
    ("subject", "statement", "label"),
    [
        ("메일이 배달되지 못했습니다", "보내신 메일이 다음 주소로 전달되지 못했습니다.", "사유"),
        ("반송된 메일입니다: 안내", "메일이 반송되었습니다.", "반송 사유"),
    ],
)
def test_korean_notices_state_the_failure_and_label_the_reason(subject, statement, label):
    raw = (
        f"From: Mail <MAILER-DAEMON@mail.example.kr>\nTo: writer@example.org\nSubject: {subject}\n"
        "Content-Type: text/plain; charset=utf-8\n\n"
        f"{statement}\n\n  받는 사람: minji@example.kr\n"
        f"  {label}: 존재하지 않는 사용자입니다. (User unknown)\n"
    ).encode()
    [record] = bouncekit.parse(raw).records
    assert record.recipient == "minji@example.kr"
    assert record.bounce_class is BounceClass.INVALID_RECIPIENT


def test_labels_aligned_in_a_table_name_the_recipient_and_the_reason():
    # "送信先アドレス : ..." over "エラー内容     : ...": the colons stand in one column.
    raw = (
        "From: MAILER-DAEMON@mail.example.jp\nTo: writer@example.org\nSubject: 配信エラー\n"
        "Content-Type: text/plain; charset=utf-8\n\n"
        "ご送信いただいたメールは、次の宛先に配信できませんでした。\n\n"
        "送信先アドレス : hiro@example.jp\n"
        "エラー内容     : 宛先のメールアドレスは現在使用されておりません。\n"
        "                 (Unknown user)\n\n"
        "お手数ですが、宛先をご確認ください。\n"
    ).encode()
    [found] = Fallback().decode(load(raw))
    assert found.recipient == "hiro@example.jp"
    assert found.diagnostic.startswith("宛先のメールアドレスは現在使用されておりません。")
    assert "(Unknown user)" in found.diagnostic


def test_a_japanese_statement_of_failure_lets_a_decoder_s_silent_finding_be_completed():
    raw = (
        "From: Postmaster <postmaster@mail.example.jp>\nTo: kana@example.co.jp\n"
        "Subject: Mail System Error - Returned Mail\nContent-Type: text/plain; charset=utf-8\n\n"
        "<taro@mail.example.jp>:\nThe user(s) account is temporarily over quota.\n"
        "宛先の方のメールボックスの容量が一杯のため、メールをお届けできませんでした。\n"
    ).encode()
    [found] = completed_from_text(load(raw), [Finding(recipient="taro@mail.example.jp")])
    assert found.diagnostic.startswith("The user(s) account is temporarily over quota.")


def test_what_opens_the_next_address_s_line_is_not_the_reason_of_the_one_before():
    raw = (
        b"From: Postmaster <postmaster@mail.example-isp.net>\nTo: writer@example.org\n"
        b"Subject: Mail System Error - Returned Mail\n\n"
        b"This Message was undeliverable due to the following reason:\n\n"
        b"The following destination addresses were unknown (please check\n"
        b"the addresses and re-mail the message):\n\n"
        b"SMTP <amy@example-isp.net>\nSMTP <bob@example-isp.net>\n\n"
        b"Please reply to Postmaster@example-isp.net\nif you feel this message to be in error.\n"
    )
    found = Fallback().decode(load(raw))
    assert [f.recipient for f in found] == ["amy@example-isp.net", "bob@example-isp.net"]
    assert found[0].diagnostic.startswith("The following destination addresses were unknown")


def test_the_paragraph_after_a_bare_list_is_not_the_reason_of_its_last_address():
    raw = (
        b"From: Postmaster <postmaster@mail.example-isp.net>\nTo: writer@example.org\n"
        b"Subject: Mail System Error - Returned Mail\n\n"
        b"This Message was undeliverable due to the following reason:\n\n"
        b"The following destination addresses were unknown (please check\n"
        b"the addresses and re-mail the message):\n\n"
        b"SMTP <amy@example-isp.net>\nSMTP <bob@example-isp.net>\n\n"
        b"Please reply to Postmaster@example-isp.net\nif you feel this message to be in error.\n"
    )
    found = Fallback().decode(load(raw))
    assert [f.diagnostic[:40] for f in found] == ["The following destination addresses were"] * 2


def test_a_reason_labelled_on_a_line_of_its_own_is_the_paragraph_below():
    raw = (
        b"From: Mail Delivery Subsystem <mailer-daemon@mail.example.com>\nTo: writer@example.org\n"
        b"Subject: Delivery Status Notification (Failure)\nX-Failed-Recipients: team@groups.example.com\n\n"
        b"** Message not delivered **\n\n"
        b"You're sending this from a different address or alias. The settings for that account\n"
        b"are misconfigured or out of date.\n\n"
        b"The response was:\n\n"
        b"Unspecified Error (SENT_SECOND_EHLO): Smtp server does not advertise AUTH capability\n"
    )
    [found] = completed_from_text(load(raw), [Finding(recipient="team@groups.example.com")])
    assert found.diagnostic == (
        "Unspecified Error (SENT_SECOND_EHLO): Smtp server does not advertise AUTH capability"
    )


def test_an_address_named_again_with_its_reason_after_an_ellipsis_takes_that_reason():
    # Sendmail lists the address in its section, then "<addr>... reason" in the
    # transcript, after the other recipients' replies.
    raw = (
        b"From: Mail Delivery Subsystem <MAILER-DAEMON@relay.example.org>\nTo: alumni@example.org\n"
        b"Subject: Returned mail: see transcript for details\n\n"
        b"   ----- The following addresses had permanent fatal errors -----\n<hana@example.jp>\n"
        b"    (reason: 550 5.1.1 User unknown)\n\n"
        b"   ----- The following addresses had transient non-fatal errors -----\n<dirk@example.ch>\n\n"
        b"   ----- Transcript of session follows -----\n... while talking to mx.example.jp.:\n"
        b">>> RCPT To:<hana@example.jp>\n<<< 550 5.1.1 User unknown\n"
        b"550 5.1.1 <hana@example.jp>... User unknown\n"
        b"<dirk@example.ch>... Deferred: Connection refused by mx.example.ch.\n"
    )
    findings = [
        Finding(recipient="hana@example.jp", diagnostic="550 5.1.1 User unknown", status="5.1.1"),
        Finding(recipient="dirk@example.ch", status="4.0.0", action="delayed"),
    ]
    _, dirk = completed_from_text(load(raw), findings)
    assert dirk.diagnostic == "Deferred: Connection refused by mx.example.ch."


def test_a_delay_with_only_an_other_or_undefined_status_takes_the_reason_its_text_gives():
    raw = (
        b"From: Mail Delivery Subsystem <MAILER-DAEMON@relay.example.jp>\nTo: writer@example.jp\n"
        b"Subject: Warning: could not send message for past 4 hours\n\n"
        b"    **      THIS IS A WARNING MESSAGE ONLY      **\n\n"
        b"   ----- Transcript of session follows -----\n... while talking to mx.example.ne.jp.:\n"
        b"<<< 421\n<taro@example.ne.jp>... Deferred: 421 Too many connections\n"
        b"Warning: message still undelivered after 4 hours\n"
    )
    finding = Finding(recipient="taro@example.ne.jp", status="4.5.0", action="delayed")
    [found] = completed_from_text(load(raw), [finding])
    assert found.diagnostic.startswith("Deferred: 421 Too many connections")
    # A specific status still says why: its finding is left as it is.
    specific = replace(finding, status="4.2.2")
    assert completed_from_text(load(raw), [specific]) == [specific]


def test_each_address_named_in_one_paragraph_keeps_its_own_words_and_not_another_s_reply():
    raw = (
        b"From: MAILER-DAEMON@relay.example.com\nTo: ole@example.com\nSubject: Delivery failure report\n\n"
        b"Delivery failure report - the following message could not be delivered to all of its "
        b"recipients. Recipient: mila@example.net - Status: 5.1.1 - Reason: the remote server said: "
        b"550 5.1.1 <mila@example.net>: Recipient address rejected: User unknown. "
        b"Recipient: team@typo.example - Status: 5.4.4 - Reason: the domain typo.example could not be "
        b"resolved (NXDOMAIN).\n"
    )
    mila, team = bouncekit.parse(raw).records
    assert mila.bounce_class is BounceClass.INVALID_RECIPIENT
    assert "typo.example" not in mila.diagnostic
    assert team.bounce_class is BounceClass.DNS_FAILURE
    assert "mila@" not in team.diagnostic


def test_an_address_quoted_in_a_programs_message_is_one_recipient_with_its_reply():
    raw = (
        b"From: Notifications <notifications@erp.example.com>\nTo: agent@example.com\n"
        b"Subject: Mail delivery failed\n\n"
        b"The following message could not be sent:\n\n"
        b"  Recipient:  Hotel Aurora, Purchasing <buying@hotel.example.nl>\n"
        b"  Failure:    Mail delivery failed via SMTP server 'smtp.example.com'.\n"
        b"              SMTPRecipientsRefused: {'buying@hotel.example.nl': (550, b'5.1.1 "
        b"<buying@hotel.example.nl>: Recipient address rejected: User unknown')}\n"
    )
    [record] = bouncekit.parse(raw).records
    assert (record.recipient, int(record.bounce_class)) == ("buying@hotel.example.nl", 10)


def test_the_recipients_of_a_gateway_s_table_of_the_blocked_message_are_each_a_failed_recipient():
    raw = (
        b"From: Content Guard <guard@mx.example.net>\nTo: writer@example.org\nReturn-Path: <>\n"
        b"Subject: Message quarantined\n\n"
        b"The message below was blocked by the mail gateway of example.net.\n\n"
        b"  From:     writer@example.org\n"
        b"  To:       sales@example.net; support@example.net\n"
        b"  Cc:       boss@example.org\n"
        b"  Subject:  Price list\n"
        b"  Scanner:  Attachment scanning\n"
        b"  Verdict:  pricelist.zip contains an executable file (setup.exe)\n\n"
        b"The message was quarantined and not delivered to any recipient.\n"
    )
    records = bouncekit.parse(raw).records
    assert [r.recipient for r in records] == ["sales@example.net", "support@example.net"]
    assert all(r.decoder == "fallback" and str(r.event) == "bounce" for r in records)
    assert all(r.bounce_class is BounceClass.PROHIBITED_ATTACHMENT for r in records)
    assert "blocked by the mail gateway" in records[0].diagnostic


def test_a_table_of_the_message_s_headers_in_a_notice_that_quotes_a_reply_takes_the_reply():
    raw = (
        b"From: MAILER-DAEMON@mx.example.net\nTo: writer@example.org\nSubject: Message blocked\n\n"
        b"The following message was blocked:\n\n"
        b"  From:     writer@example.org\n  To:       ana@example.net, rui@example.net\n"
        b"  Subject:  Offer\n\n"
        b"Reason: 554 5.7.1 Message rejected as spam by the content filter\n"
    )
    records = bouncekit.parse(raw).records
    assert [r.recipient for r in records] == ["ana@example.net", "rui@example.net"]
    assert {r.diagnostic for r in records} == {"554 5.7.1 Message rejected as spam by the content filter"}
    assert {r.bounce_class for r in records} == {BounceClass.SPAM_CONTENT}


def test_a_list_introduced_by_the_cause_takes_the_cause_with_each_recipient_s_details():
    raw = (
        "From: Mail Security <no-reply@filter.example.de>\nTo: writer@example.org\n"
        "Subject: Nachricht blockiert\nAuto-Submitted: auto-generated\n"
        "Content-Type: text/plain; charset=utf-8\n\n"
        "Ihre Nachricht wurde nicht zugestellt.\n\n"
        "Der Filter hat Ihre Nachricht an folgende Empfänger blockiert, weil sie Schadsoftware enthält:\n\n"
        "  Empfänger:  anna@example.de\n  Erkannt:    Mal/Generic-S in rechnung.doc\n"
    ).encode()
    [record] = bouncekit.parse(raw).records
    assert record.recipient == "anna@example.de"
    assert record.bounce_class is BounceClass.PROHIBITED_ATTACHMENT  # class 53: a virus
    assert record.diagnostic.endswith("Erkannt: Mal/Generic-S in rechnung.doc")


def test_a_japanese_notice_that_the_message_was_not_delivered_names_its_recipient():
    raw = (
        "From: Virus Notify <notify@gw.example.jp>\nTo: sender@example.co.jp\n"
        "Subject: [GW] ウイルス検出\nAuto-Submitted: auto-generated\n"
        "Content-Type: text/plain; charset=utf-8\n\n"
        "ウイルスが検出されたため、メッセージは宛先に配信されませんでした。\n\n"
        "宛先: tanaka@example.jp\nウイルス名: EICAR_TEST\n"
    ).encode()
    [record] = bouncekit.parse(raw).records
    assert record.recipient == "tanaka@example.jp"
    assert record.bounce_class is BounceClass.PROHIBITED_ATTACHMENT


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


def test_a_delay_s_retry_statement_gives_way_to_the_cause_below_it():
    raw = (
        b"From: Mail Delivery System <MAILER-DAEMON@mx.example.org>\nTo: writer@example.org\n"
        b"Subject: Delivery Status Notification (Delay)\n\n"
        b"Delivery to the following recipient has been delayed.\n\n"
        b"     ines@example.com\n\n"
        b"Message will be retried for 2 more day(s)\n\n"
        b"Technical details of temporary failure:\n"
        b"The recipient's mailbox is full and cannot accept messages now.\n"
    )
    [record] = bouncekit.parse(raw).records
    assert str(record.event) == "delayed"
    assert record.bounce_class is BounceClass.MAILBOX_FULL
    assert record.diagnostic.startswith("The recipient's mailbox is full")


def test_the_words_before_an_address_in_the_middle_of_a_sentence_are_not_its_reason():
    raw = (
        b"From: Mail Delivery System <MAILER-DAEMON@mx.example.org>\nTo: writer@example.org\n"
        b"Subject: Undeliverable\n\n"
        b"We could not deliver your message about the order \"Blue chairs and two\n"
        b"tables\" to the customer ines@example.com.\n\n"
        b"Reason: the mailbox is disabled.\n"
    )
    [record] = bouncekit.parse(raw).records
    assert record.diagnostic == "the mailbox is disabled."


def test_the_words_before_an_address_after_a_heading_line_are_still_its_reason():
    raw = (
        b"From: Mail Delivery System <MAILER-DAEMON@mx.example.org>\nTo: writer@example.org\n"
        b"Subject: Undeliverable\n\n"
        b"Your message could not be delivered\n"
        b"User mailbox exceeds allowed size: <ines@example.com>\n"
    )
    [record] = bouncekit.parse(raw).records
    assert record.bounce_class is BounceClass.MAILBOX_FULL


@pytest.mark.parametrize("line", [
    "  To:          ana@example.net; rui@example.net",
    "  Empfänger:   <ana@example.net>, <rui@example.net>",
    "  宛先: ana@example.net, rui@example.net",
])
def test_every_address_of_a_labelled_line_is_a_recipient_and_they_share_its_details(line):
    raw = (
        "From: Gateway <postmaster@gw.example.net>\nTo: writer@example.org\nSubject: Blocked\n"
        "Content-Type: text/plain; charset=utf-8\n\nYour message was not delivered.\n\n"
        f"{line}\n  Subject:     Offer\n  Detected:    Virus EICAR-Test-File\n"
    ).encode()
    records = bouncekit.parse(raw).records
    assert [r.recipient for r in records] == ["ana@example.net", "rui@example.net"]
    assert {r.diagnostic for r in records} == {"Detected: Virus EICAR-Test-File"}
    assert {r.bounce_class for r in records} == {BounceClass.PROHIBITED_ATTACHMENT}


# --- round 13: notices to the reader that are no failures -------------------------------


@pytest.mark.parametrize(("subject", "body"), [
    ("Warnung: Ihr Postfach ist fast voll",
     "Ihr Postfach ist zu 96 % belegt.\nIst es voll, werden neue Nachrichten abgelehnt und die Absender\n"
     "erhalten eine Meldung, dass ihre Nachricht unzustellbar war.\n"),
    ("Your mailbox is almost full",
     "Your mailbox has reached 92% of its quota.\nOnce it is full, messages sent to you will be "
     "rejected and could not be delivered.\n"),
])
def test_a_warning_that_the_readers_mailbox_is_nearly_full_is_not_a_bounce(subject, body):
    raw = _message(
        f"From: Mail Server <postmaster@example.net>\nTo: owner@example.net\nSubject: {subject}", body
    )
    assert bouncekit.parse(raw).records == ()


def test_a_bounce_saying_the_recipients_mailbox_is_full_is_still_a_bounce():
    raw = _message(
        "From: Mail Delivery System <MAILER-DAEMON@mx.example.net>\nTo: writer@example.org\n"
        "Subject: Undeliverable: your mailbox is almost full",
        "Your message could not be delivered to <ana@example.com>:\n552 5.2.2 mailbox full\n",
    )
    [record] = bouncekit.parse(raw).records
    assert record.recipient == "ana@example.com"


def test_a_summary_of_messages_on_hold_for_the_reader_is_not_a_bounce():
    raw = _message(
        "From: Filter <postmaster@filter.example>\nTo: reader@example.org\nSubject: Messages on hold - 2",
        "The following messages addressed to you are on hold and have not been delivered\n"
        "to your mailbox.\n\n"
        "From                       Subject               Reason\n"
        "promo@deals.example        Big voucher           Spam Signature\n"
        "ceo@lookalike.example      Wire request          Suspected Impersonation\n",
    )
    assert bouncekit.parse(raw).records == ()


# --- round 13: a device's or an application's report that one send failed ------------------


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
    raw = _message(_SCANNER, body)
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
    raw = _message(_SCANNER, body)
    assert bouncekit.parse(raw).records == ()


def test_an_applications_mail_to_the_readers_contact_that_keeps_bouncing():
    raw = _message(
        "From: Monitor <alerts@monitor.example>\nTo: admin@example.net\nAuto-Submitted: auto-generated\n"
        "Subject: Contact disabled",
        "Notifications to your alert contact pager@example.org are bouncing.\n\n"
        "Bounce message: 550 5.1.1 no such user\n\nWe have disabled this contact.\n",
    )
    [record] = bouncekit.parse(raw).records
    assert (record.recipient, record.status) == ("pager@example.org", "5.1.1")


def test_please_contact_an_address_is_still_a_help_desk():
    raw = _message(
        "From: MAILER-DAEMON@mx.example.net\nTo: writer@example.org\nSubject: Undeliverable",
        "Your message to <ana@example.com> could not be delivered: 550 5.1.1 no such user.\n"
        "Please contact helpdesk@example.net with questions.\n",
    )
    assert [r.recipient for r in bouncekit.parse(raw).records] == ["ana@example.com"]


def test_a_send_the_senders_own_server_refused_is_rejected_with_its_further_reason():
    raw = _message(
        "From: Web Site <site@shop.example>\nTo: owner@shop.example\nSubject: Email failed",
        "Your site failed to send an email.\n\nTo:      buyer@example.com\n"
        "Error:   SMTP Error: data not accepted.\n"
        "Detail:  5.7.1 Sender address rejected: site@shop.example not owned by user shop@provider.example\n",
    )
    [record] = bouncekit.parse(raw).records
    assert (record.recipient, record.status, record.event) == ("buyer@example.com", "5.7.1", Event.REJECTED)
    assert record.bounce_class is BounceClass.MAIL_BLOCK


# --- round 13: Czech, Slovak and Nordic notices ----------------------------------------------


@pytest.mark.parametrize("statement", [
    "Vaši zprávu se nepodařilo doručit na adresu:",
    "Zprávu nebylo možné doručit těmto příjemcům:",
    "Vašu správu nebolo možné doručiť na adresu:",
])
def test_czech_and_slovak_failures_without_a_code(statement):
    body = f"Dobrý den,\n\n{statement}\n\n   bob@fabrikam.example\n\nDůvod: adresát neexistuje.\n"
    [record] = bouncekit.parse(_plain_bounce("Oznámení", body)).records
    assert record.recipient == "bob@fabrikam.example"
    assert record.diagnostic == "adresát neexistuje."
    assert record.event is Event.BOUNCE


@pytest.mark.parametrize("statement", [
    "Ditt meddelande har ännu inte kunnat levereras till följande mottagare:\n\n   bob@fabrikam.example\n\n"
    "Vi fortsätter att försöka leverera meddelandet.",
    "Din besked er endnu ikke leveret til:\n\n   bob@fabrikam.example\n\nVi forsøger igen senere.",
    "Meldingen din er ennå ikke levert til:\n\n   bob@fabrikam.example\n\nVi fortsetter å prøve.",
    "Viestiäsi ei ole vielä toimitettu:\n\n   bob@fabrikam.example\n\nToimitusta yritetään uudelleen.",
    "Vaše zpráva zatím nebyla doručena:\n\n   bob@fabrikam.example\n\nPokus o doručení bude opakován.",
])
def test_nordic_and_czech_delays_without_a_cause(statement):
    [record] = bouncekit.parse(_plain_bounce("Info", statement + "\n")).records
    assert record.recipient == "bob@fabrikam.example"
    assert record.action == "delayed"


def test_a_nordic_reason_label_is_not_part_of_the_reason():
    body = "Din e-mail kunne ikke leveres.\n\nModtager: <bob@fabrikam.example>\nÅrsag: Findes ikke.\n"
    [record] = bouncekit.parse(_plain_bounce("Info", body)).records
    assert record.diagnostic == "Findes ikke."


# --- round 13: a forum's e-mail-in that refuses a reply ----------------------------------------


_FORUM = "From: Forum <noreply@forum.example>\nTo: w@example.org\nAuto-Submitted: auto-generated\nSubject: "


def test_a_forums_refusal_of_a_reply_names_the_address_it_was_sent_to():
    raw = _message(
        _FORUM + "[Forum] Email issue",
        "Sorry, your email message to [reply+4e1a9c@forum.example] (titled Re: Hello) didn't work.\n\n"
        "You don't have permissions to post in that category.\n",
    )
    [record] = bouncekit.parse(raw).records
    assert record.recipient == "reply+4e1a9c@forum.example"
    assert record.bounce_class is BounceClass.MAIL_BLOCK


def test_a_forums_notice_that_a_reply_was_posted_is_not_a_bounce():
    raw = _message(
        _FORUM + "[Forum] Your reply was posted",
        "Your email message to [reply+4e1a9c@forum.example] (titled Re: Hello) was posted.\n"
        "You are allowed to post in that category.\n",
    )
    assert bouncekit.parse(raw).records == ()


def test_an_html_notices_reason_cell_is_the_reason_not_the_row_before_it():
    raw = (
        b"From: Gateway Notification <postmaster@gw.example>\nTo: writer@example.org\n"
        b"Auto-Submitted: auto-generated\nSubject: Delivery Notification\n"
        b"Content-Type: text/html; charset=utf-8\n\n"
        b"<p><b>Your message couldn't be delivered</b></p><table>"
        b"<tr><td><b>Recipient</b></td><td>ana@example.com</td></tr>"
        b"<tr><td><b>Subject</b></td><td>Quarterly figures</td></tr>"
        b"<tr><td><b>Reason</b></td><td>550 Rejected by sender spoofing policy</td></tr></table>"
    )
    [record] = bouncekit.parse(raw).records
    assert record.recipient == "ana@example.com"
    assert record.diagnostic.startswith("550 Rejected by sender spoofing policy")
    assert record.bounce_class is BounceClass.MAIL_BLOCK


# --- round 13: the sender's own outgoing filter kept the message ------------------------------


def test_a_message_the_senders_outgoing_filter_kept_is_rejected():
    raw = _message(
        "From: Mail Filter <noreply@filter.example>\nTo: shop@example.org\nSubject: Message not sent",
        "Your message was not sent.\n\nThe outgoing filter classified the message below as spam.\n\n"
        "  To:      buyer@example.net\n  Reason:  550 5.7.1 Message rejected as spam\n",
    )
    [record] = bouncekit.parse(raw).records
    assert (record.recipient, record.event) == ("buyer@example.net", Event.REJECTED)


def test_a_recipients_filter_that_blocked_the_message_is_a_bounce():
    raw = _message(
        "From: Mail Filter <postmaster@filter.example>\nTo: shop@example.org\nSubject: Undeliverable",
        "Your message could not be delivered.\n\nThe recipient's filter classified the message as spam.\n\n"
        "  To:      buyer@example.net\n  Reason:  550 5.7.1 Message rejected as spam\n",
    )
    [record] = bouncekit.parse(raw).records
    assert (record.recipient, record.event) == ("buyer@example.net", Event.BOUNCE)
