"""Accuracy of the formats' common readers on formats they were not written for.

    python bench/ablation.py ../shared/corpus/sisimai [--failures]

Each labelled message decoded by a format's own decoder is decoded again with that
decoder taken out of the registry, so that what remains (another MTA's decoder, the
RFC 3464 backbone, the fallback) reads it as it would read a variant or a vendor it
does not know. Prints recipient recall and class accuracy of these second readings,
overall and per decoder taken out. Messages read by the backbone or the fallback
themselves are left out (nothing is taken out for them).

This estimates how bouncekit does on bounces unlike the ones its decoders were written
from; it is not a bar. Feedback reports, auto-replies, challenges and mailing-list
notices are formats of their own that nothing else reads: their rows are printed but
they say little.
"""

from __future__ import annotations

import argparse
import json
from collections import Counter, defaultdict
from pathlib import Path

import bouncekit
from accuracy import match  # (bench/ is the script's folder: the same row matching)
from bouncekit import api
from bouncekit.decoders import REGISTRY
from bouncekit.decoders.base import Index

#: Decoders that read any format: nothing is taken out for the messages they decide.
COMMON = frozenset({"rfc3464", "fallback"})


def without(name: str, data: bytes) -> bouncekit.Report | None:
    """The report of ``data`` with the decoder ``name`` out of the registry."""
    kept, api.INDEX = api.INDEX, Index([d for d in REGISTRY if d.name != name])
    try:
        return bouncekit.parse(data)
    except bouncekit.BounceError:
        return None
    finally:
        api.INDEX = kept


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("corpus", type=Path)
    ap.add_argument("--failures", action="store_true", help="list every miss")
    args = ap.parse_args(argv)
    labels: dict[str, list[dict]] = defaultdict(list)
    for line in (args.corpus / "labels.jsonl").read_text().splitlines():
        if line.strip():
            row = json.loads(line)
            labels[row["file"]].append(row)

    per_decoder: dict[str, Counter[str]] = defaultdict(Counter)
    failures: list[str] = []
    for name in sorted(labels):
        data = (args.corpus / "emails" / name).read_bytes()
        try:
            own = bouncekit.parse(data).decoder
        except bouncekit.BounceError:
            continue
        if own is None or own in COMMON:
            continue
        report = without(own, data)
        records = [r.to_dict() for r in report.records] if report else []
        by = report.decoder if report else None
        counts = per_decoder[own]
        used: set[int] = set()
        for row in sorted(labels[name], key=lambda r: r["index"]):
            record = match(row, records, used)
            want = (row.get("recipient") or "").lower()
            if want:
                record = record if record and (record["recipient"] or "").lower() == want else None
                counts["recipients"] += 1
                if record:
                    counts["recipients found"] += 1
                else:
                    failures.append(f"{name} without {own}: {want} not found (read by {by})")
            if row["classes"]:
                counts["classes"] += 1
                if record and record["class"] in row["classes"]:
                    counts["classes right"] += 1
                elif record:
                    failures.append(
                        f"{name} without {own}: class {record['class']} ({record['rule']}) not in "
                        f"{row['classes']}, read by {by}, diagnostic {record['diagnostic']!r}"
                    )

    if args.failures:
        for line in failures:
            print("MISS", line)
    print(f"{'decoder taken out':<20} {'recipients':>12} {'classes':>12}")
    for own, counts in sorted(per_decoder.items()):
        print(f"{own:<20} {counts['recipients found']:>5}/{counts['recipients']:<6} "
              f"{counts['classes right']:>5}/{counts['classes']:<6}")
    total: Counter[str] = sum(per_decoder.values(), Counter())
    recall = 100.0 * total["recipients found"] / max(1, total["recipients"])
    accuracy = 100.0 * total["classes right"] / max(1, total["classes"])
    print(f"recipient recall without the own decoder: {recall:6.2f} %  "
          f"({total['recipients found']}/{total['recipients']})")
    print(f"class accuracy without the own decoder:   {accuracy:6.2f} %  "
          f"({total['classes right']}/{total['classes']})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
