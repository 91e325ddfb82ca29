"""Majordomo 1.9x and Majordomo 2: the list manager's notices to list owners.

Majordomo 1 (``resend``) sends a post it will not distribute to the list's approval
address from ``owner-LIST@HOST``, with the subject ``BOUNCE LIST@HOST: <why>`` ("Non-member
submission from [...]", "Approval required", "Message too long", "Admin request of type
...") and the post quoted below. Despite its subject this is a request for approval,
not a failed delivery: claimed with no record (a generic reader would take the
``BOUNCE`` subject and the quoted addresses for a bounce). Majordomo 1 has no bounce
processing of its own.

Majordomo 2 reports bounces it received for a list to the owners ("Detected a bounce
...", "Bounce detected"): either with the bounce attached (``message/rfc822``), which is
read as one of its own (its recipients are the records, never the list's addresses), or
with one line per subscriber (``User: <addr>`` and the status or diagnostic under it),
read as one record per subscriber. Its other notices (subscription, command results,
moderation) are administrative: no record.

Fixtures: tests/fixtures/decoders/majordomo/*.eml.
"""

from __future__ import annotations

import re

from bouncekit.decoders.base import (
    Decoder,
    Finding,
    Keys,
    enclosed_findings,
    enclosed_views,
    is_admin_address,
    is_list_sender,
    list_addresses,
    member_blocks,
)
from bouncekit.mime import MessageView

#: ``BOUNCE list@host: Non-member submission from [...]``: Majordomo 1's approval request.
_APPROVAL = re.compile(r"^BOUNCE [^\s:]{1,300}:", re.IGNORECASE)
_BOUNCE = re.compile(r"\bbounce", re.IGNORECASE)


class Majordomo(Decoder):
    name = "majordomo"
    senders = ("majordomo",)
    subjects = ("bounce detected", "detected a bounce")
    more_keys = Keys(addresses=("owner-",))

    def matches(self, msg: MessageView) -> bool:
        if msg.from_address.startswith("owner-") and _APPROVAL.match(msg.subject):
            return True
        return super().matches(msg)

    def decode(self, msg: MessageView) -> list[Finding] | None:
        if not is_list_sender(msg.from_address):
            return None  # a post distributed by the list
        if _APPROVAL.match(msg.subject):
            return []
        text = msg.text
        if not (_BOUNCE.search(msg.subject) or _BOUNCE.search(text[:2000])):
            return []
        own = list_addresses(msg)
        views = enclosed_views(msg)
        if views:
            findings = enclosed_findings(views) or []
            return [
                f for f in findings
                if f.recipient and f.recipient.lower() not in own and not is_admin_address(f.recipient)
            ]
        return [
            Finding(recipient=address, diagnostic=error or None, action="failed")
            for address, error in member_blocks(text, own)
        ]
