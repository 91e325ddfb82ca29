"""``bouncekit rules``: the classification rules in precedence order; test a rules file;
explain how a reply is classified."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from typing import Any

import click

from bouncekit.classifier import RuleSet, default_rules
from bouncekit.cli.output import Column, exit_quietly_on_closed_pipe, format_option, open_writer
from bouncekit.cli.ruleset import load_or_exit, rules_option
from bouncekit.model import Reason
from bouncekit.rulefile import check_samples, explain, file_rule_ids

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


@click.group("rules", invoke_without_command=True)
@format_option
@rules_option
@click.pass_context
@exit_quietly_on_closed_pipe
def command(ctx: click.Context, fmt: str | None, rules: RuleSet | None) -> None:
    """List the classification rules in the order they are tried.

    First the text rules of mailbox providers (kind "provider", used when the
    remote host belongs to the provider, or whatever the host for a rule that
    matches the provider's own codes), then the general text rules (kind
    "text"), then the enhanced status code table (kind "status", e.g.
    "status:X.2.2") and the reply code table (kind "reply", e.g. "reply:552"). The
    first rule that matches decides; its id is the "rule" of a record. Patterns are
    regular expressions over the reply in lower case with spaces collapsed. With
    --rules FILE, the list is the built-in rules with the file's merged in.

    \b
    Example:
        bouncekit rules --format csv > rules.csv
    """
    if ctx.invoked_subcommand is not None:
        return
    writer = open_writer(fmt, columns=COLUMNS, table=TABLE)
    for row in rule_rows(rules or default_rules()):
        writer.write(row)
    writer.finish()


@command.command("test")
@click.argument("path", metavar="FILE", type=click.Path(dir_okay=False))
def test_command(path: str) -> None:
    """Check a rules file of your own: load it, then classify every sample of its rules.

    Loading checks the file (TOML, keys, regular expressions that cannot backtrack
    badly, reasons, that each rule's pattern matches its own samples, unique ids,
    before/after naming a rule) and names file, line and problem of each mistake
    (exit status 2). Then each sample is classified with the built-in rules plus
    the file's: a sample that another rule decides first is a failure (exit 1).

    \b
    Example:
        bouncekit rules test my-rules.toml
    """
    rules = load_or_exit(path)
    assert rules is not None
    checks = check_samples(rules, file_rule_ids(path))
    for check in checks:
        mark = "ok  " if check.ok else "FAIL"
        detail = "" if check.ok else f" (decided by {check.decided_by})"
        click.echo(f"{mark} {check.rule}: {check.sample}{detail}")
    failed = sum(not c.ok for c in checks)
    click.echo(f"{len(checks)} samples: {len(checks) - failed} decided by their rule, {failed} not")
    if failed:
        sys.exit(1)


@command.command("explain")
@click.argument("text")
@click.option("--remote-mta", metavar="HOST", help="The host that gave the reply (selects its provider).")
@click.option("--recipient", metavar="ADDRESS", help="The recipient (its domain can select a provider).")
@click.option("--status", metavar="X.Y.Z", help="An enhanced status code given apart from the text.")
@rules_option
def explain_command(text: str, remote_mta: str | None, recipient: str | None, status: str | None,
                    rules: RuleSet | None) -> None:
    """Show how TEXT is classified: the codes and provider seen, every candidate rule
    (a rule whose literal words occur in the text), which matched, and which decided.

    \b
    Example:
        bouncekit rules explain "550 5.7.1 No such user! 1683454980-0NPfrE8P9Cg0-eRlBSO3h"
    """
    if not text.strip():
        raise click.BadParameter("give the reply text to explain", param_hint="TEXT")
    found = explain(rules or default_rules(), text, status=status, remote_mta=remote_mta,
                    recipient=recipient)
    result = found.classification
    click.echo(f"text:        {found.normalized}")
    click.echo(f"status:      {found.status or '-'}")
    click.echo(f"reply code:  {found.reply_code or '-'}")
    click.echo(f"provider:    {found.provider or '- (general rules only)'}")
    click.echo("candidates:" if found.candidates else "candidates:  none (no rule's words occur in the text)")
    for candidate in found.candidates:
        scope = f" [{candidate.provider}]" if candidate.provider else ""
        matched = f": {candidate.matched!r}" if candidate.matched else ""
        click.echo(f"  {candidate.rule}{scope} ({candidate.reason}) {candidate.outcome}{matched}")
    click.echo(f"decided:     {result.rule} -> class {int(result.bounce_class)} {result.bounce_class.label} "
               f"({result.type}, {result.reason}), basis {result.basis}")
    click.echo(f"why:         {found.why}")


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
