"""MailMarshal SMTP (Marshal, later Trustwave SEG), a filtering gateway.

Its bounces come from ``postmaster@...`` with the subject ``Undeliverable Mail:
"<original subject>"`` and a ``Received: from MailMarshal.Sender`` trace. The text
reads ``Your message: From: ... Subject: ...``, ``Could not be delivered because of``,
the remote reply on its own paragraph, ``The following recipients were affected:``
with one indented address per line, then an ``Additional Information`` block of
``Name: <value>`` fields (Original Sender, Sender-MTA, Remote-MTA, Reporting-MTA,
Last-Attempt-Date).

Fixtures: lhost-mailmarshal-02.eml.
"""

from __future__ import annotations

import re

from bouncekit.decoders.base import ADDRESS, Decoder, Finding, Keys, between, received_text
from bouncekit.mime import MessageView, strip_address

_REASON_START = re.compile(r"Could not be delivered because of[ \t]*\n", re.IGNORECASE)
_AFFECTED = re.compile(r"The following recipients were affected:[ \t]*\n", re.IGNORECASE)
_INFO_END = ("\nAdditional Information",)
_FIELD = re.compile(r"^[ \t]*(Remote-MTA|Reporting-MTA):[ \t]*<?([^<>\n]{1,255}?)>?[ \t]*$", re.M)


class Mailmarshal(Decoder):
    name = "mailmarshal"
    subjects = ("undeliverable mail: ",)
    more_keys = Keys(received=("mailmarshal",))

    def matches(self, msg: MessageView) -> bool:
        if "mailmarshal" in received_text(msg):
            return True
        return super().matches(msg) and "The following recipients were affected" in msg.text

    def decode(self, msg: MessageView) -> list[Finding] | None:
        text = msg.text
        affected = between(text, _AFFECTED, _INFO_END)
        if affected is None:
            return None
        reason = (between(text, _REASON_START, ("\nThe following recipients were affected",)) or "").strip()
        fields = {m[1].lower(): m[2].strip() for m in _FIELD.finditer(text)}
        recipients = [a for a in (strip_address(m[1]) for m in ADDRESS.finditer(affected)) if a]
        return [
            Finding(
                recipient=address,
                diagnostic=reason or None,
                remote_mta=fields.get("remote-mta"),
                reporting_mta=fields.get("reporting-mta"),
            )
            for address in recipients
        ] or None
