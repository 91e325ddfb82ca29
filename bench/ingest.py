"""Ingestion speed and idempotency of ``bouncekit ingest``, into SQLite and PostgreSQL.

    python bench/ingest.py [--messages 100000] [--engine both] [--jobs 1] [--corpus DIR]

Builds N distinct messages from the corpus emails (each copy gets its own
``X-Bouncekit-Bench`` header, so each is a new message with the same records), streams
them as one mbox into ``bouncekit --database URL ingest -`` and times the process from
start to exit (start-up and migration included). Then it feeds the same stream again:
the second run must store 0 messages and add 0 records. SQLite is a new file in a
temporary folder; PostgreSQL is a new database on 127.0.0.1:5432 (user postgres),
dropped afterwards. Exits 1 when a bar is missed (>= 1,000 messages/s, 0 records
added by the second run).

Timings on a shared machine are noisy: run it more than once before reading much
into one figure.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path
from typing import IO

BAR_MESSAGES_PER_SECOND = 1_000
ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "fixtures" / "sisimai" / "emails"
PG_ADMIN = "host=127.0.0.1 port=5432 user=postgres dbname=test connect_timeout=3"
_BODY_FROM = re.compile(rb"^(>*From )", re.M)


def load_emails(folder: Path) -> list[bytes]:
    emails = []
    for path in sorted(folder.glob("*.eml")):
        data = path.read_bytes().replace(b"\r\n", b"\n")
        # mboxrd: a body line starting with "From " is written as ">From ".
        emails.append(_BODY_FROM.sub(rb">\1", data).rstrip(b"\n") + b"\n")
    return emails


def write_mbox(stream: IO[bytes], emails: list[bytes], count: int) -> None:
    try:
        for i in range(count):
            stream.write(b"From bench@localhost Mon Jan  1 00:00:00 2024\n")
            stream.write(b"X-Bouncekit-Bench: %d\n" % i)
            stream.write(emails[i % len(emails)])
            stream.write(b"\n")
    except BrokenPipeError:
        pass
    finally:
        stream.close()


def run_ingest(url: str, emails: list[bytes], count: int, jobs: int, batch_size: int) -> tuple[float, dict]:
    """Run ``bouncekit ingest -`` over the stream; (seconds, its JSON summary)."""
    command = [sys.executable, "-m", "bouncekit", "--database", url, "ingest", "--format", "json",
               "--jobs", str(jobs), "--batch-size", str(batch_size), "-"]
    with tempfile.TemporaryFile() as errors:
        started = time.perf_counter()
        proc = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=errors)
        assert proc.stdin is not None and proc.stdout is not None
        writer = threading.Thread(target=write_mbox, args=(proc.stdin, emails, count))
        writer.start()
        out = proc.stdout.read()
        proc.wait()
        writer.join()
        elapsed = time.perf_counter() - started
        if proc.returncode not in (0, 1):
            errors.seek(0)
            problem = errors.read().decode(errors="replace")[-2000:]
            sys.exit(f"bouncekit ingest failed ({proc.returncode}): {problem}")
    last = out.decode().strip().splitlines()[-1]
    return elapsed, json.loads(last)["summary"]


def count_records(url: str) -> int:
    from sqlalchemy import create_engine, text

    from bouncekit.store.db import normalize_url

    engine = create_engine(normalize_url(url))
    try:
        with engine.connect() as connection:
            return connection.execute(text("SELECT count(*) FROM records")).scalar_one()
    finally:
        engine.dispose()


def bench(engine: str, url: str, emails: list[bytes], count: int, jobs: int, batch_size: int) -> bool:
    seconds, first = run_ingest(url, emails, count, jobs, batch_size)
    records_after_first = count_records(url)
    seconds2, second = run_ingest(url, emails, count, jobs, batch_size)
    added = count_records(url) - records_after_first
    rate = count / seconds
    print(f"{engine:<10} first run:  {count:,} messages in {seconds:6.1f} s = {rate:7,.0f} messages/s "
          f"({first['stored']:,} stored, {first['records']:,} records, {first['suppressed']:,} suppressed, "
          f"{first['failed']} failed)")
    rate2 = count / seconds2
    print(f"{engine:<10} second run: {count:,} messages in {seconds2:6.1f} s = {rate2:7,.0f} messages/s "
          f"({second['stored']} stored, {second['duplicates']:,} already stored, {added} records added)")
    ok = (rate >= BAR_MESSAGES_PER_SECOND and first["stored"] == count and second["stored"] == 0
          and added == 0)
    print(f"{engine:<10} {'OK' if ok else 'MISSED'}: bar {BAR_MESSAGES_PER_SECOND:,} messages/s; "
          "every message stored once; second run must add 0 records")
    return ok


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--messages", type=int, default=100_000)
    parser.add_argument("--engine", choices=["sqlite", "postgresql", "both"], default="both")
    parser.add_argument("--jobs", type=int, default=1, help="bouncekit ingest --jobs")
    parser.add_argument("--batch-size", type=int, default=200, help="bouncekit ingest --batch-size")
    parser.add_argument("--corpus", type=Path, default=CORPUS, help="a folder of .eml files")
    args = parser.parse_args()
    emails = load_emails(args.corpus)
    print(f"{args.messages:,} messages built from {len(emails)} corpus emails; jobs={args.jobs}, "
          f"batch size {args.batch_size}")
    ok = True
    if args.engine in ("sqlite", "both"):
        with tempfile.TemporaryDirectory() as folder:
            ok &= bench("sqlite", f"sqlite:///{folder}/bench.sqlite3", emails, args.messages, args.jobs,
                        args.batch_size)
    if args.engine in ("postgresql", "both"):
        import psycopg

        name = f"bouncekit_bench_{uuid.uuid4().hex[:10]}"
        with psycopg.connect(PG_ADMIN, autocommit=True) as admin:
            admin.execute(f"CREATE DATABASE {name}")
            try:
                ok &= bench("postgresql", f"postgresql+psycopg://postgres@127.0.0.1:5432/{name}", emails,
                            args.messages, args.jobs, args.batch_size)
            finally:
                admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
