"""The built-in rules kept between runs (bouncekit.rulecache): only ever a saving."""

from __future__ import annotations

import os
import pickle
from pathlib import Path

import pytest

from bouncekit import classifier, rulecache
from bouncekit.classifier import default_rules


@pytest.fixture
def cache_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.delenv(rulecache.CACHE_ENV, raising=False)
    return tmp_path / "bouncekit"


def built() -> classifier.RuleSet:
    """default_rules() run again, not the process's remembered set."""
    return default_rules.__wrapped__()


def same(a: classifier.RuleSet, b: classifier.RuleSet) -> bool:
    """Whether two sets are built from the same data (patterns with their literals)."""
    def data(rules: classifier.RuleSet) -> bytes:
        return pickle.dumps((rules.rules, rules.providers, rules.status_table, rules.reply_table))
    return data(a) == data(b)


def kept(folder: Path) -> list[Path]:
    return sorted(folder.glob("rules-*.pickle"))


def test_the_kept_rules_are_the_rules_read(cache_home: Path) -> None:
    first = built()  # read, and kept
    [path] = kept(cache_home)
    second = built()  # from the kept copy
    assert same(first, second)
    assert same(second, default_rules())
    assert second.classify("550 5.1.1 <jo@example.com>: user unknown").reason == first.classify(
        "550 5.1.1 <jo@example.com>: user unknown"
    ).reason
    assert kept(cache_home) == [path]


@pytest.mark.parametrize("content", [b"", b"not a pickle", pickle.dumps({"rules": []}),
                                     pickle.dumps(([1], [], {}, {})), b"\x80\x04K"])
def test_a_damaged_or_foreign_copy_is_read_anew_and_replaced(cache_home: Path, content: bytes) -> None:
    built()
    [path] = kept(cache_home)
    path.write_bytes(content)
    assert rulecache.load(rulecache.sources(classifier._rule_texts())) is None
    assert same(built(), default_rules())
    assert path.read_bytes() != content  # written again


def test_a_copy_kept_for_other_sources_is_not_used(cache_home: Path) -> None:
    texts = classifier._rule_texts()
    changed = dict(texts, **{"general.toml": texts["general.toml"] + "\n# a comment\n"})
    renamed = {("x" + name if name == "reply.toml" else name): text for name, text in texts.items()}
    data = classifier._read_rules(texts)
    rulecache.store(rulecache.sources(texts), data)
    assert rulecache.load(rulecache.sources(dict(texts))) is not None
    for other in (changed, renamed):
        assert rulecache.load(rulecache.sources(other)) is None
    # Even under the name of the copy kept (as if two sources had one checksum).
    [path] = kept(cache_home)
    version, code, _ = rulecache.sources(texts)
    path.write_bytes(pickle.dumps(((version, code, changed), data)))
    assert rulecache.load(rulecache.sources(texts)) is None


def test_the_last_copies_written_are_kept(cache_home: Path) -> None:
    # Other sources' copies (another version of bouncekit beside this one) stay, but
    # for the last few written.
    cache_home.mkdir(parents=True)
    others = [cache_home / f"rules-{n:08x}.pickle" for n in range(rulecache.KEPT + 2)]
    for age, other in enumerate(others):
        other.write_bytes(b"other")
        os.utime(other, (1_000_000 + age, 1_000_000 + age))
    built()
    [own] = set(kept(cache_home)) - set(others)
    assert kept(cache_home) == sorted([own, *others[-(rulecache.KEPT - 1) :]])
    assert same(built(), default_rules())  # its own copy read


def test_no_cache_when_it_cannot_be_written_or_is_off(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocked = tmp_path / "file"
    blocked.write_text("a file where the folder would be")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocked))
    assert same(built(), default_rules())
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.setenv(rulecache.CACHE_ENV, "off")
    assert rulecache.folder() is None
    assert same(built(), default_rules())
    assert not (tmp_path / "bouncekit").exists()


def test_a_copy_others_may_write_is_not_read(cache_home: Path) -> None:
    built()
    [path] = kept(cache_home)
    assert path.stat().st_mode & 0o777 == 0o600
    path.chmod(0o666)
    assert rulecache.load(rulecache.sources(classifier._rule_texts())) is None
    path.chmod(0o600)
    assert rulecache.load(rulecache.sources(classifier._rule_texts())) is not None
    link = cache_home / "elsewhere.pickle"
    path.rename(link)
    path.symlink_to(link)
    assert rulecache.load(rulecache.sources(classifier._rule_texts())) is None
