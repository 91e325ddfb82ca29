"""A double bounce: a notice about a notice that could not be returned.

When a bounce cannot reach the sender it is returned to (a no-reply address that does not
exist, a full mailbox), the mail system sends a second notice to its postmaster, with the
first bounce attached as the returned message (Postfix's "Postmaster Copy: Undelivered
Mail", Sendmail's "Postmaster notify: see transcript for details"). What failed for the
sender of the mail is what the first bounce reports; the second notice's failed address
is the sender's own return address, which no one wrote to. So the first bounce is decoded
in the notice's place (``bouncekit.api``, one level deep).

A double bounce is recognised by all of: the returned message comes from a mail system's
address (mailer-daemon, postmaster, MDaemon, bounces; its subject alone is not enough,
since an ordinary bounce returns mail under any subject); every failed address of the
notice is an address the returned message was sent to (the notice is about the return of
that bounce);
and every one is at the domain of the notice's own mail system or of the postmaster it
writes to (or a parent or subdomain of it): the bounce was being returned to one of their
own senders. A mail system that bounced spam to a forged sender, and then could not
deliver that bounce, writes a notice of the same shape about an address that is not its
own; the first bounce there is about mail it received, not mail anyone of its own sent,
and the notice is read as it is.

Fixtures: tests/fixtures/handmade-21/emails/x-fwd-postfix-doublebounce-exim-timeout-15.eml,
x-fwd-sendmail-postmasternotify-hostunknown-16.eml.
"""

from __future__ import annotations

import email.message
import re

from bouncekit.address import clean_recipient
from bouncekit.decoders.base import Finding
from bouncekit.decoders.fallback.wording import BOUNCE_LOCAL
from bouncekit.mime import MessageView

#: Addresses of the returned message's To and Cc read at most.
_MAX_ADDRESSES = 64
#: Characters of the notice's To field read for its domain.
_MAX_FIELD = 512


def returned_notice(msg: MessageView, findings: list[Finding]) -> MessageView | None:
    """The first bounce that the notice ``msg`` (decoded into ``findings``) returns, when
    ``msg`` is a double bounce."""
    # First the returned message's sender, which every record reads anyway (``original``
    # is cached): nearly every bounce returns a person's mail, ruled out at no cost.
    original = msg.original
    sender = original.sender if original is not None else None
    if not sender or not BOUNCE_LOCAL.match(sender.partition("@")[0].lower()):
        return None
    failed = {(clean_recipient(f.recipient) or "").lower() for f in findings}
    addressed = {(clean_recipient(a) or "").lower() for a in original.recipients[:_MAX_ADDRESSES]}
    if not failed or "" in failed or not failed <= addressed:
        return None
    own = {msg.from_address.rpartition("@")[2], _domain_of(msg.header("To"))} - {""}
    if not all(_related(a.rpartition("@")[2], own) for a in failed):
        return None
    returned = _returned_message(msg)
    return MessageView(returned) if returned is not None else None


def _domain_of(field: str) -> str:
    """The domain of the (first) address of a header field, lower case ('' when none)."""
    m = _DOMAIN.search(field[:_MAX_FIELD])
    return m[1].lower() if m else ""


# The domain after an address's "@".
_DOMAIN = re.compile(r"@([A-Za-z0-9.-]{1,255})")


def _returned_message(msg: MessageView) -> email.message.Message | None:
    """The message the notice returns, whole: its first attached message."""
    for part in msg.parts:
        if part.content_type in ("message/rfc822", "message/global"):
            payload = part.message.get_payload()
            inner = payload[0] if isinstance(payload, list) and payload else None
            return inner if isinstance(inner, email.message.Message) and len(inner) else None
    return None


def _related(domain: str, own: set[str]) -> bool:
    """True when ``domain`` is one of ``own``, or a parent or a subdomain of one."""
    return any(
        domain == other or domain.endswith("." + other) or other.endswith("." + domain) for other in own
    )
