"""BIGLOBE: bounces of the Japanese ISP's mail service (``biglobe.ne.jp``).

Sent as ``Returned mail: ...`` from ``postmaster@biglobe.ne.jp`` (relays named
``*.biglobe.ne.jp``, ``(RCPT_GW)`` in Received), ``multipart/mixed`` with an
ISO-2022-JP text part and the returned message. The text lists the addresses under
``----- The following addresses had delivery problems -----``, one per line, and the
reason under ``----- Non-delivered information -----`` ("The number of messages in
recipient's mailbox exceeded the local limit.").

Fixtures: lhost-biglobe-01.eml.
"""

from __future__ import annotations

import re

from bouncekit.decoders.base import Decoder, Finding, Keys, address_blocks, between
from bouncekit.mime import MessageView

_ADDRESSES = "----- The following addresses had delivery problems -----"
_INFORMATION = "----- Non-delivered information -----"
_LISTED = re.compile(r"^[ \t]*<?([^\s<>@]{1,64}@[^\s<>]{1,253}?)>?[ \t]*$")


class Biglobe(Decoder):
    name = "biglobe"
    more_keys = Keys(addresses=("biglobe.ne.jp",))

    def matches(self, msg: MessageView) -> bool:
        local, _, domain = msg.from_address.partition("@")
        return local in ("postmaster", "mailer-daemon") and (
            domain == "biglobe.ne.jp" or domain.endswith(".biglobe.ne.jp")
        )

    def decode(self, msg: MessageView) -> list[Finding] | None:
        text = msg.text
        listed = between(text, _ADDRESSES, (_INFORMATION, "\n\n"))
        if listed is None:
            return None
        info = between(text, _INFORMATION, ("\n\n",)) or ""
        diagnostic = " ".join(line.strip() for line in info.strip().split("\n")) or None
        blocks = address_blocks(listed, _LISTED)
        return [Finding(recipient=a, diagnostic=diagnostic) for a, _ in blocks] or None
