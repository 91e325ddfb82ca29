"""Oracle Communications (Sun Java System, iPlanet) Messaging Server and its ancestor
PMDF: ``Delivery Notification: Delivery has failed`` (or ``... has been delayed``).

The report starts ``This report relates to a message you sent with the following
header fields:`` (the original's headers, indented), then ``Your message cannot be
delivered to the following recipients:`` (or ``Your message has been enqueued and
undeliverable for N days to the following recipients:``) and one indented block per
recipient: ``Recipient address: a@b``, ``Original address: ...``, ``Reason: ...``,
``Diagnostic code: smtp;550 ...``, ``Remote system: dns;host (TCP|...) (banner)``.
An RFC 3464 part follows (whose Diagnostic-Code may be missing; the Reason then says
why).

Fixtures: lhost-messagingserver-*.eml.
"""

from __future__ import annotations

import re
from dataclasses import replace

from bouncekit.decoders.base import Decoder, Finding, delivery_status_of, dsn_findings
from bouncekit.mime import MessageView, strip_address
from bouncekit.model import Event

_FIELD = re.compile(
    r"^[ \t]{1,8}(Recipient address|Original address|Reason|Diagnostic code|Remote system):"
    r"[ \t]*(.{0,2000})$",
    re.MULTILINE,
)
_REMOTE = re.compile(r"^(?:dns;\s*)?([A-Za-z0-9][A-Za-z0-9.-]{0,252})", re.IGNORECASE)


class Messagingserver(Decoder):
    name = "messagingserver"
    subjects = ("delivery notification: ",)
    markers = ("This report relates to a message you sent with the following header fields",)

    def decode(self, msg: MessageView) -> list[Finding] | None:
        text = msg.text
        delayed = "has been delayed" in msg.subject.lower() or "enqueued and undeliverable" in text
        blocks = _blocks(text)
        status = delivery_status_of(msg)
        findings = dsn_findings(status) if status is not None else []
        if not findings:
            findings = [
                Finding(
                    recipient=address,
                    action="delayed" if delayed else "failed",
                    event=Event.DELAYED if delayed else None,
                )
                for address in blocks
            ]
        out = []
        for finding in findings:
            fields = blocks.get((finding.recipient or "").lower(), {})
            diagnostic = finding.diagnostic or fields.get("diagnostic code") or fields.get("reason")
            remote = finding.remote_mta
            if not remote and fields.get("remote system"):
                m = _REMOTE.match(fields["remote system"])
                remote = m[1].lower() if m else None
            finding = replace(finding, diagnostic=diagnostic, remote_mta=remote)
            recipient, original = finding.recipient or "", finding.original_recipient or ""
            if "." not in recipient.rpartition("@")[2] and "." in original.rpartition("@")[2]:
                # An address at one of the server's own channels ("a@ims-ms-daemon", its
                # message store) is where the address the sender wrote was routed: that
                # address is the recipient.
                finding = replace(finding, recipient=original, original_recipient=None)
            out.append(finding)
        return out or None


def _blocks(text: str) -> dict[str, dict[str, str]]:
    """Per recipient address (lower case), the fields of its block in the text."""
    out: dict[str, dict[str, str]] = {}
    current: dict[str, str] | None = None
    for name, value in _FIELD.findall(text):
        name = name.lower()
        if name == "recipient address":
            address = strip_address(value) or ""
            current = out.setdefault(address.lower(), {})
        elif current is not None:
            current.setdefault(name, value.strip())
    return out
