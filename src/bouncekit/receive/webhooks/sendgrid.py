"""Twilio SendGrid's Event Webhook.

A POST carries a JSON array of events (``event``: processed, dropped, delivered,
deferred, bounce, open, click, spamreport, unsubscribe, group_unsubscribe,
group_resubscribe), each with ``email``, ``timestamp``, ``sg_event_id``,
``sg_message_id`` and, for failures, ``reason``, ``status``, ``response`` (SendGrid's
"Event Webhook reference"). A ``bounce`` of ``type`` ``blocked`` is a block of the
sender; ``dropped`` is SendGrid refusing to send (its suppression lists, an invalid
address): ``rejected``. ``bounce_classification`` is SendGrid's own category, used
where the text names no cause.

Signed Event Webhook: ECDSA (P-256, SHA-256) over the ``X-Twilio-Email-Event-Webhook-
Timestamp`` header followed by the raw body; the signature is base64 DER in
``X-Twilio-Email-Event-Webhook-Signature``. The secret is the verification key SendGrid
shows (base64 DER of the public key).
"""

from __future__ import annotations

from typing import Any

from bouncekit.model import Event, Reason
from bouncekit.receive.webhooks.base import Esp, Payload, Request, load_json, objects, string
from bouncekit.receive.webhooks.signatures import decode_base64, fresh, public_key, verify_ecdsa

SIGNATURE_HEADER = "X-Twilio-Email-Event-Webhook-Signature"
TIMESTAMP_HEADER = "X-Twilio-Email-Event-Webhook-Timestamp"

_CLASSIFICATION: dict[str, Reason] = {
    "invalid address": Reason.USER_UNKNOWN,
    "mailbox unavailable": Reason.MAILBOX_INACTIVE,
    "reputation": Reason.BAD_REPUTATION,
    "content": Reason.CONTENT_REJECTED,
    "frequency or volume": Reason.RATE_LIMITED,
    "technical": Reason.SYSTEM_ERROR,
}
# Why SendGrid dropped a message (the "reason" of a dropped event).
_DROPPED: dict[str, Reason] = {
    "bounced address": Reason.USER_UNKNOWN,
    "invalid": Reason.INVALID_ADDRESS,
    "spam reporting address": Reason.POLICY_VIOLATION,
    "unsubscribed address": Reason.POLICY_VIOLATION,
}
_EVENTS = {
    "delivered": Event.DELIVERED,
    "deferred": Event.DELAYED,
    "bounce": Event.BOUNCE,
    "blocked": Event.BOUNCE,
    "dropped": Event.REJECTED,
    "spamreport": Event.COMPLAINT,
}


class SendGrid(Esp):
    name = "sendgrid"
    secret_help = "the Signed Event Webhook verification key (base64 public key)"

    def verify(self, request: Request, secret: str, *, now: float) -> None:
        timestamp = request.header(TIMESTAMP_HEADER)
        signature = decode_base64(self.name, request.header(SIGNATURE_HEADER))
        fresh(self.name, timestamp, now)
        verify_ecdsa(
            self.name, public_key(self.name, secret), signature, (timestamp or "").encode() + request.body
        )

    def parse(self, body: bytes, content_type: str | None) -> Payload:
        events = []
        for raw in objects(self.name, load_json(self.name, body)):
            name = string(raw.get("event")) or ""
            event = _EVENTS.get(name)
            records = [self._record(raw, name, event)] if event is not None else []
            events.append(self.event(raw, name, records, raw.get("sg_event_id")))
        return self.payload(events)

    def _record(self, raw: dict[str, Any], name: str, event: Event):
        message_id = raw.get("sg_message_id") or raw.get("smtp-id")
        common = {"message_id": message_id, "date": raw.get("timestamp")}
        if event is Event.DELIVERED:
            return self.record(event, raw.get("email"), text=raw.get("response"), **common)
        if event is Event.COMPLAINT:
            return self.record(event, raw.get("email"), **common)
        if event is Event.DELAYED:
            return self.record(
                event, raw.get("email"), text=raw.get("response") or raw.get("reason"), **common
            )
        reason = string(raw.get("reason")) or ""
        if event is Event.REJECTED:
            return self.record(
                event,
                raw.get("email"),
                text=reason,
                esp_reason=_DROPPED.get(reason.lower()),
                esp_category=reason,
                **common,
            )
        category = string(raw.get("bounce_classification")) or ""
        return self.record(
            event,
            raw.get("email"),
            text=reason,
            status=raw.get("status"),
            esp_reason=_CLASSIFICATION.get(category.lower()),
            esp_category=category or None,
            **common,
        )
