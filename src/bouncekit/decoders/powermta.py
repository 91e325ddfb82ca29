"""PowerMTA (Port25, now Bird): ``Delivery report`` from ``postmaster``.

A ``multipart/report``: ``Hello, this is the mail server on host.``, a list of the
affected recipients (``<a@b>  delivery failed; will not continue trying``), the RFC
3464 part with PowerMTA's own fields (``X-PowerMTA-VirtualMTA``,
``X-PowerMTA-BounceCategory``) and the original headers. The DSN carries everything;
this decoder names the format and reads it.

Fixtures: lhost-powermta-*.eml.
"""

from __future__ import annotations

from bouncekit.decoders.base import Decoder, Finding, Keys, delivery_status_of, dsn_findings
from bouncekit.mime import MessageView


class Powermta(Decoder):
    name = "powermta"
    markers = ("Hello, this is the mail server on",)
    more_keys = Keys(status_fields=("x-powermta-virtualmta", "x-powermta-bouncecategory"))

    def matches(self, msg: MessageView) -> bool:
        status = msg.delivery_status
        if status is not None and (
            status.get("x-powermta-virtualmta")
            or any(r.get("x-powermta-bouncecategory") for r in status.recipients)
        ):
            return True
        return super().matches(msg)

    def decode(self, msg: MessageView) -> list[Finding] | None:
        status = delivery_status_of(msg)
        if status is None:
            return None
        return dsn_findings(status) or None
