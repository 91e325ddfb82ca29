"""Accuracy of ``bouncekit.parse`` on a labelled corpus laid out like shared/corpus/sisimai.

    python bench/accuracy.py ../shared/corpus/sisimai [--failures]

Prints recipient recall, class accuracy, status agreement, event agreement, records
found in not-bounces/, unsplit-bounces/ decoded without error, and whether CRLF and
CR-only copies of every message give the same records as the LF original. Exits 1
when a figure is below its bar.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from pathlib import Path

import bouncekit
from bouncekit.address import key
from bouncekit.errors import AddressError

BARS = {"class": 97.0, "recipient": 99.0, "status": 97.0}


def variants(data: bytes) -> dict[str, bytes]:
    lf = data.replace(b"\r\n", b"\n")
    return {"crlf": lf.replace(b"\n", b"\r\n"), "cr": lf.replace(b"\n", b"\r")}


def decode(data: bytes, where: str, errors: list[str]) -> list[dict]:
    try:
        return [r.to_dict() for r in bouncekit.parse(data).records]
    except bouncekit.BounceError as exc:
        errors.append(f"{where}: {exc}")
        return []


def same_address(found: str | None, want: str | None) -> bool:
    """The two name one address as bouncekit keys addresses (``bouncekit.address.key``: a
    domain written in Unicode or as its A-labels is the same domain), else compared in
    lower case."""
    if not found or not want:
        return False
    try:
        return key(found) == key(want)
    except AddressError:
        return found.lower() == want.lower()


def match(row: dict, records: list[dict], used: set[int]) -> dict | None:
    want = row.get("recipient") or ""
    for i, rec in enumerate(records):
        if i not in used and want and same_address(rec["recipient"], want):
            used.add(i)
            return rec
    i = row["index"] - 1
    if 0 <= i < len(records) and i not in used:
        used.add(i)
        return records[i]
    return None


def pct(n: int, d: int) -> float:
    return 100.0 * n / d if d else 100.0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("corpus", type=Path)
    ap.add_argument("--failures", action="store_true", help="list every mismatch")
    args = ap.parse_args(argv)
    corpus: Path = args.corpus
    labels = defaultdict(list)
    for line in (corpus / "labels.jsonl").read_text().splitlines():
        if line.strip():
            row = json.loads(line)
            labels[row["file"]].append(row)

    errors: list[str] = []
    failures: list[str] = []
    n = {"recipient": 0, "class": 0, "status": 0, "event": 0}
    ok = {"recipient": 0, "class": 0, "status": 0, "event": 0}
    same = {"crlf": 0, "cr": 0}
    files = sorted(labels)
    for name in files:
        data = (corpus / "emails" / name).read_bytes()
        records = decode(data, name, errors)
        for kind, variant in variants(data).items():
            if decode(variant, f"{name} ({kind})", errors) == records:
                same[kind] += 1
            else:
                failures.append(f"{name}: {kind} copy gives different records")
        used: set[int] = set()
        for row in sorted(labels[name], key=lambda r: r["index"]):
            rec = match(row, records, used)
            tag = f"{name}#{row['index']}"
            if row.get("recipient"):
                n["recipient"] += 1
                if rec and same_address(rec["recipient"], row["recipient"]):
                    ok["recipient"] += 1
                else:
                    failures.append(f"{tag}: recipient {row['recipient']} not found "
                                    f"(got {[r['recipient'] for r in records]})")
            n["event"] += 1
            if rec and rec["event"] == row["event"]:
                ok["event"] += 1
            else:
                failures.append(f"{tag}: event {rec and rec['event']} != {row['event']}")
            if row["classes"]:
                n["class"] += 1
                if rec and rec["class"] in row["classes"]:
                    ok["class"] += 1
                else:
                    got = rec and (rec["class"], rec["reason"], rec["rule"])
                    failures.append(f"{tag}: class {got} not in {row['classes']} "
                                    f"({row['source_reason']}) diag={rec and rec['diagnostic']!r}")
            if row["status"]:
                n["status"] += 1
                if rec and rec["status"] == row["status"]:
                    ok["status"] += 1
                else:
                    failures.append(f"{tag}: status {rec and rec['status']} != {row['status']}")

    not_bounce_records = 0
    not_bounce_files = sorted((corpus / "not-bounces").glob("*")) if (corpus / "not-bounces").is_dir() else []
    for path in not_bounce_files:
        found = decode(path.read_bytes(), path.name, errors)
        if found:
            failures.append(f"not-bounces/{path.name}: {len(found)} records")
        not_bounce_records += len(found)
    unsplit = sorted((corpus / "unsplit-bounces").glob("*")) if (corpus / "unsplit-bounces").is_dir() else []
    unsplit_errors_before = len(errors)
    for path in unsplit:
        decode(path.read_bytes(), f"unsplit-bounces/{path.name}", errors)
    unsplit_ok = len(unsplit) - (len(errors) - unsplit_errors_before)

    if args.failures:
        for line in failures:
            print("FAIL", line)
    for line in errors:
        print("ERROR", line)
    figures = {
        "recipient": pct(ok["recipient"], n["recipient"]),
        "class": pct(ok["class"], n["class"]),
        "status": pct(ok["status"], n["status"]),
        "event": pct(ok["event"], n["event"]),
    }
    print(f"messages: {len(files)} labelled, {sum(len(v) for v in labels.values())} label rows")
    print(f"recipient recall:  {figures['recipient']:6.2f} %  ({ok['recipient']}/{n['recipient']})")
    print(f"class accuracy:    {figures['class']:6.2f} %  ({ok['class']}/{n['class']})")
    print(f"status agreement:  {figures['status']:6.2f} %  ({ok['status']}/{n['status']})")
    print(f"event agreement:   {figures['event']:6.2f} %  ({ok['event']}/{n['event']})")
    print(f"not-bounces:       {not_bounce_records} records from {len(not_bounce_files)} messages")
    print(f"unsplit-bounces:   {unsplit_ok}/{len(unsplit)} decoded without error")
    print(f"CRLF identical:    {same['crlf']}/{len(files)}")
    print(f"CR identical:      {same['cr']}/{len(files)}")
    below = [k for k, bar in BARS.items() if figures[k] < bar]
    if not_bounce_records:
        below.append("not-bounces")
    if same["crlf"] != len(files) or same["cr"] != len(files):
        below.append("line-endings")
    if errors:
        below.append("errors")
    if below:
        print("BELOW BAR:", ", ".join(below))
        return 1
    print("all bars met")
    return 0


if __name__ == "__main__":
    sys.exit(main())
