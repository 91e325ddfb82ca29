"""``bouncekit fetch``: decode the bounces of an IMAP mailbox, and file them away."""

from __future__ import annotations

import json
import os
import ssl
import sys

import click

from bouncekit.api import parse
from bouncekit.classifier import RuleSet
from bouncekit.cli.output import (
    Summary,
    exit_quietly_on_closed_pipe,
    fail,
    format_option,
    open_writer,
    resolve_format,
)
from bouncekit.cli.ruleset import rules_option
from bouncekit.errors import BounceError
from bouncekit.imap import BATCH_SIZE, ImapError, ImapUrl, Mailbox, parse_url
from bouncekit.queue.settings import QueueError
from bouncekit.sources import RawMessage

#: The environment variable the password is read from.
PASSWORD_VARIABLE = "BOUNCEKIT_IMAP_PASSWORD"


@click.command("fetch")
@click.argument("url", metavar="URL")
@format_option
@click.option("--summary", is_flag=True,
              help="After the records, print counts by class, type, event and recipient "
                   "domain, and how many messages were not bounces.")
@click.option("--move-to", metavar="FOLDER",
              help="Move each decoded bounce to FOLDER (created if missing) after its "
                   "records are written.")
@click.option("--delete", is_flag=True,
              help="Delete each decoded bounce after its records are written.")
@click.option("--batch-size", type=click.IntRange(min=1), default=BATCH_SIZE, show_default=True,
              help="Messages fetched per IMAP command.")
@click.option("--limit", type=click.IntRange(min=1), default=None,
              help="Read at most this many messages (the oldest first).")
@click.option("--starttls", is_flag=True, help="Upgrade an imap:// connection with STARTTLS.")
@click.option("--cafile", type=click.Path(exists=True, dir_okay=False),
              help="Trust the server certificate(s) in this PEM file instead of the system's.")
@click.option("--insecure", is_flag=True,
              help="Do not verify the server's certificate (testing only).")
@click.option("--enqueue", is_flag=True,
              help="Put every message on the queue (BOUNCEKIT_BROKER_URL) for `bouncekit worker` "
                   "to store, instead of printing records.")
@rules_option
@exit_quietly_on_closed_pipe
def command(url: str, fmt: str | None, summary: bool, move_to: str | None, delete: bool,
            batch_size: int, limit: int | None, starttls: bool, cafile: str | None,
            insecure: bool, enqueue: bool, rules: RuleSet | None) -> None:
    """Read the messages of an IMAP folder and print one record per failed recipient.

    URL is imap://USER@HOST[:PORT]/FOLDER or imaps://... (TLS; the folder
    defaults to INBOX; percent-encode an @ in the user name as %40). The
    password comes from the BOUNCEKIT_IMAP_PASSWORD environment variable, or a
    prompt on a terminal; never from the command line. Messages are fetched
    without marking them read.

    With --move-to FOLDER or --delete, each bounce is filed away only once its
    records have been written. A message that cannot be decoded gets one line on
    stderr and stays where it is; so do messages that are not bounces (counted
    by --summary). Each record's "source" is the message's IMAP URL
    (.../FOLDER/;UID=N). Exit status: 0 when every message was read, 1 when some
    failed or the server could not be used, 2 for usage errors.

    With --enqueue nothing is decoded here: every message goes to the queue, and
    --move-to or --delete files it away once the broker has confirmed it (the
    workers store each message once; one that is no bounce is kept as a message
    without records, as `bouncekit ingest` does). The summary counts what was queued.

    \b
    Example:
        BOUNCEKIT_IMAP_PASSWORD=... bouncekit fetch imaps://bounces@mail.example.com/INBOX --move-to Processed
    """
    if move_to and delete:
        raise click.UsageError("use either --move-to or --delete, not both")
    try:
        mailbox_url = parse_url(url)
    except ImapError as exc:
        raise click.BadParameter(str(exc), param_hint="URL") from None
    password = _password(mailbox_url)
    if not mailbox_url.secure and not starttls and not mailbox_url.is_loopback:
        click.echo(f"bouncekit: warning: {mailbox_url}: the password is sent unencrypted "
                   "(use imaps:// or --starttls)", err=True)
    context = ssl.create_default_context(cafile=cafile)
    if insecure:
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
    if enqueue:
        _enqueue(mailbox_url, password, context, starttls=starttls, move_to=move_to, delete=delete,
                 batch_size=batch_size, limit=limit, fmt=fmt)
        return
    writer = open_writer(fmt)
    counts = Summary()
    try:
        with Mailbox(mailbox_url, password, ssl_context=context, starttls=starttls,
                     readonly=not (move_to or delete)) as box:
            if move_to:
                box.ensure_folder(move_to)
            uids = box.uids()[:limit]
            for batch in box.batches(uids, batch_size):
                done = []
                for message in batch:
                    where = mailbox_url.message(message.uid)
                    try:
                        report = parse(message.data, rules=rules)
                    except BounceError as exc:
                        fail(where, str(exc))
                        counts.add_failure()
                        continue
                    rows = [record.to_dict() for record in report.records]
                    counts.add_message(rows)
                    for row in rows:
                        row["source"] = where
                        writer.write(row)
                    if rows:
                        done.append(message.uid)
                # Written out before anything is filed away: a crash, a full disk or a
                # closed pipe loses no record (the command stops before moving).
                writer.flush()
                if move_to:
                    box.move(done, move_to)
                elif delete:
                    box.delete(done)
    except ImapError as exc:
        writer.finish()
        fail(str(mailbox_url), str(exc).removeprefix(f"{mailbox_url}: "))
        sys.exit(1)
    writer.finish()
    if summary:
        counts.write(writer.fmt)
    if counts.failed:
        sys.exit(1)


def _enqueue(mailbox_url: ImapUrl, password: str, context: ssl.SSLContext, *, starttls: bool,
             move_to: str | None, delete: bool, batch_size: int, limit: int | None, fmt: str | None) -> None:
    """Put every message of the folder on the queue; file each away once the broker has it."""
    from bouncekit.queue import NotQueued, Producer

    queued = failed = 0
    try:
        with Producer() as producer, Mailbox(mailbox_url, password, ssl_context=context, starttls=starttls,
                                             readonly=not (move_to or delete)) as box:
            if move_to:
                box.ensure_folder(move_to)
            uids = box.uids()[:limit]
            for batch in box.batches(uids, batch_size):
                done = []
                # A batch goes in as few tasks as the task limits allow, in order.
                read = [RawMessage(mailbox_url.message(message.uid), None, message.data) for message in batch]
                for message, outcome in zip(batch, producer.enqueue_many(read), strict=True):
                    if isinstance(outcome, NotQueued):
                        fail(outcome.source, outcome.error.removeprefix(f"{outcome.source}: "))
                        failed += 1
                        continue
                    queued += 1
                    done.append(message.uid)
                if move_to:
                    box.move(done, move_to)
                elif delete:
                    box.delete(done)
    except (ImapError, QueueError) as exc:
        fail(str(mailbox_url), str(exc).removeprefix(f"{mailbox_url}: "))
        sys.exit(1)
    if resolve_format(fmt) == "json":
        click.echo(json.dumps({"summary": {"messages": queued + failed, "queued": queued, "failed": failed}}))
    else:
        click.echo(f"{queued + failed} messages: {queued} queued, {failed} failed")
    if failed:
        sys.exit(1)


def _password(url: ImapUrl) -> str:
    password = os.environ.get(PASSWORD_VARIABLE)
    if password:
        return password
    if not sys.stdin.isatty():
        raise click.UsageError(f"no password: set {PASSWORD_VARIABLE} (or run on a terminal to be asked)")
    return click.prompt(f"IMAP password for {url.user}@{url.host}", hide_input=True, err=True)
