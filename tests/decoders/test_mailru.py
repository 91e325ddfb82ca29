"""The mailru decoder (Mail.Ru) on the corpus."""

import pytest

import bouncekit
from tests.conftest import corpus_bytes

# file, record index, recipient, event, status, reply code, substring of the diagnostic
CASES = [
    ("lhost-mailru-01.eml", 0, "kijitora@example.jp", "bounce", "5.1.1", "550", "User Unknown"),
    ("lhost-mailru-04.eml", 0, "kijitora@example.jp", "bounce", "5.1.1", "550", "User Unknown"),
    ("lhost-mailru-06.eml", 0, "nyan@haineko.org", "bounce", None, None, "Unrouteable address"),
    ("lhost-mailru-08.eml", 0, "otsu-sakaba-hunter-neko-nyaaaaaaan@ezweb.ne.jp", "bounce",
     None, "550", "User unknown"),
    ("lhost-mailru-10.eml", 0, "neko@sijo.example.jp", "bounce", None, None, "retry timeout exceeded"),
]


@pytest.mark.parametrize(("file", "index", "recipient", "event", "status", "reply_code", "text"), CASES)
def test_corpus_file(file, index, recipient, event, status, reply_code, text):
    report = bouncekit.parse(corpus_bytes(file))
    record = report.records[index]
    assert record.decoder == "mailru"
    assert record.recipient == recipient
    assert str(record.event) == event
    assert record.status == status
    assert record.reply_code == reply_code
    assert text in (record.diagnostic or "")


def test_the_english_part_gives_the_full_address_and_the_host():
    # The Russian part shortens the address of lhost-mailru-04 to its local part.
    record = bouncekit.parse(corpus_bytes("lhost-mailru-04.eml")).records[0]
    assert record.recipient == "kijitora@example.jp"
    assert record.remote_mta == "mx.example.jp"
