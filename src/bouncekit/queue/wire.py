"""What travels through the queue: a task's payload, and a dead letter's.

A task of ``bouncekit.ingest`` carries a :class:`Parcel`: one or more raw messages
(their bytes, as received: the queue serialises with msgpack, which keeps bytes as
bytes), each with its ``source``, the time the producer received them, and how many
attempts failed before. Its positional arguments are ``[messages, received_at,
attempt]`` with ``messages`` a list of ``[bytes, source]`` pairs.

A dead letter is one message per AMQP message: the raw message as the body
(``message/rfc822``) and what is known about it in ``x-bouncekit-*`` headers, so it can
be read with any AMQP tool as well as ``bouncekit queue dead list``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from bouncekit.errors import BounceError
from bouncekit.store.ingest import message_hash

#: The name producers send and workers run.
TASK_NAME = "bouncekit.ingest"
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
#: Content type of a dead letter's body: the raw message.
DEAD_LETTER_TYPE = "message/rfc822"


class PayloadError(BounceError):
    """A task's payload is not what :data:`TASK_NAME` takes (a poison task)."""

    http_status = 422


@dataclass(frozen=True, slots=True)
class QueuedMessage:
    """One raw message in the queue, and where it came from."""

    data: bytes
    source: str

    @property
    def hash(self) -> str:
        """The message's identity in the store (:func:`bouncekit.store.ingest.message_hash`)."""
        return message_hash(self.data)


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
        return [[[m.data, m.source] for m in self.messages], self.received_at.isoformat(), self.attempt]

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
        messages = []
        for index, item in enumerate(raw_messages):
            if (
                not isinstance(item, list | tuple)
                or len(item) != 2
                or not isinstance(item[0], bytes)
                or not isinstance(item[1], str)
            ):
                raise PayloadError(f"message {index + 1} of the task is not [bytes, source]: {_brief(item)}")
            messages.append(QueuedMessage(item[0], item[1][:MAX_SOURCE]))
        if isinstance(attempt, bool) or not isinstance(attempt, int) or attempt < 0:
            raise PayloadError(f"the attempt count of a task must be 0 or more, not {_brief(attempt)}")
        return cls(tuple(messages), parse_time(raw_when, "received_at"), attempt)


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
    """A message that was given up on, and why."""

    message: QueuedMessage
    received_at: datetime
    error: str
    attempts: int
    failed_at: datetime

    def headers(self) -> dict[str, Any]:
        """The ``x-bouncekit-*`` headers that carry everything but the bytes."""
        return {
            HEADER_SOURCE: self.message.source,
            HEADER_RECEIVED_AT: self.received_at.isoformat(),
            HEADER_ERROR: self.error[:2000],
            HEADER_ATTEMPTS: self.attempts,
            HEADER_FAILED_AT: self.failed_at.isoformat(),
            HEADER_HASH: self.message.hash,
        }

    @classmethod
    def from_amqp(cls, body: bytes, headers: Mapping[str, Any]) -> DeadLetter:
        """Read back a dead letter written with :meth:`headers`."""
        source = headers.get(HEADER_SOURCE)
        attempts = headers.get(HEADER_ATTEMPTS)
        error = headers.get(HEADER_ERROR)
        if not isinstance(source, str) or not isinstance(attempts, int) or not isinstance(error, str):
            raise PayloadError("not a bouncekit dead letter (its x-bouncekit-* headers are missing)")
        return cls(
            QueuedMessage(body, source),
            parse_time(headers.get(HEADER_RECEIVED_AT), HEADER_RECEIVED_AT),
            error,
            attempts,
            parse_time(headers.get(HEADER_FAILED_AT), HEADER_FAILED_AT),
        )


def _brief(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 80 else text[:77] + "..."
