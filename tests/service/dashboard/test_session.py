"""Session cookies and CSRF tokens: forged, expired or foreign ones are refused."""

from __future__ import annotations

from bouncekit.service.dashboard.session import SESSION_SECONDS, Sessions


def test_a_session_round_trips_and_a_changed_cookie_is_refused() -> None:
    sessions = Sessions(b"k" * 32, clock=lambda: 1_000_000.0)
    session = sessions.issue("ops", "bk_abcdefg")
    assert sessions.read(session.cookie) == session
    name, prefix, expires, mac = session.cookie.split(".")
    assert sessions.read(f"{name}.{prefix}.{int(expires) + 999}.{mac}") is None
    assert sessions.read(session.cookie[:-2] + "xx") is None
    assert sessions.read("") is None and sessions.read("a.b") is None and sessions.read("x" * 5000) is None
    assert Sessions(b"other" * 8).read(session.cookie) is None


def test_a_session_expires() -> None:
    now = [1_000_000.0]
    sessions = Sessions(b"k" * 32, clock=lambda: now[0])
    session = sessions.issue("ops", "bk_abcdefg")
    now[0] += SESSION_SECONDS + 1
    assert sessions.read(session.cookie) is None


def test_csrf_tokens_belong_to_one_session_or_one_sign_in_form() -> None:
    sessions = Sessions(b"k" * 32)
    one, two = sessions.issue("a", "bk_1111111"), sessions.issue("b", "bk_2222222")
    assert sessions.csrf_ok(one, sessions.csrf(one))
    assert not sessions.csrf_ok(one, sessions.csrf(two))
    assert not sessions.csrf_ok(one, None) and not sessions.csrf_ok(one, "")
    nonce = Sessions.new_nonce()
    assert sessions.signin_ok(nonce, sessions.signin_token(nonce))
    assert not sessions.signin_ok(Sessions.new_nonce(), sessions.signin_token(nonce))
    assert not sessions.signin_ok(None, sessions.signin_token(nonce))
