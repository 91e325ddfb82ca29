"""Resend webhooks (delivered through Svix).

One JSON event per request (Resend's "Webhooks" documentation): ``type``
email.sent, email.delivered, email.delivery_delayed, email.bounced, email.complained,
email.failed, email.suppressed, email.opened, email.clicked, ...; ``created_at`` and
``data`` with ``email_id``, ``from``, ``to`` (a list), ``subject`` and, for a bounce,
``bounce`` (``type`` and ``subType`` as Amazon SES gives them, and ``message``). A
bounce of subtype Suppressed, ``email.suppressed`` and ``email.failed`` are Resend
refusing to send: ``rejected``.

Signature (Svix): headers ``svix-id``, ``svix-timestamp`` and ``svix-signature`` (a
space-separated list of ``v1,<base64>``), each signature a base64 HMAC-SHA256 keyed
with the base64-decoded secret after its ``whsec_`` prefix, of ``id.timestamp.body``.
"""

from __future__ import annotations

from typing import Any

from bouncekit.model import Event
from bouncekit.receive.webhooks.amazon_ses import BOUNCE_REASONS, REFUSED_SUBTYPES
from bouncekit.receive.webhooks.base import Esp, Payload, Request, load_json, mapping, objects, string
from bouncekit.receive.webhooks.svix import verify_svix

_EVENTS = {
    "email.bounced": Event.BOUNCE,
    "email.delivered": Event.DELIVERED,
    "email.delivery_delayed": Event.DELAYED,
    "email.complained": Event.COMPLAINT,
    "email.failed": Event.REJECTED,
    "email.suppressed": Event.REJECTED,
}


class Resend(Esp):
    name = "resend"
    secret_help = "the webhook signing secret (whsec_...)"

    def verify(self, request: Request, secret: str, *, now: float) -> None:
        verify_svix(self.name, request, secret, now=now)

    def parse(self, body: bytes, content_type: str | None) -> Payload:
        events = []
        for raw in objects(self.name, load_json(self.name, body)):
            name = string(raw.get("type")) or ""
            data = mapping(raw.get("data"))
            event = _EVENTS.get(name)
            records = self._records(event, data, raw) if event is not None else []
            event_id = (
                f"{data['email_id']}:{name}:{raw.get('created_at', '')}" if data.get("email_id") else None
            )
            events.append(self.event(raw, name, records, event_id))
        return self.payload(events)

    def _records(self, event: Event, data: dict[str, Any], raw: dict[str, Any]) -> list:
        to = data.get("to")
        recipients = to if isinstance(to, list) else [to] if to else []
        common = {
            "message_id": data.get("email_id"),
            "date": raw.get("created_at") or data.get("created_at"),
            "sender": data.get("from"),
        }
        if event in (Event.DELIVERED, Event.COMPLAINT):
            return [self.record(event, r, **common) for r in recipients]
        bounce = mapping(data.get("bounce"))
        detail = (
            bounce
            or mapping(data.get("failed"))
            or mapping(data.get("suppressed"))
            or mapping(data.get("delivery_delayed"))
        )
        kind, subtype = string(bounce.get("type")) or "", string(bounce.get("subType")) or ""
        if event is Event.BOUNCE and subtype in REFUSED_SUBTYPES:
            event = Event.REJECTED
        text = string(detail.get("message")) or string(detail.get("reason"))
        category = (
            f"{kind}/{subtype}" if bounce else string(detail.get("type")) or string(detail.get("reason"))
        )
        return [
            self.record(
                event,
                r,
                text=text,
                esp_reason=BOUNCE_REASONS.get((kind, subtype)),
                esp_category=category,
                **common,
            )
            for r in recipients
        ]
