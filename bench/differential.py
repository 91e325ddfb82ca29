"""What ``bouncekit.parse`` makes of every message we have, to prove a change keeps it.

    python bench/differential.py [--dump FILE] [--write] [--check]

For each message file under tests/fixtures (and /work/shared/corpus/sisimai when
present) the message is parsed as bytes and as a stdlib ``email.message.Message``;
each gives one line: the decoder's name and ``[r.to_dict() for r in report.records]``,
or the ``BounceError`` text. ``--dump`` writes all lines (to diff by eye);
``--write`` stores one digest per message in tests/fixtures/parse-snapshot.json, and
``--check`` compares against it (tests/test_parse_snapshot.py does too). Speed work
must leave every line byte-identical.
"""

from __future__ import annotations

import argparse
import email
import email.policy
import hashlib
import json
import sys
from collections.abc import Iterator
from pathlib import Path

import bouncekit

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
SHARED = ROOT.parent / "shared" / "corpus" / "sisimai"
SNAPSHOT = FIXTURES / "parse-snapshot.json"
#: Files under tests/fixtures that are not messages.
_NOT_MESSAGES = frozenset({".json", ".jsonl", ".md", ".py", ".form", ".log"})


def message_files(roots: tuple[Path, ...] = (FIXTURES, SHARED)) -> Iterator[tuple[str, Path]]:
    """(stable key, path) of every message file, in a fixed order."""
    for root in roots:
        if not root.is_dir():
            continue
        for path in sorted(root.rglob("*")):
            if path.is_file() and path.suffix not in _NOT_MESSAGES and path.name != "LICENSE":
                yield f"{root.name}/{path.relative_to(root)}", path


def outcome(message: bytes | email.message.Message) -> str:
    """One line: the decoder and the records as JSON, or the error."""
    try:
        report = bouncekit.parse(message)
    except bouncekit.BounceError as exc:
        return f"error {type(exc).__name__}: {exc}"
    records = [r.to_dict() for r in report.records]
    return json.dumps([report.decoder, report.message_id, report.subject, list(report.notes), records],
                      sort_keys=True, ensure_ascii=False)


def lines_of(data: bytes) -> tuple[str, str]:
    """The outcome of the bytes, and of the stdlib's parse of them."""
    return outcome(data), outcome(email.message_from_bytes(data, policy=email.policy.compat32))


def digests(roots: tuple[Path, ...] = (FIXTURES, SHARED), dump=None) -> dict[str, str]:
    out = {}
    for key, path in message_files(roots):
        lines = lines_of(path.read_bytes())
        if dump is not None:
            dump.write(f"{key}\t{lines[0]}\n{key}\t(Message)\t{lines[1]}\n")
        out[key] = hashlib.sha256("\n".join(lines).encode("utf-8", "surrogatepass")).hexdigest()[:16]
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--dump", type=Path, help="write every outcome line to this file")
    ap.add_argument("--write", action="store_true", help=f"store the digests in {SNAPSHOT.name}")
    ap.add_argument("--check", action="store_true", help=f"compare the digests with {SNAPSHOT.name}")
    args = ap.parse_args(argv)
    if args.dump:
        with args.dump.open("w", encoding="utf-8", errors="surrogateescape") as dump:
            found = digests(dump=dump)
    else:
        found = digests()
    print(f"{len(found)} message files")
    if args.write:
        SNAPSHOT.write_text(json.dumps(found, indent=0, sort_keys=True) + "\n")
    if args.check:
        stored = json.loads(SNAPSHOT.read_text())
        changed = sorted(k for k in stored.keys() | found.keys() if stored.get(k) != found.get(k))
        for key in changed:
            print(f"changed: {key}")
        print(f"{len(changed)} changed")
        return 1 if changed else 0
    return 0


if __name__ == "__main__":
    sys.exit(main())
