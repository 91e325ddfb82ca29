"""Mail.Ru: bounces of the Russian mail service, which runs Exim.

Sent from ``mailer-daemon@corp.mail.ru`` with the subject "Ваше сообщение не
доставлено . Mail failure." and ``X-Failed-Recipients``. The text opens in Russian
("Это письмо создано автоматически сервером Mail.Ru ...", then the failed addresses,
where an address may be shortened to its local part) and repeats everything in Exim's
English words after a line of asterisks: "This message was created automatically by
mail delivery software. ... The following address(es) failed:", each address indented
by two spaces and the reason by four ("SMTP error from remote mail server after RCPT
TO:<addr>: host mx.example.jp [192.0.2.1]: 550 5.1.1 ...", "Unrouteable address",
"retry timeout exceeded"), and the copy of the message after "------ This is a copy of
the message, including all the headers. ------". The English part is read with the
Exim decoder's rules.

Fixtures: lhost-mailru-*.eml.
"""

from __future__ import annotations

from bouncekit.decoders.base import Decoder, Finding
from bouncekit.decoders.exim import Exim
from bouncekit.mime import MessageView

_EXIM = Exim()


class Mailru(Decoder):
    name = "mailru"
    domains = ("mail.ru",)
    # matches() is true only for these keys: the index need not try the others.
    keyed = True

    def matches(self, msg: MessageView) -> bool:
        local, _, domain = msg.from_address.partition("@")
        return local == "mailer-daemon" and (domain == "mail.ru" or domain.endswith(".mail.ru"))

    def decode(self, msg: MessageView) -> list[Finding] | None:
        return _EXIM.decode(msg)
