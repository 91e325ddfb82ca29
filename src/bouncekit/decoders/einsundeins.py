"""1&1 (IONOS, ``kundenserver.de``): bounces of the German provider's MTA.

Sent as "Mail delivery failed: returning message to sender" from ``"Mail Delivery
System" <mailer-daemon@kundenserver.de>`` (``X-UI-*`` headers; relays say ``with ESMTP
(Nemesis)``). 1&1 belongs to United Internet with GMX and writes the same format:
Exim's opening, then per address a line ``user@example.fr:`` and "SMTP error from
remote server for TEXT command, host: smtp-in.example.fr (192.0.2.1) reason: 550 5.2.0
..."; the returned headers follow "--- The header of the original message is
following. ---". It is read with the GMX decoder's rules.

Fixtures: lhost-einsundeins-03.eml.
"""

from __future__ import annotations

from bouncekit.decoders.base import Decoder, Finding, Keys
from bouncekit.decoders.gmx import united_internet_findings
from bouncekit.mime import MessageView

_DOMAINS = ("kundenserver.de", "1and1.com", "1und1.de", "ionos.com", "ionos.de")


class Einsundeins(Decoder):
    name = "einsundeins"
    more_keys = Keys(addresses=_DOMAINS)

    def matches(self, msg: MessageView) -> bool:
        local, _, domain = msg.from_address.partition("@")
        return local == "mailer-daemon" and (domain in _DOMAINS or domain.endswith(_DOMAINS))

    def decode(self, msg: MessageView) -> list[Finding] | None:
        return united_internet_findings(msg)
