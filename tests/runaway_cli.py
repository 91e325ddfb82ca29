"""The bouncekit command line with a decoder that never finishes (tests/runaway.py).

Worker processes import this file too (as ``__mp_main__``, which is how multiprocessing
prepares them), so the patch reaches them. Used by tests/test_workers.py to check that
workers end with their parent.
"""

from __future__ import annotations

import sys

import bouncekit.batch
import bouncekit.store.core
from tests.runaway import runaway_parse

bouncekit.batch.parse = runaway_parse
bouncekit.store.core.parse = runaway_parse

if __name__ == "__main__":
    sys.argv[0] = "bouncekit"
    from bouncekit.cli import main

    main()
