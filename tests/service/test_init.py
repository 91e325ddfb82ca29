"""``bouncekit.service.app_from_env``: the app factory each ``bouncekit serve`` worker calls."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from bouncekit.errors import BounceError
from bouncekit.service import ENV_DATABASE, ENV_MAX_BODY, ENV_PARSE_BUDGET, ENV_PARSE_WORKERS, app_from_env
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


def test_the_factory_reads_the_decoding_budget_and_workers(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(ENV_DATABASE, f"sqlite:///{tmp_path / 'db.sqlite3'}")
    monkeypatch.setenv(ENV_PARSE_BUDGET, "2.5")
    monkeypatch.setenv(ENV_PARSE_WORKERS, "1")
    app = app_from_env()
    try:
        assert (app.state.decoder.budget, app.state.decoder.workers) == (2.5, 1)
    finally:
        app.state.decoder.close()
        app.state.store.close()


@pytest.mark.parametrize(("name", "value", "problem"), [
    (ENV_PARSE_BUDGET, "soon", "$BOUNCEKIT_PARSE_BUDGET must be a number above 0, not 'soon'"),
    (ENV_PARSE_BUDGET, "-1", "$BOUNCEKIT_PARSE_BUDGET must be a number above 0, not '-1'"),
    (ENV_PARSE_WORKERS, "1.5", "$BOUNCEKIT_PARSE_WORKERS must be a whole number above 0, not '1.5'"),
    (ENV_MAX_BODY, "0", "$BOUNCEKIT_MAX_BODY must be a whole number above 0, not '0'"),
])
def test_the_factory_names_a_bad_setting(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                         name: str, value: str, problem: str) -> None:
    monkeypatch.setenv(ENV_DATABASE, f"sqlite:///{tmp_path / 'db.sqlite3'}")
    monkeypatch.setenv(name, value)
    with pytest.raises(BounceError) as caught:
        app_from_env()
    assert str(caught.value) == problem
