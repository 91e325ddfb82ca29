"""The domino decoder (HCL/IBM Domino) on the corpus."""

import pytest

import bouncekit
from tests.conftest import corpus_bytes

# file, record index, recipient, event, status, reply code, substring of the diagnostic (None: no diagnostic)
CASES = [
    ("lhost-domino-01.eml", 0, "kijitora@example.jp",
     "bounce", None, None, "User some.name (kijitora@example.jp)"),
    ("lhost-domino-02.eml", 0, "kijitora@example.co.jp",
     "bounce", "5.0.0", None, "ユーザー Neko (kijitora@example.co.jp) は"),
]


@pytest.mark.parametrize(("file", "index", "recipient", "event", "status", "reply_code", "text"), CASES)
def test_corpus_file(file, index, recipient, event, status, reply_code, text):
    record = bouncekit.parse(corpus_bytes(file)).records[index]
    assert record.decoder == "domino"
    assert record.recipient == recipient
    assert str(record.event) == event
    assert record.status == status
    assert record.reply_code == reply_code
    if text is None:
        assert record.diagnostic is None
    else:
        assert text in (record.diagnostic or "")



def test_tabular_delivery_failure_report_with_values_on_the_same_line():
    # Domino 8.5 and later: "Delivery Failure Report", each label and its value on one
    # line, then "What should you do?" and "Routing path:".
    raw = (
        b"From: Postmaster <Postmaster@notes.example.com>\nTo: hr@example.org\n"
        b"Subject: DELIVERY FAILURE: User a.schulz (a.schulz@notes.example.com) not listed in\n"
        b" Domino Directory\n"
        b"MIME-Version: 1.0\nContent-Type: text/plain; charset=US-ASCII\n\n"
        b"Delivery Failure Report\n\n"
        b"Your message:\tInterview schedule\n"
        b"was not delivered to:\ta.schulz@notes.example.com\n"
        b"because:\tUser a.schulz (a.schulz@notes.example.com) not listed in Domino Directory\n"
        b"What should you do?\tYou can resend the undeliverable document.\n"
        b"Routing path:\tCN=MAIL01/O=Example\n"
    )
    report = bouncekit.parse(raw)
    assert report.decoder == "domino"
    [record] = report.records
    assert record.recipient == "a.schulz@notes.example.com"
    assert record.diagnostic == "User a.schulz (a.schulz@notes.example.com) not listed in Domino Directory"
    assert record.reason.value == "user_unknown"
