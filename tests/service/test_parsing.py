"""Decoding in the service: in worker processes, within a time budget per message, and
never in the way of other requests. A runaway decoder (tests/runaway.py) stands in for
a message that is slow to decode."""

from __future__ import annotations

import threading
import time

import httpx
from fastapi import FastAPI
from fastapi.testclient import TestClient
from tests.conftest import corpus_bytes
from tests.runaway import runaway_parse

from bouncekit.api import classify
from bouncekit.service import create_app
from bouncekit.service.parsing import INLINE_TEXT, Decoder
from bouncekit.store import Store

MESSAGE = corpus_bytes("lhost-postfix-03.eml")


def runaway_app(store: Store, *, budget: float, workers: int = 2) -> FastAPI:
    app = create_app(store, key_ttl=0, parse_budget=budget, parse_workers=workers)
    app.state.decoder = Decoder(workers=workers, budget=budget, parse=runaway_parse)
    return app


def test_a_message_over_the_budget_is_answered_and_recorded_as_failed(store: Store, key: str) -> None:
    with TestClient(runaway_app(store, budget=0.5), headers={"Authorization": f"Bearer {key}"}) as client:
        started = time.monotonic()
        response = client.post("/v1/messages", content=MESSAGE, headers={"Content-Type": "message/rfc822"})
        assert time.monotonic() - started < 5
        assert response.status_code == 422
        error = "decoding took longer than the time budget of 0.5 s and was stopped"
        assert response.json() == {"error": error}
        [failed] = store.failures()
        assert (failed.source, failed.size, failed.error) == ("api:tests", len(MESSAGE), error)
        # A dry run stores nothing, its failure neither.
        dry = client.post("/v1/messages", content=MESSAGE, params={"dry_run": True},
                          headers={"Content-Type": "message/rfc822"})
        assert dry.status_code == 422
        assert len(store.failures()) == 1
    assert store.stats() == []


def test_messages_are_decoded_in_workers_as_in_process(client: TestClient) -> None:
    response = client.post("/v1/messages", content=MESSAGE, headers={"Content-Type": "message/rfc822"})
    assert response.status_code == 200
    assert [r["recipient"] for r in response.json()["records"]] == ["kijitora@example.net"]
    long_text = "550 5.1.1 <jo@example.com>: Recipient address rejected: User unknown " + "x" * INLINE_TEXT
    classified = client.post("/v1/classify", json={"text": long_text})
    assert classified.status_code == 200
    assert classified.json() == classify(long_text).to_dict()


def test_other_requests_are_served_while_a_message_is_decoded(store: Store, key: str, serve) -> None:
    app = runaway_app(store, budget=10)
    app.state.decoder.start()  # as `bouncekit serve` does: both workers ready before the first request
    with serve(app) as (host, port):
        base = f"http://{host}:{port}"
        auth = {"Authorization": f"Bearer {key}"}
        slow: list[httpx.Response] = []

        def post_slow() -> None:
            slow.append(httpx.post(f"{base}/v1/messages", content=MESSAGE, timeout=30,
                                   headers={**auth, "Content-Type": "message/rfc822"}))

        poster = threading.Thread(target=post_slow)
        long_text = "452 4.2.2 Mailbox full " + "y" * INLINE_TEXT
        with httpx.Client(base_url=base, headers=auth, timeout=30) as client:
            # Warm: the connection, the key, the rules, both workers.
            for text in ("550 5.1.1 User unknown", long_text):
                assert client.post("/v1/classify", json={"text": text}).status_code == 200
            started = time.monotonic()
            poster.start()
            time.sleep(1)  # the message is in its worker by now, and stuck there
            times = []
            for text in ["550 5.1.1 User unknown"] * 20 + [long_text]:
                before = time.monotonic()
                answer = client.post("/v1/classify", json={"text": text})
                times.append(time.monotonic() - before)
                assert answer.status_code == 200
            health = client.get("/healthz")
            assert health.status_code == 200
        assert poster.is_alive(), "the slow message was answered before the others were asked"
        # Every answer came at once, the long text's too (from the second worker); the
        # bound leaves room for a busy machine, far below the 10 s the message is given.
        assert max(times) < 3.0, times
        poster.join(30)
        assert slow[0].status_code == 422
        assert 9.5 < time.monotonic() - started < 30
