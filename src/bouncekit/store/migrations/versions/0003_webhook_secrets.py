"""The per-ESP secrets of the webhook endpoint (``bouncekit webhooks set``).

Revision ID: 0003
Revises: 0002
"""

import sqlalchemy as sa
from alembic import op

from bouncekit.store.schema import UTCDateTime

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "webhook_secrets",
        sa.Column("esp", sa.String(length=32), primary_key=True),
        sa.Column("secret", sa.Text(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("webhook_secrets")
