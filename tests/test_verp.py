"""VERP and signed VERP (``bouncekit.verp``)."""

from __future__ import annotations

import pytest

from bouncekit.address import normalize
from bouncekit.errors import AddressError
from bouncekit.verp import TAG_LENGTH, TagCheck, Verp, VerpError

SECRET = b"a-secret-of-at-least-16-bytes"


@pytest.mark.parametrize(
    "address",
    [
        "jo@example.com",
        "Jo.Smith+news@Example.COM",
        "a=b@example.net",
        "x@sub.example.co.uk",
        "ñandú@ñandu.es",
    ],
)
def test_round_trip(address: str) -> None:
    for verp in (Verp("bounces.example.org"), Verp("bounces.example.org", secret=SECRET)):
        encoded = verp.encode(address)
        assert encoded.endswith("@bounces.example.org")
        decoded = verp.decode(encoded)
        assert decoded.trusted
        assert decoded.recipient == normalize(address)


def test_the_default_shape() -> None:
    assert (
        Verp("bounces.example.org").encode("jo@example.com") == "bounces+jo=example.com@bounces.example.org"
    )
    signed = Verp("bounces.example.org", secret=SECRET).encode("jo@example.com")
    prefix, _, tag = signed.partition("@")[0].rpartition("+")
    assert prefix == "bounces+jo=example.com" and len(tag) == TAG_LENGTH and tag.islower()


def test_a_custom_template() -> None:
    verp = Verp("b.example.org", "rt-{tag}-{local}-at-{domain}", SECRET)
    encoded = verp.encode("jo@example.com")
    assert encoded.startswith("rt-") and "-jo-at-example.com@" in encoded
    assert verp.decode(encoded).tag is TagCheck.VALID


def test_signed_tags() -> None:
    verp = Verp("bounces.example.org", secret=SECRET)
    good = verp.encode("jo@example.com")
    assert verp.decode(good).tag is TagCheck.VALID
    assert verp.decode(good.upper()).tag is TagCheck.VALID  # an MTA that upper-cases the envelope
    missing = verp.decode("bounces+jo=example.com@bounces.example.org")
    assert (missing.tag, missing.recipient, missing.trusted) == (TagCheck.MISSING, "jo@example.com", False)
    local, _, domain = good.partition("@")
    forged = local[:-3] + ("aaa" if not local.endswith("aaa") else "bbb") + "@" + domain
    assert verp.decode(forged).tag is TagCheck.WRONG
    other_victim = good.replace("jo=", "ann=")
    assert verp.decode(other_victim).tag is TagCheck.WRONG
    assert Verp("bounces.example.org", secret=b"another-secret-16-bytes!").decode(good).tag is TagCheck.WRONG


def test_addresses_that_are_not_verp() -> None:
    verp = Verp("bounces.example.org", secret=SECRET)
    assert verp.decode("postmaster@bounces.example.org").recipient is None
    assert verp.decode("postmaster@bounces.example.org").tag is TagCheck.MISSING
    assert not verp.decode("bounces+jo=example.com@elsewhere.example").trusted
    unsigned = Verp("bounces.example.org")
    assert unsigned.decode("postmaster@bounces.example.org").tag is TagCheck.UNSIGNED
    assert unsigned.decode("x" * 5000 + "@bounces.example.org").recipient is None


@pytest.mark.parametrize(
    ("kwargs", "problem"),
    [
        ({"domain": "not a domain"}, "bounce domain"),
        ({"domain": "b.example.org", "template": "bounces+{local}"}, "names {local} and {domain}"),
        ({"domain": "b.example.org", "template": "{local}={domain}@x"}, "without @"),
        ({"domain": "b.example.org", "template": "{local}={domain}", "secret": SECRET}, "needs {tag}"),
        ({"domain": "b.example.org", "secret": b"short"}, "at least 16 bytes"),
        ({"domain": "b.example.org", "template": "{local}={domain}={nope}"}, "names {local}"),
    ],
)
def test_bad_schemes(kwargs: dict, problem: str) -> None:
    with pytest.raises(VerpError, match=problem):
        Verp(**kwargs)


def test_bad_recipients() -> None:
    with pytest.raises(AddressError):
        Verp("b.example.org").encode("not an address")
    with pytest.raises(VerpError, match="literal"):
        Verp("b.example.org").encode("jo@[192.0.2.1]")
    with pytest.raises(VerpError, match="no secret"):
        Verp("b.example.org").tag_for("jo@example.com")


def test_decoded_to_dict() -> None:
    decoded = Verp("b.example.org").decode("bounces+jo=example.com@b.example.org")
    assert decoded.to_dict() == {
        "address": "bounces+jo=example.com@b.example.org",
        "recipient": "jo@example.com",
        "tag": "unsigned",
        "trusted": True,
    }
