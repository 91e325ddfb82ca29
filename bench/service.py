"""Throughput and latency of ``bouncekit serve`` on PostgreSQL, with 1 and then 2 workers.

    python bench/service.py [--classify 20000] [--messages 3000] [--connections 16] [--rounds 3]

Creates a fresh temporary PostgreSQL database on 127.0.0.1:5432 (user postgres; dropped
at the end), makes an API key, starts ``bouncekit serve`` on a free loopback port and
drives it from a second process: a keep-alive HTTP/1.1 client on asyncio (uvloop) with
a bounded number of connections, sending a fixed number of requests. It reports
requests/s and p50/p99 latency for ``POST /v1/classify`` (a rotation of SMTP replies)
and for ``POST /v1/messages`` (corpus emails, each made unique per request, with its
recipients renamed, so every request really stores a new message). Exits 1 below the
bars: classify >= 2,000 requests/s with 2 workers with p99 < 50 ms; messages >= 300
stored/s with 2 workers. Every request must answer 200 (and every message be stored).
Each route runs ``--rounds`` times per worker count and the best round counts: the
machine is shared, so other work only ever makes a round slower.

The client needs no third-party code; only loopback traffic.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path

CLASSIFY_BAR = 2_000
CLASSIFY_P99_MS = 50
MESSAGES_BAR = 300
PG = "host=127.0.0.1 port=5432 user=postgres dbname=test connect_timeout=5"
ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = ROOT / "tests" / "fixtures" / "sisimai"

REPLIES = (
    "550 5.1.1 <bob@example.org>: Recipient address rejected: User unknown in virtual mailbox table",
    "552 5.2.2 The email account that you tried to reach is over quota.",
    "421 4.7.0 [TSS04] Messages from 192.0.2.1 temporarily deferred due to unexpected volume",
    "554 5.7.1 Service unavailable; Client host [192.0.2.1] blocked using zen.spamhaus.org",
    "550 5.7.26 This mail is unauthenticated, which poses a security risk to the sender and Gmail users",
    "Host or domain name not found. Name service error for name=example.invalid type=MX",
    "451 4.3.0 Temporary lookup failure",
    "550 Requested action not taken: mailbox unavailable",
    "552 5.3.4 Message size exceeds fixed maximum message size",
    "554 5.7.1 Relay access denied",
)
_HEADER_END = b"\r\n\r\n"
_LENGTH = re.compile(rb"\r\ncontent-length: ?([0-9]{1,12})", re.IGNORECASE)


# -- the driver (runs in its own process) ------------------------------------------------------


def _request(path: str, body: bytes, content_type: str, key: str, port: int) -> bytes:
    head = (f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nAuthorization: Bearer {key}\r\n"
            f"Content-Type: {content_type}\r\nContent-Length: {len(body)}\r\n\r\n")
    return head.encode() + body


async def _connection(port: int, requests: list[bytes], next_index, latencies: list[float],
                      failures: list[str], stored: list[int]) -> None:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    try:
        while (i := next_index()) is not None:
            start = time.perf_counter()
            writer.write(requests[i])
            head = await reader.readuntil(_HEADER_END)
            match = _LENGTH.search(head)
            body = await reader.readexactly(int(match.group(1))) if match else b""
            latencies.append(time.perf_counter() - start)
            if not head.startswith(b"HTTP/1.1 200"):
                failures.append(head.split(b"\r\n", 1)[0].decode() + " " + body[:200].decode("replace"))
            elif b'"stored":true' in body:
                stored.append(1)
    finally:
        writer.close()


async def _drive(port: int, requests: list[bytes], connections: int, warmup: int) -> dict:
    for phase, items in (("warmup", requests[:warmup]), ("run", requests[warmup:])):
        position = 0

        def next_index(items=items) -> int | None:
            nonlocal position
            if position >= len(items):
                return None
            position += 1
            return position - 1

        latencies: list[float] = []
        failures: list[str] = []
        stored: list[int] = []
        start = time.perf_counter()
        await asyncio.gather(*(_connection(port, items, next_index, latencies, failures, stored)
                               for _ in range(min(connections, len(items)))))
        elapsed = time.perf_counter() - start
        if phase == "warmup":
            continue
    latencies.sort()
    n = len(latencies)
    return {
        "requests": n,
        "seconds": round(elapsed, 3),
        "rps": round(n / elapsed, 1),
        "p50_ms": round(latencies[n // 2] * 1000, 2),
        "p99_ms": round(latencies[min(n - 1, int(n * 0.99))] * 1000, 2),
        "failures": len(failures),
        "first_failures": failures[:3],
        "stored": len(stored),
    }


def drive_main(spec_path: str) -> None:
    """Entry of the driver process: read the spec, send the requests, print the result as JSON."""
    spec = json.loads(Path(spec_path).read_text())
    bodies = [bytes.fromhex(b) for b in spec["bodies"]]
    requests = [_request(spec["path"], b, spec["content_type"], spec["key"], spec["port"]) for b in bodies]
    try:
        import uvloop

        runner = uvloop.run
    except ImportError:  # pragma: no cover - uvloop is a dependency on POSIX
        runner = asyncio.run
    print(json.dumps(runner(_drive(spec["port"], requests, spec["connections"], spec["warmup"]))))


# -- the orchestration -------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def unique_messages(corpus: Path, count: int, start: int) -> list[bytes]:
    """``count`` corpus emails made unique: a bench header, and each recipient renamed."""
    import bouncekit

    seeds: list[tuple[bytes, list[bytes]]] = []
    for path in sorted((corpus / "emails").glob("*.eml")):
        raw = path.read_bytes()
        try:
            recipients = [r.recipient for r in bouncekit.parse(raw).records if r.recipient]
        except bouncekit.BounceError:
            continue
        if recipients and len(raw) < 200_000:
            seeds.append((raw, sorted({r.encode() for r in recipients})))
    out = []
    for n in range(start, start + count):
        raw, recipients = seeds[n % len(seeds)]
        for recipient in recipients:
            raw = raw.replace(recipient, b"b%d-" % n + recipient)
        out.append(b"X-Bouncekit-Bench: %d\n" % n + raw)
    return out


def run_driver(port: int, key: str, path: str, content_type: str, bodies: list[bytes],
               connections: int, warmup: int, workdir: Path) -> dict:
    spec = workdir / f"spec-{uuid.uuid4().hex[:8]}.json"
    spec.write_text(json.dumps({"port": port, "key": key, "path": path, "content_type": content_type,
                                "bodies": [b.hex() for b in bodies], "connections": connections,
                                "warmup": warmup}))
    result = subprocess.run([sys.executable, __file__, "--drive", str(spec)], capture_output=True,
                            text=True, timeout=900, check=False)
    if result.returncode != 0:
        raise SystemExit(f"the driver failed:\n{result.stderr}")
    return json.loads(result.stdout)


def keep_best(results: dict[tuple[str, int], dict], key: tuple[str, int], result: dict) -> None:
    """Keep the round with the most requests/s (the machine is shared: others only slow us)."""
    previous = results.get(key)
    result["rounds"] = [*(previous["rounds"] if previous else []), result["rps"]]
    result["failures"] += previous["failures"] if previous else 0
    if previous is None or result["rps"] > previous["rps"]:
        results[key] = result
    else:
        previous["rounds"] = result["rounds"]
        previous["failures"] = result["failures"]


def start_server(url: str, port: int, workers: int) -> subprocess.Popen:
    import httpx

    process = subprocess.Popen(
        [sys.executable, "-m", "bouncekit", "--database", url, "serve", "--port", str(port),
         "--workers", str(workers)],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"bouncekit serve exited:\n{process.stderr.read()}")
        try:
            if httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=1).status_code == 200:
                time.sleep(1.0 if workers > 1 else 0.2)  # let every worker finish starting
                return process
        except httpx.TransportError:
            pass
        time.sleep(0.1)
    process.kill()
    raise SystemExit("bouncekit serve did not start within 60 s")


def stop_server(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    ap.add_argument("--classify", type=int, default=20_000, help="classify requests per run")
    ap.add_argument("--messages", type=int, default=3_000, help="messages per run")
    ap.add_argument("--connections", type=int, default=16, help="concurrent client connections")
    ap.add_argument("--rounds", type=int, default=3, help="rounds per route and workers; best counts")
    ap.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    ap.add_argument("--routes", nargs="+", choices=["classify", "messages"], default=["classify", "messages"])
    ap.add_argument("--drive", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.drive:
        drive_main(args.drive)
        return 0

    import psycopg

    from bouncekit.store import Store

    database = f"bouncekit_bench_{uuid.uuid4().hex[:10]}"
    url = f"postgresql+psycopg://postgres@127.0.0.1:5432/{database}"
    workdir = Path(os.environ.get("TMPDIR", "/tmp")) / database
    workdir.mkdir(parents=True)
    admin = psycopg.connect(PG, autocommit=True)
    admin.execute(f"CREATE DATABASE {database}")
    results: dict[tuple[str, int], dict] = {}
    try:
        with Store.open(url) as store:
            key = store.create_key("bench")
        classify_bodies = [json.dumps({"text": REPLIES[i % len(REPLIES)]}).encode()
                           for i in range(args.classify + 500)]
        sent = 0
        for workers in args.workers:
            port = free_port()
            server = start_server(url, port, workers)
            try:
                for _ in range(args.rounds):
                    if "classify" in args.routes:
                        keep_best(results, ("classify", workers), run_driver(
                            port, key, "/v1/classify", "application/json", classify_bodies, args.connections,
                            500, workdir))
                    if "messages" in args.routes:
                        messages = unique_messages(args.corpus, args.messages + 100, sent)
                        sent += len(messages)
                        keep_best(results, ("messages", workers), run_driver(
                            port, key, "/v1/messages", "message/rfc822", messages, args.connections, 100,
                            workdir))
            finally:
                stop_server(server)
    finally:
        admin.execute(f"DROP DATABASE IF EXISTS {database} WITH (FORCE)")
        admin.close()
        for spec in workdir.glob("*.json"):
            spec.unlink()
        workdir.rmdir()

    print(f"bouncekit serve on PostgreSQL, {args.connections} client connections, "
          f"{os.cpu_count()} cores (client, server and database share them)")
    print(f"{'route':<14}{'workers':>8}{'requests':>10}{'req/s':>10}{'p50 ms':>9}{'p99 ms':>9}"
          f"{'stored':>8}{'failed':>8}")
    for (route, workers), r in results.items():
        print(f"{route:<14}{workers:>8}{r['requests']:>10}{r['rps']:>10.0f}{r['p50_ms']:>9.1f}{r['p99_ms']:>9.1f}"
              f"{r['stored'] if route == 'messages' else '':>8}{r['failures']:>8}")
        print(f"    req/s of each round: {', '.join(f'{x:.0f}' for x in r['rounds'])}")
        for failure in r["first_failures"]:
            print(f"    e.g. {failure}")
    ok = all(r["failures"] == 0 for r in results.values())
    top = max(args.workers)
    c, m = results.get(("classify", top)), results.get(("messages", top))
    if c and m:
        stored_rate = m["stored"] / m["seconds"]
        verdicts = [
            (f"classify >= {CLASSIFY_BAR} req/s with {top} workers", c["rps"] >= CLASSIFY_BAR),
            (f"classify p99 < {CLASSIFY_P99_MS} ms", c["p99_ms"] < CLASSIFY_P99_MS),
            (f"messages >= {MESSAGES_BAR} stored/s with {top} workers ({stored_rate:.0f})",
             stored_rate >= MESSAGES_BAR),
            ("every message stored", m["stored"] == m["requests"]),
        ]
        for text, passed in verdicts:
            print(f"{'PASS' if passed else 'FAIL'}  {text}")
            ok = ok and passed
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
