"""Wirtualna Polska mail (``wp.pl``, and ``o2.pl`` / ``tlen.pl`` of the same group): the
Polish notice.

WP's mail system sends its own notice from ``MAILER-DAEMON`` of its domains, in Polish
(UTF-8 or ISO-8859-2): the message could not be delivered ("wiadomość nie mogła zostać
dostarczona", "nie została dostarczona"), then per recipient a labelled block, the
address after ``Adresat:`` / ``Odbiorca:``, the reason in Polish after ``Przyczyna:`` /
``Powód:``, and the remote server's reply when there was one. The returned message is
attached. Several recipients each get their own block and reason.

The wording varies with the provider's versions and interfaces, so no single
sentence is matched: the provider's sender, a failure or delay statement in the
notice's language and a labelled or listed address are enough (``ProviderNotice``
in ``base``); quoted sentences above are examples of that wording.

Fixtures: tests/fixtures/decoders/wp/*.eml.
"""

from __future__ import annotations

from bouncekit.decoders.base import ProviderNotice


class Wp(ProviderNotice):
    name = "wp"
    domains = ("wp.pl", "o2.pl", "tlen.pl", "go2.pl")
