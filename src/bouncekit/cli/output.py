"""Output shared by the commands: formats, the summary, error lines and progress.

Every command that prints records uses :func:`format_option` and :func:`open_writer`,
so ``--format json|csv|table`` means the same everywhere:

- ``json``: one JSON object per line, keys sorted;
- ``csv``: a header row, then one row per record, in the command's column order;
- ``table``: fixed-width columns for reading, cut to fit; streamed, never buffered.

Without ``--format``, a terminal gets ``table`` and a pipe or file gets ``json``.
"""

from __future__ import annotations

import contextlib
import csv
import functools
import io
import json
import operator
import os
import shutil
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, TextIO

import click

FORMATS = ("json", "csv", "table")
# json.dumps(value, sort_keys=True) without building an encoder for every line.
_json_dumps = json.JSONEncoder(sort_keys=True).encode
# The JSON of a str, as the encoder writes keys and str values (ensure_ascii).
_json_str = json.encoder.encode_basestring_ascii
#: Rows of different keys whose line templates are remembered at once.
MAX_TEMPLATES = 64
# Per key set of a row (in the row's order): the text of its JSON line with a "%s" for
# each value, keys sorted, and what takes the values out in that order.
_templates: dict[tuple[str, ...], tuple[str, Callable[[Mapping[str, Any]], tuple[Any, ...]]]] = {}


def _json_line(row: Mapping[str, Any]) -> str:
    """``json.dumps(row, sort_keys=True)``, in a third of the time for the rows commands
    print: their keys repeat from row to row, so the keys are sorted and written once
    per key set, and the values (str, None, int) are written one by one; a value of
    another type is written by the encoder (as it writes it inside the row)."""
    keys = tuple(row)
    found = _templates.get(keys)
    if found is None:
        if not keys or not all(type(key) is str for key in keys):
            return _json_dumps(row)
        order = sorted(keys)
        text = ", ".join(_json_str(key).replace("%", "%%") + ": %s" for key in order)
        getter = operator.itemgetter(*order)
        take = getter if len(order) > 1 else lambda row: (getter(row),)
        if len(_templates) >= MAX_TEMPLATES:
            _templates.clear()
        found = _templates[keys] = ("{" + text + "}", take)
    template, take = found
    # (A str, the most common value, is written here without a call of _json_value.)
    return template % tuple([_json_str(v) if type(v) is str else _json_value(v) for v in take(row)])


def _json_value(value: Any) -> str:
    """The JSON of one value of a row that is not a str."""
    if value is None:
        return "null"
    if type(value) is int:
        return int.__repr__(value)
    return _json_dumps(value)


class OutputError(Exception):
    """The output could not be written (a full disk, a file too large); not a closed pipe."""


@contextlib.contextmanager
def _writing() -> Iterator[None]:
    try:
        yield
    except BrokenPipeError:
        raise
    except OSError as exc:
        raise OutputError(_strerror(exc)) from exc


def _strerror(exc: OSError) -> str:
    reason = exc.strerror or str(exc)
    return reason[:1].lower() + reason[1:]

#: The columns of a record, in CSV order: where it came from, then the TAXONOMY.md keys.
RECORD_COLUMNS: tuple[str, ...] = (
    "source", "event", "recipient", "class", "class_name", "type", "reason", "rule", "basis",
    "status", "reply_code", "diagnostic", "action", "remote_mta", "reporting_mta",
    "original_message_id", "original_sender", "date", "feedback_type", "decoder", "original_recipient",
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


@dataclass(frozen=True, slots=True)
class LineFormat:
    """How one row becomes one output line in a format; plain data, so it can be sent to
    worker processes that format their records themselves (``parse --jobs``)."""

    fmt: str
    columns: tuple[str, ...]
    table: tuple[Column, ...]
    rest: int

    def line(self, row: Mapping[str, Any]) -> str:
        """The line (without its newline) of one row: a record's JSON form plus extra keys."""
        if self.fmt == "json":
            return _json_line(row)
        if self.fmt == "csv":
            return _csv_line([_csv_cell(row.get(key)) for key in self.columns])
        return _table_line([_cell(row.get(c.key)) for c in self.table], self.table, self.rest)

    def header(self) -> str | None:
        """The heading line of CSV and table; None for JSON lines."""
        if self.fmt == "csv":
            return _csv_line(self.columns)
        if self.fmt == "table":
            return _table_line([c.heading for c in self.table], self.table, self.rest)
        return None


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
        self.line_format = LineFormat(fmt, self.columns, self.table, _rest_width(self.table))
        self._started = False

    def write(self, row: Mapping[str, Any]) -> None:
        """Write one row (a record's JSON form plus extra keys such as ``source``)."""
        self.write_line(self.line_format.line(row))

    def write_line(self, line: str) -> None:
        """Write one line formatted by :attr:`line_format` (elsewhere, e.g. in a worker)."""
        self.write_text(line + "\n")

    def write_text(self, text: str) -> None:
        """Write whole lines formatted by :attr:`line_format`, each ending in a newline."""
        with _writing():
            if not self._started:
                self._header()
            self.stream.write(text)
            if self.flush_each:
                self.stream.flush()

    def flush(self) -> None:
        """Push what was written so far out to the stream's file."""
        with _writing():
            self.stream.flush()

    def finish(self) -> None:
        """Write the header if nothing else was written (CSV and table always have one)."""
        with _writing():
            if not self._started:
                self._header()
            self.stream.flush()

    def _header(self) -> None:
        self._started = True
        header = self.line_format.header()
        if header is not None:
            self.stream.write(header + "\n")


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


def _csv_line(cells: Sequence[Any]) -> str:
    out = io.StringIO()
    # The newline terminator also makes the writer quote cells that hold line breaks.
    csv.writer(out, lineterminator="\n").writerow(cells)
    return out.getvalue()[:-1]


def exit_quietly_on_closed_pipe(command: Callable[..., Any]) -> Callable[..., Any]:
    """Stop without a traceback when the reader of stdout goes away (``| head``), or
    with one error line when the output cannot be written (``> /dev/full``).

    The exit status is 141 for a closed pipe, the one of a process killed by SIGPIPE, as
    other tools do; 1 when writing failed.
    """

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except BrokenPipeError:
            _drop_stdout()
            sys.exit(141)
        except OutputError as exc:
            _drop_stdout()
            fail("<stdout>", f"cannot write the output: {exc}")
            sys.exit(1)

    return wrapper


def _drop_stdout() -> None:
    # Python flushes stdout again at exit; point it at /dev/null first.
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())


def fail(where: str, problem: str) -> None:
    """One error line on stderr: ``bouncekit: WHERE: PROBLEM``."""
    click.echo(f"bouncekit: {where}: {problem}", err=True)


#: What the summary counts of a record: its event, "class class_name" (None when it has
#: no class), its type and its recipient's domain.
SummaryKey = tuple[str, str | None, str | None, str]


def summary_key(row: Mapping[str, Any]) -> SummaryKey:
    """The :data:`SummaryKey` of a record in its JSON form."""
    recipient = row.get("recipient")
    domain = recipient.rpartition("@")[2] if recipient else "(no recipient)"
    cls = f"{row['class']} {row.get('class_name')}" if row.get("class") is not None else None
    return str(row.get("event")), cls, str(row.get("type")), domain


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
        self.add_keys([summary_key(row) for row in rows])

    def add_keys(self, keys: Sequence[SummaryKey]) -> None:
        """Count one decoded message by the :func:`summary_key` of each of its records."""
        self.messages += 1
        if not keys:
            self.not_bounces += 1
        for key in keys:
            self._add_key(key)

    def add_failure(self) -> None:
        self.messages += 1
        self.failed += 1

    def merge(self, other: Summary) -> None:
        """Add the counts of ``other`` (of other messages) to these."""
        self.messages += other.messages
        self.failed += other.failed
        self.not_bounces += other.not_bounces
        self.records += other.records
        self.by_class.update(other.by_class)
        self.by_type.update(other.by_type)
        self.by_event.update(other.by_event)
        self.by_domain.update(other.by_domain)

    def add_row(self, row: Mapping[str, Any]) -> None:
        """Count one record in its JSON form."""
        self._add_key(summary_key(row))

    def _add_key(self, key: SummaryKey) -> None:
        event, cls, type_, domain = key
        self.records += 1
        self.by_event[event] += 1
        if cls is not None:
            self.by_class[cls] += 1
            self.by_type[str(type_)] += 1
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
        with _writing():
            self._write(fmt, stream or sys.stdout)

    def _write(self, fmt: str, stream: TextIO) -> None:
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

    def advance(self, size: int, count: int = 1) -> None:
        """``count`` more messages, of ``size`` bytes together, handled."""
        self.count += count
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
