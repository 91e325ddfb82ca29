"""``bouncekit rules``, driven as a real subprocess."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys

from bouncekit.classifier import default_rules
from tests.store.conftest import dsn


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


# -- user rules: rules test, rules explain, --rules on the commands that classify -------

OWN_RULES = """\
[[rule]]
id = "cold-storage"
reason = "mailbox_inactive"
pattern = 'mailbox is in cold storage'
samples = ["550 5.2.1 mailbox is in cold storage"]
source = "our MTA"
"""
SHADOWED = OWN_RULES.replace('source = "our MTA"', 'after = "user-unknown"\nsource = "our MTA"').replace(
    'samples = ["550 5.2.1 mailbox is in cold storage"]',
    'samples = ["550 5.2.1 mailbox is in cold storage", "550 user unknown: mailbox is in cold storage"]')


def test_rules_test_runs_every_sample_of_the_file(tmp_path):
    good = tmp_path / "good.toml"
    good.write_text(OWN_RULES)
    result = run("rules", "test", str(good))
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        "ok   cold-storage: 550 5.2.1 mailbox is in cold storage",
        "1 samples: 1 decided by their rule, 0 not",
    ]
    shadowed = tmp_path / "shadowed.toml"
    shadowed.write_text(SHADOWED)
    result = run("rules", "test", str(shadowed))
    assert result.returncode == 1
    assert "FAIL cold-storage: 550 user unknown: mailbox is in cold storage (decided by user-unknown)" \
        in result.stdout


def test_a_bad_rules_file_is_a_usage_error_naming_file_and_line(tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text(OWN_RULES.replace("mailbox_inactive", "frozen"))
    for args in (("rules", "test", str(bad)), ("classify", "--rules", str(bad), "550 x"),
                 ("parse", "--rules", str(bad), "-")):
        result = run(*args)
        assert result.returncode == 2, args
        assert result.stderr.splitlines() == [
            "Error: the rules file does not load:",
            f"{bad}:3: rule 'cold-storage': unknown reason 'frozen' (the reasons are those of TAXONOMY.md, "
            "e.g. user_unknown, mailbox_full, blocklisted)",
        ]
        assert "Traceback" not in result.stderr


def test_rules_explain_shows_the_candidates_and_the_decision():
    result = run("rules", "explain", "550 5.7.1 No such user! mailbox full")
    assert result.returncode == 0
    lines = result.stdout.splitlines()
    assert lines[:4] == ["text:        550 5.7.1 no such user! mailbox full", "status:      5.7.1",
                         "reply code:  550", "provider:    - (general rules only)"]
    assert "  mailbox-full (mailbox_full) decided: 'mailbox full'" in lines
    assert "  user-unknown (user_unknown) matched, but an earlier rule decided: 'no such user'" in lines
    assert "decided:     mailbox-full -> class 22 Mailbox Full (soft, mailbox_full), basis text" in lines
    assert run("rules", "explain", "  ").returncode == 2


def test_the_rules_option_and_environment_reach_every_classifying_command(tmp_path):
    own = tmp_path / "own.toml"
    own.write_text(OWN_RULES)
    text = "550 5.2.1 mailbox is in cold storage, user unknown"
    assert json.loads(run("classify", text).stdout)["rule"] == "user-unknown"
    assert json.loads(run("classify", "--rules", str(own), text).stdout)["rule"] == "cold-storage"
    env_run = subprocess.run([sys.executable, "-m", "bouncekit", "classify", text], capture_output=True,
                             text=True, timeout=60, env={**os.environ, "BOUNCEKIT_RULES": str(own)})
    assert json.loads(env_run.stdout)["rule"] == "cold-storage"
    log = tmp_path / "mail.log"
    log.write_text(
        "Jan 10 12:00:02 mail postfix/smtp[1236]: 4F1A23C0123: to=<jo@example.com>, relay=mx.example.com"
        "[203.0.113.5]:25, delay=1.2, delays=0.1/0.01/0.5/0.6, dsn=5.2.1, status=bounced (host "
        "mx.example.com[203.0.113.5] said: 550 5.2.1 mailbox is in cold storage (in reply to RCPT TO "
        "command))\n")
    assert json.loads(run("logs", "--rules", str(own), str(log)).stdout)["rule"] == "cold-storage"
    listed = [json.loads(line)["id"] for line in run("rules", "--rules", str(own), "--format", "json")
              .stdout.splitlines()]
    assert listed[0] == "cold-storage"
    message = tmp_path / "bounce.eml"
    message.write_bytes(dsn("jo@example.com", "550 5.2.1 mailbox is in cold storage"))
    for jobs in ("1", "2"):
        parsed = run("parse", "--rules", str(own), "--jobs", jobs, str(message), str(message))
        assert [json.loads(line)["rule"] for line in parsed.stdout.splitlines()] == ["cold-storage"] * 2
    database = f"sqlite:///{tmp_path / 'db.sqlite3'}"
    ingested = run("--database", database, "ingest", "--rules", str(own), "--format", "json", str(message))
    assert ingested.returncode == 0, ingested.stderr
    stats = [json.loads(line) for line in run("--database", database, "stats", "--format", "json")
             .stdout.splitlines()]
    assert [(row["key"], row["records"]) for row in stats] == [("20", 1)]
    hook = tmp_path / "postmark.json"
    hook.write_text('{"RecordType": "Bounce", "Type": "HardBounce", "Email": "jo@example.com", '
                    '"Details": "smtp;550 mailbox is in cold storage"}')
    hooked = run("webhooks", "parse", "--rules", str(own), "--format", "json", "postmark", str(hook))
    assert json.loads(hooked.stdout)["rule"] == "cold-storage", hooked.stderr
    for command in ("worker", "smtpd", "serve"):  # commands that store what they classify
        assert "--rules FILE" in run(command, "--help").stdout


def test_the_option_reads_the_variable_the_rules_module_names() -> None:
    from bouncekit import rulefile
    from bouncekit.cli import ruleset

    assert ruleset.RULES_ENV == rulefile.RULES_ENV
