"""Every size and time limit of the HTTP service, named in one place.

:class:`ServerLimits` holds what the server enforces on each connection before the app
sees a request (:mod:`bouncekit.service.server`): the request head's size, header count
and request-target length, the time a head and a body may take to arrive, the idle
time between requests and the number of open connections. The body size limit is
enforced here, by :class:`BodyLimitMiddleware`, while the body streams in: against a
declared ``Content-Length`` before anything is read, and against the bytes actually
received, so a chunked body or a ``Content-Length`` that lies cannot get more than
``max_body`` bytes into the app. The decoding time budget lives with the decoding
(:mod:`bouncekit.service.parsing`). The README has the table of all of them.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, fields

from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from bouncekit.errors import BounceError
from bouncekit.service.responses import error_body


@dataclass(frozen=True, slots=True)
class ServerLimits:
    """What the server allows each connection and request, before the app is called.

    Sizes are bytes, times seconds. A request over a size limit is answered with the
    status that names the problem (414, 431) and its connection closed; one that is too
    slow gets 408 and is closed. Above ``max_connections`` open connections, a new one
    closes the connection that has been idle longest, or, when none is idle, is
    answered 503 and closed at once (so it does not hold a file descriptor).
    """

    #: Longest request target (the path and query of the request line): 414 above.
    max_request_line: int = 8 * 1024
    #: Largest request head: the request line, the header lines and the blank line
    #: that ends them, as received: 431 above.
    max_header_bytes: int = 64 * 1024
    #: Most header fields in one request: 431 above.
    max_headers: int = 100
    #: Time for a request head to arrive, counted from the connection's opening (for
    #: its first request) or from the request's first byte (for the next ones): 408.
    header_timeout: float = 10.0
    #: Time for a request body to arrive, counted from the end of its head: 408.
    body_timeout: float = 60.0
    #: Idle time allowed between two requests of one connection.
    keep_alive_timeout: float = 5.0
    #: Open connections per server process.
    max_connections: int = 512
    #: Connections the operating system queues before the server accepts them.
    backlog: int = 2048

    def __post_init__(self) -> None:
        for field in fields(self):
            value = getattr(self, field.name)
            whole = field.type in (int, "int")
            if (
                isinstance(value, bool)
                or not isinstance(value, int | float)
                or (whole and not isinstance(value, int))
                or not math.isfinite(value)
                or value <= 0
            ):
                kind = "a whole number" if whole else "a number of seconds"
                raise BounceError(f"the server limit {field.name} must be {kind} above 0, not {value!r}")


class BodyTooLarge(HTTPException):
    """The request body went over the limit (raised from inside ``receive``).

    It is an ``HTTPException`` so that FastAPI's body parsing lets it through untouched
    and the app's handler turns it into the 413 response.
    """

    def __init__(self, max_body: int) -> None:
        super().__init__(413, f"the request body is larger than the limit of {max_body} bytes")


class BodyLimitMiddleware:
    """Pure ASGI middleware: 413 for any HTTP request whose body exceeds ``max_body``."""

    def __init__(self, app: ASGIApp, *, max_body: int) -> None:
        self.app = app
        self.max_body = max_body

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = _content_length(scope)
        if declared is not None and declared > self.max_body:
            await reply(send, BodyTooLarge(self.max_body))
            return
        if declared == -1:
            await reply(send, HTTPException(400, "the Content-Length header is not a number"))
            return

        received = 0
        started = False

        async def limited_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_body:
                    raise BodyTooLarge(self.max_body)
            return message

        async def watched_send(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, limited_receive, watched_send)
        except BodyTooLarge as exc:
            # Only reached when no handler inside rendered it (e.g. a route that reads the
            # body outside the exception middleware); too late once a response started.
            if started:
                raise
            await reply(send, exc)


def _content_length(scope: Scope) -> int | None:
    """The declared body length, None when absent, -1 when it is not a number."""
    for name, value in scope["headers"]:
        if name == b"content-length":
            text = value.decode("latin-1").strip()
            return int(text) if text.isdigit() and len(text) < 20 else -1
    return None


async def reply(send: Send, exc: HTTPException) -> None:
    """Answer with the error of ``exc`` straight through ASGI, and close (for middleware)."""
    body = error_body(str(exc.detail))
    await send({
        "type": "http.response.start",
        "status": exc.status_code,
        "headers": [
            (b"content-type", b"application/json"),
            (b"content-length", str(len(body)).encode()),
            # The body may be unread: do not leave it to be taken for the next request.
            (b"connection", b"close"),
            *((k.lower().encode(), v.encode()) for k, v in (exc.headers or {}).items()),
        ],
    })
    await send({"type": "http.response.body", "body": body})
