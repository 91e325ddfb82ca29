"""The worker's decisions on a real store: store, wait for the database, retry, dead-letter.

The broker side is a recording publisher (what the worker would send back to RabbitMQ)
so that each decision can be checked exactly; the tests of test_faults.py run the same
code against a real broker. A store that fails for one chosen message stands for a
message the database refuses.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from bouncekit.queue.delivery import FIRST_BACKOFF, MAX_BACKOFF, Worker
from bouncekit.queue.settings import QueueSettings
from bouncekit.queue.wire import DeadLetter, Parcel, QueuedMessage
from bouncekit.store import Store
from tests.conftest import corpus_bytes

WHEN = datetime(2026, 1, 1, 12, tzinfo=UTC)
GOOD = [QueuedMessage(corpus_bytes(name), name) for name in
        ("lhost-postfix-03.eml", "lhost-exim-05.eml", "arf-02.eml")]


class Recorder:
    """What a worker publishes: tasks put back on the queue, dead letters."""

    def __init__(self) -> None:
        self.parcels: list[Parcel] = []
        self.dead: list[DeadLetter] = []

    def publish_parcel(self, parcel: Parcel) -> None:
        self.parcels.append(parcel)

    def publish_dead_letter(self, letter: DeadLetter) -> None:
        self.dead.append(letter)


class Refusing(Store):
    """A real store whose database refuses any transaction holding the source ``refuse``."""

    refuse = "poison"
    groups: list[int]

    def ingest_batch(self, items, *, received_at=None, **options):
        self.groups.append(len(items))
        if any(source == self.refuse for _, source in items):
            raise RuntimeError("value too long for type character varying(16)")
        return super().ingest_batch(items, received_at=received_at, **options)


@pytest.fixture
def store(tmp_path: Path):
    with Refusing.open(f"sqlite:///{tmp_path / 'q.sqlite3'}") as opened:
        opened.groups = []
        yield opened


def worker(store: Store, **settings) -> tuple[Worker, Recorder]:
    recorder = Recorder()
    return Worker(store, recorder, QueueSettings(**settings), sleep=lambda s: None), recorder


def test_a_parcel_is_stored_in_one_transaction_and_again_changes_nothing(store) -> None:
    work, sent = worker(store)
    first = work.handle(Parcel(tuple(GOOD), WHEN))
    assert [r.source for r in first.stored] == [m.source for m in GOOD]
    assert store.groups == [3]
    again = work.handle(Parcel(tuple(GOOD), WHEN), redelivered=True)
    assert (again.stored, again.duplicates) == ((), 3)
    assert store.groups == [3, 1, 1, 1]  # a redelivered task goes one message per transaction
    assert sent.parcels == [] and sent.dead == []
    assert sum(r.records for r in store.stats(by="event")) == sum(len(r.records) for r in first.stored)


def test_an_unreadable_message_is_dead_lettered_at_once_and_the_rest_stored(store) -> None:
    work, sent = worker(store)
    done = work.handle(Parcel((GOOD[0], QueuedMessage(b"", "empty.eml"), GOOD[1]), WHEN))
    assert len(done.stored) == 2
    assert [(d.message.source, d.attempts, d.error) for d in sent.dead] == [
        ("empty.eml", 1, "empty.eml: the message is empty")]
    assert sent.parcels == []


def test_a_message_the_database_refuses_costs_only_itself_and_is_tried_again(store) -> None:
    work, sent = worker(store)
    poison = QueuedMessage(b"From: a@example.org\n\nhello", "poison")
    done = work.handle(Parcel((GOOD[0], poison, GOOD[1]), WHEN, attempt=1))
    assert [r.source for r in done.stored] == [GOOD[0].source, GOOD[1].source]
    assert store.groups == [3, 1, 1, 1]
    assert [(p.messages, p.attempt, p.received_at) for p in sent.parcels] == [((poison,), 2, WHEN)]
    assert "value too long" in done.retried[0][1]
    assert sent.dead == []


def test_after_max_attempts_a_failing_message_is_dead_lettered(store) -> None:
    work, sent = worker(store, max_attempts=3)
    poison = QueuedMessage(b"From: a@example.org\n\nhello", "poison")
    work.handle(Parcel((poison,), WHEN, attempt=2))
    assert sent.parcels == []
    [letter] = sent.dead
    assert (letter.message, letter.attempts, letter.received_at) == (poison, 3, WHEN)
    assert letter.error.startswith("cannot store the message (RuntimeError: value too long")
    assert letter.error.endswith("(attempt 3 of 3)")


@pytest.fixture
def postgres():
    from tests.queueing.services import PrivatePostgres, missing_postgres

    problem = missing_postgres()
    if problem:
        pytest.skip(f"cannot start a private PostgreSQL cluster to stop: {problem}")
    cluster = PrivatePostgres()
    try:
        cluster.start()
        yield cluster
    finally:
        cluster.remove()


def test_while_the_database_is_down_the_worker_waits_with_backoff_then_gives_the_attempt_up(postgres) -> None:
    url = postgres.create_database("bouncekit")
    with Store.open(url) as store:
        postgres.stop()
        pauses: list[float] = []
        now = [0.0]

        def sleep(seconds: float) -> None:  # time passes only in the pauses
            pauses.append(seconds)
            now[0] += seconds

        sent = Recorder()
        work = Worker(store, sent, QueueSettings(database_wait=100), sleep=sleep, clock=lambda: now[0])
        done = work.handle(Parcel(tuple(GOOD), WHEN))
        assert done.waited_for_database and done.stored == ()
        # Doubling from 0.5 s, at most 30 s, and the last pause ends with the 100 s wait.
        assert pauses == [FIRST_BACKOFF, 1, 2, 4, 8, 16, MAX_BACKOFF, MAX_BACKOFF, 8.5]
        [parcel] = sent.parcels
        assert (parcel.messages, parcel.attempt) == (tuple(GOOD), 1)
        assert "the database did not answer for 100 s" in done.retried[0][1]


def test_a_database_back_within_the_wait_gets_the_messages(postgres) -> None:
    url = postgres.create_database("bouncekit")
    with Store.open(url) as store:
        postgres.stop()
        sent = Recorder()

        def pause(seconds: float) -> None:
            postgres.start()  # the database comes back during the first pause

        work = Worker(store, sent, QueueSettings(database_wait=60), sleep=pause)
        done = work.handle(Parcel(tuple(GOOD), WHEN))
        assert done.waited_for_database
        assert len(done.stored) == 3 and sent.parcels == [] and sent.dead == []
