"""``bouncekit classes``: the class table."""

from __future__ import annotations

import click

from bouncekit import CLASSES
from bouncekit.cli.output import Column, exit_quietly_on_closed_pipe, format_option, open_writer

COLUMNS = ("code", "name", "type", "description")
TABLE = (Column("code", "CODE", 4), Column("name", "NAME", 24), Column("type", "TYPE", 12),
         Column("description", "DESCRIPTION"))


@click.command("classes")
@format_option
@exit_quietly_on_closed_pipe
def command(fmt: str | None) -> None:
    """Print the bounce class table (code, name, type, description).

    \b
    Example:
        bouncekit classes --format json
    """
    writer = open_writer(fmt, columns=COLUMNS, table=TABLE)
    for info in CLASSES:
        writer.write(info.to_dict())
    writer.finish()
