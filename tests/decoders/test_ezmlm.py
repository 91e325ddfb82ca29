"""The ezmlm decoder (ezmlm and ezmlm-idx) on hand-written fixtures."""

import pytest

import bouncekit
from tests.conftest import decoder_fixture

# file, record index, recipient, event, status, reply code, substring of the diagnostic
CASES = [
    ("probe-qmail.eml", 0, 'p.silva@example.pt', "bounce", '5.1.1', '550',
     '192.0.2.130 does not like recipient. Rem'),
    ("warning-postfix.eml", 0, 'd.kovac@example.si', "bounce", '5.2.2', '552',
     '552 5.2.2 <d.kovac@example.si>: Mailbox '),
]
#: Notices of the same software that report no failed delivery: claimed, no record.
NO_RECORDS = ['confirm-subscribe.eml']


@pytest.mark.parametrize(("file", "index", "recipient", "event", "status", "reply_code", "text"), CASES)
def test_fixture(file, index, recipient, event, status, reply_code, text):
    report = bouncekit.parse(decoder_fixture("ezmlm", file))
    record = report.records[index]
    assert record.decoder == "ezmlm"
    assert record.recipient == recipient
    assert str(record.event) == event
    assert record.status == status
    assert record.reply_code == reply_code
    assert text in (record.diagnostic or "")


@pytest.mark.parametrize("file", sorted({c[0] for c in CASES}))
def test_exact_recipient_set(file):
    report = bouncekit.parse(decoder_fixture("ezmlm", file))
    assert [r.recipient for r in report.records] == [c[2] for c in CASES if c[0] == file]


@pytest.mark.parametrize("file", NO_RECORDS)
def test_administrative_notices_give_no_record(file):
    report = bouncekit.parse(decoder_fixture("ezmlm", file))
    assert report.decoder == "ezmlm"
    assert report.records == ()


@pytest.mark.parametrize(("program", "line", "status"), [
    ("qmail-send program at lists.example.org",
     "Sorry, I couldn't find any host named gone.example. (#5.1.2)", "5.1.2"),
    ("qmail-send program at lists.example.org", "Sorry, no mailbox here by that name. (#5.1.1)", "5.1.1"),
])
def test_a_bounce_of_an_ezmlm_warning_is_the_bounce_not_the_warning(program, line, status):
    # qmail returns ezmlm's own warning inline below its separator: the warning's words
    # are the returned message's, and the record is the bounce of the member's address.
    raw = (
        "Return-Path: <>\nFrom: MAILER-DAEMON@lists.example.org\n"
        "To: news-return-warn-17.x-ann=gone.example@lists.example.org\nSubject: failure notice\n\n"
        f"Hi. This is the {program}.\n"
        "I'm afraid I wasn't able to deliver your message to the following addresses.\n"
        "This is a permanent error; I've given up. Sorry it didn't work out.\n\n"
        f"<ann@gone.example>:\n{line}\n\n--- Below this line is a copy of the message.\n\n"
        "Mailing-List: contact news-help@lists.example.org; run by ezmlm\nTo: ann@gone.example\n"
        "Subject: ezmlm warning\n\nHi! This is the ezmlm program. I'm managing the\n"
        "news@lists.example.org mailing list.\n\nMessages to you from the news mailing list seem to\n"
        "have been bouncing. I've attached a copy of the first bounce message I received.\n"
    ).encode()
    [record] = bouncekit.parse(raw).records
    assert (record.recipient, record.status, record.decoder) == ("ann@gone.example", status, "qmail")
