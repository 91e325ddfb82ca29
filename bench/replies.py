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
        result = bouncekit.classify(row["text"])
        if int(result.bounce_class) in row["classes"]:
            ok += 1
        else:
            failures.append(
                f"{row.get('provider', '?')}: {row['text'][:120]!r} -> "
                f"{int(result.bounce_class)} ({result.rule}), want {row['classes']}"
            )
    return ok, failures


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
    return 0 if pct >= BAR else 1


if __name__ == "__main__":
    sys.exit(main())
