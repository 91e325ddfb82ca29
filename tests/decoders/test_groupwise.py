"""The groupwise decoder (GroupWise Internet Agent notices) on hand-written
messages in tests/fixtures/decoders/groupwise/."""

import pytest

import bouncekit
from tests.conftest import decoder_fixture
from tests.decoders.handwritten import plain_mail

# file: every recipient the notice names, in order (exact sets: nothing else)
RECIPIENTS = {
    "groupwise-01.eml": ['RBaxter@county.example.gov', 'zoning-board@oldcounty.example.gov'],
    "groupwise-02.eml": ['registrar@example.net', 'k.wu@example.net'],
    "groupwise-03.eml": [],
}

# file, record index, recipient, event, status, reply code, substring of the diagnostic (None: no diagnostic)
CASES = [
    ("groupwise-01.eml", 0, "RBaxter@county.example.gov", "bounce", None, None,
     'user not found'),
    ("groupwise-01.eml", 1, "zoning-board@oldcounty.example.gov", "bounce", None, None,
     'host not found'),
    ("groupwise-02.eml", 0, "registrar@example.net", "bounce", '5.1.1', '550',
     '550 5.1.1 <registrar@example.net>: Recipient add'),
    ("groupwise-02.eml", 1, "k.wu@example.net", "bounce", '4.2.2', '452',
     '452 4.2.2 <k.wu@example.net>: Recipient address '),
]


@pytest.mark.parametrize(("file", "recipients"), RECIPIENTS.items())
def test_exact_recipients(file, recipients):
    report = bouncekit.parse(decoder_fixture("groupwise", file))
    assert report.decoder == "groupwise"
    assert [r.recipient for r in report.records] == recipients


@pytest.mark.parametrize(("file", "index", "recipient", "event", "status", "reply_code", "text"), CASES)
def test_fixture(file, index, recipient, event, status, reply_code, text):
    record = bouncekit.parse(decoder_fixture("groupwise", file)).records[index]
    assert record.decoder == "groupwise"
    assert record.recipient == recipient
    assert str(record.event) == event
    assert record.status == status
    assert record.reply_code == reply_code
    if text is None:
        assert record.diagnostic is None
    else:
        assert text in (record.diagnostic or "")


def test_a_user_named_by_account_id_is_the_returned_messages_recipient_at_that_domain():
    raw = (
        b"From: Mail Delivery System <postmaster@county.example>\nTo: news@sender.example\n"
        b"Subject: Message status - undeliverable\nX-Mailer: GroupWise Internet Agent 18.4.2\n\n"
        b"The message that you sent was undeliverable to the following:\n\tjkramer (user not found)\n\n"
        b"Possibly truncated original message follows:\n\n"
        b"From: news@sender.example\nTo: j.kramer@county.example, desk@elsewhere.example\n"
        b"Subject: Week\n\nHello\n"
    )
    [record] = bouncekit.parse(raw).records
    assert record.recipient == "j.kramer@county.example"
    # With two recipients at the notice's domain, the name is read at that domain.
    [record] = bouncekit.parse(raw.replace(b"desk@elsewhere.example", b"desk@county.example")).records
    assert record.recipient == "jkramer@county.example"


def _translated_notice(subject: str, statement: str, line: str) -> bytes:
    return plain_mail(
        "Return-Path: <>\nFrom: postmaster@gw.example.de\nTo: hub@example.com\n"
        f"Subject: {subject}\nX-Mailer: GroupWise Internet Agent 18.1.1",
        f"{statement}\n\t{line}\n\nMöglicherweise gekürzte Originalnachricht folgt:\n",
    )


@pytest.mark.parametrize(("subject", "statement", "line", "recipient", "reason", "event"), [
    ("Nachrichtenstatus - unzustellbar",
     "Die von Ihnen gesendete Nachricht konnte an folgende Empfänger nicht zugestellt werden:",
     "r.hauser@example.de (Postfach voll)", "r.hauser@example.de", "mailbox_full", "bounce"),
    ("État du message - non remis",
     "Le message que vous avez envoyé n'a pas pu être remis aux destinataires suivants :",
     "c.lefevre@example.fr (boîte aux lettres pleine)", "c.lefevre@example.fr", "mailbox_full", "bounce"),
    ("Nachrichtenstatus - verzögert",
     "Die von Ihnen gesendete Nachricht konnte bisher nicht an folgende Empfänger zugestellt werden:",
     "s.hauer@example.de (Benutzer nicht gefunden)", "s.hauer@example.de", "user_unknown", "delayed"),
])
def test_the_translated_editions(subject, statement, line, recipient, reason, event):
    (record,) = bouncekit.parse(_translated_notice(subject, statement, line)).records
    assert (record.decoder, record.recipient, str(record.reason), str(record.event)) == (
        "groupwise", recipient, reason, event)
