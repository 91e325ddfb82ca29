"""Microsoft Exchange Server 5.5 to 2003 (and its Internet Mail Service / Connector).

Non-delivery reports with ``Undeliverable: <subject>`` subjects, usually an
``X-MS-Embedded-Report`` header and a text part: ``Your message`` (the original's To,
Subject, Sent), then ``did not reach the following recipient(s):`` (or ``Your message
did not reach some or all of the intended recipients.`` ... ``The following
recipient(s) could not be reached:``), then per recipient ``a@b on <date>`` and
indented lines: the reason (``The recipient name is not recognized``) and the
diagnostic code ``MSEXCH:IMS:org:site:server 0 (000C05A6) Unknown Recipient``.
Kerio Connect writes the same layout, with ``Error Type: SMTP`` and ``Remote server
replied: 550 ...`` lines under each recipient. Where the text names fewer recipients
than the report's delivery-status part (a display name instead of an address, a long
address wrapped over two lines), the delivery-status part is read instead.

Fixtures: lhost-exchange2003-*.eml.
"""

from __future__ import annotations

import re

from bouncekit.decoders.base import Decoder, Finding, Keys, between, dsn_findings
from bouncekit.mime import MessageView, strip_address

_START = re.compile(r"(?:did not reach the following recipient\(s\)|"
                    r"following recipient\(s\) could not be reached):[ \t]*\n")
_RECIPIENT = re.compile(r"^[ \t]*([^\s@<>]{1,255}@[^\s<>]{1,255}) on [^\n]{4,80}$")
#: Bookkeeping Exchange puts between the reason and the code (folded over two lines).
_MTS_ID = re.compile(r"The MTS-ID of the original message is:[^\n]{0,200}(?:\n[^\n\s][^\n]{0,200})?")


class Exchange2003(Decoder):
    name = "exchange2003"
    headers = ("X-MS-Embedded-Report",)
    markers = ("did not reach the following recipient(s):",
               "The following recipient(s) could not be reached:")
    more_keys = Keys(header_values=(("x-mailer", "internet mail service (5."),))

    def matches(self, msg: MessageView) -> bool:
        return super().matches(msg) or "internet mail service (5." in msg.header("X-Mailer").lower()

    def decode(self, msg: MessageView) -> list[Finding] | None:
        section = between(msg.text, _START)
        if section is None:
            return None
        section = _MTS_ID.sub("", section)
        findings = []
        current: tuple[str, list[str]] | None = None
        blocks: list[tuple[str, list[str]]] = []
        for line in section.split("\n"):
            m = _RECIPIENT.match(line)
            if m:
                current = (strip_address(m[1]) or m[1], [])
                blocks.append(current)
            elif current is not None and line.strip():
                current[1].append(line.strip())
        for address, lines in blocks:
            # Kerio Connect copies this layout and adds "Error Type: SMTP" and "Remote
            # server replied: 550 ...": the remote reply alone is the diagnostic.
            replied = [line.split(":", 1)[1].strip() for line in lines
                       if line.lower().startswith("remote server replied:")]
            diagnostic = replied[0] if replied and replied[0] else " ".join(lines).strip()
            findings.append(Finding(recipient=address, diagnostic=diagnostic or None, action="failed"))
        status = msg.delivery_status
        if findings and status is not None:
            # The text may name a recipient by display name only, or wrap a long address
            # over two lines: where the report part names more recipients, it is read.
            reported = [f for f in dsn_findings(status) if f.action in ("failed", "delayed", None)]
            if len(reported) > len(findings):
                return reported
        return findings or None
