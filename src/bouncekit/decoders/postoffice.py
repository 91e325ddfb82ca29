"""Software.com Post.Office and the Netscape Messaging Server 3 built on it (also run by
ISPs and carriers under their own names): ``Mail System Error - Returned Mail``.

Plain text (or one text part in ``multipart/mixed``), no RFC 3464 part, from ``Mail
Administrator <Postmaster@host>`` or ``Post Office``; Received headers name ``Post.Office
MTA`` (which also shows when Post.Office merely relayed a message, so it is not a sign
of this format). Two layouts:

- a reason, then the list: ``This Message was undeliverable due to the following
  reason:``, one or more paragraphs (``The user(s) account is temporarily over quota.``,
  ``Your message was not delivered within 5 days and 0 hours. Host mx.example.net is
  not responding.``, ``The following destination addresses were unknown ...``), then
  ``The following recipients did not receive this message:`` and the addresses, one
  per line in angle brackets, then ``Please reply to <Postmaster@host> if you feel this
  message to be in error.`` The heading line is missing in some configurations: the
  paragraph just before the list is the reason;
- remote rejections: ``Each of the following recipients was rejected by a remote mail
  server. The reasons given by the server are included ...``, then per recipient
  ``Recipient: <a@b>``, the command sent (``>>> RCPT TO:<a@b>``) and the reply
  (``<<< 550 ...``).

The au by KDDI carrier's notices share the template and are read by ``ezweb`` first.

Fixtures: hand-written (tests/fixtures/decoders/postoffice/, tests/decoders/test_postoffice.py).
"""

from __future__ import annotations

import re
from dataclasses import replace

from bouncekit.decoders.base import (
    ADDRESS,
    Decoder,
    Finding,
    address_blocks,
    between,
)
from bouncekit.mime import MessageView, strip_address
from bouncekit.model import Event

_INTRO = re.compile(r"This Message was undeliverable due to the following reason:[ \t]*\n", re.I)
#: The headings of the address list.
_LIST = re.compile(
    r"^[ \t]{0,8}(?:The following recipients? did not receive this message|"
    r"The following destination address(?:es)? (?:was|were) unknown[^\n]{0,120}"
    r"(?:\n[^\n]{0,120}?)?|Your message (?:could not be|was not) delivered to(?: the following"
    r" recipients?)?)[ \t]*:[ \t]*$",
    re.I | re.M,
)
_LIST_END = re.compile(r"^[ \t]*(?:Please reply to\b|-{5,}|={5,}|\*{5,})", re.I)
#: An address alone on its line (``<a@b>``, or ``<a@b>: 550 ...`` with the reply).
_BARE_ADDRESS = re.compile(r"^[ \t]{0,12}<[^<>\s@]{1,64}@[^<>\s]{1,253}>", re.M)
_REJECTED = re.compile(r"Each of the following recipients was rejected by a\s{1,4}remote", re.I)
_RECIPIENT = re.compile(r"^[ \t]{0,12}Recipient:[ \t]*<?([^<>\s@]{1,64}@[^<>\s]{1,253}?)>?[ \t]*$", re.M)
_REPLY = re.compile(r"^[ \t]*<<<[ \t]?(.{1,1000})$", re.M)
_REASON_FIELD = re.compile(r"^[ \t]*Reason:[ \t]*(.{1,1000})$", re.M)
_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n")
_WITHIN = re.compile(r"not delivered within|not responding", re.I)
_ADVICE = re.compile(r"(?:Most likely|It is also possible|Please |If you )", re.I)
_DELAY = re.compile(r"has been delayed|is being delayed|delivery (?:is|was) delayed", re.I)
#: A server's reply on the line under its address (InterMail's ``SMTP <a@b>`` lists).
_REPLY_LINE = re.compile(r"^[ \t]{0,12}[245]\d\d(?:[ -]|$)")


class Postoffice(Decoder):
    name = "postoffice"
    subjects = ("mail system error - returned mail",)
    senders = ("post office <", "post.office <")
    markers = (
        "was undeliverable due to the following reason",
        "recipients did not receive this message",
        "recipients was rejected by a remote",
    )

    def decode(self, msg: MessageView) -> list[Finding] | None:
        text = msg.text
        delayed = "delay" in msg.subject_lower or bool(_DELAY.search(text[:4000]))
        findings = _rejections(text) if _REJECTED.search(text) else []
        if not findings:
            # Bare address lines count only where the notice is known to be this template.
            findings = _listed(text, bare="mail system error" in msg.subject_lower)
        if not findings:
            return None
        if delayed:
            return [replace(f, action="delayed", event=Event.DELAYED) for f in findings]
        return findings


def _rejections(text: str) -> list[Finding]:
    """``Recipient: <a@b>`` blocks with the remote reply (``<<<`` lines) or a ``Reason:``."""
    findings = []
    for address, block in address_blocks(text, _RECIPIENT):
        replies = [m[1].strip() for m in _REPLY.finditer(block)]
        if not replies:
            replies = [m[1].strip() for m in _REASON_FIELD.finditer(block)][:1]
        findings.append(Finding(recipient=address, diagnostic=" ".join(replies) or None, action="failed"))
    return findings


def _listed(text: str, *, bare: bool) -> list[Finding]:
    """The reason paragraph(s) and the address list after its heading (or, without a
    heading, the address lines after the reason)."""
    heading = _LIST.search(text)
    if heading is None:
        # Without the heading the list follows the reason; operators who translated the
        # template dropped the "This Message was undeliverable" line too.
        intro = _INTRO.search(text)
        if intro is None and not bare:
            return []
        first = _BARE_ADDRESS.search(text, intro.end() if intro else 0)
        if first is None:
            return []
        if intro is None:
            return _addresses(text[first.start() :], _last_paragraph(text[: first.start()]))
        return _addresses(text[first.start() :], _reason(text[intro.end() : first.start()]))
    earlier: list[Finding] = []
    intro = _INTRO.search(text[: heading.start()])
    if intro:
        reason = _reason(between(text[: heading.start()], _INTRO) or "")
        # A first group listed under the reason itself, before the heading of another
        # ("The user(s) account is temporarily over quota." over "<a@b>", then "The
        # following destination addresses were unknown:" over "SMTP <c@d>").
        first = _BARE_ADDRESS.search(text, intro.end(), heading.start())
        if first is not None and heading[0].strip().lower().startswith("the following destination"):
            said = _reason(text[intro.end() : first.start()])
            earlier = _addresses(text[first.start() : heading.start()], said)
    else:
        reason = _last_paragraph(text[: heading.start()])
    # "The following destination addresses were unknown" is itself the reason.
    if heading[0].strip().lower().startswith("the following destination"):
        reason = " ".join(heading[0].split()).rstrip(":")
    return earlier + _addresses(text[heading.end() :].split("\n", 1)[-1], reason)


def _addresses(text: str, reason: str | None) -> list[Finding]:
    """One finding per address line, up to ``Please reply to`` or the end of the list;
    the text after an address on its line is the server's own reply."""
    findings = []
    seen: set[str] = set()
    blank = 0
    own = ""
    for line in text.split("\n")[:5000]:
        if _LIST_END.match(line):
            break
        if not line.strip():
            blank += 1
            if blank >= 2 and findings:
                break
            continue
        blank = 0
        if findings and not own and _REPLY_LINE.match(line):
            # The reply under its address says more than the list's heading.
            own = line.strip()
            findings[-1] = replace(findings[-1], diagnostic=own)
            continue
        m = ADDRESS.search(line)
        address = strip_address(m[1]) if m else None
        if not address:
            if findings:
                break
            continue
        if address.lower() in seen:
            continue
        seen.add(address.lower())
        # "<a@b>: 550 user unknown": the server's own reply beside the address.
        own = line[m.end() :].lstrip(">").strip().lstrip(":").strip()
        findings.append(Finding(recipient=address, diagnostic=own or reason or None, action="failed"))
    return findings


def _paragraphs(text: str) -> list[str]:
    return [" ".join(p.split()) for p in _PARAGRAPH_BREAK.split(text) if p.strip()]


def _reason(section: str) -> str | None:
    """The first paragraph of the reason, and the ``not delivered within`` one if later.

    Post.Office explains some reasons with a paragraph of advice (``Most likely there
    is a network problem ...``) that is not the reason itself.
    """
    paragraphs = _paragraphs(section)
    if not paragraphs:
        return None
    kept = [paragraphs[0]]
    kept += [p for p in paragraphs[1:4] if _WITHIN.search(p)]
    return " ".join(kept)


def _last_paragraph(text: str) -> str | None:
    """The English paragraph just before the list (the lead may be in another language),
    passing over Post.Office's advice (``Most likely there is a network problem ...``)."""
    for paragraph in reversed(_paragraphs(text[-4000:])):
        if paragraph.isascii() and len(paragraph) > 8 and not _ADVICE.match(paragraph):
            return paragraph
    return None
