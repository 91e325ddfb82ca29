"""Operational metrics in the Prometheus text format, for the service and the workers.

One :class:`Metrics` per process holds the counters; ``/metrics`` renders them. The
names (each counter also has Prometheus' ``_total`` suffix):

- ``bouncekit_messages_ingested_total{outcome}``: messages that reached the store,
  ``stored`` (new) or ``duplicate`` (stored before: a repeat, or a redelivery);
- ``bouncekit_records_total{class,event}``: records of the newly stored messages
  (``class`` is the code, ``none`` for deliveries and complaints);
- ``bouncekit_failures_total{kind}``: ``unreadable`` messages, tasks that found the
  ``database`` down (and waited for it), messages whose storing failed otherwise
  (``error``), messages ``retried`` and ``dead_lettered``, ``rejected`` tasks no worker
  could read, and on the service publishes that found the ``queue`` unreachable;
- ``bouncekit_messages_queued_total``: messages a producer put on the queue;
- ``bouncekit_task_seconds``: time a worker spent on each task (a histogram);
- ``bouncekit_queue_depth{queue}``: messages ready in the work and dead-letter queues,
  asked of the broker when scraped (absent where no broker is configured).

Under several processes of one server (``bouncekit serve --workers N``) the counters
are shared through prometheus_client's multiprocess mode: set
``PROMETHEUS_MULTIPROC_DIR`` to an empty folder (``serve`` does it for N > 1).
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Sequence

from prometheus_client import CollectorRegistry, Counter, Histogram, disable_created_metrics, generate_latest
from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.multiprocess import MultiProcessCollector

from bouncekit.model import Record

# The *_created series (each counter's creation time) only double what is scraped.
disable_created_metrics()

#: The Content-Type of the text format.
CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"
MULTIPROC_ENV = "PROMETHEUS_MULTIPROC_DIR"
#: How long a queue depth read from the broker is reused (scrapes come every few seconds).
DEPTH_CACHE_SECONDS = 2.0
#: Buckets of the task-time histogram, in seconds.
TASK_BUCKETS = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 60.0, 600.0)


class Metrics:
    """The counters of one process; :meth:`render` gives the exposition text."""

    def __init__(self) -> None:
        self.registry = CollectorRegistry(auto_describe=True)
        self.messages = Counter("bouncekit_messages_ingested", "Messages that reached the store.",
                                ["outcome"], registry=self.registry)
        self.records = Counter("bouncekit_records", "Records of newly stored messages.",
                               ["class", "event"], registry=self.registry)
        self.failures = Counter("bouncekit_failures", "Messages or tasks that failed, by kind.",
                                ["kind"], registry=self.registry)
        self.queued = Counter("bouncekit_messages_queued", "Messages put on the queue.",
                              registry=self.registry)
        self.task_seconds = Histogram("bouncekit_task_seconds", "Time spent on each task.",
                                      buckets=TASK_BUCKETS, registry=self.registry)
        self._depth: QueueDepth | None = None

    def ingested(self, duplicate: bool, records: Sequence[Record]) -> None:
        """Count one message that reached the store, and its records when it was new."""
        self.messages.labels("duplicate" if duplicate else "stored").inc()
        if duplicate:
            return
        for record in records:
            code = "none" if record.bounce_class is None else str(int(record.bounce_class))
            self.records.labels(code, str(record.event)).inc()

    def failed(self, kind: str, count: int = 1) -> None:
        """Count ``count`` failures of one kind."""
        if count:
            self.failures.labels(kind).inc(count)

    def watch_queues(self, read: Callable[[], Iterable[tuple[str, int]]]) -> None:
        """Report ``bouncekit_queue_depth`` from ``read()`` (``(queue, ready messages)``
        pairs), called at most every :data:`DEPTH_CACHE_SECONDS` when scraped."""
        if self._depth is None:
            self._depth = QueueDepth(read)
            self.registry.register(self._depth)

    def render(self) -> bytes:
        """The metrics in the Prometheus text format."""
        folder = os.environ.get(MULTIPROC_ENV)
        if not folder:
            return generate_latest(self.registry)
        # Several processes: their counters live in files in the folder.
        merged = CollectorRegistry()
        MultiProcessCollector(merged, path=folder)
        if self._depth is not None:
            merged.register(self._depth)
        return generate_latest(merged)


class QueueDepth:
    """A collector asking the broker, at scrape time, how many messages wait."""

    def __init__(self, read: Callable[[], Iterable[tuple[str, int]]]) -> None:
        self._read = read
        self._lock = threading.Lock()
        self._cached: list[tuple[str, int]] = []
        self._at = float("-inf")

    def describe(self) -> list[Metric]:
        return [GaugeMetricFamily("bouncekit_queue_depth", "Messages ready in a queue.", labels=["queue"])]

    def collect(self) -> Iterator[Metric]:
        with self._lock:
            if time.monotonic() - self._at > DEPTH_CACHE_SECONDS:
                try:
                    self._cached = list(self._read())
                except Exception:  # a broker that does not answer: no depth, never a failed scrape
                    self._cached = []
                self._at = time.monotonic()
            values = list(self._cached)
        family = GaugeMetricFamily("bouncekit_queue_depth", "Messages ready in a queue.", labels=["queue"])
        for queue, depth in values:
            family.add_metric([queue], depth)
        yield family
