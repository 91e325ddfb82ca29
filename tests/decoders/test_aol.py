"""The aol decoder (AOL Mail) on hand-written fixtures."""

import pytest

import bouncekit
from tests.conftest import corpus_bytes, decoder_fixture, person_copy

# file, record index, recipient, event, status, reply code, substring of the diagnostic
CASES = [
    ("email-returned-nodsn.eml", 0, 'shopper.kim@example.net', "bounce", None, None,
     'Mailbox is full'),
    ("not-accepting.eml", 0, 'bluesky77@aol.com', "bounce", None, None,
     'Your mail to the following recipients co'),
    ("not-accepting.eml", 1, 'GardenGnome2003@aol.com', "bounce", None, None,
     'Your mail to the following recipients co'),
]


@pytest.mark.parametrize(("file", "index", "recipient", "event", "status", "reply_code", "text"), CASES)
def test_fixture(file, index, recipient, event, status, reply_code, text):
    report = bouncekit.parse(decoder_fixture("aol", file))
    record = report.records[index]
    assert record.decoder == "aol"
    assert record.recipient == recipient
    assert str(record.event) == event
    assert record.status == status
    assert record.reply_code == reply_code
    assert text in (record.diagnostic or "")


@pytest.mark.parametrize("file", sorted({c[0] for c in CASES}))
def test_exact_recipient_set(file):
    report = bouncekit.parse(decoder_fixture("aol", file))
    assert [r.recipient for r in report.records] == [c[2] for c in CASES if c[0] == file]


def test_a_person_quoting_the_notice_is_not_read_as_one():
    data = person_copy(decoder_fixture("aol", "email-returned-nodsn.eml"), "someone@example.net")
    assert bouncekit.parse(data).decoder != "aol"


# AOL's 2014-2016 HTML notice with an RFC 3464 part (corpus copies).
CORPUS = [
    ("rhost-aol-02.eml", 0, "kijitora@example.co.jp", "bounce", "5.2.2", "550", "Mailbox Full"),
    ("rhost-aol-03.eml", 0, "sabineko@example.jp", "bounce", "5.2.2", "550", "Mailbox Full"),
    ("rhost-aol-03.eml", 1, "mikeneko@example.jp", "bounce", "5.1.1", "550", "User Unknown"),
    ("rhost-aol-04.eml", 0, "kijitora@example.co.jp", "bounce", "5.1.1", "550", "User Unknown"),
]


@pytest.mark.parametrize(("file", "index", "recipient", "event", "status", "reply_code", "text"), CORPUS)
def test_corpus_file(file, index, recipient, event, status, reply_code, text):
    record = bouncekit.parse(corpus_bytes(file)).records[index]
    assert record.decoder == "aol"
    assert record.recipient == recipient
    assert str(record.event) == event
    assert record.status == status
    assert record.reply_code == reply_code
    assert text in (record.diagnostic or "")


def test_members_refusing_the_sender_are_decided_by_the_notice():
    records = bouncekit.parse(decoder_fixture("aol", "not-accepting.eml")).records
    assert [str(r.reason) for r in records] == ["sender_rejected", "sender_rejected"]


def test_a_bare_screen_name_is_the_address_the_returned_copy_was_sent_to():
    # A CompuServe 2000 member listed by name: the returned copy says which domain.
    raw = (
        b"From: Mail Delivery Subsystem <MAILER-DAEMON@aol.com>\nTo: ruben@example.org\n"
        b"Subject: Returned mail: Recipient not accepting mail\n\n"
        b"Your mail to the following recipients could not be delivered because they are not accepting "
        b"mail from ruben@example.org:\n\ttomsgirl77\n\n----- Original message follows -----\n\n"
        b"From: Ruben <ruben@example.org>\nTo: tomsgirl77@cs.com\nSubject: pictures\n\nHello\n"
    )
    assert [r.recipient for r in bouncekit.parse(raw).records] == ["tomsgirl77@cs.com"]
