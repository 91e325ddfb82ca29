"""The mailman decoder (GNU Mailman 2.1 and 3) on hand-written fixtures."""

from pathlib import Path

import pytest

import bouncekit
from tests.conftest import decoder_fixture

# file, record index, recipient, event, status, reply code, substring of the diagnostic
CASES = [
    ("mm2-bounce-action-disabled.eml", 0, 'owl.watcher@mail.example.net', "bounce", None, None,
     'mailbox is full: retry timeout exceeded'),
    ("mm2-bounce-action-removed-de.eml", 0, 'k.wagner@alt.example.com', "bounce", '5.1.1', None,
     'Sorry, no mailbox here by that name. (#5'),
    ("mm2-disabled-bounces.eml", 0, 'r.olsen@example.com', "bounce", None, None,
     'Your membership in the mailing list Quil'),
    ("mm2-probe.eml", 0, 'f.nakamura@example.jp', "bounce", None, None,
     'The Quilters mailing list has received a'),
    ("mm2-rejected.eml", 0, 'astro@lists.example.org', "bounce", None, None,
     'has been rejected by the list moderator.'),
    ("mm2-uncaught.eml", 0, 'm.petrov@example.net', "bounce", '5.2.2', '552',
     '552 5.2.2 Mailbox quota exceeded for thi'),
    ("mm3-disabled.eml", 0, 'r.osei@campus.example.edu', "bounce", '5.1.1', '550',
     '550 5.1.1 <r.osei@campus.example.edu>: R'),
    ("mm3-removed.eml", 0, 'l.meyer@oldmail.example.com', "bounce", None, None,
     'l.meyer@oldmail.example.com has been rem'),
    ("mm3-uncaught-autoreply.eml", 0, 'jonas.berg@example.se', "auto_reply", None, None,
     'Autosvar: [Hikers] Route for Saturday'),
]
#: Notices of the same software that report no failed delivery: claimed, no record.
NO_RECORDS = ['mm2-disabled-by-admin.eml', 'mm2-subscribed-admin.eml']


@pytest.mark.parametrize(("file", "index", "recipient", "event", "status", "reply_code", "text"), CASES)
def test_fixture(file, index, recipient, event, status, reply_code, text):
    report = bouncekit.parse(decoder_fixture("mailman", file))
    record = report.records[index]
    assert record.decoder == "mailman"
    assert record.recipient == recipient
    assert str(record.event) == event
    assert record.status == status
    assert record.reply_code == reply_code
    assert text in (record.diagnostic or "")


@pytest.mark.parametrize("file", sorted({c[0] for c in CASES}))
def test_exact_recipient_set(file):
    report = bouncekit.parse(decoder_fixture("mailman", file))
    assert [r.recipient for r in report.records] == [c[2] for c in CASES if c[0] == file]


@pytest.mark.parametrize("file", NO_RECORDS)
def test_administrative_notices_give_no_record(file):
    report = bouncekit.parse(decoder_fixture("mailman", file))
    assert report.decoder == "mailman"
    assert report.records == ()


def test_the_member_never_the_list_or_the_owner():
    records = bouncekit.parse(decoder_fixture("mailman", "mm2-bounce-action-disabled.eml")).records
    assert [r.recipient for r in records] == ["owl.watcher@mail.example.net"]
    assert records[0].original_message_id == "<c7e0a1f2-5b3d-4e1a-9f77-2d6a8b0c1e42@example.com>"


def test_a_moderators_rejection_is_decided_by_the_decoder():
    record = bouncekit.parse(decoder_fixture("mailman", "mm2-rejected.eml")).records[0]
    assert str(record.reason) == "sender_rejected"
    assert record.classification.rule == "decoder:sender_rejected"


def test_a_post_to_the_list_is_not_a_notice():
    post = decoder_fixture("mailman", "mm2-probe.eml").replace(
        b"From: quilters-bounces+f.nakamura=example.jp@lists.example.org", b"From: Ann <ann@example.com>"
    )
    assert bouncekit.parse(post).decoder != "mailman"


@pytest.mark.parametrize("text", [
    "As list administrator, your authorization is requested for the\nfollowing mailing list posting:\n\n"
    "    List:    Birds@lists.example.org\n    From:    seller@shop.example\n"
    "    Subject: Cheap binoculars\n    Reason:  Post by non-member to a members-only list\n",
    "Als Listenadministrator werden Sie gebeten, folgende Nachricht zu genehmigen:\n\n"
    "    Liste:   Birds@lists.example.org\n    Von:     seller@shop.example\n"
    "    Betreff: Billige Ferngläser\n    Grund:   Nachricht von Nicht-Mitglied\n",
])
def test_a_held_post_s_approval_request_gives_no_record(text):
    # Like a translated bounce notice, it goes to the owner and attaches a message; what
    # it attaches is the post, no bounce: its sender is no failed member.
    raw = (
        "From: birds-bounces@lists.example.org\nTo: birds-owner@lists.example.org\n"
        "Subject: Birds post from seller@shop.example requires approval\nX-Mailman-Version: 2.1.39\n"
        "X-List-Administrivia: yes\nList-Id: <birds.lists.example.org>\nMIME-Version: 1.0\n"
        'Content-Type: multipart/mixed; boundary="b"\n\n--b\nContent-Type: text/plain; charset=utf-8\n\n'
        f"{text}\n--b\nContent-Type: message/rfc822\n\nFrom: seller@shop.example\n"
        "To: birds@lists.example.org\nSubject: Cheap binoculars\nMessage-ID: <p1@shop.example>\n\n"
        "40% off.\n--b--\n"
    ).encode()
    assert bouncekit.parse(raw).records == ()


@pytest.mark.parametrize("name", ["gl-mailman2-list-reject-01.eml", "gl-mailman2-list-reject-04.eml"])
def test_an_automatic_rejection_of_a_post_is_a_refusal_by_the_list(name):
    # Mailman 2.1: "You are not allowed to post to this mailing list, and your message has
    # been automatically rejected" (a non-member; a DMARC domain).
    raw = Path(__file__).parent.parent / "fixtures" / "handmade-65" / "emails" / name
    (record,) = bouncekit.parse(raw.read_bytes()).records
    assert (record.decoder, str(record.event), str(record.reason)) == ("mailman", "bounce", "sender_rejected")
    assert record.recipient.startswith(("connectors@", "tessera-hackers@"))
