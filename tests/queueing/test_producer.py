"""Producer: messages onto a real RabbitMQ, the size limit at its edge, a broker that is away."""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor
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


def enqueue_during_a_publish(producer: Producer, first: bytes, others: list[bytes]) -> list:
    """Enqueue ``first``, and ``others`` from other threads while its publish is held until
    all of them wait behind it; what each call returned (or raised)."""
    publish = producer.publish_parcel
    together = producer._together

    def held(parcel: Parcel) -> None:
        if parcel.messages[0].source == "first":
            deadline = time.monotonic() + 10
            while len(together._waiting) < len(others):
                assert time.monotonic() < deadline, "the other calls never waited"
                time.sleep(0.001)
        publish(parcel)

    producer.publish_parcel = held  # type: ignore[method-assign]
    with ThreadPoolExecutor(len(others) + 1) as pool:
        calls = [pool.submit(producer.enqueue, first, source="first")]
        while not together._committing:
            time.sleep(0.0005)
        calls += [pool.submit(producer.enqueue, raw, source=f"m{i}") for i, raw in enumerate(others)]
        return [call.exception(timeout=30) or call.result() for call in calls]


def test_messages_enqueued_while_a_publish_waits_go_together_as_one_task(queue_settings) -> None:
    raw = corpus_bytes("lhost-exim-05.eml")
    others = [raw + b"\n%d" % i for i in range(5)]
    with Producer(queue_settings) as producer:
        queued = enqueue_during_a_publish(producer, raw, others)
    assert [q.message_hash for q in queued] == [message_hash(m) for m in [raw, *others]]
    tasks = [parcel for _, parcel in take_tasks(queue_settings)]
    assert [len(p.messages) for p in tasks] == [1, 5]
    grouped = sorted((m.source, m.data) for m in tasks[1].messages)
    assert grouped == [(f"m{i}", m) for i, m in enumerate(others)]
    # The group's received time is its earliest message's: after the first task's.
    assert tasks[0].received_at <= tasks[1].received_at <= datetime.now(UTC)


def test_a_group_larger_than_a_task_goes_as_several(queue_settings) -> None:
    others = [b"Subject: %d\n\n" % i + b"x" * 300_000 for i in range(5)]
    with Producer(queue_settings) as producer:
        enqueue_during_a_publish(producer, b"Subject: first\n\nx", others)
    tasks = [parcel for _, parcel in take_tasks(queue_settings)]
    # 1 MiB to a task: three of the 300 KB messages fit, the other two go in the next.
    assert [len(p.messages) for p in tasks] == [1, 3, 2]
    assert sorted(m.source for p in tasks[1:] for m in p.messages) == [f"m{i}" for i in range(5)]


def test_when_the_broker_refuses_a_groups_task_every_message_of_it_is_told(queue_settings) -> None:
    with Producer(queue_settings) as producer:
        publish = producer.publish_parcel

        def refuse_groups(parcel: Parcel) -> None:
            if len(parcel.messages) > 1:
                raise QueueError("cannot use the queue at amqp://...: connection reset")
            publish(parcel)

        producer.publish_parcel = refuse_groups  # type: ignore[method-assign]
        outcomes = enqueue_during_a_publish(producer, b"Subject: first\n\nx", [b"a", b"b", b"c"])
    assert outcomes[0].source == "first"
    assert [str(o) for o in outcomes[1:]] == ["cannot use the queue at amqp://...: connection reset"] * 3
    assert [len(p.messages) for _, p in take_tasks(queue_settings)] == [1]


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
