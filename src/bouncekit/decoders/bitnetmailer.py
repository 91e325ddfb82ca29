"""Columbia MAILER and the other BITNET mailers of IBM VM systems (1985-2000), the
gateways between BITNET and the Internet: ``mail delivery error`` / ``Undeliverable
mail`` from ``MAILER@node``.

Two layouts, plain text:

- the Batch SMTP transaction log of the session with the next mailer: the commands it
  sent, echoed with the code ``050`` (``050 RCPT TO:<a@b>``), each followed by the
  reply (``550 'WHCVMB' is an unknown node.``): a recipient whose RCPT drew a 4xx or
  5xx reply failed with that reply;
- a sentence naming the recipient and the cause: "Your mail for a@b could not be
  delivered." over the reason ("The file was held for 5 days at node LSCVM because the
  RSCS link to node KTCVM1 was not active, and it has been purged").

Fixtures: hand-written (tests/decoders/test_bitnetmailer.py).
"""

from __future__ import annotations

import re

from bouncekit.decoders.base import Decoder, Finding
from bouncekit.mime import MessageView, strip_address

_LOG = "Batch SMTP transaction log follows"
_RCPT = re.compile(r"^050[ \t]+RCPT[ \t]+TO:[ \t]*<?([^<>\s]{1,320}?)>?[ \t]*$", re.IGNORECASE | re.MULTILINE)
_REPLY = re.compile(r"[ \t]{0,10}([45]\d\d[ -][^\n]{1,500})")
_MAIL_FOR = re.compile(
    r"Your mail for[ \t]+<?([^<>\s]{1,320}?)>?[ \t]+could not be delivered\.?[ \t]*\n?"
    r"((?:[^\n]{1,300}\n){0,6})",
    re.IGNORECASE,
)
_END = ("\n---", "\nThe text of your mail follows", "\n\n")


class BitnetMailer(Decoder):
    name = "bitnetmailer"
    markers = (_LOG, "RSCS link")

    def matches(self, msg: MessageView) -> bool:
        return msg.from_address.lower().startswith("mailer@") and (
            _LOG in msg.text or "Your mail for" in msg.text
        )

    def decode(self, msg: MessageView) -> list[Finding] | None:
        text = msg.text
        findings: list[Finding] = []
        if _LOG in text:
            for m in _RCPT.finditer(text):
                reply = _REPLY.match(text, m.end() + 1)
                address = strip_address(m[1])
                if reply and address:
                    findings.append(Finding(recipient=address, diagnostic=reply[1].strip(), action="failed"))
        for m in _MAIL_FOR.finditer(text):
            address = strip_address(m[1])
            if not address or any(f.recipient == address for f in findings):
                continue
            said = m[2]
            for end in _END:
                cut = said.find(end)
                if cut >= 0:
                    said = said[:cut]
            reason = " ".join(said.split()) or None
            findings.append(Finding(recipient=address, diagnostic=reason, action="failed"))
        return findings or None
