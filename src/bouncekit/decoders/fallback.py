"""The generic fallback: any human-readable bounce that no specific decoder claimed.

Runs last. Many MTAs, appliances and webmail systems write one-off notification texts;
they share a few habits this decoder relies on:

- the message is machine-sent: a null or ``MAILER-DAEMON`` / ``postmaster`` / ``Mail
  Delivery System`` sender, a null Return-Path, ``Auto-Submitted`` or
  ``X-Failed-Recipients``; its subject usually says it too (``Undeliverable``,
  ``Delivery failure``, ``Returned mail``, ``failure notice``...);
- the text states that delivery failed (``could not be delivered``, ``unable to deliver
  to the following address(es)``, ``delivery to the following recipients failed
  permanently``, ``had delivery errors``, ``returned permanent errors``...);
- the failed addresses follow that statement one per line (``<addr>:``, ``* addr``,
  ``addr [reason]``, ``addr: reply``) or sit in the failure sentence itself
  (``rejected recipient <addr> ... [550 5.1.1 User unknown]``);
- the remote reply, when quoted, is an SMTP reply (``553 5.3.0 ...``) or follows words
  such as ``said:``, ``responded ...:``, ``error message:``.

To stay conservative, a message gives records only when it is machine-sent AND its text
states a delivery failure (or a delay); a mere "rejected"/"refused" counts only together
with an SMTP reply or status code. A message from an ordinary sender counts only with a
bounce-like subject that is not a reply or forward (``Fwd: Undeliverable``) and a text
that both states the failure and quotes a code. Addresses of the bounce itself (its From
and To, the returned message's sender), quoted header lines and help-desk addresses
("please contact <support@...>") are not taken as failed recipients; an SMTP transcript's
``RCPT TO:<addr>`` is the last resort. A machine-sent message that states a delivery
failure but names no recipient gives one finding without recipient (class 30). When the
notification wraps another bounce as ``message/rfc822`` (a relay forwarding the bounce it
got), the wrapped bounce is read instead. A notice that only says delivery is delayed or
will be retried gets action ``delayed``. A filter's quarantine digest sent to a
recipient ("messages held for you") lists senders of held mail and gives no record.

Fixtures: lhost-x1-*.eml ... lhost-x6-*.eml (formats of unknown MTAs).
"""

from __future__ import annotations

import email.message
import re
from dataclasses import replace

from bouncekit.decoders.base import ADDRESS, Decoder, Finding, address_blocks, dsn_findings, find_host
from bouncekit.mime import MessageView, strip_address

#: Only this much notification text is read; the statement and the list come first.
MAX_TEXT = 64 * 1024

_BOUNCE_LOCAL = re.compile(
    r"^(?:mailer-daemon|mailerdaemon|mail-daemon|postmaster|mdaemon)(?:[+@]|$)"
)
_BOUNCE_NAME = re.compile(
    r"mailer[- ]?daemon|mail delivery|delivery (?:subsystem|system|status)|mail administrator|"
    r"postmaster|mail system|mail server",
    re.IGNORECASE,
)
_BOUNCE_SUBJECT = re.compile(
    r"undeliver|undelivered|delivery (?:status|fail|failure|problem|report|notification|error)|"
    r"failed delivery|non-?delivery|returned mail|returned to sender|failure notice|"
    r"mail delivery failed|could not be delivered|delivery has failed|"
    r"error sending|permanent (?:delivery )?(?:error|failure)|bounced?\b|rejected",
    re.IGNORECASE,
)
# A statement that delivery failed: the one signal every human-readable bounce has.
_FAILURE = re.compile(
    r"(?:could ?n[o']t|can ?n[o']t|was ?n[o']t|were ?n[o']t|has ?n[o']t been|have ?n[o']t been|"
    r"not be|wasn't|was not)[ \t\n]{1,3}(?:be[ \t\n]{1,3})?(?:delivered|relayed|sent)|"
    r"\bundeliver|\bundelivered|non-?deliver|unable to (?:deliver|relay|send)|"
    r"(?:could ?n[o']t|can ?n[o']t|not able to|failed to|was ?n[o']t able to) deliver|"
    r"deliver(?:y|ing)?[ \t\n]{1,3}(?:to[ \t\n]{1,3}the[ \t\n]{1,3}following[^\n]{0,40}?)?"
    r"(?:has[ \t\n]{1,3})?(?:failed|failure|was aborted|errors?|problems?)|"
    r"failed permanently|permanent(?:ly)? (?:delivery )?(?:error|failure|fatal)|returned permanent errors|"
    r"following (?:address(?:es|\(es\))?|recipients?)[^\n]{0,30}? failed|"
    r"trouble delivering|error (?:while |in )?delivering|"
    r"error (?:has )?occurred while (?:attempting|trying) to deliver|error sending your (?:mail|message)|"
    r"message non-deliverable|"
    r"mail delivery failed|returned mail|did not reach|"
    r"following (?:address(?:es|\(es\))?|recipients?) (?:had|with) (?:permanent |fatal )?(?:delivery )?error|"
    r"(?:message|mail) (?:was|has been) (?:returned|bounced)|"
    # the same statement in the other languages bounces are commonly written in
    r"nicht zugestellt|nicht\b[^\n.]{0,80}?\b(?:zugestellt|übermittelt) werden|unzustellbar|"
    r"zustellung fehlgeschlagen|"
    r"n.a pas (?:pu )?(?:être|etre|été|ete) (?:remis|distribu|d[ée]livr)|non remis|"
    r"[ée]chec de (?:la )?(?:remise|distribution)|"
    r"no (?:se )?(?:ha )?(?:podido|pudo) (?:ser )?entrega|non [èe] stato possibile (?:consegnare|recapitare)|"
    r"n[ãa]o (?:foi poss[íi]vel entregar|p[ôo]de ser entregue)|"
    r"la remise a [ée]chou|recapito non riuscito|impossibile recapitare|falha na entrega|"
    r"n[ãa]o [ée] poss[íi]vel entregar|(?:kon|kan) niet (?:worden )?(?:bezorgd|afgeleverd)|onbestelbaar|"
    r"送信できませんでした|配送できませんでした|配信できませんでした|送信に失敗|配送に失敗|配信に失敗|"
    r"届けることができませんでした|配信不能|"
    r"nie (?:mo[żz]na|mo[żz]e zosta[ćc]) dostarczy|nie zosta[łl]a? dostarczon|"
    r"не (?:может быть |удалось |было )?доставлен|недоставлен|"
    r"kunde inte levereras|kunne ikke leveres|ei voitu toimittaa|teslim edilemedi",
    re.IGNORECASE,
)
# A subject that alone says delivery failed ("bounce" or "rejected" do not: people use them).
_FAILURE_SUBJECT = re.compile(
    r"undeliver|delivery (?:status notification \(failure\)|failure|failed|has failed)|"
    r"returned mail|failure notice|non-?delivery|mail delivery failed|"
    # the subjects of non-English bounces (Exchange's "Unzustellbar:", "Non remis :", ...)
    r"unzustellbar|nicht zustellbar|zustellungsfehler|non remis|non distribu|"
    r"[ée]chec de (?:la )?(?:remise|distribution)|"
    r"no se puede entregar|no entregado|"
    r"non recapitabil|mancato recapito|n[ãa]o [ée] poss[íi]vel entregar|n[ãa]o entregue|onbestelbaar|"
    r"配信不能|配信エラー|不達|niedostarczon|не доставлен|недоставлен|kan inte levereras",
    re.IGNORECASE,
)
# A person's reply or forward ("Fwd: Undeliverable: ...") is not a bounce.
_FORWARD = re.compile(r"^(?:(?:fwd?|fw|re|aw|wg|tr|sv|vs|rif|antw)[ \t]*:[ \t]*)", re.IGNORECASE)
# Weaker wording, believed only together with an SMTP reply or status code.
_REJECTION = re.compile(r"\b(?:rejected|refused|denied|blocked|bounced)\b", re.IGNORECASE)
_DELAY = re.compile(
    r"(?:has|have) not yet been delivered|will (?:continue to |keep )?(?:retry|try again|trying|be retried)|"
    r"(?:delivery|is|was|has been|have been) (?:delayed|deferred)|"
    r"this is (?:only )?a warning|"
    r"warning message only|still (?:being )?(?:retried|trying|queued)|"
    # the same notice in the other languages bounces are commonly written in
    r"nur eine warnung|noch nicht zugestellt|wird (?:weiter|erneut) versucht|zustellung verz[öo]gert|"
    r"pas encore (?:[ée]t[ée] )?(?:remis|distribu|livr)|remise (?:diff[ée]r[ée]e|retard[ée]e)|"
    r"todav[íi]a no (?:se )?ha (?:sido )?entregad|entrega (?:retrasada|demorada)|"
    r"non (?:è )?ancora (?:stato )?(?:recapitat|consegnat)|consegna ritardata|"
    r"ainda n[ãa]o (?:foi )?entregue|entrega atrasada|nog niet (?:afgeleverd|bezorgd)|bezorging vertraagd|"
    r"配信が遅延|配送が遅延|遅延しています",
    re.IGNORECASE,
)
_PERMANENT = re.compile(
    r"permanent|not going to try again|giving up|gave up|too long|failed|no further", re.IGNORECASE
)
# Where the returned original (or its headers) starts: the end of the notification.
_ORIGINAL = re.compile(
    r"^(?:[ \t]{0,20}-{2,80}[^\n]{0,60}?(?:original|copy of|below this line|returned message|message header|"
    r"headers? of|undelivered message|rejected message)|"
    r"[^\n]{0,20}(?:original message follows|included is a copy of the message|"
    r"this is a copy of the message|copy of the original message|original message headers?)|"
    r"(?:Received|Return-Path|DKIM-Signature|X-Original-To|Delivered-To|Message-ID|X-Received)"
    r":[ \t])",
    re.IGNORECASE | re.MULTILINE,
)
_ADDR = r"[^<>\s:()\[\],;\"']{1,64}@[A-Za-z0-9][A-Za-z0-9.-]{0,251}[A-Za-z0-9]"
# A line that names one failed address: "<a@b>:", "  * a@b", "a@b [User unknown]", "a@b: reply".
_ENTRY = re.compile(
    r"^[ \t]*(?:(?:[*\->•]{1,3}|\d{1,3}[.)])[ \t]*)?[\"']?<?(" + _ADDR + r")>?[\"']?"
    r"(?=[ \t]*(?:[:,(\[]|\.\.\.|$)|[ \t]+\S)"
)
_REPLY_WITH_STATUS = re.compile(r"(?<![\w.#])[245]\d\d[ -]#?[245]\.\d{1,3}\.\d{1,3}(?![\w.])")
_REPLY_QUOTED = re.compile(
    r"(?:said|responded|response|reply|replied|answered|error message|error|reason|returned)"
    r"[^\n0-9]{0,40}?[:\[(][ \t]*\[?(?<![\w.])([245][0-5]\d)(?=[ -]\D)",
    re.IGNORECASE,
)
_REPLY_LINE = re.compile(r"^[ \t]*[\[(]?([245][0-5]\d)[ -](?=[A-Za-z<#])", re.MULTILINE)
# Lines whose addresses are not recipients: quoted header fields, and the help desk the
# notification invites you to contact.
_CONTACT = (
    r"(?:\b(?:contact|assistance|questions?|helpdesk|help desk|support team)\b|"
    r"ご連絡|連絡先|お問い合わせ|問い合わせ)"
)
_HEADER_LINE = re.compile(
    r"^[ \t]*(?:message-?id|in-reply-to|references|from|sender|reply-to|return-path|date)[ \t]*:[^\n]*$",
    re.IGNORECASE | re.MULTILINE,
)
_CONTACT_TEXT = re.compile(_CONTACT, re.IGNORECASE)
_RCPT_TO = re.compile(r"RCPT TO:[ \t]{0,3}<?(" + _ADDR + r")>?", re.IGNORECASE)
_STATUS = re.compile(r"(?<![\w.])[245]\.\d{1,3}\.\d{1,3}(?![\w.])")
_REASON_LINE = re.compile(r"^[ \t]*(?:reason|error|diagnostic|remote server said)[ \t]*:[ \t]*", re.I | re.M)
_RULE_CHARS = "=_*#~-"
_LIST_INTRO = re.compile(r"following|:[ \t]*$", re.IGNORECASE)
_QUARANTINE = re.compile(
    r"quarantin|held (?:for you|as (?:suspected )?spam|for review)|spam digest|junk (?:mail )?digest",
    re.IGNORECASE,
)
_FOR_THE_READER = re.compile(r"for you\b|your (?:mail)?box|addressed to you|sent to you", re.IGNORECASE)
_BLANK = re.compile(r"\n[ \t]*\n")
_CLOSERS = {"[": "]", "(": ")", "<": ">"}


class Fallback(Decoder):
    name = "fallback"

    def matches(self, msg: MessageView) -> bool:
        return _machine_sent(msg) or _bounce_subject(msg)

    def decode(self, msg: MessageView) -> list[Finding] | None:
        text = notification_text(msg)
        if _recipient_digest(msg, text):
            return None
        machine = _machine_sent(msg)
        by_subject = machine and bool(_FAILURE_SUBJECT.search(msg.subject))
        if not (_states_failure(text) or by_subject):
            return None
        if not machine and not ((_FAILURE.search(text) or _DELAY.search(text)) and _quotes_code(text)):
            # A bounce-like subject alone is weak (people write "rejected" too): the text
            # must also state the failure and quote the server's code.
            return None
        findings = _text_findings(msg, text, any_paragraph=by_subject)
        if not findings:
            findings = _wrapped_bounce(msg)
        if not findings:
            if not (_FAILURE.search(text) or _DELAY.search(text) or by_subject):
                return None  # "rejected" + a code is not enough without a recipient
            findings = [Finding(recipient=None, diagnostic=_global_reason(text))]
        if _DELAY.search(text) and not _PERMANENT.search(text):
            findings = [replace(f, action="delayed") for f in findings]
        return findings


def notification_text(msg: MessageView) -> str:
    """The human-readable notification, cut where the returned original begins."""
    text = msg.text[:MAX_TEXT]
    m = _ORIGINAL.search(text)
    return text[: m.start()] if m else text


def _machine_sent(msg: MessageView) -> bool:
    local = msg.from_address.partition("@")[0]
    if not msg.from_address or _BOUNCE_LOCAL.match(local) or _BOUNCE_LOCAL.match(msg.from_address):
        return True
    if _BOUNCE_NAME.search(msg.from_header):
        return True
    if msg.has_header("Return-Path") and msg.header("Return-Path").strip() in ("<>", ""):
        return True
    return msg.header("Auto-Submitted").lower().startswith("auto-") or msg.has_header("X-Failed-Recipients")


def _recipient_digest(msg: MessageView, text: str) -> bool:
    """A filter's digest to a recipient of mail it held ("3 messages held for you"):
    the addresses it lists are senders of held mail, not failed recipients."""
    head = msg.subject + "\n" + text[:2000]
    return bool(_QUARANTINE.search(head) and _FOR_THE_READER.search(head))


def _bounce_subject(msg: MessageView) -> bool:
    """A bounce-like subject that is not a person's reply or forward."""
    return bool(_BOUNCE_SUBJECT.search(msg.subject)) and not _FORWARD.match(msg.subject)


def _quotes_code(text: str) -> bool:
    return bool(_REPLY_WITH_STATUS.search(text) or _REPLY_QUOTED.search(text) or _STATUS.search(text))


def _states_failure(text: str) -> bool:
    """A delivery failure (or delay) statement, or a rejection together with a code."""
    if _FAILURE.search(text) or _DELAY.search(text):
        return True
    return bool(_REJECTION.search(text)) and _quotes_code(text)


def _own_addresses(msg: MessageView) -> set[str]:
    """Addresses that belong to the bounce itself, never failed recipients: its From,
    its To and Cc (the original sender), the returned message's sender. (Delivered-To
    and X-Original-To are left out: relays and test setups fill them unreliably.)"""
    own = {msg.from_address}
    for name in ("To", "Cc"):
        own.update(m[1].lower() for m in ADDRESS.finditer(msg.header(name)))
    original = msg.original
    if original and original.sender:
        own.add(original.sender.lower())
    own.discard("")
    return own


def _text_findings(msg: MessageView, text: str, *, any_paragraph: bool = False) -> list[Finding]:
    """Failed recipients named by the notification text. ``any_paragraph``: the subject
    already states the failure, so an address in any paragraph is a candidate."""
    own = _own_addresses(msg)
    failure = _FAILURE.search(text) or _DELAY.search(text)
    if failure is None and not any_paragraph:
        failure = _REJECTION.search(text)
    # A "rejected" inside one recipient's reply must not hide the recipients listed
    # before it; when the subject states the failure, the list may start anywhere.
    start = failure.start() if failure else 0
    findings: list[Finding] = []
    seen: set[str] = set()
    # 1. One address per line after the failure statement, each with its own text. An
    # address of the bounce itself is kept only when it is all the list names (a
    # message its sender sent to himself).
    entries: list[tuple[str, str]] = []
    for address, block in address_blocks(text[start:], _ENTRY):
        if address.lower() not in seen:
            seen.add(address.lower())
            entries.append((address, block))
        elif entries and entries[-1][0].lower() == address.lower():
            # The reply names the address again at a line start ("said: 550 5.1.1\n
            # <a@b>: Recipient address rejected"): the same block goes on.
            entries[-1] = (entries[-1][0], f"{entries[-1][1]}\n<{address}>{block}")
    listed = [e for e in entries if e[0].lower() not in own] or entries
    if listed:
        return [_finding(address, block, text) for address, block in listed]
    # 2. Addresses inside a paragraph that states the failure; when the subject already
    # states it, inside any paragraph.
    paragraphs = _BLANK.split(text)
    for anywhere in (False, True) if any_paragraph else (False,):
        for paragraph in paragraphs:
            if not anywhere and not (
                _FAILURE.search(paragraph) or _DELAY.search(paragraph) or _REJECTION.search(paragraph)
            ):
                continue
            cleaned = _HEADER_LINE.sub("", paragraph)
            for m in ADDRESS.finditer(cleaned):
                address = strip_address(m[1])
                if not address or address.lower() in own or address.lower() in seen:
                    continue
                if _CONTACT_TEXT.search(cleaned, max(0, m.start() - 60), m.end() + 30):
                    continue  # "please contact <support@...>": the help desk, not a recipient
                seen.add(address.lower())
                findings.append(_finding(address, paragraph, text, whole=True))
        if findings:
            return findings
    # 3. The address of the refused "RCPT TO:" command, in a quoted SMTP transcript.
    for m in _RCPT_TO.finditer(text):
        if m[1].lower() not in own and m[1].lower() not in seen:
            seen.add(m[1].lower())
            findings.append(_finding(m[1], text[m.end() :], text))
    return findings


def _finding(address: str, block: str, text: str, *, whole: bool = False) -> Finding:
    """The finding of one address: the reply its block quotes, else the block's first
    paragraph, else the reason the whole notification gives."""
    block = without_decoration(block)
    diagnostic = _reply_in(block)
    if diagnostic is None and whole:
        diagnostic = _global_reason(text) or block.strip()
    elif diagnostic is None:
        paragraphs = [p for p in _BLANK.split(block.strip(), maxsplit=2) if p.strip()]
        first = paragraphs[0] if paragraphs else ""
        if first.rstrip().endswith(":") and len(paragraphs) > 1:
            # "because:" / "Reason:" introduces the reason on the next paragraph.
            first = paragraphs[1] if len(first) < 40 else f"{first} {paragraphs[1]}"
        diagnostic = _unwrap(first) or _global_reason(text)
    return Finding(recipient=address, diagnostic=diagnostic, remote_mta=find_host(block))


def _reply_in(text: str) -> str | None:
    """The SMTP reply quoted in ``text``, to the end of its paragraph or bracket."""
    m = _REPLY_WITH_STATUS.search(text)
    start = m.start() if m else None
    if start is None:
        q = _REPLY_QUOTED.search(text) or _REPLY_LINE.search(text)
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
    return reply or None


def _unwrap(text: str) -> str:
    """``[User unknown]`` / ``(reason)`` / ``: reason`` -> the reason itself."""
    text = text.strip().lstrip(":").strip()
    if len(text) > 1 and text[0] in _CLOSERS and text.endswith(_CLOSERS[text[0]]):
        text = text[1:-1].strip()
    return text


def _global_reason(text: str) -> str | None:
    """The reason a notification gives for all its recipients, if it quotes one."""
    reply = _reply_in(text)
    if reply:
        return reply
    m = _REASON_LINE.search(text)
    if m:
        reason = _BLANK.split(text[m.end() :], maxsplit=1)[0].strip()
        if reason:
            return reason
    # Else the sentence that states the failure, unless it only introduces the list.
    for paragraph in _BLANK.split(without_decoration(text)):
        if _FAILURE.search(paragraph) and not _LIST_INTRO.search(paragraph):
            return paragraph.strip()
    return None


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
        if _machine_sent(view):
            text = notification_text(view)
            if _states_failure(text):
                found = _text_findings(view, text)
                if found:
                    return found
    return []


def without_decoration(text: str) -> str:
    """``text`` with its rules and headings blanked (``=====``, ``----- Non-delivered
    information -----``, ``Technical details:``): they are layout, not reasons.

    Line by line with ``str`` methods, so that long rules cost one pass.
    """
    lines = text.split("\n")
    return "\n".join("" if _is_decoration(line) else line for line in lines)


def _is_decoration(line: str) -> bool:
    body = line.strip(" \t")
    if len(line) - len(line.lstrip(" \t")) > 20 or len(body) < 3:
        return False
    lead = len(body) - len(body.lstrip(_RULE_CHARS))
    if lead >= 3:
        trail = len(body) - len(body.rstrip(_RULE_CHARS))
        return lead == len(body) or (trail >= 3 and len(body) - lead - trail <= 80)
    lower = body.lower()
    return lower.startswith("technical details") and len(body) <= 58
