"""``bouncekit webhooks``: the per-ESP secrets of ``POST /v1/webhooks/{esp}``."""

from __future__ import annotations

import json
import sys

import click

from bouncekit.cli.database import open_store, store_errors
from bouncekit.cli.output import Column, exit_quietly_on_closed_pipe, format_option, open_writer
from bouncekit.cli.ruleset import rules_option
from bouncekit.errors import BounceError

#: The table of ``webhooks parse``: the event matters more here than the source.
TABLE = (
    Column("event", "EVENT", 9),
    Column("recipient", "RECIPIENT", 22),
    Column("class", "CLASS", 5),
    Column("type", "TYPE", 12),
    Column("reason", "REASON", 18),
    Column("basis", "BASIS", 6),
    Column("status", "STATUS", 7),
    Column("diagnostic", "DIAGNOSTIC"),
)


def _esps() -> tuple[str, ...]:
    from bouncekit.receive.webhooks import ESPS

    return ESPS


@click.group("webhooks")
def command() -> None:
    """Set, list and remove the secret each ESP's webhook is checked with (in the --database store).

    `bouncekit serve` answers ESP webhooks at /v1/webhooks/ESP; a request is taken only
    when it carries the ESP's valid signature (or credentials) for the secret set here.
    `bouncekit webhooks esps` says what the secret is for each ESP.

    \b
    Example:
        bouncekit webhooks set sendgrid --secret-file sendgrid-verification-key.txt
    """


@command.command("esps")
def esps() -> None:
    """List the ESPs and what their secret is.

    \b
    Example:
        bouncekit webhooks esps
    """
    from bouncekit.receive.webhooks import REGISTRY

    for name, esp in REGISTRY.items():
        click.echo(f"{name:<14} {esp.secret_help}")


@command.command("set")
@click.argument("esp")
@click.option(
    "--secret-file",
    type=click.File("r"),
    default=None,
    help="Read the secret from this file ('-' for standard input) [default: a prompt on a "
    "terminal, else standard input].",
)
@click.pass_context
@store_errors
def set_secret(ctx: click.Context, esp: str, secret_file) -> None:
    """Set the secret of ESP's webhook (replacing any): never given on the command line.

    \b
    Example:
        echo -n "$MAILGUN_SIGNING_KEY" | bouncekit webhooks set mailgun
    """
    if esp not in _esps():
        raise click.ClickException(f"no ESP named {esp!r}; the ESPs are {', '.join(_esps())}")
    if secret_file is not None:
        secret = secret_file.read()
    elif sys.stdin.isatty():
        secret = click.prompt(f"Secret for {esp}", hide_input=True)
    else:
        secret = sys.stdin.read()
    saved = open_store(ctx, create=True).set_webhook_secret(esp, secret)
    click.echo(f"Set the webhook secret of {esp} ({saved.hint}).")


@command.command("list")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@click.pass_context
@store_errors
def list_secrets(ctx: click.Context, fmt: str) -> None:
    """List the ESPs with a secret set: name, a hint of the secret, when it was set.

    \b
    Example:
        bouncekit webhooks list --format json
    """
    for entry in open_store(ctx).webhook_secrets():
        if fmt == "json":
            click.echo(json.dumps(entry.to_dict(), sort_keys=True))
        else:
            click.echo(f"{entry.esp:<14} {entry.hint:<10} set {entry.updated_at:%Y-%m-%d %H:%M}")


@command.command("remove")
@click.argument("esp")
@click.pass_context
@store_errors
def remove(ctx: click.Context, esp: str) -> None:
    """Remove ESP's secret: its webhook requests get 401 from then on (within 5 seconds).

    \b
    Example:
        bouncekit webhooks remove mailjet
    """
    if not open_store(ctx).remove_webhook_secret(esp):
        raise click.ClickException(f"no webhook secret is set for {esp!r}")
    click.echo(f"Removed the webhook secret of {esp}.")


@command.command("parse")
@click.argument("esp")
@click.argument("body", type=click.File("rb"), default="-")
@click.option("--content-type", default=None, metavar="TYPE",
              help="The request's media type, e.g. application/x-www-form-urlencoded [default: by content].")
@format_option
@rules_option
@exit_quietly_on_closed_pipe
def parse_body(esp: str, body, content_type: str | None, fmt: str | None, rules) -> None:
    """Print the records of one webhook request BODY of ESP (a file, or - for standard input).

    No signature is checked: this shows what a payload gives, as `parse` does for a
    message. Each record's `source` is the ESP's event id.

    \b
    Example:
        bouncekit webhooks parse sparkpost events.json --format table
    """
    from bouncekit.webhooks import parse_events

    try:
        payload = parse_events(esp, body.read(), content_type=content_type, rules=rules)
    except BounceError as exc:
        raise click.ClickException(str(exc)) from None
    writer = open_writer(fmt, table=TABLE)
    for event in payload.events:
        for record in event.records:
            writer.write({**record.to_dict(), "source": f"{esp}:{event.event_id}"})
    writer.finish()
