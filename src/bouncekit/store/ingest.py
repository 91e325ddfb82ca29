"""Storing parsed messages and applying the policy: the write path of the store.

The statements are built once per store (:class:`Statements`) with bound parameters,
so storing a message costs executing a few compiled statements and no SQL building:
one multi-row insert of the chunk's messages, one of their records, one upsert of their
addresses, then a fixed number of statements for the policy's decisions, whatever the
number of records (see :class:`Writer`).
"""

from __future__ import annotations

import dataclasses
import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import (
    ARRAY,
    ColumnElement,
    Connection,
    CursorResult,
    String,
    Table,
    and_,
    bindparam,
    case,
    func,
    literal,
    or_,
    select,
    update,
)

from bouncekit.address import key as address_key
from bouncekit.errors import StoreError
from bouncekit.model import BounceClass, BounceType, Event, Record, Report
from bouncekit.policy import (
    Action,
    Policy,
    Rule,
    block_ips,
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
#: Stands for "never removed" in the counting query (no record is older).
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
#: Rows from which a multi-row insert on PostgreSQL travels as arrays (see ManyRows).
ARRAY_ROWS = 16
#: Addresses per counting query: SQLite refuses expressions nested deeper than 1,000.
_TERMS_PER_QUERY = 200
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
    #: Why the message must not act on any address (a signed VERP tag missing or
    #: wrong): its records are stored, but no address is counted, suppressed or blamed.
    distrust: str | None = None


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


class ManyRows:
    """An INSERT of many rows at once, with RETURNING, as each dialect takes it best.

    SQLite gets the statement with a placeholder per value. PostgreSQL gets the same for
    a few rows, and from :data:`ARRAY_ROWS` rows on one array per column and ``INSERT
    ... SELECT FROM unnest(...)``: one short statement whatever the number of rows, which
    the driver converts and the server parses once, instead of a new statement of
    thousands of placeholders for every chunk. (Below that, the driver's conversion of
    each array costs more than the placeholders.)
    """

    def __init__(
        self,
        insert: Callable[..., Any],
        table: Table,
        values: dict[str, str | ColumnElement[Any]],
        finish: Callable[[Any], Any],
        *,
        arrays: bool,
    ) -> None:
        """``values`` maps each column to the key of its value in a row, or to a constant;
        ``finish`` adds the conflict clause and RETURNING to the plain insert."""
        plain = {c: bindparam(k) if isinstance(k, str) else k for c, k in values.items()}
        self.statement = finish(insert(table).values(**plain))
        self.keys = tuple(k for k in values.values() if isinstance(k, str))
        self.unnest = None
        if arrays:
            columns = {k: table.c[c].type for c, k in values.items() if isinstance(k, str)}
            unnested = func.unnest(*(bindparam(f"a_{k}", type_=ARRAY(t)) for k, t in columns.items()))
            rows = unnested.table_valued(*columns).render_derived()
            chosen = select(*(rows.c[k] if isinstance(k, str) else k for k in values.values()))
            self.unnest = finish(insert(table).from_select(list(values), chosen))

    def __call__(self, connection: Connection, rows: Sequence[dict[str, Any]]) -> CursorResult[Any]:
        if self.unnest is None or len(rows) < ARRAY_ROWS:
            return connection.execute(self.statement, list(rows))
        return connection.execute(self.unnest, {f"a_{k}": [row[k] for row in rows] for k in self.keys})


class Statements:
    """The write statements of one dialect, compiled once and reused for every message."""

    def __init__(self, insert: Callable[..., Any], *, arrays: bool = False) -> None:
        """``arrays``: multi-row inserts take one array per column (PostgreSQL)."""
        a, s = addresses.c, senders.c
        self.message = ManyRows(
            insert, messages, {c: c for c in ("hash", "source", "received_at", "decoder", "message_id",
                                              "subject", "record_count")},
            lambda new: new.on_conflict_do_nothing(index_elements=["hash"])
            .returning(messages.c.id, messages.c.hash),
            arrays=arrays,
        )
        self.record = records.insert()

        def count_in(upsert: Any) -> Any:
            new = upsert.excluded
            # On equal times the greater label wins, so the arrival order does not matter.
            later = or_(
                a.last_event_at.is_(None),
                new.last_event_at > a.last_event_at,
                and_(new.last_event_at == a.last_event_at, new.last_event > a.last_event),
            )
            newer_success = and_(
                new.last_success_at.is_not(None),
                or_(a.last_success_at.is_(None), new.last_success_at > a.last_success_at),
            )
            # Counters add up and times keep their extreme, so the outcome does not depend
            # on the order in which messages arrive.
            return upsert.on_conflict_do_update(
                index_elements=["address"],
                set_={
                    **{name: a[name] + new[name] for name in COUNT_COLUMNS},
                    "dns_failures": a.dns_failures + new.dns_failures,
                    "first_seen": case((new.first_seen < a.first_seen, new.first_seen), else_=a.first_seen),
                    "last_event": case((later, new.last_event), else_=a.last_event),
                    "last_event_at": case((later, new.last_event_at), else_=a.last_event_at),
                    "last_success_at": case((newer_success, new.last_success_at), else_=a.last_success_at),
                },
            ).returning(a.address, a.state, a.removed_at, a.rule, a.reason)

        self.address = ManyRows(
            insert, addresses,
            {
                "address": "p_address", "domain": "p_domain", "state": literal(str(State.ACTIVE)),
                "first_seen": "p_first", "last_event": "p_label", "last_event_at": "p_when",
                "last_success_at": "p_success", "dns_failures": "p_dns",
                **{name: f"p_{name}" for name in COUNT_COLUMNS},
            },
            count_in, arrays=arrays,
        )

        # Suppressions, many addresses at once (no RETURNING: an executemany);
        # the rows are read back with one select.
        self.suppress = (
            update(addresses)
            .where(a.address == bindparam("p_address"), a.state == str(State.ACTIVE))
            .values(
                state=str(State.SUPPRESSED),
                reason=bindparam("p_reason"),
                rule=bindparam("p_rule"),
                suppressed_at=bindparam("p_now"),
            )
        )
        self.read_addresses = select(addresses).where(
            a.address.in_(bindparam("p_addresses", expanding=True))
        )
        self.history = address_history.insert()
        self.prefer = update(addresses).where(
            a.address == bindparam("p_address"), a.state == str(State.SUPPRESSED)
        ).values(reason=bindparam("p_reason"), rule=bindparam("p_rule"))
        h = address_history.c
        latest = (
            select(func.max(h.id))
            .where(h.address == bindparam("p_address"), h.action == str(HistoryAction.SUPPRESSED))
            .scalar_subquery()
        )
        self.prefer_history = update(address_history).where(h.id == latest).values(
            reason=bindparam("p_reason"), rule=bindparam("p_rule")
        )

        def add_blocks(upsert: Any) -> Any:
            new = upsert.excluded
            return upsert.on_conflict_do_update(
                index_elements=["subject"],
                set_={
                    "blocks": s.blocks + new.blocks,
                    "last_block_at": case((new.last_block_at > s.last_block_at, new.last_block_at),
                                          else_=s.last_block_at),
                },
            ).returning(s.subject, s.blocks)

        self.sender = ManyRows(
            insert, senders, {"subject": "p_subject", "blocks": "p_count", "last_block_at": "p_when"},
            add_blocks, arrays=arrays,
        )

        self.domain_counts = (
            select(a.domain, func.count(), func.coalesce(func.sum(case((a.dns_failures > 0, 1), else_=0)), 0))
            .where(a.domain.in_(bindparam("p_domains", expanding=True)))
            .group_by(a.domain)
        )
        self.domain_report = (
            insert(domains)
            .values(domain=bindparam("p_domain"), dns_reported_at=bindparam("p_now"))
            .on_conflict_do_nothing(index_elements=["domain"])
            .returning(domains.c.domain)
        )


class Writer:
    """Stores prepared messages through one connection, under one policy.

    A chunk of messages costs a fixed number of statements, whatever the number of
    records: the messages and their records are inserted in one statement each; the
    records' counts are added to their addresses in one upsert per chunk (one row per
    distinct address, in address order, so concurrent writers lock rows in the same
    order); the runs of soft bounces the policy counts are read in one query; then the
    policy runs record by record in message order, in memory, and its suppressions are
    written together. Blocks are counted per sender last, in one upsert: a sender's row
    is the most shared of all, and the lock it takes is held until the commit.

    The counting query sees every record of the chunk, and since a decision depends only
    on the set of records (not their order), the outcome is the one of storing the
    messages one by one. Few statements matter beyond their own cost: a row lock taken
    by the address upsert is held until the commit, and every round trip after it
    lengthens the wait of any other writer of the same address.
    """

    def __init__(self, statements: Statements, policy: Policy) -> None:
        self.sql = statements
        self.policy = policy
        self.policy_rules = {rule.id: rule for rule in policy.rules()}

    def store(self, connection: Connection, batch: Sequence[Prepared]) -> list[IngestResult]:
        """Store ``batch`` in the connection's transaction; one result per message, in order.

        A message whose hash is stored already (before, or earlier in this batch) is a
        duplicate and changes nothing.
        """
        message_rows = [
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
        # Every table is written in key order (messages by hash, addresses, senders), so
        # two writers with overlapping chunks wait for each other instead of deadlocking.
        message_rows.sort(key=lambda row: row["hash"])
        ids = {h: i for i, h in self.sql.message(connection, message_rows)} if batch else {}
        results: list[IngestResult | None] = [None] * len(batch)
        fresh: list[_Fresh] = []
        for index, p in enumerate(batch):
            message_id = ids.pop(p.hash, None)  # pop: a second copy in this batch is a duplicate
            if message_id is None:
                results[index] = IngestResult(p.hash, p.source, True, p.report.decoder, p.report.records)
                continue
            rows = [self._record_row(message_id, i, r, p) for i, r in enumerate(p.report.records)]
            alerts = [Alert(AlertKind.UNVERIFIED, clean(p.source, 200), 1, p.distrust)] if p.distrust else []
            fresh.append(_Fresh(index, p, message_id, rows, [], alerts))
        all_rows = [row for f in fresh for row in f.rows]
        if all_rows:
            connection.execute(self.sql.record, all_rows)
        states = self._count_addresses(connection, fresh)
        self._decide(connection, fresh, states)
        history = [entry for f in fresh for entry in f.history]
        if history:
            connection.execute(self.sql.history, history)
        self._check_domains(connection, fresh)
        self._count_blocks(connection, fresh)
        for f in fresh:
            p = f.prepared
            results[f.index] = IngestResult(
                p.hash, p.source, False, p.report.decoder, p.report.records,
                tuple(f.suppressed), (*f.alerts, *f.blocks, *f.later),
            )
        return [r for r in results if r is not None]

    def _record_row(self, message_id: int, position: int, record: Record, p: Prepared) -> dict[str, Any]:
        row = record.to_dict()
        for key, value in row.items():
            if isinstance(value, str):
                row[key] = clean(value, _STRING_LIMITS.get(key))
        address = None if p.distrust else _record_address(record)
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

    def _count_addresses(
        self, connection: Connection, fresh: Sequence[_Fresh]
    ) -> dict[str, _Standing]:
        """Add the chunk's records to their addresses; the standing of each address.

        The upsert locks each address row until commit, so concurrent writers to one
        address take turns and each sees the other's records when it counts.
        """
        totals: dict[str, dict[str, Any]] = {}
        for f in fresh:
            for row, record in zip(f.rows, f.prepared.report.records, strict=True):
                address = row["address"]
                if address is None:
                    continue
                when = row["occurred_at"]
                params = totals.get(address)
                if params is None:
                    params = totals[address] = {
                        "p_address": address, "p_domain": row["domain"], "p_first": when,
                        "p_when": when, "p_label": event_label(record), "p_success": None, "p_dns": 0,
                        **{f"p_{name}": 0 for name in COUNT_COLUMNS},
                    }
                params[f"p_{counter(record)}"] += 1
                params["p_first"] = min(params["p_first"], when)
                label = event_label(record)
                if (when, label) > (params["p_when"], params["p_label"]):
                    params["p_when"], params["p_label"] = when, label
                success = params["p_success"]
                if record.event is Event.DELIVERED and (success is None or when > success):
                    params["p_success"] = when
                if record.bounce_class is BounceClass.DNS_FAILURE:
                    params["p_dns"] += 1
        if not totals:
            return {}
        ordered = [totals[a] for a in sorted(totals)]
        return {
            address: _Standing(state, removed_at, rule, reason)
            for address, state, removed_at, rule, reason in self.sql.address(connection, ordered)
        }

    def _decide(self, connection: Connection, fresh: Sequence[_Fresh], states: dict[str, _Standing]) -> None:
        """Run the policy over the chunk's records in message order; write what it decided.

        ``states`` follows the decisions: an address suppressed by one record is
        suppressed for the next.
        """
        acting: list[tuple[_Fresh, dict[str, Any], Record, Rule]] = []
        for f in fresh:
            for position, (row, record) in enumerate(zip(f.rows, f.prepared.report.records, strict=True)):
                if row["address"] is None:
                    if (record.recipient or record.original_recipient) and not f.prepared.distrust:
                        f.later.append(_bad_address_alert(record, position))
                    continue
                rule = self.policy.rule_for(record)
                if rule is not None and rule.action is Action.SUPPRESS:
                    acting.append((f, row, record, rule))
        if not acting:
            return
        counted = self._counted_events(connection, acting, states)
        decided: dict[str, _Suppression] = {}
        preferred: dict[str, tuple[str, str]] = {}
        for f, row, record, rule in acting:
            address = row["address"]
            standing = states[address]
            reason = suppression_reason(rule, record)
            if standing.state != State.ACTIVE:
                if not rule.counting:
                    self._prefer(address, rule.id, reason, states, decided, preferred)
                continue
            if rule.counting and not threshold_reached(
                rule, _window(counted.get(address, ()), rule, row["occurred_at"], standing.removed_at),
                row["occurred_at"],
            ):
                continue
            decided[address] = _Suppression(f, rule.id, reason, rule.id, reason)
            states[address] = _Standing(str(State.SUPPRESSED), standing.removed_at, rule.id, reason)
        if decided:
            self._suppress(connection, decided)
        if preferred:
            changes = [{"p_address": a, "p_rule": rule, "p_reason": reason}
                       for a, (rule, reason) in preferred.items()]
            connection.execute(self.sql.prefer, changes)
            connection.execute(self.sql.prefer_history, changes)

    def _counted_events(
        self,
        connection: Connection,
        acting: Sequence[tuple[_Fresh, dict[str, Any], Record, Rule]],
        states: dict[str, _Standing],
    ) -> dict[str, list[tuple[datetime, str, datetime]]]:
        """The stored records that counting rules may count, per address: (occurred,
        policy rule, received) of every record, within the widest window any of the
        chunk's records of that address asks for, and its successful deliveries.

        One query for the chunk (in groups, to keep a statement small): a term per
        address, each as selective as the per-record question it answers.
        """
        wanted: dict[str, tuple[set[str], datetime, datetime]] = {}
        for _, row, _, rule in acting:
            address = row["address"]
            if not rule.counting or states[address].state != State.ACTIVE:
                continue
            width = timedelta(days=rule.within_days)
            low, high = row["occurred_at"] - width, row["occurred_at"] + width
            if address in wanted:
                rules, first, last = wanted[address]
                rules.add(rule.id)
                wanted[address] = (rules, min(first, low), max(last, high))
            else:
                wanted[address] = ({rule.id}, low, high)
        r = records.c
        events: dict[str, list[tuple[datetime, str, datetime]]] = {}
        addresses_wanted = list(wanted)
        for start in range(0, len(addresses_wanted), _TERMS_PER_QUERY):
            terms = []
            for address in addresses_wanted[start:start + _TERMS_PER_QUERY]:
                rules, low, high = wanted[address]
                terms.append(and_(
                    r.address == address,
                    r.policy_rule.in_(sorted(rules | {SUCCESS_RULE})),
                    r.occurred_at.between(low, high),
                    # A removal starts the count afresh.
                    r.received_at > (states[address].removed_at or _EPOCH),
                ))
            query = select(r.address, r.occurred_at, r.policy_rule, r.received_at).where(or_(*terms))
            for address, occurred, policy_rule, received in connection.execute(query):
                events.setdefault(address, []).append((occurred, policy_rule, received))
        return events

    def _suppress(self, connection: Connection, decided: dict[str, _Suppression]) -> None:
        """Write the chunk's suppressions, their history, and the results that show them."""
        params = [
            {"p_address": address, "p_reason": s.reason, "p_rule": s.rule,
             "p_now": s.fresh.prepared.received_at}
            for address, s in decided.items()
        ]
        connection.execute(self.sql.suppress, params)
        rows = {row.address: row for row in connection.execute(self.sql.read_addresses,
                                                               {"p_addresses": list(decided)})}
        for address, s in decided.items():
            row = rows.get(address)
            if row is None or row.state != State.SUPPRESSED:
                continue
            now = s.fresh.prepared.received_at
            s.fresh.history.append({
                "address": address, "action": str(HistoryAction.SUPPRESSED), "at": now,
                "reason": s.reason, "rule": s.rule, "message": s.fresh.message_id,
            })
            # The result shows the suppression as its record decided it; a record later in
            # the chunk that preferred another reason shows in the row and its history.
            entry = HistoryEntry(HistoryAction.SUPPRESSED, now, s.first_reason, s.first_rule)
            state = address_state(row, (entry,))
            s.fresh.suppressed.append(dataclasses.replace(state, reason=s.first_reason, rule=s.first_rule))

    def _prefer(
        self,
        address: str,
        rule: str,
        reason: str,
        states: dict[str, _Standing],
        decided: dict[str, _Suppression],
        preferred: dict[str, tuple[str, str]],
    ) -> None:
        """Keep, of several records that each suppress an address at once, the reason that
        comes first in (rule, reason) order, so the outcome does not depend on the order
        in which they arrive. An address suppressed by a counting rule (soft bounces)
        takes the reason of a record that suppresses at once."""
        standing = states[address]
        current = self.policy_rules.get(standing.rule or "")
        if current is not None and not current.counting and (rule, reason) >= (
            standing.rule or "", standing.reason or ""
        ):
            return
        if standing.state != State.SUPPRESSED:
            return
        states[address] = _Standing(standing.state, standing.removed_at, rule, reason)
        pending = decided.get(address)
        if pending is not None:  # suppressed by this chunk: its row and history entry take the reason
            pending.rule, pending.reason = rule, reason
        else:
            preferred[address] = (rule, reason)

    def _count_blocks(self, connection: Connection, fresh: Sequence[_Fresh]) -> None:
        """Count the chunk's reported records per sender and give each its alert."""
        reported: list[tuple[_Fresh, dict[str, Any], Record, str]] = []
        for f in fresh:
            if f.prepared.distrust:
                continue
            for row, record in zip(f.rows, f.prepared.report.records, strict=True):
                rule = self.policy.rule_for(record)
                if rule is not None and rule.action is Action.REPORT:
                    reported.append((f, row, record, row["sender"] or "(unknown sender)"))
                    # The same block counted per sending IP too, when the reply names it.
                    reported += [(f, row, record, ip) for ip in block_ips(record)]
        if not reported:
            return
        added: dict[str, dict[str, Any]] = {}
        for _, row, _, subject in reported:
            params = added.setdefault(subject, {"p_subject": subject, "p_when": row["occurred_at"],
                                                "p_count": 0})
            params["p_count"] += 1
            params["p_when"] = max(params["p_when"], row["occurred_at"])
        ordered = [added[s] for s in sorted(added)]
        totals = dict(self.sql.sender(connection, ordered).all())
        running = {subject: totals[subject] - params["p_count"] for subject, params in added.items()}
        for f, row, record, subject in reported:
            running[subject] += 1
            count = running[subject]
            by = row["domain"] or record.remote_mta or "the recipient's system"
            code = record.bounce_class
            what = str(record.event) if code is None else f"class {int(code)} {code.label}, {record.reason}"
            message = f"{subject} blocked by {by} ({what}); {count} so far"
            f.blocks.append(Alert(AlertKind.BLOCK, subject, count, message))

    def _check_domains(self, connection: Connection, fresh: Sequence[_Fresh]) -> None:
        """Report, once, a domain whose every known address got DNS Failure."""
        if not self.policy.domain.report_dns_failure:
            return
        first: dict[str, _Fresh] = {}
        for f in fresh:
            for row, record in zip(f.rows, f.prepared.report.records, strict=True):
                if record.bounce_class is BounceClass.DNS_FAILURE and row["domain"]:
                    first.setdefault(row["domain"], f)
        if not first:
            return
        counts = {domain: (total, failing) for domain, total, failing
                  in connection.execute(self.sql.domain_counts, {"p_domains": list(first)})}
        for domain, f in first.items():
            total, failing = counts.get(domain, (0, 0))
            if not dns_domain_failing(self.policy.domain, total, failing):
                continue
            params = {"p_domain": domain, "p_now": f.prepared.received_at}
            if connection.execute(self.sql.domain_report, params).first() is None:
                continue
            message = f"{domain}: all {total} known addresses failed with DNS Failure (class 21)"
            f.later.append(Alert(AlertKind.DNS_DOMAIN, domain, total, message))


def _window(
    events: Sequence[tuple[datetime, str, datetime]], rule: Rule, at: datetime, removed_at: datetime | None
) -> list[tuple[datetime, bool]]:
    """Of an address's stored events, those ``rule`` counts around a record at ``at``:
    its own records and the successes within ``rule.within_days`` of it, since the last
    removal; as (time, is_success)."""
    width = timedelta(days=rule.within_days)
    low, high = at - width, at + width
    removed = removed_at or _EPOCH
    return [
        (occurred, policy_rule == SUCCESS_RULE)
        for occurred, policy_rule, received in events
        if policy_rule in (rule.id, SUCCESS_RULE) and low <= occurred <= high and received > removed
    ]


def _bad_address_alert(record: Record, position: int) -> Alert:
    value = clean(record.original_recipient or record.recipient or "", 200)
    message = (f"record {position + 1}: {value!r} is not an email address; stored, but no address "
               "was counted or suppressed")
    return Alert(AlertKind.BAD_ADDRESS, value, 1, message)


@dataclass(frozen=True, slots=True)
class _Standing:
    """An address as the chunk sees it: its state, last removal, and why it is suppressed."""

    state: str
    removed_at: datetime | None
    rule: str | None
    reason: str | None


@dataclass(slots=True)
class _Fresh:
    """A message of the chunk that was not stored before, with what storing it produced."""

    index: int
    prepared: Prepared
    message_id: int
    rows: list[dict[str, Any]]
    suppressed: list[AddressState]
    #: Its alerts in the order a result lists them: unverified, blocks, then the rest.
    alerts: list[Alert]
    blocks: list[Alert] = field(default_factory=list)
    later: list[Alert] = field(default_factory=list)
    history: list[dict[str, Any]] = field(default_factory=list)


@dataclass(slots=True)
class _Suppression:
    """An address the chunk suppresses: by which record's message, why (the reason the
    row and its history get), and why its own record said (what its result shows)."""

    fresh: _Fresh
    rule: str
    reason: str
    first_rule: str
    first_reason: str


def message_hash(raw: bytes) -> str:
    """The identity of a message: SHA-256 of its bytes with line endings made LF and
    trailing whitespace dropped, so one bounce saved as CRLF or LF hashes the same."""
    if b"\r" in raw:
        raw = raw.replace(b"\r\n", b"\n").replace(b"\r", b"\n")
    return hashlib.sha256(raw.rstrip()).hexdigest()


def normalize_address(address: str) -> str:
    """An address as the store keys it (:func:`bouncekit.address.key`); AddressError (a
    StoreError) when it is not one."""
    if isinstance(address, str):
        address = address.strip().strip("<>").strip()
    return address_key(address)


def _record_address(record: Record) -> str | None:
    """The address a record is about: the one the sender used, where the record names it."""
    for value in (record.original_recipient, record.recipient):
        if value:
            try:
                return normalize_address(value)
            except StoreError:
                continue
    return None
