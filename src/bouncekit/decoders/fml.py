"""fml, the Japanese mailing list manager: its error notices to posters.

fml (``X-MLServer: fml [fml 4.x ...]``) answers a rejected post from the list's
admin address (``<list>-admin@``) with a short text: ``You are not a member of this
mailing list <list@host>.`` (the subject reads ``You a@b are not member (list ML)``),
``Duplicated Message-ID in <list@host>.`` (``Loop Alert: ...``), or a rejection of the
command or content. The list address named in the text is the recipient that
refused the message.

Fixtures: lhost-fml-*.eml.
"""

from __future__ import annotations

import re

from bouncekit.decoders.base import Decoder, Finding, first_address
from bouncekit.mime import MessageView

#: The subjects and first sentences of fml's notices about a rejected post.
_NOTICE = re.compile(
    r"are not (?:a )?member|loop alert|duplicated message-id|rejected|not allowed to post|"
    r"deny|denied|you are not a member",
    re.IGNORECASE,
)


class Fml(Decoder):
    name = "fml"
    headers = ("X-MLServer",)
    # matches() is true only for these keys: the index need not try the others.
    keyed = True

    def matches(self, msg: MessageView) -> bool:
        return msg.header("X-MLServer").lower().startswith("fml")

    def decode(self, msg: MessageView) -> list[Finding] | None:
        first = msg.text.strip().split("\n\n", 1)[0].strip()
        if not (_NOTICE.search(msg.subject) or _NOTICE.search(first)):
            return None
        recipient = first_address(first)
        return [Finding(recipient=recipient, diagnostic=" ".join(first.split()) or None, action="failed")]
