"""MX Logic (later McAfee SaaS Email Protection), a hosted filtering service.

Its MTA is derived from Exim, and so are its bounces: From ``Mail Delivery System
<MAILER-DAEMON@...>``, subject ``Mail delivery failed``, the text ``A message that you
have sent could not be delivered to one or more recipients. ... The following
address(es) failed:`` then one ``  <addr>: <reply>`` entry per recipient (the reply may
continue on indented lines), and ``Included is a copy of the message header``. What
tells it from Exim are its own headers: ``X-MX-Bounce``, ``X-MXL-NoteHash``,
``X-MXL-Hash`` and a Message-Id beginning ``<mxl~``.

Fixtures: lhost-mxlogic-01.eml, -02.
"""

from __future__ import annotations

import re

from bouncekit.decoders.base import Decoder, Finding, Keys, address_blocks, between, find_host
from bouncekit.mime import MessageView

_START = re.compile(r"The following address(?:\(es\)|es)? failed:", re.IGNORECASE)
_END = ("\nIncluded is a copy of the message", "\n------ This is a copy", "\n-----------")
# "  <user@example.com>: 550 5.1.1 ..." or "  user@example.com" (reply on the next lines)
_ENTRY = re.compile(r"^[ \t]{1,8}<?([^<>\s:]{1,254}@[^<>\s:]{1,253})>?:?(?:[ \t]|$)")


class Mxlogic(Decoder):
    name = "mxlogic"
    headers = ("X-MX-Bounce", "X-MXL-NoteHash", "X-MXL-Hash")
    more_keys = Keys(header_values=(("message-id", "<mxl~"),))

    def matches(self, msg: MessageView) -> bool:
        return super().matches(msg) or msg.header("Message-Id").startswith("<mxl~")

    def decode(self, msg: MessageView) -> list[Finding] | None:
        listed = between(msg.text, _START, _END)
        if listed is None:
            return None
        findings = []
        for address, reply in address_blocks(listed, _ENTRY):
            findings.append(
                Finding(recipient=address, diagnostic=reply or None, remote_mta=find_host(reply))
            )
        return findings or None
