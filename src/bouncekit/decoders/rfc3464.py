"""RFC 3464 delivery status notifications: the backbone decoder.

Reads the ``message/delivery-status`` part (RFC 3464, in a ``multipart/report`` of
RFC 6522) or its internationalised form ``message/global-delivery-status`` (RFC 6533):
one finding per recipient block, with Action, Status, Remote-MTA and Diagnostic-Code.
Any MTA that writes standard DSNs is read here; vendor decoders that come earlier in
the registry only add what their formats say beyond the standard.

Where a DSN is broken (no delivery-status part, the fields written into the text), the
fields are read from the text. A Final-Recipient that is not an address falls back to
the Original-Recipient; the remote server's status code quoted in the Diagnostic-Code
wins over a generic or queue-level Status field (see ``base.dsn_findings``).

The Windows SMTP service (IIS, Exchange 2000/2003 virtual servers) often writes no
Diagnostic-Code; its text ``Unable to deliver message to the following recipients,
because <reason>.`` then gives the reason.

Fixtures: rfc3464-*.eml and most rhost-*.eml of the corpus.
"""

from __future__ import annotations

import re
from dataclasses import replace

from bouncekit.decoders.base import Decoder, Finding, delivery_status_of, dsn_findings
from bouncekit.mime import MessageView

_UNABLE_BECAUSE = re.compile(
    r"Unable to deliver (?:the )?message to the following recipients?,?\s{1,5}"
    r"((?:because|due to)\s[^\n]{1,300}?\.)(?=\s|$)"
)


class Rfc3464(Decoder):
    name = "rfc3464"

    def matches(self, msg: MessageView) -> bool:
        return msg.delivery_status is not None or "final-recipient:" in msg.text.lower()

    def decode(self, msg: MessageView) -> list[Finding] | None:
        status = delivery_status_of(msg)
        if status is None:
            return None
        findings = dsn_findings(status)
        reason = _UNABLE_BECAUSE.search(msg.text)
        if reason:
            findings = [f if f.diagnostic else replace(f, diagnostic=reason[1]) for f in findings]
        return findings or None
