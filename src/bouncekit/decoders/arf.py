"""RFC 5965 Abuse Reporting Format (feedback reports, complaints).

A ``multipart/report; report-type=feedback-report`` whose ``message/feedback-report``
part names the feedback type; the complained-about recipient is Original-Rcpt-To (or
the draft's Removal-Recipient), else the returned message's X-HmXmrOriginalRecipient
(Microsoft's JMRP, which redacts the To), else the To of the returned message; when
none names one (``To: Undisclosed Recipients``) the record has no recipient. One record
per recipient, event ``complaint``, not classified.

Fixtures: arf-*.eml, lhost-amazonses-11.eml.
"""

from __future__ import annotations

from bouncekit.decoders.base import Decoder, Finding, Keys, enclosed_views
from bouncekit.mime import MessageView, parse_fields, strip_address
from bouncekit.model import Event


class Arf(Decoder):
    name = "arf"
    more_keys = Keys(report_types=("feedback-report",), part_types=("message/feedback-report",))

    def matches(self, msg: MessageView) -> bool:
        return msg.report_type == "feedback-report" or bool(msg.parts_of("message/feedback-report"))

    def decode(self, msg: MessageView) -> list[Finding] | None:
        reports = msg.parts_of("message/feedback-report")
        fields: list[tuple[str, str]] = []
        for part in reports:
            for block in parse_fields(part.text):
                fields.extend(block)
        if not fields:
            return None
        get = dict(reversed(fields)).get
        feedback_type = (get("feedback-type") or "other").strip().lower()
        original = msg.original
        # Removal-Recipient is the pre-RFC 5965 draft's name, still sent by some FBLs.
        recipients = [strip_address(v) for k, v in fields if k in ("original-rcpt-to", "removal-recipient")]
        if not any(recipients):
            # Microsoft's JMRP reports redact the returned message's To and name the
            # complaining recipient in its X-HmXmrOriginalRecipient field instead.
            named = [strip_address(v.header("X-HmXmrOriginalRecipient")) for v in enclosed_views(msg)[:1]]
            if any(named):
                recipients = named
            elif original is not None:
                recipients = list(original.recipients)
        recipients = [r for r in recipients if r] or [None]
        sender = strip_address(get("original-mail-from"))
        return [
            Finding(
                recipient=recipient,
                event=Event.COMPLAINT,
                feedback_type=feedback_type,
                date=get("arrival-date") or get("received-date"),
                reporting_mta=(get("reporting-mta") or "").split(";")[-1].strip() or None,
                original_sender=sender,
            )
            for recipient in recipients
        ]
