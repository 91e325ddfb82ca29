"""m-FILTER (Digital Arts' mail filtering gateway): ``failure notice`` bounces.

Plain text, in Japanese, with ``X-Mailer: m-FILTER``: a notice that m-FILTER generated
the message and could not send it, ``以下のメールアドレスへの送信に失敗しました。``
(``sending to the following addresses failed``) and the address(es), then
``-------server message`` with the remote reply, ``-------SMTP command`` with the
command it answered, and ``-------original message`` (or ``-------original mail
info``).

Fixtures: lhost-mfilter-*.eml.
"""

from __future__ import annotations

import re

from bouncekit.decoders.base import ADDRESS, Decoder, Finding, between
from bouncekit.mime import MessageView, strip_address

_SERVER_MESSAGE = "-------server message"
_COMMAND = "-------SMTP command"
_ADDRESS_LINE = re.compile(r"^<?([^\s@<>]{1,255}@[^\s<>]{1,255}?)>?[ \t]*$", re.MULTILINE)


class Mfilter(Decoder):
    name = "mfilter"
    headers = ("X-Mailer",)
    markers = ("「m-FILTER」",)
    # matches() is true only for these keys: the index need not try the others.
    keyed = True

    def matches(self, msg: MessageView) -> bool:
        return msg.header("X-Mailer").lower() == "m-filter" or "「m-FILTER」" in msg.text

    def decode(self, msg: MessageView) -> list[Finding] | None:
        text = msg.text
        head = between(text, "", (_SERVER_MESSAGE,))
        if head is None or _SERVER_MESSAGE not in text:
            return None
        reply = (between(text, _SERVER_MESSAGE, (_COMMAND, "-------original")) or "").strip()
        addresses = [strip_address(m) for m in _ADDRESS_LINE.findall(head)]
        if not addresses:
            addresses = [strip_address(m) for m in ADDRESS.findall(head)[:1]]
        findings = [Finding(recipient=a, diagnostic=reply or None, action="failed") for a in addresses if a]
        return findings or None
