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


def test_migration_0002_gives_stored_addresses_their_normal_form(empty_database_url: str) -> None:
    from alembic import command
    from sqlalchemy import text

    engine = create_engine(db.normalize_url(empty_database_url))
    config = db._alembic_config()
    now = "2024-05-01 00:00:00"
    try:
        with engine.begin() as connection:
            config.attributes["connection"] = connection
            command.upgrade(config, "0001")
            row = text(
                "INSERT INTO addresses (address, domain, state, first_seen, hard, soft, block,"
                " undetermined, complaint, auto_reply, delayed, delivered, dns_failures)"
                " VALUES (:a, :d, :s, :t, :h, 0, 0, 0, 0, 0, 0, 0, 0)"
            )
            # One address under both spellings (merged), one only in Unicode (renamed).
            stored = [("jo@ñandu.es", "suppressed", 1), ("jo@xn--andu-fqa.es", "active", 2),
                      ("ana@müller.example", "active", 1)]
            for address, state, hard in stored:
                domain = address.rpartition("@")[2]
                connection.execute(row, {"a": address, "d": domain, "s": state, "t": now, "h": hard})
            connection.execute(
                text("INSERT INTO address_history (address, action, at) VALUES (:a, 'suppressed', :t)"),
                {"a": "jo@ñandu.es", "t": now},
            )
            command.upgrade(config, "0002")
            rows = connection.execute(text("SELECT address, domain, state, hard FROM addresses ORDER BY 1"))
            assert [tuple(r) for r in rows] == [
                ("ana@xn--mller-kva.example", "xn--mller-kva.example", "active", 1),
                ("jo@xn--andu-fqa.es", "xn--andu-fqa.es", "suppressed", 3),
            ]
            history = connection.execute(text("SELECT address FROM address_history")).scalars().all()
            assert history == ["jo@xn--andu-fqa.es"]
    finally:
        engine.dispose()
