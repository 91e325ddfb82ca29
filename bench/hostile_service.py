"""bouncekit serve under hostile clients: the latency of /v1/classify while others attack.

Starts ``bouncekit serve`` (one worker, a temporary SQLite database) and measures the
latency of sequential ``POST /v1/classify`` requests on one keep-alive connection:

1. alone (the baseline);
2. while one client posts, again and again, the slowest message of a set of hostile
   ones (up to 1 MiB: whitespace runs, thousands of recipients, long lines, many
   parts) and another sends 100 MB headers, again and again;
3. the same with ``--parse-budget 0.1``, so that the hostile message runs over its
   budget and is stopped each time (the worker killed and replaced).

Then it answers "what bounds an oversized header": one 100 MB header sent to uvicorn
with httptools as it comes, to uvicorn with h11 and ``h11_max_incomplete_event_size``,
and to ``bouncekit serve``; for each, the time until the server answers or closes, the
bytes the client could write before that (socket buffers included), the server's peak
memory (VmHWM) and the slowest /healthz answer meanwhile.

    .venv/bin/python bench/hostile_service.py [--requests 2000] [--header-mb 100]

Needs nothing but loopback; every server it starts is stopped before it ends.
"""

from __future__ import annotations

import argparse
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

from bouncekit.api import parse
from bouncekit.store import Store

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "fixtures" / "sisimai" / "emails"
REPLY = "550 5.1.1 <jo@example.com>: Recipient address rejected: User unknown in virtual mailbox table"
MIB = 1024 * 1024


# -- hostile messages -----------------------------------------------------------------------


def hostile_messages() -> dict[str, bytes]:
    """Messages of up to 1 MiB built on corpus bounces, each stressing one thing."""
    postfix = (CORPUS / "lhost-postfix-03.eml").read_bytes()
    spot = b"kijitora@example.net (in reply to end of DATA"
    room = MIB - len(postfix)
    made = {
        "spaces before (in reply to": postfix.replace(spot, spot.replace(b" (in", b" " * room + b"(in")),
        "tabs before (in reply to": postfix.replace(spot, spot.replace(b" (in", b"\t" * room + b"(in")),
        "space-newline runs": postfix.replace(spot, spot.replace(b" (in", b" \n" * (room // 2) + b"(in")),
        "one long line": postfix.replace(b"550 Unknown user", b"550 Unknown user " + b"x" * room),
    }
    head = (b"From: MAILER-DAEMON@example.org (Mail Delivery System)\nTo: sender@example.org\n"
            b"Subject: Undelivered Mail Returned to Sender\nMIME-Version: 1.0\n"
            b"Content-Type: multipart/report; report-type=delivery-status; boundary=\"B\"\n\n--B\n"
            b"Content-Type: text/plain\n\nThis is the mail system at host example.org.\n\n")
    count = 4000
    paragraphs = b"".join(b"<u%d@example.net>: host mx.example.net[192.0.2.1] said: 550 5.1.1 unknown "
                          b"user (in reply to RCPT TO command)\n\n" % n for n in range(count))
    blocks = b"".join(b"Final-Recipient: rfc822; u%d@example.net\nAction: failed\nStatus: 5.1.1\n\n" % n
                      for n in range(count))
    made["4,000 recipients"] = (head + paragraphs + b"--B\nContent-Type: message/delivery-status\n\n"
                                b"Reporting-MTA: dns; example.org\n\n" + blocks + b"--B--\n")
    parts = b"".join(b"--B\nContent-Type: text/plain\n\npart %d\n" % n for n in range(20000))
    made["20,000 parts"] = head.split(b"--B\n")[0] + parts + b"--B--\n"
    return {name: raw[:MIB] for name, raw in made.items()}


def slowest(messages: dict[str, bytes]) -> tuple[str, bytes, float]:
    parse((CORPUS / "lhost-postfix-03.eml").read_bytes())  # loads the decoders and rules
    timed = []
    for name, raw in messages.items():
        runs = []
        for _ in range(2):
            started = time.perf_counter()
            parse(raw)
            runs.append(time.perf_counter() - started)
        timed.append((min(runs), name))
        print(f"  {name:<30} {len(raw) / MIB:5.2f} MiB  parsed in {timed[-1][0]:.3f} s (best of 2)")
    seconds, name = max(timed)
    return name, messages[name], seconds


# -- servers ----------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def server(command: list[str], env: dict[str, str], port: int) -> Iterator[subprocess.Popen]:
    process = subprocess.Popen(command, env={**os.environ, **env}, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 60
        while True:
            if process.poll() is not None:
                raise SystemExit(f"the server ended at once: {' '.join(command)}")
            try:
                if httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline:
                raise SystemExit("the server did not answer within 60 s")
            time.sleep(0.1)
        yield process
    finally:
        process.terminate()
        try:
            process.wait(30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def bouncekit_serve(database: str, port: int, *options: str) -> list[str]:
    return [sys.executable, "-m", "bouncekit", "--database", database, "serve", "--port", str(port), *options]


def peak_memory_mib(pid: int) -> float:
    status = Path(f"/proc/{pid}/status").read_text()
    found = re.search(r"VmHWM:\s+(\d+) kB", status)
    return int(found[1]) / 1024 if found else float("nan")


# -- clients ----------------------------------------------------------------------------------


def send_header(port: int, size: int) -> tuple[float, int, str]:
    """One request whose header is ``size`` bytes: (seconds until the server answered or
    closed, bytes it took, what it said)."""
    started = time.monotonic()
    sent = 0
    outcome = "closed"
    with socket.create_connection(("127.0.0.1", port), timeout=600) as sock:
        block = b"h" * 65536
        try:
            sock.sendall(b"POST /v1/classify HTTP/1.1\r\nHost: bench\r\nX-Big: ")
            while sent < size:
                sock.sendall(block)
                sent += len(block)
            sock.sendall(b"\r\n\r\n")
        except OSError:
            pass
        try:
            sock.settimeout(600)
            answer = sock.recv(200)
            outcome = answer.split(b"\r\n", 1)[0].decode("latin-1") if answer else "closed"
        except OSError as exc:
            outcome = type(exc).__name__
    return time.monotonic() - started, sent, outcome


def latencies(port: int, key: str, count: int) -> list[float]:
    times = []
    with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=120,
                      headers={"Authorization": f"Bearer {key}"}) as client:
        for _ in range(count):
            started = time.perf_counter()
            response = client.post("/v1/classify", json={"text": REPLY})
            times.append(time.perf_counter() - started)
            if response.status_code != 200:
                raise SystemExit(f"/v1/classify answered {response.status_code}: {response.text}")
    return times


def report(label: str, times: list[float]) -> None:
    ordered = sorted(times)
    p99 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]
    print(f"  {label:<44} n={len(times):<5} p50 {statistics.median(ordered) * 1000:7.1f} ms   "
          f"p99 {p99 * 1000:7.1f} ms   max {ordered[-1] * 1000:7.1f} ms")


def under_attack(port: int, key: str, message: bytes, header_bytes: int, count: int) -> None:
    stop = threading.Event()
    posted: list[tuple[float, int]] = []
    headers: list[tuple[float, int, str]] = []

    def post_slow() -> None:
        headers = {"Authorization": f"Bearer {key}", "Content-Type": "message/rfc822"}
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=120, headers=headers) as client:
            while not stop.is_set():
                started = time.perf_counter()
                response = client.post("/v1/messages", params={"dry_run": True}, content=message)
                posted.append((time.perf_counter() - started, response.status_code))

    def send_headers() -> None:
        while not stop.is_set():
            headers.append(send_header(port, header_bytes))

    attackers = [threading.Thread(target=post_slow), threading.Thread(target=send_headers)]
    for attacker in attackers:
        attacker.start()
    time.sleep(0.5)
    try:
        report("/v1/classify under attack", latencies(port, key, count))
    finally:
        stop.set()
        for attacker in attackers:
            attacker.join()
    answers = sorted({status for _, status in posted})
    print(f"  the hostile message: {len(posted)} posts, answered {answers}, "
          f"{statistics.median([t for t, _ in posted]):.3f} s each (median)")
    most = max(s for _, s, _ in headers) / 1024
    print(f"  the {header_bytes // MIB} MB headers: {len(headers)} sent, answered "
          f"{sorted({o for _, _, o in headers})}; the client wrote at most {most:.0f} KiB of one "
          f"(socket buffers take the part the server never read), answered in "
          f"{max(t for t, _, _ in headers):.3f} s at most")


def header_bounds(database: str, key: str, header_bytes: int) -> None:
    env = {"BOUNCEKIT_DATABASE_URL": database}
    uvicorn = [sys.executable, "-m", "uvicorn", "--factory", "bouncekit.service:app_from_env",
               "--no-access-log", "--log-level", "warning"]
    for label, make in (
        ("uvicorn, httptools (no header limit)",
         lambda p: [*uvicorn, "--http", "httptools", "--port", str(p)]),
        ("uvicorn, h11, max incomplete event 64 KiB",
         lambda p: [*uvicorn, "--http", "h11", "--h11-max-incomplete-event-size", "65536", "--port", str(p)]),
        ("bouncekit serve (64 KiB head limit)", lambda p: bouncekit_serve(database, p)),
    ):
        port = free_port()
        with server(make(port), env, port) as process:
            health: list[float] = []
            done = threading.Event()

            def ask_health(
                port: int = port, health: list[float] = health, done: threading.Event = done
            ) -> None:
                with httpx.Client(timeout=600) as client:
                    while not done.is_set() or len(health) < 5:
                        started = time.perf_counter()
                        client.get(f"http://127.0.0.1:{port}/healthz")
                        health.append(time.perf_counter() - started)
                        time.sleep(0.05)

            asker = threading.Thread(target=ask_health)
            asker.start()
            seconds, sent, outcome = send_header(port, header_bytes)
            done.set()
            asker.join()
            print(f"  {label:<44} {seconds:7.2f} s, took {sent / MIB:6.1f} MiB, peak memory "
                  f"{peak_memory_mib(process.pid):5.0f} MiB, slowest /healthz {max(health) * 1000:8.1f} ms: "
                  f"{outcome}")


def main() -> None:
    options = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    options.add_argument("--requests", type=int, default=2000, help="classify requests per measurement")
    options.add_argument("--header-mb", type=int, default=100, help="size of the hostile header in MB")
    args = options.parse_args()
    header_bytes = args.header_mb * MIB

    print("hostile messages, parsed here:")
    name, message, seconds = slowest(hostile_messages())
    print(f"  the slowest: {name} ({seconds:.3f} s)")

    with tempfile.TemporaryDirectory() as folder:
        database = f"sqlite:///{folder}/bench.sqlite3"
        with Store.open(database) as store:
            key = store.create_key("bench")
        for title, extra in (
            ("default limits (parse budget 5 s)", ()),
            ("--parse-budget 0.1: the hostile message runs over", ("--parse-budget", "0.1")),
        ):
            port = free_port()
            print(f"\nbouncekit serve, {title}:")
            with server(bouncekit_serve(database, port, *extra), {}, port):
                report("/v1/classify alone", latencies(port, key, args.requests))
                under_attack(port, key, message, header_bytes, args.requests)
        print(f"\none {args.header_mb} MB header, with /healthz asked meanwhile:")
        header_bounds(database, key, header_bytes)


if __name__ == "__main__":
    main()
