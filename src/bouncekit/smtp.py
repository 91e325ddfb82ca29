"""SMTP reply codes (RFC 5321) and enhanced status codes (RFC 3463) found in free text.

Bounce texts quote the remote server in many shapes: ``550 5.1.1 <a@b>: unknown``,
multi-line ``550-5.7.1 ...`` replies, ``smtp; 550 ...`` Diagnostic-Code values, or a
status code alone. These helpers pull the codes out and clean the text; they never
invent a code that is not in the text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bouncekit.frozen import fast_init

#: Longest diagnostic text kept; replies longer than this are cut (bounded work).
MAX_TEXT = 4096

# Each scanner starts with its first digit's class and checks what precedes it after
# that digit: a pattern that opens with a lookbehind gives the regular expression
# engine nothing to skip ahead with, and tries every position of the text.
_STATUS = re.compile(r"([245])(?<![\d.][245])\.(\d{1,3})\.(\d{1,3})(?!\d)(?!\.\d)")
# A reply code followed by an enhanced status code: the most trustworthy shape.
_REPLY_AND_STATUS = re.compile(
    r"([245](?<![\d.][245])\d\d)[ \t]*[- ][ \t]*(?:#|\(|['\"])?([245])\.(\d{1,3})\.(\d{1,3})(?!\d)(?!\.\d)"
)
# A reply code opening the text or a line, after an optional diagnostic type: matched
# at the start, then searched after a newline (a pattern opening with ``(?:^|\n)``
# tries every position of the text; one opening with ``\n`` skips from newline to newline).
_REPLY_OPENING = r"[ \t]*(?:(?:smtp|x-[\w-]+)[ \t]*;[ \t]*)?[<(\[\"']?([245][0-5]\d)(?:[ \t-]|$)"
_REPLY_AT_TEXT_START = re.compile(r"\A" + _REPLY_OPENING, re.IGNORECASE)  # \A: linear if searched
_REPLY_AT_LINE_START = re.compile("\n" + _REPLY_OPENING, re.IGNORECASE)


def _reply_at_start(text: str) -> str | None:
    """The reply code opening ``text`` or one of its lines, or None."""
    m = _REPLY_AT_TEXT_START.match(text)
    if m is None and "\n" in text:
        m = _REPLY_AT_LINE_START.search(text)
    return m[1] if m else None
# A reply code after the words MTAs use to quote one ("said: 550 ..."): each code-like
# number, then the words before it (a search for the words first would try every
# position of the text for each of them).
_REPLY_CODE = re.compile(r"[245](?<![\d.][245])[0-5]\d(?![\d.])")
# (And a library's frame around the reply: Java's "...Exception: 535 ...", Python's
# "SMTPSenderRefused: (530, b'...')".)
_QUOTING_WORDS = ("said", "reply", "replied", "response", "responded", "returned", "answered", "error",
                  "code", "message", "status", "bounce", "exception", "refused")
_QUOTING_WORD_BEFORE = re.compile(
    rf"(?:{'|'.join(_QUOTING_WORDS)})[^0-9\n]{{0,24}}\Z", re.IGNORECASE
)
#: How far before a code its quoting word may start: the longest word and 24 characters.
_QUOTING_REACH = max(map(len, _QUOTING_WORDS)) + 24
# Exim's "after RCPT TO:<a@b>: 550 ..." (and other MTAs' echo of the command the reply
# answered): the code follows the command, its argument and parameters, and a colon.
_AFTER_COMMAND = re.compile(
    r"(?:rcpt to|mail from|end of data|\bdata)[ \t]*:?[ \t]*(?:<[^<>\n]{0,320}>)?"
    r"(?:[ \t]+[\w-]{1,20}=\S{0,60}){0,4}[ \t]*:"
    # Exim's bounce names the host on the next line: "after RCPT TO:<a@b>:\n    host
    # mx.example.net [192.0.2.7]: 550 ..."
    r"(?:\s{0,12}host[ \t]+[\w.-]{1,253}(?:[ \t]+\[[\w.:]{2,45}\])?[ \t]*:)?[ \t]*\Z",
    re.IGNORECASE,
)
#: How far before a code the echoed command may start (its address included).
_COMMAND_REACH = 400


def _quoted_reply_code(text: str) -> str | None:
    """The first reply code that one of the quoting words leads to, or None."""
    worded = commanded = None
    for m in _REPLY_CODE.finditer(text):
        if worded is None:
            lowered = text.lower()
            worded = any(word in lowered for word in _QUOTING_WORDS)
            commanded = "rcpt to" in lowered or "mail from" in lowered or "data" in lowered
        if not (worded or commanded):
            return None
        start = m.start()
        if worded and _QUOTING_WORD_BEFORE.search(text, max(0, start - _QUOTING_REACH), start):
            return m[0]
        if commanded and _AFTER_COMMAND.search(text, max(0, start - _COMMAND_REACH), start):
            return m[0]
    return None
# "550-5.7.1 " or "550 " at the start of each line of a multi-line reply.
_CONTINUATION = re.compile(r"^[ \t]*[245]\d\d[- ](?:[245]\.\d{1,3}\.\d{1,3}[ \t]+)?", re.MULTILINE)
_MULTILINE_START = re.compile(r"([245]\d\d)-(?:[245]\.\d{1,3}\.\d{1,3} )?")
_INLINE_CONTINUATION = re.compile(r" ([245]\d\d)[- ](?:[245]\.\d{1,3}\.\d{1,3} )?(?=\S)")
_DIAGNOSTIC_TYPE = re.compile(r"^\s*(?:smtp|x-[\w.-]+|x400|mail|unix)\s*;\s*", re.IGNORECASE)


@fast_init
@dataclass(frozen=True, slots=True)
class Reply:
    """The codes found in a reply text, and the text itself cleaned."""

    reply_code: str | None
    status: str | None
    text: str


def find_status(text: str) -> str | None:
    """The first enhanced status code in ``text`` (``5.1.1``), or None."""
    m = _STATUS.search(text, 0, MAX_TEXT)
    return f"{m[1]}.{int(m[2])}.{int(m[3])}" if m else None


def _failure_reply(text: str) -> re.Match[str] | None:
    """The first reply-and-status pair in ``text``, preferring a failure (4xx/5xx): a
    quoted transcript shows ``250 2.1.0 Ok`` before the reply that refused the mail."""
    first = None
    for i, m in enumerate(_REPLY_AND_STATUS.finditer(text)):
        if m[1][0] != "2" and m[1][0] == m[2]:
            return m
        if first is None:
            first = m
        if i >= 20:
            break
    return first


def find_reply_code(text: str) -> str | None:
    """The SMTP reply code quoted in ``text`` (``550``), or None."""
    text = text[:MAX_TEXT]
    m = _failure_reply(text)
    if m and m[1][0] == m[2]:
        return m[1]
    return _reply_at_start(text) or _quoted_reply_code(text)


# A reply that opens with its codes, the common shape ("550 5.1.1 ...", "smtp; 550-5.7.1"):
# read without searching the whole text.
_LEADING_REPLY = re.compile(
    r"[ \t]{0,8}(?:(?:smtp|x-[\w.-]{1,40})[ \t]{0,8};[ \t]{0,8})?([45]\d\d)[ \t]{0,8}[- ][ \t]{0,8}"
    r"(?:#|\(|['\"])?([45])\.(\d{1,3})\.(\d{1,3})(?!\d)(?!\.\d)",
    re.IGNORECASE,
)


# Cisco's IronPort / Secure Email Gateway quotes the remote reply as a Python tuple
# after its own summary: "5.1.0 - Unknown address error ('550', ['5.1.1 <a@b>: User
# unknown'])"; the reply code and the status are those inside.
_TUPLE_REPLY = re.compile(
    r"\('([45]\d\d)',[ \t]{0,4}\[[ \t]{0,4}['\"]([45])\.(\d{1,3})\.(\d{1,3})(?!\d)(?!\.\d)"
)
# Python's smtplib puts the server's reply in its exceptions as a (code, bytes) tuple:
# "SMTPRecipientsRefused: {'a@b': (550, b'5.1.1 <a@b>: User unknown')}",
# "SMTPSenderRefused: (553, b'5.7.1 ...', 'from@x')", "SMTPDataError: (554, b'...')";
# applications (Odoo, Django, cron scripts) quote them in their reports as they are.
_SMTPLIB_REPLY = re.compile(r"\(([245][0-5]\d),[ \t]{0,4}b?['\"]")


def parse_reply(text: str) -> Reply:
    """Split a reply or diagnostic text into its reply code, status code and message.

    Multi-line replies lose their repeated ``550-5.7.1`` prefixes; whitespace is
    collapsed so that a folded reply reads as one line.
    """
    return Reply(*reply_parts(text))


#: A reply code where a reply starts (a line's start, after "said: ", "<<< ", "Deferred: ",
#: a bracket or a quote), followed by its enhanced status code or its words.
_REPLY_START = re.compile(
    r"(?:^|(?<=[\s(:;>\"]))([245])\d\d(?=[ -](?:[245]\.\d{1,3}\.\d{1,3}\b|[A-Za-z<\"(]))", re.MULTILINE
)


#: Where a text's lines, or a list's JSON objects, part.
_EVENT_OR_LINE = re.compile(r"\n|(?<=\}), (?=\{)")
#: A permanent reply that only follows from the refusals before it ("554 5.5.1 Error: no
#: valid recipients" to DATA after every RCPT was put off, "503 5.5.1 need RCPT command"),
#: or that only sums one up (Sendmail's "550 a@b... Service unavailable" under the remote
#: reply it quotes, "<<< 550 5.7.1 This mailbox is on legal hold"): no cause of its own.
_CONSEQUENCE = re.compile(
    r"503[ -]|no valid recipients|need (?:rcpt|mail) command|bad sequence of commands|"
    r"\.\.\. service unavailable[ \t]*$",
    re.IGNORECASE,
)


def final_replies(text: str) -> str:
    """``text`` without its temporary replies where it also quotes a permanent one: a
    transcript, a retry history or a give-up that lists every host's answer ("421 4.7.0
    Try again later" from the first MX, "550 5.1.1 User unknown" from the second) failed
    for the permanent reply's cause; the replies that said "not now" are its history, and
    so are the refusals that only follow from another ("503 5.5.2 Need rcpt command" to
    DATA). A temporary reply quoted inside a permanent one on its line ("550 5.0.0 Remote
    server said: 452 4.2.2 Mailbox full") is that reply's cause and stays."""
    if "\n" not in text and "}, {" not in text:
        return text
    # (A sending platform's events, one JSON object each: "[{... deferred ...}, {... bounce ...}]".)
    lines = _EVENT_OR_LINE.split(text)
    kinds = []  # per line: None, "4" (temporary), "5" (permanent) or "c" (a consequence)
    for line in lines:
        m = _REPLY_START.search(line)
        kind = None if m is None else m[1]
        if kind == "5" and _CONSEQUENCE.search(line, m.start()):
            kind = "c"
        kinds.append((kind, m))
    found = {kind for kind, _ in kinds}
    if "5" not in found or not ({"4", "c"} & found):
        return text
    kept = []
    for line, (kind, m) in zip(lines, kinds, strict=True):
        if kind in ("4", "c"):
            line = line[: m.start()].rstrip()
        kept.append(line)
    return "\n".join(kept)


def reply_parts(text: str) -> tuple[str | None, str | None, str]:
    """:func:`parse_reply` as a plain tuple (reply code, status, text), for callers that
    take it apart at once (``classify``): building the frozen Reply costs more than the
    tuple."""
    reply_code, status = reply_codes(text)
    return reply_code, status, clean_text(text)


def reply_codes(text: str) -> tuple[str | None, str | None]:
    """The reply code and the enhanced status code of ``text``, as :func:`parse_reply`
    reads them (without cleaning the text, for callers that need only the codes)."""
    text = text[:MAX_TEXT]
    m = _LEADING_REPLY.match(text)
    if m and m[1][0] == m[2]:
        return m[1], _status(m)
    if "('" in text and (m := _TUPLE_REPLY.search(text)) and m[1][0] == m[2]:
        return m[1], _status(m)
    if "(" in text and (m := _SMTPLIB_REPLY.search(text)):
        return m[1], find_status(text[m.end() :]) or find_status(text)
    if "5" not in text and "4" not in text and "2" not in text:
        # No code can open with anything else: one reply in eight of a mail log's (a
        # sentence alone) skips the four searches below.
        return None, None
    m = _failure_reply(text)
    if m and m[1][0] == m[2]:
        return m[1], _status(m)
    return _reply_at_start(text) or _quoted_reply_code(text), find_status(text)


def _status(m: re.Match[str]) -> str:
    """The status code of a reply-and-status match (groups 2 to 4), without the leading
    zeros a few MTAs write (``5.01.01``); int() only when there may be one."""
    major, subject, detail = m.group(2, 3, 4)
    if subject[0] == "0" or detail[0] == "0":
        return f"{major}.{int(subject)}.{int(detail)}"
    return f"{major}.{subject}.{detail}"


#: A run of bytes written as octal escapes (``Empf\\303\\244nger``), as Exim's
#: string_printing() writes every non-printing byte of a reply in its logs and bounces.
_OCTAL_RUN = re.compile(r"(?:\\[0-3][0-7][0-7]){2,}")


def _octal_run(m: re.Match[str]) -> str:
    data = bytes(int(m[0][i + 1 : i + 4], 8) for i in range(0, len(m[0]), 4))
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return m[0]  # not UTF-8 (a legacy charset, or no text at all): left as written
    # Only non-ASCII text is read back; escaped control characters stay escaped.
    return text if text.isprintable() and not text.isascii() else m[0]


#: A JSON (or Python) ``\\uXXXX`` escape, a surrogate pair as one: a reply copied out of
#: a webhook's or a sending service's raw JSON (``Relais non autoris\\u00e9``).
_UNICODE_ESCAPE = re.compile(r"\\u(d[89ab][0-9a-f]{2})\\u(d[c-f][0-9a-f]{2})|\\u([0-9a-f]{4})", re.IGNORECASE)


def _unicode_escape(m: re.Match[str]) -> str:
    pair = 0x10000 + ((int(m[1], 16) - 0xD800) << 10) + (int(m[2], 16) - 0xDC00) if m[3] is None else 0
    code = pair or int(m[3], 16)
    char = chr(code)
    # A control character, a lone surrogate or an ASCII one stays as written.
    return char if code >= 0xA0 and char.isprintable() else m[0]


def unescape(text: str) -> str:
    """``text`` with escapes of non-ASCII text read back: Exim's octal escapes of UTF-8
    (``Empf\\303\\244nger`` -> ``Empfänger``) and JSON's ``\\u00e9``; runs that do not
    decode to printable non-ASCII text stay as written."""
    if "\\" not in text:
        return text
    if "\\u" in text or "\\U" in text:
        text = _UNICODE_ESCAPE.sub(_unicode_escape, text)
    return _OCTAL_RUN.sub(_octal_run, text)


#: An escaped line break before the next line of a multi-line reply ("...rate of\n421-4.7.0 ...").
_ESCAPED_BREAK = re.compile(r"\\n(?=[245]\d\d[- ])")


def clean_text(text: str) -> str:
    """Unfold a (possibly multi-line) reply into one line of single spaces; escaped
    non-ASCII text (Exim's octal escapes, JSON's ``\\u00e9``) is read back (:func:`unescape`)."""
    text = unescape(text[:MAX_TEXT])
    if "\\n" in text:
        # Exim's main log writes a multi-line reply's line breaks as "\n".
        text = _ESCAPED_BREAK.sub("\n", text)
    if text.find(";", 0, 64) >= 0:  # (no copy of the text's start, as text[:64] makes)
        text = _DIAGNOSTIC_TYPE.sub("", text, count=1)
    if "\n" in text:
        lines = text.splitlines()
        if sum(1 for line in lines if _CONTINUATION.match(line)) > 1:
            first, _, rest = text.partition("\n")
            text = first + "\n" + _CONTINUATION.sub("", rest)
    text = " ".join(text.split())
    first = _MULTILINE_START.match(text) if text.find("-", 0, 16) >= 0 else None
    if first:
        # A multi-line reply already unfolded (a folded Diagnostic-Code field) keeps
        # its "550 5.2.1" line prefixes inside the text: drop the repeats.
        code = first[1]
        rest = _INLINE_CONTINUATION.sub(
            lambda m: " " if m[1] == code else m[0], text[first.end() :]
        )
        text = (text[: first.end()] + rest).strip()
    return text


#: The result of a qmail-send log line:
#: ``delivery 12: failure: Sorry,_no_mailbox_here_by_that_name._(#5.1.1)/`` (or the result
#: alone, ``deferral: user_is_over_quota/``, as a log's reader quotes it). qmail writes
#: the report with ``_`` for each space and ``/`` for each line break, so the part after
#: the outcome holds no space.
_QMAIL_RESULT = re.compile(
    r"(?:\A|delivery \d{1,20}: )(?:success|failure|deferral): (\S{1,4096})\s{0,4}\Z"
)
#: A ``/`` that was a line break in qmail's report: at its end or before a capital or a
#: digit (the next line: ``message./Remote_host_said:_554...``); ``I/O`` keeps its own.
_QMAIL_BREAK = re.compile(r"/(?=[A-Z0-9]|\Z)(?<![A-Z]/)")


_QMAIL_OUTCOMES = ("failure: ", "deferral: ", "success: ")


def qmail_log_words(text: str) -> str:
    """``text`` with the report of a qmail-send log line in words: its ``_`` and
    line-break ``/`` back to spaces, so that rules read ``user_is_over_quota/`` as
    ``user is over quota``. Any other text is returned as it is (a cheap test first)."""
    if "_" not in text or ("delivery " not in text and not text.startswith(_QMAIL_OUTCOMES)):
        return text
    m = _QMAIL_RESULT.search(text)
    if m is None or "_" not in m[1]:
        return text
    return text[: m.start(1)] + _QMAIL_BREAK.sub(" ", m[1].replace("_", " ")).rstrip()


def status_class(status: str | None) -> str | None:
    """The first digit of a status code: ``'5'`` for ``5.1.1``."""
    return status[0] if status else None


def is_generic_status(status: str | None) -> bool:
    """True for ``X.0.0`` codes, which say only success, temporary or permanent."""
    return status is not None and status[1:] == ".0.0"
