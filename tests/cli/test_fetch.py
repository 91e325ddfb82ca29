"""``bouncekit fetch`` as a subprocess against a real Dovecot on loopback."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from tests.conftest import corpus_bytes, corpus_labels
from tests.dovecot import PASSWORD, Dovecot

BOUNCES = ("lhost-postfix-03.eml", "lhost-sendmail-01.eml", "lhost-qmail-01.eml")
NOT_A_BOUNCE = "not-bounces/is-not-bounce-01.eml"


def run(*args: str, password: str | None = PASSWORD) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "BOUNCEKIT_IMAP_PASSWORD"}
    if password is not None:
        env["BOUNCEKIT_IMAP_PASSWORD"] = password
    return subprocess.run(
        [sys.executable, "-m", "bouncekit", "fetch", *args],
        capture_output=True, text=True, env=env, stdin=subprocess.DEVNULL, timeout=120,
    )


@pytest.fixture
def server():
    dovecot = Dovecot(tls=True).start()
    for name in BOUNCES:
        dovecot.deliver(corpus_bytes(name), name)
    dovecot.deliver(corpus_bytes(NOT_A_BOUNCE), "not-a-bounce")
    dovecot.deliver(b"", "empty")  # cannot be decoded
    yield dovecot
    dovecot.stop()


def _expected() -> dict[str, set[int]]:
    return {
        label["recipient"]: set(label["classes"])
        for label in corpus_labels()
        if label["file"] in BOUNCES
    }


def _records(stdout: str) -> list[dict]:
    return [json.loads(line) for line in stdout.splitlines() if line.strip()]


def test_fetch_prints_records_and_reports_the_undecodable_message(server: Dovecot) -> None:
    result = run(server.url(), "--format", "json", "--summary")
    assert result.returncode == 1, result.stderr
    *records, summary = _records(result.stdout)
    expected = _expected()
    assert {r["recipient"] for r in records} == set(expected)
    for record in records:
        assert record["class"] in expected[record["recipient"]]
        assert record["source"].startswith(server.url() + "/;UID=")
    assert summary["summary"]["messages"] == 5
    assert summary["summary"]["not_a_bounce"] == 1
    assert summary["summary"]["failed"] == 1
    # One line for the empty message, naming it by its IMAP URL.
    errors = result.stderr.strip().splitlines()
    assert len(errors) == 1
    assert errors[0].startswith(f"bouncekit: {server.url()}/;UID=")
    assert "the message is empty" in errors[0]
    assert server.folder_count() == 5  # nothing moved without --move-to / --delete


def test_move_to_files_away_only_decoded_bounces(server: Dovecot) -> None:
    result = run(server.url(), "--format", "csv", "--move-to", "Processed", "--batch-size", "2")
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert lines[0].startswith("source,event,recipient,")
    assert len(lines) == 1 + len(BOUNCES)
    assert server.folder_count("Processed") == len(BOUNCES)
    # The undecodable message and the ordinary one stay in the INBOX.
    assert server.folder_count("INBOX") == 2
    again = run(server.url(), "--format", "json")
    assert _records(again.stdout) == []


def test_delete_removes_decoded_bounces(server: Dovecot) -> None:
    result = run(server.url(), "--format", "json", "--delete")
    assert len(_records(result.stdout)) == len(BOUNCES)
    assert server.folder_count("INBOX") == 2


@pytest.mark.parametrize("option", [("--delete",), ("--move-to", "Processed")])
def test_nothing_is_filed_away_when_the_output_cannot_be_written(server: Dovecot, option) -> None:
    env = {**os.environ, "BOUNCEKIT_IMAP_PASSWORD": PASSWORD}
    with open("/dev/full", "w") as full:  # every write fails: no space left on device
        result = subprocess.run(
            [sys.executable, "-m", "bouncekit", "fetch", server.url(), "--format", "json", *option],
            stdout=full, stderr=subprocess.PIPE, text=True, env=env, stdin=subprocess.DEVNULL,
            timeout=120,
        )
    assert result.returncode == 1
    assert "bouncekit: <stdout>: cannot write the output: no space left on device" in result.stderr
    assert "Traceback" not in result.stderr
    assert server.folder_count("INBOX") == 5 and server.folder_count("Processed") == 0


def test_imaps_with_the_servers_certificate(server: Dovecot) -> None:
    result = run(server.url(secure=True), "--format", "json", "--cafile", str(server.cert), "--limit", "2")
    assert len(_records(result.stdout)) == 2
    untrusted = run(server.url(secure=True), "--format", "json")
    assert untrusted.returncode == 1
    assert "certificate" in untrusted.stderr
    assert untrusted.stdout == ""


@pytest.mark.parametrize(
    ("args", "password", "words"),
    [
        (("imap://bounces:pw@127.0.0.1/INBOX",), PASSWORD, "the password must not be in the URL"),
        (("imap://bounces@127.0.0.1/INBOX",), None, "set BOUNCEKIT_IMAP_PASSWORD"),
        (("imap://bounces@127.0.0.1/INBOX", "--delete", "--move-to", "X"), PASSWORD, "not both"),
    ],
)
def test_usage_errors_exit_2(args: tuple[str, ...], password: str | None, words: str) -> None:
    result = run(*args, password=password)
    assert result.returncode == 2
    assert words in result.stderr


def test_wrong_password_exits_1_with_one_line(server: Dovecot) -> None:
    result = run(server.url(), password="not the password")
    assert result.returncode == 1
    assert result.stderr.startswith(f"bouncekit: {server.url()}: login failed")
    assert "not the password" not in result.stderr
