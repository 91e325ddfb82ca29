"""The notice inside a person's forward, rebuilt as a message of its own.

A person forwarding a delivery notice ("Fwd: Undelivered Mail Returned to Sender" to a
help desk or a bounce mailbox) usually wants the failed address dealt with, so the
forward is decoded as the notice it carries. Mail clients carry it in one of two ways:

- attached whole, as a ``message/rfc822`` part (Thunderbird's, Outlook's and Apple
  Mail's "forward as attachment"): that message is the notice;
- inline, below a line that opens the forwarded message ("---------- Forwarded message
  ---------", "-------- Forwarded Message --------", "Begin forwarded message:",
  "-----Original Message-----", Outlook's rule of underscores, or, in a client that
  writes none, the header block alone) and a block of the forwarded message's header
  fields ("From:", "Sent:" / "Date:", "To:", "Subject:", or their translations: "Von:",
  "Gesendet:", "An:", "Betreff:", "De :", "Objet :", ...). Some clients quote the whole
  forwarded message in "> " lines; those are unquoted one level. A Fwd: message that only
  quotes a notice in "> " lines, with no separator, carries it too; its subject, without
  the forward prefix, stands for the notice's.

The rebuilt message has the header block's fields and the text below it, and is decoded
like any message. It counts only when it is a notice itself (:func:`is_notice`): a person
forwarding an ordinary mail that says "undeliverable" gives nothing.

The work is bounded: the text is the forward's own (cut at ``MAX_FORWARD_TEXT``), read
once line by line; only the first few attached messages are looked at; and the rebuilt
message is decoded through at most ``bouncekit.api.MAX_FORWARD_DEPTH`` forwards.

Fixtures: tests/fixtures/handmade-21/emails/x-fwd-*, handmade/emails/quoted-bounce-01.eml,
/work/shared/corpus/sisimai/unsplit-bounces/make-test-36.eml.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bouncekit.decoders.autoreply import subject_says_automatic_reply
from bouncekit.decoders.base import enclosed_views
from bouncekit.decoders.fallback.wording import ABOUT_DELIVERY, FORWARD_PREFIX, named_as_mail_system
from bouncekit.decoders.forward import is_machine_sender
from bouncekit.mime import MessageView, load

#: Characters of the forward's text read for the forwarded message.
MAX_FORWARD_TEXT = 256 * 1024
#: Attached messages looked at, in order, for the notice.
MAX_ATTACHED = 8
#: Lines of a forwarded header block read at most.
_MAX_HEADER_LINES = 24
#: Lines after a separator skipped (blank or the forwarder's client's own lines) before
#: its header block.
_MAX_LEAD = 4
#: Lines of a bare header block searched for its other fields after "From:".
_BARE_BLOCK_SPAN = 8
#: Quoted lines that make a quoted forward without a separator.
_MIN_QUOTED_LINES = 3

# --- what opens a forwarded message ----------------------------------------------------
#
# A dashed line with the words mail clients write ("---------- Forwarded message
# ---------" Gmail, "-------- Forwarded Message --------" Thunderbird, "----- Forwarded
# Message -----" Zimbra, "----- Forwarded message from Ann <a@b> -----" mutt,
# "-----Original Message-----" Outlook) in the clients' languages.
_DASHED_WORDS = (
    r"forwarded message|original message|weitergeleitete nachricht|ursprüngliche nachricht|"
    r"originalnachricht|message transféré|message d.origine|message original|mensaje reenviado|"
    r"mensaje original|messaggio inoltrato|messaggio originale|mensagem encaminhada|"
    r"mensagem reencaminhada|mensagem original|doorgestuurd bericht|oorspronkelijk bericht|"
    r"origineel bericht|wiadomość przekazana|przekazana wiadomość|oryginalna wiadomość|"
    r"wiadomość oryginalna|пересылаемое сообщение|пересланное сообщение|исходное сообщение|"
    r"vidarebefordrat meddelande|ursprungligt meddelande|videresendt meddelelse|"
    r"videresendt melding|oprindelig meddelelse|opprinnelig melding|välitetty viesti|"
    r"alkuperäinen viesti|továbbított üzenet|eredeti üzenet|přeposlaná zpráva|původní zpráva|"
    r"iletilen ileti|özgün ileti|転送メッセージ|転送されたメッセージ|元のメッセージ|"
    r"转发的邮件|原始邮件|轉寄的郵件|原始郵件|전달된 메시지|원본 메시지|"
    # Lotus Notes: "----- Forwarded by Ann Lee/Sales/Acme on 03/14/2006 11:02 AM -----"
    r"forwarded by|weitergeleitet von|transféré par|reenviado por|inoltrato da|doorgestuurd door|"
    r"encaminhado por|przesłane dalej przez|vidarebefordrat av|videresendt af"
)
_SEPARATOR = re.compile(
    # (Tried only where a run of dashes starts, taken whole: linear over a long run.)
    r"(?<!-)-{2,}+[ \t]*+(?:" + _DASHED_WORDS + r")"
    # Apple Mail's line, and its translations.
    r"|(?:begin forwarded message|anfang der weitergeleiteten nachricht|"
    r"début du message réexpédié|inicio del mensaje reenviado|comienzo del mensaje reenviado|"
    r"inizio messaggio inoltrato|início da mensagem reencaminhada|começo da mensagem encaminhada|"
    r"begin doorgestuurd bericht|początek przekazywanej wiadomości|"
    r"начало переадресованного сообщения|vidarebefordrat brev börjar|vidarebefordrat brev|"
    r"videresendt meddelelse begynder|videresendt brev|välitetty viesti alkaa|"
    r"転送されたメッセージ)[ \t]*[:：]",
    re.IGNORECASE,
)
# Outlook on the web and recent Outlook desktops: a rule of underscores over the block.
_RULE = re.compile(r"(?<!_)_{16,}+[ \t]*+$")

# --- the forwarded message's header block ---------------------------------------------
#
# Each label as mail clients write it in their languages, and the header field it
# stands for. French writes a space before the colon ("De :", a non-breaking one in
# Outlook); Outlook's Spanish and Portuguese date labels have two words ("Enviado el:",
# "Enviada em:"); CJK clients a full-width
# colon; some plain-text renderings keep the bold as "*From:*".
_LABELS: dict[str, tuple[str, ...]] = {
    "From": ("from", "von", "de", "da", "van", "od", "от", "från", "fra", "lähettäjä", "feladó",
             "kimden", "odesílatel", "差出人", "发件人", "寄件者", "보낸 사람", "afzender", "mittente",
             "remitente", "remetente", "expéditeur", "absender", "nadawca", "отправитель", "avsändare",
             "afsender", "avsender", "gönderen"),
    "Date": ("sent", "date", "gesendet", "datum", "envoyé", "enviado", "enviada", "enviado el", "enviado em",
             "enviada em", "fecha", "data",
             "inviato", "verzonden", "verstuurd", "wysłano", "wysłane", "отправлено", "дата",
             "skickat", "sendt", "lähetetty", "päivämäärä", "elküldve", "dátum", "gönderildi",
             "tarih", "odesláno", "送信日時", "日付", "发送时间", "日期", "寄件日期", "보낸 날짜"),
    "To": ("to", "an", "à", "pour", "a", "para", "aan", "do", "кому", "till", "til", "vastaanottaja",
           "címzett", "kime", "komu", "宛先", "收件人", "收件者", "받는 사람", "destinatario", "destinatário",
           "destinataire", "empfänger", "odbiorca", "получатель", "mottagare", "modtager"),
    "Cc": ("cc", "kopie", "copie", "copia", "kopia", "копия", "kopio", "másolat", "bilgi", "抄送"),
    "Subject": ("subject", "betreff", "objet", "sujet", "asunto", "oggetto", "assunto", "onderwerp", "temat",
                "тема", "ämne", "emne", "aihe", "tárgy", "konu", "předmět", "件名", "主题", "主旨",
                "제목"),
    "Reply-To": ("reply-to", "antwort an", "répondre à", "responder a", "rispondi a"),
    "Return-Path": ("return-path",),
    "Message-ID": ("message-id",),
}
_FIELD_OF = {label: field for field, labels in _LABELS.items() for label in labels}
# (Every field name opens with a letter: the lookahead spares the alternation of all of
# them at each other character of a long run.)
_HEADER_LINE = re.compile(
    r"[ \t]{0,3}\*{0,2}(?=\w)(" + "|".join(sorted(map(re.escape, _FIELD_OF), key=len, reverse=True))
    + r")\*{0,2}[ \t\xa0\u202f]{0,2}[:：]\*{0,2}[ \t\xa0]*(.{0,998})",
    re.IGNORECASE,
)

# One level of quoting as mail clients write it ("> ", ">", " > ").
_QUOTE_LEVEL = re.compile(r"[ \t]{0,3}>[ \t]?")
# A forward prefix, repeated ("Fwd: FW: ..."), as the forward decoder reads one.
_FORWARD_PREFIXES = re.compile(f"^(?:{FORWARD_PREFIX})+\\s*", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Line:
    """One line of the forward's text: as written, how deeply it is quoted, and its words
    without the quoting."""

    raw: str
    depth: int
    content: str


#: Levels of quoting counted at most on one line.
_MAX_DEPTH = 16


def _lines(text: str) -> list[Line]:
    out = []
    for raw in text.split("\n"):
        depth, position = 0, 0
        while depth < _MAX_DEPTH and (m := _QUOTE_LEVEL.match(raw, position)) is not None:
            depth, position = depth + 1, m.end()
        out.append(Line(raw, depth, raw[position:]))
    return out


def _unquoted(line: Line, levels: int) -> str:
    """The line with ``levels`` levels of quoting taken off, the rest as written (a
    quoted notice's own ">>> DATA" stays ">>> DATA" inside its one level of "> ")."""
    if levels == 0 or line.depth == 0:
        return line.raw
    if line.depth <= levels:
        return line.content
    position = 0
    for _ in range(levels):
        m = _QUOTE_LEVEL.match(line.raw, position)
        position = m.end() if m else position
    return line.raw[position:]


def _header(content: str) -> tuple[str, str] | None:
    m = _HEADER_LINE.fullmatch(content.rstrip())
    if m is None:
        return None
    return _FIELD_OF[m[1].lower()], m[2].strip().strip("*").strip()


def _start_of_block(lines: list[Line], after: int) -> int | None:
    """The first line of the header block that follows line ``after``, if one does."""
    for index in range(after + 1, min(after + 1 + _MAX_LEAD, len(lines))):
        if _header(lines[index].content):
            return index
        if lines[index].content.strip():
            return None
    return None


def _bare_block(lines: list[Line], index: int) -> bool:
    """True when line ``index`` opens a header block without a separator above it: a
    "From:" or "Date:" line, with the others of "From:", "Subject:" and "Sent:" / "Date:"
    in the lines below (Hotmail's forwards opened with the date)."""
    first = _header(lines[index].content)
    if first is None or first[0] not in ("From", "Date"):
        return False
    found = {first[0]}
    for line in lines[index + 1 : index + _BARE_BLOCK_SPAN]:
        field = _header(line.content)
        if field is None:
            break
        found.add(field[0])
    return {"From", "Subject", "Date"} <= found


@dataclass(frozen=True, slots=True)
class InlineForward:
    """The forwarded message found in a forward's text: its header fields and text."""

    fields: tuple[tuple[str, str], ...]
    text: str


def inline_forward(text: str) -> InlineForward | None:
    """The message forwarded inline in ``text`` (a forward's own text), if there is one."""
    lines = _lines(text[:MAX_FORWARD_TEXT])
    start = _opening(lines)
    if start is None:
        return _quoted_without_separator(lines)
    # The forwarded message is quoted as deeply as its first line below the opening.
    first = next((line for line in lines[start:] if line.content.strip()), None)
    levels = first.depth if first is not None else 0
    fields: list[tuple[str, str]] = []
    index = start
    while index < len(lines) and len(fields) < _MAX_HEADER_LINES:
        line = lines[index]
        if line.depth < levels:
            break
        # (No folded field: clients write each on one line, and an indented line right
        # below the block is the notice's own text, as where no blank line follows it.)
        field = _header(line.content)
        if field is not None:
            fields.append(field)
        elif line.content.strip() or fields:
            break
        index += 1
    if not fields and (notes := _notes_block(lines, start)) is not None:
        fields, index = notes
    body = next((line for line in lines[index:] if line.content.strip()), None)
    if body is not None and body.depth > levels:
        # A header block written plain over a text quoted in "> " lines (OTRS, Znuny,
        # Apple Mail's "Begin forwarded message:"): the text is read unquoted.
        levels = body.depth
    return InlineForward(tuple(fields), _text_below(lines, index, levels))


# Lotus Notes forwards a message under "----- Forwarded by <name> on <date> -----" as a
# table rendered in lines: the sender, the date, then each label on a line of its own
# with its value on the next ("To" / "ann@example.com", "cc" / "", "Subject" / "...").
# Its labels are the header block's (``_LABELS``), and Notes' own German "Thema" and blind copies.
_NOTES_LABELS = {
    **{label: field for label, field in _FIELD_OF.items() if field in ("To", "Cc", "Subject")},
    "thema": "Subject", "bcc": "Cc", "blindkopie": "Cc",
}
#: Lines of a Notes block read at most: the sender, the date and three labels with values.
_NOTES_SPAN = 16


def _notes_block(lines: list[Line], start: int) -> tuple[list[tuple[str, str]], int] | None:
    """The fields of a Lotus Notes forward's block from line ``start``, and the line after
    it: its sender (where it is an address), its "To" and its "Subject"; None where the
    lines are not such a block."""
    filled = [k for k in range(start, min(start + _NOTES_SPAN, len(lines))) if lines[k].content.strip()]
    if len(filled) < 4 or _NOTES_LABELS.get(lines[filled[2]].content.strip().lower()) is None:
        return None  # (the sender, the date, then a label)
    sender = lines[filled[0]].content.strip()
    fields = [("From", sender)] if "@" in sender and " " not in sender else []
    position = 2
    while position < len(filled):
        field = _NOTES_LABELS.get(lines[filled[position]].content.strip().lower())
        if field is None:
            return None
        following = filled[position + 1] if position + 1 < len(filled) else None
        # A label with no value ("cc" over a blank line, then "Subject") has the next label below it.
        if following is None or _NOTES_LABELS.get(lines[following].content.strip().lower()) is not None:
            position += 1
            continue
        fields.append((field, lines[following].content.strip()))
        if field == "Subject":
            return (fields, following + 1) if any(name == "To" for name, _ in fields) else None
        position += 2
    return None


def _opening(lines: list[Line]) -> int | None:
    """Where the forwarded message's header block starts, or its text where it has none."""
    for index, line in enumerate(lines):
        content = line.content
        if _SEPARATOR.match(content.lstrip()) or _RULE.match(content.lstrip()):
            block = _start_of_block(lines, index)
            if block is not None:
                return block
            if _SEPARATOR.match(content.lstrip()):
                return index + 1  # a separator without a header block below it
        elif _bare_block(lines, index):
            return index
    return None


def _quoted_without_separator(lines: list[Line]) -> InlineForward | None:
    """A forward that quotes the message in "> " lines and writes no separator: the first
    run of quoted lines, with the header block at its top where there is one."""
    run_start = None
    for index, line in enumerate([*lines, Line("", 0, "")]):
        if line.depth > 0:
            run_start = index if run_start is None else run_start
            continue
        if run_start is not None and index - run_start >= _MIN_QUOTED_LINES:
            run = lines[run_start:index]
            fields = []
            position = 0
            while position < len(run) and (field := _header(run[position].content)) is not None:
                fields.append(field)
                position += 1
            return InlineForward(tuple(fields), "\n".join(_unquoted(line, 1) for line in run[position:]))
        run_start = None
    return None


def _text_below(lines: list[Line], index: int, levels: int) -> str:
    """The forwarded text from line ``index``: the lines quoted at least ``levels`` deep
    (the forwarder may write again below a quote), with that quoting taken off."""
    out = []
    for line in lines[index:]:
        if levels and line.depth < levels and line.content.strip():
            break
        out.append(_unquoted(line, levels))
    return "\n".join(out)


# --- the rebuilt message ---------------------------------------------------------------


# A date as RFC 5322 writes it ("Thu, 14 Mar 2024 12:02:15 +0100"). Mail clients write
# the forwarded message's date in their own forms ("Tuesday, March 5, 2024 2:41 PM", "5
# March 2024 at 11:02:17 CET", "Mon, 4 Mar 2024 at 09:12"), which the date reader would
# misread (the afternoon as the morning) or not read: those are left out.
_RFC5322_DATE = re.compile(
    r"^(?:[A-Za-z]{3}, )?\d{1,2} (?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} "
    r"\d{1,2}:\d\d(?::\d\d)?(?: (?:[+-]\d{4}|UT|GMT|[ECMP][SD]T|Z)(?: \(.{0,40}\))?)?$"
)


def rebuilt(forward: InlineForward, subject: str) -> MessageView:
    """A message of the forwarded header fields and text (``subject`` where the block
    gives none: the forward's own without its prefix)."""
    fields = dict(forward.fields)  # (the last of a repeated label: clients write each once)
    fields.setdefault("Subject", _FORWARD_PREFIXES.sub("", subject, count=1))
    if not _RFC5322_DATE.match(fields.get("Date", "")):
        fields.pop("Date", None)
    head = "".join(f"{name}: {' '.join(value.split())}\n" for name, value in fields.items() if value)
    raw = (
        f"{head}MIME-Version: 1.0\nContent-Type: text/plain; charset=utf-8\n"
        f"Content-Transfer-Encoding: 8bit\n\n{forward.text}"
    )
    return load(raw.encode("utf-8", "surrogateescape"))


def attached_messages(msg: MessageView, most: int = MAX_ATTACHED) -> list[MessageView]:
    """The first ``most`` messages attached whole to ``msg`` (not those inside them)."""
    return [view for view in enclosed_views(msg)[:most] if len(view.message)]


def is_notice(view: MessageView) -> bool:
    """True when ``view`` is a mail system's notice about a delivery: a delivery status
    report, a null return path, a mailer-daemon, postmaster or "Mail Delivery System"
    sender, or a subject about a delivery ("Undeliverable: ...", "Returned mail")."""
    if mail_system_sent(view):
        return True
    return ABOUT_DELIVERY(view.subject)


def mail_system_sent(view: MessageView) -> bool:
    """True when the marks of a mail system are on ``view``: a delivery status report,
    ``X-Failed-Recipients``, a null return path, a mailer-daemon or postmaster sender."""
    if view.content_type == "multipart/report" or view.has_header("X-Failed-Recipients"):
        return True
    if view.has_header("Return-Path") and view.header("Return-Path").strip() in ("<>", ""):
        return True
    if named_as_mail_system(view.from_address, view.from_header):
        return True
    return bool(view.parts_of("message/delivery-status", "message/global-delivery-status"))


def forwarded_notice(msg: MessageView) -> MessageView | None:
    """The notice that the forward ``msg`` carries, inline or attached, if it carries one.

    An attached message that bears no mark of a notice (an automatic reply, a challenge,
    an application's own notice) is returned too, the first one: attached whole, it is
    read as a message of its own, which counts only where it decodes as one. An inline
    forward's rebuilt message (a header block, no whole message) must be a notice, come
    from a mail system's address, or be titled as an automatic reply."""
    inline = inline_forward(msg.text)
    if inline is not None and (inline.fields or inline.text.strip()):
        view = rebuilt(inline, msg.subject)
        if is_notice(view) or is_machine_sender(view) or subject_says_automatic_reply(view.subject):
            return view
    attached = attached_messages(msg)
    return next((view for view in attached if is_notice(view)), attached[0] if attached else None)


def attached_notice(msg: MessageView) -> MessageView | None:
    """The first notice attached whole to ``msg`` (a forward's, a journal report's)."""
    return next((view for view in attached_messages(msg) if is_notice(view)), None)
