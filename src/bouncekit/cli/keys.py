"""``bouncekit keys``: API keys of the HTTP service."""

from __future__ import annotations

import json

import click

from bouncekit.cli.database import open_store
from bouncekit.errors import BounceError


@click.group("keys")
def command() -> None:
    """Create, list and revoke the API keys of `bouncekit serve` (in the --database store).

    Only a hash of each key is stored: `create` shows the key once.

    \b
    Example:
        bouncekit keys create billing-app
    """


@command.command("create")
@click.argument("name")
@click.pass_context
def create(ctx: click.Context, name: str) -> None:
    """Make a new key called NAME and print it (alone on the last line, this once).

    \b
    Example:
        bouncekit keys create billing-app
    """
    try:
        key = open_store(ctx, create=True).create_key(name)
    except BounceError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"Created API key {name!r}. It is shown only now; send it as 'Authorization: Bearer <key>':")
    click.echo(key)


@command.command("list")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@click.pass_context
def list_keys(ctx: click.Context, fmt: str) -> None:
    """List the keys: name, prefix, when created, whether revoked (never the key itself).

    \b
    Example:
        bouncekit keys list --format json
    """
    for key in open_store(ctx).list_keys():
        if fmt == "json":
            click.echo(json.dumps(key.to_dict(), sort_keys=True))
            continue
        state = f"revoked {key.revoked_at:%Y-%m-%d %H:%M}" if key.revoked_at else "active"
        # A name is up to 100 characters: cut it rather than push the other columns out.
        name = key.name if len(key.name) <= 24 else key.name[:23] + "…"
        click.echo(f"{name:<24} {key.prefix:<12} created {key.created_at:%Y-%m-%d %H:%M}  {state}")


@command.command("revoke")
@click.argument("name")
@click.pass_context
def revoke(ctx: click.Context, name: str) -> None:
    """Revoke the key called NAME: requests with it get 401 from then on.

    A running service trusts a key it verified for up to 5 seconds more.

    \b
    Example:
        bouncekit keys revoke billing-app
    """
    try:
        revoked = open_store(ctx).revoke_key(name)
    except BounceError as exc:
        raise click.ClickException(str(exc)) from exc
    if not revoked:
        raise click.ClickException(f"no active key named {name!r}")
    click.echo(f"Revoked API key {name!r}.")
