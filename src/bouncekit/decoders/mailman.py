"""GNU Mailman 2.1 and 3: the list server's notices about deliveries to members.

Mailman sends its notices from the list's ``-bounces`` / ``-owner`` address or the site
list (``mailman@host``), with ``X-Mailman-Version`` (and ``List-Id``,
``X-List-Administrivia: yes`` in 2.1). Which notices report a failed delivery:

- the bounce action notification to the owners (2.1 ``Bounce action notification``:
  "This is a Mailman mailing list bounce action notice:" and a block ``List:``,
  ``Member: <addr>``, ``Action: Subscription disabled.`` / ``removed.``, ``Reason:
  Excessive or fatal bounces.``, with the triggering bounce attached as
  ``message/rfc822``; 3.x "<addr>'s subscription has been disabled on <list> due to
  their bounce score exceeding ...", "<addr> has been removed from <list> due to
  excessive bounces", "<addr>'s bounce score incremented on <list>", each with "the
  triggering DSN if available" attached): one record for the member, whose reason is
  the attached bounce's (its reply, status and codes), else the notice's own words.
  Translated 2.1 notices keep the block layout: the member is its one address line that
  is not the list's or the site's;
- the uncaught bounce notification (``Uncaught bounce notification``: "The attached
  message was received as a bounce, but either the bounce format was not recognized, or
  no member addresses could be extracted from it."): the attached message is read as a
  bounce of its own, and its recipients are the records, never the list's addresses;
- the member's own notices, sent to the member: "Your membership in the mailing list
  <list> has been disabled due to excessive bounces" (2.1; the same notice "... disabled
  by the list administrator" or by the member is administrative), "Your subscription has been
  disabled on the <list> mailing list because it has received a number of bounces" and
  the probe "This is a probe message. ... The <list> mailing list has received a number
  of bounces from you, indicating that there may be a problem delivering messages to
  <addr>" (2.1 and 3.x): one record for that address (the notice's addressee). They
  carry no error, so the record's class is left undetermined by the rules.
- a moderator's rejection of a post ("Request to mailing list <list> rejected": "Your
  request to the <list> mailing list ... has been rejected by the list moderator"), and
  2.1's automatic one ("You are not allowed to post to this mailing list, and your
  message has been automatically rejected", for a non-member or a DMARC domain): the
  list refused the sender's post, a record for the list's posting address (as for
  Google Groups), reason ``sender_rejected``.

Every other notice from the list server's own addresses (a post held for approval,
subscription and password notices, digests of requests) is administrative: claimed with
no record. A list's ordinary posts carry the same headers but are sent from the poster's
address, and are not claimed.

Fixtures: tests/fixtures/decoders/mailman/*.eml.
"""

from __future__ import annotations

import re
from dataclasses import replace

from bouncekit.decoders.base import (
    ADDRESS,
    Decoder,
    Finding,
    enclosed_findings,
    enclosed_views,
    inline_view,
    is_admin_address,
    is_list_sender,
    list_addresses,
    member_blocks,
    phrase,
)
from bouncekit.mime import MessageView, strip_address
from bouncekit.model import Reason

_ADDR = r"<?([A-Za-z0-9!#$%&'*+/=?^_`{|}~.-]{1,64}@[A-Za-z0-9][A-Za-z0-9.-]{0,252}[A-Za-z0-9])>?"
_ACTION_NOTICE = "bounce action notice"
_UNCAUGHT = "was received as a bounce, but either the bounce"
#: Mailman 3's notices to the owners, the member's address first.
_MM3_MEMBER = re.compile(
    _ADDR + "(?:" + phrase("'s subscription has been disabled") + "|[ \t\n]{1,3}" + phrase("has been")
    + r"[ \t\n]{1,3}(?:removed|unsubscribed)[ \t\n]{1,3}from|" + phrase("'s bounce score")
    + r")[^\n]{0,200}\n?[^\n]{0,200}?bounce"
)
#: The notices to the member: membership disabled, or a probe.
_MEMBER_NOTICE = re.compile(
    r"Your membership in the mailing list[^\n]{0,200}\n?[^\n]{0,200}has been disabled|"
    r"Your subscription has been disabled on|This is a probe message|"
    r"has received a number of bounces from you"
)
_DELIVERING_TO = re.compile(phrase("problem delivering messages to") + "[ \t\n]{1,3}" + _ADDR)
#: A post refused: by the moderator, or automatically by the list's rules (2.1's "You
#: are not allowed to post to this mailing list, and your message has been
#: automatically rejected", for a non-member, a DMARC domain, a banned address).
_REJECTED = re.compile(r"rejected by the list moderator|message has been automatically rejected")
_REJECTED_LIST = re.compile(r"Your request to the[ \t]{1,3}(\S{1,200})[ \t]{1,3}mailing list")
#: The reason line of the 2.1 block ("Reason: Excessive or fatal bounces.").
_REASON = re.compile(r"^[ \t]{1,20}Reason:[ \t]{1,40}([^\n]{1,300})$", re.M)


class Mailman(Decoder):
    name = "mailman"
    headers = ("x-mailman-version",)
    subjects = ("bounce action notification", "uncaught bounce notification", "mailing list probe message",
                "'s subscription disabled on", "due to bounces", "'s bounce score incremented on")
    markers = ("This is a Mailman mailing list bounce action notice", _UNCAUGHT,
               "'s subscription has been disabled on", "due to excessive bounces")

    def decode(self, msg: MessageView) -> list[Finding] | None:
        if not is_list_sender(msg.from_address):
            return None  # a post to the list, not a notice of the list server
        text = msg.text
        own = list_addresses(msg)
        to = (strip_address(msg.header("To")) or "").lower()
        if to not in own - {to} and not is_admin_address(to) and _MEMBER_NOTICE.search(text):
            return _member_notice(to, text)
        if _UNCAUGHT in text:
            return _uncaught(msg, own)
        # A notice in another language to the owners is taken for a bounce notice only
        # when what it attaches is a bounce: a held post's approval request attaches the
        # post, whose sender is no failed member. (The bounce is read once, here.)
        attached = None
        if (msg.header("X-List-Administrivia").lower() == "yes" and is_admin_address(to)
                and enclosed_views(msg)):
            attached = enclosed_findings(_enclosed(msg))
        translated = bool(attached)
        member = _owner_notice_member(text, own, translated)
        if member:
            return [_member_finding(msg, member, text, attached)]
        if _REJECTED.search(" ".join(text.split())):
            return _rejection(msg, text)
        if translated:
            # A translated uncaught-bounce notice: the attachment is all there is.
            return _uncaught(msg, own, attached)
        return []


def _owner_notice_member(text: str, own: set[str], translated: bool) -> str | None:
    """The member an owner's bounce notice is about (2.1 block or 3.x sentence)."""
    m = _MM3_MEMBER.search(text)
    if m:
        return strip_address(m[1])
    if _ACTION_NOTICE in text or translated:
        blocks = member_blocks(text, own)
        if blocks:
            return blocks[0][0]
    return None


def _member_finding(
    msg: MessageView, member: str, text: str, attached: list[Finding] | None = None
) -> Finding:
    """The member's record: the attached bounce's reason for that address (``attached``:
    its findings when already read), else the notice's own reason."""
    findings = (attached if attached is not None else enclosed_findings(_enclosed(msg))) or []
    key = member.lower()
    found = next((f for f in findings if (f.recipient or "").lower() == key), None)
    if found is None:
        found = next((f for f in findings if f.diagnostic or f.status), None)
    if found is not None:
        return replace(found, recipient=member, action="failed", event=None, original_recipient=None)
    reason = _REASON.search(text)
    if reason:
        return Finding(recipient=member, diagnostic=reason[1].strip(), action="failed")
    # Mailman 3: the sentence naming the member ("... due to excessive bounces.").
    paragraph = next((p for p in text.split("\n\n") if member.lower() in p.lower()), "")
    return Finding(recipient=member, diagnostic=" ".join(paragraph.split()) or None, action="failed")


def _uncaught(msg: MessageView, own: set[str], attached: list[Finding] | None = None) -> list[Finding]:
    """The recipients of the bounce the list server could not read, not its own
    (``attached``: the bounce's findings when already read)."""
    findings = (attached if attached is not None else enclosed_findings(_enclosed(msg))) or []
    return [
        f for f in findings
        if f.recipient and f.recipient.lower() not in own and not is_admin_address(f.recipient)
    ]


def _enclosed(msg: MessageView) -> list[MessageView]:
    """The bounce a notice attaches: a ``message/rfc822`` part, or (Mailman 2 attaches a
    bounce it got as a string that way) a second ``text/plain`` part."""
    views = enclosed_views(msg)
    if views:
        return views
    texts = [p.text for p in msg.parts if p.content_type == "text/plain"][1:]
    return [inline_view(t) for t in texts[:2] if t.strip()]


def _member_notice(to: str, text: str) -> list[Finding]:
    """The member's own notice: the address it names (the probe's), else its addressee."""
    m = _DELIVERING_TO.search(text)
    member = strip_address(m[1]) if m else to
    if not member or "@" not in member:
        return []
    paragraphs = [" ".join(p.split()) for p in text.split("\n\n")]
    diagnostic = next((p for p in paragraphs if "bounce" in p), None)
    if diagnostic is None:
        return []  # disabled by the member or the administrator, not for bounces
    return [Finding(recipient=member, diagnostic=diagnostic, action="failed")]


def _rejection(msg: MessageView, text: str) -> list[Finding]:
    """The list's posting address, from the original post's recipients or the notice."""
    original = msg.original
    candidates = list(original.recipients) if original else []
    candidates += [m[1] for m in ADDRESS.finditer(msg.header("List-Post")[:2000])]
    name = _REJECTED_LIST.search(text)
    domain = msg.from_address.partition("@")[2]
    if name and domain:
        candidates.append(f"{name[1].lower()}@{domain}")
    address = next((a for a in candidates if a and not is_admin_address(a)), None)
    if not address:
        return []
    paragraphs = [" ".join(p.split()) for p in text.split("\n\n") if p.strip()]
    i = next((k for k, p in enumerate(paragraphs) if _REJECTED.search(p)), 0)
    diagnostic = " ".join(paragraphs[i : i + 2]) or None
    return [Finding(recipient=address, diagnostic=diagnostic, reason=Reason.SENDER_REJECTED)]
