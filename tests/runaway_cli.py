"""The bouncekit command line with a decoder that never finishes: a stand-in for a runaway message.

The parse is a catastrophic backtracking regular expression, which holds the GIL for
as long as it runs, as a runaway decoder would. Worker processes import this file too
(as ``__mp_main__``, which is how multiprocessing prepares them), so the patch reaches
them. Used by tests/test_workers.py to check that workers end with their parent.
"""

from __future__ import annotations

import re
import sys

import bouncekit.batch
import bouncekit.store.core
from bouncekit.model import Report

_RUNAWAY = re.compile(r"(?:a+)+$")


def runaway_parse(data: bytes) -> Report:
    """Never returns in practice: 2**60 ways to split the a's before the match fails."""
    _RUNAWAY.match("a" * 60 + "!")
    raise AssertionError("the runaway expression finished")


bouncekit.batch.parse = runaway_parse
bouncekit.store.core.parse = runaway_parse

if __name__ == "__main__":
    sys.argv[0] = "bouncekit"
    from bouncekit.cli import main

    main()
