"""Pydantic models of the HTTP edge: request bodies and, for the OpenAPI document, responses.

The core stays dataclasses; these models only describe (and validate) what crosses the
wire. Handlers render responses straight from the core's ``to_dict()`` forms, so the
response models here must name the same keys.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, WithJsonSchema, field_validator

_STATUS = re.compile(r"[245]\.[0-9]{1,3}\.[0-9]{1,3}")
_REPLY = re.compile(r"[2-5][0-9][0-9]")

# -- query and path values: the schema states what the code accepts ------------------------

#: An address in its ASCII form: a dot-atom local part and host-name labels. The
#: routes take internationalised addresses too (UTF-8 local part, Unicode or A-label
#: domain); the pattern is the part of that which a plain regular expression can state
#: without promising more than the normalisation accepts. It leaves out of the local
#: part the characters that a URL path gives a meaning (% / ? #), legal as they are.
ADDRESS_PATTERN = (
    r"^[A-Za-z0-9!$&'*+=^_`{|}~.-]{1,64}"
    r"@[A-Za-z0-9_]{1,20}(?:-[A-Za-z0-9_]{1,20}){0,2}(?:\.[A-Za-z0-9_]{1,20}(?:-[A-Za-z0-9_]{1,20}){0,2}){0,3}$"
)
ADDRESS_DESCRIPTION = (
    "The recipient address (at most 320 characters). Its ASCII form is the pattern; an "
    "internationalised address (UTF-8 local part, Unicode or xn-- domain) is taken as well "
    "and stands for the same row as its normal form. A value that is no email address is a 400."
)
#: The start of a raw message: a header field (RFC 5322 section 2.2: printable
#: characters but the colon, then the colon), after an mbox "From " line if any.
MESSAGE_PATTERN = r"^(?:From [^\r\n]*\r?\n)?[!-9;-~]+[ \t]*:"
#: Text without NUL characters (the databases refuse them).
NO_NUL = r"^[^\x00]*$"
#: An opaque page cursor: URL-safe base64.
CURSOR_PATTERN = r"^[A-Za-z0-9_-]+$"
_ISO_TIME = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}(?:[Tt ][0-9]{2}:[0-9]{2}.*)?")


def _digits_only(value: Any) -> Any:
    # A query value is text; pydantic would also read "1.0", "+1" or " 1" as 1, which is
    # not what "integer" promises to a client.
    if isinstance(value, str) and not (value.isascii() and value.isdigit()):
        raise ValueError(f"{value[:40]!r} is not a whole number written in digits")
    return value


def _iso_time(value: Any) -> Any:
    # pydantic would read a number as a Unix time (since=-1 is 1969-12-31T23:59:59).
    if isinstance(value, str) and not _ISO_TIME.fullmatch(value):
        raise ValueError(f"{value[:40]!r} is not an ISO 8601 date (2024-05-01) or date-time "
                         "(2024-05-01T12:00:00Z); numbers are not read as Unix times")
    return value


#: An integer query parameter written in digits only.
Digits = BeforeValidator(_digits_only)
#: An ISO 8601 date or date-time, and nothing else.
IsoTime = Annotated[
    datetime,
    BeforeValidator(_iso_time),
    WithJsonSchema({"anyOf": [{"type": "string", "format": "date"},
                              {"type": "string", "format": "date-time"}]}),
]


class ClassifyIn(BaseModel):
    """One SMTP reply or diagnostic text to classify."""

    model_config = ConfigDict(extra="forbid")

    text: str = Field(description="The reply or diagnostic text; multi-line replies are unfolded.",
                      examples=["550 5.1.1 <bob@example.org>: Recipient address rejected: User unknown"])
    status: str | None = Field(None, description="Enhanced status code, e.g. 5.1.1.",
                               json_schema_extra={"pattern": f"^{_STATUS.pattern}$"})
    reply_code: str | None = Field(None, description="SMTP reply code, e.g. 550.",
                                   json_schema_extra={"pattern": f"^{_REPLY.pattern}$"})
    remote_mta: str | None = Field(None, max_length=255,
                                   description="The host that replied; selects provider rules.")
    recipient: str | None = Field(None, max_length=320,
                                  description="The recipient; its domain selects provider rules.")


    @field_validator("status")
    @classmethod
    def _status(cls, value: str | None) -> str | None:
        if value is not None and not _STATUS.fullmatch(value):
            raise ValueError(f"{value[:40]!r} is no enhanced status code (RFC 3463: class.subject.detail, "
                             "e.g. 5.1.1)")
        return value

    @field_validator("reply_code", mode="before")
    @classmethod
    def _reply_code_number(cls, value: object) -> object:
        # Clients naturally send a reply code as a JSON number: 550 means "550".
        return str(value) if isinstance(value, int) and not isinstance(value, bool) else value

    @field_validator("reply_code")
    @classmethod
    def _reply_code(cls, value: str | None) -> str | None:
        if value is not None and not _REPLY.fullmatch(value):
            raise ValueError(f"{value[:40]!r} is no SMTP reply code (RFC 5321: three digits, e.g. 550)")
        return value


class RemoveIn(BaseModel):
    """Why an address is taken off the suppression list."""

    model_config = ConfigDict(extra="forbid")

    reason: str | None = Field(None, max_length=500)


class ErrorOut(BaseModel):
    """Every error: what is wrong, in one sentence."""

    error: str
    problems: list[ProblemOut] | None = None


class ProblemOut(BaseModel):
    """One invalid part of a request."""

    location: str = Field(description="Where: e.g. body.status, query.limit.")
    message: str


class ClassificationOut(BaseModel):
    """The classification of TAXONOMY.md."""

    model_config = ConfigDict(populate_by_name=True)

    class_: int = Field(alias="class", description="The class code (TAXONOMY.md).")
    class_name: str
    type: Literal["hard", "soft", "block", "undetermined"]
    reason: str
    rule: str = Field(description="The id of the rule that decided.")
    basis: Literal["text", "status", "reply", "decoder", "esp", "none"] = Field(
        description="What the class rests on: a text rule, the enhanced status code, the reply "
        "code alone, or nothing."
    )
    status: str | None
    reply_code: str | None


class RecordOut(BaseModel):
    """One recipient of one bounce: the JSON record of TAXONOMY.md."""

    model_config = ConfigDict(populate_by_name=True)

    event: Literal["bounce", "delayed", "delivered", "auto_reply", "complaint", "rejected"]
    recipient: str | None
    class_: int | None = Field(alias="class")
    class_name: str | None
    type: Literal["hard", "soft", "block", "undetermined"] | None
    reason: str | None
    rule: str | None
    basis: Literal["text", "status", "reply", "decoder", "esp", "none"] | None = Field(
        description="What the class rests on: a text rule, the enhanced status code, the reply "
        "code alone, the message's kind, a sending service's own classification, or nothing."
    )
    status: str | None
    reply_code: str | None
    diagnostic: str | None
    action: str | None
    remote_mta: str | None
    reporting_mta: str | None
    original_message_id: str | None
    original_sender: str | None
    date: str | None
    feedback_type: str | None
    decoder: str
    original_recipient: str | None = Field(
        description="The address the sender used, where it differs from recipient."
    )


class CountsOut(BaseModel):
    """How many records of each kind an address has had."""

    hard: int
    soft: int
    block: int
    undetermined: int
    complaint: int
    auto_reply: int
    delayed: int
    delivered: int


class HistoryOut(BaseModel):
    """One change of an address's state."""

    action: Literal["suppressed", "removed"]
    at: str
    reason: str | None
    rule: str | None


class AddressStateOut(BaseModel):
    """Everything the store knows about one address (``history`` is empty in lists)."""

    address: str
    domain: str
    state: Literal["active", "suppressed"]
    reason: str | None = Field(description="Why it is suppressed (or, after a removal, why removed).")
    rule: str | None = Field(description="The policy rule that suppressed it, e.g. hard, soft, complaint.")
    suppressed_at: str | None
    counts: CountsOut
    first_seen: str
    last_event: str | None
    last_event_at: str | None
    last_success_at: str | None
    history: list[HistoryOut]


class AlertOut(BaseModel):
    """Something the policy reports rather than acts on."""

    kind: Literal["block", "dns_domain", "bad_address"]
    subject: str
    count: int
    message: str


class MessageOut(BaseModel):
    """What one posted message decoded to and what storing it changed."""

    dry_run: bool = Field(description="True when the message was only parsed, not stored.")
    stored: bool = Field(description="True when this request stored the message.")
    duplicate: bool | None = Field(
        description="True when the same message was stored before (nothing changed); null in a dry run."
    )
    message_hash: str | None = Field(
        description="The hash that makes ingestion idempotent; null in a dry run."
    )
    source: str
    decoder: str | None
    records: list[RecordOut]
    suppressed: list[AddressStateOut] = Field(description="Addresses this message newly suppressed.")
    alerts: list[AlertOut]


class SuppressionPage(BaseModel):
    """One page of addresses."""

    items: list[AddressStateOut]
    limit: int
    offset: int
    next_cursor: str | None = Field(description="Pass as ?cursor= for the next page; null on the last page.")


class StatRowOut(BaseModel):
    """One group of records."""

    key: str
    label: str | None
    records: int
    addresses: int
    suppressed: int


class StatsOut(BaseModel):
    """Counts of records grouped one way."""

    by: str
    since: str | None
    rows: list[StatRowOut]


class HealthOut(BaseModel):
    """The service and its database answer."""

    status: Literal["ok"]
    database: Literal["ok"]


ErrorOut.model_rebuild()
