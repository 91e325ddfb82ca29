"""The site-written notices of Yale University's mail hubs (a Sendmail front end of the
1990s-2000s, copied by other campuses): ``Message not delivered to the following:``.

Plain text from ``MAILER-DAEMON``, no RFC 3464 part: ``Message not delivered to the
following:``, then one indented line per recipient, the campus user name (often with no
domain) and a short reason (``jdoe    Mailbox unknown``, ``a@b    No such user``), then
``Error Detail:`` and what the delivery agent said, which is the diagnostic when the
line gives no reason. A user name without a domain is the returned message's recipient
with that name, else the name at the notice's own domain.

Fixtures: hand-written (tests/fixtures/decoders/yale/, tests/decoders/test_yale.py).
"""

from __future__ import annotations

import re

from bouncekit.decoders.base import Decoder, Finding, between, local_recipient
from bouncekit.mime import MessageView

_START = re.compile(r"Message not delivered to the following:[ \t]*\n", re.I)
_DETAIL = re.compile(r"^[ \t]*Error Detail:?[ \t]*$", re.I | re.M)
_LINE = re.compile(r"^[ \t]{1,16}<?([^\s<>]{1,320}?)>?(?:[ \t]{1,40}(.{0,500}))?$")


class Yale(Decoder):
    name = "yale"
    markers = ("Message not delivered to the following:",)

    def decode(self, msg: MessageView) -> list[Finding] | None:
        text = msg.text
        start = _START.search(text)
        if start is None:
            return None
        detail_at = _DETAIL.search(text, start.end())
        section = text[start.end() : detail_at.start() if detail_at else start.end() + 8000]
        detail = ""
        if detail_at:
            detail = " ".join((between(text[detail_at.end() :], "", ("\n\n",)) or "").split())
        findings = []
        seen: set[str] = set()
        for line in section.split("\n")[:5000]:
            if not line.strip():
                if findings:
                    break
                continue
            m = _LINE.match(line)
            address = local_recipient(m[1], msg) if m else None
            if address is None:
                break
            if address.lower() in seen:
                continue
            seen.add(address.lower())
            reason = (m[2] or "").strip() if m else ""
            findings.append(Finding(recipient=address, diagnostic=reason or detail or None, action="failed"))
        return findings or None
