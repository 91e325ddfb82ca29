"""The sieve decoder (RFC 5429 reject notices) on hand-written messages in
tests/fixtures/decoders/sieve/."""

import pytest

import bouncekit
from tests.conftest import decoder_fixture

# file, recipient, original recipient, class, rule, substring of the diagnostic
CASES = [
    # Cyrus: the person's own words name no cause: the automatic rejection is a block.
    ("sieve-01.eml", "jsmith@mail.example.edu", "Jo.Smith@example.edu", 50, "blocked",
     "The following reason was given: I no longer accept newsletters"),
    # Pigeonhole: the reason the rules read decides.
    ("sieve-02.eml", "accueil@example.fr", None, 10, "fr-address-moved", "Cette adresse n'existe plus."),
]


@pytest.mark.parametrize(("file", "recipient", "original", "klass", "rule", "text"), CASES)
def test_a_sieve_reject_is_a_bounce_of_its_final_recipient(file, recipient, original, klass, rule, text):
    report = bouncekit.parse(decoder_fixture("sieve", file))
    [record] = report.records
    assert (report.decoder, record.recipient, record.original_recipient) == ("sieve", recipient, original)
    assert (str(record.event), int(record.bounce_class), record.rule) == ("bounce", klass, rule)
    assert text in record.diagnostic
    assert record.original_message_id is not None


@pytest.mark.parametrize("file", ["receipt-01.eml", "deleted-unread-01.eml", "deleted-by-policy-01.eml"])
def test_a_read_receipt_or_a_message_deleted_unread_is_no_refusal(file):
    report = bouncekit.parse(decoder_fixture("sieve", file))
    assert report.decoder != "sieve"
    assert report.records == ()
