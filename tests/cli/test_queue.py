"""The queue from the command line: ingest --enqueue, fetch --enqueue, worker, queue dead."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import urllib.request
from datetime import UTC, datetime

import pytest
from click.testing import CliRunner

from bouncekit.cli import main
from bouncekit.queue import Producer
from bouncekit.queue.wire import DeadLetter, QueuedMessage
from tests.cli.test_fetch import BOUNCES, NOT_A_BOUNCE
from tests.conftest import CORPUS, corpus_bytes
from tests.dovecot import PASSWORD, Dovecot
from tests.queueing.conftest import ROOT, broker_url, queue_settings, stored_count, wait_for  # noqa: F401
from tests.queueing.services import free_port
from tests.queueing.test_producer import take_tasks
from tests.store.conftest import postgres_admin, postgres_template, postgres_url  # noqa: F401

POSTFIX = str(CORPUS / "emails" / "lhost-postfix-03.eml")
EXIM = str(CORPUS / "emails" / "lhost-exim-05.eml")


@pytest.fixture
def env(queue_settings):  # noqa: F811
    return {"BOUNCEKIT_BROKER_URL": queue_settings.broker_url, "BOUNCEKIT_QUEUE": queue_settings.queue}


def run(env: dict[str, str], *args: str):
    return CliRunner().invoke(main, list(args), env=env, catch_exceptions=False)


def test_ingest_enqueue_puts_the_messages_on_the_queue(env, queue_settings, tmp_path) -> None:  # noqa: F811
    missing = str(tmp_path / "missing.eml")
    result = run(env, "ingest", "--enqueue", "--format", "table", POSTFIX, EXIM, missing)
    assert result.exit_code == 1
    assert result.stdout.splitlines()[-1].startswith("3 messages: 2 queued (")
    assert result.stdout.splitlines()[-1].endswith(" bytes), 1 failed")
    assert "missing.eml" in result.stderr
    [(_, parcel)] = take_tasks(queue_settings)
    assert [m.source for m in parcel.messages] == [POSTFIX, EXIM]
    again = run(env, "ingest", "--enqueue", "--format", "json", POSTFIX)
    assert json.loads(again.stdout) == {"summary": {"bytes": os.path.getsize(POSTFIX), "failed": 0,
                                                    "messages": 1, "queued": 1}}


def test_ingest_enqueue_with_no_broker_is_one_error_line(tmp_path) -> None:
    result = run({"BOUNCEKIT_BROKER_URL": f"amqp://guest:guest@127.0.0.1:{free_port()}//"},
                 "ingest", "--enqueue", POSTFIX)
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: cannot use the queue at amqp://guest:***@127.0.0.1:")


def test_queue_status_and_the_dead_letters(env, queue_settings) -> None:  # noqa: F811
    when = datetime(2026, 1, 1, tzinfo=UTC)
    empty = QueuedMessage(b"", "empty.eml")
    with Producer(queue_settings) as producer:
        producer.publish_dead_letter(DeadLetter(empty, when, "empty.eml: the message is empty", 1, when))
    status = run(env, "queue", "status", "--format", "json")
    assert [json.loads(line) for line in status.stdout.splitlines()] == [
        {"queue": queue_settings.queue, "ready": 0}, {"queue": queue_settings.dead_queue, "ready": 1}]
    listed = run(env, "queue", "dead", "list")
    assert listed.stdout.splitlines() == [
        f"{empty.hash[:16]} message     1  empty.eml: the message is empty", "1 dead letters"]
    as_json = json.loads(run(env, "queue", "dead", "list", "--format", "json").stdout)
    assert (as_json["id"], as_json["sources"], as_json["kind"]) == (empty.hash, ["empty.eml"], "message")
    assert run(env, "queue", "dead", "drop").exit_code == 2  # neither ids nor --all
    retried = run(env, "queue", "dead", "retry", empty.hash[:12])
    assert retried.exit_code == 0 and retried.stdout.splitlines()[-1] == "1 retried"
    assert [m.source for _, p in take_tasks(queue_settings) for m in p.messages] == ["empty.eml"]
    unknown = run(env, "queue", "dead", "drop", "0123456789ab")
    assert unknown.exit_code == 1 and "0123456789ab: no such dead letter" in unknown.stderr


def test_a_bad_setting_stops_the_worker_with_one_line(tmp_path) -> None:
    result = run({"BOUNCEKIT_QUEUE_PREFETCH": "none"}, "--database", f"sqlite:///{tmp_path}/w.db", "worker")
    assert result.exit_code == 1
    assert result.stderr == "Error: BOUNCEKIT_QUEUE_PREFETCH must be a number, not 'none'\n"


def test_the_worker_stores_serves_metrics_and_stops_on_sigterm(env, postgres_url, tmp_path) -> None:  # noqa: F811
    port = free_port()
    worker = subprocess.Popen(
        [sys.executable, "-m", "bouncekit", "--database", postgres_url, "worker", "--metrics-port",
         str(port)],
        env={**os.environ, **env}, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        assert run(env, "ingest", "--enqueue", POSTFIX, EXIM).exit_code == 0
        wait_for(lambda: stored_count(postgres_url) == 2, 60, "2 stored messages")

        def scraped() -> str:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=5) as response:
                return response.read().decode()

        wait_for(lambda: 'bouncekit_messages_ingested_total{outcome="stored"} 2.0' in scraped(), 10,
                 "the metrics to count 2 stored messages")
        text = scraped()
        assert "bouncekit_task_seconds_count 1.0" in text  # one task: both messages in one parcel
        assert f'bouncekit_queue_depth{{queue="{env["BOUNCEKIT_QUEUE"]}"}} 0.0' in text
    finally:
        worker.send_signal(signal.SIGTERM)
        output = worker.communicate(timeout=60)[0].decode()
    assert worker.returncode == 0, output


@pytest.fixture
def imap():
    dovecot = Dovecot(tls=False).start()
    for name in BOUNCES:
        dovecot.deliver(corpus_bytes(name), name)
    dovecot.deliver(corpus_bytes(NOT_A_BOUNCE), "not-a-bounce")
    yield dovecot
    dovecot.stop()


def test_fetch_enqueue_queues_every_message_then_files_it_away(imap, env, queue_settings) -> None:  # noqa: F811
    result = subprocess.run(
        [sys.executable, "-m", "bouncekit", "fetch", imap.url(), "--enqueue", "--move-to", "Processed",
         "--format", "json"],
        env={**os.environ, **env, "BOUNCEKIT_IMAP_PASSWORD": PASSWORD}, capture_output=True, text=True,
        stdin=subprocess.DEVNULL, timeout=120)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == {"summary": {"messages": 4, "queued": 4, "failed": 0}}
    assert imap.folder_count("Processed") == 4 and imap.folder_count("INBOX") == 0
    tasks = take_tasks(queue_settings)
    assert len(tasks) == 1  # the folder's batch went in as one task
    sources = [m.source for _, p in tasks for m in p.messages]
    assert len(sources) == 4 and all(s.startswith(imap.url() + "/;UID=") for s in sources)
