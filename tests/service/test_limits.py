"""The body limit of bouncekit.service.limits: 413 whether Content-Length is true, absent or lying."""

from __future__ import annotations

import asyncio

import pytest
from fastapi.testclient import TestClient
from tests.conftest import corpus_bytes

from bouncekit.service import create_app
from bouncekit.service.limits import BodyLimitMiddleware
from bouncekit.store import Store

LIMIT = 4096
TOO_LARGE = {"error": f"the request body is larger than the limit of {LIMIT} bytes"}


@pytest.fixture
def small(store: Store, key: str) -> TestClient:
    return TestClient(create_app(store, max_body=LIMIT), headers={"Authorization": f"Bearer {key}"})


def chunks(total: int, size: int = 1000):
    sent = 0
    while sent < total:
        yield b"x" * min(size, total - sent)
        sent += size


def test_declared_length_over_the_limit(small: TestClient) -> None:
    response = small.post("/v1/messages", content=b"x" * (LIMIT + 1), headers={"Content-Type": "text/plain"})
    assert response.status_code == 413
    assert response.json() == TOO_LARGE
    response = small.post("/v1/classify", json={"text": "x" * LIMIT})
    assert response.status_code == 413


def test_streamed_body_without_length_over_the_limit(small: TestClient) -> None:
    for path, content_type in (("/v1/messages", "message/rfc822"), ("/v1/classify", "application/json")):
        response = small.post(path, content=chunks(LIMIT * 3), headers={"Content-Type": content_type})
        assert "content-length" not in response.request.headers
        assert response.status_code == 413, path
        assert response.json() == TOO_LARGE


def test_bodies_within_the_limit_pass(small: TestClient) -> None:
    raw = corpus_bytes("lhost-postfix-03.eml")
    assert len(raw) <= LIMIT
    response = small.post("/v1/messages", content=iter([raw]), headers={"Content-Type": "message/rfc822"},
                          params={"dry_run": True})
    assert response.status_code == 200
    assert response.json()["records"][0]["recipient"] == "kijitora@example.net"


def run_asgi(headers: list[tuple[bytes, bytes]], body_chunks: list[bytes]) -> tuple[int, bytes, int]:
    """Drive the middleware over an app that reads the whole body; (status, body, bytes the app read)."""
    read = 0

    async def app(scope, receive, send) -> None:
        nonlocal read
        more = True
        while more:
            message = await receive()
            read += len(message.get("body", b""))
            more = message.get("more_body", False)
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b"ok"})

    queue = [{"type": "http.request", "body": c, "more_body": i < len(body_chunks) - 1}
             for i, c in enumerate(body_chunks)]
    sent: list[dict] = []

    async def receive() -> dict:
        return queue.pop(0)

    async def send(message: dict) -> None:
        sent.append(message)

    scope = {"type": "http", "method": "POST", "path": "/", "headers": headers}
    asyncio.run(BodyLimitMiddleware(app, max_body=LIMIT)(scope, receive, send))
    body = b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body")
    return sent[0]["status"], body, read


def test_a_lying_content_length_does_not_get_more_through() -> None:
    status, _, read = run_asgi([(b"content-length", b"10")], [b"x" * 3000, b"x" * 3000])
    assert status == 413
    assert read <= LIMIT


def test_content_length_that_is_no_number_is_a_400() -> None:
    status, body, read = run_asgi([(b"content-length", b"12abc")], [b"x"])
    assert (status, read) == (400, 0)
    assert b"Content-Length" in body


def test_honest_small_body_passes_the_middleware() -> None:
    assert run_asgi([(b"content-length", b"6")], [b"abc", b"def"]) == (200, b"ok", 6)
