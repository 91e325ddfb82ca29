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
    # Only classes have a name: other groups show no empty NAME column.
    assert table.splitlines()[0].split() == ["DOMAIN", "RECORDS", "ADDRESSES", "SUPPRESSED"]
    later = runner.invoke(main, ["--database", db, "stats", "--since", "2100-01-01", "--format", "json"])
    assert later.exit_code == 0 and later.stdout == ""
    bad = runner.invoke(main, ["--database", db, "stats", "--by", "planet"])
    assert bad.exit_code == 2


def test_since_takes_iso_dates_with_or_without_an_offset(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'cli.sqlite3'}"
    runner = CliRunner()
    # lhost-postfix-03.eml bounced at 2014-07-01 14:45:01 UTC, i.e. 23:45:01 at +09:00.
    runner.invoke(main, ["--database", db, "ingest", str(CORPUS / "emails" / "lhost-postfix-03.eml")],
                  catch_exceptions=False)

    def records(since: str) -> int:
        result = runner.invoke(main, ["--database", db, "stats", "--since", since, "--format", "json"])
        assert result.exit_code == 0, result.output
        return sum(json.loads(line)["records"] for line in result.stdout.splitlines())

    assert records("2014-07-01") == 1
    assert records("2014-07-01T14:45:01Z") == 1
    assert records("2014-07-01T14:45:02") == 0
    assert records("2014-07-01T23:45:01+09:00") == 1
    assert records("2014-07-01T23:45:02+09:00") == 0
    bad = runner.invoke(main, ["--database", db, "stats", "--since", "yesterday"])
    assert bad.exit_code == 2 and "'yesterday' is not an ISO 8601 date" in bad.output
    far = runner.invoke(main, ["--database", db, "stats", "--since", "9999-12-31T23:59:59-12:00"])
    assert far.exit_code == 1 and "since is out of range" in far.output
