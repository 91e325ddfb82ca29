"""The Svix webhook signature (Resend uses it; "Standard Webhooks" names the headers ``webhook-*``)."""

from __future__ import annotations

import base64
import binascii

from bouncekit.receive.webhooks.base import Request, SignatureError
from bouncekit.receive.webhooks.signatures import equal, fresh, hmac_base64

SECRET_PREFIX = "whsec_"


def verify_svix(esp: str, request: Request, secret: str, *, now: float) -> None:
    """SignatureError unless one of the request's ``v1`` signatures is right and its timestamp fresh."""
    message_id = request.header("svix-id") or request.header("webhook-id")
    timestamp = request.header("svix-timestamp") or request.header("webhook-timestamp")
    signatures = request.header("svix-signature") or request.header("webhook-signature")
    if not (message_id and timestamp and signatures):
        raise SignatureError(f"{esp}: the svix-id, svix-timestamp or svix-signature header is missing")
    try:
        key = base64.b64decode(secret.removeprefix(SECRET_PREFIX), validate=True)
    except (binascii.Error, ValueError):
        raise SignatureError(f"{esp}: the configured secret is not a whsec_ base64 secret") from None
    expected = hmac_base64(key, f"{message_id}.{timestamp}.".encode() + request.body)
    given = [s.partition(",")[2] for s in signatures.split() if s.startswith("v1,")]
    if not any(equal(s, expected) for s in given):
        raise SignatureError(f"{esp}: the signature does not match")
    fresh(esp, timestamp, now)
