"""Outlook and Exchange reports kept only in TNEF (``winmail.dat``).

Exchange sends a non-delivery report in its rich form (message class
``REPORT.IPM.Note.NDR``) to a client or contact set to receive it, sometimes with an
empty text part: Outlook builds what it shows from the TNEF's recipient table. Each row
there is one recipient the report is about, with its address (``PR_SMTP_ADDRESS`` or an
SMTP ``PR_EMAIL_ADDRESS``), Exchange's explanation (``PR_REPORT_TEXT``: "The e-mail
account does not exist at the organization this message was sent to.") and the
diagnostic line (``PR_SUPPLEMENTARY_INFO``): the generating server and the status,
``<mail.example.com #5.1.1>``, and the remote reply where there was one,
``<mx.example.com #5.0.0 smtp;550 5.1.1 User unknown>``, or in Exchange 2007 and later
``#550 5.1.1 RESOLVER.ADR.RecipNotFound; not found ##``. A delivery report
(``REPORT.IPM.Note.DR``) lists the recipients reached.

The TNEF itself is read by ``bouncekit.tnef``. Fixtures: hand-written
(tests/fixtures/handmade-25, tests/decoders/test_tnef.py).
"""

from __future__ import annotations

import re

from bouncekit.decoders.base import Decoder, Finding, Keys
from bouncekit.mime import MessageView, strip_address
from bouncekit.tnef import TnefRecipient

_STATUS = re.compile(r"[245]\.\d{1,3}\.\d{1,3}\Z")
#: A delay named where a delivery report would say "delivered" (Exchange writes some
#: delay notices under the delivery report's class).
_DELAY = re.compile(r"\bdelay(?:ed)?\b", re.IGNORECASE)
_HEAD = 300


class Tnef(Decoder):
    name = "tnef"
    more_keys = Keys(part_types=("application/ms-tnef", "application/octet-stream"))

    def matches(self, msg: MessageView) -> bool:
        found = msg.tnef
        return found is not None and found.is_report

    def decode(self, msg: MessageView) -> list[Finding] | None:
        report = msg.tnef
        if report is None:
            return None
        kind = report.message_class.upper()
        if kind.endswith(".NDR"):
            action = "failed"
        elif kind.endswith(".DR"):
            if _DELAY.search(report.subject or "") or _DELAY.search(report.body[:_HEAD]):
                return None  # a delay notice under the delivery report's class: read from its text
            action = "delivered"
        else:
            return None  # read receipts and other reports: not about a delivery
        findings = [_finding(row, action) for row in report.recipients if row.address]
        return [f for f in findings if f.recipient] or None


def _finding(row: TnefRecipient, action: str) -> Finding:
    recipient = strip_address(row.address)
    if action != "failed":
        return Finding(recipient=recipient, action=action)
    host = status = reply = None
    # "<host #5.1.1 smtp;550 ...>" or "#550 5.1.1 ... ##": the host, the code after "#", the rest.
    info = " ".join((row.supplementary_info or "").split()).strip("<> ").removesuffix("##").strip()
    before, hash_mark, after = info.partition("#")
    if hash_mark:
        host = before.strip() or None
        code, _, rest = after.partition(" ")
        rest = rest.strip()
        if _STATUS.match(code):
            status = code
            # "smtp;550 5.1.1 User unknown": the remote's own reply.
            reply = rest.partition(";")[2].strip() if rest.lower().startswith("smtp;") else rest or None
        else:
            reply = f"{code} {rest}".strip()  # "#550 5.1.1 RESOLVER.ADR.RecipNotFound; not found"
        if host and " " in host:
            host = None  # words before the code, not a host name
    diagnostic = reply or row.report_text or None
    return Finding(
        recipient=recipient,
        diagnostic=diagnostic,
        status=status,
        action=action,
        remote_mta=host if reply else None,
        reporting_mta=None if reply else host,
    )
