"""``bouncekit suppressions``: the suppression list: list, check, export, remove."""

from __future__ import annotations

import csv
import json
import sys
from typing import Any

import click

from bouncekit.cli.database import open_store, store_errors
from bouncekit.cli.output import Column, exit_quietly_on_closed_pipe, format_option, open_writer
from bouncekit.errors import BounceError, DatabaseError

#: Columns of list and export, in CSV order.
COLUMNS = (
    "address", "state", "rule", "reason", "suppressed_at", "domain", "hard", "soft", "block",
    "complaint", "last_event", "last_event_at",
)
TABLE = (
    Column("address", "ADDRESS", 36),
    Column("state", "STATE", 10),
    Column("rule", "RULE", 10),
    Column("suppressed_at", "SUPPRESSED AT", 19),
    Column("reason", "REASON"),
)
_STATES = ("suppressed", "active", "all")
_PAGE = 1000


def _row(state: Any, *, table: bool = False) -> dict[str, Any]:
    data = state.to_dict()
    data.pop("history")
    data.update(data.pop("counts"))
    if state.suppressed_at:
        # Whole seconds; CSV and JSON keep the offset so no reader has to guess the zone.
        at = state.suppressed_at.replace(microsecond=0)
        data["suppressed_at"] = f"{at:%Y-%m-%dT%H:%M:%S}" if table else at.isoformat()
    return data


@click.group("suppressions")
def command() -> None:
    """The suppression list: which addresses to stop mailing, and why.

    \b
    Example:
        bouncekit suppressions check user@example.com
    """


@command.command("list")
@click.option("--state", type=click.Choice(_STATES), default="suppressed", show_default=True,
              help="Which addresses.")
@click.option("--domain", default=None, help="Only addresses of this recipient domain.")
@click.option("--reason", default=None,
              help="Only addresses suppressed by this policy rule (hard, soft, complaint, class-21 ...) "
                   "or whose reason contains this text.")
@click.option("--limit", type=click.IntRange(1, 10_000), default=100, show_default=True)
@click.option("--offset", type=click.IntRange(min=0), default=0, show_default=True)
@format_option
@click.pass_context
@exit_quietly_on_closed_pipe
@store_errors
def list_command(ctx: click.Context, state: str, domain: str | None, reason: str | None, limit: int,
                 offset: int, fmt: str | None) -> None:
    """List addresses, most recently suppressed first.

    \b
    Example:
        bouncekit suppressions list --domain example.com --reason hard --format json
    """
    store = open_store(ctx)
    rows = store.suppressions(state=None if state == "all" else state, domain=domain, reason=reason,
                              limit=limit, offset=offset)
    writer = open_writer(fmt, columns=COLUMNS, table=TABLE)
    for row in rows:
        writer.write(_row(row, table=writer.fmt == "table"))
    writer.finish()


@command.command("check")
@click.argument("address")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@click.pass_context
def check_command(ctx: click.Context, address: str, fmt: str) -> None:
    """Show what the store knows about ADDRESS, with its history.

    Exit status: 0 when the address may be mailed (active or never seen), 1 when it
    is suppressed, 2 when ADDRESS is not an email address.

    \b
    Example:
        bouncekit suppressions check user@example.com || echo "do not send"
    """
    store = open_store(ctx)
    try:
        state = store.check(address)
    except DatabaseError as exc:  # the database's trouble, not a bad ADDRESS
        raise click.ClickException(str(exc)) from None
    except BounceError as exc:
        raise click.BadParameter(str(exc), param_hint="ADDRESS") from None
    if fmt == "json":
        data = state.to_dict() if state else {"address": address, "state": None}
        click.echo(json.dumps(data, sort_keys=True))
    elif state is None:
        click.echo(f"{address}: never seen (not suppressed)")
    else:
        click.echo(f"{state.address}: {state.state}")
        if state.reason:
            click.echo(f"  reason:     {state.reason}")
            click.echo(f"  rule:       {state.rule}")
        if state.suppressed_at:
            click.echo(f"  since:      {state.suppressed_at:%Y-%m-%d %H:%M:%S} UTC")
        counts = ", ".join(f"{k} {v}" for k, v in state.counts.to_dict().items() if v)
        click.echo(f"  records:    {counts or 'none'}")
        if state.last_event:
            click.echo(f"  last event: {state.last_event} at {state.last_event_at:%Y-%m-%d %H:%M:%S}")
        for entry in state.history:
            why = f": {entry.reason}" if entry.reason else ""
            click.echo(f"  {entry.at:%Y-%m-%d %H:%M:%S} {entry.action}{why}")
    if state is not None and state.suppressed:
        sys.exit(1)


@command.command("export")
@click.option("--format", "fmt", type=click.Choice(["csv", "json", "table"]), default="csv",
              show_default=True)
@click.option("--state", type=click.Choice(_STATES), default="suppressed", show_default=True,
              help="Which addresses.")
@click.pass_context
@exit_quietly_on_closed_pipe
@store_errors
def export_command(ctx: click.Context, fmt: str, state: str) -> None:
    """Write the whole list: CSV with a header row, one JSON object per line, or a table.

    \b
    Example:
        bouncekit suppressions export --format csv > suppressed.csv
    """
    store = open_store(ctx)
    out = csv.writer(sys.stdout, lineterminator="\n") if fmt == "csv" else None
    table = open_writer("table", columns=COLUMNS, table=TABLE) if fmt == "table" else None
    if out is not None:
        out.writerow(COLUMNS)
    offset = 0
    while True:
        page = store.suppressions(state=None if state == "all" else state, limit=_PAGE, offset=offset)
        for item in page:
            if table is not None:
                table.write(_row(item, table=True))
            elif out is not None:
                row = _row(item)
                out.writerow(["" if row[c] is None else row[c] for c in COLUMNS])
            else:
                data = item.to_dict()
                data.pop("history")
                click.echo(json.dumps(data, sort_keys=True))
        if len(page) < _PAGE:
            break
        offset += _PAGE
    if table is not None:
        table.finish()


@command.command("remove")
@click.argument("address")
@click.option("--reason", default=None, help="Why (kept in the address's history).")
@click.pass_context
def remove_command(ctx: click.Context, address: str, reason: str | None) -> None:
    """Take ADDRESS off the suppression list. The removal is recorded with its reason;
    nothing is erased, and bounces before the removal no longer count.

    \b
    Example:
        bouncekit suppressions remove user@example.com --reason "mailbox fixed, confirmed by phone"
    """
    store = open_store(ctx)
    before = None
    try:
        before = store.check(address)
        state = store.remove(address, reason=reason) if before is not None else None
    except DatabaseError as exc:  # the database's trouble, not a bad ADDRESS
        raise click.ClickException(str(exc)) from None
    except BounceError as exc:
        raise click.BadParameter(str(exc), param_hint="ADDRESS") from None
    if state is None:
        raise click.ClickException(f"{address}: never seen, nothing to remove")
    if before is not None and not before.suppressed:
        click.echo(f"{state.address}: not suppressed, nothing changed")
        return
    click.echo(f"{state.address}: removed from the suppression list ({state.reason})")
