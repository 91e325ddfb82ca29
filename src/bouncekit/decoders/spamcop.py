"""SpamCop's spam reports: a complaint about a message a SpamCop user reported.

SpamCop mails a network's or a sender's abuse address a plain-text report: a version
line (``[ SpamCop V5.5.0 ]``, older ``- SpamCop V4.x -``), the sending IP and links,
then ``[ Offending message ]`` over the reported message's header and body (or that
message attached). The reporting user's address is munged to ``x`` (``To: x``,
``for <x>``): the record then has no recipient. Feedback type ``abuse``.

Fixtures: tests/fixtures/handmade-23/emails/y-fbl-spamcop-15.eml.
"""

from __future__ import annotations

import re

from bouncekit.decoders.arf import complaint_recipients
from bouncekit.decoders.base import Decoder, Finding, Keys, enclosed_views
from bouncekit.mime import MessageView, original_from_text
from bouncekit.model import Event

#: SpamCop's version line, which opens each report.
_VERSION_LINE = re.compile(r"^[ \t]{0,5}[\[-][ \t]{0,3}SpamCop V\d{1,2}\.\d", re.MULTILINE)
#: The line over the reported message.
_OFFENDING = re.compile(r"^[ \t]{0,5}\[ ?Offending message ?\][ \t]*$", re.MULTILINE | re.IGNORECASE)
#: How far into the text the version line may stand.
_HEAD_CHARS = 2048


class Spamcop(Decoder):
    name = "spamcop"
    reads_letters = True
    more_keys = Keys(markers=("SpamCop V",), subjects=("[spamcop",))

    def matches(self, msg: MessageView) -> bool:
        text = msg.text
        if "SpamCop V" not in text[:_HEAD_CHARS] and not msg.subject_lower.startswith("[spamcop"):
            return False
        return bool(_VERSION_LINE.search(text[:_HEAD_CHARS]))

    def decode(self, msg: MessageView) -> list[Finding] | None:
        text = msg.text
        offending = _OFFENDING.search(text)
        if offending is None and not enclosed_views(msg):
            return None
        original = msg.original
        if original is None and offending is not None:
            original = original_from_text(text[offending.end():])
        attached = enclosed_views(msg)[:1]
        return [
            Finding(
                recipient=recipient,
                event=Event.COMPLAINT,
                feedback_type="abuse",
                original_sender=original.sender if original else None,
                original_message_id=original.message_id if original else None,
            )
            for recipient in complaint_recipients((), original, attached[0] if attached else None)
        ]
