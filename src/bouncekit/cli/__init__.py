"""The ``bouncekit`` command: a thin layer over the library.

Each command lives in its own module of this package and only parses arguments, calls
the library and formats the output. ``COMMANDS`` lists the modules; each exposes a
click command (or group) named ``command``.
"""

from __future__ import annotations

import importlib

import click

from bouncekit import __version__
from bouncekit.cli.database import database_options, remember

#: Modules of this package that define one command each, in the order ``--help`` lists them.
COMMANDS: tuple[str, ...] = (
    "parse",
    "classify",
    "logs",
    "fetch",
    "rules",
    "classes",
    "ingest",
    "suppressions",
    "stats",
    "keys",
    "serve",
)


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, prog_name="bouncekit")
@database_options
@click.pass_context
def main(ctx: click.Context, database: str | None, policy: str | None) -> None:
    """Decode and classify email bounces, and keep a suppression list.

    \b
    Example:
        bouncekit parse bounces.mbox --summary
    """
    remember(ctx, database, policy)


for _name in COMMANDS:
    main.add_command(importlib.import_module(f"bouncekit.cli.{_name}").command)
