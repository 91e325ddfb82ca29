"""``bouncekit rules``, driven as a real subprocess."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys

from bouncekit.classifier import default_rules


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "bouncekit", *args], capture_output=True, text=True,
                          timeout=60)


def test_rules_lists_every_rule_in_precedence_order_with_its_class():
    rules = default_rules()
    result = run("rules", "--format", "json")
    assert result.returncode == 0
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    text_rows = [r for r in rows if r["kind"] in ("provider", "text")]
    assert [r["id"] for r in text_rows] == [rule.id for rule in rules.rules]
    assert len(rows) == len(rules.rules) + len(rules.status_table) + len(rules.reply_table)
    assert len({r["id"] for r in rows}) == len(rows)
    for row, rule in zip(text_rows, rules.rules, strict=True):
        assert row["reason"] == str(rule.reason) and row["class"] == int(rule.bounce_class)
        assert row["pattern"] == rule.pattern.pattern and row["sample"] == rule.samples[0]
    status = next(r for r in rows if r["id"] == "status:X.2.2")
    assert (status["kind"], status["class"], status["reason"]) == ("status", 22, "mailbox_full")


def test_rules_in_csv_and_table():
    rows = list(csv.DictReader(io.StringIO(run("rules", "--format", "csv").stdout)))
    assert {"id", "reason", "class", "pattern", "sample"} <= set(rows[0])
    table = run("rules", "--format", "table").stdout.splitlines()
    assert table[0].split()[:3] == ["ID", "REASON", "CLASS"] and len(table) == len(rows) + 1
