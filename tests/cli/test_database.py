"""The global ``--database`` and ``--policy`` options (and their environment variables)."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from bouncekit.cli import main
from bouncekit.store import Store
from tests.conftest import CORPUS

POSTFIX = str(CORPUS / "emails" / "lhost-postfix-03.eml")


def test_the_global_database_option_reaches_every_store_command(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'global.sqlite3'}"
    runner = CliRunner()
    assert runner.invoke(main, ["--database", url, "ingest", POSTFIX]).exit_code == 0
    # keys has a --database option of its own: the global one is its default.
    created = runner.invoke(main, ["--database", url, "keys", "create", "ci"])
    assert created.exit_code == 0
    with Store.open(url) as store:
        assert store.verify_key(created.stdout.splitlines()[-1]) == "ci"
        assert len(store.suppressions()) == 1


def test_the_environment_names_the_database_and_the_policy(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'env.sqlite3'}"
    policy = tmp_path / "policy.toml"
    policy.write_text('[hard]\naction = "record"\n')
    env = {"BOUNCEKIT_DATABASE_URL": url, "BOUNCEKIT_POLICY": str(policy)}
    result = CliRunner(env=env).invoke(main, ["ingest", "--format", "json", POSTFIX])
    assert json.loads(result.stdout.splitlines()[-1])["summary"]["suppressed"] == 0
    with Store.open(url) as store:
        state = store.check("kijitora@example.net")
        assert state is not None and state.counts.hard == 1 and not state.suppressed


def test_an_unreachable_database_is_one_clear_error() -> None:
    result = CliRunner().invoke(main, ["--database", "postgresql://nobody@127.0.0.1:9/none", "stats"])
    assert result.exit_code == 1
    assert result.stderr.startswith(
        "Error: cannot open the database postgresql+psycopg://nobody@127.0.0.1:9/none: connection failed"
    )
