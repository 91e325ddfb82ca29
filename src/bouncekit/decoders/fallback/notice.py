"""The notification's text, split once into lines and paragraphs, and the readers of
what it quotes.

:func:`notification_text` cuts a message's text where the returned original begins
(the separators MTAs write, or the first header field of a quoted message);
:class:`Notice` splits it into lines and paragraphs and tells, paragraph by paragraph,
whether it states a failure, a delay or a rejection, or that the sender gives up (each
read once, when first asked for). The readers find in any text the SMTP reply it
quotes (:func:`reply_in`), a labelled reason (:func:`labelled_reason`) and the reason a
notice gives for all its recipients (``Notice.reason``); :func:`without_decoration`
blanks rules and headings, which are layout, not reasons.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from bouncekit.classifier import RuleSet, rules_in_use
from bouncekit.decoders.fallback.wording import (
    DELAYS,
    DSN_ACTION,
    EXPIRY,
    FACT_LINE,
    FAILS,
    GIVES_UP,
    GREETING_WORDS,
    IF_NOT_DELIVERED,
    IF_PERMANENT,
    NAMES_NEW_ADDRESS,
    REASON_LABEL,
    REJECTS,
    VERDICT_LABEL,
)
from bouncekit.lazy import cached_property
from bouncekit.mime import MessageView
from bouncekit.model import Reason
from bouncekit.prefilter import AnyOf

#: Only this much notification text is read; the statement and the list come first.
MAX_TEXT = 64 * 1024
#: Longest reason kept for one address.
MAX_REASON = 2000
# An enhanced status code (RFC 3463), and an SMTP reply that opens with one. (Each opens
# with its first digit and tests what stands before it afterwards: a pattern that opens
# with a character class lets the engine skip to the next 2, 4 or 5, where one opening
# with a lookbehind is tried at every position, three times slower on a long notice.)
STATUS = re.compile(r"[245](?<![\w.][245])\.\d{1,3}\.\d{1,3}(?![\w.])")
REPLY_WITH_STATUS = re.compile(r"[245](?<![\w.#][245])\d\d[ -]#?[245]\.\d{1,3}\.\d{1,3}(?![\w.])")
#: A reply code after a word that introduces it ("said: 550 ...", "error (550) ..."):
#: the code and its opening mark are found first, then the word in the few characters
#: before the mark (no line break or digit between). A search led by the words would try
#: each of them at every position, 60 times slower on a long text that quotes no code.
_REPLY_CODE_AFTER_MARK = re.compile(r"[:\[(][ \t]*\[?(?<![\w.])([245][0-5]\d)(?=[ -]\D)")
_REPLY_WORD_BEFORE_MARK = re.compile(
    r"(?:said|responded|response|reply|replied|answered|error message|error|reason|returned)"
    r"[^\n0-9]{0,40}$",
    re.IGNORECASE,
)
#: Characters before a mark that the introducing word and its gap can take.
_REPLY_WORD_REACH = 13 + 40

# A reply after the host that gave it ("host mx.example.net [192.0.2.1]: 553-you are ..."):
# its first line, where the lines that continue it open their own lines.
_REPLY_AFTER_HOST = re.compile(r"\](?::\d{1,5})?:[ \t]{0,3}([245][0-5]\d)(?=[ -]\D)")
_REPLY_LINE = re.compile(r"^[ \t]*[\[(]?([45][0-5]\d)[ -](?=[A-Za-z<#])", re.MULTILINE)


def _reply_quoted(text: str) -> re.Match[str] | None:
    """The first reply code that a word such as "said" or "error" introduces, with at
    most 40 characters (no line break, no digit) between the word and the code's mark."""
    for m in _REPLY_CODE_AFTER_MARK.finditer(text):
        mark = m.start()
        if _REPLY_WORD_BEFORE_MARK.search(text, max(0, mark - _REPLY_WORD_REACH), mark):
            return m
    return None


# Where the returned original (or its headers) starts: the end of the notification.
# The rule is taken whole (possessive): no phrase starts with a rule character, so giving
# some back never finds a match, and trying to costs time squared in a long rule. (Each
# alternative opens at a line's start on its own: searched through ``AnyOf``, those whose
# words the text lacks are never tried at its lines.)
_ORIGINAL = AnyOf(re.compile(
    r"^[ \t|]{0,20}[-=*_|]{2,80}+[^\n]{0,60}?(?:original|copy of|below this line|returned message|"
    r"message header|headers? of|undelivered message|rejected message|message text follows|"
    r"your message follows|unsent message|ursprüngliche nachricht|originalnachricht|message d.origine|"
    r"message original|mensaje original|messaggio originale|mensagem original|oorspronkelijk bericht|"
    r"wiadomość oryginalna|исходное сообщение|原始邮件|元のメッセージ)|"
    r"^[^\n]{0,20}(?:original message follows|included is a copy of the message|"
    r"this is a copy of the message|copy of the original message|original message headers?|"
    r"your message follows|message text follows)|"
    r"^From [^\s@]{1,64}@[^\s]{1,255} {1,2}(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun) |"
    r"^(?:Received|Return-Path|DKIM-Signature|X-Original-To|Delivered-To|Message-ID|X-Received)"
    r":[ \t]",
    re.IGNORECASE | re.MULTILINE,
))
ADDR = r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~.-]{1,64}@[A-Za-z0-9](?:[A-Za-z0-9.-]{0,251}[A-Za-z0-9])?"
# Addresses inside any text: the left edge is ASCII-aware, so that an address glued to CJK
# text ("发送给liu@example.cn的邮件") is found.
#: Braces, apostrophes and backquotes before an address quote it (a program's message:
#: ``{'jo@example.org': (550, ...)}``), though the address syntax allows them there.
ADDRESS_IN_TEXT = re.compile(
    r"(?<![A-Za-z0-9!#$%&'*+/=?^_`{|}~.-])[{'`]{0,3}(?![{'`])(" + ADDR + r")"
)
# A line quoted from another message ("> ..."), not a transcript's ">>>" or "<<<".
_QUOTED = re.compile(r"^[ \t]{0,3}>(?!>)")
BLANK = re.compile(r"\n[ \t]*\n")
# A failure's reply code opening a label's value ("Server reply: 550 ...", "SMTP code: 552").
_FAILURE_CODE = re.compile(r"[ \t]{0,4}[\[(]?[45]\d\d(?:[ -]|$)", re.MULTILINE)
# Any "Label: value" line, which ends the value of the label before it.
_ANY_LABEL = re.compile(r"^[ \t]{0,20}[^\W\d][\w .'/()-]{0,38}[:：][ \t　]")
_RULE_CHARS = "=_*#~-"
# (A reply in double quotes ends at the closing one: an application quotes its mail
# library's error, 'with message "550 5.2.1 <a@b>: mailbox is disabled"'.)
_CLOSERS = {"[": "]", "(": ")", "<": ">", '"': '"'}


def _statement(says: AnyOf) -> cached_property[bool]:
    """Whether a paragraph's text says it, read when first asked for."""
    return cached_property(lambda paragraph: says(paragraph.flat))


class Paragraph:
    """One paragraph of the notice and what it states, each statement read once when
    first asked for (most notices are decided by a few of them)."""

    def __init__(self, start: int, end: int, text: str) -> None:
        self.start = start
        self.end = end
        #: Lower case, whitespace collapsed.
        self.flat = " ".join(text[start:end].split()).lower()

    @cached_property
    def fails(self) -> bool:
        """States that delivery failed, outside a condition ("if this receipt was not
        delivered to the right person ..." states nothing)."""
        if not FAILS(self.flat):
            return False
        unconditional, conditions = IF_NOT_DELIVERED.subn(" ", self.flat)
        return not conditions or FAILS(unconditional)

    delays = _statement(DELAYS)
    rejects = _statement(REJECTS)
    @cached_property
    def permanent(self) -> bool:
        """Says it gives up: the failure is permanent."""
        return gives_up(self.flat)

    new_address = _statement(NAMES_NEW_ADDRESS)


def gives_up(flat: str) -> bool:
    """True when a text (lower case, whitespace collapsed) says the sender gives up;
    words of finality inside a condition ("we will notify you if it fails permanently")
    do not count."""
    return GIVES_UP(flat) and GIVES_UP(IF_PERMANENT.sub(" ", flat))


@dataclass(frozen=True, slots=True)
class _Line:
    start: int
    text: str
    paragraph: int


class Notice:
    """The notification text of a message, split once into lines and paragraphs."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.lines: list[_Line] = []
        self.paragraphs: list[Paragraph] = []
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
        self.paragraphs.append(Paragraph(start, end, self.text))

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
        return bool(REPLY_WITH_STATUS.search(text) or _reply_quoted(text) or STATUS.search(text))

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


def notification_text(msg: MessageView) -> str:
    """The human-readable notification, cut where the returned original begins."""
    text = msg.text[:MAX_TEXT]
    m = _ORIGINAL.search(text)
    return text[: m.start()] if m else text


# A mail library's quote of the reply ('but got code "550", with message "550 Requested
# action not taken: mailbox unavailable"'): the reply in its double quotes.
_LIBRARY_QUOTE = re.compile(r'\bwith message[ \t]*\n?[ \t]*"(?=[245][0-5]\d[ -])', re.IGNORECASE)


def reply_in(text: str) -> str | None:
    """The SMTP reply quoted in ``text``, to the end of its paragraph or bracket."""
    m = REPLY_WITH_STATUS.search(text)
    start = m.start() if m else None
    if start is None:
        library = _LIBRARY_QUOTE.search(text)
        start = library.end() if library else None
    if start is None:
        q = _reply_quoted(text) or _REPLY_AFTER_HOST.search(text) or _REPLY_LINE.search(text)
        start = q.start(1) if q else None
    if start is None:
        return None
    end = len(text)
    blank = BLANK.search(text, start)
    if blank:
        end = blank.start()
    opener = text[start - 1] if start else ""
    if opener in _CLOSERS:
        close = text.find(_CLOSERS[opener], start, end)
        if close > 0:
            end = close
    reply = text[start:end].strip()
    if "\n" in reply:
        # Sendmail repeats the server's last reply under the transcript ("<<< 550 ..." then
        # "550 ..."): said once.
        lines = [line.strip() for line in reply.split("\n")]
        # A line of the notice's facts under it ("Remote server: mx.example [192.0.2.1]",
        # "Subject: ...") ends the reply: an HTML notice's <br> leaves no blank line between.
        facts = next((k for k in range(1, len(lines)) if FACT_LINE.match(lines[k])), len(lines))
        lines = lines[:facts]
        said = [line.removeprefix("<<< ") for line in lines]
        reply = "\n".join(line for k, line in enumerate(lines) if not k or said[k] != said[k - 1])
    return reply[:MAX_REASON] or None


def labelled_reason(text: str) -> str | None:
    """The value of the first ``Reason:``-like line of ``text``, with its continuation,
    and those of the reason lines right after it (``Reason: Unable to transfer`` over
    ``Diagnostic: Unrecognised O/R name``: the second says more)."""
    lines = text[: MAX_REASON * 2].split("\n")
    outcome = None
    for index, line in enumerate(lines):
        m = REASON_LABEL.match(line)
        if not m:
            continue
        value = [line[m.end() :].strip()]
        # Where the value starts on its line: a line indented that far continues it, as a
        # table of labels wraps a long value under itself ("Raison   : Mail delivery failed"
        # over "           SMTPRecipientsRefused: {...}"), whatever that line holds.
        hanging = len(line) - len(line[m.end() :].lstrip()) if value[0] else None
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
            if hanging is not None and len(following) - len(following.lstrip(" ")) >= hanging:
                value.append(following.strip())
                continue
            label = _ANY_LABEL.match(following)
            further = REASON_LABEL.match(following) if label else None
            if further is None and label and _FAILURE_CODE.match(following, label.end()):
                pass  # the server's reply under a label of any language ("رد الخادم: 550 ..."), whole
            elif further is None and (label or ADDRESS_IN_TEXT.search(following)):
                break  # another label, or a line that names another address
            if further is not None:
                # A further reason ("Detail: 5.7.1 Sender address rejected: <a@b> ..."),
                # whatever address it names.
                following = following[further.end() :]
            value.append(following.strip())
        reason = " ".join(v for v in value if v)
        if reason and outcome is None and _OUTCOME_ONLY.match(reason):
            # "Status: Failed" over "Reason: Invalid number" (a table's cells, a blank line
            # apart): an outcome is no reason; the next reason line gives it.
            outcome = reason
            continue
        if reason:
            return f"{outcome} {reason}"[:MAX_REASON] if outcome else reason[:MAX_REASON]
    return outcome


#: A value that gives only the outcome ("Failed", "Error", "NG", "Fehlgeschlagen", "失敗").
_OUTCOME_ONLY = re.compile(
    r"\W{0,3}(?:failed|failure|error|ng|not sent|undelivered|rejected|fehler|fehlgeschlagen|[ée]chec|erreur|"
    r"fallido|errore|fallito|falha|erro|mislukt|fout|失敗|失败|エラー|실패|오류)\W{0,3}\Z",
    re.IGNORECASE,
)


def verdict_fields(text: str) -> str | None:
    """The values of a gateway's verdict fields in ``text`` ("Policy: Inbound spam policy"
    / "Rule: Spam - high confidence" / "Action: Delete entire message"), joined: the
    reason of a notice that lays its reason out as a table. A DSN's "Action: failed" is
    an outcome, not a verdict."""
    values = []
    for line in text[: MAX_REASON * 2].split("\n"):
        m = VERDICT_LABEL.match(line)
        value = line[m.end() :].strip(" \t") if m else ""
        if value and not DSN_ACTION.match(value):
            values.append(value)
    return " ".join(values)[:MAX_REASON] or None


def unwrap(text: str) -> str:
    """``[User unknown]`` / ``(reason)`` / ``: reason`` / ``... reason`` -> the reason itself."""
    text = text.strip().lstrip(":：.,;-–—…").strip()
    if len(text) > 1 and text[0] in _CLOSERS and text.endswith(_CLOSERS[text[0]]):
        text = text[1:-1].strip()
    return text


def _global_reason(notice: Notice) -> str | None:
    """The reason a notice gives for all its recipients: a quoted reply, a labelled
    reason, else the paragraph after the statement (and the list), else the statement."""
    reply = reply_in(notice.text)
    if reply:
        return reply
    labelled = labelled_reason(notice.text)
    if labelled and names_cause(labelled):
        return labelled
    # A label that names no cause ("Result: Message not delivered") gives way to the
    # notice's own words where they name one ("Malware was detected in ...").
    stated = _stated_reason(notice)
    if labelled and not (stated and names_cause(stated)):
        return labelled
    return stated


#: Paragraphs after a notice's statement read for its reason (past a greeting, the heading
#: written again and the line naming the address).
_REASON_REACH = 5
#: Longest paragraph read as a letter's greeting ("Hello Renee Alvarez,", "Dzień dobry,").
_MAX_GREETING = 60


#: The words that open an exclaimed greeting ("¡Hola, Martina!", "Hi Sam!").
_GREETING_WORD = re.compile(rf"¡?(?:{GREETING_WORDS})\b", re.IGNORECASE)


def _greeting(text: str) -> bool:
    """A short paragraph that ends in a comma, or a greeting's word and an exclamation
    mark: an application's greeting of its user under the notice's heading ("Hello
    Renee Alvarez,", "Bonjour Camille,", "¡Hola, Martina!"), no reason."""
    text = text.strip()
    if len(text) > _MAX_GREETING or "\n" in text:
        return False
    exclaimed = text.endswith(("!", "！")) and _GREETING_WORD.match(text) is not None
    return exclaimed or text.endswith((",", "，"))


def _stated_reason(notice: Notice) -> str | None:
    """The reason in the notice's own words: the paragraph after the statement (and the
    list), else the statement; a short paragraph around them that names the cause."""
    statement = notice.statement()
    if statement is None:
        return None
    said = notice.paragraph_text(statement)
    if EXPIRY.search(said):
        # "After 6 days (146 hours), your message could not be delivered": the cause.
        return " ".join(said.split())[:MAX_REASON]
    # The first paragraph after the statement that names no address and is not the
    # original's subject line: the reason in the notice's own words.
    found = None
    said = " ".join(notice.paragraph_text(statement).split())
    for index in range(statement + 1, min(len(notice.paragraphs), statement + _REASON_REACH)):
        text = notice.paragraph_text(index)
        if "@" in text or len(text.strip()) < 12 or _greeting(text) or " ".join(text.split()) == said:
            continue  # (an address's line, a greeting, the heading written again)
        found = " ".join(text.split())[:MAX_REASON]
        break
    found = found or " ".join(notice.paragraph_text(statement).split())[:MAX_REASON]
    if not names_cause(found):
        # Boilerplate ("Your message could not be delivered as addressed."): a short
        # paragraph before or after it that names the cause ("Receiver not found:
        # 71234,567", "VNM3043 -- MAILBOX DOES NOT EXIST") says why.
        # (The statement itself may name it: "Message not delivered - outbound rate limit
        # reached" over "Your message could not be delivered to the following recipients:".)
        for index in range(max(0, statement - 2), statement + _CAUSE_REACH):
            if index >= len(notice.paragraphs):
                break
            text = " ".join(notice.paragraph_text(index).split())
            if text.endswith((":", "：")) and index + 1 < len(notice.paragraphs) and (
                    "@" not in notice.paragraph_text(index + 1)):
                # "... because it triggered the rule:" over the rule's name (not over the
                # list of the addresses it failed for).
                text = f"{text} {' '.join(notice.paragraph_text(index + 1).split())}"
            if "@" not in text and len(text) <= _MAX_CAUSE_PARAGRAPH and names_cause(text):
                return text
    return found


#: Longest paragraph taken for the cause where the statement's paragraph gives none.
_MAX_CAUSE_PARAGRAPH = 300
#: Paragraphs after the statement read for a cause where the first gives none: past a
#: table of the failed message's details (an application's "Patient", "E-mail address",
#: "Appointment", "Practitioner" rows) to the sentence that says why.
_CAUSE_REACH = 8


def names_cause(text: str) -> bool:
    """A text in which the rules in use read a cause (not only a delay or nothing)."""
    return _names_cause(rules_in_use(), text)


@lru_cache(maxsize=1024)
def _names_cause(rules: RuleSet, text: str) -> bool:
    # Remembered: the notice's reason is asked about for each of its recipients.
    reason = rules.classify(text[:MAX_REASON]).reason
    return reason not in (Reason.DELAYED, Reason.UNDETERMINED)


def without_decoration(text: str) -> str:
    """``text`` with its rules and headings blanked (``=====``, ``----- Non-delivered
    information -----``, ``Technical details:``, a title underlined by a rule): they
    are layout, not reasons.

    Line by line with ``str`` methods, so that long rules cost one pass.
    """
    lines = text.split("\n")
    ruled = [is_decoration(line) for line in lines]
    for index in range(len(lines) - 1):
        if ruled[index + 1] and _is_title(lines[index]):
            ruled[index] = True
    return "\n".join("" if blank else line for line, blank in zip(lines, ruled, strict=True))


def _is_title(line: str) -> bool:
    """A short line of words alone (no code, no label, no address): underlined by a
    rule, it is a section's title ("Additional Information" over "=====")."""
    words = line.strip()
    return 0 < len(words) <= 60 and not any(char in words for char in ":@<>0123456789")


def is_decoration(line: str) -> bool:
    body = line.strip(" \t|")
    if len(line) - len(line.lstrip(" \t")) > 20 or len(body) < 3:
        return False
    lead = len(body) - len(body.lstrip(_RULE_CHARS))
    if lead >= 3:
        trail = len(body) - len(body.rstrip(_RULE_CHARS))
        return lead == len(body) or (trail >= 3 and len(body) - lead - trail <= 80)
    lower = body.lower()
    return lower.startswith("technical details") and len(body) <= 58
