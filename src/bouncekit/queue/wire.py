"""What travels through the queue: a task's payload, and a dead letter's.

Two tasks, serialised with msgpack (which keeps bytes as bytes):

- ``bouncekit.ingest`` carries a :class:`Parcel`: one or more raw messages, each with
  its ``source``, the time the producer received them, and how many attempts failed
  before. Its positional arguments are ``[messages, received_at, attempt]``; each
  message is ``[bytes, source]``, or ``[bytes, source, return_path]`` when its
  receiver read the envelope (``bouncekit smtpd --enqueue``: a map with
  ``original_recipient`` and/or ``distrust``, see :class:`~bouncekit.store.ReturnPath`).
- ``bouncekit.webhook`` carries a :class:`WebhookParcel`: one verified ESP webhook
  request body. Its positional arguments are ``[[esp, body, content_type, source],
  received_at, attempt]`` (``content_type`` may be None).

**Versions.** :data:`WIRE_VERSION` 1 had ``bouncekit.ingest`` with ``[bytes, source]``
messages only. Version 2 added the optional third element of a message and the
``bouncekit.webhook`` task. A producer writes the third element only when there is a
return path, so a version-1 worker still reads every task but those of ``smtpd
--enqueue`` and the webhooks; it rejects those into the dead-letter queue (Celery
rejects a task it does not know), from where ``bouncekit queue dead retry`` brings them
back once the workers are upgraded: upgrade the workers first. Readers ignore keys of a
return path they do not know, so later versions may add some.

A dead letter is one message or webhook body per AMQP message: the raw bytes as the
body and what is known about them in ``x-bouncekit-*`` headers, so it can be read with
any AMQP tool as well as ``bouncekit queue dead list``.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from bouncekit.errors import BounceError
from bouncekit.store.ingest import message_hash
from bouncekit.store.results import ReturnPath

#: The version of what producers write (see the module's documentation).
WIRE_VERSION = 2
#: The name producers send and workers run for raw messages.
TASK_NAME = "bouncekit.ingest"
#: The name producers send and workers run for a webhook request body.
WEBHOOK_TASK_NAME = "bouncekit.webhook"
#: Longest original recipient kept from a return path (RFC 5321's limit on a path is 256).
MAX_ORIGINAL_RECIPIENT = 320
#: Longest distrust note kept from a return path.
MAX_DISTRUST = 2000
#: Longest content type of a webhook body kept in a task.
MAX_CONTENT_TYPE = 200
#: Most messages one task carries (producers with many messages at hand pack them).
MAX_PARCEL_MESSAGES = 100
#: Most bytes of messages one task carries, unless it carries a single larger message.
MAX_PARCEL_BYTES = 1024 * 1024
#: Longest ``source`` kept in a task (sources are paths, URLs or short labels).
MAX_SOURCE = 2000

HEADER_SOURCE = "x-bouncekit-source"
HEADER_RECEIVED_AT = "x-bouncekit-received-at"
HEADER_ERROR = "x-bouncekit-error"
HEADER_ATTEMPTS = "x-bouncekit-attempts"
HEADER_FAILED_AT = "x-bouncekit-failed-at"
HEADER_HASH = "x-bouncekit-hash"
#: ``message`` (absent before version 2) or ``webhook``.
HEADER_KIND = "x-bouncekit-kind"
HEADER_ORIGINAL_RECIPIENT = "x-bouncekit-original-recipient"
HEADER_DISTRUST = "x-bouncekit-distrust"
HEADER_ESP = "x-bouncekit-esp"
HEADER_CONTENT_TYPE = "x-bouncekit-content-type"
#: Content type of a dead letter's body: the raw message.
DEAD_LETTER_TYPE = "message/rfc822"
#: Content type of a dead webhook body (its own is in :data:`HEADER_CONTENT_TYPE`).
DEAD_WEBHOOK_TYPE = "application/octet-stream"


class PayloadError(BounceError):
    """A task's payload is not what :data:`TASK_NAME` takes (a poison task)."""

    http_status = 422


@dataclass(frozen=True, slots=True)
class QueuedMessage:
    """One raw message in the queue, where it came from, and what its envelope said."""

    data: bytes
    source: str
    return_path: ReturnPath | None = None

    @property
    def hash(self) -> str:
        """The message's identity in the store (:func:`bouncekit.store.ingest.message_hash`)."""
        return message_hash(self.data)

    def to_wire(self) -> list[Any]:
        """``[bytes, source]``, with the return path as a third element when there is one."""
        if not self.return_path:
            return [self.data, self.source]
        return [self.data, self.source, return_path_to_wire(self.return_path)]

    @classmethod
    def from_wire(cls, item: object, index: int = 0) -> QueuedMessage:
        """Read one message of a task; :class:`PayloadError` says what is wrong with it."""
        if (
            not isinstance(item, list | tuple)
            or len(item) not in (2, 3)
            or not isinstance(item[0], bytes)
            or not isinstance(item[1], str)
        ):
            raise PayloadError(
                f"message {index + 1} of the task is not [bytes, source] or [bytes, source, return_path]: "
                f"{_brief(item)}"
            )
        path = None
        if len(item) == 3:
            path = return_path_from_wire(item[2], f"the return path of message {index + 1}") or None
        return cls(item[0], item[1][:MAX_SOURCE], path)


def return_path_to_wire(path: ReturnPath) -> dict[str, str]:
    """A return path as the map a task carries (keys without a value left out)."""
    wire = {}
    if path.original_recipient is not None:
        wire["original_recipient"] = path.original_recipient
    if path.distrust is not None:
        wire["distrust"] = path.distrust
    return wire


def return_path_from_wire(value: object, what: str) -> ReturnPath:
    """Read a return path's map (unknown keys are ignored: a later version may add some)."""
    if not isinstance(value, Mapping):
        raise PayloadError(f"{what} must be a map, not {_brief(value)}")
    fields: dict[str, str | None] = {}
    for key, limit in (("original_recipient", MAX_ORIGINAL_RECIPIENT), ("distrust", MAX_DISTRUST)):
        text = value.get(key)
        if text is not None and not isinstance(text, str):
            raise PayloadError(f"{what}: {key} must be text, not {_brief(text)}")
        fields[key] = text[:limit] if text else None
    return ReturnPath(fields["original_recipient"], fields["distrust"])


@dataclass(frozen=True, slots=True)
class QueuedWebhook:
    """One verified webhook request body of an ESP in the queue, for a worker to read."""

    esp: str
    data: bytes
    content_type: str | None
    source: str

    @property
    def hash(self) -> str:
        """The body's identity (SHA-256 of the ESP's name and the body): a dead letter's id.

        The store knows the body's events by their own keys
        (:attr:`bouncekit.webhooks.WebhookEvent.key`), not by this.
        """
        return hashlib.sha256(b"webhook\x00" + self.esp.encode() + b"\x00" + self.data).hexdigest()


@dataclass(frozen=True, slots=True)
class WebhookParcel:
    """The payload of one ``bouncekit.webhook`` task."""

    webhook: QueuedWebhook
    received_at: datetime
    attempt: int = 0

    def to_args(self) -> list[Any]:
        """The task's positional arguments."""
        hook = self.webhook
        return [[hook.esp, hook.data, hook.content_type, hook.source], self.received_at.isoformat(),
                self.attempt]

    @classmethod
    def from_args(cls, args: Sequence[Any]) -> WebhookParcel:
        """Read a task's arguments; :class:`PayloadError` says what is wrong with them."""
        if not isinstance(args, list | tuple) or len(args) != 3:
            raise PayloadError(
                f"a {WEBHOOK_TASK_NAME} task takes [webhook, received_at, attempt], not {_brief(args)}"
            )
        hook, raw_when, attempt = args
        if (
            not isinstance(hook, list | tuple)
            or len(hook) != 4
            or not isinstance(hook[0], str)
            or not isinstance(hook[1], bytes)
            or not (hook[2] is None or isinstance(hook[2], str))
            or not isinstance(hook[3], str)
        ):
            raise PayloadError(
                f"the webhook of a task is not [esp, bytes, content_type, source]: {_brief(hook)}"
            )
        esp, data, content_type, source = hook
        webhook = QueuedWebhook(esp[:100], data, content_type[:MAX_CONTENT_TYPE] if content_type else None,
                                source[:MAX_SOURCE])
        return cls(webhook, parse_time(raw_when, "received_at"), _attempt(attempt))


@dataclass(frozen=True, slots=True)
class Parcel:
    """The payload of one task: messages stored together, in one transaction."""

    messages: tuple[QueuedMessage, ...]
    received_at: datetime
    attempt: int = 0

    @property
    def size(self) -> int:
        return sum(len(m.data) for m in self.messages)

    def to_args(self) -> list[Any]:
        """The task's positional arguments."""
        return [[m.to_wire() for m in self.messages], self.received_at.isoformat(), self.attempt]

    @classmethod
    def from_args(cls, args: Sequence[Any]) -> Parcel:
        """Read a task's arguments; :class:`PayloadError` says what is wrong with them."""
        if not isinstance(args, list | tuple) or len(args) != 3:
            raise PayloadError(
                f"a {TASK_NAME} task takes [messages, received_at, attempt], not {_brief(args)}"
            )
        raw_messages, raw_when, attempt = args
        if not isinstance(raw_messages, list | tuple) or not raw_messages:
            raise PayloadError(f"the messages of a task must be a non-empty list, not {_brief(raw_messages)}")
        messages = tuple(QueuedMessage.from_wire(item, index) for index, item in enumerate(raw_messages))
        return cls(messages, parse_time(raw_when, "received_at"), _attempt(attempt))


def _attempt(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise PayloadError(f"the attempt count of a task must be 0 or more, not {_brief(value)}")
    return value


def parse_time(value: object, name: str) -> datetime:
    """An ISO 8601 time from a payload or header, as an aware UTC datetime."""
    if not isinstance(value, str):
        raise PayloadError(f"{name} must be an ISO 8601 time, not {_brief(value)}")
    try:
        when = datetime.fromisoformat(value)
    except ValueError:
        raise PayloadError(f"{name} must be an ISO 8601 time, not {_brief(value)}") from None
    return when.replace(tzinfo=UTC) if when.tzinfo is None else when.astimezone(UTC)


@dataclass(frozen=True, slots=True)
class DeadLetter:
    """A message (or webhook body) that was given up on, and why."""

    message: QueuedMessage | QueuedWebhook
    received_at: datetime
    error: str
    attempts: int
    failed_at: datetime

    @property
    def content_type(self) -> str:
        """The AMQP content type of the dead letter's body."""
        return DEAD_WEBHOOK_TYPE if isinstance(self.message, QueuedWebhook) else DEAD_LETTER_TYPE

    def headers(self) -> dict[str, Any]:
        """The ``x-bouncekit-*`` headers that carry everything but the bytes."""
        headers: dict[str, Any] = {
            HEADER_SOURCE: self.message.source,
            HEADER_RECEIVED_AT: self.received_at.isoformat(),
            HEADER_ERROR: self.error[:2000],
            HEADER_ATTEMPTS: self.attempts,
            HEADER_FAILED_AT: self.failed_at.isoformat(),
            HEADER_HASH: self.message.hash,
        }
        if isinstance(self.message, QueuedWebhook):
            headers[HEADER_KIND] = "webhook"
            headers[HEADER_ESP] = self.message.esp
            if self.message.content_type is not None:
                headers[HEADER_CONTENT_TYPE] = self.message.content_type
            return headers
        headers[HEADER_KIND] = "message"
        path = self.message.return_path
        if path and path.original_recipient is not None:
            headers[HEADER_ORIGINAL_RECIPIENT] = path.original_recipient
        if path and path.distrust is not None:
            headers[HEADER_DISTRUST] = path.distrust
        return headers

    @classmethod
    def from_amqp(cls, body: bytes, headers: Mapping[str, Any]) -> DeadLetter:
        """Read back a dead letter written with :meth:`headers` (by this version or an earlier one)."""
        source = headers.get(HEADER_SOURCE)
        attempts = headers.get(HEADER_ATTEMPTS)
        error = headers.get(HEADER_ERROR)
        if not isinstance(source, str) or not isinstance(attempts, int) or not isinstance(error, str):
            raise PayloadError("not a bouncekit dead letter (its x-bouncekit-* headers are missing)")
        kind = headers.get(HEADER_KIND, "message")
        message: QueuedMessage | QueuedWebhook
        if kind == "webhook":
            esp, content_type = headers.get(HEADER_ESP), headers.get(HEADER_CONTENT_TYPE)
            if not isinstance(esp, str) or not (content_type is None or isinstance(content_type, str)):
                raise PayloadError(f"a dead webhook body without its {HEADER_ESP} header")
            message = QueuedWebhook(esp, body, content_type, source)
        elif kind == "message":
            path = return_path_from_wire(
                {"original_recipient": headers.get(HEADER_ORIGINAL_RECIPIENT),
                 "distrust": headers.get(HEADER_DISTRUST)}, "the dead letter's return path")
            message = QueuedMessage(body, source, path or None)
        else:
            raise PayloadError(f"a dead letter of an unknown kind {_brief(kind)}")
        return cls(
            message,
            parse_time(headers.get(HEADER_RECEIVED_AT), HEADER_RECEIVED_AT),
            error,
            attempts,
            parse_time(headers.get(HEADER_FAILED_AT), HEADER_FAILED_AT),
        )


def _brief(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 80 else text[:77] + "..."
