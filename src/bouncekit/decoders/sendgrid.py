"""SendGrid: bounces returned by the email delivery service's MTA.

A ``multipart/report`` from ``MAILER-DAEMON@<customer domain>`` (``Return-Path:
<apps@sendgrid.net>``) whose text says "This is an automatically generated message
from SendGrid." and gives one line per recipient, ``local:id:<addr> : <our ip> :
<mx>:[<ip>] : <remote reply>  in RCPT TO`` (or ``<addr> : Connection timed out in
connect``). The ``message/delivery-status`` part carries SendGrid's own fields
(``X-SendGrid-QueueID``, ``X-SendGrid-Sender``), an ``Arrival-Date`` not in RFC 5322
form, and on expiry the non-standard ``Action: expired`` with no Status.

Fixtures: lhost-sendgrid-*.eml.
"""

from __future__ import annotations

import re
from dataclasses import replace

from bouncekit.decoders.base import Decoder, Finding, dsn_findings
from bouncekit.mime import MessageView, parse_delivery_status, strip_address

_MARKER = "This is an automatically generated message from SendGrid."
# "kijitora:000000:<a@b> : 192.0.2.1 : mx.example.jp:[192.0.2.2] : 550 ...  in RCPT TO"
_LINE = re.compile(
    r"^[^\s<>]{0,128}<([^<>\s@]{1,64}@[^<>\s]{1,253})>[ \t]*:[ \t]*(.{1,2000})$", re.M
)
_MX = re.compile(r"(?<![A-Za-z0-9.-])([A-Za-z0-9][A-Za-z0-9.-]{0,252}):\[[0-9a-fA-F.:]{3,45}\][ \t]*:[ \t]*")
_COMMAND = re.compile(r"(?<!\s)\s+in\s+(?:RCPT TO|MAIL FROM|DATA|connect|EHLO|HELO)\s*$", re.I)
_IP = re.compile(r"^[0-9a-fA-F.:]{3,45}[ \t]*:[ \t]*")


class Sendgrid(Decoder):
    name = "sendgrid"
    markers = (_MARKER,)

    def decode(self, msg: MessageView) -> list[Finding] | None:
        text = msg.text
        if _MARKER not in text:
            return None
        lines = {strip_address(m[1]): _reply(m[2]) for m in _LINE.finditer(text)}
        status = msg.delivery_status or parse_delivery_status(text)
        if status is None:
            return [
                Finding(recipient=a, diagnostic=said, remote_mta=mx, action="failed")
                for a, (said, mx) in lines.items()
            ] or None
        findings = []
        for f in dsn_findings(status):
            said, mx = lines.get(f.recipient, (None, None))
            findings.append(
                replace(
                    f,
                    diagnostic=said if said and len(said) > len(f.diagnostic or "") else f.diagnostic,
                    remote_mta=f.remote_mta or mx,
                    # "expired" is SendGrid's own Action value: the message gave up.
                    action="failed" if f.action == "expired" else f.action,
                )
            )
        return findings


def _reply(rest: str) -> tuple[str | None, str | None]:
    """The remote reply and the MX host of a recipient line."""
    rest = _IP.sub("", rest.strip(), count=1)
    mx = _MX.match(rest)
    if mx:
        rest = rest[mx.end() :]
    return _COMMAND.sub("", rest).strip() or None, mx[1].lower() if mx else None
