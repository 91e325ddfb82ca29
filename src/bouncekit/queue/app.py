"""The one place the Celery app is built: broker, queues, delivery guarantees.

Guarantees, and the settings that give them:

- **At-least-once, exact effects.** ``task_acks_late``: a task's message is
  acknowledged only after the store committed its messages, so a worker that dies
  mid-task leaves it to be delivered again; the store's message hash makes the second
  delivery a no-op. Publishers wait for the broker's confirm (``confirm_publish``), so a
  message a producer reported queued is on the broker's disk.
- **Bounded prefetch.** A worker holds at most ``prefetch`` unacknowledged tasks per
  task thread (``worker_prefetch_multiplier``).
- **No result backend.** Results live in the store.
- **Quorum queue with a delivery limit.** The queue is a RabbitMQ quorum queue (replicated
  where the broker is a cluster) whose ``x-delivery-limit`` turns a message that kills
  every worker it reaches into a dead letter, and whose dead-letter exchange leads to the
  ``<queue>.dead`` queue (at-least-once dead-lettering). A task that no worker can even
  decode is rejected into the same place instead of being dropped.
"""

from __future__ import annotations

import logging
from typing import Any, ClassVar

from celery import Celery
from celery.worker.consumer import Consumer
from kombu import Exchange, Queue

from bouncekit.queue.settings import QueueSettings

_log = logging.getLogger(__name__)

#: Deliveries of one task message (without an acknowledgement in between: its worker
#: died, the connection dropped) after which RabbitMQ dead-letters it.
REDELIVERY_LIMIT = 10
#: Seconds a connection attempt to the broker may take.
CONNECT_TIMEOUT = 4.0
#: Seconds a publisher waits for the broker to confirm one publish before it takes the
#: broker as down (a node up but with its queue not yet recovered confirms nothing); the
#: publish is tried again under ``task_publish_retry_policy``, then fails. A publish
#: confirmed after its publisher gave up is a duplicate the store recognises.
CONFIRM_TIMEOUT = 5.0


def main_queue(settings: QueueSettings) -> Queue:
    """The work queue, as declared by every producer and worker (the same arguments, or
    RabbitMQ refuses the declaration)."""
    return Queue(
        settings.queue,
        Exchange(settings.queue, type="direct", durable=True),
        routing_key=settings.queue,
        durable=True,
        queue_arguments={
            "x-queue-type": "quorum",
            "x-delivery-limit": REDELIVERY_LIMIT,
            "x-dead-letter-exchange": settings.dead_queue,
            "x-dead-letter-routing-key": settings.dead_queue,
            # At-least-once dead-lettering needs the overflow mode below; the queue has no
            # length limit, so it changes nothing else.
            "x-dead-letter-strategy": "at-least-once",
            "x-overflow": "reject-publish",
        },
    )


def dead_queue(settings: QueueSettings) -> Queue:
    """The dead-letter queue: kept until someone retries or drops its messages."""
    return Queue(
        settings.dead_queue,
        Exchange(settings.dead_queue, type="direct", durable=True),
        routing_key=settings.dead_queue,
        durable=True,
        queue_arguments={"x-queue-type": "quorum"},
    )


class BouncekitConsumer(Consumer):
    """Celery's consumer with two changes.

    A message that cannot be decoded is rejected (so RabbitMQ dead-letters it) rather
    than acknowledged and lost. And the native delayed-delivery step is left out: it
    declares some thirty exchanges and queues for countdown tasks, which bouncekit never
    sends (a worker waits for a database in place, see :mod:`bouncekit.queue.delivery`).
    """

    class Blueprint(Consumer.Blueprint):
        default_steps: ClassVar[list[str]] = [
            s for s in Consumer.Blueprint.default_steps if "delayed_delivery" not in s
        ]

    def on_decode_error(self, message: Any, exc: Exception) -> None:
        _log.error("cannot decode a task (%s: %s); it goes to the dead-letter queue", type(exc).__name__, exc)
        message.reject(requeue=False)


def create_app(settings: QueueSettings | None = None) -> Celery:
    """The Celery app of bouncekit for ``settings`` (None: :meth:`QueueSettings.from_env`).

    It knows two tasks, ``bouncekit.ingest`` and ``bouncekit.webhook`` (:mod:`bouncekit.queue.tasks`).
    """
    from bouncekit.queue import tasks

    settings = settings or QueueSettings.from_env()
    app = Celery("bouncekit", set_as_current=False)
    queue = main_queue(settings)
    app.conf.update(
        broker_url=settings.broker_url,
        # Producers give up on a broker that does not answer after a few seconds (the
        # worker's own consumer connection retries for ever, broker_connection_max_retries).
        broker_transport_options={"confirm_publish": True, "max_retries": 2, "interval_start": 0,
                                  "interval_step": 0.5, "interval_max": 1},
        broker_connection_retry_on_startup=True,
        broker_connection_max_retries=None,
        broker_connection_timeout=CONNECT_TIMEOUT,
        result_backend=None,
        task_ignore_result=True,
        task_serializer="msgpack",
        accept_content=["msgpack"],
        task_acks_late=True,
        # An exception that escapes a task (a bug) rejects its message into the
        # dead-letter queue instead of acknowledging it away.
        task_acks_on_failure_or_timeout=False,
        task_reject_on_worker_lost=True,
        task_queues=[queue],
        task_default_queue=settings.queue,
        task_default_exchange=settings.queue,
        task_default_routing_key=settings.queue,
        task_create_missing_queues=False,
        task_publish_retry=True,
        task_publish_retry_policy={"max_retries": 3, "interval_start": 0.2, "interval_step": 0.5,
                                   "interval_max": 2.0},
        worker_prefetch_multiplier=settings.prefetch,
        worker_consumer="bouncekit.queue.app:BouncekitConsumer",
        worker_enable_remote_control=False,
        worker_send_task_events=False,
        worker_hijack_root_logger=False,
        worker_cancel_long_running_tasks_on_connection_loss=False,
    )
    app.bouncekit_settings = settings  # type: ignore[attr-defined]
    tasks.register(app)
    return app
