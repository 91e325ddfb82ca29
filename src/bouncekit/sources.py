"""Reading messages from where they are stored: files, folders, Maildirs, mboxes, stdin.

``iter_messages(paths)`` yields one :class:`RawMessage` per message, in input order,
whatever the container:

- a message file (one RFC 5322 message);
- a folder of message files (read in name order, sub-folders included, hidden entries
  skipped);
- a Maildir (a folder with ``cur/`` and ``new/``; ``tmp/`` holds messages still being
  written and is skipped). A Maildir is one mail folder, as a mail client opens it: its
  Maildir++ sub-folders (``.Sent``, ``.Trash``, ``.Processed``...) are other folders and
  are read only when named (``~/Maildir/.Processed``). Reading them too would count
  again the bounces a previous run filed away (``fetch --move-to``) and the deleted ones;
- an mbox file, recognised by its content, never by its name: its first line is a
  ``From `` envelope line (``From sender Thu Sep 18 17:54:04 2008``);
- ``-``: standard input, one message or an mbox stream.

Any of these files may be gzip-compressed (``bounces.mbox.gz``); that too is seen from
the content.

An mbox is split while it is read, in blocks of :data:`BLOCK_BYTES`, so memory stays
flat whatever its size. With ``lazy=True`` an mbox that is a plain (not compressed)
regular file gives :class:`StoredMessage` items instead: where each message lies in the
file, not its bytes, for a batch whose workers read their messages themselves
(``parse --jobs``); :func:`load_messages` turns them into RawMessages.

A file that cannot be read gives a RawMessage whose ``error``
says why (naming the file and mbox position); it never raises, so one bad input never
stops a batch. A message larger than :data:`MAX_MESSAGE_BYTES` is such an error too,
naming the limit: it is neither read whole nor cut short.

Inside a folder only regular files and sub-folders are read, whatever a symbolic link
points to: a named pipe could block the reading for ever, and a device or a socket
holds no message. Each such entry is an error naming what it is. A path named
explicitly may be anything readable (``<(zcat bounces.gz)`` is a pipe).
"""

from __future__ import annotations

import gzip
import os
import re
import stat
import sys
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import BinaryIO

#: Size of the blocks an mbox is read in.
BLOCK_BYTES = 1 << 20
#: Largest message read; a longer one is an error naming this limit (not cut short:
#: its records could be anywhere in it).
MAX_MESSAGE_BYTES = 32 * 1024 * 1024
#: The label of standard input in sources and error messages.
STDIN_LABEL = "<stdin>"

#: An mbox envelope line has a sender token, then an asctime-like date (RFC 4155):
#: ``From MAILER-DAEMON Thu Sep 18 17:54:04 2008``. Requiring a time of day and a year
#: keeps body lines that merely start with "From " from splitting a message.
_ENVELOPE = re.compile(rb"From [^ \t\r\n]{1,512}[ \t]{1,8}[^\r\n]{0,80}?\b\d{1,2}:\d\d")
_YEAR = re.compile(rb"\b(?:19|20)\d\d\b")
#: Longest envelope line looked at; a longer "From " line is message text.
_MAX_ENVELOPE = 1024
#: mboxrd/mboxo escape body lines that start with "From " as ">From "; undo one level.
_QUOTED_FROM = re.compile(rb"^>(>{0,1000}From )", re.M)
_GZIP_MAGIC = b"\x1f\x8b"


@dataclass(frozen=True, slots=True)
class RawMessage:
    """One message read from a source, or the reason it could not be read.

    ``path`` is the path as given (``<stdin>`` for standard input); ``position`` is the
    1-based number of the message inside an mbox (None for a single-message file) and
    ``offset`` the byte offset of its envelope line. ``size`` is the message's length
    (where known: for a message over the size limit, at least the limit plus one).
    ``error`` is set, and ``data`` empty, when the message could not be read.
    """

    path: str
    position: int | None
    data: bytes
    offset: int | None = None
    size: int = 0
    error: str | None = None

    @property
    def source(self) -> str:
        """Where the message came from: ``path``, or ``path#N`` for message N of an mbox."""
        return describe_source(self.path, self.position)

    @property
    def where(self) -> str:
        """The location for an error line: ``path`` or ``path (message N, byte B)``."""
        if self.position is None:
            return self.path
        if self.offset is None:
            return f"{self.path} (message {self.position})"
        return f"{self.path} (message {self.position}, byte {self.offset})"


@dataclass(frozen=True, slots=True)
class StoredMessage:
    """Where a message of an mbox file lies, to be read later (see :func:`load_messages`).

    ``path``, ``position`` and ``offset`` are those of the RawMessage it stands for;
    ``start`` is the offset of its first byte (after the envelope line) and ``size`` its
    length. ``file`` is the absolute path and ``identity`` the device and inode numbers
    of the file the offsets belong to, so that a replaced file is noticed, not misread.
    """

    path: str
    position: int
    offset: int
    start: int
    size: int
    file: str
    identity: tuple[int, int]

    @property
    def source(self) -> str:
        return describe_source(self.path, self.position)

    def __reduce__(self) -> tuple[type[StoredMessage], tuple[object, ...]]:
        # As a plain tuple of fields: a batch sends many of these to its workers, and the
        # generic pickling of a slotted dataclass costs several times more.
        return StoredMessage, (self.path, self.position, self.offset, self.start, self.size, self.file,
                               self.identity)


def load_messages(items: Iterable[RawMessage | StoredMessage]) -> Iterator[RawMessage]:
    """``items`` with every StoredMessage read from its file; the RawMessages pass as they are.

    Consecutive messages of one file share one open file. A file that cannot be read
    again, or that changed since it was split, gives RawMessages with ``error`` set.
    """
    fd: int | None = None
    opened: tuple[str, tuple[int, int]] | None = None
    problem: str | None = None
    try:
        for item in items:
            if isinstance(item, RawMessage):
                yield item
                continue
            if opened != (item.file, item.identity):
                if fd is not None:
                    os.close(fd)
                fd, problem = _reopen(item.file, item.identity)
                opened = (item.file, item.identity)
            yield _read_stored(item, fd, problem)
    finally:
        if fd is not None:
            os.close(fd)


def _reopen(file: str, identity: tuple[int, int]) -> tuple[int | None, str | None]:
    try:
        fd = os.open(file, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0))
    except OSError as exc:
        return None, _os_problem(exc, "cannot open")
    info = os.fstat(fd)
    if (info.st_dev, info.st_ino) != identity:
        os.close(fd)
        return None, "the file was replaced while it was read"
    return fd, None


def _read_stored(item: StoredMessage, fd: int | None, problem: str | None) -> RawMessage:
    if fd is None:
        return _failure(item.path, item.position, item.offset, problem or "cannot open")
    try:
        data = os.pread(fd, item.size, item.start)
        while 0 < len(data) < item.size:
            more = os.pread(fd, item.size - len(data), item.start + len(data))
            if not more:
                break
            data += more
    except OSError as exc:
        return _failure(item.path, item.position, item.offset, _os_problem(exc, "cannot read"))
    if len(data) != item.size:
        return _failure(item.path, item.position, item.offset, "the file was cut short while it was read")
    return RawMessage(item.path, item.position, _unquote(data), item.offset, item.size)


def _unquote(data: bytes) -> bytes:
    """An mbox message's text with one level of ``>From `` quoting undone."""
    if b">From " in data:
        return _QUOTED_FROM.sub(rb"\1", data)
    return data


def describe_source(path: str, position: int | None) -> str:
    """The ``source`` value of a record: the path, plus ``#N`` inside an mbox."""
    return path if position is None else f"{path}#{position}"


def is_envelope(line: bytes) -> bool:
    """True when ``line`` has the shape of an mbox ``From `` envelope line."""
    if len(line) > _MAX_ENVELOPE or not line.startswith(b"From "):
        return False
    return _ENVELOPE.match(line) is not None and _YEAR.search(line, 5) is not None


def iter_messages(
    paths: Iterable[str],
    *,
    stdin: BinaryIO | None = None,
    max_bytes: int = MAX_MESSAGE_BYTES,
    lazy: bool = False,
) -> Iterator[RawMessage]:
    """Every message under ``paths``, in order; ``-`` reads ``stdin`` (default: sys.stdin).

    Never raises for a bad input: a missing, unreadable or broken source gives a
    RawMessage with ``error`` set, and the iteration goes on with the next one.
    With ``lazy``, the messages of an mbox that is a plain regular file come as
    :class:`StoredMessage` (see the module documentation).
    """
    for path in paths:
        if path == "-":
            stream = stdin if stdin is not None else sys.stdin.buffer
            yield from _read_stream(stream, STDIN_LABEL, max_bytes)
        else:
            yield from _read_path(path, max_bytes, lazy)


def empty_folders(paths: Iterable[str]) -> list[str]:
    """The folders among ``paths`` that hold no message file at all (so a run can say so)."""
    return [
        path for path in paths
        if path != "-" and os.path.isdir(path) and next(iter(_folder_files(path)), None) is None
    ]


def input_bytes(paths: Iterable[str]) -> int | None:
    """The total size of the files under ``paths``, or None when unknown (stdin, pipes).

    Used to show progress; walking a folder costs one ``stat`` per file.
    """
    total = 0
    for path in paths:
        if path == "-":
            return None
        if os.path.isdir(path):
            total += sum(_size(file) for file, problem in _folder_files(path) if problem is None)
        elif os.path.isfile(path):
            total += _size(path)
        elif os.path.exists(path):  # a pipe or a device: no size to go by
            return None
    return total


def _size(path: str) -> int:
    try:
        return os.path.getsize(path)
    except OSError:  # gone or a dangling link: reading it will report the problem
        return 0


def _read_path(path: str, max_bytes: int, lazy: bool) -> Iterator[RawMessage]:
    if not os.path.isdir(path):
        yield from _read_file(path, max_bytes, regular_only=False, lazy=lazy)
        return
    for file, problem in _folder_files(path):
        if problem is None:
            yield from _read_file(file, max_bytes, regular_only=True, lazy=lazy)
        else:
            yield _failure(file, None, None, problem)


def _folder_files(folder: str) -> Iterator[tuple[str, str | None]]:
    """The files of a folder in name order, lazily; a Maildir gives cur/ then new/.

    A folder that cannot be listed comes as ``(folder, problem)``.
    """
    try:
        names = sorted(os.listdir(folder))
    except OSError as exc:
        yield folder, _os_problem(exc, "cannot list the folder")
        return
    if _is_maildir(folder, names):
        # tmp/ holds messages the delivery agent is still writing; .Name sub-folders are
        # other mail folders (see the module docstring).
        for sub in ("cur", "new"):
            if sub in names:
                yield from _folder_files(os.path.join(folder, sub))
        return
    for name in names:
        if name.startswith("."):  # .DS_Store, editor and version-control files
            continue
        full = os.path.join(folder, name)
        try:
            mode = os.stat(full).st_mode  # through links: what is read is what they point to
        except OSError:
            yield full, None  # a dangling link or a file gone: reading it says which
            continue
        if stat.S_ISDIR(mode):
            if not os.path.islink(full):  # a symlinked folder may loop
                yield from _folder_files(full)
        elif stat.S_ISREG(mode):
            yield full, None
        else:
            yield full, _not_regular(mode)


def _is_maildir(folder: str, names: list[str]) -> bool:
    return ("cur" in names or "new" in names) and all(
        os.path.isdir(os.path.join(folder, n)) for n in ("cur", "new") if n in names
    )


def _not_regular(mode: int) -> str:
    kinds = ((stat.S_ISFIFO, "a named pipe"), (stat.S_ISSOCK, "a socket"),
             (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"))
    kind = next((name for test, name in kinds if test(mode)), "not a file")
    return f"not a regular file ({kind}): only regular files are read from a folder"


def _read_file(path: str, max_bytes: int, *, regular_only: bool, lazy: bool) -> Iterator[RawMessage]:
    try:
        if regular_only:
            # Opened without blocking and checked on the open file itself: an entry that
            # became a named pipe since the folder was listed cannot stall the reading.
            fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0))
            mode = os.fstat(fd).st_mode
            if not stat.S_ISREG(mode):
                os.close(fd)
                yield _failure(path, None, None, _not_regular(mode))
                return
            os.set_blocking(fd, True)
            stream = open(fd, "rb")  # noqa: SIM115 - closed below, after a generator
        else:
            stream = open(path, "rb")  # noqa: SIM115 - closed below, after a generator
    except OSError as exc:
        yield _failure(path, None, None, _os_problem(exc, "cannot open"))
        return
    with stream:
        yield from _read_stream(stream, path, max_bytes, _stored_file(stream, path) if lazy else None)


def _stored_file(stream: BinaryIO, path: str) -> tuple[str, tuple[int, int]] | None:
    """The absolute path and identity of a regular file (whose messages can be read
    again later by offset), else None."""
    try:
        info = os.fstat(stream.fileno())
    except (OSError, AttributeError, ValueError):
        return None
    if not stat.S_ISREG(info.st_mode):
        return None
    return os.path.abspath(path), (info.st_dev, info.st_ino)


def _read_stream(
    stream: BinaryIO, path: str, max_bytes: int, stored: tuple[str, tuple[int, int]] | None = None
) -> Iterator[RawMessage]:
    try:
        head = stream.read(min(BLOCK_BYTES, max_bytes + 1))
        if head.startswith(_GZIP_MAGIC):
            # A compressed file or mbox (bounces.mbox.gz): read through it.
            stream = _Gunzip(head, stream)
            stored = None
            head = stream.read(min(BLOCK_BYTES, max_bytes + 1))
        # The first line decides whether this is an mbox: make sure it is all there.
        while head and b"\n" not in head and len(head) <= _MAX_ENVELOPE:
            more = stream.read(BLOCK_BYTES)
            if not more:
                break
            head += more
    except OSError as exc:
        yield _failure(path, None, None, _os_problem(exc, "cannot read"))
        return
    end = head.find(b"\n")
    first_line = head[: end if end >= 0 else len(head)].rstrip(b"\r")
    if is_envelope(first_line):
        yield from _split_mbox(stream, path, head, max_bytes, stored)
        return
    data = head
    try:
        while len(data) <= max_bytes:
            more = stream.read(max_bytes + 1 - len(data))
            if not more:
                break
            data += more
    except OSError as exc:
        yield _failure(path, None, None, _os_problem(exc, "cannot read"))
        return
    if len(data) > max_bytes:
        yield _too_large(path, None, None, len(data) + _remaining(stream), max_bytes)
        return
    yield RawMessage(path, None, data, None, len(data))


def _remaining(stream: BinaryIO) -> int:
    """How many bytes are left in ``stream``, where it can tell without reading them (else 0)."""
    try:
        if stream.seekable():
            here = stream.tell()
            return max(0, stream.seek(0, os.SEEK_END) - here)
    except (OSError, AttributeError):
        pass
    return 0


def _too_large(path: str, position: int | None, offset: int | None, size: int, max_bytes: int) -> RawMessage:
    limit = f"{max_bytes} bytes"
    for unit, scale in (("GiB", 1 << 30), ("MiB", 1 << 20), ("KiB", 1 << 10)):
        if max_bytes % scale == 0:
            limit += f" ({max_bytes // scale} {unit})"
            break
    return RawMessage(path, position, b"", offset, size,
                      error=f"the message is larger than the limit of {limit}; it was not read")


class _Prefixed:
    """A stream whose first bytes were already read: it gives them back first."""

    def __init__(self, head: bytes, stream: BinaryIO) -> None:
        self._head = head
        self._stream = stream

    def read(self, size: int = -1) -> bytes:
        if not self._head:
            return self._stream.read(size)
        if size < 0:
            piece, self._head = self._head + self._stream.read(), b""
        else:
            piece, self._head = self._head[:size], self._head[size:]
        return piece


class _Gunzip:
    """The decompressed content of a gzip stream; broken data becomes an OSError."""

    def __init__(self, head: bytes, stream: BinaryIO) -> None:
        self._gzip = gzip.GzipFile(fileobj=_Prefixed(head, stream), mode="rb")

    def read(self, size: int = -1) -> bytes:
        try:
            return self._gzip.read(size)
        except (EOFError, zlib.error) as exc:
            raise OSError(f"broken gzip data ({exc})") from exc

    def seekable(self) -> bool:
        return False


class _Message:
    """The message being gathered by the mbox splitter, kept to ``max_bytes``.

    With ``stored`` (the file's absolute path and identity) only its place in the file
    is kept, and it becomes a :class:`StoredMessage`.
    """

    __slots__ = ("max_bytes", "offset", "parts", "position", "size", "start", "stored", "where")

    def __init__(
        self, position: int, offset: int, max_bytes: int, where: tuple[str, tuple[int, int]] | None
    ) -> None:
        self.position = position
        self.offset = offset
        self.max_bytes = max_bytes
        self.where = where
        self.parts: list[bytes] = []
        self.size = 0
        self.stored = 0
        self.start = 0

    def add(self, buf: bytes, begin: int, end: int) -> None:
        """Add ``buf[begin:end]`` to the message."""
        if end <= begin:
            return
        self.size += end - begin
        room = self.max_bytes - self.stored
        if self.where is None and room > 0:
            piece = buf[begin : min(end, begin + room)]
            self.parts.append(piece)
            self.stored += len(piece)

    def finish(self, path: str) -> RawMessage:
        if self.size > self.max_bytes:
            return _too_large(path, self.position, self.offset, self.size, self.max_bytes)
        if self.where is not None:
            file, identity = self.where
            return StoredMessage(  # type: ignore[return-value]
                path, self.position, self.offset, self.start, self.size, file, identity)
        return RawMessage(path, self.position, _unquote(b"".join(self.parts)), self.offset, self.size)


def _split_mbox(
    stream: BinaryIO, path: str, head: bytes, max_bytes: int,
    stored: tuple[str, tuple[int, int]] | None = None,
) -> Iterator[RawMessage]:
    """Split an mbox into messages, reading block by block.

    ``buf`` holds the unread part of the stream from ``base`` on; everything before
    ``start`` in it already belongs to the current message. A separator is a newline
    followed by an envelope line, so the buffer always keeps a possible one whole.
    With ``stored``, the messages come as StoredMessages (their bytes are not kept).
    """
    buf = head
    base = 0
    eof = False
    # The caller checked that the first line is an envelope line, and read all of it
    # (without a newline, it is all the stream holds).
    end = buf.find(b"\n")
    message = _Message(1, 0, max_bytes, stored)
    start = scan = message.start = end + 1 if end >= 0 else len(buf)
    while True:
        hit = buf.find(b"\nFrom ", scan)
        line_end = buf.find(b"\n", hit + 1, hit + 2 + _MAX_ENVELOPE) if hit >= 0 else -1
        if hit < 0 or (line_end < 0 and len(buf) - hit <= _MAX_ENVELOPE and not eof):
            # No separator here, or one cut by the block end: keep what may still be
            # the start of a separator and read on.
            if eof:
                message.add(buf, start, len(buf))
                yield message.finish(path)
                return
            keep = hit if hit >= 0 else max(start, len(buf) - 5)
            message.add(buf, start, keep)
            try:
                block = _read_block(stream)
            except OSError as exc:
                yield _failure(path, message.position, message.offset, _os_problem(exc, "cannot read"))
                return
            eof = not block
            base += keep
            buf = buf[keep:] + block
            # A separator right after the envelope line is kept from its newline on,
            # which is not part of the message: the message still starts after it.
            start, scan = max(0, start - keep), 0
            continue
        line = buf[hit + 1 : line_end if line_end >= 0 else len(buf)].rstrip(b"\r")
        if not is_envelope(line):
            scan = hit + 1
            continue
        message.add(buf, start, hit + 1)
        yield message.finish(path)
        message = _Message(message.position + 1, base + hit + 1, max_bytes, stored)
        start = line_end + 1 if line_end >= 0 else len(buf)
        message.start = base + start
        scan = max(start - 1, hit + 1)


def _read_block(stream: BinaryIO) -> bytes:
    return stream.read(BLOCK_BYTES)


def _failure(path: str, position: int | None, offset: int | None, problem: str) -> RawMessage:
    return RawMessage(path, position, b"", offset, 0, error=problem)


def _os_problem(exc: OSError, doing: str) -> str:
    reason = exc.strerror or str(exc) or type(exc).__name__
    if isinstance(exc, FileNotFoundError):
        return "no such file or folder"
    if isinstance(exc, PermissionError):
        return f"{doing}: permission denied"
    return f"{doing}: {reason.lower() if reason[:1].isupper() else reason}"
