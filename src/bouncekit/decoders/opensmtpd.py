"""OpenSMTPD: ``Delivery status notification: error`` (``failed``, ``delayed``,
``warning``) from ``Mailer Daemon <MAILER-DAEMON@...>``.

The text reads ``Hi!`` / ``This is the MAILER-DAEMON, please DO NOT REPLY to this
e-mail.`` then either ``An error has occurred while attempting to deliver a message for
the following list of recipients:`` or, for delays, ``A message is delayed for more than
N hours for the following list of recipients:``, then one line per recipient,
``a@b: 550 5.1.1 ...`` (the remote reply, or smtpd's own reason such as ``Domain does
not exist``, ``Envelope expired``), and ``Below is a copy of the original message:``.
Newer versions add an RFC 3464 part whose Status is only ``5.0.0``/``4.0.0``.

Fixtures: lhost-opensmtpd-*.eml.
"""

from __future__ import annotations

import re

from bouncekit.decoders.base import (
    Decoder,
    Finding,
    between,
    delivery_status_of,
    dsn_findings,
    fill_from_text,
)
from bouncekit.mime import MessageView, strip_address
from bouncekit.model import Event

_START = re.compile(r"(?:list of recipients|following recipients?):[ \t]*\n")
_END = ("Below is a copy of the original message", "Please note that this is only a temporary")
# "A message is delayed for more than 4 hours" (older versions: "Message is delayed").
_DELAYED = re.compile(r"\b[Mm]essage is delayed for more than|only a temporary failure report")
_RECIPIENT = re.compile(r"^([^\s:<>]{1,255}@[^\s:<>]{1,255}):\s?(.{0,2000})$", re.MULTILINE)


class Opensmtpd(Decoder):
    name = "opensmtpd"
    markers = ("This is the MAILER-DAEMON, please DO NOT REPLY to this",)

    def decode(self, msg: MessageView) -> list[Finding] | None:
        text = msg.text
        delayed = _DELAYED.search(text) is not None or msg.subject.lower().endswith(": delay")
        section = between(text, _START, _END) or ""
        blocks = [(a, r.strip()) for a, r in _RECIPIENT.findall(section)]
        status = delivery_status_of(msg)
        findings = dsn_findings(status) if status is not None else []
        if findings:
            return fill_from_text(findings, blocks, append=False)
        return [
            Finding(
                recipient=strip_address(address),
                diagnostic=reason or None,
                action="delayed" if delayed else "failed",
                event=Event.DELAYED if delayed else None,
            )
            for address, reason in blocks
        ] or None
