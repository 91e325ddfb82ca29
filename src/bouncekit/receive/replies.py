"""Every SMTP reply ``bouncekit smtpd`` gives, decided here and nowhere else.

The handler and the server only pick a :class:`Reply`; aiosmtpd's own replies for the
limits it enforces (message size, line length) are rewritten to ours by
:func:`rewrite`, so a client sees one consistent set of codes (RFC 5321 reply codes,
RFC 3463 enhanced status codes).
"""

from __future__ import annotations

from enum import Enum


class Reply(Enum):
    """One reply: its text is ``code status words``."""

    #: The placeholder ``{host}`` is the server's name.
    HELO_OK = "250 {host}"
    RECIPIENT_OK = "250 2.1.5 recipient ok"
    #: The placeholder ``{id}`` is the spool id of the stored message.
    QUEUED = "250 2.0.0 stored as {id}"
    #: ``smtpd --enqueue``: the broker confirmed the message; ``{id}`` is in its source.
    ENQUEUED = "250 2.0.0 queued as {id}"
    RELAY_DENIED = "550 5.7.1 relaying denied"
    BAD_RECIPIENT = "501 5.1.3 not a valid recipient address"
    TOO_MANY_RECIPIENTS = "452 4.5.3 too many recipients"
    TOO_BIG = "552 5.3.4 message too big for this system"
    LINE_TOO_LONG = "500 5.5.2 line too long"
    COMMAND_TOO_LONG = "500 5.5.2 command line too long"
    BAD_HELO = "501 5.5.4 HELO/EHLO needs a fully-qualified host name or an address literal"
    TOO_MANY_CONNECTIONS = "421 4.3.2 too many connections, try again later"
    CANNOT_STORE = "451 4.3.0 cannot store the message now, try again later"
    #: ``smtpd --enqueue``: the broker did not confirm the message (down, unreachable).
    CANNOT_QUEUE = "451 4.3.0 cannot queue the message now, try again later"
    NO_RECIPIENTS = "554 5.5.1 no valid recipients"

    def text(self, **values: str) -> str:
        return self.value.format(**values) if values else self.value


# aiosmtpd's fixed replies for the limits it enforces itself, and ours for them.
_AIOSMTPD_REPLIES: dict[str, Reply] = {
    "552 Error: Too much mail data": Reply.TOO_BIG,
    "552 Error: message size exceeds fixed maximum message size": Reply.TOO_BIG,
    "500 Line too long (see RFC5321 4.5.3.1.6)": Reply.LINE_TOO_LONG,
    "500 Command line too long": Reply.COMMAND_TOO_LONG,
}


def rewrite(status: str) -> str:
    """Our reply for one of aiosmtpd's built-in limit replies; any other reply unchanged."""
    reply = _AIOSMTPD_REPLIES.get(status)
    return reply.text() if reply else status
