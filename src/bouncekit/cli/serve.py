"""``bouncekit serve``: the HTTP service under uvicorn."""

from __future__ import annotations

import os
import secrets

import click

from bouncekit.classifier import RuleSet
from bouncekit.cli.database import POLICY_ENV, Settings, require_server
from bouncekit.cli.ruleset import rules_option
from bouncekit.errors import BounceError
from bouncekit.rulefile import RULES_ENV
from bouncekit.service import DEFAULT_MAX_BODY, ENV_DATABASE, ENV_MAX_BODY, SECRET_ENV


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535), help="Port.")
@click.option("--workers", default=1, show_default=True, type=click.IntRange(1, 256),
              help="Worker processes; each opens its own connection pool.")
@click.option("--database", metavar="URL", default=None,
              help="Database URL [default: the global --database, else SQLite in the user data directory].")
@click.option("--max-body", default=DEFAULT_MAX_BODY, show_default=True, type=click.IntRange(1),
              help="Largest request body in bytes (413 above).")
@click.option("--access-log/--no-access-log", default=False, show_default=True,
              help="Log every request.")
@click.option("--sns-certificate", type=click.Path(dir_okay=False, exists=True), default=None,
              help="A PEM certificate to check Amazon SNS webhook signatures with, instead of fetching "
                   "the one the message names (offline use).")
@rules_option
@click.pass_context
def command(
    ctx: click.Context, host: str, port: int, workers: int, database: str | None, max_body: int,
    access_log: bool, sns_certificate: str | None, rules: RuleSet | None,
) -> None:
    """Serve the HTTP API (classify, messages, suppressions, stats; docs at /docs).

    Every /v1 route needs an API key made with `bouncekit keys create NAME`; the
    suppression policy is the global --policy file. The dashboard is at / (sign in
    with an API key); --rules FILE adds your own classification rules.

    \b
    Example:
        bouncekit serve --port 8000 --workers 2 --database postgresql+psycopg://user@db/bouncekit
    """
    require_server("serve")
    import uvicorn

    from bouncekit.policy import load_policy
    from bouncekit.store import Store

    root = ctx.find_root().obj
    settings = root if isinstance(root, Settings) else Settings()
    database = database or settings.database
    # Migrate and read the policy once, here: workers never race to migrate, and a bad
    # URL or policy file fails now with one line instead of in every worker.
    try:
        policy = load_policy(settings.policy) if settings.policy else None
        Store.open(database, policy=policy).close()
    except BounceError as exc:
        raise click.ClickException(str(exc)) from exc
    # The workers are new processes: the app factory reads its settings from the environment.
    if database:
        os.environ[ENV_DATABASE] = database
    if settings.policy:
        os.environ[POLICY_ENV] = settings.policy
    os.environ[ENV_MAX_BODY] = str(max_body)
    if sns_certificate:
        from bouncekit.receive.webhooks.sns import CERTIFICATE_ENV

        os.environ[CERTIFICATE_ENV] = os.path.abspath(sns_certificate)
    if rules is not None and rules.origin:
        os.environ[RULES_ENV] = rules.origin
    # Workers must accept each other's dashboard sessions: one secret for all of them.
    os.environ.setdefault(SECRET_ENV, secrets.token_hex(32))
    uvicorn.run(
        "bouncekit.service:app_from_env",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        access_log=access_log,
        server_header=False,
    )
