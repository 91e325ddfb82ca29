"""API keys in bouncekit.service.auth: every /v1 route needs one; 401 says nothing more."""

from __future__ import annotations

import asyncio

import pytest
from fastapi.testclient import TestClient

from bouncekit.errors import DatabaseError
from bouncekit.service import create_app
from bouncekit.service.auth import KeyCache
from bouncekit.store import Store

UNAUTHORIZED = {"error": "unauthorized"}
ROUTES = [
    ("POST", "/v1/classify", {"json": {"text": "550 5.1.1 user unknown"}}),
    ("POST", "/v1/messages", {"content": b"From: a@example.org\n\nhi"}),
    ("GET", "/v1/suppressions", {}),
    ("GET", "/v1/suppressions/bob@example.org", {}),
    ("DELETE", "/v1/suppressions/bob@example.org", {}),
    ("GET", "/v1/stats", {}),
    ("GET", "/v1/no-such-route", {}),
]
BAD_HEADERS = [
    None,
    "Bearer",
    "Bearer ",
    "Basic dXNlcjpwYXNz",
    "Bearer not-a-key",
    "Bearer " + "k" * 5000,
    "Bearer ключ".encode(),  # not ASCII: httpx sends it as UTF-8 bytes
]


@pytest.mark.parametrize("header", BAD_HEADERS)
def test_every_v1_route_refuses_missing_or_wrong_keys(anonymous: TestClient, header: str | bytes | None):
    headers = {} if header is None else {"Authorization": header}
    for method, path, kwargs in ROUTES:
        response = anonymous.request(method, path, headers=headers, **kwargs)
        assert response.status_code == 401, (method, path)
        assert response.json() == UNAUTHORIZED
        assert response.headers["www-authenticate"] == "Bearer"


def test_auth_comes_before_body_parsing(anonymous: TestClient) -> None:
    response = anonymous.post("/v1/classify", content=b"{not", headers={"Content-Type": "application/json"})
    assert response.status_code == 401
    assert response.json() == UNAUTHORIZED


def test_a_revoked_key_stops_working(store: Store, client: TestClient) -> None:
    assert client.get("/v1/stats").status_code == 200
    assert store.revoke_key("tests")
    response = client.get("/v1/stats")
    assert response.status_code == 401
    assert response.json() == UNAUTHORIZED


def test_scheme_name_is_case_insensitive(store: Store, key: str) -> None:
    client = TestClient(create_app(store))
    assert client.get("/v1/stats", headers={"Authorization": f"bearer {key}"}).status_code == 200


def test_key_cache_verifies_once_per_ttl_and_never_caches_a_refusal() -> None:
    calls: list[str] = []

    def verify(token: str) -> str | None:
        calls.append(token)
        return "app" if token == "good" else None

    cache = KeyCache(verify, ttl=60)

    async def run() -> list[str | None]:
        return [await cache.name_for(t) for t in ("good", "good", "bad", "bad", "good")]

    assert asyncio.run(run()) == ["app", "app", None, None, "app"]
    assert calls == ["good", "bad", "bad"]


def test_key_cache_with_zero_ttl_verifies_every_time() -> None:
    calls: list[str] = []
    cache = KeyCache(lambda token: calls.append(token) or "app", ttl=0)

    async def run() -> None:
        for _ in range(3):
            assert await cache.name_for("good") == "app"

    asyncio.run(run())
    assert calls == ["good"] * 3


def test_a_database_that_cannot_verify_keys_is_a_503(store: Store, key: str, monkeypatch) -> None:
    def down(token: str) -> str | None:
        raise DatabaseError("database postgresql+psycopg://postgres@db/x: connection refused")

    monkeypatch.setattr(store, "verify_key", down)
    app = TestClient(create_app(store, key_ttl=0), headers={"Authorization": f"Bearer {key}"})
    response = app.get("/v1/stats")
    assert response.status_code == 503
    assert response.json() == {"error": "the database is busy or unreachable; try again"}
