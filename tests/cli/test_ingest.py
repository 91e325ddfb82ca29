"""``bouncekit ingest``: stores, applies the policy, prints what changed."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from bouncekit.cli import main
from bouncekit.store import Store
from tests.conftest import CORPUS

POSTFIX = str(CORPUS / "emails" / "lhost-postfix-03.eml")
MBOX0 = str(CORPUS / "mbox" / "mbox-0")


@pytest.fixture
def db(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'cli.sqlite3'}"


def run(db: str, *args: str, stdin: bytes | None = None):
    return CliRunner().invoke(main, ["--database", db, *args], input=stdin, catch_exceptions=False)


def test_ingest_prints_new_suppressions_then_a_summary(db: str) -> None:
    result = run(db, "ingest", "--format", "table", POSTFIX)
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["CHANGE", "ADDRESS", "OR", "SUBJECT", "RULE", "REASON"]
    assert lines[1].split()[:3] == ["suppressed", "kijitora@example.net", "hard"]
    assert lines[-1] == (
        "1 messages: 1 stored (1 records), 0 already stored, 0 failed; "
        "1 addresses newly suppressed, 0 alerts"
    )


def test_ingest_twice_changes_nothing_the_second_time(db: str) -> None:
    first = run(db, "ingest", "--format", "json", MBOX0)
    second = run(db, "ingest", "--format", "json", MBOX0)
    summary1 = json.loads(first.stdout.splitlines()[-1])["summary"]
    summary2 = json.loads(second.stdout.splitlines()[-1])["summary"]
    assert summary1["stored"] == summary1["messages"] > 10 and summary1["records"] > 10
    assert summary2 == {**summary1, "stored": 0, "duplicates": summary1["messages"], "records": 0,
                        "suppressed": 0, "alerts": 0}
    assert second.stdout.splitlines()[:-1] == []
    changes = [json.loads(line) for line in first.stdout.splitlines()[:-1]]
    assert {c["change"] for c in changes} <= {"suppressed", "alert"}
    assert sum(c["change"] == "suppressed" for c in changes) == summary1["suppressed"]
    with Store.open(db) as store:
        assert len(store.suppressions(limit=1000)) == summary1["suppressed"]


def test_ingest_reads_stdin_and_reports_bad_inputs(db: str, tmp_path: Path) -> None:
    empty = tmp_path / "empty.eml"
    empty.write_bytes(b"")
    result = run(db, "ingest", "--format", "json", "-", str(empty), str(tmp_path / "missing.eml"),
                 stdin=Path(POSTFIX).read_bytes())
    assert result.exit_code == 1
    summary = json.loads(result.stdout.splitlines()[-1])["summary"]
    assert (summary["stored"], summary["failed"]) == (1, 2)
    assert f"bouncekit: {empty}: the message is empty" in result.stderr
    assert f"bouncekit: {tmp_path / 'missing.eml'}: no such file or folder" in result.stderr


def test_ingest_with_workers_stores_the_same(db: str, tmp_path: Path) -> None:
    result = run(db, "ingest", "--format", "json", "--jobs", "2", "--batch-size", "5", MBOX0)
    assert result.exit_code == 0
    single = f"sqlite:///{tmp_path / 'single.sqlite3'}"
    run(single, "ingest", "--format", "json", MBOX0)
    with Store.open(db) as a, Store.open(single) as b:
        assert a.stats(by="domain") == b.stats(by="domain")


def test_ingest_with_a_policy_file(db: str, tmp_path: Path) -> None:
    policy = tmp_path / "policy.toml"
    policy.write_text('[hard]\naction = "record"\n')
    result = run(db, "--policy", str(policy), "ingest", "--format", "json", POSTFIX)
    assert json.loads(result.stdout.splitlines()[-1])["summary"]["suppressed"] == 0
    bad = tmp_path / "bad.toml"
    bad.write_text("[hard]\naction = 'delete'\n")
    result = CliRunner().invoke(main, ["--database", db, "--policy", str(bad), "ingest", POSTFIX])
    assert result.exit_code == 1
    assert f"Error: {bad}: [hard]: action must be suppress, report or record, not 'delete'" in result.stderr


def test_the_table_keeps_its_columns_whatever_the_length_of_an_address(db: str) -> None:
    complaint = str(CORPUS / "emails" / "arf-02.eml")  # a 49-character address
    blocked = str(CORPUS / "emails" / "lhost-amazonses-07.eml")
    lines = run(db, "ingest", "--format", "table", POSTFIX, complaint, blocked).stdout.splitlines()[:-1]
    assert [line[:10].strip() for line in lines] == ["CHANGE", "suppressed", "suppressed", "alert"]
    # Every row's third column starts where the heading's does: long values are cut.
    rule_at = lines[0].index("RULE")
    assert [line[rule_at:].split()[0] for line in lines[1:]] == ["hard", "complaint", "block"]
    assert "this-local-part-does-not-exist-on-yahoo…" in lines[2]
