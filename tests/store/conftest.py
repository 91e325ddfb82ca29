"""Fixtures of the store tests: a fresh database of each engine, and bounce builders.

SQLite is a file in the test's temporary folder. PostgreSQL is a throwaway database
created on 127.0.0.1:5432 (user postgres) from a migrated template and dropped after
the test; when PostgreSQL does not answer, only the PostgreSQL variants skip, saying so.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from bouncekit.store import Store

PG_HOST = "127.0.0.1"
PG_PORT = 5432
PG_ADMIN = f"host={PG_HOST} port={PG_PORT} user=postgres dbname=test connect_timeout=3"


def pg_url(name: str) -> str:
    return f"postgresql+psycopg://postgres@{PG_HOST}:{PG_PORT}/{name}"


class PostgresAdmin:
    """Creates and drops the temporary databases of the PostgreSQL variants."""

    def __init__(self) -> None:
        import psycopg

        self._conn = psycopg.connect(PG_ADMIN, autocommit=True)

    def create(self, template: str | None = None) -> str:
        name = f"bouncekit_store_{uuid.uuid4().hex[:12]}"
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
    except Exception as exc:  # any failure to connect means "no PostgreSQL here"
        pytest.skip(
            f"PostgreSQL is not reachable on {PG_HOST}:{PG_PORT} ({type(exc).__name__}): "
            "skipping the PostgreSQL variants of the store tests"
        )
    yield admin
    admin.close()


@pytest.fixture(scope="session")
def postgres_template(postgres_admin: PostgresAdmin) -> Iterator[str]:
    """A migrated PostgreSQL database that each test clones (no connection left open)."""
    name = postgres_admin.create()
    Store.open(pg_url(name)).close()
    yield name
    postgres_admin.drop(name)


@pytest.fixture
def postgres_url(postgres_admin: PostgresAdmin, postgres_template: str) -> Iterator[str]:
    """A fresh, migrated PostgreSQL database, dropped after the test."""
    name = postgres_admin.create(postgres_template)
    yield pg_url(name)
    postgres_admin.drop(name)


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A fresh database URL of each engine (migrated for PostgreSQL, empty for SQLite)."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'bouncekit.sqlite3'}"
    return request.getfixturevalue("postgres_url")


@pytest.fixture
def store(database_url: str) -> Iterator[Store]:
    with Store.open(database_url) as opened:
        yield opened


def dsn(
    recipient: str,
    diagnostic: str = "552 5.2.2 Mailbox full",
    *,
    status: str | None = None,
    date: str = "Mon, 06 May 2024 10:00:00 +0000",
    action: str = "failed",
    sender: str = "news@sender.example",
    tag: str = "",
) -> bytes:
    """A minimal RFC 3464 delivery status notification for one recipient.

    ``tag`` makes otherwise equal messages distinct (a different Message-ID).
    """
    if status is None:
        status = diagnostic.split()[1]
    ident = uuid.uuid5(uuid.NAMESPACE_URL, f"{recipient}|{diagnostic}|{date}|{action}|{tag}").hex
    return f"""From: Mail Delivery System <MAILER-DAEMON@mx.example.net>
To: {sender}
Subject: Delivery Status Notification
Date: {date}
Message-ID: <{ident}@mx.example.net>
MIME-Version: 1.0
Content-Type: multipart/report; report-type=delivery-status; boundary="b1"

--b1
Content-Type: text/plain

The message could not be delivered.

--b1
Content-Type: message/delivery-status

Reporting-MTA: dns; mx.example.net

Final-Recipient: rfc822; {recipient}
Action: {action}
Status: {status}
Diagnostic-Code: smtp; {diagnostic}

--b1
Content-Type: text/rfc822-headers

From: {sender}
To: {recipient}
Subject: News
Message-ID: <orig-{ident}@sender.example>

--b1--
""".encode()


def day(n: int) -> str:
    """An RFC 5322 date ``n`` days after 1 May 2024, 10:00 UTC."""
    from datetime import UTC, datetime, timedelta
    from email.utils import format_datetime

    return format_datetime(datetime(2024, 5, 1, 10, tzinfo=UTC) + timedelta(days=n))


@pytest.fixture(params=["sqlite", "postgresql"])
def empty_database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A database of each engine with no schema at all."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'empty.sqlite3'}"
        return
    admin = request.getfixturevalue("postgres_admin")
    name = admin.create()
    yield pg_url(name)
    admin.drop(name)
