"""``bouncekit classes``, driven as a real subprocess."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys

from bouncekit import CLASSES


def run(*args: str) -> str:
    result = subprocess.run([sys.executable, "-m", "bouncekit", "classes", *args], capture_output=True,
                            text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_classes_in_every_format_match_the_table():
    as_json = [json.loads(line) for line in run("--format", "json").splitlines()]
    assert as_json == [info.to_dict() for info in CLASSES]
    rows = list(csv.DictReader(io.StringIO(run("--format", "csv"))))
    assert [int(r["code"]) for r in rows] == [info.code for info in CLASSES]
    heading, *lines = run("--format", "table").splitlines()
    assert heading.split() == ["CODE", "NAME", "TYPE", "DESCRIPTION"] and len(lines) == len(CLASSES)
