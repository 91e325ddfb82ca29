"""The built-in rules as read, kept between runs in the user's cache folder.

Reading the rule files takes each of ~3,000 patterns apart (for the literals that
anchor it), which costs more than a short command's own work (``bouncekit logs`` on a
log of a million lines spends a twentieth of its time there). What the reading gives is
plain data, so it is kept as a pickle named by a digest of everything it depends on:
the text of every rule file, the code that reads them and defines what they become
(``classifier.py``, ``model.py``, this module) and the Python version. A changed rule
file or bouncekit gives another digest, hence another file, and the rules are read
anew.

The cache can only save time: a file that is missing, cannot be read or unpickled, or
does not hold what it should is ignored (and written again), and a folder that cannot
be written leaves the rules read every time. ``$XDG_CACHE_HOME/bouncekit`` (else
``~/.cache/bouncekit``) is the folder; ``BOUNCEKIT_RULES_CACHE=off`` turns it off.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
import sys
from pathlib import Path
from typing import Any

from bouncekit import classifier, model

#: The environment variable that turns the cache off (``off``).
CACHE_ENV = "BOUNCEKIT_RULES_CACHE"
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


def digest(texts: dict[str, str]) -> str | None:
    """The digest of the rule files' texts (by name) and of what reads them; None when
    the code cannot be read to be digested (then nothing is cached)."""
    h = hashlib.sha256(sys.version.encode())
    try:
        for module in (classifier, model, sys.modules[__name__]):
            h.update(Path(module.__file__ or "").read_bytes())
    except OSError:
        return None
    for name, text in texts.items():
        h.update(f"\0{name}\0{len(text)}\0".encode())
        h.update(text.encode("utf-8", "surrogatepass"))
    return h.hexdigest()


def load(key: str | None) -> Any | None:
    """The rule data kept under ``key``, or None (none kept, or not readable as such)."""
    where = folder()
    if key is None or where is None:
        return None
    try:
        with open(where / f"{_PREFIX}{key}{_SUFFIX}", "rb") as stream:
            data = pickle.load(stream)
    except Exception:  # missing, damaged or written by something else: read the rules anew
        return None
    return data if _well_formed(data) else None


def store(key: str | None, data: Any) -> None:
    """Keep ``data`` under ``key`` (written whole or not at all), and forget what was
    kept under other keys (older rules or code)."""
    where = folder()
    if key is None or where is None:
        return
    path = where / f"{_PREFIX}{key}{_SUFFIX}"
    partial = where / f".{_PREFIX}{key}.{os.getpid()}.tmp"
    try:
        where.mkdir(parents=True, exist_ok=True)
        with open(partial, "wb") as stream:
            pickle.dump(data, stream, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(partial, path)  # readers see the whole file or none
        for old in where.glob(f"{_PREFIX}*{_SUFFIX}"):
            if old != path:
                old.unlink(missing_ok=True)
    except OSError:
        with contextlib.suppress(OSError):
            partial.unlink(missing_ok=True)


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
