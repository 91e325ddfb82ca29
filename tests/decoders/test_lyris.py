"""The lyris decoder (Lyris ListManager) on hand-written fixtures."""

import pytest

import bouncekit
from tests.conftest import decoder_fixture

# file, record index, recipient, event, status, reply code, substring of the diagnostic
CASES = [
    ("held-member.eml", 0, 'c.ward@example.org', "bounce", None, None,
     'Your membership in the list store-news h'),
    ("held-report.eml", 0, 'd.moreau@example.fr', "bounce", '5.1.1', '550',
     '550 5.1.1 <d.moreau@example.fr>... User '),
    ("held-report.eml", 1, 'shop.owner@example.co.uk', "bounce", '5.2.2', '552',
     '552 5.2.2 Mailbox over quota'),
]
#: Notices of the same software that report no failed delivery: claimed, no record.
NO_RECORDS = ['confirm-subscription.eml']


@pytest.mark.parametrize(("file", "index", "recipient", "event", "status", "reply_code", "text"), CASES)
def test_fixture(file, index, recipient, event, status, reply_code, text):
    report = bouncekit.parse(decoder_fixture("lyris", file))
    record = report.records[index]
    assert record.decoder == "lyris"
    assert record.recipient == recipient
    assert str(record.event) == event
    assert record.status == status
    assert record.reply_code == reply_code
    assert text in (record.diagnostic or "")


@pytest.mark.parametrize("file", sorted({c[0] for c in CASES}))
def test_exact_recipient_set(file):
    report = bouncekit.parse(decoder_fixture("lyris", file))
    assert [r.recipient for r in report.records] == [c[2] for c in CASES if c[0] == file]


@pytest.mark.parametrize("file", NO_RECORDS)
def test_administrative_notices_give_no_record(file):
    report = bouncekit.parse(decoder_fixture("lyris", file))
    assert report.decoder == "lyris"
    assert report.records == ()
