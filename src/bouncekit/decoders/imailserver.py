"""Ipswitch (Progress) IMail Server: ``Undeliverable Mail`` from ``Postmaster``.

IMail's SMTP32 service (``X-Mailer: <SMTP32 vN>``) writes plain text: one line per
failed address, ``<reason>: a@b`` (``Unknown user: a@b``, ``User mailbox exceeds
allowed size: a@b``, ``Invalid final delivery userid: a@b``), or for remote rejections
``undeliverable to a@b`` / ``Body of message generated response:`` and the remote
reply, then ``Original message follows.`` and the original.

Fixtures: lhost-imailserver-*.eml.
"""

from __future__ import annotations

import re

from bouncekit.decoders.base import Decoder, Finding, between
from bouncekit.mime import MessageView, strip_address

_END = ("Original message follows.",)
_REASON_LINE = re.compile(r"^([A-Za-z][^:\n]{2,100}):[ \t]+<?([^\s@<>:]{1,255}@[^\s<>]{1,255}?)>?[ \t]*$",
                          re.MULTILINE)
_UNDELIVERABLE_TO = re.compile(r"^undeliverable to[ \t]+<?([^\s@<>]{1,255}@[^\s<>]{1,255}?)>?[ \t]*$",
                               re.MULTILINE | re.IGNORECASE)
_RESPONSE = re.compile(r"Body of message generated response:[ \t]*\n")


class Imailserver(Decoder):
    name = "imailserver"
    headers = ("X-Mailer",)
    markers = ("Original message follows.",)
    # matches() is true only for these keys: the index need not try the others.
    keyed = True

    def matches(self, msg: MessageView) -> bool:
        return msg.header("X-Mailer").startswith("<SMTP32 v") or (
            msg.subject.lower() == "undeliverable mail" and "Original message follows." in msg.text
        )

    def decode(self, msg: MessageView) -> list[Finding] | None:
        text = between(msg.text, "", _END) or ""
        findings = []
        response = (between(text, _RESPONSE, ("\n\n",)) or "").strip() or None
        for m in _UNDELIVERABLE_TO.finditer(text):
            findings.append(Finding(recipient=strip_address(m[1]), diagnostic=response, action="failed"))
        if not findings:
            for m in _REASON_LINE.finditer(text):
                if m[1].lower() in ("to", "cc", "from", "reply-to"):
                    continue
                address = strip_address(m[2])
                findings.append(Finding(recipient=address, diagnostic=m[1].strip(), action="failed"))
        return findings or None
