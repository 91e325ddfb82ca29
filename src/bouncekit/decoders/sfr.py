"""SFR mail (``sfr.fr``, and ``neuf.fr``, ``cegetel.net``, ``club-internet.fr`` ...):
the French notice.

SFR's mail system writes its own French notices of mail it could not deliver ("n'a pas
pu être distribué") or is still trying to deliver ("la remise est différée", "nous
réessaierons"), from a daemon address of its domains: the address after ``Destinataire
:`` or alone on a line, the reason after ``Raison :`` / ``Motif :``, and the remote reply.

The wording varies with the provider's versions and interfaces, so no single
sentence is matched: the provider's sender, a failure or delay statement in the
notice's language and a labelled or listed address are enough (``ProviderNotice``
in ``base``); quoted sentences above are examples of that wording.

Fixtures: tests/fixtures/decoders/sfr/*.eml.
"""

from __future__ import annotations

from bouncekit.decoders.base import ProviderNotice


class Sfr(ProviderNotice):
    name = "sfr"
    domains = (
        "sfr.fr", "neuf.fr", "cegetel.net", "club-internet.fr", "numericable.fr", "9online.fr", "noos.fr"
    )
