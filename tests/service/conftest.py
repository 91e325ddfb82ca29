"""Fixtures of the service tests: the real app over a real database, on both engines.

Each test gets a fresh database: a copy of a migrated SQLite file, or a PostgreSQL
database cloned from a migrated template on 127.0.0.1:5432 (dropped afterwards). When
PostgreSQL does not answer, only the PostgreSQL variants are skipped, saying so.
"""

from __future__ import annotations

import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from bouncekit.service import create_app
from bouncekit.store import Store

PG_HOST = "127.0.0.1"
PG_PORT = 5432
PG_ADMIN = f"host={PG_HOST} port={PG_PORT} user=postgres dbname=test connect_timeout=3"


def pg_url(name: str) -> str:
    return f"postgresql+psycopg://postgres@{PG_HOST}:{PG_PORT}/{name}"


class PostgresAdmin:
    """Creates and drops the throwaway databases of the PostgreSQL variants."""

    def __init__(self) -> None:
        import psycopg

        self._conn = psycopg.connect(PG_ADMIN, autocommit=True)

    def create(self, template: str | None = None) -> str:
        name = f"bouncekit_test_{uuid.uuid4().hex[:12]}"
        clause = f" TEMPLATE {template}" if template else ""
        self._conn.execute(f"CREATE DATABASE {name}{clause}")
        return name

    def drop(self, name: str) -> None:
        self._conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")

    def close(self) -> None:
        self._conn.close()


@pytest.fixture(scope="session")
def postgres_admin() -> Iterator[PostgresAdmin]:
    try:
        admin = PostgresAdmin()
    except Exception as exc:  # psycopg.OperationalError and friends: any means "not here"
        pytest.skip(f"PostgreSQL is not reachable on {PG_HOST}:{PG_PORT} ({type(exc).__name__}): "
                    "skipping the PostgreSQL variants of the service tests")
    yield admin
    admin.close()


@pytest.fixture(scope="session")
def postgres_template(postgres_admin: PostgresAdmin) -> Iterator[str]:
    """A migrated PostgreSQL database that each test clones (no connection left open)."""
    name = postgres_admin.create()
    Store.open(pg_url(name)).close()
    yield name
    postgres_admin.drop(name)


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("template") / "bouncekit.sqlite3"
    Store.open(f"sqlite:///{path}").close()
    return path


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A fresh, migrated database of each engine."""
    if request.param == "sqlite":
        path = tmp_path / "bouncekit.sqlite3"
        shutil.copy(request.getfixturevalue("sqlite_template"), path)
        yield f"sqlite:///{path}"
        return
    admin: PostgresAdmin = request.getfixturevalue("postgres_admin")
    name = admin.create(template=request.getfixturevalue("postgres_template"))
    yield pg_url(name)
    admin.drop(name)


@pytest.fixture
def store(database_url: str) -> Iterator[Store]:
    store = Store.open(database_url)
    yield store
    store.close()


@pytest.fixture
def key(store: Store) -> str:
    return store.create_key("tests")


@pytest.fixture
def client(store: Store, key: str) -> Iterator[TestClient]:
    """The real app over ``store``, authenticated; keys are checked on every request."""
    with TestClient(create_app(store, key_ttl=0), headers={"Authorization": f"Bearer {key}"}) as c:
        yield c


@pytest.fixture
def anonymous(store: Store) -> Iterator[TestClient]:
    """The same app with no key."""
    with TestClient(create_app(store, key_ttl=0)) as c:
        yield c
