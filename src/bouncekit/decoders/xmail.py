"""XMail (Davide Libenzi's mail server): ``Error sending message [ID] from [host]``.

Plain text from the postmaster, no RFC 3464 part, in numbered sections:
``[<00>] XMail bounce: Rcpt=[a@b];Error=[550 5.1.1 ...]`` (one line per recipient, the
remote reply in the brackets, which may itself contain brackets), ``[<01>] Error sending
message [ID] from [host].`` with ``Mail From:``, ``Rcpt To:`` and ``Server: <mx> [ip]``,
``[<02>] The reason of the delivery failure was:`` and the reply again, and
``[<05>] Here is listed the initial part of the message:`` before the original.

Fixtures: hand-written (tests/fixtures/decoders/xmail/, tests/decoders/test_xmail.py).
"""

from __future__ import annotations

import re

from bouncekit.decoders.base import Decoder, Finding, between
from bouncekit.mime import MessageView, strip_address

_BOUNCE = re.compile(
    r"XMail bounce:[ \t]*Rcpt=\[([^\]\s]{1,320})\];?[ \t]*Error=\[(.{0,2000})\][ \t]*$", re.M
)
_RCPT_TO = re.compile(r"^Rcpt To:[ \t]*<?([^<>\s]{1,320}?)>?[ \t]*$", re.M | re.I)
_SERVER = re.compile(r"^Server:[ \t]*<?([A-Za-z0-9][A-Za-z0-9.-]{0,252})>?", re.M | re.I)
_REASON = re.compile(r"The reason of the delivery failure was:[ \t]*\n")


class Xmail(Decoder):
    name = "xmail"
    markers = ("XMail bounce:", "[<01>] Error sending message")

    def decode(self, msg: MessageView) -> list[Finding] | None:
        # Only the notice: the original follows "[<05>] Here is listed ...".
        text = msg.text.split("[<05>]", 1)[0]
        server = _SERVER.search(text)
        remote = server[1].lower().rstrip(".") if server else None
        findings = []
        for m in _BOUNCE.finditer(text):
            address = strip_address(m[1])
            if address:
                findings.append(Finding(recipient=address, diagnostic=m[2].strip() or None,
                                        action="failed", remote_mta=remote))
        if not findings:
            reason = " ".join((between(text, _REASON, ("\n\n\n", "[<0")) or "").split()) or None
            for m in _RCPT_TO.finditer(text):
                address = strip_address(m[1])
                if address:
                    findings.append(Finding(recipient=address, diagnostic=reason, action="failed",
                                            remote_mta=remote))
        return findings or None
