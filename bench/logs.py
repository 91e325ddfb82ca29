"""Speed of ``bouncekit logs`` on a generated Postfix log.

    python bench/logs.py [--lines 1000000] [--gzip] [--keep DIR] [--jobs 1|2]

Writes a Postfix mail log of ``--lines`` lines to a temporary folder (the shape of a
busy outbound relay: smtpd, cleanup, qmgr, smtp and bounce lines, mostly deliveries,
some bounces and deferrals, a few expiries), runs ``bouncekit logs --format json`` on
it as a subprocess with its output to /dev/null, and prints lines per second and the
peak memory (RSS) of that process. Exits 1 below the bar: 600,000 lines/s, the speed
issue's (the log reader's first bar was 100,000). The figure includes the process's
start (the rules read and compiled). The command reads with two processes where two CPUs
are free (``--jobs`` here passes its own); the peak memory is that of the larger. The
machine may be shared: take the figures as noisy and compare runs, not single numbers.
"""

from __future__ import annotations

import argparse
import gzip
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BAR = 600_000

# Remote replies as real servers word them; {rcpt} is the recipient.
BOUNCES = (
    ("5.1.1", "host {mx}[{ip}] said: 550 5.1.1 <{rcpt}>: Recipient address rejected: User unknown in "
              "virtual mailbox table (in reply to RCPT TO command)"),
    ("5.1.1", "host {mx}[{ip}] said: 550-5.1.1 The email account that you tried to reach does not exist. "
              "Please try double-checking the recipient's email address for typos or unnecessary spaces. "
              "For more information, go to 550 5.1.1  https://support.google.com/mail/?p=NoSuchUser "
              "a640c23a62f3a-a9a1234567si123456.87 - gsmtp (in reply to RCPT TO command)"),
    ("5.2.2", "host {mx}[{ip}] said: 552 5.2.2 <{rcpt}>: Mailbox full (in reply to RCPT TO command)"),
    ("5.7.1", "host {mx}[{ip}] said: 554 5.7.1 Service unavailable; Client host [198.51.100.23] blocked "
              "using zen.spamhaus.org (in reply to RCPT TO command)"),
    ("5.7.1", "host {mx}[{ip}] said: 550 5.7.1 Unauthenticated email from example.org is not accepted "
              "due to domain's DMARC policy (in reply to end of DATA command)"),
    ("5.4.4", "Host or domain name not found. Name service error for name={domain} type=A: Host not found"),
    ("5.1.1", "unknown user: \"{local}\""),
    ("5.0.0", "host {mx}[{ip}] said: 550 Requested action not taken: mailbox unavailable "
              "(in reply to RCPT TO command)"),
)
DEFERRALS = (
    ("4.4.1", "connect to {mx}[{ip}]:25: Connection timed out"),
    ("4.7.1", "host {mx}[{ip}] said: 450 4.7.1 <{rcpt}>: Recipient address rejected: Greylisted, "
              "see https://postgrey.schweikert.ch/help/{domain}.html (in reply to RCPT TO command)"),
    ("4.2.2", "host {mx}[{ip}] said: 452 4.2.2 The email account that you tried to reach is over quota "
              "(in reply to RCPT TO command)"),
    ("4.4.2", "lost connection with {mx}[{ip}] while receiving the initial server greeting"),
)
DOMAINS = [f"example{n}.com" for n in range(40)] + ["example.net", "example.org", "example.co.uk"]


def generate(path: Path, lines: int, seed: int = 7) -> int:
    """Write the log; return the number of lines written."""
    rng = random.Random(seed)
    opener = gzip.open if path.suffix == ".gz" else open
    written = 0
    second = 0
    with opener(path, "wt", encoding="utf-8") as out:
        serial = 0
        while written < lines:
            serial += 1
            second += rng.randint(0, 1)
            day, clock = 1 + second // 86400 % 28, second % 86400
            stamp = f"Mar {day:2d} {clock // 3600:02d}:{clock // 60 % 60:02d}:{clock % 60:02d}"
            qid = f"{0x4F1A00000 + serial * 7919 & 0xFFFFFFFFF:09X}"
            domain = rng.choice(DOMAINS)
            local = f"user{rng.randint(1, 200_000)}"
            rcpt = f"{local}@{domain}"
            mx, ip = f"mx{rng.randint(1, 3)}.{domain}", f"203.0.113.{rng.randint(1, 254)}"
            pid = 1000 + serial % 5000
            size = rng.randint(2000, 90000)
            client = "app.example.org[192.0.2.10]"
            block = [
                f"{stamp} relay postfix/smtpd[{pid}]: connect from {client}",
                f"{stamp} relay postfix/smtpd[{pid}]: {qid}: client={client}",
                f"{stamp} relay postfix/cleanup[{pid + 1}]: {qid}: "
                f"message-id=<{serial}.{qid}@app.example.org>",
                f"{stamp} relay postfix/qmgr[812]: {qid}: from=<news@example.org>, size={size}, "
                "nrcpt=1 (queue active)",
                f"{stamp} relay postfix/smtpd[{pid}]: disconnect from {client} ehlo=1 mail=1 "
                "rcpt=1 data=1 quit=1 commands=5",
            ]
            head = (f"{stamp} relay postfix/smtp[{pid + 2}]: {qid}: to=<{rcpt}>, relay={mx}[{ip}]:25, "
                    f"delay=0.{rng.randint(10, 99)}, delays=0.01/0/0.1/0.2")
            fill = {"mx": mx, "ip": ip, "rcpt": rcpt, "domain": domain, "local": local}
            roll = rng.random()
            if roll < 0.84:
                block.append(f"{head}, dsn=2.0.0, status=sent (250 2.0.0 Ok: queued as {qid[::-1]})")
                block.append(f"{stamp} relay postfix/qmgr[812]: {qid}: removed")
            elif roll < 0.93:
                status, text = rng.choice(BOUNCES)
                block.append(f"{head}, dsn={status}, status=bounced ({text.format(**fill)})")
                block.append(f"{stamp} relay postfix/bounce[{pid + 3}]: {qid}: sender non-delivery "
                             f"notification: {qid[::-1]}")
                block.append(f"{stamp} relay postfix/qmgr[812]: {qid}: removed")
            else:
                status, text = rng.choice(DEFERRALS)
                block.append(f"{head}, dsn={status}, status=deferred ({text.format(**fill)})")
                if rng.random() < 0.2:
                    block.append(f"{stamp} relay postfix/qmgr[812]: {qid}: from=<news@example.org>, "
                                 "status=expired, returned to sender")
                    block.append(f"{stamp} relay postfix/qmgr[812]: {qid}: removed")
            block = block[: lines - written]
            out.write("\n".join(block) + "\n")
            written += len(block)
    return written


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--lines", type=int, default=1_000_000)
    ap.add_argument("--gzip", action="store_true", help="Compress the log (gzip) first.")
    ap.add_argument("--keep", type=Path, help="Write the log into this folder and keep it.")
    ap.add_argument("--jobs", choices=("1", "2"),
                    help="Pass --jobs to the command (default: the command's own default).")
    args = ap.parse_args(argv)
    folder = args.keep or Path(tempfile.mkdtemp(prefix="bouncekit-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    log = folder / ("mail.log.gz" if args.gzip else "mail.log")
    started = time.perf_counter()
    lines = generate(log, args.lines)
    # Written to disk before the timing: the kernel writing the fresh file back would
    # otherwise take CPU time during the run.
    with open(log, "rb") as written:
        os.fsync(written.fileno())
    print(f"generated {lines:,} lines ({log.stat().st_size / 1e6:.0f} MB) in "
          f"{time.perf_counter() - started:.1f} s: {log}")
    command = [sys.executable, "-m", "bouncekit", "logs", "--format", "json", "--summary", str(log)]
    if args.jobs:
        command += ["--jobs", args.jobs]
    started = time.perf_counter()
    with open(os.devnull, "w") as sink:
        subprocess.run(command, stdout=sink, check=True)
    elapsed = time.perf_counter() - started
    peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    rate = lines / elapsed
    print(f"bouncekit logs --format json{' --jobs ' + args.jobs if args.jobs else ''}: {elapsed:.2f} s, "
          f"{rate:,.0f} lines/s "
          f"(bar {BAR:,}), peak memory {peak_mb:.0f} MB")
    if not args.keep:
        log.unlink()
        folder.rmdir()
    return 0 if rate >= BAR else 1


if __name__ == "__main__":
    sys.exit(main())
