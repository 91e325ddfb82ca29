"""Novell (Micro Focus, OpenText) GroupWise and its Internet Agent (GWIA): ``Message
status - undeliverable``.

GWIA sends ``multipart/mixed`` (older: plain text) from the postmaster or the sender's
own post office, often with ``X-Mailer: GroupWise Internet Agent`` or a Received line
``with Novell_GroupWise``; no RFC 3464 part. The text reads ``The message that you sent
was undeliverable to the following:`` (GroupWise 6 and later: ``The attached file had
the following undeliverable recipient(s):``), then one indented line per recipient with
GroupWise's short reason in parentheses (``a@b (host not found)``, ``a@b (permanent
failure)``, ``jdoe (user not found)`` for a user of the same system, named without a
domain), then ``Possibly truncated original message follows:`` and the original (inline
or attached). A ``Transcript of session follows:`` section, when present, gives the
remote server's replies as ``Command: RCPT TO:<a@b>`` / ``Response: 550 ...`` pairs:
the reply to a recipient's RCPT (or to DATA, for all of them) is its diagnostic.

The translated editions say the same in their language ("Nachrichtenstatus -
unzustellbar" / "Die von Ihnen gesendete Nachricht konnte an folgende Empfänger nicht
zugestellt werden:", "État du message - non remis" / "... n'a pas pu être remis aux
destinataires suivants :"), the reasons in parentheses translated too.

The other ``Message status - delivered / opened / deleted / completed`` notices are
GroupWise receipts, not bounces: they give no record.

Fixtures: hand-written (tests/fixtures/decoders/groupwise/, tests/decoders/test_groupwise.py).
"""

from __future__ import annotations

import re
from dataclasses import replace

from bouncekit.decoders.base import (
    Decoder,
    Finding,
    Keys,
    delivery_status_of,
    dsn_findings,
    fill_from_text,
    inline_original,
    local_recipient,
    received_text,
)
from bouncekit.mime import MessageView
from bouncekit.model import Event

_START = re.compile(r"(?:was (?:undeliverable|delayed|not delivered) to the following(?: recipients?)?|"
                    r"had the following (?:undeliverable|delayed) recipient(?:\(s\)|s)?|"
                    # the translated editions' "... to the following recipients:" ("an folgende
                    # Empfänger nicht zugestellt werden:", "remis aux destinataires suivants :")
                    r"^[^\n:]{0,200}(?:folgende[n]? empf[äa]nger|destinataires suivants|"
                    r"volgende (?:geadresseerden|ontvangers)|destinatari seguenti|seguenti destinatari|"
                    r"siguientes destinatarios|seguintes destinat[áa]rios)[^\n:]{0,80}?[ \t]?)"
                    r":[ \t]*\n", re.I | re.M)
#: The translated editions' subjects ("Nachrichtenstatus - unzustellbar", "État du message -
#: non remis", "Berichtstatus - onbestelbaar").
_LOCAL_SUBJECT = re.compile(
    r"^(?:nachrichtenstatus|[ée]tat du message|berichtstatus|stato del messaggio|estado del mensaje|"
    r"status da mensagem) - ", re.I)
#: A delay, in the subject or the statement ("Message status - delayed", "Nachrichtenstatus -
#: verzögert", "bisher nicht ... zugestellt").
_DELAYED = re.compile(r"delayed|verz[öo]gert|retard[ée]|vertraagd|ritardat|retrasad|atrasad|bisher nicht",
                      re.I)
#: One recipient line: the address (or a local user name) and GroupWise's reason.
_LINE = re.compile(
    r"^[ \t]{0,12}<?([^\s<>():]{1,254})>?(?:[ \t]*:|[ \t]{1,20}(?=\()|[ \t]*$)[ \t]*(.{0,500})$"
)
_END = re.compile(r"^[ \t]*(?:Possibly truncated original message follows|Transcript of session follows|"
                  r"Original message follows|-{5,})", re.I)
_COMMAND = re.compile(r"^[ \t]*Command:[ \t]*(.{0,600})$", re.I)
_RESPONSE = re.compile(r"^[ \t]*Response:[ \t]*(.{0,2000})$", re.I)
_RCPT = re.compile(r"^RCPT[ \t]+TO:[ \t]*<?([^<>\s]{1,320}?)>?(?:[ \t]|$)", re.I)
_INLINE = ("Possibly truncated original message follows:", "Original message follows:")
_RECEIPTS = ("delivered", "opened", "deleted", "completed", "accepted", "declined", "read", "retracted")


class Groupwise(Decoder):
    name = "groupwise"
    subjects = ("message status - undeliverable", "message status - delayed")
    markers = ("was undeliverable to the following:", "had the following undeliverable recipient")
    # ("tat du message - ": the French subject's key without its accented first letter)
    more_keys = Keys(subjects=("message status - ", "nachrichtenstatus - ", "tat du message - ",
                               "berichtstatus - ", "stato del messaggio - ", "estado del mensaje - ",
                               "status da mensagem - "))

    def matches(self, msg: MessageView) -> bool:
        if super().matches(msg):
            return True
        subject = msg.subject_lower
        return (subject.startswith("message status - ") or _LOCAL_SUBJECT.match(subject) is not None) and (
            "groupwise" in msg.header("X-Mailer").lower() or "groupwise" in received_text(msg)
        )

    def decode(self, msg: MessageView) -> list[Finding] | None:
        text = msg.text
        m = _START.search(text)
        if m is None:
            status = msg.subject_lower.removeprefix("message status - ").strip()
            # A GroupWise receipt: known as this format, and not a bounce.
            return [] if status in _RECEIPTS and msg.subject_lower.startswith("message status - ") else None
        delayed = _DELAYED.search(msg.subject_lower) is not None or _DELAYED.search(m[0]) is not None
        replies, overall = _transcript(text)
        original = msg.original or inline_original(text, _INLINE)
        blocks = []
        for line in text[m.end() :].split("\n")[:5000]:
            if _END.match(line):
                break
            if not line.strip():
                if blocks:
                    break
                continue
            lm = _LINE.match(line)
            rest = lm[2].strip() if lm else ""
            # A user of the same system is named without a domain, always with a reason.
            address = local_recipient(lm[1], msg, original) if lm and ("@" in lm[1] or rest) else None
            if not address:
                break
            reason = rest[1:-1].strip() if rest[:1] == "(" and rest[-1:] == ")" else rest
            blocks.append((address, replies.get(address.lower()) or overall or reason))
        status = delivery_status_of(msg)
        findings = fill_from_text(dsn_findings(status) if status is not None else [], blocks)
        if not findings:
            return None
        action, event = ("delayed", Event.DELAYED) if delayed else ("failed", None)
        return [replace(f, action=f.action or action, event=f.event or event) for f in findings]


def _transcript(text: str) -> tuple[dict[str, str], str | None]:
    """The failing reply to each RCPT of a ``Command:``/``Response:`` transcript, and the
    failing reply to a command that concerns every recipient (DATA, the message)."""
    replies: dict[str, str] = {}
    overall = None
    current: str | None = None
    for line in text.split("\n"):
        m = _COMMAND.match(line)
        if m:
            rcpt = _RCPT.match(m[1].strip())
            current = rcpt[1].lower() if rcpt else None
            continue
        m = _RESPONSE.match(line)
        if not m or m[1][:1] not in ("4", "5"):
            continue
        if current:
            replies.setdefault(current, m[1].strip())
        else:
            overall = m[1].strip()
    return replies, overall
