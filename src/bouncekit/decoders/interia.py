"""Interia Poczta (``interia.pl``, ``interia.eu``, ``poczta.fm`` ...): the Polish notice.

Interia's mail system sends its own notices from a daemon address of its domains, in
Polish: a final failure ("nie została dostarczona") or a delay ("dostarczenie wiadomości
jest opóźnione", still being retried), the address after ``Adresat:`` / ``Odbiorca:`` or
alone on a line, the reason after ``Przyczyna:`` / ``Powód:``, and the remote reply. When
an RFC 3464 part is attached its recipients are used and the Polish text completes their
reasons.

The wording varies with the provider's versions and interfaces, so no single
sentence is matched: the provider's sender, a failure or delay statement in the
notice's language and a labelled or listed address are enough (``ProviderNotice``
in ``base``); quoted sentences above are examples of that wording.

Fixtures: tests/fixtures/decoders/interia/*.eml.
"""

from __future__ import annotations

from bouncekit.decoders.base import ProviderNotice


class Interia(ProviderNotice):
    name = "interia"
    domains = ("interia.pl", "interia.eu", "interia.com", "poczta.fm", "intmail.pl", "adresik.net")
