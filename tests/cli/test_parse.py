"""``bouncekit parse``, driven as a real subprocess."""

from __future__ import annotations

import csv
import io
import json
import os
import pty
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from bouncekit.cli import main
from bouncekit.cli.output import RECORD_COLUMNS
from tests.conftest import CORPUS, corpus_bytes

MBOX0 = str(CORPUS / "mbox" / "mbox-0")
POSTFIX = str(CORPUS / "emails" / "lhost-postfix-03.eml")
#: The keys of TAXONOMY.md's JSON record, plus where the record came from.
CONTRACT_KEYS = {
    "event", "recipient", "class", "class_name", "type", "reason", "status", "reply_code",
    "diagnostic", "remote_mta", "reporting_mta", "original_message_id", "original_sender", "date",
    "feedback_type", "decoder", "rule", "source",
}


def bouncekit(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bouncekit", *args], input=stdin.decode("latin-1") if stdin else None,
        capture_output=True, text=True, timeout=120, encoding="latin-1",
    )


def json_lines(text: str) -> list[dict]:
    return [json.loads(line) for line in text.splitlines()]


def test_a_message_file_gives_json_lines_with_the_contract_keys_sorted():
    result = bouncekit("parse", "--format", "json", POSTFIX)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    (line,) = result.stdout.splitlines()
    record = json.loads(line)
    assert set(record) >= CONTRACT_KEYS
    assert list(record) == sorted(record)
    assert record["source"] == POSTFIX
    assert record["event"] == "bounce" and isinstance(record["class"], int)


def test_piped_output_defaults_to_json():
    result = bouncekit("parse", POSTFIX)
    assert json.loads(result.stdout)["source"] == POSTFIX


def test_an_mbox_gives_records_numbered_by_message():
    result = bouncekit("parse", "--format", "json", MBOX0)
    assert result.returncode == 0, result.stderr
    records = json_lines(result.stdout)
    assert len(records) >= 30
    positions = [int(r["source"].rpartition("#")[2]) for r in records]
    assert positions == sorted(positions) and positions[0] == 1 and positions[-1] == 37
    assert all(r["source"].startswith(MBOX0 + "#") for r in records)


def test_a_folder_and_a_maildir(tmp_path):
    folder = tmp_path / "folder"
    folder.mkdir()
    for name in ("lhost-postfix-03.eml", "lhost-exim-03.eml"):
        (folder / name).write_bytes(corpus_bytes(name))
    maildir = tmp_path / "Maildir"
    for sub in ("cur", "new", "tmp"):
        (maildir / sub).mkdir(parents=True)
    (maildir / "new" / "1700000000.1.host").write_bytes(corpus_bytes("lhost-sendmail-01.eml"))
    (maildir / "tmp" / "1700000001.1.host").write_bytes(b"half written")
    result = bouncekit("parse", "--format", "json", str(folder), str(maildir))
    assert result.returncode == 0, result.stderr
    sources = [r["source"] for r in json_lines(result.stdout)]
    assert {Path(s).name for s in sources} == {
        "lhost-exim-03.eml", "lhost-postfix-03.eml", "1700000000.1.host"
    }
    assert sources == sorted(sources, key=lambda s: (not s.startswith(str(folder)), s))


def test_stdin_takes_one_message_or_an_mbox():
    single = bouncekit("parse", "--format", "json", "-", stdin=corpus_bytes("lhost-postfix-03.eml"))
    assert single.returncode == 0, single.stderr
    assert {r["source"] for r in json_lines(single.stdout)} == {"<stdin>"}
    mbox = bouncekit("parse", "--format", "json", "-", stdin=Path(MBOX0).read_bytes())
    from_file = bouncekit("parse", "--format", "json", MBOX0)
    assert [{**r, "source": r["source"].rpartition("#")[2]} for r in json_lines(mbox.stdout)] == [
        {**r, "source": r["source"].rpartition("#")[2]} for r in json_lines(from_file.stdout)
    ]


def test_a_broken_file_in_a_batch_is_one_error_line_and_exit_1(tmp_path):
    empty = tmp_path / "empty.eml"
    empty.write_bytes(b"")
    missing = str(tmp_path / "missing.eml")
    result = bouncekit("parse", "--format", "json", POSTFIX, str(empty), missing, MBOX0)
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        f"bouncekit: {empty}: the message is empty",
        f"bouncekit: {missing}: no such file or folder",
    ]
    sources = {r["source"].partition("#")[0] for r in json_lines(result.stdout)}
    assert sources == {POSTFIX, MBOX0}  # the batch went on past the broken inputs


def test_a_broken_message_inside_an_mbox_names_its_position(tmp_path):
    box = tmp_path / "box"
    box.write_bytes(
        b"From MAILER-DAEMON Thu Sep 18 17:54:04 2008\n" + corpus_bytes("lhost-postfix-03.eml")
        + b"\nFrom MAILER-DAEMON Thu Sep 18 17:55:04 2008\n\n\n"
    )
    result = bouncekit("parse", "--format", "json", str(box))
    assert result.returncode == 1
    offset = box.read_bytes().rindex(b"From MAILER")
    assert result.stderr == f"bouncekit: {box} (message 2, byte {offset}): the message is empty\n"
    assert {r["source"] for r in json_lines(result.stdout)} == {f"{box}#1"}


def test_csv_has_a_header_and_the_same_records_as_json():
    as_json = json_lines(bouncekit("parse", "--format", "json", MBOX0).stdout)
    result = bouncekit("parse", "--format", "csv", MBOX0)
    assert result.returncode == 0
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert tuple(csv.reader(io.StringIO(result.stdout)).__next__()) == RECORD_COLUMNS
    assert len(rows) == len(as_json)
    for row, record in zip(rows, as_json, strict=True):
        assert row["source"] == record["source"] and row["recipient"] == record["recipient"]
        assert row["class"] == str(record["class"])
        assert row["status"] == (record["status"] or "")


def test_table_has_headings_and_one_line_per_record():
    result = bouncekit("parse", "--format", "table", POSTFIX)
    heading, *lines = result.stdout.splitlines()
    assert heading.split()[:4] == ["SOURCE", "RECIPIENT", "CLASS", "TYPE"]
    assert len(lines) == len(json_lines(bouncekit("parse", "--format", "json", POSTFIX).stdout))


def test_summary_counts_classes_domains_and_messages_that_are_not_bounces():
    not_bounces = str(CORPUS / "not-bounces")
    result = bouncekit("parse", "--format", "json", "--summary", MBOX0, not_bounces)
    *records, last = json_lines(result.stdout)
    summary = last["summary"]
    assert summary["records"] == len(records)
    assert summary["messages"] == 37 + len(list(Path(not_bounces).iterdir())) + 1  # one holds two
    assert summary["not_a_bounce"] >= 3
    assert sum(summary["by_class"].values()) == sum(1 for r in records if r["class"] is not None)
    assert summary["by_domain"]["ezweb.ne.jp"] == sum(
        1 for r in records if r["recipient"] and r["recipient"].endswith("@ezweb.ne.jp"))
    assert set(summary["by_type"]) <= {"hard", "soft", "block", "undetermined"}
    table = bouncekit("parse", "--format", "table", "--summary", not_bounces).stdout
    assert "not a bounce" in table and "by class" not in table


@pytest.mark.parametrize("fmt", ["json", "csv", "table"])
def test_jobs_keeps_the_output_identical(fmt):
    # With --jobs the workers format the lines: the output must not tell the difference.
    inputs = [MBOX0, str(CORPUS / "mbox" / "size-0"), str(CORPUS / "emails")]
    one = bouncekit("parse", "--format", fmt, "--summary", *inputs)
    two = bouncekit("parse", "--format", fmt, "--summary", "--jobs", "2", *inputs)
    assert one.returncode == two.returncode == 1  # size-0 holds an empty message
    assert two.stdout == one.stdout and len(one.stdout.splitlines()) > 300
    assert two.stderr == one.stderr == f"bouncekit: {inputs[1]}: the message is empty\n"


def test_no_progress_on_a_pipe_even_for_many_messages(tmp_path):
    box = tmp_path / "many"
    one = corpus_bytes("lhost-postfix-03.eml")
    box.write_bytes(b"".join(b"From x@y Thu Sep 18 17:54:04 2008\n" + one + b"\n" for _ in range(400)))
    result = bouncekit("parse", "--format", "json", str(box))
    assert result.returncode == 0 and result.stderr == ""
    assert len(result.stdout.splitlines()) == 400 * len(json_lines(bouncekit("parse", POSTFIX).stdout))


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("parse",), "Missing argument 'PATH...'"),
        (("parse", "--format", "xml", POSTFIX), "Invalid value for '--format'"),
        (("parse", "--jobs", "0", POSTFIX), "Invalid value for '--jobs'"),
    ],
)
def test_usage_errors_exit_2(args, message):
    result = bouncekit(*args)
    assert result.returncode == 2
    assert message in result.stderr


def test_the_installed_script_is_the_same_command():
    script = shutil.which("bouncekit", path=str(Path(sys.executable).parent))
    assert script is not None
    result = subprocess.run([script, "parse", "--format", "json", POSTFIX], capture_output=True,
                            text=True, timeout=60)
    assert result.returncode == 0 and json.loads(result.stdout)["source"] == POSTFIX


def test_progress_shows_on_a_terminal_stderr_for_hundreds_of_messages(tmp_path):
    box = tmp_path / "many"
    one = corpus_bytes("lhost-postfix-03.eml")
    box.write_bytes(b"".join(b"From x@y Thu Sep 18 17:54:04 2008\n" + one + b"\n" for _ in range(400)))
    controller, terminal = pty.openpty()
    try:
        process = subprocess.run(
            [sys.executable, "-m", "bouncekit", "parse", "--format", "json", str(box)],
            stdout=subprocess.PIPE, stderr=terminal, timeout=120,
        )
        os.close(terminal)
        shown = b""
        while True:
            try:
                chunk = os.read(controller, 4096)
            except OSError:  # the terminal side is closed: all read
                break
            if not chunk:
                break
            shown += chunk
    finally:
        os.close(controller)
    assert process.returncode == 0
    assert re.search(rb"\d{3} messages +[\d,]+/s +1?\d{1,2}\.\d% +ETA \d+:\d\d", shown), shown
    assert shown.endswith(b"\r\x1b[K")  # the line is erased at the end
    assert b"messages" not in process.stdout


def test_an_output_that_cannot_be_written_is_one_error_line_and_exit_1():
    with open("/dev/full", "w") as full:
        result = subprocess.run([sys.executable, "-m", "bouncekit", "parse", "--format", "json", MBOX0],
                                stdout=full, stderr=subprocess.PIPE, text=True, timeout=60)
    assert result.returncode == 1
    assert result.stderr == "bouncekit: <stdout>: cannot write the output: no space left on device\n"


def test_a_reader_that_goes_away_stops_the_command_quietly():
    process = subprocess.Popen(
        [sys.executable, "-m", "bouncekit", "parse", "--format", "json", "--jobs", "2",
         str(CORPUS / "emails"), MBOX0],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )
    json.loads(process.stdout.readline())
    process.stdout.close()  # like `| head -1`
    stderr = process.stderr.read()
    process.wait(timeout=60)
    assert process.returncode == 141
    assert b"Traceback" not in stderr and b"Error" not in stderr


def test_a_file_that_is_no_message_and_an_empty_folder_are_said_on_stderr(tmp_path):
    noise = tmp_path / "noise.bin"
    noise.write_bytes(bytes(range(256)) * 4)
    empty = tmp_path / "empty"
    empty.mkdir()
    result = CliRunner().invoke(main, ["parse", "--format", "json", str(noise), str(empty)])
    assert result.exit_code == 1  # the file could not be read as a message
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        f"bouncekit: {empty}: no messages in this folder",
        f"bouncekit: {noise}: not an email message: it has no header fields",
    ]
    alone = CliRunner().invoke(main, ["parse", str(empty)])
    assert alone.exit_code == 0 and alone.stderr == f"bouncekit: {empty}: no messages in this folder\n"


def test_the_parse_command_loads_no_decoder_until_it_parses():
    # With --jobs the command only splits the input and writes what its workers send
    # back: importing it must not load the decoders and rules (a third of a second that
    # would delay the workers' start and take CPU from them).
    code = ("import sys, bouncekit.cli.parse; "
            "print(sorted(m for m in ('bouncekit.api', 'bouncekit.decoders', 'bouncekit.classifier') "
            "if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
