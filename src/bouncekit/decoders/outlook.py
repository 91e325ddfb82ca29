"""Outlook.com / Hotmail (Windows Live): the consumer mail service of Microsoft.

Its outbound servers (``*.hotmail.com``, Reporting-MTA like
``dns;BAY004-OMC1S18.hotmail.com``) send RFC 3464 reports from
``postmaster@hotmail.com`` / ``postmaster@mail.hotmail.com`` in the words of the
Microsoft SMTP service: a ``text/plain`` part (charset ``unicode-1-1-utf-7``) saying
"This is an automatically generated Delivery Status Notification." then "Delivery to
the following recipients failed." (or "... has been delayed.", or "Unable to deliver
message to the following recipients, due to being unable to connect successfully to
the destination mail server.", or MSN's "... because the message was forwarded more than
the maximum allowed times. This could indicate a mail loop.") and the addresses
indented one per line. The status is
often the generic ``5.5.0`` beside the remote reply; a connection failure has no
Diagnostic-Code, and then the sentence is the only reason given. The messages carry
Hotmail's ``X-Message-Delivery`` / ``X-Message-Info`` headers.

Office 365 / Exchange Online non-delivery reports ("Undeliverable: ...") are written
by Exchange and read by the ``exchange2007`` decoder.

Fixtures: lhost-outlook-*.eml (and their copies rhost-outlook-*.eml).
"""

from __future__ import annotations

import re
from dataclasses import replace

from bouncekit.decoders.base import Decoder, Finding, Keys, address_blocks, dsn_findings
from bouncekit.mime import MessageView

_OPENING = "This is an automatically generated Delivery Status Notification"
# The sentence before the list: "Delivery to the following recipients failed." ...
_LIST = re.compile(
    r"^((?:Delivery to|Unable to deliver message to) the following recipients?[^\n]{0,300})\n", re.M
)
_LISTED = re.compile(r"^[ \t]+<?([^\s@<>]{1,64}@[^\s<>]{1,253}?)>?[ \t]*$")
_SENDER = re.compile(r"^postmaster@(?:[\w-]{1,63}\.){0,4}(?:hotmail|outlook|live|msn)\.[a-z.]{2,12}$")


class Outlook(Decoder):
    name = "outlook"
    headers = ("x-message-delivery", "x-message-info")
    more_keys = Keys(addresses=("hotmail.", "outlook.", "live.", "msn."))

    def matches(self, msg: MessageView) -> bool:
        return super().matches(msg) or bool(_SENDER.match(msg.from_address))

    def decode(self, msg: MessageView) -> list[Finding] | None:
        text = msg.text
        if _OPENING not in text:
            return None
        heading = _LIST.search(text)
        status = msg.delivery_status
        if status is not None:
            findings = dsn_findings(status)
            # Without a Diagnostic-Code (a connection failure), the sentence is the reason.
            reason = _reason(heading)
            return [f if f.diagnostic or not reason else replace(f, diagnostic=reason) for f in findings]
        if heading is None:
            return None
        action = "delayed" if "delayed" in heading[1] else "failed"
        listed = text[heading.end() : heading.end() + 64 * 1024]
        blocks = address_blocks(listed.split("\n\n\n")[0], _LISTED)
        diagnostic = _reason(heading)
        return [Finding(recipient=a, action=action, diagnostic=diagnostic) for a, _ in blocks] or None


_CAUSE = re.compile(r"\b(?:due to|because)\b")


def _reason(heading: re.Match[str] | None) -> str | None:
    """The sentence before the list, when it gives the cause ("due to ...", "because ...")."""
    if heading is None or not _CAUSE.search(heading[1]):
        return None
    return heading[1].strip()
