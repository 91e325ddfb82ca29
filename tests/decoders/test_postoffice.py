"""The postoffice decoder (Post.Office / Netscape Messaging Server 3 notices) on hand-written
messages in tests/fixtures/decoders/postoffice/."""

import pytest

import bouncekit
from tests.conftest import decoder_fixture

# file: every recipient the notice names, in order (exact sets: nothing else)
RECIPIENTS = {
    "postoffice-01.eml": ['ingrid.paulsen@isp.example.net', 't.halvorsen@isp.example.net'],
    "postoffice-02.eml": ['sales@shop.example.net'],
    "postoffice-03.eml": ['prof.lindgren@physics.example.edu', 'lab-all@physics.example.edu'],
    "postoffice-04.eml": ['h.kowalczyk@example-net.example'],
}

# file, record index, recipient, event, status, reply code, substring of the diagnostic (None: no diagnostic)
CASES = [
    ("postoffice-01.eml", 0, "ingrid.paulsen@isp.example.net", "bounce", None, None,
     'The user(s) account is temporarily over quota.'),
    ("postoffice-01.eml", 1, "t.halvorsen@isp.example.net", "bounce", None, None,
     'The user(s) account is temporarily over quota.'),
    ("postoffice-02.eml", 0, "sales@shop.example.net", "bounce", None, None,
     'Your message was not delivered because the desti'),
    ("postoffice-03.eml", 0, "prof.lindgren@physics.example.edu", "bounce", '5.1.1', '550',
     '550 5.1.1 <prof.lindgren@physics.example.edu>...'),
    ("postoffice-03.eml", 1, "lab-all@physics.example.edu", "bounce", '5.2.2', '552',
     '552 5.2.2 <lab-all@physics.example.edu>... Mailb'),
    ("postoffice-04.eml", 0, "h.kowalczyk@example-net.example", "bounce", None, None,
     'The following destination addresses were unknown'),
]


@pytest.mark.parametrize(("file", "recipients"), RECIPIENTS.items())
def test_exact_recipients(file, recipients):
    report = bouncekit.parse(decoder_fixture("postoffice", file))
    assert report.decoder == "postoffice"
    assert [r.recipient for r in report.records] == recipients


@pytest.mark.parametrize(("file", "index", "recipient", "event", "status", "reply_code", "text"), CASES)
def test_fixture(file, index, recipient, event, status, reply_code, text):
    record = bouncekit.parse(decoder_fixture("postoffice", file)).records[index]
    assert record.decoder == "postoffice"
    assert record.recipient == recipient
    assert str(record.event) == event
    assert record.status == status
    assert record.reply_code == reply_code
    if text is None:
        assert record.diagnostic is None
    else:
        assert text in (record.diagnostic or "")


def test_translated_lead_without_intro_or_heading():
    # Operators who translated the template kept only the English reason and the list.
    raw = (
        "From: Mail Administrator <Postmaster@mail.example.jp>\nTo: shop@example.com\n"
        "Subject: Mail System Error - Returned Mail\nMIME-Version: 1.0\n"
        "Content-Type: text/plain; charset=utf-8\n\n"
        "次のアドレスへのメッセージは配信できませんでした。\n\n"
        "The user(s) account is disabled.\n\n<hanako@mail.example.jp>\n\n"
    ).encode()
    report = bouncekit.parse(raw)
    assert report.decoder == "postoffice"
    [record] = report.records
    assert record.recipient == "hanako@mail.example.jp"
    assert record.diagnostic == "The user(s) account is disabled."


def test_the_reply_under_an_address_of_the_unknown_list_is_its_diagnostic():
    # InterMail-style "SMTP <a@b>" lines, each with the remote reply on the line below.
    raw = (
        b"From: Mail Administrator <Postmaster@isp.example>\nTo: a@isp.example\n"
        b"Subject: Mail System Error - Returned Mail\n\n"
        b"This Message was undeliverable due to the following reason:\n\n"
        b"The following destination addresses were unknown (please check\n"
        b"the addresses and re-mail the message):\n\n"
        b"    SMTP <kylie@example.net>\n"
        b"    550 5.1.1 <kylie@example.net>: Recipient address rejected: User unknown\n"
        b"    SMTP <bob@example.net>\n\n"
        b"Please reply to Postmaster@isp.example\nif you feel this message to be in error.\n"
    )
    records = bouncekit.parse(raw).records
    assert [(r.recipient, r.status) for r in records] == [
        ("kylie@example.net", "5.1.1"), ("bob@example.net", None)]
    assert records[1].diagnostic.startswith("The following destination addresses were unknown")
