"""Smail 3 (the MTA of early Linux distributions and many 1990s university hosts):
``mail failed, returning to sender``.

Plain text from ``MAILER-DAEMON``, no RFC 3464 part, the list in a box of dashes::

    |------------------------- Failed addresses follow: ---------------------|
     <jdoe@host.example.edu> ... unknown user
     ann@example.org ... transport smtp: 550 5.1.1 <ann@example.org>... User unknown
    |------------------------- Message text follows: ------------------------|

one line per address, ``address ... reason``, where the reason is Smail's own
(``unknown user``, ``unknown host``, ``routing loop``) or the remote reply after the
transport's name. A local user may be named without a domain. A ``Deferred addresses
follow:`` box holds addresses still being retried.

Fixtures: hand-written (tests/fixtures/decoders/smail/, tests/decoders/test_smail.py).
"""

from __future__ import annotations

import re
from dataclasses import replace

from bouncekit.decoders.base import Decoder, Finding, inline_original, local_recipient
from bouncekit.mime import MessageView
from bouncekit.model import Event

_BOX = re.compile(
    r"^\|?[ \t]{0,4}-{3,100}[ \t]{0,4}(Failed|Deferred) addresses follow:[ \t]{0,4}-{0,100}\|?[ \t]*$",
    re.I | re.M,
)
_BOX_END = re.compile(r"^\|?[ \t]{0,4}-{3,100}[ \t]{0,4}[A-Za-z ]{1,40}follows?:", re.I)
_LINE = re.compile(r"^[ \t]{0,12}<?([^\s<>]{1,320}?)>?[ \t]{0,8}\.\.\.[ \t]{0,8}(.{0,2000})$")
#: ``transport smtp:`` before a remote reply, ``(ERR_103)`` before Smail's own reason.
_PREFIX = re.compile(r"^(?:\(ERR_?\d{1,4}\)[ \t]{0,4})?(?:transport[ \t]{1,4}[\w-]{1,40}:[ \t]{0,4})?", re.I)


class Smail(Decoder):
    name = "smail"
    subjects = ("mail failed, returning to sender",)
    markers = ("Failed addresses follow:", "Deferred addresses follow:")

    def decode(self, msg: MessageView) -> list[Finding] | None:
        text = msg.text
        findings: list[Finding] = []
        seen: set[str] = set()
        original = msg.original or inline_original(text, ("Message text follows:",))
        boxes = list(_BOX.finditer(text))
        for i, box in enumerate(boxes):
            deferred = box[1].lower() == "deferred"
            end = boxes[i + 1].start() if i + 1 < len(boxes) else len(text)
            last = -1  # the index of the finding of the previous line, if any
            for line in text[box.end() : end].split("\n")[1:5000]:
                if _BOX_END.match(line):
                    break
                m = _LINE.match(line)
                address = local_recipient(m[1], msg, original) if m else None
                if address is None:
                    if last >= 0 and line[:1] in (" ", "\t") and line.strip():
                        # a long reply folded onto the next line
                        folded = f"{findings[last].diagnostic or ''} {line.strip()}".strip()
                        findings[last] = replace(findings[last], diagnostic=folded)
                        continue
                    if line.strip():
                        break
                    continue
                if address.lower() in seen:
                    last = -1
                    continue
                seen.add(address.lower())
                reason = _PREFIX.sub("", m[2].strip(), count=1).strip() if m else ""
                last = len(findings)
                findings.append(Finding(recipient=address, diagnostic=reason or None,
                                        action="delayed" if deferred else "failed",
                                        event=Event.DELAYED if deferred else None))
        return findings or None
