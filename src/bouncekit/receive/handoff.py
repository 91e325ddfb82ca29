"""The one place where received messages and webhook events are handed on.

``bouncekit smtpd`` calls :func:`store_messages` with the messages it has spooled,
``POST /v1/webhooks/{esp}`` calls :func:`store_events` with the events it has
verified and parsed. Both store through :meth:`Store.ingest_reports`, so records,
suppressions and stats are the same as for files.

``bouncekit smtpd --enqueue`` hands each message to the queue instead, through a
:class:`QueueHandoff`: at once for a message it receives (``250`` once the broker
confirmed it), and as a :data:`MessageHandoff` for what it finds in its spool on
start. The message travels with what its envelope says (:func:`~bouncekit.receive.inbound.return_path`),
so a worker stores what :func:`store_messages` would. The webhook route queues a
verified body itself (:mod:`bouncekit.service.queue`).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import TYPE_CHECKING

from bouncekit.errors import BounceError, MessageTooLargeError
from bouncekit.queue.settings import QueueError
from bouncekit.receive.inbound import incoming_message, return_path, source_of
from bouncekit.receive.spool import Spooled
from bouncekit.receive.webhooks.base import WebhookEvent
from bouncekit.store import IngestFailure, IngestResult, Store
from bouncekit.store.results import Incoming
from bouncekit.verp import Verp

if TYPE_CHECKING:
    from bouncekit.queue import Producer, Queued

_log = logging.getLogger(__name__)


class Outcome(StrEnum):
    """What became of a spooled message that was handed on."""

    #: Committed (or known already): the spool can forget it.
    STORED = "stored"
    #: On the queue (the broker confirmed it): the spool can forget it.
    QUEUED = "queued"
    #: The queue cannot take it (larger than the queue's limit): keep it in ``failed/``.
    REFUSED = "refused"
    #: The message cannot be decoded: keep it in the spool's ``failed/`` folder.
    UNDECODABLE = "undecodable"
    #: Storing or queueing failed (the database or the broker is down, busy, ...): keep
    #: it waiting and try again.
    RETRY = "retry"


@dataclass(frozen=True, slots=True)
class Handed:
    """The outcome for one spooled message; ``detail`` says why when it was not stored."""

    spool_id: str
    outcome: Outcome
    detail: str | None = None
    result: IngestResult | None = None


#: What the SMTP server's ingester calls with each batch of spooled messages.
MessageHandoff = Callable[[Sequence[Spooled]], list[Handed]]
#: What the webhook route calls with the events of one request.
EventHandoff = Callable[[Sequence[WebhookEvent]], list[IngestResult | IngestFailure]]


def store_messages(store: Store, schemes: Sequence[Verp], messages: Sequence[Spooled]) -> list[Handed]:
    """Decode spooled messages (reading their VERP envelope) and store them; one outcome each."""
    handed: list[Handed | None] = [None] * len(messages)
    ready: list[tuple[int, Incoming]] = []
    for index, message in enumerate(messages):
        try:
            ready.append((index, incoming_message(message, schemes)))
        except BounceError as exc:
            handed[index] = Handed(message.id, Outcome.UNDECODABLE, str(exc))
    results = store.ingest_reports([incoming for _, incoming in ready]) if ready else []
    for (index, _), result in zip(ready, results, strict=True):
        spool_id = messages[index].id
        if isinstance(result, IngestResult):
            handed[index] = Handed(spool_id, Outcome.STORED, None, result)
        else:
            handed[index] = Handed(spool_id, Outcome.RETRY, result.error)
    return [h for h in handed if h is not None]


def store_events(store: Store, events: Sequence[WebhookEvent]) -> list[IngestResult | IngestFailure]:
    """Store verified webhook events with records, each once (by its key); one result each.

    Events without records (opens, clicks, sends) are not stored: they are most of an
    ESP's traffic and say nothing about an address's deliverability.
    """
    return store.ingest_reports([event.incoming() for event in events if event.records])


class QueueHandoff:
    """Received messages to the queue, each with its envelope's :class:`~bouncekit.store.ReturnPath`.

    :meth:`enqueue` takes one message as the SMTP server receives it; calling the
    object hands on spooled messages (a :data:`MessageHandoff`), in order, stopping at
    the first the broker does not confirm (the rest wait in the spool for the next try).
    """

    def __init__(self, producer: Producer, schemes: Sequence[Verp] = ()) -> None:
        self.producer = producer
        self.schemes = tuple(schemes)

    def enqueue(self, data: bytes, rcpt_tos: Sequence[str], *, reception_id: str,
                received_at: datetime | None = None) -> Queued:
        """Put one received message on the queue; returns once the broker confirmed it.

        Raises :class:`~bouncekit.queue.QueueError` when the broker does not confirm it
        and :class:`~bouncekit.errors.MessageTooLargeError` above the queue's limit.
        """
        return self.producer.enqueue(
            data, source=source_of(reception_id), received_at=received_at,
            return_path=return_path(rcpt_tos, self.schemes),
        )

    def __call__(self, messages: Sequence[Spooled]) -> list[Handed]:
        handed: list[Handed] = []
        for index, message in enumerate(messages):
            try:
                self.enqueue(message.data, message.rcpt_tos, reception_id=message.id,
                             received_at=message.received_at)
            except MessageTooLargeError as exc:
                handed.append(Handed(message.id, Outcome.REFUSED, str(exc)))
            except QueueError as exc:
                handed += [Handed(m.id, Outcome.RETRY, str(exc)) for m in messages[index:]]
                break
            else:
                handed.append(Handed(message.id, Outcome.QUEUED))
        return handed
