"""Amazon SES notifications, delivered through Amazon SNS (also accepted bare, or from EventBridge).

SNS posts a JSON envelope (``Type`` Notification, SubscriptionConfirmation or
UnsubscribeConfirmation) whose ``Message`` is the SES notification as a JSON string:
either an identity notification (``notificationType`` Bounce, Complaint, Delivery) or
an event-publishing record (``eventType`` Bounce, Complaint, Delivery, DeliveryDelay,
Reject, Send, Open, Click, ...), each with a ``mail`` object. Shapes and names from
the SES developer guide ("Amazon SES notification contents", "Event data"). SES's own
bounce types and subtypes give the class where the diagnostic text names no cause;
``Suppressed`` and ``OnAccountSuppressionList`` mean SES refused to send: ``rejected``;
so is a ``Rendering Failure`` (the template could not be filled), of class 40.

Event publishing can also go to a Kinesis Data Firehose stream whose HTTP endpoint is
this webhook: a POST ``{"requestId", "timestamp", "records": [{"data": <base64>}]}``
whose each record is one or more event-publishing records in JSON, one a line.

The secret is the TopicArn to accept (several separated by commas), or ``*`` for any
topic; the signature is SNS's (see :mod:`~bouncekit.receive.webhooks.sns`). A Firehose
delivery carries no signature: it is accepted when its ``X-Amz-Firehose-Access-Key``
header is one of the secret's comma-separated values.
"""

from __future__ import annotations

import base64
import binascii
from typing import Any

import orjson

from bouncekit.model import Event, Reason, Record
from bouncekit.receive.webhooks.base import (
    Esp,
    Payload,
    PayloadError,
    Request,
    SignatureError,
    WebhookEvent,
    load_json,
    mapping,
    string,
)
from bouncekit.receive.webhooks.signatures import equal
from bouncekit.receive.webhooks.sns import CertificateSource, verify_message

#: Most records of one Firehose delivery read (Firehose sends at most 500).
_MAX_FIREHOSE_RECORDS = 1000

BOUNCE_REASONS: dict[tuple[str, str], Reason] = {
    ("Permanent", "NoEmail"): Reason.USER_UNKNOWN,
    ("Permanent", "Suppressed"): Reason.USER_UNKNOWN,
    ("Transient", "MailboxFull"): Reason.MAILBOX_FULL,
    ("Transient", "MessageTooLarge"): Reason.MESSAGE_TOO_LARGE,
    ("Transient", "ContentRejected"): Reason.CONTENT_REJECTED,
    ("Transient", "AttachmentRejected"): Reason.PROHIBITED_ATTACHMENT,
}
REFUSED_SUBTYPES = frozenset({"Suppressed", "OnAccountSuppressionList"})
_DELAY_REASONS: dict[str, Reason] = {
    "InternalFailure": Reason.SYSTEM_ERROR,
    "MailboxFull": Reason.MAILBOX_FULL,
    "SpamDetected": Reason.SPAM_CONTENT,
    "RecipientServerError": Reason.SERVER_UNAVAILABLE,
    "IPFailure": Reason.BLOCKLISTED,
    "TransientCommunicationFailure": Reason.SERVER_UNAVAILABLE,
    "BYOIPHostNameLookupUnavailable": Reason.DNS_ERROR,
    "SendingDeliverabilityIssue": Reason.BAD_REPUTATION,
}


class AmazonSes(Esp):
    name = "amazon_ses"
    secret_help = "the SNS TopicArn to accept (comma-separated for several), or * for any topic"

    def __init__(self, certificates: CertificateSource | None = None) -> None:
        self._certificates = certificates

    @property
    def certificates(self) -> CertificateSource:
        if self._certificates is None:
            self._certificates = CertificateSource.from_env()
        return self._certificates

    def verify(
        self, request: Request, secret: str, *, now: float, certificates: CertificateSource | None = None
    ) -> None:
        try:
            message = orjson.loads(request.body)
        except orjson.JSONDecodeError:
            raise SignatureError(
                "amazon_ses: the body is not an SNS message, so it carries no signature"
            ) from None
        if isinstance(message, dict) and "Type" not in message and isinstance(message.get("records"), list):
            # A Firehose delivery: no signature, its access key instead.
            key = request.header("x-amz-firehose-access-key") or ""
            keys = [k.strip() for k in secret.split(",") if k.strip()]
            if not key or not any(equal(key, k) for k in keys):
                raise SignatureError(
                    "amazon_ses: the Firehose delivery's access key is missing or not one configured"
                )
            return
        if not isinstance(message, dict) or "Type" not in message:
            raise SignatureError("amazon_ses: only messages signed by Amazon SNS are accepted")
        verify_message(message, certificates or self.certificates)
        topics = {t.strip() for t in secret.split(",") if t.strip()}
        if "*" not in topics and message.get("TopicArn") not in topics:
            raise SignatureError(
                f"amazon_ses: the topic {str(message.get('TopicArn'))[:200]!r} is not one configured"
            )

    def queueable(self, body: bytes) -> bool:
        # A SubscriptionConfirmation is confirmed by the receiver (service/webhooks.py), not stored.
        try:
            document = orjson.loads(body)
        except orjson.JSONDecodeError:
            return True  # not for the receiver either: the worker dead-letters what it cannot read
        return not (isinstance(document, dict) and document.get("Type") == "SubscriptionConfirmation")

    def parse(self, body: bytes, content_type: str | None) -> Payload:
        document = load_json(self.name, body)
        if not isinstance(document, dict):
            raise PayloadError(
                f"amazon_ses: the body is a JSON {type(document).__name__}, not an SNS message"
            )
        kind = document.get("Type")
        if kind is not None:
            return self._sns(document, str(kind))
        if "detail-type" in document and isinstance(document.get("detail"), dict):  # EventBridge
            return self.payload(self._events(document["detail"], string(document.get("id"))))
        if "notificationType" in document or "eventType" in document:
            return self.payload(self._events(document, None))
        if isinstance(document.get("records"), list) and "requestId" in document:  # Firehose
            return self.payload(self._firehose(document["records"]))
        raise PayloadError(
            "amazon_ses: the body is neither an SNS message (no Type) nor an SES notification "
            "(no notificationType or eventType)"
        )

    def _firehose(self, records: list[Any]) -> list[WebhookEvent]:
        """The events of a Firehose delivery's records (base64 of newline-separated JSON)."""
        events: list[WebhookEvent] = []
        for index, record in enumerate(records[:_MAX_FIREHOSE_RECORDS]):
            data = mapping(record).get("data")
            try:
                lines = base64.b64decode(data if isinstance(data, str) else "", validate=True).splitlines()
            except (binascii.Error, ValueError):
                raise PayloadError(f"amazon_ses: Firehose record {index} is not base64") from None
            for line in lines:
                if not line.strip():
                    continue
                message = _loaded(line, f"Firehose record {index} is not JSON")
                if isinstance(message, dict) and ("eventType" in message or "notificationType" in message):
                    events += self._events(message, None)
        return events

    def _sns(self, envelope: dict[str, Any], kind: str) -> Payload:
        if kind == "SubscriptionConfirmation":
            url = string(envelope.get("SubscribeURL"))
            if url is None:
                raise PayloadError("amazon_ses: a SubscriptionConfirmation without SubscribeURL")
            return self.payload([], url)
        if kind == "UnsubscribeConfirmation":
            return self.payload([])
        if kind != "Notification":
            raise PayloadError(f"amazon_ses: unknown SNS message Type {kind[:50]!r}")
        text = envelope.get("Message")
        if not isinstance(text, str):
            raise PayloadError("amazon_ses: the SNS notification has no Message string")
        message = _loaded(text, "the SNS Message is not an SES notification in JSON")
        if not isinstance(message, dict):
            raise PayloadError("amazon_ses: the SNS Message is not a JSON object")
        return self.payload(self._events(message, string(envelope.get("MessageId"))))

    def _events(self, message: dict[str, Any], event_id: str | None) -> list[WebhookEvent]:
        kind = string(message.get("notificationType") or message.get("eventType")) or ""
        mail = mapping(message.get("mail"))
        common = {"message_id": mail.get("messageId"), "sender": mail.get("source")}
        records: list[Record]
        if kind == "Bounce":
            records = self._bounce(mapping(message.get("bounce")), common)
            event_id = event_id or string(mapping(message.get("bounce")).get("feedbackId"))
        elif kind == "Complaint":
            records = self._complaint(mapping(message.get("complaint")), common)
            event_id = event_id or string(mapping(message.get("complaint")).get("feedbackId"))
        elif kind == "Delivery":
            delivery = mapping(message.get("delivery"))
            records = [
                self.record(
                    Event.DELIVERED,
                    to,
                    text=delivery.get("smtpResponse"),
                    date=delivery.get("timestamp"),
                    reporting_mta=delivery.get("reportingMTA"),
                    **common,
                )
                for to in _list(delivery.get("recipients"))
            ]
        elif kind == "DeliveryDelay":
            delay = mapping(message.get("deliveryDelay"))
            delay_type = string(delay.get("delayType")) or ""
            records = [
                self.record(
                    Event.DELAYED,
                    r.get("emailAddress"),
                    text=r.get("diagnosticCode"),
                    status=r.get("status"),
                    date=delay.get("timestamp"),
                    reporting_mta=_mta(delay.get("reportingMTA")),
                    esp_reason=_DELAY_REASONS.get(delay_type),
                    esp_category=delay_type,
                    **common,
                )
                for r in _objects(delay.get("delayedRecipients"))
            ]
        elif kind == "Reject":
            reason = string(mapping(message.get("reject")).get("reason"))
            bad_content = Reason.VIRUS_DETECTED if reason == "Bad content" else None
            records = self._refused(mail, reason, bad_content, reason, common)
        elif kind == "Rendering Failure":
            # SES could not fill the template, so sent nothing: a refusal of the sending
            # side for an error of the sender's own (40), nothing about the address.
            error = string(mapping(message.get("failure")).get("errorMessage"))
            records = self._refused(mail, error, Reason.SYSTEM_ERROR, "RenderingFailure", common)
        else:  # Send, Open, Click, Subscription, AmazonSnsSubscriptionSucceeded
            records = []
        return [self.event(message, kind, records, event_id)]

    def _refused(
        self, mail: dict[str, Any], text: str | None, reason: Reason | None, category: str | None,
        common: dict[str, Any],
    ) -> list[Record]:
        """A record ``rejected`` for each destination of a message SES did not send."""
        return [
            self.record(
                Event.REJECTED, to, text=text, date=mail.get("timestamp"), esp_reason=reason,
                esp_category=category, **common,
            )
            for to in _list(mail.get("destination"))
        ]

    def _bounce(self, bounce: dict[str, Any], common: dict[str, Any]) -> list[Record]:
        bounce_type = string(bounce.get("bounceType")) or ""
        subtype = string(bounce.get("bounceSubType")) or ""
        event = Event.REJECTED if subtype in REFUSED_SUBTYPES else Event.BOUNCE
        return [
            self.record(
                event,
                r.get("emailAddress"),
                text=r.get("diagnosticCode"),
                status=r.get("status"),
                date=bounce.get("timestamp"),
                reporting_mta=_mta(bounce.get("reportingMTA")),
                esp_reason=BOUNCE_REASONS.get((bounce_type, subtype)),
                esp_category=f"{bounce_type}/{subtype}",
                **common,
            )
            for r in _objects(bounce.get("bouncedRecipients"))
        ]

    def _complaint(self, complaint: dict[str, Any], common: dict[str, Any]) -> list[Record]:
        refused = complaint.get("complaintSubType") == "OnAccountSuppressionList"
        return [
            self.record(
                Event.REJECTED if refused else Event.COMPLAINT,
                r.get("emailAddress"),
                date=complaint.get("timestamp"),
                feedback_type=None if refused else complaint.get("complaintFeedbackType"),
                # Suppressed after a complaint: the recipient's choice, a block (50).
                esp_reason=Reason.POLICY_VIOLATION if refused else None,
                esp_category="OnAccountSuppressionList" if refused else None,
                **common,
            )
            for r in _objects(complaint.get("complainedRecipients"))
        ]


def _loaded(text: str | bytes, problem: str) -> Any:
    """``text`` read as JSON; PayloadError saying ``problem`` (and why) where it is not."""
    try:
        return orjson.loads(text)
    except orjson.JSONDecodeError as exc:
        raise PayloadError(f"amazon_ses: {problem} ({exc})") from None


def _objects(value: Any) -> list[dict[str, Any]]:
    return [v for v in value if isinstance(v, dict)] if isinstance(value, list) else []


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value] if value else []


def _mta(value: Any) -> str | None:
    """``dsn; a8-30.smtp-out.amazonses.com`` -> the host."""
    text = string(value)
    return text.partition(";")[2].strip() or None if text and ";" in text else text
