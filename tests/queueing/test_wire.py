"""What a task and a dead letter carry: written, read back, and refused when malformed."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from bouncekit.queue.wire import (
    DeadLetter,
    Parcel,
    PayloadError,
    QueuedMessage,
    QueuedWebhook,
    WebhookParcel,
)
from bouncekit.store import ReturnPath
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


def test_a_return_path_travels_as_a_third_element_only_when_there_is_one() -> None:
    verp = QueuedMessage(b"x", "smtpd:1", ReturnPath("jo@example.com"))
    distrusted = QueuedMessage(b"y", "smtpd:2", ReturnPath(distrust="the signed VERP tag is missing"))
    plain = QueuedMessage(b"z", "a.eml")
    parcel = Parcel((verp, distrusted, plain), WHEN)
    messages = parcel.to_args()[0]
    assert messages == [[b"x", "smtpd:1", {"original_recipient": "jo@example.com"}],
                        [b"y", "smtpd:2", {"distrust": "the signed VERP tag is missing"}],
                        [b"z", "a.eml"]]  # what a version-1 worker reads
    assert Parcel.from_args(parcel.to_args()) == parcel


def test_a_version_1_parcel_is_read_and_unknown_return_path_keys_are_ignored() -> None:
    old = Parcel.from_args([[[b"x", "s"]], WHEN.isoformat(), 0])
    assert old.messages == (QueuedMessage(b"x", "s"),) and old.messages[0].return_path is None
    later = Parcel.from_args([[[b"x", "s", {"original_recipient": "jo@example.com", "spf": "pass"}]],
                              WHEN.isoformat(), 0])
    assert later.messages[0].return_path == ReturnPath("jo@example.com")
    empty = Parcel.from_args([[[b"x", "s", {}]], WHEN.isoformat(), 0])
    assert empty.messages[0].return_path is None


@pytest.mark.parametrize(("item", "words"), [
    ([b"x", "s", "jo@example.com"], "the return path of message 1 must be a map, not 'jo@example.com'"),
    ([b"x", "s", {"original_recipient": 7}], "original_recipient must be text, not 7"),
    ([b"x", "s", {}, "more"], "message 1 of the task is not [bytes, source] or [bytes, source, return_path]"),
])
def test_a_malformed_return_path_says_what_is_wrong(item, words: str) -> None:
    with pytest.raises(PayloadError) as caught:
        Parcel.from_args([[item], WHEN.isoformat(), 0])
    assert words in str(caught.value)


def test_a_webhook_parcel_survives_its_arguments() -> None:
    hook = QueuedWebhook("sparkpost", b'[{"msys": {}}]', "application/json", "webhook:sparkpost")
    parcel = WebhookParcel(hook, WHEN, 3)
    assert parcel.to_args() == [["sparkpost", b'[{"msys": {}}]', "application/json", "webhook:sparkpost"],
                                WHEN.isoformat(), 3]
    assert WebhookParcel.from_args(parcel.to_args()) == parcel
    form = QueuedWebhook("mandrill", b"mandrill_events=%5B%5D", None, "webhook:mandrill")
    untyped = WebhookParcel(form, WHEN)
    assert WebhookParcel.from_args(untyped.to_args()) == untyped
    assert hook.hash != QueuedWebhook("postmark", hook.data, None, "x").hash  # the ESP is part of it


@pytest.mark.parametrize(("args", "words"), [
    ([["sparkpost", b"[]", None, "s"], WHEN.isoformat()], "takes [webhook, received_at, attempt]"),
    ([["sparkpost", "text", None, "s"], WHEN.isoformat(), 0], "is not [esp, bytes, content_type, source]"),
    ([["sparkpost", b"[]", 1, "s"], WHEN.isoformat(), 0], "is not [esp, bytes, content_type, source]"),
    ([["sparkpost", b"[]", None, "s"], WHEN.isoformat(), -2], "must be 0 or more, not -2"),
])
def test_malformed_webhook_arguments_say_what_is_wrong(args, words: str) -> None:
    with pytest.raises(PayloadError) as caught:
        WebhookParcel.from_args(args)
    assert words in str(caught.value)


def test_dead_letters_keep_a_return_path_and_a_webhook_body() -> None:
    later = WHEN + timedelta(minutes=3)
    verp = DeadLetter(QueuedMessage(b"raw", "smtpd:1", ReturnPath("jo@example.com")), WHEN, "why", 5, later)
    assert verp.headers()["x-bouncekit-original-recipient"] == "jo@example.com"
    assert DeadLetter.from_amqp(b"raw", verp.headers()) == verp
    distrusted = DeadLetter(QueuedMessage(b"raw", "smtpd:2", ReturnPath(distrust="tag missing")), WHEN, "why",
                            1, later)
    assert DeadLetter.from_amqp(b"raw", distrusted.headers()) == distrusted
    hook = QueuedWebhook("postmark", b"{not json", "application/json", "webhook:postmark")
    webhook = DeadLetter(hook, WHEN, "postmark: the body is not valid JSON", 1, later)
    headers = webhook.headers()
    assert (headers["x-bouncekit-kind"], headers["x-bouncekit-esp"], headers["x-bouncekit-hash"]) == (
        "webhook", "postmark", hook.hash)
    assert webhook.content_type == "application/octet-stream"
    assert DeadLetter.from_amqp(hook.data, headers) == webhook
    # A dead letter written before version 2 has no kind: a message.
    old = {k: v for k, v in DeadLetter(QueuedMessage(b"raw", "a"), WHEN, "why", 1, later).headers().items()
           if k != "x-bouncekit-kind"}
    assert DeadLetter.from_amqp(b"raw", old).message == QueuedMessage(b"raw", "a")
