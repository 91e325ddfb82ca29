"""From a received message to what the store keeps: decode it, read its VERP envelope.

This is library work shared by every way a received message reaches the store: the
SMTP server's own ingester decodes the message and reads its envelope here
(:func:`incoming_message`); with ``--enqueue`` it reads only the envelope
(:func:`return_path`) and a queue worker applies that to the message it decodes, with
the same code (:meth:`bouncekit.store.ReturnPath.apply`), so both store the same.
"""

from __future__ import annotations

from collections.abc import Sequence

from bouncekit.api import parse
from bouncekit.receive.spool import Spooled
from bouncekit.store.ingest import message_hash
from bouncekit.store.results import Incoming, ReturnPath, with_original_recipient
from bouncekit.verp import Decoded, Verp

__all__ = ["incoming_message", "return_path", "source_of", "verp_of", "with_original_recipient"]


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


def return_path(rcpt_tos: Sequence[str], schemes: Sequence[Verp]) -> ReturnPath:
    """What a message's envelope recipients say about its records, read without the message.

    A VERP recipient that decodes (with a valid tag, when the scheme is signed) names
    the ``original_recipient``; when a scheme is signed and an envelope recipient's tag
    is missing or wrong, the message is distrusted: stored, but it counts and suppresses
    nothing. This is cheap (no decoding), so ``smtpd --enqueue`` reads it before it
    queues the message and the worker applies it (:meth:`ReturnPath.apply`).
    """
    decoded = verp_of(rcpt_tos, schemes)
    untrusted = [d for d in decoded if not d.trusted]
    if untrusted:
        first = untrusted[0]
        return ReturnPath(
            distrust=f"the signed VERP tag of {first.address} is {first.tag}: stored, but no address "
            "was counted or suppressed"
        )
    recipients = {d.recipient for d in decoded if d.recipient}
    return ReturnPath(recipients.pop()) if len(recipients) == 1 else ReturnPath()


def incoming_message(message: Spooled, schemes: Sequence[Verp] = ()) -> Incoming:
    """Decode a received message for the store, with what its VERP envelope says
    (:func:`return_path`). Raises :class:`BounceError` when the message cannot be decoded.
    """
    report = parse(message.data)
    path = return_path(message.rcpt_tos, schemes)
    return Incoming(
        message_hash(message.data), source_of(message.id), path.apply(report), message.received_at,
        path.distrust,
    )


def source_of(reception_id: str) -> str:
    """The ``source`` stored for a message ``bouncekit smtpd`` received (its spool id)."""
    return f"smtpd:{reception_id}"
