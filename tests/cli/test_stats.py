"""``bouncekit stats``."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from bouncekit.cli import main
from tests.conftest import CORPUS


def test_stats_groups_and_filters(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'cli.sqlite3'}"
    runner = CliRunner()
    runner.invoke(main, ["--database", db, "ingest", str(CORPUS / "mbox" / "mbox-0")], catch_exceptions=False)
    out = runner.invoke(main, ["--database", db, "stats", "--format", "json"]).stdout
    by_class = [json.loads(line) for line in out.splitlines()]
    assert by_class and set(by_class[0]) == {"key", "label", "records", "addresses", "suppressed"}
    assert any(row["key"] == "10" and row["label"] == "Invalid Recipient" for row in by_class)
    table = runner.invoke(main, ["--database", db, "stats", "--by", "domain", "--format", "table"]).stdout
    assert table.splitlines()[0].split() == ["DOMAIN", "NAME", "RECORDS", "ADDRESSES", "SUPPRESSED"]
    later = runner.invoke(main, ["--database", db, "stats", "--since", "2100-01-01", "--format", "json"])
    assert later.exit_code == 0 and later.stdout == ""
    bad = runner.invoke(main, ["--database", db, "stats", "--by", "planet"])
    assert bad.exit_code == 2
