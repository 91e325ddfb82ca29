"""MailEnable (the Windows mail server of many hosting panels): ``Message Delivery
Failure`` from ``POSTMASTER@host``, ``X-Mailer: MailEnable Postoffice Connector``.

``multipart/mixed``: a text part, then the original as ``message/rfc822``; no RFC 3464
part. The text reads ``MailEnable: Message could not be delivered to some
recipients.``, ``The following recipient(s) could not be reached:``, then per recipient
``Recipient: [SMTP:a@b]`` and ``Reason: ...``, where the reason is MailEnable's own or
the remote reply after ``Remote SMTP Server Returned:``. A delay notice (subject ``Message
Delivery Delayed``, text ``... has been delayed``) has the same blocks. A notice that
does carry a delivery-status part is left to the RFC 3464 reader: its fields decide (a
text saying "failed" over ``Action: delayed`` is a delay).

Fixtures: hand-written (tests/fixtures/decoders/mailenable/, tests/decoders/test_mailenable.py).
"""

from __future__ import annotations

import re

from bouncekit.decoders.base import Decoder, Finding, Keys, address_blocks
from bouncekit.mime import MessageView
from bouncekit.model import Event

_RECIPIENT = re.compile(r"^[ \t]{0,12}Recipient:[ \t]*\[?(?:SMTP:)?<?([^\s<>\[\]]{1,320}?)>?\]?[ \t]*$", re.I)
_REASON = re.compile(
    r"^[ \t]{0,12}Reason:[ \t]*(?:Remote SMTP Server Returned:[ \t]*)?(.{0,2000})$", re.I | re.M
)


class Mailenable(Decoder):
    name = "mailenable"
    markers = ("MailEnable: Message", "Recipient: [SMTP:")
    more_keys = Keys(header_values=(("x-mailer", "mailenable"),))

    def matches(self, msg: MessageView) -> bool:
        if msg.delivery_status is not None:
            return False  # a notice with an RFC 3464 part: its fields decide, read by the DSN reader
        return super().matches(msg) or "mailenable" in msg.header("X-Mailer").lower()

    def decode(self, msg: MessageView) -> list[Finding] | None:
        text = msg.text
        delayed = "delay" in msg.subject_lower or "has been delayed" in text[:2000]
        findings = []
        for address, block in address_blocks(text, _RECIPIENT):
            if "@" not in address:
                continue
            # The reason, and a long one continued on the indented lines after it.
            m = _REASON.search(block)
            reason = None
            if m:
                rest = block[m.end() :].split("\n")[1:]
                more = []
                for line in rest:
                    if not line[:1].isspace() or not line.strip() or _RECIPIENT.match(line):
                        break
                    more.append(line.strip())
                reason = " ".join([m[1].strip(), *more]).strip() or None
            findings.append(Finding(recipient=address, diagnostic=reason,
                                    action="delayed" if delayed else "failed",
                                    event=Event.DELAYED if delayed else None))
        return findings or None
