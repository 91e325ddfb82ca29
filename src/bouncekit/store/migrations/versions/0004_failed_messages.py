"""Messages that were given up on: ``failed_messages``.

Revision ID: 0004
Revises: 0003

The HTTP service decodes each message within a time budget; a message over it (or
whose decoder process died) is answered as failed and recorded here with its hash,
source, size and the error, so that nothing is lost without trace.
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

_TIME = sa.DateTime(timezone=True)
_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "failed_messages",
        sa.Column("id", _ID, autoincrement=True, nullable=False),
        sa.Column("hash", sa.String(length=64), nullable=False),
        sa.Column("source", sa.Text(), nullable=False),
        sa.Column("received_at", _TIME, nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("error", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(op.f("ix_failed_messages_hash"), "failed_messages", ["hash"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_failed_messages_hash"), table_name="failed_messages")
    op.drop_table("failed_messages")
