"""bouncekit.logs.background: items made in a forked child, and a reader that uses one."""

from __future__ import annotations

import gzip
import io
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from bouncekit import logs
from bouncekit.logs import LogError, LogReader
from bouncekit.logs.background import ChildDiedError, can_fork, made_in_child
from tests.logs.test_exim import MAINLOG
from tests.logs.test_postfix import LOG as POSTFIX_LOG
from tests.logs.test_reader import POSTFIX, SENDMAIL

pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="the reader forks its child only on Linux")


def test_items_come_in_order_then_the_childs_exception() -> None:
    def make():
        yield from range(1000)
        raise ValueError("damaged at 1000")

    got = []
    with pytest.raises(ValueError, match="damaged at 1000"):
        got.extend(made_in_child(make))
    assert got == list(range(1000))


def test_none_and_exceptions_are_items_like_any_other() -> None:
    first, second, third = made_in_child(lambda: [None, ValueError("an item"), 0])
    assert first is None and third == 0
    assert isinstance(second, ValueError) and str(second) == "an item"


def test_an_exception_that_does_not_pickle_keeps_its_words() -> None:
    class Local(Exception):  # a local class cannot be pickled
        pass

    def make():
        yield 1
        raise Local("odd")

    with pytest.raises(RuntimeError, match=r"^Local: odd$"):
        list(made_in_child(make))


def test_a_child_that_dies_is_reported() -> None:
    def make():
        yield "first"
        os._exit(7)

    items = made_in_child(make)
    assert next(items) == "first"
    with pytest.raises(ChildDiedError, match=r"exit code 7"):
        next(items)


def test_leaving_early_kills_the_child() -> None:
    pids = []

    def make():
        yield os.getpid()
        while True:  # would never end on its own
            yield "more"

    items = made_in_child(make)
    pids.append(next(items))
    assert pids[0] != os.getpid()
    items.close()
    with pytest.raises(ProcessLookupError):  # killed and reaped
        os.kill(pids[0], 0)


def test_no_fork_while_another_thread_runs() -> None:
    alone = can_fork()
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        assert not can_fork()
    finally:
        stop.set()
        thread.join()
    assert can_fork() == alone == (threading.active_count() == 1), threading.enumerate()


@pytest.fixture
def forks(monkeypatch) -> list[int]:
    """Counts the children the reader forks, and lets it fork whatever threads earlier
    tests left (an idle portal thread of a test client lives on in this process): the
    child runs only the reader's code, which takes no lock such a thread could hold.
    can_fork's own guard is tested above."""
    started: list[int] = []

    def counted(make):
        started.append(1)
        return made_in_child(make)

    monkeypatch.setattr(logs, "can_fork", lambda: True)
    monkeypatch.setattr(logs, "made_in_child", counted)
    return started


def _read(path: Path, processes: int, *, stop_after: int | None = None):
    reader = LogReader(processes=processes)
    entries = []
    error = None
    try:
        for entry in reader.read(path):
            entries.append((entry.source, entry.record.to_dict()))
            if stop_after is not None and len(entries) == stop_after:
                break
    except LogError as exc:
        error = str(exc)
    return entries, reader.stats, error


@pytest.mark.parametrize("stop_after", [None, 1, 3])
def test_a_reader_with_two_processes_gives_what_one_gives(tmp_path: Path, stop_after, forks) -> None:
    path = tmp_path / "mail.log"
    lines = [*POSTFIX_LOG.splitlines(), "junk", *MAINLOG.splitlines(), "", SENDMAIL, "more junk", POSTFIX]
    path.write_text("\n".join(lines * 50) + "\n")
    one = _read(path, 1, stop_after=stop_after)
    assert len(one[0]) == stop_after or len(one[0]) > 100
    assert not forks
    assert _read(path, 2, stop_after=stop_after) == one
    assert forks == [1]


def test_a_damaged_gzip_reads_the_same_with_two_processes(tmp_path: Path, forks) -> None:
    path = tmp_path / "mail.log.2.gz"
    packed = gzip.compress(("\n".join([POSTFIX] * 20000) + "\n").encode())
    path.write_bytes(packed[: len(packed) // 2])
    one = _read(path, 1)
    assert one[0] and one[2] and "the log could not be read after line" in one[2]
    assert _read(path, 2) == one
    assert forks == [1]


def test_a_child_killed_midway_is_a_log_error_naming_the_log(tmp_path: Path, monkeypatch, forks) -> None:
    path = tmp_path / "mail.log"
    path.write_text((POSTFIX + "\n") * 5000)
    real = logs.parsed_blocks

    def dying(line_lists, max_messages):
        for number, block in enumerate(real(line_lists, max_messages)):
            if number == 2:
                os._exit(9)
            yield block

    monkeypatch.setattr(logs, "parsed_blocks", dying)
    entries, _, error = _read(path, 2)
    assert entries
    assert error is not None and error.startswith(f"{path}: stopped after line ")
    assert forks == [1]
    assert "exit code 9" in error


def test_standard_input_is_read_in_the_child_as_lines_come(tmp_path: Path, monkeypatch, forks) -> None:
    # The writer gives one line, then holds its end of the pipe open until told to go.
    go = tmp_path / "go"
    writer = subprocess.Popen(
        [sys.executable, "-c",
         "import sys, time, pathlib\n"
         f"sys.stdout.write({POSTFIX + chr(10)!r}); sys.stdout.flush()\n"
         f"go = pathlib.Path({str(go)!r})\n"
         "for _ in range(3000):\n"
         "    if go.exists(): break\n"
         "    time.sleep(0.01)\n"],
        stdout=subprocess.PIPE,
    )
    try:
        monkeypatch.setattr("sys.stdin", io.TextIOWrapper(writer.stdout))
        reader = LogReader(processes=2)
        entries = reader.read("-")
        first = next(entries)  # given while the writer still holds the pipe open
        assert first.source == "<stdin>:1" and writer.poll() is None
        go.touch()
        assert list(entries) == []
        assert reader.stats.lines == 1 and forks == [1]
    finally:
        go.touch()
        writer.wait(timeout=60)
