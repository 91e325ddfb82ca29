"""Abuse desks' reports about a sender's mail, written in prose: complaints.

A network operator's or hosting provider's abuse team ("We have received a complaint
regarding unsolicited email (spam) sent from your server", "Nous avons reçu une plainte
concernant l'envoi de courriels non sollicités"), a university's security office, a
spam-trap operator, or a person writing to the sender's abuse address ("This is SPAM. I
unsubscribed twice") reports a message as unwanted, quoting or attaching it. Such a
report is a complaint (feedback type ``abuse``) about the recipient of the reported
message:

- the To of each attached message, else of the header lines quoted in the text (also in
  "> " lines), else the address a quoted Received line delivered it ``for``;
- where the report carries no copy of the message: the addresses it lists as the ones
  who complained, else the From of a complaint an abuse desk passes on.

A person's own complaint to an abuse address counts only when the message it reports came
from that address's domain (the reader's own mail); an abuse desk's or a spam trap's
report always does.

A masked address (``s*******@trap.example``) gives a complaint without a recipient.

Strict, since postmasters exchange much other mail: the report must go from or to a role
address of abuse handling (``abuse@``, ``security@``, ``postmaster@``, ``noc@``), speak
of spam or a complaint in its subject or opening, and be no delivery notice or
machine-readable report (those have decoders of their own, tried before this one).

Fixtures: tests/decoders/test_abusereport.py (hand-written).
"""

from __future__ import annotations

import re

from bouncekit.address import organizational_domain
from bouncekit.decoders.base import (
    ADDRESS,
    RECEIVED_FOR,
    Decoder,
    Finding,
    Keys,
    enclosed_views,
    machine_sent,
)
from bouncekit.decoders.fallback import Notice, notification_text, subject_states_failure
from bouncekit.decoders.fallback.wording import opening_bounce_words
from bouncekit.mime import MessageView, strip_address
from bouncekit.model import Event

#: What the role addresses below hold (the index's keys: a substring of each).
_ROLE_WORDS = ("abuse", "security@", "postmaster@", "noc@", "spam")
#: Local parts of the role addresses that handle abuse.
_ROLE = re.compile(r"^(?:abuse|abuse[-._]\w{1,20}|security|postmaster|noc|spam|spamreport)$", re.IGNORECASE)
#: A complaint about unwanted mail, in the languages of abuse desks.
_COMPLAINT = re.compile(
    r"\bspam|unsolicited|unwanted (?:commercial )?(?:e-?mail|mail|advertising|messages?)|\bcomplaints?\b|"
    r"non sollicit|\bplainte\b|beschwerde|unerw[üu]nscht|klagom[åa]l|\bskarg|reclamo|\bqueja|denuncia|"
    r"reclamação|klacht|ongewenst",
    re.IGNORECASE,
)
#: Literals one of which every match of _COMPLAINT holds (lower case).
_COMPLAINT_WORDS = ("spam", "unsolicited", "unwanted", "complaint", "sollicit", "plainte", "beschwerde",
                    "erw", "klagom", "skarg", "reclam", "queja", "denuncia", "klacht", "ongewenst")
#: How far into the text the opening is read for the complaint.
_OPENING = 1500
#: A header line of the reported message quoted in the text ("To: a@b", "> To: a@b").
_QUOTED_TO = re.compile(r"^(?:>[ \t]?){0,3}To:[ \t]*([^\n]{1,300})$", re.MULTILINE | re.IGNORECASE)
_QUOTED_FROM = re.compile(r"^(?:>[ \t]?){0,3}From:[ \t]*([^\n]{1,300})$", re.MULTILINE | re.IGNORECASE)
#: A line of a list of addresses ("  - a@b (student)").
_LISTED = re.compile(
    r"^[ \t]{0,8}(?:[-*•][ \t]{1,4})?<?([^\s<>@,;]{1,64}@[^\s<>,;()]{1,253}?)>?[ \t]*(?:\(|$)", re.MULTILINE
)
_MASKED = re.compile(r"\*{2,}|x{4,}@|\[redacted\]|redacted@", re.IGNORECASE)


class AbuseReport(Decoder):
    name = "abuse-report"
    reads_letters = True
    # A role address in the From or in the To (the only ways matches() can be true).
    more_keys = Keys(addresses=_ROLE_WORDS, header_values=tuple(("to", word) for word in _ROLE_WORDS))

    def matches(self, msg: MessageView) -> bool:
        if msg.content_type == "multipart/report":
            return False
        roles = [a for a in (msg.from_address, strip_address(msg.header("To")) or "") if a]
        if not any(_ROLE.match(a.partition("@")[0]) for a in roles):
            return False
        if not _COMPLAINT.search(msg.subject):
            head = msg.text[:_OPENING].lower()
            # (Words first: most texts hold none, and "in" is far cheaper than the search.)
            if not any(word in head for word in _COMPLAINT_WORDS) or not _COMPLAINT.search(head):
                return False
        if msg.delivery_status is not None:
            return False
        # A notice that a message was refused as spam (a filter's bounce to the sender's
        # postmaster) speaks of spam too: it states a failure, a complaint does not.
        if subject_states_failure(msg.subject) or opening_bounce_words(msg.subject) is not None:
            return False
        notice = Notice(notification_text(msg))
        return not (notice.states_failure or notice.states_delay or any(p.rejects for p in notice.paragraphs))

    def decode(self, msg: MessageView) -> list[Finding] | None:
        # The report's own role addresses are never the complainer (a person writing to
        # an abuse address is: the reported message's To names them).
        own = {a.lower() for a in (msg.from_address, strip_address(msg.header("To")) or "")
               if a and _ROLE.match(a.partition("@")[0])}
        desk = _ROLE.match(msg.from_address.partition("@")[0]) or machine_sent(msg)
        if not desk and not _sent_by_addressee(msg):
            # A person's complaint counts when the mail it reports came from the
            # organisation it writes to (its abuse address's domain): a person telling a
            # network about someone else's spam is not a complaint about the reader's mail.
            return None
        recipients = _reported_recipients(msg, own)
        if not recipients:
            return None
        return [
            Finding(recipient=None if _MASKED.search(r) else r, event=Event.COMPLAINT, feedback_type="abuse")
            for r in recipients
        ]


def _reported_recipients(msg: MessageView, own: set[str]) -> list[str]:
    """The complainers, in the order of the evidence that names them (see the module)."""
    original = msg.original  # (an attached message, or its header fields alone: text/rfc822-headers)
    if original is not None:
        found = [a for a in original.recipients if a.lower() not in own]
        if found:
            return found
    text = msg.text
    for m in _QUOTED_TO.finditer(text):
        found = [a for a in _addresses(m[1]) if a.lower() not in own]
        if found:
            return found
    for m in RECEIVED_FOR.finditer(text):
        address = strip_address(m[1])
        if address and address.lower() not in own:
            return [address]
    listed = [a for a in (strip_address(m[1]) for m in _LISTED.finditer(text)) if a and a.lower() not in own
              and not _ROLE.match(a.partition("@")[0])]
    if listed:
        return list(dict.fromkeys(listed))
    for m in _QUOTED_FROM.finditer(text):
        found = [a for a in _addresses(m[1]) if a.lower() not in own and not _ROLE.match(a.partition("@")[0])]
        if found:
            return found[:1]  # the complaint a desk passes on: its writer
    return []


_QUOTED_SENDER = re.compile(r"^(?:>[ \t]?){0,3}(?:From|Return-Path|Sender):[ \t]*([^\n]{1,300})$",
                            re.MULTILINE | re.IGNORECASE)


def _sent_by_addressee(msg: MessageView) -> bool:
    """True when the reported message (attached, or its header lines quoted) came from
    the domain of the address the report is written to."""
    to = (strip_address(msg.header("To")) or "").rpartition("@")[2]
    base = organizational_domain(to) if to else ""
    if not base:
        return False
    senders = [view.header("From") + " " + view.header("Return-Path") for view in enclosed_views(msg)]
    senders += [m[1] for m in _QUOTED_SENDER.finditer(msg.text)]
    return any(a.lower().endswith((f"@{base}", f".{base}")) for value in senders for a in _addresses(value))


def _addresses(value: str) -> list[str]:
    found = [strip_address(m[0]) for m in ADDRESS.finditer(value)] if "@" in value else []
    return [a for a in found if a and "@" in a]
