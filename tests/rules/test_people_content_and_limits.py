"""Replies-blind-7's misses by kind, in other products' and languages' words than the
blind rows (written for these tests, not the rules' samples):

- a person who left, a retired or decommissioned address, a mailbox owner's own
  refusal that points elsewhere, a closed mailbox that names where to write: the
  address has moved (10), even under 5.7.x; a recipient missing from the directory is
  unknown (10); a closed mailbox that points nowhere stays inactive (20);
- content refusals under 5.7.1 (spam scores, junk, prohibited words, links, forms,
  capitals, newsletters): 52; attachments (archives, executables, Office macros): 53;
- "not an open relay": 54 (SMTP authentication required stays 50, a project decision);
- a host's limit on what its own user sends, in several languages: 20;
- a timeout or a connection lost, in several languages: 24;
- challenge-response wordings with a link between the words: 100;
- complaints and "spammers not welcome": 51; postscreen's pregreet: a block (50);
  a tenant's block list of a sender: sender_rejected (50);
- a delay notice that says it will be retried is a delay (70), not expired (24).
"""

import pytest

import bouncekit
from bouncekit.classifier import default_rules
from bouncekit.model import BounceClass as C
from bouncekit.model import Event


def _class(text: str) -> C:
    return bouncekit.classify(text).bounce_class


@pytest.mark.parametrize("text", [
    # people who left, retired and decommissioned addresses
    "550 5.7.1 Prof. Novak has left Example College; mail for the department goes to office@example.edu",
    "554 5.7.1 Ms Alvarez is no longer with Example Logistics. Please contact dispatch@example.com",
    "550 5.7.1 This inbox belonged to a former employee and is closed to outside mail",
    "550 5.7.1 <ops-old@example.net>: Recipient address rejected: account decommissioned 2023-12-01",
    "550 5.7.1 The shared mailbox billing@example.org was retired; use accounts@example.org",
    # the owner's own refusal (Sieve reject, panels' reject with a message)
    "Your message was rejected by the recipient: I no longer check this mailbox. Reach me at ko@example.jp",
    "We're not reading e-mails on this account anymore, see our web site for contacts",
    "550 5.7.1 Sorry, my current address is h.ito@example.jp; this one is not read",
    # a closed mailbox that names where to write
    "550 5.2.1 This account was closed at the end of the term. Please write to registry@example.ac.uk",
    # in other languages
    "Ich lese diese Mailbox nicht mehr. Bitte an t.koch@example.de schreiben",
    "Je ne consulte plus cette boîte, écrivez-moi à l.petit@example.fr",
    "Ya no reviso este correo, escríbeme a m.soto@example.cl",
    "Non controllo più questa casella, scrivimi a f.neri@example.it",
    "Já não uso este e-mail, escreva-me para r.dias@example.pt",
    "Ik controleer deze mailbox niet meer, schrijf me op j.bakker@example.nl",
])
def test_a_person_who_left_or_an_address_retired_has_moved(text):
    result = bouncekit.classify(text)
    assert (result.bounce_class, str(result.reason)) == (C.INVALID_RECIPIENT, "address_moved"), text


@pytest.mark.parametrize("text", [
    "550 5.7.1 User not in the Example County Council directory",
    "554 5.7.1 Addressee not present in the global address list",
    "Delivery refused: the recipient address q.lam@example.org was not valid.",
])
def test_a_recipient_missing_from_the_directory_is_unknown(text):
    assert _class(text) is C.INVALID_RECIPIENT, text


@pytest.mark.parametrize(("text", "expected"), [
    ("550 5.7.1 Message rejected: score 7.2, required 5", C.SPAM_CONTENT),
    ("554 5.7.1 This seems like junk mail, not delivered", C.SPAM_CONTENT),
    ("550 5.7.1 Your message did not pass the spam check", C.SPAM_CONTENT),
    ("550 5.7.1 Promotional e-mails are not accepted here", C.SPAM_CONTENT),
    ("554 5.7.1 Refused: the message uses obscene language", C.SPAM_CONTENT),
    ("550 5.7.1 Rejected: links to a URL-shortening service are blocked", C.SPAM_CONTENT),
    ("550 5.7.1 Messages linking to file-sharing services are refused", C.SPAM_CONTENT),
    ("550 5.7.1 Clickable links are not allowed in mail to this list", C.SPAM_CONTENT),
    ("554 5.7.1 Message contains an HTML form and was rejected", C.SPAM_CONTENT),
    ("550 5.7.1 Rejected: excessive capitalization in the subject", C.SPAM_CONTENT),
    ("550 5.7.1 Message blocked: contains a QR code", C.SPAM_CONTENT),
    ("550 5.7.1 This domain does not accept zip or rar attachments", C.PROHIBITED_ATTACHMENT),
    ("554 5.7.1 Rejected: .NET executables are prohibited here", C.PROHIBITED_ATTACHMENT),
    ("554 5.7.1 Blocked: Word macros detected in invoice.doc", C.PROHIBITED_ATTACHMENT),
    ("550 5.7.1 Upload refused: attachment limit reached, at most 3 attachments per message",
     C.PROHIBITED_ATTACHMENT),
    ("550 5.7.1 We are not an open relay", C.RELAYING_DENIED),
])
def test_content_attachment_and_relay_refusals_under_5_7_1(text, expected):
    assert _class(text) is expected, text


@pytest.mark.parametrize("text", [
    "451 4.7.1 Outbound mail quota exceeded for user web@example.com",
    "550 5.7.1 Outgoing messages limit reached (250/day) for this mailbox",
    "451 Forwarding quota exhausted for this alias, try tomorrow",
    "450 4.7.1 <shop@example.com>: Sender address rejected: Policy rejection; Recipient quota exceeded",
    "550 Przekroczono dzienny limit wysyłki wiadomości",
    "550 Günlük e-posta gönderim kotanız doldu",
    "550 Das Limit für ausgehende Mails ist für heute erreicht",
    "550 Limite de courriels sortants dépassée",
    "550 Alcanzado el límite de correos salientes",
    "550 Uitgaande e-mail-limiet bereikt",
    "550 Исчерпан дневной лимит отправки писем",
])
def test_a_hosts_limit_on_its_own_user_is_a_soft_bounce(text):
    result = bouncekit.classify(text)
    assert (result.bounce_class, str(result.reason)) == (C.SOFT_BOUNCE, "rate_limited"), text


@pytest.mark.parametrize("text", [
    "Delivery failed: the receiving host failed to respond in the allowed time",
    "No response from the remote server before the timeout period ended",
    "Hedef sunucu bağlantısı koptu",
    "Zaman aşımına uğradı: mx.example.com.tr",
    "החיבור לשרת היעד אבד",
    "Die Verbindung zu mx.example.at wurde unterbrochen",
    "Connexion au serveur distant perdue",
    "La conexión con el servidor de destino se perdió",
    "La connessione al server mx.example.it è caduta",
    "A ligação com o servidor foi encerrada",
    "De verbinding met de server van de ontvanger is weggevallen",
    "Połączenie z serwerem zostało przerwane",
    "Соединение с сервером получателя прервано",
    "与服务器的连接中断",
])
def test_a_timeout_or_a_lost_connection_is_a_timeout(text):
    assert _class(text) is C.TIMEOUT, text


@pytest.mark.parametrize("text", [
    "Your e-mail awaits approval. To request approval, click https://cr.example.com/a/77",
    "Please confirm via https://cr.example.com/b/9 that you are a real person.",
    "Bevor wir zustellen: Bitte bestätigen Sie auf https://cr.example.de/x dass Sie kein Bot sind",
    "Merci de confirmer via https://cr.example.fr/y que vous êtes un être humain",
    "Confirme en https://cr.example.es/z que no eres un robot",
    "Conferma su https://cr.example.it/w che non sei un robot",
    "Confirme em https://cr.example.pt/v que não é um robô",
    "Bevestig op https://cr.example.nl/u dat je geen spammer bent",
])
def test_challenge_response_with_a_link_between_the_words(text):
    assert _class(text) is C.CHALLENGE_RESPONSE, text


@pytest.mark.parametrize(("text", "expected"), [
    ("550 5.7.1 Blocked after complaints from recipients", C.SPAM_BLOCK),
    ("550 No spammers, go away", C.SPAM_BLOCK),
    ("550 5.5.1 Protocol error: client talked before the greeting", C.MAIL_BLOCK),
    ("550 5.7.1 The sender is on the tenant block list of example.org", C.MAIL_BLOCK),
])
def test_blocks(text, expected):
    assert _class(text) is expected, text


@pytest.mark.parametrize("text", [
    "Your message could not be delivered for 8.0 hours. It will be retried until it is 4.0 days old.",
    "Message undeliverable for 30 minutes; it is still being retried.",
    "Votre message n'a pas pu être remis depuis 6 heures. Il sera réessayé jusqu'à 5 jours.",
    "No se pudo entregar durante 6 horas; se reintentará hasta 5 días.",
])
def test_a_delay_that_will_be_retried_is_no_expiry(text):
    assert _class(text) is C.TRANSIENT, text
    assert default_rules().classify_delay(text).bounce_class is C.TRANSIENT, text


@pytest.mark.parametrize(("text", "expected"), [
    # a closed mailbox that points nowhere stays inactive
    ("550 5.2.1 Mailbox closed", C.SOFT_BOUNCE),
    ("550 5.2.1 Account closed; contact your administrator", C.SOFT_BOUNCE),
    # a sending account of the sender's own, not the recipient's address
    ("Your account has been closed. Please contact us at billing@example.com", None),
    # the project's decision: SMTP authentication required is a block (50)
    ("530 5.7.0 SMTP authentication is required", C.MAIL_BLOCK),
    # a size limit on attachments is the size, not the kind of attachment
    ("552 5.3.4 We do not accept attachments larger than 20 MB", C.TOO_LARGE),
    # a spam scan that passed is no spam verdict; a message that left the queue is no person
    ("Spam check: passed; delivered to mailbox", None),
    ("The message has left the queue and was handed to mx.example.org", None),
    # a failure after the whole queue lifetime is still expired
    ("Your message could not be delivered for 5 days. Giving up.", C.TIMEOUT),
])
def test_near_misses(text, expected):
    result = _class(text)
    if expected is None:
        assert result not in (C.INVALID_RECIPIENT, C.SPAM_CONTENT), text
    else:
        assert result is expected, text


def _auto_reply(body: str) -> bytes:
    return (
        "From: Dana Reyes <d.reyes@fabrikam.example>\nTo: shop@example.com\n"
        "Subject: Automatic reply: Your order\nAuto-Submitted: auto-replied\n"
        "Content-Type: text/plain; charset=utf-8\n\n" + body + "\n"
    ).encode()


def test_an_automatic_reply_that_says_only_that_the_person_left_stays_an_automatic_reply():
    # The mailbox still answers: the message was delivered, read or not.
    raw = _auto_reply("Dana Reyes is no longer with Fabrikam and this mailbox is not monitored.\n\n"
                      "Please write to sales@fabrikam.example.")
    [record] = bouncekit.parse(raw).records
    assert (record.event, record.bounce_class) == (Event.AUTO_REPLY, C.AUTO_REPLY)


def test_an_automatic_reply_that_says_the_address_is_closed_is_a_bounce():
    raw = _auto_reply("Dana Reyes has left Fabrikam. This mailbox was closed on 1 May; "
                      "please write to sales@fabrikam.example.")
    [record] = bouncekit.parse(raw).records
    assert (record.event, record.bounce_class) == (Event.BOUNCE, C.INVALID_RECIPIENT)
