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
