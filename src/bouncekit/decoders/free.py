"""Free (``free.fr``, and the ``aliceadsl.fr`` / ``libertysurf.fr`` domains it took over):
the French notice.

Free's mail system sends notices of undelivered mail in French (ISO-8859-1 or UTF-8)
from a daemon address of its domains: the failure ("n'a pas pu être délivré", "non
remis"), the address after ``Destinataire :`` or alone on a line, the reason after
``Raison :`` / ``Erreur :`` and the remote reply. Notices in Exim's or Postfix's English
template are left to those decoders.

The wording varies with the provider's versions and interfaces, so no single
sentence is matched: the provider's sender, a failure or delay statement in the
notice's language and a labelled or listed address are enough (``ProviderNotice``
in ``base``); quoted sentences above are examples of that wording.

Fixtures: tests/fixtures/decoders/free/*.eml.
"""

from __future__ import annotations

from bouncekit.decoders.base import ProviderNotice


class Free(ProviderNotice):
    name = "free"
    domains = ("free.fr", "freesbee.fr", "libertysurf.fr", "aliceadsl.fr", "online.fr")
