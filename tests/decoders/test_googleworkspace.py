"""The googleworkspace decoder (Google Workspace) on the corpus."""

import pytest

import bouncekit
from tests.conftest import corpus_bytes

# file, record index, recipient, event, status, reply code, substring of the diagnostic
CASES = [
    ("lhost-googleworkspace-01.eml", 0, "neko-nyaan-cat-meeting@google-groups.example.com", "bounce",
     None, None, "Smtp server does not advertise AUTH capability"),
]


@pytest.mark.parametrize(("file", "index", "recipient", "event", "status", "reply_code", "text"), CASES)
def test_corpus_file(file, index, recipient, event, status, reply_code, text):
    report = bouncekit.parse(corpus_bytes(file))
    record = report.records[index]
    assert record.decoder == "googleworkspace"
    assert record.recipient == recipient
    assert str(record.event) == event
    assert record.status == status
    assert record.reply_code == reply_code
    assert text in (record.diagnostic or "")


def test_report_with_an_empty_delivery_status_and_no_failed_recipients_header():
    raw = (
        b"From: Mail Delivery Subsystem <mailer-daemon@googlemail.com>\nTo: me@example.org\n"
        b"Subject: Delivery Status Notification (Failure)\nMIME-Version: 1.0\n"
        b"Content-Type: multipart/report; report-type=delivery-status; boundary=b\n\n"
        b"--b\nContent-Type: text/plain; charset=UTF-8\n\n"
        b"** Address not found **\n\nYour message wasn't delivered to lost@example.com because "
        b"the address couldn't be found.\n\n"
        b"--b\nContent-Type: message/delivery-status\n\n\n--b--\n"
    )
    record = bouncekit.parse(raw).records[0]
    assert (record.decoder, record.recipient) == ("googleworkspace", "lost@example.com")
    assert "couldn't be found" in record.diagnostic


@pytest.mark.parametrize(
    ("title", "sentence", "heading"),
    [
        ("Adresse introuvable", "Votre message n'a pas été distribué à bob@fabrikam.example.",
         "La réponse du serveur distant était :"),
        ("Adresse nicht gefunden", "Ihre Nachricht wurde nicht an bob@fabrikam.example zugestellt.",
         "Die Antwort vom Remote-Server war:"),
        ("アドレスが見つかりません", "bob@fabrikam.example にメールを配信できませんでした。",
         "リモート サーバーからのレスポンス:"),
    ],
)
def test_report_in_the_senders_language_gives_the_remote_reply(title, sentence, heading):
    raw = (
        "From: Mail Delivery Subsystem <mailer-daemon@googlemail.com>\nTo: me@example.org\n"
        "Subject: Delivery Status Notification (Failure)\nX-Failed-Recipients: bob@fabrikam.example\n"
        "Content-Type: text/plain; charset=utf-8\n\n"
        f"** {title} **\n\n{sentence}\n\n{heading}\n"
        "550 5.1.1 The email account that you tried to reach does not exist. - gsmtp\n"
    ).encode()
    [record] = bouncekit.parse(raw).records
    assert record.decoder == "googleworkspace"
    assert record.diagnostic == "550 5.1.1 The email account that you tried to reach does not exist. - gsmtp"
    assert record.reason is bouncekit.Reason.USER_UNKNOWN
