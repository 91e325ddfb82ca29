"""Cisco Secure Email Gateway (IronPort ESA, AsyncOS) bounce profiles: ``Delivery Status
Notification (Failure)`` or ``Undeliverable mail`` from ``MAILER-DAEMON@host``.

The default bounce text is two sentences and a reason line::

    The following message to <a@b> was undeliverable.
    The reason for the problem:
    5.1.0 - Unknown address error 550-'5.1.1 <a@b>... User unknown'

The reason line is AsyncOS's own status and label (``5.1.0 - Unknown address error``,
``5.4.7 - Delivery expired (message too old)``, ``5.3.0 - Other mail system problem``),
then the remote reply it got, written ``550-'text'`` (or only ``'text'``, when no server
answered). The remote reply is the diagnostic, as ``550 text`` followed by AsyncOS's
label in parentheses; without one, the whole reason line. An RFC 3464 part follows when
the profile asks for it; its Diagnostic-Code, when present, is kept. A delay warning
reads ``... to <a@b> has been delayed``.

Fixtures: hand-written (tests/fixtures/decoders/ironport/, tests/decoders/test_ironport.py).
"""

from __future__ import annotations

import re
from dataclasses import replace

from bouncekit.decoders.base import Decoder, Finding, delivery_status_of, dsn_findings
from bouncekit.mime import MessageView, strip_address
from bouncekit.model import Event

_MESSAGE_TO = re.compile(
    r"The following message to <([^<>\s]{1,320})>[ \t]{1,4}(?:(was undeliverable)|"
    r"(has been delayed|is delayed|has not yet been delivered))",
    re.I,
)
_PROBLEM = re.compile(r"The reason for the problem:[ \t]*\n")
#: ``5.1.0 - Unknown address error 550-'5.1.1 ...'``: AsyncOS's code and label, the reply.
_REASON = re.compile(
    r"^([245]\.\d{1,3}\.\d{1,3})[ \t]{0,4}-[ \t]{0,4}([^'\n]{0,200}?)[ \t]*(?:([245]\d\d)-)?'(.{0,2000})'$",
    re.S,
)


class Ironport(Decoder):
    name = "ironport"
    markers = ("The reason for the problem:",)
    keyed = True  # matches() only narrows the base test

    def matches(self, msg: MessageView) -> bool:
        return super().matches(msg) and _MESSAGE_TO.search(msg.text) is not None

    def decode(self, msg: MessageView) -> list[Finding] | None:
        text = msg.text
        blocks = []
        for m in _MESSAGE_TO.finditer(text):
            address = strip_address(m[1])
            if not address:
                continue
            problem = _PROBLEM.search(text, m.end(), m.end() + 2000)
            reason = _reason(text[problem.end() : problem.end() + 3000]) if problem else None
            blocks.append((address, reason, bool(m[3])))
        if not blocks:
            return None
        status = delivery_status_of(msg)
        findings = dsn_findings(status) if status is not None else []
        said = {a.lower(): (r, d) for a, r, d in blocks}
        out = []
        for f in findings:
            reason, _ = said.pop((f.recipient or "").lower(), (None, False))
            keep = f.diagnostic and f.diagnostic.strip()
            out.append(f if keep else replace(f, diagnostic=reason))
        for address, reason, delayed in blocks:
            if address.lower() in said:
                del said[address.lower()]
                out.append(Finding(recipient=address, diagnostic=reason,
                                   action="delayed" if delayed else "failed",
                                   event=Event.DELAYED if delayed else None))
        return out


def _reason(after: str) -> str | None:
    """The reason paragraph, unfolded; the remote reply first when it quotes one."""
    paragraph = " ".join(after.split("\n\n", 1)[0].split())
    if not paragraph:
        return None
    m = _REASON.match(paragraph)
    if m and m[3]:
        label = f"{m[1]} - {m[2].strip()}" if m[2].strip() else m[1]
        return f"{m[3]} {m[4].strip()} ({label})"
    return paragraph
