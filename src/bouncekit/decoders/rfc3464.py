"""RFC 3464 delivery status notifications: the backbone decoder.

Reads the ``message/delivery-status`` part (RFC 3464, in a ``multipart/report`` of
RFC 6522) or its internationalised form ``message/global-delivery-status`` (RFC 6533):
one finding per recipient block, with Action, Status, Remote-MTA and Diagnostic-Code.
Any MTA that writes standard DSNs is read here; vendor decoders that come earlier in
the registry only add what their formats say beyond the standard.

Fixtures: rfc3464-*.eml and most rhost-*.eml of the corpus.
"""

from __future__ import annotations

from bouncekit.decoders.base import Decoder, Finding, dsn_findings
from bouncekit.mime import MessageView, parse_delivery_status


class Rfc3464(Decoder):
    name = "rfc3464"

    def matches(self, msg: MessageView) -> bool:
        return msg.delivery_status is not None or "Final-Recipient:" in msg.text

    def decode(self, msg: MessageView) -> list[Finding] | None:
        status = msg.delivery_status
        if status is None:
            # Some MTAs send the DSN fields as plain text instead of their own part.
            status = parse_delivery_status(msg.text)
        if status is None:
            return None
        return dsn_findings(status)
