"""The one exception tree of bouncekit.

Every error a caller can get from the library is a ``BounceError`` (a ``ValueError``).
Each class carries the HTTP status that fits it, so the service maps errors without a
table of its own.
"""

from __future__ import annotations


class BounceError(ValueError):
    """Base of every error raised by bouncekit."""

    http_status: int = 400


class MessageError(BounceError):
    """A message could not be read at all (wrong type, empty, not a message)."""

    http_status = 422


class TimeBudgetError(MessageError):
    """Decoding a message took longer than the time allowed for one message; it was stopped."""

    http_status = 422


class WorkerDiedError(MessageError):
    """The worker process that decoded a message died on it (a crash, or killed from outside)."""

    http_status = 422


class MessageTooLargeError(BounceError):
    """A message is larger than the caller allows."""

    http_status = 413


class RuleError(BounceError):
    """A classification rule file is invalid."""

    http_status = 500


class StoreError(BounceError):
    """A store operation was given bad input (an invalid address, an unknown option)."""

    http_status = 400


class AddressError(StoreError):
    """A value is not an email address bouncekit can normalise."""

    http_status = 400


class ConflictError(StoreError):
    """The thing to create exists already (an API key name)."""

    http_status = 409


class DatabaseError(StoreError):
    """The database could not be reached or refused the operation."""

    http_status = 503


class PolicyError(BounceError):
    """A policy file is invalid."""

    http_status = 500
