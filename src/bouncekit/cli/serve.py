"""``bouncekit serve``: the HTTP service under uvicorn, with every limit an option."""

from __future__ import annotations

import os
import secrets
import shutil
import tempfile
from collections.abc import Callable
from typing import Any

import click

from bouncekit.classifier import RuleSet
from bouncekit.cli.database import POLICY_ENV, Settings, require_server
from bouncekit.cli.ruleset import rules_option
from bouncekit.errors import BounceError
from bouncekit.rulefile import RULES_ENV
from bouncekit.service import (
    DEFAULT_MAX_BODY,
    ENV_DATABASE,
    ENV_MAX_BODY,
    ENV_PARSE_BUDGET,
    ENV_PARSE_WORKERS,
    SECRET_ENV,
)

#: The options of the server limits: (field of ServerLimits, its default, help).
#: The defaults are those of ServerLimits; a test keeps the two equal.
_LIMITS: tuple[tuple[str, float, str], ...] = (
    ("max_request_line", 8 * 1024, "Longest request target in bytes (414 above)."),
    ("max_header_bytes", 64 * 1024, "Largest request head in bytes: request line and headers (431 above)."),
    ("max_headers", 100, "Most header fields in a request (431 above)."),
    ("header_timeout", 10.0, "Seconds for a request head to arrive (408 after)."),
    ("body_timeout", 60.0, "Seconds for a request body to arrive after its head (408 after)."),
    ("keep_alive_timeout", 5.0, "Seconds an idle connection stays open between requests."),
    ("max_connections", 512, "Open connections per worker; beyond, the longest-idle is closed, else 503."),
    ("backlog", 2048, "Connections the system queues before they are accepted."),
)


def env_name(field: str) -> str:
    """The environment variable of a server limit: BOUNCEKIT_ and its name in capitals."""
    return f"BOUNCEKIT_{field.upper()}"


def _limit_options(command: Callable[..., Any]) -> Callable[..., Any]:
    for field, default, help_text in reversed(_LIMITS):
        kind = click.IntRange(min=1) if isinstance(default, int) else click.FloatRange(min=0, min_open=True)
        command = click.option(f"--{field.replace('_', '-')}", field, type=kind, default=default,
                               show_default=True, envvar=env_name(field), show_envvar=True,
                               help=help_text)(command)
    return command


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535), help="Port.")
@click.option("--workers", default=1, show_default=True, type=click.IntRange(1, 256),
              help="Worker processes; each opens its own connection pool.")
@click.option("--database", metavar="URL", default=None,
              help="Database URL [default: the global --database, else SQLite in the user data directory].")
@click.option("--max-body", default=DEFAULT_MAX_BODY, show_default=True, type=click.IntRange(1),
              envvar=ENV_MAX_BODY, show_envvar=True, help="Largest request body in bytes (413 above).")
@click.option("--parse-budget", default=5.0, show_default=True, type=click.FloatRange(min=0, min_open=True),
              envvar=ENV_PARSE_BUDGET, show_envvar=True,
              help="Seconds one message may take to decode; then it is stopped and answered 422.")
@click.option("--parse-workers", default=2, show_default=True, type=click.IntRange(1, 64),
              envvar=ENV_PARSE_WORKERS, show_envvar=True,
              help="Processes that decode messages, in each worker.")
@_limit_options
@click.option("--access-log/--no-access-log", default=False, show_default=True,
              help="Log every request.")
@click.option("--sns-certificate", type=click.Path(dir_okay=False, exists=True), default=None,
              help="A PEM certificate to check Amazon SNS webhook signatures with, instead of fetching "
                   "the one the message names (offline use).")
@rules_option
@click.pass_context
def command(
    ctx: click.Context, host: str, port: int, workers: int, database: str | None, max_body: int,
    parse_budget: float, parse_workers: int, access_log: bool, sns_certificate: str | None,
    rules: RuleSet | None, **limits: Any,
) -> None:
    """Serve the HTTP API (classify, messages, suppressions, stats; docs at /docs).

    Every /v1 route needs an API key made with `bouncekit keys create NAME`; the
    suppression policy is the global --policy file. The dashboard is at / (sign in
    with an API key); --rules FILE adds your own classification rules. Every limit
    can also be set by its environment variable; the README has them all in one table.

    \b
    Example:
        bouncekit serve --port 8000 --workers 2 --database postgresql+psycopg://user@db/bouncekit
    """
    require_server("serve")
    from bouncekit.metrics import MULTIPROC_ENV
    from bouncekit.policy import load_policy
    from bouncekit.service.limits import ServerLimits
    from bouncekit.service.server import run
    from bouncekit.store import Store

    root = ctx.find_root().obj
    settings = root if isinstance(root, Settings) else Settings()
    database = database or settings.database
    # Migrate and read the policy once, here: workers never race to migrate, and a bad
    # URL or policy file fails now with one line instead of in every worker.
    try:
        policy = load_policy(settings.policy) if settings.policy else None
        Store.open(database, policy=policy).close()
        server_limits = ServerLimits(**limits)
    except BounceError as exc:
        raise click.ClickException(str(exc)) from exc
    # The workers are new processes: the app factory reads its settings from the environment.
    if database:
        os.environ[ENV_DATABASE] = database
    if settings.policy:
        os.environ[POLICY_ENV] = settings.policy
    os.environ[ENV_MAX_BODY] = str(max_body)
    os.environ[ENV_PARSE_BUDGET] = repr(parse_budget)
    os.environ[ENV_PARSE_WORKERS] = str(parse_workers)
    if sns_certificate:
        from bouncekit.receive.webhooks.sns import CERTIFICATE_ENV

        os.environ[CERTIFICATE_ENV] = os.path.abspath(sns_certificate)
    if rules is not None and rules.origin:
        os.environ[RULES_ENV] = rules.origin
    # Workers must accept each other's dashboard sessions: one secret for all of them.
    os.environ.setdefault(SECRET_ENV, secrets.token_hex(32))
    # Several worker processes share their /metrics counters through files in a folder.
    metrics_folder = None
    if workers > 1 and not os.environ.get(MULTIPROC_ENV):
        metrics_folder = tempfile.mkdtemp(prefix="bouncekit-metrics-")
        os.environ[MULTIPROC_ENV] = metrics_folder
    try:
        run("bouncekit.service:app_from_env", limits=server_limits, factory=True, host=host, port=port,
            workers=workers, access_log=access_log)
    finally:
        if metrics_folder:
            shutil.rmtree(metrics_folder, ignore_errors=True)
