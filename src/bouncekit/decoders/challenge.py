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

from bouncekit.decoders.base import AnyOf, Decoder, Finding
from bouncekit.mime import MessageView, strip_address
from bouncekit.model import Event, Reason

# Matched on the text in lower case with whitespace collapsed.
_HELD = re.compile(
    r"(?:message|e-?mail|mail)\b[^.]{0,120}?\b(?:is|was|has been|being|will be) "
    r"(?:held|quarantined|pending|queued|kept|waiting|awaiting|on hold|"
    r"delivered (?:once|as soon as|after|when)|released (?:once|as soon as|after|when))|"
    r"(?:held|pending|awaiting|waiting for) (?:your )?"
    r"(?:verification|confirmation|approval|authori[sz]ation)|"
    r"once (?:you have )?(?:verified|confirmed)|until you (?:confirm|verify|reply)|"
    r"first time you have (?:written|sent)|has not (?:yet )?been verified|"
    r"once (?:i|we) (?:have )?approved? you|"
    # German, French, Spanish, Italian, Portuguese, Dutch
    r"erst zugestellt,? wenn|bis zur (?:bestätigung|freigabe)|zurückgehalten|ohne bestätigung|"
    r"nach (?:ihrer )?bestätigung|danach wird[^.]{0,80}zugestellt|"
    r"wartet auf (?:ihre )?(?:bestätigung|freigabe)|"
    r"en attente (?:de )?(?:validation|confirmation|v[ée]rification)|conserv[ée]e? en attente|"
    r"pour que votre message soit d[ée]livr|"
    r"sera (?:d[ée]livr|remis|distribu)[ée]? (?:d[èe]s|apr[èe]s|une fois)|"
    r"retenido|pendiente de (?:verificaci[óo]n|confirmaci[óo]n|aprobaci[óo]n)|"
    r"en espera de (?:verificaci|confirmaci)|"
    r"in attesa di (?:conferma|verifica|approvazione)|trattenut|"
    r"retid[ao]|aguardando (?:a )?(?:confirma[çc][ãa]o|verifica[çc][ãa]o)|"
    r"wordt (?:vastgehouden|tegengehouden)|in afwachting van (?:bevestiging|verificatie)"
)
_VERIFY = re.compile(
    r"(?:confirm|verify|prove) (?:that )?you(?:.re| are) (?:a )?"
    r"(?:human|real|person|not a (?:robot|spammer|machine|computer))|"
    r"confirmed that they are real|"
    r"(?:reply|respond) to this (?:message|e-?mail)[^.]{0,80}?(?:confirm|verif|deliver|release)|"
    r"(?:to verify|to confirm)[^.]{0,40}?(?:reply|click|visit)|"
    r"click (?:on )?(?:the|this) (?:link|button)[^.]{0,80}?(?:confirm|verif|deliver|release)|"
    r"(?:confirm|verify) (?:your|the) (?:message|e-?mail|sender|address|identity)|approved senders|"
    r"type the (?:characters|letters|code)|"
    r"best[äa]tigen sie|bitte best[äa]tigen|echte person|kein (?:roboter|spam)|"
    r"confirmer que vous|merci de (?:confirmer|valider)|veuillez (?:confirmer|valider)|pas un robot|"
    r"confirme (?:que|su)|verifique (?:que|su)|no (?:es|eres) un robot|"
    r"conferma(?:re)? (?:che|il tuo|la tua)|non sei un robot|"
    r"confirme (?:que|seu|sua)|n[ãa]o (?:[ée] )?um rob[ôo]|"
    r"bevestig (?:uw|dat|je)|bevestigen dat|geen robot"
)
# Tested on every automatic message that reaches this decoder; most hold neither's literals.
_HOLDS, _ASKS_TO_VERIFY = AnyOf(_HELD), AnyOf(_VERIFY)
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
_SUBJECT = re.compile(
    r"verif|confirm|challenge|authori[sz]ation|approv|whitelist|human|best[äa]tig|absenderpr[üu]fung|"
    r"validation|validez|en attente|confirma|conferma|bevestig|spam ?blocker",
    re.IGNORECASE,
)
# The protected address: the one the message was sent to ("you sent a message to X",
# "Sie haben eine E-Mail an X geschickt", "The email account X has received your message").
_ADDR = r"<?([^<>\s\"'()]{1,64}@[A-Za-z0-9.-]{1,253}[A-Za-z0-9])"
_SENT_TO = re.compile(
    r"(?:sent|addressed|wrote|written|message|e-?mail|mail|nachricht|message|mensaje|messaggio|mensagem|bericht)"
    r"[^.@\n]{0,40}?(?:\bto|\ban|\bà|\ba|\bpara|\baan)[ :]{1,3}" + _ADDR + "|"
    r"(?:account|address|mailbox|postfach|adresse|bo[îi]te|buz[óo]n|casella)[ :]{1,3}" + _ADDR,
    re.IGNORECASE,
)
# '"x@example.org (via Mailinblack)" <noreply@...>': the protected address in the display name.
_ADDRESS_IN_NAME = re.compile(r'^"?([^<>\s"@]{1,64}@[A-Za-z0-9.-]{1,253}[A-Za-z0-9])[^<]{0,80}<')
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
        flat = " ".join(f"{msg.subject}\n{text}".split()).lower()
        if not (_HOLDS(flat) and _ASKS_TO_VERIFY(flat)):
            return None
        recipient = None
        for where in (msg.subject, text, msg.from_header):
            m = _SENT_TO.search(where)
            if m:
                recipient = strip_address(m[1] or m[2])
                break
        if not recipient:
            m = _ADDRESS_IN_NAME.search(msg.from_header)
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
