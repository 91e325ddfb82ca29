"""Group commit: concurrent writes share a transaction, and each stays all-or-nothing."""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor

import pytest

from bouncekit.store.group import GroupCommit


class Recorder:
    """A ``write`` that notes each transaction's items; the first one waits until
    ``others`` more calls wait for it, so that they must form the next group."""

    def __init__(self, others: int = 0, bad: str | None = None) -> None:
        self.groups: list[list[str]] = []
        self.others = others
        self.bad = bad
        self.together: GroupCommit[str, str] = GroupCommit(self.write)

    def write(self, items: list[str]) -> list[str]:
        if not self.groups and self.others:
            deadline = time.monotonic() + 10
            while len(self.together._waiting) < self.others:
                assert time.monotonic() < deadline
                time.sleep(0.001)
        self.groups.append(list(items))
        if self.bad in items:
            raise ValueError(f"cannot store {self.bad}")
        return [item.upper() for item in items]


def test_a_lone_write_is_committed_at_once() -> None:
    recorder = Recorder()
    together = recorder.together
    assert together(["a", "b"]) == ["A", "B"]
    assert together(["c"]) == ["C"]
    assert recorder.groups == [["a", "b"], ["c"]]


def test_writes_arriving_during_a_commit_share_the_next_transaction() -> None:
    recorder = Recorder(others=3)
    together = recorder.together

    with ThreadPoolExecutor(4) as pool:
        first = pool.submit(together, ["first"])
        while not together._committing:  # the first write holds the commit
            pass
        rest = [pool.submit(together, [f"{n}a", f"{n}b"]) for n in range(3)]
        assert first.result(timeout=10) == ["FIRST"]
        assert [f.result(timeout=10) for f in rest] == [[f"{n}A", f"{n}B"] for n in range(3)]
    assert recorder.groups[0] == ["first"]
    # The three writes that waited went together, in one transaction.
    assert len(recorder.groups) == 2
    assert sorted(recorder.groups[1]) == ["0a", "0b", "1a", "1b", "2a", "2b"]


def test_a_failed_group_is_redone_write_by_write_and_only_the_faulty_write_fails() -> None:
    recorder = Recorder(others=3, bad="1b")
    together = recorder.together

    with ThreadPoolExecutor(4) as pool:
        first = pool.submit(together, ["first"])
        while not together._committing:
            pass
        rest = [pool.submit(together, [f"{n}a", f"{n}b"]) for n in range(3)]
        assert first.result(timeout=10) == ["FIRST"]
        assert rest[0].result(timeout=10) == ["0A", "0B"]
        with pytest.raises(ValueError, match="cannot store 1b"):
            rest[1].result(timeout=10)
        assert rest[2].result(timeout=10) == ["2A", "2B"]
    # The group of three failed, then each write was tried alone.
    assert len(recorder.groups) == 5
    assert sorted(map(tuple, recorder.groups[2:])) == [("0a", "0b"), ("1a", "1b"), ("2a", "2b")]


def test_many_threads_each_get_their_own_results() -> None:
    together = GroupCommit(lambda items: [f"{item}!" for item in items])
    with ThreadPoolExecutor(16) as pool:
        futures = [pool.submit(together, [f"{n}", f"{n}+"]) for n in range(500)]
        assert [f.result(timeout=30) for f in futures] == [[f"{n}!", f"{n}+!"] for n in range(500)]
