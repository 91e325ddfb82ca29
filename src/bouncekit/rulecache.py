"""The built-in rules as read, kept between runs in the user's cache folder.

Reading the rule files takes each of ~3,000 patterns apart (for the literals that
anchor it), which costs more than a short command's own work (``bouncekit logs`` on a
log of a million lines spends a twentieth of its time there). What the reading gives is
plain data, so it is kept in a pickle together with everything it depends on: the text
of every rule file, the source of the code that reads them and defines what they become
(``classifier.py``, ``model.py``, this module) and the Python version. A kept copy is
used only when all of these are equal to the current ones (compared whole, not by a
digest: no two sources can be taken for one another); a changed rule file or bouncekit
reads the rules anew. The file is named by a checksum of the same, so that bouncekit
versions side by side (a checkout and an installed copy) keep a copy each; the last
:data:`KEPT` written are kept.

The cache can only save time: a file that is missing, cannot be read or unpickled, or
does not hold what it should is ignored (and written again), and a folder that cannot
be written leaves the rules read every time. ``$XDG_CACHE_HOME/bouncekit`` (else
``~/.cache/bouncekit``) is the folder; ``BOUNCEKIT_RULES_CACHE=off`` turns it off.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import sys
import zlib
from pathlib import Path
from typing import Any

from bouncekit import classifier, model

#: The environment variable that turns the cache off (``off``).
CACHE_ENV = "BOUNCEKIT_RULES_CACHE"
#: Copies kept at most (each about a megabyte).
KEPT = 4
_PREFIX = "rules-"
_SUFFIX = ".pickle"


def folder() -> Path | None:
    """The cache folder, None when the cache is off or there is no home to put it in."""
    if os.environ.get(CACHE_ENV, "").lower() == "off":
        return None
    base = os.environ.get("XDG_CACHE_HOME")
    if not base:
        try:
            base = str(Path.home() / ".cache")
        except RuntimeError:  # no home directory
            return None
    return Path(base) / "bouncekit"


#: What the rules as read depend on: the Python version, the source of the code that
#: reads them, the text of each rule file by name.
Sources = tuple[str, tuple[bytes, ...], dict[str, str]]


def sources(texts: dict[str, str]) -> Sources | None:
    """What rules read from ``texts`` (rule file texts by name) depend on; None when the
    code cannot be read to be compared (then nothing is cached)."""
    modules = (classifier, model, sys.modules[__name__])
    try:
        code = tuple(Path(module.__file__ or "").read_bytes() for module in modules)
    except OSError:
        return None
    return sys.version, code, texts


def load(origin: Sources | None) -> Any | None:
    """The rule data kept for ``origin``, or None (none kept, kept for other sources, or
    not readable as such)."""
    path = _path(origin)
    if origin is None or path is None:
        return None
    try:
        # Unpickling runs what the file says: only a file of this user's that no one
        # else may write (checked on the file opened, not on its name) is read.
        with open(os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0)), "rb") as stream:
            if not _private(os.fstat(stream.fileno())):
                return None
            kept_origin, data = pickle.load(stream)
    except Exception:  # missing, damaged or written by something else: read the rules anew
        return None
    return data if kept_origin == origin and _well_formed(data) else None


def _private(status: os.stat_result) -> bool:
    """Whether a file is this user's own and writable by no one else."""
    getuid = getattr(os, "getuid", None)
    return getuid is None or (status.st_uid == getuid() and not status.st_mode & 0o022)


def store(origin: Sources | None, data: Any) -> None:
    """Keep ``data`` for ``origin`` (written whole or not at all), and forget the copies
    kept for other sources but the :data:`KEPT` - 1 last written (bouncekit versions
    used side by side each keep theirs, older rules and code go)."""
    path = _path(origin)
    if origin is None or path is None:
        return
    partial = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "wb") as stream:
            pickle.dump((origin, data), stream, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(partial, path)  # readers see the whole file or none
        copies = sorted(path.parent.glob(f"{_PREFIX}*{_SUFFIX}"), key=_written, reverse=True)
        for old in copies[KEPT:]:
            old.unlink(missing_ok=True)
    except OSError:
        with contextlib.suppress(OSError):
            partial.unlink(missing_ok=True)


def _written(path: Path) -> float:
    """When a copy was written (0 for one gone meanwhile)."""
    try:
        return path.stat().st_mtime
    except OSError:
        return 0.0


def _path(origin: Sources | None) -> Path | None:
    """The file of the copy kept for ``origin``, named by a checksum of it."""
    where = folder()
    if origin is None or where is None:
        return None
    version, code, texts = origin
    checksum = zlib.crc32(version.encode())
    for piece in code:
        checksum = zlib.crc32(piece, checksum)
    for name, text in texts.items():
        checksum = zlib.crc32(f"\0{name}\0{text}".encode("utf-8", "surrogatepass"), checksum)
    return where / f"{_PREFIX}{checksum:08x}{_SUFFIX}"


def _well_formed(data: object) -> bool:
    """Whether ``data`` has the shape of what the rules are read into."""
    if not (isinstance(data, tuple) and len(data) == 4):
        return False
    rules, providers, status_table, reply_table = data
    return (
        isinstance(rules, list)
        and all(type(rule) is classifier.Rule for rule in rules)
        and isinstance(providers, list)
        and all(type(provider) is classifier.Provider for provider in providers)
        and all(
            isinstance(table, dict) and all(type(reason) is model.Reason for reason in table.values())
            for table in (status_table, reply_table)
        )
    )
