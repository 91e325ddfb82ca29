"""Amazon SES receiving: bounces written by SES's inbound mail servers.

When SES receives mail for a domain and a receipt rule bounces it, SES sends an RFC
3464 report through SES itself (``X-SES-Outgoing`` header) from an address of the
receiving domain (``postmaster@...``), with ``Reporting-MTA: dns;
inbound-smtp.<region>.amazonaws.com``, the short text "This message could not be
delivered." and the original headers as ``text/rfc822-headers``.

Fixtures: lhost-receivingses-*.eml.
"""

from __future__ import annotations

from bouncekit.decoders.base import Decoder, Finding, Keys, dsn_findings
from bouncekit.mime import MessageView


class Receivingses(Decoder):
    name = "receivingses"
    headers = ("x-ses-outgoing",)
    more_keys = Keys(report_types=("delivery-status",))

    def matches(self, msg: MessageView) -> bool:
        # The Reporting-MTA decides; the header only makes the common case cheap.
        return super().matches(msg) or msg.report_type == "delivery-status"

    def decode(self, msg: MessageView) -> list[Finding] | None:
        status = msg.delivery_status
        if status is None:
            return None
        mta = status.reporting_mta or ""
        if not (mta.startswith("inbound-smtp.") and mta.endswith(".amazonaws.com")):
            return None
        return dsn_findings(status)
