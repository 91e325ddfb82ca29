"""``bouncekit serve`` as a real process on a free loopback port, spoken to over HTTP."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from dataclasses import asdict
from pathlib import Path

import httpx

from bouncekit.store import Store
from tests.conftest import corpus_bytes


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_healthy(base: str, process: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert process.poll() is None, process.communicate()[1]
        try:
            if httpx.get(f"{base}/healthz", timeout=1).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.1)
    raise AssertionError(f"bouncekit serve did not answer on {base} within {timeout} s")


def test_serve_answers_over_http(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'db.sqlite3'}"
    with Store.open(url) as store:
        key = store.create_key("process-test")
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    process = subprocess.Popen(
        [sys.executable, "-m", "bouncekit", "--database", url, "serve", "--port", str(port),
         "--workers", "2", "--max-body", "100000", "--max-headers", "30"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        env={**os.environ, "BOUNCEKIT_MAX_HEADER_BYTES": "3000"},
    )
    try:
        wait_healthy(base, process)
        with httpx.Client(base_url=base, headers={"Authorization": f"Bearer {key}"}, timeout=10) as client:
            classified = client.post("/v1/classify", json={"text": "552 5.2.2 Mailbox full"})
            assert classified.status_code == 200
            assert classified.json()["class"] == 22
            assert "server" not in classified.headers

            stored = client.post("/v1/messages", content=corpus_bytes("lhost-postfix-03.eml"),
                                 headers={"Content-Type": "message/rfc822"})
            assert stored.status_code == 200
            assert [s["address"] for s in stored.json()["suppressed"]] == ["kijitora@example.net"]
            assert client.get("/v1/suppressions/kijitora@example.net").json()["state"] == "suppressed"

            too_large = client.post("/v1/messages", content=b"x" * 100_001,
                                    headers={"Content-Type": "message/rfc822"})
            assert too_large.status_code == 413

            # The server limits reach every worker, from an option or from the environment.
            many = client.get("/healthz", headers={f"X-{n}": "v" for n in range(30)})
            assert many.status_code == 431
            assert many.json() == {"error": "the request has more header fields than the limit of 30"}
            big = client.get("/healthz", headers={"X-Big": "b" * 3000})
            assert big.status_code == 431
            assert big.json() == {"error": "the request head is larger than the limit of 3000 bytes"}
        assert httpx.get(f"{base}/v1/stats").status_code == 401
    finally:
        process.terminate()
        process.communicate(timeout=30)
    assert process.returncode == 0


def test_serve_refuses_a_bad_database_at_once(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "bouncekit", "--database", "mysql://nowhere/x", "serve", "--port", "0"],
        capture_output=True, text=True, timeout=60,
    )
    assert result.returncode == 1
    assert result.stderr.startswith("Error: ") and "mysql" in result.stderr


def test_serve_option_defaults_are_the_limits_defaults() -> None:
    from bouncekit.cli.serve import command, env_name
    from bouncekit.service.limits import ServerLimits
    from bouncekit.service.parsing import DEFAULT_PARSE_BUDGET, DEFAULT_PARSE_WORKERS

    options = {p.name: p for p in command.params}
    for field, value in asdict(ServerLimits()).items():
        assert options[field].default == value, field
        assert options[field].envvar == env_name(field)
    assert (options["parse_budget"].default, options["parse_workers"].default) == (
        DEFAULT_PARSE_BUDGET, DEFAULT_PARSE_WORKERS)


def test_serve_refuses_a_bad_limit_from_the_environment(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "bouncekit", "--database", f"sqlite:///{tmp_path / 'db'}", "serve"],
        capture_output=True, text=True, timeout=60, env={**os.environ, "BOUNCEKIT_HEADER_TIMEOUT": "0"},
    )
    assert result.returncode == 2
    assert "Invalid value for '--header-timeout'" in result.stderr and "0" in result.stderr
