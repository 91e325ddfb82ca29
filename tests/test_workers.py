"""Worker processes end with their parent: real ``parse --jobs`` and ``ingest --jobs`` runs,
whose parent is sent TERM, INT or KILL while every worker is stuck in a runaway parse."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import corpus_bytes

RUNAWAY_CLI = Path(__file__).with_name("runaway_cli.py")
ROOT = Path(__file__).parent.parent

pytestmark = pytest.mark.skipif(not Path("/proc/self/stat").exists(),
                                reason="the process tree is read from /proc (Linux)")


def parent_of(pid: int) -> int | None:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return int(stat.rpartition(")")[2].split()[1])


def alive(pid: int) -> bool:
    """Running or sleeping: a zombie has ended (only its exit status waits to be reaped)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rpartition(")")[2].split()[0] not in ("Z", "X")


def descendants(root: int) -> set[int]:
    parents = {int(p): parent_of(int(p)) for p in os.listdir("/proc") if p.isdigit()}
    found: set[int] = set()
    frontier = {root}
    while frontier:
        frontier = {pid for pid, parent in parents.items() if parent in frontier} - found
        found |= frontier
    return found


def busy_workers(root: int) -> set[int]:
    """The workers stuck in the runaway parse: grandchildren of ``root`` (children of the
    forkserver) that are running."""
    children = {pid for pid in descendants(root) if parent_of(pid) == root}
    busy = set()
    for pid in descendants(root) - children:
        try:
            state = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()[0]
        except OSError:
            continue
        if state == "R":
            busy.add(pid)
    return busy


def start(command: list[str], tmp_path: Path) -> subprocess.Popen:
    inputs = tmp_path / "in"
    inputs.mkdir()
    raw = corpus_bytes("lhost-postfix-03.eml")
    for n in range(130):  # more than one chunk of `parse --jobs`: both workers get one
        (inputs / f"{n}.eml").write_bytes(raw.replace(b"kijitora", b"k%d" % n))
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])}
    return subprocess.Popen(
        [sys.executable, str(RUNAWAY_CLI), "--database", f"sqlite:///{tmp_path / 'db.sqlite3'}",
         *command, str(inputs)],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env, cwd=tmp_path,
    )


@pytest.mark.parametrize("command", [["parse", "--jobs", "2"],
                                     ["ingest", "--jobs", "2", "--batch-size", "1"]], ids=["parse", "ingest"])
@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT, signal.SIGKILL], ids=lambda s: s.name)
def test_workers_end_with_their_parent(tmp_path: Path, command: list[str], sig: signal.Signals) -> None:
    process = start(command, tmp_path)
    children: set[int] = set()
    try:
        deadline = time.monotonic() + 60
        while len(busy_workers(process.pid)) < 2:
            assert process.poll() is None, process.stderr.read().decode() if process.stderr else ""
            assert time.monotonic() < deadline, "the two workers never started the runaway parse"
            time.sleep(0.1)
        # The forkserver, the resource tracker and the workers: all must end.
        children = descendants(process.pid)
        assert len(children) >= 4
        process.send_signal(sig)
        process.wait(timeout=30)
        deadline = time.monotonic() + 15
        while (left := {pid for pid in children if alive(pid)}) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not left, f"still running after the parent ended: {sorted(left)}"
        stderr = process.stderr.read().decode() if process.stderr else ""
        assert "Traceback" not in stderr, stderr
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        for pid in children:
            if alive(pid):
                os.kill(pid, signal.SIGKILL)
