"""The majordomo decoder (Majordomo 1 and 2) on hand-written fixtures."""

import pytest

import bouncekit
from tests.conftest import decoder_fixture

# file, record index, recipient, event, status, reply code, substring of the diagnostic
CASES = [
    ("mj2-bounce-detected.eml", 0, 'g.rossi@example.it', "bounce", '5.1.1', '550',
     '550 5.1.1 <g.rossi@example.it>: Recipien'),
]
#: Notices of the same software that report no failed delivery: claimed, no record.
NO_RECORDS = ['approval-nonmember.eml']


@pytest.mark.parametrize(("file", "index", "recipient", "event", "status", "reply_code", "text"), CASES)
def test_fixture(file, index, recipient, event, status, reply_code, text):
    report = bouncekit.parse(decoder_fixture("majordomo", file))
    record = report.records[index]
    assert record.decoder == "majordomo"
    assert record.recipient == recipient
    assert str(record.event) == event
    assert record.status == status
    assert record.reply_code == reply_code
    assert text in (record.diagnostic or "")


@pytest.mark.parametrize("file", sorted({c[0] for c in CASES}))
def test_exact_recipient_set(file):
    report = bouncekit.parse(decoder_fixture("majordomo", file))
    assert [r.recipient for r in report.records] == [c[2] for c in CASES if c[0] == file]


@pytest.mark.parametrize("file", NO_RECORDS)
def test_administrative_notices_give_no_record(file):
    report = bouncekit.parse(decoder_fixture("majordomo", file))
    assert report.decoder == "majordomo"
    assert report.records == ()
