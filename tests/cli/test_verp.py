"""``bouncekit verp encode|decode``."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from bouncekit.cli import main
from bouncekit.verp import Verp

SECRET = "a-secret-of-at-least-16-bytes"


def test_encode_and_decode() -> None:
    runner = CliRunner()
    encoded = runner.invoke(
        main, ["verp", "encode", "--domain", "b.example.org", "jo@example.com", "Ann@Example.NET"]
    )
    assert encoded.exit_code == 0
    assert encoded.output.splitlines() == [
        "bounces+jo=example.com@b.example.org",
        "bounces+Ann=example.net@b.example.org",
    ]
    decoded = runner.invoke(main, ["verp", "decode", "--domain", "b.example.org", *encoded.output.split()])
    rows = [json.loads(line) for line in decoded.output.splitlines()]
    assert [(r["recipient"], r["tag"], r["trusted"]) for r in rows] == [
        ("jo@example.com", "unsigned", True),
        ("Ann@example.net", "unsigned", True),
    ]


def test_signed_with_a_secret_from_the_environment_or_a_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    runner = CliRunner()
    monkeypatch.setenv("BOUNCEKIT_VERP_SECRET", SECRET)
    encoded = runner.invoke(
        main, ["verp", "encode", "--domain", "b.example.org", "jo@example.com"]
    ).output.strip()
    assert encoded == Verp("b.example.org", secret=SECRET.encode()).encode("jo@example.com")
    monkeypatch.delenv("BOUNCEKIT_VERP_SECRET")
    secret = tmp_path / "secret"
    secret.write_text(SECRET + "\n")
    decoded = runner.invoke(
        main,
        [
            "verp",
            "decode",
            "--domain",
            "b.example.org",
            "--verp-secret-file",
            str(secret),
            encoded,
            "bounces+jo=example.com@b.example.org",
        ],
    )
    assert [json.loads(line)["tag"] for line in decoded.output.splitlines()] == ["valid", "missing"]


def test_errors_are_one_line(tmp_path: Path) -> None:
    runner = CliRunner()
    bad = runner.invoke(main, ["verp", "encode", "--domain", "b.example.org", "not an address"])
    assert bad.exit_code == 1 and bad.output.startswith("Error: not an email address: 'not an address'")
    short = tmp_path / "short"
    short.write_text("short")
    weak = runner.invoke(
        main,
        ["verp", "encode", "--domain", "b.example.org", "--verp-secret-file", str(short), "jo@example.com"],
    )
    assert weak.output == "Error: the VERP secret must be at least 16 bytes long\n"
