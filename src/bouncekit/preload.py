"""What the forkserver of bouncekit's worker processes loads once (``workers.PRELOAD``).

Importing this module loads the decoders and compiles the built-in rules, so that every
worker forked from the server starts with them in memory (shared, copy-on-write)
instead of spending half a second compiling them again in each one.
"""

from __future__ import annotations

import contextlib

import bouncekit.api  # noqa: F401 - the decoders
from bouncekit.classifier import default_rules

# A rules problem must not stop the forkserver: a worker that needs the rules then
# meets it again and reports it where it can be seen.
with contextlib.suppress(Exception):
    default_rules()
