"""qmail: NOT WRITTEN YET (placeholder so the registry order is fixed; matches nothing)."""

from __future__ import annotations

from bouncekit.decoders.base import Decoder, Finding
from bouncekit.mime import MessageView


class Qmail(Decoder):
    name = "qmail"

    def matches(self, msg: MessageView) -> bool:
        return False

    def decode(self, msg: MessageView) -> list[Finding] | None:
        return None
