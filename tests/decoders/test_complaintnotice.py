"""The complaintnotice decoder: a sending service's own notice, in prose, that a
recipient complained (hand-written in several services' words and languages), and the
mail about complaints that must give nothing."""

import bouncekit
from tests.decoders.handwritten import plain_mail, records_of

_SERVICE = (
    "From: Sendwell <alerts@sendwell.example>\nTo: owner@bakery.example\nAuto-Submitted: auto-generated\n"
)


def _complaints(subject: str, body: str, headers: str = _SERVICE) -> list[tuple[str | None, str, str | None]]:
    records = records_of(plain_mail(f"{headers}Subject: {subject}", body))
    return [(r.recipient, str(r.event), r.feedback_type) for r in records]


def test_an_address_that_marked_the_message_as_spam():
    body = ("Heads up! kim.lee@webmail.example marked your message \"Weekly bread deals\" as spam\n"
            "on March 4. We unsubscribed the address from all your audiences.\n\nThe Sendwell team\n")
    assert _complaints("Abuse complaint on your campaign", body) == [
        ("kim.lee@webmail.example", "complaint", "abuse")]


def test_a_german_notice_naming_the_recipient_after_a_label():
    body = ("Hallo,\n\nein Empfänger hat Ihre E-Mail „Frühjahrsaktion“ als Spam gemeldet.\n\n"
            "Empfänger: m.krause@posteo-mail.example\nVersand: 03.03.2025\n\n"
            "Die Adresse wurde gesperrt. Bei Fragen: support@sendwell.example\n")
    assert _complaints("Spam-Meldung", body) == [("m.krause@posteo-mail.example", "complaint", "abuse")]


def test_a_french_notice_and_a_list_of_recipients_in_english():
    french = ("Bonjour,\n\nun destinataire a signalé votre e-mail « Promo printemps » comme spam.\n\n"
              "Destinataire : luc.martin@fai.example\n")
    assert _complaints("Plainte pour spam", french) == [("luc.martin@fai.example", "complaint", "abuse")]
    listed = ("Hello,\n\nThe following subscribers reported your campaign \"March news\" as spam:\n\n"
              "  - ana@isp-one.example\n  - bo@isp-two.example\n\nThey were removed from your list.\n")
    recipients = [r for r, _, _ in _complaints("Complaints", listed)]
    assert recipients == ["ana@isp-one.example", "bo@isp-two.example"]


def test_a_notice_naming_no_recipient_gives_nothing():
    body = ("A recipient reported your email as spam. Your complaint rate is 0.02 %.\n"
            "Contact support@sendwell.example.\n")
    assert _complaints("Complaint received", body) == []


def test_newsletters_and_advice_about_complaints_give_nothing():
    newsletter = ("List-Unsubscribe: <mailto:unsub@news.mailbox-provider.example>\n"
                  "From: Postmaster News <news@mailbox-provider.example>\nTo: owner@bakery.example\n")
    body = ("This month 412 recipients marked your messages as spam, e.g. tester@mailbox-provider.example.\n"
            "Keep your complaint rate low.\n")
    assert _complaints("Postmaster bulletin", body, newsletter) == []
    advice = ("When a subscriber like jo@isp.example marked your email as spam, remove the address.\n"
              "If someone reported your message as spam, ask yourself why.\n")
    assert _complaints("Deliverability tips", advice) == []


def test_a_filter_that_took_the_message_for_spam_is_no_complaint():
    bounce = ("From: Mail Delivery System <mailer-daemon@gw.example>\nTo: owner@bakery.example\n")
    body = ("Your message could not be delivered.\n\nRecipient: ceo@factory.example\n"
            "Reason: our filter marked your message as spam (score 9.1).\n")
    records = records_of(plain_mail(f"{bounce}Subject: Undeliverable: offer", body))
    assert all(str(r.event) != "complaint" for r in records)
    assert bouncekit.parse(plain_mail(f"{_SERVICE}Subject: hi", "Nothing happened today.\n")).records == ()


def test_a_complaint_from_an_address_names_it_right_after():
    english = "We received a spam report from Lisa.M@mail.example about your campaign \"Autumn\".\n"
    assert _complaints("Spam report", english) == [("Lisa.M@mail.example", "complaint", "abuse")]
    german = "Wir haben eine Spam-Beschwerde von k.roth@web-mail.example zu Ihrem Newsletter erhalten.\n"
    assert _complaints("Beschwerde", german) == [("k.roth@web-mail.example", "complaint", "abuse")]
    advice = "If you get a spam complaint from jo@isp.example, remove the address at once.\n"
    assert _complaints("Tips", advice) == []


def test_a_service_that_received_an_abuse_report_names_the_reporter_it_labels():
    raw = (
        b"From: Mailer <no-reply@mailer.example>\nTo: owner@shop.example\n"
        b"Subject: Abuse report for Spring list\n\n"
        b"Hi,\n\nWe received an abuse report about your campaign \"Spring list\".\n\n"
        b"Reported by: jo@fabrikam.example\nAudience:    Readers\n"
    )
    assert [(r.recipient, str(r.event)) for r in bouncekit.parse(raw).records] == [
        ("jo@fabrikam.example", "complaint")]


def test_an_unsubscribe_that_was_also_reported_as_spam_is_its_one_contacts_complaint():
    raw = (
        b"From: Mailer <no-reply@mailer.example>\nTo: owner@shop.example\n"
        b"Subject: Unsubscribe Notification\n\n"
        b"jo@fabrikam.example has unsubscribed from Readers.\n\nReason:   The emails are spam\n\n"
        b"Because the contact reported the emails as spam, this has also been recorded as an abuse report.\n"
    )
    assert [(r.recipient, str(r.event)) for r in bouncekit.parse(raw).records] == [
        ("jo@fabrikam.example", "complaint")]
