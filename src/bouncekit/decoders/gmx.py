"""GMX and mail.com (United Internet): bounces of their own MTA.

Sent as "Mail delivery failed: returning message to sender" from
``MAILER-DAEMON@mail.gmx.com`` / ``@gmx.net`` (``X-UI-*`` headers). The wording
borrows Exim's opening ("This message was created automatically by mail delivery
software. ... The following address(es) failed:") but the blocks differ: the address
alone on a line (``"user@example.jp":``, ``<user@example.jp>`` or ``user@example.jp:``),
then either "SMTP error from remote server after RCPT command:" / "host: mx.example.jp"
and the remote reply on the next line, or "SMTP error from remote server for TEXT
command, host: mx.example.jp (192.0.2.1) reason: 550 5.2.0 ...", or "Reason:" and
the MTA's own words ("delivery retry timeout exceeded"). The headers of the returned
message follow "--- The header of the original message is following. ---". 1&1
(``kundenserver.de``), of the same group, writes the same format.

Fixtures: lhost-gmx-*.eml.
"""

from __future__ import annotations

import re

from bouncekit.decoders.base import Decoder, Finding, Keys, address_blocks, inline_original
from bouncekit.mime import MessageView

_INTRO = re.compile(r"The following address(?:\(es\))?\s{1,4}failed:[ \t]*\n")
_DOMAIN = re.compile(r"^(?:[a-z0-9-]{1,63}\.){0,3}gmx\.[a-z]{2,3}$|^mail\.com$")
_ORIGINAL = "--- The header of the original message is following. ---"
_ADDRESS_LINE = re.compile(r"^[\"<]?([^\s\"<>@]{1,64}@[^\s\"<>]{1,253}?)[\">]?:?[ \t]*$")
_HOST = re.compile(r"\bhost:\s*([A-Za-z0-9][A-Za-z0-9.-]{0,252}[A-Za-z0-9])")
# The MTA's words around the reply: "SMTP error from remote server after RCPT command:",
# "... for TEXT command, host: h (192.0.2.1) reason:", "host: h", "Reason:".
_BOILERPLATE = re.compile(
    r"^SMTP error from remote server (?:after|for) [A-Z ]{2,20}? command[:,]?[ \t]*|"
    r"^host:[ \t]*[^\s]{1,253}(?:[ \t]*\([0-9a-fA-F.:]{3,45}\))?[ \t]*(?:reason:)?[ \t]*|"
    r"^Reason:[ \t]*",
    re.M | re.I,
)


def united_internet_findings(msg: MessageView) -> list[Finding] | None:
    """The findings of a United Internet (GMX, mail.com, 1&1) bounce, or None."""
    text = msg.text
    intro = _INTRO.search(text)
    if not intro:
        return None
    end = text.find(_ORIGINAL, intro.end())
    body = text[intro.end() : end if end >= 0 else len(text)]
    original = inline_original(text, (_ORIGINAL,))
    findings = []
    for address, block in address_blocks(body, _ADDRESS_LINE):
        host = _HOST.search(block)
        reason = _BOILERPLATE.sub("", _BOILERPLATE.sub("", block))
        findings.append(
            Finding(
                recipient=address,
                diagnostic=" ".join(reason.split()) or None,
                remote_mta=host[1].lower() if host else None,
                original_message_id=original.message_id if original else None,
                original_sender=original.sender if original else None,
            )
        )
    return findings or None


class Gmx(Decoder):
    name = "gmx"
    more_keys = Keys(addresses=("gmx.", "@mail.com"))

    def matches(self, msg: MessageView) -> bool:
        local, _, domain = msg.from_address.partition("@")
        return local == "mailer-daemon" and bool(_DOMAIN.match(domain))

    def decode(self, msg: MessageView) -> list[Finding] | None:
        return united_internet_findings(msg)
