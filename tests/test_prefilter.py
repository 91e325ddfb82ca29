"""bouncekit.prefilter: AnyOf answers as a search of its whole pattern does."""

import re

import pytest

from bouncekit.decoders.fallback.wording import DELAY, FAILURE, PERMANENT, REJECTION
from bouncekit.mime import without_footer
from bouncekit.prefilter import _FOLD_VARIANTS, AnyOf


def test_any_of_answers_as_the_search_does() -> None:
    texts = [
        "your message could not be delivered to the following recipients",
        "delivery to the following recipient failed permanently: a@example.com",
        "die nachricht konnte nicht zugestellt werden",
        "this is only a warning; we will keep trying",
        "拒绝 接收",  # an alternative too short for a literal: always tried
        "nothing about any mail here",
        "",
    ]
    for pattern in (FAILURE, DELAY, REJECTION, PERMANENT):
        test = AnyOf(pattern)
        for text in texts:
            assert test(text) is (pattern.search(text) is not None), (pattern.pattern[:40], text)


def test_any_of_answers_as_an_ignorecase_search_does() -> None:
    pattern = re.compile(
        r"quarantin|held (?:for you|for review)|spam digest|zurückgehalten|隔离", re.IGNORECASE
    )
    test = AnyOf(pattern)
    texts = [
        "Your messages were QUARANTINED", "3 messages Held For Review", "Spam  digest", "SPAM DIGEST",
        "Nachrichten ZURÜCKGEHALTEN", "邮件已被隔离", "nothing held here", "ſpam digest", "",
    ]
    for text in texts:
        assert test(text) is (pattern.search(text) is not None), text


def test_any_of_prefilters_text_in_any_script_and_stays_exact_where_letters_fold_unlike_lower() -> None:
    # Non-ASCII text is lower-cased for the prefilter, unless it holds a letter that
    # IGNORECASE matches to another otherwise than lower() writes it: long s, dotless i,
    # the micro sign, final sigma, the capital I with a dot.
    pattern = re.compile(r"spam digest|zurückgehalten|μήνυμα|σας|mistake|карантин", re.IGNORECASE)
    test = AnyOf(pattern)
    texts = [
        "Ihre Nachrichten wurden ZURÜCKGEHALTEN", "ſpam digeſt (Übersicht)", "MİSTAKE — Fehler",
        "µΉΝΥΜΑ", "ΤΟ ΜΉΝΥΜΑ ΣΑΣ", "το μήνυμά ς", "Письмо помещено в КАРАНТИН", "ꙋ nothing here", "é",
    ]
    for text in texts:
        assert test(text) is (pattern.search(text) is not None), text
    assert [test(t) for t in texts[:4]] == [True, True, True, True]


def test_the_fold_variants_cover_every_letter_re_folds_unlike_lower() -> None:
    from re._casefix import _EXTRA_CASES  # (CPython's table of IGNORECASE's extra equivalences)

    variants = {chr(c) for k, v in _EXTRA_CASES.items() for c in (k, *v) if chr(c).upper().lower() != chr(c)}
    assert variants <= set(_FOLD_VARIANTS)
    assert {c for c in map(chr, range(0x80, 0x10000)) if len(c.lower()) != 1} <= set(_FOLD_VARIANTS)


def test_any_of_refuses_a_pattern_its_literals_would_miss() -> None:
    with pytest.raises(ValueError, match="lower-case"):
        AnyOf(re.compile("Undeliverable"))
    with pytest.raises(ValueError, match="folds to ASCII"):
        AnyOf(re.compile("ſpam", re.IGNORECASE))


def test_a_disclaimer_is_found_by_any_of_its_words_in_any_case() -> None:
    notice = "Your message to a@example.com could not be delivered.\n550 5.1.1 User unknown"
    for footer in ("CONFIDENTIALITY NOTICE: this e-mail is for the Intended Recipient only.",
                   "Sie haben diese Nachricht irrtümlich erhalten? Bitte löschen.",
                   "Si vous n'êtes pas le destinataire prévu, supprimez ce message."):
        assert without_footer(notice + "\n\n" + footer) == notice
    kept = notice + "\n\nThe intended recipient rejected the message."
    assert without_footer(kept) == kept


@pytest.mark.parametrize("text", [
    "Your message was not sent. Nachricht wurde nicht versendet.",
    "messages from 192.0.2.1 weren't sent",
    "nothing to see here",
])
def test_finditer_gives_where_the_pattern_matches(text):
    pattern = re.compile(r"\bwas not sent\b|n.t sent\b|wurde nicht versendet|\bnever\b", re.IGNORECASE)
    found = list(AnyOf(pattern).finditer(text))
    assert bool(found) == (pattern.search(text) is not None)
    # (each alternative's own matches: a superset of the whole pattern's, which overlap)
    assert {m.start() for m in pattern.finditer(text)} <= {m.start() for m in found}
    assert all(pattern.match(text, m.start()) for m in found)


def test_search_finds_the_leftmost_match_as_the_pattern_does() -> None:
    # Alternatives that overlap: at one position the first alternative wins; else the
    # leftmost position wins whatever the alternative's place.
    pattern = re.compile(
        r"^[-=]{3,} ?(?:original|copy)|^[^\n]{0,20}original message follows|^Received:[ \t]|[.!?](?= )",
        re.IGNORECASE | re.MULTILINE,
    )
    test = AnyOf(pattern)
    texts = [
        "Delivery failed\n--- Original message follows.\nReceived: from x",
        "Delivery failed\nReceived: from x\n--- Original message follows.",
        "It failed. Sorry\n--- original",
        "--- COPY of it",
        "Nothing here",
        "ſome text\nreceived: x",  # a letter that folds unlike lower(): the whole pattern
        "",
    ]
    for text in texts:
        expected = pattern.search(text)
        found = test.search(text)
        assert (found is None) is (expected is None), text
        if expected is not None:
            assert found is not None and found.span() == expected.span(), text
