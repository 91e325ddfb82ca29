"""Every published reply of tests/fixtures/replies/providers.jsonl lands in one of its classes.

The file is a copy of ``../shared/corpus/replies/providers.jsonl`` (its README, kept beside
it, gives the sources and the labelling rules). Each row is classified from its text
alone, as ``bench/replies.py`` and a user pasting a reply do: no remote host, no codes
given apart from those in the text.

A row that still fails is listed in ``KNOWN_FAILURES`` with the reason, as a strict
xfail: when a change fixes it, the test turns red until the entry is removed.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import bouncekit

REPLIES = Path(__file__).parent.parent / "fixtures" / "replies" / "providers.jsonl"
ROWS = [json.loads(line) for line in REPLIES.read_text(encoding="utf-8").splitlines() if line.strip()]

#: Row text (first 60 characters) -> why it still lands outside its classes.
KNOWN_FAILURES: dict[str, str] = {}


def _params():
    for number, row in enumerate(ROWS, 1):
        why = KNOWN_FAILURES.get(row["text"][:60])
        marks = [pytest.mark.xfail(reason=why, strict=True)] if why else []
        yield pytest.param(row, id=f"{number:03d}-{row['provider']}-{row['text'][:40]}", marks=marks)


@pytest.mark.parametrize("row", list(_params()))
def test_published_reply_lands_in_its_classes(row):
    result = bouncekit.classify(row["text"])
    assert int(result.bounce_class) in row["classes"], (
        f"{row['text']!r} gave {int(result.bounce_class)} by rule {result.rule}; "
        f"labelled {row['classes']} ({row['reason']}: {row['meaning']})"
    )


def test_known_failures_name_real_rows():
    prefixes = {row["text"][:60] for row in ROWS}
    assert set(KNOWN_FAILURES) <= prefixes
