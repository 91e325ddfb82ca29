"""The mcafee decoder (McAfee Email Gateway) on the corpus."""

import pytest

import bouncekit
from tests.conftest import corpus_bytes

# file, record index, recipient, event, status, reply code, substring of the diagnostic
CASES = [
    ("lhost-mcafee-01.eml", 0, "kijitora@example.co.jp", "bounce", None, "550", "Unknown user"),
    ("lhost-mcafee-02.eml", 0, "kijitora@example.jp", "bounce", "5.1.1", "550", "User unknown"),
    ("lhost-mcafee-04.eml", 0, "kijitora@example.com", "bounce", None, "550", "No such user"),
    ("lhost-mcafee-05.eml", 0, "kijitora-nyaan@example.co.jp", "bounce", None, "550", "User not exist"),
]


@pytest.mark.parametrize(("file", "index", "recipient", "event", "status", "reply_code", "text"), CASES)
def test_corpus_file(file, index, recipient, event, status, reply_code, text):
    report = bouncekit.parse(corpus_bytes(file))
    assert len(report.records) == 1
    record = report.records[index]
    assert record.decoder == "mcafee"
    assert record.recipient == recipient
    assert str(record.event) == event
    assert record.status == status
    assert record.reply_code == reply_code
    assert text in (record.diagnostic or "")
    assert record.remote_mta  # the DSN part's Remote-MTA (an IP address)


def test_sendmail_wording_with_five_dashes_is_not_mcafee():
    # RFC 3464's own example is a sendmail report with the same words between 5 dashes.
    report = bouncekit.parse(corpus_bytes("rfc3464-35.eml"))
    assert report.decoder != "mcafee"
