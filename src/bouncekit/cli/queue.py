"""``bouncekit queue``: the work queue's depth and its dead letters."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

import click

from bouncekit.errors import BounceError

if TYPE_CHECKING:
    from bouncekit.queue.dead import DeadAction, DeadLetters


@contextmanager
def _dead_letters() -> Iterator[DeadLetters]:
    from bouncekit.queue import Producer
    from bouncekit.queue.dead import DeadLetters

    try:
        producer = Producer()
    except BounceError as exc:
        raise click.ClickException(str(exc)) from None
    try:
        yield DeadLetters(producer)
    except BounceError as exc:
        raise click.ClickException(str(exc)) from None
    finally:
        producer.close()


@click.group("queue")
def command() -> None:
    """The work queue of `bouncekit worker` (BOUNCEKIT_BROKER_URL, BOUNCEKIT_QUEUE).

    \b
    Example:
        bouncekit queue dead list
    """


@command.command("status")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
def status(fmt: str) -> None:
    """Messages waiting in the work queue and in the dead-letter queue.

    \b
    Example:
        bouncekit queue status
    """
    with _dead_letters() as dead:
        depths = dead.producer.depths()
    for queue, ready in depths:
        if fmt == "json":
            click.echo(json.dumps({"queue": queue, "ready": ready}))
        else:
            click.echo(f"{queue:<40} {ready} ready")


@command.group("dead")
def dead() -> None:
    """The dead-letter queue: messages that could not be read or failed too often.

    \b
    Example:
        bouncekit queue dead list --format json
    """


@dead.command("list")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@click.option("--limit", type=click.IntRange(1, 100_000), default=1000, show_default=True,
              help="Look at this many dead letters at most.")
def list_dead(fmt: str, limit: int) -> None:
    """List the dead letters, oldest first (the queue is left as it was).

    Each line gives the entry's id (the message hash, or the task id), its kind
    (message, task or unreadable), the failed attempts, the sources and why it failed.

    \b
    Example:
        bouncekit queue dead list
    """
    with _dead_letters() as letters:
        entries = letters.list(limit=limit)
    for entry in entries:
        if fmt == "json":
            click.echo(json.dumps(entry.to_dict(), sort_keys=True))
        else:
            sources = ", ".join(entry.sources) or "-"
            error = entry.error.removeprefix(f"{sources}: ")
            click.echo(f"{entry.id[:16]} {entry.kind:<10} {entry.attempts:>2}  {sources}: {error}")
    if fmt == "table":
        click.echo(f"{len(entries)} dead letters")


def _report(action: DeadAction, verb: str) -> None:
    for entry in action.done:
        click.echo(f"{verb} {entry.id[:16]} ({', '.join(entry.sources) or entry.kind})")
    for entry, problem in action.refused:
        click.echo(f"bouncekit: {entry.id[:16]}: {problem}", err=True)
    for ident in action.unknown:
        click.echo(f"bouncekit: {ident}: no such dead letter", err=True)
    click.echo(f"{len(action.done)} {verb}")
    if action.refused or action.unknown:
        sys.exit(1)


def _ids(ids: tuple[str, ...], everything: bool) -> list[str] | None:
    if everything == bool(ids):
        raise click.UsageError("name the dead letters by id, or give --all")
    return None if everything else list(ids)


@dead.command("retry")
@click.argument("ids", nargs=-1, metavar="ID...")
@click.option("--all", "everything", is_flag=True, help="Retry every dead letter.")
def retry(ids: tuple[str, ...], everything: bool) -> None:
    """Put dead letters back on the work queue (their attempts counted afresh).

    ID is an id from `list`, or 8 or more of its first characters.

    \b
    Example:
        bouncekit queue dead retry 0729f3d25ced712c
    """
    with _dead_letters() as letters:
        _report(letters.retry(_ids(ids, everything)), "retried")


@dead.command("drop")
@click.argument("ids", nargs=-1, metavar="ID...")
@click.option("--all", "everything", is_flag=True, help="Drop every dead letter.")
def drop(ids: tuple[str, ...], everything: bool) -> None:
    """Remove dead letters for good.

    \b
    Example:
        bouncekit queue dead drop 0729f3d25ced712c
    """
    with _dead_letters() as letters:
        _report(letters.drop(_ids(ids, everything)), "dropped")
