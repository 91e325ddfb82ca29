"""The items of an iterator made in a second process, so that two CPUs share the work.

Reading a log has two halves of about equal cost: cutting and parsing its lines, which
keeps state per log, and classifying the failed attempts and writing the records, which
the caller does. :func:`made_in_child` runs the first half in a child process while the
caller's process does the second, and hands over only what the parsers keep (a few
attempts per thousand lines), not the lines.

The child is a plain fork (it starts in milliseconds, with every module and the open
log already there), which is safe only in a process that runs no other thread: a fork
copies locks that other threads may hold. :func:`can_fork` says when it is; otherwise
the caller does both halves itself.
"""

from __future__ import annotations

import contextlib
import gc
import multiprocessing
import pickle
import sys
import threading
from collections.abc import Callable, Iterable, Iterator
from multiprocessing.connection import Connection
from typing import TypeVar

from bouncekit.workers import follow_parent

T = TypeVar("T")

# What each message from the child is: an item, the end, or the exception that stopped it.
_ITEM, _END, _FAILED = range(3)


def can_fork() -> bool:
    """True where a fork of this process is safe: Linux, and no thread but this one."""
    return (
        sys.platform == "linux"
        and "fork" in multiprocessing.get_all_start_methods()
        and threading.active_count() == 1
    )


class ChildDiedError(Exception):
    """The child process ended before it sent all its items (killed, out of memory)."""


def made_in_child(make: Callable[[], Iterable[T]]) -> Iterator[T]:
    """The items of ``make()``, made in a forked child process and given here in order.

    An exception raised in the child (reading a damaged file, say) is raised here, after
    the items made before it. :class:`ChildDiedError` when the child ends without a word.
    The child ends with this process; closing the iterator early kills it. At most the
    pipe's buffer of items is made ahead of the caller, so memory stays flat.
    """
    context = multiprocessing.get_context("fork")
    ours, theirs = context.Pipe(duplex=False)
    _widen(theirs)
    child = context.Process(target=_make, args=(make, theirs), name="bouncekit-log-reader", daemon=True)
    child.start()
    theirs.close()
    try:
        while True:
            try:
                kind, value = pickle.loads(ours.recv_bytes())
            except EOFError:
                raise ChildDiedError(f"the reading process ended (exit code {_exit_code(child)})") from None
            if kind == _ITEM:
                yield value
            elif kind == _END:
                child.join()  # it ends once it has sent the end
                return
            else:
                raise value
    finally:
        ours.close()
        if child.is_alive():
            child.kill()
        child.join()


def _widen(connection: Connection) -> None:
    """Let the pipe hold a megabyte (Linux): the two processes then rarely wait for
    each other when one of them is briefly slower."""
    import fcntl  # (only where a child is forked: Linux)

    with contextlib.suppress(OSError, AttributeError):
        fcntl.fcntl(connection.fileno(), fcntl.F_SETPIPE_SZ, 1 << 20)


def _exit_code(child: multiprocessing.process.BaseProcess) -> int | None:
    child.join(timeout=5)
    return child.exitcode


def _make(make: Callable[[], Iterable[T]], connection: Connection) -> None:
    """The child: send each item, then the end or the exception that stopped it."""
    follow_parent()
    # What the parent made lives on here unchanged: a collection would only walk it
    # again (and copy its memory pages, shared until written).
    gc.freeze()
    # Plain pickles: multiprocessing's own pickler costs more per item and adds nothing
    # between a process and its fork.
    send = connection.send_bytes
    try:
        for item in make():
            send(pickle.dumps((_ITEM, item), pickle.HIGHEST_PROTOCOL))
        send(pickle.dumps((_END, None)))
    except (BrokenPipeError, ConnectionResetError):
        return  # the caller stopped reading
    except Exception as exc:
        try:
            send(pickle.dumps((_FAILED, exc), pickle.HIGHEST_PROTOCOL))
        except (BrokenPipeError, ConnectionResetError):
            return
        except Exception:  # an exception that does not pickle: its words still do
            with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                send(pickle.dumps((_FAILED, RuntimeError(f"{type(exc).__name__}: {exc}"))))
