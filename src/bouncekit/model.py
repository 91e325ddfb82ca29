"""The vocabulary of bouncekit: classes, types, reasons, events and result records.

Everything here is immutable. The JSON form of a record (``Record.to_dict``) is the
contract written in TAXONOMY.md; change it only together with that document.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import IntEnum, StrEnum
from typing import Any

from bouncekit.frozen import fast_init


class BounceType(StrEnum):
    """What a sender should do about a bounce."""

    HARD = "hard"
    SOFT = "soft"
    BLOCK = "block"
    UNDETERMINED = "undetermined"


class BounceClass(IntEnum):
    """The numeric bounce classes of TAXONOMY.md."""

    UNDETERMINED = 1
    INVALID_RECIPIENT = 10
    SOFT_BOUNCE = 20
    DNS_FAILURE = 21
    MAILBOX_FULL = 22
    TOO_LARGE = 23
    TIMEOUT = 24
    NO_RECIPIENT = 30
    GENERIC = 40
    MAIL_BLOCK = 50
    SPAM_BLOCK = 51
    SPAM_CONTENT = 52
    PROHIBITED_ATTACHMENT = 53
    RELAYING_DENIED = 54
    AUTO_REPLY = 60
    TRANSIENT = 70
    CHALLENGE_RESPONSE = 100

    @property
    def info(self) -> ClassInfo:
        return _CLASS_INFO[self]

    @property
    def label(self) -> str:
        """The human name of the class, e.g. ``Invalid Recipient``."""
        return _CLASS_INFO[self].name

    @property
    def type(self) -> BounceType:
        return _CLASS_INFO[self].type


@dataclass(frozen=True, slots=True)
class ClassInfo:
    """One row of the class table."""

    code: int
    name: str
    type: BounceType
    description: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "name": self.name,
            "type": str(self.type),
            "description": self.description,
        }


_H, _S, _B, _U = BounceType.HARD, BounceType.SOFT, BounceType.BLOCK, BounceType.UNDETERMINED

#: The class table of TAXONOMY.md, as data.
CLASSES: tuple[ClassInfo, ...] = (
    ClassInfo(1, "Undetermined", _U, "The reply could not be identified"),
    ClassInfo(10, "Invalid Recipient", _H,
              "The recipient is invalid: the address does not exist, the domain accepts "
              "no mail at all (null MX), the address has moved"),
    ClassInfo(20, "Soft Bounce", _S,
              "Rejected for a temporary reason: inactive or misconfigured mailbox, server "
              "unavailable, too many messages in a period, server disk full"),
    ClassInfo(21, "DNS Failure", _S,
              "Returned because of a DNS error: the domain does not exist, no MX/A, a "
              "lookup failure"),
    ClassInfo(22, "Mailbox Full", _S, "The recipient's mailbox is full / over quota"),
    ClassInfo(23, "Too Large", _S, "Rejected because of its size"),
    ClassInfo(24, "Timeout", _S,
              "Timed out: delivery expired in the queue, the host never answered"),
    ClassInfo(30, "Generic Bounce: No RCPT", _H,
              "A bounce whose recipient could not be determined"),
    ClassInfo(40, "Generic Bounce", _S,
              "Rejected for unknown or generic reasons (mail loop, relay failure, syntax "
              "error, system error)"),
    ClassInfo(50, "Mail Block", _B,
              "Blocked by the recipient's system: policy, authentication (SPF/DKIM/DMARC), "
              "sender rejected, PTR required, TLS required, message not RFC compliant"),
    ClassInfo(51, "Spam Block", _B,
              "Blocked as coming from a known spam source: IP or domain on a blocklist, "
              "bad reputation"),
    ClassInfo(52, "Spam Content", _B,
              "The content was considered spam or otherwise unacceptable"),
    ClassInfo(53, "Prohibited Attachment", _B, "Rejected because of an attachment or a virus"),
    ClassInfo(54, "Relaying Denied", _B, "The receiving host refused to relay"),
    ClassInfo(60, "Auto-Reply", _S,
              "Not a bounce: an out-of-office or other automatic reply (RFC 3834)"),
    ClassInfo(70, "Transient Failure", _S,
              "Not final: a delay notice whose cause cannot be identified; the message is still "
              "queued"),
    ClassInfo(100, "Challenge-Response", _S,
              "A challenge-response system asks the sender to verify itself"),
)
_CLASS_INFO: dict[BounceClass, ClassInfo] = {BounceClass(c.code): c for c in CLASSES}


class Reason(StrEnum):
    """The fine reason of a classification; each has one default class."""

    USER_UNKNOWN = "user_unknown"
    ADDRESS_MOVED = "address_moved"
    DOMAIN_NOT_ACCEPTING = "domain_not_accepting"
    INVALID_ADDRESS = "invalid_address"
    NO_RECIPIENT = "no_recipient"
    MAILBOX_FULL = "mailbox_full"
    MAILBOX_INACTIVE = "mailbox_inactive"
    MAILBOX_MISCONFIGURED = "mailbox_misconfigured"
    SERVER_UNAVAILABLE = "server_unavailable"
    RATE_LIMITED = "rate_limited"
    SERVER_FULL = "server_full"
    MESSAGE_TOO_LARGE = "message_too_large"
    DOMAIN_NOT_FOUND = "domain_not_found"
    DNS_ERROR = "dns_error"
    EXPIRED = "expired"
    CONNECTION_FAILED = "connection_failed"
    MAIL_LOOP = "mail_loop"
    RELAY_FAILED = "relay_failed"
    SYNTAX_ERROR = "syntax_error"
    SYSTEM_ERROR = "system_error"
    POLICY_VIOLATION = "policy_violation"
    AUTH_FAILURE = "auth_failure"
    SENDER_REJECTED = "sender_rejected"
    BLOCKED = "blocked"
    PTR_REQUIRED = "ptr_required"
    TLS_REQUIRED = "tls_required"
    NOT_RFC_COMPLIANT = "not_rfc_compliant"
    BLOCKLISTED = "blocklisted"
    BAD_REPUTATION = "bad_reputation"
    SPAM_CONTENT = "spam_content"
    CONTENT_REJECTED = "content_rejected"
    VIRUS_DETECTED = "virus_detected"
    PROHIBITED_ATTACHMENT = "prohibited_attachment"
    RELAY_DENIED = "relay_denied"
    AUTO_REPLY = "auto_reply"
    DELAYED = "delayed"
    CHALLENGE_RESPONSE = "challenge_response"
    UNDETERMINED = "undetermined"

    @property
    def default_class(self) -> BounceClass:
        return _REASON_CLASS[self]


_C = BounceClass
_REASON_CLASS: dict[Reason, BounceClass] = {
    Reason.USER_UNKNOWN: _C.INVALID_RECIPIENT,
    Reason.ADDRESS_MOVED: _C.INVALID_RECIPIENT,
    Reason.DOMAIN_NOT_ACCEPTING: _C.INVALID_RECIPIENT,
    Reason.INVALID_ADDRESS: _C.INVALID_RECIPIENT,
    Reason.NO_RECIPIENT: _C.NO_RECIPIENT,
    Reason.MAILBOX_FULL: _C.MAILBOX_FULL,
    Reason.MAILBOX_INACTIVE: _C.SOFT_BOUNCE,
    Reason.MAILBOX_MISCONFIGURED: _C.SOFT_BOUNCE,
    Reason.SERVER_UNAVAILABLE: _C.SOFT_BOUNCE,
    Reason.RATE_LIMITED: _C.SOFT_BOUNCE,
    Reason.SERVER_FULL: _C.SOFT_BOUNCE,
    Reason.MESSAGE_TOO_LARGE: _C.TOO_LARGE,
    Reason.DOMAIN_NOT_FOUND: _C.DNS_FAILURE,
    Reason.DNS_ERROR: _C.DNS_FAILURE,
    Reason.EXPIRED: _C.TIMEOUT,
    Reason.CONNECTION_FAILED: _C.TIMEOUT,
    Reason.MAIL_LOOP: _C.GENERIC,
    Reason.RELAY_FAILED: _C.GENERIC,
    Reason.SYNTAX_ERROR: _C.GENERIC,
    Reason.SYSTEM_ERROR: _C.GENERIC,
    Reason.POLICY_VIOLATION: _C.MAIL_BLOCK,
    Reason.AUTH_FAILURE: _C.MAIL_BLOCK,
    Reason.SENDER_REJECTED: _C.MAIL_BLOCK,
    Reason.BLOCKED: _C.MAIL_BLOCK,
    Reason.PTR_REQUIRED: _C.MAIL_BLOCK,
    Reason.TLS_REQUIRED: _C.MAIL_BLOCK,
    Reason.NOT_RFC_COMPLIANT: _C.MAIL_BLOCK,
    Reason.BLOCKLISTED: _C.SPAM_BLOCK,
    Reason.BAD_REPUTATION: _C.SPAM_BLOCK,
    Reason.SPAM_CONTENT: _C.SPAM_CONTENT,
    Reason.CONTENT_REJECTED: _C.SPAM_CONTENT,
    Reason.VIRUS_DETECTED: _C.PROHIBITED_ATTACHMENT,
    Reason.PROHIBITED_ATTACHMENT: _C.PROHIBITED_ATTACHMENT,
    Reason.RELAY_DENIED: _C.RELAYING_DENIED,
    Reason.AUTO_REPLY: _C.AUTO_REPLY,
    Reason.DELAYED: _C.TRANSIENT,
    Reason.CHALLENGE_RESPONSE: _C.CHALLENGE_RESPONSE,
    Reason.UNDETERMINED: _C.UNDETERMINED,
}


class Event(StrEnum):
    """What a record reports."""

    BOUNCE = "bounce"
    DELAYED = "delayed"
    DELIVERED = "delivered"
    AUTO_REPLY = "auto_reply"
    COMPLAINT = "complaint"
    #: A sending service refused to send (the address is on its suppression list,
    #: invalid, or against its policy): no mail left the sender.
    REJECTED = "rejected"


class Basis(StrEnum):
    """What a classification rests on, from the strongest evidence to none.

    A policy can weigh it: a hard class read from the reply code alone (``550`` says
    little more than "permanent") is not the same proof as a text that says the user is
    unknown.
    """

    #: A text rule matched the server's words.
    TEXT = "text"
    #: The enhanced status code (RFC 3463), no text rule matching.
    STATUS = "status"
    #: The SMTP reply code alone (RFC 5321).
    REPLY = "reply"
    #: The kind of message decided (an auto-reply, a challenge, a delay without cause).
    DECODER = "decoder"
    #: A sending service's own classification (a webhook's bounce type).
    ESP = "esp"
    #: Nothing to go on: the class is Undetermined or No RCPT.
    NONE = "none"


@fast_init
@dataclass(frozen=True, slots=True)
class Classification:
    """The class of one SMTP reply or diagnostic text, and why.

    ``rule`` is the id of the rule that decided (a text rule such as ``user-unknown``,
    ``status:5.2.2`` for the enhanced status code table, ``reply:552`` for the reply
    code table, ``event:delayed`` for an event that decides by itself); ``matched`` is
    the piece of text the rule matched, when a text rule decided; ``basis`` says which
    kind of evidence that was.
    """

    bounce_class: BounceClass
    reason: Reason
    rule: str
    status: str | None = None
    reply_code: str | None = None
    matched: str | None = None
    basis: Basis = Basis.NONE

    @property
    def type(self) -> BounceType:
        return self.bounce_class.type

    def to_dict(self) -> dict[str, Any]:
        return {
            "class": int(self.bounce_class),
            "class_name": self.bounce_class.label,
            "type": str(self.type),
            "reason": str(self.reason),
            "rule": self.rule,
            "basis": str(self.basis),
            "status": self.status,
            "reply_code": self.reply_code,
        }


@fast_init
@dataclass(frozen=True, slots=True)
class Record:
    """One recipient of one bounce (or auto-reply, complaint, delivery notice).

    ``recipient`` is the failed address in bouncekit's normal form (see
    :mod:`bouncekit.address`); ``original_recipient`` is the address the sender used
    (a DSN's Original-Recipient, a VERP address, an ESP's own field) where it differs.
    """

    event: Event
    recipient: str | None
    classification: Classification | None
    decoder: str
    status: str | None = None
    reply_code: str | None = None
    diagnostic: str | None = None
    action: str | None = None
    remote_mta: str | None = None
    reporting_mta: str | None = None
    original_message_id: str | None = None
    original_sender: str | None = None
    date: str | None = None
    feedback_type: str | None = None
    original_recipient: str | None = None

    @property
    def bounce_class(self) -> BounceClass | None:
        return self.classification.bounce_class if self.classification else None

    @property
    def type(self) -> BounceType | None:
        return self.classification.type if self.classification else None

    @property
    def reason(self) -> Reason | None:
        return self.classification.reason if self.classification else None

    @property
    def basis(self) -> Basis | None:
        return self.classification.basis if self.classification else None

    @property
    def rule(self) -> str | None:
        """The id of the rule that decided the class (None where there is no class)."""
        return self.classification.rule if self.classification else None

    def to_dict(self) -> dict[str, Any]:
        """The JSON record of TAXONOMY.md."""
        c = self.classification
        return {
            "event": str(self.event),
            "recipient": self.recipient,
            "class": int(c.bounce_class) if c else None,
            "class_name": c.bounce_class.label if c else None,
            "type": str(c.type) if c else None,
            "reason": str(c.reason) if c else None,
            "rule": c.rule if c else None,
            "basis": str(c.basis) if c else None,
            "status": self.status,
            "reply_code": self.reply_code,
            "diagnostic": self.diagnostic,
            "action": self.action,
            "remote_mta": self.remote_mta,
            "reporting_mta": self.reporting_mta,
            "original_message_id": self.original_message_id,
            "original_sender": self.original_sender,
            "date": self.date,
            "feedback_type": self.feedback_type,
            "decoder": self.decoder,
            "original_recipient": self.original_recipient,
        }


_BOUNCE_EVENTS = frozenset({Event.BOUNCE, Event.DELAYED})


@fast_init
@dataclass(frozen=True, slots=True)
class Report:
    """Everything bouncekit read from one message.

    ``records`` holds one record per recipient in message order; it is empty for a
    message that is not a bounce, an auto-reply or a feedback report.
    """

    records: tuple[Record, ...] = ()
    decoder: str | None = None
    message_id: str | None = None
    subject: str | None = None
    notes: tuple[str, ...] = field(default=())

    @property
    def is_bounce(self) -> bool:
        """True when at least one record is a bounce or a delay notice.

        Auto-replies, complaints and delivery notices are reported as records but are
        not bounces.
        """
        return any(r.event in _BOUNCE_EVENTS for r in self.records)

    def __iter__(self):
        return iter(self.records)

    def __len__(self) -> int:
        return len(self.records)

    def to_dict(self) -> dict[str, Any]:
        return {
            "is_bounce": self.is_bounce,
            "decoder": self.decoder,
            "message_id": self.message_id,
            "subject": self.subject,
            "records": [r.to_dict() for r in self.records],
        }
