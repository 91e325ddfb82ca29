"""KPN Mail (``kpnmail.nl``, and the ``planet.nl`` / ``hetnet.nl`` / ``home.nl`` /
``xs4all.nl`` mailboxes KPN took over): the Dutch notice.

KPN's mail system sends its own notice of undeliverable mail from a daemon address of
its domains, in Dutch (UTF-8 or ISO-8859-1), subject such as ``Onbestelbaar bericht``:
the failure ("kon niet worden afgeleverd"), then per recipient a labelled block, the
address after ``Ontvanger:``, the reason in Dutch after ``Reden:``, and the receiving
server's reply indented under it. The returned message is attached.

The wording varies with the provider's versions and interfaces, so no single
sentence is matched: the provider's sender, a failure or delay statement in the
notice's language and a labelled or listed address are enough (``ProviderNotice``
in ``base``); quoted sentences above are examples of that wording.

Fixtures: tests/fixtures/decoders/kpn/*.eml.
"""

from __future__ import annotations

from bouncekit.decoders.base import ProviderNotice


class Kpn(ProviderNotice):
    name = "kpn"
    domains = ("kpnmail.nl", "kpnplanet.nl", "planet.nl", "hetnet.nl", "home.nl", "xs4all.nl", "kpn.com")
