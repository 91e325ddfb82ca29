"""Postal (the open-source mail server) webhooks.

A POST is ``{"event": ..., "timestamp": ..., "uuid": ..., "payload": {...}}`` (Postal's
"Webhooks" documentation). MessageSent, MessageDelayed, MessageDeliveryFailed and
MessageHeld carry ``message`` (``id``, ``token``, ``message_id``, ``to``, ``from``),
``status`` (Sent, SoftFail, HardFail, Held), ``details`` and ``output`` (the remote
server's reply); MessageBounced carries ``original_message`` and ``bounce`` (a bounce
Postal received). A held message is Postal refusing to send: ``rejected``. Clicks,
loads and DNS or send-limit notices give no record.

Signature: ``X-Postal-Signature-256`` (RSA, SHA-256) or the older ``X-Postal-Signature``
(RSA, SHA-1), base64, of the raw body, made with the server's signing key; the secret is
its public key as Postal shows it (base64, a ``p=`` DNS record value, or PEM).
"""

from __future__ import annotations

from typing import Any

from bouncekit.model import Event, Reason
from bouncekit.receive.webhooks.base import Esp, Payload, PayloadError, Request, load_json, mapping, string
from bouncekit.receive.webhooks.signatures import decode_base64, public_key, verify_rsa

_EVENTS = {
    "MessageSent": Event.DELIVERED,
    "MessageDelayed": Event.DELAYED,
    "MessageDeliveryFailed": Event.BOUNCE,
    "MessageHeld": Event.REJECTED,
    "MessageBounced": Event.BOUNCE,
}


class Postal(Esp):
    name = "postal"
    secret_help = "the server's webhook public key (base64, p=... or PEM)"

    def verify(self, request: Request, secret: str, *, now: float) -> None:
        key = public_key(self.name, secret)
        strong = request.header("X-Postal-Signature-256")
        if strong:
            verify_rsa(self.name, key, decode_base64(self.name, strong), request.body, "sha256")
            return
        verify_rsa(
            self.name,
            key,
            decode_base64(self.name, request.header("X-Postal-Signature")),
            request.body,
            "sha1",
        )

    def parse(self, body: bytes, content_type: str | None) -> Payload:
        document = load_json(self.name, body)
        if not isinstance(document, dict):
            raise PayloadError(f"postal: the body is a JSON {type(document).__name__}, not an object")
        if isinstance(document.get("payload"), dict):
            name, payload = string(document.get("event")) or "", document["payload"]
        else:  # a bare payload, as some proxies forward it
            name = "MessageBounced" if "bounce" in document else _by_status(document)
            payload = document
        event = _EVENTS.get(name)
        records = self._records(event, payload) if event is not None else []
        return self.payload([self.event(document, name, records, document.get("uuid"))])

    def _records(self, event: Event, payload: dict[str, Any]) -> list:
        if event is Event.BOUNCE and "original_message" in payload:
            original = mapping(payload.get("original_message"))
            bounce = mapping(payload.get("bounce"))
            return [
                self.record(
                    event,
                    original.get("to"),
                    text=bounce.get("subject"),
                    message_id=original.get("message_id"),
                    sender=original.get("from"),
                    date=bounce.get("timestamp") or original.get("timestamp"),
                )
            ]
        message = mapping(payload.get("message"))
        status = string(payload.get("status")) or ""
        text = string(payload.get("output")) or string(payload.get("details"))
        if event is Event.BOUNCE and status == "SoftFail":
            event = Event.DELAYED
        return [
            self.record(
                event,
                message.get("to"),
                text=text,
                message_id=message.get("message_id"),
                sender=message.get("from"),
                date=payload.get("timestamp") or message.get("timestamp"),
                esp_reason=Reason.POLICY_VIOLATION if event is Event.REJECTED else None,
                esp_category=status or None,
            )
        ]


def _by_status(payload: dict[str, Any]) -> str:
    return {
        "Sent": "MessageSent",
        "SoftFail": "MessageDelayed",
        "HardFail": "MessageDeliveryFailed",
        "Held": "MessageHeld",
    }.get(str(payload.get("status")), "")
