"""Mailjet event notifications (webhooks).

A POST is one JSON event, or a JSON array of them when grouping is on (Mailjet's
"Event API: real-time notifications"): ``event`` sent, open, click, bounce, spam,
blocked, unsub; ``email``, ``time``, ``MessageID``, ``Message_GUID``, ``mj_message_id``.
A ``bounce`` has ``hard_bounce``, ``error_related_to``, ``error`` (Mailjet's category,
used where the text names no cause) and ``comment`` (the server's text); ``blocked``
is Mailjet refusing to send (the address known bad, a preblock): ``rejected``;
``sent`` carries ``smtp_reply`` and is the delivery to the receiving server.

Mailjet signs nothing: protect the URL with basic credentials (secret
``user:password``) or a token (``?token=`` or a bearer token).
"""

from __future__ import annotations

from typing import Any

from bouncekit.model import Event, Reason
from bouncekit.receive.webhooks.base import Esp, Payload, Request, load_json, objects, string
from bouncekit.receive.webhooks.signatures import credentials

_ERRORS: dict[str, Reason] = {
    "user unknown": Reason.USER_UNKNOWN,
    "mailbox inactive": Reason.MAILBOX_INACTIVE,
    "quota exceeded": Reason.MAILBOX_FULL,
    "invalid domain": Reason.DOMAIN_NOT_FOUND,
    "no mail host": Reason.DOMAIN_NOT_ACCEPTING,
    "relay/access denied": Reason.RELAY_DENIED,
    "sender blocked": Reason.SENDER_REJECTED,
    "content blocked": Reason.CONTENT_REJECTED,
    "policy issue": Reason.POLICY_VIOLATION,
    "system issue": Reason.SYSTEM_ERROR,
    "protocol issue": Reason.SYNTAX_ERROR,
    "connection issue": Reason.SERVER_UNAVAILABLE,
    "greylisted": Reason.DELAYED,
    # The account's own exclusion list (a contact it blocked), not a DNSBL.
    "blacklisted": Reason.POLICY_VIOLATION,
    "spam reporter": Reason.POLICY_VIOLATION,
    # An address that recently or repeatedly bounced: Mailjet does not try it.
    "preblocked": Reason.USER_UNKNOWN,
    "spam preblocked": Reason.SPAM_CONTENT,
    "recipient blocked": Reason.POLICY_VIOLATION,
    "domain blocked": Reason.POLICY_VIOLATION,
    "typofix": Reason.INVALID_ADDRESS,
    "duplicate in campaign": Reason.POLICY_VIOLATION,
}
_EVENTS = {
    "bounce": Event.BOUNCE,
    "blocked": Event.REJECTED,
    "spam": Event.COMPLAINT,
    "sent": Event.DELIVERED,
}


class Mailjet(Esp):
    name = "mailjet"
    secret_help = "basic credentials user:password, or a token (?token=... or Authorization: Bearer)"

    def verify(self, request: Request, secret: str, *, now: float) -> None:
        credentials(self.name, request, secret)

    def parse(self, body: bytes, content_type: str | None) -> Payload:
        events = []
        for raw in objects(self.name, load_json(self.name, body)):
            name = string(raw.get("event")) or ""
            event = _EVENTS.get(name)
            records = [self._record(raw, event)] if event is not None else []
            events.append(self.event(raw, name, records))
        return self.payload(events)

    def _record(self, raw: dict[str, Any], event: Event):
        common = {
            "message_id": raw.get("MessageID") or raw.get("mj_message_id") or raw.get("Message_GUID"),
            "date": raw.get("time"),
        }
        if event is Event.DELIVERED:
            return self.record(event, raw.get("email"), text=raw.get("smtp_reply"), **common)
        if event is Event.COMPLAINT:
            return self.record(event, raw.get("email"), **common)
        error = string(raw.get("error")) or ""
        reason = _ERRORS.get(error.lower())
        if reason is Reason.DELAYED:
            event = Event.DELAYED
            reason = None
        text = string(raw.get("comment")) or error or None
        return self.record(
            event, raw.get("email"), text=text, esp_reason=reason, esp_category=error or None, **common
        )
