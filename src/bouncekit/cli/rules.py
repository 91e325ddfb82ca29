"""``bouncekit rules``: the classification rules, in precedence order."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import click

from bouncekit.classifier import RuleSet, default_rules
from bouncekit.cli.output import Column, exit_quietly_on_closed_pipe, format_option, open_writer
from bouncekit.model import Reason

COLUMNS = ("id", "kind", "provider", "reason", "class", "class_name", "type", "pattern", "sample",
           "source")
TABLE = (
    Column("id", "ID", 28),
    Column("reason", "REASON", 21),
    Column("class", "CLASS", 5),
    Column("type", "TYPE", 12),
    Column("pattern", "PATTERN", 40),
    Column("sample", "SAMPLE"),
)


@click.command("rules")
@format_option
@exit_quietly_on_closed_pipe
def command(fmt: str | None) -> None:
    """List the classification rules in the order they are tried.

    First the text rules of mailbox providers (kind "provider", used when the
    remote host belongs to the provider, or whatever the host for a rule that
    matches the provider's own codes), then the general text rules (kind
    "text"), then the enhanced status code table (kind "status", e.g.
    "status:X.2.2") and the reply code table (kind "reply", e.g. "reply:552"). The
    first rule that matches decides; its id is the "rule" of a record. Patterns are
    regular expressions over the reply in lower case with spaces collapsed.

    \b
    Example:
        bouncekit rules --format csv > rules.csv
    """
    writer = open_writer(fmt, columns=COLUMNS, table=TABLE)
    for row in rule_rows(default_rules()):
        writer.write(row)
    writer.finish()


def rule_rows(rules: RuleSet) -> Iterator[dict[str, Any]]:
    """One row per rule of ``rules``, in precedence order."""
    for rule in rules.rules:
        yield _row(rule.id, "provider" if rule.provider else "text", rule.provider, rule.reason,
                   rule.pattern.pattern, rule.samples[0] if rule.samples else None, rule.source)
    for kind, table in (("status", rules.status_table), ("reply", rules.reply_table)):
        for code, reason in table.items():
            yield _row(f"{kind}:{code}", kind, None, reason, code, None, f"rules/{kind}.toml")


def _row(rule_id: str, kind: str, provider: str | None, reason: Reason, pattern: str,
         sample: str | None, source: str) -> dict[str, Any]:
    cls = reason.default_class
    return {
        "id": rule_id, "kind": kind, "provider": provider, "reason": str(reason),
        "class": int(cls), "class_name": cls.label, "type": str(cls.type),
        "pattern": pattern, "sample": sample, "source": source,
    }
