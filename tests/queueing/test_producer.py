"""Producer: messages onto a real RabbitMQ, the size limit at its edge, a broker that is away."""

from __future__ import annotations

import time
from datetime import UTC, datetime

import pytest
from kombu import Connection

from bouncekit.errors import MessageTooLargeError, StoreError
from bouncekit.queue import NotQueued, Producer, QueueError, QueueSettings
from bouncekit.queue.app import main_queue
from bouncekit.queue.settings import DEFAULT_MAX_MESSAGE
from bouncekit.queue.wire import TASK_NAME, Parcel
from bouncekit.sources import RawMessage
from bouncekit.store.ingest import message_hash
from tests.conftest import corpus_bytes
from tests.queueing.services import PrivateRabbit, free_port, missing_rabbitmq

WHEN = datetime(2026, 1, 1, 12, tzinfo=UTC)


def take_tasks(settings: QueueSettings) -> list[tuple[dict, Parcel]]:
    """Every task waiting in the queue (headers, payload), removed from it."""
    tasks = []
    with Connection(settings.broker_url) as connection:
        queue = main_queue(settings)(connection.channel())
        while (message := queue.get(no_ack=True, accept=["msgpack"])) is not None:
            args, kwargs, _ = message.decode()
            tasks.append((message.headers, Parcel.from_args(args)))
            assert kwargs == {}
    return tasks


def test_enqueue_puts_one_task_with_the_bytes_on_the_queue(queue_settings: QueueSettings) -> None:
    raw = corpus_bytes("lhost-postfix-03.eml")
    with Producer(queue_settings) as producer:
        queued = producer.enqueue(raw, source="smtp:192.0.2.1", received_at=WHEN)
        assert producer.depths() == [(queue_settings.queue, 1), (queue_settings.dead_queue, 0)]
    assert queued.message_hash == message_hash(raw) and queued.size == len(raw)
    [(headers, parcel)] = take_tasks(queue_settings)
    assert headers["task"] == TASK_NAME
    assert [(m.data, m.source) for m in parcel.messages] == [(raw, "smtp:192.0.2.1")]
    assert (parcel.received_at, parcel.attempt) == (WHEN, 0)


def test_enqueue_many_packs_messages_and_reports_what_it_could_not_queue(queue_settings) -> None:
    raw = corpus_bytes("lhost-exim-05.eml")
    inputs = [RawMessage(f"m{i}", None, raw + b"\n%d" % i) for i in range(12)]
    inputs.insert(7, RawMessage("broken.gz", None, b"", error="not a gzip file"))
    small = QueueSettings(queue_settings.broker_url, queue_settings.queue, max_message=10_000)
    with Producer(small) as producer:
        inputs.insert(3, RawMessage("huge.eml", None, b"x" * 10_001))
        outcomes = list(producer.enqueue_many(inputs, received_at=WHEN, parcel_messages=5))
    assert [o.source for o in outcomes] == [i.source for i in inputs]
    refused = [o for o in outcomes if isinstance(o, NotQueued)]
    assert [r.error for r in refused] == [
        "huge.eml: the message is 10001 bytes, over the queue's limit of 10000 bytes; "
        "ingest it without the queue",
        "broken.gz: not a gzip file",
    ]
    parcels = [parcel for _, parcel in take_tasks(queue_settings)]
    # In order, at most five to a task, a refused message closing the task before it.
    assert [[m.source for m in p.messages] for p in parcels] == [
        ["m0", "m1", "m2"], ["m3", "m4", "m5", "m6"], ["m7", "m8", "m9", "m10", "m11"]]


def test_the_size_limit_at_its_edge(queue_settings: QueueSettings) -> None:
    assert queue_settings.max_message == DEFAULT_MAX_MESSAGE
    with Producer(queue_settings) as producer:
        edge = producer.enqueue(b"X" * DEFAULT_MAX_MESSAGE, source="edge")
        with pytest.raises(MessageTooLargeError) as caught:
            producer.enqueue(b"X" * (DEFAULT_MAX_MESSAGE + 1), source="over")
    assert edge.size == 15 * 1024 * 1024
    assert str(caught.value) == ("the message is 15728641 bytes, over the queue's limit of 15728640 bytes; "
                                 "ingest it without the queue")
    assert caught.value.http_status == 413
    [(_, parcel)] = take_tasks(queue_settings)
    assert len(parcel.messages[0].data) == DEFAULT_MAX_MESSAGE


def test_values_that_are_not_messages_are_refused(queue_settings) -> None:
    with Producer(queue_settings) as producer:
        with pytest.raises(StoreError, match="a raw message must be bytes, not str"):
            producer.enqueue("text", source="s")  # type: ignore[arg-type]
        with pytest.raises(StoreError, match="the source of a message must be a str, not int"):
            producer.enqueue(b"x", source=7)  # type: ignore[arg-type]


def test_a_broker_that_does_not_answer_is_reported_within_seconds() -> None:
    port = free_port()
    producer = Producer(QueueSettings(broker_url=f"amqp://guest:secret@127.0.0.1:{port}//"))
    started = time.monotonic()
    with pytest.raises(QueueError) as caught:
        producer.enqueue(b"x", source="s")
    assert time.monotonic() - started < 15
    assert str(caught.value).startswith(f"cannot use the queue at amqp://guest:***@127.0.0.1:{port}//: ")
    assert "secret" not in str(caught.value)


def test_above_the_brokers_own_limit_the_publish_fails_with_its_reason(tmp_path) -> None:
    problem = missing_rabbitmq()
    if problem:
        pytest.skip(f"cannot start a private RabbitMQ node with a small max_message_size: {problem}")
    node = PrivateRabbit(tmp_path / "rabbit", config="max_message_size = 65536\n")
    node.start()
    try:
        # Configured above what this broker takes: the broker refuses, the producer says so.
        with Producer(QueueSettings(broker_url=node.url, max_message=1_000_000)) as producer:
            producer.enqueue(b"x" * 60_000, source="fits")
            with pytest.raises(QueueError) as caught:
                producer.enqueue(b"x" * 70_000, source="too big for the broker")
            assert "larger than configured max size 65536" in str(caught.value)
            assert producer.depths()[0][1] == 1
    finally:
        node.stop()
