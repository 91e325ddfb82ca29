"""The store: every ingested bounce, the suppression list, API keys.

One class, :class:`Store`, over a SQLAlchemy 2 engine: SQLite by default (a file in
the user's data directory), PostgreSQL in production (``postgresql+psycopg://...``),
the same code and the same Alembic migrations (shipped in ``store/migrations`` and run
to head by :meth:`Store.open`) for both::

    store = Store.open()                        # $BOUNCEKIT_DATABASE_URL or the SQLite default
    result = store.ingest(raw, source="bounce.eml")
    store.check("user@example.com")             # AddressState or None
    store.close()

Results are frozen dataclasses (:mod:`bouncekit.store.results`); errors are
:class:`bouncekit.errors.StoreError` (bad input) and its subclasses.
"""

from bouncekit.store.core import Store, default_database_url
from bouncekit.store.results import (
    AddressState,
    Alert,
    AlertKind,
    ApiKey,
    Counts,
    FailedMessage,
    HistoryAction,
    HistoryEntry,
    Incoming,
    IngestFailure,
    IngestResult,
    ReturnPath,
    State,
    StatRow,
    WebhookSecret,
)

__all__ = [
    "AddressState",
    "Alert",
    "AlertKind",
    "ApiKey",
    "Counts",
    "FailedMessage",
    "HistoryAction",
    "HistoryEntry",
    "Incoming",
    "IngestFailure",
    "IngestResult",
    "ReturnPath",
    "StatRow",
    "State",
    "Store",
    "WebhookSecret",
    "default_database_url",
]
