"""What the store returns: frozen result records with a JSON form (``to_dict``).

These are the store's public shapes; the CLI and the HTTP service format them and
nothing else.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any

from bouncekit.address import key as address_key
from bouncekit.errors import AddressError
from bouncekit.model import Record, Report


class State(StrEnum):
    """Whether bouncekit advises mailing an address."""

    ACTIVE = "active"
    SUPPRESSED = "suppressed"


class HistoryAction(StrEnum):
    """What happened to an address's state."""

    SUPPRESSED = "suppressed"
    REMOVED = "removed"


class AlertKind(StrEnum):
    """Things the policy reports rather than acts on."""

    #: A block-type bounce (classes 50-54): a problem of the sender, counted per sending
    #: domain or reporting host.
    BLOCK = "block"
    #: Every known address of a recipient domain failed with DNS Failure (class 21).
    DNS_DOMAIN = "dns_domain"
    #: A record names a recipient that is not an email address bouncekit can normalise:
    #: it is stored, but no address is counted or suppressed for it.
    BAD_ADDRESS = "bad_address"
    #: The message may not act on any address (a signed VERP tag missing or wrong): it
    #: is stored with its records, but nothing is counted or suppressed for it.
    UNVERIFIED = "unverified"


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


@dataclass(frozen=True, slots=True)
class Counts:
    """How many records of each kind an address has had."""

    hard: int = 0
    soft: int = 0
    block: int = 0
    undetermined: int = 0
    complaint: int = 0
    auto_reply: int = 0
    delayed: int = 0
    delivered: int = 0

    def to_dict(self) -> dict[str, int]:
        return {name: getattr(self, name) for name in self.__slots__}


@dataclass(frozen=True, slots=True)
class HistoryEntry:
    """One change of an address's state: a suppression or a removal (with its reason)."""

    action: HistoryAction
    at: datetime
    reason: str | None
    rule: str | None

    def to_dict(self) -> dict[str, Any]:
        return {"action": str(self.action), "at": _iso(self.at), "reason": self.reason, "rule": self.rule}


@dataclass(frozen=True, slots=True)
class AddressState:
    """Everything the store knows about one recipient address.

    ``reason`` and ``rule`` say why the address is suppressed (``rule`` is the policy
    rule id, e.g. ``hard``, ``soft``, ``complaint``, ``class-21``); after a removal
    they say why it was removed. ``last_event`` names the latest record, e.g.
    ``bounce 22 mailbox_full``. ``history`` is filled by :meth:`Store.check` and
    :meth:`Store.remove` only (empty in lists).
    """

    address: str
    domain: str
    state: State
    reason: str | None
    rule: str | None
    suppressed_at: datetime | None
    counts: Counts
    first_seen: datetime
    last_event: str | None
    last_event_at: datetime | None
    last_success_at: datetime | None
    history: tuple[HistoryEntry, ...] = ()

    @property
    def suppressed(self) -> bool:
        return self.state is State.SUPPRESSED

    def to_dict(self) -> dict[str, Any]:
        return {
            "address": self.address,
            "domain": self.domain,
            "state": str(self.state),
            "reason": self.reason,
            "rule": self.rule,
            "suppressed_at": _iso(self.suppressed_at),
            "counts": self.counts.to_dict(),
            "first_seen": _iso(self.first_seen),
            "last_event": self.last_event,
            "last_event_at": _iso(self.last_event_at),
            "last_success_at": _iso(self.last_success_at),
            "history": [h.to_dict() for h in self.history],
        }


@dataclass(frozen=True, slots=True)
class Alert:
    """Something the policy reports: a block counted against a sender, a failing domain.

    ``subject`` is the sending domain or reporting host (``BLOCK``) or the recipient
    domain (``DNS_DOMAIN``); ``count`` is the running total for that subject.
    """

    kind: AlertKind
    subject: str
    count: int
    message: str

    def to_dict(self) -> dict[str, Any]:
        return {"kind": str(self.kind), "subject": self.subject, "count": self.count, "message": self.message}


@dataclass(frozen=True, slots=True)
class IngestResult:
    """The outcome of storing one message.

    ``duplicate`` is True when a message with the same hash was stored before: then
    nothing changed, ``suppressed`` and ``alerts`` are empty, and ``records`` is what
    the message decodes to when it was parsed (empty when a batch skipped parsing a
    known message). ``suppressed`` lists the addresses this message newly suppressed.
    ``not_a_bounce`` is True when the message decoded to no record and the caller asked
    to keep such messages out of the store: then nothing was stored.
    """

    message_hash: str
    source: str
    duplicate: bool
    decoder: str | None
    records: tuple[Record, ...]
    suppressed: tuple[AddressState, ...] = ()
    alerts: tuple[Alert, ...] = ()
    not_a_bounce: bool = False

    @property
    def stored(self) -> bool:
        """True when this call stored the message."""
        return not self.duplicate and not self.not_a_bounce

    def to_dict(self) -> dict[str, Any]:
        return {
            "message_hash": self.message_hash,
            "source": self.source,
            "duplicate": self.duplicate,
            "decoder": self.decoder,
            "records": [r.to_dict() for r in self.records],
            "suppressed": [s.to_dict() for s in self.suppressed],
            "alerts": [a.to_dict() for a in self.alerts],
        }


@dataclass(frozen=True, slots=True)
class Incoming:
    """A report decoded elsewhere, ready for :meth:`Store.ingest_reports`.

    ``key`` is its identity (64 lower-case hex digits, e.g. a SHA-256): a second item
    with the same key is a duplicate and changes nothing. For a message it is the
    message hash; for a webhook event, a hash of the ESP and its event id. ``distrust``
    says why the report must not act on any address (it is stored, nothing is counted
    or suppressed); None for a trusted one.
    """

    key: str
    source: str
    report: Report
    received_at: datetime | None = None
    distrust: str | None = None


@dataclass(frozen=True, slots=True)
class ReturnPath:
    """What a bounce's envelope recipient (the return path it came back to) says about it.

    The receiver reads it (``bouncekit smtpd``, from a VERP address: see
    :mod:`bouncekit.verp`) and the store applies it to the decoded report, at once or in
    a queue worker later. ``original_recipient`` is the address the return path names;
    ``distrust`` says why the report must not act on any address (a signed VERP tag
    missing or wrong). Both None: the return path says nothing.
    """

    original_recipient: str | None = None
    distrust: str | None = None

    def __bool__(self) -> bool:
        return self.original_recipient is not None or self.distrust is not None

    def apply(self, report: Report) -> Report:
        """The report with :attr:`original_recipient` as the original recipient of each
        record about another address (records about that address itself are unchanged)."""
        if self.original_recipient is None:
            return report
        return with_original_recipient(report, self.original_recipient)


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


@dataclass(frozen=True, slots=True)
class IngestFailure:
    """A message of a batch that could not be stored (it was not; the batch went on)."""

    source: str
    error: str

    def to_dict(self) -> dict[str, Any]:
        return {"source": self.source, "error": self.error}


@dataclass(frozen=True, slots=True)
class FailedMessage:
    """A message that was given up on (see :meth:`bouncekit.store.Store.record_failure`)."""

    message_hash: str
    source: str
    received_at: datetime
    size: int
    error: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "message_hash": self.message_hash,
            "source": self.source,
            "received_at": _iso(self.received_at),
            "size": self.size,
            "error": self.error,
        }


@dataclass(frozen=True, slots=True)
class StatRow:
    """One line of :meth:`Store.stats`.

    ``key`` is the group (class code, recipient domain, day ``YYYY-MM-DD``, type or
    sending domain), ``label`` a human name where there is one (the class name);
    ``records`` counts records, ``addresses`` distinct recipient addresses among them,
    ``suppressed`` how many of those addresses are suppressed now.
    """

    key: str
    label: str | None
    records: int
    addresses: int
    suppressed: int

    def to_dict(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "label": self.label,
            "records": self.records,
            "addresses": self.addresses,
            "suppressed": self.suppressed,
        }


@dataclass(frozen=True, slots=True)
class ApiKey:
    """An API key as listed: never the key itself, only its name and a short prefix."""

    name: str
    prefix: str
    created_at: datetime
    revoked_at: datetime | None

    @property
    def active(self) -> bool:
        return self.revoked_at is None

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "prefix": self.prefix,
            "created_at": _iso(self.created_at),
            "revoked_at": _iso(self.revoked_at),
            "active": self.active,
        }


@dataclass(frozen=True, slots=True)
class WebhookSecret:
    """An ESP's webhook secret as listed: never the secret, only its first characters."""

    esp: str
    hint: str
    updated_at: datetime

    def to_dict(self) -> dict[str, Any]:
        return {"esp": self.esp, "hint": self.hint, "updated_at": _iso(self.updated_at)}
