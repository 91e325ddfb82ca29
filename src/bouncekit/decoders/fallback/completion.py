"""Completing another decoder's findings from what the notification's text says.

A format decoder recognises its format by headers or markers and may still miss, in a
variant of its text, a recipient or a reason that the text states plainly;
:func:`completed_from_text` reads the text as the fallback does, after any decoder, and
fills in only what a finding lacks (``bouncekit.api`` calls it for every report).
"""

from __future__ import annotations

import re
from dataclasses import replace

from bouncekit.address import clean_recipient
from bouncekit.decoders.base import ADDRESS, Finding, verp_recipient
from bouncekit.decoders.fallback.notice import (
    BLANK,
    MAX_REASON,
    REPLY_WITH_STATUS,
    Notice,
    labelled_reason,
    notification_text,
    reply_in,
)
from bouncekit.decoders.fallback.recipients import RCPT_TO, header_blocks, named_recipients, own_addresses
from bouncekit.decoders.fallback.wording import CAUSE, NO_REASON_SUBJECT, REASON_SUBJECT, TO_LINE
from bouncekit.mime import DeliveryStatus, MessageView, OriginalHeaders, original_from_text, strip_address
from bouncekit.model import Event

#: Most findings of a report that ``completed_from_text`` completes, and the text it
#: reads: reading a text for its recipients costs what the fallback's reading of the
#: message does, on top of the deciding decoder's work; a long report's decoder gives
#: each recipient's reply itself, and a notice states its reason near its start.
MAX_COMPLETED = 100
MAX_COMPLETION_TEXT = 8 * 1024
#: Mentions of a recipient's address read for its attempts' replies.
_MAX_MENTIONS = 10
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
    if len(findings) == 1 and _fails(findings[0]) and _stands_in(findings[0].recipient, msg):
        # A name only the reporting system knows (an X.500 name, a Notes name), or the
        # list the returned message was addressed to: the VERP return path the notice
        # was sent to names the address it was mailed to.
        verp = _verp_recipient(msg)
        if verp:
            findings = [replace(findings[0], recipient=verp)]
    if any(map(_only_queue_state, findings)):
        text = notification_text(msg)[:MAX_COMPLETION_TEXT]
        lower = text.lower()
        findings = [_with_cause_of_delay(f, text, lower) if _only_queue_state(f) else f for f in findings]
    if msg.delivery_status is not None and any(map(_says_nothing, findings)):
        findings = _completed_under_display_names(msg.delivery_status, msg.text, findings)
    if not any(map(_incomplete, findings)):
        return findings
    nameless = [f for f in findings if _fails(f) and clean_recipient(f.recipient) is None]
    notice = Notice(notification_text(msg)[:MAX_COMPLETION_TEXT])
    if notice.states_failure or notice.states_delay or notice.quotes_code:
        findings = _completed_from_notice(msg, notice, findings, nameless)
    if any(_fails(f) and _bare_local_part(f.recipient) for f in findings):
        findings = _qualified(msg, findings)
    if len(findings) == 1 and _fails(findings[0]) and clean_recipient(findings[0].recipient) is None:
        # The VERP return path first: the returned message's one recipient is a list's
        # own address when the notice is about a list's mail.
        verp = _verp_recipient(msg)
        bare = _bare_local_part(findings[0].recipient)
        address = verp or (None if bare else _sole_original_recipient(msg, notice))
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


#: Most lines of the reason indented under a recipient's display name, and most characters
#: after the name on its own line (a quote and a date: "' on 07/03/2005 10:12").
_MAX_REASON_LINES = 12
_MAX_HEADING_TAIL = 62


def _completed_under_display_names(
    status: DeliveryStatus, text: str, findings: list[Finding]
) -> list[Finding]:
    """``findings``, each that gives no reason completed from the lines indented under its
    display name in the text: Exchange 2000-2003 (and the servers copying its layout)
    heads each recipient's reason with the name its delivery-status block gives in
    ``X-Display-Name`` (``Peter Lowe on 07/03/2005 10:12``, ``Jacques Perrin le ...``),
    in any language, where its Diagnostic-Code is missing."""
    names = {}
    for block in status.recipients:
        name = (block.get("x-display-name") or "").strip().strip("'\"").strip()
        address = (strip_address(block.final_recipient or "") or "").lower()
        if name and address:
            names[address] = name
    if not names:
        return findings
    text = text[:MAX_COMPLETION_TEXT]
    completed = []
    for f in findings:
        name = names.get((strip_address(f.recipient or "") or "").lower()) if _says_nothing(f) else None
        if name and (reason := _reason_under(text, name)):
            f = replace(f, diagnostic=reason)
        completed.append(f)
    return completed


def _reason_under(text: str, name: str) -> str | None:
    """The lines indented deeper than the line that opens with ``name`` (quoted or not,
    then at most a date), joined; None where no such line heads any. (Read line by line:
    no pattern is compiled for a message's own names.)"""
    lines = text.split("\n")
    for index, line in enumerate(lines):
        body = line.lstrip(" \t")
        head = body.lstrip("'\"")
        if (not head.startswith(name) or head[len(name) : len(name) + 1] not in ("", " ", "\t", "'", '"')
                or len(head) > len(name) + _MAX_HEADING_TAIL):
            continue  # (a line about something else, or a sentence that opens with the name)
        indent = len(line) - len(body)
        reason = []
        for below in lines[index + 1 : index + 1 + _MAX_REASON_LINES]:
            if not below.strip() or len(below) - len(below.lstrip(" \t")) <= indent:
                break
            reason.append(below)
        if reason:
            return " ".join(" ".join(reason).split())[:MAX_REASON]
    return None


def _stands_in(recipient: str | None, msg: MessageView) -> bool:
    """A recipient that stands in for the failed address: written as only its reporting
    system knows it (Exchange's X.500 name ``IMCEAEX-_O=...@host``, a Notes name ``Pat
    Quinn/Chicago/Acme@ACME`` with a domain of one label), or an address at the domain of
    the notice's own VERP return path (a list's address, taken from the returned
    message's header fields)."""
    if not recipient or "@" not in recipient:
        return False
    local, _, domain = recipient.rpartition("@")
    domain = domain.strip(" >").lower()
    if local[:5].upper() == "IMCEA" or "/" in local or "." not in domain:
        return True
    header = msg.header("To")
    if domain not in header.lower():
        return False  # (most notices: the test below is for the few that may be a list's)
    to = strip_address(header) or ""
    return to.rpartition("@")[2].lower() == domain


#: A recipient named by its local part alone, as a local mailer or an alias expansion
#: reports it (Sendmail's "550 jhollis... User unknown").
_LOCAL_PART = re.compile(r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~.-]{1,64}")


def _bare_local_part(recipient: str | None) -> str | None:
    value = (recipient or "").strip().strip("<>")
    return value if _LOCAL_PART.fullmatch(value) else None


def _qualified(msg: MessageView, findings: list[Finding]) -> list[Finding]:
    """``findings``, a failed recipient named by its local part alone given the one
    address with that local part that the notice shows (the returned message's
    ``Received: ... for <jhollis@example.org>``, its To): the mail system that
    reports a local mailer's failure leaves its own domain out."""
    text = msg.text[:MAX_COMPLETION_TEXT]
    original = msg.original or _inline_original(msg.text)
    shown = [m[1] for m in ADDRESS.finditer(text)] + list(original.recipients if original else ())
    own = own_addresses(msg)
    completed = []
    for finding in findings:
        local = _bare_local_part(finding.recipient) if _fails(finding) else None
        if local:
            found = {a.lower() for a in shown if a.rpartition("@")[0].lower() == local.lower()} - own
            if len(found) == 1:
                finding = replace(finding, recipient=next(iter(found)))
        completed.append(finding)
    return completed


def _sole_original_recipient(msg: MessageView, notice: Notice) -> str | None:
    """The one recipient of the returned message, from its header fields (attached, or
    quoted in the notice's own table of them), when it had exactly one."""
    original = msg.original or _inline_original(msg.text)
    if original is not None and original.recipients:
        found = {a.lower() for a in original.recipients}
    else:
        blocks = header_blocks(notice)
        found = {
            m[1].lower()
            for line in notice.lines
            if line.paragraph in blocks and TO_LINE.match(line.text)
            for m in ADDRESS.finditer(line.text)
        }
    found -= own_addresses(msg)
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
        address = verp_recipient(strip_address(msg.header(name)) or "")
        if address:
            return address
    return None


def _transcript_replies(text: str) -> dict[str, str]:
    """The reply to each ``RCPT TO`` of the session transcripts in ``text`` (which a
    notice may put after its "original message follows" line), by address."""
    replies: dict[str, str] = {}
    commands = list(RCPT_TO.finditer(text))
    for m, later in zip(commands, [*commands[1:], None][: len(commands)], strict=True):
        address = m[1].lower()
        if address in replies:
            continue
        end = min(later.start() if later else len(text), m.end() + MAX_REASON)
        reply = reply_in(text[m.end() : end])
        if reply:
            replies[address] = reply
    return replies


def _completed_from_notice(
    msg: MessageView, notice: Notice, findings: list[Finding], nameless: list[Finding]
) -> list[Finding]:
    """:func:`completed_from_text` from a notice's text, which states a failure."""
    named = [f for f in named_recipients(msg, notice, any_paragraph=True)[0] if f.recipient]
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
    quoted = reply_in(notice.text) or labelled_reason(notice.text)
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
        blank = BLANK.search(text, start, stop)
        block = text[start : blank.start() if blank else stop]
        replies = [m.start() for m in REPLY_WITH_STATUS.finditer(block)]
        causes = [i for i in replies if not _QUEUE_STATE.match(block, i)]
        # (the block of the queue-state reply: "#400 4.4.7 Message delayed ##" after the
        # domain, as Exchange writes it, or the reply at a line's start)
        if causes and (len(causes) < len(replies) or _QUEUE_STATE.search(block)):
            cause = reply_in(block[causes[-1] :])
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
    return " ".join(text.split())[:MAX_REASON] if CAUSE.search(text) else None


def _subject_reason(msg: MessageView) -> str | None:
    """The reason a bounce's Subject gives after its opening words, if it gives one."""
    m = REASON_SUBJECT.match(msg.subject)
    if m is None:
        return None
    reason = m[1].strip()
    original = msg.original
    if NO_REASON_SUBJECT.search(reason) or (
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
    # at most the kind of trouble, and X.7.1 only that a policy refused it (a virus, a
    # rule, the sender: any of them); the text may say what it was.
    return not says_why and (not status or status.endswith(".0") or status[1:] == ".7.1")
