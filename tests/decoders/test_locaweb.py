"""The locaweb decoder (Locaweb) on hand-written fixtures."""

import pytest

import bouncekit
from tests.conftest import decoder_fixture, person_copy

# file, record index, recipient, event, status, reply code, substring of the diagnostic
CASES = [
    ("locaweb-pt.eml", 0, 'vendas@distribuidora.example.com.br', "bounce", '5.1.1', '550',
     '550 5.1.1 <vendas@distribuidora.example.'),
]


@pytest.mark.parametrize(("file", "index", "recipient", "event", "status", "reply_code", "text"), CASES)
def test_fixture(file, index, recipient, event, status, reply_code, text):
    report = bouncekit.parse(decoder_fixture("locaweb", file))
    record = report.records[index]
    assert record.decoder == "locaweb"
    assert record.recipient == recipient
    assert str(record.event) == event
    assert record.status == status
    assert record.reply_code == reply_code
    assert text in (record.diagnostic or "")


@pytest.mark.parametrize("file", sorted({c[0] for c in CASES}))
def test_exact_recipient_set(file):
    report = bouncekit.parse(decoder_fixture("locaweb", file))
    assert [r.recipient for r in report.records] == [c[2] for c in CASES if c[0] == file]


def test_a_person_quoting_the_notice_is_not_read_as_one():
    data = person_copy(decoder_fixture("locaweb", "locaweb-pt.eml"), "someone@example.net")
    assert bouncekit.parse(data).decoder != "locaweb"
