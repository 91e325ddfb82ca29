"""La Poste mail (``laposte.net``): the French notice.

La Poste's mail service sends its notices of undelivered mail in French from a daemon
address of ``laposte.net``: the failure ("n'a pas pu être remis", "échec de la remise"),
the address after ``Destinataire :`` or alone on a line, the reason after ``Raison :`` /
``Motif :`` and the remote reply; an RFC 3464 part, when there is one, gives the
recipients and the French text completes their reasons.

Fixtures: tests/fixtures/decoders/laposte/*.eml.
"""

from __future__ import annotations

from bouncekit.decoders.base import ProviderNotice


class Laposte(ProviderNotice):
    name = "laposte"
    domains = ("laposte.net",)
