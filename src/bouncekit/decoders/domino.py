"""HCL (IBM, Lotus) Domino: ``DELIVERY FAILURE: <reason>`` from ``Postmaster``.

The text reads ``Your message`` / ``Subject: ...`` / ``was not delivered to:`` /
the address(es), indented / ``because:`` / the reason, indented (``User some.name
(a@b) not listed in Domino Directory``), in the server's language (German: ``Ihre
Nachricht`` / ``Betreff:`` / ``wurde nicht zugestellt an:`` / ``weil:``, Subject
``Zustellungsfehler: ...``). With several recipients there is one such block each, not
always in the order of the DSN's blocks: each reason goes to its block's address. Newer versions add
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

#: The labels in English and in German ("Ihre Nachricht" / "Betreff:" / "wurde nicht
#: zugestellt an:" / "weil:"): a server writes its notices in its own language.
_NOT_DELIVERED_WORDS = ("was not delivered to:", "wurde nicht zugestellt an:")
_NOT_DELIVERED = re.compile(r"(?:was not delivered to|wurde nicht zugestellt an):[ \t]*\n?")
_BECAUSE = re.compile(r"\n[ \t]*(?:because|weil):[ \t]*\n?")
#: What follows the reason in the tabular report (``What should you do?``, ``Routing path:``).
_REASON_END = ("\n\n", "\nWhat should you do?", "\nRouting path:")


class Domino(Decoder):
    name = "domino"
    subjects = ("delivery failure:", "delivery_failure:", "zustellungsfehler:", "zustellfehler:")
    more_keys = Keys(markers=_NOT_DELIVERED_WORDS)

    def matches(self, msg: MessageView) -> bool:
        text = msg.text
        if not any(words in text for words in _NOT_DELIVERED_WORDS):
            return False
        # The German labels in a row ("wurde nicht zugestellt an:", then "weil:") are
        # the format itself, whoever sent it (relays rewrite the From and Subject).
        german = "wurde nicht zugestellt an:" in text and _BECAUSE.search(text) is not None
        return super().matches(msg) or german or "Delivery Failure Report" in text

    def decode(self, msg: MessageView) -> list[Finding] | None:
        text = msg.text
        recipients: list[str] = []
        reasons: list[str] = []
        for chunk in _NOT_DELIVERED.split(text)[1:]:
            # "was not delivered to:" / a@b / "because:" / reason, and, in some versions,
            # further pairs under the same heading: c@d / "because:" / reason.
            # (Without "because:", the addresses with no reason.)
            listed, *reasons_after = _BECAUSE.split(chunk)
            for index, part in enumerate(reasons_after or [""], start=1):
                part = part.lstrip("\n")
                reason = " ".join((between(part, "", _REASON_END) or "").split())
                for address in (strip_address(a) for a in ADDRESS.findall(listed)):
                    if address:
                        recipients.append(address)
                        reasons.append(reason)
                end = part.find("\n\n")
                listed = part[end:] if end >= 0 and index < len(reasons_after) else ""
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
