"""Dashboard sign-in: an API key once, then a signed session cookie; CSRF tokens for forms.

The cookie holds the key's name, its short prefix and an expiry time, signed with
HMAC-SHA256; never the key. It is HttpOnly (no script reads it) and SameSite=Strict
(no other site's page sends it), and Secure when the page came over HTTPS. Each
request also checks that the key is still active, so revoking a key signs its
sessions out.

Every form that changes something carries a CSRF token: an HMAC of the session (or,
on the sign-in form, of a random nonce kept in its own cookie), checked in constant
time on submission.

The signing secret comes from ``$BOUNCEKIT_SESSION_SECRET`` (``bouncekit serve`` sets
one for its workers, so that they accept each other's cookies); without it each app
makes its own, and a restart signs everyone out.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass

#: Environment variable holding the secret that signs session cookies (hex or any text).
SECRET_ENV = "BOUNCEKIT_SESSION_SECRET"
SESSION_COOKIE = "bouncekit_session"
NONCE_COOKIE = "bouncekit_signin"
#: How long a session lasts.
SESSION_SECONDS = 8 * 3600


@dataclass(frozen=True, slots=True)
class Session:
    """A signed-in operator: the API key they signed in with (its name and prefix)."""

    key_name: str
    key_prefix: str
    expires: int
    cookie: str


class Sessions:
    """Makes and checks session cookies and CSRF tokens with one secret."""

    def __init__(self, secret: bytes | None = None, *, clock: Callable[[], float] = time.time) -> None:
        env = os.environ.get(SECRET_ENV, "")
        self._secret = secret or (env.encode() if env else secrets.token_bytes(32))
        self._clock = clock

    def _sign(self, purpose: str, value: str) -> str:
        mac = hmac.new(self._secret, f"{purpose}\x00{value}".encode(), hashlib.sha256).digest()
        return base64.urlsafe_b64encode(mac).decode().rstrip("=")

    def issue(self, key_name: str, key_prefix: str) -> Session:
        """A new session for the key ``key_name``."""
        expires = int(self._clock()) + SESSION_SECONDS
        body = f"{_b64(key_name)}.{_b64(key_prefix)}.{expires}"
        return Session(key_name, key_prefix, expires, f"{body}.{self._sign('session', body)}")

    def read(self, cookie: str | None) -> Session | None:
        """The session a cookie holds, or None when it is missing, forged or expired."""
        if not cookie or len(cookie) > 1024:
            return None
        body, _, mac = cookie.rpartition(".")
        if not body or not hmac.compare_digest(mac, self._sign("session", body)):
            return None
        try:
            name, prefix, expires = body.split(".")
            session = Session(_unb64(name), _unb64(prefix), int(expires), cookie)
        except ValueError:
            return None
        return session if session.expires > self._clock() else None

    def csrf(self, session: Session) -> str:
        """The CSRF token of the forms of a session."""
        return self._sign("csrf", session.cookie)

    def csrf_ok(self, session: Session, token: str | None) -> bool:
        return bool(token) and hmac.compare_digest(str(token), self.csrf(session))

    @staticmethod
    def new_nonce() -> str:
        """A random value for the sign-in form's own cookie."""
        return secrets.token_urlsafe(24)

    def signin_token(self, nonce: str) -> str:
        """The CSRF token of the sign-in form, bound to its nonce cookie."""
        return self._sign("signin", nonce)

    def signin_ok(self, nonce: str | None, token: str | None) -> bool:
        return bool(nonce) and bool(token) and hmac.compare_digest(str(token), self.signin_token(str(nonce)))


def _b64(text: str) -> str:
    return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")


def _unb64(text: str) -> str:
    try:
        return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4)).decode()
    except (ValueError, UnicodeDecodeError):
        raise ValueError("not a session value") from None
