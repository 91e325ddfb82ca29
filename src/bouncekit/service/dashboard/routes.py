"""The dashboard's handlers: check the session, call the store, render a template."""

from __future__ import annotations

from functools import partial
from typing import Annotated, Any
from urllib.parse import parse_qs, quote

from fastapi import APIRouter, Query, Request
from starlette.concurrency import run_in_threadpool
from starlette.responses import HTMLResponse, RedirectResponse, Response

from bouncekit.errors import BounceError, DatabaseError
from bouncekit.service.dashboard import pages
from bouncekit.service.dashboard.session import (
    NONCE_COOKIE,
    SESSION_COOKIE,
    SESSION_SECONDS,
    Session,
    Sessions,
)
from bouncekit.store import Store, insights

router = APIRouter(include_in_schema=False)

#: Addresses per page of the suppression list.
PAGE = 50
#: What the pages may load: only this origin (no CDN); styles inline for the SVG legends.
CSP = ("default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
       "frame-ancestors 'none'; form-action 'self'; base-uri 'none'")
_FORM = "application/x-www-form-urlencoded"
_MAX_FIELD = 2000


def _store(request: Request) -> Store:
    return request.app.state.store


def _sessions(request: Request) -> Sessions:
    return request.app.state.sessions


def _page(request: Request, template: str, session: Session | None, status: int = 200,
          **context: Any) -> HTMLResponse:
    csrf = _sessions(request).csrf(session) if session else None
    html = pages.render(template, session=session, csrf=csrf, path=request.url.path, **context)
    return HTMLResponse(html, status, headers={"Content-Security-Policy": CSP, "Cache-Control": "no-store"})


def _cookie_options(request: Request) -> dict[str, Any]:
    return {"httponly": True, "samesite": "strict", "secure": request.url.scheme == "https"}


async def _signed_in(request: Request) -> Session | None:
    """The request's session when it is valid and its API key still active."""
    session = _sessions(request).read(request.cookies.get(SESSION_COOKIE))
    if session is None:
        return None
    keys = await run_in_threadpool(_store(request).list_keys)
    active = any(k.active and k.name == session.key_name and k.prefix == session.key_prefix for k in keys)
    return session if active else None


def _to_signin(request: Request) -> RedirectResponse:
    target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    return RedirectResponse(f"/login?next={quote(target, safe='')}", 303)


async def _form(request: Request) -> dict[str, str] | None:
    """The fields of a posted form, or None when the body is not a form."""
    media_type = request.headers.get("content-type", "").partition(";")[0].strip().lower()
    if media_type != _FORM:
        return None
    body = (await request.body()).decode("utf-8", "replace")
    fields = parse_qs(body, keep_blank_values=True, max_num_fields=20)
    return {name: values[0][:_MAX_FIELD] for name, values in fields.items()}


def _safe_next(target: str | None) -> str:
    # Only a path of this site: never "//other.example" or a full URL (an open redirect).
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return "/"


# -- signing in and out ------------------------------------------------------------------


@router.get("/login")
async def signin_form(
    request: Request, next: Annotated[str | None, Query(max_length=500)] = None
) -> Response:
    return _signin_page(request, None, 200, next)


@router.post("/login")
async def signin(request: Request) -> Response:
    form = await _form(request)
    sessions = _sessions(request)
    if form is None or not sessions.signin_ok(request.cookies.get(NONCE_COOKIE), form.get("csrf")):
        return _signin_page(request, "The sign-in form expired or did not come from this page. "
                                     "Please try again.", 400, None)
    key = form.get("key", "").strip()
    name = await run_in_threadpool(_store(request).verify_key, key) if key else None
    if name is None:
        return _signin_page(request, "That API key is not valid (or was revoked).", 401, form.get("next"))
    session = sessions.issue(name, key[:10])
    response = RedirectResponse(_safe_next(form.get("next")), 303)
    response.set_cookie(SESSION_COOKIE, session.cookie, max_age=SESSION_SECONDS, path="/",
                        **_cookie_options(request))
    response.delete_cookie(NONCE_COOKIE, path="/login", **_cookie_options(request))
    return response


def _signin_page(request: Request, problem: str | None, status: int, target: str | None) -> Response:
    """The sign-in form, with a fresh nonce cookie and the token that binds the form to it."""
    nonce = Sessions.new_nonce()
    response = _page(request, "login.html", None, status, problem=problem, next=_safe_next(target),
                     signin_csrf=_sessions(request).signin_token(nonce))
    response.set_cookie(NONCE_COOKIE, nonce, max_age=3600, path="/login", **_cookie_options(request))
    return response


@router.post("/logout")
async def signout(request: Request) -> Response:
    session = await _signed_in(request)
    form = await _form(request)
    if session is not None and (form is None or not _sessions(request).csrf_ok(session, form.get("csrf"))):
        return _page(request, "error.html", session, 400, problem="The form did not come from this page.")
    response = RedirectResponse("/login", 303)
    response.delete_cookie(SESSION_COOKIE, path="/", **_cookie_options(request))
    return response


# -- pages -------------------------------------------------------------------------------


def _since(text: str) -> Any:
    try:
        return insights.parse_since(text)
    except BounceError:
        return None


@router.get("/")
async def overview_page(request: Request, since: Annotated[str, Query(max_length=40)] = "30d") -> Response:
    session = await _signed_in(request)
    if session is None:
        return _to_signin(request)
    start = _since(since)
    if start is None:
        return _page(request, "error.html", session, 400,
                     problem=f"'since' must be a span such as 30d, 12h or 2w, or a date such as 2024-01-01, "
                             f"not {since!r}")
    data = await run_in_threadpool(partial(insights.overview, _store(request), since=start))
    return _page(request, "overview.html", session, overview=data, since=since,
                 **pages.overview_charts(data))


@router.get("/blocks")
async def blocks_page(request: Request) -> Response:
    session = await _signed_in(request)
    if session is None:
        return _to_signin(request)
    blocked = await run_in_threadpool(partial(insights.blocked_senders, _store(request)))
    return _page(request, "blocks.html", session, blocked=blocked)


@router.get("/events")
async def events_page(request: Request, offset: Annotated[int, Query(ge=0, le=10**9)] = 0) -> Response:
    session = await _signed_in(request)
    if session is None:
        return _to_signin(request)
    read = partial(insights.recent_events, _store(request), limit=100, offset=offset)
    events = await run_in_threadpool(read)
    return _page(request, "events.html", session, events=events, offset=offset, page=100)


@router.get("/rules")
async def rules_page(request: Request, since: Annotated[str, Query(max_length=40)] = "30d") -> Response:
    session = await _signed_in(request)
    if session is None:
        return _to_signin(request)
    start = _since(since)
    if start is None:
        return _page(request, "error.html", session, 400,
                     problem=f"'since' is not a span or a date: {since!r}")
    rules = await run_in_threadpool(partial(insights.top_rules, _store(request), since=start))
    return _page(request, "rules.html", session, rules=rules, since=since)


@router.get("/suppressions")
async def suppressions_page(
    request: Request,
    q: Annotated[str, Query(max_length=320)] = "",
    state: Annotated[str, Query(pattern="^(suppressed|active|all)$")] = "suppressed",
    reason: Annotated[str, Query(max_length=100)] = "",
    domain: Annotated[str, Query(max_length=255)] = "",
    offset: Annotated[int, Query(ge=0, le=10**9)] = 0,
) -> Response:
    session = await _signed_in(request)
    if session is None:
        return _to_signin(request)
    rows = await run_in_threadpool(partial(
        _store(request).suppressions, state=None if state == "all" else state, search=q or None,
        reason=reason or None, domain=domain or None, limit=PAGE + 1, offset=offset,
    ))
    return _page(request, "suppressions.html", session, rows=rows[:PAGE], more=len(rows) > PAGE,
                 q=q, state=state, reason=reason, domain=domain, offset=offset, page=PAGE)


@router.get("/suppressions/{address}")
async def address_page(request: Request, address: str) -> Response:
    session = await _signed_in(request)
    if session is None:
        return _to_signin(request)
    try:
        state = await run_in_threadpool(_store(request).check, address)
    except DatabaseError:
        raise
    except BounceError as exc:
        return _page(request, "error.html", session, 400, problem=str(exc))
    if state is None:
        return _page(request, "error.html", session, 404, problem=f"The store has no record of {address}.")
    removed = request.query_params.get("removed") == "1"
    return _page(request, "address.html", session, state=state, removed=removed)


@router.post("/suppressions/{address}/remove")
async def remove_address(request: Request, address: str) -> Response:
    session = await _signed_in(request)
    if session is None:
        return _to_signin(request)
    form = await _form(request)
    if form is None or not _sessions(request).csrf_ok(session, form.get("csrf")):
        return _page(request, "error.html", session, 400,
                     problem="The form did not come from this page (missing or wrong CSRF token).")
    reason = " ".join(form.get("reason", "").split())
    store = _store(request)
    if not reason:
        state = await run_in_threadpool(store.check, address)
        if state is None:
            return _page(request, "error.html", session, 404,
                         problem=f"The store has no record of {address}.")
        return _page(request, "address.html", session, 400, state=state,
                     problem="Give a reason for the removal: it is kept in the address's history.")
    why = f"{reason} (dashboard, key {session.key_name})"
    try:
        state = await run_in_threadpool(partial(store.remove, address, reason=why))
    except DatabaseError:
        raise
    except BounceError as exc:
        return _page(request, "error.html", session, 400, problem=str(exc))
    if state is None:
        return _page(request, "error.html", session, 404, problem=f"The store has no record of {address}.")
    return RedirectResponse(f"/suppressions/{quote(state.address, safe='@')}?removed=1", 303)


@router.get("/docs")
async def swagger_page(request: Request) -> Response:
    """The Swagger UI, from local assets (public, like /openapi.json)."""
    return HTMLResponse(pages.render("docs.html"), headers={"Content-Security-Policy": CSP})
