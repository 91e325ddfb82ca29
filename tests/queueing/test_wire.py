"""What a task and a dead letter carry: written, read back, and refused when malformed."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from bouncekit.queue.wire import DeadLetter, Parcel, PayloadError, QueuedMessage
from bouncekit.store.ingest import message_hash
from tests.conftest import corpus_bytes

WHEN = datetime(2026, 1, 1, 12, tzinfo=UTC)


def test_a_parcel_survives_its_arguments() -> None:
    raw = corpus_bytes("lhost-postfix-03.eml")
    parcel = Parcel((QueuedMessage(raw, "a.eml"), QueuedMessage(b"\xff\x00binary", "b")), WHEN, 2)
    assert Parcel.from_args(parcel.to_args()) == parcel
    assert parcel.messages[0].hash == message_hash(raw)
    assert parcel.size == len(raw) + 8


def test_a_time_with_an_offset_becomes_utc() -> None:
    eastern = datetime(2026, 1, 1, 21, tzinfo=timezone(timedelta(hours=9)))
    parcel = Parcel.from_args([[[b"x", "s"]], eastern.isoformat(), 0])
    assert parcel.received_at == WHEN and parcel.received_at.tzinfo is UTC


@pytest.mark.parametrize(("args", "words"), [
    ([], "takes [messages, received_at, attempt], not []"),
    ([[], WHEN.isoformat(), 0], "must be a non-empty list, not []"),
    ([[["text, not bytes", "s"]], WHEN.isoformat(), 0], "message 1 of the task is not [bytes, source]"),
    ([[[b"x", 7]], WHEN.isoformat(), 0], "message 1 of the task is not [bytes, source]"),
    ([[[b"x", "s"]], "yesterday", 0], "received_at must be an ISO 8601 time, not 'yesterday'"),
    ([[[b"x", "s"]], WHEN.isoformat(), -1], "the attempt count of a task must be 0 or more, not -1"),
    ([[[b"x", "s"]], WHEN.isoformat(), True], "the attempt count of a task must be 0 or more, not True"),
])
def test_malformed_arguments_say_what_is_wrong(args, words: str) -> None:
    with pytest.raises(PayloadError) as caught:
        Parcel.from_args(args)
    assert words in str(caught.value)


def test_a_dead_letter_survives_its_headers() -> None:
    letter = DeadLetter(QueuedMessage(b"raw", "smtp:192.0.2.1"), WHEN, "the message is empty", 5,
                        WHEN + timedelta(minutes=3))
    headers = letter.headers()
    assert headers["x-bouncekit-hash"] == message_hash(b"raw")
    assert DeadLetter.from_amqp(b"raw", headers) == letter


def test_a_message_without_the_headers_is_no_dead_letter_of_ours() -> None:
    with pytest.raises(PayloadError, match="x-bouncekit-"):
        DeadLetter.from_amqp(b"raw", {"task": "bouncekit.ingest"})
