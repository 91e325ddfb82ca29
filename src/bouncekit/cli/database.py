"""The global ``--database`` and ``--policy`` options, and opening the store for a command.

``bouncekit --database URL --policy FILE COMMAND`` (or ``$BOUNCEKIT_DATABASE_URL`` and
``$BOUNCEKIT_POLICY``) applies to every command that uses the store.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import click

from bouncekit.errors import BounceError, MissingDatabaseError

if TYPE_CHECKING:
    from bouncekit.classifier import RuleSet
    from bouncekit.store import Store

# The store is imported on first use only: it pulls in SQLAlchemy and Alembic, which
# commands without a database (parse, classify) should not wait for.
#: Same as ``bouncekit.store.db.DATABASE_ENV`` and ``bouncekit.store.core.POLICY_ENV``
#: (a test checks), spelled out here for the reason above.
DATABASE_ENV = "BOUNCEKIT_DATABASE_URL"
POLICY_ENV = "BOUNCEKIT_POLICY"

__all__ = [
    "DATABASE_ENV",
    "POLICY_ENV",
    "SERVER_EXTRA",
    "Settings",
    "database_options",
    "open_store",
    "require_server",
    "store_errors",
]


@dataclass(frozen=True, slots=True)
class Settings:
    """What the global options say: the database URL and the policy file (None: defaults)."""

    database: str | None = None
    policy: str | None = None


def database_options(group: click.Group) -> click.Group:
    """Add ``--database`` and ``--policy`` to the ``bouncekit`` group."""
    group = click.option(
        "--policy", metavar="FILE", envvar=POLICY_ENV, show_envvar=True, expose_value=True,
        help="Suppression policy file (TOML) [default: built-in policy].",
    )(group)
    return click.option(
        "--database", metavar="URL", envvar=DATABASE_ENV, show_envvar=True, expose_value=True,
        help="Database URL, e.g. postgresql+psycopg://user@host/db [default: SQLite in the "
             "user data directory].",
    )(group)


def remember(ctx: click.Context, database: str | None, policy: str | None) -> None:
    """Keep the global options for the commands; commands with a ``--database`` option of
    their own get the global value as their default."""
    ctx.obj = Settings(database or None, policy or None)
    if database and isinstance(ctx.command, click.Group):
        ctx.default_map = {
            name: {"database": database}
            for name, command in ctx.command.commands.items()
            if any(param.name == "database" for param in command.params)
        }


#: The one line a command of the server stack ends with where that stack is not installed.
SERVER_EXTRA = "pip install 'bouncekit[server]'"


def require_server(command: str) -> None:
    """End the command with one line naming the extra to install when the store, the
    service or the dashboard cannot be imported (``pip install bouncekit`` has the
    parser, the classifier and the log reader only)."""
    try:
        import jinja2  # noqa: F401
        import sqlalchemy  # noqa: F401
    except ImportError as exc:
        raise click.ClickException(
            f"`bouncekit {command}` needs the server extra ({exc.name or 'a module'} is not installed): "
            f"{SERVER_EXTRA}"
        ) from None


def open_store(ctx: click.Context, *, create: bool = False, rules: RuleSet | None = None) -> Store:
    """Open the store the global options name; closed when the command ends.

    Only commands that store (``create``: ingest, serve, keys create, db init) make a
    database that does not exist yet; the others end with an error naming it, so that a
    mistyped URL is not silently a new, empty store. A bad URL, an unreachable database
    or a bad policy file ends the command with one clear error line.
    """
    require_server(ctx.command_path.removeprefix(ctx.find_root().info_name or "").strip() or "store")
    from bouncekit.policy import load_policy
    from bouncekit.store import Store

    root = ctx.find_root()
    settings = root.obj if isinstance(root.obj, Settings) else Settings()
    try:
        policy = load_policy(settings.policy) if settings.policy else None
        store = Store.open(settings.database, policy=policy, rules=rules, create=create)
    except MissingDatabaseError as exc:
        raise click.ClickException(
            f"{exc}; `bouncekit db init` creates it, and so does `bouncekit ingest`"
        ) from None
    except BounceError as exc:
        raise click.ClickException(str(exc)) from None
    ctx.call_on_close(store.close)
    return store


def store_errors(command: Callable[..., Any]) -> Callable[..., Any]:
    """End the command with one error line when the store refuses a value or the database
    fails midway (a :class:`BounceError`), instead of a traceback."""

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except BounceError as exc:
            raise click.ClickException(str(exc)) from None

    return wrapper
