"""McAfee Email Gateway (formerly Secure Computing IronMail, McAfee Email and Web
Security Appliance).

Its bounces carry ``X-NAI-Header: Modified by McAfee ...`` and the subject ``Delivery
Status``. A ``multipart/mixed`` (not a standard report) holds a text part
``--- The following addresses had delivery problems ---`` with one line per address,
``<addr>   (reply)``, then a ``message/delivery-status`` part whose recipient blocks
have only Original-Recipient, Action, Diagnostic-Code and Remote-MTA (no Status).

Fixtures: lhost-mcafee-01.eml, -02, -04, -05.
"""

from __future__ import annotations

import re

from bouncekit.decoders.base import Decoder, Finding, address_blocks, between, dsn_findings, fill_from_text
from bouncekit.mime import MessageView

# Exactly three dashes: sendmail writes the same words between five.
_NOTICE = "--- The following addresses had delivery problems ---"
_START = re.compile(r"(?<!-)" + re.escape(_NOTICE) + r"(?!-)")
# "<user@example.com>   (Unknown user user@example.com)"
_LINE = re.compile(r"^[ \t]*<([^<>\s]{1,254}@[^<>\s]{1,253})>[ \t]+")


class Mcafee(Decoder):
    name = "mcafee"
    headers = ("X-NAI-Header",)
    markers = (_NOTICE,)
    # matches() is true only for these keys: the index need not try the others.
    keyed = True

    def matches(self, msg: MessageView) -> bool:
        # The plain search first: a pattern that starts with a lookbehind is tried at
        # every position of the text.
        return "mcafee" in msg.header("X-NAI-Header").lower() or (
            _NOTICE in msg.text and bool(_START.search(msg.text))
        )

    def decode(self, msg: MessageView) -> list[Finding] | None:
        listed = between(msg.text, _START) or ""
        blocks = [(a, _unwrap(t)) for a, t in address_blocks(listed, _LINE)]
        findings = dsn_findings(msg.delivery_status) if msg.delivery_status else []
        findings = fill_from_text(findings, blocks)
        return findings or None


def _unwrap(text: str) -> str:
    """``(reply)`` -> ``reply``: the gateway puts the remote reply in parentheses."""
    text = text.strip()
    return text[1:-1].strip() if text.startswith("(") and text.endswith(")") else text
