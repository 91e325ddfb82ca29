"""The one place where received messages and webhook events are handed on.

``bouncekit smtpd`` calls :func:`store_messages` with the messages it has spooled,
``POST /v1/webhooks/{esp}`` calls :func:`store_events` with the events it has
verified and parsed. Both store through :meth:`Store.ingest_reports`, so records,
suppressions and stats are the same as for files. To hand them to a queue instead,
pass another function of the same shape.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import StrEnum

from bouncekit.errors import BounceError
from bouncekit.receive.inbound import incoming_message
from bouncekit.receive.spool import Spooled
from bouncekit.receive.webhooks.base import WebhookEvent
from bouncekit.store import IngestFailure, IngestResult, Store
from bouncekit.store.results import Incoming
from bouncekit.verp import Verp


class Outcome(StrEnum):
    """What became of a spooled message that was handed on."""

    #: Committed (or known already): the spool can forget it.
    STORED = "stored"
    #: The message cannot be decoded: keep it in the spool's ``failed/`` folder.
    UNDECODABLE = "undecodable"
    #: Storing failed (the database is down, busy, ...): keep it waiting and try again.
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
