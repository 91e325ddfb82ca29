"""A request-body size limit enforced while the body streams in.

The limit is checked twice: against a declared ``Content-Length`` before anything is
read, and against the bytes actually received, so a chunked body or a
``Content-Length`` that lies cannot get more than ``max_body`` bytes into the app.
"""

from __future__ import annotations

from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from bouncekit.service.responses import error_body


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
