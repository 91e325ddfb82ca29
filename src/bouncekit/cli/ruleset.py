"""The ``--rules FILE`` option of every command that classifies (``$BOUNCEKIT_RULES``)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import click

if TYPE_CHECKING:
    from bouncekit.classifier import RuleSet

#: ``bouncekit.rulefile.RULES_ENV``, written out: the rules' modules are imported only
#: when a file is given (a command starts sooner without them; ``logs`` forks its
#: reading process first).
RULES_ENV = "BOUNCEKIT_RULES"


class RulesFileProblem(click.ClickException):
    """A rules file that does not load: a usage error (exit 2), one line per problem."""

    exit_code = 2


def load_or_exit(path: str | None) -> RuleSet | None:
    """The rules of ``path`` merged into the built-ins (None: the built-ins alone)."""
    if not path:
        return None
    from bouncekit.rulefile import RulesFileError, load_rules

    try:
        return load_rules(path)
    except RulesFileError as exc:
        raise RulesFileProblem(f"the rules file does not load:\n{exc}") from None


def _load(ctx: click.Context, param: click.Parameter, value: str | None) -> RuleSet | None:
    return load_or_exit(value)


def rules_option(command: Callable[..., Any]) -> Callable[..., Any]:
    """``--rules FILE``: the command receives ``rules``, a :class:`RuleSet` or None."""
    return click.option(
        "--rules", "rules", metavar="FILE", envvar=RULES_ENV, show_envvar=True, callback=_load,
        help="A rules file of your own (TOML, the schema of the built-in rules), merged into "
             "the built-in rules.",
    )(command)
