"""The format decoders and their one ordered registry.

``REGISTRY`` is tried in order; the first decoder that matches a message and returns
findings decides. Order rules:

1. feedback reports (unambiguous by their MIME report type);
2. vendor decoders, each recognised by its own headers, senders or text markers;
3. the RFC 3464 backbone, for any other standard DSN;
4. auto-replies, after every bounce format (bounces carry Auto-Submitted too);
5. the generic fallback, last.

To add a format: write one module with one ``Decoder`` subclass, import it here and
put an instance at its place in the list.
"""

from __future__ import annotations

from bouncekit.decoders import arf, autoreply, rfc3464
from bouncekit.decoders.base import Decoder, Finding

REGISTRY: tuple[Decoder, ...] = (
    arf.Arf(),
    rfc3464.Rfc3464(),
    autoreply.AutoReply(),
)

__all__ = ["REGISTRY", "Decoder", "Finding"]
