"""Speed of ``bouncekit.parse`` and ``bouncekit.classify`` on one core.

    python bench/throughput.py ../shared/corpus/sisimai [--rounds 3]

Prints messages per second for ``parse`` over every corpus email (best of N rounds,
in this one process), replies per second for ``classify`` over the diagnostic texts
those emails give, and the peak memory of the process. Exits 1 below the bars
(parse >= 3,000 messages/s, classify >= 50,000 replies/s).
"""

from __future__ import annotations

import argparse
import contextlib
import resource
import sys
import time
from pathlib import Path

import bouncekit

PARSE_BAR = 3_000
CLASSIFY_BAR = 50_000


def best_rate(work, items: list, rounds: int) -> float:
    best = float("inf")
    for _ in range(rounds):
        start = time.perf_counter()
        for item in items:
            work(item)
        best = min(best, time.perf_counter() - start)
    return len(items) / best


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("corpus", type=Path)
    ap.add_argument("--rounds", type=int, default=3)
    args = ap.parse_args(argv)
    paths = sorted((args.corpus / "emails").glob("*.eml"))
    messages = [p.read_bytes() for p in paths]
    if not messages:
        print(f"no emails under {args.corpus / 'emails'}", file=sys.stderr)
        return 2

    def parse_one(data: bytes) -> None:
        with contextlib.suppress(bouncekit.BounceError):
            bouncekit.parse(data)

    parse_one(messages[0])  # load and compile the rules outside the timing
    parse_rate = best_rate(parse_one, messages, args.rounds)

    replies = []
    for data in messages:
        try:
            replies += [r.diagnostic for r in bouncekit.parse(data).records if r.diagnostic]
        except bouncekit.BounceError:
            continue
    # Classify a realistic stream: each distinct reply several times, as a log would.
    stream = replies * max(1, 20_000 // max(1, len(replies)))
    classify_rate = best_rate(bouncekit.classify, stream, args.rounds)

    hostile = {
        "20 MB bounce": messages[0] + b"X" * 20_000_000,
        "1.5 MB Content-Type header": b"Content-Type: multipart/mixed; " + b"a=b; " * 300_000
        + b"boundary=x\n\n--x\n\nhi\n--x--\n",
        "2.8 MB of RFC 2047 words": b"Subject: " + b"=?utf-8?q?a?= " * 200_000 + b"\n\nbody",
        "100,000 MIME parts": b'Content-Type: multipart/mixed; boundary="b"\n\n'
        + b"--b\nContent-Type: text/plain\n\nx\n" * 100_000 + b"--b--\n",
    }
    slowest = 0.0
    for label, data in hostile.items():
        start = time.perf_counter()
        parse_one(data)
        elapsed = time.perf_counter() - start
        slowest = max(slowest, elapsed)
        print(f"hostile:  {elapsed * 1000:8.0f} ms  {label}")

    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    size_kb = sum(map(len, messages)) / len(messages) / 1024
    print(f"parse:    {parse_rate:10,.0f} messages/s  ({len(messages)} messages, mean {size_kb:.1f} KiB, "
          f"best of {args.rounds})")
    print(f"classify: {classify_rate:10,.0f} replies/s   ({len(replies)} distinct diagnostics, "
          f"{len(stream)} per round)")
    print(f"peak memory: {peak_mb:.0f} MB")
    failed = []
    if parse_rate < PARSE_BAR:
        failed.append(f"parse < {PARSE_BAR:,}/s")
    if slowest >= 1.0:
        failed.append("a hostile input took a second or more")
    if classify_rate < CLASSIFY_BAR:
        failed.append(f"classify < {CLASSIFY_BAR:,}/s")
    if failed:
        print("BELOW BAR:", ", ".join(failed))
        return 1
    print("all bars met")
    return 0


if __name__ == "__main__":
    sys.exit(main())
