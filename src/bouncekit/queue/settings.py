"""The queue's settings: one frozen value read from the environment.

Every process of a deployment (producers, workers, the service) reads the same
variables, so a worker added on another machine needs nothing but its environment:

========================================  ==========================================
``BOUNCEKIT_BROKER_URL``                  the RabbitMQ broker (``amqp://guest:guest@127.0.0.1:5672//``)
``BOUNCEKIT_DATABASE_URL``                the store the workers write to (see :mod:`bouncekit.store`)
``BOUNCEKIT_QUEUE``                       the queue's name (``bouncekit``); its dead letters go to
                                          ``<name>.dead``
``BOUNCEKIT_QUEUE_PREFETCH``              tasks a worker holds unacknowledged per task thread (4)
``BOUNCEKIT_QUEUE_MAX_ATTEMPTS``          failed attempts before a message is dead-lettered (5)
``BOUNCEKIT_QUEUE_DATABASE_WAIT``         seconds a worker waits in place for a database that is
                                          down before the attempt counts as failed (600)
``BOUNCEKIT_QUEUE_MAX_MESSAGE``           largest message, in bytes, a producer enqueues (15 MiB)
========================================  ==========================================
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass

from bouncekit.errors import BounceError

BROKER_ENV = "BOUNCEKIT_BROKER_URL"
QUEUE_ENV = "BOUNCEKIT_QUEUE"
PREFETCH_ENV = "BOUNCEKIT_QUEUE_PREFETCH"
MAX_ATTEMPTS_ENV = "BOUNCEKIT_QUEUE_MAX_ATTEMPTS"
DATABASE_WAIT_ENV = "BOUNCEKIT_QUEUE_DATABASE_WAIT"
MAX_MESSAGE_ENV = "BOUNCEKIT_QUEUE_MAX_MESSAGE"

DEFAULT_BROKER_URL = "amqp://guest:guest@127.0.0.1:5672//"
DEFAULT_QUEUE = "bouncekit"
#: Bounded prefetch: a worker that dies returns at most this many tasks to the queue,
#: and a slow worker does not hoard work that an idle one could do.
DEFAULT_PREFETCH = 4
DEFAULT_MAX_ATTEMPTS = 5
#: Under RabbitMQ's ``consumer_timeout`` (30 minutes by default), which closes the
#: channel of a consumer that holds a delivery longer than that.
DEFAULT_DATABASE_WAIT = 600.0
#: RabbitMQ refuses a message larger than its ``max_message_size`` (16 MiB by default
#: since 4.0, 128 MiB before) by closing the channel; 15 MiB leaves room for the task's
#: envelope under the smaller default.
DEFAULT_MAX_MESSAGE = 15 * 1024 * 1024

_QUEUE_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:-]{0,200}")


class QueueError(BounceError):
    """The queue cannot be used: a bad setting, or a broker that does not answer."""

    http_status = 503


@dataclass(frozen=True, slots=True)
class QueueSettings:
    """Where the queue is and how it behaves; :meth:`from_env` reads the environment."""

    broker_url: str = DEFAULT_BROKER_URL
    queue: str = DEFAULT_QUEUE
    prefetch: int = DEFAULT_PREFETCH
    max_attempts: int = DEFAULT_MAX_ATTEMPTS
    database_wait: float = DEFAULT_DATABASE_WAIT
    max_message: int = DEFAULT_MAX_MESSAGE

    def __post_init__(self) -> None:
        if not self.broker_url.startswith(("amqp://", "amqps://", "pyamqp://")):
            raise QueueError(f"{BROKER_ENV} must be an amqp:// or amqps:// URL, not {self.broker_url!r}")
        if not _QUEUE_NAME.fullmatch(self.queue):
            raise QueueError(
                f"{QUEUE_ENV} must be 1-201 letters, digits, '.', '_', ':' or '-', not {self.queue!r}"
            )
        for name, value, low in (
            (PREFETCH_ENV, self.prefetch, 1),
            (MAX_ATTEMPTS_ENV, self.max_attempts, 1),
            (MAX_MESSAGE_ENV, self.max_message, 1),
        ):
            if isinstance(value, bool) or not isinstance(value, int) or value < low:
                raise QueueError(f"{name} must be a whole number of at least {low}, not {value!r}")
        if not 0 <= self.database_wait <= 1500:
            raise QueueError(
                f"{DATABASE_WAIT_ENV} must be from 0 to 1500 seconds, not {self.database_wait!r}"
            )

    @property
    def dead_queue(self) -> str:
        """The dead-letter queue: messages that failed ``max_attempts`` times, or that no
        worker could read."""
        return f"{self.queue}.dead"

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> QueueSettings:
        """The settings the environment gives (the defaults where a variable is unset).

        Raises :class:`QueueError` naming the variable when a value is not valid.
        """
        env = os.environ if environ is None else environ

        def number(name: str, default: float, kind: type) -> float:
            text = env.get(name, "").strip()
            if not text:
                return default
            try:
                return kind(text)
            except ValueError:
                raise QueueError(f"{name} must be a number, not {text!r}") from None

        return cls(
            broker_url=env.get(BROKER_ENV, "").strip() or DEFAULT_BROKER_URL,
            queue=env.get(QUEUE_ENV, "").strip() or DEFAULT_QUEUE,
            prefetch=int(number(PREFETCH_ENV, DEFAULT_PREFETCH, int)),
            max_attempts=int(number(MAX_ATTEMPTS_ENV, DEFAULT_MAX_ATTEMPTS, int)),
            database_wait=float(number(DATABASE_WAIT_ENV, DEFAULT_DATABASE_WAIT, float)),
            max_message=int(number(MAX_MESSAGE_ENV, DEFAULT_MAX_MESSAGE, int)),
        )

    @property
    def safe_broker_url(self) -> str:
        """The broker URL with its password hidden, for messages."""
        return re.sub(r"(://[^:/@]*:)[^@/]*@", r"\1***@", self.broker_url)
