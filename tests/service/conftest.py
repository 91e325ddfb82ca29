"""Fixtures of the service tests: the real app over a real database, on both engines.

The databases come from the store tests' fixtures (tests/store/conftest.py): a fresh
SQLite file, or a PostgreSQL database on 127.0.0.1:5432 cloned from a migrated template
and dropped afterwards; without PostgreSQL only the PostgreSQL variants skip, saying so.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from typing import Any

import pytest
import uvicorn
from fastapi.testclient import TestClient
from tests.store import conftest as store_fixtures

from bouncekit.service import create_app
from bouncekit.service.limits import ServerLimits
from bouncekit.service.server import config
from bouncekit.store import Store

# The store tests' fixtures, made visible here (a conftest only reaches its own folder).
postgres_admin = store_fixtures.postgres_admin
postgres_template = store_fixtures.postgres_template
postgres_url = store_fixtures.postgres_url
database_url = store_fixtures.database_url
store = store_fixtures.store


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


Serve = Callable[..., AbstractContextManager[tuple[str, int]]]


@contextmanager
def _serving(app: Any, limits: ServerLimits | None = None) -> Iterator[tuple[str, int]]:
    """``app`` served for real (uvicorn with the service's protocol and ``limits``) on a
    free loopback port, in a thread; gives ``(host, port)``."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    host, port = sock.getsockname()
    server = uvicorn.Server(config(app, limits=limits, log_config=None, lifespan="on"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        assert thread.is_alive() and time.monotonic() < deadline, "the server did not start"
        time.sleep(0.01)
    try:
        yield host, port
    finally:
        server.should_exit = True
        thread.join(30)
        sock.close()


@pytest.fixture
def serve() -> Serve:
    """``with serve(app, limits) as (host, port):`` runs the app on a real server."""
    return _serving
