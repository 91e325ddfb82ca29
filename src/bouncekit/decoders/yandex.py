"""Yandex.Mail: bounces of the Russian mail service, which runs Postfix.

Sent from ``mailer-daemon@yandex.ru`` with the subject "Недоставленное сообщение" and
``X-Yandex-*`` headers, as an RFC 3464 report. The text part repeats the notice in
Russian ("Это письмо отправлено почтовым сервером yandex.ru. ...") and in Postfix's
English ("This is the mail system at host yandex.ru. I'm sorry to have to inform you
that your message could not be delivered ..."), then one paragraph per recipient,
``<addr>: host mx.example.jp[192.0.2.1] said: 550 5.1.1 ... (in reply to RCPT TO
command)`` or ``<addr>: connect to host[192.0.2.1]:25: Connection timed out``. The
delivery status gives each recipient's Status and a Diagnostic-Code (type ``smtp`` or
Yandex's own ``X-Yandex``); the text adds the remote host when Remote-MTA is missing.

Fixtures: lhost-yandex-*.eml.
"""

from __future__ import annotations

import re
from dataclasses import replace

from bouncekit.decoders.base import Decoder, Finding, Keys, address_blocks, dsn_findings, find_host
from bouncekit.mime import MessageView

_RECIPIENT = re.compile(r"^<([^<>\s@]{1,64}@[^<>\s]{1,253})>:")


class Yandex(Decoder):
    name = "yandex"
    more_keys = Keys(addresses=("mailer-daemon@yandex.",))

    def matches(self, msg: MessageView) -> bool:
        local, _, domain = msg.from_address.partition("@")
        return local == "mailer-daemon" and domain.startswith("yandex.")

    def decode(self, msg: MessageView) -> list[Finding] | None:
        status = msg.delivery_status
        blocks = dict(address_blocks(msg.text, _RECIPIENT))
        if status is None:
            return [Finding(recipient=a, diagnostic=" ".join(t.split())) for a, t in blocks.items()] or None
        return [
            f if f.remote_mta else replace(f, remote_mta=find_host(blocks.get(f.recipient or "", "")))
            for f in dsn_findings(status)
        ]
