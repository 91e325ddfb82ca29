"""Records gain ``basis`` and ``original_recipient``; addresses take their normal form.

Revision ID: 0002
Revises: 0001

Addresses were keyed by their lower-cased text; they are now keyed by
:func:`bouncekit.address.key` (the domain as its IDNA A-label, the local part in NFKC).
Rows whose key changes are renamed; where the new key is taken already (one address
stored under both forms), the counters are added to that row, a suppression is kept,
and the old row goes, its history and records moving with it.
"""

import sqlalchemy as sa
from alembic import op

from bouncekit.address import key
from bouncekit.errors import AddressError

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

_COUNTERS = ("hard", "soft", "block", "undetermined", "complaint", "auto_reply", "delayed",
             "delivered", "dns_failures")


def upgrade() -> None:
    with op.batch_alter_table("records") as batch:
        batch.add_column(sa.Column("basis", sa.String(length=16), nullable=True))
        batch.add_column(sa.Column("original_recipient", sa.Text(), nullable=True))
    bind = op.get_bind()
    meta = sa.MetaData()
    addresses = sa.Table("addresses", meta, autoload_with=bind)
    history = sa.Table("address_history", meta, autoload_with=bind)
    records = sa.Table("records", meta, autoload_with=bind)
    for old in bind.execute(sa.select(addresses.c.address)).scalars().all():
        try:
            new = key(old)
        except AddressError:
            continue
        if new == old:
            continue
        domain = new.rpartition("@")[2]
        row = bind.execute(sa.select(addresses).where(addresses.c.address == old)).mappings().one()
        existing = bind.execute(sa.select(addresses).where(addresses.c.address == new)).mappings().first()
        if existing is None:
            bind.execute(addresses.insert().values({**row, "address": new, "domain": domain}))
        else:
            merged = {name: existing[name] + row[name] for name in _COUNTERS}
            if existing["state"] != "suppressed" and row["state"] == "suppressed":
                merged.update({name: row[name] for name in ("state", "reason", "rule", "suppressed_at")})
            bind.execute(addresses.update().where(addresses.c.address == new).values(merged))
        bind.execute(history.update().where(history.c.address == old).values(address=new))
        bind.execute(records.update().where(records.c.address == old).values(address=new, domain=domain))
        bind.execute(addresses.delete().where(addresses.c.address == old))


def downgrade() -> None:
    with op.batch_alter_table("records") as batch:
        batch.drop_column("original_recipient")
        batch.drop_column("basis")
