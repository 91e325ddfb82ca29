"""A person forwarding a notification: not a bounce, so no record.

A bounce mailbox also receives people sending a bounce on ("Fwd: Undelivered Mail
Returned to Sender", "Begin forwarded message:"). What such a message quotes is not about
the mail it answers, so it must not suppress anyone. This decoder comes first in the
registry and claims those messages with no findings.

Fixtures: tests/fixtures/handmade/not-bounces/quoted-bounce-01.eml,
unsplit-bounces/make-test-36.eml.
"""

from __future__ import annotations

import re

from bouncekit.decoders.base import Decoder, Finding
from bouncekit.mime import MessageView

# --- a person forwarding a notification --------------------------------------------------
#
# People send bounces on to a help desk or a colleague ("Fwd: Undelivered Mail Returned
# to Sender - why?"), quoting the notification inline or attaching it. The quoted text
# reads like a bounce to every decoder, yet the message reports nothing about the
# forwarder's mail. A forward is recognised by what a mailer never writes and a person's
# mail client always does: a forward prefix on the subject (``Fwd:``, ``FW:``, ``WG:``,
# ``TR:``, ``RV:``, ``ENC:``, ``I:``, ``Doorst:``), together with an ordinary sender: no
# null Return-Path, no ``Auto-Submitted``, no ``X-Failed-Recipients``, no mailer-daemon
# or postmaster address, and no report part (``multipart/report``, a delivery-status or
# feedback-report part: feedback loops send the reported message on as ``Fw: subject``).
# A reply prefix (``Re:``) is not enough: some MTAs answer under the original subject.

_FORWARD_PREFIX = re.compile(r"^\s{0,5}(?:fwd?|fw|wg|tr|rv|enc|i|doorst|vs|vb)[ \t]{0,3}:", re.IGNORECASE)
_MACHINE_LOCAL = re.compile(
    r"^(?:mailer-?daemon|mail-daemon|postmaster|mdaemon|bounces?|no-?reply|abuse|feedback)(?:[+=@-]|$)",
    re.IGNORECASE,
)
_MACHINE_NAME = re.compile(
    r"mailer[- ]?daemon|mail delivery|delivery (?:subsystem|system|status)", re.IGNORECASE
)
_REPORT_PARTS = (
    "message/delivery-status",
    "message/global-delivery-status",
    "message/feedback-report",
)


def is_person_forward(msg: MessageView) -> bool:
    """True when ``msg`` is a person forwarding a notification, which gives no record."""
    if not _FORWARD_PREFIX.match(msg.subject):
        return False
    if msg.content_type == "multipart/report" or msg.has_header("X-Failed-Recipients"):
        return False
    if msg.has_header("Return-Path") and msg.header("Return-Path").strip() in ("<>", ""):
        return False
    if msg.header("Auto-Submitted").strip().lower().startswith("auto-"):
        return False
    sender = msg.from_address
    if not sender or _MACHINE_LOCAL.match(sender) or _MACHINE_NAME.search(msg.from_header):
        return False
    return not msg.parts_of(*_REPORT_PARTS)


class Forward(Decoder):
    name = "forward"

    def matches(self, msg: MessageView) -> bool:
        return is_person_forward(msg)

    def decode(self, msg: MessageView) -> list[Finding] | None:
        return []
