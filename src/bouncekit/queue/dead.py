"""The dead-letter queue: list what is in it, retry it, drop it.

Two kinds of messages end there. A worker's dead letters (a message or webhook body
that cannot be read, or that failed ``max_attempts`` times) carry the raw bytes and
why. RabbitMQ's (a task delivered :data:`~bouncekit.queue.app.REDELIVERY_LIMIT` times
without being acknowledged, or rejected because no worker could read it) are whole
tasks, with the reason in RabbitMQ's ``x-death`` header.

Listing takes the messages without acknowledging them and gives them back when done,
so it changes nothing (RabbitMQ marks them redelivered). Retrying puts a message back
on the work queue as a new task (attempts counted afresh) and only then removes it from
the dead letters; dropping removes it for good. An entry is named by its ``id``: the
message hash for a worker's dead letter (the body hash for a webhook body, see
:attr:`~bouncekit.queue.wire.QueuedWebhook.hash`), the task id for a task, else a hash
of the AMQP body; any unique prefix of 8 characters or more names it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

from bouncekit.errors import BounceError
from bouncekit.queue.producer import Producer
from bouncekit.queue.settings import QueueError, QueueSettings
from bouncekit.queue.wire import (
    TASK_NAME,
    WEBHOOK_TASK_NAME,
    DeadLetter,
    Parcel,
    PayloadError,
    QueuedMessage,
    QueuedWebhook,
    WebhookParcel,
)

#: Most dead letters one call looks at.
MAX_LIST = 100_000
#: Shortest id prefix accepted to name an entry.
MIN_ID_PREFIX = 8


class DeadKind(StrEnum):
    """Where a dead-letter queue entry came from."""

    #: A worker gave up on one message (unreadable, or failed too often).
    MESSAGE = "message"
    #: A worker gave up on one webhook body (unreadable, or failed too often).
    WEBHOOK = "webhook"
    #: RabbitMQ dead-lettered a whole task (redelivery limit, or rejected).
    TASK = "task"
    #: Something no worker can read: it can only be dropped.
    UNREADABLE = "unreadable"


@dataclass(frozen=True, slots=True)
class DeadEntry:
    """One message of the dead-letter queue."""

    id: str
    kind: DeadKind
    #: The messages inside (one for MESSAGE, the task's for TASK, none for UNREADABLE
    #: and for a webhook body).
    messages: tuple[QueuedMessage, ...]
    received_at: datetime | None
    error: str
    attempts: int
    failed_at: datetime | None
    size: int
    #: The webhook body inside (WEBHOOK, or a TASK of ``bouncekit.webhook``).
    webhook: QueuedWebhook | None = None

    @property
    def sources(self) -> tuple[str, ...]:
        if self.webhook is not None:
            return (self.webhook.source,)
        return tuple(m.source for m in self.messages)

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "kind": str(self.kind),
            "sources": list(self.sources),
            "message_hashes": [m.hash for m in self.messages],
            "esp": self.webhook.esp if self.webhook is not None else None,
            "received_at": self.received_at.isoformat() if self.received_at else None,
            "error": self.error,
            "attempts": self.attempts,
            "failed_at": self.failed_at.isoformat() if self.failed_at else None,
            "size": self.size,
        }


@dataclass(frozen=True, slots=True)
class DeadAction:
    """What a retry or a drop did: the entries it touched, and those it could not."""

    done: tuple[DeadEntry, ...]
    refused: tuple[tuple[DeadEntry, str], ...] = ()
    #: Requested ids that matched nothing.
    unknown: tuple[str, ...] = ()


class DeadLetters:
    """The dead-letter queue of one deployment."""

    def __init__(self, producer: Producer) -> None:
        self.producer = producer
        self.settings: QueueSettings = producer.settings

    def list(self, *, limit: int = MAX_LIST) -> list[DeadEntry]:
        """The entries, oldest first, at most ``limit``; the queue is left as it was.

        Dead letters are published at least once: a worker killed after dead-lettering a
        message but before acknowledging its task dead-letters it again when the task is
        redelivered. Such copies (same id, sources and error) are listed once; ``retry``
        and ``drop`` act on every copy.
        """
        with self._held(limit) as held:
            copies = {(e.id, e.sources, e.error): e for e, _ in reversed(held)}
            return list(copies.values())[::-1]

    def retry(self, ids: Sequence[str] | None) -> DeadAction:
        """Put the entries named by ``ids`` (None: all) back on the work queue."""

        def requeue(entry: DeadEntry) -> str | None:
            if entry.kind is DeadKind.UNREADABLE:
                return f"it cannot be retried ({entry.error}); drop it"
            when = entry.received_at or datetime.now(UTC)
            if entry.webhook is not None:
                self.producer.publish_webhook(WebhookParcel(entry.webhook, when))
            else:
                self.producer.publish_parcel(Parcel(entry.messages, when))
            return None

        return self._act(ids, requeue)

    def drop(self, ids: Sequence[str] | None) -> DeadAction:
        """Remove the entries named by ``ids`` (None: all) for good."""
        return self._act(ids, lambda entry: None)

    def _act(self, ids: Sequence[str] | None, work: Callable[[DeadEntry], str | None]) -> DeadAction:
        wanted = None if ids is None else [_check_id(i) for i in ids]
        done: list[DeadEntry] = []
        refused: list[tuple[DeadEntry, str]] = []
        matched: set[str] = set()
        with self._held(MAX_LIST) as held:
            if wanted is not None:
                _check_unique(wanted, [entry for entry, _ in held])
            for entry, message in held:
                hits = [w for w in wanted if entry.id.startswith(w)] if wanted is not None else ["*"]
                if not hits:
                    continue
                matched.update(hits)
                problem = work(entry)
                if problem:
                    refused.append((entry, problem))
                    continue
                message.ack()
                done.append(entry)
        unknown = tuple(w for w in (wanted or []) if w not in matched)
        return DeadAction(tuple(done), tuple(refused), unknown)

    @contextmanager
    def _held(self, limit: int) -> Iterator[list[tuple[DeadEntry, Any]]]:
        """Take up to ``limit`` dead letters without acknowledging them; closing the
        channel gives back the ones not acknowledged meanwhile."""
        self.producer.declare()
        app = self.producer.app
        try:
            connection = app.connection_for_write()
            connection.ensure_connection(max_retries=1)
        except Exception as exc:
            raise QueueError(f"cannot use the queue at {self.settings.safe_broker_url}: {exc}") from None
        channel = None
        try:
            channel = connection.channel()
            queue = _bound_dead_queue(self.settings, channel)
            held: list[tuple[DeadEntry, Any]] = []
            while len(held) < limit:
                message = queue.get(no_ack=False, accept=["msgpack"])
                if message is None:
                    break
                held.append((read_entry(message.body, dict(message.headers or {}),
                                        message.content_type, message.decode), message))
            yield held
        finally:
            # Closing the channel gives the unacknowledged letters back now: a pooled
            # connection, only released, would hold them until the process ends.
            if channel is not None:
                with suppress(Exception):
                    channel.close()
            connection.release()


def _bound_dead_queue(settings: QueueSettings, channel: Any) -> Any:
    from bouncekit.queue.app import dead_queue

    return dead_queue(settings)(channel)


def read_entry(body: bytes, headers: dict[str, Any], content_type: str | None,
               decode: Callable[[], Any]) -> DeadEntry:
    """A dead-letter queue message as an entry (never raises: what cannot be read is
    an UNREADABLE entry)."""
    if isinstance(body, str):  # py-amqp gives an empty body as ''
        body = body.encode("utf-8", "surrogateescape")
    size = len(body)
    fallback_id = hashlib.sha256(body).hexdigest()
    try:
        letter = DeadLetter.from_amqp(body, headers)
    except PayloadError:
        pass
    else:
        if isinstance(letter.message, QueuedWebhook):
            return DeadEntry(letter.message.hash, DeadKind.WEBHOOK, (), letter.received_at, letter.error,
                             letter.attempts, letter.failed_at, size, letter.message)
        return DeadEntry(letter.message.hash, DeadKind.MESSAGE, (letter.message,), letter.received_at,
                         letter.error, letter.attempts, letter.failed_at, size)
    why, failed_at = _x_death(headers)
    task_id = headers.get("id") if isinstance(headers.get("id"), str) else None
    task = headers.get("task")
    if task not in (TASK_NAME, WEBHOOK_TASK_NAME):
        return DeadEntry(task_id or fallback_id, DeadKind.UNREADABLE, (), None,
                         f"not a {TASK_NAME} or {WEBHOOK_TASK_NAME} task ({why})", 0, failed_at, size)
    try:
        args, _kwargs, _embed = decode()
        if task == WEBHOOK_TASK_NAME:
            hook = WebhookParcel.from_args(args)
            return DeadEntry(task_id or fallback_id, DeadKind.TASK, (), hook.received_at, why, hook.attempt,
                             failed_at, size, hook.webhook)
        parcel = Parcel.from_args(args)
    except (BounceError, ValueError, TypeError, LookupError) as exc:
        return DeadEntry(task_id or fallback_id, DeadKind.UNREADABLE, (), None,
                         f"its payload cannot be read ({exc}; {why})", 0, failed_at, size)
    except Exception as exc:  # a serializer's own error classes: still only an unreadable entry
        return DeadEntry(task_id or fallback_id, DeadKind.UNREADABLE, (), None,
                         f"its payload cannot be decoded ({type(exc).__name__}; {why})", 0, failed_at, size)
    return DeadEntry(task_id or fallback_id, DeadKind.TASK, parcel.messages, parcel.received_at, why,
                     parcel.attempt, failed_at, size)


def _x_death(headers: dict[str, Any]) -> tuple[str, datetime | None]:
    """RabbitMQ's reason and time from ``x-death``."""
    deaths = headers.get("x-death")
    if not isinstance(deaths, list) or not deaths or not isinstance(deaths[0], dict):
        return "dead-lettered by RabbitMQ", None
    death = deaths[0]
    reason = str(death.get("reason", "unknown"))
    when = death.get("time")
    failed_at = when.replace(tzinfo=UTC) if isinstance(when, datetime) and when.tzinfo is None else when
    text = {
        "delivery_limit": "delivered too many times without being acknowledged (each worker that took "
                          "it died or lost its connection)",
        "rejected": "rejected by a worker that could not read it",
        "expired": "expired in the queue",
        "maxlen": "the queue was full",
    }.get(reason, f"dead-lettered by RabbitMQ: {reason}")
    return text, failed_at if isinstance(failed_at, datetime) else None


def _check_id(value: str) -> str:
    text = value.strip().lower()
    if len(text) < MIN_ID_PREFIX or not all(c.isalnum() or c == "-" for c in text):
        raise QueueError(f"{value!r} is no dead-letter id: give {MIN_ID_PREFIX} or more of its characters")
    return text


def _check_unique(wanted: Sequence[str], entries: Sequence[DeadEntry]) -> None:
    for prefix in wanted:
        ids = {e.id for e in entries if e.id.startswith(prefix)}
        if len(ids) > 1:
            raise QueueError(f"{prefix!r} names {len(ids)} dead letters; give more of the id")
