"""What the dashboard and the report read (bouncekit.store.insights), on both engines."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bouncekit.errors import StoreError
from bouncekit.store import Store
from bouncekit.store.insights import (
    SubjectKind,
    blocked_senders,
    bounce_rates,
    daily_records,
    overview,
    parse_since,
    recent_events,
    top_rules,
)
from tests.store.conftest import day, dsn

BLOCKLIST = "554 5.7.1 Service unavailable; Client host [192.0.2.9] blocked using zen.spamhaus.org"


@pytest.fixture
def filled(store: Store) -> Store:
    store.ingest(dsn("a@example.com", "550 5.1.1 user unknown", date=day(0)), source="a")
    store.ingest(dsn("b@example.com", "552 5.2.2 Mailbox full", date=day(0)), source="b")
    store.ingest(dsn("c@example.org", BLOCKLIST, date=day(2)), source="c")
    store.ingest(dsn("d@example.org", "550 5.1.1 user unknown", date=day(2)), source="d")
    store.ingest(dsn("e@example.org", "450 4.2.2 Mailbox full", date=day(2), action="delayed"), source="e")
    return store


def test_records_per_day_by_type_and_by_class(filled: Store) -> None:
    since = datetime(2024, 5, 1, tzinfo=UTC)
    by_type = daily_records(filled, since=since, by="type")
    assert by_type.days == ("2024-05-01", "2024-05-02", "2024-05-03")
    counts = {s.key: s.counts for s in by_type.series}
    assert counts == {"hard": (1, 0, 1), "soft": (1, 0, 1), "block": (0, 0, 1)}
    assert [s.key for s in by_type.series] == ["hard", "soft", "block"]
    by_class = daily_records(filled, since=since, by="class")
    assert {s.label: s.total for s in by_class.series} == {
        "10 Invalid Recipient": 2, "22 Mailbox Full": 2, "51 Spam Block": 1}
    assert daily_records(filled, since=datetime(2030, 1, 1, tzinfo=UTC)).series == ()
    with pytest.raises(StoreError, match="groups by type or class"):
        daily_records(filled, by="planet")


def test_bounce_rate_per_day(filled: Store) -> None:
    rates = bounce_rates(filled, since=datetime(2024, 5, 1, tzinfo=UTC))
    assert [(r.day, r.bounces, r.events) for r in rates] == [
        ("2024-05-01", 2, 2), ("2024-05-02", 0, 0), ("2024-05-03", 2, 3)]
    assert rates[2].rate == pytest.approx(2 / 3) and rates[1].rate == 0.0


def test_blocked_senders_with_their_replies(filled: Store) -> None:
    blocked = {b.subject: b for b in blocked_senders(filled)}
    assert set(blocked) == {"sender.example", "192.0.2.9"}
    assert blocked["192.0.2.9"].kind is SubjectKind.IP
    assert blocked["sender.example"].kind is SubjectKind.DOMAIN
    for entry in blocked.values():
        assert entry.blocks == 1 and entry.replies == (BLOCKLIST,)
        assert entry.blocked_by == ("example.org",)


def test_recent_events_and_top_rules(filled: Store) -> None:
    events = recent_events(filled, limit=2)
    # Newest first; records of the same time in the reverse order they were stored.
    assert [e.recipient for e in events] == ["e@example.org", "d@example.org"]
    assert all(e.occurred_at == datetime(2024, 5, 3, 10, tzinfo=UTC) for e in events)
    rules = top_rules(filled)
    assert [(r.rule, r.records) for r in rules][:2] == [("mailbox-full", 2), ("user-unknown", 2)]
    assert top_rules(filled, since=datetime(2024, 5, 2, tzinfo=UTC))[0].records == 1


def test_overview_and_since(filled: Store) -> None:
    data = overview(filled, since=datetime(2024, 5, 1, tzinfo=UTC))
    assert (data.records, data.suppressed, data.addresses) == (5, 2, 5)
    now = datetime(2024, 6, 1, tzinfo=UTC)
    assert parse_since("30d", now=now) == datetime(2024, 5, 2, tzinfo=UTC)
    assert parse_since("12h", now=now) == datetime(2024, 5, 31, 12, tzinfo=UTC)
    assert parse_since("2024-05-01") == datetime(2024, 5, 1, tzinfo=UTC)
    assert parse_since("2024-05-01T09:00:00+09:00") == datetime(2024, 5, 1, 0, tzinfo=UTC)
    for bad in ("lately", "0d", "-3d"):
        with pytest.raises(StoreError, match="since must be"):
            parse_since(bad)
