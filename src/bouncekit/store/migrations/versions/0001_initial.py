"""The first schema: messages, records, addresses and their history, senders, domains, API keys.

Revision ID: 0001
Revises:
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

# Frozen copies of the types of store/schema.py as they were at this revision.
_TIME = sa.DateTime(timezone=True)
_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "addresses",
        sa.Column("address", sa.Text(), nullable=False),
        sa.Column("domain", sa.Text(), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("rule", sa.String(length=40), nullable=True),
        sa.Column("suppressed_at", _TIME, nullable=True),
        sa.Column("removed_at", _TIME, nullable=True),
        sa.Column("hard", sa.Integer(), server_default="0", nullable=False),
        sa.Column("soft", sa.Integer(), server_default="0", nullable=False),
        sa.Column("block", sa.Integer(), server_default="0", nullable=False),
        sa.Column("undetermined", sa.Integer(), server_default="0", nullable=False),
        sa.Column("complaint", sa.Integer(), server_default="0", nullable=False),
        sa.Column("auto_reply", sa.Integer(), server_default="0", nullable=False),
        sa.Column("delayed", sa.Integer(), server_default="0", nullable=False),
        sa.Column("delivered", sa.Integer(), server_default="0", nullable=False),
        sa.Column("dns_failures", sa.Integer(), server_default="0", nullable=False),
        sa.Column("first_seen", _TIME, nullable=False),
        sa.Column("last_event", sa.Text(), nullable=True),
        sa.Column("last_event_at", _TIME, nullable=True),
        sa.Column("last_success_at", _TIME, nullable=True),
        sa.PrimaryKeyConstraint("address"),
    )
    op.create_index(op.f("ix_addresses_domain"), "addresses", ["domain"], unique=False)
    op.create_index(op.f("ix_addresses_state"), "addresses", ["state"], unique=False)
    op.create_table(
        "api_keys",
        sa.Column("id", _ID, autoincrement=True, nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("prefix", sa.String(length=16), nullable=False),
        sa.Column("hash", sa.String(length=64), nullable=False),
        sa.Column("created_at", _TIME, nullable=False),
        sa.Column("revoked_at", _TIME, nullable=True),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("hash"),
        sa.UniqueConstraint("name"),
    )
    op.create_table(
        "domains",
        sa.Column("domain", sa.Text(), nullable=False),
        sa.Column("dns_reported_at", _TIME, nullable=False),
        sa.PrimaryKeyConstraint("domain"),
    )
    op.create_table(
        "messages",
        sa.Column("id", _ID, autoincrement=True, nullable=False),
        sa.Column("hash", sa.String(length=64), nullable=False),
        sa.Column("source", sa.Text(), nullable=False),
        sa.Column("received_at", _TIME, nullable=False),
        sa.Column("decoder", sa.String(length=64), nullable=True),
        sa.Column("message_id", sa.Text(), nullable=True),
        sa.Column("subject", sa.Text(), nullable=True),
        sa.Column("record_count", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("hash"),
    )
    op.create_table(
        "senders",
        sa.Column("subject", sa.Text(), nullable=False),
        sa.Column("blocks", sa.Integer(), nullable=False),
        sa.Column("last_block_at", _TIME, nullable=False),
        sa.PrimaryKeyConstraint("subject"),
    )
    op.create_table(
        "address_history",
        sa.Column("id", _ID, autoincrement=True, nullable=False),
        sa.Column("address", sa.Text(), nullable=False),
        sa.Column("action", sa.String(length=16), nullable=False),
        sa.Column("at", _TIME, nullable=False),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("rule", sa.String(length=40), nullable=True),
        sa.Column("message", _ID, nullable=True),
        sa.ForeignKeyConstraint(["address"], ["addresses.address"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["message"], ["messages.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(op.f("ix_address_history_address"), "address_history", ["address"], unique=False)
    op.create_table(
        "records",
        sa.Column("id", _ID, autoincrement=True, nullable=False),
        sa.Column("message", _ID, nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("event", sa.String(length=16), nullable=False),
        sa.Column("recipient", sa.Text(), nullable=True),
        sa.Column("class", sa.Integer(), nullable=True),
        sa.Column("class_name", sa.String(length=64), nullable=True),
        sa.Column("type", sa.String(length=16), nullable=True),
        sa.Column("reason", sa.String(length=64), nullable=True),
        sa.Column("rule", sa.Text(), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=True),
        sa.Column("reply_code", sa.String(length=8), nullable=True),
        sa.Column("diagnostic", sa.Text(), nullable=True),
        sa.Column("action", sa.String(length=32), nullable=True),
        sa.Column("remote_mta", sa.Text(), nullable=True),
        sa.Column("reporting_mta", sa.Text(), nullable=True),
        sa.Column("original_message_id", sa.Text(), nullable=True),
        sa.Column("original_sender", sa.Text(), nullable=True),
        sa.Column("date", sa.String(length=40), nullable=True),
        sa.Column("feedback_type", sa.String(length=64), nullable=True),
        sa.Column("decoder", sa.String(length=64), nullable=False),
        sa.Column("source", sa.Text(), nullable=False),
        sa.Column("received_at", _TIME, nullable=False),
        sa.Column("occurred_at", _TIME, nullable=False),
        sa.Column("address", sa.Text(), nullable=True),
        sa.Column("domain", sa.Text(), nullable=True),
        sa.Column("sender", sa.Text(), nullable=True),
        sa.Column("policy_rule", sa.String(length=40), nullable=True),
        sa.ForeignKeyConstraint(["message"], ["messages.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(
        "ix_records_address_rule_time", "records", ["address", "policy_rule", "occurred_at"], unique=False
    )
    op.create_index(op.f("ix_records_domain"), "records", ["domain"], unique=False)
    op.create_index(op.f("ix_records_message"), "records", ["message"], unique=False)
    op.create_index(op.f("ix_records_occurred_at"), "records", ["occurred_at"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_records_occurred_at"), table_name="records")
    op.drop_index(op.f("ix_records_message"), table_name="records")
    op.drop_index(op.f("ix_records_domain"), table_name="records")
    op.drop_index("ix_records_address_rule_time", table_name="records")
    op.drop_table("records")
    op.drop_index(op.f("ix_address_history_address"), table_name="address_history")
    op.drop_table("address_history")
    op.drop_table("senders")
    op.drop_table("messages")
    op.drop_table("domains")
    op.drop_table("api_keys")
    op.drop_index(op.f("ix_addresses_state"), table_name="addresses")
    op.drop_index(op.f("ix_addresses_domain"), table_name="addresses")
    op.drop_table("addresses")
