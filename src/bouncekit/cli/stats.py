"""``bouncekit stats``: counts of stored records by class, type, domain, day, sender or event."""

from __future__ import annotations

from datetime import datetime

import click

from bouncekit.cli.database import open_store, store_errors
from bouncekit.cli.output import Column, exit_quietly_on_closed_pipe, format_option, open_writer

GROUPS = ("class", "type", "domain", "day", "sender", "event")
COLUMNS = ("key", "label", "records", "addresses", "suppressed")


class IsoDateTime(click.ParamType):
    """An ISO 8601 date or date-time; an offset (``+09:00``, ``Z``) is kept, none means UTC."""

    name = "DATE"

    def convert(self, value: object, param: click.Parameter | None, ctx: click.Context | None) -> datetime:
        if isinstance(value, datetime):
            return value
        try:
            return datetime.fromisoformat(str(value).strip())
        except ValueError:
            self.fail(f"{value!r} is not an ISO 8601 date or date-time (e.g. 2024-01-01, "
                      "2024-01-01T09:00:00+02:00)", param, ctx)


@click.command("stats")
@click.option("--since", type=IsoDateTime(), default=None,
              help="Only records of events at or after this date or date-time (ISO 8601; UTC unless "
                   "it has an offset).")
@click.option("--by", type=click.Choice(GROUPS), default="class", show_default=True,
              help="Group by class, type, recipient domain, day, sending domain (sender) or event.")
@format_option
@click.pass_context
@exit_quietly_on_closed_pipe
@store_errors
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
    # Only classes have names: other groups get no NAME column rather than an empty one.
    named = (Column("label", "NAME", 24),) if by == "class" else ()
    table = (
        Column("key", by.upper(), 12 if by == "class" else 30),
        *named,
        Column("records", "RECORDS", 9),
        Column("addresses", "ADDRESSES", 10),
        Column("suppressed", "SUPPRESSED"),
    )
    writer = open_writer(fmt, columns=COLUMNS, table=table)
    for row in rows:
        writer.write(row.to_dict())
    writer.finish()
