"""``bouncekit classify``, driven as a real subprocess."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys

from click.testing import CliRunner

import bouncekit
from bouncekit.cli import main


def bouncekit_cli(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "bouncekit", *args], input=stdin,
                          capture_output=True, text=True, timeout=60)


def test_one_reply_as_argument_gives_the_library_classification():
    reply = "550 5.1.1 <jo@example.com>: Recipient address rejected: User unknown"
    result = bouncekit_cli("classify", "--format", "json", reply)
    assert result.returncode == 0, result.stderr
    record = json.loads(result.stdout)
    assert record == {**bouncekit.classify(reply).to_dict(), "text": reply}
    assert (record["class"], record["type"], record["reason"]) == (10, "hard", "user_unknown")


def test_replies_on_stdin_one_per_line_in_csv():
    lines = ["452 4.2.2 Mailbox full", "", "554 5.7.1 Client host [192.0.2.1] blocked using zen.spamhaus.org"]
    result = bouncekit_cli("classify", "--format", "csv", stdin="\n".join(lines) + "\n")
    assert result.returncode == 0
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [(r["class"], r["reason"]) for r in rows] == [("22", "mailbox_full"), ("51", "blocklisted")]
    assert rows[0]["text"] == "452 4.2.2 Mailbox full"


def test_stdin_is_streamed_a_line_in_a_record_out():
    process = subprocess.Popen([sys.executable, "-m", "bouncekit", "classify", "--format", "json"],
                               stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, bufsize=1)
    try:
        process.stdin.write("552 5.2.2 Mailbox full\n")
        process.stdin.flush()
        # The record arrives while stdin is still open: nothing waits for the end.
        first = json.loads(process.stdout.readline())
        assert first["class"] == 22
        process.stdin.write("550 5.1.1 No such user\n")
        process.stdin.flush()
        assert json.loads(process.stdout.readline())["class"] == 10
    finally:
        process.stdin.close()
        process.wait(timeout=30)
    assert process.returncode == 0


def test_remote_mta_selects_provider_rules_and_table_has_headings():
    result = bouncekit_cli("classify", "--format", "table", "--remote-mta", "mx.example.net",
                           "421 4.7.0 Try again later")
    heading, line = result.stdout.splitlines()
    assert heading.split()[:3] == ["CLASS", "TYPE", "REASON"]
    assert "4.7.0" in line


def test_no_text_and_an_empty_stdin_gives_nothing_and_exit_0():
    result = bouncekit_cli("classify", "--format", "json", stdin="")
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")


def test_bytes_that_are_not_utf8_do_not_stop_the_stream():
    process = subprocess.run([sys.executable, "-m", "bouncekit", "classify", "--format", "json"],
                             input=b"550 5.1.1 Benutzer unbekannt \xe4\n452 4.2.2 Mailbox full\n",
                             capture_output=True, timeout=60)
    assert process.returncode == 0 and process.stderr == b""
    first, second = (json.loads(line) for line in process.stdout.splitlines())
    assert first["class"] == 10 and first["text"].endswith("\ufffd")
    assert second["class"] == 22


def test_an_empty_reply_is_a_usage_error():
    for text in ("", "   "):
        result = CliRunner().invoke(main, ["classify", text])
        assert result.exit_code == 2
        assert "Invalid value for TEXT: the reply text is empty" in result.stderr
        assert result.stdout == ""
