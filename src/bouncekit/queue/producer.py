"""Putting messages on the queue: what every producer calls instead of ingesting.

:class:`Producer` is the one way in. ``bouncekit ingest --enqueue``, ``fetch --enqueue``,
``smtpd --enqueue``, ``POST /v1/messages?async=true`` and ``POST
/v1/webhooks/{esp}?async=true`` use it, and so can any receiver::

    producer = Producer()                               # settings from the environment
    queued = producer.enqueue(raw, source="smtp:192.0.2.1")
    queued.message_hash                                 # the message's identity in the store
    producer.enqueue_webhook("sparkpost", body, content_type="application/json")
    producer.close()

A receiver that read the message's envelope passes what it says as ``return_path``
(:class:`~bouncekit.store.ReturnPath`); the worker applies it as the receiver would
have. A webhook body is queued only once its signature was verified: the worker reads
and stores its events.

A message is on the broker's disk when :meth:`Producer.enqueue` returns (the broker
confirmed the publish), so a receiver may acknowledge its sender then. Messages that
threads enqueue while another publish waits for its confirm go together as one task
(as a database's group commit does): a lone message is published at once, and under
load the broker and the workers handle tasks of many messages instead of one each. A message
larger than ``max_message`` bytes is refused with :class:`MessageTooLargeError`
(RabbitMQ itself would close the channel); such a message can still be ingested
without the queue (``bouncekit ingest`` without ``--enqueue``).
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from bouncekit.errors import MessageTooLargeError, StoreError
from bouncekit.policy import as_utc
from bouncekit.queue.app import CONFIRM_TIMEOUT
from bouncekit.queue.settings import QueueError, QueueSettings
from bouncekit.queue.wire import (
    MAX_CONTENT_TYPE,
    MAX_PARCEL_BYTES,
    MAX_PARCEL_MESSAGES,
    MAX_SOURCE,
    TASK_NAME,
    WEBHOOK_TASK_NAME,
    DeadLetter,
    Parcel,
    QueuedMessage,
    QueuedWebhook,
    WebhookParcel,
)
from bouncekit.store.group import GroupCommit
from bouncekit.store.results import ReturnPath

if TYPE_CHECKING:
    from celery import Celery

    from bouncekit.store.core import RawInput


@dataclass(frozen=True, slots=True)
class Queued:
    """A message on the queue: a worker will store it."""

    message_hash: str
    source: str
    size: int

    def to_dict(self) -> dict[str, Any]:
        return {"message_hash": self.message_hash, "source": self.source, "size": self.size}


@dataclass(frozen=True, slots=True)
class QueuedBody:
    """A webhook request body on the queue: a worker will read and store its events."""

    esp: str
    body_hash: str
    source: str
    size: int

    def to_dict(self) -> dict[str, Any]:
        return {"esp": self.esp, "body_hash": self.body_hash, "source": self.source, "size": self.size}


@dataclass(frozen=True, slots=True)
class NotQueued:
    """A message of a batch that was not put on the queue, and why (the batch went on)."""

    source: str
    error: str

    def to_dict(self) -> dict[str, Any]:
        return {"source": self.source, "error": self.error}


class Producer:
    """Publishes messages as ``bouncekit.ingest`` tasks; safe to share between threads."""

    def __init__(self, settings: QueueSettings | None = None, *, app: Celery | None = None) -> None:
        from bouncekit.queue.app import create_app

        self.settings = settings or QueueSettings.from_env()
        self.app = app or create_app(self.settings)
        self._declared = False
        self._lock = threading.Lock()
        self._together: GroupCommit[tuple[QueuedMessage, datetime], None] = GroupCommit(
            self._publish_together, redo_alone=False
        )

    def enqueue(
        self,
        data: bytes,
        *,
        source: str,
        received_at: datetime | None = None,
        return_path: ReturnPath | None = None,
    ) -> Queued:
        """Put one message on the queue; returns once the broker has it.

        Messages enqueued by other threads while a publish is in flight share the next
        task (up to the task limits); they share its received time too, the earliest
        of theirs, unless ``received_at`` is given, which publishes the message alone.
        ``return_path`` is what the message's envelope said (``bouncekit smtpd`` reads
        VERP recipients: :func:`bouncekit.receive.inbound.return_path`); the worker
        applies it to the message's records. Raises :class:`MessageTooLargeError` above
        ``settings.max_message`` bytes, :class:`QueueError` when the broker cannot be
        reached (for every message of the task that could not be published; one
        published before it in the same group may then be on the queue twice, which
        the workers' hash idempotency absorbs), and
        :class:`~bouncekit.errors.StoreError` for a value that is not a message.
        """
        message = self._message(data, source, return_path)
        if received_at is not None:
            self.publish_parcel(Parcel((message,), as_utc(received_at)))
        else:
            self._together([(message, datetime.now(UTC))])
        return Queued(message.hash, message.source, len(message.data))

    def _publish_together(self, items: list[tuple[QueuedMessage, datetime]]) -> list[None]:
        """Publish concurrent :meth:`enqueue` calls' messages as few tasks as the limits allow."""
        parcel: list[QueuedMessage] = []
        size = 0
        earliest = items[0][1]
        for message, when in items:
            if parcel and (len(parcel) >= MAX_PARCEL_MESSAGES or size + len(message.data) > MAX_PARCEL_BYTES):
                self.publish_parcel(Parcel(tuple(parcel), earliest))
                parcel, size, earliest = [], 0, when
            parcel.append(message)
            size += len(message.data)
            earliest = min(earliest, when)
        self.publish_parcel(Parcel(tuple(parcel), earliest))
        return [None] * len(items)

    def enqueue_webhook(
        self,
        esp: str,
        body: bytes,
        *,
        content_type: str | None = None,
        source: str | None = None,
        received_at: datetime | None = None,
    ) -> QueuedBody:
        """Put one verified webhook request body of ``esp`` on the queue; returns once the broker has it.

        Check its signature first (:func:`bouncekit.webhooks.verify`): the worker reads
        and stores its events (:func:`bouncekit.webhooks.parse_events`) without checking
        it again, each event once (by its key, as ``POST /v1/webhooks/{esp}`` stores
        them). A body that cannot be read goes to the dead-letter queue. Raises as
        :meth:`enqueue` does.
        """
        if not isinstance(esp, str) or not esp:
            raise StoreError(f"the ESP of a webhook body must be a name, not {esp!r}")
        source = source or f"webhook:{esp}"
        message = self._message(body, source, what="webhook body", instead="post it without async=true")
        if content_type is not None and not isinstance(content_type, str):
            raise StoreError(f"{source}: a content type must be a str, not {type(content_type).__name__}")
        hook = QueuedWebhook(esp, message.data, content_type[:MAX_CONTENT_TYPE] if content_type else None,
                             message.source)
        self.publish_webhook(WebhookParcel(hook, as_utc(received_at or datetime.now(UTC))))
        return QueuedBody(esp, hook.hash, hook.source, len(hook.data))

    def enqueue_many(
        self,
        inputs: Iterable[RawInput],
        *,
        received_at: datetime | None = None,
        parcel_messages: int = MAX_PARCEL_MESSAGES,
        parcel_bytes: int = MAX_PARCEL_BYTES,
    ) -> Iterator[Queued | NotQueued]:
        """Put many messages (e.g. :func:`bouncekit.sources.iter_messages`) on the queue, in order.

        Messages are packed into tasks of up to ``parcel_messages`` messages and
        ``parcel_bytes`` bytes (a larger message travels alone); a worker stores each
        task's messages in one transaction. Yields, in input order, :class:`Queued` for
        each message once its task is confirmed, or :class:`NotQueued` for one that
        could not be read or is too large. A broker that cannot be reached raises
        :class:`QueueError`; the messages yielded before it are on the queue.
        """
        when = as_utc(received_at or datetime.now(UTC))
        pending: list[QueuedMessage] = []
        size = 0
        for item in inputs:
            if item.error:
                yield from self._flush(pending, when)
                pending, size = [], 0
                yield NotQueued(item.source, f"{item.where}: {item.error}")
                continue
            try:
                message = self._message(item.data, item.source)
            except MessageTooLargeError as exc:
                yield from self._flush(pending, when)
                pending, size = [], 0
                yield NotQueued(item.source, f"{item.where}: {exc}")
                continue
            if pending and (len(pending) >= parcel_messages or size + len(message.data) > parcel_bytes):
                yield from self._flush(pending, when)
                pending, size = [], 0
            pending.append(message)
            size += len(message.data)
        yield from self._flush(pending, when)

    def _flush(self, pending: list[QueuedMessage], when: datetime) -> Iterator[Queued]:
        if not pending:
            return
        self.publish_parcel(Parcel(tuple(pending), when))
        for message in pending:
            yield Queued(message.hash, message.source, len(message.data))

    def _message(
        self,
        data: bytes,
        source: str,
        return_path: ReturnPath | None = None,
        *,
        what: str = "message",
        instead: str = "ingest it without the queue",
    ) -> QueuedMessage:
        if not isinstance(source, str):
            raise StoreError(f"the source of a {what} must be a str, not {type(source).__name__}")
        if not isinstance(data, bytes | bytearray | memoryview):
            raise StoreError(f"{source}: a raw {what} must be bytes, not {type(data).__name__}")
        if return_path is not None and not isinstance(return_path, ReturnPath):
            kind = type(return_path).__name__
            raise StoreError(f"{source}: a return path must be a ReturnPath, not {kind}")
        if len(data) > self.settings.max_message:
            raise MessageTooLargeError(
                f"the {what} is {len(data)} bytes, over the queue's limit of {self.settings.max_message} "
                f"bytes; {instead}"
            )
        return QueuedMessage(bytes(data), source[:MAX_SOURCE], return_path or None)

    # -- publishing (shared with the workers) ------------------------------------------

    def declare(self) -> None:
        """Declare the work and dead-letter queues (idempotent; done before the first publish)."""
        from bouncekit.queue.app import dead_queue, main_queue

        if self._declared:
            return
        with self._lock:
            if self._declared:
                return
            try:
                with self.app.connection_for_write() as connection:
                    channel = connection.default_channel
                    dead_queue(self.settings)(channel).declare()
                    main_queue(self.settings)(channel).declare()
            except Exception as exc:
                raise self._broker_error(exc) from exc
            self._declared = True

    def publish_parcel(self, parcel: Parcel) -> None:
        """Send one task; returns once the broker confirmed it."""
        self.declare()
        try:
            self.app.send_task(TASK_NAME, args=parcel.to_args(), queue=self.settings.queue,
                               routing_key=self.settings.queue, exchange=self.settings.queue,
                               confirm_timeout=CONFIRM_TIMEOUT)
        except Exception as exc:
            raise self._broker_error(exc) from exc

    def publish_webhook(self, parcel: WebhookParcel) -> None:
        """Send one webhook task; returns once the broker confirmed it."""
        self.declare()
        try:
            self.app.send_task(WEBHOOK_TASK_NAME, args=parcel.to_args(), queue=self.settings.queue,
                               routing_key=self.settings.queue, exchange=self.settings.queue,
                               confirm_timeout=CONFIRM_TIMEOUT)
        except Exception as exc:
            raise self._broker_error(exc) from exc

    def publish_dead_letter(self, letter: DeadLetter) -> None:
        """Put one message on the dead-letter queue; returns once the broker confirmed it."""
        self.declare()
        try:
            with self.app.producer_or_acquire() as producer:
                producer.publish(
                    letter.message.data,
                    exchange=self.settings.dead_queue,
                    routing_key=self.settings.dead_queue,
                    headers=letter.headers(),
                    content_type=letter.content_type,
                    content_encoding="binary",
                    delivery_mode=2,
                    message_id=letter.message.hash,
                    retry=True,
                    retry_policy=self.app.conf.task_publish_retry_policy,
                    confirm_timeout=CONFIRM_TIMEOUT,
                )
        except Exception as exc:
            raise self._broker_error(exc) from exc

    def depths(self) -> list[tuple[str, int]]:
        """``(queue, messages ready)`` for the work and dead-letter queues."""
        from bouncekit.queue.app import dead_queue, main_queue

        result = []
        try:
            with self.app.connection_for_read() as connection:
                channel = connection.default_channel
                for queue in (main_queue(self.settings), dead_queue(self.settings)):
                    _, ready, _ = queue(channel).queue_declare(passive=True)
                    result.append((queue.name, ready))
        except Exception as exc:
            raise self._broker_error(exc) from exc
        return result

    def _broker_error(self, exc: Exception) -> QueueError:
        if isinstance(exc, QueueError):
            return exc
        text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        return QueueError(f"cannot use the queue at {self.settings.safe_broker_url}: {text}")

    def close(self) -> None:
        """Release the broker connections."""
        self.app.close()

    def __enter__(self) -> Producer:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()
