"""The one normal form of addresses (bouncekit.address)."""

from __future__ import annotations

import random

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bouncekit import address
from bouncekit.address import clean_recipient, key, normalize, organizational_domain, unicode_domain
from bouncekit.errors import AddressError, StoreError


@pytest.mark.parametrize(
    ("given", "normal"),
    [
        ("jo@example.com", "jo@example.com"),
        ("Jo@Example.COM", "Jo@example.com"),
        ("jo@ñandu.es", "jo@xn--andu-fqa.es"),
        ("jo@ÑANDU.ES", "jo@xn--andu-fqa.es"),
        ("jo@xn--andu-fqa.es", "jo@xn--andu-fqa.es"),
        ("用户@例子.广告", "用户@xn--fsqu00a.xn--4rr70v"),
        ("ＪＯ@example.com", "JO@example.com"),
        ("jo@ｅｘａｍｐｌｅ.com", "jo@example.com"),
        ("jo@example.com.", "jo@example.com"),
        ("user@[192.0.2.1]", "user@[192.0.2.1]"),
        ('"john doe"@example.com', '"john doe"@example.com'),
        ("first.last+tag@sub.example.co.uk", "first.last+tag@sub.example.co.uk"),
        ("root@localhost", "root@localhost"),
    ],
)
def test_normalize(given: str, normal: str) -> None:
    assert normalize(given) == normal


def test_the_unicode_and_a_label_forms_and_full_width_share_one_key() -> None:
    assert key("Jo@Ñandu.es") == key("jo@xn--andu-fqa.es") == "jo@xn--andu-fqa.es"
    assert key("ＪＯ@example.com") == key("jo@example.com") == "jo@example.com"


def test_nfc_and_nfd_spellings_are_one_address() -> None:
    composed, decomposed = "jos\u00e9@example.com", "jose\u0301@example.com"
    assert normalize(composed) == normalize(decomposed) == composed


@pytest.mark.parametrize(
    ("bad", "why"),
    [
        ("", "needs a local part"),
        ("nobody", "needs a local part"),
        ("@example.org", "needs a local part"),
        ("user@", "needs a local part"),
        ("a b@example.org", "before @ is not valid"),
        ("a\x00b@example.org", "before @ is not valid"),
        ("x" * 65 + "@example.org", "before @ is not valid"),
        ("IMCEAEX-" + "x" * 505 + "@example.org", "before @ is not valid"),
        ("jo@exa mple.org", "domain is not valid"),
        ("jo@-example.org", "domain is not valid"),
        ("jo@[not-an-ip]", "address literal"),
    ],
)
def test_refuses_what_is_not_an_address_and_says_why(bad: str, why: str) -> None:
    with pytest.raises(AddressError, match=why) as info:
        normalize(bad)
    assert str(info.value).startswith("not an email address: ")
    assert isinstance(info.value, StoreError)  # the store and the HTTP service answer 400


def test_exchange_x500_names_longer_than_rfc_5321_allows_are_addresses() -> None:
    # A removed mailbox's X.500 name, as Exchange's NDRs give it: the notice's only name.
    x500 = (
        "IMCEAEX-_O=BRIGHTWATER_OU=EXCHANGE+20ADMINISTRATIVE+20GROUP+20+28FYDIBOHF23SPDLT+29"
        "_CN=RECIPIENTS_CN=PDUNNE@Brightwater.example"
    )
    assert normalize(x500) == x500.replace("@Brightwater", "@brightwater")
    assert clean_recipient(f"<{x500}>") == normalize(x500)


def test_unicode_domain_for_display() -> None:
    assert unicode_domain("jo@xn--andu-fqa.es") == "jo@ñandu.es"
    assert unicode_domain("jo@example.com") == "jo@example.com"


@pytest.mark.parametrize(
    ("text", "address"),
    [
        ("rfc822; <User@Example.COM>", "User@example.com"),
        ("RFC822;jo@example.org", "jo@example.org"),
        ("smtp=user@host.example", "user@host.example"),
        ("SMTP:Bob@Example.org", "Bob@example.org"),
        ("user@host.example...user", "user@host.example"),
        ("<a@b.example>:", "a@b.example"),
        ('"a@b.example"', "a@b.example"),
        ("'a@b.example'", "a@b.example"),
        ('RFC822; "john doe"@example.com', '"john doe"@example.com'),
        ("Jo Smith <jo@ñandu.es>", "jo@xn--andu-fqa.es"),
    ],
)
def test_clean_recipient_takes_off_prefixes_brackets_and_junk(text: str, address: str) -> None:
    assert clean_recipient(text) == address


@pytest.mark.parametrize("text", [None, "", "   ", "kijitora", "<>", "rfc822;", "a@b@", "@example.org"])
def test_clean_recipient_gives_none_without_an_address(text: str | None) -> None:
    assert clean_recipient(text) is None


@given(st.lists(st.sampled_from(
    ["rfc822", "RFC822", "smtp", "x400", "unknown", "utf-8", ";", ":", "=", " ", "\t", "a", "@", "<", ">",
     "b.c"]
), max_size=12).map("".join))
def test_the_type_prefix_is_looked_for_only_where_it_can_be(text: str):
    from bouncekit.address import _TYPE_PREFIX, _without_type

    assert _without_type(text) == _TYPE_PREFIX.sub("", text)


def test_plain_addresses_are_their_own_clean_form() -> None:
    # clean_recipient gives an address of the plainest kind back as it is, without the
    # hygiene: on values built from the pieces that matter (label and length limits,
    # case, dots, the characters the hygiene takes off or stops at), the hygiene must
    # give every such value back unchanged.
    pieces = ["a", "Z", "0", "_", "+", "-", ".", "@", "xn--", "x" * 30, "l" * 63, "b.com", "EX", "é",
              " ", "<", ">", '"', ";", ":", "=", "smtp", "rfc822", "..", "[1.2.3.4]", "\t"]
    rng = random.Random(11)
    plain = 0
    for _ in range(40_000):
        # Half of the values from the pieces of plain local parts alone.
        few = pieces[:10] if rng.random() < 0.5 else pieces
        value = "".join(rng.choice(few) for _ in range(rng.randint(1, 9)))
        if rng.random() < 0.5:
            value += "@" + ".".join(rng.choice(["example", "a-b", "x" * 63, "y" * 64, "c0m", "Ex"])
                                    for _ in range(rng.randint(1, 5)))
        if address._PLAIN(value) and "xn--" not in value:
            plain += 1
            assert address._clean_recipient(value) == value, value
        assert clean_recipient(value) == address._clean_recipient(value), value
    assert plain > 500  # the plain kind was tried often


@pytest.mark.parametrize(
    ("domain", "organization"),
    [
        ("mx.example.org", "example.org"),
        ("example.org", "example.org"),
        ("mail.shop.co.uk", "shop.co.uk"),
        ("shop.com.au", "shop.com.au"),
        ("mail.shop.ne.jp", "shop.ne.jp"),
        ("Relay.Example.DE.", "example.de"),
        ("co.uk", "co.uk"),
    ],
)
def test_organizational_domain(domain: str, organization: str) -> None:
    assert organizational_domain(domain) == organization
