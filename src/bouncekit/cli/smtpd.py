"""``bouncekit smtpd``: the mail server of the bounce domain, storing what it receives."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

import click
import platformdirs

from bouncekit.cli.database import open_store
from bouncekit.cli.ruleset import rules_option
from bouncekit.cli.verp import schemes, verp_options
from bouncekit.errors import BounceError

if TYPE_CHECKING:
    from bouncekit.classifier import RuleSet
    from bouncekit.receive.handoff import MessageHandoff, QueueHandoff
    from bouncekit.receive.smtpd import SmtpdConfig
    from bouncekit.verp import Verp


def _listen(value: str) -> tuple[str, int]:
    host, colon, port = value.rpartition(":")
    if not colon or not port.isdigit() or not 0 <= int(port) <= 65535:
        raise click.BadParameter(f"expected HOST:PORT, not {value!r}", param_hint="--listen")
    return host.strip("[]") or "0.0.0.0", int(port)


@click.command("smtpd")
@click.option(
    "--listen",
    default="0.0.0.0:25",
    show_default=True,
    metavar="HOST:PORT",
    help="Address and port to listen on.",
)
@click.option(
    "--domain",
    "domains",
    multiple=True,
    required=True,
    help="A bounce domain to accept mail for (repeat for several); any other gets 550 5.7.1.",
)
@click.option(
    "--spool",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Spool folder: messages are durable there before 250 [default: in the user data directory].",
)
@click.option("--hostname", default=None, help="Name in the greeting [default: this host's name].")
@click.option(
    "--max-size",
    default=None,
    type=click.IntRange(1),
    metavar="BYTES",
    help="Largest message (552 5.3.4 above) [default: 10485760].",
)
@click.option(
    "--max-connections",
    default=None,
    type=click.IntRange(1),
    help="Most simultaneous connections (421 above) [default: 200].",
)
@click.option(
    "--max-line",
    default=None,
    type=click.IntRange(80),
    metavar="BYTES",
    help="Longest message line with its CRLF (500 5.5.2 above) [default: 8192].",
)
@click.option(
    "--max-recipients",
    default=None,
    type=click.IntRange(1),
    help="Most recipients of one message (452 4.5.3 above) [default: 100].",
)
@click.option(
    "--timeout",
    default=None,
    type=click.FloatRange(1),
    metavar="SECONDS",
    help="Close a connection silent for this long [default: 300].",
)
@click.option(
    "--tls-cert",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Certificate (PEM) for STARTTLS; with --tls-key.",
)
@click.option(
    "--tls-key",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Private key (PEM) for STARTTLS.",
)
@click.option(
    "--check-helo",
    is_flag=True,
    help="Refuse HELO/EHLO names that are not a FQDN or an "
    "address literal (off by default: bounces come from everywhere).",
)
@verp_options
@click.option(
    "--enqueue",
    is_flag=True,
    help="Put each message on the queue of `bouncekit worker` (BOUNCEKIT_BROKER_URL) instead of "
    "storing it: 250 once the broker confirmed it, 451 while the broker does not answer.",
)
@click.option(
    "--retry-failed", is_flag=True, help="First put the messages of the spool's failed/ folder back in line."
)
@click.option(
    "--list-failed", is_flag=True, help="List the messages in the spool's failed/ folder, why, and exit."
)
@rules_option
@click.pass_context
def command(
    ctx: click.Context,
    listen: str,
    domains: tuple[str, ...],
    spool: Path | None,
    hostname: str | None,
    max_size: int | None,
    max_connections: int | None,
    max_line: int | None,
    max_recipients: int | None,
    timeout: float | None,
    tls_cert: Path | None,
    tls_key: Path | None,
    check_helo: bool,
    verp_template: str | None,
    verp_secret_file: Path | None,
    enqueue: bool,
    retry_failed: bool,
    list_failed: bool,
    rules: RuleSet | None,
) -> None:
    """Receive bounces as the MX of the bounce domains and store them (records, policy, VERP).

    Each message is written to the spool and fsync'ed before the server answers 250; the
    store takes it from there (what a crash leaves in the spool is stored on the next
    start). A message that cannot be decoded is kept in the spool's failed/ folder.
    Envelope recipients in VERP form (`bouncekit verp`) give the bounce's original
    recipient; with a VERP secret, a bounce whose tag is missing or wrong is stored but
    suppresses nothing. With --enqueue each message goes to the queue instead, with
    what its envelope says, and is answered 250 once the broker confirmed it (451 while
    the broker does not answer: the sender tries again); `bouncekit worker` stores it
    (give it the same --rules).
    Stop with SIGTERM or Ctrl-C.

    \b
    Example:
        bouncekit smtpd --listen 0.0.0.0:25 --domain bounces.example.org --tls-cert cert.pem --tls-key key.pem
    """
    from bouncekit.receive.handoff import store_messages
    from bouncekit.receive.smtpd import SmtpdConfig, serve
    from bouncekit.receive.spool import Spool

    host, port = _listen(listen)
    folder = spool or Path(platformdirs.user_data_dir("bouncekit", appauthor=False)) / "spool"
    limits = {
        name: value
        for name, value in (
            ("max_message_size", max_size),
            ("max_connections", max_connections),
            ("max_line", max_line),
            ("max_recipients", max_recipients),
            ("idle_timeout", timeout),
        )
        if value is not None
    }
    try:
        config = SmtpdConfig(
            domains,
            folder,
            host,
            port,
            hostname,
            tls_cert=tls_cert,
            tls_key=tls_key,
            check_helo=check_helo,
            **limits,
        )
        config.tls_context()
        kept = Spool(folder)
        if list_failed:
            for failed in kept.failed():
                click.echo(f"{failed.path}\t{failed.error}")
            return
        if retry_failed:
            click.echo(f"bouncekit smtpd: {kept.retry_failed()} failed messages put back in line", err=True)
    except BounceError as exc:
        raise click.ClickException(str(exc)) from None
    verp = schemes(domains, verp_template, verp_secret_file)
    logging.basicConfig(level=logging.WARNING, format="bouncekit smtpd: %(levelname)s %(message)s")
    queue: QueueHandoff | None = None
    handoff: MessageHandoff
    if enqueue:
        queue = handoff = _queue(config, verp)
        where = f"queue {queue.producer.settings.queue} at {queue.producer.settings.safe_broker_url}"
    else:
        store = open_store(ctx, create=True, rules=rules)
        handoff = partial(store_messages, store, verp)
        where = f"database {store.url}"

    def ready(bound_host: str, bound_port: int) -> None:
        click.echo(
            f"bouncekit smtpd: listening on {bound_host}:{bound_port} for {', '.join(domains)}; "
            f"spool {folder}; {where}",
            err=True,
        )

    try:
        serve(config, handoff, ready=ready, queue=queue)
    except OSError as exc:
        raise click.ClickException(f"cannot listen on {listen}: {exc.strerror or exc}") from None
    finally:
        if queue is not None:
            queue.producer.close()


def _queue(config: SmtpdConfig, verp: Sequence[Verp]) -> QueueHandoff:
    """The hand-off to the queue the environment names; a broker that does not answer
    yet is only a warning (messages get 451 until it does)."""
    from bouncekit.queue import Producer, QueueError
    from bouncekit.receive.handoff import QueueHandoff

    try:
        producer = Producer()
    except QueueError as exc:
        raise click.ClickException(str(exc)) from None
    limit = producer.settings.max_message
    if config.max_message_size > limit:
        producer.close()
        raise click.ClickException(
            f"--max-size {config.max_message_size} is over the queue's limit of {limit} bytes "
            "(BOUNCEKIT_QUEUE_MAX_MESSAGE): lower it, or raise the queue's"
        )
    try:
        producer.declare()
    except QueueError as exc:
        click.echo(f"bouncekit smtpd: {exc}; messages are answered 451 until it answers", err=True)
    return QueueHandoff(producer, verp)
