"""freenet (``freenet.de``): the German provider's notice.

freenet's mail system sends its own German notice of undelivered mail from a daemon
address of its domains: "Ihre Nachricht konnte nicht zugestellt werden" / "unzustellbar",
the address after ``Empfänger:`` or alone on a line, the reason after ``Grund:`` /
``Fehlermeldung:`` and the remote reply. Notices in Exim's English template are left to
the ``exim`` decoder.

The wording varies with the provider's versions and interfaces, so no single
sentence is matched: the provider's sender, a failure or delay statement in the
notice's language and a labelled or listed address are enough (``ProviderNotice``
in ``base``); quoted sentences above are examples of that wording.

Fixtures: tests/fixtures/decoders/freenet/*.eml.
"""

from __future__ import annotations

from bouncekit.decoders.base import ProviderNotice


class Freenet(ProviderNotice):
    name = "freenet"
    domains = ("freenet.de", "mobilcom.de")
