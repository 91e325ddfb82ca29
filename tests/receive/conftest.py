"""The store fixtures of tests/store (a fresh database of each engine), visible here."""

from tests.store import conftest as store_fixtures

postgres_admin = store_fixtures.postgres_admin
postgres_template = store_fixtures.postgres_template
postgres_url = store_fixtures.postgres_url
database_url = store_fixtures.database_url
store = store_fixtures.store
