"""Sieve ``reject`` refusals (RFC 5429): the recipient's own mail filter sends the message back.

A Sieve script's ``reject`` or ``ereject`` action refuses a message that was already
accepted (Cyrus, Dovecot Pigeonhole and other delivery agents) with a message
disposition notification (RFC 8098): ``multipart/report;
report-type=disposition-notification`` whose ``message/disposition-notification`` part
says ``Disposition: automatic-action/MDN-sent-automatically; deleted``, and whose text
gives the script's reason, often the person's own words, after a statement that the
message was automatically rejected. A read receipt has the same layout with
``displayed`` (or a person's ``manual-action``), and a message deleted unread by a
retention policy has ``deleted`` without any word of a rejection: neither is a refusal,
and both are left alone.

One record for the Final-Recipient (else the Original-Recipient, else the returned
message's recipient), event bounce, with the notice's text (the statement and the reason
given) as its diagnostic: the rules classify it. A reason they read decides ("this
address is no longer used" is an invalid recipient); otherwise the statement that the
message was automatically rejected makes it a block.

Fixtures: tests/fixtures/decoders/sieve/*.eml.
"""

from __future__ import annotations

from bouncekit.decoders.base import Decoder, Finding, Keys
from bouncekit.decoders.fallback.notice import names_cause
from bouncekit.mime import MessageView, parse_fields, strip_address
from bouncekit.model import Event, Reason

#: Longest text kept as the diagnostic (a person may write a whole letter).
MAX_TEXT = 1000


class Sieve(Decoder):
    name = "sieve"
    more_keys = Keys(
        report_types=("disposition-notification",), part_types=("message/disposition-notification",)
    )

    def matches(self, msg: MessageView) -> bool:
        return bool(msg.parts_of("message/disposition-notification"))

    def decode(self, msg: MessageView) -> list[Finding] | None:
        fields: dict[str, str] = {}
        for part in msg.parts_of("message/disposition-notification"):
            for block in parse_fields(part.text):
                for name, value in block:
                    fields.setdefault(name, value)
        disposition = fields.get("disposition", "").lower()
        mode, _, kind = disposition.partition(";")
        if not mode.strip().startswith("automatic-action") or kind.strip().split("/")[0] != "deleted":
            return None  # a read receipt, or a person deleting a message unread
        if not _says_rejected(msg):
            return None  # deleted unread by a retention policy (Exchange's "Not read:")
        recipient = strip_address(fields.get("final-recipient") or fields.get("original-recipient"))
        if not recipient and msg.original is not None and len(msg.original.recipients) == 1:
            recipient = msg.original.recipients[0]
        original = strip_address(fields.get("original-recipient"))
        said = " ".join(msg.text[:MAX_TEXT].split()) or None
        return [
            Finding(
                recipient=recipient or None,
                original_recipient=original if original and original != recipient else None,
                diagnostic=said,
                # The owner's words decide where the rules read a cause in them; else the
                # script's reject is the recipient's filter refusing the message: a block.
                reason=None if said and names_cause(said) else Reason.BLOCKED,
                action="failed",
                event=Event.BOUNCE,
                reporting_mta=(fields.get("reporting-ua") or "").split(";")[0].strip() or None,
                original_message_id=fields.get("original-message-id") or None,
            )
        ]



def _says_rejected(msg: MessageView) -> bool:
    """Whether the notice calls itself a refusal: RFC 5429's ``Auto-Submitted:
    auto-replied (rejected)``, or "reject" in its subject or its opening words."""
    return (
        "reject" in msg.header("Auto-Submitted").lower()
        or "reject" in msg.subject_lower
        or "reject" in msg.text[:MAX_TEXT].lower()
    )
