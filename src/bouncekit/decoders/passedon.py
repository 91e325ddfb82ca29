"""A notice passed on as an attachment, by a mail flow, a rule or a person.

A flow (Power Automate, a Sieve or transport rule's copy), an archive's export or a
person sends a notice on as an attached message (``message/rfc822``, or a ``.eml`` file)
under a subject of their own ("[NDR] Delivery Status Notification (Failure)", "Bounce
for review"), with at most a few words above it ("Bounce routed by flow NDR-router.
Original attached."). Without a forward prefix on the subject the forward decoder does
not claim it; this decoder, tried after every format, decodes the attached notice in the
message's place (``forwarded()``, as a forward is), so that the records are the
notice's. The message must not be a notice itself: no report parts, no mail system's
sender, and its own words state no failure (a double bounce returns an earlier notice
with a statement of its own).

Fixtures: tests/decoders/test_passedon.py (hand-written).
"""

from __future__ import annotations

from bouncekit.decoders.base import Decoder, Finding, Keys
from bouncekit.decoders.fallback import Notice
from bouncekit.decoders.forward import REPORT_PARTS, is_machine_sender
from bouncekit.mime import MESSAGE_TYPES, MessageView

#: Most characters of the passing-on message's own text.
MAX_OWN_TEXT = 600


class PassedOn(Decoder):
    name = "passed-on"
    reads_letters = True
    more_keys = Keys(part_types=MESSAGE_TYPES)

    def matches(self, msg: MessageView) -> bool:
        return passes_on(msg) and self.forwarded(msg) is not None

    def forwarded(self, msg: MessageView) -> MessageView | None:
        # Imported here: bouncekit.forwarded reads the fallback's wording tables, whose
        # package (bouncekit.decoders) imports this module.
        from bouncekit.forwarded import attached_notice

        return attached_notice(msg) if passes_on(msg) else None

    def decode(self, msg: MessageView) -> list[Finding] | None:
        return []  # the attached notice gave no record: neither does the message passing it on


def passes_on(msg: MessageView) -> bool:
    """True when ``msg`` attaches a message and says little of its own, stating no failure."""
    if msg.content_type == "multipart/report" or not msg.parts_of(*MESSAGE_TYPES):
        return False
    if msg.has_header("X-Failed-Recipients") or msg.parts_of(*REPORT_PARTS) or is_machine_sender(msg):
        return False
    text = msg.text.strip()
    if len(text) > MAX_OWN_TEXT:
        return False
    notice = Notice(text)
    return not (notice.states_failure or notice.states_delay)
