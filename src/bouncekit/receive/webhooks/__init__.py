"""ESP webhooks: one module per ESP over :mod:`~bouncekit.receive.webhooks.base`, one registry.

``REGISTRY`` maps each ESP's name to its :class:`~bouncekit.receive.webhooks.base.Esp`;
:data:`ESPS` lists the names in the order the documentation gives them. The public
entry points are in :mod:`bouncekit.webhooks`.
"""

from __future__ import annotations

from bouncekit.receive.webhooks.amazon_ses import AmazonSes
from bouncekit.receive.webhooks.base import Esp, UnknownEspError
from bouncekit.receive.webhooks.brevo import Brevo
from bouncekit.receive.webhooks.mailersend import MailerSend
from bouncekit.receive.webhooks.mailgun import Mailgun
from bouncekit.receive.webhooks.mailjet import Mailjet
from bouncekit.receive.webhooks.mailtrap import Mailtrap
from bouncekit.receive.webhooks.mandrill import Mandrill
from bouncekit.receive.webhooks.postal import Postal
from bouncekit.receive.webhooks.postmark import Postmark
from bouncekit.receive.webhooks.resend import Resend
from bouncekit.receive.webhooks.sendgrid import SendGrid
from bouncekit.receive.webhooks.sparkpost import SparkPost
from bouncekit.receive.webhooks.unisender_go import UnisenderGo

#: Every ESP, by name. The modules keep no per-request state, so one instance serves all.
REGISTRY: dict[str, Esp] = {
    esp.name: esp
    for esp in (
        AmazonSes(),
        SendGrid(),
        Mailgun(),
        Postmark(),
        SparkPost(),
        Mandrill(),
        Mailjet(),
        Brevo(),
        Resend(),
        Postal(),
        MailerSend(),
        Mailtrap(),
        UnisenderGo(),
    )
}
#: The names of the ESPs bouncekit reads.
ESPS: tuple[str, ...] = tuple(REGISTRY)


def get(name: str) -> Esp:
    """The ESP named ``name``; :class:`UnknownEspError` (HTTP 404) when there is none."""
    esp = REGISTRY.get(name) if isinstance(name, str) else None
    if esp is None:
        raise UnknownEspError(f"no ESP named {str(name)[:100]!r}; the ESPs are {', '.join(ESPS)}")
    return esp
