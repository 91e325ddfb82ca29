"""ezmlm and ezmlm-idx (qmail's list manager): warnings and probes to a bouncing member.

ezmlm writes plain text from the list's ``-help`` address with ``Mailing-List: contact
list-help@host; run by ezmlm``; its envelope sender is a VERP address
(``list-return-warn-...-user=host@listhost``). After "Hi! This is the ezmlm program.
I'm managing the list@host mailing list." a warning says "Messages to you from the list
mailing list seem to have been bouncing. I've attached a copy of the first bounce
message I received." (a probe: "... I sent you a warning message, but it bounced ...
This is a probe to check whether your address is reachable."), lists the message
numbers that bounced, and quotes the bounce after "--- Enclosed is a copy of the bounce
message I received." (older versions: "--- Below this line is a copy of the bounce
message I received."), headers and all, or attaches it.

Warnings and probes report failed deliveries to the member they are sent to: one
record for that address (the ``To``), whose reason is the enclosed bounce's (its reply,
status and codes, read by the decoder of its own format). Every other ezmlm message
(confirmation requests, help, subscription notices, digests) is administrative: claimed
with no record.

Fixtures: tests/fixtures/decoders/ezmlm/*.eml.
"""

from __future__ import annotations

import re
from dataclasses import replace

from bouncekit.decoders.base import (
    Decoder,
    Finding,
    Keys,
    enclosed_findings,
    enclosed_views,
    inline_view,
    phrase,
)
from bouncekit.mime import MessageView, strip_address

_PROGRAM = "This is the ezmlm program"
#: The sentence of warnings and probes: deliveries to the member bounced.
_BOUNCING = re.compile(phrase("seem to have been bouncing"))
_ENCLOSED = re.compile(
    r"^--- (?:Enclosed is|Below this line is) a copy of the bounce message I received\.?[ \t]*$", re.M
)
#: ``list-return-warn-1715832007.abcdef-user=host@listhost`` (or ``-probe-``).
_VERP = re.compile(r"-return-(?:warn|probe)-[^@]{0,200}?-([^-@=]{1,64})=([^@=]{1,253})@")


class Ezmlm(Decoder):
    name = "ezmlm"
    markers = (_PROGRAM,)
    more_keys = Keys(header_values=(("mailing-list", "run by ezmlm"),))

    def matches(self, msg: MessageView) -> bool:
        return "run by ezmlm" in msg.header("Mailing-List") or super().matches(msg)

    def decode(self, msg: MessageView) -> list[Finding] | None:
        text = msg.text
        program = text.find(_PROGRAM)
        if program < 0:
            return None  # a post to an ezmlm list
        if text.find("\n--- ", 0, program) >= 0:
            return None  # a bounce of ezmlm's message (qmail's "--- Below this line is a copy")
        bouncing = _BOUNCING.search(text)
        if not bouncing:
            return []
        member = _member(msg)
        if not member:
            return []
        enclosed = _ENCLOSED.search(text)
        views = enclosed_views(msg) or ([inline_view(text[enclosed.end() :])] if enclosed else [])
        findings = enclosed_findings(views) or []
        key = member.lower()
        found = next((f for f in findings if (f.recipient or "").lower() == key), None)
        found = found or next((f for f in findings if f.diagnostic or f.status), None)
        if found is not None:
            return [replace(found, recipient=member, action="failed", event=None, original_recipient=None)]
        sentence = text[text.rfind("\n\n", 0, bouncing.start()) + 1 : text.find("\n\n", bouncing.end())]
        return [Finding(recipient=member, diagnostic=" ".join(sentence.split()) or None, action="failed")]


def _member(msg: MessageView) -> str | None:
    """The member: the notice's addressee, else the address in its VERP sender."""
    to = strip_address(msg.header("To"))
    if to and "@" in to:
        return to
    m = _VERP.search(msg.header("Return-Path"))
    return f"{m[1]}@{m[2].lower()}" if m else None
