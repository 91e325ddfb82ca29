"""La Poste mail (``laposte.net``): the French notice.

La Poste's mail service sends its notices of undelivered mail in French from a daemon
address of ``laposte.net``: the failure ("n'a pas pu être remis", "échec de la remise"),
the address after ``Destinataire :`` or alone on a line, the reason after ``Raison :`` /
``Motif :`` and the remote reply; an RFC 3464 part, when there is one, gives the
recipients and the French text completes their reasons.

The wording varies with the provider's versions and interfaces, so no single
sentence is matched: the provider's sender, a failure or delay statement in the
notice's language and a labelled or listed address are enough (``ProviderNotice``
in ``base``); quoted sentences above are examples of that wording.

Fixtures: tests/fixtures/decoders/laposte/*.eml.
"""

from __future__ import annotations

from bouncekit.decoders.base import ProviderNotice


class Laposte(ProviderNotice):
    name = "laposte"
    domains = ("laposte.net",)
