"""Onet Poczta (``onet.pl``, ``op.pl``, ``vp.pl`` and the group's other domains): the
Polish notice.

Onet's mail system returns undeliverable mail with its own notice from a daemon address
of its domains, in Polish (UTF-8 or ISO-8859-2), often followed by the same text in
English: the failure ("nie została dostarczona", "nie można dostarczyć"), the address
after ``Adresat:`` or alone on a line, the reason after ``Przyczyna:`` / ``Błąd:``, and
the remote reply. Mail refused by Onet's servers comes back in the sending MTA's words
(read by that MTA's decoder).

Fixtures: tests/fixtures/decoders/onet/*.eml.
"""

from __future__ import annotations

from bouncekit.decoders.base import ProviderNotice


class Onet(ProviderNotice):
    name = "onet"
    domains = (
        "onet.pl", "op.pl", "vp.pl", "onet.eu", "onet.com.pl", "spoko.pl", "autograf.pl", "buziaczek.pl"
    )
