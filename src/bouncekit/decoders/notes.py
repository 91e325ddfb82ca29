"""Lotus Notes (the Lotus SMTP MTA of Notes/Domino 4.x): ``Undeliverable message``.

Plain text from ``postmaster``: ``------- Failure Reasons  --------``, then for each
failure the reason on one line (``User  not listed in public Name & Address Book``, in
the server's language) followed by the address(es) it applies to, then ``-------
Returned Message --------`` and the original.

Fixtures: lhost-notes-*.eml.
"""

from __future__ import annotations

import re

from bouncekit.decoders.base import Decoder, Finding, between
from bouncekit.mime import MessageView, strip_address

_START = re.compile(r"(?<!-)-{3,}[ \t]*Failure Reasons[ \t]*-{3,}[ \t]*\n")
_END = ("------- Returned Message --------", "-------Returned Message")
_ADDRESS_ONLY = re.compile(r"^<?([^\s@<>]{1,255}@[^\s<>]{1,255}?)>?$")


class Notes(Decoder):
    name = "notes"
    markers = ("------- Failure Reasons",)

    def decode(self, msg: MessageView) -> list[Finding] | None:
        section = between(msg.text, _START, _END)
        if section is None:
            return None
        findings = []
        reason: list[str] = []
        after_address = False
        for line in section.split("\n"):
            line = line.strip()
            m = _ADDRESS_ONLY.match(line)
            if m:
                diagnostic = " ".join(reason) or None
                address = strip_address(m[1])
                findings.append(Finding(recipient=address, diagnostic=diagnostic, action="failed"))
                after_address = True
            elif line:
                if after_address:
                    reason, after_address = [], False
                reason.append(line)
        return findings or None
