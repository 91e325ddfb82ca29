"""The wording tables (decoders/fallback/wording.py): notices in other languages."""

from pathlib import Path

import pytest

import bouncekit
from bouncekit import BounceClass
from bouncekit.model import Event
from tests.decoders.fallback.messages import plain_bounce


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
        # German in the active voice, under "Fehler bei der Zustellung"
        ("Fehler bei der Zustellung",
         "Leider konnten wir Ihre Nachricht nicht an die folgende Adresse zustellen.\n\n"
         "<bob@fabrikam.example>:\nAntwort des Remote-Hosts: 552 5.2.2 Postfach voll\n", "mailbox_full"),
    ],
)
def test_bounces_in_other_languages(subject, body, reason):
    [record] = bouncekit.parse(plain_bounce(subject, body)).records
    assert record.recipient == "bob@fabrikam.example"
    assert str(record.reason) == reason


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
        # Japanese and Chinese statements in the plain past, or of a refusal or a stop
        ("メール配送失敗のお知らせ", "お客様のメールを配送できなかったことをお知らせします。\n\n"
         "  宛先: bob@fabrikam.example\n  応答: 552 5.2.2 Mailbox full\n", "mailbox_full"),
        ("サイズ超過", "送信されたメールは相手先サーバーで受信を拒否されました。\n\n"
         "宛先：bob@fabrikam.example\n応答：552 5.3.4 Message size exceeds fixed limit\n",
         "message_too_large"),
        ("無法遞送的郵件", "很抱歉，我們無法將您的郵件傳送至下列地址：\n\nbob@fabrikam.example\n\n"
         "Remote host said: 550 5.1.1 User unknown\n", "user_unknown"),
        # Statements in the first person plural, under subjects of a "delivery error"
        ("Aviso de error de entrega", "Lo sentimos, no hemos podido entregar su mensaje a la siguiente "
         "dirección.\n\n<bob@fabrikam.example>:\nRemote host said: 550 5.1.1 User unknown [RCPT_TO]\n",
         "user_unknown"),
        ("Aviso", "Não conseguimos entregar sua mensagem ao seguinte endereço:\n\n<bob@fabrikam.example>:\n"
         "552 5.2.2 Mailbox full\n", "mailbox_full"),
        ("Avis", "Nous n'avons pas pu remettre votre message à l'adresse suivante :\n\n"
         "<bob@fabrikam.example>:\n550 5.1.1 User unknown\n", "user_unknown"),
        ("Avviso", "Non siamo riusciti a consegnare il messaggio al seguente indirizzo:\n\n"
         "<bob@fabrikam.example>:\n552 5.2.2 Mailbox full\n", "mailbox_full"),
    ],
)
def test_other_mta_layouts_in_other_languages(subject, body, reason):
    [record] = bouncekit.parse(plain_bounce(subject, body)).records
    assert record.recipient == "bob@fabrikam.example"
    assert str(record.reason) == reason


@pytest.mark.parametrize(
    "notice",
    [
        "Dies ist nur eine Warnung. Ihre Nachricht wurde noch nicht zugestellt an:",
        "Votre message n'a pas encore été remis aux destinataires suivants :",
        "Su mensaje todavía no ha sido entregado a los siguientes destinatarios:",
        "Il messaggio non è ancora stato recapitato ai seguenti destinatari:",
        "QUESTO È SOLO UN MESSAGGIO DI AVVISO. La consegna al seguente destinatario è stata ritardata:",
        "Sua mensagem ainda não foi entregue aos seguintes destinatários:",
        "Uw bericht is nog niet afgeleverd bij de volgende ontvangers:",
        "以下の宛先への配信が遅延しています:",
        "以下の宛先への配信が遅れています。自動的に再送を継続します:",
        "您发送给以下收件人的邮件暂时未能投递成功，系统将在 24 小时内继续尝试投递：",
    ],
)
def test_delay_notices_in_other_languages(notice):
    body = f"{notice}\n\nbob@fabrikam.example: 421 4.4.1 Connection timed out\n"
    [record] = bouncekit.parse(plain_bounce("Warning", body)).records
    assert record.recipient == "bob@fabrikam.example"
    assert str(record.event) == "delayed"


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


@pytest.mark.parametrize("statement", [
    "Vaši zprávu se nepodařilo doručit na adresu:",
    "Zprávu nebylo možné doručit těmto příjemcům:",
    "Vašu správu nebolo možné doručiť na adresu:",
])
def test_czech_and_slovak_failures_without_a_code(statement):
    body = f"Dobrý den,\n\n{statement}\n\n   bob@fabrikam.example\n\nDůvod: adresát neexistuje.\n"
    [record] = bouncekit.parse(plain_bounce("Oznámení", body)).records
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
    [record] = bouncekit.parse(plain_bounce("Info", statement + "\n")).records
    assert record.recipient == "bob@fabrikam.example"
    assert record.action == "delayed"


def test_a_nordic_reason_label_is_not_part_of_the_reason():
    body = "Din e-mail kunne ikke leveres.\n\nModtager: <bob@fabrikam.example>\nÅrsag: Findes ikke.\n"
    [record] = bouncekit.parse(plain_bounce("Info", body)).records
    assert record.diagnostic == "Findes ikke."


# --- round 14 ----------------------------------------------------------------------------


@pytest.mark.parametrize("said", [
    "Aucune nouvelle tentative ne sera effectuée.",
    "Es werden keine weiteren Zustellversuche unternommen.",
    "No se realizarán más intentos de entrega.",
    "Non verranno effettuati ulteriori tentativi.",
    "Geen nieuwe pogingen meer.",
    "Повторных попыток доставки не будет.",
])
def test_a_notice_that_says_no_further_attempt_will_be_made_is_final(said):
    # The retry words alone ("nouvelle tentative", "Zustellversuche") would read as a delay.
    body = f"Delivery to the following recipient failed:\n\n  rui@fabrikam.example\n\n{said}\n"
    [record] = bouncekit.parse(plain_bounce("Undeliverable", body)).records
    assert record.event is Event.BOUNCE


@pytest.mark.parametrize("said", [
    "Une nouvelle tentative sera effectuée dans 4 heures.",
    "Es werden weitere Zustellversuche unternommen.",
])
def test_a_notice_that_says_it_will_try_again_is_still_a_delay(said):
    body = f"Delivery to the following recipient has been delayed:\n\n  rui@fabrikam.example\n\n{said}\n"
    [record] = bouncekit.parse(plain_bounce("Delivery delayed", body)).records
    assert record.event is Event.DELAYED


def test_a_french_notice_that_the_domain_does_not_exist_is_a_dns_failure_not_a_delay():
    body = (
        "Nous n'avons pas pu remettre votre message à :\n\n    anne@boutique-inconnue.example\n\n"
        "Le domaine « boutique-inconnue.example » n'existe pas : aucun enregistrement MX.\n\n"
        "Aucune nouvelle tentative ne sera effectuée.\n"
    )
    [record] = bouncekit.parse(plain_bounce("Échec de la remise", body)).records
    assert (record.event, record.bounce_class) == (Event.BOUNCE, BounceClass.DNS_FAILURE)


def test_a_czech_notice_of_a_threat_in_an_attachment_is_a_virus_block():
    body = (
        "Vaše zpráva nebyla doručena příjemci:\n\n    petr@fabrikam.example\n\n"
        "Důvod: zpráva obsahovala hrozbu (Win32/Agent, trojský kůň) a byla odstraněna.\n"
    )
    [record] = bouncekit.parse(plain_bounce("Zpráva nebyla doručena", body)).records
    assert record.bounce_class is BounceClass.PROHIBITED_ATTACHMENT


@pytest.mark.parametrize("statement", [
    "Le message n'a pas été envoyé au destinataire suivant :",
    "Ваше письмо не было отправлено следующим получателям:",
    "Die Nachricht wurde nicht versendet an:",
    "El mensaje no ha sido enviado al siguiente destinatario:",
    "Il messaggio non è stato inviato al seguente destinatario:",
    "A mensagem não foi enviada ao seguinte destinatário:",
    "Het bericht is niet verzonden naar:",
    "Wiadomość nie została wysłana do:",
    "Zpráva nebyla odeslána příjemci:",
])
def test_a_statement_that_the_message_was_not_sent_is_a_failure(statement):
    body = f"{statement}\n\n    rui@fabrikam.example\n\nReason: 550 5.1.1 unknown user\n"
    [record] = bouncekit.parse(plain_bounce("Notification", body)).records
    assert (record.recipient, record.bounce_class) == ("rui@fabrikam.example", BounceClass.INVALID_RECIPIENT)


@pytest.mark.parametrize(("label", "reason"), [
    ("Alasan", "alamat tidak ditemukan"),
    ("Neden", "alıcı adresi bulunamadı"),
    ("Lý do", "hộp thư của người nhận đã đầy"),
    ("السبب", "عنوان المستلم غير موجود"),
])
def test_reason_labels_of_more_languages_are_read(label, reason):
    # The label names the reason; it is not part of it.
    body = f"Delivery to the following recipient failed:\n\n    dewi@fabrikam.example\n\n{label}: {reason}\n"
    [record] = bouncekit.parse(plain_bounce("Undeliverable", body)).records
    assert record.diagnostic == reason


@pytest.mark.parametrize(("name", "recipients", "bounce_class"), [
    # A mail filter's notice (its sender named as one: "Kaspersky Mail Security",
    # "MessageLabs Virus Alert", "InterScan MSVA") is a mail system's: the recipients of
    # its table in any language are the failed ones.
    ("sg-kaspersky-ru-notice-39.eml",
     ["a.ivanov@uralmash-privod.example", "snab@uralmash-privod.example"], 53),
    ("sg-imsva-ja-notice-22.eml", ["sato.m@kobayashi-kikai.example", "seizou@kobayashi-kikai.example"], 53),
    ("sg-messagelabs-de-notice-30.eml", ["d.schulz@schulz-kunststoff.example"], 53),
])
def test_a_mail_filters_notice_in_another_language(name, recipients, bounce_class):
    raw = Path(__file__).parents[2] / "fixtures" / "handmade-66" / "emails" / name
    records = bouncekit.parse(raw.read_bytes()).records
    assert [r.recipient for r in records] == recipients
    assert {(str(r.event), int(r.bounce_class)) for r in records} == {("bounce", bounce_class)}


def test_a_filters_count_of_mail_it_refused_for_the_reader_gives_no_record():
    # "In den letzten 24 Stunden wurden 3 E-Mails an lukas.meier@... abgewiesen": a digest
    # for the reader, whose table lists the senders of the refused mail.
    raw = Path(__file__).parents[2] / "fixtures" / "handmade-66" / "not-bounces"
    raw = raw / "sg-nb-nsp-de-digest-02.eml"
    assert bouncekit.parse(raw.read_bytes()).records == ()


@pytest.mark.parametrize(("name", "rows"), [
    # An application's report to its user in the user's language: SAP's dunning run
    # ("E-Mail-Versand fehlgeschlagen", a table of the failed addresses and replies),
    # Fortnox in Swedish ("kunde inte levereras", gave up after 72 hours), Kingdee in
    # Chinese (邮件发送失败 from notice@), Zammad in Polish ("Nie udało się dostarczyć").
    ("cb-sap-dunning-02.eml", [("rechnung@schuster-bau.example", 10), ("info@pfeiffer-sanitaer.example", 22),
                               ("buchhaltung@huber-soehne-landshut.example", 21)]),
    ("cb-fortnox-sv-16.eml", [("ekonomi@byggservice-gavle.example", 24)]),
    ("cb-kingdee-zh-15.eml", [("caigou@jiangsu-jingmi.example", 23)]),
    ("cb-zammad-pl-08.eml", [("m.wisniewski@stolbud-torun.example", 20)]),
])
def test_an_applications_report_in_its_users_language(name, rows):
    raw = Path(__file__).parents[2] / "fixtures" / "handmade-68" / "emails" / name
    records = bouncekit.parse(raw.read_bytes()).records
    assert [(r.recipient, int(r.bounce_class)) for r in records] == rows
    assert {str(r.event) for r in records} == {"bounce"}


def test_a_gateways_table_laid_out_in_columns_names_the_recipient():
    # Sophos in Turkish: "İletiniz ... engellendi ve teslim edilmedi." over a table whose
    # labels stand in a column ("Gönderen  a@b", "Alıcı     c@d", "Konu      ...").
    raw = Path(__file__).parents[2] / "fixtures" / "handmade-66" / "emails"
    raw = raw / "sg-sophoscentral-tr-notice-19.eml"
    (record,) = bouncekit.parse(raw.read_bytes()).records
    assert (record.recipient, int(record.bounce_class)) == ("satinalma@ozkan-makina.example", 53)
