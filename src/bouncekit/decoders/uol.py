"""UOL and BOL (``uol.com.br``, ``bol.com.br``): the Brazilian provider's Portuguese notice.

UOL's mail system sends its own notice of undelivered mail in Portuguese from a daemon
address of its domains: "Sua mensagem não pôde ser entregue" / "não foi possível
entregar", the address after ``Destinatário:`` or alone on a line, the reason after
``Motivo:`` / ``Erro:`` in Portuguese ("caixa postal cheia", "usuário inexistente"), and
the remote reply. With an RFC 3464 part its recipients are used and the Portuguese text
completes their reasons.

Fixtures: tests/fixtures/decoders/uol/*.eml.
"""

from __future__ import annotations

from bouncekit.decoders.base import ProviderNotice


class Uol(ProviderNotice):
    name = "uol"
    domains = ("uol.com.br", "bol.com.br", "uolinc.com")
