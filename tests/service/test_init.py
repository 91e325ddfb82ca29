"""``bouncekit.service.app_from_env``: the app factory each ``bouncekit serve`` worker calls."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from bouncekit.service import ENV_DATABASE, ENV_MAX_BODY, app_from_env
from bouncekit.store import Store


def test_the_factory_reads_database_and_limit_from_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = f"sqlite:///{tmp_path / 'db.sqlite3'}"
    with Store.open(url) as store:
        key = store.create_key("env")
    monkeypatch.setenv(ENV_DATABASE, url)
    monkeypatch.setenv(ENV_MAX_BODY, "1000")
    with TestClient(app_from_env(), headers={"Authorization": f"Bearer {key}"}) as client:
        assert client.get("/v1/stats").json() == {"by": "class", "since": None, "rows": []}
        too_large = client.post("/v1/classify", json={"text": "x" * 1000})
        assert too_large.status_code == 413
        assert too_large.json() == {"error": "the request body is larger than the limit of 1000 bytes"}
