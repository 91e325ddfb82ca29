"""Postmark webhooks: Bounce, SpamComplaint, Delivery (and Open, Click, SubscriptionChange).

One JSON object per request with ``RecordType`` (Postmark's "Webhooks" documentation).
A Bounce has ``Type`` and ``TypeCode`` (Postmark's bounce types: HardBounce,
Transient, SoftBounce, DnsError, AutoResponder, BadEmailAddress, Blocked, ...),
``Email``, ``Details`` (the SMTP text), ``BouncedAt``, ``MessageID``, ``ID``. Postmark's
type gives the class where the text names no cause; ``BadEmailAddress`` and
``ManuallyDeactivated`` are Postmark refusing to send: ``rejected``.

Postmark signs nothing: protect the URL with basic credentials (secret
``user:password``) or a token (``?token=`` or a bearer token).
"""

from __future__ import annotations

from typing import Any

from bouncekit.model import Event, Reason
from bouncekit.receive.webhooks.base import Esp, Payload, Request, load_json, objects, string
from bouncekit.receive.webhooks.signatures import credentials

# Postmark bounce Type -> (event, the reason it stands for); None: no record.
_TYPES: dict[str, tuple[Event, Reason | None] | None] = {
    "HardBounce": (Event.BOUNCE, Reason.USER_UNKNOWN),
    "Transient": (Event.DELAYED, None),
    "SoftBounce": (Event.BOUNCE, Reason.SERVER_UNAVAILABLE),
    "DnsError": (Event.BOUNCE, Reason.DNS_ERROR),
    "AutoResponder": (Event.AUTO_REPLY, Reason.AUTO_REPLY),
    "AddressChange": (Event.BOUNCE, Reason.ADDRESS_MOVED),
    "SpamNotification": (Event.BOUNCE, Reason.SPAM_CONTENT),
    "VirusNotification": (Event.BOUNCE, Reason.VIRUS_DETECTED),
    "ChallengeVerification": (Event.BOUNCE, Reason.CHALLENGE_RESPONSE),
    "BadEmailAddress": (Event.REJECTED, Reason.INVALID_ADDRESS),
    # Deactivated by the account's user (an address someone asked not to mail): the
    # sender's own choice, a block (50), as a suppressed unsubscribe is.
    "ManuallyDeactivated": (Event.REJECTED, Reason.POLICY_VIOLATION),
    "Unconfirmed": (Event.REJECTED, None),
    "Blocked": (Event.BOUNCE, Reason.BLOCKED),
    "DMARCPolicy": (Event.BOUNCE, Reason.AUTH_FAILURE),
    "SMTPApiError": (Event.REJECTED, None),
    "TemplateRenderingFailed": (Event.REJECTED, None),
    # Postmark could not hand an inbound message to the account's own hook: no delivery
    # of the sender's failed, the address is the account's inbound one.
    "InboundError": None,
    "OpenRelayTest": (Event.BOUNCE, Reason.RELAY_DENIED),
    "Unknown": (Event.BOUNCE, None),
    "SpamComplaint": (Event.COMPLAINT, None),
    "Unsubscribe": None,
    "Subscribe": None,
}


class Postmark(Esp):
    name = "postmark"
    secret_help = "basic credentials user:password, or a token (?token=... or Authorization: Bearer)"

    def verify(self, request: Request, secret: str, *, now: float) -> None:
        credentials(self.name, request, secret)

    def parse(self, body: bytes, content_type: str | None) -> Payload:
        events = []
        for raw in objects(self.name, load_json(self.name, body)):
            kind = string(raw.get("RecordType")) or _legacy_kind(raw)
            records = []
            if kind in ("Bounce", "SpamComplaint"):
                bounce_type = string(raw.get("Type")) or (
                    "SpamComplaint" if kind == "SpamComplaint" else "Unknown"
                )
                mapped = _TYPES.get(bounce_type, (Event.BOUNCE, None))
                if mapped is not None:
                    event, reason = mapped
                    records.append(
                        self.record(
                            event,
                            raw.get("Email"),
                            text=raw.get("Details") or raw.get("Description"),
                            esp_reason=reason,
                            esp_category=bounce_type,
                            message_id=raw.get("MessageID"),
                            date=raw.get("BouncedAt"),
                            sender=raw.get("From"),
                        )
                    )
            elif kind == "Delivery":
                records.append(
                    self.record(
                        Event.DELIVERED,
                        raw.get("Recipient"),
                        text=raw.get("Details"),
                        message_id=raw.get("MessageID"),
                        date=raw.get("DeliveredAt"),
                    )
                )
            events.append(self.event(raw, kind, records, _event_id(raw, kind)))
        return self.payload(events)


def _legacy_kind(raw: dict[str, Any]) -> str:
    """The RecordType of a payload from before Postmark sent one (bounce and delivery hooks)."""
    if "BouncedAt" in raw or "TypeCode" in raw:
        return "SpamComplaint" if raw.get("Type") == "SpamComplaint" else "Bounce"
    if "DeliveredAt" in raw:
        return "Delivery"
    return ""


def _event_id(raw: dict[str, Any], kind: str) -> str | None:
    if kind in ("Bounce", "SpamComplaint") and raw.get("ID") is not None:
        return f"{kind}:{raw['ID']}"
    return None
