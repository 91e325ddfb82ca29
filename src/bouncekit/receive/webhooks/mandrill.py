"""Mandrill (Mailchimp Transactional) webhooks.

A POST is form-encoded with one field, ``mandrill_events``: a JSON array of events
(Mandrill's "Webhook format"): ``event`` send, deferral, hard_bounce, soft_bounce,
open, click, spam, unsub, reject; ``_id``, ``ts`` and ``msg`` with ``email``,
``sender``, ``_id``, ``bounce_description``, ``bgtools_code`` (the bounce
classification of the Message Systems tools, the same numeric table as TAXONOMY.md,
used as the class with basis ``esp``) and ``diag`` (the SMTP reply). Sync events
(``type`` whitelist or blacklist, no ``event``) give no record. ``reject`` is
Mandrill refusing to send: ``rejected``. ``send`` says only that Mandrill sent the
message; one whose ``smtp_events`` hold the receiving server's acceptance (``type``
sent) is ``delivered``.

Signature (``X-Mandrill-Signature``): base64 HMAC-SHA1, keyed with the webhook key
(the secret), of the webhook URL followed by each POST field's name and value, sorted
by name.
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
    is_form,
    load_form,
    load_json,
    mapping,
    objects,
    string,
)
from bouncekit.receive.webhooks.signatures import equal, hmac_base64

SIGNATURE_HEADER = "X-Mandrill-Signature"

_EVENTS = {
    "hard_bounce": Event.BOUNCE,
    "soft_bounce": Event.BOUNCE,
    "deferral": Event.DELAYED,
    "spam": Event.COMPLAINT,
    "reject": Event.REJECTED,
}
_DESCRIPTIONS: dict[str, Reason] = {
    "bad_mailbox": Reason.USER_UNKNOWN,
    "invalid_domain": Reason.DOMAIN_NOT_FOUND,
    "mailbox_full": Reason.MAILBOX_FULL,
    "spam_related": Reason.SPAM_CONTENT,
    "invalid_content": Reason.CONTENT_REJECTED,
    "invalid_mime": Reason.NOT_RFC_COMPLIANT,
    "routing_failed": Reason.RELAY_FAILED,
    "smtp_error": Reason.SYSTEM_ERROR,
    "general": None,
}
# Why Mandrill rejected a send (msg.reject.reason, or msg.state): its rejection list.
_REJECTS: dict[str, Reason] = {
    "hard-bounce": Reason.USER_UNKNOWN,
    "invalid": Reason.INVALID_ADDRESS,
    "spam": Reason.POLICY_VIOLATION,
    "unsub": Reason.POLICY_VIOLATION,
    # added by the account to its own denylist
    "custom": Reason.POLICY_VIOLATION,
}


class Mandrill(Esp):
    name = "mandrill"
    secret_help = "the webhook key Mandrill shows for this webhook"

    def verify(self, request: Request, secret: str, *, now: float) -> None:
        signature = request.header(SIGNATURE_HEADER)
        if not signature:
            raise SignatureError("mandrill: the X-Mandrill-Signature header is missing")
        form = (
            load_form(self.name, request.body, request.header("content-type"))
            if is_form(request.header("content-type"), request.body)
            else {}
        )
        signed = request.url + "".join(f"{k}{v}" for k, v in sorted(form.items()))
        if not equal(signature.strip(), hmac_base64(secret, signed.encode(), "sha1")):
            raise SignatureError("mandrill: the signature does not match")

    def parse(self, body: bytes, content_type: str | None) -> Payload:
        if is_form(content_type, body):
            form = load_form(self.name, body, content_type)
            if "mandrill_events" not in form:
                raise PayloadError("mandrill: the form has no mandrill_events field")
            document = load_json(self.name, form["mandrill_events"].encode())
        else:
            document = load_json(self.name, body)
        if isinstance(document, dict) and "mandrill_events" in document:
            document = document["mandrill_events"]
        if not isinstance(document, list):
            raise PayloadError("mandrill: mandrill_events is not a JSON array")
        events = []
        for raw in objects(self.name, document):
            name = string(raw.get("event")) or string(raw.get("type")) or ""
            records = self._records(raw, name)
            event_id = None
            if raw.get("_id") is not None:
                event_id = f"{raw['_id']}:{name}:{raw.get('ts', '')}"
            events.append(self.event(raw, name, records, event_id))
        return self.payload(events)

    def _records(self, raw: dict[str, Any], name: str) -> list:
        event = _EVENTS.get(name)
        msg = mapping(raw.get("msg"))
        if name == "send" and msg:
            events = msg.get("smtp_events") or []
            accepted = [e for e in events if isinstance(e, dict) and e.get("type") == "sent"]
            if accepted:
                return [self.record(Event.DELIVERED, msg.get("email"), text=string(accepted[-1].get("diag")),
                                    message_id=msg.get("_id"), date=raw.get("ts") or msg.get("ts"),
                                    sender=msg.get("sender"))]
        if event is None or not msg:
            return []
        common = {
            "message_id": msg.get("_id"),
            "date": raw.get("ts") or msg.get("ts"),
            "sender": msg.get("sender"),
        }
        recipient = msg.get("email")
        if event is Event.COMPLAINT:
            return [self.record(event, recipient, **common)]
        diag = msg.get("diag")
        if event is Event.DELAYED and not diag:
            deferred = [e for e in msg.get("smtp_events") or [] if isinstance(e, dict) and e.get("diag")]
            diag = deferred[-1]["diag"] if deferred else None
        if event is Event.REJECTED:
            why = string(mapping(msg.get("reject")).get("reason")) or string(raw.get("reject_reason")) or ""
            return [
                self.record(
                    event,
                    recipient,
                    text=diag or why or None,
                    esp_reason=_REJECTS.get(why),
                    esp_category=why or None,
                    **common,
                )
            ]
        description = string(msg.get("bounce_description")) or ""
        return [
            self.record(
                event,
                recipient,
                text=diag,
                esp_class=msg.get("bgtools_code") or None,
                esp_reason=_DESCRIPTIONS.get(description),
                esp_category=description or None,
                **common,
            )
        ]
