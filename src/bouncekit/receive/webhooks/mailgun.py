"""Mailgun webhooks: the JSON webhooks, and the legacy form-encoded ones.

JSON (Mailgun's "Webhooks" guide): ``{"signature": {"timestamp", "token", "signature"},
"event-data": {...}}`` where ``event-data`` has ``event`` (accepted, rejected,
delivered, failed, opened, clicked, unsubscribed, complained), ``id``, ``timestamp``,
``recipient``, ``severity`` (permanent or temporary, for ``failed``), ``reason``
(``bounce``, ``suppress-bounce``, ``generic``, ...) and ``delivery-status`` (``code``,
``message``, ``description``, ``enhanced-code``, ``mx-host``). A temporary failure is
``delayed``; a failure whose reason is ``suppress-*`` (Mailgun would not send to a
suppressed address) and the ``rejected`` event are ``rejected``.

The legacy webhooks post a form (``event`` bounced, dropped, delivered, complained,
with ``recipient``, ``code``, ``error``, ``notification``, ``Message-Id``, and the same
``timestamp``, ``token``, ``signature`` fields). A ``dropped`` message is ``rejected``
(``reason`` ``hardfail``: an address that bounced, unsubscribed or complained before),
except where Mailgun gave up after trying (``old``, ``maxfails``): a ``bounce``.

Signature: hex HMAC-SHA256, keyed with the HTTP webhook signing key (the secret), of
``timestamp`` followed by ``token``. Mailgun's scheme does not cover the rest of the
body; the timestamp window (:data:`~bouncekit.receive.webhooks.base.MAX_SIGNATURE_AGE`)
bounds how long a captured signature can be replayed.
"""

from __future__ import annotations

from typing import Any

import orjson

from bouncekit.model import Event, Reason, Record
from bouncekit.receive.webhooks.base import (
    Esp,
    Payload,
    PayloadError,
    Request,
    SignatureError,
    is_form,
    load_form,
    load_json,
    mapping,
    string,
)
from bouncekit.receive.webhooks.signatures import equal, fresh, hmac_hex

_SUPPRESSED: dict[str, Reason] = {
    "suppress-bounce": Reason.USER_UNKNOWN,
    "suppress-complaint": Reason.POLICY_VIOLATION,
    "suppress-unsubscribe": Reason.POLICY_VIOLATION,
}
_LEGACY = {
    "bounced": Event.BOUNCE,
    "dropped": Event.REJECTED,
    "delivered": Event.DELIVERED,
    "complained": Event.COMPLAINT,
}
#: The legacy ``dropped`` reasons that mean Mailgun tried and gave up (the message too old
#: after its retries, or too many failed attempts): a failure of delivery, not a refusal
#: to send as ``hardfail`` (an address that bounced before) is.
_GAVE_UP = {"old": Reason.EXPIRED, "maxfails": None}


class Mailgun(Esp):
    name = "mailgun"
    secret_help = "the HTTP webhook signing key"

    def verify(self, request: Request, secret: str, *, now: float) -> None:
        fields = self._signature(request.body, request.header("content-type"))
        timestamp, token, signature = (string(fields.get(k)) for k in ("timestamp", "token", "signature"))
        if not (timestamp and token and signature):
            raise SignatureError("mailgun: the signature, its timestamp or its token is missing")
        if not equal(signature.lower(), hmac_hex(secret, (timestamp + token).encode())):
            raise SignatureError("mailgun: the signature does not match")
        fresh(self.name, timestamp, now)

    def _signature(self, body: bytes, content_type: str | None) -> dict[str, Any]:
        if is_form(content_type, body):
            return load_form(self.name, body, content_type)
        try:
            document = orjson.loads(body)
        except orjson.JSONDecodeError:
            raise SignatureError("mailgun: the body is not JSON, so its signature cannot be read") from None
        return mapping(mapping(document).get("signature"))

    def parse(self, body: bytes, content_type: str | None) -> Payload:
        if is_form(content_type, body):
            return self.payload([self._legacy(load_form(self.name, body, content_type))])
        document = load_json(self.name, body)
        if not isinstance(document, dict):
            raise PayloadError(f"mailgun: the body is a JSON {type(document).__name__}, not an object")
        data = document.get("event-data")
        if not isinstance(data, dict):
            raise PayloadError("mailgun: the body has no event-data object")
        name = string(data.get("event")) or ""
        records = self._records(data, name)
        return self.payload([self.event(data, name, records, data.get("id"))])

    def _records(self, data: dict[str, Any], name: str) -> list[Record]:
        status = mapping(data.get("delivery-status"))
        headers = mapping(mapping(data.get("message")).get("headers"))
        common = {
            "message_id": headers.get("message-id"),
            "date": data.get("timestamp"),
            "sender": mapping(data.get("envelope")).get("sender"),
            "remote_mta": status.get("mx-host"),
        }
        recipient = data.get("recipient")
        text = _text(status)
        if name == "delivered":
            return [self.record(Event.DELIVERED, recipient, text=text, **common)]
        if name == "complained":
            return [self.record(Event.COMPLAINT, recipient, **common)]
        if name == "rejected":
            reject = mapping(data.get("reject"))
            reason = string(reject.get("reason"))
            return [
                self.record(
                    Event.REJECTED,
                    recipient,
                    text=string(reject.get("description")) or reason,
                    esp_category=reason,
                    **common,
                )
            ]
        if name != "failed":
            return []
        reason = string(data.get("reason")) or ""
        if reason in _SUPPRESSED:
            return [
                self.record(
                    Event.REJECTED,
                    recipient,
                    text=text,
                    esp_reason=_SUPPRESSED[reason],
                    esp_category=reason,
                    **common,
                )
            ]
        event = Event.DELAYED if data.get("severity") == "temporary" else Event.BOUNCE
        code = status.get("code")
        return [
            self.record(
                event,
                recipient,
                text=text,
                status=status.get("enhanced-code"),
                reply_code=code if isinstance(code, int) and 200 <= code < 600 else None,
                # "old": Mailgun gave up after its retries (its own code 498, "Too old").
                esp_reason=_GAVE_UP.get(reason) if event is Event.BOUNCE else None,
                esp_category=reason or None,
                **common,
            )
        ]

    def _legacy(self, form: dict[str, str]) -> Any:
        name = form.get("event", "")
        event = _LEGACY.get(name)
        records = []
        if event is not None:
            text = " ".join(
                t
                for t in (
                    form.get("code"),
                    form.get("error")
                    or form.get("notification")
                    or form.get("description")
                    or form.get("reason"),
                )
                if t
            )
            reason = form.get("reason", "")
            esp_reason = _SUPPRESSED.get(f"suppress-{reason}") if event is Event.REJECTED else None
            if event is Event.REJECTED and reason in _GAVE_UP:
                event, esp_reason = Event.BOUNCE, _GAVE_UP[reason]
            records.append(
                self.record(
                    event,
                    form.get("recipient"),
                    text=text or None,
                    message_id=form.get("Message-Id") or form.get("message-id"),
                    date=form.get("timestamp"),
                    esp_reason=esp_reason,
                    esp_category=reason or None,
                )
            )
        raw = {k: v for k, v in form.items() if k not in ("body-plain", "body-html", "message-headers")}
        event_id = form.get("token") and f"{form.get('token')}:{form.get('recipient', '')}"
        return self.event(raw, name, records, event_id)


def _text(status: dict[str, Any]) -> str | None:
    """The SMTP reply Mailgun reports: its code with its message, or the description."""
    message = string(status.get("message")) or string(status.get("description"))
    code = status.get("code")
    if message and isinstance(code, int) and 200 <= code < 600 and not message.startswith(str(code)):
        return f"{code} {message}"
    return message
