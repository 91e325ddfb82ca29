"""Bearer API keys: every ``/v1`` route depends on :func:`require_key`.

Keys are verified through the store (which keeps only their hashes). A verified key is
remembered for a few seconds so that a busy client costs one database query per key
and TTL rather than one per request; a revoked key therefore stops working within
that TTL (0 disables the cache).
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException

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


async def require_key(
    request: Request, credentials: HTTPAuthorizationCredentials | None = Depends(bearer)
) -> str:
    """FastAPI dependency: the name of the caller's API key, or a 401."""
    if credentials is None:
        raise unauthorized()
    token = credentials.credentials
    if not token or len(token) > _MAX_TOKEN or not token.isascii():
        raise unauthorized()
    name = await request.app.state.keys.name_for(token)
    if name is None:
        raise unauthorized()
    return name
