"""Mailtrap Email Sending webhooks.

A POST is ``{"events": [...]}`` (Mailtrap's "Webhooks" documentation), each event with
``event`` (delivery, soft bounce, bounce, suspension, reject, spam, unsubscribe, open,
click), ``email``, ``message_id``, ``event_id``, ``timestamp`` and, for failures,
``response`` (the server's text), ``response_code`` and ``bounce_category``. Reject
and suspension are Mailtrap refusing to send: ``rejected``.

Signature: header ``Mailtrap-Signature``, hex HMAC-SHA256 of the raw body keyed with the
webhook's signing secret.
"""

from __future__ import annotations

from typing import Any

from bouncekit.model import Event, Reason
from bouncekit.receive.webhooks.base import (
    Esp,
    Payload,
    PayloadError,
    Request,
    SignatureError,
    load_json,
    objects,
    string,
)
from bouncekit.receive.webhooks.signatures import equal, hmac_hex

_EVENTS = {
    "delivery": Event.DELIVERED,
    "bounce": Event.BOUNCE,
    "soft bounce": Event.DELAYED,
    "soft_bounce": Event.DELAYED,
    "spam": Event.COMPLAINT,
    "reject": Event.REJECTED,
    "suspension": Event.REJECTED,
}
_CATEGORIES: dict[str, Reason] = {
    "badmailbox": Reason.USER_UNKNOWN,
    "bad_mailbox": Reason.USER_UNKNOWN,
    "baddomain": Reason.DOMAIN_NOT_FOUND,
    "bad_domain": Reason.DOMAIN_NOT_FOUND,
    "inactivemailbox": Reason.MAILBOX_INACTIVE,
    "quota": Reason.MAILBOX_FULL,
    "quotaissues": Reason.MAILBOX_FULL,
    "spamcontent": Reason.SPAM_CONTENT,
    "spam_content": Reason.SPAM_CONTENT,
    "content": Reason.CONTENT_REJECTED,
    "spamblock": Reason.BLOCKLISTED,
    "reputation": Reason.BAD_REPUTATION,
    "policyrelated": Reason.POLICY_VIOLATION,
    "policy": Reason.POLICY_VIOLATION,
    "routingerrors": Reason.RELAY_FAILED,
    "protocolerrors": Reason.SYNTAX_ERROR,
    "badconnection": Reason.SERVER_UNAVAILABLE,
    "unavailable": Reason.SERVER_UNAVAILABLE,
    "messageexpired": Reason.EXPIRED,
    "virusrelated": Reason.VIRUS_DETECTED,
    # A reject's reason: the account's own suppressions.
    "unsubscribed": Reason.POLICY_VIOLATION,
    "unsubscribe": Reason.POLICY_VIOLATION,
    "spamcomplaint": Reason.POLICY_VIOLATION,
    "complaint": Reason.POLICY_VIOLATION,
    "hardbounce": Reason.USER_UNKNOWN,
}


class Mailtrap(Esp):
    name = "mailtrap"
    secret_help = "the webhook signing secret"

    def verify(self, request: Request, secret: str, *, now: float) -> None:
        signature = request.header("Mailtrap-Signature")
        if not signature:
            raise SignatureError("mailtrap: the Mailtrap-Signature header is missing")
        if not equal(signature.strip().lower(), hmac_hex(secret, request.body)):
            raise SignatureError("mailtrap: the signature does not match")

    def parse(self, body: bytes, content_type: str | None) -> Payload:
        document = load_json(self.name, body)
        batch = document.get("events") if isinstance(document, dict) and "events" in document else document
        if not isinstance(batch, list | dict):
            raise PayloadError("mailtrap: the body has no events array")
        events = []
        for raw in objects(self.name, batch):
            name = string(raw.get("event")) or ""
            event = _EVENTS.get(name.lower())
            records = [self._record(raw, name, event)] if event is not None else []
            events.append(self.event(raw, name, records, raw.get("event_id")))
        return self.payload(events)

    def _record(self, raw: dict[str, Any], name: str, event: Event):
        common = {"message_id": raw.get("message_id"), "date": raw.get("timestamp")}
        if event in (Event.DELIVERED, Event.COMPLAINT):
            return self.record(event, raw.get("email"), **common)
        category = string(raw.get("bounce_category")) or string(raw.get("reason")) or ""
        text = string(raw.get("response")) or string(raw.get("reason"))
        code = raw.get("response_code")
        # "spam complaint", "Spam-Complaint", or a reject's "recipient is suppressed: spam
        # complaint": the category is the last part.
        key = category.lower().rpartition(":")[2].replace(" ", "").replace("-", "")
        return self.record(
            event,
            raw.get("email"),
            text=text,
            reply_code=code,
            esp_reason=_CATEGORIES.get(key) or _CATEGORIES.get(category.lower()),
            esp_category=category or name,
            **common,
        )
