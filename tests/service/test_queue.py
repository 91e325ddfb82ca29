"""``POST /v1/messages?async=true`` on a real broker, and ``GET /metrics``."""

from __future__ import annotations

import pytest
from prometheus_client.parser import text_string_to_metric_families
from tests.conftest import corpus_bytes
from tests.queueing.conftest import broker_url, queue_settings  # noqa: F401 - fixtures
from tests.queueing.services import free_port
from tests.queueing.test_producer import take_tasks

from bouncekit.store.ingest import message_hash

RFC822 = {"Content-Type": "message/rfc822"}
BOUNCE = corpus_bytes("lhost-postfix-03.eml")


@pytest.fixture
def queue_env(queue_settings, monkeypatch):  # noqa: F811
    monkeypatch.setenv("BOUNCEKIT_BROKER_URL", queue_settings.broker_url)
    monkeypatch.setenv("BOUNCEKIT_QUEUE", queue_settings.queue)
    return queue_settings


def metric(client, name: str, **labels: str) -> float | None:
    response = client.get("/metrics")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/plain; version=0.0.4")
    for family in text_string_to_metric_families(response.text):
        for sample in family.samples:
            if sample.name == name and sample.labels == labels:
                return sample.value
    return None


def test_async_answers_202_with_the_hash_once_the_broker_has_the_message(client, queue_env) -> None:
    response = client.post("/v1/messages?async=true", content=BOUNCE, headers=RFC822)
    assert response.status_code == 202
    assert response.json() == {"queued": True, "message_hash": message_hash(BOUNCE), "source": "api:tests",
                               "size": len(BOUNCE)}
    [(_, parcel)] = take_tasks(queue_env)
    assert [(m.data, m.source) for m in parcel.messages] == [(BOUNCE, "api:tests")]
    assert metric(client, "bouncekit_messages_queued_total") == 1
    # Nothing is stored by the service itself: a worker will.
    assert client.get("/v1/suppressions/kijitora@example.net").status_code == 404


def test_a_dry_run_wins_over_async(client, queue_env) -> None:
    response = client.post("/v1/messages?async=true&dry_run=true", content=BOUNCE, headers=RFC822)
    assert response.status_code == 200
    assert response.json()["dry_run"] is True
    assert metric(client, "bouncekit_messages_queued_total") == 0


def test_a_service_without_a_broker_named_stores_at_once(client, monkeypatch) -> None:
    monkeypatch.delenv("BOUNCEKIT_BROKER_URL", raising=False)
    response = client.post("/v1/messages?async=true", content=BOUNCE, headers=RFC822)
    assert response.status_code == 200
    assert response.json()["stored"] is True
    assert client.get("/v1/suppressions/kijitora@example.net").json()["state"] == "suppressed"


def test_a_message_over_the_queues_limit_gets_413(client, queue_env, monkeypatch) -> None:
    monkeypatch.setenv("BOUNCEKIT_QUEUE_MAX_MESSAGE", str(len(BOUNCE) - 1))
    response = client.post("/v1/messages?async=true", content=BOUNCE, headers=RFC822)
    assert response.status_code == 413
    assert response.json()["error"].startswith(f"the message is {len(BOUNCE)} bytes, over the queue's limit")


def test_a_broker_that_does_not_answer_gets_503(client, monkeypatch) -> None:
    monkeypatch.setenv("BOUNCEKIT_BROKER_URL", f"amqp://guest:secret@127.0.0.1:{free_port()}//")
    response = client.post("/v1/messages?async=true", content=BOUNCE, headers=RFC822)
    assert response.status_code == 503
    assert response.json() == {"error": "the queue is busy or unreachable; try again"}
    assert metric(client, "bouncekit_failures_total", kind="queue") == 1


def test_metrics_count_what_the_service_stored(client, anonymous) -> None:
    assert client.post("/v1/messages", content=BOUNCE, headers=RFC822).status_code == 200
    assert client.post("/v1/messages", content=BOUNCE, headers=RFC822).json()["duplicate"] is True
    assert metric(client, "bouncekit_messages_ingested_total", outcome="stored") == 1
    assert metric(client, "bouncekit_messages_ingested_total", outcome="duplicate") == 1
    assert metric(client, "bouncekit_records_total", **{"class": "10", "event": "bounce"}) == 1
    assert anonymous.get("/metrics").status_code == 200  # no key: for the monitoring network


def test_metrics_give_the_queue_depth_when_a_broker_is_configured(client, queue_env) -> None:
    assert client.post("/v1/messages?async=true", content=BOUNCE, headers=RFC822).status_code == 202
    assert metric(client, "bouncekit_queue_depth", queue=queue_env.queue) == 1
    assert metric(client, "bouncekit_queue_depth", queue=queue_env.dead_queue) == 0
