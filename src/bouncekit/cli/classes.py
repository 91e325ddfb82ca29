"""``bouncekit classes``: the class table."""

from __future__ import annotations

import json

import click

from bouncekit import CLASSES


@click.command("classes")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table",
              show_default=True, help="Output format.")
def command(fmt: str) -> None:
    """Print the bounce class table (code, name, type, description).

    \b
    Example:
        bouncekit classes --format json
    """
    if fmt == "json":
        for info in CLASSES:
            click.echo(json.dumps(info.to_dict(), sort_keys=True))
        return
    for info in CLASSES:
        click.echo(f"{info.code:>4}  {info.name:<24} {info.type!s:<13} {info.description}")
