"""``bouncekit parse``: decode the bounces in files, folders, Maildirs, mboxes or stdin."""

from __future__ import annotations

import functools
import sys
from dataclasses import dataclass
from typing import TYPE_CHECKING

import click

from bouncekit.batch import Parsed, map_chunks
from bouncekit.cli.output import (
    LineFormat,
    Progress,
    Summary,
    exit_quietly_on_closed_pipe,
    fail,
    format_option,
    open_writer,
    summary_key,
)
from bouncekit.cli.ruleset import rules_option
from bouncekit.sources import empty_folders, input_bytes, iter_messages

if TYPE_CHECKING:
    from bouncekit.classifier import RuleSet


@dataclass(frozen=True, slots=True)
class Formatted:
    """The output of a run of messages, made where they were parsed.

    ``pieces`` are, in input order, output text (whole lines, each ending in a newline)
    and ``(where, problem)`` for each message that failed; ``counts`` is what --summary
    counts of them. With --jobs, workers send one of these back per chunk of messages
    instead of their reports: a few strings cost the main process far less to receive
    than trees of records, and it only has to write them out.
    """

    pieces: tuple[str | tuple[str, str], ...]
    messages: int
    size: int
    counts: Summary


def format_parsed(line_format: LineFormat, outcomes: list[Parsed]) -> Formatted:
    """The output text, failures and summary counts of some parsed messages."""
    pieces: list[str | tuple[str, str]] = []
    lines: list[str] = []
    counts = Summary()
    size = 0
    for parsed in outcomes:
        size += parsed.size
        if parsed.report is None:
            if lines:
                pieces.append("".join(lines))
                lines = []
            pieces.append((parsed.where, parsed.error or "could not be read"))
            counts.add_failure()
            continue
        rows = [record.to_dict() for record in parsed.report.records]
        source = parsed.source
        for row in rows:
            row["source"] = source
            lines.append(line_format.line(row) + "\n")
        counts.add_keys([summary_key(row) for row in rows])
    if lines:
        pieces.append("".join(lines))
    return Formatted(tuple(pieces), len(outcomes), size, counts)


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
    # With workers, this process only splits the input and writes what they send back:
    # the messages of an mbox file go to them as offsets, and they read the bytes.
    messages = iter_messages(paths, lazy=jobs > 1)
    for done in map_chunks(messages, render, jobs=jobs, rules=rules):
        progress.advance(done.size, done.messages)
        counts.merge(done.counts)
        for piece in done.pieces:
            if isinstance(piece, str):
                if same_terminal:
                    progress.clear()
                writer.write_text(piece)
            else:
                progress.clear()
                fail(*piece)
    progress.clear()
    writer.finish()
    if summary:
        counts.write(writer.fmt)
    if counts.failed:
        sys.exit(1)
