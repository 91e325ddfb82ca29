"""``bouncekit ingest``: store bounces, apply the suppression policy, print what changed."""

from __future__ import annotations

import json
import sys
from typing import Any

import click

from bouncekit.classifier import RuleSet
from bouncekit.cli.database import open_store, require_server, store_errors
from bouncekit.cli.output import (
    Column,
    Progress,
    Writer,
    exit_quietly_on_closed_pipe,
    fail,
    open_writer,
    resolve_format,
)
from bouncekit.cli.ruleset import rules_option


@click.command("ingest")
@click.argument("paths", nargs=-1, required=True, metavar="PATH...")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default=None,
              help="Output format [default: table on a terminal, json otherwise].")
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=1, show_default=True,
              help="Decode in this many worker processes while this one writes.")
@click.option("--batch-size", type=click.IntRange(1, 10_000), default=200, show_default=True,
              help="Messages per database transaction.")
@click.option("--alerts/--no-alerts", default=True, show_default=True,
              help="Also print what the policy reports (blocks per sender, failing domains).")
@click.option("--enqueue", is_flag=True,
              help="Put the messages on the queue (BOUNCEKIT_BROKER_URL) for `bouncekit worker` "
                   "to store, instead of storing them here.")
@rules_option
@click.pass_context
@exit_quietly_on_closed_pipe
@store_errors
def command(ctx: click.Context, paths: tuple[str, ...], fmt: str | None, jobs: int,
            batch_size: int, alerts: bool, enqueue: bool, rules: RuleSet | None) -> None:
    """Store the bounces of PATH... and apply the suppression policy.

    PATH is what `bouncekit parse` reads: message files, folders, Maildirs, mboxes,
    or - for standard input. Each message is stored once (a message stored before is
    recognised by its hash and changes nothing), with all its records, in one
    transaction; an interrupted run can simply be run again.

    Prints what changed: each newly suppressed address (with the rule and reason),
    each alert of the policy, then a summary. A message that cannot be read gives
    one line on stderr and the rest goes on (exit status 1).

    With --enqueue the messages go to the queue instead, up to 100 per task, and the
    summary counts what was queued (a message over 15 MiB, BOUNCEKIT_QUEUE_MAX_MESSAGE,
    is refused: ingest it without --enqueue). Queuing the same messages again is
    harmless: the workers store each message once.

    \b
    Example:
        bouncekit --database sqlite:///bounces.db ingest /var/mail/bounces --jobs 2
    """
    require_server("ingest")
    from bouncekit.sources import empty_folders, iter_messages
    from bouncekit.store import IngestFailure

    if enqueue:
        _enqueue(paths, resolve_format(fmt))
        return
    store = open_store(ctx, create=True, rules=rules)
    for folder in empty_folders(paths):
        fail(folder, "no messages in this folder")
    fmt = resolve_format(fmt)
    changes_out = open_writer(fmt, columns=CHANGE_COLUMNS, table=CHANGE_TABLE)
    totals = {"messages": 0, "stored": 0, "duplicates": 0, "failed": 0, "records": 0,
              "suppressed": 0, "alerts": 0}
    progress = Progress(None)
    for result in store.ingest_many(iter_messages(paths), batch_size=batch_size, jobs=jobs):
        progress.advance(0)
        totals["messages"] += 1
        if isinstance(result, IngestFailure):
            progress.clear()
            fail(result.source, result.error.removeprefix(f"{result.source}: "))
            totals["failed"] += 1
            continue
        if result.duplicate:
            totals["duplicates"] += 1
            continue
        totals["stored"] += 1
        totals["records"] += len(result.records)
        totals["suppressed"] += len(result.suppressed)
        totals["alerts"] += len(result.alerts)
        changes: list[dict[str, Any]] = [
            {"change": "suppressed", "address": s.address, "rule": s.rule, "reason": s.reason,
             "source": result.source}
            for s in result.suppressed
        ]
        if alerts:
            changes += [{"change": "alert", **a.to_dict(), "source": result.source} for a in result.alerts]
        if changes:
            progress.clear()
        for change in changes:
            _write(changes_out, change)
    progress.clear()
    if fmt == "json":
        click.echo(json.dumps({"summary": totals}, sort_keys=True))
    else:
        click.echo(
            f"{totals['messages']} messages: {totals['stored']} stored ({totals['records']} records), "
            f"{totals['duplicates']} already stored, {totals['failed']} failed; "
            f"{totals['suppressed']} addresses newly suppressed, {totals['alerts']} alerts"
        )
    if totals["failed"]:
        sys.exit(1)


def _enqueue(paths: tuple[str, ...], fmt: str) -> None:
    """Put the messages of ``paths`` on the queue; one line per failure, then a summary."""
    from bouncekit.queue import NotQueued, Producer
    from bouncekit.sources import iter_messages

    totals = {"messages": 0, "queued": 0, "failed": 0, "bytes": 0}
    with Producer() as producer:
        for outcome in producer.enqueue_many(iter_messages(paths)):
            totals["messages"] += 1
            if isinstance(outcome, NotQueued):
                fail(outcome.source, outcome.error.removeprefix(f"{outcome.source}: "))
                totals["failed"] += 1
                continue
            totals["queued"] += 1
            totals["bytes"] += outcome.size
    if fmt == "json":
        click.echo(json.dumps({"summary": totals}, sort_keys=True))
    else:
        click.echo(f"{totals['messages']} messages: {totals['queued']} queued ({totals['bytes']} bytes), "
                   f"{totals['failed']} failed")
    if totals["failed"]:
        sys.exit(1)


#: The table of changes: a suppression (address, policy rule, reason) or an alert (its kind
#: and subject, its message), in fixed columns that cut long values instead of shifting.
CHANGE_COLUMNS = ("change", "what", "rule", "detail")
CHANGE_TABLE = (
    Column("change", "CHANGE", 10),
    Column("what", "ADDRESS OR SUBJECT", 40),
    Column("rule", "RULE", 10),
    Column("detail", "REASON"),
)


def _write(writer: Writer, change: dict[str, Any]) -> None:
    if writer.fmt == "json":
        writer.write_line(json.dumps(change, sort_keys=True))
    elif change["change"] == "suppressed":
        writer.write({"change": "suppressed", "what": change["address"], "rule": change["rule"],
                      "detail": change["reason"]})
    else:
        writer.write({"change": "alert", "what": change["subject"], "rule": change["kind"],
                      "detail": change["message"]})
