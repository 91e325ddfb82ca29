"""Gmail (and Google Workspace mail): bounces from ``Mail Delivery Subsystem
<mailer-daemon@googlemail.com>``.

Two generations:

- the classic plain-text notice: "Delivery to the following recipient failed
  permanently:" (or "... has been delayed:", after "THIS IS A WARNING MESSAGE ONLY.")
  and the addresses indented one per line, then "Technical details of permanent
  failure:" (or "temporary failure") with Google's sentence about the attempt ("...
  rejected by the server for the recipient domain example.jp by mx.example.jp.
  [192.0.2.1].") and "The error that the other server returned was:" followed by the
  remote reply, in which Google repeats the reply code (``554 554 5.7.1 ...``) and adds
  its SMTP state (``(state 13)``). Without a remote reply the details are Google's own
  words ("The recipient server did not accept our requests to connect. ... [host.
  [ip]:25: socket error]", "Storage quota exceeded"). The returned message follows
  "----- Original message -----" inline. The same notice in the sender's language
  keeps the layout (addresses indented under a heading, details under another, a ruler)
  and is read by it;
- the current RFC 3464 report, with a human part titled ``** Address not found **``,
  ``** Message not delivered **`` or ``** Delivery incomplete **``: "Your message
  wasn't delivered to <addr> because ...", then "The response was:" and the remote
  reply. When the Diagnostic-Code is missing the human text is the only reason given.

Fixtures: lhost-gmail-*.eml; Gmail's standard reports among rfc3464-*.eml and
rhost-gsuite-*.eml.
"""

from __future__ import annotations

import re
from dataclasses import replace

from bouncekit.decoders.base import (
    Decoder,
    Finding,
    OriginalHeaders,
    address_blocks,
    between,
    dsn_findings,
    inline_original,
)
from bouncekit.decoders.fallback.wording import DELAY
from bouncekit.mime import MessageView

_LIST = re.compile(
    r"^Delivery to the following recipients? (?:has |have )?(?:been )?"
    r"(failed permanently|failed temporarily|failed|delayed)[^:\n]{0,40}:",
    re.M,
)
_LISTED = re.compile(r"^[ \t]+<?([^\s@<>]{1,64}@[^\s<>]{1,253}?)>?[ \t]*$")
_DETAILS = re.compile(r"^Technical details of (?:permanent|temporary) failure:[ \t]*", re.M)
_REMOTE_SAID = "The error that the other server returned was:"
_ORIGINAL = ("----- Original message -----", "----- Message header follows -----")
_END = (*_ORIGINAL, "\n\n\n")
# "rejected by the server for the recipient domain d by mx.d. [192.0.2.1]."
_REJECTED_BY = re.compile(r"\bby ([A-Za-z0-9][A-Za-z0-9.-]{0,252}?)\.? \[[0-9a-fA-F.:]{3,45}\]")
# "[(0) mx.example.jp. [192.0.2.1]:25: socket error]"
_TRIED_HOST = re.compile(r"\[\(\d{1,3}\) ([A-Za-z0-9][A-Za-z0-9.-]{0,252}?)\.? \[")
# Gmail repeats the reply code in front of the remote reply: "554 554 5.7.1 ...".
_REPEATED_CODE = re.compile(r"^([245]\d\d) (?=\1\b)")
_TITLE = re.compile(r"^\*\* ?([^*\n]{2,80}?) ?\*\*[ \t]*$", re.M)
_REPLY_AT_LINE = re.compile(r"^[245]\d\d[ -]", re.M)
_RESPONSE = re.compile(r"The response (?:from the remote server )?was:")
_RETRY = re.compile(r"^Message will be retried[^\n]{0,80}", re.M)
#: The ruler before the returned message, in any language ("----- Mensagem original -----").
_RULER = re.compile(r"^[ \t]{0,8}-{5} [^\n-]{2,40} -{5}[ \t]*$", re.M)
#: The remote reply in the translated details: a reply code after a colon.
_REPLY_IN_DETAILS = re.compile(r"(?<=: )[245]\d\d[ -]")


class Gmail(Decoder):
    name = "gmail"
    senders = ("mailer-daemon@googlemail.com", "mailer-daemon@google.com")

    def decode(self, msg: MessageView) -> list[Finding] | None:
        text = msg.text
        status = msg.delivery_status
        if status is not None:
            return _report_findings(dsn_findings(status), text)
        return _classic_findings(text)


def _classic_findings(text: str) -> list[Finding] | None:
    m = _LIST.search(text)
    if not m:
        return _translated_classic_findings(text)
    listed = between(text, _LIST, ("Technical details", "Message will be retried", *_END)) or ""
    recipients = [address for address, _ in address_blocks(listed, _LISTED)]
    if not recipients:
        return None
    action = "delayed" if "delayed" in m[1] or "temporarily" in m[1] else "failed"
    details = (between(text, _DETAILS, _END) or "").strip()
    if not details and action == "delayed":
        retry = _RETRY.search(text)
        details = retry[0].strip() if retry else ""
    said = between(details, _REMOTE_SAID)
    diagnostic = _REPEATED_CODE.sub("", said.strip()) if said else details
    return _findings(recipients, diagnostic, action, details, inline_original(text, _ORIGINAL))


def _findings(
    recipients: list[str], diagnostic: str, action: str, details: str, original: OriginalHeaders | None
) -> list[Finding]:
    """One finding per listed recipient of a classic notice, the host its details name."""
    host = _REJECTED_BY.search(details) or _TRIED_HOST.search(details)
    return [
        Finding(
            recipient=recipient,
            diagnostic=diagnostic or None,
            action=action,
            remote_mta=host[1].lower() if host else None,
            original_message_id=original.message_id if original else None,
            original_sender=original.sender if original else None,
        )
        for recipient in recipients
    ]


def _report_findings(findings: list[Finding], text: str) -> list[Finding]:
    """The report's findings, with the human text as the reason where the
    Diagnostic-Code is missing."""
    if all(f.diagnostic for f in findings):
        return findings
    human = human_reason(text)
    if not human:
        return findings
    return [f if f.diagnostic else replace(f, diagnostic=human) for f in findings]


def human_reason(text: str) -> str | None:
    """The reason the human part of Google's current reports gives: the remote reply
    after "The response was:", else the title and the paragraph under it."""
    response = between(text, _RESPONSE)
    if response and response.strip():
        return response.strip()
    title = _TITLE.search(text)
    if not title:
        return None
    # The report is written in the sender's language ("La réponse du serveur distant
    # était :"); the remote reply itself is a line starting with its code.
    reply = _REPLY_AT_LINE.search(text, title.end())
    if reply:
        return (between(text[reply.start() :], "", ("\n\n",)) or "").strip() or None
    paragraph = (between(text[title.end() :], "\n", ("\n\n\n", "Learn more")) or "").strip()
    return f"{title[1]}: {paragraph}" if paragraph else title[1]



def _translated_classic_findings(text: str) -> list[Finding] | None:
    """The classic notice in the sender's language ("Die Zustellung an folgende Empfänger
    ist endgültig fehlgeschlagen:", "Falha permanente na entrega para os seguintes
    destinatários:", "次の受信者への配信が遅延しています:"), read by its layout: the
    addresses indented one per line under a heading that ends in a colon, then the
    technical details under a second such heading, up to the ruler before the returned
    message ("----- Original message -----" in its language). The details' remote reply
    starts at its reply code; a notice that says it will retry is a delay."""
    ruler = _RULER.search(text)
    body = text[: ruler.start()] if ruler else text
    lines = body.split("\n")
    first = next((i for i, line in enumerate(lines) if _LISTED.match(line)), None)
    if first is None or first < 2 or not lines[first - 2].rstrip().endswith(":"):
        return None
    recipients, end = [], first
    while end < len(lines) and (_LISTED.match(lines[end]) or not lines[end].strip()):
        listed = _LISTED.match(lines[end])
        if listed:
            recipients.append(listed[1])
        end += 1
    rest = [line for line in lines[end:] if line.strip()]
    # The details' heading ("Technische Details des permanenten Fehlers:") is the first
    # line that ends in a colon; what follows is the reason.
    heading = next((i for i, line in enumerate(rest) if line.rstrip().endswith(":")), None)
    details = " ".join(" ".join(rest[heading + 1 :] if heading is not None else rest).split())
    reply = _REPLY_IN_DETAILS.search(details)
    diagnostic = _REPEATED_CODE.sub("", details[reply.start() :]) if reply else details
    action = "delayed" if DELAY.search(" ".join(body.split()).lower()) else "failed"
    original = inline_original(text, (text[ruler.start() : ruler.end()],)) if ruler else None
    return _findings(recipients, diagnostic, action, details, original) or None
