"""The tasks: ``bouncekit.ingest`` (raw messages) and ``bouncekit.webhook`` (a webhook
body), thin and idempotent.

Each reads its payload, hands it to this process's
:class:`~bouncekit.queue.delivery.Worker` (which stores through the store's ingest
path) and returns; Celery acknowledges the message then (``acks_late``). A payload that
is not what the task takes is rejected, and RabbitMQ dead-letters it.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

from celery.exceptions import Reject

from bouncekit.queue.wire import TASK_NAME, WEBHOOK_TASK_NAME, Parcel, PayloadError, WebhookParcel

if TYPE_CHECKING:
    from celery import Celery, Task

    from bouncekit.queue.delivery import Worker

_log = logging.getLogger(__name__)
_lock = threading.Lock()
T = TypeVar("T")


def register(app: Celery) -> None:
    """Register ``bouncekit.ingest`` and ``bouncekit.webhook`` on ``app``."""
    app.task(name=TASK_NAME, bind=True, acks_late=True)(ingest)
    app.task(name=WEBHOOK_TASK_NAME, bind=True, acks_late=True)(webhook)


def ingest(task: Task, *args: Any, **kwargs: Any) -> None:
    """Store the messages of one parcel (see :meth:`bouncekit.queue.delivery.Worker.handle`)."""
    worker = runtime(task.app)
    started = time.perf_counter()
    parcel = _payload(task, worker, TASK_NAME, Parcel.from_args, args, kwargs)
    redelivered = bool((task.request.delivery_info or {}).get("redelivered"))
    worker.handle(parcel, redelivered=redelivered)
    worker.metrics.task_seconds.observe(time.perf_counter() - started)


def webhook(task: Task, *args: Any, **kwargs: Any) -> None:
    """Store the events of one webhook body (see :meth:`bouncekit.queue.delivery.Worker.handle_webhook`)."""
    worker = runtime(task.app)
    started = time.perf_counter()
    parcel = _payload(task, worker, WEBHOOK_TASK_NAME, WebhookParcel.from_args, args, kwargs)
    worker.handle_webhook(parcel)
    worker.metrics.task_seconds.observe(time.perf_counter() - started)


def _payload(task: Task, worker: Worker, name: str, read: Callable[[Any], T], args: Any, kwargs: Any) -> T:
    """The task's payload; a task that does not carry one is rejected into the dead letters."""
    try:
        if kwargs:
            raise PayloadError(f"a {name} task takes no keyword arguments, got {sorted(kwargs)}")
        return read(args)
    except PayloadError as exc:
        worker.metrics.failed("rejected")
        _log.error("task %s rejected to the dead-letter queue: %s", task.request.id, exc)
        raise Reject(str(exc), requeue=False) from None


def runtime(app: Celery) -> Worker:
    """This process's worker (its store, publisher and counters), made on first use.

    The store is the one ``$BOUNCEKIT_DATABASE_URL`` names (the policy from
    ``$BOUNCEKIT_POLICY``, the rules from ``$BOUNCEKIT_RULES``), opened and migrated once
    per process.
    """
    worker = getattr(app, "bouncekit_worker", None)
    if worker is not None:
        return worker
    with _lock:
        worker = getattr(app, "bouncekit_worker", None)
        if worker is None:
            from bouncekit.metrics import Metrics
            from bouncekit.queue.delivery import Worker
            from bouncekit.queue.producer import Producer
            from bouncekit.rulefile import rules_from_env
            from bouncekit.store import Store

            settings = app.bouncekit_settings  # type: ignore[attr-defined]
            metrics = getattr(app, "bouncekit_metrics", None) or Metrics()
            store = Store.open(rules=rules_from_env())
            worker = Worker(store, Producer(settings, app=app), settings, metrics)
            app.bouncekit_worker = worker  # type: ignore[attr-defined]
    return worker
