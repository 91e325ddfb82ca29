"""UOL and BOL (``uol.com.br``, ``bol.com.br``): the Brazilian provider's Portuguese notice.

UOL's mail system sends its own notice of undelivered mail in Portuguese from a daemon
address of its domains: "Sua mensagem não pôde ser entregue" / "não foi possível
entregar", the address after ``Destinatário:`` or alone on a line, the reason after
``Motivo:`` / ``Erro:`` in Portuguese ("caixa postal cheia", "usuário inexistente"), and
the remote reply. With an RFC 3464 part its recipients are used and the Portuguese text
completes their reasons.

The wording varies with the provider's versions and interfaces, so no single
sentence is matched: the provider's sender, a failure or delay statement in the
notice's language and a labelled or listed address are enough (``ProviderNotice``
in ``base``); quoted sentences above are examples of that wording.

Fixtures: tests/fixtures/decoders/uol/*.eml.
"""

from __future__ import annotations

from bouncekit.decoders.base import ProviderNotice


class Uol(ProviderNotice):
    name = "uol"
    domains = ("uol.com.br", "bol.com.br", "uolinc.com")
