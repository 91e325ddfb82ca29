"""The receivers through the queue: ``smtpd --enqueue`` and ``POST /v1/webhooks/{esp}?async=true``.

Each test sends the same input to a receiver that stores in-process and to one that
enqueues (on a queue of the test's own, on the machine's RabbitMQ, with ``bouncekit
worker`` processes writing to a SQLite store), and compares the two stores: equal but
for the reception times (and the times derived from them) and the sources (an SMTP
source names the server's own id of the message). A broker that does not answer gets
``451`` from smtpd and ``503`` from the service, and a broker killed while messages
arrive loses none that was answered ``250``.
"""

from __future__ import annotations

import json
import os
import smtplib
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from bouncekit import webhooks
from bouncekit.queue import Producer, QueueSettings
from bouncekit.queue.dead import DeadKind, DeadLetters
from bouncekit.receive.webhooks.sns import CertificateSource
from bouncekit.service import create_app
from bouncekit.store import Store
from bouncekit.store.ingest import message_hash
from bouncekit.verp import Verp
from tests.conftest import CORPUS
from tests.queueing.conftest import wait_for
from tests.queueing.services import free_port
from tests.receive.test_smtpd import DOMAIN, SECRET, crlf
from tests.receive.test_smtpd import start as start_in_process
from tests.receive.webhooks.signing import FIXTURES, certificate_pem, sample, secret_for, sign
from tests.store.snapshot import snapshot, timeless

#: Bounces of the development corpus sent to both SMTP servers.
MESSAGES = 24
#: Seconds a new quorum queue is left before its broker is killed (see the test).
SETTLE = 15


@dataclass
class Smtpd:
    process: subprocess.Popen
    port: int
    spool: Path
    log: Path

    def send(self, rcpt: str, data: bytes, timeout: float = 30) -> tuple[int, bytes]:
        with smtplib.SMTP("127.0.0.1", self.port, timeout=timeout) as smtp:
            smtp.ehlo("mx.example.net")
            smtp.mail("<>")
            assert smtp.rcpt(rcpt)[0] == 250
            return smtp.data(data)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(5)


def start_enqueue(folder: Path, settings: QueueSettings, *extra: str) -> Smtpd:
    """``bouncekit smtpd --enqueue`` on a free port, publishing to ``settings``' queue."""
    folder.mkdir(parents=True, exist_ok=True)
    port, log = free_port(), folder / "smtpd.log"
    env = {**os.environ, "BOUNCEKIT_BROKER_URL": settings.broker_url, "BOUNCEKIT_QUEUE": settings.queue}
    process = subprocess.Popen(
        [sys.executable, "-m", "bouncekit", "smtpd", "--enqueue", "--listen", f"127.0.0.1:{port}",
         "--domain", DOMAIN, "--spool", str(folder / "spool"), *extra],
        env=env, stdout=subprocess.DEVNULL, stderr=log.open("wb"),
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        assert process.poll() is None, f"bouncekit smtpd exited: {log.read_text()}"
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1) as probe:
                if probe.recv(100).startswith(b"220"):
                    return Smtpd(process, port, folder / "spool", log)
        except OSError:
            time.sleep(0.1)
    process.kill()
    raise AssertionError(f"bouncekit smtpd --enqueue did not listen on {port}: {log.read_text()}")


def stored_count(url: str) -> int:
    """Messages in a SQLite store (0 before the store exists)."""
    import sqlite3

    path = url.removeprefix("sqlite:///")
    if not Path(path).exists():
        return 0
    with sqlite3.connect(path, timeout=10) as connection:
        try:
            return connection.execute("SELECT count(*) FROM messages").fetchone()[0]
        except sqlite3.OperationalError:  # the tables are being made
            return 0


def corpus_messages() -> list[bytes]:
    paths = sorted((CORPUS / "emails").glob("*.eml"))[:MESSAGES]
    return [crlf(path.read_bytes()) for path in paths]


def envelope() -> list[tuple[str, bytes]]:
    """What both servers receive: VERP bounces (signed), a forged VERP address, a bounce
    to postmaster, and an empty message."""
    verp = Verp(DOMAIN, secret=SECRET)
    sent = [(verp.encode(f"user{i}@example.com"), raw) for i, raw in enumerate(corpus_messages())]
    first = sent[0][1]
    sent.append((f"bounces+victim=example.com@{DOMAIN}", first + b"\r\nforged\r\n"))
    sent.append((f"postmaster@{DOMAIN}", first + b"\r\nto postmaster\r\n"))
    sent.append((f"postmaster@{DOMAIN}", b"\r\n"))
    return sent


def same_store(expected_url: str, actual_url: str, hashes: set[str]) -> None:
    """Equal but for times and sources."""
    expected, actual = timeless(snapshot(expected_url, hashes)), timeless(snapshot(actual_url, hashes))
    assert [key for key in expected if expected[key] != actual[key]] == []


def dead_entries(settings: QueueSettings):
    with Producer(settings) as producer:
        return DeadLetters(producer).list()


def test_smtpd_enqueue_stores_what_smtpd_stores(tmp_path, queue_settings, workers) -> None:
    secret = tmp_path / "verp.secret"
    secret.write_bytes(SECRET)
    reference_url = f"sqlite:///{tmp_path / 'smtpd.sqlite3'}"
    queued_url = f"sqlite:///{tmp_path / 'queued.sqlite3'}"
    (tmp_path / "in-process").mkdir()
    in_process = start_in_process(tmp_path / "in-process", "--verp-secret-file", str(secret),
                                  database=reference_url)
    queued = start_enqueue(tmp_path / "queued", queue_settings, "--verp-secret-file", str(secret))
    try:
        sent = envelope()
        for rcpt, raw in sent:
            with in_process.client() as smtp:
                assert smtp.sendmail("", [rcpt], raw) == {}
            code, text = queued.send(rcpt, raw)
            assert code == 250 and text.startswith(b"2.0.0 queued as "), (code, text)
        assert not list((queued.spool / "new").glob("*")), "--enqueue spools nothing"
        readable = len(sent) - 1
        wait_for(lambda: stored_count(reference_url) == readable, 60, "the in-process smtpd's store",
                 detail=lambda: f"{stored_count(reference_url)} of {readable} stored")
        workers.start(queue_settings, queued_url)
        wait_for(lambda: stored_count(queued_url) == readable, 120, "the worker's store",
                 detail=lambda: f"{stored_count(queued_url)} stored; {workers.log()}")
        wait_for(lambda: len(dead_entries(queue_settings)) == 1, 60, "the empty message's dead letter")
    finally:
        in_process.stop()
        queued.stop()
    [dead] = dead_entries(queue_settings)
    assert (dead.kind, dead.error) == (DeadKind.MESSAGE, f"{dead.sources[0]}: the message is empty")
    assert dead.sources[0].startswith("smtpd:")
    assert [f.error for f in in_process_failed(tmp_path / "in-process")] == [
        "cannot be decoded: the message is empty"]
    same_store(reference_url, queued_url, {message_hash(raw) for _, raw in sent})
    with Store.open(queued_url) as store:
        assert store.check("user0@example.com").suppressed  # the VERP address
        assert store.check("victim@example.com") is None  # a forged return path suppresses nothing


def in_process_failed(folder: Path):
    from bouncekit.receive.spool import Spool

    return Spool(folder / "spool").failed()


def test_smtpd_enqueue_answers_451_while_the_broker_does_not_answer(tmp_path) -> None:
    nowhere = QueueSettings(f"amqp://guest:guest@127.0.0.1:{free_port()}//", queue="bktest.nowhere")
    server = start_enqueue(tmp_path, nowhere)  # starts all the same: the broker may come later
    try:
        code, text = server.send(f"postmaster@{DOMAIN}", corpus_messages()[0])
    finally:
        server.stop()
    assert (code, text) == (451, b"4.3.0 cannot queue the message now, try again later")
    assert not list((server.spool / "new").glob("*"))  # not acknowledged, so not kept: the sender keeps it
    log = server.log.read_text()
    assert "messages are answered 451 until it answers" in log
    assert "cannot queue a message (answered 451): cannot use the queue at amqp://guest:***@127.0.0.1:" in log


def test_smtpd_enqueue_refuses_a_size_limit_above_the_queues(tmp_path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "bouncekit", "smtpd", "--enqueue", "--domain", DOMAIN, "--spool",
         str(tmp_path / "spool"), "--max-size", "2000"],
        env={**os.environ, "BOUNCEKIT_QUEUE_MAX_MESSAGE": "1999"}, capture_output=True, text=True, timeout=60)
    assert result.returncode == 1
    assert result.stderr.strip() == ("Error: --max-size 2000 is over the queue's limit of 1999 bytes "
                                     "(BOUNCEKIT_QUEUE_MAX_MESSAGE): lower it, or raise the queue's")


@pytest.fixture
def private_rabbit(tmp_path):
    from tests.queueing.services import PrivateRabbit, missing_rabbitmq

    problem = missing_rabbitmq()
    if problem:
        pytest.skip(f"cannot start a private RabbitMQ node to kill: {problem}")
    node = PrivateRabbit(tmp_path / "rabbit")
    node.start()
    yield node
    node.stop()


def test_a_broker_killed_while_smtpd_enqueue_receives_loses_nothing_acknowledged(
    tmp_path, private_rabbit, workers
) -> None:
    """A sender that keeps each message until 250 and retries on 451, as an MTA does; the
    broker is killed (SIGKILL) and started again in the middle."""
    settings = QueueSettings(broker_url=private_rabbit.url, queue="bouncekit")
    with Producer(settings) as producer:
        producer.declare()
    # RabbitMQ (3.10 on the development machine) forgets a quorum queue declared moments
    # before its node is SIGKILLed: it comes back empty, with no leader, and confirms
    # nothing. A queue some seconds old keeps every message it confirmed, so the queue
    # settles before the broker is killed (a deployment declares it once, long before).
    time.sleep(SETTLE)
    server = start_enqueue(tmp_path / "smtpd", settings)
    verp = Verp(DOMAIN)
    messages = [(f"user{i}@example.com", raw) for i, raw in enumerate(corpus_messages())]
    replies: list[tuple[int, int]] = []
    down = False
    try:
        for index, (address, raw) in enumerate(messages):
            if index == len(messages) // 3:
                private_rabbit.kill()
                down = True
            deadline = time.monotonic() + 120
            while True:
                code, _ = server.send(verp.encode(address), raw)
                replies.append((index, code))
                if code == 250:
                    break
                assert code == 451 and time.monotonic() < deadline, (code, server.log.read_text()[-2000:])
                if down and sum(1 for _, c in replies if c == 451) >= 3:
                    private_rabbit.start()  # back after a few refusals; the sender retries meanwhile
                    down = False
                time.sleep(0.5)
    finally:
        server.stop()
    refused = {index for index, code in replies if code == 451}
    assert refused, "the broker's death was never seen"
    assert {index for index, code in replies if code == 250} == set(range(len(messages)))
    url = f"sqlite:///{tmp_path / 'store.sqlite3'}"
    workers.start(settings, url)
    expected = len({message_hash(raw) for _, raw in messages})
    wait_for(lambda: stored_count(url) == expected, 120, "every message answered 250",
             detail=lambda: f"{stored_count(url)} of {expected}; {workers.log()}")
    with Store.open(url) as store:
        for address, _ in messages:
            assert store.check(address) is not None, address


# -- POST /v1/webhooks/{esp}?async=true -------------------------------------------------


@dataclass
class Hooks:
    """Two services with every ESP's secret: one stores at once, one queues."""

    sync: TestClient
    queued: TestClient
    sync_url: str
    queued_url: str
    confirmed: list[str]


def webhook_client(url: str, tmp_path: Path, confirmed: list[str]) -> TestClient:
    with Store.open(url) as store:
        for esp in webhooks.ESPS:
            store.set_webhook_secret(esp, secret_for(esp))
    pem = tmp_path / "sns.pem"
    pem.write_bytes(certificate_pem())
    app = create_app(url, key_ttl=0)
    app.state.webhooks.certificates = CertificateSource(pem)
    app.state.webhooks.confirm = confirmed.append  # no request leaves this machine
    return TestClient(app, base_url="https://bounces.example.org")


@pytest.fixture
def hooks(tmp_path, queue_settings, monkeypatch) -> Iterator[Hooks]:
    monkeypatch.setenv("BOUNCEKIT_BROKER_URL", queue_settings.broker_url)
    monkeypatch.setenv("BOUNCEKIT_QUEUE", queue_settings.queue)
    sync_url = f"sqlite:///{tmp_path / 'sync.sqlite3'}"
    queued_url = f"sqlite:///{tmp_path / 'queued.sqlite3'}"
    confirmed: list[str] = []
    with webhook_client(sync_url, tmp_path, confirmed) as sync, \
            webhook_client(queued_url, tmp_path, confirmed) as queued:
        yield Hooks(sync, queued, sync_url, queued_url, confirmed)


def nothing_queued(settings: QueueSettings) -> bool:
    with Producer(settings) as producer:
        producer.declare()
        return producer.depths() == [(settings.queue, 0), (settings.dead_queue, 0)]


def post(client: TestClient, esp: str, body: bytes, content_type: str, query: str = ""):
    signed = sign(esp, body, now=time.time(), content_type=content_type, query=query)
    return client.post(f"/v1/webhooks/{esp}{query}", content=signed.body, headers=signed.headers)


def test_async_webhooks_store_what_the_route_stores(hooks: Hooks, queue_settings, workers) -> None:
    for esp in webhooks.ESPS:
        body, content_type = sample(esp)
        assert post(hooks.sync, esp, body, content_type).status_code == 200
        response = post(hooks.queued, esp, body, content_type, "?async=true")
        assert response.status_code == 202, response.text
        answer = response.json()
        assert answer["queued"] is True and answer["esp"] == esp and answer["source"] == f"webhook:{esp}"
        assert len(answer["body_hash"]) == 64
    # A body whose credentials are right but that no worker can read (basic auth signs no body).
    broken = post(hooks.queued, "sparkpost", b'[{"msys": ', "application/json", "?async=true")
    assert broken.status_code == 202
    with Store.open(hooks.queued_url) as store:
        assert store.stats(by="event") == []  # nothing stored by the service itself
    workers.start(queue_settings, hooks.queued_url)
    expected = stored_count(hooks.sync_url)
    wait_for(lambda: stored_count(hooks.queued_url) == expected, 120, f"{expected} events stored",
             detail=lambda: f"{stored_count(hooks.queued_url)} stored; {workers.log()}")
    wait_for(lambda: len(dead_entries(queue_settings)) == 1, 60, "the unreadable body's dead letter")
    assert timeless(snapshot(hooks.queued_url)) == timeless(snapshot(hooks.sync_url))
    [dead] = dead_entries(queue_settings)
    assert (dead.kind, dead.id, dead.sources, dead.attempts) == (
        DeadKind.WEBHOOK, broken.json()["body_hash"], ("webhook:sparkpost",), 1)
    assert dead.error.startswith("sparkpost: the body is not valid JSON")
    assert dead.to_dict()["esp"] == "sparkpost"
    # Retried, it goes back to a worker, which cannot read it either.
    with Producer(queue_settings) as producer:
        assert [e.id for e in DeadLetters(producer).retry([dead.id[:12]]).done] == [dead.id]
    wait_for(lambda: [e.id for e in dead_entries(queue_settings)] == [dead.id], 60, "the body dead again")


def test_an_sns_subscription_is_confirmed_at_once_even_when_async(hooks: Hooks, queue_settings) -> None:
    body = (FIXTURES / "amazon_ses/subscription_confirmation.json").read_bytes()
    response = post(hooks.queued, "amazon_ses", body, "text/plain", "?async=true")
    assert response.status_code == 200 and response.json()["subscription"] == "confirmed"
    assert hooks.confirmed == [json.loads(body)["SubscribeURL"]]
    assert nothing_queued(queue_settings)


def test_async_webhooks_are_verified_first(hooks: Hooks, queue_settings) -> None:
    body, content_type = sample("postmark")
    response = hooks.queued.post("/v1/webhooks/postmark?async=true", content=body,
                                 headers={"content-type": content_type, "authorization": "Basic eDp5"})
    assert response.status_code == 401
    assert nothing_queued(queue_settings)


def test_async_webhooks_with_a_broker_that_does_not_answer_get_503(hooks: Hooks, monkeypatch) -> None:
    monkeypatch.setenv("BOUNCEKIT_BROKER_URL", f"amqp://guest:guest@127.0.0.1:{free_port()}//")
    with webhook_client(hooks.queued_url, Path(hooks.queued_url.removeprefix("sqlite:///")).parent,
                        []) as client:
        body, content_type = sample("postmark")
        response = post(client, "postmark", body, content_type, "?async=true")
    assert response.status_code == 503
    assert response.json() == {"error": "the queue is busy or unreachable; try again"}


def test_async_webhooks_without_a_broker_named_are_stored_at_once(hooks: Hooks, monkeypatch) -> None:
    monkeypatch.delenv("BOUNCEKIT_BROKER_URL")
    body, content_type = sample("postmark")
    response = post(hooks.queued, "postmark", body, content_type, "?async=true")
    assert response.status_code == 200 and response.json()["stored"] == 1
