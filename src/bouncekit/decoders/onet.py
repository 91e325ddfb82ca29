"""Onet Poczta (``onet.pl``, ``op.pl``, ``vp.pl`` and the group's other domains): the
Polish notice.

Onet's mail system returns undeliverable mail with its own notice from a daemon address
of its domains, in Polish (UTF-8 or ISO-8859-2), often followed by the same text in
English: the failure ("nie została dostarczona", "nie można dostarczyć"), the address
after ``Adresat:`` or alone on a line, the reason after ``Przyczyna:`` / ``Błąd:``, and
the remote reply. Mail refused by Onet's servers comes back in the sending MTA's words
(read by that MTA's decoder).

The wording varies with the provider's versions and interfaces, so no single
sentence is matched: the provider's sender, a failure or delay statement in the
notice's language and a labelled or listed address are enough (``ProviderNotice``
in ``base``); quoted sentences above are examples of that wording.

Fixtures: tests/fixtures/decoders/onet/*.eml.
"""

from __future__ import annotations

from bouncekit.decoders.base import ProviderNotice


class Onet(ProviderNotice):
    name = "onet"
    domains = (
        "onet.pl", "op.pl", "vp.pl", "onet.eu", "onet.com.pl", "spoko.pl", "autograf.pl", "buziaczek.pl"
    )
