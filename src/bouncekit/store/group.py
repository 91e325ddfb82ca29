"""Group commit: writes that arrive together share one transaction.

Threads of one process that store at the same moment (the task threads of a queue
worker, the request threads of the service) would each pay a transaction: its round
trips, its row locks held until the commit, its WAL flush. :class:`GroupCommit` lets
the first of them write for all: a write that arrives while another is being committed
waits, and the writes waiting when that commit ends go together in the next
transaction, taken by one of their threads. Nothing waits for company: a lone write is
committed at once, so the groups grow only as the load does.

Each call stays all-or-nothing on its own: when a group's transaction fails, each of
its writes is done again alone, and only the one at fault fails, with the exception
its own transaction raised. Where a failure can only come from the shared resource (a
broker that does not confirm a publish), ``redo_alone=False`` gives every call of the
group that exception at once instead of trying each again.

The queue's :class:`~bouncekit.queue.Producer` groups its publishes the same way.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Generic, TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")


@dataclass(slots=True)
class _Slot(Generic[Item, Result]):
    items: Sequence[Item]
    results: list[Result] = field(default_factory=list)
    error: BaseException | None = None
    finished: bool = False


class GroupCommit(Generic[Item, Result]):
    """Calls of ``write(items) -> one result per item`` (one transaction each) from many
    threads, grouped: concurrent calls are written by one call of ``write`` on all
    their items together."""

    def __init__(self, write: Callable[[list[Item]], list[Result]], *, redo_alone: bool = True) -> None:
        self._write = write
        self._redo_alone = redo_alone
        self._ready = threading.Condition()
        self._waiting: list[_Slot[Item, Result]] = []
        self._committing = False

    def __call__(self, items: Sequence[Item]) -> list[Result]:
        """Write ``items`` in one transaction, shared with the calls that wait at the
        same time; their results, in order. Raises what a transaction of ``items``
        alone raised."""
        slot: _Slot[Item, Result] = _Slot(items)
        with self._ready:
            self._waiting.append(slot)
            while self._committing and not slot.finished:
                self._ready.wait()
            if not slot.finished:
                self._committing = True
                group, self._waiting = self._waiting, []
        if not slot.finished:
            try:
                self._commit(group)
            finally:
                with self._ready:
                    self._committing = False
                    self._ready.notify_all()
        if slot.error is not None:
            raise slot.error
        return slot.results

    def _commit(self, group: list[_Slot[Item, Result]]) -> None:
        try:
            if len(group) == 1:
                self._alone(group[0])
                return
            try:
                results = self._write([item for slot in group for item in slot.items])
            except Exception as exc:  # each write again alone (only the faulty one fails), or all fail
                for slot in group:
                    if self._redo_alone:
                        self._alone(slot)
                    else:
                        slot.error = exc
                        slot.finished = True
                return
            start = 0
            for slot in group:
                slot.results = results[start:start + len(slot.items)]
                slot.finished = True
                start += len(slot.items)
        finally:
            for slot in group:  # a leader interrupted (KeyboardInterrupt) must not strand the others
                if not slot.finished:
                    slot.error = RuntimeError("the group commit was interrupted")
                    slot.finished = True

    def _alone(self, slot: _Slot[Item, Result]) -> None:
        try:
            slot.results = self._write(list(slot.items))
        except Exception as exc:  # the caller gets what its own transaction raised
            slot.error = exc
        slot.finished = True
