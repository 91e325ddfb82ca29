"""What every decoder shares: the finding it returns, the protocol, and the helpers
that read the common shapes of bounce text.

A decoder says what it recognises in class attributes (``senders``, ``subjects``,
``headers``, ``markers``), which the base ``matches()`` checks cheaply; ``decode()``
does what is truly specific to the format and returns a list of findings, or None for
"not mine" (the registry then tries the next decoder). Decoders keep no state: one
instance serves every message and every thread.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import ClassVar

from bouncekit.mime import DeliveryStatus, MessageView, strip_address
from bouncekit.model import Event, Reason

#: An email address inside free text (bounded local part and domain; no backtracking
#: blow-up on long runs of address characters).
ADDRESS = re.compile(
    r"(?<![\w.+=-])([A-Za-z0-9!#$%&'*+/=?^_`{|}~.-]{1,64}"
    r"@[A-Za-z0-9](?:[A-Za-z0-9.-]{0,252}[A-Za-z0-9])?)"
)
#: Text inside angle brackets that looks like an address: ``<user@example.com>``.
BRACKETED_ADDRESS = re.compile(r"<([^<>@\s]{1,64}@[^<>\s]{1,253})>")
#: A host name in ``host[192.0.2.1]`` or ``host (192.0.2.1)`` form.
HOST_WITH_IP = re.compile(
    r"([A-Za-z0-9][A-Za-z0-9.-]{0,252}\.[A-Za-z]{2,})\s*[\[(]\s*[0-9a-fA-F.:]{3,45}\s*[\])]"
)


@dataclass(frozen=True, slots=True)
class Finding:
    """What a decoder read about one recipient, before classification.

    ``reason`` is set only where the format itself decides (an auto-reply, a
    challenge); otherwise the classifier reads ``diagnostic`` and the codes.
    """

    recipient: str | None
    diagnostic: str | None = None
    status: str | None = None
    reply_code: str | None = None
    action: str | None = None
    event: Event | None = None
    remote_mta: str | None = None
    reporting_mta: str | None = None
    date: str | None = None
    feedback_type: str | None = None
    reason: Reason | None = None
    original_message_id: str | None = None
    original_sender: str | None = None


class Decoder:
    """Base of every format decoder."""

    #: Short name reported in each record's ``decoder`` field.
    name: ClassVar[str] = ""
    #: Substrings of the From header (lower case) that identify the format.
    senders: ClassVar[tuple[str, ...]] = ()
    #: Substrings of the Subject (lower case) that identify the format.
    subjects: ClassVar[tuple[str, ...]] = ()
    #: Header names whose presence identifies the format.
    headers: ClassVar[tuple[str, ...]] = ()
    #: Substrings of the notification text that identify the format.
    markers: ClassVar[tuple[str, ...]] = ()

    def matches(self, msg: MessageView) -> bool:
        """Cheap test: could this message be in my format?"""
        if any(msg.has_header(h) for h in self.headers):
            return True
        if self.senders and any(s in msg.from_header.lower() for s in self.senders):
            return True
        if self.subjects and any(s in msg.subject.lower() for s in self.subjects):
            return True
        return bool(self.markers) and any(m in msg.text for m in self.markers)

    def decode(self, msg: MessageView) -> list[Finding] | None:
        """The findings of a message in my format, or None when it is not mine."""
        raise NotImplementedError

    def __repr__(self) -> str:
        return f"<decoder {self.name}>"


# --- shared readers ---------------------------------------------------------------------


def dsn_findings(status: DeliveryStatus, *, reporting_mta: str | None = None) -> list[Finding]:
    """One finding per recipient block of an RFC 3464 delivery status."""
    findings = []
    for block in status.recipients:
        findings.append(
            Finding(
                recipient=block.final_recipient or block.original_recipient,
                diagnostic=block.diagnostic_code,
                status=block.status,
                action=block.action,
                remote_mta=block.remote_mta,
                reporting_mta=status.reporting_mta or reporting_mta,
                date=block.last_attempt_date or status.arrival_date,
            )
        )
    return findings


def between(text: str, start: str | re.Pattern[str], end: Iterable[str] = ()) -> str | None:
    """The text after the first ``start`` and before the first of ``end`` (None if no start)."""
    if isinstance(start, str):
        i = text.find(start)
        if i < 0:
            return None
        i += len(start)
    else:
        m = start.search(text)
        if not m:
            return None
        i = m.end()
    stop = len(text)
    for marker in end:
        j = text.find(marker, i)
        if 0 <= j < stop:
            stop = j
    return text[i:stop]


def address_blocks(
    text: str, line: re.Pattern[str], *, group: int = 1
) -> list[tuple[str, str]]:
    """Split ``text`` into (address, following text) blocks.

    Each line that ``line`` matches opens a block for the address in ``group``; the
    rest of that line and the lines up to the next match are the block's text.
    """
    blocks: list[tuple[str, list[str]]] = []
    for raw in text.split("\n"):
        m = line.match(raw)
        if m and m.group(group):
            address = strip_address(m.group(group))
            if address:
                blocks.append((address, [raw[m.end() :]]))
                continue
        if blocks:
            blocks[-1][1].append(raw)
    return [(address, "\n".join(lines).strip()) for address, lines in blocks]


def first_address(text: str) -> str | None:
    m = BRACKETED_ADDRESS.search(text) or ADDRESS.search(text)
    return strip_address(m[1]) if m else None


def find_host(text: str) -> str | None:
    """The first ``host[ip]`` host name in ``text``, lower case."""
    m = HOST_WITH_IP.search(text)
    return m[1].lower().rstrip(".") if m else None


#: A complete SMTP reply quoted in angle brackets inside a longer text, the way relays
#: cite the last reply they got: ``Message expired ... <421 4.4.2 Connection timed out>``.
_BRACKETED_REPLY = re.compile(r"<([245]\d\d[ -][245]\.\d{1,3}\.\d{1,3}(?![\d.])[^<>\n]{0,500})>")


def bracketed_reply(text: str) -> str | None:
    """The last ``<NNN X.Y.Z text>`` reply quoted inside ``text`` (None if none)."""
    found = None
    for m in _BRACKETED_REPLY.finditer(text):
        found = m[1]
    return found
