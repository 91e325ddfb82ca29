"""The ``bouncekit`` group: every command documented, with an example; --version."""

from __future__ import annotations

import re
import subprocess
import sys

import click
import pytest

import bouncekit
from bouncekit.cli import COMMANDS, main


def command_paths(group: click.Group = main, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    """Every command and sub-command, as the words that call it."""
    paths = []
    for name, command in group.commands.items():
        paths.append((*prefix, name))
        if isinstance(command, click.Group):
            paths += command_paths(command, (*prefix, name))
    return paths


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "bouncekit", *args], capture_output=True, text=True,
                          timeout=60)


def test_every_listed_command_is_registered():
    assert set(COMMANDS) == set(main.commands)


@pytest.mark.parametrize("words", [(), *command_paths()], ids=lambda words: " ".join(words) or "main")
def test_every_command_has_help_that_ends_with_an_example(words):
    result = run(*words, "--help")
    assert result.returncode == 0
    assert result.stdout.startswith("Usage: ") and f"bouncekit {' '.join(words)}".rstrip() in result.stdout
    # The example comes last, after the options: the first thing seen from the bottom.
    before, _, example = result.stdout.rstrip().rpartition("\n  Example:\n")
    assert "Options:" in before and "Options:" not in example
    assert re.search(rf"\bbouncekit\b.*\b{words[-1]}\b" if words else r"\bbouncekit \w", example)


def test_version():
    result = run("--version")
    assert result.returncode == 0 and bouncekit.__version__ in result.stdout


def test_an_unknown_command_is_a_usage_error():
    assert run("frobnicate").returncode == 2
