"""The googlegroups decoder (Google Groups) on the corpus."""

import pytest

import bouncekit
from tests.conftest import corpus_bytes

# file, record index, recipient, event, status, reply code, substring of the diagnostic
CASES = [
    ("lhost-googlegroups-02.eml", 0, "libsisimai@googlegroups.com", "bounce",
     None, None, "the group you tried to contact (libsisimai)"),
    ("lhost-googlegroups-03.eml", 0, "libsisimai@googlegroups.com", "bounce", None, None, "(libsisimai)"),
    ("lhost-googlegroups-04.eml", 0, "libsisimai@googlegroups.com", "bounce",
     None, None, "kontaktovat (libsisimai)"),
    ("lhost-googlegroups-06.eml", 0, "libsisimai@googlegroups.com", "bounce", None, None, "(libsisimai)"),
    ("lhost-googlegroups-08.eml", 0, "libsisimai@googlegroups.com", "bounce", None, None, "(libsisimai)"),
    ("lhost-googlegroups-10.eml", 0, "libsisimai@googlegroups.com", "bounce", None, None, "(libsisimai)"),
    ("lhost-googlegroups-14.eml", 0, "libsisimai@googlegroups.com", "bounce",
     None, None, "may not have permission to post"),
]


@pytest.mark.parametrize(("file", "index", "recipient", "event", "status", "reply_code", "text"), CASES)
def test_corpus_file(file, index, recipient, event, status, reply_code, text):
    report = bouncekit.parse(corpus_bytes(file))
    record = report.records[index]
    assert record.decoder == "googlegroups"
    assert record.recipient == recipient
    assert str(record.event) == event
    assert record.status == status
    assert record.reply_code == reply_code
    assert text in (record.diagnostic or "")


@pytest.mark.parametrize("file", ["lhost-googlegroups-02.eml", "lhost-googlegroups-06.eml"])
def test_the_notice_decides_the_reason_in_any_language(file):
    record = bouncekit.parse(corpus_bytes(file)).records[0]
    assert str(record.reason) == "sender_rejected"
    assert int(record.bounce_class) == 50
    assert record.classification.rule == "decoder:sender_rejected"


def test_a_workspace_groups_notice_signed_by_the_domains_admins_is_the_groups():
    # A group of a Google Workspace domain: the same notice, signed "<domain> admins", that
    # names Google Groups only in "any other Google Group".
    body = (
        "** Message not delivered **\n\nHello ana@sender.example,\n\n"
        "We're writing to let you know that the group you tried to contact (sales) may not exist, "
        "or you may not have permission to post messages to the group.\n\n"
        "If you have questions related to this or any other Google Group, visit the Help Center at "
        "https://groups.google.com/support/.\n\nThanks,\n\nshop.example admins\n"
    )
    raw = (
        "From: Mail Delivery Subsystem <mailer-daemon@googlemail.com>\nTo: ana@sender.example\n"
        "X-Failed-Recipients: sales@shop.example\nSubject: Delivery Status Notification (Failure)\n"
        "MIME-Version: 1.0\nContent-Type: text/plain; charset=UTF-8\n\n" + body
    ).encode()
    record = bouncekit.parse(raw).records[0]
    assert (record.decoder, record.recipient) == ("googlegroups", "sales@shop.example")
    assert int(record.bounce_class) == 50
