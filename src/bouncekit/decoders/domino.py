"""HCL (IBM, Lotus) Domino: ``DELIVERY FAILURE: <reason>`` from ``Postmaster``.

The text reads ``Your message`` / ``Subject: ...`` / ``was not delivered to:`` /
the address(es), indented / ``because:`` / the reason, indented (``User some.name
(a@b) not listed in Domino Directory``), in the server's language. Newer versions add
an RFC 3464 part whose ``Diagnostic-Code: X-Notes; ...`` repeats the reason in the raw
charset of the server; the decoded text is preferred.

Domino 8.5 and later also write a tabular ``Delivery Failure Report`` (HTML, and its
text form): ``Your message:``, ``was not delivered to:``, ``because:`` each followed by
its value on the same line (after a tab), then ``What should you do?`` and ``Routing
path:``.

Fixtures: lhost-domino-*.eml; hand-written in tests/decoders/test_domino.py.
"""

from __future__ import annotations

import re
from dataclasses import replace

from bouncekit.decoders.base import ADDRESS, Decoder, Finding, Keys, between, delivery_status_of, dsn_findings
from bouncekit.mime import MessageView, strip_address

_NOT_DELIVERED = re.compile(r"was not delivered to:[ \t]*\n?")
_BECAUSE = re.compile(r"\n[ \t]*because:[ \t]*\n?")
#: What follows the reason in the tabular report (``What should you do?``, ``Routing path:``).
_REASON_END = ("\n\n", "\nWhat should you do?", "\nRouting path:")


class Domino(Decoder):
    name = "domino"
    subjects = ("delivery failure:", "delivery_failure:")
    more_keys = Keys(markers=("was not delivered to:",))

    def matches(self, msg: MessageView) -> bool:
        if "was not delivered to:" not in msg.text:
            return False
        return super().matches(msg) or "Delivery Failure Report" in msg.text

    def decode(self, msg: MessageView) -> list[Finding] | None:
        text = msg.text
        recipients: list[str] = []
        reasons: list[str] = []
        for chunk in _NOT_DELIVERED.split(text)[1:]:
            parts = _BECAUSE.split(chunk, maxsplit=1)
            addresses = [strip_address(a) for a in ADDRESS.findall(parts[0])]
            reason = (between(parts[1], "", _REASON_END) or "").strip() if len(parts) > 1 else ""
            for address in addresses:
                if address:
                    recipients.append(address)
                    reasons.append(" ".join(reason.split()))
        status = delivery_status_of(msg)
        findings = dsn_findings(status) if status is not None else []
        if not findings:
            return [Finding(recipient=r, diagnostic=d or None, action="failed")
                    for r, d in zip(recipients, reasons, strict=True)] or None
        by_address = dict(zip((r.lower() for r in recipients), reasons, strict=True))
        return [
            replace(f, diagnostic=by_address.get((f.recipient or "").lower()) or f.diagnostic)
            for f in findings
        ]
