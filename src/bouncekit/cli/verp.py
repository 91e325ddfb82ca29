"""``bouncekit verp``: the return paths to send with, and what a bounce address says."""

from __future__ import annotations

import functools
import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from bouncekit.errors import BounceError
from bouncekit.verp import Verp

#: The environment variable holding the signed-VERP secret (else ``--verp-secret-file``).
SECRET_ENV = "BOUNCEKIT_VERP_SECRET"


def verp_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """``--verp-template`` and ``--verp-secret-file``, shared by ``verp`` and ``smtpd``."""
    command = click.option(
        "--verp-secret-file",
        type=click.Path(dir_okay=False, path_type=Path),
        default=None,
        help=f"File holding the signed-VERP secret (16 bytes or more) [default: ${SECRET_ENV}; "
        "neither: unsigned VERP].",
    )(command)
    return click.option(
        "--verp-template",
        metavar="TEMPLATE",
        default=None,
        help="Local part of VERP addresses, with {local}, {domain} and {tag} for signed VERP "
        "[default: bounces+{local}={domain}, signed: bounces+{local}={domain}+{tag}].",
    )(command)


def verp_secret(secret_file: Path | None) -> bytes | None:
    """The signed-VERP secret from the file, else the environment, else None."""
    if secret_file is not None:
        try:
            return secret_file.read_bytes().strip() or None
        except OSError as exc:
            raise click.ClickException(
                f"{secret_file}: cannot read the VERP secret: {exc.strerror}"
            ) from None
    value = os.environ.get(SECRET_ENV, "").strip()
    return value.encode() if value else None


def schemes(domains: tuple[str, ...], template: str | None, secret_file: Path | None) -> list[Verp]:
    """One VERP scheme per bounce domain; a click error for a bad template or secret."""
    secret = verp_secret(secret_file)
    try:
        return [Verp(domain, template, secret) for domain in domains]
    except BounceError as exc:
        raise click.ClickException(str(exc)) from None


def _errors(command: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except BounceError as exc:
            raise click.ClickException(str(exc)) from None

    return wrapper


@click.group("verp")
def command() -> None:
    """Make VERP return paths for sending, and read the addresses bounces come back to.

    With a secret ($BOUNCEKIT_VERP_SECRET or --verp-secret-file), addresses carry an HMAC
    tag: `bouncekit smtpd` with the same secret stores a bounce whose tag is missing or
    wrong but lets it suppress nothing.

    \b
    Example:
        bouncekit verp encode --domain bounces.example.org jo@example.com
    """


@command.command("encode")
@click.option("--domain", required=True, help="The bounce domain (the MX that `bouncekit smtpd` serves).")
@verp_options
@click.argument("addresses", nargs=-1, required=True)
@_errors
def encode(
    domain: str, verp_template: str | None, verp_secret_file: Path | None, addresses: tuple[str, ...]
) -> None:
    """Print the return path (envelope sender) to use for each recipient ADDRESS, one per line.

    \b
    Example:
        bouncekit verp encode --domain bounces.example.org jo@example.com ann@example.net
    """
    scheme = schemes((domain,), verp_template, verp_secret_file)[0]
    for address in addresses:
        click.echo(scheme.encode(address))


@command.command("decode")
@click.option("--domain", required=True, help="The bounce domain.")
@verp_options
@click.argument("addresses", nargs=-1, required=True)
@_errors
def decode(
    domain: str, verp_template: str | None, verp_secret_file: Path | None, addresses: tuple[str, ...]
) -> None:
    """Print what each bounce ADDRESS says, as JSON: the original recipient, the tag's state.

    \b
    Example:
        bouncekit verp decode --domain bounces.example.org bounces+jo=example.com@bounces.example.org
    """
    scheme = schemes((domain,), verp_template, verp_secret_file)[0]
    for address in addresses:
        click.echo(json.dumps(scheme.decode(address).to_dict(), sort_keys=True))
