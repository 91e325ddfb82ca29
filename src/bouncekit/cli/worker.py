"""``bouncekit worker``: a Celery worker that stores what producers put on the queue."""

from __future__ import annotations

import click

from bouncekit.cli.database import open_store
from bouncekit.cli.ruleset import rules_option
from bouncekit.errors import BounceError


@click.command("worker")
@click.option("--threads", type=click.IntRange(1, 64), default=4, show_default=True,
              help="Tasks run at once in this process: while one waits for the database another "
                   "parses. Parsing holds one core, so run one worker process per core.")
@click.option("--metrics-host", default="127.0.0.1", show_default=True,
              help="Address the /metrics endpoint listens on.")
@click.option("--metrics-port", type=click.IntRange(0, 65535), default=9808, show_default=True,
              help="Port of the /metrics endpoint (Prometheus text format).")
@click.option("--no-metrics", is_flag=True, help="Serve no /metrics endpoint.")
@click.option("--loglevel", type=click.Choice(["DEBUG", "INFO", "WARNING", "ERROR"], case_sensitive=False),
              default="WARNING", show_default=True,
              help="Log level (INFO logs every task).")
@click.option("--name", default=None, help="The worker's name [default: bouncekit@HOSTNAME].")
@rules_option
@click.pass_context
def command(ctx: click.Context, threads: int, metrics_host: str, metrics_port: int, no_metrics: bool,
            loglevel: str, name: str | None, rules) -> None:
    """Store the messages that producers put on the queue (Celery on RabbitMQ).

    The broker is BOUNCEKIT_BROKER_URL (default amqp://guest:guest@127.0.0.1:5672//),
    the store the global --database (BOUNCEKIT_DATABASE_URL). Each task's messages are
    stored in one transaction and the task is acknowledged after it commits, so a
    worker that dies loses nothing and a redelivered task changes nothing. While the
    database is down the worker waits for it; a message that fails 5 times
    (BOUNCEKIT_QUEUE_MAX_ATTEMPTS), or cannot be read, goes to the dead-letter queue
    (see `bouncekit queue dead`). Run one worker process per core, on any number of
    machines; SIGTERM stops a worker after the tasks at hand. Give the workers the
    service's --rules FILE (or BOUNCEKIT_RULES), so that queued messages and webhooks are
    classified as those the service stores at once.

    \b
    Example:
        BOUNCEKIT_DATABASE_URL=postgresql://bouncekit@db/bouncekit bouncekit worker --metrics-port 9808
    """
    from bouncekit.queue.settings import QueueSettings
    from bouncekit.queue.worker import run_worker

    try:
        settings = QueueSettings.from_env()
    except BounceError as exc:
        raise click.ClickException(str(exc)) from None
    store = open_store(ctx, create=True, rules=rules)  # a worker stores, as ingest does
    try:
        run_worker(store, settings, threads=threads, metrics_host=metrics_host,
                   metrics_port=None if no_metrics else metrics_port, loglevel=loglevel.upper(), name=name)
    except BounceError as exc:
        raise click.ClickException(str(exc)) from None
