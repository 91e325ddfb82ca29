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
    "smtpd",
    "webhooks",
    "verp",
    "report",
    "db",
    "worker",
    "queue",
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


def _example_last(command: click.Command) -> None:
    """Show the example that ends a command's docstring after the options in ``--help``.

    The docstring is the help text and ends with an example; click prints the options
    after the help text, which would leave the example in the middle, where a reader
    scanning for it from the bottom of the screen misses it.
    """
    head, marker, example = (command.help or "").rpartition("\b\n")
    if marker and example.lstrip().startswith("Example") and not command.epilog:
        command.help = head.rstrip()
        command.epilog = marker + example
    if isinstance(command, click.Group):
        for sub in command.commands.values():
            _example_last(sub)


for _name in COMMANDS:
    main.add_command(importlib.import_module(f"bouncekit.cli.{_name}").command)
_example_last(main)
