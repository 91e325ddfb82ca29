"""Bearer API keys: every ``/v1`` request passes :class:`ApiKeyMiddleware`.

Keys are verified through the store (which keeps only their hashes). A verified key is
remembered for a few seconds so that a busy client costs one database query per key
and TTL rather than one per request; a revoked key therefore stops working within
that TTL (0 disables the cache).
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable
from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy.exc import SQLAlchemyError
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Receive, Scope, Send

from bouncekit.errors import BounceError
from bouncekit.service.limits import reply as _reply

# Generous bound on a key's length: anything longer is not ours and costs no query.
_MAX_TOKEN = 256

bearer = HTTPBearer(auto_error=False, description="An API key made with `bouncekit keys create NAME`.")


class KeyCache:
    """Key names of recently verified tokens, by the tokens' SHA-256, for ``ttl`` seconds."""

    def __init__(self, verify: Callable[[str], str | None], *, ttl: float, max_entries: int = 1024) -> None:
        self._verify = verify
        self._ttl = ttl
        self._max_entries = max_entries
        self._entries: dict[bytes, tuple[str, float]] = {}

    async def name_for(self, token: str) -> str | None:
        """The name of the key ``token`` is, or None when it is no valid key."""
        if self._ttl <= 0:
            return await run_in_threadpool(self._verify, token)
        digest = hashlib.sha256(token.encode()).digest()
        now = time.monotonic()
        hit = self._entries.get(digest)
        if hit is not None and hit[1] > now:
            return hit[0]
        name = await run_in_threadpool(self._verify, token)
        if name is None:
            self._entries.pop(digest, None)
            return None
        if len(self._entries) >= self._max_entries:
            self._entries.clear()
        self._entries[digest] = (name, now + self._ttl)
        return name


def unauthorized() -> HTTPException:
    """The one answer to a missing or wrong key: it says nothing about why."""
    return HTTPException(401, "unauthorized", headers={"WWW-Authenticate": "Bearer"})


class ApiKeyMiddleware:
    """Pure ASGI middleware: every request under ``prefix`` needs a valid bearer key.

    It runs before any routing or body parsing, so an unauthenticated client learns
    nothing (not even whether its body would parse, or whether a route exists), and a
    route added later under ``prefix`` is protected without having to remember to be.
    The key's name is left in ``request.state.api_key``. Paths under an ``exempt``
    prefix authenticate otherwise (ESP webhooks carry their ESP's signature).
    """

    def __init__(self, app: ASGIApp, *, keys: KeyCache, prefix: str = "/v1/",
                 exempt: tuple[str, ...] = ()) -> None:
        self.app = app
        self.keys = keys
        self.prefix = prefix
        self.exempt = exempt

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = scope.get("path", "")
        if scope["type"] != "http" or not path.startswith(self.prefix) or path.startswith(self.exempt):
            await self.app(scope, receive, send)
            return
        try:
            name = await self._key_name(scope)
        except (BounceError, SQLAlchemyError):
            # Outside the app's exception handlers here: a database that cannot verify
            # the key is the server's trouble (503), neither a 401 nor a 500.
            await _reply(send, HTTPException(503, "the database is busy or unreachable; try again"))
            return
        if name is None:
            await _reply(send, unauthorized())
            return
        scope.setdefault("state", {})["api_key"] = name
        await self.app(scope, receive, send)

    async def _key_name(self, scope: Scope) -> str | None:
        header = next((v for k, v in scope["headers"] if k == b"authorization"), None)
        if header is None or len(header) > _MAX_TOKEN + 7:
            return None
        scheme, _, token = header.decode("latin-1").partition(" ")
        token = token.strip()
        if scheme.lower() != "bearer" or not token or not token.isascii():
            return None
        return await self.keys.name_for(token)


Credentials = Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)]


async def api_key(request: Request, _: Credentials) -> str:
    """FastAPI dependency: the name of the caller's key (checked by ``ApiKeyMiddleware``).

    The ``bearer`` parameter puts the security scheme into the OpenAPI document. It is
    ``async`` only so that FastAPI runs it inline instead of in the threadpool.
    """
    name = getattr(request.state, "api_key", None)
    if name is None:  # a /v1 route mounted without the middleware: refuse, never serve
        raise unauthorized()
    return name
