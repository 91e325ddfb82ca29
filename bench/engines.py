"""The multi-pattern engines issue 11 names, against the present matcher, on the built-in rules.

    python bench/engines.py [--corpus DIR] [--rounds 5]

Issue 11 suggests compiling every text rule into one multi-pattern automaton (the
``hyperscan`` wheel, or RE2 sets from ``google-re2``) to classify faster. This measures
what each would replace, on the same distinct replies as ``bench/throughput.py`` (the
corpus's diagnostics and the reply sets), normalised as ``classify`` normalises them:

- ``present``: the whole text-rule step of ``classify`` (``RuleSet._match``: the
  Aho-Corasick pass over the anchors, the literal checks of the candidates, the search of
  the few that remain), and the Aho-Corasick pass alone;
- ``hyperscan``: one scan of a database of every rule branch (those it cannot compile
  exactly, with lookarounds or Unicode escapes, as prefilters that would still need
  confirming with ``re``), its compile time and size;
- ``re2 set``: one ``Set.Match`` of every branch RE2 can parse (it has no lookarounds).

Each figure is microseconds per reply, best of the rounds. An engine that is not
installed is reported so (neither is a dependency of bouncekit: ``pip install hyperscan
google-re2`` to measure them). The engines' figures are the cost of finding which rules
match; the present figure also includes confirming them and picking the winner.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from pathlib import Path

from bouncekit import smtp
from bouncekit.classifier import default_rules, mask_hosts
from throughput import DEFAULT_CORPUS, replies_of  # (bench/ is the script's folder)


def per_reply(work: Callable[[], object], count: int, rounds: int) -> float:
    best = float("inf")
    for _ in range(rounds):
        start = time.perf_counter()
        work()
        best = min(best, time.perf_counter() - start)
    return best / count * 1e6


def hyperscan_figures(branches: list[str], texts: list[bytes], rounds: int) -> str:
    try:
        import hyperscan
    except ImportError:
        return "not installed"
    exact = hyperscan.HS_FLAG_UTF8 | hyperscan.HS_FLAG_SINGLEMATCH
    expressions, ids, flags = [], [], []
    prefiltered = unsupported = 0
    for number, pattern in enumerate(branches):
        for flag in (exact, exact | hyperscan.HS_FLAG_PREFILTER):
            try:
                hyperscan.Database().compile(expressions=[pattern.encode()], ids=[number], flags=[flag])
            except hyperscan.error:
                continue
            expressions.append(pattern.encode())
            ids.append(number)
            flags.append(flag)
            prefiltered += flag != exact
            break
        else:
            unsupported += 1
    start = time.perf_counter()
    database = hyperscan.Database()
    database.compile(expressions=expressions, ids=ids, elements=len(expressions), flags=flags)
    compile_s = time.perf_counter() - start
    scratch = hyperscan.Scratch(database)
    found: list[int] = []

    def on_match(number: int, start: int, end: int, flags: int, context: object) -> None:
        found.append(number)

    def scan_all() -> None:
        for text in texts:
            found.clear()
            database.scan(text, match_event_handler=on_match, scratch=scratch)

    scan = per_reply(scan_all, len(texts), rounds)
    size = len(hyperscan.dumpb(database)) / 2**20
    return (f"{scan:5.2f} us/reply   compile {compile_s:.1f} s, database {size:.1f} MiB, "
            f"{prefiltered} branches as prefilters, {unsupported} not compiled")


def re2_figures(branches: list[str], texts: list[str], rounds: int) -> str:
    try:
        import re2
    except ImportError:
        return "not installed"
    options = re2.Options()
    options.max_mem = 1 << 30
    searcher = re2.Set.SearchSet(options)
    unsupported = 0
    for pattern in branches:
        try:
            searcher.Add(pattern)
        except Exception:  # the binding raises a bare error for an unparsable pattern
            unsupported += 1
    start = time.perf_counter()
    searcher.Compile()
    compile_s = time.perf_counter() - start
    for text in texts:  # RE2 builds its DFA lazily: warm it outside the timing
        searcher.Match(text)
    match = per_reply(lambda: [searcher.Match(text) for text in texts], len(texts), rounds)
    return f"{match:5.2f} us/reply   compile {compile_s:.2f} s, {unsupported} branches not parsed"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    ap.add_argument("--rounds", type=int, default=5)
    args = ap.parse_args(argv)
    messages = [p.read_bytes() for p in sorted((args.corpus / "emails").glob("*.eml"))]
    rules = default_rules()
    texts = [mask_hosts(smtp.reply_parts(reply[0])[2].lower()) for reply in replies_of(messages)]
    branches = [target[1].pattern for target in rules._targets]
    match = rules._match
    automaton = rules._automaton
    print(f"{len(texts)} distinct replies, {len(branches)} rule branches")
    present = per_reply(lambda: [match(text, None, None, None) for text in texts], len(texts), args.rounds)
    anchors = per_reply(lambda: [list(automaton.iter(text)) for text in texts], len(texts), args.rounds)
    print(f"present     {present:5.2f} us/reply   (its Aho-Corasick pass alone {anchors:.2f})")
    print(f"hyperscan   {hyperscan_figures(branches, [t.encode() for t in texts], args.rounds)}")
    print(f"re2 set     {re2_figures(branches, texts, args.rounds)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
