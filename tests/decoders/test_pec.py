"""The pec decoder (Italian certified mail) on hand-written fixtures."""

from pathlib import Path

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
    # the delivery receipt: delivered, as a DSN's success report
    ("avvenuta-consegna.eml", 0, 'ufficio.gare@pec.comune.example.it', "delivered", None, None, ''),
]
#: Receipts of progress (the sender's provider took the message in): claimed, no record.
NO_RECORDS = ['accettazione.eml']


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


def test_a_non_acceptance_is_the_senders_own_provider_refusing_to_send():
    # The sender's PEC provider did not take the message in (here: too large): it never left.
    raw = (
        b"From: posta-certificata@pec.example\nTo: studio@pec.example\n"
        b"Subject: AVVISO DI NON ACCETTAZIONE: Offerta\nX-Ricevuta: non-accettazione\n"
        b'MIME-Version: 1.0\nContent-Type: multipart/mixed; boundary="b"\n\n'
        b"--b\nContent-Type: text/plain\n\nIl messaggio non e' stato accettato dal sistema.\n"
        b"--b\nContent-Type: application/xml; name=daticert.xml\n\n"
        b'<postacert tipo="non-accettazione" errore="altro"><intestazione>'
        b"<destinatari tipo=\"certificato\">gare@pec.comune.example</destinatari></intestazione>"
        b"<dati><errore-esteso>Dimensione del messaggio superiore al limite consentito</errore-esteso>"
        b"</dati></postacert>\n--b--\n"
    )
    [record] = bouncekit.parse(raw).records
    assert (record.decoder, str(record.event)) == ("pec", "rejected")
    assert record.recipient == "gare@pec.comune.example"
    assert int(record.bounce_class) == 23


ROUND_75 = Path(__file__).parent.parent / "fixtures" / "handmade-75"


@pytest.mark.parametrize(("name", "recipient", "bounce_class"), [
    # an ordinary MTA's bounce of mail sent to a PEC box, wrapped by that box in a
    # "busta di anomalia": the bounce inside is what is reported
    ("cm-pec-anomalia-postfix-utente-08.eml", "m.fontana@ceramiche-fontana.example", 10),
    ("cm-pec-anomalia-exchange-casella-piena-09.eml", "r.castelli@mobilificio-castelli.example", 22),
])
def test_an_anomaly_envelope_is_read_as_the_bounce_inside(name, recipient, bounce_class):
    (record,) = bouncekit.parse((ROUND_75 / "emails" / name).read_bytes()).records
    assert (record.recipient, int(record.bounce_class)) == (recipient, bounce_class)
    assert record.decoder != "pec"


def test_an_anomaly_envelope_of_ordinary_mail_reports_nothing():
    envelope = ROUND_75 / "not-bounces"
    for path in sorted(envelope.glob("*anomalia*")):
        assert bouncekit.parse(path.read_bytes()).records == (), path.name
    assert any(envelope.glob("*anomalia*"))


@pytest.mark.parametrize(("name", "bounce_class"), [
    ("cm-pec-aruba-non-accettazione-dimensione-01.eml", 23),  # "dimensioni superiori al limite"
    ("cm-pec-legalmail-non-accettazione-mittente-05.eml", 50),  # "Mittente non corrispondente ..."
])
def test_the_italian_reasons_of_a_refusal_by_the_senders_provider(name, bounce_class):
    records = bouncekit.parse((ROUND_75 / "emails" / name).read_bytes()).records
    assert records and all(
        (str(r.event), int(r.bounce_class), r.decoder) == ("rejected", bounce_class, "pec") for r in records)
