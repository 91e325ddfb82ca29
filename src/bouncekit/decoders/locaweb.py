"""Locaweb (``locaweb.com.br``): the Brazilian hosting company's Portuguese notice.

Locaweb's mail platform, which also serves its customers' domains, returns mail with an
HTML notice in Portuguese: "não foi possível entregar a sua mensagem" to each recipient,
listed in a table or after ``Destinatário:``, with the reason after ``Motivo:`` in
Portuguese and the remote reply when there was one. Hosted domains send it from their
own ``MAILER-DAEMON``; the Locaweb domain and the notice's marker identify it.

The wording varies with the provider's versions and interfaces, so no single
sentence is matched: the provider's sender, a failure or delay statement in the
notice's language and a labelled or listed address are enough (``ProviderNotice``
in ``base``); quoted sentences above are examples of that wording.

Fixtures: tests/fixtures/decoders/locaweb/*.eml.
"""

from __future__ import annotations

from bouncekit.decoders.base import ProviderNotice


class Locaweb(ProviderNotice):
    name = "locaweb"
    domains = ("locaweb.com.br",)
