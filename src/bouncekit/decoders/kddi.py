"""KDDI au one net (DION, ``*.dion.ne.jp`` / ``auone-net.jp``): bounces of the Japanese
ISP's mail service.

Sent from ``no-reply@<host>.dion.ne.jp`` with ``Reply-To: no-reply@app.auone-net.jp``
through ``*.auone-net.jp`` relays, as ``multipart/mixed`` with an ISO-2022-JP text
part (Japanese, or only the English block) and the returned message. The English
block names one recipient and the reason, each on its own indented line::

    Your mail sent on: Thu, 29 Apr 2013 23:45:22 +0900
         Could not be delivered to: <user@example.dion.ne.jp>
         As their mailbox is full.

A notice with only the Japanese text (the address after ``宛先`` or alone on a line, the
reason after ``原因`` / ``理由``) is read as other Japanese carriers' notices are
(``notice_findings``).

Fixtures: lhost-kddi-*.eml; tests/fixtures/decoders/kddi/*.eml.
"""

from __future__ import annotations

import re

from bouncekit.decoders.base import Decoder, Finding, Keys, address_blocks, notice_findings
from bouncekit.mime import MessageView, strip_address

_RECIPIENT = re.compile(r"^[ \t]*Could not be delivered to:[ \t]*(<?[^<>\s@]{1,64}@[^<>\s]{1,253}>?)")
_DOMAINS = ("dion.ne.jp", "auone-net.jp")
_DAEMONS = ("no-reply", "postmaster", "mailer-daemon")


class Kddi(Decoder):
    name = "kddi"
    more_keys = Keys(addresses=_DOMAINS, headers=("reply-to",))

    def matches(self, msg: MessageView) -> bool:
        for sender in (msg.from_address, (strip_address(msg.header("Reply-To")) or "").lower()):
            local, _, domain = sender.partition("@")
            if local in _DAEMONS and domain.endswith(_DOMAINS):
                return True
        return False

    def decode(self, msg: MessageView) -> list[Finding] | None:
        findings = []
        for address, rest in address_blocks(msg.text, _RECIPIENT):
            # The reason is the rest of the indented paragraph under the address.
            reason = " ".join(line.strip() for line in rest.split("\n\n", 1)[0].split("\n"))
            findings.append(Finding(recipient=address, diagnostic=reason.strip() or None))
        # Without the English block, the Japanese notice is read as other carriers' are.
        return findings or notice_findings(msg, own_domains=_DOMAINS)
