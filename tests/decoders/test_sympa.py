"""The sympa decoder (Sympa) on hand-written fixtures."""

from pathlib import Path

import pytest

import bouncekit
from tests.conftest import decoder_fixture

# file, record index, recipient, event, status, reply code, substring of the diagnostic
CASES = [
    ("rejected-en.eml", 0, 'neuro-seminar@lists.example.edu', "bounce", None, None,
     'Your message for list neuro-seminar@list'),
    ("removed-bouncers-en.eml", 0, 'e.lindqvist@oldlab.example.se', "bounce", None, None,
     'The following subscribers have been auto'),
    ("removed-bouncers-en.eml", 1, 'm.dubois@example.fr', "bounce", None, None,
     'The following subscribers have been auto'),
    ("removed-subscriber-fr.eml", 0, 'a.bernard@example.com', "bounce", None, None,
     'Votre adresse a.bernard@example.com a ét'),
]
#: Notices of the same software that report no failed delivery: claimed, no record.
NO_RECORDS = ['welcome-en.eml']


@pytest.mark.parametrize(("file", "index", "recipient", "event", "status", "reply_code", "text"), CASES)
def test_fixture(file, index, recipient, event, status, reply_code, text):
    report = bouncekit.parse(decoder_fixture("sympa", file))
    record = report.records[index]
    assert record.decoder == "sympa"
    assert record.recipient == recipient
    assert str(record.event) == event
    assert record.status == status
    assert record.reply_code == reply_code
    assert text in (record.diagnostic or "")


@pytest.mark.parametrize("file", sorted({c[0] for c in CASES}))
def test_exact_recipient_set(file):
    report = bouncekit.parse(decoder_fixture("sympa", file))
    assert [r.recipient for r in report.records] == [c[2] for c in CASES if c[0] == file]


@pytest.mark.parametrize("file", NO_RECORDS)
def test_administrative_notices_give_no_record(file):
    report = bouncekit.parse(decoder_fixture("sympa", file))
    assert report.decoder == "sympa"
    assert report.records == ()


def test_the_automatic_removal_notice_in_the_active_voice_lists_each_subscriber():
    data = ("From: SYMPA <sympa-request@listes.example.org>\nTo: ornitho-l-request@listes.example.org\n"
            "X-Loop: sympa@listes.example.org\nSubject: Liste ornitho-l : suppression automatique\n\n"
            "Bonjour,\n\nLa gestion automatique des erreurs de la liste ornitho-l a supprimé les\n"
            "abonnés suivants, dont les adresses génèrent des erreurs de distribution\n"
            "depuis plus de 10 jours :\n\n"
            "  m.durand@example.net   (score 87, dernière erreur : 5.1.1, le 28/05/2025)\n"
            "  s.blanc@example.com   (score 72, dernière erreur : 5.2.2, le 30/05/2025)\n").encode()
    report = bouncekit.parse(data)
    assert report.decoder == "sympa"
    assert [(r.recipient, r.status) for r in report.records] == [
        ("m.durand@example.net", "5.1.1"), ("s.blanc@example.com", "5.2.2")]


def test_a_post_refused_for_its_size_keeps_that_cause():
    # Round 65, in French: "Votre message pour la liste x a été rejeté : sa taille (...)
    # dépasse la taille maximale autorisée pour cette liste"; a refusal for who sent it
    # stays the list's refusal of the sender.
    here = Path(__file__).parent.parent / "fixtures" / "handmade-65" / "emails"
    (size,) = bouncekit.parse((here / "gl-sympa-list-fr-08.eml").read_bytes()).records
    assert (size.recipient, int(size.bounce_class)) == ("optique-num@listes.cnrs-labo-photonique.example", 23)
    (member,) = bouncekit.parse((here / "gl-sympa-list-07.eml").read_bytes()).records
    assert (member.recipient, str(member.reason)) == (
        "hpc-users@listes.univ-grenade.example", "sender_rejected")
