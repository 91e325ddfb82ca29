"""The service's side of scale-out: ``GET /metrics``, ``POST /v1/messages?async=true``
and ``POST /v1/webhooks/{esp}?async=true``.

``/metrics`` (no API key: expose it to the monitoring network only) gives the counters
of :mod:`bouncekit.metrics`. The asynchronous paths hand the raw message, or the
verified webhook body, to the queue (:class:`bouncekit.queue.Producer`) and answer
``202`` with its hash once the broker has it; a worker stores it later, and ``GET
/v1/suppressions/...`` shows the effect then. The producer is made on the first
asynchronous request, from the environment (``BOUNCEKIT_BROKER_URL``...), so a service
that never queues needs no broker.
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING

from fastapi import APIRouter, FastAPI, Request
from starlette.concurrency import run_in_threadpool
from starlette.responses import Response

from bouncekit.metrics import CONTENT_TYPE, Metrics
from bouncekit.queue.settings import BROKER_ENV, QueueError
from bouncekit.service.responses import JSON, error

if TYPE_CHECKING:
    from bouncekit.queue import Producer, Queued, QueuedBody
    from bouncekit.store import IngestResult

_log = logging.getLogger(__name__)
_lock = threading.Lock()

router = APIRouter()


def metrics_of(app: FastAPI) -> Metrics:
    """The app's counters (made on first use; with the broker's queue depths when the
    environment names a broker)."""
    metrics = getattr(app.state, "metrics", None)
    if metrics is None:
        with _lock:
            metrics = getattr(app.state, "metrics", None)
            if metrics is None:
                metrics = Metrics()
                if os.environ.get(BROKER_ENV):
                    metrics.watch_queues(lambda: _producer(app).depths())
                app.state.metrics = metrics
    return metrics


def _producer(app: FastAPI) -> Producer:
    producer = getattr(app.state, "producer", None)
    if producer is None:
        with _lock:
            producer = getattr(app.state, "producer", None)
            if producer is None:
                from bouncekit.queue import Producer

                producer = Producer()
                app.state.producer = producer
    return producer


@router.get("/metrics", include_in_schema=False)
def metrics(request: Request) -> Response:
    """The service's metrics in the Prometheus text format."""
    return Response(metrics_of(request.app).render(), media_type=CONTENT_TYPE)


def count_ingested(app: FastAPI, result: IngestResult) -> None:
    """Count a message the service stored itself (``POST /v1/messages``)."""
    metrics_of(app).ingested(result.duplicate, result.records)


def has_queue() -> bool:
    """Whether the environment names a broker. Without one the service does not publish
    to a default broker that nobody may consume: ``async=true`` then stores at once."""
    return bool(os.environ.get(BROKER_ENV))


async def enqueue_message(request: Request, raw: bytes, source: str) -> Response:
    """Put ``raw`` on the queue: ``202 {"queued": true, "message_hash": ...}``.

    ``413`` above the queue's message limit, ``503`` when the broker cannot be reached
    (the details go to the log, not to the client).
    """
    return await _enqueue(request.app, lambda producer: producer.enqueue(raw, source=source))


async def enqueue_webhook(request: Request, esp: str, body: bytes) -> Response:
    """Put a verified webhook body on the queue: ``202 {"esp": ..., "queued": true,
    "body_hash": ...}``; a worker reads and stores its events. Errors as
    :func:`enqueue_message`."""
    content_type = request.headers.get("content-type")
    return await _enqueue(
        request.app, lambda producer: producer.enqueue_webhook(esp, body, content_type=content_type)
    )


async def _enqueue(app: FastAPI, publish: Callable[[Producer], Queued | QueuedBody]) -> Response:
    try:
        producer = await run_in_threadpool(_producer, app)
        queued = await run_in_threadpool(publish, producer)
    except QueueError as exc:
        _log.warning("%s", exc)
        metrics_of(app).failed("queue")
        return error(503, "the queue is busy or unreachable; try again")
    metrics_of(app).queued.inc()
    return JSON({"queued": True, **queued.to_dict()}, status_code=202)


def close(app: FastAPI) -> None:
    """Release the producer's broker connections (on shutdown)."""
    producer = getattr(app.state, "producer", None)
    if producer is not None:
        producer.close()
