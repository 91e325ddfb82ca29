"""Amazon WorkMail: the hosted mailbox service of AWS, which delivers through Amazon SES.

Its reports come from ``MAILER-DAEMON@<region>.amazonses.com`` with ``X-Mailer: Amazon
WorkMail``, as ``multipart/mixed`` (not ``multipart/report``): a text part in SES's
words, "An error occurred while trying to deliver the mail to the following
recipients:" with the addresses one per line, then "Technical report:" and the RFC 3464
fields (Reporting-MTA, Action, Final-Recipient, Diagnostic-Code, Status) written as
text; the returned message and a TNEF copy follow. Expiries quote the last remote
reply in angle brackets, as SES does.

Fixtures: lhost-amazonworkmail-*.eml.
"""

from __future__ import annotations

from bouncekit.decoders.amazonses import report_findings
from bouncekit.decoders.base import Decoder, Finding
from bouncekit.mime import MessageView


class Amazonworkmail(Decoder):
    name = "amazonworkmail"
    headers = ("X-Mailer",)
    # matches() is true only for these keys: the index need not try the others.
    keyed = True

    def matches(self, msg: MessageView) -> bool:
        return msg.header("X-Mailer").lower().startswith("amazon workmail")

    def decode(self, msg: MessageView) -> list[Finding] | None:
        if "mailer-daemon" not in msg.from_address and "postmaster" not in msg.from_address:
            return None
        return report_findings(msg)
