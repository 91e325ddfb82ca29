"""What every MTA log parser shares: the delivery attempt it reads, the parser
protocol, the bounded per-queue-id table and the syslog prefix.

A parser reads one line at a time. It keeps what earlier lines said about each queued
message (sender, Message-ID, deferred recipients) in a :class:`QueueTable` that drops a
message once the MTA logs it as removed or completed and never holds more than a fixed
number of messages, so reading a log of any size takes flat memory. One parser
instance reads one log stream; it is not shared between threads.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import ClassVar

from bouncekit.frozen import fast_init

#: Messages a parser remembers at once; the oldest is forgotten beyond this. A message
#: stays in the table from its arrival to its removal, so this bounds the memory of a
#: log whose removal lines are missing (a log cut in the middle, a crashed MTA).
MAX_MESSAGES = 50_000
#: Deferred recipients remembered per message (to report them when the message expires).
MAX_DEFERRED = 1_000
#: Longest address, queue id or host name accepted from a log line.
MAX_TOKEN = 512


class Outcome(StrEnum):
    """How one delivery attempt ended, in the words the MTAs log."""

    BOUNCED = "bounced"  # permanent failure: the MTA returns the message
    DEFERRED = "deferred"  # temporary failure: the message stays queued
    EXPIRED = "expired"  # deferred for too long: the MTA gave up and returns it


@fast_init
@dataclass(frozen=True, slots=True)
class Attempt:
    """One failed or deferred delivery attempt read from an MTA log.

    ``text`` is what the MTA logged about the attempt: the remote server's reply where
    there was one (``550 5.1.1 <a@b>: ... unknown``), else the MTA's own words
    (``connect to mx.example.com[192.0.2.1]:25: Connection refused``). ``status`` is the
    enhanced status code the MTA logged beside it (Postfix ``dsn=``), when it did.
    """

    outcome: Outcome
    recipient: str
    queue_id: str
    text: str = ""
    status: str | None = None
    remote_mta: str | None = None
    reporting_mta: str | None = None
    date: str | None = None
    sender: str | None = None
    message_id: str | None = None


class QueuedMessage:
    """What earlier lines said about one queued message (mutable, per parser)."""

    __slots__ = ("deferred", "message_id", "remaining", "sender")

    def __init__(self) -> None:
        self.sender: str | None = None
        self.message_id: str | None = None
        #: Recipients whose last attempt was deferred, with that attempt (or a sequence
        #: of it alone that reads it from its line when asked for: see :meth:`defer`).
        self.deferred: dict[str, Attempt | Sequence[Attempt]] = {}
        #: Recipients not yet delivered or bounced, where the log says how many there are.
        self.remaining: int | None = None

    def defer(self, recipient: str, attempt: Attempt | Sequence[Attempt]) -> None:
        """Remember a recipient's deferred attempt (the latest one per recipient, a
        bounded number): an :class:`Attempt`, or a sequence of the one attempt that reads
        it from its line when asked for (a parser that reads texts only when needed)."""
        if recipient in self.deferred or len(self.deferred) < MAX_DEFERRED:
            self.deferred[recipient] = attempt

    def expire(self, queue_id: str, prefix: SyslogPrefix, reason: str | None = None) -> tuple[Attempt, ...]:
        """The recipients still deferred when the MTA gave up: each becomes an expired
        bounce carrying its last deferral's reply (``reason`` where it had none)."""
        expired = tuple(
            Attempt(
                Outcome.EXPIRED,
                last.recipient,
                queue_id,
                last.text or reason or "",
                last.status,
                last.remote_mta,
                prefix.host or last.reporting_mta,
                prefix.date,
                self.sender,
                self.message_id,
            )
            for last in map(_the_attempt, self.deferred.values())
        )
        self.deferred.clear()
        return expired


def _the_attempt(kept: Attempt | Sequence[Attempt]) -> Attempt:
    return kept if isinstance(kept, Attempt) else kept[0]


class QueueTable:
    """Queued messages by queue id, at most ``limit`` of them (oldest forgotten first)."""

    __slots__ = ("_messages", "evicted", "get", "limit")

    def __init__(self, limit: int = MAX_MESSAGES) -> None:
        self._messages: dict[str, QueuedMessage] = {}
        self.limit = limit
        self.evicted = 0
        #: ``get(queue_id)``: the message with this queue id, or None. The dict's own
        #: method, as parsers look up a message on most lines they read.
        self.get: Callable[[str], QueuedMessage | None] = self._messages.get

    def open(self, queue_id: str) -> QueuedMessage:
        """The message with this queue id, created (and the oldest evicted) if new."""
        message = self._messages.get(queue_id)
        if message is None:
            if len(self._messages) >= self.limit:
                # Dicts keep insertion order: the first key is the oldest message.
                del self._messages[next(iter(self._messages))]
                self.evicted += 1
            message = self._messages[queue_id] = QueuedMessage()
        return message

    def close(self, queue_id: str) -> QueuedMessage | None:
        """Forget a message (the MTA removed it from its queue); return what was known."""
        return self._messages.pop(queue_id, None)

    def __len__(self) -> int:
        return len(self._messages)


class LogParser:
    """Base of every MTA log parser.

    ``feed(line)`` returns the attempts the line completes (usually none or one), an
    empty tuple for a line of this format that reports no failed attempt, and None for
    a line that is not of this format (or too damaged to read), which the reader then
    offers to the next parser and counts as skipped if no parser takes it.

    The reader gives the first parser whole lists of lines (:meth:`feed_lines`), which
    a parser may read faster than one call per line.
    """

    #: The name records carry in their ``decoder`` field.
    name: ClassVar[str] = ""

    def __init__(self, *, max_messages: int = MAX_MESSAGES) -> None:
        self.queue = QueueTable(max_messages)

    def feed(self, line: str) -> Sequence[Attempt] | None:
        raise NotImplementedError

    def feed_lines(self, lines: Sequence[str]) -> list[tuple[int, Sequence[Attempt] | None]]:
        """Feed each of ``lines`` in turn; give the index and result of each line that is
        not of this format (None) or completes attempts, and pass over the rest.

        The list is read whole before the reader offers the lines not taken to the other
        parsers, each of which keeps its own state, and builds the records: the work of
        each kind done in one run costs less than lines and records taken in turns.
        """
        feed = self.feed
        found = []
        for index, line in enumerate(lines):
            result = feed(line)
            if result is None or result:
                found.append((index, result))
        return found


@dataclass(frozen=True, slots=True)
class SyslogPrefix:
    """The time stamp and host name a syslog daemon writes before a program's message."""

    date: str | None
    host: str | None


def syslog_prefix(head: str) -> SyslogPrefix:
    """Read ``Jan 10 12:00:01 host prog[pid`` or ``2024-01-10T12:00:01+00:00 host prog[pid``.

    ``head`` is the line up to the ``]: `` that ends the program tag. The time stamp is
    kept as written (the traditional format has no year, so none is invented).
    """
    if head[:1].isdigit():
        parts = head.split(" ", 2)
        if len(parts) == 3:
            return SyslogPrefix(parts[0], parts[1][:MAX_TOKEN])
        return SyslogPrefix(None, None)
    parts = head.split(None, 4)
    if len(parts) == 5:
        return SyslogPrefix(" ".join(parts[:3]), parts[3][:MAX_TOKEN])
    return SyslogPrefix(None, None)


def host_of(value: str) -> str | None:
    """``mx.example.com[192.0.2.1]:25`` or ``mx.example.com. [192.0.2.1]`` -> ``mx.example.com``.

    None for Postfix's pseudo relays (``none``, ``local``, ``virtual``, ...) and for a
    bare ``[192.0.2.1]``, which names no host.
    """
    host = value.partition("[")[0].strip().rstrip(".").lower()
    if not host or "." not in host or len(host) > 253:
        return None
    return host


def bracketed(value: str) -> str:
    """``<a@b>`` -> ``a@b`` (and ``a@b`` unchanged)."""
    value = value.strip()
    if value.startswith("<") and value.endswith(">"):
        return value[1:-1]
    return value
