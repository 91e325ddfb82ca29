"""Fixtures of the queue tests: a real broker, real databases, worker processes.

The broker is the machine's RabbitMQ on 127.0.0.1:5672 (each test has queues of its
own, deleted afterwards); the store a PostgreSQL database from the store tests'
fixtures. Tests that restart a server use private ones (:mod:`tests.queueing.services`).
Where a server cannot be had, the tests that need it skip and say why.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, func, select

from bouncekit.queue import QueueSettings
from bouncekit.sources import RawMessage, iter_messages
from bouncekit.store import Store
from bouncekit.store.schema import messages
from tests.conftest import CORPUS
from tests.store import conftest as store_fixtures
from tests.store.snapshot import several_sources, snapshot

postgres_admin = store_fixtures.postgres_admin
postgres_template = store_fixtures.postgres_template
postgres_url = store_fixtures.postgres_url

BROKER_URL = "amqp://guest:guest@127.0.0.1:5672//"
ROOT = Path(__file__).resolve().parents[2]
#: The reception time every test run gives its messages, so that the times derived from
#: it (events without a date, suppressions) are equal in the stores compared.
RECEIVED = datetime(2026, 1, 1, 12, tzinfo=UTC)
#: Seconds to wait for a dead letter. A task a worker rejects is forwarded to the
#: dead-letter queue by RabbitMQ at least once: a forward the dead-letter queue does not
#: confirm is sent again after ``dead_letter_worker_publisher_confirm_timeout`` (180 s by
#: default), so on a loaded broker a rejected task can take over three minutes to arrive.
DEAD_LETTER_WAIT = 240


def broker_problem(url: str) -> str | None:
    from kombu import Connection

    try:
        with Connection(url, connect_timeout=3) as connection:
            connection.ensure_connection(max_retries=1, timeout=3)
    except Exception as exc:  # any failure to connect means "no broker here"
        return f"{type(exc).__name__}: {exc}"
    return None


@pytest.fixture(scope="session")
def broker_url() -> str:
    problem = broker_problem(BROKER_URL)
    if problem:
        pytest.skip(f"RabbitMQ is not reachable on 127.0.0.1:5672 ({problem}): skipping the queue tests "
                    "that need a broker")
    return BROKER_URL


def delete_queues(settings: QueueSettings) -> None:
    from kombu import Connection

    try:
        with Connection(settings.broker_url, connect_timeout=3) as connection:
            channel = connection.channel()
            for name in (settings.queue, settings.dead_queue):
                channel.queue_delete(name)
                channel.exchange_delete(name)
    except Exception:  # a broker stopped by the test: its queues went with it
        pass


@pytest.fixture
def queue_settings(broker_url: str) -> Iterator[QueueSettings]:
    """Settings naming queues of this test's own on the machine's broker."""
    settings = QueueSettings(broker_url=broker_url, queue=f"bktest.{uuid.uuid4().hex[:10]}")
    yield settings
    delete_queues(settings)


@pytest.fixture(scope="session")
def corpus_inputs() -> list[RawMessage]:
    """The development corpus, message by message (mboxes split), in path order."""
    return list(iter_messages([str(CORPUS)]))


@pytest.fixture(scope="session")
def corpus_duplicates(corpus_inputs: list[RawMessage]) -> set[str]:
    return several_sources(corpus_inputs)


@pytest.fixture(scope="session")
def reference(postgres_admin, postgres_template, corpus_inputs, corpus_duplicates) -> dict[str, list]:
    """The store a plain single-process ingest of the corpus makes (the expected result)."""
    name = postgres_admin.create(postgres_template)
    url = store_fixtures.pg_url(name)
    try:
        with Store.open(url) as store:
            for _ in store.ingest_many(corpus_inputs, received_at=RECEIVED):
                pass
        return snapshot(url, corpus_duplicates)
    finally:
        postgres_admin.drop(name)


_engines: dict[str, Any] = {}


def stored_count(url: str) -> int:
    """Messages in the store; -1 while the database does not answer."""
    engine = _engines.get(url)
    if engine is None:
        engine = _engines[url] = create_engine(url, pool_pre_ping=True, pool_size=1,
                                               connect_args={"connect_timeout": 3})
    try:
        with engine.connect() as connection:
            return connection.execute(select(func.count()).select_from(messages)).scalar_one()
    except Exception:  # a database being restarted: nothing to count now
        return -1


def distinct_readable(inputs: list[RawMessage]) -> int:
    from bouncekit.api import parse
    from bouncekit.errors import BounceError
    from bouncekit.store.ingest import message_hash

    hashes = set()
    for item in inputs:
        if item.error:
            continue
        try:
            parse(item.data)
        except BounceError:
            continue
        hashes.add(message_hash(item.data))
    return len(hashes)


class Workers:
    """``bouncekit worker`` processes of one test, stopped at its end."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.processes: list[subprocess.Popen] = []

    def start(self, settings: QueueSettings, database_url: str, **env: str) -> subprocess.Popen:
        log = self.folder / f"worker-{len(self.processes)}.log"
        environment = {
            **os.environ,
            "BOUNCEKIT_BROKER_URL": settings.broker_url,
            "BOUNCEKIT_QUEUE": settings.queue,
            "BOUNCEKIT_QUEUE_PREFETCH": str(settings.prefetch),
            "BOUNCEKIT_QUEUE_MAX_ATTEMPTS": str(settings.max_attempts),
            "BOUNCEKIT_QUEUE_DATABASE_WAIT": str(settings.database_wait),
            "BOUNCEKIT_DATABASE_URL": database_url,
            "PYTHONPATH": str(ROOT),
            **env,
        }
        environment.pop("BOUNCEKIT_POLICY", None)
        process = subprocess.Popen(
            [sys.executable, "-m", "bouncekit", "worker", "--no-metrics", "--loglevel", "WARNING",
             "--name", f"test{len(self.processes)}@{uuid.uuid4().hex[:6]}"],
            env=environment, stdout=log.open("wb"), stderr=subprocess.STDOUT, cwd=ROOT,
        )
        self.processes.append(process)
        return process

    def log(self, index: int = -1) -> str:
        path = self.folder / f"worker-{index % len(self.processes)}.log"
        return path.read_text(errors="replace")[-4000:] if path.exists() else ""

    def stop_all(self) -> None:
        for process in self.processes:
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
        for process in self.processes:
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


@pytest.fixture
def workers(tmp_path: Path) -> Iterator[Workers]:
    running = Workers(tmp_path)
    yield running
    running.stop_all()
    for engine in _engines.values():
        engine.dispose()
    _engines.clear()


def wait_for(
    condition: Callable[[], bool], timeout: float, what: str, *, detail: Callable[[], str] = str
) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.05)
    raise AssertionError(f"timed out after {timeout:g} s waiting for {what}: {detail()}")
