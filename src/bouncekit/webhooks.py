"""ESP webhooks: normalise a sending service's webhook request into records, check its signature.

::

    bouncekit.webhooks.ESPS                            # ('amazon_ses', 'sendgrid', ...)
    bouncekit.webhooks.verify("sendgrid", body, headers, url, secret)   # SignatureError if not
    records = bouncekit.webhooks.parse("sendgrid", body)                # list[Record]

``parse`` checks no signature (call ``verify`` first on untrusted input);
:func:`parse_events` gives the events themselves (their ids, the ESP's raw event, an
SNS subscription URL), which is what the store and the HTTP service take.
:func:`queueable` says whether a verified body may be left to a queue worker to read
(:meth:`bouncekit.queue.Producer.enqueue_webhook`). Errors are
:class:`~bouncekit.receive.webhooks.base.WebhookError` (a ``BounceError``):
``UnknownEspError`` (404), ``PayloadError`` (400, naming the problem),
``SignatureError`` (401).
"""

from __future__ import annotations

import time
from collections.abc import Mapping

from bouncekit.classifier import RuleSet
from bouncekit.model import Record
from bouncekit.receive.webhooks import ESPS, get
from bouncekit.receive.webhooks.amazon_ses import AmazonSes
from bouncekit.receive.webhooks.base import (
    Payload,
    PayloadError,
    Request,
    SignatureError,
    UnknownEspError,
    WebhookError,
    WebhookEvent,
)
from bouncekit.receive.webhooks.sns import CertificateSource

__all__ = [
    "ESPS",
    "CertificateSource",
    "Payload",
    "PayloadError",
    "SignatureError",
    "UnknownEspError",
    "WebhookError",
    "WebhookEvent",
    "parse",
    "parse_events",
    "queueable",
    "verify",
]


def parse(
    esp: str, body: bytes | str, *, content_type: str | None = None, rules: RuleSet | None = None
) -> list[Record]:
    """The records of one webhook request body of ``esp``, one per recipient of each event.

    Opens, clicks and sends give no record. No signature is checked here. ``rules``
    (:func:`bouncekit.load_rules`) classifies the ESP's texts instead of the built-in
    rules, as it does for ``bouncekit.parse``. Raises
    :class:`UnknownEspError` or :class:`PayloadError`, never anything else.

    >>> parse("postmark", b'{"RecordType": "Bounce", "Type": "HardBounce", "Email": "jo@example.com", '
    ...       b'"Details": "550 5.1.1 user unknown"}')[0].bounce_class
    <BounceClass.INVALID_RECIPIENT: 10>
    """
    return parse_events(esp, body, content_type=content_type, rules=rules).records


def parse_events(
    esp: str, body: bytes | str, *, content_type: str | None = None, rules: RuleSet | None = None
) -> Payload:
    """The events of one webhook request body, each with its id, records and raw event
    (``rules`` as for :func:`parse`)."""
    handler = get(esp).with_rules(rules)
    data = _bytes(esp, body)
    try:
        return handler.parse(data, content_type)
    except WebhookError:
        raise
    except Exception as exc:  # the parse-or-BounceError contract: never leak internals
        raise PayloadError(f"{esp}: the payload cannot be read ({type(exc).__name__}: {exc})") from None


def queueable(esp: str, body: bytes | str) -> bool:
    """Whether a verified request body of ``esp`` may be put on the queue for a worker to
    read and store: False for a request the receiver must act on while it answers (an
    Amazon SNS SubscriptionConfirmation, which it confirms). Raises :class:`UnknownEspError`.

    >>> queueable("sparkpost", b"[]")
    True
    """
    return get(esp).queueable(_bytes(esp, body))


def verify(
    esp: str,
    body: bytes | str,
    headers: Mapping[str, str] | None,
    url: str | None,
    secret: str,
    *,
    now: float | None = None,
    sns_certificates: CertificateSource | None = None,
) -> None:
    """Check a webhook request's signature (or credentials) against ``secret``.

    ``url`` is the full URL the ESP posted to (Mandrill signs it; token schemes read
    ``?token=``). ``now`` is the clock for timestamp checks (default: now).
    ``sns_certificates`` is where Amazon SNS signing certificates come from (default:
    fetched from AWS and cached, or ``$BOUNCEKIT_SNS_CERTIFICATE``). Raises
    :class:`SignatureError` when the signature is missing, wrong or stale.
    """
    handler = get(esp)
    if not isinstance(secret, str) or not secret.strip():
        raise SignatureError(f"{esp}: no secret is configured, so no request can be verified")
    request = Request.of(_bytes(esp, body), headers, url)
    clock = time.time() if now is None else now
    try:
        if isinstance(handler, AmazonSes):
            handler.verify(request, secret.strip(), now=clock, certificates=sns_certificates)
        else:
            handler.verify(request, secret.strip(), now=clock)
    except (WebhookError, UnknownEspError):
        raise
    except Exception as exc:  # a signature that cannot even be read is a bad signature
        raise SignatureError(f"{esp}: the signature cannot be checked ({type(exc).__name__})") from None


def _bytes(esp: str, body: bytes | str) -> bytes:
    if isinstance(body, str):
        return body.encode("utf-8")
    if isinstance(body, bytes | bytearray | memoryview):
        return bytes(body)
    raise PayloadError(f"{esp}: a webhook body must be bytes or str, not {type(body).__name__}")
