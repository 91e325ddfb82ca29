"""The corpus through the queue equals a plain single-process ingest, whatever goes wrong.

Each test sends the development corpus through RabbitMQ to ``bouncekit worker``
processes writing to PostgreSQL, breaks something in the middle, lets the run finish
and compares the whole store (messages, records, addresses and their suppression,
history, block counts, every grouping of the stats) with the store a plain
``ingest`` of the same corpus makes. The two unreadable messages of the corpus end in
the dead-letter queue.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys

import pytest

from bouncekit.queue import Producer, QueueSettings
from bouncekit.queue.dead import DeadKind, DeadLetters
from tests.queueing.conftest import (
    DEAD_LETTER_WAIT,
    RECEIVED,
    ROOT,
    broker_problem,
    distinct_readable,
    stored_count,
    wait_for,
)
from tests.store.snapshot import differences, snapshot

#: Messages per task in these tests: small, so that a run has many tasks to break.
PARCEL = 5
#: The corpus folder's LICENSE and README.md, an empty message, an empty part and a part
#: without header fields: each is refused as no email message and becomes a dead letter.
UNREADABLE_IN_CORPUS = 5


def produce(settings: QueueSettings, inputs) -> None:
    with Producer(settings) as producer:
        for _ in producer.enqueue_many(inputs, received_at=RECEIVED, parcel_messages=PARCEL):
            pass


def dead_entries(settings: QueueSettings):
    with Producer(settings) as producer:
        return DeadLetters(producer).list()


def finish(settings, url, expected: int, dead: int, workers, timeout: float = 240) -> None:
    """Wait until the store holds every message and the dead letters are in place."""
    wait_for(lambda: stored_count(url) == expected, timeout, f"{expected} stored messages",
             detail=lambda: f"{stored_count(url)} stored; worker log: {workers.log()}")
    wait_for(lambda: len(dead_entries(settings)) == dead, DEAD_LETTER_WAIT, f"{dead} dead letters",
             detail=lambda: f"{[e.error for e in dead_entries(settings)]}; queues: {queue_depths(settings)}; "
                            f"worker log: {workers.log()}")
    (work, left), (dead_queue, _) = queue_depths(settings)
    assert (work, left, dead_queue) == (settings.queue, 0, settings.dead_queue)
    # At least once: a task redelivered after its worker died may dead-letter a message
    # again; the copies are listed once (checked above). A quorum queue counts the letters
    # the listing just gave back a moment after its channel closed: waited for, briefly.
    wait_for(lambda: queue_depths(settings)[1][1] >= dead, 30, f"{dead} dead letters held",
             detail=lambda: f"queues: {queue_depths(settings)}")


def queue_problem(settings: QueueSettings) -> str | None:
    """Why the work and dead-letter queues cannot be used now, or None."""
    from bouncekit.queue import QueueError

    try:
        queue_depths(settings)
    except QueueError as exc:
        return str(exc)
    return None


def queue_depths(settings: QueueSettings) -> list[tuple[str, int]]:
    with Producer(settings) as producer:
        return producer.depths()


def assert_same_store(url, reference, duplicates) -> None:
    assert differences(reference, snapshot(url, duplicates)) == []


def test_a_worker_killed_mid_batch(queue_settings, postgres_url, workers, corpus_inputs, reference,
                                   corpus_duplicates) -> None:
    expected = distinct_readable(corpus_inputs)
    produce(queue_settings, corpus_inputs)
    victim = workers.start(queue_settings, postgres_url)
    wait_for(lambda: stored_count(postgres_url) > 0, 120, "the first messages stored", detail=workers.log)
    os.kill(victim.pid, signal.SIGKILL)
    assert victim.wait(timeout=30) == -signal.SIGKILL
    assert 0 < stored_count(postgres_url) < expected  # it died with work left to redo
    workers.start(queue_settings, postgres_url)
    finish(queue_settings, postgres_url, expected, UNREADABLE_IN_CORPUS, workers)
    assert_same_store(postgres_url, reference, corpus_duplicates)
    assert {e.kind for e in dead_entries(queue_settings)} == {DeadKind.MESSAGE}


@pytest.fixture
def private_rabbit(tmp_path):
    from tests.queueing.services import PrivateRabbit, missing_rabbitmq

    problem = missing_rabbitmq()
    if problem:
        pytest.skip(f"cannot start a private RabbitMQ node to restart: {problem}")
    node = PrivateRabbit(tmp_path / "rabbit")
    node.start()
    yield node
    node.stop()


@pytest.fixture
def private_postgres():
    from tests.queueing.services import PrivatePostgres, missing_postgres

    problem = missing_postgres()
    if problem:
        pytest.skip(f"cannot start a private PostgreSQL cluster to restart: {problem}")
    cluster = PrivatePostgres()
    try:
        cluster.start()
        yield cluster
    finally:
        cluster.remove()


def test_rabbitmq_restarted_mid_run(private_rabbit, postgres_url, workers, corpus_inputs, reference,
                                    corpus_duplicates, tmp_path) -> None:
    settings = QueueSettings(broker_url=private_rabbit.url, queue="bouncekit")
    expected = distinct_readable(corpus_inputs)
    produce(settings, corpus_inputs)
    workers.start(settings, postgres_url)
    wait_for(lambda: stored_count(postgres_url) > 0, 120, "the first messages stored", detail=workers.log)
    private_rabbit.kill()  # the queue is on disk: its messages, unacknowledged ones too, survive
    assert stored_count(postgres_url) < expected  # killed with work left
    private_rabbit.start()
    # A node that took its port back but refuses AMQP would otherwise surface as a slow
    # worker 240 s later; this names the broker and shows its log instead.
    wait_for(lambda: broker_problem(private_rabbit.url) is None, 120,
             "the restarted broker to accept connections",
             detail=lambda: f"{broker_problem(private_rabbit.url)}; node log: {private_rabbit.log_tail()}")
    # A node that accepts connections may still be recovering its quorum queues (their
    # operations time out meanwhile): the queues themselves must answer before the
    # workers' progress is judged, or a broker that never recovers them shows here.
    wait_for(lambda: queue_problem(settings) is None, 120, "the restarted broker's queues to answer",
             detail=lambda: f"{queue_problem(settings)}; node log: {private_rabbit.log_tail()}")
    finish(settings, postgres_url, expected, UNREADABLE_IN_CORPUS, workers)
    assert_same_store(postgres_url, reference, corpus_duplicates)


def test_postgresql_restarted_mid_run(private_postgres, queue_settings, workers, corpus_inputs, reference,
                                      corpus_duplicates) -> None:
    from bouncekit.store import Store

    url = private_postgres.create_database("bouncekit")
    Store.open(url).close()
    expected = distinct_readable(corpus_inputs)
    produce(queue_settings, corpus_inputs)
    workers.start(queue_settings, url)
    wait_for(lambda: stored_count(url) > 0, 120, "the first messages stored", detail=workers.log)
    private_postgres.stop("fast")  # connections cut, a transaction in flight rolled back
    down = stored_count(url)
    assert down == -1
    # Down until a worker meets it: a database back before the worker's ping would make
    # the failure look like the message's own, and the wait would go untested.
    wait_for(lambda: "waiting for it" in workers.log(), 60, "a worker waiting for the database",
             detail=workers.log)
    private_postgres.start()
    assert stored_count(url) < expected
    finish(queue_settings, url, expected, UNREADABLE_IN_CORPUS, workers)
    assert_same_store(url, reference, corpus_duplicates)


def test_two_workers_and_two_producers_with_overlapping_inputs(
    queue_settings, postgres_url, workers, corpus_inputs, reference, corpus_duplicates
) -> None:
    expected = distinct_readable(corpus_inputs)
    total = len(corpus_inputs)
    workers.start(queue_settings, postgres_url)
    workers.start(queue_settings, postgres_url)
    producers = [
        subprocess.Popen([sys.executable, "-m", "tests.queueing.produce", queue_settings.queue,
                          queue_settings.broker_url, str(first), str(last)], cwd=ROOT,
                         stderr=subprocess.PIPE)
        for first, last in ((0, total * 2 // 3), (total // 3, total))
    ]
    for producer in producers:
        assert producer.wait(timeout=120) == 0, producer.stderr.read().decode() if producer.stderr else ""
    # The overlap was queued twice and the two unreadable messages are in both halves' overlap
    # or one half; each is stored once, and each unreadable copy is dead-lettered.
    dead = sum(1 for item in corpus_inputs[total // 3: total * 2 // 3] if len(item.data) <= 1)
    finish(queue_settings, postgres_url, expected, UNREADABLE_IN_CORPUS + dead, workers)
    assert_same_store(postgres_url, reference, corpus_duplicates)


def publish_poison(settings: QueueSettings) -> int:
    """Put on the queue, as a broken producer might, tasks no worker can use; how many."""
    import msgpack
    from kombu import Connection

    poison = [
        # No task at all: bytes of no known content type.
        {"body": b"\x00\x01 not a task", "content_type": "application/octet-stream", "headers": {}},
        # The right task with arguments of the wrong shape.
        {"body": msgpack.packb([[["not bytes", 1]], {}, {}]), "content_type": "application/x-msgpack",
         "headers": {"task": "bouncekit.ingest", "id": "poison-arguments"}},
        # A task this deployment does not know.
        {"body": msgpack.packb([[], {}, {}]), "content_type": "application/x-msgpack",
         "headers": {"task": "someone.else", "id": "poison-unknown-task"}},
        # A body that does not decode.
        {"body": b"\xc1\xc1\xc1", "content_type": "application/x-msgpack",
         "headers": {"task": "bouncekit.ingest", "id": "poison-undecodable"}},
    ]
    with Connection(settings.broker_url) as connection:
        producer = connection.Producer()
        for item in poison:
            producer.publish(item["body"], exchange=settings.queue, routing_key=settings.queue,
                             content_type=item["content_type"], content_encoding="binary",
                             headers=item["headers"], delivery_mode=2)
    return len(poison)


def test_poison_in_the_stream(queue_settings, postgres_url, workers, corpus_inputs, reference,
                              corpus_duplicates) -> None:
    expected = distinct_readable(corpus_inputs)
    half = len(corpus_inputs) // 2
    produce(queue_settings, corpus_inputs[:1])  # declares the queues
    workers.start(queue_settings, postgres_url)
    produce(queue_settings, corpus_inputs[1:half])
    poisoned = publish_poison(queue_settings)
    produce(queue_settings, corpus_inputs[half:])
    finish(queue_settings, postgres_url, expected, UNREADABLE_IN_CORPUS + poisoned, workers)
    assert_same_store(postgres_url, reference, corpus_duplicates)
    entries = dead_entries(queue_settings)
    by_kind = {kind: [e for e in entries if e.kind is kind] for kind in DeadKind}
    assert sorted(m.source.rpartition("/")[2] for e in by_kind[DeadKind.MESSAGE] for m in e.messages) == [
        "LICENSE", "README.md", "size-0", "size-1", "size-2"]
    assert all("the message is empty" in e.error or "not an email message" in e.error
               for e in by_kind[DeadKind.MESSAGE])
    assert len(by_kind[DeadKind.UNREADABLE]) == poisoned
    assert {e.id for e in by_kind[DeadKind.UNREADABLE]} >= {"poison-arguments", "poison-unknown-task",
                                                            "poison-undecodable"}
