"""Amazon SES (Simple Email Service): bounce, complaint and delivery notices.

SES tells a sender what happened in three shapes:

- notifications as JSON, mailed by Amazon SNS (``From: no-reply@sns.amazonaws.com``,
  ``Subject: AWS Notification Message``, ``x-amz-sns-*`` headers) or by SES event
  publishing. The body is either the SES event itself (``{"notificationType":
  "Bounce", "bounce": {"bouncedRecipients": [...]}, "mail": {...}}``) or the SNS
  envelope whose ``Message`` field holds that event as a string. ``notificationType``
  (``eventType`` for event publishing) is Bounce, Complaint, Delivery,
  DeliveryDelay, or, for a message SES did not send, Reject (a virus) or Rendering
  Failure (event ``rejected``). Lines over the SMTP limit may arrive broken as ``!`` + newline +
  space (sendmail's way of splitting them), which is undone before parsing;
- RFC 3464 reports from ``MAILER-DAEMON@<region>.amazonses.com`` that open with "An
  error occurred while trying to deliver the mail to the following recipients:" and
  the addresses one per line. An expiry quotes the last remote reply in angle
  brackets (``554 4.4.7 Message expired: unable to deliver in 840 minutes.<421 4.4.2
  Connection timed out>``);
- older reports: "The following message to <addr> was undeliverable. The reason for
  the problem: 5.1.0 - Unknown address error 550-'<remote reply>'", where SES writes
  its own status and description before the remote reply code and quoted text.

An address on SES's suppression lists is not sent to at all: its record is event
``rejected`` (a sending service's refusal), as SES's webhooks say, not ``bounce``.

Amazon WorkMail and SES receiving send through SES too; their reports are read by the
``amazonworkmail`` and ``receivingses`` decoders.

Fixtures: lhost-amazonses-*.eml.
"""

from __future__ import annotations

import json
import re
from dataclasses import replace
from typing import Any

from bouncekit.decoders.base import (
    Decoder,
    Finding,
    address_blocks,
    between,
    bracketed_reply,
    dsn_findings,
)
from bouncekit.mime import MessageView, parse_delivery_status, strip_address
from bouncekit.model import Event, Reason
from bouncekit.smtp import find_status

_MARKERS = (
    "An error occurred while trying to deliver the mail to the following recipients:",
    "The reason for the problem:",
)
# SES's own status and description, then the remote reply code and its quoted text.
_SES_REASON = re.compile(
    r"^\s*(?:smtp;\s*)?([245]\.\d{1,3}\.\d{1,3})\s+-\s+[^']{0,120}?([245]\d\d)[- ]'(.{0,2000})'",
    re.S,
)
_UNDELIVERABLE = re.compile(r"^The following message to (<[^<>\s]{1,320}>) was undeliverable\.", re.M)
_RECIPIENT_LINE = re.compile(r"^\s*([^\s@<>]{1,64}@[^\s<>]{1,253})\s*$")
# Lines broken by a relay at the SMTP line limit: "!" + newline + space.
_BROKEN_LINE = re.compile(r"!\n ")

#: Bounce subtypes of addresses SES did not send to (its suppression lists): the sending
#: service refused, nothing bounced (event ``rejected``, as its webhooks say).
_REFUSED_SUBTYPES = frozenset({"suppressed", "onaccountsuppressionlist"})
# SES's words for the same refusal in a report it mails.
_SUPPRESSED = re.compile(
    r"did not send the message to this address because it is on the (?:\S+ )?suppression list"
)

#: Bounce subtypes of SES that decide a reason when the notice has no diagnostic code
#: (Amazon SES Developer Guide, "Bounce types").
_SUBTYPE_REASONS = {
    "noemail": Reason.USER_UNKNOWN,
    # "has a recent history of bouncing as an invalid address"
    "suppressed": Reason.USER_UNKNOWN,
    "onaccountsuppressionlist": Reason.USER_UNKNOWN,
    "mailboxfull": Reason.MAILBOX_FULL,
    "messagetoolarge": Reason.MESSAGE_TOO_LARGE,
    "contentrejected": Reason.CONTENT_REJECTED,
    "attachmentrejected": Reason.PROHIBITED_ATTACHMENT,
}


class Amazonses(Decoder):
    name = "amazonses"
    senders = ("amazonses.com", "sns.amazonaws.com")
    headers = ("x-amz-sns-message-id", "x-ses-outgoing")

    def decode(self, msg: MessageView) -> list[Finding] | None:
        if msg.header("X-Mailer").lower().startswith("amazon workmail"):
            return None
        text = msg.text
        if "{" in text and ("notificationType" in text or "eventType" in text):
            return _json_findings(text)
        if not any(m in text for m in _MARKERS) or "mailer-daemon" not in msg.from_address:
            return None
        return report_findings(msg)


def report_findings(msg: MessageView) -> list[Finding] | None:
    """The findings of a report that SES wrote: its delivery status (a part, or the
    fields quoted in the text), else the recipients its text lists."""
    status = msg.delivery_status or parse_delivery_status(msg.text)
    if status is not None:
        return [ses_reply(f) for f in dsn_findings(status)]
    return _text_findings(msg.text)


def ses_reply(finding: Finding) -> Finding:
    """The finding with the remote reply that SES quotes inside its own text pulled out.

    Every report that passed through SES (Amazon WorkMail's too) writes it this way.
    """
    diagnostic = finding.diagnostic
    if not diagnostic:
        return finding
    if _SUPPRESSED.search(diagnostic):
        finding = replace(finding, event=Event.REJECTED)
    m = _SES_REASON.match(diagnostic)
    if m:
        remote = m[3].strip()
        return replace(
            finding,
            diagnostic=f"{m[2]} {remote}",
            status=find_status(remote) or m[1],
            reply_code=m[2],
        )
    inner = bracketed_reply(diagnostic)
    if inner:
        # The reply of the last attempt says more than SES's own "expired" code.
        return replace(finding, status=find_status(inner), reply_code=inner[:3])
    return finding


def _text_findings(text: str) -> list[Finding] | None:
    m = _UNDELIVERABLE.search(text) if "undeliverable" in text else None
    if m:
        reason = between(text, "The reason for the problem:", ("\n\n",))
        finding = Finding(recipient=strip_address(m[1]), diagnostic=(reason or "").strip() or None)
        return [ses_reply(finding)]
    listed = between(text, _MARKERS[0], ("\n\n",)) or ""
    recipients = [a for a, _ in address_blocks(listed, _RECIPIENT_LINE)]
    return [Finding(recipient=r) for r in recipients] or None


# --- JSON notifications -----------------------------------------------------------------


def _load_json(text: str) -> dict[str, Any] | None:
    start = text.find("{")
    if start < 0:
        return None
    # As written; with a relay's broken lines mended; with a client's re-wrapping at
    # spaces undone (a break inside a JSON string is not valid JSON).
    for candidate in (text[start:], _BROKEN_LINE.sub("", text[start:]), text[start:].replace("\n", " ")):
        try:
            value, _ = json.JSONDecoder().raw_decode(candidate)
        except ValueError:
            continue
        return value if isinstance(value, dict) else None
    return None


def _json_findings(text: str) -> list[Finding] | None:
    event = _load_json(text)
    if event is not None and isinstance(event.get("Message"), str):
        # The SNS envelope: the SES event is a JSON string inside it.
        event = _load_json(event["Message"])
    if event is None:
        return None
    kind = str(event.get("notificationType") or event.get("eventType") or "").lower()
    mail = _dict(event.get("mail"))
    headers = _dict(mail.get("commonHeaders"))
    common = {
        "original_message_id": _str(headers.get("messageId")),
        "original_sender": strip_address(_str(mail.get("source"))),
    }
    if kind == "bounce":
        return _bounces(_dict(event.get("bounce")), common)
    if kind == "deliverydelay":
        return _delays(_dict(event.get("deliveryDelay")), common)
    if kind == "complaint":
        complaint = _dict(event.get("complaint"))
        return [
            Finding(
                recipient=_str(r.get("emailAddress")),
                event=Event.COMPLAINT,
                feedback_type=(_str(complaint.get("complaintFeedbackType")) or "other").lower(),
                date=_str(complaint.get("arrivalDate") or complaint.get("timestamp")),
                **common,
            )
            for r in _dicts(complaint.get("complainedRecipients"))
        ] or None
    if kind == "delivery":
        delivery = _dict(event.get("delivery"))
        reply = _str(delivery.get("smtpResponse"))
        return [
            Finding(
                recipient=_str(r),
                event=Event.DELIVERED,
                action="delivered",
                diagnostic=reply,
                reporting_mta=_mta(delivery.get("reportingMTA")),
                remote_mta=_str(delivery.get("remoteMtaIp")),
                date=_str(delivery.get("timestamp")),
                **common,
            )
            for r in delivery.get("recipients") or ()
            if isinstance(r, str)
        ] or None
    if kind == "reject":
        # SES accepted the message, found a virus in it ("Bad content") and did not send
        # it: a refusal of the sending side for each destination, as its webhook says.
        said = _str(_dict(event.get("reject")).get("reason"))
        return _refused(mail, said, Reason.VIRUS_DETECTED if said == "Bad content" else None, common)
    if kind == "rendering failure":
        # SES could not fill the template, so sent nothing: an error of the sender's own.
        said = _str(_dict(event.get("failure")).get("errorMessage"))
        return _refused(mail, said, Reason.SYSTEM_ERROR, common)
    return None


def _refused(
    mail: dict[str, Any], said: str | None, reason: Reason | None, common: dict[str, Any]
) -> list[Finding] | None:
    """A ``rejected`` finding for each destination of a message SES did not send."""
    return [
        Finding(recipient=to, diagnostic=said, event=Event.REJECTED, reason=reason,
                date=_str(mail.get("timestamp")), **common)
        for to in mail.get("destination") or ()
        if isinstance(to, str)
    ] or None


def _bounces(bounce: dict[str, Any], common: dict[str, Any]) -> list[Finding] | None:
    subtype = (_str(bounce.get("bounceSubType")) or "").lower()
    findings = []
    for r in _dicts(bounce.get("bouncedRecipients")):
        diagnostic = _str(r.get("diagnosticCode"))
        findings.append(
            Finding(
                recipient=_str(r.get("emailAddress")),
                diagnostic=diagnostic,
                status=_str(r.get("status")),
                action=(_str(r.get("action")) or "failed").lower(),
                event=Event.REJECTED if subtype in _REFUSED_SUBTYPES else Event.BOUNCE,
                reason=None if diagnostic else _SUBTYPE_REASONS.get(subtype),
                reporting_mta=_mta(bounce.get("reportingMTA")),
                remote_mta=_str(bounce.get("remoteMtaIp")),
                date=_str(bounce.get("timestamp")),
                **common,
            )
        )
    return [ses_reply(f) for f in findings] or None


def _delays(delay: dict[str, Any], common: dict[str, Any]) -> list[Finding] | None:
    return [
        Finding(
            recipient=_str(r.get("emailAddress")),
            diagnostic=_str(r.get("diagnosticCode")),
            status=_str(r.get("status")),
            action="delayed",
            event=Event.DELAYED,
            reporting_mta=_mta(delay.get("reportingMTA")),
            date=_str(delay.get("timestamp")),
            **common,
        )
        for r in _dicts(delay.get("delayedRecipients"))
    ] or None


def _dict(value: object) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _dicts(value: object) -> list[dict[str, Any]]:
    return [v for v in value if isinstance(v, dict)] if isinstance(value, list) else []


def _str(value: object) -> str | None:
    return value.strip() or None if isinstance(value, str) else None


def _mta(value: object) -> str | None:
    text = _str(value)
    return text.rpartition(";")[2].strip().lower() or None if text else None
