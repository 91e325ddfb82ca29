"""Events per second through ``POST /v1/webhooks/sparkpost`` of ``bouncekit serve``, in batches of 100.

    python bench/webhooks.py [--batches 100] [--size 100] [--connections 4] [--workers 1] [--rounds 3]
                             [--database URL]

Starts ``bouncekit serve`` on a free loopback port over a fresh SQLite store (or
``--database``), sets a SparkPost webhook secret (basic credentials), and posts
``--batches`` SparkPost batches of ``--size`` events each (``msys.message_event``:
bounces with their ``bounce_class``, delays, deliveries and complaints, each with its
own ``event_id`` and recipient, so every event is really stored; recipients spread over
50 domains, DNS failures on domains of their own) from ``--connections``
keep-alive clients in threads. Reports events/s (first request to last answer; each
answer comes after its events are committed) and p50/p99 request latency, then posts
one batch again to check that a redelivery stores nothing. Exits 1 below the bar of
3,000 events/s or when a request does not answer 200. The best of ``--rounds`` rounds
counts (each posts new events to the same server; the machine is shared, so other work
only ever makes a round slower). Only loopback traffic.
"""

from __future__ import annotations

import argparse
import base64
import json
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx

from bouncekit.store import Store

BAR = 3_000
CREDENTIALS = "sparkpost:bench-password"
KINDS = (
    ("bounce", "10", "550 5.1.1 <{rcpt}>... User unknown"),
    ("bounce", "22", "552 5.2.2 Mailbox full"),
    ("delay", "21", "451 4.4.0 DNS lookup failure for example.invalid"),
    ("bounce", "51", "554 5.7.1 Service unavailable; Client host [192.0.2.1] blocked using zen.spamhaus.org"),
    ("delivery", None, None),
    ("spam_complaint", None, None),
)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def batch(number: int, size: int) -> bytes:
    events = []
    for i in range(size):
        n = number * size + i
        kind, bounce_class, reason = KINDS[n % len(KINDS)]
        # Recipients spread over 50 domains, as mail to large providers is; a DNS failure is
        # a domain of its own (a dead or mistyped domain, not a provider with thousands of users).
        domain = f"dead{n}.example" if bounce_class == "21" else f"example{n % 50}.com"
        rcpt = f"user{n}@{domain}"
        event = {
            "type": kind,
            "event_id": f"bench-{n}",
            "message_id": f"m{n}",
            "rcpt_to": rcpt,
            "timestamp": str(1714989600 + n),
            "msg_from": "news@sender.example",
        }
        if bounce_class:
            event.update(
                bounce_class=bounce_class, raw_reason=reason.format(rcpt=rcpt), error_code=reason[:3]
            )
        if kind == "spam_complaint":
            event["fbtype"] = "abuse"
        events.append({"msys": {"message_event": event}})
    return json.dumps(events).encode()


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def run_round(
    base: str, headers: dict[str, str], bodies: list[bytes], size: int, connections: int
) -> tuple[float, float, float, list[str]]:
    """Post ``bodies`` from ``connections`` clients: (events/s, p50 s, p99 s, failures)."""
    latencies: list[float] = []
    failures: list[str] = []
    lock = threading.Lock()

    def client(share: list[bytes]) -> None:
        mine, bad = [], []
        with httpx.Client(base_url=base, headers=headers, timeout=120) as http:
            for body in share:
                started = time.perf_counter()
                response = http.post("/v1/webhooks/sparkpost", content=body)
                mine.append(time.perf_counter() - started)
                if response.status_code != 200 or response.json()["stored"] != size:
                    bad.append(f"{response.status_code} {response.text[:200]}")
        with lock:
            latencies.extend(mine)
            failures.extend(bad)

    threads = [threading.Thread(target=client, args=(bodies[i::connections],)) for i in range(connections)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    return (len(bodies) * size / elapsed, percentile(latencies, 0.5), percentile(latencies, 0.99), failures)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--batches", type=int, default=100)
    ap.add_argument("--size", type=int, default=100)
    ap.add_argument("--connections", type=int, default=4)
    ap.add_argument("--workers", type=int, default=1)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--database", default=None, help="database URL [default: a fresh SQLite file]")
    args = ap.parse_args(argv)
    folder = Path(tempfile.mkdtemp(prefix="bouncekit-bench-webhooks-"))
    url = args.database or f"sqlite:///{folder / 'db.sqlite3'}"
    with Store.open(url) as store:
        store.set_webhook_secret("sparkpost", CREDENTIALS)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "bouncekit",
            "--database",
            url,
            "serve",
            "--port",
            str(port),
            "--workers",
            str(args.workers),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    headers = {
        "Authorization": "Basic " + base64.b64encode(CREDENTIALS.encode()).decode(),
        "Content-Type": "application/json",
    }
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(f"{base}/healthz", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                raise SystemExit(f"bouncekit serve did not start: {process.stderr.read()}")
            time.sleep(0.1)
        best = 0.0
        failures: list[str] = []
        for number in range(args.rounds):
            first = number * args.batches
            bodies = [batch(n, args.size) for n in range(first, first + args.batches)]
            rate, p50, p99, failed = run_round(base, headers, bodies, args.size, args.connections)
            failures += failed
            best = max(best, rate)
            print(
                f"round {number + 1}: {args.batches * args.size} events in {args.batches} batches of "
                f"{args.size}, "
                f"{args.connections} connections, {args.workers} worker(s): {rate:.0f} events/s, request p50 "
                f"{1000 * p50:.0f} ms p99 {1000 * p99:.0f} ms, failed requests {len(failed)}",
                flush=True,
            )
        with httpx.Client(base_url=base, headers=headers, timeout=120) as http:
            again = http.post("/v1/webhooks/sparkpost", content=batch(0, args.size)).json()
        print(f"redelivery of one batch: stored {again['stored']}, duplicates {again['duplicates']}")
        for failure in failures[:5]:
            print("  " + failure)
        rate = best
        ok = rate >= BAR and not failures and again["stored"] == 0
        print(f"best: {rate:.0f} events/s: {'ok' if ok else 'BELOW THE BAR'} (bar {BAR} events/s)")
        return 0 if ok else 1
    finally:
        process.terminate()
        process.wait(30)


if __name__ == "__main__":
    sys.exit(main())
