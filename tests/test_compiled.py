"""The compiled build (setup.py, bouncekit/compiled.py): which modules run compiled, an
edited source running in place of its stale extension, and the same results both ways."""

from __future__ import annotations

import importlib
import importlib.machinery
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import bouncekit
from bouncekit import compiled

ROOT = Path(__file__).resolve().parent.parent


def _package(tmp_path: Path, sources: dict[str, str]) -> Path:
    """A package ``pkg`` under ``tmp_path`` with the given modules and a manifest of them."""
    package = tmp_path / "pkg"
    for name, text in sources.items():
        path = package.joinpath(*name.split(".")).with_suffix(".py")
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    (package / "__init__.py").write_text("")
    manifest = {name: compiled.digest(compiled.source_path(name, package)) for name in sources}
    (package / compiled.MANIFEST).write_text(json.dumps(manifest))
    return package


def test_every_listed_module_is_a_module_of_bouncekit():
    for module in compiled.MODULES:
        assert compiled.source_path(module).is_file(), module
        assert compiled.source_path(module).name != "compiled.py"  # it must run before them


def test_a_source_edited_after_the_build_is_stale(tmp_path):
    package = _package(tmp_path, {"fast": "VALUE = 1\n", "other": "VALUE = 2\n"})
    manifest = compiled.read_manifest(package)
    assert compiled.stale(manifest, package) == []
    (package / "fast.py").write_text("VALUE = 3\n")
    assert compiled.stale(manifest, package) == ["fast"]


def test_a_missing_or_broken_manifest_is_a_pure_install(tmp_path):
    assert compiled.read_manifest(tmp_path) == {}
    (tmp_path / compiled.MANIFEST).write_text("not json")
    assert compiled.read_manifest(tmp_path) == {}


def test_the_finder_imports_the_named_modules_from_their_sources(tmp_path, monkeypatch):
    package = _package(tmp_path, {"fast": "VALUE = 'source'\n"})
    finder = compiled.SourceFirst("pkg", package, ["fast"])
    spec = finder.find_spec("pkg.fast")
    assert spec is not None and spec.origin == str(package / "fast.py")
    assert isinstance(spec.loader, importlib.machinery.SourceFileLoader)
    assert finder.find_spec("pkg.other") is None
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.setattr(sys, "meta_path", [finder, *sys.meta_path])
    assert importlib.import_module("pkg.fast").VALUE == "source"
    for name in ("pkg.fast", "pkg"):
        sys.modules.pop(name, None)


def test_install_runs_stale_sources_and_says_so_once(tmp_path, monkeypatch):
    package = _package(tmp_path, {"fast": "VALUE = 1\n", "other": "VALUE = 2\n"})
    (package / "other.py").write_text("VALUE = 5\n")
    monkeypatch.setattr(sys, "meta_path", list(sys.meta_path))
    monkeypatch.delenv(compiled.PURE_ENV, raising=False)
    with pytest.warns(ImportWarning, match="other changed since compiled"):
        compiled.install("pkg", package)
    finder = sys.meta_path[0]
    assert isinstance(finder, compiled.SourceFirst) and list(finder.sources) == ["pkg.other"]


def test_the_environment_switch_runs_every_source(tmp_path, monkeypatch):
    package = _package(tmp_path, {"fast": "VALUE = 1\n", "other": "VALUE = 2\n"})
    monkeypatch.setattr(sys, "meta_path", list(sys.meta_path))
    monkeypatch.setenv(compiled.PURE_ENV, "1")
    compiled.install("pkg", package)
    assert sorted(sys.meta_path[0].sources) == ["pkg.fast", "pkg.other"]


_BUILT = compiled.read_manifest()
needs_build = pytest.mark.skipif(not _BUILT, reason="a pure-Python install: nothing was compiled")


@needs_build
def test_the_build_compiled_every_listed_module():
    for module in compiled.MODULES:
        importlib.import_module(f"bouncekit.{module}")
    assert sorted(_BUILT) == sorted(compiled.MODULES)
    if os.environ.get(compiled.PURE_ENV, "") in ("", "0"):
        assert set(compiled.running_compiled()) == set(_BUILT) - set(compiled.stale(_BUILT))
    assert bouncekit.parse(b"From: a@b\nSubject: hi\n\nhello\n").records == ()


_SAME_AS_SNAPSHOT = """
import importlib.util, json, sys
spec = importlib.util.spec_from_file_location("differential", sys.argv[1])
differential = importlib.util.module_from_spec(spec)
spec.loader.exec_module(differential)
from bouncekit.compiled import running_compiled
stored = json.loads(differential.SNAPSHOT.read_text())
found = differential.digests(roots=(differential.FIXTURES,))
common = found.keys() & stored.keys()
changed = sorted(k for k in common if found[k] != stored[k])
print(len(common), len(changed), len(running_compiled()), *changed[:5])
"""


@needs_build
def test_the_sources_give_every_message_the_same_outcome_as_the_build():
    # As test_parse_snapshot.py, which runs compiled, in a child whose every module runs
    # from its source.
    done = subprocess.run(
        [sys.executable, "-c", _SAME_AS_SNAPSHOT, str(ROOT / "bench" / "differential.py")],
        capture_output=True, text=True, timeout=600, env={**os.environ, compiled.PURE_ENV: "1"},
    )
    assert done.returncode == 0, done.stderr[-2000:]
    compared, changed, running, *examples = done.stdout.split()
    assert int(compared) > 900 and int(running) == 0
    assert int(changed) == 0, examples
