"""``bouncekit logs`` as a subprocess: formats, gzip, stdin, summary and exit codes."""

from __future__ import annotations

import csv
import gzip
import io
import json
import subprocess
import sys
from pathlib import Path

from tests.logs.test_exim import MAINLOG
from tests.logs.test_postfix import LOG as POSTFIX_LOG


def run(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bouncekit", "logs", *args],
        capture_output=True, text=True, input=stdin, timeout=120,
    )


def test_json_records_with_sources_and_summary(tmp_path: Path) -> None:
    plain = tmp_path / "mail.log"
    plain.write_text(POSTFIX_LOG + "garbage\n")
    packed = tmp_path / "mainlog.1.gz"
    packed.write_bytes(gzip.compress(MAINLOG.encode()))
    result = run(str(plain), str(packed), "--format", "json", "--summary")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    rows = [json.loads(line) for line in lines]
    summary = rows.pop()["summary"]
    assert all(line == json.dumps(json.loads(line), sort_keys=True) for line in lines)
    assert [r["source"] for r in rows] == [
        f"{plain}:6", f"{plain}:8", f"{plain}:9", f"{plain}:12",
        f"{packed}:3", f"{packed}:4", f"{packed}:5", f"{packed}:10",
    ]
    assert rows[0]["class"] == 10 and rows[0]["original_sender"] == "news@example.org"
    assert rows[3]["reason"] == "expired" and rows[3]["event"] == "bounce"
    assert {r["decoder"] for r in rows} == {"postfix-log", "exim-log"}
    assert summary["records"] == 8
    assert summary["messages"] == 2  # logs read
    assert summary["lines"] == len(POSTFIX_LOG.splitlines()) + 1 + len(MAINLOG.splitlines())
    assert summary["skipped_lines"] == 1
    assert summary["by_event"] == {"bounce": 5, "delayed": 3}


def test_csv_from_stdin() -> None:
    result = run("-", "--format", "csv", stdin=POSTFIX_LOG)
    assert result.returncode == 0
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [(r["source"], r["recipient"], r["class"]) for r in rows] == [
        ("<stdin>:6", "Jo.Smith@example.com", "10"),
        ("<stdin>:8", "ann@example.net", "24"),
        ("<stdin>:9", "kim@example.org", "20"),
        ("<stdin>:12", "ann@example.net", "24"),
    ]


def test_unreadable_log_is_reported_and_the_rest_goes_on(tmp_path: Path) -> None:
    good = tmp_path / "mail.log"
    good.write_text(POSTFIX_LOG)
    missing = tmp_path / "gone.log"
    result = run(str(missing), str(good), "--format", "json")
    assert result.returncode == 1
    assert result.stderr == f"bouncekit: {missing}: cannot open the log (No such file or directory)\n"
    assert len(result.stdout.splitlines()) == 4


def test_usage_error_exits_2() -> None:
    result = run()
    assert result.returncode == 2
    assert "Missing argument" in result.stderr


def test_help_has_an_example() -> None:
    result = run("--help")
    assert result.returncode == 0
    assert "bouncekit logs /var/log/mail.log" in result.stdout


def test_one_process_and_two_write_the_same(tmp_path: Path) -> None:
    plain = tmp_path / "mail.log"
    plain.write_text((POSTFIX_LOG + "garbage\n") * 300)
    damaged = tmp_path / "mainlog.2.gz"
    packed = gzip.compress((MAINLOG * 300).encode())
    damaged.write_bytes(packed[: len(packed) // 2])
    args = (str(plain), str(damaged), "--format", "csv", "--summary")
    one, two = run(*args, "--jobs", "1"), run(*args, "--jobs", "2")
    assert one.returncode == two.returncode == 1
    assert one.stdout.count("\n") > 1000 and "could not be read after line" in one.stderr
    assert (two.stdout, two.stderr) == (one.stdout, one.stderr)
    from_stdin = [run("-", "--format", "json", "--jobs", jobs, stdin=POSTFIX_LOG * 50) for jobs in "12"]
    assert from_stdin[0].stdout.count("\n") == 200 and from_stdin[1].stdout == from_stdin[0].stdout
