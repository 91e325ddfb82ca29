"""Faults and races on PostgreSQL: overlapping writers, one killed with SIGKILL mid-batch.

Two ``bouncekit ingest`` processes read overlapping inputs into one database; the
first is killed halfway and then run again. The database must end exactly as after a
clean single run of all the inputs: every message once, every record once, the same
addresses in the same states with the same counts.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from bouncekit.store import Store
from tests.conftest import CORPUS
from tests.store.conftest import PostgresAdmin, pg_url

COPIES = 1500


def _write_copies(folder: Path, indices: range, emails: list[bytes]) -> Path:
    folder.mkdir()
    for i in indices:
        # A distinct header makes each copy a distinct message with the same records.
        (folder / f"{i:05d}.eml").write_bytes(b"X-Bouncekit-Copy: %d\n" % i + emails[i % len(emails)])
    return folder


@pytest.fixture
def two_databases(postgres_admin: PostgresAdmin, postgres_template: str) -> Iterator[tuple[str, str]]:
    names = [postgres_admin.create(postgres_template) for _ in range(2)]
    yield pg_url(names[0]), pg_url(names[1])
    for name in names:
        postgres_admin.drop(name)


def _ingest(url: str, folder: Path) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "bouncekit", "--database", url, "ingest", "--batch-size", "10",
         "--format", "json", str(folder)],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )


_SNAPSHOT = {
    "messages": "SELECT count(*), count(DISTINCT hash) FROM messages",
    "records": "SELECT event, coalesce(class, 0), count(*) FROM records GROUP BY 1, 2 ORDER BY 1, 2",
    # Not the rule: an address with two reasons to be suppressed (a hard bounce and a
    # complaint) carries the rule of whichever arrived first.
    "states": "SELECT state, count(*) FROM addresses GROUP BY 1 ORDER BY 1",
    "counters": "SELECT sum(hard), sum(soft), sum(block), sum(undetermined), sum(complaint), "
                "sum(auto_reply), sum(delayed), sum(delivered), sum(dns_failures) FROM addresses",
    "suppressed": "SELECT address FROM addresses WHERE state = 'suppressed' ORDER BY 1",
    "history": "SELECT action, count(*) FROM address_history GROUP BY 1 ORDER BY 1",
    "senders": "SELECT subject, blocks FROM senders ORDER BY 1",
    "domains": "SELECT domain FROM domains ORDER BY 1",
    "half_written": "SELECT count(*) FROM messages m "
                    "WHERE record_count <> (SELECT count(*) FROM records r WHERE r.message = m.id)",
}


def _snapshot(url: str) -> dict[str, list[tuple]]:
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            return {k: [tuple(r) for r in connection.execute(text(q))] for k, q in _SNAPSHOT.items()}
    finally:
        engine.dispose()


def _message_count(url: str) -> int:
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            return connection.execute(text("SELECT count(*) FROM messages")).scalar_one()
    finally:
        engine.dispose()


def test_killed_and_restarted_overlapping_writers_equal_a_clean_run(
    two_databases: tuple[str, str], tmp_path: Path
) -> None:
    clean_url, faulty_url = two_databases
    emails = [p.read_bytes() for p in sorted((CORPUS / "emails").glob("*.eml"))]
    everything = _write_copies(tmp_path / "all", range(COPIES), emails)
    first = _write_copies(tmp_path / "first", range(0, COPIES * 2 // 3), emails)
    second = _write_copies(tmp_path / "second", range(COPIES // 3, COPIES), emails)

    clean = _ingest(clean_url, everything)
    assert clean.wait(timeout=300) == 0, clean.stderr.read().decode() if clean.stderr else ""

    victim = _ingest(faulty_url, first)
    other = _ingest(faulty_url, second)
    deadline = time.monotonic() + 120
    while _message_count(faulty_url) < COPIES // 5 and victim.poll() is None and time.monotonic() < deadline:
        time.sleep(0.01)
    assert victim.poll() is None, "the first writer finished before it could be killed"
    os.kill(victim.pid, signal.SIGKILL)
    assert victim.wait(timeout=30) == -signal.SIGKILL
    # Whatever the killed process left is whole: no message without all its records.
    assert _snapshot(faulty_url)["half_written"] == [(0,)]
    assert other.wait(timeout=300) == 0
    assert _message_count(faulty_url) < COPIES  # the kill really lost work to redo

    rerun = _ingest(faulty_url, first)
    assert rerun.wait(timeout=300) == 0

    expected = _snapshot(clean_url)
    assert expected["messages"] == [(COPIES, COPIES)]
    assert _snapshot(faulty_url) == expected


def test_two_stores_ingesting_the_same_message_keep_one_copy(postgres_url: str) -> None:
    raw = (CORPUS / "emails" / "lhost-postfix-03.eml").read_bytes()
    with Store.open(postgres_url) as one, Store.open(postgres_url) as two:
        results = [one.ingest(raw, source="one"), two.ingest(raw, source="two")]
        assert sorted(r.duplicate for r in results) == [False, True]
        assert sum(r.records for r in one.stats(by="event")) == 1
