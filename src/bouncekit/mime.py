"""MIME normalisation: any input message to one read-only view that decoders share.

Whatever the line endings (LF, CRLF, CR), transfer encodings or declared charsets, the
view gives decoded header values, the human-readable notification text, the parsed
RFC 3464 delivery status and the headers of the returned original message. Work is
bounded: only a prefix of a huge message is parsed, and text is cut at fixed lengths.
Values are computed on first use and cached on the view, never in module state.
"""

from __future__ import annotations

import codecs
import contextlib
import email
import email.errors
import email.message
import quopri
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from email.header import decode_header, make_header
from email.policy import Compat32
from email.utils import getaddresses, parseaddr
from functools import lru_cache
from html import unescape as unescape_html
from typing import Any

from bouncekit.charsets import legacy_text
from bouncekit.errors import MessageError
from bouncekit.frozen import fast_init
from bouncekit.lazy import cached_property
from bouncekit.mimeparser import MAX_HEADER_CHARS, header_block_at, opens_field, parse_text
from bouncekit.prefilter import AnyOf
from bouncekit.tnef import Tnef
from bouncekit.tnef import read as read_tnef

#: Only this many bytes of a message are parsed: the notification and the delivery
#: status come first; what follows is the returned original, of which the headers
#: are enough.
MAX_MESSAGE_BYTES = 1024 * 1024
#: Longest decoded text kept from one MIME part.
MAX_PART_CHARS = 256 * 1024

#: The content types of a whole message attached to another (RFC 2046, RFC 6532).
MESSAGE_TYPES = ("message/rfc822", "message/global")

_NEWLINES = re.compile(r"\r\n?")
_SPACES = re.compile(r"[ \t\r\n]+")
#: What ``html_to_text`` removes as a tag (``_without_tags`` does it faster).
_TAGS = re.compile(r"<[^<>]{0,2000}>")
_MAX_TAG = 2000
_HIDDEN_BLOCK = re.compile(r"<(script|style)\b", re.I)
_CELL_END = re.compile(r"</t[dh]\s*>", re.IGNORECASE)
# A line break in the source right after a <br> is the same break (a browser shows one).
_BR = re.compile(r"<br\b[^>]{0,200}>(?:[ \t]{0,200}\r?\n)?|<(?:/p|/div|/tr|/li|/h\d)\b[^>]{0,200}>", re.I)

#: The marks that receiving organisations' gateways put before a subject ("[EXTERNAL] ",
#: "*** SPAM *** ", "[Suspected Spam] ", "EXTERNAL: "): a notice tagged so on its way to the
#: sender's mailbox says what it said before.
_GATEWAY_TAGS = re.compile(
    r"(?:(?:\[|\(|\*{1,5} ?)(?:external(?: (?:sender|email|mail|message))?|extern[ae]?|externo|esterno|ext|"
    r"warning|caution|suspicious|(?:suspected|possible|potential|probable|likely) spam|spam|bulk|"
    r"marketing|phish(?:ing)?|(?:un|not )verified(?: sender)?|sender unverified)(?: \d{1,3}(?:\.\d{1,2})?)?"
    r"(?:\]|\)| ?\*{1,5})|(?:external|extern)[ \t]*:)[ \t]*",
    re.IGNORECASE,
)
#: What only a disclaimer or a scanner's stamp says, in the paragraphs a gateway appends to
#: every message it sends out, notices included.
_FOOTER_WORDS = AnyOf(re.compile(
    r"intended recipient|intended (?:solely|only|exclusively) for|"
    r"intended for the (?:exclusive |sole )?use of|"
    r"received this (?:e-?mail|message|communication|transmission) (?:in error|by mistake)|"
    r"if you are not the (?:intended|named|addressee)|confidentiality (?:notice|note|statement|warning)|"
    r"privileged and confidential|confidential and (?:may be )?(?:legally )?privileged|\bdisclaimer\b|"
    r"(?:scanned|checked) for viruses|virus[- ]free|no virus found in this|think before you print|"
    r"(?:consider the environment|save paper) before printing|vertrauliche informationen|"
    r"nicht der (?:richtige|vorgesehene|beabsichtigte) (?:adressat|empf)|irrt[üu]mlich erhalten|"
    r"strictement confidentiel|destinataire pr[ée]vu|si vous n.[êe]tes pas le destinataire|"
    r"informaci[óo]n confidencial|si usted no es el destinatario|informazioni riservate|"
    r"se non (?:siete|sei|è) il destinatario|vertrouwelijke informatie|niet de (?:beoogde )?geadresseerde|"
    r"informacje poufne|nie jeste[śs] adresatem",
    re.IGNORECASE,
))
#: What a paragraph of the notice itself may say and a disclaimer does not.
_NOTICE_WORDS = re.compile(
    r"@|\b[245]\d\d\b|\b[245]\.\d{1,3}\.\d{1,3}\b|reject|block|infected|quarantin|denied|bounc|"
    r"undeliver|could not be delivered|not delivered|failed|failure",
    re.IGNORECASE,
)
#: A paragraph break or a separator line ("-- ", "________"), before an appended footer.
_FOOTER_BREAK = re.compile(r"\n(?:[ \t]*\n|--[ \t]?\n|[ \t]*[-_=*]{5,}[ \t]*\n)")
_FIELD = re.compile(r"^([A-Za-z][A-Za-z0-9-]{0,60})[ \t]*:[ \t]*(.*)$")
# An addr-spec has one "@": neither part may hold another, which also keeps the match linear.
_SIMPLE_ADDRESS = re.compile(r"<?([^\s<>\"(),;:\\\[\]@]{1,64}@[^\s<>\"(),;:\\\[\]@]{1,255})>?$")
_NAMED_ADDRESS = re.compile(
    r"[^<>@\"()\\]{0,200}<([^\s<>\"(),;:\\\[\]@]{1,64}@[^\s<>\"(),;:\\\[\]@]{1,255})>$"
)
#: ``"Name" <addr>`` and ``addr (Name)``: what ``parseaddr`` reads as that addr-spec.
_QUOTED_OR_COMMENTED_ADDRESS = re.compile(
    r'"[^"\\]{0,200}"[ \t]{0,20}<([^\s<>"(),;:\\\[\]@]{1,64}@[^\s<>"(),;:\\\[\]@]{1,255})>$'
    r'|([^\s<>"(),;:\\\[\]@]{1,64}@[^\s<>"(),;:\\\[\]@]{1,255})[ \t]{0,20}\([^()\\]{0,200}\)$'
)
_ADDRESS_TYPE = re.compile(r"^\s*[\w.+-]{1,20}\s*;\s*")
#: ``MAILER-DAEMON <>``: a plain name and the null address, in which ``parseaddr``
#: finds no addr-spec (a bounce's own From often reads so). Used whole (fullmatch); the
#: lookbehind keeps a search linear too (no new try inside a run of name characters).
_NAMED_NULL_ADDRESS = re.compile(r"(?<![\w -])[\w -]{0,200}<>")


#: An addr-spec whose local part is a quoted string (RFC 5321's ``"anna maria"@example.org``).
_QUOTED_LOCAL_PART = re.compile(r'"[^"\\\n]{1,64}"@[^\s"@<>]{1,255}\Z')

_UTF8_BOM = b"\xef\xbb\xbf"


def load(message: bytes | bytearray | memoryview | str | email.message.Message) -> MessageView:
    """Parse a raw message (or wrap a parsed one) into a :class:`MessageView`."""
    if isinstance(message, email.message.Message):
        return MessageView(message)
    if isinstance(message, str):
        message = message.encode("utf-8", "surrogateescape")
    if not isinstance(message, bytes | bytearray | memoryview):
        raise MessageError(
            f"a message must be bytes, str or email.message.Message, not {type(message).__name__}"
        )
    data = bytes(message[:MAX_MESSAGE_BYTES])
    if data.startswith(_UTF8_BOM):
        data = data[len(_UTF8_BOM) :]  # a message saved by an editor that marks UTF-8 files
    if b"\r" in data:
        # One line ending for every input: quoted-printable soft breaks ("=" at the end
        # of a line) and header folding are only recognised before a LF.
        data = data.replace(b"\r\n", b"\n").replace(b"\r", b"\n")
    if not data or data.isspace():  # (as ``not data.strip()``, without copying the message)
        raise MessageError("the message is empty")
    # As the standard library's BytesParser does: 8-bit bytes survive as surrogates.
    text = data.decode("ascii", "surrogateescape")
    lead = _saved_lead(text)
    view = MessageView(parse_text(text[lead:] if lead else text, _BOUNDED_POLICY))
    view.skipped_lines = text.count("\n", 0, lead)
    return view


#: How far into a file the header block of a saved message is looked for, when the
#: file does not open with it.
MAX_LEAD_CHARS = 16 * 1024
#: Fields that mail systems write into a message's header and that a mail client's or a
#: web page's summary of it (From, To, Subject, Date) does not show.
_TRANSPORT_FIELDS = frozenset({
    "received", "return-path", "delivered-to", "x-original-to", "message-id", "mime-version", "content-type",
})


def _saved_lead(text: str) -> int:
    """Where the message starts in a file that a program or a person saved with
    something before it: Apple Mail's byte count (``.emlx``), Gmail's "Show original"
    summary, a web mail's "Viewing Full Header" title, Outlook's "Microsoft Mail Internet
    Headers" line. 0 when the text opens with a header field or an envelope line (nearly
    always), or when no header block with a field of mail transport (Received,
    Return-Path, Message-ID ...) starts within :data:`MAX_LEAD_CHARS`."""
    if text.startswith("From ") or opens_field(text):
        return 0
    limit = min(len(text), MAX_LEAD_CHARS)
    position = 0
    while position < limit:
        if opens_field(text, position):
            stop, names = header_block_at(text, position)
            if len(names) >= 2 and any(name.lower() in _TRANSPORT_FIELDS for name in names):
                return position
            position = stop  # (no later line of this block starts one: each is read once)
        line_end = text.find("\n", position, limit)
        if line_end < 0:
            break
        position = line_end + 1
    return 0


class _BoundedHeaders(Compat32):
    """The classic policy, with every header value cut at ``MAX_HEADER_CHARS``.

    The standard library parses header parameters (boundary, charset) in time that
    grows with the square of the value's length; a hostile header must not stall us.
    """

    def header_source_parse(self, sourcelines: list[str]) -> tuple[str, str]:
        # Compat32's own split, inlined: this runs for every header of every message.
        name, value = sourcelines[0].split(":", 1)
        if len(sourcelines) > 1:
            value += "".join(sourcelines[1:])
        return name, value.lstrip(" \t").rstrip("\r\n")[:MAX_HEADER_CHARS]

    def header_fetch_parse(self, name: str, value: str) -> Any:
        # Compat32 returns a str as it is unless it holds 8-bit bytes (surrogates), which
        # it finds by encoding the whole value; an ASCII value cannot hold them.
        if isinstance(value, str) and value.isascii():
            return value
        if isinstance(value, str):
            # Raw UTF-8 in a header (RFC 6532, and mailers that never encoded their
            # headers): the text it is. Other 8-bit bytes are read as compat32 reads them.
            with contextlib.suppress(UnicodeError):
                return value.encode("ascii", "surrogateescape").decode("utf-8")
        return super().header_fetch_parse(name, value)


_BOUNDED_POLICY = _BoundedHeaders()


def decode_header_value(value: object) -> str:
    """A header value with RFC 2047 words decoded and folding whitespace collapsed."""
    if value is None:
        return ""
    # Header values that matter are short; decoding an unbounded one costs more than
    # linear time in the standard library's RFC 2047 decoder.
    text = str(value)[:MAX_HEADER_CHARS]
    if "=?" in text:
        # A broken encoded word stays as written (email.errors.MessageError covers the
        # standard library's HeaderParseError and CharsetError).
        with contextlib.suppress(
            ValueError, LookupError, UnicodeError, AssertionError, email.errors.MessageError
        ):
            text = str(make_header(decode_header(text)))
    return collapse_spaces(text).strip()


def collapse_spaces(text: str) -> str:
    """``text`` with each run of blanks and line breaks as one space."""
    # Most values have no such run: four plain searches cost less than the substitution.
    if "  " in text or "\t" in text or "\n" in text or "\r" in text:
        return _SPACES.sub(" ", text)
    return text


def normalize_newlines(text: str) -> str:
    return _NEWLINES.sub("\n", text) if "\r" in text else text


#: Longest run of spaces and tabs, and of blank lines, kept in decoded text. No bounce
#: needs more for its layout; capping them bounds what any reader's pattern can meet
#: where a hostile message pads a reply with megabytes of whitespace.
MAX_BLANK_RUN = 64
MAX_BLANK_LINES = 8
_LONG_BLANK_RUN = re.compile(rf"[ \t]{{{MAX_BLANK_RUN + 1},}}")
# (The first blank line written out: at the many newlines that a text line follows, the
# match then fails before the engine sets up its repeat.)
_LONG_BLANK_LINES = re.compile(rf"\n[ \t]*+\n(?:[ \t]*+\n){{{MAX_BLANK_LINES},}}")


def cap_blank_runs(text: str) -> str:
    """``text`` with runs of spaces/tabs cut to 64 characters and of blank lines to 8."""
    # The regular expression is slow on text with many short runs; a plain search
    # tells first whether any run is long enough.
    if "  " in text and " " * (MAX_BLANK_RUN + 1) in (text.replace("\t", " ") if "\t" in text else text):
        text = _LONG_BLANK_RUN.sub(lambda m: m[0][:MAX_BLANK_RUN], text)
    if "\n\n" in text or "\n " in text or "\n\t" in text:
        text = _LONG_BLANK_LINES.sub("\n" * (MAX_BLANK_LINES + 1), text)
    return text


#: Japanese charsets, and what to try when one of them cannot decode a part: Japanese
#: carriers label EUC-JP or Shift_JIS text as ISO-2022-JP, and write ISO-2022-JP with
#: vendor extensions (NEC/IBM characters) that the strict codec refuses.
_JAPANESE_CHARSETS = frozenset(
    {"iso2022_jp", "iso2022_jp_1", "iso2022_jp_2", "iso2022_jp_2004", "iso2022_jp_3",
     "iso2022_jp_ext", "euc_jp", "euc_jis_2004", "shift_jis", "cp932", "shift_jis_2004"}
)
_JAPANESE_FALLBACKS = ("iso2022_jp_ext", "iso2022_jp_2004", "euc_jp", "cp932")
#: The wider sets that mail programs write under a narrower one's name (as the WHATWG
#: Encoding Standard's label table reads those names): GB2312 text with GBK characters,
#: Big5 with HKSCS ones, EUC-KR with Windows-949's (Unified Hangul), by codec name.
_WIDER_CHARSETS = {
    "gb2312": ("gb18030",), "gbk": ("gb18030",), "hz": ("gb18030",), "big5": ("big5hkscs", "cp950"),
    "cp950": ("big5hkscs",), "euc_kr": ("cp949",), "iso2022_kr": ("cp949",),
}
#: Charset names that Python does not know, as mail programs write them, and the codec
#: each means.
_ALIASES = {
    "windows-31j": "cp932", "x-sjis": "cp932", "x-ms-cp932": "cp932", "iso-8859-8-i": "iso8859_8",
    "iso-8859-6-i": "iso8859_6", "x-euc-jp": "euc_jp", "x-gbk": "gb18030", "x-windows-949": "cp949",
    "x-euc-tw": "big5", "x-mac-roman": "mac_roman",
}


def _fallback_charsets(charset: str | None) -> tuple[str, ...]:
    if not charset:
        return ()
    try:
        name = codecs.lookup(_ALIASES.get(charset.strip().lower(), charset)).name.replace("-", "_")
    except (LookupError, ValueError):  # unknown, or not even a name (a NUL inside)
        return ()
    return _JAPANESE_FALLBACKS if name in _JAPANESE_CHARSETS else _WIDER_CHARSETS.get(name, ())


def decode_bytes(payload: bytes, charset: str | None) -> str:
    """Bytes to text: the declared charset, else UTF-8, else a charset of the declared
    one's family (the wider sets mail programs write under a narrower one's name), else,
    where no charset is declared, a legacy set's text of one script (Japanese in Shift_JIS
    or EUC-JP, Russian, Korean, Chinese: :func:`bouncekit.charsets.legacy_text`), else
    Windows-1252 (never fails). A part declared Latin-1 or Windows-1252 whose bytes are
    UTF-8 (a program that labels all it sends so) is read as UTF-8, and an unlabelled
    one with ISO-2022-JP's escape sequences as ISO-2022-JP."""
    if charset and charset.strip().lower() in _LATIN1_NAMES and not payload.isascii():
        with contextlib.suppress(UnicodeDecodeError):
            return payload.decode("utf-8")
    if b"\x1b$" in payload and (not charset or charset.strip().lower() in ("us-ascii", "ascii")):
        # ISO-2022-JP's escape sequences in a part that does not name it (7-bit, so UTF-8
        # would take it and keep the escapes).
        with contextlib.suppress(UnicodeDecodeError):
            return payload.decode("iso2022_jp_ext")
    for candidate in (charset and _ALIASES.get(charset.strip().lower(), charset), "utf-8"):
        if not candidate:
            continue
        try:
            return payload.decode(candidate)
        except (LookupError, ValueError):  # unknown charset, undecodable bytes, NUL in the name
            continue
    # (Looked up only now: nearly every part decodes with its charset or as UTF-8.)
    for candidate in _fallback_charsets(charset):
        try:
            return payload.decode(candidate)
        except (LookupError, ValueError):
            continue
    if not charset and (legacy := legacy_text(payload)) is not None:
        return legacy
    return payload.decode("cp1252", "replace")


#: The names of Latin-1 and Windows-1252, under which some programs send UTF-8.
_LATIN1_NAMES = frozenset({"iso-8859-1", "iso8859-1", "latin1", "latin-1", "windows-1252", "cp1252"})


def part_text(part: email.message.Message) -> str:
    """The decoded text of a non-multipart part, newlines normalised to LF."""
    try:
        payload = part.get_payload(decode=True)
    except Exception:
        payload = None
    if payload is not None and _not_base64(part):
        payload = None  # labelled base64 but plain text: read as it is
    if payload is None:
        raw = part.get_payload()
        if isinstance(raw, list) and (encoded := encoded_message_body(part)) is not None:
            # A report part (message/feedback-report, message/delivery-status) sent encoded.
            text = decode_bytes(encoded[: MAX_PART_CHARS * 4], _charset(part))
            return cap_blank_runs(normalize_newlines(text[:MAX_PART_CHARS]))
        if isinstance(raw, list):
            return cap_blank_runs("\n\n".join(
                _message_text(p) for p in raw if isinstance(p, email.message.Message)
            )[:MAX_PART_CHARS])
        text = raw if isinstance(raw, str) else ""
    else:
        text = decode_bytes(payload[: MAX_PART_CHARS * 4], _charset(part))
    return cap_blank_runs(normalize_newlines(text[:MAX_PART_CHARS]))


#: What base64 text never holds (RFC 2045 section 6.8: the alphabet, "=" and line
#: breaks) and any sentence does: punctuation, a space between two words (a space at a
#: line's end, which some encoders leave, is not counted).
_NOT_BASE64 = re.compile(r"[.,:;!?()<>@]|\S \S")


def _not_base64(part: email.message.Message) -> bool:
    """True for a part labelled base64 whose body is plain text (a relay's mislabelling):
    decoded, it would be noise."""
    if str(part.get("content-transfer-encoding", "")).strip().lower() != "base64":
        return False
    raw = part.get_payload()
    return isinstance(raw, str) and _NOT_BASE64.search(raw, 0, 4096) is not None


def _message_text(msg: email.message.Message) -> str:
    """An enclosed message or DSN block back as text: its raw fields, then its body.

    Unlike ``as_string()`` this never re-encodes a value, so no charset can make it fail.
    """
    fields = "\n".join(f"{name}: {_field_text(value)}" for name, value in msg.raw_items())
    body = msg.get_payload()
    return fields + ("\n\n" + body if isinstance(body, str) and body else "")


def without_footer(text: str) -> str:
    """``text`` without the disclaimers and scanners' stamps appended at its end: a last
    paragraph (after a blank or a separator line) that has their words and none of a
    notice's (codes, addresses, "rejected", "failed" ...), up to four such paragraphs; a
    text that is all footer (a gateway's disclaimer part) comes out empty."""
    text = "\n\n" + text  # (the first paragraph opens at a break too)
    for _ in range(4):
        end = len(text.rstrip())
        start = max((m.start() for m in _FOOTER_BREAK.finditer(text, max(0, end - 2000), end)), default=-1)
        if start < 0:
            break
        tail = text[start:end]
        if not _FOOTER_WORDS(tail) or _NOTICE_WORDS.search(tail):
            break
        text = text[:start]
    return text[2:]


def html_to_text(html: str) -> str:
    # Table cells would run together once tags are gone ("Recipient" + "a@b"): keep a gap.
    text = _CELL_END.sub(" \t", _BR.sub("\n", _without_hidden_blocks(html)))
    text = _without_tags(text)
    if "&" not in text:
        return text
    # Every named and numeric reference ("&ndash;", "&middot;", "&#8211;"), a non-breaking
    # space as a plain one.
    return unescape_html(text.replace("&nbsp;", " "))


def _without_tags(html: str) -> str:
    """``_TAGS.sub("", html)``: each ``<`` followed by a ``>`` within ``_MAX_TAG``
    characters, none of them ``<``, removed up to that ``>``.

    The regular expression tests every character of every tag against its class, and
    the attributes (inline styles) of a provider's HTML notice are most of its text:
    cut at each ``<``, a tag is found with one ``str.find`` (a quarter of the time).
    """
    pieces = html.split("<")
    out = [pieces[0]]
    for piece in pieces[1:]:
        end = piece.find(">", 0, _MAX_TAG + 1)
        out.append(piece[end + 1 :] if end >= 0 else "<" + piece)
    return "".join(out)


def _without_hidden_blocks(html: str) -> str:
    """``html`` without its ``<script>`` and ``<style>`` elements (content included).

    An element that is never closed loses only its opening tag (as any other tag).
    Linear: each element's end is looked for with ``str.find`` from where it opens, and
    once an element has no closing tag further on, no later opening looks again.
    """
    if "<" not in html:
        return html
    lower = html.lower()
    unclosed: set[str] = set()
    pieces: list[str] = []
    position = search_from = 0
    while (m := _HIDDEN_BLOCK.search(html, search_from)) is not None:
        name = m[1].lower()
        end = -1 if name in unclosed else lower.find(f"</{name}", m.end())
        if end < 0:
            unclosed.add(name)
            search_from = m.end()
            continue
        pieces.append(html[position : m.start()])
        close = html.find(">", end)
        position = search_from = len(html) if close < 0 else close + 1
    pieces.append(html[position:])
    return "".join(pieces)


def _charset(part: email.message.Message) -> str | None:
    try:
        charset = part.get_content_charset()
    except Exception:
        return None
    if charset in (None, "us-ascii", "ascii", "unknown-8bit", "x-unknown"):
        return None
    return charset


_MIME_TYPE = re.compile(r"[a-z0-9][\w.+-]{0,126}/[\w.+-]{1,127}")


def content_type_of(part: email.message.Message) -> str:
    """The part's content type, lower case; a header missing the ``;`` before its
    parameters (``text/plain charset=...``) still gives ``text/plain``."""
    return _clean_content_type(part.get_content_type())


# Remembered: a few content types make nearly every part, and the view asks for the
# type of each part of each message.
@lru_cache(maxsize=256)
def _clean_content_type(ctype: str) -> str:
    m = _MIME_TYPE.match(ctype)
    return m[0] if m else ctype


#: RFC 6533's escape of a non-ASCII character in a ``utf-8`` address (``j\x{00F8}rn@...``).
_UNICODE_ESCAPE = re.compile(r"\\x\{([0-9A-Fa-f]{2,6})\}")


def _unescaped(m: re.Match[str]) -> str:
    code = int(m[1], 16)
    # (An escape of a surrogate or beyond Unicode stays as written: no character.)
    return chr(code) if code <= 0x10FFFF and not 0xD800 <= code <= 0xDFFF else m[0]


def strip_address(value: str | None) -> str | None:
    """``rfc822; <User@Example.COM>`` -> ``User@example.com``; None when no address."""
    if not value:
        return None
    # No RFC 2047 decoding: encoded words may not appear in an addr-spec (RFC 2047
    # section 5), so one there is literally part of the address that was used.
    value = collapse_spaces(str(value)[:MAX_HEADER_CHARS]).strip()
    if ";" in value:  # the address type, which ends with one
        value = _ADDRESS_TYPE.sub("", value)
    if "\\x{" in value:
        value = _UNICODE_ESCAPE.sub(_unescaped, value)
    # Most values are a bare, bracketed, named or commented address: skip the general
    # (slow) parser.
    simple = _SIMPLE_ADDRESS.match(value) or _NAMED_ADDRESS.match(value)
    if simple:
        address = simple[1]
    elif quoted := _QUOTED_OR_COMMENTED_ADDRESS.match(value):
        address = quoted[1] or quoted[2]
    elif _NAMED_NULL_ADDRESS.fullmatch(value):
        address = ""
    else:
        address = parseaddr(value)[1]
    address = (address or value).strip().strip("<> ")
    if not _QUOTED_LOCAL_PART.match(address):  # ("a b"@example.org keeps its quotes)
        address = address.strip("<>\"' ")
    if "@" not in address:
        return address or None
    local, _, domain = address.rpartition("@")
    return f"{local}@{domain.lower().rstrip('.')}"


# --- RFC 3464 delivery status ------------------------------------------------------


@fast_init
@dataclass(frozen=True, slots=True)
class RecipientStatus:
    """The per-recipient fields of a delivery status notification (RFC 3464 §2.3)."""

    final_recipient: str | None
    original_recipient: str | None
    action: str | None
    status: str | None
    remote_mta: str | None
    diagnostic_code: str | None
    last_attempt_date: str | None
    will_retry_until: str | None
    fields: tuple[tuple[str, str], ...]

    def get(self, name: str) -> str | None:
        """Any field of the block by case-insensitive name (vendor X- fields too)."""
        name = name.lower()
        return next((v for k, v in self.fields if k == name), None)


@fast_init
@dataclass(frozen=True, slots=True)
class DeliveryStatus:
    """A parsed ``message/delivery-status`` (or RFC 6533 global) part."""

    reporting_mta: str | None
    arrival_date: str | None
    original_envelope_id: str | None
    fields: tuple[tuple[str, str], ...]
    recipients: tuple[RecipientStatus, ...]

    def get(self, name: str) -> str | None:
        name = name.lower()
        return next((v for k, v in self.fields if k == name), None)


def _mta_name(value: str | None) -> str | None:
    if not value:
        return None
    if ";" in value:  # the address type, which ends with one
        value = _ADDRESS_TYPE.sub("", value)
    value = value.strip().strip("[]<>").strip()
    return value.split()[0].lower().rstrip(".") if value else None


_STATUS_CODE = re.compile(r"([245])\.(\d{1,3})\.(\d{1,3})")


def _status_code(value: str | None) -> str | None:
    if not value:
        return None
    m = _STATUS_CODE.match(value.lstrip())
    return f"{m[1]}.{int(m[2])}.{int(m[3])}" if m else None


def parse_fields(text: str) -> list[list[tuple[str, str]]]:
    """Split DSN-style text into blocks of (lower-case name, unfolded value) fields.

    Blocks are separated by blank lines; a repeated Final-Recipient also starts a new
    block, since some MTAs omit the blank line between recipients.
    """
    blocks: list[list[tuple[str, str]]] = []
    block: list[tuple[str, str]] = []
    for line in normalize_newlines(text).split("\n"):
        if not line.strip():
            if block:
                blocks.append(block)
                block = []
            continue
        if line[0] in " \t" and block:
            name, value = block[-1]
            block[-1] = (name, f"{value} {line.strip()}")
            continue
        m = _FIELD.match(line)
        if not m:
            continue
        name = m[1].lower()
        if name == "final-recipient" and any(k == "final-recipient" for k, _ in block):
            blocks.append(block)
            block = []
        block.append((name, m[2].strip()))
    if block:
        blocks.append(block)
    return blocks


def delivery_status_from_blocks(blocks: list[list[tuple[str, str]]]) -> DeliveryStatus | None:
    """Build a :class:`DeliveryStatus` from field blocks; None if no recipient block."""
    per_message: list[tuple[str, str]] = []
    recipients = []
    for block in blocks:
        first = dict(reversed(block))  # the first occurrence of each name wins
        if "final-recipient" in first or "original-recipient" in first:
            get = first.get
            recipients.append(
                RecipientStatus(
                    final_recipient=strip_address(get("final-recipient")),
                    original_recipient=strip_address(get("original-recipient")),
                    action=(get("action") or "").strip().lower().split(" ")[0] or None,
                    status=_status_code(get("status")),
                    remote_mta=_mta_name(get("remote-mta")),
                    diagnostic_code=get("diagnostic-code"),
                    last_attempt_date=get("last-attempt-date"),
                    will_retry_until=get("will-retry-until"),
                    fields=tuple(block),
                )
            )
        elif not recipients:
            per_message.extend(block)
    if not recipients:
        return None
    get = dict(reversed(per_message)).get
    return DeliveryStatus(
        reporting_mta=_mta_name(get("reporting-mta")),
        arrival_date=get("arrival-date"),
        original_envelope_id=get("original-envelope-id"),
        fields=tuple(per_message),
        recipients=tuple(recipients),
    )


def parse_delivery_status(text: str) -> DeliveryStatus | None:
    """Parse DSN fields written as text (a delivery-status part or a plain-text copy)."""
    return delivery_status_from_blocks(parse_fields(text))


# --- the original message ------------------------------------------------------------


class OriginalHeaders:
    """What a bounce tells of the message it returns (read-only).

    The Message-ID and the sender are read at once: every record takes them. The
    recipients, Subject and Date are read when first asked for: a few decoders want the
    recipients, and parsing a long To field or decoding an RFC 2047 Subject costs more
    than the rest of the returned headers together.
    """

    def __init__(self, fields: dict[str, list[Any]]) -> None:
        #: The values of the fields in ``_ORIGINAL_FIELDS`` by lower-case name, in order.
        self._fields = fields
        message_id = decode_header_value(self._first("message-id")) or None
        self.message_id: str | None = message_id.split()[0] if message_id else None
        self.sender: str | None = strip_address(
            self._first("from") or self._first("return-path") or self._first("sender")
        )

    def _first(self, key: str) -> Any:
        values = self._fields.get(key)
        return values[0] if values else None

    @cached_property
    def recipients(self) -> tuple[str, ...]:
        """The addresses of the returned message's To and Cc fields, in order."""
        fields = [*self._fields.get("to", []), *self._fields.get("cc", [])]
        named = [strip_address(a) for a in _address_list(fields)]
        return tuple(a for a in named if a and "@" in a)

    @cached_property
    def subject(self) -> str | None:
        return decode_header_value(self._first("subject")) or None

    @cached_property
    def date(self) -> str | None:
        return decode_header_value(self._first("date")) or None

    def _values(self) -> tuple[object, ...]:
        return (self.message_id, self.sender, self.recipients, self.subject, self.date)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, OriginalHeaders) and self._values() == other._values()

    # Compared by value, so not hashable (as the frozen dataclass it replaces was not
    # meant to be used as a key).
    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return (f"OriginalHeaders(message_id={self.message_id!r}, sender={self.sender!r}, "
                f"recipients={self.recipients!r}, subject={self.subject!r}, date={self.date!r})")


#: The fields of a returned message that ``original_from_headers`` reads.
_ORIGINAL_FIELDS = frozenset({"message-id", "from", "return-path", "sender", "to", "cc", "subject", "date"})
#: Their lengths: most other fields (Received, DKIM-Signature, X-...) differ, and are
#: passed over without lower-casing their names (an ASCII name keeps its length).
_ORIGINAL_FIELD_SIZES = frozenset(map(len, _ORIGINAL_FIELDS))


def original_from_headers(headers: email.message.Message) -> OriginalHeaders:
    # One pass over the fields (a returned message has dozens: Received, DKIM...) rather
    # than one ``get`` per field; values as ``get`` and ``get_all`` give them.
    fields: dict[str, list[Any]] = {}
    fetch = headers.policy.header_fetch_parse
    for name, value in headers.raw_items():
        if len(name) in _ORIGINAL_FIELD_SIZES and (key := name.lower()) in _ORIGINAL_FIELDS:
            fields.setdefault(key, []).append(fetch(name, value))
    return OriginalHeaders(fields)


def _address_list(values: list) -> list[str]:
    """Addresses of address-list header values; the general parser only when needed."""
    out = []
    for value in values:
        value = str(value)[:MAX_HEADER_CHARS]
        if '"' in value or "(" in value:
            out += [a for _, a in getaddresses([value])]
        else:
            out += value.split(",")
    return out


_FIRST_FIELD = re.compile(r"^(?:[A-Za-z][\w-]{0,60}:)", re.M)


def original_from_text(text: str) -> OriginalHeaders | None:
    """Headers of a returned message quoted as text (``text/rfc822-headers`` or inline)."""
    start = _FIRST_FIELD.search(text)
    if not start:
        return None
    # Only the header block matters; the body of the returned message is not parsed.
    end = text.find("\n\n", start.start())
    end = start.start() + 64 * 1024 if end < 0 else min(end, start.start() + 64 * 1024)
    headers = parse_text(text[start.start() : end], _BOUNDED_POLICY)
    if not any(headers.get(h) for h in ("Message-ID", "From", "To", "Subject")):
        return None
    return original_from_headers(headers)


# --- the view --------------------------------------------------------------------------


#: The fields that open a delivery status (RFC 3464's per-message fields, or the first
#: per-recipient one where those are left out).
_OPENS_AS_STATUS = re.compile(
    r"\A\s*(?:reporting-mta|original-envelope-id|dsn-gateway|received-from-mta|arrival-date|"
    r"final-recipient|original-recipient)[ \t]*:",
    re.IGNORECASE,
)


@fast_init
@dataclass(frozen=True, slots=True)
class Part:
    """A leaf MIME part of the notification (outside any attached message)."""

    content_type: str
    message: email.message.Message

    @property
    def text(self) -> str:
        return part_text(self.message)


class MessageView:
    """A read-only view of one message for decoders. Cheap to build; lazy everywhere."""

    #: Lines before the message's header block that ``load`` left out (a saved copy's lead).
    skipped_lines = 0

    def __init__(self, message: email.message.Message) -> None:
        self.message = message
        self._headers: dict[str, str] = {}

    def header(self, name: str) -> str:
        """A decoded header value, or '' when absent."""
        key = name.lower()
        value = self._headers.get(key)
        if value is None:
            # Decoders ask for the same few headers again and again: decode each once.
            field = self._first_fields.get(key)
            value = self._headers[key] = (
                decode_header_value(self.message.policy.header_fetch_parse(*field)) if field else ""
            )
        return value

    @cached_property
    def _first_fields(self) -> dict[str, tuple[str, str]]:
        """The first (name, raw value) of each top-level header by lower-case name, as
        ``Message.get`` would find it (which reads every field each time it is asked)."""
        # Built from the last field to the first, so that the first of each name stays;
        # the (name, value) pairs are the message's own, not copies.
        return {field[0].lower(): field for field in reversed(list(self.message.raw_items()))}

    @cached_property
    def received_text(self) -> str:
        """The message's own Received headers joined into one lower-case string (the
        first 30, at most 16 KB): see ``decoders.base.received_text``."""
        values = self.message.get_all("Received") or []
        return " ".join(str(v) for v in values[:30]).lower()[:16384]

    @cached_property
    def from_lower(self) -> str:
        """The From header in lower case, for substring tests."""
        return self.from_header.lower()

    @cached_property
    def subject_lower(self) -> str:
        """The Subject in lower case, for substring tests."""
        return self.subject.lower()

    def has_header(self, name: str) -> bool:
        return name.lower() in self.header_names

    @cached_property
    def header_names(self) -> frozenset[str]:
        """Lower-case names of the top-level headers (decoders test many per message)."""
        return frozenset(self._first_fields)

    @cached_property
    def subject(self) -> str:
        """The Subject, without the marks gateways put before it (``[EXTERNAL] ``)."""
        subject = self.header("Subject")
        if subject[:1] in "[(*Ee" and subject:
            while m := _GATEWAY_TAGS.match(subject):
                subject = subject[m.end():]
        return subject

    @cached_property
    def from_header(self) -> str:
        return self.header("From")

    @cached_property
    def from_address(self) -> str:
        """The From address, lower case ('' when none)."""
        return (strip_address(self.from_header) or "").lower()

    @cached_property
    def content_type(self) -> str:
        return content_type_of(self.message)

    @cached_property
    def report_type(self) -> str:
        """The report-type of a multipart/report message, lower case ('' otherwise)."""
        if self.content_type != "multipart/report":
            return ""
        return str(self.message.get_param("report-type") or "").lower()

    @cached_property
    def parts(self) -> tuple[Part, ...]:
        """Leaf parts of the notification, in order, not descending into attached messages."""
        found: list[Part] = []
        _add_leaves(self.message, 0, found)
        return tuple(found)

    def parts_of(self, *content_types: str) -> list[Part]:
        return [p for p in self.parts if p.content_type in content_types]

    @cached_property
    def text(self) -> str:
        """The human-readable notification: the text/plain parts before any attached
        message (text/html with tags removed where the plain text is missing or empty, and
        the body of a TNEF attachment where neither says anything)."""
        chunks = []
        html = []
        for part in self.parts:
            if part.content_type == "text/plain":
                chunks.append(without_footer(part.text))
            elif part.content_type == "text/html":
                html.append(part.text)
            elif part.content_type in ("message/rfc822", "text/rfc822-headers") and chunks:
                break
        if html and not any(chunk.strip() for chunk in chunks):
            # (An empty text part beside the HTML one, as converters of Outlook's files leave it.)
            chunks = [without_footer(html_to_text(h)) for h in html]
        if not any(chunk.strip() for chunk in chunks) and self.tnef is not None and self.tnef.body.strip():
            # Outlook's rich form alone: its client shows the TNEF's body.
            chunks = [self.tnef.body]
        return "\n".join(chunks)

    @cached_property
    def tnef(self) -> Tnef | None:
        """The first TNEF attachment (``winmail.dat``) of the notification, read."""
        for part in self.parts:
            if part.content_type == "application/ms-tnef" or (
                # Any other attachment is decoded only when its text opens like TNEF (the
                # signature's base64, "eJ8+I"): a PDF of a megabyte is not decoded to be refused.
                part.content_type == "application/octet-stream" and _opens_like_tnef(part.message)
            ):
                try:
                    payload = part.message.get_payload(decode=True)
                except Exception:  # a damaged transfer encoding: the part is not read
                    continue
                # (read_tnef looks at the signature first: any other attachment costs little.)
                if isinstance(payload, bytes) and (found := read_tnef(payload)) is not None:
                    return found
        return None

    @cached_property
    def body(self) -> str:
        """The whole decoded body as one text, attached messages included (bounded)."""
        out: list[str] = []
        size = 0
        for part in self._all_leaves(self.message, 0):
            text = part_text(part) if not part.is_multipart() else ""
            out.append(text)
            size += len(text)
            if size > MAX_PART_CHARS:
                break
        return "\n".join(out)[:MAX_PART_CHARS]

    def _all_leaves(self, msg: email.message.Message, depth: int) -> Iterator[email.message.Message]:
        payload = msg.get_payload()
        if msg.is_multipart() and isinstance(payload, list) and depth < 16:
            for sub in payload:
                if isinstance(sub, email.message.Message):
                    if sub.get_content_type() == "message/rfc822" or not sub.is_multipart():
                        yield sub
                        if sub.get_content_type() == "message/rfc822":
                            continue
                    else:
                        yield from self._all_leaves(sub, depth + 1)
        else:
            yield msg

    @cached_property
    def delivery_status(self) -> DeliveryStatus | None:
        """The RFC 3464 / RFC 6533 delivery status of the message, if it has one."""
        for part in self.parts:
            if part.content_type in (
                "message/delivery-status",
                "message/global-delivery-status",
                "text/delivery-status",
            ):
                status = _delivery_status_of(part.message)
                if status is not None:
                    return status
        # A delivery-status part a relay or a scanner relabelled text/plain (a type it
        # knows): a text part after the first that opens with the DSN's fields.
        texts = [part for part in self.parts if part.content_type == "text/plain"]
        for part in texts[1:]:
            text = part.text
            if _OPENS_AS_STATUS.match(text) and (status := parse_delivery_status(text)) is not None:
                return status
        return None

    @cached_property
    def original(self) -> OriginalHeaders | None:
        """Headers of the returned original message, when the bounce includes them."""
        for part in self.parts:
            if part.content_type in MESSAGE_TYPES:
                payload = part.message.get_payload()
                if isinstance(payload, list) and payload:
                    inner = payload[0]
                    if isinstance(inner, email.message.Message) and len(inner):
                        return original_from_headers(inner)
                text = part_text(part.message)
                found = original_from_text(text)
                if found:
                    return found
            elif part.content_type in ("text/rfc822-headers", "message/global-headers"):
                found = original_from_text(part.text)
                if found:
                    return found
        return None


def _opens_like_tnef(part: email.message.Message) -> bool:
    raw = part.get_payload()
    if not isinstance(raw, str):
        return False
    return raw.lstrip()[:5] == "eJ8+I" or raw.startswith("\x78\udc9f>\"")


def _add_leaves(msg: email.message.Message, depth: int, found: list[Part]) -> None:
    """Append the leaf parts of ``msg`` to ``found`` (see ``MessageView.parts``)."""
    ctype = content_type_of(msg)
    if msg.is_multipart() and ctype.startswith("multipart/") and depth < 16:
        payload = msg.get_payload()
        for sub in payload if isinstance(payload, list) else ():
            if isinstance(sub, email.message.Message):
                _add_leaves(sub, depth + 1, found)
    elif ctype.startswith("multipart/") and not msg.is_multipart():
        # The declared boundary never occurs: the whole body is one text.
        found.append(Part("text/plain", msg))
    else:
        enclosed = _encoded_message(msg, ctype)
        found.append(Part(ctype, msg) if enclosed is None else Part("message/rfc822", enclosed))


#: Types under which mail clients and flows attach a message as a file (``ATT00001.eml``,
#: ``Undelivered Message.eml``).
_FILE_TYPES = frozenset({"application/octet-stream", "application/x-eml", "application/eml", "message/x-eml"})


def encoded_message_body(part: email.message.Message) -> bytes | None:
    """The decoded body of a ``message/*`` part encoded in base64 or quoted-printable
    (which RFC 2046 forbids, but relays and report generators write), else None. Parsed
    as a message, such a body has no header fields: it is all text."""
    encoding = str(part.get("content-transfer-encoding", "")).strip().lower()
    if encoding not in ("base64", "quoted-printable"):
        return None
    payload = part.get_payload()
    if not isinstance(payload, list) or len(payload) != 1:
        return None
    inner = payload[0]
    if not isinstance(inner, email.message.Message) or len(inner):
        return None
    body = inner.get_payload()
    if not isinstance(body, str):
        return None
    raw = body.encode("ascii", "surrogateescape")
    try:
        return codecs.decode(raw, "base64") if encoding == "base64" else quopri.decodestring(raw)
    except ValueError:  # (binascii.Error) not base64 after all
        return None


def _encoded_message(part: email.message.Message, ctype: str) -> email.message.Message | None:
    """An attached message that is not a plain ``message/rfc822`` part, as one: a ``.eml``
    file attached as ``application/octet-stream``, or a ``message/rfc822`` part encoded
    in base64 or quoted-printable (which RFC 2046 forbids, but relays and flows write).
    None for any other part."""
    if ctype in MESSAGE_TYPES:
        data = encoded_message_body(part)
        if data is None:
            return None
    elif ctype in _FILE_TYPES:
        try:
            name = part.get_filename() or ""
        except Exception:  # a damaged RFC 2231 parameter: not a file we can name
            return None
        if not name.lower().endswith(".eml"):
            return None
        try:
            data = part.get_payload(decode=True)
        except Exception:
            return None
    else:
        return None
    if not isinstance(data, bytes) or not data.strip():
        return None
    try:
        message = load(data).message
    except (MessageError, ValueError):
        return None
    wrapper = email.message.Message()
    wrapper["Content-Type"] = "message/rfc822"
    wrapper.set_payload([message])
    return wrapper


def _field_text(value: object) -> str:
    """A raw DSN field value as text: 8-bit bytes (RFC 6533 allows UTF-8) decoded,
    no RFC 2047 decoding (DSN fields are not headers of the message), unfolded."""
    text = str(value)[:MAX_HEADER_CHARS]
    if not text.isascii():
        text = decode_bytes(text.encode("utf-8", "surrogateescape"), None)
    if "\n" in text or "\t" in text or "  " in text or "\r" in text:  # (collapse_spaces, inlined)
        text = _SPACES.sub(" ", text)
    return text.strip()


def _delivery_status_of(part: email.message.Message) -> DeliveryStatus | None:
    payload = part.get_payload()
    if isinstance(payload, list) and payload:
        blocks = _field_blocks(b for b in payload if isinstance(b, email.message.Message))
        status = delivery_status_from_blocks(blocks)
        if status is not None:
            return status
    return parse_delivery_status(part_text(part))


def _field_blocks(messages: Iterable[email.message.Message]) -> list[list[tuple[str, str]]]:
    """The (lower-case name, value as text) fields of each parsed DSN block; a repeated
    Final-Recipient starts a new block, as in ``parse_fields`` (one pass: a DSN part is
    read for nearly every bounce)."""
    out = []
    for block in messages:
        current: list[tuple[str, str]] = []
        has_recipient = False
        for name, value in block.raw_items():
            name = name.lower()
            if name == "final-recipient":
                if has_recipient:
                    out.append(current)
                    current = []
                has_recipient = True
            current.append((name, _field_text(value)))
        rest = block.get_payload()
        if rest and isinstance(rest, str) and current:
            _mend_rewrapped(current, rest)
        out.append(current)
    return out


def _mend_rewrapped(fields: list[tuple[str, str]], rest: str) -> None:
    """Put back into ``fields`` what a relay's re-wrapping cut out of a DSN block.

    A relay that re-wraps long lines leaves the tail of a field on a line of its own,
    without the leading space of a continuation, and the parser ends the block's fields
    there ("Diagnostic-Code: smtp; 554 5.7.1 <a@b>: Sender" over "address rejected:
    Domain not found"). Only where the first line left over is no field: a line that is
    no field continues a Diagnostic-Code before it (re-wrapping breaks lines at spaces),
    and the fields after it are read as fields again.
    """
    lines = normalize_newlines(rest).split("\n")
    if _FIELD.match(lines[0]):
        return  # the parser stopped for another reason: nothing to mend
    for line in lines:
        if not line.strip():
            break  # the block's end: what follows is no part of it
        m = _FIELD.match(line)
        if m is not None:
            fields.append((m[1].lower(), m[2].strip()))
        elif fields[-1][0] == "diagnostic-code":
            # Only the server's reply is long enough to be re-wrapped; a stray line after
            # an address or a code is a message cut short ("Acti"), not its tail.
            name, value = fields[-1]
            fields[-1] = (name, f"{value} {line.strip()}")

