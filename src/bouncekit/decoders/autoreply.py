"""Automatic replies (RFC 3834): out-of-office and vacation messages.

Not bounces: one record with event ``auto_reply`` and class 60 for the address that
answered (the From address). Recognised by the RFC 3834 ``Auto-Submitted:
auto-replied`` header, the de-facto ``X-Autoreply`` / ``X-Autorespond`` /
``Precedence: auto_reply`` headers, and the subjects that common vacation responders
write. Runs after every bounce decoder, because bounces carry ``Auto-Submitted`` too.

Fixtures: rfc3834-*.eml.
"""

from __future__ import annotations

import re

from bouncekit.decoders.base import Decoder, Finding
from bouncekit.mime import MessageView
from bouncekit.model import Event, Reason

_SUBJECT = re.compile(
    r"^(?:auto(?:matic)?[ -]?(?:reply|response|antwort|réponse|respuesta|risposta)|autoreply|"
    r"out of (?:the )?office|away from (?:my|the) (?:office|desk)|on vacation|vacation reply|"
    r"abwesenheitsnotiz|absence|r[ée]ponse automatique|auto:|away until|i am (?:away|out)|"
    r"automatisch|r[ée]ponse en votre absence|fuera de la oficina|out of office)",
    re.IGNORECASE,
)
_BOUNCE_SENDER = re.compile(r"mailer-daemon|postmaster|mail delivery", re.IGNORECASE)


class AutoReply(Decoder):
    name = "autoreply"

    def matches(self, msg: MessageView) -> bool:
        auto = msg.header("Auto-Submitted").lower()
        if auto.startswith("auto-replied"):
            return True
        if any(
            msg.has_header(h) for h in ("X-Autoreply", "X-Autorespond", "X-Autoresponder")
        ):
            return True
        if msg.header("Precedence").lower() == "auto_reply":
            return True
        return bool(_SUBJECT.match(msg.subject))

    def decode(self, msg: MessageView) -> list[Finding] | None:
        if _BOUNCE_SENDER.search(msg.from_header) or msg.content_type == "multipart/report":
            return None
        sender = msg.from_address or None
        if not sender:
            return None
        return [
            Finding(
                recipient=sender,
                event=Event.AUTO_REPLY,
                reason=Reason.AUTO_REPLY,
                diagnostic=msg.subject or None,
            )
        ]
