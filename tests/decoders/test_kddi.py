"""The kddi decoder (KDDI au one net) on the corpus."""

import pytest

import bouncekit
from tests.conftest import corpus_bytes, decoder_fixture

# file, record index, recipient, event, status, reply code, substring of the diagnostic
CASES = [
    ("lhost-kddi-01.eml", 0, "kijitora@x0000000000000.dion.ne.jp", "bounce",
     None, None, "As their mailbox is full."),
    ("lhost-kddi-02.eml", 0, "kijitora@00000000000000.dion.ne.jp", "bounce",
     None, None, "As their mailbox is full."),
    ("lhost-kddi-03.eml", 0, "kijitora@00000000000000.dion.ne.jp", "bounce",
     None, None, "As their mailbox is full."),
]


@pytest.mark.parametrize(("file", "index", "recipient", "event", "status", "reply_code", "text"), CASES)
def test_corpus_file(file, index, recipient, event, status, reply_code, text):
    report = bouncekit.parse(corpus_bytes(file))
    record = report.records[index]
    assert record.decoder == "kddi"
    assert record.recipient == recipient
    assert str(record.event) == event
    assert record.status == status
    assert record.reply_code == reply_code
    assert text in (record.diagnostic or "")


def test_ordinary_mail_from_a_dion_user_is_not_a_bounce():
    raw = (
        b"From: user@example.dion.ne.jp\nTo: friend@example.org\nSubject: hi\n\n"
        b"Could not be delivered to: <x@example.org> is what my last mail said.\n"
    )
    assert bouncekit.parse(raw).records == ()


def test_a_notice_only_in_japanese():
    records = bouncekit.parse(decoder_fixture("kddi", "dion-ja-only.eml")).records
    assert [r.recipient for r in records] == ["t-hasegawa@xa2.so-net.example.ne.jp"]
    assert records[0].decoder == "kddi"
    assert records[0].status is None
    assert records[0].reply_code is None
    assert "容量が不足" in records[0].diagnostic
