"""Courier mail server: ``NOTICE: mail delivery status.`` from ``postmaster``.

A ``multipart/report``: the text says ``This is a delivery status notification from
host, running the Courier mail server, version N.``, then ``UNDELIVERABLE MAIL`` /
``Your message to the following recipients cannot be delivered:`` (or ``DELAYED
MAIL``), and per recipient ``<a@b>:``, the remote host (``mx.example [192.0.2.1]:``)
and the SMTP dialogue (``>>> RCPT TO:<a@b>``, ``<<< 550 5.1.1 ...``); Courier's own
reasons are written as ``<<<`` lines too (``<<< No such domain.``). The RFC 3464 part
follows, whose Diagnostic-Code may be typed ``unknown;``.

Fixtures: lhost-courier-*.eml.
"""

from __future__ import annotations

import re
from dataclasses import replace

from bouncekit.decoders.base import (
    Decoder,
    Finding,
    address_blocks,
    delivery_status_of,
    dsn_findings,
    find_host,
    holds_more,
)
from bouncekit.mime import MessageView

_RECIPIENT_LINE = re.compile(r"^<([^<>\s]{1,320})>:[ \t]*$")
_HOST_LINE = re.compile(r"^\s*\S{1,253}\s*\[[0-9a-fA-F.:]{3,45}\]:?\s*$")
_SMTP_TYPE = re.compile(r"^\s*smtp\s*;", re.IGNORECASE)


class Courier(Decoder):
    name = "courier"
    markers = ("running the Courier mail server",)

    def decode(self, msg: MessageView) -> list[Finding] | None:
        text = msg.text.split("\n-----", 2)
        body = text[1] if len(text) > 1 else msg.text
        blocks = {}
        for address, lines in address_blocks(body, _RECIPIENT_LINE):
            replies = [line.strip()[3:].strip() for line in lines.split("\n")
                       if line.strip().startswith("<<<")]
            if not replies:
                # Courier's own verdicts (no such domain, loops) can stand as plain
                # indented text, with no SMTP dialogue around them.
                replies = [line.strip() for line in lines.split("\n")
                           if line.strip() and not line.strip().startswith(">>>")
                           and not _HOST_LINE.match(line)]
            blocks[address.lower()] = (" ".join(replies), find_host(lines))
        status = delivery_status_of(msg)
        findings = dsn_findings(status) if status is not None else []
        if not findings:
            findings = [Finding(recipient=a, action="failed") for a in blocks]
        out = []
        for f in findings:
            reply, host = blocks.get((f.recipient or "").lower(), ("", None))
            diagnostic = f.diagnostic
            # (A reply that holds the DSN's field and says more: a multi-line reply, whose
            # last line alone the field gives.)
            if reply and (not diagnostic or not _SMTP_TYPE.match(diagnostic)
                          or holds_more(reply, diagnostic)):
                diagnostic = reply
            out.append(replace(f, diagnostic=diagnostic, remote_mta=f.remote_mta or host))
        return out or None

