"""The pec decoder (Italian certified mail) on hand-written fixtures."""

import pytest

import bouncekit
from tests.conftest import decoder_fixture

# file, record index, recipient, event, status, reply code, substring of the diagnostic
CASES = [
    ("errore-consegna-noerror-text.eml", 0, 'ufficio.gare@pec.comune.example.it', "bounce", None, None,
     ''),
    ("errore-consegna.eml", 0, 'ufficio.gare@pec.comune.example.it', "bounce", '5.1.1', None,
     '5.1.1 - Gestore PEC di esempio S.p.A. - '),
    ("preavviso-errore-consegna.eml", 0, 'ufficio.gare@pec.comune.example.it', "delayed", None, None,
     ''),
]
#: Notices of the same software that report no failed delivery: claimed, no record.
NO_RECORDS = ['avvenuta-consegna.eml']


@pytest.mark.parametrize(("file", "index", "recipient", "event", "status", "reply_code", "text"), CASES)
def test_fixture(file, index, recipient, event, status, reply_code, text):
    report = bouncekit.parse(decoder_fixture("pec", file))
    record = report.records[index]
    assert record.decoder == "pec"
    assert record.recipient == recipient
    assert str(record.event) == event
    assert record.status == status
    assert record.reply_code == reply_code
    assert text in (record.diagnostic or "")


@pytest.mark.parametrize("file", sorted({c[0] for c in CASES}))
def test_exact_recipient_set(file):
    report = bouncekit.parse(decoder_fixture("pec", file))
    assert [r.recipient for r in report.records] == [c[2] for c in CASES if c[0] == file]


@pytest.mark.parametrize("file", NO_RECORDS)
def test_administrative_notices_give_no_record(file):
    report = bouncekit.parse(decoder_fixture("pec", file))
    assert report.decoder == "pec"
    assert report.records == ()
