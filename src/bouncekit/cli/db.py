"""``bouncekit db``: the database itself (create it before first use)."""

from __future__ import annotations

import click

from bouncekit.cli.database import open_store


@click.group("db")
def command() -> None:
    """The store's database: create it, or bring its tables up to date.

    Commands that only read (stats, suppressions, keys list) refuse a database that
    does not exist, so that a mistyped --database is not silently a new empty store.

    \b
    Example:
        bouncekit --database sqlite:///bounces.db db init
    """


@command.command("init")
@click.pass_context
def init_command(ctx: click.Context) -> None:
    """Create the database named by --database (or upgrade its tables to this version).

    \b
    Example:
        bouncekit --database postgresql+psycopg://bouncekit@db/bouncekit db init
    """
    store = open_store(ctx, create=True)
    click.echo(f"{store.url}: ready")
