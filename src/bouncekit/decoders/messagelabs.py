"""Symantec Email Security.cloud (formerly MessageLabs), a hosted filtering gateway.

Its bounces come From ``MAILER-DAEMON@messagelabs.com`` with the subject ``Mail
Delivery Failure``; the text starts ``This is the mail delivery agent at Symantec
Email Security.cloud.`` (older: ``... at messagelabs.com.``), lists the failed
addresses after ``I was unable to deliver your message to the following addresses:``
and quotes the remote reply after ``Reason:``, which may be a multi-line
``550-...`` reply. A ``message/delivery-status`` part follows, whose Diagnostic-Code
continuation lines are often not indented (so the standard parser loses them): the
``Reason:`` text is the complete reply.

Fixtures: rhost-messagelabs-01.eml, rhost-messagelabs-02.eml.
"""

from __future__ import annotations

import re
from dataclasses import replace

from bouncekit.decoders.base import ADDRESS, Decoder, Finding, between, dsn_findings, fill_from_text
from bouncekit.mime import MessageView, strip_address

_LIST_START = re.compile(r"unable to deliver your message to the following addresses?:", re.I)
_REASON = re.compile(r"^Reason:[ \t]*", re.M)
_REASON_END = ("\nThe message subject was:", "\n\n\n", "\nThe message date was:")


class Messagelabs(Decoder):
    name = "messagelabs"
    senders = ("@messagelabs.com",)
    markers = (
        "This is the mail delivery agent at Symantec",
        "This is the mail delivery agent at messagelabs",
    )

    def decode(self, msg: MessageView) -> list[Finding] | None:
        text = msg.text
        listed = between(text, _LIST_START, ("\nReason:",)) or ""
        addresses = [a for a in (strip_address(m[1]) for m in ADDRESS.finditer(listed)) if a]
        reason = (between(text, _REASON, _REASON_END) or "").strip()
        findings = dsn_findings(msg.delivery_status) if msg.delivery_status else []
        findings = fill_from_text(findings, [(a, reason) for a in addresses])
        if not findings:
            return None
        if reason:
            # One Reason applies to every listed address, including DSN blocks it filled.
            findings = [f if f.diagnostic else replace(f, diagnostic=reason) for f in findings]
        return findings

