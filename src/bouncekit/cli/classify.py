"""``bouncekit classify``: classify SMTP replies given as text."""

from __future__ import annotations

import sys
from collections.abc import Iterator

import click

from bouncekit.api import classify
from bouncekit.classifier import RuleSet
from bouncekit.cli.output import (
    Column,
    Writer,
    exit_quietly_on_closed_pipe,
    fail,
    format_option,
    open_writer,
)
from bouncekit.cli.ruleset import rules_option
from bouncekit.errors import BounceError

#: CSV columns of a classification: the reply, then the keys of ``Classification.to_dict``.
COLUMNS = ("text", "class", "class_name", "type", "reason", "rule", "basis", "status", "reply_code")
TABLE = (
    Column("class", "CLASS", 5),
    Column("type", "TYPE", 12),
    Column("reason", "REASON", 21),
    Column("rule", "RULE", 24),
    Column("status", "STATUS", 7),
    Column("text", "REPLY"),
)


@click.command("classify")
@click.argument("text", required=False)
@format_option
@click.option("--remote-mta", metavar="HOST",
              help="The host that gave the reply; selects the rules of its provider.")
@rules_option
@exit_quietly_on_closed_pipe
def command(text: str | None, fmt: str | None, remote_mta: str | None, rules: RuleSet | None) -> None:
    """Classify an SMTP reply or diagnostic text.

    TEXT is one reply (multi-line replies such as "550-5.7.1 ..." may be given
    joined by newlines). Without TEXT, each line of standard input is one reply and
    each gives its record as soon as it is read, so the command can sit in a pipe.
    Empty lines are skipped. Records have the reply as "text" plus class,
    class_name, type, reason, rule, status and reply_code.

    \b
    Example:
        bouncekit classify "550 5.1.1 <jo@example.com>: Recipient address rejected: User unknown"
        tail -f replies.txt | bouncekit classify --format json
    """
    if text is not None and not text.strip():
        raise click.BadParameter("the reply text is empty: give the SMTP reply to classify, "
                                 "or no TEXT to read replies from standard input", param_hint="TEXT")
    writer = open_writer(fmt, columns=COLUMNS, table=TABLE, flush_each=text is None)
    if text is not None:
        _emit(writer, text, remote_mta, rules)
        writer.finish()
        return
    failed = False
    for number, line in enumerate(_lines(), start=1):
        reply = line.rstrip("\r\n")
        if reply.strip():
            failed |= not _emit(writer, reply, remote_mta, rules, where=f"<stdin> line {number}")
    writer.finish()
    if failed:
        sys.exit(1)


def _lines() -> Iterator[str]:
    # readline, not a read of everything: each line is handled as soon as it arrives.
    # Bytes that are not UTF-8 (a log in Latin-1) must not stop the stream.
    stream = sys.stdin.buffer
    while line := stream.readline():
        yield line.decode("utf-8", "replace")


def _emit(writer: Writer, text: str, remote_mta: str | None, rules: RuleSet | None, *,
          where: str = "TEXT") -> bool:
    try:
        row = classify(text, remote_mta=remote_mta, rules=rules).to_dict()
    except BounceError as exc:
        fail(where, str(exc))
        return False
    row["text"] = " ".join(text.split())
    writer.write(row)
    return True
