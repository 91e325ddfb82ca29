"""Parse many messages, in input order, optionally in worker processes.

``parse_messages(iter_messages(paths), jobs=4)`` yields one :class:`Parsed` per input
message in the order the messages were read. With ``jobs > 1`` the messages are sent to
worker processes in chunks; at most a few chunks per worker are in flight, so memory
stays flat however long the input is, and a slow chunk holds back only the output, not
the reading.

``map_parsed(messages, then, jobs=4)`` does the same but runs ``then`` on each outcome
where the message was parsed and yields what it returns: a caller that needs only a
little of each report (formatted output lines, a few counts) gets just that back from
the workers, which costs the main process far less than receiving whole reports.
``map_chunks(messages, then, jobs=4)`` runs ``then`` once on each chunk's outcomes, so
that a whole chunk comes back as one small object (``parse --jobs`` gets its output
text and counts).

The messages may be :class:`~bouncekit.sources.StoredMessage` items
(``iter_messages(paths, lazy=True)``): the workers then read them from their file, and
the main process, which only split the mbox, passes offsets instead of bytes.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING, TypeVar

from bouncekit import workers
from bouncekit.errors import BounceError
from bouncekit.sources import RawMessage, StoredMessage, describe_source, load_messages

if TYPE_CHECKING:
    from bouncekit.classifier import RuleSet
    from bouncekit.model import Report

#: Messages sent to a worker at once: large enough that the cost of a round trip is
#: small beside the decoding, small enough to keep every worker busy.
CHUNK_MESSAGES = 128
#: A chunk is also closed when its messages reach this many bytes.
CHUNK_BYTES = 2 * 1024 * 1024
#: Chunks in flight per worker; bounds the memory held by unfinished work.
CHUNKS_PER_WORKER = 3

T = TypeVar("T")
Message = RawMessage | StoredMessage


@dataclass(frozen=True, slots=True)
class Parsed:
    """The outcome of one input message: its report, or the problem that stopped it.

    ``report`` is None exactly when ``error`` is set. ``size`` is the message's size in
    bytes (for progress reports).
    """

    path: str
    position: int | None
    offset: int | None
    size: int
    report: Report | None
    error: str | None = None

    @property
    def source(self) -> str:
        """``path``, or ``path#N`` for message N of an mbox."""
        return describe_source(self.path, self.position)

    @property
    def where(self) -> str:
        """The location for an error line: ``path`` or ``path (message N, byte B)``."""
        return RawMessage(self.path, self.position, b"", self.offset).where


def parse_message(message: RawMessage, rules: RuleSet | None = None) -> Parsed:
    """Parse one RawMessage; a read error or a decoding error becomes ``Parsed.error``."""
    # Imported where messages are parsed: a program that only hands them to worker
    # processes never loads the decoders, and starts its workers sooner.
    from bouncekit.api import parse

    if message.error is not None:
        return Parsed(message.path, message.position, message.offset, message.size, None, message.error)
    try:
        report = parse(message.data, rules=rules)
    except BounceError as exc:
        return Parsed(message.path, message.position, message.offset, message.size, None, str(exc))
    return Parsed(message.path, message.position, message.offset, message.size, report)


def parse_messages(
    messages: Iterable[Message], *, jobs: int = 1, rules: RuleSet | None = None
) -> Iterator[Parsed]:
    """Parse ``messages`` and yield their outcomes in input order.

    ``jobs`` is the number of worker processes; 1 parses in this process. Worker
    processes start with ``forkserver`` where available, so this is safe to call from a
    program that runs threads; as with any use of multiprocessing, a script that calls
    it with ``jobs > 1`` must guard its top level with ``if __name__ == "__main__"``.
    A worker that dies is replaced and the messages in flight are tried again in the
    new one; a chunk of messages that keeps killing workers fails with an error
    instead of stopping the batch. ``rules`` (from :func:`bouncekit.load_rules`) replaces
    the built-in rules.
    """
    return map_parsed(messages, _unchanged, jobs=jobs, rules=rules)


def map_parsed(
    messages: Iterable[Message], then: Callable[[Parsed], T], *, jobs: int = 1,
    rules: RuleSet | None = None,
) -> Iterator[T]:
    """Parse ``messages`` and yield ``then(outcome)`` for each, in input order.

    As :func:`parse_messages`, but ``then`` runs where the message was parsed (in the
    worker processes when ``jobs > 1``), so only its result is sent back. ``then`` must
    be picklable (a module-level function, or a ``functools.partial`` of one) and must
    not raise; it also gets the failed outcome of a message whose worker died.
    """
    chunks = map_chunks(messages, partial(_each, then), jobs=jobs, rules=rules)
    return (result for results in chunks for result in results)


def map_chunks(
    messages: Iterable[Message], then: Callable[[list[Parsed]], T], *, jobs: int = 1,
    rules: RuleSet | None = None,
) -> Iterator[T]:
    """Parse ``messages`` and yield ``then(outcomes)`` for each chunk of them, in input order.

    As :func:`map_parsed`, but ``then`` gets the outcomes of a whole chunk of messages
    (at most :data:`CHUNK_MESSAGES`; one message at a time when ``jobs`` is 1) and its
    one result per chunk is what comes back from a worker.
    """
    if jobs < 1:
        raise BounceError(f"jobs must be at least 1, not {jobs}")
    return _map(messages, then, jobs, rules)


def _map(
    messages: Iterable[Message], then: Callable[[list[Parsed]], T], jobs: int, rules: RuleSet | None
) -> Iterator[T]:
    if jobs == 1:
        for message in load_messages(messages):
            yield then([parse_message(message, rules)])
        return
    yield from _parse_in_workers(messages, then, jobs, rules)


def _each(then: Callable[[Parsed], T], outcomes: list[Parsed]) -> list[T]:
    return [then(parsed) for parsed in outcomes]


def _unchanged(parsed: Parsed) -> Parsed:
    return parsed


def _chunks(messages: Iterable[Message]) -> Iterator[list[Message]]:
    from bouncekit.mime import MAX_MESSAGE_BYTES  # as in parse_message: not at import

    chunk: list[Message] = []
    size = 0
    for message in messages:
        if isinstance(message, StoredMessage):
            size += message.size
        else:
            if len(message.data) > MAX_MESSAGE_BYTES:
                # The decoders never look further; do not ship the rest to a worker.
                message = RawMessage(
                    message.path, message.position, message.data[: MAX_MESSAGE_BYTES],
                    message.offset, message.size, message.error,
                )
            size += len(message.data)
        chunk.append(message)
        if len(chunk) >= CHUNK_MESSAGES or size >= CHUNK_BYTES:
            yield chunk
            chunk, size = [], 0
    if chunk:
        yield chunk


def _parse_chunk(chunk: list[Message], then: Callable[[list[Parsed]], T], rules: RuleSet | None) -> T:
    return then([parse_message(message, rules) for message in load_messages(chunk)])


def _pool(jobs: int) -> ProcessPoolExecutor:
    return workers.executor(jobs)


def _parse_in_workers(
    messages: Iterable[Message], then: Callable[[list[Parsed]], T], jobs: int, rules: RuleSet | None
) -> Iterator[T]:
    pool = _pool(jobs)
    pending: deque[tuple[list[Message], Future[T]]] = deque()
    limit = jobs * CHUNKS_PER_WORKER
    try:
        for chunk in _chunks(messages):
            pending.append((chunk, pool.submit(_parse_chunk, chunk, then, rules)))
            while len(pending) >= limit or (pending and pending[0][1].done()):
                chunk_done, future = pending.popleft()
                result, pool = _collect(chunk_done, future, then, pool, jobs, rules)
                yield result
        while pending:
            chunk_done, future = pending.popleft()
            result, pool = _collect(chunk_done, future, then, pool, jobs, rules)
            yield result
    except BaseException:
        # Interrupted, or the caller stopped reading: the work in flight is not wanted,
        # and waiting for it could mean waiting for a runaway message.
        workers.stop_now(pool)
        raise
    pool.shutdown(wait=True)


def _collect(
    chunk: list[Message],
    future: Future[T],
    then: Callable[[list[Parsed]], T],
    pool: ProcessPoolExecutor,
    jobs: int,
    rules: RuleSet | None,
) -> tuple[T, ProcessPoolExecutor]:
    """The results of a chunk; a dead worker fails its messages and the pool is renewed."""
    try:
        return future.result(), pool
    except BrokenProcessPool:
        pass
    # Which chunk killed the worker is unknown: every chunk of the broken pool is
    # retried alone in a fresh one; a chunk that kills that one too fails as a whole.
    for _ in range(3):
        try:
            return pool.submit(_parse_chunk, chunk, then, rules).result(), pool
        except BrokenProcessPool:
            pool.shutdown(wait=False, cancel_futures=True)
            pool = _pool(jobs)
    failed = [
        Parsed(m.path, m.position, m.offset, m.size, None, "a decoder worker process died on it")
        for m in chunk
    ]
    return then(failed), pool
