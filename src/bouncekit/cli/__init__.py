"""The ``bouncekit`` command: a thin layer over the library.

Each command lives in its own module of this package and only parses arguments, calls
the library and formats the output. ``COMMANDS`` lists the modules; each exposes a
click command (or group) named ``command``. A module is imported when its command is
first looked up, so a run pays for the imports of the one command it runs.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator, MutableMapping

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


class LazyCommands(MutableMapping[str, click.Command]):
    """A group's commands by name, each imported from ``bouncekit.cli.<name>`` when it is
    first looked up (``bouncekit logs`` need not import the store, the service and the
    queue); listing the names imports nothing."""

    def __init__(self, names: tuple[str, ...]) -> None:
        self._names = list(names)
        self._loaded: dict[str, click.Command] = {}

    def __getitem__(self, name: str) -> click.Command:
        command = self._loaded.get(name)
        if command is None:
            if name not in self._names:
                raise KeyError(name)
            command = importlib.import_module(f"bouncekit.cli.{name}").command
            _example_last(command)
            self._loaded[name] = command
        return command

    def __setitem__(self, name: str, command: click.Command) -> None:
        if name not in self._names:
            self._names.append(name)
        self._loaded[name] = command

    def __delitem__(self, name: str) -> None:
        self._names.remove(name)
        self._loaded.pop(name, None)

    def __iter__(self) -> Iterator[str]:
        return iter(self._names)

    def __len__(self) -> int:
        return len(self._names)


@click.group(
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
    commands=LazyCommands(COMMANDS),
)
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
    if isinstance(command, click.Group) and not isinstance(command.commands, LazyCommands):
        for sub in command.commands.values():
            _example_last(sub)


_example_last(main)  # its commands get theirs as they are imported
