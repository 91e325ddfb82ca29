"""``POST /v1/webhooks/{esp}``: ESP webhooks, verified, parsed and stored.

The route only translates: it looks up the ESP's secret (``bouncekit webhooks set``),
calls :func:`bouncekit.webhooks.verify` and :func:`bouncekit.webhooks.parse_events`,
and hands the events on through one function (by default
:func:`bouncekit.receive.handoff.store_events`). ESPs cannot send bouncekit's API keys,
so this prefix is exempt from them: each request is authenticated by its ESP's
signature or credentials instead.

Answers: 200 with counts (events with no record, such as opens and clicks, are
``ignored``: not stored); 401 for a missing or wrong signature, a stale timestamp or an
ESP with no secret set; 404 for an unknown ESP; 400 for a malformed payload, naming the
problem; 503 when the events could not be stored (the ESP retries, and a redelivered
event is stored once).

With ``?async=true`` in the URL given to the ESP (and ``BOUNCEKIT_BROKER_URL`` set, as
for ``POST /v1/messages?async=true``), the verified body goes to the queue instead and
is answered ``202`` once the broker has it (``503`` when it does not answer); a worker
reads and stores its events, keyed as here, and dead-letters a body it cannot read.
An Amazon SNS subscription confirmation is still confirmed at once.
"""

from __future__ import annotations

import logging
import os
import threading
import time
import urllib.parse
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import Annotated

from fastapi import APIRouter, FastAPI, Query, Request
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.responses import Response

from bouncekit.classifier import RuleSet, default_rules
from bouncekit.receive.handoff import EventHandoff, store_events
from bouncekit.receive.webhooks.sns import FETCH_TIMEOUT, CertificateSource, sns_host
from bouncekit.service import queue as queueing
from bouncekit.service.responses import JSON
from bouncekit.store import IngestResult, Store
from bouncekit.webhooks import ESPS, parse_events, queueable, verify

_log = logging.getLogger(__name__)

#: Every route under this prefix is authenticated by its ESP, not by an API key.
PREFIX = "/v1/webhooks"
#: Seconds a secret read from the store is reused before it is read again.
SECRET_TTL = 5.0
#: ``0`` turns off the automatic confirmation of SNS subscriptions.
ENV_SNS_CONFIRM = "BOUNCEKIT_SNS_CONFIRM"
#: The public base URL the ESPs post to (``https://bounces.example.org``), when a proxy
#: in front changes it: Mandrill signs the exact URL.
ENV_PUBLIC_URL = "BOUNCEKIT_PUBLIC_URL"

router = APIRouter(prefix=PREFIX, tags=["webhooks"])


class SecretCache:
    """ESP secrets from the store, each reused for ``ttl`` seconds."""

    def __init__(self, store: Store, ttl: float = SECRET_TTL) -> None:
        self._store = store
        self._ttl = ttl
        self._entries: dict[str, tuple[str | None, float]] = {}
        self._lock = threading.Lock()

    def get(self, esp: str) -> str | None:
        now = time.monotonic()
        with self._lock:
            hit = self._entries.get(esp)
        if hit is not None and hit[1] > now:
            return hit[0]
        secret = self._store.webhook_secret(esp)
        with self._lock:
            self._entries[esp] = (secret, now + self._ttl)
        return secret


def confirm_subscription(url: str) -> None:
    """Confirm an SNS subscription by visiting its SubscribeURL (an SNS host of AWS only)."""
    if not sns_host(url):
        raise HTTPException(400, "amazon_ses: the SubscribeURL is not an https URL of an SNS host of AWS")
    try:
        with urllib.request.urlopen(url, timeout=FETCH_TIMEOUT) as response:
            response.read(64 * 1024)
    except OSError as exc:
        _log.warning("cannot confirm the SNS subscription at %s: %s", url, exc)
        raise HTTPException(
            503, "amazon_ses: the SNS subscription could not be confirmed; SNS will retry"
        ) from None


@dataclass(slots=True)
class WebhookSettings:
    """What the route needs: secrets, SNS certificates, the SNS confirmer and the hand-off."""

    secrets: SecretCache
    certificates: CertificateSource
    handoff: EventHandoff
    confirm: Callable[[str], None] | None = confirm_subscription
    public_url: str | None = None
    #: The service's rules (``--rules FILE``); None: the built-in rules.
    rules: RuleSet | None = None


def install(app: FastAPI, store: Store) -> None:
    """Add the webhook route to ``app``, with settings from the environment."""
    # Compile the classification rules now, not in the first ESP request (about a second).
    default_rules()
    confirm = None if os.environ.get(ENV_SNS_CONFIRM, "1").strip() == "0" else confirm_subscription
    app.state.webhooks = WebhookSettings(
        secrets=SecretCache(store),
        certificates=CertificateSource.from_env(),
        handoff=partial(store_events, store),
        confirm=confirm,
        public_url=os.environ.get(ENV_PUBLIC_URL) or None,
        rules=store.rules,
    )
    app.include_router(router)


@router.head("/{esp}", include_in_schema=False)
async def probe(esp: str) -> Response:
    """Some ESPs (Mandrill) check that a webhook URL exists with a HEAD request before using it."""
    if esp not in ESPS:
        raise HTTPException(404, f"no ESP named {esp[:100]!r}")
    return Response(status_code=200)


@router.post(
    "/{esp}",
    responses={
        200: {"description": "Events taken: how many, how many stored, how many known already"},
        202: {"description": "async=true: queued; `{queued, esp, body_hash, source, size}`"},
        401: {"description": "Missing or wrong signature, stale timestamp, or no secret set for the ESP"},
        404: {"description": "No ESP of that name"},
    },
)
async def receive(
    esp: str,
    request: Request,
    queue: Annotated[bool, Query(alias="async", description=(
        "Put the verified body on the queue for the workers and answer 202."))] = False,
) -> Response:
    """Take one webhook request of an ESP (see `bouncekit webhooks` for the names and secrets).

    With `async=true` the body, once its signature is verified, goes to the queue: `202`
    when the broker has it; a worker reads and stores its events (a service without
    `BOUNCEKIT_BROKER_URL` stores them at once).
    """
    if esp not in ESPS:
        raise HTTPException(404, f"no ESP named {esp[:100]!r}; the ESPs are {', '.join(ESPS)}")
    settings: WebhookSettings = request.app.state.webhooks
    body = await request.body()
    secret = await run_in_threadpool(settings.secrets.get, esp)
    if secret is None:
        raise HTTPException(
            401, f"webhooks of {esp} are not configured: set a secret with `bouncekit webhooks set {esp}`"
        )
    headers = dict(request.headers)
    url = _public_url(str(request.url), settings.public_url)
    await run_in_threadpool(
        partial(verify, esp, body, headers, url, secret, sns_certificates=settings.certificates)
    )
    if queue and queueing.has_queue() and queueable(esp, body):
        return await queueing.enqueue_webhook(request, esp, body)
    payload = await run_in_threadpool(
        partial(parse_events, esp, body, content_type=request.headers.get("content-type"),
                rules=settings.rules)
    )
    if payload.subscribe_url is not None:
        if settings.confirm is None:
            return JSON(
                {
                    "esp": esp,
                    "subscription": "not confirmed (automatic confirmation is off)",
                    "subscribe_url": payload.subscribe_url,
                }
            )
        await run_in_threadpool(settings.confirm, payload.subscribe_url)
        return JSON({"esp": esp, "subscription": "confirmed"})
    kept = [event for event in payload.events if event.records]
    results = await run_in_threadpool(settings.handoff, kept) if kept else []
    failed = [r for r in results if not isinstance(r, IngestResult)]
    if failed:
        _log.warning("%s: %d of %d webhook events not stored: %s", esp, len(failed), len(results), failed[0])
        raise HTTPException(503, f"{len(failed)} of {len(results)} events could not be stored; retry")
    stored = [r for r in results if isinstance(r, IngestResult)]
    return JSON(
        {
            "esp": esp,
            "events": len(payload.events),
            "ignored": len(payload.events) - len(kept),
            "records": sum(len(e.records) for e in kept),
            "stored": sum(1 for r in stored if not r.duplicate),
            "duplicates": sum(1 for r in stored if r.duplicate),
            "suppressed": [s.address for r in stored for s in r.suppressed],
        }
    )


def _public_url(url: str, public: str | None) -> str:
    """The URL as the ESP posted it: the configured public base URL, with this path and query."""
    if not public:
        return url
    base = urllib.parse.urlsplit(public.rstrip("/"))
    here = urllib.parse.urlsplit(url)
    return urllib.parse.urlunsplit((base.scheme, base.netloc, base.path + here.path, here.query, ""))
