"""``bouncekit parse``: decode the bounces in files, folders, Maildirs, mboxes or stdin."""

from __future__ import annotations

import functools
import sys
from dataclasses import dataclass

import click

from bouncekit.batch import Parsed, map_parsed
from bouncekit.classifier import RuleSet
from bouncekit.cli.output import (
    LineFormat,
    Progress,
    Summary,
    SummaryKey,
    exit_quietly_on_closed_pipe,
    fail,
    format_option,
    open_writer,
    summary_key,
)
from bouncekit.cli.ruleset import rules_option
from bouncekit.sources import empty_folders, input_bytes, iter_messages


@dataclass(frozen=True, slots=True)
class Formatted:
    """One message's output, made where it was parsed: its lines and what --summary counts.

    With --jobs, workers send this back instead of the whole report: a few strings
    cost the main process far less to receive than a tree of records.
    """

    where: str
    size: int
    error: str | None
    lines: tuple[str, ...] = ()
    keys: tuple[SummaryKey, ...] = ()


def format_parsed(line_format: LineFormat, parsed: Parsed) -> Formatted:
    """The output lines and summary keys of one parsed message."""
    if parsed.report is None:
        return Formatted(parsed.where, parsed.size, parsed.error or "could not be read")
    rows = [record.to_dict() for record in parsed.report.records]
    for row in rows:
        row["source"] = parsed.source
    return Formatted(parsed.where, parsed.size, None, tuple(line_format.line(row) for row in rows),
                     tuple(summary_key(row) for row in rows))


@click.command("parse")
@click.argument("paths", nargs=-1, required=True, metavar="PATH...")
@format_option
@click.option("--summary", is_flag=True,
              help="After the records, print counts by class, type, event and recipient "
                   "domain, and how many messages were not bounces.")
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=1, show_default=True,
              help="Decode in this many worker processes (the output order is kept).")
@rules_option
@exit_quietly_on_closed_pipe
def command(paths: tuple[str, ...], fmt: str | None, summary: bool, jobs: int, rules: RuleSet | None) -> None:
    """Decode bounces and print one record per recipient.

    Each PATH is a message file, a folder of message files (sub-folders included,
    hidden files skipped), a Maildir (cur/ then new/; its Maildir++ sub-folders
    such as .Processed are read only when named: ~/Maildir/.Processed), an mbox
    file (recognised by its content: a first line such as "From MAILER-DAEMON
    Thu Sep 18 17:54:04 2008"), or - for standard input (one message or an mbox
    stream). Files may be gzip-compressed.

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
    for folder in empty_folders(paths):
        fail(folder, "no messages in this folder")
    writer = open_writer(fmt)
    counts = Summary()
    progress = Progress(input_bytes(paths) if sys.stderr.isatty() else None)
    same_terminal = progress.enabled and sys.stdout.isatty()
    render = functools.partial(format_parsed, writer.line_format)
    for done in map_parsed(iter_messages(paths), render, jobs=jobs, rules=rules):
        progress.advance(done.size)
        if done.error is not None:
            progress.clear()
            fail(done.where, done.error)
            counts.add_failure()
            continue
        counts.add_keys(done.keys)
        if same_terminal and done.lines:
            progress.clear()
        for line in done.lines:
            writer.write_line(line)
    progress.clear()
    writer.finish()
    if summary:
        counts.write(writer.fmt)
    if counts.failed:
        sys.exit(1)
