"""A sending service's own notice that a recipient complained: "jo@example.org marked
your message as spam", "A recipient of your campaign reported your email as spam" over
``Recipient: jo@example.org``.

Sending services (ESPs, newsletter tools, CRMs) receive the feedback loops' reports and
tell their customer in their own words, in prose, without ARF. Such a notice is a
complaint (feedback type ``abuse``) about each recipient it names.

Strict, since newsletters, postmaster bulletins and help pages talk about complaints
too: the notice must state, in the past and in the active voice, that someone marked or
reported the customer's message as spam (not "if a recipient marks your email as spam",
not "emails marked as spam hurt your reputation"), and name the recipient, after a
label (``Recipient:``, ``Empfänger:``, ``Destinataire :``...), in that statement, on
the lines below it, or in a subject about a complaint. Mail sent to a list (``List-Id``,
``List-Unsubscribe``, ``Precedence: bulk``) and reports of other kinds give nothing,
and so does a notice that names no one other than its own addresses.

Fixtures: tests/fixtures/handmade-23/emails/y-fbl-esp-notice-16.eml.
"""

from __future__ import annotations

import re

from bouncekit.decoders.base import ADDRESS, NOTICE_FAILURE, Decoder, Finding, machine_sent
from bouncekit.mime import MessageView, strip_address
from bouncekit.model import Event
from bouncekit.prefilter import AnyOf

#: Between the object and "as spam": a campaign's name, a date ("on 3 March").
_GAP = r"[^.!?\n]{0,80}?"
_OBJECT_EN = (
    r"(?:your|the|this|a|an|one of your)(?: [\w'\"-]{1,40})?? "
    r"(?:e-?mails?|messages?|mail|newsletters?|campaigns?|mailings?)"
)
#: The statement that a recipient complained, on the text with each paragraph's blanks
#: collapsed (``_flat``).
_COMPLAINED = re.compile(
    # English
    r"\b(?:marked|reported|flagged) " + _OBJECT_EN + _GAP
    + r" as (?:spam|junk|unwanted|abuse|unsolicited)\b|"
    r"\b(?:filed|made|submitted|lodged|sent us) an? (?:spam |abuse )?complaint "
    r"(?:about|against|regarding|for)\b|"
    r"\bcomplained about (?:your|the|this|a) (?:e-?mail|message|mail|newsletter|campaign|mailing)|"
    # German
    r"\b(?:hat|haben) (?:ihre|deine|die|diese|eine|ihren|deinen|den) "
    r"(?:e-?mail|nachricht|newsletter|mail|kampagne)" + _GAP + r" als spam (?:markiert|gemeldet)\b|"
    r"\bhat sich über (?:ihre|deine|die|diese|eine) (?:e-?mail|nachricht|newsletter|mail|kampagne) beschwert|"
    # French
    r"\b(?:signal[ée]|marqu[ée]|d[ée]clar[ée])e? (?:votre|vos|le|la|ce|cet|cette|un|une) "
    r"(?:e-?mails?|messages?|courriels?|newsletters?|campagnes?|mails?)" + _GAP
    + r" comme (?:spam|ind[ée]sirable|courrier ind[ée]sirable|pourriel)|"
    # Spanish
    r"\b(?:marc[óo]|marcaron|report[óo]|reportaron|denunci[óo]|denunciaron|han? marcado|han? reportado|"
    r"han? denunciado) (?:tu|tus|su|sus|el|este|un) "
    r"(?:correos?|mensajes?|e-?mails?|bolet[íi]n|campañas?)" + _GAP + r" como (?:spam|correo no deseado)|"
    # Italian
    r"\b(?:ha )?(?:segnalato|contrassegnato|marcato) "
    r"(?:la tua|il tuo|la sua|il suo|il|la|questa|questo|un|una) ?"
    r"(?:e-?mail|messaggio|mail|newsletter|campagna)" + _GAP + r" come (?:spam|posta indesiderata)|"
    # Portuguese
    r"\b(?:marcou|marcaram|denunciou|denunciaram|reportou|sinalizou) "
    r"(?:seu|sua|seus|suas|o|a|este|esta|um|uma) "
    r"(?:e-?mails?|mensage(?:m|ns)|newsletter|campanha)" + _GAP + r" como (?:spam|lixo eletr[ôo]nico)|"
    # Dutch
    r"\b(?:heeft|hebben) (?:uw|je|jouw|de|het|dit|deze|een) "
    r"(?:e-?mail|bericht|nieuwsbrief|mail|campagne)" + _GAP
    + r" als (?:spam|ongewenst) (?:gemarkeerd|gemeld|aangemerkt)|"
    # Polish, Czech
    r"\b(?:oznaczy[łl]|zg[łl]osi[łl])[ao]? (?:twoj|wasz|t[eęaą]|t[eę]n|wiadomo)" + _GAP + r" jako spam|"
    r"\boznačil[ao]? (?:vaš|váš|tvůj|tvoj|tuto|tento|e-?mail|zprávu)" + _GAP + r" jako spam|"
    # Swedish, Danish, Norwegian
    r"\bmarker(?:ade|ede|te) (?:ditt|ert|din|er|dit|jeres|deres|detta|dette|denne)" + _GAP
    + r" som (?:skräppost|spam|uønsket|søppelpost)|"
    # Russian
    r"\b(?:отметил|пометил)[аи]? (?:ваше|ваш|вашу|это|эту|письмо|рассылку)" + _GAP + r" (?:как|в) спам|"
    # Japanese, Chinese
    r"迷惑メールとして(?:報告|マーク|指定)しました|(?:标记|標記|举报|舉報)为(?:垃圾邮件|垃圾郵件)",
    re.IGNORECASE,
)
#: A complaint "from" an address, the address right after: "spam complaint from
#: jo@example.com", "Spam-Beschwerde von ...", "plainte pour spam de ...".
_COMPLAINT_FROM = re.compile(
    r"\b(?:spam|abuse) (?:complaint|report) (?:received )?(?:from|by)|\bcomplaint (?:received )?from|"
    r"\b(?:spam-?|missbrauchs-?)?beschwerde von|\bplainte (?:pour spam |pour abus )?(?:de la part )?de|"
    r"\bqueja (?:de spam |por spam )?de|\breclama[çc][ãa]o (?:de spam )?de|\bklacht (?:over spam )?van",
    re.IGNORECASE,
)
#: A service's statement that it received a complaint, whose complainant it labels
#: below ("We received an abuse report about your campaign" over "Reported by: a@b").
_RECEIVED_COMPLAINT = re.compile(
    r"\bwe (?:have |.ve )?(?:received|got) an? (?:spam |abuse )?(?:report|complaint)s? "
    r"(?:about|against|regarding|for|on)\b|"
    r"\b(?:recorded|registered|logged) as an? (?:spam |abuse )?(?:report|complaint)\b",
    re.IGNORECASE,
)
_COMPLAINT_FROM_ADDRESS = re.compile(r"[ \t]{1,3}<?" + ADDRESS.pattern)
_COMPLAINT_STATEMENT = AnyOf(re.compile(
    f"{_COMPLAINED.pattern}|{_COMPLAINT_FROM.pattern}|{_RECEIVED_COMPLAINT.pattern}", re.IGNORECASE
))
#: Who complained, named before the statement in its sentence: a person (a recipient,
#: a subscriber, someone), not a filter or a server.
_WHO = re.compile(
    r"\b(?:recipients?|subscribers?|contacts?|users?|someone|somebody|person|customers?|readers?|members?|"
    r"complainants?|empfänger(?:in)?|abonnent(?:in)?|kund(?:e|in)|leser(?:in)?|nutzer(?:in)?|jemand|"
    r"destinataire|abonn[ée]e?|utilisat(?:eur|rice)|quelqu'un|destinatari[oa]|suscriptor(?:a)?|usuari[oa]|"
    r"alguien|iscritt[oa]|utente|qualcuno|destinat[áa]rio|assinante|usu[áa]rio|algu[ée]m|ontvanger|"
    r"abonnee|gebruiker|iemand|odbiorca|subskrybent|użytkownik|ktoś|mottagare|prenumerant|användare|"
    r"någon|modtager|mottaker|получатель|подписчик|пользователь|příjemce|odběratel|uživatel)\b"
    r"|受信者|收件人|用户|用戶|订阅者|購読者",
    re.IGNORECASE,
)
#: Words in the same sentence before the statement that make it a condition or advice.
_CONDITION = re.compile(
    r"\b(?:if|when|whenever|once|before|avoid|prevent|reduce|wenn|falls|bevor|si|quand|lorsque|cuando|"
    r"quando|als|indien|wanneer|jeśli|jeżeli|gdy|pokud|когда|если)\b",
    re.IGNORECASE,
)
#: Words in the same sentence before the statement that make the complaint the reason a
#: sending service refused to send ("607 Not delivering to a user who marked your
#: messages as spam", "reject_reason: spam (the recipient marked an earlier message as
#: spam)"): a refusal, which the fallback reads, not a new complaint.
_REFUSAL = re.compile(
    r"\bnot delivering\b|\bnot (?:been )?sent\b|\breject(?:ed|ion|_reason)\b|\bdenylist|\bsuppress|"
    r"\b(?:who|that) (?:has |had |previously )?(?:marked|reported|flagged)\b",
    re.IGNORECASE,
)
#: A line naming the recipient after a label, in the services' languages.
_LABELLED = re.compile(
    r"^[ \t]{0,40}(?:[-*•][ \t]{0,3})?(?:recipients?|subscribers?|contacts?|e-?mail(?: address)?|address|"
    r"reported by|complainant|empfänger|abonnent(?:in)?|kontakt|e-?mail-adresse|adresse|destinataires?|"
    r"abonn[ée]e?|destinatari[oa]s?|suscriptor(?:a)?|contacto|correo|destinat[áa]rios?|assinante|contato|"
    r"iscritt[oa]|ontvanger|abonnee|odbiorca|subskrybent|adres|mottagare|prenumerant|modtager|mottaker|"
    r"получатель|подписчик|адрес|příjemce|odběratel|受信者|宛先|收件人|订阅者)"
    r"[ \t]{0,20}[:：][ \t]{0,40}<?([A-Za-z0-9!#$%&'*+/=?^_`{|}~.-]{1,64}@[A-Za-z0-9.-]{1,253}[A-Za-z0-9])>?",
    re.IGNORECASE | re.MULTILINE,
)
#: A subject about a complaint.
_COMPLAINT_SUBJECT = re.compile(
    r"spam|complaint|abuse report|beschwerde|plainte|queja|reclamo|reclama[çc][ãa]o|klacht|skarga|"
    r"stížnost|klagomål|klage|жалоба|苦情|投诉",
    re.IGNORECASE,
)
#: Addresses of the service itself that a notice names for help, not as complainants.
_SERVICE_LOCAL = re.compile(
    r"^(?:support|help|service|abuse|postmaster|compliance|noreply|no-reply|do-not-reply|donotreply|"
    r"notifications?|info|contact|privacy|fbl|bounces?)(?:[+._-][^@]{0,40})?$",
    re.IGNORECASE,
)
#: How far into the notice the statement may stand.
_HEAD_CHARS = 6000
_BULK_PRECEDENCE = ("bulk", "list", "junk")


#: Where a sentence ends, in the flat text (a dot inside an address ends none).
_SENTENCE_END = re.compile(r"[.!?][\"')\]]?(?= )|\n\n")
_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n")


class ComplaintNotice(Decoder):
    name = "complaintnotice"
    reads_letters = True
    keyed = False

    def matches(self, msg: MessageView) -> bool:
        if msg.content_type == "multipart/report" or _bulk(msg):
            return False
        return _COMPLAINT_STATEMENT(_flat(msg.text[:_HEAD_CHARS]))

    def decode(self, msg: MessageView) -> list[Finding] | None:
        text = msg.text[:_HEAD_CHARS]
        if machine_sent(msg) and NOTICE_FAILURE.search(text):
            return None  # a bounce that says a filter took the message for spam
        flat = _flat(text)
        span = _statement(flat)
        if span is None:
            return None
        own = _own_addresses(msg)
        service_domain = msg.from_address.rpartition("@")[2]
        named = [*_in_statement(flat, span), *_labelled(text)]
        if not named and _COMPLAINT_SUBJECT.search(msg.subject):
            named = [m[1] for m in ADDRESS.finditer(msg.subject)]
        addresses = (strip_address(n.rstrip(".,;:")) for n in named)
        recipients = [a for a in addresses if a and _complainant(a, own, service_domain)]
        if not recipients:
            # The notice names one person in all ("jo@example.org has unsubscribed" above
            # "Because the contact reported the emails as spam, ..."): the complainant.
            anyone = {a.lower() for a in (strip_address(m[1]) for m in ADDRESS.finditer(text))
                      if a and _complainant(a, own, service_domain)}
            recipients = list(anyone) if len(anyone) == 1 else []
        if not recipients:
            return None
        unique = list(dict.fromkeys(recipients))
        return [Finding(recipient=r, event=Event.COMPLAINT, feedback_type="abuse") for r in unique]


def _bulk(msg: MessageView) -> bool:
    return (msg.has_header("List-Id") or msg.has_header("List-Unsubscribe")
            or msg.header("Precedence").strip().lower() in _BULK_PRECEDENCE)


def _flat(text: str) -> str:
    """The text with each paragraph on one line, its blanks collapsed (a notice wraps
    its sentences anywhere); paragraphs stay apart."""
    return "\n\n".join(" ".join(p.split()) for p in _PARAGRAPH_BREAK.split(text) if p.strip())


def _sentence_start(flat: str, position: int) -> int:
    start = 0
    for end in _SENTENCE_END.finditer(flat, 0, position):
        start = end.end()
    return start


def _statement(flat: str) -> tuple[int, int] | None:
    """Where the sentence of the first statement of a complaint starts, and where the
    statement ends: a statement whose sentence names who complained (a person or an
    address before it, or the address it is from) and does not make it a condition or
    advice."""
    for found in _COMPLAINED.finditer(flat):
        start = _sentence_start(flat, found.start())
        if _CONDITION.search(flat, start, found.start()) or _REFUSAL.search(flat, start, found.start()):
            continue
        if _WHO.search(flat, start, found.start()) or ADDRESS.search(flat, start, found.start()):
            return start, found.end()
    for found in _COMPLAINT_FROM.finditer(flat):
        start = _sentence_start(flat, found.start())
        named = _COMPLAINT_FROM_ADDRESS.match(flat, found.end())
        if named and not _CONDITION.search(flat, start, found.start()):
            return start, named.end()
    for found in _RECEIVED_COMPLAINT.finditer(flat):
        start = _sentence_start(flat, found.start())
        if not _CONDITION.search(flat, start, found.start()):
            return start, found.end()
    return None


def _in_statement(flat: str, span: tuple[int, int]) -> list[str]:
    """The addresses the statement's sentence names, and those listed in the paragraph
    below it when the sentence announces a list (ends with a colon)."""
    start, end = span
    sentence_end = _SENTENCE_END.search(flat, end)
    stop = sentence_end.start() if sentence_end else len(flat)
    named = [m[1] for m in ADDRESS.finditer(flat, start, stop)]
    if flat[end:stop].rstrip().endswith(":"):
        below = flat[stop:].lstrip("\n").split("\n\n", 1)[0]
        listed = [m[1] for m in ADDRESS.finditer(below)]
        if listed and len(listed) * 4 >= len(below.split()):
            named += listed
    return named


def _labelled(text: str) -> list[str]:
    return [m[1] for m in _LABELLED.finditer(text)]


def _own_addresses(msg: MessageView) -> set[str]:
    """The notice's own addresses: its sender's and its addressees' (lower case)."""
    found = set()
    for name in ("From", "To", "Cc", "Reply-To", "Sender", "Return-Path", "Delivered-To"):
        found.update(m[1].lower() for m in ADDRESS.finditer(msg.header(name)))
    return found


def _complainant(address: str, own: set[str], service_domain: str) -> bool:
    """Not one of the notice's own addresses, a service address, or one at the sending
    service's domain (its help and compliance desks)."""
    lower = address.lower()
    local, _, domain = lower.rpartition("@")
    return lower not in own and not _SERVICE_LOCAL.match(local) and domain != service_domain
