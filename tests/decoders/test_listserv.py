"""The listserv decoder (L-Soft LISTSERV) on hand-written fixtures."""

from pathlib import Path

import pytest

import bouncekit
from tests.conftest import decoder_fixture

# file, record index, recipient, event, status, reply code, substring of the diagnostic
CASES = [
    ("delivery-error-forwarded.eml", 0, 'h.patel@example.ac.uk', "bounce", '5.1.10', '550',
     '550 5.1.10 RESOLVER.ADR.RecipientNotFoun'),
    ("error-monitoring-report.eml", 0, 't.becker@example.de', "bounce", '5.1.1', '550',
     '550 5.1.1 <t.becker@example.de>: Recipie'),
    ("error-monitoring-report.eml", 1, 'lab-news@chem.example.org', "bounce", '4.2.2', '452',
     '452 4.2.2 Mailbox full'),
    ("rejected-posting.eml", 0, 'ASTRO-L@lists.example.org', "bounce", None, None,
     'You are not authorized to send mail to t'),
]
#: Notices of the same software that report no failed delivery: claimed, no record.
NO_RECORDS = ['command-reply.eml']


@pytest.mark.parametrize(("file", "index", "recipient", "event", "status", "reply_code", "text"), CASES)
def test_fixture(file, index, recipient, event, status, reply_code, text):
    report = bouncekit.parse(decoder_fixture("listserv", file))
    record = report.records[index]
    assert record.decoder == "listserv"
    assert record.recipient == recipient
    assert str(record.event) == event
    assert record.status == status
    assert record.reply_code == reply_code
    assert text in (record.diagnostic or "")


@pytest.mark.parametrize("file", sorted({c[0] for c in CASES}))
def test_exact_recipient_set(file):
    report = bouncekit.parse(decoder_fixture("listserv", file))
    assert [r.recipient for r in report.records] == [c[2] for c in CASES if c[0] == file]


@pytest.mark.parametrize("file", NO_RECORDS)
def test_administrative_notices_give_no_record(file):
    report = bouncekit.parse(decoder_fixture("listserv", file))
    assert report.decoder == "listserv"
    assert report.records == ()


def test_a_rejected_post_names_the_list():
    record = bouncekit.parse(decoder_fixture("listserv", "rejected-posting.eml")).records[0]
    assert str(record.reason) == "sender_rejected"


def test_a_rejection_in_listserv_s_justified_text_names_the_list():
    raw = (
        b'From: "L-Soft list server at LISTSERV.EXAMPLE.EDU (1.8c)" <LISTSERV@LISTSERV.EXAMPLE.EDU>\n'
        b'To: g.marsh@example.net\nSubject: Message ("Query") rejected\n\n'
        b"You  are not  authorized  to send  mail to  the  HIST-L list  from your\n"
        b"g.marsh@example.net account.\n\n"
        b"------------------------ Rejected message (6 lines) --------------------------\n"
        b"From: Gerald Marsh <g.marsh@example.net>\nTo: HIST-L@LISTSERV.EXAMPLE.EDU\n"
        b"Subject: Query\n\nHello\n"
    )
    [record] = bouncekit.parse(raw).records
    assert (record.recipient, str(record.reason)) == ("hist-l@listserv.example.edu", "sender_rejected")
    assert record.diagnostic.startswith("You are not authorized to send mail to the HIST-L list")


def test_a_post_rejected_for_its_size_is_a_bounce_of_the_list_with_that_cause():
    # Round 65: "Your message to the SIMTOOLS-L list, dated ..., has been rejected
    # because it exceeds the maximum message size for this list (Sizelim=200K)."
    raw = (Path(__file__).parent.parent / "fixtures" / "handmade-65" / "emails" / "gl-listserv-list-09.eml")
    (record,) = bouncekit.parse(raw.read_bytes()).records
    assert (record.recipient, record.decoder, int(record.bounce_class), str(record.reason)) == (
        "simtools-l@listserv.argent-univ.example", "listserv", 23, "message_too_large")
