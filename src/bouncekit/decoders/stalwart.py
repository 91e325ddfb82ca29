"""Stalwart Mail Server: ``Failed to deliver message``, ``Warning: Delay in message
delivery``, ``Partially delivered message`` from ``Mail Delivery Subsystem
<MAILER-DAEMON@host>``.

A ``multipart/report`` whose text part lists, under ``Your message could not be
delivered to the following recipients:`` (or ``There was a temporary problem delivering
your message to the following recipients:`` for a delay), one line per recipient:
``<a@b> (host 'mx.b' rejected command 'RCPT TO:<a@b>' with code 550 (5.1.1) 'Mailbox
does not exist')``, ``<a@b> (failed to lookup 'b': ...)``, ``<a@b> (connection to 'mx.b'
failed: ...)``. The RFC 3464 part that follows has a Diagnostic-Code only when a server
replied; the text's reason is used where it has none (DNS failures, connection errors,
most delays), and the remote reply is rewritten ``550 5.1.1 Mailbox does not exist``.

Fixtures: hand-written (tests/fixtures/decoders/stalwart/, tests/decoders/test_stalwart.py).
"""

from __future__ import annotations

import re
from dataclasses import replace

from bouncekit.decoders.base import Decoder, Finding, delivery_status_of, dsn_findings
from bouncekit.mime import MessageView, strip_address
from bouncekit.model import Event

_FAILED = "could not be delivered to the following recipients:"
_DELAYED = "There was a temporary problem delivering your message to the following recipients:"
_LINE = re.compile(r"^[ \t]{0,12}<([^<>\s@]{1,64}@[^<>\s]{1,253})>[ \t]{1,4}\((.{1,2000})\)[ \t]*$", re.M)
_CODE = re.compile(r"with code ([245]\d\d)(?: \(([245]\.\d{1,3}\.\d{1,3})\))? '")
_HOST = re.compile(r"^(?:host|connection to) '([A-Za-z0-9][A-Za-z0-9.-]{0,252})'", re.I)


class Stalwart(Decoder):
    name = "stalwart"
    markers = (_DELAYED, "Your message could not be delivered to the following recipients:")
    keyed = True  # matches() only narrows the base test

    def matches(self, msg: MessageView) -> bool:
        return super().matches(msg) and _LINE.search(msg.text) is not None

    def decode(self, msg: MessageView) -> list[Finding] | None:
        text = msg.text
        delayed_at = text.find(_DELAYED)
        failed_at = text.find(_FAILED)
        said: dict[str, tuple[str, str | None, bool]] = {}
        order = []
        for m in _LINE.finditer(text):
            address = strip_address(m[1])
            if not address or address.lower() in said:
                continue
            # A message delivered to some and delayed for others lists both: each line
            # belongs to the heading above it.
            delayed = delayed_at >= 0 and delayed_at < m.start() and not (delayed_at < failed_at < m.start())
            said[address.lower()] = (*_reason(m[2]), delayed)
            order.append(address)
        if not said:
            return None
        status = delivery_status_of(msg)
        findings = dsn_findings(status) if status is not None else []
        out = []
        for f in findings:
            reason, host, _ = said.pop((f.recipient or "").lower(), (None, None, False))
            keep = f.diagnostic and f.diagnostic.strip()
            out.append(replace(f, diagnostic=f.diagnostic if keep else reason,
                               remote_mta=f.remote_mta or host))
        for address in order:
            if address.lower() in said:
                reason, host, delayed = said.pop(address.lower())
                out.append(Finding(recipient=address, diagnostic=reason, remote_mta=host,
                                   action="delayed" if delayed else "failed",
                                   event=Event.DELAYED if delayed else None))
        return out


def _reason(detail: str) -> tuple[str, str | None]:
    """The diagnostic of a line's parenthesis, and the host it names."""
    detail = detail.strip()
    host = _HOST.match(detail)
    code = _CODE.search(detail)
    if code:
        # The reply is quoted to the end of the parenthesis.
        quoted = detail[code.end() :].removesuffix("'").strip()
        reply = " ".join(part for part in (code[1], code[2], quoted) if part)
        return reply, host[1].lower() if host else None
    return detail, host[1].lower() if host else None
