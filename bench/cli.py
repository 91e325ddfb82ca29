"""Throughput and memory of ``bouncekit parse`` on a large mbox.

Builds an mbox of at least --messages messages (default 100,000) from the corpus
emails in a temporary folder, then runs ``bouncekit parse --format json`` on it with
``--jobs 1`` and ``--jobs 2`` (output to /dev/null) and prints, for each, messages
per second, the CPU time and the peak memory of the whole process tree (the command,
its worker processes and the forkserver), sampled from /proc every 50 ms. The machine
may be shared: compare the wall time with the CPU time to see how contended it was.

Bars: ``--jobs 2`` at least 1.8 times ``--jobs 1`` on a 2-core machine (the speed
issue's; the first bar was 1.6); peak memory under 200 MB whatever the mbox size.

    .venv/bin/python bench/cli.py [--messages N] [--corpus DIR] [--jobs 1,2]
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "fixtures" / "sisimai" / "emails"
ENVELOPE = b"From MAILER-DAEMON Thu Sep 18 17:54:04 2008\n"
_BODY_FROM = re.compile(rb"^(>*From )", re.M)
PAGE = os.sysconf("SC_PAGE_SIZE")
TICKS = os.sysconf("SC_CLK_TCK")
MEMORY_BAR_MB = 200
SPEEDUP_BAR = 1.8


def build_mbox(target: Path, corpus: Path, count: int) -> int:
    """Write an mbox of ``count`` messages cycling through the corpus; return its size."""
    messages = []
    for path in sorted(corpus.glob("*.eml")):
        data = path.read_bytes().replace(b"\r\n", b"\n")
        if data.startswith(b"From "):  # an envelope line of its own: drop it
            data = data.split(b"\n", 1)[1]
        # mboxrd: quote body lines that start with "From " so they do not split.
        data = _BODY_FROM.sub(rb">\1", data)
        messages.append(ENVELOPE + data.rstrip(b"\n") + b"\n\n")
    with target.open("wb") as out:
        for i in range(count):
            out.write(messages[i % len(messages)])
    return target.stat().st_size


def tree_sample(root: int) -> tuple[int, dict[int, float]]:
    """The resident memory in bytes of ``root`` and all its descendants, and the CPU
    seconds each of them has used so far."""
    parents: dict[int, int] = {}
    rss: dict[int, int] = {}
    cpu: dict[int, float] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as f:
                stat = f.read()
            with open(f"/proc/{entry}/statm", "rb") as f:
                statm = f.read().split()
        except OSError:
            continue
        fields = stat[stat.rfind(b")") + 2 :].split()
        pid = int(entry)
        parents[pid] = int(fields[1])
        rss[pid] = int(statm[1]) * PAGE
        cpu[pid] = (int(fields[11]) + int(fields[12])) / TICKS
    tree = {root}
    changed = True
    while changed:
        changed = False
        for pid, ppid in parents.items():
            if ppid in tree and pid not in tree:
                tree.add(pid)
                changed = True
    return sum(rss.get(pid, 0) for pid in tree), {pid: cpu[pid] for pid in tree if pid in cpu}


def run(mbox: Path, jobs: int) -> tuple[float, int, float, int]:
    """Run the command; return (seconds, peak tree RSS in bytes, tree CPU seconds, status).

    The CPU seconds are those last seen before each process ended (sampled every 50 ms),
    so slightly low; next to the wall time they show how contended the machine was.
    """
    command = [sys.executable, "-m", "bouncekit", "parse", "--format", "json", "--jobs", str(jobs),
               str(mbox)]
    with open(os.devnull, "wb") as devnull:
        start = time.perf_counter()
        process = subprocess.Popen(command, stdout=devnull)
        peak = 0
        cpu: dict[int, float] = {}
        while process.poll() is None:
            rss, seen = tree_sample(process.pid)
            peak = max(peak, rss)
            cpu.update(seen)
            time.sleep(0.05)
        elapsed = time.perf_counter() - start
    return elapsed, peak, sum(cpu.values()), process.returncode


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--messages", type=int, default=100_000)
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--jobs", default="1,2", help="comma-separated --jobs values to run")
    args = parser.parse_args()
    jobs_list = [int(j) for j in args.jobs.split(",")]
    with tempfile.TemporaryDirectory(prefix="bouncekit-bench-") as tmp:
        mbox = Path(tmp) / "bounces.mbox"
        size = build_mbox(mbox, args.corpus, args.messages)
        print(f"mbox: {args.messages:,} messages, {size / 1e6:,.1f} MB; cores: {os.cpu_count()}")
        rates: dict[int, float] = {}
        failed = False
        for jobs in jobs_list:
            elapsed, peak, cpu, status = run(mbox, jobs)
            rates[jobs] = args.messages / elapsed
            ok = peak < MEMORY_BAR_MB * 1e6
            failed |= not ok or status not in (0, 1)
            print(f"--jobs {jobs}: {rates[jobs]:,.0f} messages/s ({elapsed:.1f} s wall, "
                  f"{cpu:.1f} s CPU in the process tree), peak RSS of the process tree "
                  f"{peak / 1e6:.0f} MB [{'ok' if ok else 'FAIL'}: bar < {MEMORY_BAR_MB} MB], "
                  f"exit {status}")
        if 1 in rates and 2 in rates:
            ratio = rates[2] / rates[1]
            ok = ratio >= SPEEDUP_BAR
            failed |= not ok
            print(f"--jobs 2 / --jobs 1 = {ratio:.2f} [{'ok' if ok else 'FAIL'}: bar >= {SPEEDUP_BAR}]")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
