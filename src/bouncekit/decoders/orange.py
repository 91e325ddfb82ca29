"""Orange (``orange.fr``, formerly Wanadoo ``wanadoo.fr``, ``voila.fr``): the French notice.

Orange's outbound servers return mail with a French notice (often before the same text
in English) from ``MAILER-DAEMON`` / ``postmaster`` of its domains: "Votre message n'a pas
pu être remis" / "n'a pas pu être distribué", the address after ``Destinataire :`` or
alone on a line, the reason after ``Raison :`` / ``Motif :`` / ``Erreur :``, and the remote
reply; an RFC 3464 part, when there is one, gives the recipients. Notices in an MTA's
English template are left to that MTA's decoder.

The wording varies with the provider's versions and interfaces, so no single
sentence is matched: the provider's sender, a failure or delay statement in the
notice's language and a labelled or listed address are enough (``ProviderNotice``
in ``base``); quoted sentences above are examples of that wording.

Fixtures: tests/fixtures/decoders/orange/*.eml.
"""

from __future__ import annotations

from bouncekit.decoders.base import ProviderNotice


class Orange(ProviderNotice):
    name = "orange"
    domains = ("orange.fr", "wanadoo.fr", "voila.fr", "orange.com")
