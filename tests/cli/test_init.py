"""The ``bouncekit`` group: every command documented, with an example; --version."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest

import bouncekit
from bouncekit.cli import COMMANDS, main


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "bouncekit", *args], capture_output=True, text=True,
                          timeout=60)


@pytest.mark.parametrize("name", COMMANDS)
def test_every_command_has_help_that_ends_with_an_example(name):
    result = run(name, "--help")
    assert result.returncode == 0
    assert result.stdout.startswith("Usage: ") and f"bouncekit {name} [OPTIONS]" in result.stdout
    docstring = main.commands[name].help or ""
    example = docstring.rstrip().rsplit("Example:", 1)
    assert len(example) == 2 and re.search(rf"\bbouncekit\b.*\b{name}\b", example[1])


def test_version():
    result = run("--version")
    assert result.returncode == 0 and bouncekit.__version__ in result.stdout


def test_an_unknown_command_is_a_usage_error():
    assert run("frobnicate").returncode == 2
