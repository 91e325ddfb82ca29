"""Google Workspace (Gmail for organisations): current-style reports with no usable
delivery status.

From ``Mail Delivery Subsystem <mailer-daemon@googlemail.com>``, a ``multipart/report``
whose human part is titled like ``** Message not delivered **`` or ``** Address not
found **`` ("You're sending this from a different address or alias using the 'Send
mail as' feature. ...", "Your message wasn't delivered to <addr> because ..."), then
"The response was:" and the reply of the remote server, while the
``message/delivery-status`` part is empty. The failed address is then in the
``X-Failed-Recipients`` header, or in the sentence "Your message wasn't delivered to
<addr>". Gmail reports with a delivery status are read by the ``gmail`` decoder.

Fixtures: lhost-googleworkspace-01.eml.
"""

from __future__ import annotations

import re

from bouncekit.decoders.base import Decoder, Finding
from bouncekit.decoders.gmail import human_reason
from bouncekit.mime import MessageView, strip_address

_TITLE = re.compile(r"^\*\* ?[^*\n]{2,80}? ?\*\*[ \t]*$", re.M)
_NOT_DELIVERED = re.compile(
    r"(?:wasn't delivered to|problem delivering your message to) "
    r"([^\s@<>]{1,64}@[A-Za-z0-9.-]{1,253}[A-Za-z0-9])"
)


class Googleworkspace(Decoder):
    name = "googleworkspace"
    senders = ("mailer-daemon@googlemail.com", "mailer-daemon@google.com")

    def decode(self, msg: MessageView) -> list[Finding] | None:
        text = msg.text
        if msg.delivery_status is not None or not _TITLE.search(text):
            return None
        recipients = [
            a
            for a in (strip_address(v) for v in msg.header("X-Failed-Recipients").split(","))
            if a and "@" in a
        ]
        if not recipients:
            recipients = [m[1] for m in _NOT_DELIVERED.finditer(text)][:1]
        delayed = "temporary problem delivering" in text
        diagnostic = human_reason(text)
        return [
            Finding(recipient=r, diagnostic=diagnostic, action="delayed" if delayed else "failed")
            for r in recipients
        ] or None
