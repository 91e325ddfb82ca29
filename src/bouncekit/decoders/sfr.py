"""SFR mail (``sfr.fr``, and ``neuf.fr``, ``cegetel.net``, ``club-internet.fr`` ...):
the French notice.

SFR's mail system writes its own French notices of mail it could not deliver ("n'a pas
pu être distribué") or is still trying to deliver ("la remise est différée", "nous
réessaierons"), from a daemon address of its domains: the address after ``Destinataire
:`` or alone on a line, the reason after ``Raison :`` / ``Motif :``, and the remote reply.

Fixtures: tests/fixtures/decoders/sfr/*.eml.
"""

from __future__ import annotations

from bouncekit.decoders.base import ProviderNotice


class Sfr(ProviderNotice):
    name = "sfr"
    domains = (
        "sfr.fr", "neuf.fr", "cegetel.net", "club-internet.fr", "numericable.fr", "9online.fr", "noos.fr"
    )
