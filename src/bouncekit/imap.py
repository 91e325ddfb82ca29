"""Reading a bounce mailbox over IMAP (RFC 3501), and filing away what was read.

``parse_url("imaps://bounces@mail.example.com/INBOX")`` names the folder;
:class:`Mailbox` logs in, lists the folder's messages by UID, fetches them in batches
(``BODY.PEEK[]``, so nothing is marked read) and, once the caller has used them, moves
them to another folder (``UID MOVE`` of RFC 6851 where the server has it, else
``UID COPY``, ``\\Deleted`` and an expunge) or deletes them. The expunge is ``UID
EXPUNGE`` of RFC 4315 (UIDPLUS) where the server has it, so messages other clients
marked deleted are left alone; without UIDPLUS a plain ``EXPUNGE`` is the only way.

The password is an argument, never part of the URL: the command line reads it from
the environment or a prompt. Every failure is an :class:`ImapError` naming the
mailbox and the problem.
"""

from __future__ import annotations

import base64
import contextlib
import imaplib
import re
import ssl
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote, urlsplit

from bouncekit.errors import BounceError

#: Messages fetched with one command.
BATCH_SIZE = 50
#: Seconds to wait for the server before giving up.
TIMEOUT = 60.0
_DEFAULT_PORTS = {"imap": 143, "imaps": 993}
_UID = re.compile(rb"\bUID (\d{1,10})")
_LOOPBACK = ("127.", "::1", "localhost")


class ImapError(BounceError):
    """The IMAP server could not be reached, refused us, or answered a command with an error."""

    http_status = 502


@dataclass(frozen=True, slots=True)
class ImapUrl:
    """An IMAP folder: ``imap[s]://user@host[:port]/FOLDER`` (RFC 5092 form, no password)."""

    secure: bool
    user: str
    host: str
    port: int
    folder: str = "INBOX"

    def __str__(self) -> str:
        scheme = "imaps" if self.secure else "imap"
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"{scheme}://{self.user}@{host}:{self.port}/{self.folder}"

    @property
    def is_loopback(self) -> bool:
        return self.host.startswith(_LOOPBACK)

    def message(self, uid: int) -> str:
        """The RFC 5092 URL of one message: ``imap://user@host:143/INBOX/;UID=7``."""
        return f"{self}/;UID={uid}"


@dataclass(frozen=True, slots=True)
class FetchedMessage:
    """One message as the server holds it."""

    uid: int
    data: bytes


def parse_url(url: str) -> ImapUrl:
    """Read ``imap://user@host[:port]/FOLDER`` or ``imaps://...``.

    The user and folder may be percent-encoded (``bounces%40example.com``); the folder
    defaults to INBOX. A password in the URL is refused: it would show in the process
    list and the shell history.

    >>> parse_url("imaps://bounces@mail.example.com/Bounces")
    ImapUrl(secure=True, user='bounces', host='mail.example.com', port=993, folder='Bounces')
    """
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as exc:
        raise ImapError(f"{url}: not an IMAP URL ({exc})") from None
    scheme = parts.scheme.lower()
    if scheme not in _DEFAULT_PORTS:
        raise ImapError(f"{url}: not an IMAP URL (it must start with imap:// or imaps://)")
    if parts.password is not None:
        raise ImapError(
            f"{scheme}://{parts.hostname}: the password must not be in the URL; "
            "set BOUNCEKIT_IMAP_PASSWORD or type it at the prompt"
        )
    if not parts.username:
        raise ImapError(f"{url}: the URL names no user (imap://user@host/FOLDER)")
    if not parts.hostname:
        raise ImapError(f"{url}: the URL names no host (imap://user@host/FOLDER)")
    folder = unquote(parts.path.lstrip("/")) or "INBOX"
    return ImapUrl(scheme == "imaps", unquote(parts.username), parts.hostname,
                   port or _DEFAULT_PORTS[scheme], folder)


def quote_mailbox(name: str) -> str:
    """A folder name as an IMAP quoted string, non-ASCII in modified UTF-7 (RFC 3501 5.1.3)."""
    out: list[str] = []
    pending: list[str] = []

    def flush() -> None:
        if pending:
            encoded = base64.b64encode("".join(pending).encode("utf-16-be")).rstrip(b"=")
            out.append("&" + encoded.replace(b"/", b",").decode("ascii") + "-")
            pending.clear()

    for char in name:
        if " " <= char <= "~":
            flush()
            out.append("&-" if char == "&" else char)
        else:
            pending.append(char)
    flush()
    encoded = "".join(out)
    return '"' + encoded.replace("\\", "\\\\").replace('"', '\\"') + '"'


def uid_set(uids: Iterable[int]) -> str:
    """``[1, 2, 3, 7]`` -> ``1:3,7`` (a compact IMAP sequence set)."""
    ranges: list[str] = []
    start = previous = None
    for uid in sorted(set(uids)):
        if previous is not None and uid == previous + 1:
            previous = uid
            continue
        if start is not None:
            ranges.append(str(start) if start == previous else f"{start}:{previous}")
        start = previous = uid
    if start is not None:
        ranges.append(str(start) if start == previous else f"{start}:{previous}")
    return ",".join(ranges)


class Mailbox:
    """A logged-in connection with one folder selected.

    Use it as a context manager, which logs out at the end::

        with Mailbox(parse_url(url), password) as box:
            for batch in box.batches(box.uids()):
                ...
                box.move([m.uid for m in batch], "Processed")

    ``ssl_context`` verifies the server for ``imaps://`` and ``starttls`` (default: the
    system's trusted certificates). ``readonly`` selects the folder with EXAMINE, for a
    run that changes nothing.
    """

    def __init__(
        self,
        url: ImapUrl,
        password: str,
        *,
        ssl_context: ssl.SSLContext | None = None,
        starttls: bool = False,
        readonly: bool = False,
        timeout: float = TIMEOUT,
    ) -> None:
        self.url = url
        context = ssl_context or ssl.create_default_context()
        try:
            if url.secure:
                self._imap: imaplib.IMAP4 = imaplib.IMAP4_SSL(
                    url.host, url.port, ssl_context=context, timeout=timeout
                )
            else:
                self._imap = imaplib.IMAP4(url.host, url.port, timeout=timeout)
                if starttls:
                    self._imap.starttls(context)
        except (OSError, imaplib.IMAP4.error) as exc:
            raise ImapError(f"{url}: cannot connect ({_describe(exc)})") from None
        try:
            self._imap.login(url.user, password)
        except (OSError, imaplib.IMAP4.error) as exc:
            self._drop()
            raise ImapError(f"{url}: login failed ({_describe(exc)})") from None
        try:
            # Servers may announce more after login (MOVE, UIDPLUS): ask again.
            words = self._run("capability", self._imap.capability)[0]
            self.capabilities = frozenset(words.decode("ascii", "replace").upper().split())
            self._run(f"select {url.folder}", self._imap.select, quote_mailbox(url.folder), readonly)
        except ImapError:
            self.close()
            raise

    def __enter__(self) -> Mailbox:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def close(self) -> None:
        """Log out (messages marked deleted but not expunged stay as they are)."""
        try:
            self._imap.logout()
        except (OSError, imaplib.IMAP4.error):
            self._drop()

    def uids(self) -> list[int]:
        """The UIDs of the folder's messages not marked deleted, oldest first."""
        data = self._run("search", self._imap.uid, "SEARCH", "UNDELETED")
        return sorted(int(uid) for uid in b" ".join(d for d in data if d).split())

    def fetch(self, uids: Sequence[int]) -> list[FetchedMessage]:
        """The messages with these UIDs (one ``UID FETCH``), in UID order; UIDs gone are skipped."""
        if not uids:
            return []
        data = self._run("fetch", self._imap.uid, "FETCH", uid_set(uids), "(UID BODY.PEEK[])")
        return fetched_messages(data)

    def batches(self, uids: Sequence[int], size: int = BATCH_SIZE) -> Iterator[list[FetchedMessage]]:
        """The messages of ``uids`` fetched ``size`` at a time (memory holds one batch)."""
        for start in range(0, len(uids), size):
            yield self.fetch(uids[start : start + size])

    def ensure_folder(self, folder: str) -> None:
        """Create ``folder`` unless it exists."""
        quoted = quote_mailbox(folder)
        listed = self._run(f"list {folder}", self._imap.list, '""', quoted)
        if any(item for item in listed if item):
            return
        self._run(f"create {folder}", self._imap.create, quoted)

    def move(self, uids: Sequence[int], folder: str) -> None:
        """Move messages to ``folder`` (MOVE, else COPY + \\Deleted + expunge)."""
        if not uids:
            return
        quoted = quote_mailbox(folder)
        if "MOVE" in self.capabilities:
            self._run(f"move to {folder}", self._imap.uid, "MOVE", uid_set(uids), quoted)
            return
        self._run(f"copy to {folder}", self._imap.uid, "COPY", uid_set(uids), quoted)
        self.delete(uids)

    def delete(self, uids: Sequence[int]) -> None:
        """Mark messages \\Deleted and expunge them."""
        if not uids:
            return
        numbers = uid_set(uids)
        self._run("store \\Deleted", self._imap.uid, "STORE", numbers, "+FLAGS.SILENT", "(\\Deleted)")
        if "UIDPLUS" in self.capabilities:
            self._run("expunge", self._imap.uid, "EXPUNGE", numbers)
        else:
            self._run("expunge", self._imap.expunge)

    def _run(self, doing: str, method: Callable[..., tuple[str, list]], *args: Any) -> list:
        try:
            kind, data = method(*args)
        except (OSError, imaplib.IMAP4.error) as exc:
            raise ImapError(f"{self.url}: {doing} failed ({_describe(exc)})") from None
        if kind != "OK":
            text = b" ".join(d for d in data if isinstance(d, bytes)).decode("utf-8", "replace")
            raise ImapError(f"{self.url}: {doing} failed ({text or kind})")
        return data

    def _drop(self) -> None:
        with contextlib.suppress(OSError):
            self._imap.shutdown()


def fetched_messages(data: Sequence[object]) -> list[FetchedMessage]:
    """The messages of a ``UID FETCH ... (UID BODY.PEEK[])`` response as imaplib returns it.

    Each message is a ``(head, literal)`` pair followed by the bytes that close it; the
    server may put ``UID n`` in the head (``7 (UID 7 BODY[] {120}``) or after the literal
    (`` UID 7)``). Untagged FETCH responses without a body (flag updates) are ignored.
    """
    found: list[FetchedMessage] = []
    pending: bytes | None = None
    for item in data:
        if isinstance(item, tuple):
            head, body = item
            m = _UID.search(head)
            if m:
                found.append(FetchedMessage(int(m[1]), body))
                pending = None
            else:
                pending = body
        elif isinstance(item, bytes) and pending is not None:
            m = _UID.search(item)
            if m:
                found.append(FetchedMessage(int(m[1]), pending))
            pending = None
    return sorted(found, key=lambda message: message.uid)


def _describe(exc: BaseException) -> str:
    if isinstance(exc, imaplib.IMAP4.error) and exc.args:
        arg = exc.args[0]
        return arg.decode("utf-8", "replace") if isinstance(arg, bytes) else str(arg)
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror
    return str(exc) or type(exc).__name__
