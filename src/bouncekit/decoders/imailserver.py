"""Ipswitch (Progress) IMail Server: ``Undeliverable Mail`` from ``Postmaster``.

IMail's SMTP32 service (``X-Mailer: <SMTP32 vN>``) writes plain text: one line per
failed address, ``<reason>: a@b`` (``Unknown user: a@b``, ``User mailbox exceeds allowed
size: a@b``, ``Invalid final delivery userid: a@b``), or for remote rejections
``undeliverable to a@b`` / ``Body of message generated response:`` (or the SMTP
command's name: ``RCPT TO generated following response:``) and the remote reply, then
``Original message follows.`` and the original. A reason about a host (``Unknown host:
example.org``) concerns the original's recipients at that domain.

Fixtures: lhost-imailserver-*.eml.
"""

from __future__ import annotations

import re

from bouncekit.decoders.base import Decoder, Finding, between
from bouncekit.mime import MessageView, original_from_text, strip_address

_END = ("Original message follows.",)
_REASON_LINE = re.compile(r"^([A-Za-z][^:\n]{2,100}):[ \t]+<?([^\s@<>:]{1,255}@[^\s<>]{1,255}?)>?[ \t]*$",
                          re.MULTILINE)
_UNDELIVERABLE_TO = re.compile(r"^undeliverable to[ \t]+<?([^\s@<>]{1,255}@[^\s<>]{1,255}?)>?[ \t]*$",
                               re.MULTILINE | re.IGNORECASE)
#: A reason about a host rather than an address ("Unknown host: example.org").
_HOST_LINE = re.compile(r"^([A-Za-z][^:\n]{2,100}):[ \t]+([a-z0-9][a-z0-9.-]{0,250}\.[a-z]{2,63})\.?[ \t]*$",
                        re.MULTILINE | re.IGNORECASE)
#: The remote reply, after the SMTP stage that drew it ("Body of message generated
#: response:", "RCPT TO generated following response:").
_RESPONSE = re.compile(r"(?:Body of message|[A-Z][A-Z ]{1,15}) generated (?:following )?response:[ \t]*\n")


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
            reasons = [m for m in _REASON_LINE.finditer(text)
                       if m[1].lower() not in ("to", "cc", "from", "reply-to")]
            for m in reasons:
                # One failed address over the remote reply: the reply says why ("Unknown
                # user: a@b" over "RCPT TO generated following response: 550 5.1.1 ...").
                said = response if response and len(reasons) == 1 else m[1].strip()
                findings.append(Finding(recipient=strip_address(m[2]), diagnostic=said, action="failed"))
        if not findings and (host := _HOST_LINE.search(text)):
            # "Unknown host: example.org": the original's recipients at that domain.
            domain = host[2].lower().rstrip(".")
            # (The original follows inline, after "Original message follows.".)
            original = msg.original or original_from_text(msg.text.partition(_END[0])[2].lstrip())
            for address in original.recipients if original else ():
                if address.lower().endswith("@" + domain):
                    findings.append(Finding(recipient=address, diagnostic=host[0].strip(), action="failed"))
        return findings or None
