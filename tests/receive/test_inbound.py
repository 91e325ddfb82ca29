"""Received messages for the store: decoding, VERP original recipients, distrust, the hand-off."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime

import pytest

from bouncekit.errors import StoreError
from bouncekit.receive.handoff import Outcome, store_messages
from bouncekit.receive.inbound import incoming_message, return_path, verp_of
from bouncekit.receive.spool import Spooled
from bouncekit.store import ReturnPath, Store
from bouncekit.verp import TagCheck, Verp
from tests.conftest import corpus_bytes

SECRET = b"a-secret-of-at-least-16-bytes"
DOMAIN = "bounces.example.org"


def spooled(data: bytes, *rcpt_tos: str, spool_id: str = "1") -> Spooled:
    return Spooled(spool_id, "", rcpt_tos, datetime(2024, 5, 6, tzinfo=UTC), "192.0.2.1", data)


def test_the_verp_recipient_becomes_the_original_recipient() -> None:
    raw = corpus_bytes("lhost-postfix-03.eml")  # a bounce for kijitora@example.net
    verp = Verp(DOMAIN)
    incoming = incoming_message(spooled(raw, verp.encode("jo@example.com")), [verp])
    assert [(r.recipient, r.original_recipient) for r in incoming.report.records] == [
        ("kijitora@example.net", "jo@example.com")
    ]
    assert incoming.distrust is None and incoming.source == "smtpd:1"
    same = incoming_message(spooled(raw, verp.encode("kijitora@example.net")), [verp])
    assert [r.original_recipient for r in same.report.records] == [None]  # the bounce says it already


def test_a_wrong_or_missing_tag_distrusts_the_message() -> None:
    raw = corpus_bytes("lhost-postfix-03.eml")
    verp = Verp(DOMAIN, secret=SECRET)
    good = incoming_message(spooled(raw, verp.encode("jo@example.com")), [verp])
    assert good.distrust is None
    missing = incoming_message(spooled(raw, f"bounces+jo=example.com@{DOMAIN}"), [verp])
    assert missing.distrust is not None and "is missing" in missing.distrust
    assert [r.original_recipient for r in missing.report.records] == [None]
    bare = incoming_message(spooled(raw, f"postmaster@{DOMAIN}"), [verp])
    assert bare.distrust is not None


def test_each_domain_has_its_scheme() -> None:
    schemes = [Verp("a.example.org"), Verp("b.example.org", secret=SECRET)]
    decoded = verp_of(["bounces+jo=example.com@a.example.org", "x@b.example.org", "y@c.example.org"], schemes)
    assert [d.tag for d in decoded] == [TagCheck.UNSIGNED, TagCheck.MISSING]


def test_store_messages(store: Store) -> None:
    verp = Verp(DOMAIN)
    bounce = spooled(corpus_bytes("lhost-postfix-03.eml"), verp.encode("jo@example.com"), spool_id="a")
    empty = spooled(b"", f"postmaster@{DOMAIN}", spool_id="b")
    handed = store_messages(store, [verp], [bounce, empty])
    assert [(h.spool_id, h.outcome) for h in handed] == [("a", Outcome.STORED), ("b", Outcome.UNDECODABLE)]
    assert "empty" in handed[1].detail
    assert [s.address for s in handed[0].result.suppressed] == ["jo@example.com"]
    again = store_messages(store, [verp], [bounce])
    assert again[0].outcome is Outcome.STORED and again[0].result.duplicate


def test_the_return_path_is_read_from_the_envelope_alone() -> None:
    plain, signed = Verp(DOMAIN), Verp(DOMAIN, secret=SECRET)
    assert return_path([plain.encode("jo@example.com")], [plain]) == ReturnPath("jo@example.com")
    assert return_path([signed.encode("jo@example.com")], [signed]) == ReturnPath("jo@example.com")
    missing = return_path([f"bounces+jo=example.com@{DOMAIN}"], [signed])
    assert missing.original_recipient is None and "is missing" in missing.distrust
    # Two VERP recipients naming different addresses: none is the original recipient.
    assert not return_path([plain.encode("a@example.com"), plain.encode("b@example.com")], [plain])
    assert not return_path([f"postmaster@{DOMAIN}"], [plain])


def test_atomic_reports_are_one_transaction(store: Store) -> None:
    raw = corpus_bytes("lhost-postfix-03.eml")
    good = incoming_message(spooled(raw, f"postmaster@{DOMAIN}"), [Verp(DOMAIN)])
    bad = dataclasses.replace(good, key="not a key")
    with pytest.raises(StoreError, match="64 hex digits"):
        store.ingest_reports([good, bad], atomic=True)
    assert store.check("kijitora@example.net") is None  # nothing stored
    [stored] = store.ingest_reports([good], atomic=True)
    assert stored.suppressed and store.ingest_reports([good], atomic=True)[0].duplicate
    assert store.ingest_reports([], atomic=True) == []
