"""SmarterMail (SmarterTools, Windows hosting): ``Undeliverable: <subject>`` from
``postmaster@host``.

Plain text, no RFC 3464 part: ``The message could not be delivered to the following
recipient(s):`` (older: ``Could not deliver message to the following recipient(s):``),
then per recipient ``Failed Recipient: a@b`` and ``Reason: ...`` (the remote reply after
``Remote host said:``, or SmarterMail's own reason), then ``-- The header and top 20
lines of the message follows --`` and the start of the original.

Fixtures: hand-written (tests/fixtures/decoders/smartermail/, tests/decoders/test_smartermail.py).
"""

from __future__ import annotations

import re

from bouncekit.decoders.base import Decoder, Finding, address_blocks, between
from bouncekit.mime import MessageView, strip_address

_RECIPIENT = re.compile(r"^[ \t]{0,12}Failed Recipient:[ \t]*<?([^\s<>]{1,320}?)>?[ \t]*$", re.I)
_REASON = re.compile(r"^[ \t]{0,12}Reason:[ \t]*(.{0,2000})$", re.I | re.M)
_END = ("-- The header and top", "-- The header of the original message")
_SAID = re.compile(r"^Remote (?:host|server) (?:said|replied|returned):[ \t]*", re.I)


class Smartermail(Decoder):
    name = "smartermail"
    markers = ("Failed Recipient:",)

    def decode(self, msg: MessageView) -> list[Finding] | None:
        text = between(msg.text, "", _END) or ""
        findings = []
        for address, block in address_blocks(text, _RECIPIENT):
            if "@" not in address:
                continue
            m = _REASON.search(block)
            reason = " ".join(m[1].split()) if m else " ".join(block.split())
            reason = _SAID.sub("", reason, count=1)
            findings.append(Finding(recipient=strip_address(address), diagnostic=reason or None,
                                    action="failed"))
        return findings or None
