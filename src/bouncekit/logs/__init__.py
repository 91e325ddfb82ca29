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
"""

from __future__ import annotations

import gzip
import io
import os
import sys
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import partial
from typing import BinaryIO

from bouncekit import smtp
from bouncekit.address import clean_recipient
from bouncekit.classifier import RuleSet, default_rules, pick_status
from bouncekit.errors import BounceError
from bouncekit.logs.base import MAX_MESSAGES, Attempt, LogParser, Outcome
from bouncekit.logs.exim import EximLog
from bouncekit.logs.postfix import PostfixLog
from bouncekit.logs.sendmail import SendmailLog
from bouncekit.model import Basis, BounceClass, Classification, Event, Reason, Record

#: The log formats, in the order each line is offered to them.
PARSERS: tuple[type[LogParser], ...] = (PostfixLog, EximLog, SendmailLog)
#: Longest line read at once; a longer line is read in pieces (which no parser takes).
MAX_LINE = 64 * 1024
#: Distinct reply texts whose classification is remembered within one reader.
CACHE_SIZE = 8192
#: The label of standard input.
STDIN_LABEL = "<stdin>"

_GZIP_MAGIC = b"\x1f\x8b"
_EVENTS = {Outcome.BOUNCED: Event.BOUNCE, Outcome.DEFERRED: Event.DELAYED, Outcome.EXPIRED: Event.BOUNCE}
_ACTIONS = {Outcome.BOUNCED: "failed", Outcome.DEFERRED: "delayed", Outcome.EXPIRED: "failed"}


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

    def __init__(self, *, max_messages: int = MAX_MESSAGES, rules: RuleSet | None = None) -> None:
        self.max_messages = max_messages
        self._rules = rules or default_rules()
        self._cache: dict[tuple[str, str | None, str | None, str | None, str], Classification] = {}
        self._lines = 0
        self._records = 0
        self._skipped = 0
        self._forgotten = 0
        self._here = 0  # the last line read, for error messages

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
        try:
            yield from self.read_stream(raw, label)
        finally:
            if raw is not sys.stdin.buffer:
                raw.close()

    def read_stream(self, raw: BinaryIO, label: str) -> Iterator[LogEntry]:
        """Records of a binary stream (gzip recognised by its magic bytes)."""
        try:
            stream = _text(raw)
            yield from self.read_lines(iter(partial(stream.readline, MAX_LINE), ""), label)
        except (OSError, EOFError, zlib.error) as exc:
            problem = str(exc) or type(exc).__name__
            raise LogError(
                f"{label}: the log could not be read after line {self._here} ({problem})"
            ) from None

    def read_lines(self, lines: Iterable[str], label: str = STDIN_LABEL) -> Iterator[LogEntry]:
        """Records of log lines already decoded to text."""
        parsers = [parser(max_messages=self.max_messages) for parser in PARSERS]
        number = 0
        try:
            for number, line in enumerate(lines, 1):
                line = line.rstrip("\r\n")
                for parser in parsers:
                    attempts = parser.feed(line)
                    if attempts is not None:
                        break
                else:
                    if line:
                        self._skipped += 1
                    continue
                for attempt in attempts:
                    self._records += 1
                    yield LogEntry(self.record(attempt, parser.name), label, number)
        finally:
            self._lines += number
            self._here = number
            self._forgotten += sum(parser.queue.evicted for parser in parsers)

    def record(self, attempt: Attempt, decoder: str) -> Record:
        """The classified record of one delivery attempt."""
        reply = smtp.parse_reply(attempt.text) if attempt.text else None
        status = smtp.find_status(attempt.status) if attempt.status else None
        diagnostic = reply_code = None
        if reply is not None:
            diagnostic = reply.text or None
            status = pick_status(status, reply.status)
            reply_code = reply.reply_code
        recipient = clean_recipient(attempt.recipient)
        return Record(
            event=_EVENTS[attempt.outcome],
            recipient=recipient,
            classification=self._classify(attempt, recipient, diagnostic, status, reply_code),
            decoder=decoder,
            status=status,
            reply_code=reply_code,
            diagnostic=diagnostic,
            action=_ACTIONS[attempt.outcome],
            remote_mta=attempt.remote_mta,
            reporting_mta=attempt.reporting_mta,
            original_message_id=attempt.message_id,
            original_sender=attempt.sender,
            date=attempt.date,
        )

    def _classify(
        self,
        attempt: Attempt,
        recipient: str | None,
        diagnostic: str | None,
        status: str | None,
        reply_code: str | None,
    ) -> Classification:
        if attempt.outcome is Outcome.EXPIRED:
            return Classification(
                BounceClass.TIMEOUT, Reason.EXPIRED, "log:expired", status, reply_code, None, Basis.DECODER
            )
        domain = recipient.rpartition("@")[2] if recipient else None
        deferred = attempt.outcome is Outcome.DEFERRED
        key = (diagnostic or "", status, reply_code, attempt.remote_mta, domain, deferred)
        found = self._cache.get(key)
        if found is None:
            if len(self._cache) >= CACHE_SIZE:
                self._cache.clear()
            # A deferral is a delay notice: it keeps the class of its cause (TAXONOMY.md).
            classify = self._rules.classify_delay if deferred else self._rules.classify
            found = self._cache[key] = classify(
                diagnostic or "", status=status, reply_code=reply_code, hosts=(attempt.remote_mta, domain)
            )
        return found


def read_logs(paths: Iterable[str | os.PathLike[str]]) -> Iterator[LogEntry]:
    """Records of several logs in turn (a convenience over :class:`LogReader`)."""
    reader = LogReader()
    for path in paths:
        yield from reader.read(path)


def _text(raw: BinaryIO) -> io.TextIOWrapper:
    buffered = raw if hasattr(raw, "peek") else io.BufferedReader(raw)  # type: ignore[arg-type]
    if buffered.peek(2)[:2] == _GZIP_MAGIC:  # type: ignore[union-attr]
        buffered = gzip.GzipFile(fileobj=buffered, mode="rb")  # type: ignore[assignment]
    # Logs quote whatever bytes remote servers sent: never fail on an odd byte.
    return io.TextIOWrapper(buffered, encoding="utf-8", errors="replace", newline="")  # type: ignore[arg-type]


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
