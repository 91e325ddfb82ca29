"""Every fixture message parses to the records it gave when the snapshot was written.

tests/fixtures/parse-snapshot.json holds one digest per message file (bytes and stdlib
``Message`` input; see bench/differential.py, which rewrites it with ``--write`` when a
change of records is intended). Speed work must leave it untouched.
"""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
_spec = importlib.util.spec_from_file_location("differential", ROOT / "bench" / "differential.py")
differential = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(differential)


def test_records_match_the_snapshot() -> None:
    stored = json.loads(differential.SNAPSHOT.read_text())
    found = differential.digests(roots=(differential.FIXTURES,))
    # Files added since the snapshot was written are not judged (until --write).
    common = found.keys() & stored.keys()
    assert len(common) > 900
    changed = sorted(k for k in common if found[k] != stored[k])
    assert not changed, f"{len(changed)} messages parse differently, e.g. {changed[:5]}"
