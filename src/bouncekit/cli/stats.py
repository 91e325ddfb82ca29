"""``bouncekit stats``: counts of stored records by class, type, domain, day, sender or event."""

from __future__ import annotations

from datetime import datetime

import click

from bouncekit.cli.database import open_store
from bouncekit.cli.output import Column, exit_quietly_on_closed_pipe, format_option, open_writer

GROUPS = ("class", "type", "domain", "day", "sender", "event")
COLUMNS = ("key", "label", "records", "addresses", "suppressed")


@click.command("stats")
@click.option("--since", type=click.DateTime(["%Y-%m-%d", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M:%S"]),
              default=None, help="Only records of events at or after this date (UTC).")
@click.option("--by", type=click.Choice(GROUPS), default="class", show_default=True,
              help="Group by class, type, recipient domain, day, sending domain (sender) or event.")
@format_option
@click.pass_context
@exit_quietly_on_closed_pipe
def command(ctx: click.Context, since: datetime | None, by: str, fmt: str | None) -> None:
    """Count the stored records: per group, records, distinct addresses, and how many
    of those addresses are suppressed now.

    Records without a class (deliveries, complaints) are grouped by their event
    under --by class and --by type.

    \b
    Example:
        bouncekit stats --since 2024-01-01 --by domain
    """
    rows = open_store(ctx).stats(since=since, by=by)
    table = (
        Column("key", by.upper(), 30),
        Column("label", "NAME", 24),
        Column("records", "RECORDS", 9),
        Column("addresses", "ADDRESSES", 10),
        Column("suppressed", "SUPPRESSED"),
    )
    writer = open_writer(fmt, columns=COLUMNS, table=table)
    for row in rows:
        writer.write(row.to_dict())
    writer.finish()
