"""SurfControl E-mail Filter (later Websense), a filtering gateway.

Its bounces carry ``X-Mailer: SurfControl E-mail Filter`` and ``X-SEF-*`` headers, and
are ``multipart/report`` messages whose text part is a transcript: ``Your message could
not be sent. A transcript of the attempts to send the message follows. ... Addressed
To: <addr>`` then, per failed attempt, ``Failed to send to identified host,`` and
``<addr>: [<ip>], <reply>``, ending ``--- Message non-deliverable.``. The
``message/delivery-status`` part has Final-Recipient, Action, a generic ``Status:
5.0.0`` and the Diagnostic-Code, but no Remote-MTA: the transcript gives the host.

Fixtures: lhost-surfcontrol-01.eml, -02.
"""

from __future__ import annotations

import re
from dataclasses import replace

from bouncekit.decoders.base import Decoder, Finding, Keys, dsn_findings, fill_from_text
from bouncekit.mime import MessageView, strip_address

# "user@example.com: [192.0.2.5], 550 user@example.com... No such user"
_ATTEMPT = re.compile(
    r"^<?([^<>\s:]{1,254}@[^<>\s:]{1,253}?)>?:[ \t]*\[([^\]\n]{1,255})\],?[ \t]*([^\n]{0,1000})$", re.M
)


class Surfcontrol(Decoder):
    name = "surfcontrol"
    headers = ("X-SEF-Processed",)
    more_keys = Keys(header_values=(("x-mailer", "surfcontrol"),))

    def matches(self, msg: MessageView) -> bool:
        return "surfcontrol" in msg.header("X-Mailer").lower() or super().matches(msg)

    def decode(self, msg: MessageView) -> list[Finding] | None:
        attempts = [
            (address, m[2].strip(), m[3].strip())
            for m in _ATTEMPT.finditer(msg.text)
            if (address := strip_address(m[1]))
        ]
        findings = dsn_findings(msg.delivery_status) if msg.delivery_status else []
        findings = fill_from_text(findings, [(a, reply) for a, _, reply in attempts])
        hosts = {a.lower(): host for a, host, _ in attempts}
        findings = [
            f if f.remote_mta or not f.recipient else replace(f, remote_mta=hosts.get(f.recipient.lower()))
            for f in findings
        ]
        return findings or None
