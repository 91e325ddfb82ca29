"""The tables, as SQLAlchemy Core metadata (the migrations in ``migrations/`` create them).

Core rather than the ORM: ingestion is a handful of set-based statements per message
and the results are frozen dataclasses, so mapped objects would only add cost.
A test checks that this metadata and the migrated database agree.
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import (
    BigInteger,
    Column,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    TypeDecorator,
)
from sqlalchemy.engine import Dialect

#: Counter columns of ``addresses``, one per kind of record (see results.Counts).
COUNT_COLUMNS: tuple[str, ...] = (
    "hard", "soft", "block", "undetermined", "complaint", "auto_reply", "delayed", "delivered",
)


class UTCDateTime(TypeDecorator):
    """A timestamp that is always an aware UTC datetime in Python.

    PostgreSQL keeps ``timestamptz``; SQLite has no time zones, so it stores naive UTC
    text, whose lexical order is its time order.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        value = value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


#: An auto-incrementing 64-bit key; SQLite only auto-increments an INTEGER PRIMARY KEY.
Id = BigInteger().with_variant(Integer(), "sqlite")

metadata = MetaData()

messages = Table(
    "messages",
    metadata,
    Column("id", Id, primary_key=True, autoincrement=True),
    Column("hash", String(64), nullable=False, unique=True),
    Column("source", Text, nullable=False),
    Column("received_at", UTCDateTime, nullable=False),
    Column("decoder", String(64)),
    Column("message_id", Text),
    Column("subject", Text),
    Column("record_count", Integer, nullable=False),
)

# Messages that were given up on (over the decoding time budget, or their decoder
# process died): what arrived and why it failed, so that nothing is lost without trace.
failed_messages = Table(
    "failed_messages",
    metadata,
    Column("id", Id, primary_key=True, autoincrement=True),
    Column("hash", String(64), nullable=False, index=True),
    Column("source", Text, nullable=False),
    Column("received_at", UTCDateTime, nullable=False),
    Column("size", Integer, nullable=False),
    Column("error", Text, nullable=False),
)

records = Table(
    "records",
    metadata,
    Column("id", Id, primary_key=True, autoincrement=True),
    Column("message", Id, ForeignKey("messages.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("position", Integer, nullable=False),
    # The TAXONOMY.md keys, named as in the JSON form.
    Column("event", String(16), nullable=False),
    Column("recipient", Text),
    Column("class", Integer),
    Column("class_name", String(64)),
    Column("type", String(16)),
    Column("reason", String(64)),
    Column("rule", Text),
    Column("status", String(16)),
    Column("reply_code", String(8)),
    Column("diagnostic", Text),
    Column("action", String(32)),
    Column("remote_mta", Text),
    Column("reporting_mta", Text),
    Column("original_message_id", Text),
    Column("original_sender", Text),
    Column("date", String(40)),
    Column("feedback_type", String(64)),
    Column("decoder", String(64), nullable=False),
    Column("basis", String(16)),
    Column("original_recipient", Text),
    # What the store adds: where and when it came from, and how the policy saw it.
    Column("source", Text, nullable=False),
    Column("received_at", UTCDateTime, nullable=False),
    Column("occurred_at", UTCDateTime, nullable=False, index=True),
    Column("address", Text),
    Column("domain", Text, index=True),
    Column("sender", Text),
    Column("policy_rule", String(40)),
    Index("ix_records_address_rule_time", "address", "policy_rule", "occurred_at"),
)

addresses = Table(
    "addresses",
    metadata,
    Column("address", Text, primary_key=True),
    Column("domain", Text, nullable=False, index=True),
    Column("state", String(16), nullable=False, index=True),
    Column("reason", Text),
    Column("rule", String(40)),
    Column("suppressed_at", UTCDateTime),
    Column("removed_at", UTCDateTime),
    *(Column(name, Integer, nullable=False, server_default="0") for name in COUNT_COLUMNS),
    Column("dns_failures", Integer, nullable=False, server_default="0"),
    Column("first_seen", UTCDateTime, nullable=False),
    Column("last_event", Text),
    Column("last_event_at", UTCDateTime),
    Column("last_success_at", UTCDateTime),
)

address_history = Table(
    "address_history",
    metadata,
    Column("id", Id, primary_key=True, autoincrement=True),
    Column("address", Text, ForeignKey("addresses.address", ondelete="CASCADE"), nullable=False, index=True),
    Column("action", String(16), nullable=False),
    Column("at", UTCDateTime, nullable=False),
    Column("reason", Text),
    Column("rule", String(40)),
    Column("message", Id, ForeignKey("messages.id", ondelete="SET NULL")),
)

senders = Table(
    "senders",
    metadata,
    Column("subject", Text, primary_key=True),
    Column("blocks", Integer, nullable=False),
    Column("last_block_at", UTCDateTime, nullable=False),
)

domains = Table(
    "domains",
    metadata,
    Column("domain", Text, primary_key=True),
    Column("dns_reported_at", UTCDateTime, nullable=False),
)

api_keys = Table(
    "api_keys",
    metadata,
    Column("id", Id, primary_key=True, autoincrement=True),
    Column("name", String(100), nullable=False, unique=True),
    Column("prefix", String(16), nullable=False),
    Column("hash", String(64), nullable=False, unique=True),
    Column("created_at", UTCDateTime, nullable=False),
    Column("revoked_at", UTCDateTime),
)

webhook_secrets = Table(
    "webhook_secrets",
    metadata,
    # The secret itself, not a hash: HMAC schemes need it to compute the signature.
    Column("esp", String(32), primary_key=True),
    Column("secret", Text, nullable=False),
    Column("updated_at", UTCDateTime, nullable=False),
)
