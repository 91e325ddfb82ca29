"""What bounce notices say, in words: the wording tables of the generic decoder.

Each table is one regular expression over the ways mail systems word one thing in the
common languages (English, German, French, Spanish, Italian, Portuguese, Dutch, Polish,
Russian, Czech, the Nordic languages, Japanese, Chinese, Korean and some twenty more):

- who sent the notice (``MAILER-DAEMON``, ``Mail Delivery System``, ``邮件系统``);
- what its subject says (``Undeliverable``, ``Unzustellbar``, ``退信``);
- what its text states: that delivery failed, is delayed, was refused, will not be
  retried, that a service would not send, that mail is held for the reader; these are
  matched on one paragraph in lower case, its whitespace collapsed;
- the labels of its lines (``Recipient:``, ``Grund:``, ``宛先：``) and the header
  fields of a message it quotes (``From:``, ``Betreff:``, ``件名：``).

The tables hold no logic: a language's wording of a statement is one more alternative
in its table. (Which class a reason belongs to is decided by the rules in
``bouncekit/rules``; these tables only find the statement, the recipient and the
reason.)
"""

from __future__ import annotations

import re

from bouncekit.prefilter import AnyOf, automaton

# Who sent it: a mail system's local part, or its display name.
BOUNCE_LOCAL = re.compile(
    r"^(?:mailer-daemon|mailerdaemon|mail-daemon|postmaster|mdaemon|bounces?|mail-?system)(?:[+@=-]|$)"
)
BOUNCE_NAME = re.compile(
    r"mailer[- ]?daemon|mail delivery|delivery (?:subsystem|system|status|service)|mail administrator|"
    r"postmaster|mail ?system|mail ?server|mail transport|"
    r"e-?mail-?system|mailsystem|système de messagerie|sistema de correo|sistema di posta|"
    r"serveur de (?:messagerie|courrier)|servidor de (?:correo|e-?mail)|server di posta|"
    r"serwer poczty|system pocztowy|poštovní (?:server|systém)|"
    r"sistema de e-?mail|邮件系统(?!管理)|郵件系統(?!管理)|メールシステム|почтов(?:ая|ый) (?:систем|сервер)|"
    # A mail filter or a security gateway ("Kaspersky Mail Security", "MessageLabs Virus
    # Alert", "Barracuda Spam Firewall", "InterScan MSVA", "Seguridad de correo").
    r"mail ?security|e-?mail[- ]security|messaging (?:security|gateway)|(?:mail|e-?mail|security) gateway|"
    r"secure (?:e-?mail|mail|mx)|spam ?firewall|e-?mail protection|virus (?:alert|warning)|mail ?scanner|"
    r"interscan|imsva|mailmarshal|spam ?sniper|nospamproxy|seguridad de correo|"
    r"sécurité (?:de la )?messagerie|sicurezza (?:della )?posta|e-?mail-sicherheit",
    re.IGNORECASE,
)


def named_as_mail_system(from_address: str, from_header: str) -> bool:
    """True when a sender's address or display name is a mail system's (MAILER-DAEMON,
    postmaster, "Mail Delivery System", "Système de messagerie")."""
    return bool(BOUNCE_LOCAL.match(from_address.partition("@")[0]) or BOUNCE_NAME.search(from_header))


#: Subjects that give the failure's reason after their opening words (Sendmail's
#: "Returned mail: User unknown", Notes' "DELIVERY FAILURE: User x not listed in Domino
#: Directory"); Exchange's "Undeliverable: <subject>" repeats the returned message's.
REASON_SUBJECT = re.compile(
    r"(?:returned mail|delivery failure|undeliverable mail|mail delivery failure)[ \t]{0,3}:[ \t]*(\S.{2,})",
    re.IGNORECASE,
)
#: What they say when they name no reason.
NO_REASON_SUBJECT = re.compile(
    r"see (?:the )?transcript|returning message|^(?:unable to deliver|delivery failed|undeliverable)",
    re.IGNORECASE,
)
#: A fax, text-message, print or store-and-forward gateway's statement that it could not
#: send ("Fax Transmission Failed", "Unable to send fax", "SMS delivery failed", "Your
#: print job was not accepted", "was not printed", "UPLINK NOT SENT", "not picked up by
#: the recipient"): in a subject, a notice's statement and an application's report alike.
_GATEWAY_FAILED = (
    # (no \b before it: "eFax delivery failure" is a fax's failure too)
    r"(?:fax|sms|mms|text message|pager message)(?: transmission| delivery| message)? "
    r"(?:failed|failure|error)\b|\btransmission (?:failed|failure)\b|"
    r"\b(?:unable to|could not|couldn.t|can ?not) send (?:your |the )?(?:fax|sms|text message)\b|"
    r"\b(?:was|were) not printed\b|\bprint job (?:was|has been) (?:not accepted|rejected|refused)\b|"
    r"\buplink not sent\b|\bnot picked up by the recipient\b"
)
BOUNCE_SUBJECT = re.compile(
    r"undeliver|undelivered|delivery (?:status|fail|failure|problem|report|notification|error|delayed|"
    r"postponed)|failed (?:delivery|mail)|non-?delivery|returned mail|returned to sender|failure notice|"
    r"message blocked|(?:message|e-?mails?) (?:(?:was|were) ?)?(?:not|n.t) sent\b|"
    r"mail delivery failed|could not be delivered|delivery has failed|not delivered|"
    r"error sending|(?:sending|send) failed|permanent (?:delivery )?(?:error|failure)|bounced?\b|rejected|"
    # a gateway's report ("Fax Transmission Failed", "Fax nicht zugestellt", "FAX送信失敗")
    + _GATEWAY_FAILED + r"|nicht gesendet|nicht versandt|送信失敗|送信エラー|전송 ?실패|발송 ?실패|"
    r"(?:fax|sms|text message) pending retry|"
    r"unzustellbar|nicht zustellbar|nicht zugestellt|zustellungsfehler|zustellung fehlgeschlagen|"
    r"fehler bei der zustellung|versand fehlgeschlagen|nicht versendet|non remis|non distribu|non envoy|"
    r"[ée]chec de (?:la )?(?:remise|distribution)|[ée]chec (?:de l.|d.)envoi|message refus|no enviado|"
    r"non inviat|n[ãa]o enviad|niet verzonden|nie wys[łl]an|не отправлен|не надіслан|"
    r"no (?:se puede|se pudo) entregar|no entregado|correo devuelto|mensaje devuelto|"
    r"(?:error|fallo) (?:de|en la) entrega|"
    r"non recapitabil|mancato recapito|non recapitato|mancata consegna|non accettazione|"
    r"n[ãa]o entregue|falha na entrega|"
    r"onbestelbaar|niet afgeleverd|niet bezorgd|niedostarczon|не доставлен|недоставлен|"
    r"не удается доставить|не удалось доставить|"
    r"nedoručen|nedoručiteln|nedoručiteľn|nelze doručit|kan inte levereras|kunde inte levereras|"
    r"försenad leverans|forsinket levering|ei voitu toimittaa|"
    # a delay, in the words an application's subject uses ("Meddelandet har inte levererats
    # ännu", "Vertraagde aflevering: ...", "Consegna in ritardo: ...")
    r"inte levererats|vertraagde (?:aflevering|bezorging)|verz[öo]gerte zustellung|zustellung verz[öo]gert|"
    r"correo (?:de \S+ )?retrasado|se zpožďuje|"
    r"entrega retrasada|consegna (?:ritardata|in ritardo)|livraison retard[ée]e|distribution retard[ée]e|"
    r"op[óo][źz]nion\w{0,3} dor[ęe]czeni|配信遅延|配送遅延|延迟投递|"
    r"配信不能|配信エラー|不達|配信できません|送信できません|"
    r"退信|投递失败|发送失败|未能送达|無法投遞|退回|배달 ?실패|반송|"
    # Exchange's "Undeliverable:" in Chinese and Korean
    r"无法传递|無法傳遞|배달되지 않음",
    re.IGNORECASE,
)
#: Whether a subject speaks of a delivery anywhere in it (the pattern's alternatives tried
#: where their literals occur: searched whole, it costs some 13 us on a short subject).
ABOUT_DELIVERY = AnyOf(BOUNCE_SUBJECT)
#: Where a subject that opens like a bounce's may have its words: after up to two
#: characters (a tag's bracket, "* ").
_OPENING_CHARS = 3


def opening_bounce_words(subject: str) -> re.Match[str] | None:
    """``BOUNCE_SUBJECT``'s match where it starts in the first characters of ``subject``
    (the leftmost one, as ``search`` would find it), else None."""
    for start in range(min(_OPENING_CHARS, len(subject) + 1)):
        if m := BOUNCE_SUBJECT.match(subject, start):
            return m
    return None


# A subject that alone says delivery failed ("bounce" or "rejected" do not: people use them).
#: Words for a message of mail and its recipient, in the languages of the notices: a delay
#: notice that uses none of them is about something else (a parcel, an order).
MAIL_WORDS = re.compile(
    r"\b(?:e-?mails?|mail|messages?|recipients?|bounc\w*|nachricht|empf\w{0,2}nger|courriel|courrier|"
    r"destinataire|mensaje|mensagem|destinat\w{1,3}|messaggio|bericht|ontvanger|wiadomo|odbiorc|"
    r"meddelande|mottagare|besked|modtager|melding|mottaker|viesti|vastaanottaja|zpr\w{1,2}v|sprav|"
    r"adres\w{1,3}|p\w{1,2}jemc|[üu]zenet|c[íi]mzett|ileti|mesaj|al\w{1,2}c\w|pesan|penerima|"
    r"сообщени|письм|получател|повідомлен|поруке|μήνυμα|παραλήπτ)|メール|メッセージ|邮件|郵件|信件|메일|메시지|"
    r"رسالة|البريد|הודעה|דואר|ข้อความ|संदेश|ईमेल|tin nhắn|người nhận",
    re.IGNORECASE,
)
FAILURE_SUBJECT = re.compile(
    r"undeliver|delivery (?:status notification \(failure\)|failure|failed|has failed)|"
    r"returned mail|failure notice|non-?delivery|mail delivery failed|failed mail|"
    r"unzustellbar|nicht zustellbar|zustellungsfehler|zustellung fehlgeschlagen|non remis|non distribu|"
    r"[ée]chec de (?:la )?(?:remise|distribution)|"
    r"no se puede entregar|no entregado|correo devuelto|(?:error|fallo) (?:de|en la) entrega|"
    r"non recapitabil|mancato recapito|mancata consegna|n[ãa]o [ée] poss[íi]vel entregar|n[ãa]o entregue|"
    r"onbestelbaar|"
    r"配信不能|配信エラー|不達|niedostarczon|не доставлен|недоставлен|kan inte levereras|"
    r"kunde inte levereras|nedoručiteln|nedoručiteľn|nelze doručit|kunne ikke leveres|ei voitu toimittaa|"
    r"退信|投递失败|发送失败|無法投遞|배달 ?실패|배달되지 못|반송된 메일",
    re.IGNORECASE,
)
# A person's reply or forward ("Fwd: Undeliverable: ...") is not a bounce; nor is a ticket
# system's acknowledgement of a ticket whose subject quotes one.
FORWARD = re.compile(r"^(?:(?:fwd?|fw|re|aw|wg|tr|sv|vs|rif|antw|odp|rv|enc)[ \t]*:[ \t]*)", re.IGNORECASE)
#: A forward's subject prefix, in the clients' languages ("Fwd:", "WG:", "TR:", "RV:", "I:",
#: "Doorst:", "VS:", "VB:", "VL:", "PD:", "TOV:", Lotus Notes' "Weitergeleitet:", "Пересл:",
#: "转发：", "轉寄：", "転送：", "전달:"): replies' prefixes ("Re:", "AW:", "SV:") are not among them.
FORWARD_PREFIX = (
    r"\s{0,5}(?:fwd?|fw|wg|tr|rv|enc|i|doorst|doorgestuurd|vs|vb|vl|pd|tov|weitergeleitet|пересл|"
    r"转发|轉寄|転送|전달)[ \t]{0,3}[:：]"
)
#: A forward's subject, after a ticket system's or a list's tag ("[Ticket#2024031110000087]
#: WG: ...") or inside SquirrelMail's brackets ("[Fwd: ...]").
FORWARD_SUBJECT = re.compile(rf"^(?:\[[^\]\n]{{1,80}}\][ \t]{{0,3}}|\[)?{FORWARD_PREFIX}", re.IGNORECASE)
TICKET = re.compile(
    r"\[[^\]\n]{0,60}#[ \t]?[\w-]{1,20}\]|\bauto-?reply\b|\bticket\b|\bchamado\b|\bcase #|\brequest #",
    re.IGNORECASE,
)

#: A list or group that refuses the sender's posts, in the languages whose list servers
#: and groups word it without "post" ("nemáte oprávnění přidávat příspěvky", "غير مصرح لك
#: بإرسال رسائل إلى هذه المجموعة"): each names posting, or sending to the group or list.
_POST_REFUSED = (
    r"nem[áa]te (?:opr[áa]vn[ěe]n[íi]|pr[áa]vo) (?:\S{1,20} ){0,3}"
    r"(?:p[řr]id[áa]vat|p[řr]isp[íi]vat|zas[íi]lat|pos[íi]lat|odes[íi]lat|publikovat) "
    r"(?:\S{1,20} ){0,2}(?:p[řr][íi]sp[ěe]vk|do (?:t[ée]to )?(?:skupiny|konference))|"
    r"(?:δεν|μην) έχετε (?:το )?δικαίωμα "
    r"(?:ανάρτησης|δημοσίευσης|αποστολής (?:\S{1,20} ){0,2}στην (?:ομάδα|λίστα))|"
    r"غير (?:مصرح|مسموح) لك "
    r"(?:بالنشر|بنشر|(?:بإرسال|بارسال) (?:\S{1,20} ){0,2}إلى (?:هذه )?(?:المجموعة|القائمة))|"
    r"مجوز (?:لازم )?برای (?:ارسال|پست|انتشار) "
    r"(?:\S{1,20} ){0,4}(?:گروه|فهرست|لیست) (?:\S{1,20} ){0,3}ندارید|"
    r"אין לך (?:אישור|הרשאה|הרשאות) (?:לפרסם|לשלוח הודעות (?:ל|ב)(?:קבוצה|רשימה))"
)

# That delivery failed (matched on one paragraph, lower case, whitespace collapsed).
FAILURE = re.compile(
    r"(?:could|can|was|were|has|have|had|would|did) ?(?:not|n.t)(?: been)?(?: be)?"
    r"(?: (?:fully|successfully|properly|yet))? (?:be )?(?:delivered|relayed|sent|transmitted|forwarded)|"
    r"not be (?:fully )?delivered|will not have been delivered|failed to be (?:received|delivered)|"
    r"\bundeliver|non-?deliver|"
    r"\b(?:message|mail|e-?mail) not delivered\b|\b(?:and|but) (?:was |were |has been )?not delivered\b|"
    # A service that took the mail but could not handle it (Salesforce Email Services,
    # a help desk's loop protection): "Your message could not be processed by ..."
    r"\b(?:message|e-?mail|mail) (?:could ?n.t|could not|cannot|can ?n.t|was not|was ?n.t) "
    r"(?:be )?processed\b|"
    # Fax and print-by-email services: "Your fax transmission has failed", "We could not
    # send your fax", "Your ePrint job was not printed".
    r"\b(?:fax|fax transmission|print job|job) (?:has |have )?"
    r"(?:failed|was not (?:sent|printed|delivered))\b|"
    r"\bcould not send your fax\b|\b(?:job|document) (?:was|has) not (?:been )?printed\b|"
    + _GATEWAY_FAILED + "|"
    r"unable to (?:deliver|relay|send|forward|transmit)|"
    r"(?:could ?n.t|can ?n.t|cannot|not able to|failed to|(?:was|were) ?n.t able to) deliver|"
    r"deliver(?:y|ing)? (?:to (?:the )?following .{0,40}?)?(?:has )?"
    r"(?:failed|failure|was aborted|errors?|problems?)|"
    r"failed permanently|permanent(?:ly)? (?:delivery )?(?:error|failure|fatal)|returned permanent errors|"
    r"following (?:address(?:es|\(es\))?|recipients?|destinations?)[^.]{0,30}? (?:failed|could not|"
    r"were not|was not|had (?:permanent|fatal|delivery)|with (?:permanent|fatal|delivery) error)|"
    r"failed (?:addresses|recipients) follow|(?:addresses|recipients) failed|"
    # Outlook's and Exchange's "did not reach some or all of the intended recipients" in
    # its users' languages, and a German or Dutch application's "could not be sent"
    r"\bno lleg[óo] a (?:alguno|algunos|todos|ninguno)|\bno se puede conectar con los siguientes|"
    r"\bn.(?:est|a) pas (?:pu )?(?:parvenu|atteint)|empfänger nicht erreicht|\bnon (?:ha )?raggiunto\b|"
    r"\bnão chegou a (?:alguns|todos|nenhum)|ontvangers? niet bereikt|"
    r"\b(?:wurden?|konnten?)(?: leider)? nicht (?:\S+ ){0,3}(?:gesendet|versendet|versandt|zugestellt)|"
    r"\b(?:kon|konden) niet (?:worden )?(?:verstuurd|verzonden)|"
    r"\bhet (?:versturen|verzenden|afleveren) van [^.\n]{0,80}?(?:is )?mislukt|"
    r"\bkonnten? (?:[^.]|\.(?=\S)){0,160}? nicht (?:versenden|senden|zustellen|verschicken)\b|"
    r"\b(?:ha|han) rebotado\b|\bnon consegnat[ao]\b|"
    r"\bfailed to send (?:an?|the|this|your) (?:e-?mail|message|notification)\b|"
    r"trouble delivering|error (?:while |in )?delivering|"
    r"error (?:has )?occurred while (?:attempting|trying) to deliver|error sending your (?:mail|message)|"
    r"message non-deliverable|mail delivery failed|returned mail|did not reach|failed mail|"
    r"(?:message|mail|e-?mail|fax) (?:was|has been|is being|could not be) (?:returned|bounced|sent)|"
    r"could not be forwarded|"
    # A sending application's notice to its user ("Your email "Follow-up" to Priya Natarajan
    # (priya@example.com) bounced.").
    r"\byour (?:e-?mail|message)\b.{0,200}? bounced\b|"
    # A gateway that holds the sender's message for its administrator ("Your message to a@b
    # has been held for review"): not delivered (a list's hold for moderation is not this).
    r"\byour (?:message|e-?mail)(?: to \S{1,100}?)? (?:has been|was|is being) (?:quarantined|"
    r"held for (?:review|inspection|security review|administrator review|admin review))\b|"
    # A sending service that did not send ("We didn't send it to the following address").
    r"\bwe (?:did ?n.t|did not|could not|could ?n.t) send (?:it|this|the|your|an?)\b|"
    # An application whose mail to an address keeps coming back ("Alert e-mails to your
    # alert contact a@b are bouncing").
    r"\b(?:e-?mails?|messages?|mails?|notifications?|alerts?) (?:sent )?to \S.{0,100}? "
    r"(?:are|is|keep|have been|has been|started|start) bouncing\b|"
    # A sending tool's report or notice that lists the addresses that bounced ("An incident
    # notification sent to the following subscriber bounced:", "zu Ihrem Mailing sind
    # folgende Rückläufer (Bounces) eingegangen:"): the list follows (a campaign report
    # that only counts its bounces names no one, and says no "following").
    r"\bthe following (?:[\w-]{1,20} )?(?:subscribers?|recipients?|contacts?|addresses|address|members?|"
    r"customers?|users?|e-?mails?|messages?) (?:has |have )?(?:hard[- ]|soft[- ])?bounced\b|"
    r"\bthe following (?:hard[- ]|soft[- ])?bounces\b|"
    # A count of the sending tool's messages that bounced, listed below ("2 emails from
    # your mass email "Summer service reminder" sent on 02 Jun 2025 bounced:").
    r"\b\d{1,6} (?:e-?mails?|messages?|recipients?|contacts?)\b.{0,160}? (?:have |has )?bounced ?:|"
    # A list manager that removed members whose addresses kept failing ("a supprimé les
    # abonnés suivants, dont les adresses génèrent des erreurs de distribution").
    r"(?:abonnés|adresses|destinataires|membres) suivants?,? .{0,60}?erreurs? de "
    r"(?:distribution|livraison|remise)|"
    r"folgende (?:\S+ ){0,2}(?:rückläufer|bounces|hardbounces|softbounces)|"
    r"(?:an|für) (?:den |die )?folgenden? (?:abonnenten|empfänger|kontakte?)\S{0,3} (?:\S+ ){0,4}"
    r"(?:gebounc|zurückgekommen|unzustellbar)|"
    r"(?:adresses|destinataires|contacts|abonnés) suivant(?:e|s|es)? (?:ont |a )?(?:rebondi|généré un rebond|"
    r"été rejet)|"
    r"(?:rebonds|bounces|retours en erreur) suivants|"
    r"(?:los |las )?siguientes (?:direcciones|destinatarios|contactos|suscriptores|correos) (?:han |"
    r"ha )?rebotad|"
    r"(?:los )?siguientes rebotes|"
    r"(?:i )?seguenti (?:indirizzi|destinatari|contatti|iscritti) (?:sono |è )?rimbalzat|"
    r"(?:i )?seguenti rimbalzi|"
    r"(?:os |as )?seguintes (?:endereços|destinatários|contatos|contactos|assinantes) (?:foram |retornaram|"
    r"devolveram)|(?:os )?seguintes (?:bounces|retornos|devoluções)|"
    r"(?:de )?volgende (?:adressen|ontvangers|contacten|abonnees) (?:zijn |is )?(?:gebounced|gebouncet|"
    r"teruggekomen)|"
    r"(?:de )?volgende bounces|"
    # A list or group that refuses the sender's posts ("you may not have permission to post").
    r"(?:not (?:be )?(?:allowed|permitted)|n.t have (?:the )?permissions?|no permissions?|"
    r"(?:were|was) ?n.t able|unable) to post\b|"
    r"not authori[sz]ed to send (?:mail|messages?) to (?:the )?\S{1,64} list\b|"
    + _POST_REFUSED + "|"
    # A forum's or an application's e-mail-in that did not take a reply ("your email
    # message to [replies+x@forum] (titled ...) didn't work").
    r"\b(?:message|e-?mail) to \S.{0,120}? (?:did ?n.t|did not) (?:work|go through)\b|"
    # German
    r"nicht zugestellt|nicht (?:\S+ ){0,6}(?:zugestellt|übermittelt|ausgeliefert|weitergeleitet|versendet|"
    r"gesendet|verschickt|versandt) werden|"
    r"(?:wurde|wurden) nicht (?:\S+ ){0,3}(?:versendet|verschickt|versandt)|"
    r"unzustellbar|zustellung (?:ist )?fehlgeschlagen|konnte nicht (?:zugestellt|ausgeliefert|übermittelt)|"
    # ... in the active voice ("Leider konnten wir Ihre Nachricht nicht an die folgende
    # Adresse zustellen")
    r"konnten? (?:\S+ ){0,6}nicht (?:\S+ ){0,6}(?:zustellen|ausliefern|übermitteln)\b|"
    # an application's report ("Für die folgenden 3 Debitoren ist der E-Mail-Versand
    # fehlgeschlagen")
    r"(?:e-?mail-?)?versand (?:ist |war )?fehlgeschlagen|"
    # French
    r"n.(?:a|ont) pas (?:pu )?(?:être|etre|été|ete) (?:remis|distribu|d[ée]livr|achemin|transmis|envoy)|"
    # ... and the sending side's own words ("Notre système n'a pas envoyé votre e-mail")
    r"n.(?:a|avons) pas (?:pu )?envoy[ée] (?:votre|ton|le|ce) (?:e-?mail|message|courriel)|"
    r"non remis|"
    r"[ée]chec de (?:la )?(?:remise|distribution|livraison)|la remise a [ée]chou|non distribu|"
    r"impossible de (?:remettre|distribuer|d[ée]livrer|livrer|transmettre)|"
    r"n.avons pas pu (?:remettre|distribuer|d[ée]livrer|livrer|transmettre|envoyer)|"
    # Spanish
    r"no (?:se )?(?:ha )?(?:podido|pudo|fue posible) (?:ser )?(?:entrega|enviad)|no pudo ser entregad|"
    r"no (?:ha sido|fue) entregad|(?:fue|ha sido) devuelt|imposible entregar|"
    r"no (?:se )?(?:ha |fue |pudo ser )?(?:sido )?enviad|no se (?:ha )?(?:podido|pudo) enviar|"
    r"entrega fallida|fallo en la entrega|error en la entrega|no se ha podido entregar|"
    r"no (?:hemos|han|hab[ií]amos) podido (?:entregar|enviar|remitir)|no pudimos (?:entregar|enviar)|"
    # Italian
    r"non [èe] stato possibile (?:consegnare|recapitare|inoltrare)|recapito non riuscito|"
    r"impossibile (?:recapitare|consegnare|inviare)|"
    r"non (?:siamo riusciti|(?:ci )?[èe] stato possibile|abbiamo potuto) (?:a )?"
    r"(?:recapitare|consegnare|inviare)|"
    r"non (?:è|e.|sono) stat[oaie] (?:recapitat|consegnat|inviat|spedit)|"
    r"mancato recapito|non recapitat|messaggio non consegnato|"
    # Portuguese
    r"n[ãa]o (?:foi poss[íi]vel (?:entregar|enviar)|p[ôo]de ser (?:entregue|enviad)|foi (?:entregue|enviad))|"
    r"falha na entrega|"
    r"n[ãa]o [ée] poss[íi]vel entregar|foi devolvid|n[ãa]o conseguimos (?:entregar|enviar)|"
    # Dutch
    r"(?:kon|kan) niet (?:worden )?(?:bezorgd|afgeleverd|verzonden|verstuurd)|"
    r"(?:is|zijn) niet (?:afgeleverd|bezorgd|verzonden|verstuurd)|"
    r"niet (?:afgeleverd|bezorgd) (?:worden|kunnen)|onbestelbaar|bezorging (?:is )?mislukt|"
    # Polish
    r"nie (?:mo[żz]na|mo[żz]e zosta[ćc]|mog[łl]a zosta[ćc]|mog[łl][aoy]? zosta[ćc]) dostarcz[yo]|"
    r"nie zosta[łl][aoy]? (?:dostarczon|wys[łl]an)|"
    r"nie (?:mo[żz]na|uda[łl]o si[ęe]) (?:wys[łl]a[ćc]|dostarczy[ćc])|"
    r"wysy[łl]anie .{0,30}nie powiod[łl]o si[ęe]|"
    r"niedostarczon|(?:dor[ęe]czenie|dostarczenie) nie powiod|"
    # Russian, Czech and others
    r"не (?:может быть |удалось |было |могло быть )?доставлен|недоставлен|не удалось доставить|"
    r"доставка не удалась|доставка не выполнена|не удается доставить|невозможно доставить|"
    r"не (?:было |были |был |была )?отправлен|не удалось отправить|"
    r"не (?:було )?(?:надіслан|відправлен)|не вдалося (?:надіслати|відправити)|"
    r"nebyl[ao]? odeslán|nepodařilo (?:se )?odeslat|nebol[ao]? odoslan|nepodarilo sa odoslať|gönderilemedi|"
    r"nemohla být doručena|nebyla doručena|nelze doručit|doručení se nezdařilo|"
    r"nepodařilo (?:se )?doručit|nebylo možné (?:\S+ ){0,2}doručit|nedoručiteln|doručení selhalo|"
    r"kunde inte (?:levereras|skickas)|kunne ikke (?:leveres|afleveres)|ei voitu toimittaa|"
    r"gick inte att leverera|leveransen misslyckades|levering(?:en)? (?:mislykkedes|mislyktes|feilet)|"
    r"toimitus epäonnistui|ei voitu välittää|"
    r"teslim edil(?:e)?medi|engellendi|iletilemedi|nem kézbesíthető|kézbesítés sikertelen|"
    r"nu a putut fi livrat|"
    # Bulgarian, Ukrainian, Serbian, Croatian, Slovak, Slovenian
    r"не може да бъде доставен|не (?:е |беше )доставен|не вдалося доставити|не може бути доставлен|"
    r"није (?:могла бити |могло бити )?испоручен|"
    r"nije (?:mogla biti |moglo biti |bila |bilo )?(?:isporučen|dostavljen)|"
    r"nemohla byť doručen|nebola doručen|nepodarilo (?:sa )?doručiť|"
    # (and "not sent": a statement of failure wherever the sending side says it)
    r"не (?:беше |е |бе )?изпратен|не може да бъде изпратен|nije (?:bila |bilo )?poslan|nije poslat|"
    r"ni bilo (?:mogoče )?(?:poslano|poslati)|није (?:била |било )?послат|"
    r"nebolo možné (?:\S+ ){0,2}doručiť|nedoručiteľn|ni bilo mogoče dostaviti|ni bilo dostavljen|"
    # Lithuanian, Latvian, Estonian, Greek
    r"nepavyko (?:pristatyti|išsiųsti)|nebuvo (?:pristatyt|išsiųst)|nepristatyt|neišsiųst|"
    r"nevarēja (?:piegādāt|nosūtīt)|netika (?:piegādāt|nosūtīt)|"
    r"ei õnnestunud (?:kohale )?toimetada|ei (?:saanud|õnnestunud) (?:kätte |kohale )?(?:toimetada|saata)|"
    r"ei saadetud|kohaletoimetamine (?:ebaõnnestus|nurjus)|saatmine ebaõnnestus|"
    # Hungarian, Icelandic, Romanian, Finnish and Scandinavian "not sent"
    r"nem (?:tudtuk|sikerült|lehetett) (?:\S+ ){0,2}kézbesíteni|kézbesítése sikertelen|nem kézbesítettük|"
    r"nem (?:lett|került|volt) (?:kézbesítve|elküldve)|nem küldtük el|"
    r"ekki (?:tókst|var hægt|reyndist unnt) að (?:afhenda|senda|koma)|tókst ekki að (?:afhenda|senda)|"
    r"(?:var|hefur|hafa) ekki (?:verið )?(?:afhent|sent)|afhending (?:mistókst|tókst ekki)|"
    r"nu a (?:putut fi |fost )(?:livrat|trimis|expediat)|livrarea a eșuat|"
    r"ei lähetetty|ei voitu lähettää|lähetys epäonnistui|skickades inte|"
    r"(?:ble|blev) ikke (?:sendt|levert|leveret)|kunne ikke sendes|gönderilmedi|"
    r"δεν ήταν δυνατ[όή] (?:να παραδοθεί|η παράδοση)|δεν παραδόθηκε|αδυναμία παράδοσης|"
    # Hebrew, Arabic, Persian, Hindi, Thai, Vietnamese, Indonesian and Malay
    r"לא נמסרה|לא ניתן (?:היה )?למסור|تعذر تسليم|تعذّر تسليم|لم يتم تسليم|فشل تسليم|تحویل داده نشد|"
    r"वितरित नहीं (?:किया जा सका|हो सका)|ไม่สามารถส่ง|ส่งไม่สำเร็จ|không thể (?:gửi|chuyển)|không gửi được|"
    r"tidak dapat (?:dikirim|dihantar|disampaikan)|gagal (?:dikirim|dihantar)|tidak (?:dihantar|dikirim)\b|"
    r"δεν (?:στάλθηκε|εστάλη|απεστάλη)|تحویل نشد|ارسال نشد|"
    r"لم يتم إرسال|لم ترسل|לא נשלח|नहीं भेजा गया|ไม่ได้ถูกส่ง|không được gửi|ez da bidali|non foi enviad|"
    # Catalan, Basque, Galician
    r"no s.ha pogut (?:lliurar|entregar|enviar)|no s.ha (?:lliurat|enviat)|no ha estat (?:lliurat|enviat)|"
    r"ezin izan da (?:mezua )?entregatu|non foi posible entregar|"
    # Japanese, Chinese, Korean
    r"送信できませんでした|配送できませんでした|配信できませんでした|送信に失敗|配送に失敗|配信に失敗|"
    r"(?:配信|配送|送信)されませんでした|(?:配信|配送|送信)できなかった|(?:配信|配送|送信)を(?:中止|停止し)|"
    r"(?:配信|配送|送信)が完了しませんでした|"
    r"受信を拒否され|受け取りを拒否され|届かなかった|受信を拒否しました|受信拒否しました|"
    r"無法[^。，\n]{0,16}(?:傳送|遞送|投遞|送達)|无法[^。，\n]{0,16}(?:发送|投递|送达|传送)|傳送失敗|遞送失敗|"
    r"届けることができませんでした|届けできませんでした|届けられませんでした|配信不能|届きませんでした|"
    r"投递失败|无法投递|发送失败|无法发送|未能送达|无法送达|递送失败|退信通知|被退回|"
    r"投遞失敗|無法投遞|發送失敗|無法送達|無法發送|"
    r"배달되지 않았|전송되지 않았|전송에 실패|발송에 실패|발송 실패|전달되지 않았|배달 실패|"
    r"(?:배달|전달|전송|발송)되지 못|반송되었|발송되지 않았|보내지 못했|未发送|未發送|未能发送"
)
DELAY = re.compile(
    r"(?:has|have) not yet been delivered|not (?:been )?delivered yet|not yet (?:been )?delivered|"
    # a fax server's retry ("Your fax has not been sent yet", "Status: Awaiting retry")
    r"(?:has|have) not (?:yet )?been sent yet|awaiting retry|pending retry|"
    # (Not a platform's "soft bounced contacts will be retried in your next campaigns":
    # a later campaign, not this message, still queued.)
    r"will (?:continue to |keep )?(?:retry|try again|keep trying|be retried|attempt (?:delivery|again))"
    r"(?! (?:in|on|with|for) (?:your |the |its |our )?(?:next|future|following|upcoming|later) "
    r"(?:\w+ )?(?:campaign|send|mailing|newsletter|broadcast)s?\b)|"
    r"(?:delivery|message|it|is|was|has been|have been) (?:temporarily )?(?:delayed|deferred|postponed)|"
    r"this is (?:only )?a warning|warning message only|warning only|"
    r"still (?:being )?(?:retried|trying|attempting|queued|in the queue)|retrying|"
    r"(?:remains?|stays?) in the (?:mail )?queue|delivery (?:attempts )?will continue|delayed mail|"
    # "We'll keep trying", "will continue trying", "delivery will be attempted for another
    # 2 days": it is still queued.
    r"(?:will|.ll) (?:continue (?:to try|trying|to attempt|attempting)|keep (?:attempting|retrying))|"
    r"(?:attempted|retried|tried) (?:again )?for (?:another|\d{1,3} more) |"
    # German ("Der Server versucht weiterhin, sie zuzustellen", "... noch 4 Tage lang")
    r"nur eine warnung|noch nicht zugestellt|wird (?:weiter|erneut|weiterhin) versucht|"
    r"zustellung (?:wurde )?verz[öo]gert|weitere zustellversuche|erneut zuzustellen|"
    r"(?:bisher|bislang) (?:noch )?nicht (?:\S+ ){0,4}zugestellt|"
    r"noch nicht (?:alle[nm]? )?(?:erreicht|ausgeliefert)|"
    r"versuch(?:t|en) (?:es |die zustellung )?(?:weiterhin|weiter|erneut|noch \d{1,3} (?:tage|stunden))|"
    # French
    r"pas encore (?:pu )?(?:[ée]t[ée] |[êe]tre )?(?:remis|distribu|livr)|"
    r"remise (?:diff[ée]r[ée]e|retard[ée]e)|(?:est|a [ée]t[ée]) (?:retard[ée]e?|diff[ée]r[ée]e?) depuis|"
    r"rapport d.[ée]chec temporaire|"
    r"(?:allons|allez|va|vont) r[ée]essayer|r[ée]essaierons|"
    r"nouvelles? tentatives?|sera (?:à nouveau )?(?:retent|r[ée]essay)|"
    r"continuer(?:a|ons|ont)? (?:à|a|d.) ?(?:essayer|tenter|r[ée]essayer)|"
    r"(?:tentera|essaiera|r[ée]essaiera) (?:encore|à nouveau|de nouveau|pendant)|"
    # Spanish, Italian, Portuguese
    r"(?:todav[íi]a|a[úu]n) no (?:se )?ha (?:sido )?entregad|entrega (?:retrasada|demorada|diferida)|"
    r"se (?:seguir[áa]|volver[áa]) a intentar|seguiremos intentando|se reintentar[áa]|"
    r"(?:seguir[áa]|continuar[áa]|seguiremos|continuaremos) (?:intentando|reintentando)|"
    r"non (?:è )?ancora (?:stato )?(?:recapitat|consegnat)|"
    r"non (?:è |e. )?stat[ao] ancora (?:recapitat|consegnat)|"
    r"riproveremo|consegna ritardata|consegna in ritardo|ritardo nella consegna|"
    r"verr[àa] (?:ritentat|riprovat)|continuer(?:[àa]|emo) a (?:tentare|provare|riprovare)|ritenter[àa]|"
    r"(?:è|e) stata ritardata|verr[àa] inviato di nuovo|solo un messaggio di avviso|"
    r"ainda n[ãa]o (?:foi )?entregue|entrega atrasada|ser[áa] feita (?:uma )?nova tentativa|"
    r"tentaremos (?:novamente|de novo)|continuar(?:[áa]|emos) (?:tentando|a tentar)|"
    # Dutch, Polish, Russian
    r"nog niet (?:afgeleverd|bezorgd)|bezorging vertraagd|\b(?:is|zijn|werd|werden) vertraagd\b|"
    r"(?:we )?proberen het (?:automatisch |later )?opnieuw|(?:wordt|worden) opnieuw geprobeerd|"
    r"(?:blijft|blijven) (?:het )?(?:proberen|opnieuw proberen)|"
    r"jeszcze nie (?:zosta[łl][aoy]? )?dostarczon|dor[ęe]czenie (?:jest )?op[óo][źz]nion|"
    r"ponown[ae] pr[óo]b|nie zosta[łl][aoy]? jeszcze dostarczon|ponowimy pr[óo]b|"
    r"(?:ещё|еще) не (?:было )?доставлен|доставка задерживается|повторн(?:ая|ые) попытк|"
    # Russian "not delivered yet, we will try again" as an application words it
    r"пока не (?:было )?доставлен|повтори(?:м|т) попытку|попробуем (?:ещё|еще) раз|"
    # Ukrainian, Bulgarian, Serbian, Croatian, Slovenian
    r"ще не (?:було )?доставлен|спробуємо (?:ще раз|знову)|повторимо спробу|доставка (?:листа )?затримується|"
    r"все още не е доставен|(?:ще )?опитаме отново|ще бъде (?:направен[ао]? )?(?:нов опит|опит отново)|"
    r"доставката (?:на писмото )?се забавя|"
    r"još nije (?:isporučen|dostavljen)|pokušat ćemo (?:ponovno|ponovo|opet)|pokušaćemo (?:ponovo|opet)|"
    r"isporuka (?:\S+ )?(?:je )?(?:odgođena|odložena)|još није испоручен|још није испоручен|"
    r"покушаћемо (?:поново|опет)|"
    r"испорука (?:је )?одложена|še ni (?:bilo )?dostavljen|poskusili bomo (?:znova|ponovno)|"
    r"dostava (?:je )?zakasnjen|"
    # Hungarian, Icelandic, Lithuanian, Latvian, Estonian, Romanian, Greek
    r"még nem (?:sikerült |tudtuk |lett |került )?kézbesít|(?:később )?újra megpróbál|kézbesítés(?:e)? késik|"
    r"késleltetett kézbesítés|ekki (?:enn|ennþá) (?:verið )?afhent|ekki (?:hefur|hafa) enn (?:tekist|verið)|"
    r"(?:hefur|hafa) ekki enn (?:tekist|verið)|reynum (?:áfram|aftur)|(?:verður|mun verða) reynt aftur|"
    r"seinkun á afhendingu|dar (?:nebuvo )?(?:ne)?pristatyt|(?:bandysime|mėginsime) (?:dar kartą|vėl|"
    r"iš naujo)|"
    r"bus bandoma (?:dar kartą|vėl|iš naujo)|pristatymas (?:vėluoja|atidėtas)|vēl nav (?:ticis |"
    r"tikusi )?piegādāt|"
    r"mēģināsim (?:vēlreiz|atkārtoti)|tiks mēģināts (?:vēlreiz|atkārtoti)|piegāde (?:aizkavējas|kavējas|"
    r"aizkavēta)|"
    r"(?:pole|ei ole) veel (?:kohale )?toimetatud|proovime (?:hiljem )?uuesti|proovitakse uuesti|"
    r"kohaletoimetamine (?:viibib|hilineb)|nu a fost (?:încă|inca) livrat|(?:încă|inca) nu a fost livrat|"
    r"vom (?:încerca|incerca) din nou|vom reîncerca|se va reîncerca|livrarea (?:este )?întârziat|"
    r"δεν έχει παραδοθεί ακόμ|θα γίνει (?:νέα|εκ νέου) προσπάθεια|η παράδοση καθυστερεί|"
    # Arabic, Hebrew, Hindi, Thai, Vietnamese, Basque, Galician
    r"لم يتم تسليم[^.]{0,40} بعد|سنحاول (?:مرة أخرى|مجددا)|سنعيد المحاولة|تأخر تسليم|تأخير (?:في )?التسليم|"
    r"עדיין לא נמסר|ננסה שוב|מתעכבת|עיכוב במסירה|अभी तक वितरित नहीं|फिर से प्रयास करेंगे|पुनः प्रयास किया जाएगा|"
    r"ยังไม่ได้(?:ถูก)?ส่ง|จะลอง(?:ส่ง)?ใหม่|chưa được (?:gửi|chuyển)|sẽ thử lại|oraindik ez da entregatu|"
    r"berriro saiatuko|aínda non foi entregad|tentarémolo de novo|volverase a intentar|"
    # Persian, Malay and Indonesian, Catalan, Turkish
    r"هنوز تحویل (?:داده )?نشده|دوباره تلاش (?:خواهیم|خواهد) کرد|"
    r"belum (?:dapat )?(?:dihantar|dikirim|disampaikan)|akan (?:cuba|mencuba|mencoba) (?:lagi|semula)|"
    r"(?:penghantaran|pengiriman) (?:ditangguhkan|tertangguh|tertunda|ditunda)|"
    r"encara no s.ha (?:pogut )?lliura|(?:ho|el) tornarem a (?:provar|intentar)|es tornarà a intentar|"
    r"lliurament (?:s.ha )?(?:endarrerit|retardat)|henüz teslim edil(?:e)?medi|(?:tekrar|yeniden) denenecek|"
    # Czech, Slovak, Swedish, Danish, Norwegian, Finnish
    r"(?:zatím|dosud|ještě) nebyl[ao]? doručen|"
    r"doručení (?:\S+ ){0,3}se zpožďuje|(?:se )?zatím nepodařilo doručit|zkusíme (?:\S+ ){0,2}znovu|"
    r"doručení (?:je |bylo )?zpožděn|(?:budeme|bude) (?:se )?"
    r"(?:pokoušet|pokračovat)|pokus o doručení bude opakován|(?:zatiaľ|ešte) nebol[ao]? doručen|"
    r"doručenie (?:je )?oneskoren|"
    r"ännu inte (?:kunnat )?(?:levererats?|levereras)|inte levererats ännu|fortsätter (?:att )?försöka|"
    r"(?:kommer att|ska) försöka (?:igen|på nytt)|försenad leverans|leveransen (?:är|har) försenad|"
    r"endnu ikke (?:blevet |kunnet )?(?:leveret|afleveret)|(?:fortsætter med at|vil) (?:forsøge|prøve) igen|"
    r"ennå ikke (?:blitt |kunnet )?levert|(?:fortsetter å|vil) prøve (?:igjen|på nytt)|forsinket levering|"
    r"ei ole vielä (?:voitu )?toimit|yritetään uudelleen|toimitus (?:on )?viivästynyt|"
    # Japanese, Chinese, Korean
    r"配信が遅延|配送が遅延|遅延しています|再送を試み|再試行|まだ[^。]{0,20}(?:配送|配信|送信)されていません|"
    r"(?:配信|配送|送信)が遅れて|再送を継続|一時的に受け付けられていません|"
    r"延迟投递|延迟发送|投递延迟|正在重试|将继续尝试|延遲投遞|將繼續嘗試|继续尝试投递|繼續嘗試投遞|"
    r"暂时未能投递|暫時未能投遞|"
    r"배달이 지연|전송이 지연|재시도|아직 (?:전달|배달|발송|전송)되지 않았|다시 시도할|지연되고 있"
)
# What a sending platform's or an application's notice to its user says of the mail it
# sent for them ("Hard bounce: a@b", "A subscriber bounced", "Your invitation to a@b
# could not be delivered", "Email not sent: a@b", "2 contacts were cleaned", "Prospect
# no longer mailable", "Hardbounce erkannt", "erreurs d'envoi"), in its subject or its
# opening: with the addresses it names, a report of failed mail.
APPLICATION_BOUNCE = AnyOf(re.compile(
    r"\b(?:hard|soft)[- ]?bounc|\bbounc(?:ed|ing)\b|"
    r"\bbounce (?:report|summary|notification|notice|alert|digest)s?\b|\bundeliverable\b|"
    r"\b(?:could ?n.t|could not|can ?n.t|cannot|was ?n.t|were ?n.t|was not|were not|has not been|"
    r"have not been|not) (?:be )?(?:delivered|sent)\b|\b(?:did ?n.t|did not) (?:send|deliver)\b|"
    r"\b(?:could ?n.t|could not|can ?n.t|cannot|unable to|failed to) deliver\b|\bfailed to be delivered\b|"
    r"\b(?:were ?n.t|was ?n.t|were not|was not) able to deliver\b|"
    r"\b(?:e-?mail|message|reply|invitation|invite|receipt|notification) (?:sending )?failed\b|"
    r"\bdelivery (?:delayed|deferred)\b|\b(?:temporary|permanent) (?:failure|error)s?\b|"
    # A platform's digest: "2 bounces", "4 rejected messages", "daily suppression report"
    r"\b\d[\d,]* (?:new )?bounces\b|\brejected (?:messages|e-?mails|recipients)\b|"
    r"\bsuppression (?:report|summary|digest|alert)s?\b|"
    r"\bfailed (?:to (?:send|deliver)|deliver(?:y|ies))\b|\bdelivery fail|\bsuppressed\b|"
    r"\bno longer (?:be )?mailable\b|\bmarked as (?:undeliverable|bounced|invalid)\b|\bwere cleaned\b|"
    r"\bwas cleaned\b|\bdropped messages?\b|"
    r"\brebond|\bnon (?:distribu|remis|délivr)|\berreurs? d.envoi|"
    r"n.a pas (?:pu )?été (?:remis|délivré|distribué|envoyé)|"
    r"\b(?:hard|soft)bounce|\bunzustellbar|\bnicht zugestellt|\brückläufer|"
    r"\brebot(?:ad|e)|\bno (?:se )?(?:pudo|ha podido) entregar|\bno entregad|"
    r"\brimbalz|\bnon recapitat|\bdevolvid|\bnão (?:foi )?(?:possível )?entreg|"
    # ... in the other languages an application writes to its user ("E-Mail-Versand
    # fehlgeschlagen", "is gebounced", "kunde inte levereras", "未能成功投递")
    r"\bversand fehlgeschlagen|\bis gebounced|\bniet (?:bezorgd|afgeleverd)|"
    # a gateway's report to the sender ("Fax Transmission Failed", "Ihr Fax wurde NICHT
    # gesendet", "팩스 전송에 실패", "FAXの送信に失敗")
    + _GATEWAY_FAILED + "|"
    r"\be-?mail[- ]to[- ](?:sms|fax|text|mms) (?:request|message|job) (?:could not|couldn.t|cannot|was not|"
    r"wasn.t) (?:be )?(?:processed|sent|delivered)\b|"
    # a gateway's report of the texts it could not send ("■ 실패 내역", "실패 2건")
    r"실패 ?내역|실패 \d+ ?건|"
    r"\b(?:wurden?|konnten?)(?: leider)? nicht (?:gesendet|versendet|versandt|zugestellt)|"
    r"전송(?:에|이)? 실패|발송(?:에|이)? 실패|(?:전송|발송)되지 않았|送信(?:に|が)?失敗|送信できませんでした|"
    r"送信が完了しませんでした|"
    r"kon niet worden (?:bezorgd|afgeleverd|verstuurd|verzonden)|\bkunde inte (?:levereras|skickas)|"
    r"\bkunne ikke (?:leveres|sendes)|"
    r"\bnie (?:został[ao]? |mogła zostać )?dostarczon|"
    r"\bnie (?:można|udało się) (?:wysłać|dostarczyć)|"
    r"\bnedoručiteln|\bodbi(?:cie|cia|ć)\b|\bnie wys[łl]ano\b|\bkonnte nicht (?:\S+ ){1,4}zugestellt werden|"
    r"\b(?:e-?mails?|berichten|meldingen) (?:\S+ ){0,6}kw(?:a|amen) terug\b|"
    # a message the recipient's server refused ("E-mail rejeté : ...", "Your email was rejected")
    r"\b(?:e-?mail|message|courriel) (?:was |has been )?(?:rejected|rejet[ée])\b|\ba été rejet[ée]|"
    r"\bnepodařilo (?:se )?doručit|\bnebyl[ao]? doručen|\binvio (?:non riuscito|fallito)|\berror al enviar|"
    r"[ée]chec (?:de l.|d.)envoi|\bfalha (?:no|ao) enviar|\bfalha no envio|"
    r"\bno (?:pudimos|hemos podido|se pudo|pudo ser) (?:entregar|enviar)|\bno (?:fue|ha sido) entregad|"
    r"\bteslim edilemedi|\bgönderilemedi|\bnie (?:mogliśmy|udało nam się) (?:dostarczyć|wysłać)|"
    r"\bnie (?:został[aoy]?|zostały) wysłan|n.(?:a|ont) pas pu être (?:envoy|remis|distribu|livr|d[ée]livr)|"
    r"\bnon (?:è |e. |sono )?stat[aoie] (?:consegnat|recapitat|inviat)|\bjest opóźnion|"
    r"\bwurden(?: leider)? nicht (?:gesendet|versendet|versandt|zugestellt)|"
    r"发送失败|投递失败|未能(?:成功)?投递|无法投递|退信|送信エラー|送信に失敗|配信できませんでした|届きませんでした|"
    # ... and the reports that list what failed ("2 facturen niet aangekomen", "2 facturas sin
    # enviar", "Nie doręczono ...", "エラーが発生した宛先をお知らせします", "配信結果（エラー2件）")
    r"\bnicht (?:gesendet|versendet|versandt)\b|\bniet (?:aangekomen|verzonden|verstuurd)\b|"
    r"\bsin enviar\b|\bno se (?:han|ha) enviado\b|\bnão (?:foi|foram) enviad|"
    r"\bnie doręczono\b|\bnie (?:został[aoy]?|zostały) doręczon|\bproblem(?:y|u|ach|em)? z doręczeniem|"
    r"\bnon (?:è |e. )?stat[aoie] ancora (?:consegnat|recapitat|inviat)|"
    r"エラーが発生した(?:宛先|アドレス)|エラーアドレス|配信エラー|(?:ハード|ソフト)バウンス|配信結果[(（]エラー",
    re.IGNORECASE,
))
# The local part of an address that sends an application's notices and that no one
# reads ("noreply", "notifications", "crm-alerts").
APPLICATION_LOCAL = re.compile(
    r"^(?:[\w.+-]{0,30}[._+-])?(?:no-?reply|do-?not-?reply|donotreply|notifications?|notify|notices?|alerts?|"
    r"automailer|robot|"
    # ... in the languages of the applications' users ("naoresponda", "notificaciones",
    # "ne-pas-repondre", "keine-antwort", "powiadomienia", "bildirim")
    r"n[aã]o[._-]?respond[ae]|no[._-]?responder|no[._-]?contestar|ne[._-]?pas[._-]?repondre|no[._-]?reponse|"
    r"non[._-]?rispondere|keine[._-]?antwort|nicht[._-]?antworten|niet[._-]?beantwoorden|geen[._-]?antwoord|"
    r"nie[._-]?odpowiadaj|neodpovidejte|yan[ıi]tlamay[ıi]n|cevaplamay[ıi]n|"
    r"notificaciones|notificacion|notifica[cç](?:[aã]o|[oõ]es)|notifiche|notificaties|notifikace|"
    r"benachrichtigung(?:en)?|powiadomieni[ae]|bildirim(?:ler)?|avisos?|alertas?|alertes?|avvisi)"
    r"(?:[+._-][^@]{0,40})?$",
    re.IGNORECASE,
)
#: The local part of a sending platform's return path ("bounce-58113042@", "bounces+1288-
#: 7a1e-sam=example.org@", "rebotes@"): mail sent through it is a platform's, not a
#: person's own.
PLATFORM_RETURN_LOCAL = re.compile(
    r"^(?:[\w.-]{0,30}[._-])?(?:bounces?|rebotes?)(?:[+._=-][^@]{0,120})?$", re.IGNORECASE
)
#: The domains of sending platforms' return paths whatever their local part
#: ("0100018c...-000000@amazonses.com", "bounce-md_38241716...@mandrillapp.com",
#: "...@bnc3.mailjet.com", "...@pm.mtasv.net").
PLATFORM_RETURN_HOST = re.compile(
    r"(?:^|\.)(?:amazonses\.com|mandrillapp\.com|sendgrid\.net|sparkpostmail\.com|mcsv\.net|rsgsv\.net|"
    r"mcdlv\.net|mailjet\.com|sendibt\d?\.com|sendinblue\.com|mailgun\.(?:org|net)|mtasv\.net|"
    r"postmarkapp\.com|smtp2go\.com|elasticemail\.com|cmail\d{1,2}\.com|hubspotemail\.net|"
    r"klaviyomail\.com|customeriomail\.com)$",
    re.IGNORECASE,
)
#: The words a letter's greeting opens with ("Hi", "Hallo", "Bonjour", "Dzień dobry"): a
#: person's letter and an application's notice to its user both greet.
GREETING_WORDS = (
    r"hi|hello|hey|dear|hallo|liebe[rs]?|guten tag|bonjour|salut|hola|estimad[oa]|ciao|"
    r"buongiorno|ol[áa]|oi|hej|moin|servus|beste|cze[śs][ćc]|dzie[ńn] dobry"
)
#: The first label of a domain that sends an application's notices ("quickbooks@
#: notification.intuit.com"): its local part may name the product instead.
APPLICATION_HOST = re.compile(r"^(?:notifications?|notify|alerts?|no-?reply)\.", re.IGNORECASE)
# The local part of a service's role address, from which platforms and help desks also
# send their notices ("support", "help", "mailer", "reports"): not a person's.
SERVICE_LOCAL = re.compile(
    r"^(?:[\w.-]{0,30}[._-])?(?:support|help|helpdesk|service|mailer|info|team|hello|reports?|system|"
    r"feedback|hooks?|webhooks?|mc-notifications|wordpress|compliance|verify|verification|members?|billing|"
    # ... and a report's sender in the users' languages ("raporty@", "rapports@", "berichte@")
    r"raporty?|rapports?|berichte?|informes?|relat[oó]rios?|rapporti|rapporten?|rapporter|zpravy)"
    r"(?:[+._-][^@]{0,40})?$",
    re.IGNORECASE,
)
# A ticket system's acknowledgement of a request (which may quote the message it got,
# a bounce included): not a notice of its own.
ACKNOWLEDGEMENT = re.compile(
    r"\bwe (?:have |.ve )?(?:received|got) your (?:request|message|e-?mail|ticket|inquiry|enquiry)|"
    r"\b(?:ticket|request|case|incident) (?:#?\S{1,20} )?(?:has been|was|is) "
    r"(?:created|opened|received|logged)|"
    r"\bthank you for contacting\b|wir haben ihre (?:anfrage|nachricht|e-?mail) erhalten|"
    r"vielen dank f[üu]r ihre (?:anfrage|nachricht|e-?mail)\b|unter der ticketnummer\b|"
    r"nous avons (?:bien )?re[çc]u votre|hemos recibido su|abbiamo ricevuto la sua|recebemos a sua",
    re.IGNORECASE,
)
# A ticket system's notice to one of its agents about the work in its queue ("Ticket
# #SUP-20433 has been assigned to you", "Ticket escalated to you", "New reply from
# customer"): neither a reply to
# the person who wrote nor a notice of a failed delivery, whatever complaint it quotes.
#: A ticket or case whose requester is a mail system ("Requester: Mail Delivery Subsystem
#: (mailer-daemon@...)", "Web Email: postmaster@...", "Reporter: MAILER-DAEMON@..."): the
#: ticket holds the notice that system sent, not a person's request about one.
FROM_MAIL_SYSTEM = re.compile(
    r"^[ \t]{0,8}(?:requester|requested by|reporter|from|sender|web ?e-?mail|contact|customer|submitted by)"
    r"[ \t]{0,8}:[^\n]{0,120}?(?:mailer-?daemon|postmaster@|mail delivery (?:subsystem|system)|"
    r"microsoft outlook <postmaster)",
    re.IGNORECASE | re.MULTILINE,
)
AGENT_NOTICE = re.compile(
    r"\b(?:has been |was |is now )?(?:re-?)?(?:assigned|escalated|transferred|routed) to you\b|"
    r"\b(?:assigned|escalated) to your (?:queue|group|team)\b|"
    r"\bnew (?:reply|response|comment|message) from (?:the |your )?(?:customer|requester|contact|client|"
    r"end[- ]user)\b|"
    r"\b(?:customer|requester|client|end[- ]user) (?:\S+ ){0,2}(?:has )?(?:replied|responded)\b|"
    r"neue antwort (?:vom|des) (?:kunden|anfragenden)|nouvelle réponse du client|nueva respuesta del cliente|"
    r"(?:wurde )?ihnen (?:zugewiesen|zugeordnet|eskaliert)|"
    r"vous a été (?:assigné|attribué|affecté|transféré|escaladé)|"
    r"(?:se )?(?:le|te) ha (?:sido )?asignad|asignad[oa] a (?:usted|ti)\b|"
    r"(?:è stat[oa] )?assegnat[oa] a te\b|(?:ti|le) è stat[oa] assegnat|"
    r"(?:aan u|aan jou) (?:toegewezen|toegekend)|"
    r"(?:foi )?atribu[íi]d[oa] a voc[êe]|"
    r"przypisan[yoa] do (?:ciebie|pana|pani)|"
    r"назначен[ао]? (?:на )?(?:вас|вам)\b|"
    # a new ticket in a queue, as OTRS and Znuny tell the queue's agents ("A new ticket #4821
    # has been created in the queue Support", "es gibt ein neues Ticket [...] in der Queue Vertrieb")
    r"\bnew ticket\b[^\n]{0,80}?\b(?:created|opened) in (?:the )?queue\b|"
    r"\bticket\b[^\n]{0,60}?\bhas been created in (?:the )?queue\b|"
    r"\bneues ticket\b[^\n]{0,80}?\bin der queue\b|\bwurde in der queue\b[^\n]{0,60}?\berstellt\b",
    re.IGNORECASE,
)
# A ticket system's notice that a ticket changed ("Ticket #4471 has been updated by
# Priya", "Your request #88 was updated"): an agent's answer or a change of state passed
# on, written by a person, not an automatic reply to the sender nor a notice of a failed
# delivery, whatever bounced addresses and codes the ticket quotes.
TICKET_UPDATE = re.compile(
    r"\b(?:ticket|request|case|incident|issue)\b[^\n.]{0,40}?\b(?:has been|was|got) updated\b|"
    # an agent's resolution of it ("Status: Resolved", "Your ticket has been resolved")
    r"\b(?:ticket|request|case|incident|issue)\b[^\n.]{0,40}?\b(?:has been|was) (?:resolved|solved|closed)\b|"
    r"(?:^|\n)[ \t]*(?:ticket )?status:[ \t]*(?:resolved|solved|closed)\b|"
    r"\b(?:ticket|anfrage|vorgang)\b[^\n.]{0,40}?\bwurde aktualisiert\b|"
    r"\b(?:ticket|demande|incident)\b[^\n.]{0,40}?\ba été mise? à jour\b|"
    r"\b(?:ticket|solicitud|caso|incidencia)\b[^\n.]{0,40}?\bha sido actualizad[oa]\b",
    re.IGNORECASE,
)
# A device's or an application's report of one job ("Transmission Result: Error",
# "Job Status: Failed", "Ergebnis: NG") or its statement that it failed to send a message;
# believed only together with a quoted SMTP status code.
JOB_FAILED = re.compile(
    r"^[ \t]{0,20}(?:(?:transmission|job|send(?:ing)?|scan|e-?mail|delivery|transfer|"
    r"übertragungs|sende|auftrags)[ \t-]{0,3})?"
    r"(?:result|status|ergebnis|résultat|resultado|risultato|výsledek|resultat|tulos|結果|结果)"
    r"[ \t　]{0,12}[:：][ \t　]{0,12}(?:error|failed|failure|ng|fehler|fehlgeschlagen|[ée]chec|erreur|"
    r"fallido|errore|fallito|falha|erro|mislukt|fout|chyba|selhalo|nezdařilo se|misslyckades|fejl|feil|"
    r"mislykkedes|epäonnistui|エラー|失敗|失败)[ \t.!]{0,5}(?:[（(][^）)\n]{0,30}[）)])?[ \t]{0,5}$|"
    # a device's or an application's report whose row says NG (No Good) or error beside
    # the server's reply ("3  a@b  NG  Errore 1102 - 550 5.1.10 ...", "5  a@b  Błąd: 550 5.1.1")
    r"(?:[ \t]NG[ \t][^\n]{0,60}?"
    r"|[ \t](?:error|błąd|fehler|erreur|errore|fout|fel|chyba|エラー|错误|오류):?[ \t]{1,3})"
    r"\b[45][0-5]\d[ -][245]\.\d{1,3}\.\d{1,3}\b|"
    r"\bfailed to send (?:an?|the|this|your) (?:e-?mail|message|notification)\b",
    re.IGNORECASE | re.MULTILINE,
)
# A mail library's error that the server refused a recipient or the message, as a web
# application (a shop, a CMS, a form tool, a queued job) quotes it in its alert; each
# wording carries the server's reply code, so it is a report of a failed send by itself:
# Swift Mailer and Symfony Mailer ('Expected response code 250 but got code "550", with
# message "550 5.1.1 ..."'), PHPMailer ("SMTP Error: The following recipients failed:
# a@b: 550 ...", "RCPT TO command failed: 550 ..."), Nodemailer ("Can't send mail - all
# recipients were rejected: 550 ...", "Recipient command failed: 550 ..."), Python's
# smtplib ("SMTPRecipientsRefused: {'a@b': (550, ...)}"), JavaMail
# ("SMTPAddressFailedException: 550 ..."), Ruby's Net::SMTP ("SMTPFatalError: 550 ...").
# The codes a library expected are those of RCPT and DATA: a refused login (expected
# 235) is the site's own configuration, no refusal of a recipient.
MAILER_REFUSAL = re.compile(
    r"\bexpected response code \"?(?:25[0-2]|354)(?:[/, ]{1,2}25[0-2]){0,3}\"? but got code \"?[45]\d\d\b|"
    r"\b(?:the following recipients failed|(?:rcpt to|mail from|data|recipient|message) command failed|"
    r"all recipients were rejected|data not accepted)\W{1,10}(?:\S{1,64}@\S{1,255}?\W{1,5})?[45]\d\d\b|"
    r"\bsmtprecipientsrefused\b[^\n]{0,300}?\([ \t]?[45]\d\d[ \t]?,|"
    r"\b(?:smtpaddressfailedexception|smtpsendfailedexception|smtpfatalerror|smtpdataerror|"
    r"smtpsenderrefused)\W{1,5}(?:\(?[ \t]?)[45]\d\d\b",
    re.IGNORECASE,
)
# A sending service's own refusal to send to an address it has suppressed (each wording
# searched only where its literal occurs, as in the other tables searched over a whole text).
NOT_SENT = AnyOf(re.compile(
    # A report row's own status that opens with "not sent" ("Não enviado – remetente não
    # verificado", "Non inviata: indirizzo non valido", "Niet verzonden: ongeldig
    # e-mailadres"): the application did not send to that address.
    r"^(?:not sent|nicht (?:versendet|gesendet|versandt)|niet (?:verzonden|verstuurd)|non inviat[oa]|"
    r"n[ãa]o enviad[oa]|no enviad[oa]|non envoy[ée]e?|nie wys[łl]an[oaey]|ej skickat|"
    r"未送信|送信されませんでした)"
    r"(?=\s*[:\-–—(]|$)|"
    r"\bwe (?:did ?n.t|did not) send (?:it|this|the message|your message) to\b.{0,300}"
    r"(?:cleaned|suppress|inactive|previously bounced|hard bounced|unsubscribed)|"
    r"\bwas not sent\b.{0,300}(?:marked as inactive|inactive (?:address|recipient)|suppression list)|"
    r"\b(?:did not|did ?n.t) attempt (?:delivery|to deliver)\b.{0,300}"
    r"(?:cleaned|suppress|inactive|previously bounced|hard bounced|unsubscribed)|"

    r"\bnot delivering to (?:a )?previously bounced address|"
    # "has NOT been sent to this recipient", "was not sent to any of its recipients": the
    # sender's side chose not to send (a receiver does not send, it refuses).
    r"\b(?:was|were|has been|have been|had been|has|have|is|are) not (?:been )?sent to "
    r"(?:this|that|the following|these|those|any|any of (?:its|the|your)) (?:recipients?|address(?:es)?)\b|"
    r"\bfor this recipient and (?:was|has) not (?:been )?sent\b|"
    # the sender's own organisation's administrator or policy kept it ("has been
    # blocked by your organization's administrator", "Blocked by your organization's
    # policy")
    r"\b(?:blocked|rejected|stopped|refused|held|quarantined) by your (?:own )?organi[sz]ation.?s? "
    r"(?:(?:e-?mail )?admin(?:istrator)?s?|polic(?:y|ies)|rules?|mail flow rules?)\b|"
    # "We couldn't send an email notification to ...: the address is on our suppression
    # list" (an address already on the list: one added after this bounce is a bounce).
    r"\b(?:could ?n.t|could not|can ?n.t|cannot|did ?n.t|did not|won.t|will not) send\b.{0,300}"
    r"\b(?:is|was|are|were) (?:on|in) (?:our|the|its|your|an?) (?:[\w-]{1,20} )?suppression list",
    re.IGNORECASE,
))
# The sending side's own refusal, in any common language: a statement that the message
# was not sent (not "not delivered"), then, in the words after it, a cause that lies with
# the sender's side: the address is flagged, stop-listed or invalid, the account's
# sending limit is reached, the message never reached the outgoing server.
_DID_NOT_SEND_WORDS = (
    r"\b(?:was|were|has been|have been|is|are) not sent\b|\b(?:was|were)n.t sent\b|"
    r"\b(?:e-?mail|message)s? not sent\b|\bnie wys[łl]ano\b|"
    r"\b(?:has|have|had) not been sent\b|\b(?:was|were) unable to send (?:your|the) message\b|"
    r"\b(?:was|were|has been|have been) (?:rejected|blocked|dropped|refused) and not sent\b|"
    r"n.(?:a|ont) pas (?:été|ete) envoy|\bnon envoy|n.(?:a|avons) pas envoy[ée] (?:votre|ton|le|ce) |"
    r"(?:wurde|wurden) nicht (?:\S+ ){0,3}(?:versendet|gesendet|verschickt|versandt)|"
    r"nicht (?:versendet|verschickt|versandt)|"
    r"\bno (?:se )?(?:ha |fue )?(?:sido )?enviad|\bno (?:se )?(?:ha )?(?:podido|pudo) (?:ser )?enviad|"
    r"non (?:è|e.|sono) stat[oaie] (?:inviat|spedit)|"
    r"n[ãa]o foi enviad|(?:is|zijn|werd|werden) niet (?:verzonden|verstuurd)|nie zosta[łl][aoy]? wys[łl]an|"
    r"не (?:было |были |был |была )?отправлен|не (?:було )?(?:надіслан|відправлен)|nebyl[ao]? odeslán|"
    r"nebol[ao]? odoslan|"
    # Bulgarian, the South Slavic languages, Hungarian, Icelandic, the Baltic languages,
    # Romanian, Greek, Persian, Malay, Catalan, the Nordic languages, Turkish, CJK
    r"не (?:беше |е |бе )?изпратен|nije (?:bila |bilo )?(?:poslan|poslat)|ni bilo poslan|није (?:била |"
    r"било )?послат|"
    r"nem (?:lett|került|volt) elküldve|nem küldtük el|(?:var|hefur|hafa) ekki (?:verið )?sent|"
    r"nebuvo išsiųst|neišsiųst|netika nosūtīt|nav nosūtīt|ei saadetud|jäi saatmata|"
    r"nu a fost (?:trimis|expediat)|δεν (?:στάλθηκε|εστάλη|απεστάλη)|ارسال نشد|tidak (?:dihantar|dikirim)\b|"
    r"no s.ha enviat|no ha estat enviat|ei lähetetty|jäi lähettämättä|skickades inte|har inte skickats|"
    r"(?:ble|blev) ikke sendt|gönderilmedi|لم يتم إرسال|לא נשלח|नहीं भेजा गया|ไม่ได้ถูกส่ง|không được gửi|"
    r"ez da bidali|non foi enviad|"
    r"送信されませんでした|送信されていません|送信を中止|未发送|未發送|"
    r"발송되지 않았|발송되지 못|전송되지 않았"
)
_SENDER_SIDE_CAUSE = (
    r"marked as (?:bounced|invalid|inactive|undeliverable)|bounce flag|"
    r"(?:previously|already|hard) bounced|suppress|stop[- ]?list|do[- ]not[- ](?:e-?)?mail list|"
    r"unsubscribed|opted[- ]out|inactive (?:address|recipient|contact)|not a valid (?:e-?mail )?address|"
    r"invalid (?:e-?mail )?address|(?:sending|send|hourly|daily) (?:limit|quota)|"
    # the sender's own domain not yet verified with the service (SPF, DKIM records)
    r"(?:sending |sender.?s? )?domain (?:is ?n.t|is not|has not been|not) (?:yet )?verified|"
    r"domain verification|"
    r"limit (?:on|of|for) (?:sending|outgoing)|(?:outgoing|outbound) (?:mail )?server|"
    r"\bisp.s (?:smtp|mail|outgoing|e-?mail) (?:mail )?server|\bsmart ?host\b|"
    # the account's own cap, in the words of the provider's notice to its user
    r"(?:maximum|max\.?) number of (?:recipients|messages|e-?mails) (?:that )?you "
    r"(?:can|may|are allowed to) send|"
    r"n[úu]mero m[áa]ximo de (?:mensajes|destinatarios|correos) que (?:puede|se pueden) enviar|"
    r"maximale aantal (?:ontvangers|berichten|e-?mails)|uitgaande (?:mail|smtp-?)?server|"
    r"adresse (?:e-?mail |électronique |de courriel )?(?:invalide|non valide|incorrecte)|"
    r"n.est pas une adresse (?:e-?mail |électronique )?valide|"
    r"liste (?:noire|d.exclusion|de suppression|d.opposition)|désinscri|désabonn|"
    r"(?:limite|quota) d.envoi|serveur (?:de courrier |de messagerie |d.envoi |smtp )?sortant|"
    r"ungültige (?:e-?mail-?)?adresse|keine gültige (?:e-?mail-?)?adresse|sperrliste|abgemeldet|"
    r"abbestellt|(?:versand|sende)-?limit|postausgangsserver|als (?:ungültig|unzustellbar) markiert|"
    r"direcci[óo]n (?:de correo )?(?:electr[óo]nico )?(?:no v[áa]lida|inv[áa]lida|incorrecta)|"
    r"lista (?:negra|de supresi[óo]n|de exclusi[óo]n|de bloqueo)|dado de baja|l[íi]mite de env[íi]o|"
    r"servidor (?:de correo )?saliente|indirizzo (?:e-?mail )?(?:non valido|errato)|"
    r"lista (?:nera|di soppressione|di esclusione)|disiscritt|limite di invio|"
    r"server (?:di posta )?in uscita|posta (?:in uscita|verso l.esterno)|"
    r"endere[çc]o (?:de e-?mail )?(?:inv[áa]lido|incorreto)|"
    r"lista de supress[ãa]o|descadastrad|limite de envio|servidor (?:de e-?mail )?de sa[íi]da|"
    r"ongeldig (?:e-?mail)?adres|uitgeschreven|verzendlimiet|blokkeerlijst|zwarte lijst|"
    r"nieprawid[łl]owy adres|czarn(?:a|ej) list|limit wysy[łl]ki|wypisa[łl]|"
    r"стоп-?лист|стоп лист|черн(?:ый|ом|ого) списк|отписал|недействительн(?:ый|ого) адрес|"
    r"некорректн(?:ый|ого) адрес|лимит (?:на )?отправк|превышен лимит|очередь (?:доставки|отправки)|"
    # the provider holding its user's sending until the account is confirmed ("мы временно
    # ограничили отправку писем с вашего ящика ... подтвердите номер телефона")
    r"ограничили отправку|отправка (?:писем )?(?:временно )?ограничена|подтвердите (?:номер )?телефон|"
    r"\b(?:restricted|limited|suspended|paused) (?:the )?sending (?:of (?:messages|e-?mails) )?from your "
    r"(?:account|mailbox)|\b(?:confirm|verify) your (?:phone|mobile) number|"
    r"ліміт (?:на )?надсилання|недійсн(?:а|ої) адрес|neplatn(?:á|é) (?:e-?mailov(?:á|é) )?adres|"
    r"limit (?:pro )?odes[íi]l[áa]n[íi]|limit (?:pre )?odosielan|"
    # The sending limit in the other languages of the tables
    r"лимит(?:ът)? за изпращане|küldési (?:korlát|limit|keret)|küldhető levelek|sendingarmörk|"
    r"siuntimo (?:limit|apribojim)|išsiunčiamų laiškų (?:skaičius|limit)|siuntimas (?:laikinai )?apribotas|"
    r"(?:no)?sūtīšanas limit|saatmise (?:limiit|piirang)|saatmislimiit|ograničenj[ae] slanja|"
    r"ограничењ[ае] слања|omejit(?:ev|ve) pošiljanja|limita de (?:trimitere|expediere)|(?:όριο|"
    r"ορίου) αποστολής|"
    r"سقف ارسال|محدودیت ارسال|had (?:penghantaran|menghantar)|batas pengiriman|límit d.enviament|"
    r"lähetys(?:raja|rajoitus|kiintiö)|sändningsgräns|utskicksgräns|sendegrense|(?:afsendelses|sende)grænse|"
    r"gönder(?:im|me) (?:limiti|sınırı)|(?:حد|حدود) الإرسال|מגבלת (?:ה)?שליחה|भेजने की सीमा|"
    r"ขีดจำกัดการส่ง|giới hạn gửi|"
    r"bidalketa-?muga|bidaltzeko muga|"
    r"送信(?:制限|上限)|发送(?:限制|上限)|發送(?:限制|上限)|(?:발송|전송) (?:한도|제한)|"
    # a suppression list in Japanese, Chinese and Korean ("サプレッションリストに登録されているため")
    r"サプレッションリスト|配信停止リスト|送信停止リスト|抑制列表|禁止发送列表|"
    r"발송 ?금지 ?목록|수신 ?거부 ?목록"
)
#: The statement that a message was not sent, and a cause on the sending side that starts
#: within ``CAUSE_REACH`` characters after it, read in two steps: the statement found,
#: then whether a cause's literal stands in the next few hundred characters at all, and
#: only then where the first cause starts (one pattern for both tried every cause at
#: every one of those characters: milliseconds where a statement has no such cause,
#: "messages from <ip> weren't sent").
CAUSE_REACH = 300
#: Longest text a cause's pattern matches (its phrases, with their bounded gaps).
MAX_CAUSE_CHARS = 200
#: Whether a lower-cased text holds a cause at all (the gate of the search for one: its
#: Turkish dotless i keeps ``AnyOf`` from prefiltering it with IGNORECASE).
HAS_SENDER_SIDE_CAUSE = AnyOf(re.compile(_SENDER_SIDE_CAUSE))
#: Whether a text says at all that a message was not sent: each language's words tried
#: only where their literal occurs (one pattern of them all tries each at every position,
#: a millisecond on a short notice); its ``finditer`` gives where they stand.
SAYS_NOT_SENT = AnyOf(re.compile(_DID_NOT_SEND_WORDS, re.IGNORECASE))
# The same said of one recipient in its own reason, the cause first ("blocked because a
# previous email to it hard bounced; we did not attempt delivery").
NOT_ATTEMPTED = re.compile(r"\b(?:did not|did ?n.t) attempt (?:delivery|to deliver)\b", re.IGNORECASE)
SENDER_SIDE_CAUSE = re.compile(_SENDER_SIDE_CAUSE, re.IGNORECASE)
# The sender's own side kept the message: it says the message was not sent (not "not
# delivered") and names the sender's outgoing filter or data loss prevention.
WAS_NOT_SENT = AnyOf(re.compile(
    r"\b(?:message|e-?mail|mail) (?:was|has|could) not (?:been |be )?sent\b|\bwas ?n.t sent\b|"
    + _DID_NOT_SEND_WORDS,
    re.IGNORECASE,
))
# Data loss prevention: a control of the sender's own organisation over what leaves it.
_DATA_LOSS_PREVENTION = (
    r"\bdata (?:loss|leak(?:age)?) prevention\b|\bdlp\b|\bdata protection policy\b|"
    r"pr[ée]vention (?:des|de) (?:pertes|fuites) de donn[ée]es|politique de protection des donn[ée]es|"
    r"prevenci[óo]n de (?:p[ée]rdida|fuga)s? de (?:datos|informaci[óo]n)|"
    r"pol[íi]tica de protecci[óo]n de datos|"
    r"(?:richtlinie|regel) (?:zum|für den|zur) (?:datenschutz|schutz vertraulicher daten)|"
    r"verhinderung von datenverlust|criterio di protezione dei dati|prevenzione (?:della )?perdita di dati|"
    r"pol[íi]tica de prote[çc][ãa]o de dados|preven[çc][ãa]o (?:de|contra) perda de dados|"
    r"gegevensbeschermingsbeleid|preventie van gegevensverlies"
)
OUTGOING_FILTER = re.compile(
    r"\b(?:outgoing|outbound) (?:spam |content |mail |e-?mail )?(?:(?:anti-?)?virus |malware )?"
    r"(?:filter|polic|scann)|"
    # (beside "not sent": a virus found in what the sender sent, which only the sender's
    # own provider scans before sending: "ウイルスが検出されたため、送信を中止しました")
    r"\b(?:virus|malware) (?:was |has been )?(?:found|detected)\b|\bcontains? (?:a )?(?:virus|malware)\b|"
    r"ウイルスが検出|ウイルスを検出|"
    r"filtre (?:de courrier |anti-?spam |antispam )?sortant|"
    r"filtro (?:de correo |anti-?spam |antispam )?saliente|"
    r"ausgehende[nr]? (?:e-?mail-?|mail-?)?(?:filter|richtlinie)|"
    r"filtro (?:di posta |anti-?spam |antispam )?in uscita|"
    r"filtro de sa[íi]da|uitgaand(?:e)? (?:filter|beleid)|"
    # (read beside "not sent": the sender's provider judged the mail spam, "Ihre E-Mail
    # konnte nicht versendet werden, da sie von unseren Schutzsystemen als Spam eingestuft
    # wurde")
    r"\bby our (?:spam|abuse|protection|security) (?:filters?|systems?)\b|"
    r"von unseren (?:schutz|spam|sicherheits)-?(?:systemen|filtern)|"
    r"систем[аыуе] (?:защиты|антиспама?)\b|антиспам-?(?:систем|фильтр)|"
    # the sender's own gateway: it encrypts what leaves, and caps how much leaves
    r"\bcould not be encrypted\b|\bmarked for encryption\b|\bencryption (?:service|server|gateway)\b|"
    r"\bnumber of outbound (?:messages|recipients|e-?mails)\b|"
    # a gateway's rule named for mail that leaves ("triggered the rule: Outbound - ...")
    r"\b(?:rule|policy)\W{1,3}(?:outbound|outgoing)\b|"
    r"\boutbound (?:rate|message) (?:limit|control)\b|"
    + _DATA_LOSS_PREVENTION,
    re.IGNORECASE,
)
#: ``OUTGOING_FILTER.search`` answered by its literals first (see ``prefilter.AnyOf``).
NAMES_OUTGOING_FILTER = AnyOf(OUTGOING_FILTER)
# A gateway's label of the policy or rule that kept the message, named for mail that
# leaves ("Policy: HIPAA - Outbound PHI (unencrypted)", "Rule: Passport numbers
# (outgoing)", or a table's cells "Policy   HIPAA - Outbound PHI"), or for data loss
# prevention ("Policy: Export Control - Technical Data (DLP)"): the sender's own
# gateway, whatever the notice calls the failure.
OUTBOUND_POLICY_LINE = re.compile(
    r"^[ \t>*-]*(?:(?:triggered |matched )?(?:policy|rule|filter)(?: name)?|richtlinie|regel|règle|"
    r"politique|pol[íi]tica|regla|regola|criterio)(?:[ \t]*:|[ \t]+(?=\S))[^\n]{0,100}?"
    r"(?:\b(?:outbound|outgoing|ausgehend|sortant|saliente|in uscita|de sa[íi]da)|"
    # data loss prevention, a control over what leaves the sender's organisation
    r"\bdlp\b|\bdata (?:loss|leak(?:age)?) prevention\b)",
    re.IGNORECASE | re.MULTILINE,
)
# The notice says the sender's own outgoing filter stopped the message ("stopped by the
# outgoing mail virus scanner of your Internet service provider"), whatever it calls
# the failure.
#: What a text that says the sending side kept the message holds (lower case): a stem of
#: the statements the tests above read (not sent, outbound, data loss prevention, in the
#: languages of their tables). One pass finds whether a notice of another format, which
#: nearly never says so, is worth those tests (see ``refused_on_the_sending_side``).
SENDING_SIDE_CUES = automaton({cue: [] for cue in (
    "not sent", "not been sent", "n't sent", "n\u2019t sent", "unable to send", "not send", "n't send",
    "n\u2019t send", "not attempt", "n't attempt", "previously bounced", "suppression", "your organi",
    "outgoing", "outbound", "dlp", "data loss", "data leak", "data protection",
    "envoy", "versendet", "gesendet", "verschickt", "versandt", "enviad", "enviat", "inviat", "spedit",
    "verzonden", "verstuurd", "wys\u0142an", "wyslan", "trimis", "expediat", "skickades", "skickats",
    "ikke sendt", "ekki", "bidali", "dikirim", "dihantar", "odoslan", "odesl\u00e1n", "saadetud", "saatmata",
    "l\u00e4hetetty", "l\u00e4hett\u00e4m\u00e4tt\u00e4", "el\u00fcld", "k\u00fcldt\u00fck",
    "poslan", "poslat", "\u043f\u043e\u0441\u043b\u0430\u0442", "i\u0161si\u0173st", "nos\u016bt\u012bt",
    # Russian, Ukrainian: "не (было) отправлено", "не надіслано", "не відправлено"
    "\u043d\u0435 \u043e\u0442\u043f\u0440\u0430\u0432\u043b\u0435\u043d",
    "\u043d\u0435 \u0431\u044b", "\u043d\u0435 \u043d\u0430\u0434\u0456\u0441\u043b\u0430\u043d",
    "\u043d\u0435 \u0431\u0443\u043b\u043e",
    "\u043d\u0435 \u0432\u0456\u0434\u043f\u0440\u0430\u0432\u043b\u0435\u043d",
    "\u0438\u0437\u043f\u0440\u0430\u0442\u0435\u043d",
    "\u03c3\u03c4\u03ac\u03bb\u03b8\u03b7\u03ba\u03b5", "\u03b5\u03c3\u03c4\u03ac\u03bb\u03b7",
    "\u03b1\u03c0\u03b5\u03c3\u03c4\u03ac\u03bb\u03b7",
    # Persian "ارسال نشد", Arabic "لم يتم إرسال", Turkish, Hebrew, Hindi, Thai, Vietnamese
    "\u0627\u0631\u0633\u0627\u0644 \u0646\u0634\u062f", "\u064a\u062a\u0645 \u0625\u0631\u0633\u0627\u0644",
    "g\u00f6nderilmedi", "\u05dc\u05d0 \u05e0\u05e9\u05dc\u05d7",
    "\u0928\u0939\u0940\u0902 \u092d\u0947\u091c\u093e",
    "\u0e44\u0e21\u0e48\u0e44\u0e14\u0e49\u0e16\u0e39\u0e01\u0e2a\u0e48\u0e07",
    "kh\u00f4ng \u0111\u01b0\u1ee3c g\u1eedi",
    # Japanese "送信されませんでした / 送信されていません / 送信を中止", Chinese "未发送", Korean
    "\u9001\u4fe1\u3055\u308c\u307e\u305b", "\u9001\u4fe1\u3055\u308c\u3066\u3044\u307e\u305b",
    "\u9001\u4fe1\u3092\u4e2d\u6b62", "\u672a\u53d1\u9001", "\u672a\u767c\u9001",
    "\ubc1c\uc1a1\ub418\uc9c0", "\uc804\uc1a1\ub418\uc9c0",
    # data loss prevention in the other languages
    "datenschutz", "datenverlust", "vertraulicher daten", "de datos", "dei dati", "di dati", "de dados",
    "donn\u00e9es", "donnees", "gegevens",
)})
STOPPED_BY_OUTGOING_FILTER = re.compile(
    r"\b(?:stopped|blocked|rejected|held|quarantined|deleted|refused|intercepted) by (?:the |your |our )?"
    r"(?:[\w-]{1,20} ){0,3}?(?:outgoing|outbound) (?:spam |content |mail |e-?mail )?"
    r"(?:(?:anti-?)?virus |malware )?(?:filter|polic|scann|gateway)",
    re.IGNORECASE,
)
DATA_LOSS_PREVENTION = AnyOf(re.compile(_DATA_LOSS_PREVENTION, re.IGNORECASE))
# That the content may not leave the sender's organisation ("may not be sent outside the
# organization", "an externe Empfänger", "hors de l'organisation"): said of the sender's
# own data loss prevention, which keeps it in; a receiver's filter says no such thing.
KEPT_INSIDE = re.compile(
    r"\b(?:outside|beyond|out of) (?:of )?(?:the|your|our|this|its) (?:organi[sz]ation|company|enterprise|"
    r"corporate network|network|domain)\b|"
    r"\bto (?:an? )?external (?:recipients?|address(?:es)?|domains?|parties|part(?:y|ies))\b|"
    r"\b(?:leave|leaving) (?:the|your|our) (?:organi[sz]ation|company)\b|"
    r"außerhalb (?:des|der|ihres|ihrer|unseres|unserer) (?:unternehmens|organisation|firma)|"
    r"an externe empfänger|(?:hors|en dehors) de (?:l.|votre |notre )(?:organisation|entreprise|société)|"
    r"(?:à|vers) des destinataires externes|"
    r"fuera de (?:la|su|nuestra) (?:organizaci[óo]n|empresa|compañ[íi]a)|"
    r"a destinatarios externos|(?:al di )?fuori (?:dell.|della (?:sua |nostra )?)(?:organizzazione|azienda)|"
    r"a destinatari esterni|fora da (?:sua |nossa )?(?:organiza[çc][ãa]o|empresa)|"
    r"para destinat[áa]rios externos|buiten (?:de|uw|onze) (?:organisatie|onderneming|bedrijf)|"
    r"naar externe ontvangers",
    re.IGNORECASE,
)
# A reply that only the sender's own submission server gives: the sender address is
# not the authenticated user's ("Sender address rejected: a@b not owned by user c@d").
OWN_SERVER_REFUSED = re.compile(
    r"\bnot owned by (?:the )?(?:authenticated |logged[- ]in )?user\b|\bsender (?:address )?login mismatch\b",
    re.IGNORECASE,
)
# A statement of failure that says the message waited too long: its own cause.
EXPIRY = re.compile(
    r"\bafter (?:\d+|one|two|three|four|five|six|seven) (?:days?|hours?)\b|"
    r"\b(?:has been|was) in the queue too long\b|\b(?:delivery|message) (?:time )?expired\b",
    re.IGNORECASE,
)
# A notice that also says it gave up is final, whatever else it says.
PERMANENT = re.compile(
    r"permanent|not going to try again|giving up|gave up|too long|no further|will not be retried|"
    r"stopped (?:trying|retrying)|stop (?:trying|retrying)|"
    r"failed after (?:\d+ )?(?:days?|hours?|retries|retrying)|재시도 후 실패|再試行後に失敗|重试后失败|"
    r"endg[üu]ltig|aufgegeben|abandonn|d[ée]finitiv|definitiv|stoppen nu|rezygnuj|"
    r"已放弃|放棄しました|중단|"
    # "No further attempt will be made", in other languages (the retry words alone would
    # read it as a delay: "nouvelle tentative", "weitere Versuche").
    r"aucune (?:nouvelle |autre )?tentative|ne sera (?:pas|plus) (?:r[ée]essay|retent|renvoy)|"
    r"keine weiteren (?:zustell)?versuche|nicht (?:mehr|erneut) versucht|"
    r"no se (?:volver[áa] a intentar|reintentar[áa])|no se (?:har[áa]n|realizar[áa]n) m[áa]s intentos|"
    r"nessun (?:altro|ulteriore) tentativo|"
    r"non verr(?:[àa]|anno) (?:pi[ùu] )?(?:ritentat|riprovat|effettuati)|"
    r"(?:nenhuma|sem) (?:nova|novas) tentativas?|n[ãa]o ser[áa] (?:feita )?(?:nova tentativa|reenviad)|"
    r"geen (?:nieuwe|verdere) pogingen|niet opnieuw geprobeerd|nie b[ęe]dzie ponawian|"
    r"(?:повторных|дальнейших) попыток (?:доставки )?не будет|попытки доставки прекращены|"
    r"(?:další|opakované) pokusy (?:již )?nebudou|inga (?:fler|nya) försök|ingen (?:flere|nye) fors[øo]g"
)
# A condition, not a statement: "will notify you again if they fail permanently", "falls
# die Zustellung endgültig fehlschlägt". Its words of finality say nothing of now.
IF_PERMANENT = re.compile(
    r"\b(?:if|should|when|once|in case|unless|falls|wenn|sobald|si|se|als|indien|wanneer|je[śs]li|je[żz]eli|"
    r"gdy|"
    r"если|якщо|ако|om|hvis|jos|ha|dac[ăa]|kui|jei|ja)\b[^.;:!?]{0,80}?"
    r"(?:permanent\w*|endg[üu]ltig\w*|d[ée]finitiv\w*|definitiv\w*|trval[eo]|pysyv[äa]sti|v[ée]glegesen|"
    r"окончательно|остаточно|permanentemente|definitivamente)",
    re.IGNORECASE,
)
# A condition, not a statement: "If this receipt was not delivered to the right person,
# contact us", "falls diese Nachricht nicht zugestellt wurde". Its words of failure say
# nothing of a delivery (only languages whose word for "if" is no other common word:
# Romance "se"/"si" are also pronouns). The condition ends at its comma or bracket: "If
# you sent this, your message could not be delivered" states the failure after it.
IF_NOT_DELIVERED = re.compile(
    r"\b(?:if|in case|unless|falls|sofern|indien|je[śs]li|je[żz]eli|если|якщо)\b[^.;:!?,()]{0,120}",
    re.IGNORECASE,
)
# Weaker wording ("your message was rejected"), believed only together with an SMTP reply
# or status code, or with the recipient named in the same paragraph.
REJECTION = re.compile(
    r"\b(?:rejected|refused|denied|blocked|bounced|not accepted|discarded)\b|abgelehnt|zurückgewiesen|"
    r"refus[ée]|rejet[ée]|bloqu[ée]|rechazad|bloquead|rifiutat|respint|bloccat|recusad|rejeitad|"
    r"bloquead|geweigerd|odrzucon|отклонен|拒绝|拒否|거부|"
    # "blocked" in Japanese, Chinese and Korean (a gateway's "ブロックされました")
    r"ブロックされ|被拦截|已拦截|被阻止|已阻止|被攔截|已攔截|차단되"
)
# Each paragraph is tested against all five; most paragraphs hold none of their literals.
FAILS, DELAYS, REJECTS, GIVES_UP = AnyOf(FAILURE), AnyOf(DELAY), AnyOf(REJECTION), AnyOf(PERMANENT)
# Labels that name the failed recipient on its line.
RECIPIENT_LABEL = re.compile(
    r"^(?:(?:failed |final |original |intended |invalid |bad |unknown |affected )?"
    r"recipients?(?: address(?:es)?| name)?|"
    r"recipient\(s\)|rcpt(?: to)?|to|an|address(?:es)?|e-?mail(?: address)?|addressee|destinations?|"
    # the person an application mailed for its user ("Invitee email: a@b")
    r"(?:invitee|attendee|guest|customer|client|contact)(?:.s)? e-?mail(?: address)?|"
    # a list's subscriber in a sending tool's report ("Subscriber:", "Abonnent:"; not
    # "Contact:", which also gives an address to write to)
    r"subscriber|suscriptor|iscritto|assinante|abonn[ée]|abonnent|abonnee|subskrybent|"
    # a fax's, a printer's or a service's address the notice names ("Sent to: 1212...@fax",
    # "Printer email address: x@...", "Email service address: cases@...")
    r"sent to|printer.?s? e-?mail address|(?:e-?mail )?service address|"
    # A group's or a list's member whose mail bounces ("Member: a@b (external)")
    r"(?:group |list )?member(?: address)?|"
    r"destinatario|destinatari|destinataire|destinatário|empf[äa]nger(?:-?adresse)?|adressat|ontvanger|"
    # a list's heading: "Destinatarios afectados:", "Destinataires concernés :"
    r"destinatari(?:os|as) (?:afectad|afetad)[oa]s|destinataires concern[ée]s|"
    r"destinatari interessati|betroffene empf[äa]nger|"
    r"ziel(?:adresse)?|"
    r"odbiorca|adresát|adresat|príjemca|получатель|адресат|příjemce|címzett|mottagare|modtager|mottaker|"
    r"vastaanottaja|"
    r"alıcı|(?:宛先|宛て先|受信者|送信先)(?:メール)?(?:アドレス)?|"
    r"получател|viðtakandi|móttakandi|gavėjas|adresāts|saņēmējs|saaja|adressaat|primatelj|prejemnik|"
    r"прималац|primalac|destinatar|παραλήπτης|одержувач|отримувач|گیرنده|penerima|المستلم|المرسل إليه|"
    r"נמען|נמענים|प्राप्तकर्ता|ผู้รับ|người nhận|hartzailea|"
    # A forwarder's destination: the address that failed ("Forwarded to: a@b")
    r"forwarded to|redirected to|forwarding destination|weitergeleitet an|umgeleitet an|redirigé vers|"
    r"transféré (?:à|vers)|reenviado a|redirigido a|inoltrato a|encaminhado para|reencaminhado para|"
    r"doorgestuurd naar|przekazano do|переадресовано на|перенаправлено на|"
    r"收件人|收信人|收件者|收件地址|받는 ?사람|수신자|수신인|수신 ?주소)"
    r"[ \t　]{0,12}[:：][ \t　]*$",
    re.IGNORECASE,
)
# Labels that introduce a reason (checked at the start of a line).
REASON_WORDS = (
    r"(?:(?:the )?(?:(?:rejection|failure|delivery|non-?delivery|return) )?reason"
    r"(?: for (?:the )?(?:failure|rejection))?|"
    r"error(?: message)?|"
    r"cause|diagnostic(?:[- ]code)?|diagnose|remote (?:server|host) (?:said|replied|returned|response)|"
    # "Details" in the users' languages ("Detalle:", "Détail :", "Szczegóły:", "詳細：")
    r"detalles?|d[ée]tails?|dettagli?o?|detalhes?|szczeg[óo][łl]y|podrobnosti|詳細|详情|상세|"
    r"server (?:response|reply)|result|status|details?|problem|"
    # a job's or a transmission's result ("Ergebnis:", "結果：", "결과 :")
    r"ergebnis|r[ée]sultat|resultado|risultato|結果|结果|결과|"
    r"(?:the )?response(?: from the remote (?:server|host))? was|"
    r"the error that the other server returned was|"
    r"technical details of (?:temporary|permanent) failure|"
    r"motivo|raz[óo]n|causa|error|grund|fehler(?:meldung)?|ursache|raison|erreur|cause|errore|"
    r"raz[ãa]o|reden|fout(?:melding)?|oorzaak|pow[óo]d|przyczyna|b[łl][ąa]d|причина|ошибка|"
    r"důvod(?: (?:problému|chyby|nedoručení))?|příčina|dôvod|príčina|orsak|årsag|årsak|syy|fel|fejl|feil|"
    r"virhe|chyba|理由|原因|失败原因|失敗原因|错误|錯誤|退信原因|エラー内容|エラー|(?:반송 ?)?사유|원인|오류|"
    r"alasan|penyebab|kesalahan|neden|sebep|hata|l[ýy] do|nguy[êe]n nh[âa]n|l[ỗo]i|motiv|eroare|cauz[ăa]|"
    r"hiba(?: oka)?|oka|помилка|αιτία|λόγος|σφάλμα|סיבה|שגיאה|السبب|الخطأ|سبب|خطا|कारण|त्रुटि|สาเหตุ|"
    r"ข้อผิดพลาด|"
    r"bounce[- ]?(?:reason|type|details|grund)|motivo del rebote|tipo de rebote|raison du rebond|"
    r"motivo del rimbalzo|motivo da devolução|bounce-?reden|"
    r"ástæða|villa|priežastis|klaida|iemesls|kļūda|põhjus|viga|razlog|greška|napaka|разлог|грешка|"
    r"علت|دلیل|sebab|punca|ralat|motiu|arrazoia|실패 ?(?:원인|사유))"
)
# The label of a line that gives the status code apart from the reason ("Status: 5.1.1",
# "Estado: 4.4.7").
STATUS_LABEL = re.compile(
    r"^[ \t>|*-]{0,10}(?:(?:enhanced |extended |dsn |delivery )?status(?: code)?|estado|statut|stato|stav|"
    r"statuscode|código de estado|статус|状态|狀態|ステータス|상태)[ \t　]{0,12}[:：]",
    re.IGNORECASE,
)
# A reason's label, in up to three languages at once ("Grund / Reason:"), or a table's
# label cell (an HTML notice's "Reason" cell, which its text gives before a tab).
REASON_LABEL = re.compile(
    r"^[ \t>|*-]{0,10}" + REASON_WORDS + r"(?:[ \t]{0,2}/[ \t]{0,2}" + REASON_WORDS + r"){0,2}"
    r"(?:[ \t　]{0,12}[:：]|[ ]{0,2}\t)[ \t　]*",
    re.IGNORECASE,
)
# Lines whose addresses are not recipients: the header fields of a quoted message.
HEADER_LINE = re.compile(
    r"^[ \t>]*(?:(?:original )?message[- ]?id|msg-?id|(?:subject |message |content )?identifier|"
    r"in-reply-to|references|"
    r"from|sender|reply-to|return-path|date|cc|bcc|"
    r"von|absender|de|expéditeur|remitente|mittente|remetente|van|afzender|nadawca|od|от|отправитель|"
    r"差出人|送信者|发件人|寄件人|보낸 ?사람)(?:[ \t　]{0,3}[:：]|[ ]{0,2}\t)",  # (or a table's cell)
    re.IGNORECASE,
)
# The header fields that name a quoted message's sender.
FROM_LINE = re.compile(
    r"^[ \t>]*(?:from|sender|von|absender|de|expéditeur|remitente|mittente|remetente|van|afzender|nadawca|"
    r"od|от|отправитель|差出人|送信者|发件人|寄件人|보낸 ?사람|gönderen|αποστολέας|odesílatel|feladó)"
    # (or, of several letters, a column of a table laid out in text: "Gönderen   a@b")
    r"(?:[ \t　]{0,3}[:：]|(?<=[^\W\d]{3})(?:[ 　]{2,}|\t)(?=\S))",
    re.IGNORECASE,
)
# The header fields that name a quoted message's own recipients (not its copies).
TABLE_TO_LINE = re.compile(
    r"^[ \t>]*(?:(?:to|an|à|a|para|aan|do|кому|收件人|받는 ?사람)[ \t　]{0,3}[:：]|"
    # a recipient's column of a table laid out in text ("Alıcı     a@b", "Destinatario   a@b")
    r"(?:recipients?|empf[äa]nger|destinatari[oa]?|destinataire|destinatário|ontvanger|odbiorca|příjemce|"
    r"alıcı|получател[ьи]|παραλήπτης|címzett|mottagare|宛先|受信者|收件者|수신자|받는 ?사람)"
    r"(?:[ \t　]{0,3}[:：]|(?:[ 　]{2,}|\t)(?=\S)))",
    re.IGNORECASE,
)
# The header fields that name a quoted message's recipients.
TO_LINE = re.compile(
    r"^[ \t>]*(?:to|cc|bcc|an|kopie|à|a|para|aan|do|kopia|кому|копия|收件人|抄送|받는 ?사람)"
    r"[ \t　]{0,3}[:：]",
    re.IGNORECASE,
)
#: Words that introduce a cause (in a statement that gives it), or a statement that is
#: its own cause (the sender may not post to a list).
CAUSE = re.compile(
    r"\b(?:because|due to|weil|parce que|porque|perch[ée]|omdat|poniewa[żz])\b|"
    r"\b(?:not (?:be )?(?:allowed|permitted)|not have (?:the )?permission|no permission) to post\b|"
    r"\bnot authori[sz]ed to send (?:mail|messages?) to (?:the )?\S{1,64} list\b|"
    + _POST_REFUSED + "|"
    r"потому что|так как|のため|因为|由于",
    re.IGNORECASE,
)
# A notice that gives the address to use instead ("please use the new address").
NEW_ADDRESS = re.compile(
    r"new (?:e-?mail )?address|please use|instead:?$|neue (?:e-?mail-?)?adresse|nouvelle adresse|"
    r"verwenden sie|utilisez|utilice|utilizzare|utilize|gebruik voortaan|"
    r"nueva direcci[óo]n|nuovo indirizzo|novo endere[çc]o|nieuwe? (?:e-?mail)?adres|nowy adres|"
    r"новый адрес|新しいアドレス|新地址|새 주소"
)
NAMES_NEW_ADDRESS = AnyOf(NEW_ADDRESS)
SUBJECT_LINE = re.compile(
    # (Some name it "mail subject": "메일 제목:", "メール件名:", "邮件主题:", "Mail subject:".)
    r"^[ \t>]*(?:(?:e-?mail|mail|message|original) |메일 ?|메시지 ?|メール|邮件|郵件)?"
    r"(?:subject|betreff|objet|asunto|oggetto|assunto|onderwerp|temat|тема|件名|主题|主旨|제목|konu|θέμα|"
    r"předmět|tárgy)(?:[ \t　]{0,3}[:：]|(?<=[^\W\d]{2})(?:[ 　]{2,}|\t)(?=\S))",
    re.IGNORECASE,
)
# A forwarder's labels: where it forwarded the message ("Forwarded to: a@b", the address
# that failed) and the address the sender wrote to ("Original recipient: c@d").
_FORWARDED_TO = (
    r"forwarded to|redirected to|weitergeleitet an|umgeleitet an|redirigé vers|transféré (?:à|vers)|"
    r"reenviado a|redirigido a|inoltrato a|encaminhado para|reencaminhado para|doorgestuurd naar|"
    r"przekazano do|переадресовано на|перенаправлено на"
)
FORWARDED_TO = re.compile(r"^[ \t>*-]{0,10}(?:" + _FORWARDED_TO + r")[ \t　]{0,12}[:：]", re.IGNORECASE)
ORIGINAL_LABEL = re.compile(
    r"^[ \t>*-]{0,10}(?:original(?:ly)? (?:recipient|addressed to|address)|alias|"
    r"ursprünglicher empfänger|ursprüngliche adresse|destinataire (?:d.origine|initial)|"
    r"destinatario original(?:e)?|destinatário original|oorspronkelijke ontvanger|pierwotny odbiorca|"
    r"исходный получатель)[ \t　]{0,12}[:：]",
    re.IGNORECASE,
)
# A sentence that names both: "Your email to a@b is forwarded by X to another mailbox",
# "Ihre Nachricht an a@b wird an ... weitergeleitet".
FORWARDING = re.compile(
    r"\bforward|\bredirect|weiterleit|weitergeleitet|umgeleitet|redirig|transf[ée]r|réexpédi|reenv|"
    r"inoltr|encaminh|doorgestuurd|przekaz|переадрес|перенаправ|пересыл|přeposl|vidaresend|videresend|"
    r"edelleenlähet|továbbít|転送|转发|轉寄",
    re.IGNORECASE,
)
# A gateway's verdict on the message in a labelled field ("Verdict: Phishing", "Rule: Spam -
# high confidence", "Action: Delete entire message", "Acción: Bloqueado"), or a table's cell
# (before a tab): read where the notice gives no reason of its own.
VERDICT_LABEL = re.compile(
    r"^[ \t>|*-]{0,10}(?:verdict|action(?: taken)?|rule|policy|threat(?: name| type)?|detection|detected|"
    r"classification|category|disposition|filter(?:ing)? (?:result|verdict)|scan result|"
    r"urteil|aktion|ma[ßs]nahme|regel|richtlinie|bedrohung|erkannt|kategorie|règle|politique|menace|"
    r"catégorie|veredicto|acci[óo]n|regla|pol[íi]tica|amenaza|categor[íi]a|azione|regola|criterio|minaccia|"
    r"a[çc][ãa]o|regra|amea[çc]a|actie|beleid|dreiging|akcja|regu[łl]a|zasada|zagro[żz]enie|действие|"
    r"правило|политика|угроза|вердикт|処理|ルール|ポリシー|判定|脅威|动作|规则|策略|威胁|조치|규칙|정책|위협|판정)"
    r"(?:[ \t　]{0,12}[:：]|[ ]{0,2}\t)[ \t　]*",
    re.IGNORECASE,
)
# What a DSN's "Action:" says: the outcome, not a verdict.
DSN_ACTION = re.compile(r"(?:failed|delayed|delivered|relayed|expanded)\W*\Z", re.IGNORECASE)
# MMDF's "(host: mx.example.net) (queue: smtp)" after an address: its route, no reason.
ROUTE = r"[ \t]*(?:\((?:host|queue|channel|mailer)[ \t]*:[^)\n]*\)[ \t]*)+"
# Lines that state facts of the returned message or of its delivery (its subject, date
# and sender; the MTAs, the attempt's date, the size; an address's route), not why it
# failed.
FACT_LINE = re.compile(
    r"^[ \t>]*(?:subject|date|sent|from|sender|message[- ]?id|betreff|datum|gesendet|von|objet|envoy[ée]|"
    r"asunto|fecha|enviado|oggetto|data|inviato|assunto|onderwerp|verzonden|temat|тема|дата|件名|日時|"
    r"主题|日期|제목|날짜|original[ -]?(?:sender|recipient)|message[ -]?name|queue[ -]?id|[a-z]+-mta|"
    r"[a-z -]{0,20}-date|arrival[a-z -]{0,20}|size|dsn generated by|"
    r"(?:remote |receiving |generating |reporting )?(?:server|host)(?: name)?|"
    # a gateway's table of the message: when it came, its identifiers, its other parties
    r"received|time(?:stamp)?|date/time|(?:event|incident|reference|tracking|ticket) ?id|to|cc|"
    r"empfangen|nachrichten-id|reçu|id du message|recibido|id del mensaje|ricevuto|id messaggio|recebido|"
    r"id da mensagem|ontvangen|bericht-id|odebrano|получено|受信日時|接收时间|받은 시간|보낸 ?시각)"
    r"(?:[ \t　]{0,3}[:：]|[ ]{0,2}\t)|"
    rf"^{ROUTE}$",
    re.IGNORECASE,
)
# A notice's closing sentences that say only that a machine wrote it: "This message was
# generated automatically. Do not reply to it." (not a reason of the address above them).
AUTOMATED_FOOTER = re.compile(
    r"\b(?:(?:generated|created|sent) automatically|automatically (?:generated|created|sent)|"
    r"do not (?:reply|respond)|no (?:responda|conteste)|ne (?:pas )?r[ée]pondre|"
    r"ne r[ée]pondez pas|"
    r"non rispondere|n[ãa]o responda|niet (?:beantwoorden|op (?:dit bericht|deze e-?mail) reageren)|"
    r"nicht (?:darauf )?antworten|generad[oa] autom[áa]ticamente|g[ée]n[ée]r[ée]e? automatiquement|"
    r"generat[oa] automaticamente|gerad[oa] automaticamente|automatisch (?:gegenereerd|erstellt|generiert|"
    r"erzeugt|verzonden))\b",
    re.IGNORECASE,
)
# Where the route is all an address's line says, the paragraph after it is the
# notice's, not a reason of the address's own.
ROUTE_FACTS = re.compile(rf"\A{ROUTE}\Z", re.IGNORECASE)
# Words that put an address in the help desk's hands, not the failed recipient's.
CONTACT = re.compile(
    r"\b(?:contact|assistance|questions?|helpdesk|help desk|support team|write to|inquiries)\b|"
    r"kontakt|wenden sie sich|contactez|contacter|contacte|contacta|póngase en contacto|contattare|contatta|"
    r"contate|entre em contato|neem contact|skontaktuj|свяжитесь|обращайтесь|обратитесь|"
    r"ご連絡|連絡先|お問い合わせ|問い合わせ|联系|聯絡|문의",
)
# "your alert contact <a@b>", "could not be delivered to the contact a@b": a contact of the
# reader's, a noun after its article, not a help desk to write to.
YOUR_CONTACT = re.compile(
    r"\b(?:your|the|this|that|a|their) (?:[\w-]{1,20} ){0,2}contacts?[ \t:]{0,3}[<\"(]?\Z", re.IGNORECASE
)
QUARANTINE = re.compile(
    r"quarantin|quarantän|cuarentena|held (?:for you|as (?:suspected )?spam|for review)|spam digest|"
    r"\b(?:are|is|were|was|messages?|e-?mails?) on hold\b|\bheld messages\b|"
    # mail held for the reader on the server, waiting for release ("7 incoming messages ...
    # are held on the server", "Release pending messages")
    r"\b(?:incoming|pending) (?:e-?mails?|messages?)\b[^\n]{0,120}?\bheld\b|\bheld on the server\b|"
    r"\brelease (?:the |your )?pending (?:e-?mails?|messages?)\b|"
    r"junk (?:mail )?digest|zurückgehalten|retenidos|trattenut|retidas|tegengehouden|隔离|隔離|"
    # "quarantine" in the other languages of the tables
    r"karant[ée]n|kwarantann|quarantena|карантин|quarentena|karanten|sóttkví|karantīn|karantiin|καραντίνα|"
    r"قرنطینه|قرنطينة|kuarantin|karantina|격리",
    re.IGNORECASE,
)
#: A report row's own words that its recipient complained of the mail ("Marked our email
#: as spam", "Plainte : le destinataire a signalé votre e-mail comme spam",
#: "迷惑メールとして報告されました"): that row is a complaint, not a failure.
ROW_COMPLAINT = re.compile(
    r"\b(?:marked|reported|flagged)\b.{0,40}?\bas (?:spam|junk)\b|\bspam complaint\b|"
    r"signal[ée]e? .{0,40}?comme (?:spam|ind[ée]sirable)|\bals spam (?:gemeldet|markiert)|"
    r"\bgemarkeerd als spam\b|\bmarcad[oa] como (?:spam|correo no deseado)|\bsegnalat[oa] come spam\b|"
    r"\boznaczy[łl]\w{0,3} .{0,30}?jako spam|迷惑メールとして(?:報告|申告)|标记为垃圾邮件|스팸으로 신고",
    re.IGNORECASE,
)
#: Words that put such a complaint before the mail reported on, or say that the platform did
#: not send this mail for it ("has previously marked an email as spam", "607 Not delivering
#: to a user who marked your messages as spam", "Inactive recipients are ones that have
#: generated ... a spam complaint"): a refusal of the sending side.
EARLIER_COMPLAINT = re.compile(
    r"\bnot delivering\b|\binactive recipients?\b|\bsuppress|\bnot (?:been )?sent\b|\bdid ?n.t send\b|"
    r"\bdid not attempt\b|"
    r"\bpreviously\b|\bearlier\b|\bin the past\b|\bpr[ée]c[ée]demment\b|\bzuvor\b|\banteriormente\b|"
    r"\bin precedenza\b|\beerder\b|\bwcze[śs]niej\b|以前",
    re.IGNORECASE,
)
#: A platform's alert of one complaint about its user's mail ("Spam complaint:
#: a@b", "A recipient marked one of your emails as spam").
COMPLAINT_ALERT = re.compile(
    r"\bspam complaint(?::| on| from| about)|\bmarked one of your (?:e-?mails|messages) as spam\b",
    re.IGNORECASE,
)
#: A sending platform's report of the complaints it received about its user's mail ("Daily
#: complaint digest - 3 complaints", "3 spam complaints were received yesterday"): its
#: entries are complainers, not bounces.
COMPLAINTS_REPORTED = re.compile(
    r"\bcomplaints? (?:digest|report|summary|alert|notification)s?\b|"
    + COMPLAINT_ALERT.pattern + "|"
    r"\b(?:spam|abuse|feedback[- ]loop|fbl) complaints? (?:were |was |have been |has been )?"
    r"(?:received|recorded|reported|registered)\b|\b\d[\d,]* (?:new )?(?:spam )?complaints?\b",
    re.IGNORECASE,
)
#: A filter's periodic report of the mail it quarantined, to an administrator or a user
#: ("Quarantine report: 3 messages", "Отчёт о карантине", "Quarantänebericht"): its
#: entries are held incoming messages, never a failure of the reader's mail.
#: A count of messages sent to someone ("3 E-Mails an", "2 messages to", "5 courriels
#: pour"): a digest's statement, when the address after it is its reader's.
COUNTED_MAIL_TO = re.compile(
    r"\b\d{1,5} (?:e-?mails?|messages?|nachrichten|mails?|courriels|mensajes|correos|messaggi|berichten|"
    r"wiadomości|zpráv|сообщени[йяе]|писем) (?:an|to|for|für|à|pour|a|para|per|voor|do|pro|для)\b",
    re.IGNORECASE,
)
QUARANTINE_REPORT = re.compile(
    r"(?:quarantine|quarantäne|quarantaine|cuarentena|quarantena|карантин[аеу]?) ?"
    r"(?:report|digest|summary|bericht|zusammenfassung|rapport|résumé|informe|resumen|riepilogo|"
    r"отч[её]т|сводка)|"
    r"(?:report|digest|summary|rapport|informe|resumen|riepilogo|отч[её]т|сводка) "
    r"(?:on |of |о |du |de |de la |del |della |zur )?(?:the )?(?:quarantine|quarantaine|cuarentena|"
    r"quarantena|карантине)|quarantänebericht",
    re.IGNORECASE,
)
#: A provider's incident notice to its customer: the customer's incoming mail was held
#: up ("incoming mail for example.com was delayed", "eingehende E-Mails ... verzögert"),
#: and has since been delivered ("all delayed messages have now been delivered", "no
#: action is required"). Read together, and only when no reply code is quoted.
INBOUND_HELD = AnyOf(re.compile(
    r"(?:incoming|inbound) (?:mail|e-?mails?|messages?)\b[^\n]{0,80}?\b(?:delayed|held|queued|backed up)|"
    r"eingehende (?:e-?mails?|nachrichten)\b[^\n]{0,80}?verzögert|"
    r"(?:courriers?|e-?mails?|messages?) entrants?\b[^\n]{0,80}?retardés?|"
    r"(?:correos?|mensajes?) entrantes?\b[^\n]{0,80}?retrasados?",
    re.IGNORECASE,
))
HELD_MAIL_DELIVERED = AnyOf(re.compile(
    r"(?:have|has) (?:now |since |all )?been delivered|no action (?:is )?(?:required|needed)|"
    r"wurden (?:inzwischen |nun )?(?:alle )?zugestellt|keine aktion erforderlich|"
    r"ont (?:maintenant |depuis )?été (?:distribués|livrés|remis)|aucune action n.est requise|"
    r"(?:han sido|fueron) entregados|no (?:es necesario|se requiere) (?:realizar )?ninguna acción",
    re.IGNORECASE,
))
#: A filter's notice that a message it held (for review, in quarantine) was released:
#: with HELD_MAIL_DELIVERED, nothing failed.
HOLD_RELEASED = AnyOf(re.compile(
    r"\b(?:has|have|was|were) (?:now )?(?:been )?(?:reviewed and )?released\b|"
    r"\bwurden? (?:nun |inzwischen )?freigegeben|\ba été (?:vérifié et )?libéré|"
    r"\b(?:ha|han) sido (?:revisado y )?liberad|\bis (?:nu )?vrijgegeven",
    re.IGNORECASE,
))
#: A receiver's or a list's notice that a block on the sender was lifted ("The block has
#: been removed", "has been delisted", "removed from our blocklist"): it answers a
#: request and quotes the old refusal; nothing it reports failed now.
BLOCK_LIFTED = AnyOf(re.compile(
    r"\b(?:block|listing|restriction)s? (?:has|have) (?:now )?been (?:removed|lifted)\b|"
    r"\b(?:has|have|was|were) (?:now )?(?:been )?delisted\b|"
    r"\b(?:has|have) (?:now )?been removed from (?:our|the|all) (?:[\w-]{1,20} )?"
    r"(?:block|black|deny)[ -]?lists?\b",
    re.IGNORECASE,
))
FOR_THE_READER = re.compile(
    r"for you\b|your (?:mail|in)?box|addressed to you|sent to you|ihr postfach|für sie|an sie|"
    # a digest named for its reader ("Quarantine Digest for a@b", "since your last digest")
    r"\bdigest for\b|since your (?:last|previous) digest|"
    # the reader's own quarantine ("placed in your personal Quarantine", Proofpoint's "End
    # User Digest")
    r"your (?:personal |own |private )?(?:quarantine|spam folder|junk folder)|end[- ]user (?:spam )?digest|"
    r"dirigidos a usted|pour vous|votre bo[îi]te|per te|a voi|para voc|voor u|dla ciebie|для вас|"
    # the reader's own mailbox ("la tua casella", "din postkasse", "az Ön postafiókja")
    r"(?:la )?(?:tua|sua|vostra) casella|(?:tu|su) buz[óo]n|(?:sua|tua) caixa|(?:uw|je) (?:mailbox|postvak|"
    r"postbus)|"
    r"(?:twoja|twojej|pa[ńn]stwa) skrzynk|ваш(?:его|ей|а|ата)? (?:почтов|ящик|пощенска|поштанск|поштова)|"
    r"vaš[ae]? (?:poštovní |poštová |poštanski )?(?:schránk|sandučić|pretinac|predal)|"
    r"din (?:postkasse|brevlåda|innboks|indbakke|e-postlåda|postlåda)|postilaatikkosi|az ön postafi[óo]k|"
    r"pósthólfið þitt|þitt pósthólf|jūsų pašto dėžut|jūsu pastkast|teie postkast|căsuța (?:dumneavoastră|ta)|"
    r"γραμματοκιβώτιό σας|صندوق پستی شما|صندوق بريدك|(?:peti mel|kotak surat|kotak masuk) anda|"
    r"(?:la )?(?:teva|vostra) bústia|(?:회원님|고객님|귀하)의 (?:메일함|편지함)|posta kutunuz|"
    r"お客様のメールボックス|您的(?:邮箱|信箱|郵箱)|hộp thư của bạn|תיבת הדואר שלך|"
    # "for you" where a digest lists what it held
    r"destinati a te|indirizzati a te|pro vás|pre vás|per lei|para usted|para ti|voor jou|för dig|for dig|"
    r"for deg|sinulle|az ön számára|"
    r"за вас|pentru dumneavoastră|για εσάς|برای شما|untuk anda|per a vostè",
    re.IGNORECASE,
)
# A warning that a mailbox is nearly full, which goes to its owner.
NEARLY_FULL = re.compile(
    r"(?:almost|nearly|close to being|approaching) (?:full|(?:its|the|your) (?:quota|limit|size limit))|"
    r"\b(?:fast|beinahe|nahezu|bald) (?:voll|überfüllt)|presque plein|casi llen[oa]|quasi pien[oa]|"
    r"quase chei[oa]|bijna vol|prawie pe[łl]n|почти (?:заполнен|полн)|téměř pln|skoro pln|takmer pln|"
    r"nästan full|næsten fuld|nesten full|lähes täynnä|ほぼ(?:満杯|いっぱい)|即将(?:满|用完)|將滿|거의 가득|"
    r"(?:邮箱|郵箱|信箱)容量(?:警告|提醒|預警|预警)|"
    r"почти (?:пълна|запълнена)|majdnem (?:tele|megtelt)|hamarosan megtelik|næstum full|beveik (?:pilna|"
    r"užpildyta)|"
    r"gandrīz pilna|peaaegu täis|gotovo pun|skoro pun|skoraj poln|готово пун|скоро пун|aproape plin|"
    r"σχεδόν (?:γεμάτ|πλήρ)|майже (?:заповнен|повн)|تقریب[اًا]* پر|hampir penuh|gairebé ple|quasi ple|"
    r"거의 (?:다 )?찼|neredeyse dol|dolmak üzere|gần đầy|ใกล้เต็ม|كاد يمتلئ|على وشك الامتلاء|כמעט מלאה|"
    r"ia beteta|case chea|"
    # a share of the quota already used ("ha raggiunto il 92% dello spazio", "is 95% full")
    r"\b(?:reached|raggiunto|erreicht|atteint|alcanzado|atingiu|bereikt|osiągnęła|достиг(?:ла|нут)?) "
    r"(?:\S+ ){0,2}(?:[89]\d|100) ?%|\b(?:[89]\d|100) ?% (?:full|voll|pleine?|llen[oa]|pien[oa]|chei[oa]|"
    r"vol)\b",
    re.IGNORECASE,
)
# A mailbox's use stated as a share of its quota, 80 % or more ("is at 90% of its quota",
# "uses 1.8 GB of its 2 GB quota (90%)"): a warning about the mailbox, whoever reads it.
QUOTA_SHARE = re.compile(
    r"\bat (?:[89]\d|100) ?% of (?:its|the|your) (?:quota|storage|mailbox size)|"
    r"\bof (?:its|the|your) [\d.,]{1,8} ?[kmgt]i?b quota \((?:[89]\d|100) ?%\)",
    re.IGNORECASE,
)
# A listing of a mail queue mailed by a cron job or a monitor (Postfix's ``mailq`` /
# ``postqueue -p``, Sendmail's ``mailq``): the addresses under a deferral reason are
# messages waiting, and the sender is told nothing. The listings' column headings and
# totals, which no notice writes.
QUEUE_LISTING = re.compile(
    r"^-+Queue ID-+ +-+Size-+|^-+Q-ID-+ +-+Size-+|^-- \d+ Kbytes? in \d+ Requests?\.|"
    r"^[ \t]*Total requests: \d+$|"
    # a queue report's count ("envelopes in queue:      3"), as a cron job mails it
    r"^[ \t]{0,8}(?:envelopes|messages|mails) in (?:the )?queue:[ \t]{0,30}\d+$",
    re.IGNORECASE | re.MULTILINE,
)
# A mail log analyser's report to the administrator (Logwatch, pflogsumm, eximstats): it
# lists refused and bounced addresses among its statistics, none of them the reader's
# failed mail.
LOG_REPORT = re.compile(
    r"^ *#{5,} Logwatch\b|^[ \t]*-{5,} (?:Postfix|Exim|Sendmail|Dovecot) Begin -{5,}|"
    r"^Grand Totals\s*$|^message (?:bounce|deferral|reject) detail\b|^Exim statistics from\b|"
    # A service's periodic summary of its counts ("Here is your weekly summary ...").
    r"\b(?:here is|here.s|this is) your (?:weekly|daily|monthly) (?:summary|report|statistics|stats)\b|"
    # A mail service's periodic report to an administrator, its bounces counted by reason.
    r"^[ \t]*(?:weekly|daily|monthly) (?:mail|e-?mail|delivery|traffic) (?:report|summary|statistics)\b|"
    r"^[ \t]*top (?:\d{1,3} )?bounce reasons\b|"
    # A message trace an administrator asked for: a log's rows (sender, recipient, status).
    r"^[ \t]*message trace (?:report|results?|summary)\b",
    re.IGNORECASE | re.MULTILINE,
)
# (Tested on every notice the fallback reads.)
QUARANTINED, TO_THE_READER = AnyOf(QUARANTINE), AnyOf(FOR_THE_READER)
REPORTS_LOGS = AnyOf(LOG_REPORT)
WARNS_NEARLY_FULL = AnyOf(NEARLY_FULL)
MAILER_REFUSED = AnyOf(MAILER_REFUSAL)
# A report row that says the recipient got the message ("a@b   delivered", "a@b: OK"),
# read from where the address ends (anchored: searched, it would retry its 40 leading
# blanks at every position of a long run of them).
DELIVERED = re.compile(
    r"\A[ \t:.\-–—]{0,40}(?:delivered|ok|sent|success(?:ful(?:ly)?)?|relayed|accepted|zugestellt|"
    r"distribu[ée]|remis|entregado|consegnato|entregue|afgeleverd|dostarczono|доставлено|配信済み|已投递|"
    # ... or that it was sent, in the languages of a report's status column
    r"wysłano|gesendet|versendet|versandt|envoy[ée]|enviado|inviato|verzonden|verstuurd|skickat|sendt|"
    r"lähetetty|odesláno|送信済み|送信完了|已发送|발송 ?완료)"
    r"(?![\w-])(?![^\n]{0,40}\b(?:not|failed)\b)",
    re.IGNORECASE,
)
