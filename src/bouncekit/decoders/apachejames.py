"""Apache James: the bounces of its ``Bounce``/``NotifySender`` mailets.

A text part (often inside ``multipart/mixed`` and ``multipart/alternative``):
``Error: <summary>``, ``Error message below:`` and the remote reply or James's own
reason, then ``Message details:`` with the original's ``Subject``, ``MAIL FROM``,
``RCPT TO`` (the failed recipient(s), comma separated), ``From``, ``Size``...

Fixtures: lhost-apachejames-*.eml.
"""

from __future__ import annotations

import re

from bouncekit.decoders.base import ADDRESS, Decoder, Finding, between
from bouncekit.mime import MessageView, strip_address

_ERROR = "Error message below:"
_DETAILS = "Message details:"
_RCPT = re.compile(r"^[ \t]*RCPT TO:[ \t]*(.{1,2000})$", re.MULTILINE)


class Apachejames(Decoder):
    name = "apachejames"
    markers = (_ERROR,)
    keyed = True  # matches() only narrows the base test

    def matches(self, msg: MessageView) -> bool:
        return super().matches(msg) and _DETAILS in msg.text

    def decode(self, msg: MessageView) -> list[Finding] | None:
        text = msg.text
        reply = (between(text, _ERROR, (_DETAILS,)) or "").strip()
        details = between(text, _DETAILS) or ""
        m = _RCPT.search(details)
        recipients = [strip_address(a) for a in ADDRESS.findall(m[1])] if m else []
        if not recipients:
            recipients = [None]
        return [Finding(recipient=r, diagnostic=reply or None, action="failed") for r in recipients]
