"""qmail (and netqmail, notqmail, vpopmail setups): ``failure notice`` bounces.

qmail-send writes plain text from ``MAILER-DAEMON``: ``Hi. This is the qmail-send
program at host.``, ``I'm afraid I wasn't able to deliver your message to the following
addresses.``, then one paragraph per address: ``<a@b>:`` on its own line, followed by
what happened (``192.0.2.1 does not like recipient.``, ``Remote host said: 550 ...``,
``Giving up on 192.0.2.1.``, or a local reason with qmail's own status code such as
``Sorry, no mailbox here by that name. (#5.1.1)``). ``--- Below this line is a copy of
the message.`` (or ``--- Enclosed is a copy of the message.``) ends the list.
``This is a permanent error`` marks failures; ``I'm not going to try again; this message
has been in the queue too long.`` marks expiry.

Fixtures: lhost-qmail-*.eml.
"""

from __future__ import annotations

import re

from bouncekit.decoders.base import Decoder, Finding, address_blocks, between
from bouncekit.decoders.fallback.wording import DELAY, PERMANENT
from bouncekit.mime import MessageView

#: The greeting line; the address paragraphs follow (after "I'm afraid I wasn't able to
#: deliver your message..." or, for a double bounce to the postmaster, "I tried to
#: deliver a bounce message to this address, but the bounce bounced!").
_START = re.compile(r"This is the qmail-send program at[^\n]{0,300}\n")
_END = ("--- Below this line is a copy", "--- Enclosed is a copy", "--- Below this line is the original",
        "--- Enclosed are the original headers")
_ADDRESS_LINE = re.compile(r"^<([^<>\s]{1,320})>:[ \t]*")
#: qmail's bookkeeping around the reason.
_NOISE = re.compile(
    r"I'm not going to try again; this\s{1,10}message has been in the queue too long\.|"
    r"Giving up on [^\s]{1,80}\.(?=\s|$)|\(Other MXes tried:[^()]{0,2000}\)"
)
#: vpopmail/netqmail write the envelope before the reason: ``From: <a@b> RCPT: <c@d> ...``.
_ENVELOPE = re.compile(r"^From: <[^<>\n]{0,320}> RCPT: <[^<>\n]{0,320}>\s*")


class Qmail(Decoder):
    name = "qmail"
    markers = ("This is the qmail-send program", "qmail-send program at")

    def decode(self, msg: MessageView) -> list[Finding] | None:
        section = between(msg.text, _START, _END)
        if section is None:
            return None
        # A qmail add-on's (or qmail-remote patch's) warning says, before the addresses,
        # that the message has not yet been delivered and will be retried: a delay.
        first = section.find("\n<")
        intro = " ".join(section[: first if first >= 0 else 0].split()).lower()
        # (PERMANENT first: most notices say "This is a permanent error", and DELAY is long.)
        action = "delayed" if intro and not PERMANENT.search(intro) and DELAY.search(intro) else "failed"
        findings = []
        for address, body in address_blocks(section, _ADDRESS_LINE, opening="<"):
            lines = (_ENVELOPE.sub("", line.strip()) for line in _NOISE.sub("", body).split("\n"))
            diagnostic = "\n".join(line for line in lines if line)
            findings.append(Finding(recipient=address, diagnostic=diagnostic or None, action=action))
        return findings or None
