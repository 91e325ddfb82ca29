"""bouncekit.workers: workers end with their parent (real ``parse --jobs`` and ``ingest --jobs``
runs whose parent is sent TERM, INT or KILL while every worker is stuck in a runaway parse),
and the BudgetPool stops a call over its time budget."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from bouncekit.api import parse
from bouncekit.errors import BounceError, TimeBudgetError, WorkerDiedError
from bouncekit.workers import BudgetPool
from tests.conftest import corpus_bytes
from tests.runaway import crash, runaway_parse

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
    """The workers stuck in the runaway parse: running children of the forkserver (other
    descendants of ``root``, such as the forkserver starting up, may run too)."""
    tree = descendants(root)
    servers = {pid for pid in tree if b"multiprocessing.forkserver" in _command_line(pid)}
    busy = set()
    for pid in tree:
        if parent_of(pid) not in servers:
            continue
        try:
            state = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()[0]
        except OSError:
            continue
        if state == "R":
            busy.add(pid)
    return busy


def _command_line(pid: int) -> bytes:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return b""


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
        preexec_fn=_interruptible,
    )


def _interruptible() -> None:
    """The program's SIGINT as a terminal gives it: a test run started as a shell's
    background job (``pytest ... &``) inherits SIGINT ignored, and so would the program,
    which then never sees the Ctrl-C this test sends."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


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


# -- BudgetPool ---------------------------------------------------------------------------


def test_a_call_over_its_budget_is_stopped_and_its_worker_replaced() -> None:
    with BudgetPool(1, budget=2) as pool:
        first = pool.call(os.getpid)
        started = time.monotonic()
        with pytest.raises(TimeBudgetError, match=r"^decoding took longer than the time budget of 2 s"):
            pool.call(runaway_parse, b"")
        assert 2 <= time.monotonic() - started < 10
        assert not alive(first)
        # The next call gets a new worker, which decodes as usual.
        assert pool.call(os.getpid) != first
        report = pool.call(parse, corpus_bytes("lhost-postfix-03.eml"))
        assert [r.recipient for r in report.records] == ["kijitora@example.net"]


def test_errors_come_back_as_raised_and_a_dead_worker_is_an_error_of_its_own() -> None:
    with BudgetPool(1, budget=10) as pool:
        with pytest.raises(BounceError, match="the message is empty"):
            pool.call(parse, b"")
        with pytest.raises(WorkerDiedError, match="the decoder worker process died while working on it"):
            pool.call(crash, b"")
        assert pool.call(abs, -3) == 3


def test_calls_run_side_by_side_up_to_the_number_of_workers() -> None:
    with BudgetPool(2, budget=1.5) as pool:
        pool.start()
        outcomes: list[BaseException] = []

        def runaway() -> None:
            try:
                pool.call(runaway_parse, b"")
            except TimeBudgetError as exc:
                outcomes.append(exc)

        slow = threading.Thread(target=runaway)
        slow.start()
        time.sleep(0.2)
        started = time.monotonic()
        assert pool.call(abs, -1) == 1  # the other worker is free
        assert time.monotonic() - started < 1
        slow.join(10)
        assert len(outcomes) == 1


def test_closing_kills_the_workers_and_a_later_call_starts_anew() -> None:
    pool = BudgetPool(2, budget=5)
    pool.start()
    pids = {pool.call(os.getpid), pool.call(os.getpid)}
    pool.close()
    assert not any(alive(pid) for pid in pids)
    assert pool.call(os.getpid) not in pids
    pool.close()


def test_a_pool_needs_a_worker_and_a_budget() -> None:
    with pytest.raises(BounceError, match="at least one worker, not 0"):
        BudgetPool(0, budget=1)
    with pytest.raises(BounceError, match="more than 0 seconds, not 0"):
        BudgetPool(1, budget=0)
