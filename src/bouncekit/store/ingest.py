"""Storing parsed messages and applying the policy: the write path of the store.

The statements are built once per store (:class:`Statements`) with bound parameters,
so storing a message costs executing a few compiled statements and no SQL building:
one multi-row insert of the chunk's messages, one of their records, then one upsert
per record on its address (plus a suppression, a block count or a domain check when
the policy calls for one).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import Connection, String, and_, bindparam, case, func, or_, select, update

from bouncekit.errors import StoreError
from bouncekit.model import BounceClass, BounceType, Event, Record, Report
from bouncekit.policy import (
    Action,
    Policy,
    Rule,
    block_subject,
    dns_domain_failing,
    event_time,
    suppression_reason,
    threshold_reached,
)
from bouncekit.store.results import (
    AddressState,
    Alert,
    AlertKind,
    Counts,
    HistoryAction,
    HistoryEntry,
    IngestResult,
    State,
)
from bouncekit.store.schema import (
    COUNT_COLUMNS,
    address_history,
    addresses,
    domains,
    messages,
    records,
    senders,
)

#: The ``policy_rule`` of a successful delivery: it interrupts a run of soft bounces.
SUCCESS_RULE = "delivered"
_ADDRESS = re.compile(r"[^\s@<>(),;:\"\[\]]{1,256}@[A-Za-z0-9\[][^\s@<>(),;:\"]{0,254}")
#: Stands for "never removed" in the counting query (no record is older).
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
#: Column widths of ``records``: longer values are cut (PostgreSQL would refuse them).
_STRING_LIMITS = {
    c.key: c.type.length for c in records.columns if isinstance(c.type, String) and c.type.length
}


@dataclass(frozen=True, slots=True)
class Prepared:
    """A parsed message ready to be stored."""

    hash: str
    source: str
    received_at: datetime
    report: Report


def clean(value: str, limit: int | None = None) -> str:
    """Text the database accepts: no NUL (PostgreSQL refuses it), no lone surrogates
    (undecodable bytes become those), cut to ``limit`` characters."""
    if "\x00" in value:
        value = value.replace("\x00", "")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        value = value.encode("utf-8", "replace").decode("utf-8")
    return value[:limit] if limit else value


def address_state(row: Any, history: tuple[HistoryEntry, ...] = ()) -> AddressState:
    """An :class:`AddressState` from a row of ``addresses``."""
    return AddressState(
        address=row.address,
        domain=row.domain,
        state=State(row.state),
        reason=row.reason,
        rule=row.rule,
        suppressed_at=row.suppressed_at,
        counts=Counts(**{name: getattr(row, name) for name in COUNT_COLUMNS}),
        first_seen=row.first_seen,
        last_event=row.last_event,
        last_event_at=row.last_event_at,
        last_success_at=row.last_success_at,
        history=history,
    )


def counter(record: Record) -> str:
    """The ``addresses`` counter a record adds to."""
    if record.event is Event.COMPLAINT:
        return "complaint"
    if record.event is Event.DELIVERED:
        return "delivered"
    if record.event is Event.AUTO_REPLY or record.bounce_class is BounceClass.AUTO_REPLY:
        return "auto_reply"
    if record.event is Event.DELAYED or record.bounce_class is BounceClass.TRANSIENT:
        return "delayed"
    kind = record.type
    return str(kind) if kind in (BounceType.HARD, BounceType.SOFT, BounceType.BLOCK) else "undetermined"


def event_label(record: Record) -> str:
    """A short name of a record's event: ``bounce 22 mailbox_full``, ``complaint abuse``."""
    if record.event is Event.COMPLAINT:
        return f"complaint {record.feedback_type or ''}".strip()
    if record.bounce_class is None:
        return str(record.event)
    return f"{record.event} {int(record.bounce_class)} {record.reason}"


class Statements:
    """The write statements of one dialect, compiled once and reused for every message."""

    def __init__(self, insert: Callable[..., Any]) -> None:
        a, s, r = addresses.c, senders.c, records.c
        self.message = (
            insert(messages)
            .on_conflict_do_nothing(index_elements=["hash"])
            .returning(messages.c.id, messages.c.hash)
        )
        self.record = records.insert()

        upsert = insert(addresses).values(
            address=bindparam("p_address"),
            domain=bindparam("p_domain"),
            state=str(State.ACTIVE),
            first_seen=bindparam("p_when"),
            last_event=bindparam("p_label"),
            last_event_at=bindparam("p_when"),
            last_success_at=bindparam("p_success"),
            dns_failures=bindparam("p_dns"),
            **{name: bindparam(f"p_{name}") for name in COUNT_COLUMNS},
        )
        new = upsert.excluded
        later = or_(a.last_event_at.is_(None), new.last_event_at >= a.last_event_at)
        newer_success = and_(
            new.last_success_at.is_not(None),
            or_(a.last_success_at.is_(None), new.last_success_at > a.last_success_at),
        )
        # Counters add up and times keep their extreme, so the outcome does not depend
        # on the order in which messages arrive.
        self.address = upsert.on_conflict_do_update(
            index_elements=["address"],
            set_={
                **{name: a[name] + new[name] for name in COUNT_COLUMNS},
                "dns_failures": a.dns_failures + new.dns_failures,
                "first_seen": case((new.first_seen < a.first_seen, new.first_seen), else_=a.first_seen),
                "last_event": case((later, new.last_event), else_=a.last_event),
                "last_event_at": case((later, new.last_event_at), else_=a.last_event_at),
                "last_success_at": case((newer_success, new.last_success_at), else_=a.last_success_at),
            },
        ).returning(a.state, a.removed_at)

        self.events = select(r.occurred_at, r.policy_rule).where(
            r.address == bindparam("p_address"),
            r.policy_rule.in_([bindparam("p_rule"), SUCCESS_RULE]),
            r.occurred_at.between(bindparam("p_from"), bindparam("p_to")),
            # A removal starts the count afresh.
            r.received_at > bindparam("p_removed"),
        )
        self.suppress = (
            update(addresses)
            .where(a.address == bindparam("p_address"), a.state == str(State.ACTIVE))
            .values(
                state=str(State.SUPPRESSED),
                reason=bindparam("p_reason"),
                rule=bindparam("p_rule"),
                suppressed_at=bindparam("p_now"),
            )
            .returning(*addresses.c)
        )
        self.history = address_history.insert()

        sender = insert(senders).values(
            subject=bindparam("p_subject"), blocks=1, last_block_at=bindparam("p_when")
        )
        self.sender = sender.on_conflict_do_update(
            index_elements=["subject"],
            set_={
                "blocks": s.blocks + 1,
                "last_block_at": case(
                    (sender.excluded.last_block_at > s.last_block_at, sender.excluded.last_block_at),
                    else_=s.last_block_at,
                ),
            },
        ).returning(s.blocks)

        self.domain_counts = select(
            func.count(), func.coalesce(func.sum(case((a.dns_failures > 0, 1), else_=0)), 0)
        ).where(a.domain == bindparam("p_domain"))
        self.domain_report = (
            insert(domains)
            .values(domain=bindparam("p_domain"), dns_reported_at=bindparam("p_now"))
            .on_conflict_do_nothing(index_elements=["domain"])
            .returning(domains.c.domain)
        )


class Writer:
    """Stores prepared messages through one connection, under one policy."""

    def __init__(self, statements: Statements, policy: Policy) -> None:
        self.sql = statements
        self.policy = policy

    def store(self, connection: Connection, batch: Sequence[Prepared]) -> list[IngestResult]:
        """Store ``batch`` in the connection's transaction; one result per message, in order.

        A message whose hash is stored already (before, or earlier in this batch) is a
        duplicate and changes nothing.
        """
        rows = [
            {
                "hash": p.hash,
                "source": clean(p.source),
                "received_at": p.received_at,
                "decoder": p.report.decoder,
                "message_id": clean(p.report.message_id) if p.report.message_id else None,
                "subject": clean(p.report.subject) if p.report.subject else None,
                "record_count": len(p.report.records),
            }
            for p in batch
        ]
        ids = dict((h, i) for i, h in connection.execute(self.sql.message, rows)) if rows else {}
        record_rows: list[dict[str, Any]] = []
        fresh: list[tuple[Prepared, int, list[dict[str, Any]]]] = []
        results: dict[int, IngestResult] = {}
        for index, p in enumerate(batch):
            message_id = ids.pop(p.hash, None)  # pop: a second copy in this batch is a duplicate
            if message_id is None:
                results[index] = IngestResult(p.hash, p.source, True, p.report.decoder, p.report.records)
                continue
            own = [self._record_row(message_id, i, r, p) for i, r in enumerate(p.report.records)]
            record_rows.extend(own)
            fresh.append((p, message_id, own))
        if record_rows:
            connection.execute(self.sql.record, record_rows)
        position = {id(p): i for i, p in enumerate(batch)}
        for p, message_id, own in fresh:
            results[position[id(p)]] = self._apply_message(connection, p, message_id, own)
        return [results[i] for i in range(len(batch))]

    def _record_row(self, message_id: int, position: int, record: Record, p: Prepared) -> dict[str, Any]:
        row = record.to_dict()
        for key, value in row.items():
            if isinstance(value, str):
                row[key] = clean(value, _STRING_LIMITS.get(key))
        address = _record_address(record)
        rule = self.policy.rule_for(record)
        sender = block_subject(record)
        row.update(
            message=message_id,
            position=position,
            source=clean(p.source),
            received_at=p.received_at,
            occurred_at=event_time(record, p.received_at),
            address=address,
            domain=address.rpartition("@")[2] if address else None,
            sender=clean(sender) if sender else None,
            policy_rule=rule.id if rule else SUCCESS_RULE,
        )
        return row

    def _apply_message(
        self, connection: Connection, p: Prepared, message_id: int, rows: list[dict[str, Any]]
    ) -> IngestResult:
        suppressed: list[AddressState] = []
        alerts: list[Alert] = []
        for row, record in zip(rows, p.report.records, strict=True):
            rule = self.policy.rule_for(record)
            if row["address"] is not None:
                state = self._apply(connection, message_id, row, record, rule, p.received_at)
                if state is not None:
                    suppressed.append(state)
                if record.bounce_class is BounceClass.DNS_FAILURE:
                    alerts.extend(self._check_domain(connection, row["domain"], p.received_at))
            if rule is not None and rule.action is Action.REPORT:
                alerts.append(self._count_block(connection, row, record))
        return IngestResult(
            p.hash, p.source, False, p.report.decoder, p.report.records, tuple(suppressed), tuple(alerts)
        )

    def _apply(
        self,
        connection: Connection,
        message_id: int,
        row: dict[str, Any],
        record: Record,
        rule: Rule | None,
        now: datetime,
    ) -> AddressState | None:
        """Count the record on its address and suppress the address if the rule says so.

        The upsert locks the address row until commit, so concurrent writers to one
        address take turns and each sees the other's records when it counts.
        """
        when = row["occurred_at"]
        kind = counter(record)
        params = {
            "p_address": row["address"],
            "p_domain": row["domain"],
            "p_when": when,
            "p_label": event_label(record),
            "p_success": when if record.event is Event.DELIVERED else None,
            "p_dns": 1 if record.bounce_class is BounceClass.DNS_FAILURE else 0,
            **{f"p_{name}": 1 if name == kind else 0 for name in COUNT_COLUMNS},
        }
        state, removed_at = connection.execute(self.sql.address, params).one()
        if rule is None or rule.action is not Action.SUPPRESS or state != State.ACTIVE:
            return None
        if rule.counting:
            width = timedelta(days=rule.within_days)
            events = connection.execute(
                self.sql.events,
                {
                    "p_address": row["address"],
                    "p_rule": rule.id,
                    "p_from": when - width,
                    "p_to": when + width,
                    "p_removed": removed_at or _EPOCH,
                },
            ).all()
            if not threshold_reached(rule, [(t, k == SUCCESS_RULE) for t, k in events], when):
                return None
        reason = suppression_reason(rule, record)
        params = {"p_address": row["address"], "p_reason": reason, "p_rule": rule.id, "p_now": now}
        suppressed = connection.execute(self.sql.suppress, params).first()
        if suppressed is None:
            return None
        entry = HistoryEntry(HistoryAction.SUPPRESSED, now, reason, rule.id)
        connection.execute(
            self.sql.history,
            {
                "address": row["address"], "action": str(entry.action), "at": now,
                "reason": reason, "rule": rule.id, "message": message_id,
            },
        )
        return address_state(suppressed, (entry,))

    def _count_block(self, connection: Connection, row: dict[str, Any], record: Record) -> Alert:
        subject = row["sender"] or "(unknown sender)"
        count = connection.execute(
            self.sql.sender, {"p_subject": subject, "p_when": row["occurred_at"]}
        ).scalar_one()
        by = row["domain"] or record.remote_mta or "the recipient's system"
        code = record.bounce_class
        what = f"class {int(code)} {code.label}, {record.reason}" if code is not None else str(record.event)
        return Alert(AlertKind.BLOCK, subject, count, f"{subject} blocked by {by} ({what}); {count} so far")

    def _check_domain(self, connection: Connection, domain: str, now: datetime) -> list[Alert]:
        if not self.policy.domain.report_dns_failure:
            return []
        total, failing = connection.execute(self.sql.domain_counts, {"p_domain": domain}).one()
        if not dns_domain_failing(self.policy.domain, total, failing):
            return []
        reported = connection.execute(self.sql.domain_report, {"p_domain": domain, "p_now": now}).first()
        if reported is None:
            return []
        message = f"{domain}: all {total} known addresses failed with DNS Failure (class 21)"
        return [Alert(AlertKind.DNS_DOMAIN, domain, total, message)]


def message_hash(raw: bytes) -> str:
    """The identity of a message: SHA-256 of its bytes with line endings made LF and
    trailing whitespace dropped, so one bounce saved as CRLF or LF hashes the same."""
    if b"\r" in raw:
        raw = raw.replace(b"\r\n", b"\n").replace(b"\r", b"\n")
    return hashlib.sha256(raw.rstrip()).hexdigest()


def normalize_address(address: str) -> str:
    """An address as the store keys it (lower-cased, trimmed); StoreError if it is not one."""
    if not isinstance(address, str):
        raise StoreError(f"an address must be a str, not {type(address).__name__}")
    value = address.strip().strip("<>").strip().lower()
    if not _ADDRESS.fullmatch(value):
        raise StoreError(f"not an email address: {address[:200]!r}")
    return value


def _record_address(record: Record) -> str | None:
    if not record.recipient:
        return None
    try:
        return normalize_address(record.recipient)
    except StoreError:
        return None
