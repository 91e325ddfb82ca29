"""MailerSend webhooks.

One JSON event per request (MailerSend's "Webhooks" documentation): ``type``
activity.sent, activity.delivered, activity.soft_bounced, activity.hard_bounced,
activity.spam_complaint, activity.opened, activity.clicked, activity.unsubscribed,
...; ``created_at`` and ``data`` with ``id``, ``type``, ``email`` (``id``, ``from``,
``recipient.email``, ``message.id``, ``status``) and ``morph`` (for bounces and
complaints: ``reason``, the server's text or MailerSend's summary of it).

Signature: header ``Signature``, hex HMAC-SHA256 of the raw body keyed with the
webhook's signing secret.
"""

from __future__ import annotations

from typing import Any

from bouncekit.model import Event, Reason
from bouncekit.receive.webhooks.base import (
    Esp,
    Payload,
    Request,
    SignatureError,
    load_json,
    mapping,
    objects,
    string,
)
from bouncekit.receive.webhooks.signatures import equal, hmac_hex

_EVENTS: dict[str, tuple[Event, Reason | None]] = {
    "hard_bounced": (Event.BOUNCE, Reason.USER_UNKNOWN),
    "soft_bounced": (Event.BOUNCE, Reason.SERVER_UNAVAILABLE),
    "delivered": (Event.DELIVERED, None),
    "spam_complaint": (Event.COMPLAINT, None),
}


class MailerSend(Esp):
    name = "mailersend"
    secret_help = "the webhook signing secret"

    def verify(self, request: Request, secret: str, *, now: float) -> None:
        signature = request.header("Signature")
        if not signature:
            raise SignatureError("mailersend: the Signature header is missing")
        if not equal(signature.strip().lower(), hmac_hex(secret, request.body)):
            raise SignatureError("mailersend: the signature does not match")

    def parse(self, body: bytes, content_type: str | None) -> Payload:
        events = []
        for raw in objects(self.name, load_json(self.name, body)):
            name = string(raw.get("type")) or ""
            data = mapping(raw.get("data"))
            kind = name.removeprefix("activity.") or string(data.get("type")) or ""
            mapped = _EVENTS.get(kind)
            records = [self._record(data, kind, *mapped)] if mapped else []
            events.append(self.event(raw, name, records, data.get("id")))
        return self.payload(events)

    def _record(self, data: dict[str, Any], kind: str, event: Event, reason: Reason | None):
        email = mapping(data.get("email"))
        recipient = mapping(email.get("recipient")).get("email") or email.get("to")
        common = {
            "message_id": mapping(email.get("message")).get("id") or email.get("id"),
            "date": data.get("created_at"),
            "sender": email.get("from"),
        }
        if event in (Event.DELIVERED, Event.COMPLAINT):
            return self.record(event, recipient, **common)
        morph = mapping(data.get("morph"))
        return self.record(
            event, recipient, text=morph.get("reason"), esp_reason=reason, esp_category=kind, **common
        )
