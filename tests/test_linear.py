"""Linear time as a property: no regular expression of bouncekit backtracks badly.

Every compiled pattern of the package (module and class attributes) and every branch of
every classification rule is run over long runs of the characters and tokens hostile
input is made of. A pattern that backtracks over a run (``\\s*X`` searched through a run
of spaces, nested or adjacent unbounded quantifiers) costs the square of the run's
length; a linear one costs microseconds here. The budget is a thousand times what a
linear scan takes, so the test measures complexity, not the machine's speed.
bench/hostile.py measures whole messages.
"""

from __future__ import annotations

import importlib
import pkgutil
import re
import time

import pytest

import bouncekit
from bouncekit.classifier import default_rules

RUN = 40_000
#: CPU seconds for one pattern over one run: a linear scan takes a few milliseconds, a
#: quadratic one seconds. CPU time, not wall time, so that a busy machine does not fail it.
BUDGET = 0.25
UNITS = [
    " ", "\t", "\n", " \n", "\n\n", "\r\n", "a", "A", "0", ".", "-", "_", "=", ":", ";", ",", "@",
    "<", ">", "(", ")", "[", "]", '"', "'", "/", "*", "#", "a ", "a.", "a@", "a-", "<a", "a:",
    "1.", "x=", "=20", "550 ", "5.1.1 ", "said: ", "...", "in ", "<a@b> ", "\t\n", "á", "a=b ",
]


def _patterns() -> list[tuple[str, re.Pattern]]:
    found: dict[str, re.Pattern] = {}
    for info in pkgutil.walk_packages(bouncekit.__path__, "bouncekit."):
        if info.name.endswith(("__main__", "migrations.env")) or ".migrations.versions" in info.name:
            continue
        module = importlib.import_module(info.name)
        for name, value in vars(module).items():
            if isinstance(value, re.Pattern):
                found[f"{info.name}.{name}"] = value
            elif isinstance(value, type) and value.__module__ == info.name:
                for attr, inner in vars(value).items():
                    if isinstance(inner, re.Pattern):
                        found[f"{info.name}.{name}.{attr}"] = inner
    for rule in default_rules().rules:
        for k, (branch, _) in enumerate(rule.branches):
            found[f"rule {rule.id} #{k}"] = branch
    return sorted(found.items())


PATTERNS = _patterns()


def test_the_sweep_sees_the_package_and_the_rules() -> None:
    names = [name for name, _ in PATTERNS]
    assert any(name.startswith("bouncekit.decoders.postfix.") for name in names)
    assert any(name.startswith("rule user-unknown") for name in names)
    assert len(PATTERNS) > 200


@pytest.mark.parametrize(("name", "pattern"), PATTERNS, ids=[name for name, _ in PATTERNS])
def test_pattern_runs_in_linear_time(name: str, pattern: re.Pattern) -> None:
    slow = []
    for unit in UNITS:
        text: str | bytes = unit * (RUN // len(unit))
        if isinstance(pattern.pattern, bytes):
            text = text.encode("utf-8")
        started = time.process_time()
        for _ in pattern.finditer(text):
            pass
        elapsed = time.process_time() - started
        if elapsed > BUDGET:
            slow.append(f"{unit!r}: {elapsed:.2f} s")
    assert not slow, f"{name} ({pattern.pattern!r}) backtracks over long runs: {slow}"
