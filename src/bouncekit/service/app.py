"""The FastAPI application: thin handlers over :mod:`bouncekit.api` and the store.

Each handler validates its input, calls one library function and renders the result's
``to_dict()`` with orjson. Calls that touch the database run in the threadpool so the
event loop keeps serving; messages (and long texts to classify) are decoded in worker
processes, each within a time budget (:mod:`bouncekit.service.parsing`);
``/v1/classify`` on a reply of ordinary size is pure CPU work of some microseconds and
runs inline.
"""

from __future__ import annotations

import base64
import binascii
import logging
import re
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from functools import partial
from typing import Annotated, Any, Literal

import orjson
from fastapi import APIRouter, Body, Depends, FastAPI, Path, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.routing import APIRoute
from sqlalchemy.exc import SQLAlchemyError
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.requests import ClientDisconnect
from starlette.responses import Response
from starlette.routing import Match

from bouncekit import __version__
from bouncekit.classifier import RuleSet
from bouncekit.errors import BounceError, DatabaseError, TimeBudgetError, WorkerDiedError
from bouncekit.model import Report
from bouncekit.rulefile import RulesFileError
from bouncekit.service import DEFAULT_MAX_BODY, webhooks
from bouncekit.service import queue as queueing
from bouncekit.service.auth import ApiKeyMiddleware, KeyCache, api_key
from bouncekit.service.dashboard import mount_dashboard
from bouncekit.service.limits import BodyLimitMiddleware
from bouncekit.service.parsing import DEFAULT_PARSE_BUDGET, DEFAULT_PARSE_WORKERS, Decoder
from bouncekit.service.responses import JSON, error
from bouncekit.service.rules import router as rules_router
from bouncekit.service.schemas import (
    ADDRESS_DESCRIPTION,
    ADDRESS_PATTERN,
    CURSOR_PATTERN,
    MESSAGE_PATTERN,
    NO_NUL,
    AddressStateOut,
    ClassificationOut,
    ClassifyIn,
    Digits,
    ErrorOut,
    HealthOut,
    IsoTime,
    MessageOut,
    RemoveIn,
    StatsOut,
    SuppressionPage,
)
from bouncekit.store import Store

_log = logging.getLogger(__name__)
#: Media types accepted for a raw message.
_MESSAGE_TYPES = frozenset({"message/rfc822", "application/octet-stream", "text/plain"})
_MAX_ADDRESS = 320
_MESSAGE_START = re.compile(MESSAGE_PATTERN.encode())
#: The methods an Allow header may name.
_METHODS = ("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS")
_NOT_A_BOUNCE = ("not a bounce: no delivery status report, auto-reply or feedback report was found "
                 "in the message; nothing was stored")

_ERRORS: dict[int | str, dict[str, Any]] = {
    400: {"model": ErrorOut, "description": "Malformed request"},
    401: {"model": ErrorOut, "description": "Missing or wrong API key"},
    413: {"model": ErrorOut, "description": "Request body over the limit"},
    422: {"model": ErrorOut, "description": "Invalid request: `problems` says what is wrong"},
    503: {"model": ErrorOut, "description": "The database is unreachable or busy"},
}


def create_app(
    store_or_url: Store | str | None = None,
    *,
    max_body: int = DEFAULT_MAX_BODY,
    key_ttl: float = 5.0,
    parse_budget: float = DEFAULT_PARSE_BUDGET,
    parse_workers: int = DEFAULT_PARSE_WORKERS,
    rules: RuleSet | None = None,
) -> FastAPI:
    """The bouncekit HTTP service over a store (or a database URL to open one).

    ``store_or_url`` is an open :class:`~bouncekit.store.Store` (the app then leaves it
    open), a database URL, or None for ``$BOUNCEKIT_DATABASE_URL`` / the SQLite default
    (the app then opens the store now and closes it on shutdown). ``max_body`` limits
    request bodies (413 above it); ``key_ttl`` is how many seconds a verified API key is
    trusted before it is checked again (0: every request). Messages are decoded in
    ``parse_workers`` worker processes, each within ``parse_budget`` seconds; a message
    over it is answered 422, and recorded as failed unless it was a dry run. ``rules``
    (from :func:`bouncekit.load_rules`) classifies when the app opens the store; an
    open store brings its own ``rules``.

    >>> app = create_app("sqlite:///bouncekit.db")  # doctest: +SKIP
    >>> uvicorn.run(app)  # doctest: +SKIP
    """
    owns_store = not isinstance(store_or_url, Store)
    store = Store.open(store_or_url, rules=rules) if owns_store else store_or_url
    decoder = Decoder(workers=parse_workers, budget=parse_budget, rules=store.rules)

    @asynccontextmanager
    async def lifespan(running: FastAPI) -> AsyncIterator[None]:
        yield
        running.state.decoder.close()
        queueing.close(running)
        if owns_store:
            store.close()

    app = FastAPI(
        title="bouncekit",
        version=__version__,
        summary="Classify email bounces, keep a suppression list.",
        description="Every `/v1` route needs `Authorization: Bearer <key>` "
        "(keys come from `bouncekit keys create NAME`). Errors are `{\"error\": \"...\"}`.",
        default_response_class=JSON,
        lifespan=lifespan,
        # The dashboard package serves /docs from local assets (no CDN).
        docs_url=None,
        redoc_url=None,
    )
    app.state.store = store
    app.state.decoder = decoder
    keys = KeyCache(store.verify_key, ttl=key_ttl)
    # Added last runs first: the key check comes before the body is read at all.
    app.add_middleware(BodyLimitMiddleware, max_body=max_body)
    app.add_middleware(ApiKeyMiddleware, keys=keys, exempt=(webhooks.PREFIX + "/",))
    app.add_exception_handler(ClientDisconnect, _client_gone)
    app.add_exception_handler(HTTPException, _http_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(BounceError, _bounce_error)
    app.add_exception_handler(SQLAlchemyError, _database_error)
    app.add_exception_handler(Exception, _internal_error)
    app.include_router(_v1)
    app.include_router(rules_router, prefix="/v1", responses=_ERRORS)
    app.include_router(_health)
    webhooks.install(app, store)
    app.include_router(queueing.router)
    mount_dashboard(app)
    return app


async def _store(request: Request) -> Store:
    # async: FastAPI runs sync dependencies in the threadpool, a needless hop for a lookup.
    return request.app.state.store


async def _decoder(request: Request) -> Decoder:
    return request.app.state.decoder


async def _known_query(request: Request) -> None:
    """Refuse query parameters the route does not take, and any given twice: a misspelt
    filter (``?limt=5``) or a repeated one must not be silently ignored."""
    route = request.scope.get("route")
    if not isinstance(route, APIRoute):
        return
    known = _query_names(route.dependant)
    problems = []
    for name in dict.fromkeys(request.query_params):
        values = request.query_params.getlist(name)
        if name not in known:
            takes = ", ".join(sorted(known)) or "none"
            problems.append({"type": "extra_forbidden", "loc": ("query", name), "input": values[0],
                             "msg": f"this route takes no parameter {name[:40]!r} (it takes: {takes})"})
        elif len(values) > 1:  # none of the routes takes a list
            problems.append({"type": "too_long", "loc": ("query", name), "input": values,
                             "msg": f"given {len(values)} times; give it once"})
    if problems:
        raise RequestValidationError(problems)


def _query_names(dependant: Any) -> set[str]:
    names = {param.alias for param in dependant.query_params}
    for sub in dependant.dependencies:
        names |= _query_names(sub)
    return names


StoreDep = Annotated[Store, Depends(_store)]
DecoderDep = Annotated[Decoder, Depends(_decoder)]
KeyDep = Annotated[str, Depends(api_key)]

_v1 = APIRouter(prefix="/v1", responses=_ERRORS, dependencies=[Depends(_known_query)])
_health = APIRouter(dependencies=[Depends(_known_query)])


@_v1.post(
    "/classify", response_model=ClassificationOut, tags=["classify"],
    responses={415: {"model": ErrorOut, "description": "Body is not JSON"}},
)
async def classify_reply(body: ClassifyIn, decoder: DecoderDep, _: KeyDep) -> Response:
    """Classify one SMTP reply or diagnostic text (the classification of TAXONOMY.md)."""
    result = await decoder.classify(body.text, status=body.status, reply_code=body.reply_code,
                                    remote_mta=body.remote_mta, recipient=body.recipient)
    return JSON(result.to_dict())


@_v1.post(
    "/messages",
    response_model=MessageOut,
    tags=["messages"],
    openapi_extra={"requestBody": {
        "required": True,
        "description": "The raw RFC 5322 message (a bounce, auto-reply or feedback report), as "
                       "octets: it begins with a header field (`Name: value`), after an mbox `From ` "
                       "line if any. An empty body, or one that is no message, is a 400.",
        "content": {t: {"schema": {"type": "string", "minLength": 1, "pattern": MESSAGE_PATTERN}}
                    for t in sorted(_MESSAGE_TYPES)},
    }},
    responses={415: {"model": ErrorOut, "description": "Body is not a message"},
               202: {"description": "async=true: queued; `{queued, message_hash, source, size}`"}},
)
async def post_message(
    request: Request,
    store: StoreDep,
    decoder: DecoderDep,
    key: KeyDep,
    dry_run: Annotated[bool, Query(description="Only parse: store nothing.")] = False,
    queue: Annotated[bool, Query(alias="async", description=(
        "Put the message on the queue for the workers and answer 202 with its hash."))] = False,
) -> Response:
    """Decode a raw message into its records, store them and apply the policy.

    Posting the same message again stores nothing and says `"duplicate": true`. A
    message that is not a bounce (an ordinary mail) is not stored: `"bounce": false`
    and a `note` say so. A message that takes longer to decode than the service's time
    budget is stopped and answered 422; unless it was a dry run, it is recorded as a
    failed message. With `async=true` the message goes to the queue instead: `202` with
    its `message_hash` once the broker has it; a worker stores it (`dry_run` wins, and a
    service without `BOUNCEKIT_BROKER_URL` stores the message at once).
    """
    media_type = request.headers.get("content-type", "").partition(";")[0].strip().lower()
    if media_type not in _MESSAGE_TYPES:
        raise HTTPException(415, f"send the raw message as Content-Type: message/rfc822, not {media_type!r}"
                            if media_type else "send the raw message as Content-Type: message/rfc822")
    raw = await request.body()
    if not raw.strip():
        raise HTTPException(400, "the request body is empty: send the raw message")
    if not _MESSAGE_START.match(raw):
        raise HTTPException(400, "the request body is no RFC 5322 message: it must begin with a header "
                            "field (Name: value)")
    source = f"api:{key}"
    # A dry run only parses; a service with no broker named has no queue and stores at once.
    if queue and not dry_run and queueing.has_queue():
        return await queueing.enqueue_message(request, raw, source)
    try:
        report: Report = await decoder.parse(raw)
    except (TimeBudgetError, WorkerDiedError) as exc:
        _log.warning("%s: message of %d bytes given up: %s", source, len(raw), exc)
        if not dry_run:
            await run_in_threadpool(partial(store.record_failure, raw, source=source, error=str(exc)))
        raise
    if dry_run:
        return JSON({
            "dry_run": True, "stored": False, "bounce": bool(report.records), "duplicate": None,
            "message_hash": None, "source": source, "decoder": report.decoder,
            "records": [r.to_dict() for r in report.records], "suppressed": [], "alerts": [],
        })
    result = await run_in_threadpool(
        partial(store.ingest, raw, source=source, report=report, keep_non_bounce=False)
    )
    queueing.count_ingested(request.app, result)
    note = {"note": _NOT_A_BOUNCE} if result.not_a_bounce else {}
    return JSON({"dry_run": False, "stored": result.stored, "bounce": not result.not_a_bounce,
                 **result.to_dict(), **note})


#: The groups of ``Store.stats`` (a test keeps this equal to ``store.core.STAT_GROUPS``).
StatGroup = Literal["class", "type", "domain", "day", "sender", "event"]
AddressPath = Annotated[str, Path(description=ADDRESS_DESCRIPTION, max_length=_MAX_ADDRESS,
                                   json_schema_extra={"pattern": ADDRESS_PATTERN})]


@_v1.get("/suppressions/{address}", response_model=AddressStateOut, tags=["suppressions"],
         responses={404: {"model": ErrorOut, "description": "No record of the address"}})
def get_address(address: AddressPath, store: StoreDep, _: KeyDep) -> Response:
    """The state of one address: active or suppressed, why, its counts and history."""
    state = store.check(address)
    if state is None:
        raise HTTPException(404, f"no record of {address}")
    return JSON(state.to_dict())


@_v1.get("/suppressions", response_model=SuppressionPage, tags=["suppressions"],
         responses={404: {"model": ErrorOut, "description": "A cursor this service did not give out"}})
def list_suppressions(
    store: StoreDep,
    _: KeyDep,
    state: Annotated[Literal["suppressed", "active", "all"], Query()] = "suppressed",
    domain: Annotated[str | None, Query(
        max_length=255, pattern=NO_NUL, description="Recipient domain.")] = None,
    reason: Annotated[str | None, Query(
        max_length=100, pattern=NO_NUL,
        description="A policy rule (hard, soft, class-21) or reason text.")] = None,
    limit: Annotated[int, Query(ge=1, le=1000), Digits] = 100,
    offset: Annotated[int, Query(ge=0, le=10**9), Digits] = 0,
    cursor: Annotated[str | None, Query(
        max_length=2000, pattern=CURSOR_PATTERN,
        description="The `next_cursor` of an earlier page. It carries that listing's state, domain, "
        "reason and limit, and replaces them: with a cursor, those parameters and offset are "
        "ignored. A cursor this service did not give out is a 404.")] = None,
) -> Response:
    """A page of addresses, filtered by state, recipient domain and reason."""
    page = _Page(state, domain, reason, limit, offset) if cursor is None else _Page.decode(cursor)
    rows = store.suppressions(state=None if page.state == "all" else page.state, domain=page.domain,
                              reason=page.reason, limit=page.limit + 1, offset=page.offset)
    more = len(rows) > page.limit
    return JSON({
        "items": [r.to_dict() for r in rows[: page.limit]],
        "limit": page.limit,
        "offset": page.offset,
        "next_cursor": page.next().encode() if more else None,
    })


@_v1.delete("/suppressions/{address}", response_model=AddressStateOut, tags=["suppressions"],
            responses={404: {"model": ErrorOut, "description": "No record of the address"}})
def remove_address(
    address: AddressPath,
    store: StoreDep,
    key: KeyDep,
    reason: Annotated[str | None, Query(max_length=500, description="Why (or in the body).")] = None,
    body: Annotated[RemoveIn | None, Body()] = None,
) -> Response:
    """Take an address off the suppression list; the removal and its reason are recorded."""
    why = reason or (body.reason if body else None) or f"removed through the API by key {key}"
    state = store.remove(address, reason=why)
    if state is None:
        raise HTTPException(404, f"no record of {address}")
    return JSON(state.to_dict())


@_v1.get("/stats", response_model=StatsOut, tags=["stats"])
def get_stats(
    store: StoreDep,
    _: KeyDep,
    since: Annotated[IsoTime | None, Query(
        description="ISO 8601 date or date-time; a number is refused, never read as a Unix time.")] = None,
    by: Annotated[StatGroup, Query()] = "class",
) -> Response:
    """Counts of stored records grouped by class, type, recipient domain, day, sending domain or event."""
    rows = store.stats(since=since, by=by)
    rows_out = [r.to_dict() for r in rows]
    return JSON({"by": by, "since": since.isoformat() if since else None, "rows": rows_out})


@_health.get("/healthz", response_model=HealthOut, tags=["health"],
             responses={503: {"model": ErrorOut, "description": "The database does not answer"}})
def healthz(store: StoreDep) -> Response:
    """Whether the service and its database answer (no key needed)."""
    try:
        store.ping()
    except Exception:  # any failure of the database is "unhealthy", never a 500
        return error(503, "the database does not answer")
    return JSON({"status": "ok", "database": "ok"})


class _Page:
    """The position and filters of a page of suppressions, as an opaque cursor."""

    __slots__ = ("domain", "limit", "offset", "reason", "state")

    def __init__(self, state: str, domain: str | None, reason: str | None, limit: int, offset: int) -> None:
        self.state, self.domain, self.reason, self.limit, self.offset = state, domain, reason, limit, offset

    def next(self) -> _Page:
        return _Page(self.state, self.domain, self.reason, self.limit, self.offset + self.limit)

    def encode(self) -> str:
        raw = orjson.dumps([self.state, self.domain, self.reason, self.limit, self.offset])
        return base64.urlsafe_b64encode(raw).decode().rstrip("=")

    @classmethod
    def decode(cls, cursor: str) -> _Page:
        try:
            state, domain, reason, limit, offset = orjson.loads(
                base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
            )
        except (binascii.Error, orjson.JSONDecodeError, TypeError, ValueError):
            raise HTTPException(404, "the cursor is not one this service gave out") from None
        valid = (
            state in ("suppressed", "active", "all")
            and all(v is None or (isinstance(v, str) and len(v) <= 255 and "\x00" not in v)
                    for v in (domain, reason))
            and all(isinstance(v, int) and not isinstance(v, bool) for v in (limit, offset))
            and 1 <= limit <= 1000 and 0 <= offset <= 10**9
        )
        if not valid:
            raise HTTPException(404, "the cursor is not one this service gave out")
        return cls(state, domain, reason, limit, offset)


async def _client_gone(request: Request, _: Exception) -> Response:
    # A client that closes its connection mid-upload is routine on the Internet: one
    # line to say so, no traceback. The answer goes nowhere; the server drops it.
    client = f"{request.client.host}:{request.client.port}" if request.client else "a client"
    _log.info("%s went away before the body of %s %s had arrived", client, request.method, request.url.path)
    return Response(status_code=400)


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    headers = exc.headers
    if exc.status_code == 405:
        # The router names only the methods of the first route whose path matched; two
        # routes on one path (GET and DELETE of an address) must both be in Allow.
        headers = {**(headers or {}), "Allow": ", ".join(_allowed_methods(request))}
    return error(exc.status_code, str(exc.detail), headers=headers)


def _allowed_methods(request: Request) -> list[str]:
    # Asked of the router itself, one method at a time, so included and nested routers
    # answer for their own routes.
    routes = request.app.router.routes
    return [method for method in _METHODS
            if any(route.matches({**request.scope, "method": method})[0] == Match.FULL for route in routes)]


async def _validation_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, RequestValidationError)
    media_type = request.headers.get("content-type", "").partition(";")[0].strip().lower()
    wants_json = any(str(e.get("loc", ("",))[0]) == "body" for e in exc.errors())
    if wants_json and request.method != "DELETE" and not (
        media_type == "application/json" or media_type.endswith("+json")
    ):
        sent = f", not {media_type!r}" if media_type else ""
        return error(415, f"send the request body as JSON with Content-Type: application/json{sent}")
    problems = [{"location": _location(e), "message": _problem(e)} for e in exc.errors()]
    summary = "; ".join(f"{p['location']}: {p['message']}" for p in problems[:5])
    return error(422, f"invalid request: {summary}", problems=problems)


def _location(err: dict[str, Any]) -> str:
    if err.get("type") == "json_invalid":
        return "body"  # FastAPI puts the character offset where a field name would be
    return ".".join(str(p) for p in err.get("loc", ()))


def _problem(err: dict[str, Any]) -> str:
    if err.get("type") == "json_invalid":
        loc = err.get("loc", ())
        where = f" at character {loc[-1]}" if len(loc) > 1 else ""
        return f"not valid JSON{where} ({(err.get('ctx') or {}).get('error', 'cannot decode')})"
    message = str(err.get("msg", "invalid")).removeprefix("Value error, ")
    detail = (err.get("ctx") or {}).get("error")
    return f"{message} ({detail})" if detail and str(detail) not in message else message


async def _bounce_error(_: Request, exc: Exception) -> Response:
    assert isinstance(exc, BounceError)
    if isinstance(exc, DatabaseError):
        # Its text names the database and the driver's complaint: for the log, not the client.
        _log.warning("%s", exc)
        return error(503, "the database is busy or unreachable; try again")
    if isinstance(exc, RulesFileError):
        problems = [p.to_dict() for p in exc.problems]
        for p in problems:
            p["location"] = f"{p['file']}:{p['line']}" if p["line"] else p["file"]
        return error(exc.http_status, str(exc), problems=problems)
    return error(exc.http_status, str(exc))


async def _database_error(_: Request, exc: Exception) -> Response:
    # The store wraps driver errors in DatabaseError (503); what still gets here is the
    # pool itself giving up (every connection busy for its whole timeout): also a 503.
    return error(503, "the database is busy or unreachable; try again")


async def _internal_error(_: Request, exc: Exception) -> Response:
    # A bug or an unreachable database: say so without internals.
    return error(500, "internal error")
