"""Engines and migrations: one schema, the same on both engines, migrated once."""

from __future__ import annotations

import subprocess
import sys

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, inspect

from bouncekit.cli.database import DATABASE_ENV as CLI_DATABASE_ENV
from bouncekit.cli.database import POLICY_ENV as CLI_POLICY_ENV
from bouncekit.store import Store, db
from bouncekit.store.core import POLICY_ENV
from bouncekit.store.schema import metadata


def test_migrations_create_exactly_the_schema_of_the_code(empty_database_url: str) -> None:
    Store.open(empty_database_url).close()
    engine = create_engine(db.normalize_url(empty_database_url))
    try:
        with engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"compare_type": False})
            assert compare_metadata(context, metadata) == []
            tables = set(inspect(connection).get_table_names())
    finally:
        engine.dispose()
    assert {"messages", "records", "addresses", "address_history", "api_keys"} <= tables


def test_opening_twice_migrates_once(database_url: str) -> None:
    Store.open(database_url).close()
    with Store.open(database_url) as store:
        assert store.stats() == []


def test_processes_opening_a_new_database_together_all_succeed(empty_database_url: str) -> None:
    code = "import sys; from bouncekit.store import Store; Store.open(sys.argv[1]).close()"
    procs = [subprocess.Popen([sys.executable, "-c", code, empty_database_url]) for _ in range(3)]
    assert [p.wait(timeout=60) for p in procs] == [0, 0, 0]
    with Store.open(empty_database_url) as store:
        assert store.stats() == []


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("postgresql://u@h/db", "postgresql+psycopg://u@h/db"),
        ("postgres://u@h/db", "postgresql+psycopg://u@h/db"),
        ("postgresql+psycopg://u@h/db", "postgresql+psycopg://u@h/db"),
        ("sqlite:///x.db", "sqlite:///x.db"),
    ],
)
def test_normalize_url(given: str, expected: str) -> None:
    assert db.normalize_url(given) == expected


def test_a_bare_path_is_a_sqlite_file(tmp_path) -> None:
    assert db.normalize_url(str(tmp_path / "b.db")) == f"sqlite:///{tmp_path / 'b.db'}"


def test_safe_url_hides_the_password() -> None:
    assert db.safe_url("postgresql+psycopg://u:s3cret@h/db") == "postgresql+psycopg://u:***@h/db"


def test_the_cli_spells_the_environment_variables_the_same() -> None:
    assert (CLI_DATABASE_ENV, CLI_POLICY_ENV) == (db.DATABASE_ENV, POLICY_ENV)
