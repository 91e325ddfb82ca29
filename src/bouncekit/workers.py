"""Worker processes that end with the program that started them, and a pool with a time budget.

Two kinds of pool share one way of starting workers:

- :func:`executor` is a ``ProcessPoolExecutor`` for batches (``parse --jobs``,
  ``ingest --jobs``); :func:`stop_now` ends its workers at once when the batch is
  abandoned (an interrupt, an error, a reader that went away);
- :class:`BudgetPool` runs one call at a time in each of its workers and kills a worker
  whose call runs over its budget (the HTTP service decodes in one, so that a runaway
  message costs its budget and no more).

Workers start with ``forkserver`` where the platform has it (it is safe in a program
that runs threads, where a plain fork would copy locks held by other threads), else
``spawn``. Each worker ends with its program however the program ends, even when
killed, and even while the worker is deep in a long regular expression that holds the
GIL:

- the program owns the forkserver's "alive" pipe; the forkserver exits when every copy
  of that pipe's write end is closed. Workers inherit a copy, which they close at
  start, so the program's death alone ends the forkserver;
- on Linux a worker asks the kernel for SIGKILL when its parent, the forkserver, ends
  (``PR_SET_PDEATHSIG``), which no busy Python code can delay;
- elsewhere, and as a second guard, a thread in each worker waits on the program's
  sentinel and exits the worker when it closes;
- workers ignore SIGINT: on Ctrl-C the whole terminal's process group gets it, and the
  program, not each worker, decides what an interrupt means.

The resource tracker that multiprocessing starts ends when the last of these processes
has closed its pipe, so nothing is left behind.
"""

from __future__ import annotations

import contextlib
import ctypes
import multiprocessing
import os
import signal
import sys
import threading
from collections.abc import Callable
from multiprocessing.connection import Connection, wait
from multiprocessing.context import BaseContext
from multiprocessing.process import BaseProcess
from queue import SimpleQueue
from typing import TYPE_CHECKING, Any, TypeVar

from bouncekit.errors import BounceError, TimeBudgetError, WorkerDiedError

if TYPE_CHECKING:
    from concurrent.futures import ProcessPoolExecutor

T = TypeVar("T")

#: Modules the forkserver imports once, so that each new worker starts with the
#: decoders and compiled rules already in memory instead of loading them again.
PRELOAD = ("bouncekit.preload",)
#: ``prctl`` option: the signal a process gets when its parent ends (linux/prctl.h).
_PR_SET_PDEATHSIG = 1


def context() -> BaseContext:
    """The multiprocessing context of bouncekit's workers: forkserver, else spawn."""
    if "forkserver" in multiprocessing.get_all_start_methods():
        forkserver = multiprocessing.get_context("forkserver")
        forkserver.set_forkserver_preload(list(PRELOAD))
        return forkserver
    return multiprocessing.get_context("spawn")


def free_cpus() -> int:
    """The CPUs this process may run on (fewer than the machine's under a CPU set)."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def follow_parent() -> None:
    """Make the calling worker process end with the program that started it.

    Called first thing in every worker (see the module documentation for how).
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    program = multiprocessing.parent_process()
    if program is None:  # not a multiprocessing child: nothing to follow
        return
    _release_forkserver()
    if sys.platform == "linux" and os.getppid() != program.pid:
        # Started by a forkserver: it is our parent, and it ends when the program does.
        forkserver = os.getppid()
        libc = ctypes.CDLL(None, use_errno=True)
        if libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) == 0 and os.getppid() != forkserver:
            os._exit(1)  # it ended before the request took effect
    threading.Thread(target=_exit_with, args=(program,), name="bouncekit-follow-parent",
                     daemon=True).start()


def _release_forkserver() -> None:
    from multiprocessing import forkserver

    server = getattr(forkserver, "_forkserver", None)
    alive = getattr(server, "_forkserver_alive_fd", None)
    if server is not None and isinstance(alive, int):
        with contextlib.suppress(OSError):
            os.close(alive)
        server._forkserver_alive_fd = None


def _exit_with(program: BaseProcess) -> None:
    wait([program.sentinel])
    os._exit(1)


def executor(jobs: int) -> ProcessPoolExecutor:
    """A process pool of ``jobs`` workers that end with this program."""
    # Imported here, not with the module: a process that only follows its parent (a log
    # reader's child) starts sooner without it.
    from concurrent.futures import ProcessPoolExecutor

    return ProcessPoolExecutor(max_workers=jobs, mp_context=context(), initializer=follow_parent)


def stop_now(pool: ProcessPoolExecutor) -> None:
    """End ``pool`` without waiting for the work in flight: its workers are killed.

    For a batch that is abandoned; waiting could mean waiting for a runaway message.
    """
    # The executor keeps its processes in a private mapping; Python 3.14 adds
    # terminate_workers() for exactly this.
    processes = list((getattr(pool, "_processes", None) or {}).values())
    pool.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        with contextlib.suppress(OSError, ValueError, AttributeError):
            process.kill()
    for process in processes:
        with contextlib.suppress(OSError, ValueError, AttributeError, AssertionError):
            process.join(timeout=5)
    # The executor's manager thread sees the workers gone and closes its wake-up pipe; at
    # exit, Python 3.11 writes to that pipe unless it is closed already (a race that ends
    # an interrupted run with "OSError: Bad file descriptor"): let the thread finish first.
    manager = getattr(pool, "_executor_manager_thread", None)
    if manager is not None and manager is not threading.current_thread():
        manager.join(timeout=5)


class BudgetPool:
    """A pool of worker processes where each call has a time budget.

    ``call(function, *args)`` runs ``function(*args)`` in a free worker (waiting for one
    when all are busy) and returns its result, or raises what it raised. A call still
    running after ``budget`` seconds raises :class:`~bouncekit.errors.TimeBudgetError`:
    its worker is killed and a new one takes its place at the next call. Safe to call
    from many threads; ``function`` and its arguments and result must be picklable.

    >>> with BudgetPool(2, budget=5.0) as pool:  # doctest: +SKIP
    ...     report = pool.call(bouncekit.parse, raw)
    """

    def __init__(self, workers: int, *, budget: float) -> None:
        if workers < 1:
            raise BounceError(f"a pool needs at least one worker, not {workers}")
        if not budget > 0:
            raise BounceError(f"the time budget must be more than 0 seconds, not {budget}")
        self.workers = workers
        self.budget = budget
        self._context = context()
        self._idle: SimpleQueue[_Worker | None] = SimpleQueue()
        self._all: set[_Worker] = set()
        self._lock = threading.Lock()
        for _ in range(workers):
            self._idle.put(None)  # an empty slot: its worker starts on first use

    def start(self) -> None:
        """Start every worker now instead of on first use (a first call then waits less)."""
        slots = [self._idle.get() for _ in range(self.workers)]
        try:
            slots = [slot if slot is not None and slot.alive() else self._new_worker() for slot in slots]
        finally:
            for slot in slots:
                self._idle.put(slot)

    def call(self, function: Callable[..., T], *args: Any) -> T:
        """``function(*args)`` in a worker, within the budget (see the class documentation)."""
        worker = self._idle.get()
        try:
            if worker is None or not worker.alive():
                if worker is not None:
                    self._discard(worker)
                worker = self._new_worker()
            try:
                return worker.call(function, args, self.budget)
            except (TimeBudgetError, WorkerDiedError):
                self._discard(worker)
                worker = None
                raise
        finally:
            self._idle.put(worker)

    def close(self) -> None:
        """Kill every worker (a later call starts a new one)."""
        with self._lock:
            workers, self._all = list(self._all), set()
        for worker in workers:
            worker.kill()

    def __enter__(self) -> BudgetPool:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def _new_worker(self) -> _Worker:
        worker = _Worker(self._context)
        with self._lock:
            self._all.add(worker)
        return worker

    def _discard(self, worker: _Worker) -> None:
        worker.kill()
        with self._lock:
            self._all.discard(worker)


class _Worker:
    """One worker process and the pipe to it."""

    def __init__(self, context: BaseContext) -> None:
        self.connection, theirs = context.Pipe()
        self.process = context.Process(target=_serve, args=(theirs,), name="bouncekit-worker",
                                       daemon=True)
        self.process.start()
        theirs.close()

    def alive(self) -> bool:
        return self.process.is_alive()

    def call(self, function: Callable[..., T], args: tuple[Any, ...], budget: float) -> T:
        try:
            self.connection.send((function, args))
            if not self.connection.poll(budget):
                raise TimeBudgetError(
                    f"decoding took longer than the time budget of {budget:g} s and was stopped")
            ok, value = self.connection.recv()
        except (EOFError, OSError):
            raise WorkerDiedError("the decoder worker process died while working on it") from None
        if ok:
            return value
        raise value

    def kill(self) -> None:
        with contextlib.suppress(OSError, ValueError, AttributeError):
            self.process.kill()
            self.process.join(timeout=5)
        self.connection.close()


def _serve(connection: Connection) -> None:
    """A worker's loop: receive a call, send back ``(True, result)`` or ``(False, exception)``."""
    follow_parent()
    while True:
        try:
            function, args = connection.recv()
        except (EOFError, OSError):  # the pool closed its end: nothing more to do
            return
        try:
            reply: tuple[bool, Any] = (True, function(*args))
        except Exception as exc:  # sent back to be raised in the caller
            reply = (False, exc)
        try:
            connection.send(reply)
        except (EOFError, OSError):
            return
        except Exception as exc:  # a result or an exception that does not pickle
            connection.send((False, BounceError(f"{type(exc).__name__}: {exc}")))
