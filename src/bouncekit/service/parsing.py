"""Decoding for the HTTP service: off the event loop, in worker processes, within a time budget.

Python's regular expressions hold the GIL while they run, so a message that is slow to
decode would stop every request of a worker's event loop if it were decoded in a
thread. Here it is decoded in a :class:`~bouncekit.workers.BudgetPool` instead: the
event loop only waits, other requests are served meanwhile, and a message still being
decoded after the budget is stopped (its worker killed and replaced) and answered as
failed. Long ``/v1/classify`` texts take the same way; short ones (the SMTP replies the
route is for) are classified inline, which costs microseconds.

A thread hands each call to the pool and waits for its answer; a limiter lets in only
as many threads as there are workers, so waiting requests wait on the event loop and
never hold the threads that database calls need.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from functools import partial
from typing import Any

import anyio.to_thread

from bouncekit.api import classify, parse
from bouncekit.model import Classification, Report
from bouncekit.workers import BudgetPool

#: Seconds one message may take to decode before it is stopped and answered as failed.
#: Ordinary bounces take milliseconds, and any message up to 1 MiB is meant to take
#: well under a second; the rest of the budget is headroom for a busy machine.
DEFAULT_PARSE_BUDGET = 5.0
#: Worker processes per service process that decode messages.
DEFAULT_PARSE_WORKERS = 2
#: Texts up to this many characters are classified on the event loop.
INLINE_TEXT = 16_384


class Decoder:
    """The service's decoding: ``await decoder.parse(raw)``, ``await decoder.classify(text)``.

    Raises :class:`~bouncekit.errors.TimeBudgetError` for a message over ``budget``
    seconds and :class:`~bouncekit.errors.WorkerDiedError` when its worker dies, besides
    the :class:`~bouncekit.errors.BounceError` that parsing itself raises.
    """

    def __init__(
        self,
        *,
        workers: int = DEFAULT_PARSE_WORKERS,
        budget: float = DEFAULT_PARSE_BUDGET,
        parse: Callable[[bytes], Report] = parse,
    ) -> None:
        self._pool = BudgetPool(workers, budget=budget)
        # Another decoding function (picklable, so that workers can import it) lets the
        # tests stand a runaway decoder in for a message that is slow to decode.
        self._parse = parse
        self._limiter: anyio.CapacityLimiter | None = None
        self._limiter_loop: asyncio.AbstractEventLoop | None = None

    @property
    def budget(self) -> float:
        """Seconds one message may take to decode."""
        return self._pool.budget

    @property
    def workers(self) -> int:
        """How many worker processes decode."""
        return self._pool.workers

    def start(self) -> None:
        """Start the worker processes now rather than at the first message."""
        self._pool.start()

    def close(self) -> None:
        """Stop the worker processes."""
        self._pool.close()

    async def parse(self, raw: bytes) -> Report:
        """``bouncekit.parse(raw)`` in a worker, within the budget."""
        return await self._run(self._parse, raw)

    async def classify(self, text: str, **options: Any) -> Classification:
        """``bouncekit.classify(text, **options)``: inline when short, else in a worker."""
        if len(text) <= INLINE_TEXT:
            return classify(text, **options)
        return await self._run(partial(classify, **options), text)

    async def _run(self, function: Any, argument: Any) -> Any:
        return await anyio.to_thread.run_sync(self._pool.call, function, argument, limiter=self._threads())

    def _threads(self) -> anyio.CapacityLimiter:
        # A limiter belongs to one event loop; a test client may run several in turn.
        loop = asyncio.get_running_loop()
        if self._limiter is None or self._limiter_loop is not loop:
            self._limiter = anyio.CapacityLimiter(self._pool.workers)
            self._limiter_loop = loop
        return self._limiter
