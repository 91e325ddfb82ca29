"""Google Groups: the notice that a message to a group was not accepted.

Sent by Gmail's ``Mail Delivery Subsystem <mailer-daemon@googlemail.com>`` as a plain
text ``Delivery Status Notification (Failure)``, in the poster's language: "Hello
<sender>, We're writing to let you know that the group you tried to contact (<name>)
may not exist, or you may not have permission to post messages to the group.", a list
of possible causes, a link to https://groups.google.com/support/ and the signature
"Google Groups" (a Workspace domain's groups: "<domain> admins"); the returned message
follows "----- Original message -----". The group's address is given only in the
``X-Failed-Recipients`` header. Whatever the language, the notice says one thing: the
group refused this sender's post, so the reason is decided here rather than read from
the (translated) text.

Fixtures: lhost-googlegroups-*.eml.
"""

from __future__ import annotations

from bouncekit.decoders.base import Decoder, Finding, inline_original
from bouncekit.mime import MessageView, strip_address
from bouncekit.model import Reason

_SUPPORT = "groups.google.com/support"
_ORIGINAL = ("----- Original message -----",)


class Googlegroups(Decoder):
    name = "googlegroups"
    headers = ("X-Failed-Recipients",)
    # matches() is true only for these keys: the index need not try the others.
    keyed = True

    def matches(self, msg: MessageView) -> bool:
        return msg.has_header("X-Failed-Recipients") and _SUPPORT in msg.text

    def decode(self, msg: MessageView) -> list[Finding] | None:
        text = msg.text
        body = text.split(_ORIGINAL[0], 1)[0]
        # Signed "Google Groups", or by a Workspace domain's admins ("... any other Google
        # Group, visit the Help Center ..." / "example.com admins").
        if "Google Group" not in body or "google" not in msg.from_address:
            return None
        recipients = [
            a
            for a in (strip_address(v) for v in msg.header("X-Failed-Recipients").split(","))
            if a and "@" in a
        ]
        paragraphs = [p.strip() for p in body.split("\n\n") if p.strip()]
        # The second paragraph (after the greeting) is the notice itself.
        diagnostic = paragraphs[1] if len(paragraphs) > 1 else None
        original = inline_original(text, _ORIGINAL)
        return [
            Finding(
                recipient=r,
                diagnostic=diagnostic,
                reason=Reason.SENDER_REJECTED,
                original_message_id=original.message_id if original else None,
                original_sender=original.sender if original else None,
            )
            for r in recipients
        ] or None
