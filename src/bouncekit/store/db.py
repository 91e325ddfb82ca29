"""Engines and migrations: one URL in, a ready SQLAlchemy engine at the latest schema out."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs
from alembic import command
from alembic.config import Config
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, create_engine, event, make_url, text
from sqlalchemy.engine import Connection
from sqlalchemy.exc import ArgumentError, NoSuchModuleError

from bouncekit.errors import MissingDatabaseError, StoreError

#: The environment variable that names the database when no URL is given.
DATABASE_ENV = "BOUNCEKIT_DATABASE_URL"
#: Connections of a write transaction carry this execution option; on SQLite they take
#: the write lock at BEGIN, so two writers queue instead of failing on lock upgrade.
WRITE_OPTION = "bouncekit_write"
MIGRATIONS = Path(__file__).parent / "migrations"
#: Key of the PostgreSQL advisory lock that serialises migrations across processes.
_MIGRATION_LOCK = 0x626F756E6365


def default_database_url() -> str:
    """``$BOUNCEKIT_DATABASE_URL``, else a SQLite file in the user's data directory."""
    url = os.environ.get(DATABASE_ENV, "").strip()
    if url:
        return url
    folder = Path(platformdirs.user_data_dir("bouncekit", appauthor=False))
    return f"sqlite:///{folder / 'bouncekit.sqlite3'}"


def normalize_url(url: str) -> str:
    """Accept the usual spellings: ``postgres://`` and ``postgresql://`` mean psycopg 3;
    a bare path is a SQLite file."""
    url = url.strip()
    if "://" not in url:
        return f"sqlite:///{Path(url).expanduser().resolve()}"
    for plain in ("postgres://", "postgresql://"):
        if url.startswith(plain):
            return "postgresql+psycopg://" + url[len(plain):]
    return url


def safe_url(url: str) -> str:
    """The URL with any password hidden, for messages."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return "<invalid URL>"


def create(url: str, *, make: bool = True) -> Engine:
    """An engine for ``url`` (already normalised), configured for bouncekit's use.

    ``make`` False refuses a SQLite file that does not exist instead of creating it
    (and its folders).
    """
    try:
        parsed = make_url(url)
    except ArgumentError:
        raise StoreError(f"not a database URL: {url!r}") from None
    backend = parsed.get_backend_name()
    if backend == "sqlite":
        database = parsed.database or ""
        if database and database != ":memory:" and not database.startswith("file:"):
            if not make and not Path(database).is_file():
                raise MissingDatabaseError(f"the database {database} does not exist")
            try:
                Path(database).parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                problem = exc.strerror or type(exc).__name__
                raise StoreError(f"cannot create the folder of the database {database}: {problem}") from None
        try:
            engine = create_engine(parsed, connect_args={"check_same_thread": False, "timeout": 60})
        except (NoSuchModuleError, ArgumentError) as exc:
            raise StoreError(f"cannot use database {safe_url(url)}: {exc}") from None
        _configure_sqlite(engine)
        return engine
    if backend == "postgresql":
        try:
            return create_engine(
                parsed, pool_size=5, max_overflow=10, pool_pre_ping=True,
                connect_args={"options": "-c timezone=UTC", "connect_timeout": 10},
            )
        except (NoSuchModuleError, ArgumentError) as exc:
            raise StoreError(f"cannot use database {safe_url(url)}: {exc}") from None
    raise StoreError(f"unsupported database {safe_url(url)}: use sqlite:///PATH or postgresql+psycopg://...")


def _configure_sqlite(engine: Engine) -> None:
    # pysqlite's own transaction handling cannot take the write lock at BEGIN; switch it
    # off and issue BEGIN ourselves (the recipe of SQLAlchemy's SQLite documentation).
    @event.listens_for(engine, "connect")
    def _connect(dbapi_connection, _record) -> None:
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        for pragma in ("journal_mode=WAL", "synchronous=NORMAL", "foreign_keys=ON", "busy_timeout=60000"):
            cursor.execute(f"PRAGMA {pragma}")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _begin(connection: Connection) -> None:
        write = connection.get_execution_options().get(WRITE_OPTION)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")


def _alembic_config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


def upgrade(engine: Engine, *, make: bool = True) -> None:
    """Run the migrations to head, once even when several processes start together.

    ``make`` False refuses a database without bouncekit's tables instead of creating them.
    """
    config = _alembic_config()
    head = ScriptDirectory.from_config(config).get_current_head()
    with engine.connect() as probe:
        current = MigrationContext.configure(probe).get_current_revision()
    if current == head:
        return
    if current is None and not make:
        raise MissingDatabaseError(f"the database {safe_url(str(engine.url))} holds no bouncekit tables")
    with engine.connect() as connection:
        connection = connection.execution_options(**{WRITE_OPTION: True})
        with connection.begin():
            if engine.dialect.name == "postgresql":
                connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _MIGRATION_LOCK})
            config.attributes["connection"] = connection
            command.upgrade(config, "head")
