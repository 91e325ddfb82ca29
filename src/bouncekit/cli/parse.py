"""``bouncekit parse``: decode the bounces in files, folders, Maildirs, mboxes or stdin."""

from __future__ import annotations

import sys

import click

from bouncekit.batch import parse_messages
from bouncekit.cli.output import (
    Progress,
    Summary,
    exit_quietly_on_closed_pipe,
    fail,
    format_option,
    open_writer,
)
from bouncekit.sources import input_bytes, iter_messages


@click.command("parse")
@click.argument("paths", nargs=-1, required=True, metavar="PATH...")
@format_option
@click.option("--summary", is_flag=True,
              help="After the records, print counts by class, type, event and recipient "
                   "domain, and how many messages were not bounces.")
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=1, show_default=True,
              help="Decode in this many worker processes (the output order is kept).")
@exit_quietly_on_closed_pipe
def command(paths: tuple[str, ...], fmt: str | None, summary: bool, jobs: int) -> None:
    """Decode bounces and print one record per recipient.

    Each PATH is a message file, a folder of message files, a Maildir (cur/ and
    new/), an mbox file (recognised by its content: a first line such as
    "From MAILER-DAEMON Thu Sep 18 17:54:04 2008"), or - for standard input (one
    message or an mbox stream). Files may be gzip-compressed.

    Each record carries the TAXONOMY.md keys and its "source": the path, plus #N
    for message N of an mbox. JSON lines have sorted keys; CSV has a header row.
    Messages that are not bounces print nothing and are counted by --summary.

    A message that cannot be read or decoded gives one line on stderr naming the
    file (and mbox message) and the problem; the rest goes on. Exit status: 0 when
    every input was read, 1 when some failed, 2 for usage errors.

    On a terminal, a progress line (rate, ETA) shows on stderr for inputs of more
    than a few hundred messages.

    \b
    Example:
        bouncekit parse bounces.mbox --format csv --summary --jobs 2 > bounces.csv
    """
    writer = open_writer(fmt)
    counts = Summary()
    progress = Progress(input_bytes(paths) if sys.stderr.isatty() else None)
    same_terminal = progress.enabled and sys.stdout.isatty()
    for parsed in parse_messages(iter_messages(paths), jobs=jobs):
        progress.advance(parsed.size)
        if parsed.report is None:
            progress.clear()
            fail(parsed.where, parsed.error or "could not be read")
            counts.add_failure()
            continue
        rows = [record.to_dict() for record in parsed.report.records]
        counts.add_message(rows)
        if same_terminal and rows:
            progress.clear()
        for row in rows:
            row["source"] = parsed.source
            writer.write(row)
    progress.clear()
    writer.finish()
    if summary:
        counts.write(writer.fmt)
    if counts.failed:
        sys.exit(1)
