"""Accuracy of ``bouncekit.webhooks.parse`` on a labelled set of ESP webhook bodies.

    python bench/webhook_accuracy.py tests/fixtures/webhooks-blind [--failures]

The set is laid out as ``<esp>/<case>.json`` (``.form`` for a form-encoded body) with an
``expected.json`` that maps each file to the records it must give, in order, each
``{"event": ..., "recipient": ..., "classes": [...] or null}`` (an empty list: no record).
Prints, over the expected records: how many were found with their recipient, their event
and a class among ``classes`` (any class where ``classes`` is null); the files whose
number of records differs; records given where none were expected; and files that raised
an error. Exits 1 below the bar (95 % of the expected records right in all three).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from bouncekit import webhooks
from bouncekit.errors import BounceError

BAR = 95.0


def _content_type(path: Path) -> str:
    return "application/x-www-form-urlencoded" if path.suffix == ".form" else "application/json"


def score(root: Path) -> tuple[dict[str, int], list[str]]:
    """The counts and one line per miss of the set under ``root``."""
    expected: dict[str, list[dict]] = json.loads((root / "expected.json").read_text())
    counts = {"expected": 0, "recipient": 0, "event": 0, "class": 0, "right": 0, "extra": 0, "errors": 0}
    failures: list[str] = []
    for name, wanted in sorted(expected.items()):
        path = root / name
        esp = name.partition("/")[0]
        try:
            records = webhooks.parse(esp, path.read_bytes(), content_type=_content_type(path))
        except BounceError as exc:
            counts["errors"] += 1
            counts["expected"] += len(wanted)
            failures.append(f"{name}: error {exc}")
            continue
        got = [(str(r.event), r.recipient, int(r.bounce_class) if r.bounce_class is not None else None)
               for r in records]
        if len(got) > len(wanted):
            counts["extra"] += len(got) - len(wanted)
        if len(got) != len(wanted):
            failures.append(f"{name}: {len(got)} records, {len(wanted)} expected: got {got}")
        unused = list(got)
        for want in wanted:
            counts["expected"] += 1
            # The record for this recipient (and event, where two events name one recipient).
            match = next((g for g in unused if g[1] == want["recipient"] and g[0] == want["event"]), None)
            match = match or next((g for g in unused if g[1] == want["recipient"]), None)
            if match is None:
                failures.append(f"{name}: {want['recipient']} ({want['event']}) not found")
                continue
            unused.remove(match)
            counts["recipient"] += 1
            event_ok = match[0] == want["event"]
            class_ok = want["classes"] is None or match[2] in want["classes"]
            counts["event"] += event_ok
            counts["class"] += class_ok
            counts["right"] += event_ok and class_ok
            if not (event_ok and class_ok):
                failures.append(f"{name}: {want['recipient']}: got {match[0]} {match[2]}, "
                                f"want {want['event']} {want['classes']}")
    return counts, failures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("root", type=Path)
    parser.add_argument("--failures", action="store_true", help="print each miss")
    args = parser.parse_args()
    counts, failures = score(args.root)
    if args.failures:
        for line in failures:
            print(line)
    total = counts["expected"] or 1
    for key in ("recipient", "event", "class", "right"):
        print(f"{key + ':':11}{100 * counts[key] / total:7.2f} %  ({counts[key]}/{counts['expected']})")
    print(f"extra:      {counts['extra']} records beyond those expected")
    print(f"errors:     {counts['errors']} files")
    right = 100 * counts["right"] / total
    if right < BAR or counts["errors"]:
        print(f"BELOW BAR: {right:.2f} % right (bar {BAR} %), {counts['errors']} errors")
        return 1
    print("bar met")
    return 0


if __name__ == "__main__":
    sys.exit(main())
