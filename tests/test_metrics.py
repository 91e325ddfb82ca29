"""Metrics in the Prometheus text format: counts, labels, the queue depth at scrape time."""

from __future__ import annotations

import subprocess
import sys

from prometheus_client.parser import text_string_to_metric_families

from bouncekit import parse
from bouncekit.metrics import DEPTH_CACHE_SECONDS, Metrics
from tests.conftest import corpus_bytes


def samples(metrics: Metrics) -> dict[tuple[str, tuple], float]:
    text = metrics.render().decode()
    return {
        (s.name, tuple(sorted(s.labels.items()))): s.value
        for family in text_string_to_metric_families(text)
        for s in family.samples
    }


def test_ingested_messages_and_their_records_by_class_and_event() -> None:
    metrics = Metrics()
    records = parse(corpus_bytes("lhost-postfix-03.eml")).records + parse(corpus_bytes("arf-02.eml")).records
    metrics.ingested(False, records)
    metrics.ingested(True, records)  # a duplicate adds no records
    metrics.failed("unreadable", 2)
    metrics.failed("retried", 0)
    got = samples(metrics)
    assert got[("bouncekit_messages_ingested_total", (("outcome", "stored"),))] == 1
    assert got[("bouncekit_messages_ingested_total", (("outcome", "duplicate"),))] == 1
    assert got[("bouncekit_records_total", (("class", "10"), ("event", "bounce")))] == 1
    assert got[("bouncekit_records_total", (("class", "none"), ("event", "complaint")))] == 1
    assert got[("bouncekit_failures_total", (("kind", "unreadable"),))] == 2
    assert ("bouncekit_failures_total", (("kind", "retried"),)) not in got


def test_the_queue_depth_is_read_at_scrape_time_and_a_broken_broker_costs_no_scrape() -> None:
    metrics = Metrics()
    reads = []

    def read():
        reads.append(1)
        if len(reads) > 1:
            raise ConnectionError("broker away")
        return [("bouncekit", 42), ("bouncekit.dead", 3)]

    metrics.watch_queues(read)
    first = samples(metrics)
    assert first[("bouncekit_queue_depth", (("queue", "bouncekit"),))] == 42
    assert first[("bouncekit_queue_depth", (("queue", "bouncekit.dead"),))] == 3
    assert samples(metrics) == first and len(reads) == 1  # cached for DEPTH_CACHE_SECONDS
    metrics._depth._at -= DEPTH_CACHE_SECONDS + 1  # as if the cache were old
    later = samples(metrics)
    assert len(reads) == 2
    assert not any(name == "bouncekit_queue_depth" for name, _ in later)


def test_several_processes_share_their_counters_through_a_folder(tmp_path) -> None:
    script = (
        "from bouncekit.metrics import Metrics\n"
        "m = Metrics()\n"
        "m.failed('error', 2)\n"
        "m.queued.inc()\n"
    )
    env = {"PROMETHEUS_MULTIPROC_DIR": str(tmp_path), "PATH": "/usr/bin:/bin"}
    for _ in range(2):  # two worker processes of one server
        subprocess.run([sys.executable, "-c", script], env=env, check=True)
    check = (
        "from bouncekit.metrics import Metrics\n"
        "print(Metrics().render().decode())\n"
    )
    text = subprocess.run([sys.executable, "-c", check], env=env, check=True, capture_output=True,
                          text=True).stdout
    values = {(s.name, tuple(sorted(s.labels.items()))): s.value
              for f in text_string_to_metric_families(text) for s in f.samples}
    assert values[("bouncekit_failures_total", (("kind", "error"),))] == 4
    assert values[("bouncekit_messages_queued_total", ())] == 2
