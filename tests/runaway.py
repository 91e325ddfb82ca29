"""A decoder that never finishes: a stand-in for a runaway message, for the tests of
worker pools, time budgets and shutdowns.

It is a catastrophic backtracking regular expression, which holds the GIL for as long
as it runs, as a runaway decoder would. Module-level functions, so that worker
processes can import them by name.
"""

from __future__ import annotations

import os
import re

from bouncekit.model import Report

_RUNAWAY = re.compile(r"(?:a+)+$")


def runaway_parse(data: bytes, **_: object) -> Report:
    """Never returns in practice: 2**60 ways to split the a's before the match fails.

    Takes what a parse function is given besides the message (``rules=``) and ignores it."""
    _RUNAWAY.match("a" * 60 + "!")
    raise AssertionError("the runaway expression finished")


def crash(data: bytes, **_: object) -> Report:
    """Ends its process at once, as a crash of the interpreter would."""
    os._exit(3)
