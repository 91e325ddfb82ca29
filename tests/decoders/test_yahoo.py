"""The yahoo decoder (Yahoo! Mail) on the corpus."""

import pytest

import bouncekit
from tests.conftest import corpus_bytes, decoder_fixture

# file, record index, recipient, event, status, reply code, substring of the diagnostic
CASES = [
    ("lhost-yahoo-01.eml", 0, "kijitora@example.org", "bounce",
     "5.1.1", "550", "550 5.1.1 <kijitora@example.org>... User Unknown"),
    ("lhost-yahoo-03.eml", 0, "kijitora@example.jp", "bounce", "5.1.1", "550", "User Unknown"),
    ("lhost-yahoo-04.eml", 0, "kijitora@example.co.jp", "bounce", "5.2.2", "550", "Mailbox Full"),
    ("lhost-yahoo-05.eml", 0, "kijitora@example.co.jp", "bounce", "5.2.1", "550", "User Unknown"),
    ("lhost-yahoo-07.eml", 0, "otsu-sakaba-hunter-neko-nyaaaaaaan@ezweb.ne.jp", "bounce",
     None, "550", "User unknown"),
    ("lhost-yahoo-08.eml", 0, "mailboxfull@libsisimai.org", "bounce",
     "5.2.2", "550", "550 5.2.2 <mailboxfull@libsisimai.org>"),
    ("lhost-yahoo-11.eml", 0, "kijitora@example.jp", "bounce", "5.1.8", "501", "Sender address rejected"),
    ("lhost-yahoo-12.eml", 0, "kijitora@example.jp", "bounce", "5.1.8", "501", "Sender address rejected"),
    ("lhost-yahoo-13.eml", 0, "neko@sijo.example.jp", "bounce",
     None, None, "after multiple retries, giving up"),
    ("lhost-yahoo-14.eml", 0, "kijitora@example.org", "bounce", None, "554", "INVALID IP FOR SENDING MAIL"),
]


@pytest.mark.parametrize(("file", "index", "recipient", "event", "status", "reply_code", "text"), CASES)
def test_corpus_file(file, index, recipient, event, status, reply_code, text):
    report = bouncekit.parse(corpus_bytes(file))
    record = report.records[index]
    assert record.decoder == "yahoo"
    assert record.recipient == recipient
    assert str(record.event) == event
    assert record.status == status
    assert record.reply_code == reply_code
    assert text in (record.diagnostic or "")


def test_boilerplate_around_the_reply_is_removed():
    record = bouncekit.parse(corpus_bytes("lhost-yahoo-01.eml")).records[0]
    assert "Remote host said" not in record.diagnostic
    assert "[RCPT_TO]" not in record.diagnostic


# The older form (Yahoo! Mail until about 2010), hand-written.
OLD_FORM = [
    (0, "runner_dave2004@yahoo.com", None, None, "This account has been disabled or discontinued"),
    (1, "old.friend@example.net", "5.1.1", "550", "550 5.1.1 <old.friend@example.net>... User unknown"),
]


@pytest.mark.parametrize(("index", "recipient", "status", "reply_code", "text"), OLD_FORM)
def test_the_older_failure_delivery_form(index, recipient, status, reply_code, text):
    records = bouncekit.parse(decoder_fixture("yahoo", "failure-delivery-2006.eml")).records
    assert [r.recipient for r in records] == [r[1] for r in OLD_FORM]
    record = records[index]
    assert record.decoder == "yahoo"
    assert record.recipient == recipient
    assert record.status == status
    assert record.reply_code == reply_code
    assert text in record.diagnostic
    assert "Giving up" not in record.diagnostic and "does not like" not in record.diagnostic
