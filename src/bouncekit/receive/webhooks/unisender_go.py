"""UniSender Go webhooks.

A POST is ``{"auth": ..., "events_by_user": [{"user_id", "project_id", "events": [...]}]}``
(UniSender Go's "Webhooks" documentation). An event ``transactional_email_status`` has
``event_data`` with ``email``, ``job_id``, ``status`` (sent, delivered, opened,
clicked, unsubscribed, subscribed, soft_bounced, hard_bounced, spam), ``event_time``
and ``delivery_info`` (``delivery_status``, UniSender Go's category such as
``err_user_unknown`` or ``err_mailbox_full``, and ``destination_response``, the
server's reply). A soft bounce that will be retried (``err_will_retry``) is ``delayed``;
the statuses of a message UniSender Go would not send (``err_unsubscribed``,
``err_not_allowed``, ``skip_dup_*``, ...) are ``rejected``. ``transactional_spam_block``
events name no recipient and give no record.

Signature: ``auth`` is the MD5 of the body with the value of ``auth`` replaced by the
API key (the secret).
"""

from __future__ import annotations

import hashlib
from typing import Any

import orjson

from bouncekit.model import Event, Reason
from bouncekit.receive.webhooks.base import (
    Esp,
    Payload,
    PayloadError,
    Request,
    SignatureError,
    load_json,
    mapping,
    objects,
    string,
)
from bouncekit.receive.webhooks.signatures import equal

_DELIVERY: dict[str, Reason] = {
    "err_user_unknown": Reason.USER_UNKNOWN,
    "err_user_inactive": Reason.MAILBOX_INACTIVE,
    "err_mailbox_discarded": Reason.USER_UNKNOWN,
    "err_mailbox_full": Reason.MAILBOX_FULL,
    "err_no_dns": Reason.DOMAIN_NOT_FOUND,
    "err_no_smtp": Reason.DOMAIN_NOT_ACCEPTING,
    "err_domain_inactive": Reason.DOMAIN_NOT_ACCEPTING,
    "err_destination_misconfigured": Reason.MAILBOX_MISCONFIGURED,
    "err_spam_rejected": Reason.SPAM_CONTENT,
    "err_too_large": Reason.MESSAGE_TOO_LARGE,
    "err_blacklisted": Reason.BLOCKLISTED,
    "err_delivery_failed": Reason.SYSTEM_ERROR,
    "err_lost": Reason.SYSTEM_ERROR,
    "err_internal": Reason.SYSTEM_ERROR,
    "err_unsubscribed": Reason.POLICY_VIOLATION,
    "err_not_allowed": Reason.POLICY_VIOLATION,
    "err_skip_letter": Reason.POLICY_VIOLATION,
    "err_spam_skipped": Reason.POLICY_VIOLATION,
    "err_dest_invalid": Reason.INVALID_ADDRESS,
    "err_src_invalid": Reason.SENDER_REJECTED,
    "skip_dup_unreachable": Reason.USER_UNKNOWN,
    "skip_dup_temp_unreachable": Reason.SERVER_UNAVAILABLE,
    "skip_dup_mailbox_full": Reason.MAILBOX_FULL,
}
#: Delivery statuses that mean UniSender Go did not even try.
_REFUSED = frozenset(
    {
        "err_unsubscribed",
        "err_not_allowed",
        "err_skip_letter",
        "err_spam_skipped",
        "err_dest_invalid",
        "err_src_invalid",
        "skip_dup_unreachable",
        "skip_dup_temp_unreachable",
        "skip_dup_mailbox_full",
    }
)
_STATUSES = {
    "hard_bounced": Event.BOUNCE,
    "soft_bounced": Event.BOUNCE,
    "delivered": Event.DELIVERED,
    "spam": Event.COMPLAINT,
}


class UnisenderGo(Esp):
    name = "unisender_go"
    secret_help = "the API key (UniSender Go signs the body's MD5 with it)"

    def verify(self, request: Request, secret: str, *, now: float) -> None:
        try:
            document = orjson.loads(request.body)
        except orjson.JSONDecodeError:
            raise SignatureError("unisender_go: the body is not JSON, so it carries no auth field") from None
        auth = document.get("auth") if isinstance(document, dict) else None
        if not isinstance(auth, str) or not auth:
            raise SignatureError("unisender_go: the auth field is missing")
        needle = b'"auth":"' + auth.encode() + b'"'
        if request.body.count(needle) != 1:
            needle = b'"auth": "' + auth.encode() + b'"'
        if request.body.count(needle) != 1:
            raise SignatureError("unisender_go: the auth field cannot be found once in the raw body")
        replaced = request.body.replace(needle, needle.replace(auth.encode(), secret.encode()), 1)
        if not equal(auth.lower(), hashlib.md5(replaced).hexdigest()):
            raise SignatureError("unisender_go: the auth hash does not match")

    def parse(self, body: bytes, content_type: str | None) -> Payload:
        document = load_json(self.name, body)
        if not isinstance(document, dict) or not isinstance(document.get("events_by_user"), list):
            raise PayloadError("unisender_go: the body has no events_by_user array")
        events = []
        for user in objects(self.name, document["events_by_user"], "events_by_user item"):
            for raw in objects(self.name, user.get("events") or [], "event"):
                name = string(raw.get("event_name")) or ""
                data = mapping(raw.get("event_data"))
                records = self._records(data) if name == "transactional_email_status" else []
                events.append(self.event(raw, name, records))
        return self.payload(events)

    def _records(self, data: dict[str, Any]) -> list:
        status = string(data.get("status")) or ""
        event = _STATUSES.get(status)
        if event is None:
            return []
        info = mapping(data.get("delivery_info"))
        delivery = string(info.get("delivery_status")) or ""
        common = {"message_id": data.get("job_id"), "date": data.get("event_time")}
        if event in (Event.DELIVERED, Event.COMPLAINT):
            return [self.record(event, data.get("email"), text=info.get("destination_response"), **common)]
        if delivery == "err_will_retry":
            event = Event.DELAYED
        elif delivery in _REFUSED:
            event = Event.REJECTED
        return [
            self.record(
                event,
                data.get("email"),
                text=info.get("destination_response"),
                esp_reason=_DELIVERY.get(delivery),
                esp_category=delivery or status,
                **common,
            )
        ]
