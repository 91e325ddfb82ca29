"""``bouncekit serve``: the HTTP service under uvicorn."""

from __future__ import annotations

import os
import shutil
import tempfile
from typing import Any

import click

from bouncekit.cli.database import POLICY_ENV, Settings
from bouncekit.errors import BounceError
from bouncekit.service import DEFAULT_MAX_BODY, ENV_DATABASE, ENV_MAX_BODY


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
@click.pass_context
def command(
    ctx: click.Context, host: str, port: int, workers: int, database: str | None, max_body: int,
    access_log: bool, sns_certificate: str | None,
) -> None:
    """Serve the HTTP API (classify, messages, suppressions, stats; docs at /docs).

    Every /v1 route needs an API key made with `bouncekit keys create NAME`; the
    suppression policy is the global --policy file.

    \b
    Example:
        bouncekit serve --port 8000 --workers 2 --database postgresql+psycopg://user@db/bouncekit
    """
    import uvicorn

    from bouncekit.metrics import MULTIPROC_ENV
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
    # Several worker processes share their /metrics counters through files in a folder.
    metrics_folder = None
    if workers > 1 and not os.environ.get(MULTIPROC_ENV):
        metrics_folder = tempfile.mkdtemp(prefix="bouncekit-metrics-")
        os.environ[MULTIPROC_ENV] = metrics_folder
    try:
        _run(uvicorn, host, port, workers, access_log)
    finally:
        if metrics_folder:
            shutil.rmtree(metrics_folder, ignore_errors=True)


def _run(uvicorn: Any, host: str, port: int, workers: int, access_log: bool) -> None:
    uvicorn.run(
        "bouncekit.service:app_from_env",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        access_log=access_log,
        server_header=False,
    )
