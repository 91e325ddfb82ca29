"""Symantec Email Security.cloud (formerly MessageLabs), a hosted filtering gateway.

Its bounces come From ``MAILER-DAEMON@messagelabs.com`` with the subject ``Mail
Delivery Failure``; the text starts ``This is the mail delivery agent at Symantec
Email Security.cloud.`` (older: ``... at messagelabs.com.``), lists the failed
addresses after ``I was unable to deliver your message to the following addresses:``
and quotes the remote reply after ``Reason:``, which may be a multi-line
``550-...`` reply. The older (qmail-based) service wrote each address as ``<a@b>:`` on
its own line with its reason below (``Remote host said: 550 ...``, ``Giving up on
192.0.2.1.``), as qmail does, then ``--- Below this line is a copy of the message.``
and the original inline. A ``message/delivery-status`` part follows, whose Diagnostic-Code
continuation lines are often not indented (so the standard parser loses them): the
``Reason:`` text is the complete reply.

Fixtures: rhost-messagelabs-01.eml, rhost-messagelabs-02.eml; hand-written in
tests/decoders/test_messagelabs.py.
"""

from __future__ import annotations

import re
from dataclasses import replace

from bouncekit.decoders.base import (
    ADDRESS,
    Decoder,
    Finding,
    address_blocks,
    between,
    dsn_findings,
    fill_from_text,
)
from bouncekit.mime import MessageView, strip_address

_LIST_START = re.compile(r"(?:unable|not able) to deliver your message to the following addresses?[:.]", re.I)
_REASON = re.compile(r"^Reason:[ \t]*", re.M)
_REASON_END = ("\nThe message subject was:", "\n\n\n", "\nThe message date was:")
_LIST_END = ("\nReason:", "\n--- Below this line", "\n--- Enclosed", "\nThe message subject was:")
#: The qmail-style list: ``<a@b>:`` (or ``a@b:``) alone on its line, the reason on the
#: lines below.
_QMAIL_ADDRESS = re.compile(r"^<?([^<>\s@]{1,64}@[^<>\s]{1,255}?)>?:(?:[ \t]+|$)")
_QMAIL_NOISE = re.compile(r"^(?:[^\s]{1,80} does not like recipient\.|Giving up on [^\s]{1,80}\.)$")


class Messagelabs(Decoder):
    name = "messagelabs"
    senders = ("@messagelabs.com",)
    markers = (
        "This is the mail delivery agent at Symantec",
        "This is the mail delivery agent at messagelabs",
    )

    def decode(self, msg: MessageView) -> list[Finding] | None:
        text = msg.text
        listed = between(text, _LIST_START, _LIST_END) or ""
        reason = (between(text, _REASON, _REASON_END) or "").strip()
        blocks = [(a, _said(b) or reason) for a, b in address_blocks(listed, _QMAIL_ADDRESS)]
        if not blocks:
            blocks = [(a, reason) for a in _first_paragraph_addresses(listed)]
        findings = dsn_findings(msg.delivery_status) if msg.delivery_status else []
        findings = fill_from_text(findings, blocks)
        if not findings:
            return None
        if reason:
            # One Reason applies to every listed address, including DSN blocks it filled.
            findings = [f if f.diagnostic else replace(f, diagnostic=reason) for f in findings]
        return findings


def _first_paragraph_addresses(listed: str) -> list[str]:
    """The addresses of the list, which ends at the first blank line after them."""
    out: list[str] = []
    for line in listed.split("\n"):
        if not line.strip():
            if out:
                break
            continue
        out += [a for a in (strip_address(m[1]) for m in ADDRESS.finditer(line)) if a]
    return out


def _said(block: str) -> str:
    """A qmail-style block's reason without the bookkeeping lines."""
    lines = (line.strip() for line in block.split("\n"))
    return "\n".join(line for line in lines if line and not _QMAIL_NOISE.match(line))
