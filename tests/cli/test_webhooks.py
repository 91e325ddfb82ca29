"""``bouncekit webhooks``: set (never from the command line), list, remove, and the ESPs."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from bouncekit.cli import main
from bouncekit.store import Store
from bouncekit.webhooks import ESPS


def webhooks(database: str, *args: str, stdin: str | None = None):
    return CliRunner().invoke(main, ["--database", database, "webhooks", *args], input=stdin)


def test_set_list_remove(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'db.sqlite3'}"
    secret_file = tmp_path / "key.txt"
    secret_file.write_text("mailgun-signing-key-0123456789\n")
    done = webhooks(url, "set", "mailgun", "--secret-file", str(secret_file))
    assert (done.exit_code, done.output) == (0, "Set the webhook secret of mailgun (mail...).\n")
    piped = webhooks(url, "set", "sendgrid", stdin="MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE\n")
    assert piped.exit_code == 0, piped.output
    with Store.open(url) as store:
        assert store.webhook_secret("mailgun") == "mailgun-signing-key-0123456789"
        assert store.webhook_secret("sendgrid") == "MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE"

    listed = webhooks(url, "list")
    assert [line.split()[:2] for line in listed.output.splitlines()] == [
        ["mailgun", "mail..."],
        ["sendgrid", "MFkw..."],
    ]
    assert "0123456789" not in listed.output
    rows = [json.loads(line) for line in webhooks(url, "list", "--format", "json").output.splitlines()]
    assert [r["esp"] for r in rows] == ["mailgun", "sendgrid"]

    assert webhooks(url, "remove", "mailgun").output == "Removed the webhook secret of mailgun.\n"
    again = webhooks(url, "remove", "mailgun")
    assert (again.exit_code, again.output) == (1, "Error: no webhook secret is set for 'mailgun'\n")


def test_unknown_esp_and_empty_secret(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'db.sqlite3'}"
    unknown = webhooks(url, "set", "hotmail", stdin="x")
    assert unknown.exit_code == 1
    assert unknown.output.startswith("Error: no ESP named 'hotmail'; the ESPs are amazon_ses, sendgrid")
    empty = webhooks(url, "set", "mailgun", stdin="   \n")
    assert empty.exit_code == 1
    assert "a webhook secret is 1-16384 characters" in empty.output


def test_esps_lists_what_each_secret_is() -> None:
    result = CliRunner().invoke(main, ["webhooks", "esps"])
    assert result.exit_code == 0
    assert [line.split()[0] for line in result.output.splitlines()] == list(ESPS)
    assert "TopicArn" in result.output and "whsec_" in result.output


def test_parse_prints_the_records_of_a_body() -> None:
    body = (Path(__file__).parents[1] / "fixtures/webhooks/sparkpost/batch.json").read_bytes()
    result = CliRunner().invoke(main, ["webhooks", "parse", "sparkpost", "-", "--format", "json"], input=body)
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.output.splitlines()]
    assert [(r["event"], r["recipient"], r["class"]) for r in rows][:2] == [
        ("bounce", "jo@example.com", 10), ("delayed", "ann@example.net", 22)]
    assert rows[0]["source"] == "sparkpost:92356927693813856"
    table = CliRunner().invoke(main, ["webhooks", "parse", "sparkpost", "-", "--format", "table"], input=body)
    assert table.output.splitlines()[0].split()[:3] == ["EVENT", "RECIPIENT", "CLASS"]
    bad = CliRunner().invoke(main, ["webhooks", "parse", "sparkpost", "-"], input=b"[1")
    assert bad.exit_code == 1 and bad.output.startswith("Error: sparkpost: the body is not valid JSON")
