"""Class accuracy of ``bouncekit.classify`` on labelled SMTP replies (one JSON object a line).

    python bench/replies.py ../shared/corpus/replies/providers.jsonl [--failures]

Each row has ``text`` (the reply as published) and ``classes`` (the acceptable class
codes); a row counts when ``bouncekit.classify(row["text"])`` lands in one of them. Only
the text is given, as a user pasting a reply would: no remote host, no separate codes.
Prints "N/M = X %" and exits 1 below the bar (97 %).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import bouncekit

BAR = 97.0


def score(rows: list[dict]) -> tuple[int, list[str]]:
    """The rows in class, and one line per row that is not."""
    ok, failures = 0, []
    for row in rows:
        if in_class(row):
            ok += 1
        else:
            result = bouncekit.classify(row["text"])
            failures.append(
                f"{row.get('provider') or row.get('family', '?')}: {row['text'][:120]!r} -> "
                f"{int(result.bounce_class)} ({result.rule}), want {row['classes']}"
            )
    return ok, failures


def in_class(row: dict) -> bool:
    """Whether ``classify`` puts the row's text in one of its acceptable classes."""
    return int(bouncekit.classify(row["text"]).bounce_class) in row["classes"]


def by_group(rows: list[dict]) -> list[str]:
    """"group: N/M = X %" for each ``group`` the rows name (the blind sets have them)."""
    groups: dict[str, list[bool]] = {}
    for row in rows:
        if "group" in row:
            groups.setdefault(row["group"], []).append(in_class(row))
    return [f"  {name}: {sum(hits)}/{len(hits)} = {100.0 * sum(hits) / len(hits):.1f} %"
            for name, hits in groups.items()]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("replies", type=Path, help="a JSON-lines file of labelled replies")
    ap.add_argument("--failures", action="store_true", help="list every row out of class")
    args = ap.parse_args(argv)
    lines = args.replies.read_text(encoding="utf-8").splitlines()
    rows = [json.loads(line) for line in lines if line.strip()]
    ok, failures = score(rows)
    if args.failures:
        for line in failures:
            print(line)
    pct = 100.0 * ok / len(rows) if rows else 100.0
    print(f"{ok}/{len(rows)} = {pct:.1f} %")
    for line in by_group(rows):
        print(line)
    return 0 if pct >= BAR else 1


if __name__ == "__main__":
    sys.exit(main())
