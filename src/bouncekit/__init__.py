"""bouncekit: decode email bounces, classify them, and act on them.

The public API::

    report = bouncekit.parse(raw_message)        # one Record per recipient
    result = bouncekit.classify("550 5.1.1 ...")  # one SMTP reply
    bouncekit.CLASSES                              # the class table
    rules = bouncekit.load_rules("my-rules.toml")  # the built-in rules plus a user's own

Errors are always :class:`BounceError` (a ``ValueError``).
"""

from bouncekit.api import classify, parse
from bouncekit.errors import BounceError, MessageError, MessageTooLargeError, RuleError
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
