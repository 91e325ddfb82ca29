"""The common readers (RFC 3464 backbone, other MTAs' decoders, the fallback) on kinds
of notices whose own product has a decoder: a variant or a vendor without one must be
read all the same. Every message here is hand-written, in the words of other products
than the corpus's."""

import pytest

from tests.decoders.handwritten import plain_mail, records_of

# --- a list or group that refuses a sender's post, in languages without "post" ---------

_DAEMON = "Return-Path: <>\nFrom: Mail Delivery System <MAILER-DAEMON@{host}>\nTo: jana@example.org\n"

LIST_REFUSALS = [
    # (language, list address, notice text)
    ("cs", "studenti@lists.example.cz",
     "Dobrý den,\n\nvaši zprávu nebylo možné doručit do konference studenti@lists.example.cz.\n"
     "Nemáte oprávnění zasílat příspěvky do této konference; příspěvky mohou posílat\n"
     "pouze přihlášení členové.\n"),
    ("el", "syzitisi@groups.example.gr",
     "Γεια σας,\n\nΔεν έχετε δικαίωμα δημοσίευσης στην ομάδα συζητήσεων syzitisi.\n"
     "Επικοινωνήστε με τον διαχειριστή της ομάδας.\n"),
    ("ar", "akhbar@lists.example.sa",
     "مرحباً،\n\nعذراً، غير مسموح لك بالنشر في هذه القائمة البريدية (akhbar).\n"
     "يرجى الاشتراك في القائمة أولاً.\n"),
    ("fa", "karkonan@lists.example.ir",
     "سلام،\n\nشما مجوز برای ارسال پیام به فهرست پستی کارکنان را ندارید.\n"
     "لطفاً ابتدا عضو شوید.\n"),
    ("he", "tsevet@lists.example.co.il",
     "שלום,\n\nאין לך הרשאה לשלוח הודעות לרשימה tsevet. רק חברי הרשימה רשאים לשלוח.\n"),
]


@pytest.mark.parametrize(("language", "address", "text"), LIST_REFUSALS)
def test_a_list_refusing_a_post_is_a_mail_block_in_any_language(language, address, text):
    host = address.split("@")[1]
    raw = plain_mail(_DAEMON.format(host=host) + f"Subject: Delivery Status Notification (Failure)\n"
                f"X-Failed-Recipients: {address}\nAuto-Submitted: auto-replied", text)
    records = records_of(raw)
    assert [r.recipient for r in records] == [address], language
    assert int(records[0].bounce_class) == 50, (language, records[0].diagnostic)


LIST_REFUSAL_NEAR_MISSES = [
    # A person asking a colleague why the group refused the post: not machine-sent.
    "From: Petr <petr@example.cz>\nTo: jana@example.org\nSubject: skupina\n",
    # A newsletter that explains the group's rules.
    "From: Zpravodaj <news@example.cz>\nTo: jana@example.org\nSubject: Novinky\n"
    "List-Unsubscribe: <mailto:leave@example.cz>\nPrecedence: bulk\n",
]


@pytest.mark.parametrize("headers", LIST_REFUSAL_NEAR_MISSES)
def test_words_of_a_refused_post_outside_a_notice_give_no_record(headers):
    body = ("Ahoj,\n\nnemáte oprávnění přidávat příspěvky do skupiny? Zkus se nejdřív přihlásit.\n"
            "אין לך הרשאה לשלוח הודעות לרשימה? غير مسموح لك بالنشر؟\n")
    assert records_of(plain_mail(headers, body)) == []


def test_a_list_welcome_that_grants_the_right_to_post_gives_no_record():
    raw = plain_mail("From: syzitisi-request@groups.example.gr\nTo: jana@example.org\n"
                "Subject: Καλώς ήρθατε στην ομάδα syzitisi\nAuto-Submitted: auto-generated",
                "Καλώς ήρθατε!\n\nΤώρα έχετε δικαίωμα ανάρτησης στην ομάδα syzitisi@groups.example.gr.\n")
    assert records_of(raw) == []

