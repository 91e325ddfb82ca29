"""MTA logs as bounce records: bounces seen by an MTA that keeps its own log.

``LogReader().read(path)`` reads a Postfix, Exim or Sendmail log (plain, or gzip
recognised by its magic bytes) line by line in constant memory, joins each failed or
deferred delivery attempt with what earlier lines said about its queued message
(sender, Message-ID), and yields one classified :class:`~bouncekit.Record` per
attempt: event ``bounce`` for a permanent failure (class from the reply text, as
``bouncekit.classify`` does), ``delayed`` for a deferral (Transient Failure), and
``bounce`` with reason ``expired`` for recipients still deferred when the MTA gave up.

``PARSERS`` is the one ordered list of formats; each line goes to the first parser
that takes it. To add a format: write one module with one ``LogParser`` subclass and
put it in the list. Lines no parser takes are skipped and counted, never fatal.

Reading has two stages: :func:`parsed_blocks` cuts the lines and gives what the parsers
made of them, and :mod:`bouncekit.logs.records` makes the classified records. With
``processes=2`` the first runs in a forked child (:mod:`bouncekit.logs.background`).
"""

from __future__ import annotations

import codecs
import gzip
import io
import os
import sys
import zlib
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING, BinaryIO, NamedTuple

from bouncekit.errors import BounceError
from bouncekit.logs.background import ChildDiedError, can_fork, made_in_child
from bouncekit.logs.base import MAX_MESSAGES, Attempt, LogParser, Outcome
from bouncekit.logs.exim import EximLog
from bouncekit.logs.postfix import PostfixLog
from bouncekit.logs.sendmail import SendmailLog

if TYPE_CHECKING:
    from bouncekit.classifier import RuleSet
    from bouncekit.logs.records import AttemptRecords
    from bouncekit.model import Record

#: The log formats, in the order each line is offered to them.
PARSERS: tuple[type[LogParser], ...] = (PostfixLog, EximLog, SendmailLog)
#: Longest line read at once; a longer line is read in pieces (which no parser takes).
MAX_LINE = 64 * 1024
#: Most bytes read from a log at once (a little less than MAX_LINE: see _line_lists).
BLOCK_BYTES = 63 * 1024
#: The label of standard input.
STDIN_LABEL = "<stdin>"

_GZIP_MAGIC = b"\x1f\x8b"


class LogError(BounceError):
    """A log file could not be read (missing, unreadable, a damaged gzip stream)."""

    http_status = 422


@dataclass(frozen=True, slots=True)
class LogEntry:
    """One record read from a log, with where it was read."""

    record: Record
    path: str
    line: int

    @property
    def source(self) -> str:
        """``path:line`` of the log line that completed the record."""
        return f"{self.path}:{self.line}"


class ParsedBlock(NamedTuple):
    """What the parsers made of one list of lines: all the reader needs of it.

    (A tuple: it crosses from the reading process to the classifying one.)
    """

    #: Lines in the list.
    lines: int
    #: Per line that completed attempts: the lines skipped since the last such line,
    #: the line's index in the list, the parser's name and the attempts.
    found: list[tuple[int, int, str, Sequence[Attempt]]]
    #: Lines skipped after the last line that completed attempts.
    skipped: int
    #: Messages the parsers have forgotten so far (their tables were full).
    forgotten: int


def parsed_blocks(line_lists: Iterable[list[str]], max_messages: int = MAX_MESSAGES) -> Iterator[ParsedBlock]:
    """Each list of lines as the parsers of :data:`PARSERS` read it, with fresh state.

    The first parser reads each list whole and gives back only the lines it did not take
    (offered to the others, in order) and those that complete attempts: most lines of a
    log cost one pass of its loop and nothing here.
    """
    parsers = [parser(max_messages=max_messages) for parser in PARSERS]
    first, others = parsers[0], parsers[1:]
    for lines in line_lists:
        found: list[tuple[int, int, str, Sequence[Attempt]]] = []
        skipped = 0
        for index, attempts in first.feed_lines(lines):
            parser = first
            if attempts is None:
                line = lines[index]
                for parser in others:
                    attempts = parser.feed(line)
                    if attempts is not None:
                        break
                else:
                    if line:
                        skipped += 1
                    continue
            if attempts:
                found.append((skipped, index, parser.name, attempts))
                skipped = 0
        yield ParsedBlock(len(lines), found, skipped, sum(parser.queue.evicted for parser in parsers))


@dataclass(frozen=True, slots=True)
class LogStats:
    """Counts of one reader's work so far."""

    lines: int
    records: int
    skipped: int
    forgotten: int


class LogReader:
    """Reads MTA logs into records; keeps counts and a classification cache.

    One reader may read several logs in turn (each with fresh per-queue state); it is
    not meant to be shared between threads.

    >>> reader = LogReader()
    >>> for entry in reader.read("/var/log/mail.log"):  # doctest: +SKIP
    ...     print(entry.source, entry.record.recipient, entry.record.reason)
    >>> reader.stats.skipped  # doctest: +SKIP
    0
    """

    def __init__(
        self, *, max_messages: int = MAX_MESSAGES, rules: RuleSet | None = None, processes: int = 1
    ) -> None:
        self.max_messages = max_messages
        #: 2: :meth:`read` cuts and parses a log's lines in a second process while this
        #: one classifies the attempts and gives the records (where a fork is safe:
        #: see :mod:`bouncekit.logs.background`; else in this process, as with 1).
        self.processes = processes
        self._given_rules = rules
        self._lines = 0
        self._records = 0
        self._skipped = 0
        self._forgotten = 0
        self._here = 0  # the last line read, for error messages

    @cached_property
    def _recorder(self) -> AttemptRecords:
        # Made (and the classifier imported, and the rules read) on first use, not with
        # this module: a reader with two processes forks its child first, which reads
        # lines meanwhile.
        from bouncekit.logs.records import AttemptRecords

        return AttemptRecords(self._given_rules)

    @property
    def stats(self) -> LogStats:
        return LogStats(self._lines, self._records, self._skipped, self._forgotten)

    def read(self, path: str | os.PathLike[str]) -> Iterator[LogEntry]:
        """Records of one log file (``-`` for standard input), plain or gzip.

        Raises :class:`LogError` naming the file when it cannot be opened or its gzip
        stream is damaged; records read before the damage have been yielded.
        """
        label = STDIN_LABEL if str(path) == "-" else os.fspath(path)
        try:
            raw: BinaryIO = sys.stdin.buffer if label == STDIN_LABEL else open(path, "rb")  # noqa: SIM115
        except OSError as exc:
            raise LogError(f"{label}: cannot open the log ({exc.strerror or exc})") from None
        in_child = self.processes > 1 and can_fork()
        if in_child and raw is sys.stdin.buffer:
            # A multiprocessing child closes its sys.stdin: it reads a copy of the descriptor.
            raw = _descriptor_copy(raw) or raw
            in_child = raw is not sys.stdin.buffer
        try:
            if in_child:
                yield from self._read_in_child(raw, label)
            else:
                yield from self.read_stream(raw, label)
        finally:
            if raw is not sys.stdin.buffer:
                raw.close()

    def read_stream(self, raw: BinaryIO, label: str) -> Iterator[LogEntry]:
        """Records of a binary stream (gzip recognised by its magic bytes)."""
        return self._reported(self._read(_line_lists(raw), label), label)

    def _read_in_child(self, raw: BinaryIO, label: str) -> Iterator[LogEntry]:
        """:meth:`read_stream`, the lines cut and parsed in a child process."""
        max_messages = self.max_messages
        blocks = made_in_child(lambda: parsed_blocks(_line_lists(raw), max_messages))
        return self._reported(self._entries(blocks, label), label)

    def _reported(self, entries: Iterator[LogEntry], label: str) -> Iterator[LogEntry]:
        """``entries``, a failure to read the log raised as a :class:`LogError` naming it."""
        try:
            yield from entries
        except (OSError, EOFError, zlib.error) as exc:
            problem = str(exc) or type(exc).__name__
            raise LogError(
                f"{label}: the log could not be read after line {self._here} ({problem})"
            ) from None
        except ChildDiedError as exc:
            raise LogError(f"{label}: stopped after line {self._here}: {exc}") from None

    def read_lines(self, lines: Iterable[str], label: str = STDIN_LABEL) -> Iterator[LogEntry]:
        """Records of log lines already decoded to text."""
        return self._read(([line.rstrip("\r\n")] for line in lines), label)

    def _read(self, line_lists: Iterable[list[str]], label: str) -> Iterator[LogEntry]:
        """Records of lines (without their line ends) that come in lists."""
        return self._entries(parsed_blocks(line_lists, self.max_messages), label)

    def _entries(self, blocks: Iterable[ParsedBlock], label: str) -> Iterator[LogEntry]:
        """The records of what the parsers made of each list of lines, in order.

        The records of a list are all built before they are given (the work of each
        kind done in one run costs less than taken in turns with the caller's), each
        with the lines skipped before it: the counts are those of the lines up to the
        record given.
        """
        number = 0  # the lines of the lists before this one
        done = 0  # the lines of this list read
        block = None
        try:
            for block in blocks:
                done = 0
                made: list[tuple[int, LogEntry]] = []  # each record and the lines skipped before it
                for skipped, index, decoder, attempts in block.found:
                    line = number + index + 1
                    for attempt in attempts:
                        made.append((skipped, LogEntry(self._recorder.record(attempt, decoder), label, line)))
                        skipped = 0
                for skipped_before, entry in made:
                    self._skipped += skipped_before
                    self._records += 1
                    done = entry.line - number  # the lines of this list read up to it
                    yield entry
                self._skipped += block.skipped
                number += block.lines
                done = 0
        finally:
            number += done
            self._lines += number
            self._here = number
            if block is not None:
                self._forgotten += block.forgotten

    def record(self, attempt: Attempt, decoder: str) -> Record:
        """The classified record of one delivery attempt."""
        return self._recorder.record(attempt, decoder)


def read_logs(paths: Iterable[str | os.PathLike[str]]) -> Iterator[LogEntry]:
    """Records of several logs in turn (a convenience over :class:`LogReader`)."""
    reader = LogReader()
    for path in paths:
        yield from reader.read(path)


def _descriptor_copy(raw: BinaryIO) -> BinaryIO | None:
    """A new file on a copy of ``raw``'s descriptor; None where it has none."""
    try:
        return open(os.dup(raw.fileno()), "rb")  # the caller closes it
    except (OSError, ValueError, AttributeError):  # io.UnsupportedOperation is both of the first two
        return None


def _line_lists(raw: BinaryIO) -> Iterator[list[str]]:
    """The lines of a binary log stream (plain or gzip), a block at a time, without their
    line ends, exactly as ``TextIOWrapper(newline="").readline(MAX_LINE)`` gives them:
    UTF-8 with odd bytes replaced, a line ends at \\n, \\r\\n or \\r, and a line
    longer than :data:`MAX_LINE` comes in pieces.

    Reading a block and splitting it at once costs far less per line than a readline
    call each; a block with a \\r in it, or a very long line, is split the slow way.
    Each block is at most one read of the underlying stream, so a pipe's lines are
    read as soon as they come, and a damaged stream gives all it had first.
    """
    buffered = raw if hasattr(raw, "peek") else io.BufferedReader(raw)  # type: ignore[arg-type]
    if buffered.peek(2)[:2] == _GZIP_MAGIC:  # type: ignore[union-attr]
        buffered = gzip.GzipFile(fileobj=buffered, mode="rb")  # type: ignore[assignment]
    # Logs quote whatever bytes remote servers sent: never fail on an odd byte.
    decode = codecs.getincrementaldecoder("utf-8")(errors="replace").decode
    rest = ""
    while True:
        data = buffered.read1(BLOCK_BYTES)  # type: ignore[union-attr]
        text = rest + decode(data, final=not data)
        if not data:
            if text:
                yield _split_slowly(text, final=True)[0]
            return
        if "\r" not in text:
            lines = text.split("\n")
            rest = lines.pop()  # what follows the last line end
            # (A text shorter than MAX_LINE holds no line as long: no need to look.)
            if len(text) < MAX_LINE or (max(map(len, lines), default=0) < MAX_LINE and len(rest) < MAX_LINE):
                if lines:
                    yield lines
                continue
        lines, rest = _split_slowly(text, final=False)
        if lines:
            yield lines


def _split_slowly(text: str, *, final: bool) -> tuple[list[str], str]:
    """The complete lines of ``text`` as readline(MAX_LINE) gives them, and the rest
    (a line whose end has not come yet; none when ``final``)."""
    stream = io.StringIO(text, newline="")
    lines: list[str] = []
    done = 0
    while done < len(text):
        piece = stream.readline(MAX_LINE)
        end = done + len(piece)
        if not final and end == len(text) and len(piece) < MAX_LINE and piece[-1] != "\n":
            break  # no line end yet, or a \r that a \n may follow
        lines.append(piece.rstrip("\r\n"))
        done = end
    return lines, text[done:]


__all__ = [
    "MAX_MESSAGES",
    "PARSERS",
    "Attempt",
    "LogEntry",
    "LogError",
    "LogParser",
    "LogReader",
    "LogStats",
    "Outcome",
    "read_logs",
]
