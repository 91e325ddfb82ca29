"""Running a worker process: the store, the metrics endpoint, then Celery's consumer loop.

One worker process uses at most one core (parsing is CPU work under the GIL); run one
per core, on as many machines as needed, all with the same environment. Its tasks run
in a few threads (Celery's ``threads`` pool): a task spends most of its time waiting for
the database, and meanwhile another parses. The main thread stays free to keep the
broker connection's heartbeats going while tasks wait for a database that is down.
"""

from __future__ import annotations

import socket

from bouncekit.metrics import Metrics
from bouncekit.queue.settings import QueueError, QueueSettings
from bouncekit.store import Store

#: Where a worker serves ``/metrics`` unless told otherwise.
DEFAULT_METRICS_PORT = 9808


def run_worker(
    store: Store,
    settings: QueueSettings | None = None,
    *,
    threads: int = 4,
    metrics_host: str = "127.0.0.1",
    metrics_port: int | None = DEFAULT_METRICS_PORT,
    loglevel: str = "INFO",
    name: str | None = None,
) -> None:
    """Consume the queue until stopped (SIGTERM or SIGINT: finish the tasks at hand first).

    ``store`` is where messages go; ``metrics_port`` None serves no metrics (0 picks a
    free port). Raises :class:`QueueError` when the broker cannot be reached at start.
    """
    from prometheus_client import start_http_server

    from bouncekit.queue.app import create_app
    from bouncekit.queue.delivery import Worker
    from bouncekit.queue.producer import Producer

    settings = settings or QueueSettings.from_env()
    app = create_app(settings)
    producer = Producer(settings, app=app)
    producer.declare()
    metrics = Metrics()
    metrics.watch_queues(producer.depths)
    app.bouncekit_worker = Worker(store, producer, settings, metrics)  # type: ignore[attr-defined]
    if metrics_port is not None:
        try:
            start_http_server(metrics_port, addr=metrics_host, registry=metrics.registry)
        except OSError as exc:
            where = f"{metrics_host}:{metrics_port}"
            raise QueueError(f"cannot serve metrics on {where}: {exc.strerror}") from None
    hostname = name or f"bouncekit@{socket.gethostname()}"
    app.worker_main([
        "worker", "--pool", "threads", "--concurrency", str(threads), "--queues", settings.queue,
        "--hostname", hostname, "--without-gossip", "--without-mingle", "--loglevel", loglevel,
    ])
