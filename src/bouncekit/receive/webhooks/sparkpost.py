"""SparkPost (Bird) event webhooks.

A POST carries a JSON array of ``{"msys": {"<class>_event": {...}}}`` objects
(SparkPost's "Webhook event types"); an empty ``msys`` is the test ping sent when a
webhook is created. ``message_event`` types bounce, out_of_band, delay,
policy_rejection, delivery, spam_complaint, injection; ``track_event``,
``gen_event``, ``unsubscribe_event``, ``relay_event``. Each has ``event_id``,
``rcpt_to``, ``raw_reason``, ``error_code``, ``message_id``, ``timestamp``, and for
failures ``bounce_class``: SparkPost's bounce classification, the same numeric table
as TAXONOMY.md, used as the class with basis ``esp``. Its own classes 25 (Admin
Failure: SparkPost's policy or suppression list) and 26 are SparkPost refusing to
send: ``rejected``; 60 (Auto-Reply) is the mailbox answering: ``auto_reply``; 80 and 90
(subscribe, unsubscribe) give no record.

SparkPost signs nothing: protect the URL with basic credentials (secret
``user:password``) or a token (``?token=`` or a bearer token).
"""

from __future__ import annotations

from typing import Any

from bouncekit.model import Event
from bouncekit.receive.webhooks.base import Esp, Payload, Request, load_json, mapping, objects, string
from bouncekit.receive.webhooks.signatures import credentials

_TYPES = {
    "bounce": Event.BOUNCE,
    "out_of_band": Event.BOUNCE,
    "delay": Event.DELAYED,
    "policy_rejection": Event.REJECTED,
    "generation_rejection": Event.REJECTED,
    "generation_failure": Event.REJECTED,
    "delivery": Event.DELIVERED,
    "spam_complaint": Event.COMPLAINT,
}
#: SparkPost's own classes outside the shared table: refused by SparkPost itself.
_REFUSED_CLASSES = frozenset({"25", "26"})
_NO_RECORD_CLASSES = frozenset({"80", "90"})
#: SparkPost's "Auto-Reply" class: the recipient's mailbox answered, nothing bounced.
_AUTO_REPLY_CLASS = "60"


class SparkPost(Esp):
    name = "sparkpost"
    secret_help = "basic credentials user:password, or a token (?token=... or Authorization: Bearer)"

    def verify(self, request: Request, secret: str, *, now: float) -> None:
        credentials(self.name, request, secret)

    def parse(self, body: bytes, content_type: str | None) -> Payload:
        events = []
        for item in objects(self.name, load_json(self.name, body)):
            # {"msys": {"message_event": {...}}}; an event forwarded without its wrappers too.
            msys = (
                mapping(item.get("msys")) if "msys" in item else {"event": item} if "type" in item else item
            )
            for group, raw in msys.items():
                if not isinstance(raw, dict):
                    continue
                name = string(raw.get("type")) or group
                records = self._records(raw, name)
                events.append(self.event(raw, name, records, raw.get("event_id")))
        return self.payload(events)

    def _records(self, raw: dict[str, Any], name: str) -> list:
        event = _TYPES.get(name)
        if event is None:
            return []
        bounce_class = string(raw.get("bounce_class"))
        if bounce_class in _NO_RECORD_CLASSES:
            return []
        recipient = raw.get("rcpt_to") or raw.get("raw_rcpt_to")
        common = {
            "message_id": raw.get("message_id"),
            "date": raw.get("timestamp"),
            "sender": raw.get("msg_from") or raw.get("friendly_from"),
        }
        if event is Event.DELIVERED:
            return [self.record(event, recipient, text=raw.get("raw_reason"), **common)]
        if event is Event.COMPLAINT:
            return [self.record(event, recipient, feedback_type=raw.get("fbtype"), **common)]
        if bounce_class in _REFUSED_CLASSES:
            event = Event.REJECTED
        elif bounce_class == _AUTO_REPLY_CLASS:
            event = Event.AUTO_REPLY
        text = raw.get("raw_reason") or raw.get("reason") or raw.get("error_code")
        numeric = None if bounce_class in _REFUSED_CLASSES else bounce_class
        return [
            self.record(
                event,
                recipient,
                text=text,
                reply_code=raw.get("error_code"),
                esp_class=numeric,
                **common,
            )
        ]
