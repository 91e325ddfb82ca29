"""L-Soft LISTSERV: the list server's notices about deliveries to subscribers.

LISTSERV writes plain text from ``"L-Soft list server at HOST (17.0)" <LISTSERV@HOST>``
through relays that name it (``LISTSERV-TCP/IP release 17.0``). Which notices report a failed delivery:

- a delivery error forwarded to the owners: "The enclosed message has been identified as
  a delivery error for the LIST list because it was sent to 'owner-LIST@HOST'." with the
  bounce attached (``message/rfc822``) or quoted after a ruler ``---- Message in error
  (N lines) ----``: the bounce is read as one of its own, and its recipients are the
  records, never the list's addresses;
- the error reports and auto-deletion notices to the owners (``Delivery error report``,
  error monitoring): one line per subscriber, the address first, then columns (dates,
  counts, the action taken) and the last error on the same or the following indented
  line: one record per subscriber, the quoted reply as the reason;
- a rejected post ("You are not authorized to send mail to the LIST list from your
  ADDRESS account. ...", subject ``Rejected posting to LIST@HOST``): the list refused the
  sender's post, a record for the list's address (as for Google Groups), reason
  ``sender_rejected``; a post rejected for what it is ("Your message to the LIST list,
  dated ..., has been rejected because it exceeds the maximum message size for this list
  (Sizelim=200K)"): the same record, its cause read from those words.

Every other LISTSERV message (command replies and their ``Error`` lines, subscription
and moderation notices, statistics) is administrative: claimed with no record.

Fixtures: tests/fixtures/decoders/listserv/*.eml.
"""

from __future__ import annotations

import re

from bouncekit.decoders.base import (
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
from bouncekit.mime import MessageView
from bouncekit.model import Reason

_DELIVERY_ERROR = re.compile(phrase("has been identified as a delivery error"))
#: ``------------ Message in error (42 lines) ------------`` (older versions leave out the
#: count): a quoted message follows.
_RULER = re.compile(
    r"^-{3,80}[ \t]{0,5}(?:[A-Za-z][A-Za-z ]{0,40}\(\d{1,7} lines?\)|Message in error)"
    r"[ \t]{0,5}-{3,80}[ \t]*$",
    re.M,
)
# (LISTSERV justifies its paragraphs: the words may stand two or three spaces apart.)
_NOT_AUTHORIZED = re.compile(
    phrase("You are not authorized to send mail to the") + r"[ \t\n]{1,3}(\S{1,100})[ \t\n]{1,3}list",
    re.IGNORECASE,
)
#: A post refused for what it is ("Your message to the LIST list, dated ..., with subject
#: "...", has been rejected because it exceeds the maximum message size for this list").
_YOUR_MESSAGE = re.compile(phrase("Your message to the") + r"[ \t\n]{1,3}(\S{1,100})[ \t\n]{1,3}list\b")
#: The owners' reports of subscribers with delivery errors.
_REPORT = re.compile(r"delivery errors?|error monitoring|auto-?delet", re.IGNORECASE)


class Listserv(Decoder):
    name = "listserv"
    senders = ("listserv@", "l-soft list server")

    def decode(self, msg: MessageView) -> list[Finding] | None:
        sender = msg.from_address
        if not is_list_sender(sender) and "listserv" not in msg.from_lower:
            return None  # a post distributed by the list
        text = msg.text
        own = list_addresses(msg)
        if _DELIVERY_ERROR.search(text):
            ruler = _RULER.search(text)
            views = enclosed_views(msg) or ([inline_view(text[ruler.end() :])] if ruler else [])
            findings = enclosed_findings(views) or []
            return [
                f for f in findings
                if f.recipient and f.recipient.lower() not in own and not is_admin_address(f.recipient)
            ]
        refused = _NOT_AUTHORIZED.search(text)
        if refused:
            return _rejected(msg, refused[1], text[refused.start() :], Reason.SENDER_REJECTED)
        post = _YOUR_MESSAGE.search(text)
        if post and "has been rejected" in " ".join(text[post.start() : post.start() + 1000].split()):
            return _rejected(msg, post[1], text[post.start() :], None)  # the words give the cause
        if _REPORT.search(msg.subject) or _REPORT.search(text[:4000]):
            ruler = _RULER.search(text)
            report = text[: ruler.start()] if ruler else text
            return [
                Finding(recipient=address, diagnostic=error or None, action="failed")
                for address, error in member_blocks(report, own)
            ]
        return []


def _rejected(msg: MessageView, name: str, text: str, reason: Reason | None) -> list[Finding]:
    """The list's address: the returned post's recipient of that name, else NAME@HOST;
    ``text`` opens with the refusal, which is the diagnostic."""
    name = name.strip("'\".").lower()
    original = msg.original
    address = next(
        (a for a in (original.recipients if original else ()) if a.partition("@")[0].lower() == name),
        None,
    )
    if address is None:
        host = msg.from_address.partition("@")[2]
        address = f"{name}@{host}" if host else None
    if not address:
        return []
    paragraph = text.split("\n\n", 1)[0]
    return [Finding(recipient=address, diagnostic=" ".join(paragraph.split()), reason=reason)]
