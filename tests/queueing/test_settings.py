"""QueueSettings: the environment, read and checked."""

from __future__ import annotations

import pytest

from bouncekit.queue.settings import DEFAULT_MAX_MESSAGE, QueueError, QueueSettings


def test_defaults_when_nothing_is_set() -> None:
    settings = QueueSettings.from_env({})
    assert settings.broker_url == "amqp://guest:guest@127.0.0.1:5672//"
    assert (settings.queue, settings.dead_queue) == ("bouncekit", "bouncekit.dead")
    assert (settings.prefetch, settings.max_attempts, settings.database_wait) == (4, 5, 600.0)
    assert settings.max_message == DEFAULT_MAX_MESSAGE == 15 * 1024 * 1024


def test_every_variable_is_read() -> None:
    settings = QueueSettings.from_env({
        "BOUNCEKIT_BROKER_URL": "amqps://u:secret@mq.example.net:5671/prod",
        "BOUNCEKIT_QUEUE": "bounces",
        "BOUNCEKIT_QUEUE_PREFETCH": "2",
        "BOUNCEKIT_QUEUE_MAX_ATTEMPTS": "3",
        "BOUNCEKIT_QUEUE_DATABASE_WAIT": "1.5",
        "BOUNCEKIT_QUEUE_MAX_MESSAGE": "1000",
    })
    assert settings == QueueSettings("amqps://u:secret@mq.example.net:5671/prod", "bounces", 2, 3, 1.5, 1000)
    assert settings.safe_broker_url == "amqps://u:***@mq.example.net:5671/prod"


@pytest.mark.parametrize(("variable", "value", "words"), [
    ("BOUNCEKIT_BROKER_URL", "redis://localhost", "BOUNCEKIT_BROKER_URL must be an amqp:// or amqps:// URL"),
    ("BOUNCEKIT_QUEUE", "no spaces", "BOUNCEKIT_QUEUE must be 1-201 letters"),
    ("BOUNCEKIT_QUEUE_PREFETCH", "0", "BOUNCEKIT_QUEUE_PREFETCH must be a whole number of at least 1, not 0"),
    ("BOUNCEKIT_QUEUE_MAX_ATTEMPTS", "many", "BOUNCEKIT_QUEUE_MAX_ATTEMPTS must be a number, not 'many'"),
    ("BOUNCEKIT_QUEUE_DATABASE_WAIT", "1501", "BOUNCEKIT_QUEUE_DATABASE_WAIT must be from 0 to 1500 seconds"),
    ("BOUNCEKIT_QUEUE_MAX_MESSAGE", "0", "BOUNCEKIT_QUEUE_MAX_MESSAGE must be a whole number of at least 1"),
])
def test_a_bad_value_is_named_with_its_variable(variable: str, value: str, words: str) -> None:
    with pytest.raises(QueueError) as caught:
        QueueSettings.from_env({variable: value})
    assert words in str(caught.value)


def test_the_database_wait_edges() -> None:
    assert QueueSettings(database_wait=0).database_wait == 0
    assert QueueSettings(database_wait=1500).database_wait == 1500
    with pytest.raises(QueueError):
        QueueSettings(database_wait=-0.1)
