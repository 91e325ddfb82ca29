"""``Store.ingest_reports``: reports decoded elsewhere (webhook events, smtpd messages)."""

from __future__ import annotations

import dataclasses
import hashlib

import pytest

from bouncekit.api import parse
from bouncekit.errors import StoreError
from bouncekit.store import AlertKind, Incoming, IngestResult, Store
from tests.store.conftest import dsn


def key(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def test_reports_are_stored_once_by_key(store: Store) -> None:
    report = parse(dsn("jo@example.com", "550 5.1.1 user unknown"))
    first = store.ingest_reports([Incoming(key("a"), "webhook:test:a", report)])
    again = store.ingest_reports(
        [Incoming(key("a"), "webhook:test:a", report), Incoming(key("b"), "webhook:test:b", report)]
    )
    assert [r.duplicate for r in first] == [False]
    assert [r.duplicate for r in again] == [True, False]
    assert [s.address for s in first[0].suppressed] == ["jo@example.com"]
    assert store.check("jo@example.com").counts.hard == 2


def test_a_distrusted_report_is_stored_but_acts_on_no_address(store: Store) -> None:
    report = parse(dsn("victim@example.com", "550 5.1.1 user unknown"))
    why = "the signed VERP tag of bounces+victim=example.com@b.example.org is wrong"
    (result,) = store.ingest_reports([Incoming(key("forged"), "smtpd:1", report, distrust=why)])
    assert isinstance(result, IngestResult) and not result.duplicate
    assert result.records == report.records  # stored, visible
    assert result.suppressed == ()
    assert [(a.kind, a.message) for a in result.alerts] == [(AlertKind.UNVERIFIED, why)]
    assert store.check("victim@example.com") is None
    assert sum(row.records for row in store.stats(by="event")) == 1


def test_a_distrusted_block_is_not_counted_against_the_sender(store: Store) -> None:
    report = parse(dsn("jo@example.com", "554 5.7.1 Client host [192.0.2.1] blocked using zen.spamhaus.org"))
    (result,) = store.ingest_reports([Incoming(key("block"), "smtpd:2", report, distrust="forged")])
    assert [a.kind for a in result.alerts] == [AlertKind.UNVERIFIED]


def test_original_recipient_is_what_is_suppressed(store: Store) -> None:
    report = parse(dsn("forwarded@example.net", "550 5.1.1 user unknown"))
    report = dataclasses.replace(
        report,
        records=tuple(dataclasses.replace(r, original_recipient="jo@example.com") for r in report.records),
    )
    (result,) = store.ingest_reports([Incoming(key("verp"), "smtpd:3", report)])
    assert [s.address for s in result.suppressed] == ["jo@example.com"]


@pytest.mark.parametrize("bad", ["", "abc", "G" * 64, "A" * 64, "a" * 65])
def test_a_key_is_64_hex_digits(store: Store, bad: str) -> None:
    report = parse(dsn("jo@example.com"))
    with pytest.raises(StoreError, match="64 hex digits"):
        store.ingest_reports([Incoming(bad, "x", report)])


def test_only_incoming_items(store: Store) -> None:
    with pytest.raises(StoreError, match="Incoming"):
        store.ingest_reports([b"raw"])  # type: ignore[list-item]


def test_webhook_secrets(store: Store) -> None:
    assert store.webhook_secret("sendgrid") is None
    store.set_webhook_secret("sendgrid", "  first-secret-value  ")
    saved = store.set_webhook_secret("sendgrid", "second-secret-value")
    assert store.webhook_secret("sendgrid") == "second-secret-value"
    assert [(s.esp, s.hint) for s in store.webhook_secrets()] == [("sendgrid", "seco...")]
    assert saved.to_dict()["hint"] == "seco..."
    assert store.remove_webhook_secret("sendgrid") is True
    assert store.remove_webhook_secret("sendgrid") is False
    with pytest.raises(StoreError, match="ESP name"):
        store.set_webhook_secret("Send Grid", "x")
    with pytest.raises(StoreError, match="secret"):
        store.set_webhook_secret("sendgrid", "  ")
