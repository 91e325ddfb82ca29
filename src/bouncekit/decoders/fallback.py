"""The generic decoder: any human-readable bounce that no format decoder claimed.

Runs last. Many MTAs, ISPs, appliances, gateways and webmail systems write one-off
notices in their own words and languages; they share habits this decoder relies on:

- the message is machine-sent: a null Return-Path, a ``MAILER-DAEMON`` / ``postmaster``
  / ``Mail Delivery System`` sender, ``Auto-Submitted`` or ``X-Failed-Recipients``; its
  subject usually says it too (``Undeliverable``, ``Returned mail``, ``Unzustellbar``,
  ``Non remis``, ``退信``...);
- the text states, in one of the common languages, that delivery failed (``could not be
  delivered``, ``failed to be received by the following address(es)``, ``n'a pas pu
  être remis``, ``投递失败``...) or is postponed (``will be retried``, ``noch nicht
  zugestellt``...);
- the failed addresses stand out: alone on a line (bare, in angle brackets or quotes,
  after a bullet), after a label (``Recipient:``, ``Destinatario:``, ``宛先：``), or at
  the start of a line followed by the reason (``addr: 550 ...``, ``addr ... unknown
  user``); failing that, they sit in the sentence that states the failure (``your
  message to <addr> could not be delivered``), or, in a gateway's notice that the
  message was blocked, in its table of the message's header fields (``To: a@x; b@x``);
- the reason is near the address: on its line, on the indented lines below, after a
  ``Reason:`` / ``Error:`` / ``Motivo:`` / ``理由：`` label, as a quoted SMTP reply
  (``553 5.3.0 ...``), in the rest of its sentence, or in the paragraph after the list.

The decoder reads the notification only, never the returned message (its start is
found by the separators MTAs write, or by the first header field of a quoted
message). Addresses that belong to the bounce itself (its From, To, Cc, the returned
message's sender), administrative and mailing-list addresses (``postmaster@``,
``list-owner@``, ``list-request@``...), addresses in quoted header lines and help-desk
addresses ("please contact <support@...>") are not failed recipients. Each finding's
recipient is cleaned by :func:`bouncekit.address.clean_recipient` when the record is
made.

A device's or an application's report of one job that failed ("Transmission Result:
Error", "Job Status: Failed", "Ergebnis: NG", "Your site failed to send an email") is read
like a machine-sent notice when it quotes the server's status code: its destination
label names the recipient. A send that the sender's own server refused ("not owned by
user") never left: event ``rejected``.

To stay conservative, a message gives records only when it is machine-sent AND its text
(or its subject) states a delivery failure or delay; a mere "rejected"/"refused" counts
only together with an SMTP reply or status code. A message from an ordinary sender
counts only when its subject starts like a bounce and its text states the failure and
quotes a code. A machine-sent message that states a failure but names no recipient
gives one finding without recipient (class 30). When the notification wraps another
bounce as ``message/rfc822``, the wrapped bounce is read instead. A notice that only
says delivery is postponed gets action ``delayed``. A filter's quarantine digest or hold
summary sent to a recipient ("messages held for you", "messages addressed to you are on
hold") lists senders of held mail and gives no record; nor does a warning to a mailbox's
owner that the mailbox is nearly full.

The work is linear: the text is cut at ``MAX_TEXT``, split once into lines and
paragraphs, and every pattern is matched on one line or one paragraph.

Fixtures: lhost-x1-*.eml ... lhost-x6-*.eml (formats of unknown MTAs), and the
hand-made rounds (tests/fixtures/handmade*).
"""

from __future__ import annotations

import email.message
import re
from bisect import bisect_right
from collections.abc import Set
from dataclasses import dataclass, replace

from bouncekit.address import clean_recipient
from bouncekit.classifier import default_rules
from bouncekit.decoders.base import (
    ADDRESS,
    AnyOf,
    Decoder,
    Finding,
    dsn_findings,
    failed_recipients,
    find_host,
)
from bouncekit.lazy import cached_property
from bouncekit.mime import MessageView, OriginalHeaders, original_from_text, strip_address
from bouncekit.model import Event, Reason

#: Only this much notification text is read; the statement and the list come first.
MAX_TEXT = 64 * 1024
#: Longest reason kept for one address.
MAX_REASON = 2000
#: Most addresses looked at in one notice.
MAX_CANDIDATES = 1000
#: Most findings of a report that ``completed_from_text`` completes, and the text it
#: reads: reading a text for its recipients costs what the fallback's reading of the
#: message does, on top of the deciding decoder's work; a long report's decoder gives
#: each recipient's reply itself, and a notice states its reason near its start.
MAX_COMPLETED = 100
MAX_COMPLETION_TEXT = 8 * 1024
#: Mentions of a recipient's address read for its attempts' replies.
_MAX_MENTIONS = 10
#: Longest paragraph read as only a statement that the message will be retried.
_MAX_RETRY_STATEMENT = 160
#: Longest text before an address that still lets it open its line (bullets, a label).
_MAX_LEAD = 120

# --- who sent it -------------------------------------------------------------------------

_BOUNCE_LOCAL = re.compile(
    r"^(?:mailer-daemon|mailerdaemon|mail-daemon|postmaster|mdaemon|bounces?|mail-?system)(?:[+@=-]|$)"
)
_BOUNCE_NAME = re.compile(
    r"mailer[- ]?daemon|mail delivery|delivery (?:subsystem|system|status|service)|mail administrator|"
    r"postmaster|mail ?system|mail server|mail transport|"
    r"e-?mail-?system|mailsystem|système de messagerie|sistema de correo|sistema di posta|"
    r"sistema de e-?mail|邮件系统(?!管理)|郵件系統(?!管理)|メールシステム|почтов(?:ая|ый) (?:систем|сервер)",
    re.IGNORECASE,
)

# --- what the subject says -----------------------------------------------------------------

#: Subjects that give the failure's reason after their opening words (Sendmail's
#: "Returned mail: User unknown", Notes' "DELIVERY FAILURE: User x not listed in Domino
#: Directory"); Exchange's "Undeliverable: <subject>" repeats the returned message's.
_REASON_SUBJECT = re.compile(
    r"(?:returned mail|delivery failure|undeliverable mail|mail delivery failure)[ \t]{0,3}:[ \t]*(\S.{2,})",
    re.IGNORECASE,
)
#: What they say when they name no reason.
_NO_REASON_SUBJECT = re.compile(
    r"see (?:the )?transcript|returning message|^(?:unable to deliver|delivery failed|undeliverable)",
    re.IGNORECASE,
)
_BOUNCE_SUBJECT = re.compile(
    r"undeliver|undelivered|delivery (?:status|fail|failure|problem|report|notification|error|delayed|"
    r"postponed)|failed (?:delivery|mail)|non-?delivery|returned mail|returned to sender|failure notice|"
    r"message blocked|(?:message|e-?mails?) (?:(?:was|were) ?)?(?:not|n.t) sent\b|"
    r"mail delivery failed|could not be delivered|delivery has failed|not delivered|"
    r"error sending|permanent (?:delivery )?(?:error|failure)|bounced?\b|rejected|"
    r"unzustellbar|nicht zustellbar|nicht zugestellt|zustellungsfehler|non remis|non distribu|"
    r"[ée]chec de (?:la )?(?:remise|distribution)|message refus|"
    r"no (?:se puede|se pudo) entregar|no entregado|correo devuelto|mensaje devuelto|"
    r"non recapitabil|mancato recapito|non recapitato|n[ãa]o entregue|falha na entrega|"
    r"onbestelbaar|niet afgeleverd|niet bezorgd|niedostarczon|не доставлен|недоставлен|"
    r"nedoručen|nedoručiteln|nedoručiteľn|nelze doručit|kan inte levereras|kunde inte levereras|"
    r"försenad leverans|forsinket levering|ei voitu toimittaa|"
    r"配信不能|配信エラー|不達|配信できません|送信できません|"
    r"退信|投递失败|发送失败|未能送达|無法投遞|退回|배달 ?실패|반송",
    re.IGNORECASE,
)
# A subject that alone says delivery failed ("bounce" or "rejected" do not: people use them).
_FAILURE_SUBJECT = re.compile(
    r"undeliver|delivery (?:status notification \(failure\)|failure|failed|has failed)|"
    r"returned mail|failure notice|non-?delivery|mail delivery failed|failed mail|"
    r"unzustellbar|nicht zustellbar|zustellungsfehler|non remis|non distribu|"
    r"[ée]chec de (?:la )?(?:remise|distribution)|"
    r"no se puede entregar|no entregado|correo devuelto|"
    r"non recapitabil|mancato recapito|n[ãa]o [ée] poss[íi]vel entregar|n[ãa]o entregue|onbestelbaar|"
    r"配信不能|配信エラー|不達|niedostarczon|не доставлен|недоставлен|kan inte levereras|"
    r"kunde inte levereras|nedoručiteln|nedoručiteľn|nelze doručit|kunne ikke leveres|ei voitu toimittaa|"
    r"退信|投递失败|发送失败|無法投遞|배달 ?실패|배달되지 못|반송된 메일",
    re.IGNORECASE,
)
# A person's reply or forward ("Fwd: Undeliverable: ...") is not a bounce; nor is a ticket
# system's acknowledgement of a ticket whose subject quotes one.
_FORWARD = re.compile(r"^(?:(?:fwd?|fw|re|aw|wg|tr|sv|vs|rif|antw|odp|rv|enc)[ \t]*:[ \t]*)", re.IGNORECASE)
_TICKET = re.compile(
    r"\[[^\]\n]{0,60}#[ \t]?[\w-]{1,20}\]|\bauto-?reply\b|\bticket\b|\bchamado\b|\bcase #|\brequest #",
    re.IGNORECASE,
)

# --- what the text says (matched on one paragraph, lower case, whitespace collapsed) ----------

_FAILURE = re.compile(
    r"(?:could|can|was|were|has|have|had|would|did) ?(?:not|n.t)(?: been)?(?: be)?"
    r"(?: (?:fully|successfully|properly|yet))? (?:be )?(?:delivered|relayed|sent|transmitted|forwarded)|"
    r"not be (?:fully )?delivered|failed to be (?:received|delivered)|\bundeliver|non-?deliver|"
    r"\b(?:message|mail|e-?mail) not delivered\b|\b(?:and|but) (?:was |were |has been )?not delivered\b|"
    r"unable to (?:deliver|relay|send|forward|transmit)|"
    r"(?:could ?n.t|can ?n.t|cannot|not able to|failed to|was ?n.t able to) deliver|"
    r"deliver(?:y|ing)? (?:to (?:the )?following .{0,40}?)?(?:has )?"
    r"(?:failed|failure|was aborted|errors?|problems?)|"
    r"failed permanently|permanent(?:ly)? (?:delivery )?(?:error|failure|fatal)|returned permanent errors|"
    r"following (?:address(?:es|\(es\))?|recipients?|destinations?)[^.]{0,30}? (?:failed|could not|"
    r"were not|was not|had (?:permanent|fatal|delivery)|with (?:permanent|fatal|delivery) error)|"
    r"failed (?:addresses|recipients) follow|(?:addresses|recipients) failed|"
    r"trouble delivering|error (?:while |in )?delivering|"
    r"error (?:has )?occurred while (?:attempting|trying) to deliver|error sending your (?:mail|message)|"
    r"message non-deliverable|mail delivery failed|returned mail|did not reach|failed mail|"
    r"(?:message|mail|e-?mail|fax) (?:was|has been|is being|could not be) (?:returned|bounced|sent)|"
    r"could not be forwarded|"
    # A sending service that did not send ("We didn't send it to the following address").
    r"\bwe (?:did ?n.t|did not|could not|could ?n.t) send (?:it|this|the|your|an?)\b|"
    # An application whose mail to an address keeps coming back ("Alert e-mails to your
    # alert contact a@b are bouncing").
    r"\b(?:e-?mails?|messages?|mails?|notifications?|alerts?) (?:sent )?to \S.{0,100}? "
    r"(?:are|is|keep|have been|has been|started|start) bouncing\b|"
    # A list or group that refuses the sender's posts ("you may not have permission to post").
    r"(?:not (?:be )?(?:allowed|permitted)|n.t have (?:the )?permissions?|no permissions?|"
    r"(?:were|was) ?n.t able|unable) to post\b|"
    r"not authori[sz]ed to send (?:mail|messages?) to (?:the )?\S{1,64} list\b|"
    # A forum's or an application's e-mail-in that did not take a reply ("your email
    # message to [replies+x@forum] (titled ...) didn't work").
    r"\b(?:message|e-?mail) to \S.{0,120}? (?:did ?n.t|did not) (?:work|go through)\b|"
    # German
    r"nicht zugestellt|nicht (?:\S+ ){0,6}(?:zugestellt|übermittelt|ausgeliefert|weitergeleitet) werden|"
    r"unzustellbar|zustellung (?:ist )?fehlgeschlagen|konnte nicht (?:zugestellt|ausgeliefert|übermittelt)|"
    # French
    r"n.a pas (?:pu )?(?:être|etre|été|ete) (?:remis|distribu|d[ée]livr|achemin|transmis)|non remis|"
    r"[ée]chec de (?:la )?(?:remise|distribution|livraison)|la remise a [ée]chou|non distribu|"
    r"impossible de (?:remettre|distribuer|d[ée]livrer|livrer|transmettre)|"
    # Spanish
    r"no (?:se )?(?:ha )?(?:podido|pudo|fue posible) (?:ser )?entrega|no pudo ser entregad|"
    r"no (?:ha sido|fue) entregad|(?:fue|ha sido) devuelt|imposible entregar|"
    r"entrega fallida|fallo en la entrega|error en la entrega|no se ha podido entregar|"
    # Italian
    r"non [èe] stato possibile (?:consegnare|recapitare|inoltrare)|recapito non riuscito|"
    r"impossibile (?:recapitare|consegnare)|non (?:è|e.|sono) stat[oaie] (?:recapitat|consegnat)|"
    r"mancato recapito|non recapitat|messaggio non consegnato|"
    # Portuguese
    r"n[ãa]o (?:foi poss[íi]vel (?:entregar|enviar)|p[ôo]de ser entregue|foi entregue)|falha na entrega|"
    r"n[ãa]o [ée] poss[íi]vel entregar|foi devolvid|"
    # Dutch
    r"(?:kon|kan) niet (?:worden )?(?:bezorgd|afgeleverd)|is niet (?:afgeleverd|bezorgd)|"
    r"niet (?:afgeleverd|bezorgd) (?:worden|kunnen)|onbestelbaar|bezorging (?:is )?mislukt|"
    # Polish
    r"nie (?:mo[żz]na|mo[żz]e zosta[ćc]|mog[łl]a zosta[ćc]) dostarczy|nie zosta[łl][aoy]? dostarczon|"
    r"niedostarczon|(?:dor[ęe]czenie|dostarczenie) nie powiod|"
    # Russian, Czech and others
    r"не (?:может быть |удалось |было |могло быть )?доставлен|недоставлен|не удалось доставить|"
    r"доставка не удалась|невозможно доставить|"
    r"nemohla být doručena|nebyla doručena|nelze doručit|doručení se nezdařilo|"
    r"nepodařilo (?:se )?doručit|nebylo možné (?:\S+ ){0,2}doručit|nedoručiteln|doručení selhalo|"
    r"kunde inte (?:levereras|skickas)|kunne ikke (?:leveres|afleveres)|ei voitu toimittaa|"
    r"gick inte att leverera|leveransen misslyckades|levering(?:en)? (?:mislykkedes|mislyktes|feilet)|"
    r"toimitus epäonnistui|ei voitu välittää|"
    r"teslim edilemedi|iletilemedi|nem kézbesíthető|kézbesítés sikertelen|nu a putut fi livrat|"
    # Bulgarian, Ukrainian, Serbian, Croatian, Slovak, Slovenian
    r"не може да бъде доставен|не (?:е |беше )доставен|не вдалося доставити|не може бути доставлен|"
    r"није (?:могла бити |могло бити )?испоручен|"
    r"nije (?:mogla biti |moglo biti |bila |bilo )?(?:isporučen|dostavljen)|"
    r"nemohla byť doručen|nebola doručen|nepodarilo sa doručiť|"
    r"nebolo možné (?:\S+ ){0,2}doručiť|nedoručiteľn|ni bilo mogoče dostaviti|ni bilo dostavljen|"
    # Lithuanian, Latvian, Estonian, Greek
    r"nepavyko pristatyti|nevarēja piegādāt|netika piegādāt|ei õnnestunud (?:kohale )?toimetada|"
    r"δεν ήταν δυνατ[όή] (?:να παραδοθεί|η παράδοση)|δεν παραδόθηκε|αδυναμία παράδοσης|"
    # Hebrew, Arabic, Persian, Hindi, Thai, Vietnamese, Indonesian and Malay
    r"לא נמסרה|לא ניתן (?:היה )?למסור|تعذر تسليم|تعذّر تسليم|لم يتم تسليم|فشل تسليم|تحویل داده نشد|"
    r"वितरित नहीं (?:किया जा सका|हो सका)|ไม่สามารถส่ง|ส่งไม่สำเร็จ|không thể (?:gửi|chuyển)|không gửi được|"
    r"tidak dapat (?:dikirim|dihantar|disampaikan)|gagal (?:dikirim|dihantar)|"
    # Catalan, Basque, Galician
    r"no s.ha pogut (?:lliurar|entregar)|ezin izan da (?:mezua )?entregatu|non foi posible entregar|"
    # Japanese, Chinese, Korean
    r"送信できませんでした|配送できませんでした|配信できませんでした|送信に失敗|配送に失敗|配信に失敗|"
    r"(?:配信|配送|送信)されませんでした|"
    r"届けることができませんでした|届けできませんでした|届けられませんでした|配信不能|届きませんでした|"
    r"投递失败|无法投递|发送失败|无法发送|未能送达|无法送达|递送失败|退信通知|被退回|"
    r"投遞失敗|無法投遞|發送失敗|無法送達|無法發送|"
    r"배달되지 않았|전송되지 않았|전송에 실패|발송에 실패|발송 실패|전달되지 않았|배달 실패|"
    r"(?:배달|전달|전송|발송)되지 못|반송되었"
)
_DELAY = re.compile(
    r"(?:has|have) not yet been delivered|not (?:been )?delivered yet|not yet (?:been )?delivered|"
    r"will (?:continue to |keep )?(?:retry|try again|keep trying|be retried|attempt (?:delivery|again))|"
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
    r"pas encore (?:[ée]t[ée] )?(?:remis|distribu|livr)|remise (?:diff[ée]r[ée]e|retard[ée]e)|"
    r"nouvelles? tentatives?|sera (?:à nouveau )?(?:retent|r[ée]essay)|"
    r"continuer(?:a|ons|ont)? (?:à|a|d.) ?(?:essayer|tenter|r[ée]essayer)|"
    r"(?:tentera|essaiera|r[ée]essaiera) (?:encore|à nouveau|de nouveau|pendant)|"
    # Spanish, Italian, Portuguese
    r"todav[íi]a no (?:se )?ha (?:sido )?entregad|entrega (?:retrasada|demorada|diferida)|"
    r"se (?:seguir[áa]|volver[áa]) a intentar|seguiremos intentando|se reintentar[áa]|"
    r"(?:seguir[áa]|continuar[áa]|seguiremos|continuaremos) (?:intentando|reintentando)|"
    r"non (?:è )?ancora (?:stato )?(?:recapitat|consegnat)|consegna ritardata|ritardo nella consegna|"
    r"verr[àa] (?:ritentat|riprovat)|continuer(?:[àa]|emo) a (?:tentare|provare|riprovare)|ritenter[àa]|"
    r"ainda n[ãa]o (?:foi )?entregue|entrega atrasada|ser[áa] feita (?:uma )?nova tentativa|"
    r"tentaremos (?:novamente|de novo)|continuar(?:[áa]|emos) (?:tentando|a tentar)|"
    # Dutch, Polish, Russian
    r"nog niet (?:afgeleverd|bezorgd)|bezorging vertraagd|(?:wordt|worden) opnieuw geprobeerd|"
    r"(?:blijft|blijven) (?:het )?(?:proberen|opnieuw proberen)|"
    r"jeszcze nie (?:zosta[łl][aoy]? )?dostarczon|dor[ęe]czenie (?:jest )?op[óo][źz]nion|"
    r"ponown[ae] pr[óo]b|"
    r"(?:ещё|еще) не (?:было )?доставлен|доставка задерживается|повторн(?:ая|ые) попытк|"
    # Czech, Slovak, Swedish, Danish, Norwegian, Finnish
    r"(?:zatím|dosud|ještě) nebyl[ao]? doručen|doručení (?:je |bylo )?zpožděn|(?:budeme|bude) (?:se )?"
    r"(?:pokoušet|pokračovat)|pokus o doručení bude opakován|(?:zatiaľ|ešte) nebol[ao]? doručen|"
    r"doručenie (?:je )?oneskoren|"
    r"ännu inte (?:kunnat )?(?:levererats?|levereras)|inte levererats ännu|fortsätter (?:att )?försöka|"
    r"(?:kommer att|ska) försöka (?:igen|på nytt)|försenad leverans|leveransen (?:är|har) försenad|"
    r"endnu ikke (?:blevet |kunnet )?(?:leveret|afleveret)|(?:fortsætter med at|vil) (?:forsøge|prøve) igen|"
    r"ennå ikke (?:blitt |kunnet )?levert|(?:fortsetter å|vil) prøve (?:igjen|på nytt)|forsinket levering|"
    r"ei ole vielä (?:voitu )?toimit|yritetään uudelleen|toimitus (?:on )?viivästynyt|"
    # Japanese, Chinese, Korean
    r"配信が遅延|配送が遅延|遅延しています|再送を試み|再試行|まだ[^。]{0,20}(?:配送|配信|送信)されていません|"
    r"延迟投递|延迟发送|投递延迟|正在重试|将继续尝试|延遲投遞|將繼續嘗試|"
    r"배달이 지연|전송이 지연|재시도"
)
# A device's or an application's report of one job ("Transmission Result: Error",
# "Job Status: Failed", "Ergebnis: NG") or its statement that it failed to send a message;
# believed only together with a quoted SMTP status code.
_JOB_FAILED = re.compile(
    r"^[ \t]{0,20}(?:(?:transmission|job|send(?:ing)?|scan|e-?mail|delivery|transfer|"
    r"übertragungs|sende|auftrags)[ \t-]{0,3})?"
    r"(?:result|status|ergebnis|résultat|resultado|risultato|výsledek|resultat|tulos|結果|结果)"
    r"[ \t]{0,12}[:：][ \t]{0,12}(?:error|failed|failure|ng|fehler|fehlgeschlagen|[ée]chec|erreur|fallido|"
    r"errore|fallito|falha|erro|mislukt|fout|chyba|selhalo|nezdařilo se|misslyckades|fejl|feil|mislykkedes|"
    r"epäonnistui|エラー|失敗|失败)[ \t.!]{0,5}$|"
    r"\bfailed to send (?:an?|the|this|your) (?:e-?mail|message|notification)\b",
    re.IGNORECASE | re.MULTILINE,
)
# A sending service's own refusal to send to an address it has suppressed.
_NOT_SENT = re.compile(
    r"\bwe (?:did ?n.t|did not) send (?:it|this|the message|your message) to\b.{0,300}"
    r"(?:cleaned|suppress|inactive|previously bounced|hard bounced|unsubscribed)|"
    r"\bwas not sent\b.{0,300}(?:marked as inactive|inactive (?:address|recipient)|suppression list)|"
    r"\b(?:did not|did ?n.t) attempt (?:delivery|to deliver)\b.{0,300}"
    r"(?:cleaned|suppress|inactive|previously bounced|hard bounced|unsubscribed)|"
    r"\bnot delivering to (?:a )?previously bounced address|"
    # "We couldn't send an email notification to ...: the address is on our suppression
    # list" (an address already on the list: one added after this bounce is a bounce).
    r"\b(?:could ?n.t|could not|can ?n.t|cannot|did ?n.t|did not|won.t|will not) send\b.{0,300}"
    r"\b(?:is|was|are|were) (?:on|in) (?:our|the|its|your|an?) (?:[\w-]{1,20} )?suppression list",
    re.IGNORECASE,
)
# The sender's own side kept the message: it says the message was not sent (not "not
# delivered") and names the sender's outgoing filter or data loss prevention.
_WAS_NOT_SENT = re.compile(
    r"\b(?:message|e-?mail|mail) (?:was|has|could) not (?:been |be )?sent\b|\bwas ?n.t sent\b", re.IGNORECASE
)
_OUTGOING_FILTER = re.compile(
    r"\b(?:outgoing|outbound) (?:spam |content |mail |e-?mail )?(?:filter|polic|scann)|"
    r"\bdata loss prevention\b|\bdlp\b",
    re.IGNORECASE,
)
# A reply that only the sender's own submission server gives: the sender address is
# not the authenticated user's ("Sender address rejected: a@b not owned by user c@d").
_OWN_SERVER_REFUSED = re.compile(
    r"\bnot owned by (?:the )?(?:authenticated |logged[- ]in )?user\b|\bsender (?:address )?login mismatch\b",
    re.IGNORECASE,
)
# A statement of failure that says the message waited too long: its own cause.
_EXPIRY = re.compile(
    r"\bafter (?:\d+|one|two|three|four|five|six|seven) (?:days?|hours?)\b|"
    r"\b(?:has been|was) in the queue too long\b|\b(?:delivery|message) (?:time )?expired\b",
    re.IGNORECASE,
)
# A notice that also says it gave up is final, whatever else it says.
_PERMANENT = re.compile(
    r"permanent|not going to try again|giving up|gave up|too long|no further|will not be retried|"
    r"stopped (?:trying|retrying)|stop (?:trying|retrying)|"
    r"failed after (?:\d+ )?(?:days?|hours?|retries|retrying)|재시도 후 실패|再試行後に失敗|重试后失败|"
    r"endg[üu]ltig|aufgegeben|abandonn|d[ée]finitiv|definitiv|stoppen nu|rezygnuj|"
    r"已放弃|放棄しました|중단"
)
# Weaker wording ("your message was rejected"), believed only together with an SMTP reply
# or status code, or with the recipient named in the same paragraph.
_REJECTION = re.compile(
    r"\b(?:rejected|refused|denied|blocked|bounced|not accepted|discarded)\b|abgelehnt|zurückgewiesen|"
    r"refus[ée]|rejet[ée]|bloqu[ée]|rechazad|bloquead|rifiutat|respint|bloccat|recusad|rejeitad|"
    r"bloquead|geweigerd|odrzucon|отклонен|拒绝|拒否|거부"
)
# Each paragraph is tested against all five; most paragraphs hold none of their literals.
_FAILS, _DELAYS, _REJECTS, _GIVES_UP = AnyOf(_FAILURE), AnyOf(_DELAY), AnyOf(_REJECTION), AnyOf(_PERMANENT)
_STATUS = re.compile(r"(?<![\w.])[245]\.\d{1,3}\.\d{1,3}(?![\w.])")
_REPLY_WITH_STATUS = re.compile(r"(?<![\w.#])[245]\d\d[ -]#?[245]\.\d{1,3}\.\d{1,3}(?![\w.])")
_REPLY_QUOTED = re.compile(
    r"(?:said|responded|response|reply|replied|answered|error message|error|reason|returned)"
    r"[^\n0-9]{0,40}?[:\[(][ \t]*\[?(?<![\w.])([245][0-5]\d)(?=[ -]\D)",
    re.IGNORECASE,
)
# A reply after the host that gave it ("host mx.example.net [192.0.2.1]: 553-you are ..."):
# its first line, where the lines that continue it open their own lines.
_REPLY_AFTER_HOST = re.compile(r"\](?::\d{1,5})?:[ \t]{0,3}([245][0-5]\d)(?=[ -]\D)")
_REPLY_LINE = re.compile(r"^[ \t]*[\[(]?([245][0-5]\d)[ -](?=[A-Za-z<#])", re.MULTILINE)

# --- the shape of the notification ----------------------------------------------------------

# Where the returned original (or its headers) starts: the end of the notification.
# The rule is taken whole (possessive): no phrase starts with a rule character, so giving
# some back never finds a match, and trying to costs time squared in a long rule.
_ORIGINAL = re.compile(
    r"^(?:[ \t|]{0,20}[-=*_|]{2,80}+[^\n]{0,60}?(?:original|copy of|below this line|returned message|"
    r"message header|headers? of|undelivered message|rejected message|message text follows|"
    r"your message follows|unsent message|ursprüngliche nachricht|originalnachricht|message d.origine|"
    r"message original|mensaje original|messaggio originale|mensagem original|oorspronkelijk bericht|"
    r"wiadomość oryginalna|исходное сообщение|原始邮件|元のメッセージ)|"
    r"[^\n]{0,20}(?:original message follows|included is a copy of the message|"
    r"this is a copy of the message|copy of the original message|original message headers?|"
    r"your message follows|message text follows|original message details)|"
    r"From [^\s@]{1,64}@[^\s]{1,255} {1,2}(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun) |"
    r"(?:Received|Return-Path|DKIM-Signature|X-Original-To|Delivered-To|Message-ID|X-Received)"
    r":[ \t])",
    re.IGNORECASE | re.MULTILINE,
)
_ADDR = r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~.-]{1,64}@[A-Za-z0-9](?:[A-Za-z0-9.-]{0,251}[A-Za-z0-9])?"
# Addresses inside any text: the left edge is ASCII-aware, so that an address glued to CJK
# text ("发送给liu@example.cn的邮件") is found.
#: Braces, apostrophes and backquotes before an address quote it (a program's message:
#: ``{'jo@example.org': (550, ...)}``), though the address syntax allows them there.
_ADDRESS_IN_TEXT = re.compile(
    r"(?<![A-Za-z0-9!#$%&'*+/=?^_`{|}~.-])[{'`]{0,3}(?![{'`])(" + _ADDR + r")"
)
#: What may open a line before its address: bullets, numbering, brackets, quotes.
_LEAD = " \t*-•·>+#|:;,([{<\"'“«"
#: Addresses listed before another on its line ("ana@x; rui@x", "<a@x>, <b@x>").
_EARLIER_ENTRIES = re.compile(
    r"(?:(?<![^\s,;:<\"'])[<\"']?" + _ADDR + r"[>\"']?[ \t]{0,4}[,;][ \t]{0,4}){1,20}[<\"']?\Z"
)
#: What may follow an address on its line before the reason: brackets, quotes, separators.
_TRAIL = " \t)]}>\"'”»"
#: Fewest characters of the words before an address taken as its reason.
_MIN_LEAD_REASON = 8
_BULLET = re.compile(r"^(?:\d{1,3}[.)]|[a-z][.)])[ \t]")
# A display name before an address in angle brackets, at the start of its line.
# (Quoted, or one to four capitalised words: "Your message to <a@b>" is a sentence.)
_DISPLAY_NAME = re.compile(
    r"[ \t*•·-]{0,8}(?:\"[^\"\n]{1,60}\"|[A-ZÀ-Þ][\w.'-]{0,20}(?:,?[ \t][A-ZÀ-Þ][\w.'-]{0,20}){0,3},?)"
    r"[ \t]{0,4}"
)
# Labels that name the failed recipient on its line.
_RECIPIENT_LABEL = re.compile(
    r"^(?:(?:failed |final |original |intended |invalid |bad |unknown )?"
    r"recipients?(?: address(?:es)?| name)?|"
    r"recipient\(s\)|rcpt(?: to)?|to|address(?:es)?|e-?mail(?: address)?|addressee|destinations?|"
    r"destinatario|destinatari|destinataire|destinatário|empf[äa]nger(?:adresse)?|adressat|ontvanger|"
    r"ziel(?:adresse)?|"
    r"odbiorca|adresát|adresat|príjemca|получатель|адресат|příjemce|címzett|mottagare|modtager|mottaker|vastaanottaja|"
    r"alıcı|(?:宛先|宛て先|受信者|送信先)(?:メール)?(?:アドレス)?|"
    r"收件人|收信人|收件者|收件地址|받는 ?사람|수신자|수신인)"
    r"[ \t　]{0,12}[:：][ \t　]*$",
    re.IGNORECASE,
)
# Labels that introduce a reason (checked at the start of a line).
_REASON_WORDS = (
    r"(?:(?:the )?reason(?: for (?:the )?(?:failure|rejection))?|error(?: message)?|"
    r"cause|diagnostic(?:[- ]code)?|remote (?:server|host) (?:said|replied|returned|response)|"
    r"server (?:response|reply)|result|status|details?|problem|"
    r"(?:the )?response(?: from the remote (?:server|host))? was|"
    r"the error that the other server returned was|"
    r"motivo|raz[óo]n|causa|error|grund|fehler(?:meldung)?|ursache|raison|erreur|cause|errore|"
    r"raz[ãa]o|reden|fout(?:melding)?|oorzaak|pow[óo]d|przyczyna|b[łl][ąa]d|причина|ошибка|"
    r"důvod(?: (?:problému|chyby|nedoručení))?|příčina|dôvod|príčina|orsak|årsag|årsak|syy|fel|fejl|feil|"
    r"virhe|chyba|理由|原因|失败原因|失敗原因|错误|錯誤|退信原因|エラー内容|エラー|(?:반송 ?)?사유|원인|오류)"
)
# A reason's label, in up to three languages at once ("Grund / Reason:"), or a table's
# label cell (an HTML notice's "Reason" cell, which its text gives before a tab).
_REASON_LABEL = re.compile(
    r"^[ \t>|*-]{0,10}" + _REASON_WORDS + r"(?:[ \t]{0,2}/[ \t]{0,2}" + _REASON_WORDS + r"){0,2}"
    r"(?:[ \t　]{0,12}[:：]|[ ]{0,2}\t)[ \t　]*",
    re.IGNORECASE,
)
# Lines whose addresses are not recipients: the header fields of a quoted message.
_HEADER_LINE = re.compile(
    r"^[ \t>]*(?:message-?id|msg-?id|(?:subject |message |content )?identifier|in-reply-to|references|"
    r"from|sender|reply-to|return-path|date|cc|bcc|"
    r"von|absender|de|expéditeur|remitente|mittente|remetente|van|afzender|nadawca|od|от|отправитель|"
    r"差出人|送信者|发件人|寄件人|보낸 ?사람)[ \t　]{0,3}[:：]",
    re.IGNORECASE,
)
# The header fields that name a quoted message's sender.
_FROM_LINE = re.compile(
    r"^[ \t>]*(?:from|sender|von|absender|de|expéditeur|remitente|mittente|remetente|van|afzender|nadawca|"
    r"od|от|отправитель|差出人|送信者|发件人|寄件人|보낸 ?사람)[ \t　]{0,3}[:：]",
    re.IGNORECASE,
)
# The header fields that name a quoted message's own recipients (not its copies).
_TABLE_TO_LINE = re.compile(
    r"^[ \t>]*(?:to|an|à|a|para|aan|do|кому|收件人|받는 ?사람)[ \t　]{0,3}[:：]", re.IGNORECASE
)
#: Statements of a block read for the reason of the recipients of a header table.
_MAX_TABLE_STATEMENTS = 3
# The header fields that name a quoted message's recipients.
_TO_LINE = re.compile(
    r"^[ \t>]*(?:to|cc|bcc|an|kopie|à|a|para|aan|do|kopia|кому|копия|收件人|抄送|받는 ?사람)"
    r"[ \t　]{0,3}[:：]",
    re.IGNORECASE,
)
#: Words that introduce a cause (in a statement that gives it), or a statement that is
#: its own cause (the sender may not post to a list).
_CAUSE = re.compile(
    r"\b(?:because|due to|weil|parce que|porque|perch[ée]|omdat|poniewa[żz])\b|"
    r"\b(?:not (?:be )?(?:allowed|permitted)|not have (?:the )?permission|no permission) to post\b|"
    r"\bnot authori[sz]ed to send (?:mail|messages?) to (?:the )?\S{1,64} list\b|"
    r"потому что|так как|のため|因为|由于",
    re.IGNORECASE,
)
# A notice that gives the address to use instead ("please use the new address").
_NEW_ADDRESS = re.compile(
    r"new (?:e-?mail )?address|please use|instead:?$|neue (?:e-?mail-?)?adresse|nouvelle adresse|"
    r"verwenden sie|utilisez|utilice|utilizzare|utilize|gebruik voortaan|"
    r"nueva direcci[óo]n|nuovo indirizzo|novo endere[çc]o|nieuwe? (?:e-?mail)?adres|nowy adres|"
    r"новый адрес|新しいアドレス|新地址|새 주소"
)
_NAMES_NEW_ADDRESS = AnyOf(_NEW_ADDRESS)
_SUBJECT_LINE = re.compile(
    r"^[ \t>]*(?:subject|betreff|objet|asunto|oggetto|assunto|onderwerp|temat|тема|件名|主题|主旨|제목)"
    r"[ \t　]{0,3}[:：]",
    re.IGNORECASE,
)
# MMDF's "(host: mx.example.net) (queue: smtp)" after an address: its route, no reason.
_ROUTE = r"[ \t]*(?:\((?:host|queue|channel|mailer)[ \t]*:[^)\n]*\)[ \t]*)+"
# Lines that state facts of the returned message or of its delivery (its subject, date
# and sender; the MTAs, the attempt's date, the size; an address's route), not why it
# failed.
_FACT_LINE = re.compile(
    r"^[ \t>]*(?:subject|date|sent|from|sender|message-?id|betreff|datum|gesendet|von|objet|envoy[ée]|"
    r"asunto|fecha|enviado|oggetto|data|inviato|assunto|onderwerp|verzonden|temat|тема|дата|件名|日時|"
    r"主题|日期|제목|날짜|original[ -]?(?:sender|recipient)|message[ -]?name|queue[ -]?id|[a-z]+-mta|"
    r"[a-z -]{0,20}-date|arrival[a-z -]{0,20}|size)[ \t　]{0,3}[:：]|"
    rf"^{_ROUTE}$",
    re.IGNORECASE,
)
# Where the route is all an address's line says, the paragraph after it is the
# notice's, not a reason of the address's own.
_ROUTE_FACTS = re.compile(rf"\A{_ROUTE}\Z", re.IGNORECASE)
# Words that put an address in the help desk's hands, not the failed recipient's.
_CONTACT = re.compile(
    r"\b(?:contact|assistance|questions?|helpdesk|help desk|support team|write to|inquiries)\b|"
    r"kontakt|wenden sie sich|contactez|contacter|contacte|contacta|póngase en contacto|contattare|contatta|"
    r"contate|entre em contato|neem contact|skontaktuj|свяжитесь|обращайтесь|обратитесь|"
    r"ご連絡|連絡先|お問い合わせ|問い合わせ|联系|聯絡|문의",
)
# "your alert contact <a@b>": the reader's own contact, a noun, not a help desk to write to.
_YOUR_CONTACT = re.compile(r"\byour (?:[\w-]{1,20} ){0,2}contacts?[ \t:]{0,3}[<\"(]?\Z", re.IGNORECASE)
# Local parts of administrative and mailing-list addresses: never the failed recipient
# unless they are all a notice names.
_ADMIN_LOCAL = re.compile(
    r"^(?:mailer-?daemon|mail-daemon|postmaster|hostmaster|abuse|no-?reply|do-?not-?reply|donotreply|"
    r"bounces?|listserv|majordomo|sympa|mailman|ezmlm|owner-[^@]{1,60}|[^@]{1,60}-(?:owner|request|"
    r"bounces?|confirm|unsubscribe|subscribe))(?:[+=].{0,60})?$",
    re.IGNORECASE,
)
_QUARANTINE = re.compile(
    r"quarantin|quarantän|cuarentena|held (?:for you|as (?:suspected )?spam|for review)|spam digest|"
    r"\b(?:are|is|were|was|messages?|e-?mails?) on hold\b|\bheld messages\b|"
    r"junk (?:mail )?digest|zurückgehalten|retenidos|trattenut|retidas|tegengehouden|隔离|隔離",
    re.IGNORECASE,
)
_FOR_THE_READER = re.compile(
    r"for you\b|your (?:mail)?box|addressed to you|sent to you|ihr postfach|für sie|an sie|"
    r"dirigidos a usted|pour vous|votre bo[îi]te|per te|a voi|para voc|voor u|dla ciebie|для вас",
    re.IGNORECASE,
)
# A warning that a mailbox is nearly full, which goes to its owner.
_NEARLY_FULL = re.compile(
    r"(?:almost|nearly|close to being|approaching) (?:full|(?:its|the|your) (?:quota|limit|size limit))|"
    r"\b(?:fast|beinahe|nahezu|bald) (?:voll|überfüllt)|presque plein|casi llen[oa]|quasi pien[oa]|"
    r"quase chei[oa]|bijna vol|prawie pe[łl]n|почти (?:заполнен|полн)|téměř pln|skoro pln|takmer pln|"
    r"nästan full|næsten fuld|nesten full|lähes täynnä|ほぼ(?:満杯|いっぱい)|即将(?:满|用完)|將滿|거의 가득",
    re.IGNORECASE,
)
# (Tested on every notice the fallback reads.)
_QUARANTINED, _TO_THE_READER = AnyOf(_QUARANTINE), AnyOf(_FOR_THE_READER)
_WARNS_NEARLY_FULL = AnyOf(_NEARLY_FULL)
# A line quoted from another message ("> ..."), not a transcript's ">>>" or "<<<".
_QUOTED = re.compile(r"^[ \t]{0,3}>(?!>)")
_RCPT_TO = re.compile(r"RCPT TO:[ \t]{0,3}<?(" + _ADDR + r")>?", re.IGNORECASE)
_BLANK = re.compile(r"\n[ \t]*\n")
# An address's reason on its own line after a colon ("<a@b>: no such mailbox") or
# Sendmail's ellipsis ("<a@b>... Deferred: Connection refused").
_REASON_FOLLOWS = re.compile(r"[>\"')\]]{0,2}[ \t]{0,4}(?:[:：]|\.\.\.)[ \t]{0,8}[^\s]")
# A VERP return address: a prefix, then the recipient's local part and domain joined by
# "=" ("bounces+jo=example.com@...", qmail's "list-return-12-jo=example.com@...").
_VERP = re.compile(
    r"\A[^@=\s]{1,64}?[+-]([^@=+\s]{1,64})=([a-z0-9-]{1,63}(?:\.[a-z0-9-]{1,63}){1,8})@", re.IGNORECASE
)
# A diagnostic that only says the delivery failed ("(permanent failure)").
_ONLY_FAILED = re.compile(
    r"\A\W{0,20}(?:(?:permanent|fatal|temporary|transient|delivery|unknown)[ \t]{1,5})?"
    r"(?:failure|failed|error)\W{0,20}\Z",
    re.IGNORECASE,
)
_MAX_ONLY_FAILED = 64  # the longest text _ONLY_FAILED can match
# A delay's reply that names only the queue's state, not why: Exchange lists
# "400 4.4.7 Message delayed" for a recipient, then each attempt's reply.
_QUEUE_STATE = re.compile(
    r"(?:smtp;[ \t]*)?4\d\d[ -]4\.4\.7[ \t]+(?:message[ \t]+)?delayed\W{0,3}", re.IGNORECASE
)
# A report row that says the recipient got the message ("a@b   delivered", "a@b: OK"),
# read from where the address ends (anchored: searched, it would retry its 40 leading
# blanks at every position of a long run of them).
_DELIVERED = re.compile(
    r"\A[ \t:.\-–—]{0,40}(?:delivered|ok|sent|success(?:ful(?:ly)?)?|relayed|accepted|zugestellt|"
    r"distribu[ée]|remis|entregado|consegnato|entregue|afgeleverd|dostarczono|доставлено|配信済み|已投递)"
    r"(?![\w-])(?![^\n]{0,40}\b(?:not|failed)\b)",
    re.IGNORECASE,
)
# Any "Label: value" line, which ends the value of the label before it.
_ANY_LABEL = re.compile(r"^[ \t]{0,20}[^\W\d][\w .'/()-]{0,38}[:：][ \t　]")
_RULE_CHARS = "=_*#~-"
_CLOSERS = {"[": "]", "(": ")", "<": ">"}


def _statement(says: AnyOf) -> cached_property[bool]:
    """Whether a paragraph's text says it, read when first asked for."""
    return cached_property(lambda paragraph: says(paragraph.flat))


class _Paragraph:
    """One paragraph of the notice and what it states, each statement read once when
    first asked for (most notices are decided by a few of them)."""

    def __init__(self, start: int, end: int, text: str) -> None:
        self.start = start
        self.end = end
        #: Lower case, whitespace collapsed.
        self.flat = " ".join(text[start:end].split()).lower()

    fails = _statement(_FAILS)
    delays = _statement(_DELAYS)
    rejects = _statement(_REJECTS)
    permanent = _statement(_GIVES_UP)  # says it gives up: the failure is permanent
    new_address = _statement(_NAMES_NEW_ADDRESS)


@dataclass(frozen=True, slots=True)
class _Line:
    start: int
    text: str
    paragraph: int


@dataclass(frozen=True, slots=True)
class _Candidate:
    """One occurrence of an address in the notification."""

    address: str
    line: int
    start: int  # offset in the notification text
    end: int
    standalone: bool  # alone on its line, after a label, or opening its line before a reason


class Notice:
    """The notification text of a message, split once into lines and paragraphs."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.lines: list[_Line] = []
        self.paragraphs: list[_Paragraph] = []
        position = 0
        paragraph_start = None
        for raw in text.split("\n"):
            length = len(raw)
            if _QUOTED.match(raw):
                raw = ""  # someone else's words, quoted: neither statement nor recipient
            if raw.strip():
                if paragraph_start is None:
                    paragraph_start = position
                self.lines.append(_Line(position, raw, len(self.paragraphs)))
            elif paragraph_start is not None:
                self._close(paragraph_start, position)
                paragraph_start = None
            position += length + 1
        if paragraph_start is not None:
            self._close(paragraph_start, len(text))

    def _close(self, start: int, end: int) -> None:
        self.paragraphs.append(_Paragraph(start, end, self.text))

    def paragraph_text(self, index: int) -> str:
        p = self.paragraphs[index]
        return self.text[p.start : p.end]

    @property
    def states_failure(self) -> bool:
        return any(p.fails for p in self.paragraphs)

    @property
    def states_delay(self) -> bool:
        return any(p.delays for p in self.paragraphs)

    @property
    def permanent(self) -> bool:
        return any(p.permanent for p in self.paragraphs)

    @property
    def quotes_code(self) -> bool:
        text = self.text
        return bool(_REPLY_WITH_STATUS.search(text) or _REPLY_QUOTED.search(text) or _STATUS.search(text))

    @cached_property
    def reason(self) -> str | None:
        """The reason the notice gives for all its recipients (read once)."""
        return _global_reason(self)

    def statement(self) -> int | None:
        """The index of the first paragraph that states a failure or a delay, else of the
        first that says the message was rejected."""
        found = next((i for i, p in enumerate(self.paragraphs) if p.fails or p.delays), None)
        if found is None:
            found = next((i for i, p in enumerate(self.paragraphs) if p.rejects), None)
        return found


class Fallback(Decoder):
    name = "fallback"

    def matches(self, msg: MessageView) -> bool:
        return machine_sent(msg) or _bounce_subject(msg) or _job_report(msg.text[:MAX_COMPLETION_TEXT])

    def decode(self, msg: MessageView) -> list[Finding] | None:
        notice = Notice(notification_text(msg))
        if _recipient_digest(msg, notice.text) or _quota_warning(msg, notice):
            return None
        job = _job_report(notice.text[:MAX_COMPLETION_TEXT])
        machine = machine_sent(msg) or job
        by_subject = machine and bool(_FAILURE_SUBJECT.search(msg.subject))
        stated = notice.states_failure or notice.states_delay or job
        if not (stated or by_subject or any(p.rejects for p in notice.paragraphs)):
            return None
        if not machine and not stated:
            return None  # a bounce-like subject alone is weak: people write "rejected" too
        findings, how = _recipients(msg, notice, any_paragraph=by_subject or job)
        if not machine and not (notice.quotes_code or how == "listed"):
            # From an ordinary address, the text must also quote the server's code or
            # list the failed recipient the way notices do.
            return None
        weak = not (stated or by_subject)
        if weak and not notice.quotes_code and how not in ("sentence", "table"):
            # "Your message was rejected" without a code: believed only when the sentence
            # names the recipient, or a table of the message's header fields does.
            findings = []
        if not findings:
            findings = _wrapped_bounce(msg)
        if not findings:
            # A header that names them (X-Failed-Recipients), where the text names none.
            findings = [Finding(recipient=a, diagnostic=notice.reason) for a in failed_recipients(msg)]
        if not findings:
            if weak:
                return None  # "rejected" + a code is not enough without a recipient
            findings = [Finding(recipient=None, diagnostic=notice.reason)]
        if notice.states_delay and not notice.permanent:
            findings = [replace(f, action="delayed") for f in findings]
        elif _NOT_SENT.search(flat := " ".join(notice.text[:MAX_COMPLETION_TEXT].split())) or (
            _WAS_NOT_SENT.search(flat) and _OUTGOING_FILTER.search(flat)
        ):
            # The sending service refused to send (a suppressed or inactive address), or
            # the sender's own outgoing filter did (spam, data loss prevention).
            findings = [replace(f, event=Event.REJECTED) for f in findings]
        else:
            # The sender's own server refused to send it: it never left.
            findings = [
                replace(f, event=Event.REJECTED)
                if f.diagnostic and _OWN_SERVER_REFUSED.search(f.diagnostic) else f
                for f in findings
            ]
        return findings


def notification_text(msg: MessageView) -> str:
    """The human-readable notification, cut where the returned original begins."""
    text = msg.text[:MAX_TEXT]
    m = _ORIGINAL.search(text)
    return text[: m.start()] if m else text


def machine_sent(msg: MessageView) -> bool:
    """True when the message comes from a mail system rather than a person."""
    local = msg.from_address.partition("@")[0]
    if not msg.from_address or _BOUNCE_LOCAL.match(local):
        return True
    if _BOUNCE_NAME.search(msg.from_header):
        return True
    if msg.has_header("Return-Path") and msg.header("Return-Path").strip() in ("<>", ""):
        return True
    return msg.header("Auto-Submitted").lower().startswith("auto-") or msg.has_header("X-Failed-Recipients")


def _job_report(text: str) -> bool:
    """A device's or an application's report that one send failed, with the server's
    status code ("Ergebnis: NG ... 554 5.7.1 Relay access denied"): written by a
    scanner or a web site's mailer rather than a mail system, but a bounce all the same."""
    return _JOB_FAILED.search(text) is not None and _STATUS.search(text) is not None


def _recipient_digest(msg: MessageView, text: str) -> bool:
    """A filter's digest to a recipient of mail it held ("3 messages held for you"):
    the addresses it lists are senders of held mail, not failed recipients."""
    head = msg.subject + "\n" + text[:2000]
    return _QUARANTINED(head) and _TO_THE_READER(head)


def _quota_warning(msg: MessageView, notice: Notice) -> bool:
    """A warning to a mailbox's owner that the mailbox is nearly full ("Ihr Postfach ist
    fast voll"): no delivery failed, whatever it says about the mail that will bounce
    once it is full. A bounce quotes the server's reply; a warning quotes none."""
    head = msg.subject + "\n" + notice.text[:2000]
    return _WARNS_NEARLY_FULL(head) and _TO_THE_READER(head) and not notice.quotes_code


def failed_recipients_named(msg: MessageView, notice: Notice) -> str | None:
    """How the notice names failed recipients other than its own addresses, the way
    notices do (``listed``, ``sentence``, ``transcript``, ``table``), or None."""
    findings, how = _recipients(msg, notice, any_paragraph=False)
    own = _own_addresses(msg)
    if any(f.recipient and f.recipient.lower() not in own for f in findings):
        return how
    return None


def subject_about_delivery(subject: str) -> bool:
    """True when a subject speaks of a delivery's outcome anywhere in it ("Warning:
    Message Delivery Delayed", "Undeliverable: ...")."""
    return _BOUNCE_SUBJECT.search(subject) is not None


def _bounce_subject(msg: MessageView) -> bool:
    """A subject that opens like a bounce's and is not a reply, forward or ticket."""
    subject = msg.subject.strip()
    if _FORWARD.match(subject) or _TICKET.search(subject):
        return False
    m = _BOUNCE_SUBJECT.search(subject)
    return m is not None and m.start() <= 2


def _own_addresses(msg: MessageView) -> set[str]:
    """Addresses that belong to the bounce itself, never failed recipients: its From,
    To, Cc and Reply-To, the returned message's sender. (Delivered-To and X-Original-To
    are left out: relays and test setups fill them unreliably.)"""
    own = {msg.from_address}
    for name in ("To", "Cc", "Reply-To"):
        own.update(m[1].lower() for m in ADDRESS.finditer(msg.header(name)))
    original = msg.original
    if original and original.sender:
        own.add(original.sender.lower())
    own.discard("")
    return own


def _candidates(notice: Notice) -> list[_Candidate]:
    """Every address of the notification that may be a failed recipient, in text order.

    In a paragraph that quotes the original's header fields (a ``From:`` line beside a
    ``Subject:`` line) the ``To:`` and ``Cc:`` lines name the original's recipients, not
    the failed ones; a line after "please use the new address" names where to write.
    """
    quoted = _header_blocks(notice)
    found: list[_Candidate] = []
    for index, line in enumerate(notice.lines):
        text = line.text
        if "@" not in text or _HEADER_LINE.match(text):
            continue
        for m in _ADDRESS_IN_TEXT.finditer(text):
            # Bounded windows: an address far into its line does not open it.
            start = m.start(1)
            before = text[:start] if start <= _MAX_LEAD else text[start - _MAX_LEAD : start]
            after = text[m.end() : m.end() + 80]
            if len(found) >= MAX_CANDIDATES:
                return found
            if (
                _CONTACT.search(before[-60:].lower()) and not _YOUR_CONTACT.search(before[-60:])
            ) or _CONTACT.search(after[:30].lower()):
                continue  # "please contact <support@...>": the help desk
            if line.paragraph in quoted and _TO_LINE.match(text):
                continue  # the original's own recipients, in its quoted header fields
            if notice.paragraphs[line.paragraph].new_address or (
                line.paragraph and notice.paragraphs[line.paragraph - 1].new_address
            ):
                continue  # "please use the new address: ...": where to write instead
            standalone = start <= _MAX_LEAD and _standalone(before, after)
            found.append(_Candidate(m[1], index, line.start + start, line.start + m.end(), standalone))
    return found


def _header_blocks(notice: Notice) -> set[int]:
    """Paragraphs that quote a message's header fields."""
    senders: set[int] = set()
    subjects: set[int] = set()
    for line in notice.lines:
        if _FROM_LINE.match(line.text):
            senders.add(line.paragraph)
        elif _SUBJECT_LINE.match(line.text):
            subjects.add(line.paragraph)
    return senders & subjects


def _standalone(before: str, after: str) -> bool:
    """True when an address opens its line (after bullets, brackets or a recipient label)."""
    if before.endswith("<") and _DISPLAY_NAME.fullmatch(before[:-1]):
        return True  # "Kowalska, Anna" <anna@...>: a named address opening its line
    if "@" in before:
        # "To: ana@x; rui@x": the addresses before this one, listed on its line, are
        # entries of the same list.
        m = _EARLIER_ENTRIES.search(before)
        if m:
            before = before[: m.start()]
    lead = before.strip(_LEAD + "　")
    # "Empfänger / Recipient:": a label may be written in two languages.
    labelled = any(
        _RECIPIENT_LABEL.match(part.strip(_LEAD + "　") + ":") or _RECIPIENT_LABEL.match(part.strip())
        for part in lead.split("/")
    )
    if lead and not labelled and not _BULLET.match(lead + " "):
        return False
    if lead.startswith(">") or before.lstrip().startswith(">"):
        return False  # a quoted line
    rest = after.lstrip(_TRAIL)
    # The address ends the line, or a separator or the reason follows it.
    return not rest or rest[0] in ":,;([.-–—：…" or after[:1] in " \t"


def _recipients(
    msg: MessageView, notice: Notice, *, any_paragraph: bool
) -> tuple[list[Finding], str | None]:
    """Failed recipients named by the notification, each with the reason near it, and
    how they were found: ``listed`` (standing out on their lines), ``sentence`` (in a
    sentence that states the failure) or ``transcript`` (a refused ``RCPT TO``)."""
    own = _own_addresses(msg)
    candidates = [c for c in _candidates(notice) if strip_address(c.address)]
    statement = notice.statement()
    first_line = 0
    if statement is not None:
        first_line = next(
            (i for i, line in enumerate(notice.lines) if line.paragraph >= statement), len(notice.lines)
        )
    # 1. Addresses that stand out on their lines, after the statement, else anywhere. An
    # address of the bounce itself or an administrative one is kept only when it is all
    # the list names and no sentence or transcript names another (a message its sender
    # sent to himself; not the bounce's own "To:" line above "undeliverable to <x>").
    standalone = [c for c in candidates if c.standalone]
    listed = [c for c in standalone if c.line >= first_line] or standalone
    chosen = _prefer_recipients(listed, own, keep_own=False)
    if chosen:
        return _findings_of_entries(notice, chosen, standalone), "listed"
    findings, how = _recipients_in_sentences(notice, candidates, own, any_paragraph=any_paragraph)
    if findings:
        return findings, how
    chosen = _prefer_recipients(listed, own)
    if chosen:
        return _findings_of_entries(notice, chosen, standalone), "listed"
    findings = _table_findings(notice, own)
    return findings, ("table" if findings else None)


def _table_findings(notice: Notice, own: set[str]) -> list[Finding]:
    """4. Where a notice names no failed recipient otherwise and states that the message
    was blocked or not delivered, the recipients of its own table of the message's header
    fields (a filtering gateway's "The message below was blocked" over ``From:``,
    ``To: a@x; b@x``, ``Subject:``, ``Rule:`` lines): the message reached none of them.
    Each one's reason is the reply the notice quotes, else its statements of the block,
    the table's lines that are not the message's header fields or facts (the engine,
    rule, details) and the reason the notice gives after its statement."""
    blocks = _header_blocks(notice)
    if not blocks or not any(_states(p) for p in notice.paragraphs):
        return []
    addresses: list[str] = []
    seen: set[str] = set()
    details: list[str] = []
    for line in notice.lines:
        if line.paragraph not in blocks:
            continue
        if _TABLE_TO_LINE.match(line.text):
            for m in _ADDRESS_IN_TEXT.finditer(line.text):
                address = m[1]
                key = address.lower()
                if key not in own and key not in seen and not _is_admin(address):
                    seen.add(key)
                    addresses.append(address)
        elif not (_HEADER_LINE.match(line.text) or _TO_LINE.match(line.text) or _FACT_LINE.match(line.text)):
            details.append(line.text.strip())
    if not addresses:
        return []
    if _reply_in(notice.text):
        diagnostic = notice.reason  # the server's reply, quoted: it says it best
    else:
        said = [
            " ".join(notice.paragraph_text(i).split())
            for i, p in enumerate(notice.paragraphs)
            if i not in blocks and _states(p) and "@" not in p.flat
        ][:_MAX_TABLE_STATEMENTS]
        diagnostic = " ".join([*said, *details])
        general = notice.reason  # the paragraph after the statement: "Rule: Spam Filtering"
        if general and general not in diagnostic:
            diagnostic = f"{diagnostic} {general}"
        diagnostic = diagnostic.strip()[:MAX_REASON] or None
    return [Finding(recipient=a, diagnostic=diagnostic) for a in addresses[:MAX_CANDIDATES]]


def _recipients_in_sentences(
    notice: Notice, candidates: list[_Candidate], own: set[str], *, any_paragraph: bool
) -> tuple[list[Finding], str | None]:
    """:func:`_recipients` where no address stands out on its line."""
    # 2. Addresses inside a paragraph that states the failure; when the subject already
    # states it, inside any paragraph.
    for anywhere in (False, True) if any_paragraph else (False,):
        inside = [
            c for c in candidates
            if anywhere or _states(notice.paragraphs[notice.lines[c.line].paragraph])
        ]
        chosen = _prefer_recipients(inside, own, keep_own=False)
        if chosen:
            # Where a paragraph names several, each one's words run to the next one (not
            # to the same address named again inside its own reply).
            ends = [_next_other(notice, c, chosen[i + 1 :]) for i, c in enumerate(chosen)]
            addresses = {c.address.lower() for c in chosen}
            findings = [
                _sentence_finding(notice, c, end, others=addresses - {c.address.lower()})
                for c, end in zip(chosen, ends, strict=True)
            ]
            return findings, "sentence"
    # 3. The address of the refused "RCPT TO:" command, in a quoted SMTP transcript.
    findings: list[Finding] = []
    seen: set[str] = set()
    for m in _RCPT_TO.finditer(notice.text):
        address = m[1].lower()
        if address not in own and address not in seen:
            seen.add(address)
            end = notice.text.find("\n\n", m.end())
            block = notice.text[m.end() : end if end > 0 else m.end() + MAX_REASON]
            findings.append(_finding(m[1], block, notice))
    return findings, ("transcript" if findings else None)


def _states(paragraph: _Paragraph) -> bool:
    return paragraph.fails or paragraph.delays or paragraph.rejects


def _prefer_recipients(
    candidates: list[_Candidate], own: set[str], *, keep_own: bool = True
) -> list[_Candidate]:
    """The candidates that may be failed recipients, one per address, in order."""
    unique: list[_Candidate] = []
    seen: set[str] = set()
    for c in candidates:
        key = c.address.lower()
        if key not in seen:
            seen.add(key)
            unique.append(c)
    good = [c for c in unique if c.address.lower() not in own and not _is_admin(c.address)]
    if good or not keep_own:
        return good
    return [c for c in unique if not _is_admin(c.address)] or unique


def _is_admin(address: str) -> bool:
    return bool(_ADMIN_LOCAL.match(address.rpartition("@")[0]))


def _findings_of_entries(
    notice: Notice, chosen: list[_Candidate], standalone: list[_Candidate]
) -> list[Finding]:
    """One finding per listed address; its reason runs up to the next listed address."""
    # Every standalone address bounds the blocks, chosen or not (an address of the bounce
    # itself still ends the block before it), except one that repeats the address just
    # before it: a folded reply that names its address again continues the same block.
    # A block ends where the next address's line starts: what opens that line (a bullet,
    # "SMTP <", a display name) is the next entry's.
    bounds: list[int] = []
    previous = None
    for c in standalone:
        if c.address.lower() != previous:
            bounds.append(notice.lines[c.line].start)
        previous = c.address.lower()
    # An address listed once alone and once with its reason ("<a@b>: no such mailbox")
    # is read where its reason follows it.
    mentions: dict[str, list[_Candidate]] = {}
    for c in standalone:
        mentions.setdefault(c.address.lower(), []).append(c)
    # Addresses listed on one line ("To: ana@x; rui@x") share what follows the last one.
    line_ends: dict[int, int] = {}
    for c in standalone:
        line_ends[c.line] = max(c.end, line_ends.get(c.line, 0))
    findings = []
    intros: dict[int, str | None] = {}  # the words that introduce the list, by paragraph
    bare = False  # every address so far alone on its lines: a bare list
    for index, c in enumerate(chosen):
        listed = mentions.get(c.address.lower(), ())
        c = next((m for m in listed if _REASON_FOLLOWS.match(notice.text, m.end)), c)
        after = bisect_right(bounds, notice.lines[c.line].start)  # (bounds are in text order)
        end = bounds[after] if after < len(bounds) else len(notice.text)
        # The address's closing bracket or quote is not part of the reason.
        start = max(c.end, line_ends.get(c.line, 0))
        block = notice.text[start : min(end, start + MAX_REASON)].lstrip(_TRAIL)
        if _DELIVERED.match(block):
            continue  # a delivery report's row for a recipient that got the message
        if bare and not _own_lines(block).strip():
            # The last of a bare list: the paragraph after the list is the notice's
            # (its closing words), not this address's reason alone.
            block = ""
        bare = (index == 0 or bare) and not block.strip()
        found = _finding(c.address, block, notice)
        paragraph = notice.lines[c.line].paragraph
        if paragraph not in intros:  # (the list's first entry in its paragraph)
            intros[paragraph] = _cause_of_list(notice, c.line)
        intro = intros[paragraph]
        said = found.diagnostic
        if intro and said and intro not in said and _reply_in(said) is None:
            # "... an folgende Empfänger blockiert, weil sie Schadsoftware enthält:" over
            # "Empfänger: a@b" / "Erkannt: Troj/X": the cause is the list's introduction.
            found = replace(found, diagnostic=f"{intro} {said}"[:MAX_REASON])
        findings.append(found)
    return findings


def _cause_of_list(notice: Notice, index: int) -> str | None:
    """The words that introduce the list of line ``index`` when they give the failure's
    cause and end with a colon ("... was blocked because it contains malware:"): the
    lines before it in its paragraph, else the paragraph before."""
    line = notice.lines[index]
    paragraph = notice.paragraphs[line.paragraph]
    if line.start > paragraph.start:
        start, end = paragraph.start, line.start
    elif line.paragraph:
        before = notice.paragraphs[line.paragraph - 1]
        start, end = before.start, before.end
    else:
        return None
    text = notice.text[max(start, end - MAX_REASON) : end]  # (the words just before the list)
    if not text.rstrip().endswith((":", "：")):
        return None
    flat = " ".join(text.split())
    if not flat.endswith((":", "：")) or "@" in flat or not _CAUSE.search(flat):
        return None
    return flat[-MAX_REASON:]


def _own_lines(block: str) -> str:
    """The lines of an address's block before its first blank line."""
    blank = _BLANK.search(block)
    return block[: blank.start()] if blank else block


def _next_other(notice: Notice, c: _Candidate, later: list[_Candidate]) -> int | None:
    """Where the next other address named in ``c``'s paragraph begins, if one is."""
    paragraph = notice.lines[c.line].paragraph
    for other in later:
        if notice.lines[other.line].paragraph != paragraph:
            return None
        if other.address.lower() != c.address.lower():
            return other.start
    return None


def _sentence_finding(
    notice: Notice, c: _Candidate, end: int | None = None, *, others: Set[str] = frozenset()
) -> Finding:
    """A finding for an address named in a sentence: the reason is the rest of its
    paragraph; where nothing follows the address, what leads to it on its line
    ("User mailbox exceeds allowed size: <address>") unless that is only a label; else
    the notice's reason. ``end`` bounds the rest where the next address named begins;
    the notice's reason is not this address's where it names one of the ``others``."""
    line = notice.lines[c.line]
    paragraph = notice.paragraphs[line.paragraph]
    rest = notice.text[c.end : min(end or paragraph.end, c.end + MAX_REASON)].lstrip(_TRAIL)
    if _only_boilerplate(rest):
        raw = notice.text[line.start : c.start]
        lead = raw.strip(_LEAD + "　")
        labelled = raw.rstrip(" \t<\"'(").endswith((":", "："))  # "Mailbox full: <a@b>"
        if (
            len(lead) >= _MIN_LEAD_REASON and not _RECIPIENT_LABEL.match(lead + ":")
            and (labelled or not _continues_sentence(notice, c.line))
        ):
            rest = lead[-MAX_REASON:]
    return _finding(c.address, rest, notice, whole=True, others=others)


def _continues_sentence(notice: Notice, index: int) -> bool:
    """True when line ``index`` goes on with a sentence its paragraph's line before it
    began ("... about ITSD-12 "VPN access for new" / "contractor" to the customer
    jo@example.org."): what opens it is the sentence's middle, not a reason."""
    if index == 0 or notice.lines[index - 1].paragraph != notice.lines[index].paragraph:
        return False
    return not notice.lines[index - 1].text.rstrip().endswith((".", ":", "!", "?", ";", "。", "：", ">", ")"))


def _finding(
    address: str, block: str, notice: Notice, *, whole: bool = False, others: Set[str] = frozenset()
) -> Finding:
    """The finding of one address: the reply its block quotes, else its labelled reason,
    else the block's text; else (and, for an address named in a sentence, also) the
    reason the whole notice gives, unless that names one of the ``others`` (a reply to
    another recipient)."""
    # The reply quoted in the address's own section of the notice is its reason; one in
    # a later section may be a transcript's last word, given after the cause (Sendmail's
    # "(reason: 554 ...)" before "--- Transcript ---" and "554 5.0.0 Service unavailable").
    own = _own_section(block)
    block = without_decoration(block)
    diagnostic = (_reply_in(own) if own else None) or _reply_in(block) or _labelled_reason(block)
    if diagnostic is None:
        text = _unwrap(block)
        if text and not _only_boilerplate(text):
            diagnostic = _first_paragraphs(text, whole=whole) or None
    if diagnostic is None:
        diagnostic = notice.reason
    elif whole:
        # The rest of a sentence ("... could not be delivered.") seldom says why; the
        # notice's reason, given apart, completes it.
        general = notice.reason
        if general and others and any(other in general.lower() for other in others):
            general = None  # another recipient's reply
        if general and (diagnostic in general or _REPLY_WITH_STATUS.match(general)):
            diagnostic = general  # the server's own reply says it best
        elif general and general not in diagnostic:
            diagnostic = f"{diagnostic} {general}"[:MAX_REASON]
    return Finding(recipient=address, diagnostic=diagnostic, remote_mta=find_host(block))


def _own_section(block: str) -> str | None:
    """The text of an address's block before the next section's rule (``--- Transcript
    of session follows ---``), or None where the block has no such rule."""
    position = 0
    for line in block.split("\n"):
        if position and _is_decoration(line):
            return block[:position]
        position += len(line) + 1
    return None


def _first_paragraphs(text: str, *, whole: bool) -> str:
    """The first paragraph of ``text`` that says something: lines that only state facts
    of the returned message or of its delivery (its subject, date, sender, the MTAs) are
    left out."""
    own = _BLANK.split(text.strip(), maxsplit=1)[0]
    if own and all(_ROUTE_FACTS.fullmatch(line) for line in own.split("\n")):
        return ""  # the address's own line gives only its route: no reason follows
    lines = [line for line in text.split("\n") if not _FACT_LINE.match(line)]
    paragraphs = [p for p in _BLANK.split("\n".join(lines).strip(), maxsplit=2) if p.strip()]
    first = paragraphs[0] if paragraphs else ""
    if len(paragraphs) > 1 and _only_retry(first) and _names_cause(paragraphs[1]):
        # "Message will be retried for 4 more day(s)" over the technical details of the
        # temporary failure: the cause is below.
        first = paragraphs[1]
    if first.rstrip().endswith((":", "：")) and len(paragraphs) > 1:
        # "because:" / "Reason:" introduces the reason on the next paragraph.
        first = paragraphs[1] if len(first) < 40 else f"{first} {paragraphs[1]}"
    return " ".join(first.split())[:MAX_REASON]


def _only_retry(text: str) -> bool:
    """A paragraph that only says the message waits or will be retried, no cause."""
    flat = " ".join(text.split())
    return len(flat) <= _MAX_RETRY_STATEMENT and default_rules().classify(flat).reason is Reason.DELAYED


def _names_cause(text: str) -> bool:
    """A text in which the rules read a cause (not only a delay)."""
    reason = default_rules().classify(" ".join(text.split())[:MAX_REASON]).reason
    return reason not in (Reason.DELAYED, Reason.UNDETERMINED)


def _only_boilerplate(text: str) -> bool:
    flat = " ".join(text.split()).strip(_TRAIL + ":.,;-").lower()
    return len(flat) < 3


def _reply_in(text: str) -> str | None:
    """The SMTP reply quoted in ``text``, to the end of its paragraph or bracket."""
    m = _REPLY_WITH_STATUS.search(text)
    start = m.start() if m else None
    if start is None:
        q = _REPLY_QUOTED.search(text) or _REPLY_AFTER_HOST.search(text) or _REPLY_LINE.search(text)
        start = q.start(1) if q else None
    if start is None:
        return None
    end = len(text)
    blank = _BLANK.search(text, start)
    if blank:
        end = blank.start()
    opener = text[start - 1] if start else ""
    if opener in _CLOSERS:
        close = text.find(_CLOSERS[opener], start, end)
        if close > 0:
            end = close
    reply = text[start:end].strip()
    return reply[:MAX_REASON] or None


def _labelled_reason(text: str) -> str | None:
    """The value of the first ``Reason:``-like line of ``text``, with its continuation,
    and those of the reason lines right after it (``Reason: Unable to transfer`` over
    ``Diagnostic: Unrecognised O/R name``: the second says more)."""
    lines = text[: MAX_REASON * 2].split("\n")
    for index, line in enumerate(lines):
        m = _REASON_LABEL.match(line)
        if not m:
            continue
        value = [line[m.end() :].strip()]
        start = index + 1
        if not value[0]:
            # "The response was:" alone on its line: the reason is the paragraph below,
            # whatever its first line looks like ("Unspecified Error (X): ...").
            while start < min(len(lines), index + 3) and not lines[start].strip():
                start += 1
            if start < len(lines) and start > index + 1:
                value = [lines[start].strip()]
                start += 1
        for following in lines[start : start + 5]:  # continuation lines, further reasons
            if not following.strip():
                break
            further = _REASON_LABEL.match(following) if _ANY_LABEL.match(following) else None
            if further is None and (_ANY_LABEL.match(following) or _ADDRESS_IN_TEXT.search(following)):
                break  # another label, or a line that names another address
            if further is not None:
                # A further reason ("Detail: 5.7.1 Sender address rejected: <a@b> ..."),
                # whatever address it names.
                following = following[further.end() :]
            value.append(following.strip())
        reason = " ".join(v for v in value if v)
        if reason:
            return reason[:MAX_REASON]
    return None


def _unwrap(text: str) -> str:
    """``[User unknown]`` / ``(reason)`` / ``: reason`` / ``... reason`` -> the reason itself."""
    text = text.strip().lstrip(":：.,;-–—…").strip()
    if len(text) > 1 and text[0] in _CLOSERS and text.endswith(_CLOSERS[text[0]]):
        text = text[1:-1].strip()
    return text


def _global_reason(notice: Notice) -> str | None:
    """The reason a notice gives for all its recipients: a quoted reply, a labelled
    reason, else the paragraph after the statement (and the list), else the statement."""
    reply = _reply_in(notice.text)
    if reply:
        return reply
    labelled = _labelled_reason(notice.text)
    if labelled:
        return labelled
    statement = notice.statement()
    if statement is None:
        return None
    said = notice.paragraph_text(statement)
    if _EXPIRY.search(said):
        # "After 6 days (146 hours), your message could not be delivered": the cause.
        return " ".join(said.split())[:MAX_REASON]
    # The first paragraph after the statement that names no address and is not the
    # original's subject line: the reason in the notice's own words.
    for index in range(statement + 1, min(len(notice.paragraphs), statement + 4)):
        text = notice.paragraph_text(index)
        if "@" in text or len(text.strip()) < 12:
            continue
        return " ".join(text.split())[:MAX_REASON]
    return " ".join(notice.paragraph_text(statement).split())[:MAX_REASON]


def _wrapped_bounce(msg: MessageView) -> list[Finding]:
    """Findings of a bounce attached whole (``message/rfc822``) to this notification."""
    for part in msg.parts_of("message/rfc822", "message/global"):
        payload = part.message.get_payload()
        inner = payload[0] if isinstance(payload, list) and payload else None
        if not isinstance(inner, email.message.Message):
            continue
        view = MessageView(inner)
        if view.delivery_status is not None:
            return dsn_findings(view.delivery_status)
        if machine_sent(view):
            notice = Notice(notification_text(view))
            if notice.states_failure or notice.states_delay:
                found, _ = _recipients(view, notice, any_paragraph=False)
                if found:
                    return found
    return []


def without_decoration(text: str) -> str:
    """``text`` with its rules and headings blanked (``=====``, ``----- Non-delivered
    information -----``, ``Technical details:``, a title underlined by a rule): they
    are layout, not reasons.

    Line by line with ``str`` methods, so that long rules cost one pass.
    """
    lines = text.split("\n")
    ruled = [_is_decoration(line) for line in lines]
    for index in range(len(lines) - 1):
        if ruled[index + 1] and _is_title(lines[index]):
            ruled[index] = True
    return "\n".join("" if blank else line for line, blank in zip(lines, ruled, strict=True))


def _is_title(line: str) -> bool:
    """A short line of words alone (no code, no label, no address): underlined by a
    rule, it is a section's title ("Additional Information" over "=====")."""
    words = line.strip()
    return 0 < len(words) <= 60 and not any(char in words for char in ":@<>0123456789")


def _is_decoration(line: str) -> bool:
    body = line.strip(" \t|")
    if len(line) - len(line.lstrip(" \t")) > 20 or len(body) < 3:
        return False
    lead = len(body) - len(body.lstrip(_RULE_CHARS))
    if lead >= 3:
        trail = len(body) - len(body.rstrip(_RULE_CHARS))
        return lead == len(body) or (trail >= 3 and len(body) - lead - trail <= 80)
    lower = body.lower()
    return lower.startswith("technical details") and len(body) <= 58


def completed_from_text(msg: MessageView, findings: list[Finding]) -> list[Finding]:
    """``findings``, those of a failure that lack a usable recipient or any reason
    completed from what the notification's text says.

    A decoder recognises a format by its headers or markers and may still not find
    everything in a variant of its text (a provider's notice relayed through another
    MTA, a DSN whose reply is only in the human-readable part or whose
    ``Final-Recipient`` is damaged); the text usually says it anyway:

    - a failure whose recipient is no address takes the one failed recipient the text
      names, when it is the only such finding and the text names one address that no
      other finding has; when it is the only finding and the text names none, the
      returned message's one recipient, else the recipient its VERP return path names;
    - a failure that gives no reason (no diagnostic or one that only says it failed,
      no decided reason, at most an "other or undefined" ``X.Y.0`` status) takes the
      reason said beside its recipient's address, else, when it is the only finding, the reply or
      labelled reason the text quotes or the statement of the failure when it gives a
      cause ("because ..."), else the reply to its ``RCPT TO`` in a session transcript
      anywhere in the text, else the reason its Subject gives (``Returned mail: User
      unknown``);
    - a delay whose reply names only the queue's state (Exchange's ``400 4.4.7 Message
      delayed``, or no reply and status ``4.4.7``) takes the latest reply the text
      quotes after that one for its recipient: the error of the last attempt, the
      cause.

    (``base.fill_from_text`` is the tool of a decoder that reads its format's blocks
    itself; this reads any format's text as the fallback does, after any decoder.)
    """
    if len(findings) > MAX_COMPLETED:
        return findings
    if any(map(_only_queue_state, findings)):
        text = notification_text(msg)[:MAX_COMPLETION_TEXT]
        lower = text.lower()
        findings = [_with_cause_of_delay(f, text, lower) if _only_queue_state(f) else f for f in findings]
    if not any(map(_incomplete, findings)):
        return findings
    nameless = [f for f in findings if _fails(f) and clean_recipient(f.recipient) is None]
    notice = Notice(notification_text(msg)[:MAX_COMPLETION_TEXT])
    if notice.states_failure or notice.states_delay or notice.quotes_code:
        findings = _completed_from_notice(msg, notice, findings, nameless)
    if len(findings) == 1 and _fails(findings[0]) and clean_recipient(findings[0].recipient) is None:
        address = _sole_original_recipient(msg, notice) or _verp_recipient(msg)
        if address:
            findings = [replace(findings[0], recipient=address)]
    if any(map(_says_nothing, findings)):
        replies = _transcript_replies(msg.text[:MAX_COMPLETION_TEXT])
        findings = [
            replace(f, diagnostic=replies[key])
            if _says_nothing(f) and (key := (clean_recipient(f.recipient) or "").lower()) in replies
            else f
            for f in findings
        ]
    if len(findings) == 1 and _says_nothing(findings[0]):
        reason = _subject_reason(msg)
        if reason:
            findings = [replace(findings[0], diagnostic=reason)]
    return findings


def _sole_original_recipient(msg: MessageView, notice: Notice) -> str | None:
    """The one recipient of the returned message, from its header fields (attached, or
    quoted in the notice's own table of them), when it had exactly one."""
    original = msg.original or _inline_original(msg.text)
    if original is not None and original.recipients:
        found = {a.lower() for a in original.recipients}
    else:
        blocks = _header_blocks(notice)
        found = {
            m[1].lower()
            for line in notice.lines
            if line.paragraph in blocks and _TO_LINE.match(line.text)
            for m in ADDRESS.finditer(line.text)
        }
    found -= _own_addresses(msg)
    return next(iter(found)) if len(found) == 1 else None


def _inline_original(text: str) -> OriginalHeaders | None:
    """The header fields of a message returned inline, in the text itself (a notice
    without MIME parts: "----- Unsent message follows -----" and the message)."""
    text = text[:MAX_COMPLETION_TEXT]
    original = original_from_text(text)
    if original is None or not original.recipients:
        start = text.find("\nReceived: ")
        original = original_from_text(text[start + 1 :]) if start >= 0 else None
    return original


def _verp_recipient(msg: MessageView) -> str | None:
    """The recipient a VERP return path names (``bounces+jo=example.com@lists.example.org``
    for ``jo@example.com``), the address the bounce was sent back to."""
    for name in ("To", "Delivered-To", "X-Original-To"):
        m = _VERP.match(strip_address(msg.header(name)) or "")
        if m:
            local = m[1]
            if m.string[m.start(1) - 1] == "-":
                # Ids between the prefix and the local part ("list-return-12-jo=",
                # "b-n2445-jo=", "bounce-mc.us5_123.456-jo.doe="): the local part follows
                # the last segment that holds a digit, where one follows it.
                segments = local.split("-")
                ids = [i for i, segment in enumerate(segments[:-1]) if any(c.isdigit() for c in segment)]
                if ids:
                    local = "-".join(segments[ids[-1] + 1 :])
            return f"{local}@{m[2]}".lower()
    return None


def _transcript_replies(text: str) -> dict[str, str]:
    """The reply to each ``RCPT TO`` of the session transcripts in ``text`` (which a
    notice may put after its "original message follows" line), by address."""
    replies: dict[str, str] = {}
    commands = list(_RCPT_TO.finditer(text))
    for m, later in zip(commands, [*commands[1:], None][: len(commands)], strict=True):
        address = m[1].lower()
        if address in replies:
            continue
        end = min(later.start() if later else len(text), m.end() + MAX_REASON)
        reply = _reply_in(text[m.end() : end])
        if reply:
            replies[address] = reply
    return replies


def _completed_from_notice(
    msg: MessageView, notice: Notice, findings: list[Finding], nameless: list[Finding]
) -> list[Finding]:
    """:func:`completed_from_text` from a notice's text, which states a failure."""
    named = [f for f in _recipients(msg, notice, any_paragraph=True)[0] if f.recipient]
    if len(nameless) == 1:
        known = {clean_recipient(f.recipient) for f in findings} - {None}
        new = {clean_recipient(f.recipient) for f in named} - known - {None}
        if len(new) == 1:
            findings = [replace(f, recipient=next(iter(new))) if f is nameless[0] else f for f in findings]
    # What the text says beside the recipient's address, else (for a notice about one
    # recipient: with more, the first reply quoted may be another's) the reply or the
    # labelled reason it quotes, or its statement of the failure when that gives the
    # cause. The notice's paragraph after its statement, naming no one, is often
    # boilerplate ("For further assistance, please send mail to postmaster"): where
    # a recipient's reason is only that, a decoder's silence is better.
    quoted = _reply_in(notice.text) or _labelled_reason(notice.text)
    weak = notice.reason if notice.reason != quoted else None
    near: dict[str | None, str] = {}
    for found in named:
        address, diagnostic = found.recipient, found.diagnostic
        if diagnostic and (diagnostic != weak or address in diagnostic):
            near.setdefault(clean_recipient(address), diagnostic)
    stated = (quoted or _statement_of_cause(notice)) if len(findings) == 1 else None
    completed = []
    for f in findings:
        if _says_nothing(f):
            diagnostic = near.get(clean_recipient(f.recipient)) or stated
            if diagnostic:
                f = replace(f, diagnostic=diagnostic)
        completed.append(f)
    return completed


def _only_queue_state(finding: Finding) -> bool:
    """A failure or delay that says only that the message waited: the queue-state reply,
    or no reply and the queue's status (``X.4.7``)."""
    diagnostic = finding.diagnostic
    if diagnostic:
        queued = "4.4.7" in diagnostic and _QUEUE_STATE.fullmatch(diagnostic.strip()) is not None
    else:
        queued = bool(finding.status and finding.status.endswith(".4.7"))
    return queued and _fails(finding)


def _with_cause_of_delay(finding: Finding, text: str, lower: str) -> Finding:
    """``finding`` with the cause ``text`` (``lower``: in lower case) gives after its
    queue-state reply, if any."""
    address = (clean_recipient(finding.recipient) or "").lower()
    if not address:
        return finding
    start = lower.find(address)
    mentions = 0
    while start >= 0 and mentions < _MAX_MENTIONS:
        mentions += 1
        start += len(address)
        stop = start + MAX_REASON
        blank = _BLANK.search(text, start, stop)
        block = text[start : blank.start() if blank else stop]
        replies = [m.start() for m in _REPLY_WITH_STATUS.finditer(block)]
        causes = [i for i in replies if not _QUEUE_STATE.match(block, i)]
        if causes and len(causes) < len(replies):
            cause = _reply_in(block[causes[-1] :])
            if cause:
                return replace(finding, diagnostic=cause.rstrip("'\""))
        start = lower.find(address, start)
    return finding


def _statement_of_cause(notice: Notice) -> str | None:
    """The notice's statement of the failure when it gives the cause ("... could not be
    delivered because the recipient's destination email system is unknown")."""
    statement = notice.statement()
    if statement is None:
        return None
    text = notice.paragraph_text(statement)
    return " ".join(text.split())[:MAX_REASON] if _CAUSE.search(text) else None


def _subject_reason(msg: MessageView) -> str | None:
    """The reason a bounce's Subject gives after its opening words, if it gives one."""
    m = _REASON_SUBJECT.match(msg.subject)
    if m is None:
        return None
    reason = m[1].strip()
    original = msg.original
    if _NO_REASON_SUBJECT.search(reason) or (
        original is not None and original.subject and reason.lower() == original.subject.strip().lower()
    ):
        return None
    return reason[:MAX_REASON]


_FAILURE_EVENTS = frozenset({None, Event.BOUNCE, Event.DELAYED})


def _fails(finding: Finding) -> bool:
    """A finding of a failure or a delay (not a delivery, complaint or auto-reply)."""
    return (
        finding.event in _FAILURE_EVENTS and finding.reason is None
        and finding.action in (None, "failed", "delayed")
    )


def _incomplete(finding: Finding) -> bool:
    """A failure whose finding gives no reason or no usable recipient."""
    return _fails(finding) and (_gives_no_reason(finding) or clean_recipient(finding.recipient) is None)


def _says_nothing(finding: Finding) -> bool:
    """A failure or a delay (not a delivery, complaint or auto-reply) whose finding gives
    no reason for it."""
    return _fails(finding) and _gives_no_reason(finding)


def _gives_no_reason(finding: Finding) -> bool:
    status = finding.status
    diagnostic = finding.diagnostic
    says_why = bool(diagnostic) and (
        len(diagnostic) > _MAX_ONLY_FAILED or _ONLY_FAILED.match(diagnostic) is None
    )
    # "Other or undefined" codes (X.0.0, and X.Y.0 within a subject: 4.5.0, 5.5.0) name
    # at most the kind of trouble; the text may say what it was.
    return not says_why and (not status or status.endswith(".0"))
