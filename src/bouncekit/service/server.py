"""The HTTP server under the app: uvicorn, with a protocol that enforces :class:`ServerLimits`.

uvicorn's httptools protocol keeps no limit on a request head: a 100 MB header is read
into memory, at a cost that grows with the square of its size (the parser appends each
piece of a header value to the bytes it has so far), before anything can refuse it;
nor does it time out a connection that never finishes its head or its body. The
protocol here adds, before the parser sees a byte:

- the request head is counted as it arrives; past ``max_header_bytes`` the request is
  answered 431 and the connection closed, so an oversized header costs at most the
  limit in memory and no parsing at all;
- request targets over ``max_request_line`` get 414, heads with more than
  ``max_headers`` fields 431;
- a head must arrive within ``header_timeout`` and a body within ``body_timeout``, or
  the request gets 408 and its connection is closed (slow senders, idle sockets);
- at most ``max_connections`` connections stay open; a new one beyond that closes the
  longest-idle one, or gets 503 at once when none is idle.

``bouncekit serve`` runs :func:`run`; tests run :func:`config` under ``uvicorn.Server``.
"""

from __future__ import annotations

import asyncio
import functools
import logging
import time
from typing import Any

import httptools
import uvicorn
from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

from bouncekit.service.limits import ServerLimits
from bouncekit.service.responses import error_body

_log = logging.getLogger("bouncekit.service")
#: The end of a request head.
_HEAD_END = b"\r\n\r\n"
_REASONS = {
    408: b"Request Timeout",
    414: b"URI Too Long",
    431: b"Request Header Fields Too Large",
    503: b"Service Unavailable",
}


class _Refused(Exception):
    """Raised from a parser callback to stop parsing a request that is refused."""


class LimitedHttpProtocol(HttpToolsProtocol):
    """uvicorn's httptools protocol with the limits of :class:`ServerLimits` (module documentation)."""

    def __init__(self, *args: Any, limits: ServerLimits, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.limits = limits
        self._in_head = True  # waiting for, or reading, a request head
        self._head_bytes = 0
        self._head_tail = b""  # the last bytes of the head so far: its end may straddle two reads
        self._header_count = 0
        self._idle_since: float | None = time.monotonic()  # None while a request is in progress
        self._timer: asyncio.TimerHandle | None = None
        self._refused = False

    # -- connections ------------------------------------------------------------------

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        crowded = len(self.connections) >= self.limits.max_connections and not self._close_longest_idle()
        super().connection_made(transport)
        if crowded:
            _log.warning("%s: refused: %d connections are open, the limit", self._peer(),
                         len(self.connections) - 1)
            self._refuse(503, "the server has too many open connections; try again shortly")
            return
        self._arm(self.limits.header_timeout, self._head_timed_out)

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm()
        super().connection_lost(exc)

    def idle(self) -> bool:
        """Open, and waiting for a request that has not begun."""
        return self._idle_since is not None and not self.transport.is_closing()

    def _close_longest_idle(self) -> bool:
        idle = [c for c in self.connections if isinstance(c, LimitedHttpProtocol) and c.idle()]
        if not idle:
            return False
        longest = min(idle, key=lambda c: c._idle_since or 0.0)
        _log.info("%s: closed, idle, to make room for a new connection", longest._peer())
        longest.transport.close()
        # Closing is complete only once the loop runs; the set still holds it until then.
        self.connections.discard(longest)
        return True

    # -- reading ----------------------------------------------------------------------

    def data_received(self, data: bytes) -> None:
        if self._refused:
            return
        self._idle_since = None
        if self._in_head:
            seen = self._head_tail + data
            end = seen.find(_HEAD_END)
            head_part = len(data) if end < 0 else end + len(_HEAD_END) - len(self._head_tail)
            self._head_bytes += head_part
            self._head_tail = seen[-(len(_HEAD_END) - 1):]
            if self._head_bytes > self.limits.max_header_bytes:
                self._refuse(431, f"the request head is larger than the limit of "
                                  f"{self.limits.max_header_bytes} bytes")
                return
        self._unset_keepalive_if_required()
        try:
            self.parser.feed_data(data)
        except httptools.HttpParserCallbackError as exc:
            if isinstance(exc.__context__, _Refused):
                return
            raise
        except httptools.HttpParserError:
            msg = "Invalid HTTP request received."
            self.logger.warning(msg)
            self.send_400_response(msg)
        except httptools.HttpParserUpgrade:
            if self._should_upgrade():
                self.handle_websocket_upgrade()
            else:
                self._unsupported_upgrade_warning()

    def on_message_begin(self) -> None:
        super().on_message_begin()
        self._header_count = 0
        if self._timer is None:  # the first request's clock runs from the connection's opening
            self._arm(self.limits.header_timeout, self._head_timed_out)

    def on_url(self, url: bytes) -> None:
        super().on_url(url)
        if len(self.url) > self.limits.max_request_line:
            self._refuse(414, f"the request target is longer than the limit of "
                              f"{self.limits.max_request_line} bytes")
            raise _Refused

    def on_header(self, name: bytes, value: bytes) -> None:
        self._header_count += 1
        if self._header_count > self.limits.max_headers:
            self._refuse(431, f"the request has more header fields than the limit of "
                              f"{self.limits.max_headers}")
            raise _Refused
        super().on_header(name, value)

    def on_headers_complete(self) -> None:
        self._in_head = False
        self._head_bytes = 0
        self._head_tail = b""
        self._disarm()
        super().on_headers_complete()
        self._arm(self.limits.body_timeout, self._body_timed_out)

    def on_message_complete(self) -> None:
        self._disarm()
        self._in_head = True
        super().on_message_complete()

    def on_response_complete(self) -> None:
        super().on_response_complete()
        if not self.transport.is_closing():
            self._idle_since = time.monotonic()

    # -- timeouts ---------------------------------------------------------------------

    def _arm(self, seconds: float, callback: Any) -> None:
        self._disarm()
        self._timer = self.loop.call_later(seconds, callback)

    def _disarm(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None

    def _head_timed_out(self) -> None:
        self._timer = None
        if self.transport.is_closing():
            return
        if self._head_bytes == 0 and self._idle_since is not None:
            self.transport.close()  # never said a word: nobody to answer
            return
        _log.info("%s: closed: the request head did not arrive within %g s", self._peer(),
                  self.limits.header_timeout)
        self._refuse(408, f"the request head did not arrive within {self.limits.header_timeout:g} s")

    def _body_timed_out(self) -> None:
        self._timer = None
        cycle = self.cycle
        if self.transport.is_closing() or cycle is None or not cycle.more_body:
            return
        _log.info("%s: closed: the body of %s %s did not arrive within %g s", self._peer(),
                  self.scope.get("method"), self.scope.get("path"), self.limits.body_timeout)
        started = cycle.response_started
        # The app, waiting for the rest of the body, learns that none will come.
        cycle.disconnected = True
        cycle.message_event.set()
        if started:
            self.transport.close()
        else:
            self._refuse(408, f"the request body did not arrive within {self.limits.body_timeout:g} s")

    # -- answers ----------------------------------------------------------------------

    def _refuse(self, status: int, message: str) -> None:
        """Answer ``status`` with the service's error body, straight to the socket, and close."""
        if self._refused or self.transport.is_closing():
            return
        self._refused = True
        self._disarm()
        body = error_body(message)
        head = [b"HTTP/1.1 %d %s\r\n" % (status, _REASONS[status])]
        head += [name + b": " + value + b"\r\n" for name, value in self.server_state.default_headers]
        head += [b"content-type: application/json\r\n", b"content-length: %d\r\n" % len(body),
                 b"connection: close\r\n"]
        if status == 503:
            head.append(b"retry-after: 1\r\n")
        self.transport.write(b"".join(head) + b"\r\n" + body)
        self.transport.close()

    def _peer(self) -> str:
        return f"{self.client[0]}:{self.client[1]}" if self.client else "a client"


def options(limits: ServerLimits | None = None) -> dict[str, Any]:
    """The uvicorn settings that serve with :class:`LimitedHttpProtocol` under ``limits``."""
    limits = limits or ServerLimits()
    return {
        # A class or a callable that makes the protocol: uvicorn accepts either. A partial
        # of a class pickles, so it reaches the worker processes of --workers too.
        "http": functools.partial(LimitedHttpProtocol, limits=limits),
        "timeout_keep_alive": limits.keep_alive_timeout,
        "backlog": limits.backlog,
        "server_header": False,
    }


def config(app: Any, *, limits: ServerLimits | None = None, **settings: Any) -> uvicorn.Config:
    """A uvicorn configuration serving ``app`` under ``limits`` (for ``uvicorn.Server``).

    ``settings`` go to ``uvicorn.Config`` (host, port, log_level, ...).
    """
    return uvicorn.Config(app, **options(limits), **settings)


def run(app: Any, *, limits: ServerLimits | None = None, **settings: Any) -> None:
    """Serve ``app`` (an app, or an import string with ``factory=True``) until stopped.

    ``settings`` go to ``uvicorn.run`` (host, port, workers, factory, access_log, ...).
    """
    uvicorn.run(app, **options(limits), **settings)
