"""The :class:`Store`: ingestion with the policy applied, the suppression list, stats, API keys.

Transactions. Storing one message (its row, its records, the address counters, any
suppression, history and alerts it causes) is one transaction, so a message is either
wholly stored or not at all. The unique message hash makes a second copy a no-op:
``INSERT ... ON CONFLICT DO NOTHING`` returns no row and the transaction stops there.
Two processes inserting the same message at once serialise on that unique index: the
second waits for the first and then sees the conflict.

Batches (:meth:`Store.ingest_many`) commit one transaction per chunk of messages,
which is what makes ingestion fast (one commit, one fsync, per chunk instead of per
message). A chunk is still all-or-nothing per message: a process killed mid-chunk
loses the whole uncommitted chunk and nothing of it is visible; a rerun skips the
messages whose hash is stored and adds exactly the rest. When a chunk fails (a deadlock
with a concurrent writer, a value the database refuses), it is rolled back and redone
one message per transaction, so one bad message costs only itself. Savepoints per
message would give the same isolation at two more round trips per message.

Threads of one process that store at the same moment (a queue worker's task threads,
the service's requests) share a transaction: a write that arrives while another is
being committed waits for it and goes with the others that waited
(:mod:`bouncekit.store.group`). Each call stays all-or-nothing on its own: a failed
group is redone call by call.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import os
import random
import re
import secrets
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Protocol, TypeVar

from sqlalchemy import Connection, Engine, String, case, cast, distinct, func, or_, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import DBAPIError, IntegrityError, SQLAlchemyError

from bouncekit import workers
from bouncekit.api import parse
from bouncekit.classifier import RuleSet
from bouncekit.errors import BounceError, ConflictError, DatabaseError, MissingDatabaseError, StoreError
from bouncekit.model import BounceClass, Report
from bouncekit.policy import Policy, as_utc, load_policy
from bouncekit.store import db
from bouncekit.store.db import default_database_url
from bouncekit.store.group import GroupCommit
from bouncekit.store.ingest import (
    Prepared,
    Statements,
    Writer,
    address_state,
    clean,
    message_hash,
    normalize_address,
)
from bouncekit.store.results import (
    AddressState,
    ApiKey,
    FailedMessage,
    HistoryAction,
    HistoryEntry,
    Incoming,
    IngestFailure,
    IngestResult,
    ReturnPath,
    State,
    StatRow,
    WebhookSecret,
)
from bouncekit.store.schema import (
    address_history,
    addresses,
    api_keys,
    failed_messages,
    messages,
    records,
    webhook_secrets,
)

__all__ = ["STAT_GROUPS", "Store", "default_database_url", "message_hash", "normalize_address"]

T = TypeVar("T")

#: The groupings :meth:`Store.stats` knows.
STAT_GROUPS: tuple[str, ...] = ("class", "type", "domain", "day", "sender", "event")
#: The environment variable naming the policy file :meth:`Store.open` uses by default.
POLICY_ENV = "BOUNCEKIT_POLICY"
#: The ``rule`` an address carries after a removal.
REMOVAL_RULE = "removed"
#: Messages per transaction in :meth:`Store.ingest_many`.
BATCH_SIZE = 200
#: Most rows a list call returns.
MAX_LIMIT = 10_000

_ATTEMPTS = 6
#: PostgreSQL deadlock and serialisation failure: retry the transaction.
_RETRY_SQLSTATES = frozenset({"40P01", "40001"})
_KEY_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,99}")
_KEY_PREFIX = "bk_"
_KEY = re.compile(r"[0-9a-f]{64}")
_ESP_NAME = re.compile(r"[a-z][a-z0-9_]{0,31}")
#: Longest webhook secret kept (a PEM public key fits many times over).
MAX_SECRET = 16_384


class RawInput(Protocol):
    """What :meth:`Store.ingest_many` reads: :class:`bouncekit.sources.RawMessage` fits."""

    @property
    def data(self) -> bytes: ...
    @property
    def source(self) -> str: ...
    @property
    def where(self) -> str: ...
    @property
    def error(self) -> str | None: ...


def _now() -> datetime:
    return datetime.now(UTC)


def _chunks(items: Iterable[T], size: int) -> Iterator[list[T]]:
    chunk: list[T] = []
    for item in items:
        chunk.append(item)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


@dataclass(slots=True)
class _Screened:
    """A chunk on its way through ingestion: settled outcomes, raw messages to parse,
    then (after :func:`_parse_screened`) the prepared ones."""

    received_at: datetime
    done: list[IngestResult | IngestFailure | None]
    todo: list[tuple[int, str, str, str, bytes]]
    parsed: list[tuple[int, Prepared]]


def _parse_screened(screened: _Screened, rules: RuleSet | None = None) -> _Screened:
    """Parse the raw messages of a chunk (in a worker process when ``jobs > 1``)."""
    for index, digest, source, where, data in screened.todo:
        try:
            report = parse(data, rules=rules)
        except BounceError as exc:
            screened.done[index] = IngestFailure(source, f"{where}: {exc}")
            continue
        screened.parsed.append((index, Prepared(digest, source, screened.received_at, report)))
    screened.todo = []
    return screened




def _raw_bytes(raw: object, source: object) -> bytes:
    if not isinstance(source, str):
        raise StoreError(f"the source of a message must be a str, not {type(source).__name__}")
    if not isinstance(raw, bytes | bytearray | memoryview):
        raise StoreError(f"{source}: a raw message must be bytes, not {type(raw).__name__}")
    return bytes(raw)


def _retryable(exc: DBAPIError) -> bool:
    code = getattr(exc.orig, "sqlstate", None)
    if code in _RETRY_SQLSTATES:
        return True
    return "database is locked" in str(exc.orig)


class Store:
    """The bounce store and suppression list over one database.

    Open it with :meth:`open`; a Store is safe to share between threads (each call
    takes its own connection from the engine's pool) and between processes (the
    database does the locking). Close it with :meth:`close` or use it as a context
    manager.
    """

    def __init__(self, engine: Engine, *, policy: Policy | None = None, rules: RuleSet | None = None) -> None:
        self._engine = engine
        self.policy = policy or Policy()
        #: The classification rules messages are parsed with (None: the built-ins).
        self.rules = rules
        insert = postgresql.insert if engine.dialect.name == "postgresql" else sqlite.insert
        self._writer = Writer(Statements(insert, arrays=engine.dialect.name == "postgresql"), self.policy)
        # SQLite has one writer at a time: threads of this process queue here, at once,
        # instead of in SQLite's busy handler, which sleeps in steps of up to 100 ms.
        self._write_lock = threading.Lock() if engine.dialect.name == "sqlite" else contextlib.nullcontext()
        # Messages stored by several threads at once share a transaction (see group.py).
        self._together: GroupCommit[Prepared, IngestResult] = GroupCommit(
            lambda batch: self._write(lambda connection: self._writer.store(connection, batch))
        )

    @classmethod
    def open(
        cls,
        url: str | None = None,
        *,
        policy: Policy | None = None,
        rules: RuleSet | None = None,
        create: bool = True,
    ) -> Store:
        """Open (and migrate to the latest schema) the database at ``url``.

        ``url`` is a SQLAlchemy URL (``sqlite:///path``, ``postgresql+psycopg://user@host/db``;
        ``postgresql://`` is read as psycopg, a bare path as a SQLite file); None means
        ``$BOUNCEKIT_DATABASE_URL``, else ``bouncekit.sqlite3`` in the user's data directory.
        ``policy`` None means the policy file named by ``$BOUNCEKIT_POLICY``, else the
        built-in default (:class:`bouncekit.policy.Policy`). ``rules`` (from
        :func:`bouncekit.load_rules`) classifies what is ingested; None: the built-in rules.
        ``create`` False raises :class:`MissingDatabaseError` for a database that does not
        exist (a SQLite file) or holds no bouncekit tables, instead of creating it.
        Raises :class:`DatabaseError` naming the database (password hidden) when it
        cannot be reached.

        >>> store = Store.open("sqlite:///bounces.db")  # doctest: +SKIP
        """
        url = db.normalize_url(url or default_database_url())
        if policy is None:
            policy = load_policy(os.environ.get(POLICY_ENV) or None)
        engine = db.create(url, make=create)
        try:
            db.upgrade(engine, make=create)
        except MissingDatabaseError:
            engine.dispose()
            raise
        except SQLAlchemyError as exc:
            engine.dispose()
            reason = getattr(exc, "orig", None) or exc
            raise DatabaseError(
                f"cannot open the database {db.safe_url(url)}: {str(reason).strip().splitlines()[0]}"
            ) from None
        return cls(engine, policy=policy, rules=rules)

    @property
    def url(self) -> str:
        """The database URL, password hidden."""
        return self._engine.url.render_as_string(hide_password=True)

    @property
    def dialect(self) -> str:
        """``sqlite`` or ``postgresql``."""
        return self._engine.dialect.name

    def ping(self) -> None:
        """Check that the database answers (one trivial query); :class:`DatabaseError` if not."""
        self._read(lambda c: c.execute(select(1)).scalar_one())

    def close(self) -> None:
        """Close every pooled connection."""
        self._engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    # -- transactions -----------------------------------------------------------------

    def _write(self, work: Callable[[Connection], T]) -> T:
        """Run ``work`` in one write transaction, retried on deadlock or a busy database."""
        for attempt in range(_ATTEMPTS):
            try:
                with self._write_lock, self._engine.connect() as connection:
                    connection = connection.execution_options(**{db.WRITE_OPTION: True})
                    with connection.begin():
                        return work(connection)
            except DBAPIError as exc:
                if _retryable(exc) and attempt < _ATTEMPTS - 1:
                    time.sleep(random.uniform(0.005, 0.05) * (attempt + 1))
                    continue
                raise self._database_error(exc) from exc
            except SQLAlchemyError as exc:  # e.g. no pooled connection free in time
                raise self._database_error(exc) from exc
        raise AssertionError("unreachable")

    def _read(self, work: Callable[[Connection], T]) -> T:
        try:
            with self._engine.connect() as connection:
                result = work(connection)
                # Ended by a commit, not by the pool's rollback: on PostgreSQL a ROLLBACK
                # makes psycopg drop the connection's prepared statements, and the
                # writes then pay for parsing and planning every statement again.
                connection.commit()
                return result
        except SQLAlchemyError as exc:
            raise self._database_error(exc) from exc

    def _database_error(self, exc: SQLAlchemyError) -> DatabaseError:
        cause = getattr(exc, "orig", None) or exc
        text = str(cause).strip()
        first = text.splitlines()[0] if text else type(cause).__name__
        return DatabaseError(f"database {self.url}: {first}")

    # -- ingestion --------------------------------------------------------------------

    def ingest(
        self,
        raw: bytes,
        *,
        source: str,
        received_at: datetime | None = None,
        report: Report | None = None,
        keep_non_bounce: bool = True,
    ) -> IngestResult:
        """Parse one raw message, store it and its records, and apply the policy, in one transaction.

        Idempotent: a message whose hash is stored already changes nothing and comes
        back with ``duplicate=True``. A message that is not a bounce is stored with no
        records (so it is known next time), unless ``keep_non_bounce`` is False: then it
        is not stored and the result says ``not_a_bounce``. Raises :class:`BounceError`
        for a message that cannot be read; nothing is stored then. ``report`` is
        ``parse(raw)`` when the caller decoded the message already (the HTTP service
        decodes in worker processes); it is then not parsed again.

        >>> store.ingest(open("bounce.eml", "rb").read(), source="bounce.eml").suppressed  # doctest: +SKIP
        """
        raw = _raw_bytes(raw, source)
        if report is not None and not isinstance(report, Report):
            raise StoreError(f"{source}: report must be a Report, not {type(report).__name__}")
        report = report or parse(raw, rules=self.rules)
        if not report.records and not keep_non_bounce:
            return IngestResult(message_hash(raw), source, False, None, (), not_a_bounce=True)
        prepared = Prepared(message_hash(raw), source, as_utc(received_at or _now()), report)
        return self._together([prepared])[0]

    def ingest_batch(
        self,
        items: Sequence[tuple[bytes, str]],
        *,
        received_at: datetime | None = None,
        return_paths: Sequence[ReturnPath | None] | None = None,
        screen: bool = True,
    ) -> list[IngestResult | IngestFailure]:
        """Store ``(raw, source)`` messages in ONE transaction: all of them, or none.

        The queue's workers use it (a task's messages are stored together or not at all).
        Messages stored before are recognised by hash and not parsed again (duplicates,
        with no records); ``screen`` False skips that lookup, a round trip that costs
        more than parsing when copies are rare (a first delivery of one message): a
        copy is then parsed, and still recognised and stored as a duplicate. A message
        that cannot be read comes back as an :class:`IngestFailure` and the others are
        stored without it. Anything else that
        fails (the database is down, refuses a value) raises and stores nothing: a
        :class:`DatabaseError` for the database, whatever the bug raised otherwise.
        ``return_paths``, one per item (None for none), is what each message's envelope
        said when it was received (:class:`ReturnPath`: ``bouncekit smtpd``'s VERP
        reading), applied to its report as :meth:`ingest_reports` would.
        """
        if not items:
            return []
        if return_paths is not None and len(return_paths) != len(items):
            raise StoreError(f"{len(return_paths)} return paths for {len(items)} messages")
        when = as_utc(received_at or _now())
        hashes = [message_hash(bytes(raw)) for raw, _ in items]
        known: set[str] = set()
        if screen:
            query = select(messages.c.hash).where(messages.c.hash.in_(set(hashes)))
            known = self._read(lambda c: set(c.execute(query).scalars()))
        outcome: list[IngestResult | IngestFailure | None] = []
        prepared: list[tuple[int, Prepared]] = []
        for index, ((raw, source), digest) in enumerate(zip(items, hashes, strict=True)):
            if digest in known:
                outcome.append(IngestResult(digest, source, True, None, ()))
                continue
            try:
                report = parse(bytes(raw))
            except BounceError as exc:
                outcome.append(IngestFailure(source, f"{source}: {exc}"))
                continue
            path = return_paths[index] if return_paths is not None else None
            if path is not None and not isinstance(path, ReturnPath):
                raise StoreError(f"{source}: a return path must be a ReturnPath, not {type(path).__name__}")
            outcome.append(None)
            if path:
                prepared.append((index, Prepared(digest, source, when, path.apply(report), path.distrust)))
            else:
                prepared.append((index, Prepared(digest, source, when, report)))
        if prepared:
            stored = self._together([p for _, p in prepared])
            for (index, _), result in zip(prepared, stored, strict=True):
                outcome[index] = result
        return [o for o in outcome if o is not None]

    def record_failure(
        self, raw: bytes, *, source: str, error: str, received_at: datetime | None = None,
    ) -> FailedMessage:
        """Record that ``raw`` was given up on, and why (e.g. over the decoding time budget).

        Nothing else changes: the message is not stored as a message, so sending it
        again decodes it again. :meth:`failures` lists what was recorded.
        """
        raw = _raw_bytes(raw, source)
        failed = FailedMessage(message_hash(raw), source, as_utc(received_at or _now()), len(raw),
                               clean(str(error), 2000))
        values = {"hash": failed.message_hash, "source": clean(source), "received_at": failed.received_at,
                  "size": failed.size, "error": failed.error}
        self._write(lambda connection: connection.execute(failed_messages.insert().values(values)))
        return failed

    def failures(self, *, limit: int = 100, offset: int = 0) -> list[FailedMessage]:
        """The messages that were given up on, the latest first."""
        if not isinstance(limit, int) or not 1 <= limit <= MAX_LIMIT:
            raise StoreError(f"limit must be from 1 to {MAX_LIMIT}, not {limit!r}")
        if not isinstance(offset, int) or offset < 0:
            raise StoreError(f"offset must be 0 or more, not {offset!r}")
        f = failed_messages.c
        query = (select(f.hash, f.source, f.received_at, f.size, f.error)
                 .order_by(f.received_at.desc(), f.id.desc()).limit(limit).offset(offset))
        return self._read(lambda c: [FailedMessage(*row) for row in c.execute(query)])

    def ingest_reports(
        self, items: Iterable[Incoming], *, batch_size: int = BATCH_SIZE, atomic: bool = False
    ) -> list[IngestResult | IngestFailure]:
        """Store reports decoded elsewhere (webhook events, messages read by ``smtpd``), in order.

        Each item is stored like a message of :meth:`ingest`: its records, the policy, one
        result each, idempotent by ``item.key`` (a redelivered event or message changes
        nothing and comes back with ``duplicate=True``). A chunk of ``batch_size`` items
        is one transaction; when it fails it is redone one item per transaction, so a
        bad item costs only itself (an :class:`IngestFailure`).

        ``atomic`` True stores all the items in ONE transaction, or none: anything that
        fails raises (a :class:`DatabaseError` for the database) and stores nothing, as
        :meth:`ingest_batch` does. The queue's workers store a webhook body's events so.
        """
        if atomic:
            now = _now()
            prepared = [self._prepared(item, now) for item in items]
            return list(self._together(prepared)) if prepared else []
        outcome: list[IngestResult | IngestFailure] = []
        for chunk in _chunks(items, max(1, batch_size)):
            screened = _Screened(_now(), [None] * len(chunk), [], [])
            for index, item in enumerate(chunk):
                screened.parsed.append((index, self._prepared(item, screened.received_at)))
            outcome += self._finish(screened)
        return outcome

    @staticmethod
    def _prepared(item: Incoming, now: datetime) -> Prepared:
        if not isinstance(item, Incoming):
            raise StoreError(f"ingest_reports() takes Incoming items, not {type(item).__name__}")
        if not _KEY.fullmatch(item.key):
            raise StoreError(f"{item.source}: the key of a report is 64 hex digits, not {item.key!r}")
        when = as_utc(item.received_at) if item.received_at else now
        return Prepared(item.key, item.source, when, item.report, item.distrust)

    def ingest_many(
        self,
        inputs: Iterable[RawInput],
        *,
        received_at: datetime | None = None,
        batch_size: int = BATCH_SIZE,
        jobs: int = 1,
    ) -> Iterator[IngestResult | IngestFailure]:
        """Ingest many messages (e.g. from :func:`bouncekit.sources.iter_messages`), in input order.

        Yields one result per input: an :class:`IngestResult`, or an
        :class:`IngestFailure` for a message that could not be read or stored (the
        batch goes on). Messages already stored are recognised by hash before they are
        parsed: they come back as duplicates with no records. ``jobs > 1`` decodes in
        that many worker processes while this one writes. See the module documentation
        for how chunks keep each message atomic.
        """
        if not isinstance(jobs, int) or jobs < 1:
            raise StoreError(f"jobs must be at least 1, not {jobs!r}")
        chunks = (self._screen(chunk, received_at) for chunk in _chunks(inputs, max(1, batch_size)))
        if jobs == 1:
            for screened in chunks:
                yield from self._finish(_parse_screened(screened, self.rules))
            return
        pool = workers.executor(jobs)
        pending: deque[Future[_Screened]] = deque()
        try:
            for screened in chunks:
                pending.append(pool.submit(_parse_screened, screened, self.rules))
                while len(pending) > 2 * jobs or (pending and pending[0].done()):
                    yield from self._finish(pending.popleft().result())
            while pending:
                yield from self._finish(pending.popleft().result())
        except BaseException:
            # Interrupted, or the caller stopped reading: do not wait for the work in flight.
            workers.stop_now(pool)
            raise
        pool.shutdown(wait=True)

    def _screen(self, chunk: Sequence[RawInput], received_at: datetime | None) -> _Screened:
        """Hash a chunk and settle what needs no parsing: read errors and known messages."""
        hashes = [None if item.error else message_hash(item.data) for item in chunk]
        wanted = list({h for h in hashes if h})
        query = select(messages.c.hash).where(messages.c.hash.in_(wanted))
        known = self._read(lambda c: set(c.execute(query).scalars())) if wanted else set()
        when = as_utc(received_at or _now())
        done: list[IngestResult | IngestFailure | None] = []
        todo: list[tuple[int, str, str, str, bytes]] = []
        seen: set[str] = set()
        for index, (item, digest) in enumerate(zip(chunk, hashes, strict=True)):
            if digest is None:
                done.append(IngestFailure(item.source, f"{item.where}: {item.error}"))
            elif digest in known or digest in seen:
                done.append(IngestResult(digest, item.source, True, None, ()))
            else:
                seen.add(digest)
                done.append(None)
                todo.append((index, digest, item.source, item.where, item.data))
        return _Screened(when, done, todo, [])

    def _finish(self, screened: _Screened) -> list[IngestResult | IngestFailure]:
        """Store the parsed messages of a chunk: one transaction, else one per message."""
        outcome = screened.done
        prepared = screened.parsed
        if prepared:
            try:
                stored = self._write(lambda c: self._writer.store(c, [p for _, p in prepared]))
                for (index, _), result in zip(prepared, stored, strict=True):
                    outcome[index] = result
            except Exception:  # whatever failed (a bug too), only the bad message may fail
                # Redo the chunk one message per transaction: only a bad message fails.
                for index, p in prepared:
                    try:
                        outcome[index] = self._write(lambda c, p=p: self._writer.store(c, [p]))[0]
                    except Exception as exc:  # one broken message never stops a batch
                        detail = str(exc) if isinstance(exc, BounceError) else f"{type(exc).__name__}: {exc}"
                        problem = f"{p.source}: cannot store the message ({detail})"
                        outcome[index] = IngestFailure(p.source, problem)
        return [o for o in outcome if o is not None]

    # -- the suppression list ---------------------------------------------------------

    def check(self, address: str) -> AddressState | None:
        """The state of one address, with its history; None when the store never saw it.

        Raises :class:`StoreError` when ``address`` is not an email address.
        """
        key = normalize_address(address)
        return self._read(lambda c: self._load(c, key))

    def _load(self, connection: Connection, key: str) -> AddressState | None:
        row = connection.execute(select(addresses).where(addresses.c.address == key)).first()
        if row is None:
            return None
        h = address_history.c
        history = tuple(
            HistoryEntry(HistoryAction(e.action), e.at, e.reason, e.rule)
            for e in connection.execute(
                select(h.action, h.at, h.reason, h.rule).where(h.address == key).order_by(h.at, h.id)
            )
        )
        return address_state(row, history)

    def suppressions(
        self,
        *,
        state: str | None = "suppressed",
        domain: str | None = None,
        reason: str | None = None,
        search: str | None = None,
        limit: int = 100,
        offset: int = 0,
    ) -> list[AddressState]:
        """Addresses, most recently suppressed first, then by address.

        ``state`` filters on ``active`` / ``suppressed`` (None: every address);
        ``domain`` on the recipient domain; ``reason`` keeps the addresses whose policy
        rule is exactly ``reason`` (``hard``, ``soft``, ``class-21`` ...) or whose reason
        text contains it; ``search`` keeps the addresses that contain it (any case).
        Raises :class:`StoreError` for a bad filter or page.
        """
        if state is not None and state not in State.__members__.values():
            raise StoreError(f"state must be 'active' or 'suppressed', not {state!r}")
        if not isinstance(limit, int) or not 1 <= limit <= MAX_LIMIT:
            raise StoreError(f"limit must be from 1 to {MAX_LIMIT}, not {limit!r}")
        if not isinstance(offset, int) or offset < 0:
            raise StoreError(f"offset must be 0 or more, not {offset!r}")
        for name, value in (("domain", domain), ("reason", reason), ("search", search)):
            if value is not None and (not isinstance(value, str) or "\x00" in value):
                raise StoreError(f"the {name} filter must be text without NUL characters, not {value!r}")
        a = addresses.c
        query = select(addresses)
        if state is not None:
            query = query.where(a.state == state)
        if domain:
            query = query.where(a.domain == domain.strip().lower())
        if reason:
            query = query.where(or_(a.rule == reason, a.reason.icontains(reason, autoescape=True)))
        if search and search.strip():
            query = query.where(a.address.icontains(search.strip(), autoescape=True))
        query = query.order_by(a.suppressed_at.desc().nulls_last(), a.address).limit(limit).offset(offset)
        return self._read(lambda c: [address_state(row) for row in c.execute(query)])

    def remove(self, address: str, *, reason: str | None = None) -> AddressState | None:
        """Take an address off the suppression list; the removal and its reason are recorded.

        Returns the new state (with history), the unchanged state when the address was
        not suppressed, or None when the store never saw it. Later records count afresh:
        soft bounces before the removal do not count towards a new suppression.
        """
        key = normalize_address(address)
        if reason is not None and not isinstance(reason, str):
            raise StoreError(f"a removal reason must be text, not {type(reason).__name__}")
        text = clean(reason.strip(), 1000) if reason and reason.strip() else None

        def work(connection: Connection) -> AddressState | None:
            a = addresses.c
            now = _now()
            changed = connection.execute(
                update(addresses)
                .where(a.address == key, a.state == str(State.SUPPRESSED))
                .values(
                    state=str(State.ACTIVE),
                    reason=text or "removed, no reason given",
                    rule=REMOVAL_RULE,
                    suppressed_at=None,
                    removed_at=now,
                )
                .returning(a.address)
            ).first()
            if changed is not None:
                connection.execute(
                    address_history.insert().values(
                        address=key, action=str(HistoryAction.REMOVED), at=now, reason=text, rule=REMOVAL_RULE
                    )
                )
            return self._load(connection, key)

        return self._write(work)

    def stats(self, *, since: datetime | None = None, by: str = "class") -> list[StatRow]:
        """Counts of records grouped ``by`` one of :data:`STAT_GROUPS`.

        ``since`` keeps records whose event happened at or after it (a naive datetime is
        UTC). ``class`` groups records without a class (deliveries, complaints) by event.
        Rows come by class code, by day, or most records first.
        """
        if by not in STAT_GROUPS:
            raise StoreError(f"stats can group by {', '.join(STAT_GROUPS)}, not {by!r}")
        r, a = records.c, addresses.c
        group = {
            "class": func.coalesce(cast(r["class"], String), r.event),
            "type": func.coalesce(r.type, r.event),
            "domain": func.coalesce(r.domain, "(none)"),
            "day": func.date(r.occurred_at),
            "sender": func.coalesce(r.sender, "(unknown)"),
            "event": r.event,
        }[by]
        query = (
            select(
                group.label("key"),
                func.count(r.id),
                func.count(distinct(r.address)),
                func.count(distinct(case((a.state == str(State.SUPPRESSED), r.address)))),
            )
            .select_from(records.outerjoin(addresses, a.address == r.address))
            .group_by(group)
        )
        if since is not None:
            query = query.where(r.occurred_at >= _since(since))
        rows = self._read(lambda c: c.execute(query).all())
        result = [StatRow(str(k), _label(by, str(k)), n, addrs, supp) for k, n, addrs, supp in rows]
        if by == "class":
            return sorted(result, key=lambda s: (not s.key.isdigit(), int(s.key) if s.key.isdigit() else 0))
        if by == "day":
            return sorted(result, key=lambda s: s.key)
        return sorted(result, key=lambda s: (-s.records, s.key))

    # -- API keys ---------------------------------------------------------------------

    def create_key(self, name: str) -> str:
        """Create an API key named ``name`` and return it; this is the only time it is shown.

        Only its SHA-256 hash is stored. A revoked key's name can be used again; an
        active one's cannot (:class:`ConflictError`).
        """
        if not isinstance(name, str) or not _KEY_NAME.fullmatch(name):
            raise StoreError(
                f"an API key name is 1-100 letters, digits, '.', '_' or '-', starting with a letter "
                f"or digit, not {name!r}"
            )
        token = _KEY_PREFIX + secrets.token_urlsafe(32)
        digest = hashlib.sha256(token.encode()).hexdigest()

        def work(connection: Connection) -> None:
            k = api_keys.c
            existing = connection.execute(select(k.revoked_at).where(k.name == name)).first()
            values = {"prefix": token[:10], "hash": digest, "created_at": _now(), "revoked_at": None}
            if existing is None:
                connection.execute(api_keys.insert().values(name=name, **values))
            elif existing.revoked_at is None:
                raise ConflictError(f"an API key named {name!r} exists already; revoke it first")
            else:
                connection.execute(update(api_keys).where(k.name == name).values(**values))

        try:
            self._write(work)
        except DatabaseError as exc:
            if isinstance(exc.__cause__, IntegrityError):
                raise ConflictError(f"an API key named {name!r} exists already") from None
            raise
        return token

    def list_keys(self) -> list[ApiKey]:
        """Every API key, active and revoked, by name (never the keys themselves)."""
        k = api_keys.c
        query = select(k.name, k.prefix, k.created_at, k.revoked_at).order_by(k.name)
        return self._read(lambda c: [ApiKey(*row) for row in c.execute(query)])

    def revoke_key(self, name: str) -> bool:
        """Revoke the key named ``name``; False when there is no active key of that name."""
        k = api_keys.c
        return self._write(
            lambda c: c.execute(
                update(api_keys).where(k.name == name, k.revoked_at.is_(None)).values(revoked_at=_now())
            ).rowcount
            > 0
        )

    def verify_key(self, token: str) -> str | None:
        """The name of the active key ``token`` is, or None (also for any malformed token)."""
        if not isinstance(token, str) or not 10 <= len(token) <= 200:
            return None
        digest = hashlib.sha256(token.encode("utf-8", "replace")).hexdigest()
        k = api_keys.c
        query = select(k.name, k.hash).where(k.hash == digest, k.revoked_at.is_(None))
        row = self._read(lambda c: c.execute(query).first())
        if row is None or not hmac.compare_digest(row.hash, digest):
            return None
        return row.name

    # -- webhook secrets --------------------------------------------------------------

    def set_webhook_secret(self, esp: str, secret: str) -> WebhookSecret:
        """Set (or replace) the secret the webhook endpoint of ``esp`` checks requests with."""
        if not isinstance(esp, str) or not _ESP_NAME.fullmatch(esp):
            raise StoreError(f"an ESP name is 1-32 lower-case letters, digits or '_', not {esp!r}")
        if not isinstance(secret, str) or not secret.strip() or len(secret) > MAX_SECRET or "\x00" in secret:
            raise StoreError(f"a webhook secret is 1-{MAX_SECRET} characters of text")
        secret = secret.strip()
        now = _now()
        insert = postgresql.insert if self.dialect == "postgresql" else sqlite.insert
        statement = insert(webhook_secrets).values(esp=esp, secret=secret, updated_at=now)
        statement = statement.on_conflict_do_update(
            index_elements=["esp"], set_={"secret": secret, "updated_at": now}
        )
        self._write(lambda c: c.execute(statement))
        return WebhookSecret(esp, _hint(secret), now)

    def webhook_secret(self, esp: str) -> str | None:
        """The secret of ``esp``'s webhook endpoint, or None when none is set."""
        query = select(webhook_secrets.c.secret).where(webhook_secrets.c.esp == esp)
        return self._read(lambda c: c.execute(query).scalar_one_or_none())

    def webhook_secrets(self) -> list[WebhookSecret]:
        """Every ESP with a webhook secret, by name (only a hint of each secret)."""
        w = webhook_secrets.c
        query = select(w.esp, w.secret, w.updated_at).order_by(w.esp)
        return self._read(lambda c: [WebhookSecret(e, _hint(s), t) for e, s, t in c.execute(query)])

    def remove_webhook_secret(self, esp: str) -> bool:
        """Forget ``esp``'s secret (its endpoint then refuses every request); False if none was set."""
        statement = webhook_secrets.delete().where(webhook_secrets.c.esp == esp)
        return self._write(lambda c: c.execute(statement).rowcount > 0)


def _hint(secret: str) -> str:
    """Enough of a secret to recognise it, not enough to use it."""
    return secret[:4] + "..." if len(secret) > 12 else "..."



def _since(value: object) -> datetime:
    """A ``since`` bound as an aware datetime; a date means its midnight, UTC."""
    if isinstance(value, datetime):
        try:
            return as_utc(value)
        except OverflowError:  # e.g. 9999-12-31T23:59:59-12:00 is in year 10000 in UTC
            raise StoreError(f"since is out of range: {value.isoformat()}") from None
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day, tzinfo=UTC)
    raise StoreError(f"since must be a date or a datetime, not {type(value).__name__}")


def _label(by: str, key: str) -> str | None:
    if by == "class" and key.isdigit():
        try:
            return BounceClass(int(key)).label
        except ValueError:
            return None
    return None
