"""Which of bouncekit's modules run compiled, and running a module's source instead when
the source changed after it was compiled.

bouncekit is pure Python. A build that has Cython and a C compiler (``setup.py``) also
compiles the modules of :data:`MODULES`, those that parsing and classifying spend their
time in, into C extensions of the same names: a fifth to a quarter faster, with every
result the same (``tests/test_compiled.py`` runs the differential check on the sources
too). Python imports an extension before a source of the same name, so in an editable
install an extension would hide later edits of its source: the build records each
source's SHA-256 beside the extensions (:data:`MANIFEST`), and :func:`install` makes
Python import the source of a module whose text differs from the one compiled (with an
``ImportWarning``, shown under ``-W default``; ``bench/throughput.py`` names them).
``BOUNCEKIT_PURE_PYTHON=1`` in the environment runs every module from its source (and,
at build time, compiles nothing).

This module imports nothing of bouncekit's: ``setup.py`` reads :data:`MODULES` from it
before bouncekit is built.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Sequence
    from importlib.machinery import ModuleSpec
    from types import ModuleType

# ``import bouncekit`` runs this module first, so it imports only what a pure-Python
# install needs to find that there is nothing to do (os, sys, pathlib); json, hashlib and
# importlib.util are imported where a manifest is read (importlib.abc alone would pull in
# importlib.resources, several milliseconds of start-up: the finder is a plain class).

#: The modules compiled where the build can, by name under ``bouncekit``: the message
#: reader, the decoders' shared code, the generic reader and the classifier.
MODULES = (
    "address",
    "api",
    "classifier",
    "decoders",
    "decoders.base",
    "decoders.fallback",
    "decoders.fallback.completion",
    "decoders.fallback.notice",
    "decoders.fallback.recipients",
    "decoders.fallback.sendingside",
    "decoders.fallback.wording",
    "decoders.rfc3464",
    "forwarded",
    "lazy",
    "mime",
    "mimeparser",
    "model",
    "prefilter",
    "smtp",
)
#: The file, beside ``bouncekit/__init__.py``, where the build records the SHA-256 of each
#: source it compiled.
MANIFEST = "_compiled.json"
#: The environment variable that runs every module from its source.
PURE_ENV = "BOUNCEKIT_PURE_PYTHON"

_PACKAGE = Path(__file__).resolve().parent


def source_path(module: str, package_dir: Path = _PACKAGE) -> Path:
    """The source file of ``module`` (a name of :data:`MODULES`)."""
    path = package_dir.joinpath(*module.split("."))
    return path / "__init__.py" if path.is_dir() else path.with_suffix(".py")


def digest(path: Path) -> str:
    import hashlib

    return hashlib.sha256(path.read_bytes()).hexdigest()


def stale(manifest: dict[str, str], package_dir: Path = _PACKAGE) -> list[str]:
    """The modules of ``manifest`` whose source is no longer the one compiled."""
    changed = []
    for module, compiled_digest in manifest.items():
        source = source_path(module, package_dir)
        if source.is_file() and digest(source) != compiled_digest:
            changed.append(module)
    return changed


def read_manifest(package_dir: Path = _PACKAGE) -> dict[str, str]:
    """The build's record of the sources it compiled; empty for a pure-Python install."""
    manifest = package_dir / MANIFEST
    if not manifest.is_file():
        return {}
    import json

    try:
        data = json.loads(manifest.read_text())
    except (OSError, ValueError):
        return {}
    return {str(k): str(v) for k, v in data.items()} if isinstance(data, dict) else {}


class SourceFirst:
    """Imports the named modules of a package from their sources, ahead of any extension
    (a meta path finder: an object with ``find_spec``)."""

    def __init__(self, package: str, package_dir: Path, modules: Sequence[str]) -> None:
        self.sources = {f"{package}.{m}": source_path(m, package_dir) for m in modules}

    def find_spec(
        self, fullname: str, path: Sequence[str] | None = None, target: ModuleType | None = None
    ) -> ModuleSpec | None:
        source = self.sources.get(fullname)
        if source is None or not source.is_file():
            return None
        import importlib.util

        search = [str(source.parent)] if source.name == "__init__.py" else None
        return importlib.util.spec_from_file_location(fullname, source, submodule_search_locations=search)


def install(package: str = "bouncekit", package_dir: Path = _PACKAGE) -> None:
    """Arrange for the modules that must run from their source to do so. Called by
    ``bouncekit/__init__.py`` before it imports anything else."""
    manifest = read_manifest(package_dir)
    if not manifest:
        return
    if os.environ.get(PURE_ENV, "") not in ("", "0"):
        sources = list(manifest)
    else:
        sources = stale(manifest, package_dir)
        if sources:
            import warnings

            # An ImportWarning, which Python shows only when asked (-W default): the
            # results are the same, only slower, and a command's output stays clean.
            warnings.warn(
                f"bouncekit: {', '.join(sources)} changed since compiled; running the source "
                "of each (`pip install -e .` compiles them again)",
                ImportWarning,
                stacklevel=3,
            )
    if sources:
        sys.meta_path.insert(0, SourceFirst(package, package_dir, sources))


def running_compiled(package: str = "bouncekit") -> tuple[str, ...]:
    """The modules of :data:`MODULES` that this process runs compiled (imported ones only)."""
    compiled = []
    for module in MODULES:
        loaded = sys.modules.get(f"{package}.{module}")
        if loaded is not None and not str(getattr(loaded, "__file__", "")).endswith(".py"):
            compiled.append(module)
    return tuple(compiled)
