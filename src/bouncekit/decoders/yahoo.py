"""Yahoo! Mail (yahoo.com, yahoo.co.jp and the Yahoo-hosted AOL/Verizon domains).

Plain-text notices ("Failure Notice") from ``MAILER-DAEMON@yahoo.<tld>`` that open with
"Sorry, we were unable to deliver your message to the following address." Each failed
recipient is a line ``<user@example.org>:`` followed by the reason: "Remote host
said:" and the remote reply, ending with the SMTP command it answered in brackets
(``[RCPT_TO]``, ``[MAIL_FROM]``), or the reply code with a colon (``550: 5.2.2 ...``),
or Yahoo's own words ("Unable to deliver message after multiple retries, giving up.").
The returned message follows "--- Below this line is a copy of the message." inline.

Fixtures: lhost-yahoo-*.eml.
"""

from __future__ import annotations

import re

from bouncekit.decoders.base import Decoder, Finding, address_blocks, inline_original
from bouncekit.mime import MessageView

_OPENING = "Sorry, we were unable to deliver your message to the following address"
_COPY = "--- Below this line is a copy of the message."
_RECIPIENT = re.compile(r"^<([^<>\s@]{1,64}@[^<>\s]{1,253})>:")
_REMOTE_SAID = re.compile(r"^\s*Remote host said:\s*", re.I)
# The SMTP command the reply answered, which Yahoo appends in brackets.
_COMMAND = re.compile(r"(?<!\s)\s*\[([A-Z_]{4,12})\]\s*$")
# "550: 5.2.2 ..." -> "550 5.2.2 ...": the colon hides the reply code from the reader.
_CODE_COLON = re.compile(r"^([245]\d\d):\s*")


class Yahoo(Decoder):
    name = "yahoo"
    senders = ("mailer-daemon@yahoo",)
    headers = ("x-ymailisg",)
    markers = (_OPENING,)

    def decode(self, msg: MessageView) -> list[Finding] | None:
        text = msg.text
        start = text.find(_OPENING)
        if start < 0:
            return None
        end = text.find(_COPY, start)
        body = text[start : end if end >= 0 else len(text)]
        original = inline_original(text, (_COPY,))
        findings = []
        for address, reason in address_blocks(body, _RECIPIENT):
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
