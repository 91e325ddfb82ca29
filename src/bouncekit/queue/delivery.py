"""What a worker does with a task: store its messages, exactly once in effect.

:class:`Worker.handle` takes one :class:`~bouncekit.queue.wire.Parcel` and:

1. stores its messages through the store's ingest path in one transaction
   (:meth:`bouncekit.store.Store.ingest_batch`), or one transaction per message when
   the task was delivered before (its worker may have died on one of them) or when the
   whole parcel failed (so one bad message costs only itself);
2. when the database is down (it does not answer a ping after a failure), waits in
   place and tries again, with exponential backoff from :data:`FIRST_BACKOFF` to
   :data:`MAX_BACKOFF` seconds, for up to ``database_wait`` seconds. Meanwhile the
   worker takes no new task, so the queue holds the backlog rather than the worker's
   memory. A wait that runs out counts as one failed attempt for each message left;
3. sends a message that cannot be read (the parser refuses it) to the dead-letter
   queue at once: reading it again would fail again;
4. puts any other failed message back on the queue as a new task with its attempt
   count raised, behind the work already waiting, so a poison message never holds up
   the others; after ``max_attempts`` failed attempts it is dead-lettered instead.

:meth:`Worker.handle_webhook` does the same for one webhook request body: it reads the
body's events (:func:`bouncekit.webhooks.parse_events`; a body that cannot be read is
dead-lettered at once) and stores those with records in one transaction, each event
keyed as ``POST /v1/webhooks/{esp}`` keys it; waiting for the database, retries and
dead letters are as for messages, the body being the unit.

A redelivered task changes nothing in the store: every message is recognised by its
hash (every webhook event by its key) and counted as a duplicate. The task's message is
acknowledged only when :meth:`Worker.handle` returns, after its retries and dead
letters were confirmed by the broker.
"""

from __future__ import annotations

import dataclasses
import logging
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Protocol, TypeVar

from bouncekit.errors import BounceError
from bouncekit.metrics import Metrics
from bouncekit.queue.settings import QueueSettings
from bouncekit.queue.wire import DeadLetter, Parcel, QueuedMessage, QueuedWebhook, WebhookParcel
from bouncekit.store import Incoming, IngestFailure, IngestResult, Store

T = TypeVar("T")
#: What one task carries: messages, or a webhook body.
Item = QueuedMessage | QueuedWebhook

_log = logging.getLogger(__name__)

#: First pause, in seconds, before trying a database that does not answer again.
FIRST_BACKOFF = 0.5
#: Longest pause between two tries of a database that does not answer.
MAX_BACKOFF = 30.0


class Publisher(Protocol):
    """Where a worker sends what it does not store now (see :mod:`bouncekit.queue.producer`)."""

    def publish_parcel(self, parcel: Parcel) -> None: ...
    def publish_webhook(self, parcel: WebhookParcel) -> None: ...
    def publish_dead_letter(self, letter: DeadLetter) -> None: ...


@dataclass(frozen=True, slots=True)
class Handled:
    """What one task came to."""

    stored: tuple[IngestResult, ...] = ()
    duplicates: int = 0
    #: Messages (or the webhook body) put back on the queue for another attempt, with why.
    retried: tuple[tuple[Item, str], ...] = ()
    #: Messages (or the webhook body) sent to the dead-letter queue, with why.
    dead: tuple[tuple[Item, str], ...] = ()
    #: True when the database was down at some point of the task.
    waited_for_database: bool = False


class _MessageFault(Exception):
    """Storing failed while the database answers: something about these messages."""


class _DatabaseDown(Exception):
    """The database did not come back within the wait."""


@dataclass(slots=True)
class _Tally:
    stored: list[IngestResult] = field(default_factory=list)
    duplicates: int = 0
    unreadable: list[tuple[Item, str]] = field(default_factory=list)
    failed: list[tuple[Item, str]] = field(default_factory=list)
    waited: bool = False


class Worker:
    """The work of one worker process: a store, a way back to the broker, counters."""

    def __init__(
        self,
        store: Store,
        publisher: Publisher,
        settings: QueueSettings,
        metrics: Metrics | None = None,
        *,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.store = store
        self.publisher = publisher
        self.settings = settings
        self.metrics = metrics or Metrics()
        self._sleep = sleep
        self._clock = clock

    def handle(self, parcel: Parcel, *, redelivered: bool = False) -> Handled:
        """Store the parcel's messages; retry or dead-letter those that failed."""
        tally = _Tally()
        groups: list[Sequence[QueuedMessage]]
        if redelivered or len(parcel.messages) == 1:
            groups = [(m,) for m in parcel.messages]
        else:
            groups = [parcel.messages]
        while groups:
            group = groups.pop(0)
            try:
                outcomes = self._store(group, parcel.received_at, tally,
                                       screen=redelivered or len(parcel.messages) > 1)
            except _MessageFault as fault:
                if len(group) > 1:
                    groups[:0] = [(m,) for m in group]  # one transaction each: isolate the bad one
                else:
                    tally.failed.append((group[0], str(fault)))
                    self.metrics.failed("error")
                continue
            except _DatabaseDown as down:
                for message in [m for g in (group, *groups) for m in g]:
                    tally.failed.append((message, str(down)))
                break
            for message, outcome in zip(group, outcomes, strict=True):
                if isinstance(outcome, IngestFailure):
                    tally.unreadable.append((message, outcome.error))
                elif outcome.duplicate:
                    tally.duplicates += 1
                    self.metrics.ingested(True, ())
                else:
                    tally.stored.append(outcome)
                    self.metrics.ingested(False, outcome.records)

        def requeue(items: list[Item], attempts: int) -> None:
            messages = tuple(m for m in items if isinstance(m, QueuedMessage))
            self.publisher.publish_parcel(Parcel(messages, parcel.received_at, attempts))

        return self._settle(parcel.received_at, parcel.attempt, tally, requeue)

    def handle_webhook(self, parcel: WebhookParcel) -> Handled:
        """Read the webhook body's events and store them; retry or dead-letter the body."""
        hook = parcel.webhook
        tally = _Tally()
        incoming = self._read_webhook(parcel, tally)
        if incoming:
            try:
                results = self._attempt(lambda: self.store.ingest_reports(incoming, atomic=True), tally)
            except _MessageFault as fault:
                tally.failed.append((hook, str(fault)))
                self.metrics.failed("error")
            except _DatabaseDown as down:
                tally.failed.append((hook, str(down)))
            else:
                for result in results:
                    if isinstance(result, IngestResult) and result.duplicate:
                        tally.duplicates += 1
                        self.metrics.ingested(True, ())
                    elif isinstance(result, IngestResult):
                        tally.stored.append(result)
                        self.metrics.ingested(False, result.records)
        return self._settle(parcel.received_at, parcel.attempt, tally,
                            lambda items, attempts: self.publisher.publish_webhook(
                                WebhookParcel(hook, parcel.received_at, attempts)))

    def _read_webhook(self, parcel: WebhookParcel, tally: _Tally) -> list[Incoming]:
        """The body's events with records, as the store takes them (received when the
        producer received the body); none, and the body noted unreadable, when it cannot
        be read."""
        from bouncekit.webhooks import parse_events

        hook = parcel.webhook
        try:
            payload = parse_events(hook.esp, hook.data, content_type=hook.content_type,
                                   rules=self.store.rules)
        except BounceError as exc:  # an unknown ESP, a body that is not what the ESP sends
            tally.unreadable.append((hook, str(exc)))
            return []
        if payload.subscribe_url is not None:
            why = (f"{hook.esp}: a subscription confirmation, which a worker does not confirm; "
                   "post it without async=true")
            tally.unreadable.append((hook, why))
            return []
        return [dataclasses.replace(e.incoming(), received_at=parcel.received_at)
                for e in payload.events if e.records]

    def _store(
        self, group: Sequence[QueuedMessage], received_at: datetime, tally: _Tally, *, screen: bool = True
    ) -> list[IngestResult | IngestFailure]:
        """One transaction for ``group``, waiting for the database while it is down.

        ``screen`` False: a first delivery of one message, which is seldom a copy, is
        parsed without looking its hash up first (see :meth:`Store.ingest_batch`).
        """
        items = [(m.data, m.source) for m in group]
        paths = [m.return_path for m in group] if any(m.return_path for m in group) else None
        return self._attempt(lambda: self.store.ingest_batch(
            items, received_at=received_at, return_paths=paths, screen=screen), tally)

    def _attempt(self, work: Callable[[], T], tally: _Tally) -> T:
        """``work`` (one transaction), waiting for the database while it is down.

        Raises :class:`_MessageFault` when it fails while the database answers, and
        :class:`_DatabaseDown` when the database did not come back within the wait.
        """
        deadline = self._clock() + self.settings.database_wait
        pause = FIRST_BACKOFF
        while True:
            try:
                return work()
            except Exception as exc:  # sorted below: the database's trouble, or the messages'
                problem = _describe(exc)
                if self._database_answers():
                    raise _MessageFault(f"cannot store the message ({problem})") from exc
                left = deadline - self._clock()
                if left <= 0:
                    raise _DatabaseDown(
                        f"the database did not answer for {self.settings.database_wait:g} s ({problem})"
                    ) from exc
                if not tally.waited:
                    _log.warning("the database does not answer (%s); waiting for it", problem)
                    tally.waited = True
                self._sleep(min(pause, left))
                pause = min(pause * 2, MAX_BACKOFF)

    def _database_answers(self) -> bool:
        try:
            self.store.ping()
        except Exception:  # any failure to answer a trivial query means "down"
            return False
        return True

    def _settle(
        self,
        received_at: datetime,
        attempt: int,
        tally: _Tally,
        requeue: Callable[[list[Item], int], None],
    ) -> Handled:
        """Dead-letter the unreadable and the exhausted; put the rest back on the queue
        (``requeue(items, attempts)``, as one task)."""
        now = datetime.now(UTC)
        dead = list(tally.unreadable)
        retried: list[tuple[Item, str]] = []
        attempts = attempt + 1
        if tally.failed and attempts >= self.settings.max_attempts:
            dead += [(m, f"{why} (attempt {attempts} of {self.settings.max_attempts})")
                     for m, why in tally.failed]
        elif tally.failed:
            retried = list(tally.failed)
            requeue([m for m, _ in retried], attempts)
            for message, why in retried:
                _log.warning("%s: attempt %d failed, queued again: %s", message.source, attempts, why)
        for message, why in dead:
            tries = 1 if any(message is m for m, _ in tally.unreadable) else attempts
            self.publisher.publish_dead_letter(DeadLetter(message, received_at, why, tries, now))
            _log.error("%s: sent to the dead-letter queue: %s", message.source, why)
        self.metrics.failed("database", int(tally.waited))
        self.metrics.failed("unreadable", len(tally.unreadable))
        self.metrics.failed("retried", len(retried))
        self.metrics.failed("dead_lettered", len(dead))
        return Handled(tuple(tally.stored), tally.duplicates, tuple(retried), tuple(dead), tally.waited)


def _describe(exc: BaseException) -> str:
    text = str(exc).strip()
    first = text.splitlines()[0] if text else ""
    return f"{type(exc).__name__}: {first}" if first else type(exc).__name__
