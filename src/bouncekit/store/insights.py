"""What an operator looks at every day, read from the store: the dashboard's and the
report's data.

Each function takes an open :class:`~bouncekit.store.Store` and returns frozen result
records; the pages and ``bouncekit report`` only lay them out::

    timeline = daily_records(store, since=since, by="type")   # records per day, stacked
    rates = bounce_rates(store, since=since)                    # bounces / all events per day
    blocked = blocked_senders(store)                            # sending domains and IPs refused
    events = recent_events(store, limit=100)                    # the latest records and their rule
    rules = top_rules(store, since=since)                       # the rules that decided most
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import StrEnum

from sqlalchemy import String, cast, desc, func, select

from bouncekit.errors import StoreError
from bouncekit.model import BounceClass, BounceType
from bouncekit.store.core import Store
from bouncekit.store.schema import addresses, records, senders

__all__ = [
    "Blocked",
    "DayRate",
    "Event",
    "Overview",
    "RuleUse",
    "Series",
    "SubjectKind",
    "Timeline",
    "blocked_senders",
    "bounce_rates",
    "daily_records",
    "overview",
    "parse_since",
    "recent_events",
    "top_rules",
]

#: Groupings of :func:`daily_records`.
TIMELINE_GROUPS = ("type", "class")
#: Most rows a list returns.
MAX_ROWS = 1000
#: The subject blocks are counted against when a record names no sender (see store.ingest).
UNKNOWN_SENDER = "(unknown sender)"


@dataclass(frozen=True, slots=True)
class Series:
    """One stacked layer of a timeline: a group (type or class) and its count per day."""

    key: str
    label: str
    counts: tuple[int, ...]

    @property
    def total(self) -> int:
        return sum(self.counts)


@dataclass(frozen=True, slots=True)
class Timeline:
    """Records per day (``days`` as ``YYYY-MM-DD``, every day of the span), one series per group."""

    by: str
    days: tuple[str, ...]
    series: tuple[Series, ...]

    @property
    def total(self) -> int:
        return sum(s.total for s in self.series)


@dataclass(frozen=True, slots=True)
class DayRate:
    """Bounces among all the events stored for one day (deliveries, delays, replies...)."""

    day: str
    bounces: int
    events: int

    @property
    def rate(self) -> float:
        return self.bounces / self.events if self.events else 0.0


class SubjectKind(StrEnum):
    """What a block was counted against."""

    DOMAIN = "domain"
    IP = "ip"


@dataclass(frozen=True, slots=True)
class Blocked:
    """A sending domain or IP that recipients' systems refused, with their latest replies."""

    subject: str
    kind: SubjectKind
    blocks: int
    last_block_at: datetime
    replies: tuple[str, ...]
    blocked_by: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Event:
    """One stored record, as the events page lists it."""

    occurred_at: datetime
    event: str
    recipient: str | None
    bounce_class: int | None
    class_name: str | None
    type: str | None
    reason: str | None
    rule: str | None
    diagnostic: str | None
    source: str


@dataclass(frozen=True, slots=True)
class RuleUse:
    """How often a rule decided a record's class."""

    rule: str
    records: int
    last_at: datetime
    class_name: str | None
    reason: str | None


@dataclass(frozen=True, slots=True)
class Overview:
    """The overview of a period: records per day by type and by class, the bounce rate per day,
    and the suppression list's size now."""

    since: datetime
    by_type: Timeline
    by_class: Timeline
    rates: tuple[DayRate, ...]
    suppressed: int
    addresses: int

    @property
    def records(self) -> int:
        return self.by_type.total


def overview(store: Store, *, since: datetime) -> Overview:
    """Everything the overview page and the report's first section show."""
    a = addresses.c
    count = select(func.count(), func.count().filter(a.state == "suppressed")).select_from(addresses)
    total, suppressed = store._read(lambda c: c.execute(count).one())
    return Overview(
        since,
        daily_records(store, since=since, by="type"),
        daily_records(store, since=since, by="class"),
        bounce_rates(store, since=since),
        suppressed,
        total,
    )


def parse_since(text: str, *, now: datetime | None = None) -> datetime:
    """A ``--since`` value: ``30d``, ``12h``, ``2w`` back from now, or an ISO date or date-time."""
    value = text.strip().lower()
    units = {"h": timedelta(hours=1), "d": timedelta(days=1), "w": timedelta(weeks=1)}
    if value[-1:] in units and value[:-1].isdigit():
        amount = int(value[:-1])
        if not 0 < amount <= 100_000:
            raise StoreError(f"since must be between 1 and 100000 {value[-1]}, not {text!r}")
        return (now or datetime.now(UTC)) - amount * units[value[-1]]
    try:
        parsed = datetime.fromisoformat(value.upper() if "t" in value else value)
    except ValueError:
        raise StoreError(
            f"since must be a span such as 30d, 12h or 2w, or an ISO date such as 2024-01-01, not {text!r}"
        ) from None
    return parsed.replace(tzinfo=UTC) if parsed.tzinfo is None else parsed.astimezone(UTC)


def _days(since: datetime, until: datetime) -> tuple[str, ...]:
    first, last = since.date(), until.date()
    if last < first:
        return ()
    return tuple((first + timedelta(days=n)).isoformat() for n in range((last - first).days + 1))


def _span(store: Store, since: datetime | None) -> tuple[datetime, datetime] | None:
    """The first and last event time to chart: from ``since`` (else the first record) to the last."""
    r = records.c
    query = select(func.min(r.occurred_at), func.max(r.occurred_at))
    if since is not None:
        query = query.where(r.occurred_at >= since)
    first, last = store._read(lambda c: c.execute(query).one())
    if first is None:
        return None
    return (since or first), max(last, since or first)


def daily_records(store: Store, *, since: datetime | None = None, by: str = "type") -> Timeline:
    """Records per day since ``since`` (default: the first record), grouped by type or class.

    Records without a class (deliveries, complaints) are grouped by their event.
    """
    if by not in TIMELINE_GROUPS:
        raise StoreError(f"a timeline groups by {' or '.join(TIMELINE_GROUPS)}, not {by!r}")
    span = _span(store, since)
    if span is None:
        return Timeline(by, (), ())
    r = records.c
    day = func.date(r.occurred_at)
    group = (
        func.coalesce(r.type, r.event) if by == "type" else func.coalesce(cast(r["class"], String), r.event)
    )
    query = select(day, group, func.count(r.id)).where(r.occurred_at >= span[0]).group_by(day, group)
    rows = store._read(lambda c: c.execute(query).all())
    days = _days(*span)
    position = {d: n for n, d in enumerate(days)}
    counts: dict[str, list[int]] = {}
    for when, key, count in rows:
        slot = position.get(str(when))
        if slot is not None:
            counts.setdefault(str(key), [0] * len(days))[slot] += count
    keys = sorted(counts, key=_type_order if by == "type" else _class_order)
    series = tuple(Series(k, _label(by, k), tuple(counts[k])) for k in keys)
    return Timeline(by, days, series)


def _type_order(key: str) -> tuple[int, str]:
    order = [str(t) for t in (BounceType.HARD, BounceType.SOFT, BounceType.BLOCK, BounceType.UNDETERMINED)]
    return (order.index(key), key) if key in order else (len(order), key)


def _class_order(key: str) -> tuple[int, int, str]:
    return (0, int(key), "") if key.isdigit() else (1, 0, key)


def _label(by: str, key: str) -> str:
    if by == "class" and key.isdigit():
        try:
            return f"{key} {BounceClass(int(key)).label}"
        except ValueError:
            return key
    return key


def bounce_rates(store: Store, *, since: datetime | None = None) -> tuple[DayRate, ...]:
    """Per day: records of event ``bounce`` among all records of that day.

    bouncekit sees what comes back, not what was sent; deliveries appear only where a
    delivery report or an ESP event says so. The rate is therefore the share of bounces
    among the events stored, the one figure the store can give without a send count.
    """
    span = _span(store, since)
    if span is None:
        return ()
    r = records.c
    day = func.date(r.occurred_at)
    query = (
        select(day, r.event, func.count(r.id))
        .where(r.occurred_at >= span[0])
        .group_by(day, r.event)
    )
    rows = store._read(lambda c: c.execute(query).all())
    totals: dict[str, list[int]] = {d: [0, 0] for d in _days(*span)}
    for when, event, count in rows:
        slot = totals.get(str(when))
        if slot is not None:
            slot[1] += count
            if event == "bounce":
                slot[0] += count
    return tuple(DayRate(d, b, e) for d, (b, e) in totals.items())


def blocked_senders(store: Store, *, limit: int = 100, replies: int = 3) -> tuple[Blocked, ...]:
    """The sending domains and IPs blocked most, each with its latest distinct replies."""
    _check_limit(limit)
    s, r = senders.c, records.c
    rows = store._read(lambda c: c.execute(
        select(s.subject, s.blocks, s.last_block_at).order_by(desc(s.blocks), s.subject).limit(limit)
    ).all())
    found = []
    for subject, blocks, last_at in rows:
        kind = SubjectKind.IP if _is_ip(subject) else SubjectKind.DOMAIN
        if kind is SubjectKind.IP:
            named = r.diagnostic.contains(subject, autoescape=True)
        elif subject == UNKNOWN_SENDER:
            named = r.sender.is_(None)
        else:
            named = r.sender == subject
        query = (
            select(r.diagnostic, r.domain, r.remote_mta)
            .where(r.type == str(BounceType.BLOCK), named)
            .order_by(desc(r.occurred_at))
            .limit(50)
        )
        latest = store._read(lambda c, q=query: c.execute(q).all())
        texts = tuple(dict.fromkeys(d for d, _, _ in latest if d))[:replies]
        by = tuple(dict.fromkeys(m or d for _, d, m in latest if m or d))[:replies]
        found.append(Blocked(subject, kind, blocks, last_at, texts, by))
    return tuple(found)


def _is_ip(subject: str) -> bool:
    try:
        ipaddress.ip_address(subject)
    except ValueError:
        return False
    return True


def recent_events(store: Store, *, limit: int = 100, offset: int = 0) -> tuple[Event, ...]:
    """The latest stored records (by the time of their event), newest first."""
    _check_limit(limit)
    r = records.c
    query = (
        select(r.occurred_at, r.event, r.recipient, r["class"], r.class_name, r.type, r.reason, r.rule,
               r.diagnostic, r.source)
        .order_by(desc(r.occurred_at), desc(r.id))
        .limit(limit)
        .offset(offset)
    )
    return tuple(Event(*row) for row in store._read(lambda c: c.execute(query).all()))


def top_rules(store: Store, *, since: datetime | None = None, limit: int = 50) -> tuple[RuleUse, ...]:
    """The rules that decided most records (since ``since``), most used first."""
    _check_limit(limit)
    r = records.c
    query = (
        select(r.rule, func.count(r.id), func.max(r.occurred_at), func.max(r.class_name), func.max(r.reason))
        .where(r.rule.is_not(None))
        .group_by(r.rule)
        .order_by(desc(func.count(r.id)), r.rule)
        .limit(limit)
    )
    if since is not None:
        query = query.where(r.occurred_at >= since)
    return tuple(RuleUse(*row) for row in store._read(lambda c: c.execute(query).all()))


def _check_limit(limit: int) -> None:
    if not isinstance(limit, int) or not 1 <= limit <= MAX_ROWS:
        raise StoreError(f"limit must be from 1 to {MAX_ROWS}, not {limit!r}")
