"""The FastAPI application: thin handlers over :mod:`bouncekit.api` and the store.

Each handler validates its input, calls one library function and renders the result's
``to_dict()`` with orjson. Calls that touch the database or may take long run in the
threadpool so the event loop keeps serving; ``/v1/classify`` on a reply of ordinary
size is pure CPU work of some microseconds and runs inline.
"""

from __future__ import annotations

import base64
import binascii
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import datetime
from functools import partial
from typing import Annotated, Any, Literal

import orjson
from fastapi import APIRouter, Body, Depends, FastAPI, Path, Query, Request
from fastapi.exceptions import RequestValidationError
from sqlalchemy.exc import SQLAlchemyError
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.responses import Response

from bouncekit import __version__
from bouncekit.api import classify, parse
from bouncekit.errors import BounceError, DatabaseError
from bouncekit.model import Report
from bouncekit.service import DEFAULT_MAX_BODY, webhooks
from bouncekit.service import queue as queueing
from bouncekit.service.auth import ApiKeyMiddleware, KeyCache, api_key
from bouncekit.service.limits import BodyLimitMiddleware
from bouncekit.service.responses import JSON, error
from bouncekit.service.schemas import (
    AddressStateOut,
    ClassificationOut,
    ClassifyIn,
    ErrorOut,
    HealthOut,
    MessageOut,
    RemoveIn,
    StatsOut,
    SuppressionPage,
)
from bouncekit.store import Store

_log = logging.getLogger(__name__)
#: Texts up to this many characters are classified on the event loop; longer ones in a thread.
_INLINE_TEXT = 16_384
#: Media types accepted for a raw message.
_MESSAGE_TYPES = frozenset({"message/rfc822", "application/octet-stream", "text/plain"})
_MAX_ADDRESS = 320

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
) -> FastAPI:
    """The bouncekit HTTP service over a store (or a database URL to open one).

    ``store_or_url`` is an open :class:`~bouncekit.store.Store` (the app then leaves it
    open), a database URL, or None for ``$BOUNCEKIT_DATABASE_URL`` / the SQLite default
    (the app then opens the store now and closes it on shutdown). ``max_body`` limits
    request bodies (413 above it); ``key_ttl`` is how many seconds a verified API key is
    trusted before it is checked again (0: every request).

    >>> app = create_app("sqlite:///bouncekit.db")  # doctest: +SKIP
    >>> uvicorn.run(app)  # doctest: +SKIP
    """
    owns_store = not isinstance(store_or_url, Store)
    store = Store.open(store_or_url) if owns_store else store_or_url

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        yield
        queueing.close(app)
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
    )
    app.state.store = store
    keys = KeyCache(store.verify_key, ttl=key_ttl)
    # Added last runs first: the key check comes before the body is read at all.
    app.add_middleware(BodyLimitMiddleware, max_body=max_body)
    app.add_middleware(ApiKeyMiddleware, keys=keys, exempt=(webhooks.PREFIX + "/",))
    app.add_exception_handler(HTTPException, _http_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(BounceError, _bounce_error)
    app.add_exception_handler(SQLAlchemyError, _database_error)
    app.add_exception_handler(Exception, _internal_error)
    app.include_router(_v1)
    app.include_router(_health)
    webhooks.install(app, store)
    app.include_router(queueing.router)
    return app


async def _store(request: Request) -> Store:
    # async: FastAPI runs sync dependencies in the threadpool, a needless hop for a lookup.
    return request.app.state.store


StoreDep = Annotated[Store, Depends(_store)]
KeyDep = Annotated[str, Depends(api_key)]

_v1 = APIRouter(prefix="/v1", responses=_ERRORS)
_health = APIRouter()


@_v1.post("/classify", response_model=ClassificationOut, tags=["classify"])
async def classify_reply(body: ClassifyIn, _: KeyDep) -> Response:
    """Classify one SMTP reply or diagnostic text (the classification of TAXONOMY.md)."""
    work = partial(classify, body.text, status=body.status, reply_code=body.reply_code,
                   remote_mta=body.remote_mta, recipient=body.recipient)
    result = work() if len(body.text) <= _INLINE_TEXT else await run_in_threadpool(work)
    return JSON(result.to_dict())


@_v1.post(
    "/messages",
    response_model=MessageOut,
    tags=["messages"],
    openapi_extra={"requestBody": {
        "required": True,
        "description": "The raw RFC 5322 message (a bounce, auto-reply or feedback report).",
        "content": {t: {"schema": {"type": "string", "format": "binary"}} for t in sorted(_MESSAGE_TYPES)},
    }},
    responses={415: {"model": ErrorOut, "description": "Body is not a message"},
               202: {"description": "async=true: queued; `{queued, message_hash, source, size}`"}},
)
async def post_message(
    request: Request,
    store: StoreDep,
    key: KeyDep,
    dry_run: Annotated[bool, Query(description="Only parse: store nothing.")] = False,
    queue: Annotated[bool, Query(alias="async", description=(
        "Put the message on the queue for the workers and answer 202 with its hash."))] = False,
) -> Response:
    """Decode a raw message into its records, store them and apply the policy.

    Posting the same message again stores nothing and says `"duplicate": true`.
    With `async=true` the message goes to the queue instead: `202` with its
    `message_hash` once the broker has it; a worker stores it.
    """
    media_type = request.headers.get("content-type", "").partition(";")[0].strip().lower()
    if media_type not in _MESSAGE_TYPES:
        raise HTTPException(415, f"send the raw message as Content-Type: message/rfc822, not {media_type!r}"
                            if media_type else "send the raw message as Content-Type: message/rfc822")
    raw = await request.body()
    if not raw.strip():
        raise HTTPException(400, "the request body is empty: send the raw message")
    source = f"api:{key}"
    if queue and dry_run:
        raise HTTPException(400, "use either dry_run or async, not both")
    if queue:
        return await queueing.enqueue_message(request, raw, source)
    if dry_run:
        report: Report = await run_in_threadpool(parse, raw)
        return JSON({
            "dry_run": True, "stored": False, "duplicate": None, "message_hash": None,
            "source": source, "decoder": report.decoder,
            "records": [r.to_dict() for r in report.records], "suppressed": [], "alerts": [],
        })
    result = await run_in_threadpool(store.ingest, raw, source=source)
    queueing.count_ingested(request.app, result)
    return JSON({"dry_run": False, "stored": not result.duplicate, **result.to_dict()})


#: The groups of ``Store.stats`` (a test keeps this equal to ``store.core.STAT_GROUPS``).
StatGroup = Literal["class", "type", "domain", "day", "sender", "event"]
AddressPath = Annotated[str, Path(description="The recipient address.", max_length=_MAX_ADDRESS)]


@_v1.get("/suppressions/{address}", response_model=AddressStateOut, tags=["suppressions"],
         responses={404: {"model": ErrorOut, "description": "No record of the address"}})
def get_address(address: AddressPath, store: StoreDep, _: KeyDep) -> Response:
    """The state of one address: active or suppressed, why, its counts and history."""
    state = store.check(address)
    if state is None:
        raise HTTPException(404, f"no record of {address}")
    return JSON(state.to_dict())


@_v1.get("/suppressions", response_model=SuppressionPage, tags=["suppressions"])
def list_suppressions(
    store: StoreDep,
    _: KeyDep,
    state: Annotated[Literal["suppressed", "active", "all"], Query()] = "suppressed",
    domain: Annotated[str | None, Query(max_length=255, description="Recipient domain.")] = None,
    reason: Annotated[str | None, Query(
        max_length=100, description="A policy rule (hard, soft, class-21) or reason text.")] = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
    offset: Annotated[int, Query(ge=0, le=10**9)] = 0,
    cursor: Annotated[str | None, Query(
        max_length=2000, description="From `next_cursor`; replaces the other parameters.")] = None,
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
    since: Annotated[datetime | None, Query(description="ISO date or date-time.")] = None,
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
            raise HTTPException(400, "the cursor is not one this service gave out") from None
        valid = (
            state in ("suppressed", "active", "all")
            and all(v is None or (isinstance(v, str) and len(v) <= 255) for v in (domain, reason))
            and all(isinstance(v, int) and not isinstance(v, bool) for v in (limit, offset))
            and 1 <= limit <= 1000 and 0 <= offset <= 10**9
        )
        if not valid:
            raise HTTPException(400, "the cursor is not one this service gave out")
        return cls(state, domain, reason, limit, offset)


async def _http_error(_: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    return error(exc.status_code, str(exc.detail), headers=exc.headers)


async def _validation_error(_: Request, exc: Exception) -> Response:
    assert isinstance(exc, RequestValidationError)
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
    return error(exc.http_status, str(exc))


async def _database_error(_: Request, exc: Exception) -> Response:
    # The store wraps driver errors in DatabaseError (503); what still gets here is the
    # pool itself giving up (every connection busy for its whole timeout): also a 503.
    return error(503, "the database is busy or unreachable; try again")


async def _internal_error(_: Request, exc: Exception) -> Response:
    # A bug or an unreachable database: say so without internals.
    return error(500, "internal error")
