"""``bouncekit db init``, and commands that read refusing a database that does not exist."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from bouncekit.cli import main
from bouncekit.store import Store
from tests.conftest import CORPUS


def test_a_command_that_reads_names_the_missing_database_and_creates_nothing(tmp_path: Path) -> None:
    path = tmp_path / "typo" / "dir" / "x.db"
    for args in (["stats"], ["suppressions", "list"], ["suppressions", "check", "a@example.com"],
                 ["keys", "list"], ["report"]):
        result = CliRunner().invoke(main, ["--database", f"sqlite:///{path}", *args])
        assert result.exit_code == 1, args
        assert result.stderr == (f"Error: the database {path} does not exist; `bouncekit db init` "
                                 "creates it, and so does `bouncekit ingest`\n")
    assert not (tmp_path / "typo").exists()


def test_a_database_without_bouncekit_tables_is_refused_too(tmp_path: Path) -> None:
    import sqlite3

    path = tmp_path / "other.db"
    sqlite3.connect(path).execute("CREATE TABLE t (x)").connection.close()
    result = CliRunner().invoke(main, ["--database", f"sqlite:///{path}", "stats"])
    assert result.exit_code == 1
    assert "holds no bouncekit tables" in result.stderr


def test_db_init_and_the_commands_that_store_create_it(tmp_path: Path) -> None:
    runner = CliRunner()
    made = tmp_path / "new" / "made.db"
    result = runner.invoke(main, ["--database", f"sqlite:///{made}", "db", "init"])
    assert result.exit_code == 0 and result.stdout == f"sqlite:///{made}: ready\n"
    assert runner.invoke(main, ["--database", f"sqlite:///{made}", "stats"]).exit_code == 0
    ingested = tmp_path / "ingested.db"
    result = runner.invoke(main, ["--database", f"sqlite:///{ingested}", "ingest",
                                  str(CORPUS / "emails" / "lhost-postfix-03.eml")])
    assert result.exit_code == 0 and ingested.exists()
    keyed = tmp_path / "keyed.db"
    assert runner.invoke(main, ["--database", f"sqlite:///{keyed}", "keys", "create", "ci"]).exit_code == 0
    with Store.open(f"sqlite:///{keyed}", create=False) as store:
        assert [k.name for k in store.list_keys()] == ["ci"]
