"""CommuniGate Pro (CommuniGate Systems, earlier Stalker): ``Undeliverable mail: <subject>``
from ``MAILER-DAEMON@host``.

The text gives, per recipient, ``Failed to deliver to '<a@b>'``, then which module
failed and what it was told: ``SMTP module(domain b) reports:`` with ``host mx.b
[192.0.2.1] says:`` and the remote reply on the lines below, or ``LOCAL module(account
a) reports:`` with CommuniGate's own reason (``mailbox is full``, ``unknown user
account``, ``account is disabled``). A delay reads ``Delivery to '<a@b>' delayed``.
Recent versions add an RFC 3464 part without Diagnostic-Code (often ``Status: 5.0.0``):
the module's report is the diagnostic.

Fixtures: hand-written (tests/fixtures/decoders/communigate/, tests/decoders/test_communigate.py).
"""

from __future__ import annotations

import re
from dataclasses import replace

from bouncekit.decoders.base import Decoder, Finding, delivery_status_of, dsn_findings
from bouncekit.mime import MessageView, strip_address
from bouncekit.model import Event

#: ``Failed to deliver to '<a@b>'`` or ``Delivery to '<a@b>' delayed``: opens a block.
_HEAD = re.compile(
    r"^[ \t]*(?:(Failed) to deliver to|(?:Message )?[Dd]elivery to)[ \t]{1,4}'<?([^'<>\s]{1,320}?)>?'"
    r"[ \t]*(?:(?:is |was |has been )?(delayed))?",
    re.M,
)
_MODULE = re.compile(r"^[ \t]*[A-Z][A-Za-z]{1,20} module(?:\([^()\n]{0,200}\))?[ \t]{1,4}reports:[ \t]*$")
_SAYS = re.compile(r"^[ \t]*host[ \t]{1,4}([A-Za-z0-9][A-Za-z0-9.-]{0,252})(?:[ \t]{1,4}\[[^\]\n]{1,60}\])?"
                   r"[ \t]{1,4}says:[ \t]*$", re.I)


class Communigate(Decoder):
    name = "communigate"
    markers = ("Failed to deliver to '", " module(")
    keyed = True  # matches() only narrows the base test

    def matches(self, msg: MessageView) -> bool:
        return super().matches(msg) and _HEAD.search(msg.text) is not None

    def decode(self, msg: MessageView) -> list[Finding] | None:
        text = msg.text
        heads = list(_HEAD.finditer(text))
        blocks = []
        for i, head in enumerate(heads):
            address = strip_address(head[2])
            if not address:
                continue
            end = heads[i + 1].start() if i + 1 < len(heads) else len(text)
            diagnostic, host = _report(text[head.end() : end])
            blocks.append((address, diagnostic, host, bool(head[3]) and not head[1]))
        if not blocks:
            return None
        by_address = {a.lower(): (d, h, delayed) for a, d, h, delayed in blocks}
        status = delivery_status_of(msg)
        findings = dsn_findings(status) if status is not None else []
        out = []
        for f in findings:
            diagnostic, host, delayed = by_address.pop((f.recipient or "").lower(), (None, None, False))
            keep = f.diagnostic and f.diagnostic.strip()
            out.append(replace(f, diagnostic=f.diagnostic if keep else diagnostic,
                               remote_mta=f.remote_mta or host))
        for address, diagnostic, host, delayed in blocks:
            if address.lower() in by_address:
                del by_address[address.lower()]
                out.append(Finding(recipient=address, diagnostic=diagnostic, remote_mta=host,
                                   action="delayed" if delayed else "failed",
                                   event=Event.DELAYED if delayed else None))
        return out or None


def _report(block: str) -> tuple[str | None, str | None]:
    """The module's report in a recipient's block: the remote reply after ``host x
    says:`` (and that host), else CommuniGate's own reason lines."""
    lines: list[str] = []
    host = None
    started = False
    for line in block.split("\n")[1:60]:
        if _MODULE.match(line):
            started = True
            continue
        m = _SAYS.match(line)
        if m:
            host, lines, started = m[1].lower().rstrip("."), [], True
            continue
        if not line.strip():
            if lines:
                break
            continue
        if started:
            lines.append(line.strip())
    return (" ".join(lines) or None), host
