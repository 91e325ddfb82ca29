"""Seznam.cz mail (``seznam.cz``, ``email.cz``, ``post.cz`` ...): the Czech notice.

Seznam's mail system sends its own notice of undeliverable mail from a daemon address of
its domains, in Czech (UTF-8 or ISO-8859-2): the failure ("zprávu se nepodařilo doručit",
"nemohla být doručena"), the address after ``Příjemce:`` / ``Adresát:`` or alone on a
line, the reason after ``Důvod:`` / ``Chyba:`` in Czech, and the remote reply when there
was one. With an RFC 3464 part its recipients are used and the Czech text completes
their reasons.

The wording varies with the provider's versions and interfaces, so no single
sentence is matched: the provider's sender, a failure or delay statement in the
notice's language and a labelled or listed address are enough (``ProviderNotice``
in ``base``); quoted sentences above are examples of that wording.

Fixtures: tests/fixtures/decoders/seznam/*.eml.
"""

from __future__ import annotations

from bouncekit.decoders.base import ProviderNotice


class Seznam(ProviderNotice):
    name = "seznam"
    domains = ("seznam.cz", "email.cz", "post.cz", "spoluzaci.cz", "stream.cz", "firmy.cz")
