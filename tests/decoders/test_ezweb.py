"""The ezweb decoder (au by KDDI EZweb) on the corpus."""

import pytest

import bouncekit
from tests.conftest import corpus_bytes, decoder_fixture

# file, record index, recipient, event, status, reply code, substring of the diagnostic
CASES = [
    ("lhost-ezweb-02.eml", 0, "this-local-part-does-not-exist-on-the-server@ezweb.ne.jp", "bounce",
     "5.0.0", "550", "550 user unknown"),
    ("lhost-ezweb-03.eml", 0, "this-local-part-does-not-exist-on-the-site@ezweb.ne.jp", "bounce",
     None, None, "The user(s) account is disabled."),
    ("lhost-ezweb-04.eml", 0, "this-local-part-does-not-exist-on-the-server@ezweb.ne.jp", "bounce",
     None, "550", "User unknown"),
    ("lhost-ezweb-05.eml", 0, "this-local-part-does-not-exist-on-the-server@ezweb.ne.jp", "bounce",
     None, None, "Remote host is not responding."),
    ("lhost-ezweb-07.eml", 0, "this-local-part-does-not-exist@ezweb.ne.jp", "bounce",
     None, "550", "User unknown"),
    ("lhost-ezweb-08.eml", 0, "kijitora-neko-nyaan-22222-cats@hotmail.com", "bounce", None, "550", "SC-004"),
]


@pytest.mark.parametrize(("file", "index", "recipient", "event", "status", "reply_code", "text"), CASES)
def test_corpus_file(file, index, recipient, event, status, reply_code, text):
    report = bouncekit.parse(corpus_bytes(file))
    record = report.records[index]
    assert record.decoder == "ezweb"
    assert record.recipient == recipient
    assert str(record.event) == event
    assert record.status == status
    assert record.reply_code == reply_code
    assert text in (record.diagnostic or "")


def test_euc_jp_text_declared_as_iso_2022_jp_is_read():
    from bouncekit.mime import load

    text = load(corpus_bytes("lhost-ezweb-03.eml")).text
    assert "送信できませんでした" in text


def test_a_notice_only_in_japanese():
    records = bouncekit.parse(decoder_fixture("ezweb", "au-ja-only.eml")).records
    assert [r.recipient for r in records] == ["yuki-0707@au.com"]
    assert records[0].decoder == "ezweb"
    assert records[0].status == '5.1.1'
    assert records[0].reply_code == '550'
    assert "User unknown" in records[0].diagnostic
