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
