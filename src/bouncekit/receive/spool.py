"""The spool: where ``bouncekit smtpd`` keeps a message durably before it answers ``250``.

Layout (a Maildir-like folder, one file per message)::

    SPOOL/tmp/      being written
    SPOOL/new/      durable, waiting to be stored (replayed on start)
    SPOOL/failed/   could not be decoded or stored: kept with a ``.error`` note beside it

A message is written to ``tmp/``, flushed and fsync'ed, renamed into ``new/`` and the
folder fsync'ed: only then is it acknowledged, so a crash at any later point loses
nothing (on start, ``new/`` is replayed). A message leaves ``new/`` only once the store
has committed it, or into ``failed/``, where ``bouncekit smtpd --retry-failed`` puts it
back; nothing is ever deleted unstored.

A spool file is one JSON line (the envelope), then the message's bytes as received.
"""

from __future__ import annotations

import itertools
import os
import threading
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import orjson

from bouncekit.errors import BounceError

#: Suffix of a spool file and of the note beside a failed one.
SUFFIX = ".msg"
ERROR_SUFFIX = ".error"
#: Largest envelope line read back (addresses are bounded by the server long before).
MAX_ENVELOPE = 64 * 1024


class SpoolError(BounceError):
    """The spool folder cannot be used, or a spool file is not one."""

    http_status = 500


@dataclass(frozen=True, slots=True)
class Spooled:
    """One message of the spool: its envelope and bytes."""

    id: str
    mail_from: str
    rcpt_tos: tuple[str, ...]
    received_at: datetime
    peer: str | None
    data: bytes


@dataclass(frozen=True, slots=True)
class FailedMessage:
    """A message kept in ``failed/`` and why."""

    id: str
    path: Path
    error: str


class Spool:
    """A spool folder (created if missing). Safe to share between threads."""

    def __init__(self, root: str | Path) -> None:
        self.root = Path(root)
        self.tmp, self.new, self.failed_dir = self.root / "tmp", self.root / "new", self.root / "failed"
        try:
            for folder in (self.tmp, self.new, self.failed_dir):
                folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise SpoolError(f"cannot use the spool folder {self.root}: {exc.strerror or exc}") from None
        self._counter = itertools.count()
        self._lock = threading.Lock()
        self._stamp = f"{os.getpid()}-{time.time_ns()}"

    def write(
        self, data: bytes, *, mail_from: str, rcpt_tos: tuple[str, ...] | list[str], peer: str | None = None
    ) -> str:
        """Store a message durably; its spool id once it is safe on disk (OSError if not)."""
        spool_id = self.new_id()
        envelope = orjson.dumps(
            {
                "mail_from": mail_from,
                "rcpt_tos": list(rcpt_tos),
                "received_at": datetime.now(UTC).isoformat(),
                "peer": peer,
            }
        )
        name = spool_id + SUFFIX
        temporary = self.tmp / name
        with open(temporary, "wb") as file:
            file.write(envelope + b"\n")
            file.write(data)
            file.flush()
            os.fsync(file.fileno())
        os.replace(temporary, self.new / name)
        _sync_folder(self.new)
        return spool_id

    def new_id(self) -> str:
        """A new id, unique to this spool and ordered by time: a spool file's name, and the
        id ``smtpd --enqueue`` gives a message it queues without spooling it."""
        with self._lock:
            return f"{time.time_ns():020d}-{self._stamp}-{next(self._counter)}"

    def pending(self, limit: int | None = None) -> list[str]:
        """Ids of the messages waiting in ``new/``, oldest first."""
        ids = sorted(p.name[: -len(SUFFIX)] for p in _listing(self.new) if p.name.endswith(SUFFIX))
        return ids[:limit] if limit else ids

    def load(self, spool_id: str) -> Spooled:
        """Read a waiting message; :class:`SpoolError` when its file is not a spool file."""
        path = self.new / (spool_id + SUFFIX)
        try:
            raw = path.read_bytes()
        except OSError as exc:
            raise SpoolError(f"{path}: cannot read the spool file: {exc.strerror or exc}") from None
        head, newline, data = raw.partition(b"\n")
        try:
            if not newline or len(head) > MAX_ENVELOPE:
                raise ValueError("no envelope line")
            envelope = orjson.loads(head)
            received = datetime.fromisoformat(envelope["received_at"])
            rcpt_tos = tuple(str(r) for r in envelope["rcpt_tos"])
            mail_from = str(envelope["mail_from"])
            peer = envelope.get("peer")
        except (orjson.JSONDecodeError, KeyError, TypeError, ValueError) as exc:
            raise SpoolError(f"{path}: not a spool file ({exc})") from None
        return Spooled(spool_id, mail_from, rcpt_tos, received, str(peer) if peer else None, data)

    def done(self, spool_id: str) -> None:
        """Forget a message the store has committed."""
        (self.new / (spool_id + SUFFIX)).unlink(missing_ok=True)

    def fail(self, spool_id: str, error: str) -> None:
        """Move a message to ``failed/`` with a note saying why (it stays retryable)."""
        note = self.failed_dir / (spool_id + ERROR_SUFFIX)
        note.write_text(error.rstrip() + "\n", encoding="utf-8", errors="replace")
        os.replace(self.new / (spool_id + SUFFIX), self.failed_dir / (spool_id + SUFFIX))
        _sync_folder(self.failed_dir)

    def failed(self) -> list[FailedMessage]:
        """The messages kept in ``failed/``, oldest first, with their notes."""
        kept = []
        for path in sorted(_listing(self.failed_dir)):
            if not path.name.endswith(SUFFIX):
                continue
            spool_id = path.name[: -len(SUFFIX)]
            note = self.failed_dir / (spool_id + ERROR_SUFFIX)
            try:
                error = note.read_text(encoding="utf-8", errors="replace").strip()
            except OSError:
                error = "(no note)"
            kept.append(FailedMessage(spool_id, path, error))
        return kept

    def retry_failed(self) -> int:
        """Put every failed message back into ``new/``; how many."""
        moved = 0
        for kept in self.failed():
            os.replace(kept.path, self.new / kept.path.name)
            (self.failed_dir / (kept.id + ERROR_SUFFIX)).unlink(missing_ok=True)
            moved += 1
        if moved:
            _sync_folder(self.new)
        return moved


def _listing(folder: Path) -> list[Path]:
    try:
        return list(folder.iterdir())
    except FileNotFoundError:
        return []


def _sync_folder(folder: Path) -> None:
    """fsync a folder, so that a rename into it survives a crash (POSIX)."""
    if os.name != "posix":
        return
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)
