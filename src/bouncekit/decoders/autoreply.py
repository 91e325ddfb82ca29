"""Automatic replies (RFC 3834): out-of-office, vacation and acknowledgement messages.

Not bounces: one record with event ``auto_reply`` and class 60 for the address that
answered (the From address). Recognised by the RFC 3834 ``Auto-Submitted:
auto-replied`` header, the de-facto ``X-Autoreply`` / ``X-Autorespond`` /
``Precedence: auto_reply`` headers, Exchange's ``X-Auto-Response-Suppress`` beside an
``Auto-Submitted`` value, and the subjects that common responders write in the common
languages (``Automatic reply:``, ``Automatische Antwort:``, ``Réponse automatique :``,
``Автоматический ответ:``, ``自動応答``...; Outlook's in each language it is localized
in: ``Automatikus válasz:``, ``자동 회신:``...). A ticket system's automatic
acknowledgement (``[Ticket #123]``, ``AutoReply:``) is an automatic reply too, and so is
a help desk's sent as automatic in answer to the sender's mail ("Your request (48213)
has been received").

Many programs answer with no such header or subject: BSD vacation (``Precedence: bulk``,
"I am on vacation"), procmail/formail (``X-Loop``, "Re:"), Domino's out-of-office agent
("Richard Hale is out of the office."), GroupWise's and Outlook's rules ("Re:", "AW:",
no automatic mark at all). Such a reply is known by its lead, the first two sentences
after any greeting, saying that its writer is away ("I am away from the office until",
"unsere Kanzlei ist von ... bis ... geschlossen", "szabadságon vagyok") or that it is an
automatic reply ("To jest automatyczna odpowiedź"), in some 30 languages. Sent as
automatic, it must answer the sender's mail (``In-Reply-To``, "Re:") or say in its
subject that its writer is away; not marked at all, it must also be short, say until
when, quote nothing and greet no one by name: a person's reply says more, quotes what it
answers ("On ... wrote:") or greets the one it answers ("Hi Tom,"). A list's post is no
one's reply, whatever it says.

An automatic reply that says the address itself is gone ("This address has been closed",
"has left the company, please write to ...") is a bounce in all but form: its record is
event ``bounce`` with that statement as the diagnostic (class 10, address moved), so that
the address is treated as the invalid recipient it is; unless it says the address still
takes mail for now ("your email, which has been received", "will stop receiving mail on
1 March"): that is an automatic reply. So is one that says it did not
take the sender's message because of who the sender is (a help desk that takes requests
by email only from its customers): event ``bounce`` of the address written to, class 50
by the rules.

Runs after every bounce decoder, because bounces carry ``Auto-Submitted`` too; and a
message whose own text states that delivery failed (a forwarding service's, a gateway's
or a ticket system's notice sent with ``auto-replied`` or ``auto-generated``) is left to
the generic decoder when its subject speaks of the delivery or its text names the failed
recipient the way notices do, as is one that states a block and names the recipient in
its table of the message's header fields, and one whose text states a delay and whose
subject speaks of the delivery. A help desk's notice whose subject opens with the failure
and carries the conversation's tag ("Undeliverable: Re: Refund [#4821]"), or whose subject
says after the tag that the desk's own mail failed ("[#SUP-20418] Reply could not be
delivered to the customer"), is its notice of a failed reply, not an acknowledgement,
unless its text acknowledges a request. A ticket system's notice to one of its agents
("Ticket #88 has been assigned to you") or of an update to a ticket ("Ticket #88 has
been updated by Priya") is neither a reply to the sender nor a bounce,
whatever customer's complaint it quotes: claimed, with no record. A reply
under an auto-reply subject, or one that only mentions in passing that mail was not
delivered, stays an automatic reply.

Fixtures: rfc3834-*.eml; tests/fixtures/handmade*/emails/*autoreply*.
"""

from __future__ import annotations

import itertools
import re
from email.utils import parseaddr

# The built-in rules, never a user's rules file, read the notice's structure here
# (which paragraph states a cause, a refusal, a move): a rules file changes how a
# record is classified, never which records a message gives.
from bouncekit.classifier import rules_in_use
from bouncekit.decoders.base import ADDRESS, Decoder, Finding, enclosed_views
from bouncekit.decoders.fallback import (
    Notice,
    acknowledges_request,
    failed_recipients_named,
    notification_text,
    subject_about_delivery,
    subject_states_failure,
    subject_tells_failure,
    summary_recipients,
)
from bouncekit.decoders.fallback.recipients import own_addresses
from bouncekit.decoders.fallback.wording import (
    AGENT_NOTICE,
    APPLICATION_LOCAL,
    CONTACT,
    TICKET_UPDATE,
    YOUR_CONTACT,
    named_as_mail_system,
)
from bouncekit.mime import MessageView
from bouncekit.model import Event, Reason

#: "Automatic reply:" as Outlook and Exchange localize it, beyond the languages above.
_LOCALIZED_AUTOMATIC_REPLY = (
    r"automatikus v[áa]lasz",  # Hungarian
    r"otomatik (?:yan[ıi]t|cevap)",  # Turkish
    r"자동 ?회신",  # Korean
    r"automaattinen vastaus",  # Finnish
    r"r[ăa]spuns automat",  # Romanian
    r"automatski odgovor|аутоматски одговор",  # Croatian, Serbian, Bosnian
    r"samodejni odgovor",  # Slovenian
    r"автоматичен отговор",  # Bulgarian
    r"автоматична відповідь",  # Ukrainian
    r"αυτόματη απάντηση",  # Greek
    r"automaatvastus",  # Estonian
    r"autom[āa]tisk[āa] atbilde",  # Latvian
    r"automatinis atsakymas",  # Lithuanian
    r"tr[ảa] l[ờo]i t[ựu] đ[ộo]ng",  # Vietnamese
    r"balasan (?:otomatis|automatik)",  # Indonesian, Malay
    r"ตอบกลับอัตโนมัติ",  # Thai
    r"תשובה אוטומטית",  # Hebrew
    r"رد تلقائي|الرد التلقائي",  # Arabic
    r"پاسخ خودکار",  # Persian
    r"स्वचालित उत्तर",  # Hindi
    r"erantzun automatikoa",  # Basque
    r"sj[áa]lfvirkt svar",  # Icelandic
    r"ateb awtomatig",  # Welsh
    r"freagra uathoibr[íi]och",  # Irish
    r"resposta autom[àa]tica",  # Catalan
    r"automatesch [äa]ntwert",  # Luxembourgish
    # Exchange 2000/2003's localized "Out of Office AutoReply:"
    r"afwezigheidsbericht|frånvaromeddelande|fraværsmelding|poissaolo(?:viesti|ilmoitus)",
)
_SUBJECT = re.compile(
    r"^(?:\[[^\]]{0,80}\][ \t]*)?(?:"
    r"auto(?:matic|matische|matisch)?[ -]?(?:reply|response|responder|antwort|réponse|respuesta|risposta|"
    r"resposta|antwoord|svar)|autoreply|autoresponse|auto:|"
    r"out of (?:the )?office|away from (?:my|the) (?:office|desk|mail|e-?mail)|on vacation|vacation reply|"
    r"abwesenheitsnotiz|abwesend|absence|r[ée]ponse automatique|r[ée]ponse en votre absence|"
    r"away until|i am (?:away|out)|fuera de la oficina|respuesta autom[áa]tica|risposta automatica|"
    r"fuori sede|resposta autom[àáa]tica|fora do escrit[óo]rio|automatisch antwoord|afwezig|"
    r"automatyczna odpowied[źz]|poza biurem|автоматический ответ|автоответ|нет на месте|"
    r"automatické odpověď|automatická odpověď|automatická odpoveď|automatiskt? svar|frånvaro|"
    r"自動応答|自動返信|不在通知|自动回复|自動回覆|자동 ?응답|부재중|"
    # The prefix Outlook and Exchange write in the other languages they are localized in
    # (the ones above included), and the older Exchange servers' out-of-office prefixes.
    + "|".join(_LOCALIZED_AUTOMATIC_REPLY) + r")",
    re.IGNORECASE,
)
# A ticket system acknowledging the ticket a message opened ("[Ticket #123]",
# "[Request ID :##RE-104432##]", "[Case 00123]").
_TICKET = re.compile(
    r"\[[^\]\n]{0,60}#[^\]\n]{0,30}\]|\[[ \t]{0,3}(?:ticket|request|case|incident)\b[^\]\n]{0,40}\]|"
    r"\bauto-?reply\b|"
    # a service desk's subject for the ticket a mail opened ("Incident INC0012345 has been
    # opened on your behalf")
    r"\b(?:ticket|case|incident|request) #?[A-Za-z]{0,6}-?\d{3,12} has been (?:opened|created|logged)\b",
    re.IGNORECASE,
)
# --- automatic replies that carry no automatic-reply header ---------------------------
# A vacation program (BSD vacation's "Precedence: bulk", procmail's X-Loop), a groupware
# agent (Domino's "... is out of the office", GroupWise's rule) or a mail client's rule
# (Outlook's "AW:" reply) answers without Auto-Submitted; such a reply is known by what
# it says first: that its writer is away, or that it is an automatic reply. The
# statements are matched on the lead of the text (see _greeting_and_lead): lower case,
# whitespace collapsed.

#: That the writer (or the writer's office) is away: one entry a language, first person
#: or the office, present or future ("I am out of the office until", "ich bin bis ...
#: nicht im Büro", "je suis absente", "unsere Kanzlei ist ... geschlossen").
_ABSENCE_STATEMENTS = (
    # English
    r"\b(?:i am|i.m|i will be|i.ll be|we are|we.re|we will be|"
    r"(?:our|the|this) (?:office|practice|firm|shop|store|team) (?:is|are|will be)) "
    r"(?:currently |now |presently |unfortunately )?(?:out of (?:the |my )?office|away|"
    r"on (?:annual |parental |maternity |paternity |sick |study |medical )?(?:vacation|holidays?|leave)|"
    r"travel+ing|on (?:a )?business trip|closed|off sick|not in the office)|"
    r"\bis (?:currently )?out of the office",
    # German
    r"\b(?:ich bin|bin ich|wir sind|sind wir|(?:unser|unsere|das) \w{3,20} (?:ist|bleibt|sind))\b.{0,60}?"
    r"(?:nicht im (?:büro|hause?)|au[ßs]er haus|abwesend|im urlaub|nicht erreichbar|geschlossen|"
    r"nicht anwesend|auf (?:dienst|geschäfts)reise|in (?:elternzeit|karenz)|im mutterschutz)",
    # French
    r"\b(?:je suis|je serai|nous sommes|nous serons|"
    r"(?:notre|le) (?:bureau|cabinet|agence|magasin|service) (?:est|sera))\b.{0,40}?"
    r"(?:absente?s?\b|en (?:congés?|vacances|déplacement|voyage|arrêt)|fermée?s?\b|hors du bureau|"
    r"pas au bureau)",
    # Spanish, Catalan
    r"\b(?:estoy|estar[ée]|estamos|estaremos|me encuentro|nos encontramos|"
    r"la oficina (?:est[áa]|permanecer[áa]))\b.{0,40}?"
    r"(?:fuera de (?:la )?oficina|de vacaciones|ausente|de viaje|de baja|de permiso|cerrad[oa]s?\b)|"
    r"\bsóc\b.{0,30}?(?:fora de l.oficina|de vacances|absent)",
    # Italian
    r"\b(?:sono|sarò|siamo|saremo)\b.{0,40}?(?:fuori (?:sede|ufficio|dall.ufficio)|"
    r"in (?:ferie|vacanza|viaggio|trasferta|congedo|maternit[àa]|malattia)|assente\b|chius[io]\b)",
    # Portuguese
    r"\b(?:estou|estarei|estamos|estaremos|encontro-me)\b.{0,40}?"
    r"(?:em f[ée]rias|de f[ée]rias|fora do escrit[óo]rio|ausente|em viagem|de licen[çc]a|fechad[oa]s?\b)",
    # Dutch
    r"\b(?:ik ben|ben ik|wij zijn|we zijn|zijn wij|ons kantoor is)\b.{0,50}?"
    r"(?:met vakantie|op vakantie|afwezig|niet (?:op kantoor|aanwezig|bereikbaar)|(?:met|op) .{0,40}?verlof|"
    r"gesloten)",
    # Swedish, Danish, Norwegian
    r"\b(?:jag är|jag kommer att vara|vi är|kontoret är|jeg er|jeg holder|jeg har|vi er|kontoret er)\b"
    r".{0,40}?(?:ledig|på semester|bortrest|borta|tjänstledig|föräldraledig|sjukskriven|på tjänsteresa|"
    r"inte på kontoret|stängt|ferie|fraværende|borte|ikke på kontoret|ude af huset|på forretningsrejse|"
    r"på reise|i permisjon|på barsel|lukket|stengt)",
    # Finnish, Estonian, Latvian, Lithuanian
    r"\bolen\b.{0,30}?(?:lomalla|poissa|matkoilla|vapaalla|työmatkalla|sairaslomalla|puhkusel)|"
    r"esmu atvaļinājumā|esu atostogose",
    # Polish
    r"\b(?:jestem|będę)\b.{0,40}?"
    r"(?:na urlopie|nieobecn[ya]|poza biurem|w delegacji|na zwolnieniu|na wyjeździe)",
    # Czech, Slovak
    r"\b(?:jsem|budu|som|budem)\b.{0,40}?(?:mimo (?:kancelář|kancelári|kancelariu|úřad)|na dovolen|"
    r"nepřítomn|neprítomn|na služební cestě|na služobnej ceste|na mateřské|na rodičovské)",
    # Hungarian
    r"szabads[áa]gon (?:vagyok|leszek)|(?:nem vagyok|nem leszek) (?:az )?irod[áa]ban|"
    r"irod[áa]n k[íi]v[üu]l (?:vagyok|leszek|tart[óo]zkodom)|t[áa]vol vagyok",
    # Romanian; Croatian, Serbian, Bosnian, Slovenian
    r"\b(?:sunt|voi fi)\b.{0,30}?(?:[îi]n concediu|plecat|absent|[îi]n afara biroului)|"
    r"\b(?:sam|ću biti|bit ću|sem|bom)\b.{0,30}?(?:na godišnjem odmoru|na odmoru|odsutan|odsutna|"
    r"izvan ureda|van kancelarije|na dopustu|odsoten|odsotna)",
    # Turkish
    r"ofis d[ıi][şs][ıi]nda(?:y[ıi]m|y[ıi]z| olaca[ğg][ıi]m)|ofiste (?:de[ğg]ilim|olmayaca[ğg][ıi]m)|"
    r"izindeyim|tatildeyim|(?:izinde|tatilde) olaca[ğg][ıi]m",
    # Russian, Ukrainian, Bulgarian
    r"\b(?:я|мы)\b.{0,30}?(?:в отпуске|в командировке|вне офиса|на больничном|отсутствую|в декрет|"
    r"у відпустці|в відпустці|у відрядженні|поза офісом|відсутн)|меня не будет|мене не буде|"
    r"(?:в отпуск|извън офиса) съм|ще отсъствам",
    # Greek
    r"(?:είμαι|θα είμαι|βρίσκομαι|θα βρίσκομαι) .{0,30}?"
    r"(?:εκτός γραφείου|σε άδεια|σε διακοπές|απών|απούσα)",
    # Japanese, Chinese, Korean
    r"不在に(?:して|しており|なり)|不在です|休暇(?:を|の|中|で)|出張(?:のため|中|で)|外出(?:中|しており)|"
    r"(?:我|本人).{0,20}?(?:休假|出差|不在办公室|不在辦公室|外出|请假|請假)|(?:正在|目前)(?:休假|出差)|"
    r"휴가 ?중|부재 ?중|출장 ?중|외근 ?중|자리를 비웁|사무실에 없",
    # Vietnamese, Indonesian, Malay, Thai
    r"tôi (?:đang |sẽ )?(?:nghỉ phép|đi công tác|vắng mặt|không có mặt|không ở văn phòng)|"
    r"saya (?:sedang |akan )?(?:cuti|bercuti|berada di luar kantor|tidak berada di kantor|di luar pejabat)|"
    r"ไม่อยู่ที่สำนักงาน|ลาพักร้อน|ไม่อยู่ออฟฟิศ",
    # Hebrew, Arabic, Persian, Hindi
    r"(?:אני|אהיה) .{0,20}?(?:מחוץ למשרד|בחופשה)|(?:أنا|انا) .{0,20}?(?:خارج المكتب|في إجازة|في اجازة)|"
    r"خارج از دفتر|در مرخصی|कार्यालय से बाहर|छुट्टी पर",
)
_ABSENCE = re.compile("|".join(_ABSENCE_STATEMENTS))
#: That the message is an automatic reply ("This is an automatic reply", "To jest
#: automatyczna odpowiedź"): a reply's words, not an application's "automated message".
_SAYS_AUTOMATIC = re.compile(
    r"\bthis (?:is an?|e-?mail is an?|message is an?) (?:automatic|automated|auto-generated) "
    r"(?:reply|response|answer)|"
    r"dies ist eine automatische (?:antwort|abwesenheitsnotiz)|ceci est une réponse automatique|"
    r"(?:esta|este) es una? (?:respuesta|contestación|mensaje de respuesta) automátic|"
    r"questa è una risposta automatica|(?:esta|isto) é uma resposta automática|"
    r"dit is een automatisch antwoord|to jest automatyczna odpowied[źz]|это автоматический ответ|"
    r"toto je automatická odpověď|detta är ett automatiskt svar|dette er et automatisk svar|"
    r"tämä on automaattinen vastaus|bu (?:bir )?otomatik (?:yan[ıi]t|cevap)|ez egy automatikus válasz|"
    r"(?:この|本)メールは自動(?:応答|返信)|(?:这|這|此)(?:是|为|為)?(?:一封)?(?:自动回复|自動回覆)|"
    r"자동 ?(?:응답|회신) (?:메일|메시지)입니다"
)
#: That the writer will be back, or is away until a time ("until", "bis", "jusqu'au",
#: "po powrocie", "まで"): a reply with no automatic mark must say this too.
_RETURN = re.compile(
    r"\b(?:until|till|through|back on|back in|bis|ab dem|zur[üu]ck|wieder|hasta|fino|at[ée]|tot|terug|"
    r"tillbaka|åter|tilbage|tilbake|asti|kadar)\b|\b(?:do|od|from) \d|"
    # the stems of "return" ("upon my return", "nach meiner Rückkehr", "à mon retour",
    # "a mi regreso", "al mio rientro", "po powrocie", "po návratu", "dönüşümde")
    r"\breturn|r[üu]ckkehr|retour|jusqu|regres|vuelta|rientr|ritorn|retorno|terugkeer|palaa|palat|"
    r"powr[oó]|n[áa]vrat|dönüş|visszatér|-ig\b|\bдо\b|возвращ|поверн|まで|以降|戻|至|之前|回来|返回|까지|복귀"
)
# A reply's own quote of the message it answers ("> ...", "-----Original Message-----",
# "On Tue, ... wrote:", "Von: ...").
_QUOTES = re.compile(
    r"^[ \t]*>|^[ \t]*-{3,}[^\n]{0,40}-{3,}[ \t]*$|"
    r"^(?:from|von|de|van|da|od|från|fra|lähettäjä|от|差出人|发件人|寄件者|보낸 사람|gönderen|feladó)"
    r"[ \t]*:[ \t]|"
    r"\b(?:wrote|schrieb|a écrit|escribió|ha scritto|escreveu|schreef|skrev|napisał|написал|kirjoitti)"
    r"[ \t]*:",
    re.IGNORECASE | re.MULTILINE,
)
# "Richard Hale is out of the office.": Domino's out-of-office agent names its user in
# the subject (in German "... ist außer Haus", in French "... est absent(e)").
_ABSENT_SUBJECT = re.compile(
    r"\bis (?:currently )?out of (?:the )?office\b|\bist (?:nicht im b[üu]ro|au[ßs]er haus|abwesend)\b|"
    r"\best (?:absente?|en cong[ée]s?)\b|\best[áa] (?:fuera de la oficina|ausente|fora do escrit[óo]rio)\b|"
    r"\b[èe] fuori (?:sede|ufficio)\b|\bis afwezig\b|\bär (?:inte på kontoret|ledig)\b",
    re.IGNORECASE,
)
# A reply's subject prefix ("Re:", "AW:", "SV:", "Odp:", "答复:").
_REPLY_PREFIX = re.compile(
    r"^[ \t]*(?:re|aw|sv|vs|odp|antw|ant|rif|r|ynt|vá|ats|atb|απ|ответ|отв|答复|回复|回覆|返信|회신)"
    r"[ \t]*[:：]",
    re.IGNORECASE,
)
# A question in a lead ("?", the CJK "？", the Arabic and Greek question marks).
_ASKS = re.compile("[?？؟\u037e]")
# A mailing list's post (a newsletter that says its office is closed is no one's reply).
_LIST_HEADERS = ("List-Id", "List-Unsubscribe", "List-Post")
#: Characters of the text read for its lead; of a whole reply with no automatic mark (a
#: rule's reply is short: a person's reply says more).
_MAX_OPENING, _MAX_UNMARKED = 600, 1200
#: Sentences of the lead: an automatic reply says what it is in its first two, after
#: any greeting ("Thank you for your message. I am out of the office until ...").
_LEAD_SENTENCES = 2
# A sentence's end: not a date's dot ("von 22.04. bis 02.05."), nor an address's.
_SENTENCE_END = re.compile(r"(?<!\d)[.!?](?=\s)|[。！？]")
# A greeting on a line of its own ("Hallo zusammen,", "Tisztelt Feladó!", "Hola:").
_GREETING = re.compile(r"^[ \t]*[^\s.!?]{1,30}(?:[ \t]+[^\s.!?]{1,30}){0,4}[ \t]*[,!:，！、][ \t]*$")
# Lines that are not the message's own statement: quoted, or indented (a settings
# table, "  Betreff:  Ich bin im Urlaub" in a notice that an absence note was set).
_NOT_OWN = re.compile(r"^[ \t]*>|^[ \t]{2}")
# A line of a table of fields ("Zeitraum: 30.03. bis 14.04."); two in a row are a table.
_FIELD_LINE = re.compile(r"^[^\s:]{1,20}(?: [^\s:]{1,20})?[ \t]*:[ \t]")

#: A mail service's notice to its user that their automatic reply was switched on.
_RESPONDER_SET = re.compile(
    r"\byou (?:have )?(?:enabled|turned on|activated|switched on|set up) (?:your |an |the )?"
    r"(?:automatic repl|auto-?repl|auto-?respon|vacation|out[- ]of[- ]office)|"
    r"\b(?:auto-?responder|automatic replies|automatic reply|vacation (?:responder|reply)|"
    r"out[- ]of[- ]office) (?:is|are|has been|was) (?:now )?(?:on|enabled|activated|turned on|switched on)\b|"
    r"(?:вы )?включили автоответчик|автоответчик (?:включ[её]н|активирован)|"
    r"abwesenheits(?:notiz|assistent) (?:ist |wurde )?(?:aktiviert|eingeschaltet)|"
    r"r[ée]ponse automatique (?:est |a [ée]t[ée] )?activ[ée]e|"
    r"respuesta autom[áa]tica (?:est[áa] |ha sido )?activada",
    re.IGNORECASE,
)
_BOUNCE_SENDER = re.compile(r"mailer-daemon|postmaster|mail delivery", re.IGNORECASE)


def subject_says_automatic_reply(subject: str) -> bool:
    """Whether ``subject`` opens as an automatic reply's does ("Automatic reply:",
    "Out of Office:", "Abwesenheitsnotiz", "自動応答" ...)."""
    return _SUBJECT.match(subject) is not None


class AutoReply(Decoder):
    name = "autoreply"
    reads_letters = True

    def matches(self, msg: MessageView) -> bool:
        auto = msg.header("Auto-Submitted").lower()
        if auto.startswith("auto-replied"):
            return True
        if any(msg.has_header(h) for h in ("X-Autoreply", "X-Autorespond", "X-Autoresponder")):
            return True
        if msg.header("Precedence").lower() == "auto_reply":
            return True
        if _SUBJECT.match(msg.subject):
            return True
        automatic = auto.startswith("auto-") or msg.header("Precedence").lower() in ("bulk", "junk")
        if automatic and _TICKET.search(msg.subject):
            return True
        return _reads_as_automatic_reply(msg, marked=automatic or msg.has_header("X-Loop"))

    def decode(self, msg: MessageView) -> list[Finding] | None:
        if _BOUNCE_SENDER.search(msg.from_header) or msg.content_type == "multipart/report":
            return None
        if any(_BOUNCE_SENDER.search(v.from_header) or v.content_type == "multipart/report"
               for v in enclosed_views(msg)):
            return None  # a ticket system passing on a bounce it received: the bounce's records
        sender = msg.from_address or None
        if not sender:
            return None
        replied = _SUBJECT.match(msg.subject) is not None  # "Automatic reply:", "Out of Office:"
        said_so = replied or _TICKET.search(msg.subject)
        notice = Notice(notification_text(msg)[:_MAX_TEXT])
        # "Undeliverable: Re: Refund [#4821]": a help desk's notice that a reply in the
        # conversation #4821 failed; the tag is the conversation's, not an acknowledgement.
        # So is "[#SUP-20418] Reply could not be delivered to the customer": its subject
        # says, after the tag, that the desk's own mail failed.
        failed = subject_states_failure(msg.subject) or subject_tells_failure(msg.subject)
        ticket = bool(said_so) and not (failed and not acknowledges_request(notice.text))
        if not replied and _ticket_update(msg, notice):
            return []  # claimed: a ticket's update, no record (see _ticket_update)
        if _RESPONDER_SET.search(notice.text[:_MAX_OPENING]):
            # The mail service telling its user that their own automatic reply is now on
            # ("Автоответчик включён", "Your vacation responder is on"): no one replied.
            return []
        if not replied and _reports_failure(msg, notice, ticket=ticket):
            return None  # a notice of a failed or blocked delivery, whatever its headers say
        if replied and notice.quotes_code and named_as_mail_system(msg.from_address, msg.from_header) and (
            _reports_failure(msg, notice, ticket=False)
        ):
            # A mail system's notice of a failure under an automatic reply's subject
            # ("Respuesta automática:" from "Sistema de correo", quoting the server's reply).
            return None
        if not replied and _to_an_agent(msg, notice):
            # "Ticket #SUP-20433 has been assigned to you": the desk tells its agent of
            # work in the queue; no one replied to the sender and nothing failed.
            return []
        if not said_so and notice.states_delay and subject_about_delivery(msg.subject):
            return None  # a notice of a delayed delivery ("Warning: Message Delivery Delayed")
        moved = _address_gone(notice)
        if moved and _STILL_RECEIVING.search(notice.text):
            moved = None  # the address still takes mail for now
        gone = moved or _sender_refused(notice) or _not_delivered_here(notice)
        if gone:
            return [Finding(recipient=sender, event=Event.BOUNCE, diagnostic=gone)]
        return [
            Finding(
                recipient=_correspondent(msg, notice) or sender,
                event=Event.AUTO_REPLY,
                reason=Reason.AUTO_REPLY,
                diagnostic=msg.subject or None,
            )
        ]


#: An application's words that its user's mail got an automatic reply from someone ("the
#: recipient replied automatically", "automatic reply from", "przyszła automatyczna
#: odpowiedź", "we ontvingen een automatisch antwoord"): a report of one, not one itself.
_REPORTED_AUTO_REPLY = re.compile(
    r"\b(?:replied|responded|answered) automatically|"
    r"\b(?:automatic|auto-?|out[- ]of[- ]office) ?repl(?:y|ies) (?:from|by)\b|"
    r"\bwe (?:received|got) an? (?:automatic|auto-?|out[- ]of[- ]office) ?reply|"
    r"respondi[óo] autom[áa]ticamente|a r[ée]pondu automatiquement|r[ée]ponse automatique de\b|"
    r"risposto automaticamente|risposta automatica da\b|respondeu automaticamente|"
    r"automatische antwort von\b|abwesenheitsnotiz von\b|automatisch antwoord van\b|"
    r"ontvingen een automatisch antwoord|przysz[łl]a automatyczna odpowied[źz]|"
    r"automatyczn[ąa] odpowied[źz] od\b|"
    r"自動応答が(?:返|届)|自动回复了|자동 ?응답(?:이|을) (?:받|수신)",
    re.IGNORECASE,
)
def _correspondent(msg: MessageView, notice: Notice) -> str | None:
    """The correspondent whose automatic reply an application reports to its user
    ("... se entregó a a@b, pero el destinatario respondió automáticamente", "przyszła
    automatyczna odpowiedź (poza biurem) od a@b"): sent from an address no one reads, in
    words that report someone's automatic reply, it names that one first (an address it
    gives to write to, "please contact a@b", is not theirs: ``CONTACT``, as the generic
    reader's candidates are chosen)."""
    if not APPLICATION_LOCAL.match(msg.from_address.partition("@")[0]):
        return None
    opening = " ".join(notice.text[:_MAX_OPENING].split())
    if _REPORTED_AUTO_REPLY.search(opening) is None:
        return None
    own = own_addresses(msg)
    for m in ADDRESS.finditer(opening):
        before = opening[max(0, m.start() - 60) : m.start()]
        to_write_to = CONTACT.search(before.lower()) is not None and not YOUR_CONTACT.search(before)
        if m[1].lower() not in own and not to_write_to:
            return m[1]
    return None


def _reads_as_automatic_reply(msg: MessageView, *, marked: bool) -> bool:
    """True when a message without an automatic-reply header or subject is one by what
    it says. Sent as automatic (``Precedence: bulk``/``junk``, ``Auto-Submitted:
    auto-generated``, procmail's ``X-Loop``) in answer to the sender's mail, or under a
    subject that says its writer is away (vacation's "I am on vacation", Domino's "...
    is out of the office"): its lead says its writer is away or that it is an automatic
    reply, or (a help desk's) acknowledges a request. Not marked at all (a mail client's
    or groupware's rule): a short reply to the sender's mail, quoting nothing and
    greeting no one by name, that opens by saying its writer is away until a time; a
    person's reply says more, quotes what it answers or greets the one it answers. A
    list's post is no reply."""
    if any(msg.has_header(h) for h in _LIST_HEADERS):
        return False
    text = msg.text
    greeting, lead = _greeting_and_lead(text)
    answers = _answers_the_sender(msg)
    if (marked and answers) or _subject_says_absent(msg.subject):
        return bool(
            _ABSENCE.search(lead) or _SAYS_AUTOMATIC.search(lead) or (answers and acknowledges_request(text))
        )
    return not marked and answers and _rule_s_absence_note(msg, text, greeting, lead)


def _rule_s_absence_note(msg: MessageView, text: str, greeting: str, lead: str) -> bool:
    """True when a reply with no automatic mark reads as a rule's fixed absence note:
    short, returning and quoting nothing, greeting no one by name, its lead saying that
    its writer is away until a time ("I am away from the office until Monday") and
    asking nothing (a person away asks "could you send it by post?")."""
    if msg.original is not None or len(text.strip()) > _MAX_UNMARKED or _QUOTES.search(text):
        return False
    if _ASKS.search(lead):
        return False
    return bool(_ABSENCE.search(lead) and _RETURN.search(lead)) and not _names_addressee(msg, greeting)


def _subject_says_absent(subject: str) -> bool:
    """True when a subject says its writer is away ("I am on vacation", "Richard Hale is
    out of the office.")."""
    return bool(_ABSENT_SUBJECT.search(subject) or _ABSENCE.search(" ".join(subject.split()).lower()))


def _greeting_and_lead(text: str) -> tuple[str, str]:
    """A message's greeting line ('' when none) and the first sentences of its own text
    after it, in lower case, whitespace collapsed: without quoted lines, indented ones
    and lines of a table of fields ("Betreff: Ich bin im Urlaub" in a notice that an
    absence note was set)."""
    lines = _own_lines(text[:_MAX_OPENING])
    greeting = ""
    if lines and _GREETING.match(lines[0]):
        greeting, lines = lines[0].strip().lower(), lines[1:]
    own = " ".join(" ".join(lines).split())
    ends = [m.end() for m in itertools.islice(_SENTENCE_END.finditer(own), _LEAD_SENTENCES)]
    return greeting, (own[: ends[-1]] if len(ends) == _LEAD_SENTENCES else own).lower()


def _own_lines(text: str) -> list[str]:
    """The lines of a text that carry its own statements: not blank, quoted, indented,
    nor in a table of fields (two "Label: value" lines in a row)."""
    lines = [line for line in text.split("\n") if line.strip() and not _NOT_OWN.match(line)]
    fields = [bool(_FIELD_LINE.match(line)) for line in lines]
    return [
        line for i, line in enumerate(lines)
        if not (fields[i] and ((i > 0 and fields[i - 1]) or (i + 1 < len(lines) and fields[i + 1])))
    ]


def _names_addressee(msg: MessageView, greeting: str) -> bool:
    """True when a greeting names the one the message is written to ("Hi Tom," to
    "Tom Nguyen <tom.nguyen@...>"): a rule's fixed text cannot; a person's does."""
    if not greeting:
        return False
    name, address = parseaddr(msg.header("To"))
    names = {w for w in re.split(r"[\W_\d]+", f"{name} {address.partition('@')[0]}".lower()) if len(w) > 1}
    return any(w in names for w in re.split(r"[\W_\d]+", greeting))


def _answers_the_sender(msg: MessageView) -> bool:
    """True when a message is a reply to one the sender wrote: it names it
    (``In-Reply-To``, ``References``) or its subject says so ("Re:", "AW:")."""
    if msg.has_header("In-Reply-To") or msg.has_header("References"):
        return True
    return bool(_REPLY_PREFIX.match(msg.subject))


def _reports_failure(msg: MessageView, notice: Notice, *, ticket: bool) -> bool:
    """True when a message that no auto-reply subject introduces is a notice that a
    delivery failed or was blocked: its text states the failure and its subject speaks
    of the delivery, or it returns the message (attached, or its header fields), or it
    names the failed recipient the way notices do ("Empfänger:
    a@b", "Your message to <a@b> could not be delivered"); or it states a block ("The
    message below was blocked") and names the recipient in its table of the message's
    header fields, or lists it beside an SMTP code. A gateway's summary of the blocked
    message ("Recipient: a@b" over "Subject: ..." / "An:", "Betreff:" / "宛先:", "件名:")
    names the recipient too: an out-of-office names no recipient but itself. A ticket system's notice
    (``[Ticket#123] E-Mail-Zustellung fehlgeschlagen!``) must list the recipient. A reply
    that only mentions in passing that mail was not delivered names no one: it stays an
    automatic reply."""
    if notice.states_failure:
        if not ticket and (
            subject_about_delivery(msg.subject) or msg.has_header("X-Failed-Recipients")
            or msg.original is not None  # it returns the message it could not deliver
        ):
            return True
        how = failed_recipients_named(msg, notice)
        return how in ("listed", "table") or (not ticket and how is not None) or bool(
            summary_recipients(msg, notice)
        )
    if notice.states_delay and notice.quotes_code and not ticket:
        # "We are still trying to deliver your message to a@b" over the server's reply: a
        # delay notice, however its headers mark it.
        return failed_recipients_named(msg, notice) is not None
    about_delivery = not ticket and subject_about_delivery(msg.subject)
    if any(p.rejects for p in notice.paragraphs):
        # (as the generic decoder believes a mere block: with a code, or a table; or, under
        # a subject about the delivery, "Your message to a@b has been rejected")
        how = failed_recipients_named(msg, notice)
        return how == "table" or (how == "listed" and notice.quotes_code) or (
            how == "sentence" and about_delivery) or bool(summary_recipients(msg, notice))
    if about_delivery and notice.quotes_code:
        # A gateway's refusal marked as an automatic reply ("UPLINK REJECTED: ..." over
        # "TO: a@b" / "REASON: 550 5.1.1 ..."): its subject, the server's code and the
        # recipient it lists make it a notice.
        return failed_recipients_named(msg, notice) in ("listed", "table")
    return False


#: Characters of a ticket system's notice read for its statement to the agent.
_MAX_AGENT_TEXT = 600


def _to_an_agent(msg: MessageView, notice: Notice) -> bool:
    """True when an automatic message is a ticket system's notice to one of its agents
    ("Ticket assigned to you", "Ihnen zugewiesen"), said in its subject or opening."""
    return bool(AGENT_NOTICE.search(msg.subject) or AGENT_NOTICE.search(notice.text[:_MAX_AGENT_TEXT]))


def _ticket_update(msg: MessageView, notice: Notice) -> bool:
    """True when an automatic message opens by saying a ticket was updated ("Ticket #12
    has been updated by Priya"): an agent's answer passed on, a person's message, no
    one's automatic reply; the bounced addresses and codes it quotes (the ticket is often
    about them, "[Ticket #12] Undeliverable mails") did not fail in this message. A
    subject that opens with the failure ("Undeliverable: Re: ... [#12]") is the desk's
    notice that its own reply failed, whatever its text says after."""
    if subject_states_failure(msg.subject):
        return False
    return bool(TICKET_UPDATE.search(msg.subject) or TICKET_UPDATE.search(notice.text[:_MAX_AGENT_TEXT]))


#: Characters of an automatic reply read for a statement that the address is gone.
_MAX_TEXT = 4096
#: Paragraphs of it read (the statement opens the reply).
_MAX_PARAGRAPHS = 4
# That a help desk did not take the message as a request ("We couldn't create a request
# from the email you sent", "Your email wasn't added to the project").
_NOT_TAKEN = re.compile(
    r"\b(?:could ?n.t|could not|can ?n.t|cannot|unable to|were unable to|did ?n.t|did not) "
    r"(?:create|open|raise|submit|log) (?:a |an |your |the )?(?:new )?(?:request|ticket|case|issue)|"
    r"\b(?:e-?mail|message|request) (?:was ?n.t|was not|has not been|could not be|could ?n.t be|cannot be) "
    r"(?:added|converted|turned) (?:to|into|as) (?:the |a |an )?(?:project|queue|ticket|request|case)",
    re.IGNORECASE,
)
#: Reasons by which the recipient's system refused the sender, not the message.
_REFUSALS_OF_THE_SENDER = frozenset({Reason.SENDER_REJECTED, Reason.POLICY_VIOLATION})
_ABOUT_THE_ADDRESS = re.compile(r"\b(?:e-?mail|address|mailbox|inbox|account)\b", re.IGNORECASE)
#: A reply whose address still takes mail for now: it says the sender's message came in,
#: or that the address stops taking mail later ("will stop receiving mail on 1 March").
_STILL_RECEIVING = re.compile(
    r"\b(?:which|that|it) (?:has been|was) received\b|"
    r"\b(?:i|we) (?:have |.ve )?received your (?:e-?mail|message|mail)\b|"
    r"\bwill (?:stop|cease) (?:receiving|accepting)\b|"
    r"\bwill no longer (?:receive|accept) (?:e-?mail|mail|messages) "
    r"(?:after|from|on|as of|by)\b|\bwird (?:ab|zum|am) .{1,30}(?:abgeschaltet|deaktiviert|geschlossen)|"
    r"\bsera (?:désactivée?|fermée?|supprimée?) (?:le|à partir du|au)\b",
    re.IGNORECASE,
)


def _sender_refused(notice: Notice) -> str | None:
    """The statement of an automatic reply that it did not take the sender's message
    and why, when the why is a refusal of the sender (a help desk that takes requests by
    email only from its customers: "We couldn't create a request from the email you
    sent ..." / "Only customers of ... can raise requests by email"): the statement and
    the paragraph after it."""
    rules = rules_in_use()
    paragraphs = [" ".join(notice.paragraph_text(i).split()) for i in range(len(notice.paragraphs))]
    for index, text in enumerate(paragraphs[:_MAX_PARAGRAPHS]):
        if _NOT_TAKEN.search(text):
            said = " ".join(paragraphs[index : index + 2])
            if rules.classify(said).reason in _REFUSALS_OF_THE_SENDER:
                return said
    return None


#: Reasons of a mailbox that takes no mail: said beside "your message has not been
#: delivered", an automatic reply reports a failure.
_MAILBOX_GONE = frozenset({Reason.ADDRESS_MOVED, Reason.MAILBOX_INACTIVE, Reason.USER_UNKNOWN})


def _not_delivered_here(notice: Notice) -> str | None:
    """The paragraph of an automatic reply that says the sender's message was not
    delivered because the mailbox is closed or disabled ("This mailbox has been closed.
    Your message has not been delivered and will not be read", "Este buzón ha sido dado
    de baja. Su mensaje NO ha sido entregado"): a failure in a reply's form. (An absent
    person's reply says the message will wait, not that it failed.)"""
    rules = rules_in_use()
    for index, paragraph in enumerate(notice.paragraphs[:_MAX_PARAGRAPHS]):
        if paragraph.fails:
            text = " ".join(notice.paragraph_text(index).split())
            if rules.classify(text).reason in _MAILBOX_GONE:
                return text
    return None


def _address_gone(notice: Notice) -> str | None:
    """The paragraph of an automatic reply that says its address has moved or closed (a
    paragraph about the address: "our office has moved" is no such statement)."""
    rules = rules_in_use()
    for index in range(min(len(notice.paragraphs), _MAX_PARAGRAPHS)):
        text = " ".join(notice.paragraph_text(index).split())
        if _ABOUT_THE_ADDRESS.search(text):
            found = rules.classify(text)
            # A reply that says only that someone left or reads mail elsewhere now
            # (rules marked owner_words) came from a mailbox that still answers; one that
            # says the address is closed or changed is gone.
            if found.reason is Reason.ADDRESS_MOVED and found.rule not in rules.owner_words:
                return text
    return None
