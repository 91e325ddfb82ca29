"""Output shared by the commands: formats, the summary, error lines and progress.

Every command that prints records uses :func:`format_option` and :func:`open_writer`,
so ``--format json|csv|table`` means the same everywhere:

- ``json``: one JSON object per line, keys sorted;
- ``csv``: a header row, then one row per record, in the command's column order;
- ``table``: fixed-width columns for reading, cut to fit; streamed, never buffered.

Without ``--format``, a terminal gets ``table`` and a pipe or file gets ``json``.
"""

from __future__ import annotations

import csv
import functools
import io
import json
import os
import shutil
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, TextIO

import click

FORMATS = ("json", "csv", "table")

#: The columns of a record, in CSV order: where it came from, then the TAXONOMY.md keys.
RECORD_COLUMNS: tuple[str, ...] = (
    "source", "event", "recipient", "class", "class_name", "type", "reason", "rule",
    "status", "reply_code", "diagnostic", "action", "remote_mta", "reporting_mta",
    "original_message_id", "original_sender", "date", "feedback_type", "decoder",
)


@dataclass(frozen=True, slots=True)
class Column:
    """A table column: the record key, its heading and its width (0: the rest of the line).

    ``keep_end`` cuts a long value at its start instead of its end (for paths, whose
    end says the most).
    """

    key: str
    heading: str
    width: int = 0
    keep_end: bool = False


#: The columns ``table`` shows for records.
RECORD_TABLE: tuple[Column, ...] = (
    Column("source", "SOURCE", 22, keep_end=True),
    Column("recipient", "RECIPIENT", 26),
    Column("class", "CLASS", 5),
    Column("type", "TYPE", 12),
    Column("reason", "REASON", 21),
    Column("status", "STATUS", 7),
    Column("diagnostic", "DIAGNOSTIC"),
)


def format_option(command: Callable[..., Any]) -> Callable[..., Any]:
    """The ``--format`` option; the command receives ``fmt`` (None means automatic)."""
    return click.option(
        "--format", "fmt", type=click.Choice(FORMATS), default=None,
        help="Output format [default: table on a terminal, json otherwise].",
    )(command)


def resolve_format(fmt: str | None, stream: TextIO | None = None) -> str:
    """The format to use: the one asked for, else table on a terminal and json otherwise."""
    if fmt:
        return fmt
    stream = stream or sys.stdout
    return "table" if stream.isatty() else "json"


class Writer:
    """Writes rows (mappings) to a stream in one format; ``flush_each`` for streaming."""

    def __init__(
        self,
        fmt: str,
        columns: Sequence[str],
        table: Sequence[Column],
        stream: TextIO,
        *,
        flush_each: bool = False,
    ) -> None:
        self.fmt = fmt
        self.columns = tuple(columns)
        self.table = tuple(table)
        self.stream = stream
        self.flush_each = flush_each
        self._csv = csv.writer(stream, lineterminator="\n") if fmt == "csv" else None
        self._started = False
        self._rest = _rest_width(self.table)

    def write(self, row: Mapping[str, Any]) -> None:
        """Write one row (a record's JSON form plus extra keys such as ``source``)."""
        if not self._started:
            self._header()
        if self.fmt == "json":
            self.stream.write(json.dumps(row, sort_keys=True) + "\n")
        elif self._csv is not None:
            self._csv.writerow([_csv_cell(row.get(key)) for key in self.columns])
        else:
            self.stream.write(_table_line([_cell(row.get(c.key)) for c in self.table], self.table,
                                          self._rest) + "\n")
        if self.flush_each:
            self.stream.flush()

    def finish(self) -> None:
        """Write the header if nothing else was written (CSV and table always have one)."""
        if not self._started:
            self._header()
        self.stream.flush()

    def _header(self) -> None:
        self._started = True
        if self._csv is not None:
            self._csv.writerow(self.columns)
        elif self.fmt == "table":
            self.stream.write(_table_line([c.heading for c in self.table], self.table, self._rest) + "\n")


def open_writer(
    fmt: str | None,
    *,
    columns: Sequence[str] = RECORD_COLUMNS,
    table: Sequence[Column] = RECORD_TABLE,
    stream: TextIO | None = None,
    flush_each: bool = False,
) -> Writer:
    """A :class:`Writer` for ``--format`` (resolved with :func:`resolve_format`)."""
    if stream is None:
        stream = sys.stdout
        # A diagnostic with characters the output encoding lacks (or stray surrogates
        # from a broken message) must not stop the run with a traceback.
        if isinstance(stream, io.TextIOWrapper):
            stream.reconfigure(errors="backslashreplace")
    return Writer(resolve_format(fmt, stream), columns, table, stream, flush_each=flush_each)


def _rest_width(table: Sequence[Column]) -> int:
    fixed = sum(c.width + 1 for c in table if c.width)
    return max(30, shutil.get_terminal_size((120, 24)).columns - fixed)


def _table_line(cells: Sequence[str], table: Sequence[Column], rest: int) -> str:
    parts = []
    for text, column in zip(cells, table, strict=True):
        width = column.width or rest
        if len(text) > width:
            text = "…" + text[len(text) - width + 1 :] if column.keep_end else text[: width - 1] + "…"
        parts.append(text.ljust(width) if column.width else text)
    return " ".join(parts).rstrip()


def _cell(value: Any) -> str:
    if value is None:
        return "-"
    return " ".join(str(value).split())


def _csv_cell(value: Any) -> Any:
    return "" if value is None else value


def exit_quietly_on_closed_pipe(command: Callable[..., Any]) -> Callable[..., Any]:
    """Stop without a traceback when the reader of stdout goes away (``| head``).

    The exit status is 141, the one of a process killed by SIGPIPE, as other tools do.
    """

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except BrokenPipeError:
            # Python flushes stdout again at exit; point it at /dev/null first.
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            sys.exit(141)

    return wrapper


def fail(where: str, problem: str) -> None:
    """One error line on stderr: ``bouncekit: WHERE: PROBLEM``."""
    click.echo(f"bouncekit: {where}: {problem}", err=True)


class Summary:
    """Counts of what a run read: by class, type, event and recipient domain."""

    def __init__(self) -> None:
        self.messages = 0
        self.failed = 0
        self.not_bounces = 0
        self.records = 0
        self.by_class: Counter[str] = Counter()
        self.by_type: Counter[str] = Counter()
        self.by_event: Counter[str] = Counter()
        self.by_domain: Counter[str] = Counter()

    def add_message(self, rows: Sequence[Mapping[str, Any]]) -> None:
        """Count one decoded message by its records (JSON form); none: "not a bounce"."""
        self.messages += 1
        if not rows:
            self.not_bounces += 1
        for row in rows:
            self.add_row(row)

    def add_failure(self) -> None:
        self.messages += 1
        self.failed += 1

    def add_row(self, row: Mapping[str, Any]) -> None:
        """Count one record in its JSON form."""
        self.records += 1
        self.by_event[str(row.get("event"))] += 1
        if row.get("class") is not None:
            self.by_class[f"{row['class']} {row.get('class_name')}"] += 1
            self.by_type[str(row.get("type"))] += 1
        recipient = row.get("recipient")
        domain = recipient.rpartition("@")[2] if recipient else "(no recipient)"
        self.by_domain[domain] += 1

    def to_dict(self) -> dict[str, Any]:
        return {
            "messages": self.messages,
            "failed": self.failed,
            "not_a_bounce": self.not_bounces,
            "records": self.records,
            "by_class": dict(_sorted(self.by_class, numeric=True)),
            "by_type": dict(_sorted(self.by_type)),
            "by_event": dict(_sorted(self.by_event)),
            "by_domain": dict(_sorted(self.by_domain)),
        }

    def write(self, fmt: str, stream: TextIO | None = None) -> None:
        """Write the summary in ``fmt``: one ``{"summary": ...}`` JSON line, CSV rows
        ``group,key,count`` after a blank line, or a few aligned blocks of text."""
        stream = stream or sys.stdout
        data = self.to_dict()
        totals = [("messages", self.messages), ("records", self.records),
                  ("not a bounce", self.not_bounces), ("failed", self.failed)]
        groups = [("class", data["by_class"]), ("type", data["by_type"]),
                  ("event", data["by_event"]), ("domain", data["by_domain"])]
        if fmt == "json":
            stream.write(json.dumps({"summary": data}, sort_keys=True) + "\n")
        elif fmt == "csv":
            out = csv.writer(stream, lineterminator="\n")
            stream.write("\n")
            out.writerow(("group", "key", "count"))
            out.writerows(("total", key, count) for key, count in totals)
            for group, counts in groups:
                out.writerows((group, key, count) for key, count in counts.items())
        else:
            stream.write("\n")
            for key, count in totals:
                stream.write(f"{key:<28} {count:>9}\n")
            for group, counts in groups:
                if counts:
                    stream.write(f"\nby {group}:\n")
                    for key, count in counts.items():
                        stream.write(f"  {key:<26} {count:>9}\n")
        stream.flush()


def _sorted(counts: Counter[str], *, numeric: bool = False) -> Iterable[tuple[str, int]]:
    if numeric:
        return sorted(counts.items(), key=lambda kv: int(kv[0].split(" ", 1)[0]))
    return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))


class Progress:
    """A one-line progress report on stderr: messages, rate, share done and ETA.

    It shows only when stderr is a terminal, and only once more than ``threshold``
    messages have gone by, so small runs and piped runs never see it. ``total`` is the
    input size in bytes when known (for the share done and the ETA).
    """

    def __init__(self, total: int | None, *, threshold: int = 300, stream: TextIO | None = None,
                 enabled: bool | None = None) -> None:
        self.stream = stream or sys.stderr
        self.enabled = self.stream.isatty() if enabled is None else enabled
        self.total = total
        self.threshold = threshold
        self.count = 0
        self.done_bytes = 0
        self.started = time.monotonic()
        self._last = 0.0
        self._shown = False

    def advance(self, size: int) -> None:
        """One more message of ``size`` bytes handled."""
        self.count += 1
        self.done_bytes += size
        if not self.enabled or self.count <= self.threshold:
            return
        now = time.monotonic()
        if now - self._last >= 0.2:
            self._last = now
            self._draw(now)

    def clear(self) -> None:
        """Erase the line (before other output to the same terminal, and at the end)."""
        if self._shown:
            self.stream.write("\r\x1b[K")
            self.stream.flush()
            self._shown = False

    def _draw(self, now: float) -> None:
        elapsed = max(now - self.started, 1e-6)
        rate = self.count / elapsed
        line = f"{self.count:,} messages  {rate:,.0f}/s"
        if self.total:
            share = min(self.done_bytes / self.total, 1.0)
            line += f"  {share:6.1%}"
            if share > 0:
                remaining = elapsed * (1 - share) / share
                line += f"  ETA {int(remaining // 60):d}:{int(remaining % 60):02d}"
        self.stream.write("\r\x1b[K" + line)
        self.stream.flush()
        self._shown = True
