"""Challenge-response (C/R) messages: "confirm you are a human before I accept your mail".

C/R systems (TMDA, ASK, SpamArrest, Boxbe, Mailblocks and the C/R modes of some
hosted filters) hold a message from an unknown sender and answer with a challenge: the
message is held or pending, and will be delivered once the sender replies to the
challenge, clicks a link or otherwise proves to be a person. They are not bounces and
not plain auto-replies; TAXONOMY.md gives them class 100 (soft: the address is valid,
the sender must act once).

Recognised by two statements in the text, both required: that the sender's message is
held / pending / awaiting verification, and that the sender must confirm / verify
(reply, click, prove to be human). And the message must look automatic: an
``Auto-Submitted``, ``Precedence: bulk|junk|list``, ``X-Autoreply`` or C/R product
header (``X-TMDA-*``, ``X-AskVersion``, ``X-Boxbe-*``, ``X-Challenge``...), or a
subject asking for verification. The recipient is the protected address: the one the
text says the message was sent to, else the From address without a TMDA-style
``-confirm-...`` tag.

Fixtures: tests/fixtures/challenge-response-01.eml, -02.eml (hand-written).
"""

from __future__ import annotations

import re

from bouncekit.decoders.base import Decoder, Finding
from bouncekit.mime import MessageView, strip_address
from bouncekit.model import Event, Reason

_HELD = re.compile(
    r"(?:message|e-?mail|mail)\b[^\n.]{0,120}?\b(?:is|was|has been|being|will be)\s{1,3}"
    r"(?:held|quarantined|pending|queued|kept|waiting|awaiting|on\s{1,3}hold|"
    r"delivered (?:once|as soon as|after|when))|"
    r"(?:held|pending|awaiting|waiting for)\s{1,3}(?:your\s{1,3})?"
    r"(?:verification|confirmation|approval|authori[sz]ation)",
    re.IGNORECASE,
)
_VERIFY = re.compile(
    r"(?:confirm|verify|prove)\s{1,3}(?:that\s{1,3})?you(?:'re|\s{1,3}are)\s{1,3}(?:a\s{1,3})?"
    r"(?:human|real person|person|not a (?:robot|spammer|machine|computer))|"
    r"(?:reply|respond)\s{1,3}to\s{1,3}this\s{1,3}(?:message|e-?mail)[^\n.]{0,80}?"
    r"(?:confirm|verif|deliver|release)|"
    r"click\s{1,3}(?:on\s{1,3})?(?:the|this)\s{1,3}(?:link|button)[^\n.]{0,80}?(?:confirm|verif|deliver|release)|"
    r"(?:confirm|verify)\s{1,3}(?:your|the)\s{1,3}(?:message|e-?mail|sender|address|identity)",
    re.IGNORECASE,
)
_AUTO_HEADERS = (
    "X-TMDA-Fingerprint",
    "X-TMDA-Confirm-Done",
    "X-Delivery-Agent",
    "X-AskVersion",
    "X-Boxbe-Challenge",
    "X-Challenge",
    "X-Autoreply",
    "X-Autorespond",
)
_SUBJECT = re.compile(r"verif|confirm|challenge|authori[sz]ation|approv|whitelist|human", re.IGNORECASE)
_SENT_TO = re.compile(
    r"(?:you\s{1,3})?(?:sent|addressed|wrote)\s{1,3}(?:(?:a|an|your)\s{1,3}(?:message|e-?mail|mail)\s{1,3})?"
    r"to:?\s{0,3}<?([^<>\s\"']{1,64}@[A-Za-z0-9.-]{1,253}[A-Za-z0-9])",
    re.IGNORECASE,
)
# "jdoe-confirm-1071434515.12345.abcdef@example.com" -> "jdoe@example.com"
_TAG = re.compile(r"^(.+?)[-+](?:confirm|verify|challenge)[-+.][^@]{0,200}(@.+)$", re.IGNORECASE)
# "verify+erik=example.net@cr.example.net" -> "erik@example.net": a C/R service that
# answers from its own domain encodes the protected address in the local part.
_ENCODED = re.compile(r"^[^@+]{1,64}\+([^@+=]{1,64})=([A-Za-z0-9.-]{1,253}\.[A-Za-z]{2,63})@", re.IGNORECASE)


class Challenge(Decoder):
    name = "challenge"

    def matches(self, msg: MessageView) -> bool:
        if msg.content_type == "multipart/report":
            return False
        if msg.header("Auto-Submitted").lower().startswith("auto-"):
            return True
        if msg.header("Precedence").lower() in ("bulk", "junk", "list", "auto_reply"):
            return True
        if any(msg.has_header(h) for h in _AUTO_HEADERS):
            return True
        return bool(_SUBJECT.search(msg.subject))

    def decode(self, msg: MessageView) -> list[Finding] | None:
        text = msg.text[:32768]
        if not (_HELD.search(text) and _VERIFY.search(text)):
            return None
        m = _SENT_TO.search(text)
        recipient = strip_address(m[1]) if m else None
        if not recipient:
            sender = msg.from_address
            tagged = _TAG.match(sender)
            encoded = _ENCODED.match(sender)
            if tagged:
                recipient = f"{tagged[1]}{tagged[2]}"
            elif encoded:
                recipient = f"{encoded[1]}@{encoded[2]}"
            else:
                recipient = sender or None
        return [
            Finding(
                recipient=recipient,
                event=Event.AUTO_REPLY,
                reason=Reason.CHALLENGE_RESPONSE,
                diagnostic=msg.subject or None,
            )
        ]
