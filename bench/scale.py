"""Scale-out: messages through RabbitMQ into PostgreSQL with 1, then 2 worker processes.

    python bench/scale.py [--messages 100000] [--workers 1 2] [--parcel N] [--latency-seconds 20]
                          [--threads N]

For each worker count, on a new PostgreSQL database (127.0.0.1:5432, user postgres;
dropped afterwards) and a new queue on the broker (BOUNCEKIT_BROKER_URL, default the
machine's RabbitMQ; deleted afterwards):

1. **Throughput.** N distinct messages (the corpus emails, each copy with its own
   ``X-Bouncekit-Bench`` header) are published first from 16 threads, each calling
   ``Producer.enqueue`` for one message at a time as the SMTP receiver's and the HTTP
   service's threads do; the producer groups the messages that arrive while a publish
   waits for the broker's confirm into one task, and the bench prints how many
   messages a task held on average. ``--parcel N`` publishes tasks of N messages
   instead (``ingest --enqueue`` packs 100; ``--parcel 1`` is the worst case of one
   message per task). Then W ``bouncekit worker`` processes start; the time from their
   start until ``messages`` holds N rows gives messages/s. Bar: 2 workers >= 1.6 x one.
2. **Latency.** With the workers still running, a producer publishes one message per
   task at ``--load`` (default 60 %) of the rate just measured, for
   ``--latency-seconds``; a poller asks ``messages`` every few milliseconds for the
   hashes it awaits, and each message's latency is from the start of its publish to the
   poll that first saw it stored: p50 and p99.
3. **Peak memory** of each worker process (VmHWM).
4. **Idempotency.** The N messages are published again and drained: the store must
   gain 0 messages and 0 records.

The figures are noisy on a shared 2-core machine where the broker, the database, the
producer and the workers all compete for the same cores: run it more than once.
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "fixtures" / "sisimai" / "emails"
PG_ADMIN = "host=127.0.0.1 port=5432 user=postgres dbname=test connect_timeout=3"
BAR_SPEEDUP = 1.6
#: Threads publishing at once in the throughput phase.
PUBLISHERS = 16
_FROM = re.compile(rb"^From .*\n")


def load_emails() -> list[bytes]:
    return [p.read_bytes() for p in sorted(CORPUS.glob("*.eml"))]


def message(emails: list[bytes], index: int, tag: str) -> bytes:
    return b"X-Bouncekit-Bench: %s-%d\n" % (tag.encode(), index) + emails[index % len(emails)]


class Poller(threading.Thread):
    """Notes when each awaited message becomes visible in ``messages``.

    It asks only for the hashes it still waits for (ids do not commit in order, so
    reading "rows after the last id seen" would miss some).
    """

    def __init__(self, url: str) -> None:
        super().__init__(daemon=True)
        import psycopg

        self.connection = psycopg.connect(url.replace("postgresql+psycopg://", "postgresql://"),
                                          autocommit=True)
        self.pending: set[str] = set()
        self.seen: dict[str, float] = {}
        self.lock = threading.Lock()
        self.running = True

    def expect(self, digest: str) -> None:
        with self.lock:
            self.pending.add(digest)

    def run(self) -> None:
        while self.running:
            with self.lock:
                wanted = list(self.pending)
            if wanted:
                rows = self.connection.execute("SELECT hash FROM messages WHERE hash = ANY(%s)",
                                               (wanted,)).fetchall()
                now = time.perf_counter()
                with self.lock:
                    for (digest,) in rows:
                        self.seen.setdefault(digest, now)
                        self.pending.discard(digest)
            time.sleep(0.002)

    def stop(self) -> None:
        self.running = False
        self.join()
        self.connection.close()


def drain_time(url: str, n: int, started: float) -> tuple[float, float]:
    """Wait until ``messages`` holds ``n`` rows: (when the first was written, when the last was seen).

    Progress is read from the id sequence, which costs the database nothing; ``count(*)``
    (about 6 ms of the database's CPU at 100,000 rows, which the workers would lose
    20 times a second) only confirms the end, since ids are taken before their commit.
    """
    import psycopg

    first = None
    with psycopg.connect(url.replace("postgresql+psycopg://", "postgresql://"), autocommit=True) as db:
        sequence = db.execute("SELECT pg_get_serial_sequence('messages', 'id')").fetchone()[0]
        while True:
            taken, called = db.execute(f"SELECT last_value, is_called FROM {sequence}").fetchone()
            now = time.perf_counter()
            if called and first is None:
                first = now
            if called and taken >= n and db.execute("SELECT count(*) FROM messages").fetchone()[0] >= n:
                return first or started, now
            if now - started > 7200:
                sys.exit("timed out")
            time.sleep(0.02)


def count(url: str, table: str) -> int:
    import psycopg

    with psycopg.connect(url.replace("postgresql+psycopg://", "postgresql://")) as connection:
        return connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0]


def storage(url: str, n: int) -> None:
    """Rows and bytes per stored message, table by table (heap, TOAST and indexes)."""
    import psycopg

    plain = url.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(plain, autocommit=True) as connection:  # VACUUM runs outside a transaction
        connection.execute("VACUUM ANALYZE")
        tables = ["messages", "records", "addresses", "address_history", "senders", "domains"]
        total = 0
        for table in tables:
            rows, size, indexes = connection.execute(
                f"SELECT (SELECT count(*) FROM {table}), pg_total_relation_size('{table}'), "
                f"pg_indexes_size('{table}')").fetchone()
            total += size
            print(f"    {table:<16} {rows:>9,} rows ({rows / n:5.2f} per message) "
                  f"{size / n:7.0f} bytes per message, of which indexes {indexes / n:6.0f}")
        print(f"    {'all tables':<16} {total / n:7.0f} bytes per message")
        for name, size in connection.execute(
                "SELECT indexrelname, pg_relation_size(indexrelid) FROM pg_stat_user_indexes "
                "ORDER BY 2 DESC").fetchall():
            print(f"      index {name:<38} {size / n:6.0f} bytes per message")


def start_workers(n: int, env: dict[str, str], threads: int | None) -> list[subprocess.Popen]:
    """W ``bouncekit worker`` processes (their output, Celery's banner included, to a log)."""
    log = Path(tempfile.gettempdir()) / "bouncekit-bench-scale-workers.log"
    with log.open("ab") as out:
        return [
            subprocess.Popen([sys.executable, "-m", "bouncekit", "worker", "--no-metrics", "--loglevel",
                              "ERROR", "--name", f"bench{i}@{uuid.uuid4().hex[:6]}",
                              *(["--threads", str(threads)] if threads else [])], env=env, cwd=ROOT,
                             stdout=out, stderr=subprocess.STDOUT)
            for i in range(n)
        ]


def peak_memory_mib(process: subprocess.Popen) -> float:
    for line in Path(f"/proc/{process.pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def publish_all(producer, emails: list[bytes], n: int, parcel: int | None, tag: str) -> tuple[float, int]:
    """Publish from several threads: (seconds, tasks published).

    Without ``parcel``, each thread enqueues one message at a time, as the SMTP
    receiver's and the service's request threads do, and the producer groups what
    arrives while a publish waits for its confirm (a disk write of the quorum queue).
    With ``parcel``, tasks of that many messages (as ``ingest --enqueue`` packs them).
    """
    from concurrent.futures import ThreadPoolExecutor

    from bouncekit.queue.wire import Parcel, QueuedMessage

    tasks = 0
    publish = producer.publish_parcel
    lock = threading.Lock()

    def counted(task: Parcel) -> None:
        nonlocal tasks
        publish(task)
        with lock:
            tasks += 1

    producer.publish_parcel = counted
    started = time.perf_counter()
    try:
        with ThreadPoolExecutor(PUBLISHERS) as pool:
            if parcel is None:
                def enqueue(i: int) -> None:
                    producer.enqueue(message(emails, i, tag), source=f"bench:{i}")

                work = pool.map(enqueue, range(n))
            else:
                when = datetime.now(UTC)
                work = pool.map(counted, (
                    Parcel(tuple(QueuedMessage(message(emails, i, tag), f"bench:{i}")
                                 for i in range(first, min(n, first + parcel))), when)
                    for first in range(0, n, parcel)))
            for _ in work:
                pass
    finally:
        producer.publish_parcel = publish
    return time.perf_counter() - started, tasks


def wait_until(condition, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            sys.exit("timed out")
        time.sleep(0.05)


def round_(workers: int, args: argparse.Namespace, emails: list[bytes], broker: str) -> dict[str, float]:
    import psycopg

    from bouncekit.queue import Producer, QueueSettings
    from bouncekit.store import Store
    from bouncekit.store.ingest import message_hash

    name = f"bouncekit_scale_{uuid.uuid4().hex[:10]}"
    url = f"postgresql+psycopg://postgres@127.0.0.1:5432/{name}"
    settings = QueueSettings(broker_url=broker, queue=f"bench.{uuid.uuid4().hex[:10]}")
    env = {**os.environ, "BOUNCEKIT_BROKER_URL": broker, "BOUNCEKIT_QUEUE": settings.queue,
           "BOUNCEKIT_DATABASE_URL": url}
    env.pop("BOUNCEKIT_POLICY", None)
    admin = psycopg.connect(PG_ADMIN, autocommit=True)
    admin.execute(f"CREATE DATABASE {name}")
    Store.open(url).close()
    producer = Producer(settings)
    processes: list[subprocess.Popen] = []
    try:
        n = args.messages
        publish_seconds, tasks = publish_all(producer, emails, n, args.parcel, "a")
        how = "grouped by the producer" if args.parcel is None else "packed by the bench"
        print(f"  {workers} worker(s): published {n:,} messages from {PUBLISHERS} threads in {tasks:,} tasks "
              f"({n / tasks:.1f} messages per task, {how}) in {publish_seconds:.1f} s = "
              f"{n / publish_seconds:,.0f}/s")
        started = time.perf_counter()
        processes = start_workers(workers, env, args.threads)
        first, finished = drain_time(url, n, started)
        rate = n / (finished - started)
        steady = n / (finished - first)
        print(f"  {workers} worker(s): {n:,} stored in {finished - started:.1f} s = {rate:,.0f} messages/s "
              f"(from the first message written: {steady:,.0f}/s)")

        if workers == args.workers[0]:
            storage(url, n)

        # Latency at a steady load below capacity, one message per task.
        poller = Poller(url)
        poller.start()
        target = max(1.0, rate * args.load)
        sent: dict[str, float] = {}
        total = int(target * args.latency_seconds)
        begin = time.perf_counter()
        for i in range(total):
            due = begin + i / target
            pause = due - time.perf_counter()
            if pause > 0:
                time.sleep(pause)
            raw = message(emails, i, "latency")
            digest = message_hash(raw)
            poller.expect(digest)
            sent[digest] = time.perf_counter()
            producer.enqueue(raw, source=f"latency:{i}")
        wait_until(lambda: all(h in poller.seen for h in sent), 600)
        poller.stop()
        latencies = sorted((poller.seen[h] - t) * 1000 for h, t in sent.items())
        p50 = statistics.median(latencies)
        p99 = latencies[int(len(latencies) * 0.99) - 1]
        print(f"  {workers} worker(s): latency publish -> stored at {target:,.0f} messages/s "
              f"({len(latencies):,} messages): p50 {p50:.1f} ms, p99 {p99:.1f} ms")

        peaks = [peak_memory_mib(p) for p in processes]
        print(f"  {workers} worker(s): peak memory per worker: " + ", ".join(f"{m:.0f} MiB" for m in peaks))

        messages_before, records_before = count(url, "messages"), count(url, "records")
        again, _ = publish_all(producer, emails, n, args.parcel, "a")
        wait_until(lambda: producer.depths()[0][1] == 0, 3600)
        time.sleep(2 + 2 * args.prefetch_seconds)  # the last tasks held by the workers
        wait_until(lambda: producer.depths()[0][1] == 0, 600)
        added_messages = count(url, "messages") - messages_before
        added_records = count(url, "records") - records_before
        print(f"  {workers} worker(s): the same {n:,} messages again (published in {again:.1f} s): "
              f"{added_messages} messages and {added_records} records added")
        return {"rate": rate, "p50": p50, "p99": p99, "memory": max(peaks), "added": added_records,
                "added_messages": added_messages}
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            process.wait(timeout=60)
        from kombu import Connection

        with Connection(broker) as connection:
            channel = connection.channel()
            for queue in (settings.queue, settings.dead_queue):
                channel.queue_delete(queue)
                channel.exchange_delete(queue)
        producer.close()
        admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        admin.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--messages", type=int, default=100_000)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--parcel", type=int, help="messages per task, packed by the bench (default: one "
                        "message per enqueue call, grouped by the producer as the receivers' are)")
    parser.add_argument("--load", type=float, default=0.6, help="latency phase load, share of capacity")
    parser.add_argument("--latency-seconds", type=float, default=20.0)
    parser.add_argument("--prefetch-seconds", type=float, default=1.0)
    parser.add_argument("--threads", type=int, help="task threads per worker (default: the worker's)")
    args = parser.parse_args()
    broker = os.environ.get("BOUNCEKIT_BROKER_URL", "amqp://guest:guest@127.0.0.1:5672//")
    emails = load_emails()
    where = broker.split("@")[-1]
    print(f"{args.messages:,} messages built from {len(emails)} corpus emails; broker {where}; "
          f"{os.cpu_count()} cores")
    results = {w: round_(w, args, emails, broker) for w in args.workers}
    ok = all(r["added"] == 0 and r["added_messages"] == 0 for r in results.values())
    if 1 in results and 2 in results:
        speedup = results[2]["rate"] / results[1]["rate"]
        ok &= speedup >= BAR_SPEEDUP
        print(f"2 workers / 1 worker: {speedup:.2f}x (bar {BAR_SPEEDUP}x)")
    print("OK" if ok else "MISSED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
