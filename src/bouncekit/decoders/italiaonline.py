"""Italiaonline mail: Libero (``libero.it``, ``inwind.it``, ``iol.it``, ``blu.it``,
``giallo.it``) and Virgilio (``virgilio.it``): the Italian notice.

Italiaonline's mail system sends its own notice from a daemon address of its domains, in
Italian (ISO-8859-1/15 or UTF-8), often before an English copy: the failure ("non è
stato possibile recapitare il messaggio", "mancato recapito"), the address after
``Destinatario:`` or alone on a line, the reason after ``Motivo:`` / ``Errore:`` /
``Causa:`` in Italian ("casella piena", "utente inesistente"), and the remote reply.
Mail refused by Libero's own servers comes back in the sending MTA's words.

The wording varies with the provider's versions and interfaces, so no single
sentence is matched: the provider's sender, a failure or delay statement in the
notice's language and a labelled or listed address are enough (``ProviderNotice``
in ``base``); quoted sentences above are examples of that wording.

Fixtures: tests/fixtures/decoders/italiaonline/*.eml.
"""

from __future__ import annotations

from bouncekit.decoders.base import ProviderNotice


class Italiaonline(ProviderNotice):
    name = "italiaonline"
    domains = ("libero.it", "virgilio.it", "inwind.it", "iol.it", "blu.it", "giallo.it", "italiaonline.it")
