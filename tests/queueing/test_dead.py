"""The dead-letter queue on a real broker: list without change, retry, drop, by id prefix."""

from __future__ import annotations

import time
from datetime import UTC, datetime

import msgpack
import pytest
from kombu import Connection

from bouncekit.queue import Producer, QueueError
from bouncekit.queue.app import main_queue
from bouncekit.queue.dead import DeadKind, DeadLetters
from bouncekit.queue.wire import DeadLetter, Parcel, QueuedMessage
from tests.queueing.conftest import wait_for
from tests.queueing.test_producer import take_tasks

WHEN = datetime(2026, 1, 1, 12, tzinfo=UTC)
EMPTY = QueuedMessage(b"", "empty.eml")
ONE_BYTE = QueuedMessage(b"x", "one-byte.eml")


def reject_next(queue) -> None:
    """Take the next message of ``queue`` and reject it: RabbitMQ dead-letters it."""
    deadline = time.monotonic() + 10
    while (message := queue.get(no_ack=False)) is None:
        assert time.monotonic() < deadline, "the message never arrived"
        time.sleep(0.01)
    message.reject(requeue=False)


def wait_dead(producer: Producer, count: int) -> None:
    """Wait for RabbitMQ's dead-lettering, which happens after the reject returns."""
    deadline = time.monotonic() + 30
    while producer.depths()[1][1] < count:
        assert time.monotonic() < deadline, f"{producer.depths()} never reached {count} dead letters"
        time.sleep(0.02)


def publish_junk(settings, channel, ident: str) -> None:
    from kombu import Producer as AmqpProducer

    AmqpProducer(channel).publish(
        msgpack.packb([[1, 2], {}, {}]), exchange=settings.queue, routing_key=settings.queue,
        content_type="application/x-msgpack", content_encoding="binary",
        headers={"task": "bouncekit.ingest", "id": ident})


@pytest.fixture
def letters(queue_settings):
    """A dead-letter queue holding two worker dead letters, a task RabbitMQ dead-lettered
    (rejected) and something unreadable."""
    with Producer(queue_settings) as producer:
        for message in (EMPTY, ONE_BYTE):
            producer.publish_dead_letter(DeadLetter(message, WHEN, f"{message.source}: the message is empty",
                                                    1, WHEN))
        producer.publish_parcel(Parcel((QueuedMessage(b"Subject: hi\n\nbody", "rejected.eml"),), WHEN))
        with Connection(queue_settings.broker_url) as connection:
            channel = connection.channel()
            queue = main_queue(queue_settings)(channel)
            reject_next(queue)
            publish_junk(queue_settings, channel, "bad-arguments-0001")
            reject_next(queue)
        wait_dead(producer, 4)
        yield DeadLetters(producer)


def test_list_names_every_entry_and_leaves_the_queue_as_it_was(letters, queue_settings) -> None:
    entries = letters.list()
    assert [(e.kind, e.sources) for e in entries] == [
        (DeadKind.MESSAGE, ("empty.eml",)),
        (DeadKind.MESSAGE, ("one-byte.eml",)),
        (DeadKind.TASK, ("rejected.eml",)),
        (DeadKind.UNREADABLE, ()),
    ]
    assert entries[0].id == EMPTY.hash and entries[0].error == "empty.eml: the message is empty"
    assert entries[2].error == "rejected by a worker that could not read it"
    assert entries[2].failed_at is not None
    assert entries[3].id == "bad-arguments-0001"
    assert entries[3].error.startswith("its payload cannot be read (a bouncekit.ingest task takes")
    assert letters.list() == entries  # nothing taken
    # The letters a listing held go back when its channel closes, which the broker
    # finishes a moment after the client let go.
    expected = [(queue_settings.queue, 0), (queue_settings.dead_queue, 4)]
    wait_for(lambda: letters.producer.depths() == expected, 10, "the listed letters back in the queue",
             detail=lambda: str(letters.producer.depths()))


def test_retry_by_prefix_puts_the_message_back_as_a_fresh_task(letters, queue_settings) -> None:
    done = letters.retry([ONE_BYTE.hash[:10], "bad-arguments"])
    assert [e.sources for e in done.done] == [("one-byte.eml",)]
    assert [(e.id, why) for e, why in done.refused] == [
        ("bad-arguments-0001", f"it cannot be retried ({done.refused[0][0].error}); drop it")]
    [(_, parcel)] = take_tasks(queue_settings)
    assert (parcel.messages, parcel.received_at, parcel.attempt) == ((ONE_BYTE,), WHEN, 0)
    assert len(letters.list()) == 3


def test_retry_all_skips_only_what_cannot_be_retried(letters, queue_settings) -> None:
    done = letters.retry(None)
    assert len(done.done) == 3 and len(done.refused) == 1
    assert sorted(m.source for _, p in take_tasks(queue_settings) for m in p.messages) == [
        "empty.eml", "one-byte.eml", "rejected.eml"]
    assert [e.kind for e in letters.list()] == [DeadKind.UNREADABLE]


def test_drop_removes_for_good(letters) -> None:
    assert [e.id for e in letters.drop([EMPTY.hash]).done] == [EMPTY.hash]
    assert len(letters.drop(None).done) == 3
    assert letters.list() == []


def test_ids_that_name_nothing_or_too_much(letters) -> None:
    assert letters.drop(["ffffffffffff"]).unknown == ("ffffffffffff",)
    with pytest.raises(QueueError, match="give 8 or more of its characters"):
        letters.drop(["abc"])
    assert len(letters.list()) == 4


def test_an_ambiguous_prefix_is_refused(letters, queue_settings) -> None:
    with Connection(queue_settings.broker_url) as connection:
        channel = connection.channel()
        publish_junk(queue_settings, channel, "bad-arguments-0002")
        reject_next(main_queue(queue_settings)(channel))
    wait_dead(letters.producer, 5)
    with pytest.raises(QueueError, match="'bad-arguments' names 2 dead letters; give more of the id"):
        letters.drop(["bad-arguments"])
    assert len(letters.drop(["bad-arguments-0002"]).done) == 1


def test_a_task_delivered_too_often_is_dead_lettered_by_rabbitmq(queue_settings) -> None:
    from bouncekit.queue.app import REDELIVERY_LIMIT

    with Producer(queue_settings) as producer:
        producer.publish_parcel(Parcel((QueuedMessage(b"Subject: crash\n\nx", "crash.eml"),), WHEN))
        with Connection(queue_settings.broker_url) as connection:
            queue = main_queue(queue_settings)(connection.channel())
            deliveries = 0
            deadline = time.monotonic() + 30
            while time.monotonic() < deadline:
                message = queue.get(no_ack=False)
                if message is None:
                    if deliveries > REDELIVERY_LIMIT:
                        break
                    time.sleep(0.01)
                    continue
                deliveries += 1
                message.requeue()  # as a worker that died with it would leave it
        wait_dead(producer, 1)
        [entry] = DeadLetters(producer).list()
    assert deliveries == REDELIVERY_LIMIT + 1
    assert entry.kind is DeadKind.TASK and entry.sources == ("crash.eml",)
    assert entry.error.startswith("delivered too many times without being acknowledged")
