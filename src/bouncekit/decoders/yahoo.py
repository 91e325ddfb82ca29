"""Yahoo! Mail (yahoo.com, yahoo.co.jp and the Yahoo-hosted AOL/Verizon domains).

Plain-text notices ("Failure Notice") from ``MAILER-DAEMON@yahoo.<tld>`` that open with
"Sorry, we were unable to deliver your message to the following address." Each failed
recipient is a line ``<user@example.org>:`` followed by the reason: "Remote host
said:" and the remote reply, ending with the SMTP command it answered in brackets
(``[RCPT_TO]``, ``[MAIL_FROM]``), or the reply code with a colon (``550: 5.2.2 ...``),
or Yahoo's own words ("Unable to deliver message after multiple retries, giving up.").
The returned message follows "--- Below this line is a copy of the message." inline.

The older form (Yahoo! Mail until about 2010, subject ``failure delivery`` / ``Delivery
failure``, also written by Yahoo-run mail of other domains) opens with "Message from
yahoo.com." and "Unable to deliver message to the following address(es).", gives the
same ``<addr>:`` paragraphs with qmail's wording or Yahoo's own ("This user doesn't have
a yahoo.com account (addr) [0]", "This account is over quota", "... [#102]"), and ends
at "--- Original message follows.".

Fixtures: lhost-yahoo-*.eml; tests/fixtures/decoders/yahoo/*.eml (the older form).
"""

from __future__ import annotations

import re

from bouncekit.decoders.base import Decoder, Finding, address_blocks, inline_original
from bouncekit.mime import MessageView

_OPENING = "Sorry, we were unable to deliver your message to the following address"
_OLD_OPENING = "Unable to deliver message to the following address"
_COPIES = ("--- Below this line is a copy of the message.", "--- Original message follows.")
_RECIPIENT = re.compile(r"^<([^<>\s@]{1,64}@[^<>\s]{1,253})>:")
_REMOTE_SAID = re.compile(r"^\s*Remote host said:\s*", re.I)
#: The older form's qmail wording around the reply ("192.0.2.1 does not like recipient.
#: Remote host said: ..." then "Giving up on 192.0.2.1.").
_QMAIL_SAID = re.compile(r"^[^\n]{0,200}? does not like recipient\.\s{0,10}Remote host said:[ \t]*")
_GIVING_UP = re.compile(r"\s{0,10}Giving up on [^\s]{1,80}\.[ \t]*$")
# The SMTP command the reply answered, which Yahoo appends in brackets.
_COMMAND = re.compile(r"(?<!\s)\s*\[([A-Z_]{4,12})\]\s*$")
# "550: 5.2.2 ..." -> "550 5.2.2 ...": the colon hides the reply code from the reader.
_CODE_COLON = re.compile(r"^([245]\d\d):\s*")


class Yahoo(Decoder):
    name = "yahoo"
    senders = ("mailer-daemon@yahoo",)
    headers = ("x-ymailisg",)
    # The older form's opening is also written by unknown MTAs of other domains (read by
    # the fallback): it is taken only from Yahoo's own senders.
    markers = (_OPENING,)

    def decode(self, msg: MessageView) -> list[Finding] | None:
        text = msg.text
        start = text.find(_OPENING)
        if start < 0:
            start = text.find(_OLD_OPENING)
        if start < 0:
            return None
        end = min((i for i in (text.find(c, start) for c in _COPIES) if i >= 0), default=len(text))
        body = text[start:end]
        original = inline_original(text, _COPIES)
        findings = []
        for address, reason in address_blocks(body, _RECIPIENT):
            reason = _GIVING_UP.sub("", _QMAIL_SAID.sub("", reason.strip()))
            diagnostic = _CODE_COLON.sub(r"\1 ", _COMMAND.sub("", _REMOTE_SAID.sub("", reason)))
            findings.append(
                Finding(
                    recipient=address,
                    diagnostic=diagnostic.strip() or None,
                    original_message_id=original.message_id if original else None,
                    original_sender=original.sender if original else None,
                )
            )
        return findings or None
