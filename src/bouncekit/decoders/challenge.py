"""Challenge-response (C/R) messages: "confirm you are a human before I accept your mail".

C/R systems (TMDA, ASK, SpamArrest, Boxbe, Mailblocks, ChoiceMail, cPanel's BoxTrapper,
Mailinblack, UOL AntiSpam and the C/R modes of some hosted filters) hold a message from
an unknown sender and answer with a challenge: the message is held or pending, and will
be delivered once the sender replies to the challenge, clicks a link or otherwise
proves to be a person. They are not bounces and
not plain auto-replies; TAXONOMY.md gives them class 100 (soft: the address is valid,
the sender must act once).

Recognised by two statements in the text, both required: that the sender's message is
held / pending / awaiting verification, and that the sender must confirm / verify
(reply, click, type the number in the picture, fill in a registration form, join a guest
list, prove to be human), in the common languages. And the message must look automatic:
an ``Auto-Submitted``, ``Precedence: bulk|junk|list``, ``X-Autoreply`` or C/R product
header (``X-TMDA-*``, ``X-AskVersion``, ``X-Boxbe-*``, ``X-Challenge``...), or a
subject asking for verification or registration. The recipient is the protected address
the sender wrote to, never the service's own: the one the subject or text says the
message was sent to, else the returned message's To, else the one the From names (in
its display name, beside the user's name signed in the text, encoded or tagged in its
address), else the From address without a TMDA-style ``-confirm-...`` tag.

Fixtures: tests/fixtures/challenge-response-01.eml, -02.eml (hand-written).
"""

from __future__ import annotations

import re
from email.utils import parseaddr

from bouncekit.decoders.base import Decoder, Finding, verp_recipient
from bouncekit.mime import MessageView, strip_address
from bouncekit.model import Event, Reason
from bouncekit.prefilter import AnyOf

# Matched on the text in lower case with whitespace collapsed.
_HELD = re.compile(
    # (a dot inside an address, "your message to r.harlan@physics.example has been held",
    # ends no sentence)
    r"(?:message|e-?mail|mail)\b(?:[^.]|\.(?=\S)){0,120}?\b(?:is|was|has been|being|will be) "
    r"(?:held|quarantined|pending|queued|kept|waiting|awaiting|on hold|"
    r"delivered (?:once|as soon as|after|when)|released (?:once|as soon as|after|when))|"
    r"(?:held|pending|awaiting|waiting for) (?:your )?"
    r"(?:verification|confirmation|approval|authori[sz]ation)|"
    r"once (?:you have )?(?:verified|confirmed)|until you (?:confirm|verify|reply)|"
    r"first time you have (?:written|sent)|has not (?:yet )?been verified|"
    r"once (?:i|we) (?:have )?approved? you|"
    # Boxbe's waiting list, ChoiceMail's "not been delivered yet", BoxTrapper's "release
    # your message", a service's "so that your messages will be delivered"
    r"(?:was|were|been) wait-?listed|placed on (?:a |my |the )?wait(?:ing)? ?list|"
    r"(?:has|have) not (?:yet )?been delivered yet|to have (?:it|your message) delivered|"
    r"release (?:your|the) (?:message|e-?mail)|requires? verification of your (?:e-?mail )?address|"
    r"so (?:that )?your (?:messages?|e-?mails?) (?:will|can) (?:be delivered|reach)|"
    # cPanel's BoxTrapper: "The email message sent to x ... requires verification. ... After
    # you verify, your message will be delivered"
    r"(?:message|e-?mail)\b[^.]{0,160}? requires verification\b|"
    r"after you verify,? your (?:message|e-?mail) will be delivered|"
    # German, French, Spanish, Italian, Portuguese, Dutch
    r"erst zugestellt,? wenn|bis zur (?:bestätigung|freigabe)|zurückgehalten|ohne bestätigung|"
    r"nach (?:ihrer )?bestätigung|danach wird[^.]{0,80}zugestellt|"
    r"wartet auf (?:ihre )?(?:bestätigung|freigabe)|"
    r"en attente (?:de )?(?:validation|confirmation|v[ée]rification)|conserv[ée]e? en attente|"
    r"pour que votre message soit (?:d[ée]livr|remis|distribu)|pour qu.il soit (?:d[ée]livr|remis|distribu)|"
    r"n.a pas encore [ée]t[ée] (?:d[ée]livr|remis|distribu)|"
    r"(?:message|e-?mail|courriel) (?:est|reste) (?:en attente|retenu|bloqu[ée])|"
    r"sera (?:d[ée]livr|remis|distribu)[ée]? (?:d[èe]s|apr[èe]s|une fois)|"
    r"retenido|pendiente de (?:verificaci[óo]n|confirmaci[óo]n|aprobaci[óo]n)|"
    r"en espera de (?:verificaci|confirmaci)|"
    r"in attesa di (?:conferma|verifica|approvazione)|trattenut|"
    r"retid[ao]|aguardando (?:a )?(?:confirma[çc][ãa]o|verifica[çc][ãa]o)|"
    r"para que (?:a |sua |a sua )?mensagem seja entregue|"
    r"(?:n[ãa]o )?ser[áa] entregue (?:ap[óo]s|assim que|quando)|"
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
    r"type the (?:characters|letters|code|numbers?|words?|text)|"
    # EarthLink spamBlocker: "click the link below so I can receive your email", "when
    # you verify yourself"
    r"click (?:on )?(?:the|this) link[^.]{0,40}?so (?:that )?(?:i|we) (?:can|may) receive|verify yourself|"
    # "you are not on the list of people this member has approved to send mail ... To have
    # your message delivered, please visit the page below"
    r"(?:people|senders)[^.]{0,40}? approved to send|"
    r"to have your (?:message|e-?mail) delivered,? (?:please )?(?:visit|click|go to|follow|open)|"
    r"(?:you see|shown|displayed) in the (?:picture|image)|"
    r"to verify that you sent (?:the|this|your) (?:message|e-?mail)|"
    # Boxbe's guest list, ChoiceMail's registration form
    r"(?:add yourself|be added) to (?:my|the|their) "
    r"(?:guest ?list|approved senders|allowed senders|whitelist)|"
    r"fill (?:out|in) (?:the|a|this|my) (?:short )?(?:registration|request|sender) form|"
    r"best[äa]tigen sie|bitte best[äa]tigen|echte person|kein (?:roboter|spam)|"
    r"confirmer que vous|merci de (?:confirmer|valider)|veuillez (?:confirmer|valider)|pas un robot|"
    r"vous authentifier|authentifiez-vous|authentification des exp[ée]diteurs|"
    r"(?:merci de|veuillez) cliquer sur le lien|"
    r"confirme (?:que|su)|verifique (?:que|su)|no (?:es|eres) un robot|"
    r"conferma(?:re)? (?:che|il tuo|la tua)|non sei un robot|"
    r"confirme (?:que|seu|sua|o envio)|n[ãa]o (?:[ée] )?um rob[ôo]|"
    r"digite os (?:caracteres|n[úu]meros|c[óo]digo)|"
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
    "X-Boxtrapper",
)
_SUBJECT = re.compile(
    r"verif|confirm|challenge|authori[sz]ation|approv|whitelist|human|best[äa]tig|absenderpr[üu]fung|"
    r"validation|validez|en attente|confirma|conferma|bevestig|spam ?blocker|"
    # ChoiceMail's "registration request", Boxbe's "guest list", Mailinblack's "authentification"
    r"registration request|guest ?list|authentif|autentica",
    re.IGNORECASE,
)
# The protected address: the one the message was sent to ("you sent a message to X",
# "Sie haben eine E-Mail an X geschickt", "Votre message pour X", "The email account X
# has received your message").
_ADDR = r"<?([^<>\s\"'()]{1,64}@[A-Za-z0-9.-]{1,253}[A-Za-z0-9])"
_SENT_TO = re.compile(
    r"(?:sent|addressed|wrote|written|message|e-?mail|mail|nachricht|message|mensaje|messaggio|mensagem|bericht)"
    r"[^.@\n]{0,40}?(?:\bto|\ban|\bà|\ba|\bpara|\baan|\bpour|\bper|\bvoor|\bdla)[ :]{1,3}" + _ADDR + "|"
    r"(?:account|address|mailbox|postfach|adresse|bo[îi]te|buz[óo]n|casella)[ :]{1,3}" + _ADDR + "|"
    # "This is an automated message from ... spamBlocker on behalf of x@y."
    r"\bon behalf of[ \t\n:]{1,3}" + _ADDR + "|"
    # "Votre message à destination de x@y n'a pas encore été délivré"
    r"\b[àa] destination de[ :]{1,3}" + _ADDR,
    re.IGNORECASE,
)
# '"x@example.org (via Mailinblack)" <noreply@...>': the protected address in the display name.
_ADDRESS_IN_NAME = re.compile(r'^"?([^<>\s"@]{1,64}@[A-Za-z0-9.-]{1,253}[A-Za-z0-9])[^<]{0,80}<')
# "Anders Holm (via Boxbe)", "Anders Holm via Boxbe": the user's name in a service's From.
_VIA = re.compile(r"\(?\bvia\b[^()]{0,60}\)?$", re.IGNORECASE)
# "Anders Holm <anders.holm@holm-consulting.example>" on a line of the text.
_NAMED_ADDRESS = re.compile(
    r"^([^<>@\s][^<>@\n]{2,79}?)[ \t]{0,8}<([^<>\s@]{1,64}@[A-Za-z0-9.-]{1,253})>", re.MULTILINE
)
# "jdoe-confirm-1071434515.12345.abcdef@example.com" -> "jdoe@example.com"
_TAG = re.compile(r"^(.+?)[-+](?:confirm|verify|challenge)[-+.][^@]{0,200}(@.+)$", re.IGNORECASE)
# "verify+erik=example.net@cr.example.net" -> "erik@example.net": a C/R service that
# answers from its own domain encodes the protected address in the local part.
_ENCODED = re.compile(r"^[^@+]{1,64}\+([^@+=]{1,64})=([A-Za-z0-9.-]{1,253}\.[A-Za-z]{2,63})@", re.IGNORECASE)


class Challenge(Decoder):
    name = "challenge"
    reads_letters = True

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
        return [
            Finding(
                recipient=_protected_address(msg, text),
                event=Event.AUTO_REPLY,
                reason=Reason.CHALLENGE_RESPONSE,
                diagnostic=msg.subject or None,
            )
        ]


def _protected_address(msg: MessageView, text: str) -> str | None:
    """The address the challenged message was written to, which the C/R system protects:
    the one the subject or text says it was sent to, else the returned message's To, else
    the one the VERP return path it answers names, else the one the service's From names
    (in its display name, beside the protected person's name in the text, or encoded or
    tagged in its own address), else the From address itself (a C/R program answering
    from the protected mailbox)."""
    for where in (msg.subject, text, msg.from_header):
        m = _SENT_TO.search(where)
        if m:
            return strip_address(next(g for g in m.groups() if g))
    original = msg.original
    if original is not None and len(original.recipients) == 1:
        return original.recipients[0].lower()
    # The challenge goes to the challenged message's return path: a VERP one names the
    # address it was sent to ("bounces+3302-lcarter=carter-designs.example@...").
    verp = verp_recipient(strip_address(msg.header("To")) or "")
    if verp:
        return verp
    m = _ADDRESS_IN_NAME.search(msg.from_header)
    if m:
        return strip_address(m[1])
    signed = _signed_address(msg.from_header, text)
    if signed:
        return signed
    sender = msg.from_address
    tagged = _TAG.match(sender)
    if tagged:
        return f"{tagged[1]}{tagged[2]}"
    encoded = _ENCODED.match(sender)
    if encoded:
        return f"{encoded[1]}@{encoded[2]}"
    return sender or None


def _signed_address(from_header: str, text: str) -> str | None:
    """The address the text gives beside the name the service writes in ('"Anders Holm
    (via Boxbe)" <notify@boxbe.example>' signing "Anders Holm <anders.holm@...>"): a
    service that sends challenges from its own address in its user's name."""
    name = _VIA.sub("", parseaddr(from_header)[0]).strip(" \"'")
    if not 2 < len(name) <= 80:
        return None
    for m in _NAMED_ADDRESS.finditer(text):
        if " ".join(m[1].split()).strip(" \"'").lower() == " ".join(name.split()).lower():
            return strip_address(m[2])
    return None
