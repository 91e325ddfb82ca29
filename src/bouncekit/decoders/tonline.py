"""T-Online (``t-online.de``, ``magenta.de``): Deutsche Telekom's German notice.

T-Online's mail system sends its notices from ``MAILER-DAEMON`` / ``postmaster`` of its
domains, in German (often with an English copy): a final failure ("Ihre Nachricht konnte
nicht zugestellt werden") or a delay ("konnte noch nicht zugestellt werden", "wird
weiterhin versucht"), the address after ``Empfänger:`` or alone on a line, the reason
after ``Grund:`` / ``Fehler:`` and the remote reply. An RFC 3464 part, when there is one,
gives the recipients and the German text completes their reasons.

The wording varies with the provider's versions and interfaces, so no single
sentence is matched: the provider's sender, a failure or delay statement in the
notice's language and a labelled or listed address are enough (``ProviderNotice``
in ``base``); quoted sentences above are examples of that wording.

Fixtures: tests/fixtures/decoders/tonline/*.eml.
"""

from __future__ import annotations

from bouncekit.decoders.base import ProviderNotice


class Tonline(ProviderNotice):
    name = "tonline"
    domains = ("t-online.de", "magenta.de", "t-online.com")
