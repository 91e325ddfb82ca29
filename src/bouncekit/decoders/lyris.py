"""Lyris ListManager: notices about members whose mail bounces.

ListManager sends its notices from the server's ``lyris@HOST`` / ``ListManager@HOST``
address (or a list's ``owner-LIST@HOST``), with Lyris's own ``X-LYRIS-*`` headers or
``X-Mailer: ListManager``. Its bounce handling puts a member "on hold" after too many
bounces; which notices report failed deliveries:

- the held-member notice to the list administrators ("the following member of list
  LIST has been put on hold because mail sent to the member has been bouncing", one
  labelled block per member, ``Member: <addr>`` and the last error or bounce), or a
  report listing several held members one per line: one record per member, the quoted
  reply as the reason;
- the notice to the member itself ("Your membership in LIST has been put on hold
  because mail to you has been bouncing"): one record for that address (the addressee);
- a bounce ListManager could not attribute, forwarded to the administrators as an
  attachment: read as a bounce of its own, never giving the list's addresses.

Everything else ListManager sends (confirmations, welcome and goodbye messages,
moderation requests, command results) is administrative: claimed with no record.

Fixtures: tests/fixtures/decoders/lyris/*.eml.
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
from bouncekit.mime import MessageView, strip_address

#: A member was put on hold (not "may be put on hold", as welcome messages say).
_HELD = re.compile(
    r"(?:has|have|had)[ \t\n]{1,3}been[ \t\n]{1,3}(?:put|placed)[ \t\n]{1,3}on[ \t\n]{1,3}hold|"
    r"\b(?:is|are|was|were)[ \t\n]{1,3}(?:now[ \t\n]{1,3})?(?:put[ \t\n]{1,3}|placed[ \t\n]{1,3})?"
    r"on[ \t\n]{1,3}hold",
    re.IGNORECASE,
)
_BOUNCING = re.compile(r"\bbounc", re.IGNORECASE)
_YOU = re.compile(r"\b(?:your (?:membership|address|subscription)|mail (?:sent )?to you)\b", re.IGNORECASE)


class Lyris(Decoder):
    name = "lyris"
    senders = ("lyris", "listmanager")
    headers = ("x-lyris-message-id",)
    more_keys = Keys(header_values=(("x-mailer", "listmanager"),))

    def matches(self, msg: MessageView) -> bool:
        return super().matches(msg) or "listmanager" in msg.header("X-Mailer").lower()

    def decode(self, msg: MessageView) -> list[Finding] | None:
        if not is_list_sender(msg.from_address) and "lyris" not in msg.from_lower:
            return None  # a post distributed by the list
        text = msg.text
        own = list_addresses(msg)
        views = enclosed_views(msg)
        to = (strip_address(msg.header("To")) or "").lower()
        if _HELD.search(text) and _BOUNCING.search(text):
            if to and not is_admin_address(to) and _YOU.search(text):
                paragraph = " ".join(next((p for p in text.split("\n\n") if _BOUNCING.search(p)), "").split())
                return [Finding(recipient=to, diagnostic=paragraph or None, action="failed")]
            return [
                Finding(recipient=address, diagnostic=error or None, action="failed")
                for address, error in member_blocks(text, own)
            ]
        if views and _BOUNCING.search(msg.subject + " " + text[:2000]):
            findings = enclosed_findings(views) or []
            return [
                f for f in findings
                if f.recipient and f.recipient.lower() not in own and not is_admin_address(f.recipient)
            ]
        return []
