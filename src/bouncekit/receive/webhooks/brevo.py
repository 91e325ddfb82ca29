"""Brevo (formerly Sendinblue) transactional and marketing webhooks.

A POST is one JSON event, or a JSON array of them for batched webhooks (Brevo's
"Transactional webhooks" and "Marketing webhooks"): ``event`` request (sent),
delivered, hard_bounce, soft_bounce, deferred, blocked, invalid_email, error, spam,
opened, click, unsubscribed, ...; ``email``, ``id``, ``date``, ``ts_event``,
``message-id`` and, for failures, ``reason`` (the server's text). ``blocked``,
``invalid_email`` and ``error`` are Brevo refusing to send: ``rejected``.

Brevo signs nothing: protect the URL with basic credentials (secret ``user:password``)
or a token (Brevo's bearer-token authentication, or ``?token=``).
"""

from __future__ import annotations

from typing import Any

from bouncekit.model import Event, Reason
from bouncekit.receive.webhooks.base import Esp, Payload, Request, load_json, objects, string
from bouncekit.receive.webhooks.signatures import credentials

# Brevo event -> (event, the reason it stands for where the text names none).
_EVENTS: dict[str, tuple[Event, Reason | None]] = {
    "hard_bounce": (Event.BOUNCE, Reason.USER_UNKNOWN),
    "hardbounce": (Event.BOUNCE, Reason.USER_UNKNOWN),
    "soft_bounce": (Event.BOUNCE, Reason.SERVER_UNAVAILABLE),
    "softbounce": (Event.BOUNCE, Reason.SERVER_UNAVAILABLE),
    "deferred": (Event.DELAYED, None),
    "blocked": (Event.REJECTED, Reason.POLICY_VIOLATION),
    "invalid_email": (Event.REJECTED, Reason.INVALID_ADDRESS),
    "invalid": (Event.REJECTED, Reason.INVALID_ADDRESS),
    "error": (Event.REJECTED, Reason.SYSTEM_ERROR),
    "delivered": (Event.DELIVERED, None),
    "spam": (Event.COMPLAINT, None),
    "complaint": (Event.COMPLAINT, None),
}


class Brevo(Esp):
    name = "brevo"
    secret_help = "basic credentials user:password, or a bearer token"

    def verify(self, request: Request, secret: str, *, now: float) -> None:
        credentials(self.name, request, secret)

    def parse(self, body: bytes, content_type: str | None) -> Payload:
        events = []
        for raw in objects(self.name, load_json(self.name, body)):
            name = string(raw.get("event")) or ""
            mapped = _EVENTS.get(name.lower())
            records = [self._record(raw, name, *mapped)] if mapped else []
            event_id = None
            if raw.get("id") is not None and raw.get("message-id"):
                event_id = f"{raw['id']}:{raw['message-id']}:{name}:{raw.get('email', '')}:{_time(raw)}"
            events.append(self.event(raw, name, records, event_id))
        return self.payload(events)

    def _record(self, raw: dict[str, Any], name: str, event: Event, reason: Reason | None):
        common = {"message_id": raw.get("message-id") or raw.get("messageId"), "date": _time(raw)}
        if event in (Event.DELIVERED, Event.COMPLAINT):
            return self.record(event, raw.get("email"), **common)
        return self.record(
            event, raw.get("email"), text=raw.get("reason"), esp_reason=reason, esp_category=name, **common
        )


def _time(raw: dict[str, Any]) -> Any:
    return (
        raw.get("ts_event")
        or raw.get("ts_epoch")
        or raw.get("ts")
        or raw.get("date_event")
        or raw.get("date")
    )
