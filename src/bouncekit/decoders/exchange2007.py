"""Microsoft Exchange Server 2007 and later (on premises): ``Undeliverable: <subject>``.

A ``multipart/report`` whose text (in the server's language) reads ``Delivery has
failed to these recipients or groups:`` (``Échec de la remise ...``), a friendly
explanation per recipient, then ``Diagnostic information for administrators:``,
``Generating server: host`` and per recipient the address followed by the enhanced
reply: ``#550 5.1.1 RESOLVER.ADR.RecipNotFound; not found ##`` or ``Remote Server
returned '550 5.1.1 ...'``. The RFC 3464 part follows, often without Diagnostic-Code.

Exchange and Office 365 write these texts in the language of the sending organisation
(``Diagnoseinformationen für Administratoren:``, ``Información de diagnóstico para
administradores:``, ``管理者向けの診断情報:`` ...), so past the heading the layout is read
language-independently: an address alone on a line, then a line quoting the reply in
``#... ##`` or between apostrophes (``Remoteserver hat '550 5.1.1 ...' zurückgegeben``).

Fixtures: lhost-exchange2007-*.eml.
"""

from __future__ import annotations

import re
from dataclasses import replace

from bouncekit.decoders.base import (
    Decoder,
    Finding,
    delivery_status_of,
    dsn_findings,
    fill_from_text,
)
from bouncekit.decoders.fallback.wording import DELAYS
from bouncekit.mime import MessageView, strip_address

_GENERATING = re.compile(r"^(?:Generating server|Serveur de g[ée]n[ée]ration|Generierender Server)\s*:",
                         re.MULTILINE | re.IGNORECASE)
#: "Diagnostic information for administrators:" in the languages Exchange is set up in.
_DIAGNOSTIC_HEADINGS = (
    "Diagnostic information for administrators",
    "Informations de diagnostic pour les administrateurs",
    "Diagnoseinformationen für Administratoren",
    "Información de diagnóstico para administradores",
    "Informazioni di diagnostica per gli amministratori",
    "Informações de diagnóstico para administradores",
    "Diagnostische gegevens voor beheerders",
    "Informacje diagnostyczne dla administratorów",
    "Диагностические сведения для администраторов",
    "Diagnostické informace pro správce",
    "Diagnostisk information för administratörer",
    "Diagnosticeringsoplysninger til administratorer",
    "Diagnostikkinformasjon for administratorer",
    "Järjestelmänvalvojien diagnostiikkatiedot",
    "Yöneticiler için tanılama bilgileri",
    "Diagnosztikai információk a rendszergazdák számára",
    "管理者向けの診断情報",
    "管理员的诊断信息",
    "系統管理員的診斷資訊",
    "관리자를 위한 진단 정보",
)
_ADDRESS = re.compile(r"^\s*<?([^\s@<>]{1,255}@[^\s<>]{1,255}?)>?\s*$")
# Exchange 2007/2010 on a relayed failure: "mx.example #< #5.0.0 smtp; 550 5.1.1 ...> #SMTP#".
_WRAPPED = re.compile(r"#<\s?#([245]\.\d{1,3}\.\d{1,3}[^\n]{0,1000}?)>\s?#SMTP#", re.IGNORECASE)
# (Exchange Online may put the remote host before it: "mx.example #550 5.7.1 ... ##".)
_CODE = re.compile(
    r"^\s*(?:[A-Za-z0-9][\w.-]{0,252}[ \t]+#|#?)([245]\d\d[ -][245]\.\d{1,3}\.\d{1,3}.{0,1000}?)\s*##"
)
# "Remote Server returned '550 5.1.1 ...'" in any language: the reply (or Exchange's
# "< #5.0.0 smtp; ...>" wrapping of it) between apostrophes, a few words around it.
_REMOTE = re.compile(
    r"^[^'\n]{0,120}'((?:<\s?#|#?[245]\d\d[ -]|#?[245]\.\d{1,3}\.\d)[^\n]{0,1000})'[^'\n]{0,80}$"
)


# A line that opens a quoted reply (see _REMOTE) without closing it: a client or a relay
# re-wrapped the long line.
_OPENS_QUOTED_REPLY = re.compile(r"^[^'\n]{0,120}'(?:<\s?#|#?[245]\d\d[ -]|#?[245]\.\d{1,3}\.\d)")
#: Lines after its first that a re-wrapped quoted reply is looked for in.
_MAX_WRAPPED_LINES = 8


def _rewrapped_reply(first: str, following: list[str]) -> re.Match[str] | None:
    """_REMOTE's match of a quoted reply re-wrapped over ``first`` and some of the
    ``following`` lines (up to a blank one), joined with spaces."""
    joined = first
    for line in following:
        if not line.strip() or len(joined) > _MAX_REPLY_LINE:
            return None
        # (A line that ends in "=" is a quoted-printable soft break left undecoded.)
        joined = f"{joined[:-1]}{line.strip()}" if joined.endswith("=") else f"{joined} {line.strip()}"
        if m := _REMOTE.match(joined[:_MAX_REPLY_LINE]):
            return m
    return None


#: Longest line read for a reply: the longest that _CODE, _WRAPPED and _REMOTE can match
#: (a host of 253, a reply of 1000 and their frames), with room to spare.
_MAX_REPLY_LINE = 1500


class Exchange2007(Decoder):
    name = "exchange2007"
    markers = _DIAGNOSTIC_HEADINGS

    def decode(self, msg: MessageView) -> list[Finding] | None:
        text = msg.text
        start = next((i for i in (text.find(h) for h in _DIAGNOSTIC_HEADINGS) if i >= 0), -1)
        if start < 0:
            m = _GENERATING.search(text)
            start = m.end() if m else -1
        replies: dict[str, list[str]] = {}
        if start >= 0:
            address = None
            lines = text[start:].split("\n")
            for number, line in enumerate(lines):
                a = _ADDRESS.match(line)
                if a:
                    address = strip_address(a[1])
                    continue
                # (A reply line is at most its patterns' bounds long: a longer line is cut
                # to them, so that a padded line costs no more than a real one.)
                line = line[:_MAX_REPLY_LINE]
                code = _CODE.match(line) or _WRAPPED.search(line) or _REMOTE.match(line)
                if code is None and _OPENS_QUOTED_REPLY.match(line):
                    code = _rewrapped_reply(line, lines[number + 1 : number + 1 + _MAX_WRAPPED_LINES])
                if code and address:
                    replies.setdefault(address, []).append(code[1].strip())
        blocks = [(address, _cause(found)) for address, found in replies.items()]
        status = delivery_status_of(msg)
        findings = dsn_findings(status) if status is not None else []
        if findings:
            findings = fill_from_text(findings, blocks, append=False)
            # A delay's DSN field holds the queue's state; the text holds the cause.
            causes = {address.lower(): cause for address, cause in blocks}
            return [
                replace(f, diagnostic=causes[f.recipient.lower()])
                if f.recipient and f.recipient.lower() in causes and _QUEUE_STATUS.match(
                    _DIAGNOSTIC_TYPE.sub("", f.diagnostic or "")
                )
                else f
                for f in findings
            ]
        # Without a delivery-status part, the delay notice says so in its subject and text.
        # (In another language, the subject's own words: "配信が遅延しています:".)
        delayed = (_DELAY_NOTICE.search(msg.subject) or _DELAY_NOTICE.search(text[: max(start, 0)])
                   or DELAYS(msg.subject))
        action = "delayed" if delayed else "failed"
        return [Finding(recipient=a, diagnostic=d, action=action) for a, d in blocks] or None


#: Exchange's delay notice: "Delivery delayed:" subjects, "Delivery is delayed to these
#: recipients or groups:", "This message hasn't been delivered yet."
_DELAY_NOTICE = re.compile(
    r"^delivery delayed:|delivery is delayed to these recipients|hasn.t been delivered yet", re.IGNORECASE
)


_QUEUE_STATUS = re.compile(r"^[245]\d\d[ -]4\.4\.7\b")
_DIAGNOSTIC_TYPE = re.compile(r"^[ \t]{0,10}smtp[ \t]{0,10};[ \t]{0,10}", re.IGNORECASE)


def _cause(replies: list[str]) -> str:
    """The reply that says why: a delay notice lists ``400 4.4.7 Message delayed`` (the
    queue's own state) and then, with times, the errors of each attempt; the latest of
    those is the cause."""
    causes = [r for r in replies if not _QUEUE_STATUS.match(r)]
    return causes[-1] if causes else replies[0]
