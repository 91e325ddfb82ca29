"""X.400 gateways and their delivery reports converted to Internet mail: ISODE PP and
M-Switch, MIXER (RFC 2156) gateways, the X.400 connectors of national PTTs, armed
forces and governments.

An X.400 non-delivery report has no RFC 3464 part once converted; its text names the
X.400 reason and diagnostic (``Unable to transfer``, ``Unrecognised O/R name``,
``unrecognised-OR-name``). Two layouts:

- PP's ``Delivery Report (failure) for a@b``: ``This report relates to your message:``
  (the original's Subject, Message-ID, To), ``Your message was not delivered to:``, the
  addresses, indented, ``for the following reason:`` and the reason, indented (the
  X.400 reason and diagnostic, then what the next MTA said: ``MTA 'host' gives error
  message ...``); after ``***** The following information is directed towards the
  local administrator`` an administrative copy (``* Recipient-Info: a@b,`` ...) that is
  read only when the first part is missing;
- a field list per recipient: ``Recipient:`` (or ``O/R address:``), ``RFC 822:`` (or
  ``RFC-822:``) with the Internet address, ``Reason:``, ``Diagnostic:`` and
  ``Supplementary information:``.

The diagnostic joins the reason, the diagnostic and the supplementary text; the
MTS identifier and the message's own identifiers are not recipients.

Fixtures: hand-written (tests/fixtures/decoders/x400/, tests/decoders/test_x400.py).
"""

from __future__ import annotations

import itertools
import re

from bouncekit.decoders.base import ADDRESS, Decoder, Finding, between
from bouncekit.mime import MessageView, strip_address

_NOT_DELIVERED = re.compile(r"^[ \t]{0,8}Your message was not delivered to:[ \t]*$", re.I | re.M)
_BECAUSE = re.compile(r"^[ \t]{0,8}for the following reason:[ \t]*$", re.I | re.M)
_ADMIN = "***** The following information is directed towards the local administrator"
_RFC822 = re.compile(
    r"^[ \t]{0,12}RFC[ -]?822(?:[ \t]address)?:[ \t]*<?([^\s<>@]{1,64}@[^\s<>]{1,253}?)>?[ \t]*$", re.I | re.M
)
_FIELD = re.compile(
    r"^[ \t]{0,12}(?:Reason|Diagnostic|Supplementary information)[ \t]*:[ \t]*(.{0,500})$", re.I
)
_NEXT_RECIPIENT = re.compile(r"^[ \t]{0,12}(?:Recipient|O/R address)[ \t]*:", re.I | re.M)
_RECIPIENT_INFO = re.compile(
    r"^\*[ \t]{0,8}Recipient-Info:[ \t]*<?([^\s<>,@]{1,64}@[^\s<>,]{1,253})>?,?[ \t]*$", re.I | re.M
)
_ADMIN_REASON = re.compile(r"^\*[ \t]{0,8}(FAILURE reason[^\n]{1,200}|diagnostic[^\n]{1,200})$", re.I | re.M)


class X400(Decoder):
    name = "x400"
    subjects = ("delivery report (failure)",)
    markers = ("O/R name", "O/R address", "unrecognised-OR-name", "unrecognized-OR-name",
               "Unable-To-Transfer")

    def decode(self, msg: MessageView) -> list[Finding] | None:
        text = msg.text
        admin = text.find(_ADMIN)
        user_part = text if admin < 0 else text[:admin]
        findings = _pp(user_part) or _fields(user_part) or _admin(text[admin:] if admin >= 0 else "")
        return findings or None


def _pp(text: str) -> list[Finding]:
    """``Your message was not delivered to:`` / addresses / ``for the following reason:``."""
    findings = []
    for chunk in _NOT_DELIVERED.split(text)[1:]:
        because = _BECAUSE.search(chunk)
        listed = chunk[: because.start()] if because else chunk.split("\n\n", 1)[0]
        reason_lines = []
        if because:
            for line in chunk[because.end() :].split("\n")[1:40]:
                if not line.strip() or not line[:1].isspace():
                    break
                reason_lines.append(line.strip())
        reason = " ".join(reason_lines) or None
        for line in listed.split("\n"):
            a = ADDRESS.search(line)
            address = strip_address(a[1]) if a else None
            if address:
                findings.append(Finding(recipient=address, diagnostic=reason, action="failed"))
    return findings


def _fields(text: str) -> list[Finding]:
    """Per recipient block: ``RFC 822: a@b`` and the ``Reason:`` / ``Diagnostic:`` fields."""
    starts = [m.start() for m in _NEXT_RECIPIENT.finditer(text)]
    starts = starts or [m.start() for m in _RFC822.finditer(text)]
    findings = []
    for begin, end in itertools.pairwise([*starts, len(text)]):
        block = text[begin:end]
        m = _RFC822.search(block)
        address = strip_address(m[1]) if m else None
        if not address:
            continue
        parts: list[list[str]] = []
        for line in block.split("\n")[:80]:
            f = _FIELD.match(line)
            if f:
                parts.append([f[1].strip()])
            elif parts and line[:1].isspace() and line.strip() and ":" not in line.strip()[:30]:
                parts[-1].append(line.strip())  # a field continued on the next line
        diagnostic = "; ".join(" ".join(p).strip() for p in parts if "".join(p).strip()) or None
        findings.append(Finding(recipient=address, diagnostic=diagnostic, action="failed"))
    return findings


def _admin(text: str) -> list[Finding]:
    """The administrator's copy: ``* Recipient-Info: a@b,`` and the reason lines after it."""
    findings = []
    for m in _RECIPIENT_INFO.finditer(text):
        address = strip_address(m[1])
        block = between(text[m.end() :], "", ("Recipient-Info:",)) or ""
        reason = "; ".join(r[1].strip().rstrip(";") for r in _ADMIN_REASON.finditer(block[:4000])) or None
        if address:
            findings.append(Finding(recipient=address, diagnostic=reason, action="failed"))
    return findings
