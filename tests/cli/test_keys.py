"""``bouncekit keys``: create prints the key alone on its last line, once; list and revoke."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from bouncekit.cli import main
from bouncekit.store import Store


def keys(database: str, *args: str):
    return CliRunner().invoke(main, ["--database", database, "keys", *args])


def test_create_list_revoke(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'db.sqlite3'}"
    created = keys(url, "create", "billing-app")
    assert created.exit_code == 0, created.output
    lines = created.output.splitlines()
    key = lines[-1]
    assert key == key.strip() and " " not in key and len(key) >= 32
    assert created.output.count(key) == 1
    with Store.open(url) as store:
        assert store.verify_key(key) == "billing-app"

    listed = keys(url, "list")
    assert listed.exit_code == 0
    assert "billing-app" in listed.output and "active" in listed.output
    assert key not in listed.output
    [row] = [json.loads(line) for line in keys(url, "list", "--format", "json").output.splitlines()]
    assert (row["name"], row["active"], row["revoked_at"]) == ("billing-app", True, None)
    assert key.startswith(row["prefix"])

    revoked = keys(url, "revoke", "billing-app")
    assert (revoked.exit_code, revoked.output) == (0, "Revoked API key 'billing-app'.\n")
    with Store.open(url) as store:
        assert store.verify_key(key) is None
    assert "revoked" in keys(url, "list").output


def test_errors_are_one_line(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'db.sqlite3'}"
    assert keys(url, "create", "app").exit_code == 0
    again = keys(url, "create", "app")
    assert again.exit_code == 1
    assert again.output == "Error: an API key named 'app' exists already; revoke it first\n"
    missing = keys(url, "revoke", "nobody")
    assert (missing.exit_code, missing.output) == (1, "Error: no active key named 'nobody'\n")
    bad_name = keys(url, "create", "no spaces please")
    assert bad_name.exit_code == 1 and bad_name.output.startswith("Error: an API key name is")
