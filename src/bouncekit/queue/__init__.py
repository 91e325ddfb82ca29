"""Scale-out: producers put raw messages on a RabbitMQ queue, Celery workers store them.

Every process reads the same environment (:mod:`bouncekit.queue.settings`), so adding a
worker on another machine changes nothing else. The pieces, one module each:

- :mod:`~bouncekit.queue.settings`: the settings, from the environment;
- :mod:`~bouncekit.queue.app`: the one place the Celery app is built (queues, acks);
- :mod:`~bouncekit.queue.wire`: what a task and a dead letter carry;
- :mod:`~bouncekit.queue.producer`: :class:`Producer`, what producers call;
- :mod:`~bouncekit.queue.tasks`: the thin task;
- :mod:`~bouncekit.queue.delivery`: what a worker does with a task (exact effects,
  waiting out a database outage, retries, dead letters);
- :mod:`~bouncekit.queue.worker`: running a worker process;
- :mod:`~bouncekit.queue.dead`: listing, retrying and dropping dead letters.

A receiver (an SMTP server, a webhook) hands over a message with one call, which
returns once the broker has it on disk::

    from bouncekit.queue import Producer

    producer = Producer()
    producer.enqueue(raw_bytes, source="smtp:192.0.2.1").message_hash
    producer.enqueue_webhook("sparkpost", verified_body, content_type="application/json")

Celery, kombu and msgpack come with the ``queue`` extra (``pip install bouncekit[queue]``).
"""

from __future__ import annotations

from typing import Any

from bouncekit.queue.settings import QueueError, QueueSettings

__all__ = ["NotQueued", "Producer", "QueueError", "QueueSettings", "Queued", "QueuedBody"]


def __getattr__(name: str) -> Any:
    # The producer pulls in Celery and the store: imported on first use only, so that
    # commands that merely know about the queue start fast.
    if name in ("NotQueued", "Producer", "Queued", "QueuedBody"):
        from bouncekit.queue import producer

        return getattr(producer, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
