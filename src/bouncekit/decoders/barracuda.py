"""Barracuda Spam Firewall (Barracuda Email Security Gateway).

It rejects messages it considers spam and sends a standard DSN (``multipart/report``)
From ``MAILER-DAEMON`` with a subject like ``**Message you sent blocked by our bulk
email filter**``; the text part (often base64) reads ``Your message to: <addr> was
blocked by our Spam Firewall.`` and the ``Received`` trace names ``(Spam Firewall)``.
The DSN part carries Status and the Diagnostic-Code (``550 5.7.1 Message content
rejected, UBE, id=...``); without one, the recipient is the address in the text.

Fixtures: lhost-barracuda-01.eml.
"""

from __future__ import annotations

import re

from bouncekit.decoders.base import Decoder, Finding, Keys, dsn_findings, fill_from_text, received_text
from bouncekit.mime import MessageView, strip_address

_BLOCKED = re.compile(
    r"Your message to:?[ \t]*<?([^<>\s]{1,254}@[^<>\s]{1,253}?)>?[ \t]*\n?[ \t]*"
    r"(was blocked by our Spam Firewall[^\n]{0,200})",
    re.IGNORECASE,
)


class Barracuda(Decoder):
    name = "barracuda"
    subjects = ("blocked by our bulk email filter", "message you sent blocked by")
    markers = ("blocked by our Spam Firewall",)
    more_keys = Keys(received=("(spam firewall)",))

    def matches(self, msg: MessageView) -> bool:
        return super().matches(msg) or "(spam firewall)" in received_text(msg)

    def decode(self, msg: MessageView) -> list[Finding] | None:
        blocks = []
        for m in _BLOCKED.finditer(msg.text):
            address = strip_address(m[1])
            if address:
                blocks.append((address, m[2]))
        findings = dsn_findings(msg.delivery_status) if msg.delivery_status else []
        # The DSN's reply beats the gateway's own sentence, which only fills gaps.
        return fill_from_text(findings, blocks) or None
