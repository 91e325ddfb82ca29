"""Throughput and memory of ``bouncekit parse`` on a large mbox.

Builds an mbox of at least --messages messages (default 100,000) from the corpus
emails in a temporary folder, then runs ``bouncekit parse --format json`` on it with
``--jobs 1`` and ``--jobs 2`` (output to /dev/null) and prints, for each, messages
per second, the CPU time and the peak memory of the whole process tree (the command,
its worker processes, the forkserver and multiprocessing's resource tracker), sampled
from /proc every 250 ms. The machine may be shared: compare the wall time with the CPU
time to see how contended it was.

Memory is given two ways. The tree's PSS (proportional set size, from
``/proc/PID/smaps_rollup``) counts a page shared by several processes once, split among
them: it is what the tree takes from the machine, and the bar's figure. The sum of the
processes' RSS counts such a page once per process: the workers are forked from the
forkserver and share its imported modules and compiled rules, so the sum overstates the
tree by the size of what they share (printed beside, for comparison with earlier runs).

Bars: ``--jobs 2`` at least 1.8 times ``--jobs 1`` on a 2-core machine (the speed
issue's; the first bar was 1.6); peak memory (PSS) under 200 MB whatever the mbox size.

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


#: How often the process tree is sampled. Each sample reads every process's /proc entries
#: and the tree's smaps_rollup, 5 ms of CPU or more (measured with 137 processes on the
#: machine): at 50 ms a tenth of a core or more, which ``--jobs 2`` on two cores has to share
#: with this monitor (``--jobs 1`` leaves it a free core), so the ratio measured the monitor
#: too. The tree's memory is flat, so 250 ms still sees its peak.
SAMPLE_SECONDS = 0.25


def tree_sample(root: int) -> tuple[int, int, dict[int, float]]:
    """The resident memory in bytes of ``root`` and all its descendants (the sum of their
    RSS, and of their PSS), and the CPU seconds each of them has used so far."""
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
    pss = sum(proportional_set_size(pid) for pid in tree)
    return sum(rss.get(pid, 0) for pid in tree), pss, {pid: cpu[pid] for pid in tree if pid in cpu}


def proportional_set_size(pid: int) -> int:
    """The PSS of ``pid`` in bytes (0 if it has ended)."""
    try:
        with open(f"/proc/{pid}/smaps_rollup", "rb") as f:
            for line in f:
                if line.startswith(b"Pss:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def run(mbox: Path, jobs: int) -> tuple[float, int, int, float, int]:
    """Run the command; return (seconds, peak tree RSS and PSS in bytes, tree CPU seconds,
    status).

    The CPU seconds are those last seen before each process ended (sampled every
    ``SAMPLE_SECONDS``),
    so slightly low; next to the wall time they show how contended the machine was.
    """
    command = [sys.executable, "-m", "bouncekit", "parse", "--format", "json", "--jobs", str(jobs),
               str(mbox)]
    with open(os.devnull, "wb") as devnull:
        start = time.perf_counter()
        process = subprocess.Popen(command, stdout=devnull)
        peak_rss = peak_pss = 0
        cpu: dict[int, float] = {}
        while process.poll() is None:
            rss, pss, seen = tree_sample(process.pid)
            peak_rss, peak_pss = max(peak_rss, rss), max(peak_pss, pss)
            cpu.update(seen)
            time.sleep(SAMPLE_SECONDS)
        elapsed = time.perf_counter() - start
    return elapsed, peak_rss, peak_pss, sum(cpu.values()), process.returncode


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
            elapsed, peak_rss, peak_pss, cpu, status = run(mbox, jobs)
            rates[jobs] = args.messages / elapsed
            ok = 0 < peak_pss < MEMORY_BAR_MB * 1e6
            failed |= not ok or status not in (0, 1)
            print(f"--jobs {jobs}: {rates[jobs]:,.0f} messages/s ({elapsed:.1f} s wall, "
                  f"{cpu:.1f} s CPU in the process tree), peak memory of the process tree "
                  f"{peak_pss / 1e6:.0f} MB PSS [{'ok' if ok else 'FAIL'}: bar < {MEMORY_BAR_MB} MB] "
                  f"(summed RSS {peak_rss / 1e6:.0f} MB), exit {status}")
        if 1 in rates and 2 in rates:
            ratio = rates[2] / rates[1]
            ok = ratio >= SPEEDUP_BAR
            failed |= not ok
            print(f"--jobs 2 / --jobs 1 = {ratio:.2f} [{'ok' if ok else 'FAIL'}: bar >= {SPEEDUP_BAR}]")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
