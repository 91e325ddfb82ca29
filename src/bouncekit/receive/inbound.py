"""From a received message to what the store keeps: decode it, read its VERP envelope.

This is library work shared by every way a received message reaches the store (the
SMTP server's own ingester, or a queue worker): it takes bytes and an envelope and
gives an :class:`~bouncekit.store.Incoming`, or raises :class:`BounceError` for a
message that cannot be decoded.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

from bouncekit.address import key as address_key
from bouncekit.api import parse
from bouncekit.errors import AddressError
from bouncekit.model import Report
from bouncekit.receive.spool import Spooled
from bouncekit.store.ingest import message_hash
from bouncekit.store.results import Incoming
from bouncekit.verp import Decoded, Verp


def verp_of(rcpt_tos: Sequence[str], schemes: Sequence[Verp]) -> list[Decoded]:
    """Each envelope recipient read by the scheme of its domain (those of no scheme left out)."""
    by_domain = {scheme.domain: scheme for scheme in schemes}
    decoded = []
    for rcpt in rcpt_tos:
        domain = rcpt.strip().strip("<>").rpartition("@")[2].lower().rstrip(".")
        scheme = by_domain.get(domain)
        if scheme is not None:
            decoded.append(scheme.decode(rcpt))
    return decoded


def incoming_message(message: Spooled, schemes: Sequence[Verp] = ()) -> Incoming:
    """Decode a received message for the store, with what its VERP envelope says.

    A VERP recipient that decodes (with a valid tag, when the scheme is signed) becomes
    the ``original_recipient`` of the bounce's records. When a scheme is signed and an
    envelope recipient's tag is missing or wrong, the message is stored but distrusted:
    it counts and suppresses nothing. Raises :class:`BounceError` when the message
    cannot be decoded.
    """
    report = parse(message.data)
    decoded = verp_of(message.rcpt_tos, schemes)
    distrust = None
    untrusted = [d for d in decoded if not d.trusted]
    if untrusted:
        first = untrusted[0]
        distrust = (
            f"the signed VERP tag of {first.address} is {first.tag}: stored, but no address "
            "was counted or suppressed"
        )
    else:
        recipients = {d.recipient for d in decoded if d.recipient}
        if len(recipients) == 1:
            report = with_original_recipient(report, recipients.pop())
    source = f"smtpd:{message.id}"
    return Incoming(message_hash(message.data), source, report, message.received_at, distrust)


def with_original_recipient(report: Report, original: str) -> Report:
    """The report with ``original`` as the original recipient of each record about another address."""
    try:
        wanted = address_key(original)
    except AddressError:
        return report
    records = []
    for record in report.records:
        same = False
        if record.recipient:
            try:
                same = address_key(record.recipient) == wanted
            except AddressError:
                same = False
        records.append(record if same else dataclasses.replace(record, original_recipient=original))
    return dataclasses.replace(report, records=tuple(records))
