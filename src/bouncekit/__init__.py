"""bouncekit: decode email bounces, classify them, and act on them.

The public API::

    report = bouncekit.parse(raw_message)        # one Record per recipient
    result = bouncekit.classify("550 5.1.1 ...")  # one SMTP reply
    bouncekit.CLASSES                              # the class table
    rules = bouncekit.load_rules("my-rules.toml")  # the built-in rules plus a user's own

Errors are always :class:`BounceError` (a ``ValueError``).
"""

import importlib
from typing import TYPE_CHECKING, Any

from bouncekit import compiled

# Before any module of a build's compiled ones is imported: a module whose source changed
# since the build compiled it runs from its source (bouncekit/compiled.py).
compiled.install()

from bouncekit.errors import BounceError, MessageError, MessageTooLargeError, RuleError  # noqa: E402

if TYPE_CHECKING:
    from bouncekit.api import classify, parse
    from bouncekit.model import (
        CLASSES,
        BounceClass,
        BounceType,
        Classification,
        ClassInfo,
        Event,
        Reason,
        Record,
        Report,
    )
    from bouncekit.rulefile import load_rules

__version__ = "0.1.0"

# Where the public names live; each is imported on first use, so that a program that
# needs a part only (``bouncekit logs`` needs the classifier, not the decoders; its
# reading process needs neither) does not pay for importing the rest.
_MODEL = ("CLASSES", "BounceClass", "BounceType", "Classification", "ClassInfo", "Event", "Reason", "Record",
          "Report")
_LAZY = {
    "parse": "bouncekit.api",
    "classify": "bouncekit.api",
    "load_rules": "bouncekit.rulefile",
    **dict.fromkeys(_MODEL, "bouncekit.model"),
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'bouncekit' has no attribute {name!r}")
    value = globals()[name] = getattr(importlib.import_module(module), name)
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_LAZY})

__all__ = [
    "CLASSES",
    "BounceClass",
    "BounceError",
    "BounceType",
    "ClassInfo",
    "Classification",
    "Event",
    "MessageError",
    "MessageTooLargeError",
    "Reason",
    "Record",
    "Report",
    "RuleError",
    "__version__",
    "classify",
    "load_rules",
    "parse",
]
