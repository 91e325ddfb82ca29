"""MailFoundry, a spam-filtering appliance.

Its bounces come From ``MAILER-DAEMON@...`` with the subject ``Message delivery has
failed`` and a ``Received: ... (MAILFOUNDRY)`` trace; a ``multipart/mixed`` holds the
text ``Unable to deliver message to: <addr>``, ``Delivery failed for the following
reason:`` and the reason on the next line, usually ``<host>[<ip>] responded with
failure: <reply>``, then the returned message as ``message/rfc822``.

Fixtures: lhost-mailfoundry-02.eml.
"""

from __future__ import annotations

import re

from bouncekit.decoders.base import Decoder, Finding, Keys, address_blocks, between, find_host, received_text
from bouncekit.mime import MessageView

_ENTRY = re.compile(r"^Unable to deliver message to:[ \t]*<?([^<>\s]{1,254}@[^<>\s]{1,253}?)>?[ \t]*$")
_REASON = re.compile(r"Delivery failed for the following reason:[ \t]*\n?", re.IGNORECASE)
_RESPONDED = re.compile(r"^.{0,300}?\bresponded with failure:[ \t]*", re.IGNORECASE | re.S)


class Mailfoundry(Decoder):
    name = "mailfoundry"
    subjects = ("message delivery has failed",)
    more_keys = Keys(received=("(mailfoundry)",))

    def matches(self, msg: MessageView) -> bool:
        return "(mailfoundry)" in received_text(msg) or (
            super().matches(msg) and "Delivery failed for the following reason:" in msg.text
        )

    def decode(self, msg: MessageView) -> list[Finding] | None:
        findings = []
        for address, block in address_blocks(msg.text, _ENTRY):
            reason = (between(block, _REASON, ("\n\n",)) or "").strip()
            findings.append(
                Finding(
                    recipient=address,
                    diagnostic=_RESPONDED.sub("", reason, count=1) or None,
                    remote_mta=find_host(reason),
                )
            )
        return findings or None
