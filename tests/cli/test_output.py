"""The output shared by the commands (bouncekit.cli.output), unit by unit."""

from __future__ import annotations

import csv
import errno
import io
import json
import random

import pytest

from bouncekit import BounceClass, Event
from bouncekit.cli import output
from bouncekit.cli.output import RECORD_COLUMNS, Column, OutputError, Progress, Summary, open_writer

ROW = {"source": "a/very/long/path/to/the/box.mbox#12", "event": "bounce", "recipient": "jo@example.com",
       "class": 22, "class_name": "Mailbox Full", "type": "soft", "reason": "mailbox_full",
       "status": "5.2.2", "diagnostic": "552 5.2.2\n  mailbox full", "decoder": "postfix"}


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_without_format_a_terminal_gets_a_table_and_a_pipe_json():
    assert open_writer(None, stream=Terminal()).fmt == "table"
    assert open_writer(None, stream=io.StringIO()).fmt == "json"


def test_json_lines_have_sorted_keys():
    out = io.StringIO()
    writer = open_writer("json", stream=out)
    writer.write(ROW)
    writer.finish()
    (line,) = out.getvalue().splitlines()
    assert json.loads(line) == ROW and line.startswith('{"class": 22, "class_name"')


def test_csv_has_a_header_even_without_rows_and_empty_cells_for_none():
    out = io.StringIO()
    writer = open_writer("csv", stream=out)
    writer.finish()
    assert out.getvalue() == ",".join(RECORD_COLUMNS) + "\n"
    out = io.StringIO()
    writer = open_writer("csv", stream=out)
    writer.write({**ROW, "recipient": None})
    (row,) = csv.DictReader(io.StringIO(out.getvalue()))
    assert row["recipient"] == "" and row["diagnostic"] == ROW["diagnostic"] and row["class"] == "22"


def test_table_cuts_cells_and_keeps_the_end_of_paths():
    out = io.StringIO()
    table = (Column("source", "SOURCE", 12, keep_end=True), Column("recipient", "RCPT", 6),
             Column("diagnostic", "DIAGNOSTIC"))
    writer = open_writer("table", stream=out, table=table)
    writer.write(ROW)
    heading, line = out.getvalue().splitlines()
    assert heading == "SOURCE       RCPT   DIAGNOSTIC"
    assert line == "…box.mbox#12 jo@ex… 552 5.2.2 mailbox full"


def test_summary_counts_records_messages_and_not_bounces():
    summary = Summary()
    summary.add_message([ROW, {**ROW, "recipient": "al@EXAMPLE.org", "class": 10,
                               "class_name": "Invalid Recipient", "type": "hard"}])
    summary.add_message([])
    summary.add_message([{"event": "complaint", "recipient": None, "class": None}])
    summary.add_failure()
    data = summary.to_dict()
    assert (data["messages"], data["records"], data["not_a_bounce"], data["failed"]) == (4, 3, 1, 1)
    assert data["by_class"] == {"10 Invalid Recipient": 1, "22 Mailbox Full": 1}
    assert list(data["by_class"]) == ["10 Invalid Recipient", "22 Mailbox Full"]
    assert data["by_type"] == {"hard": 1, "soft": 1}
    assert data["by_event"] == {"bounce": 2, "complaint": 1}
    assert data["by_domain"] == {"example.com": 1, "EXAMPLE.org": 1, "(no recipient)": 1}
    out = io.StringIO()
    summary.write("json", out)
    assert json.loads(out.getvalue()) == {"summary": data}
    out = io.StringIO()
    summary.write("csv", out)
    rows = list(csv.reader(io.StringIO(out.getvalue().lstrip("\n"))))
    assert rows[0] == ["group", "key", "count"] and ["total", "not a bounce", "1"] in rows
    assert ["class", "22 Mailbox Full", "1"] in rows


def test_progress_waits_for_the_threshold_and_shows_rate_share_and_eta():
    stream = Terminal()
    progress = Progress(1000, threshold=3, stream=stream)
    for _ in range(3):
        progress.advance(100)
    assert stream.getvalue() == ""
    progress.advance(100)
    shown = stream.getvalue()
    assert shown.startswith("\r\x1b[K4 messages") and "/s" in shown and "40.0%" in shown
    assert "ETA 0:0" in shown
    progress.clear()
    assert stream.getvalue().endswith("\r\x1b[K")


def test_progress_stays_silent_off_a_terminal():
    stream = io.StringIO()
    progress = Progress(None, threshold=0, stream=stream)
    for _ in range(1000):
        progress.advance(10)
    progress.clear()
    assert stream.getvalue() == ""


class FullDisk(io.StringIO):
    def write(self, text: str) -> int:
        raise OSError(errno.ENOSPC, "No space left on device")


class ClosedPipe(io.StringIO):
    def write(self, text: str) -> int:
        raise BrokenPipeError(errno.EPIPE, "Broken pipe")


def test_a_failed_write_is_an_output_error_but_a_closed_pipe_stays_itself():
    with pytest.raises(OutputError, match=r"^no space left on device$"):
        open_writer("json", stream=FullDisk()).write(ROW)
    with pytest.raises(OutputError):
        Summary().write("table", FullDisk())
    with pytest.raises(BrokenPipeError):
        open_writer("csv", stream=ClosedPipe()).write(ROW)


def test_json_lines_are_what_json_writes(monkeypatch):
    # The rows' lines from templates per key set, against json.dumps on rows of every
    # kind of key and value (and more key sets than are remembered at once).
    monkeypatch.setattr(output, "MAX_TEMPLATES", 5)
    keys = ["a", "b", "class", "%s", "100%", "\u00e9t\u00e9", 'q"uote', "back\\slash", "\x00\n", "\ud800", ""]
    values = ["", "x", "caf\u00e9 \u2603 \U0001f600", "\ud800", "\x00\x1f\"\\/\n\t", "%s %d %%", None, True,
              False, 0, -7, 10**30, 1.5, float("nan"), float("-inf"), BounceClass.MAILBOX_FULL, Event.BOUNCE,
              [1, "a", None], {"z": 1, "a": [2]}, ()]
    rng = random.Random(9)
    for _ in range(3000):
        row = {rng.choice(keys): rng.choice(values) for _ in range(rng.randint(0, 8))}
        assert output._json_line(row) == json.dumps(row, sort_keys=True), row
    assert len(output._templates) <= 5
    assert output._json_line({2: "a", 1: None}) == json.dumps({2: "a", 1: None}, sort_keys=True)
    with pytest.raises(TypeError):  # keys json cannot sort, as json does
        output._json_line({1: "a", "b": 2})
