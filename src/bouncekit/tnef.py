"""A reader of TNEF (``application/ms-tnef``, ``winmail.dat``): what a mail client shows.

Outlook and Exchange send a message's rich form as a TNEF attachment beside (or instead
of) its text. A non-delivery report kept this way (message class
``REPORT.IPM.Note.NDR``) often has an empty text part: the client builds what it shows
from the TNEF's recipient table, where each failed recipient carries its address, the
report's explanation (``PR_REPORT_TEXT``) and Exchange's diagnostic
(``PR_SUPPLEMENTARY_INFO``: ``<mx.example.com #5.1.1 smtp;550 5.1.1 User unknown>``).

The format (MS-OXTNEF): a signature and a key, then attributes, each a level byte, a
32-bit id (type in the high word), a 32-bit length, the data and a 16-bit checksum. The
message's MAPI properties and its recipient table are lists of typed MAPI properties
(MS-OXTNEF 2.1.3.4); the body may be plain (``PR_BODY``, ``attBody``) or compressed RTF
(``PR_RTF_COMPRESSED``, MS-OXRTFCP), which is decompressed and reduced to its text.

Only what a bounce reader needs is kept (class, subject, body, recipients); embedded
attachments are skipped. Reading is bounded and never raises: a damaged stream gives
what was read before the damage, or None.
"""

from __future__ import annotations

import contextlib
import re
import struct
from dataclasses import dataclass

#: The stream's first four bytes (0x223E9F78, little-endian).
SIGNATURE = b"\x78\x9f\x3e\x22"
#: Largest TNEF stream read; a report is a few KiB.
MAX_BYTES = 4 * 1024 * 1024
#: Most properties, rows and values read from one list (a damaged count is not believed).
MAX_ITEMS = 4096

# Attribute ids (low word of the 32-bit id, MS-OXTNEF 2.1.3.3).
_ATT_SUBJECT = 0x8004
_ATT_MESSAGE_CLASS = 0x8008
_ATT_BODY = 0x800C
_ATT_MSG_PROPS = 0x9003
_ATT_RECIP_TABLE = 0x9004
_ATT_OEM_CODEPAGE = 0x9007
_LEVEL_MESSAGE = 1

# MAPI property ids.
_PR_MESSAGE_CLASS = 0x001A
_PR_SUBJECT = 0x0037
_PR_BODY = 0x1000
_PR_REPORT_TEXT = 0x1001
_PR_RTF_COMPRESSED = 0x1009
_PR_SUPPLEMENTARY_INFO = 0x0C1B
_PR_DISPLAY_NAME = 0x3001
_PR_ADDRTYPE = 0x3002
_PR_EMAIL_ADDRESS = 0x3003
_PR_SMTP_ADDRESS = 0x39FE

# MAPI property types: fixed sizes, and the types whose values carry a length.
_FIXED_SIZES = {0x0001: 4, 0x0002: 4, 0x0003: 4, 0x0004: 4, 0x0005: 8, 0x0006: 8, 0x0007: 8,
                0x000A: 4, 0x000B: 4, 0x0014: 8, 0x0040: 8, 0x0048: 16}
_PT_STRING8 = 0x001E
_PT_UNICODE = 0x001F
_VARIABLE = frozenset({_PT_STRING8, _PT_UNICODE, 0x0102, 0x000D})
_MULTIPLE = 0x1000

Properties = dict[int, object]


@dataclass(frozen=True, slots=True)
class TnefRecipient:
    """One row of the recipient table (in a report: one recipient it reports on)."""

    name: str | None
    address: str | None
    report_text: str | None
    supplementary_info: str | None


@dataclass(frozen=True, slots=True)
class Tnef:
    """What a TNEF stream says: the message class, subject, body text and recipients."""

    message_class: str
    subject: str | None
    body: str
    recipients: tuple[TnefRecipient, ...]

    @property
    def is_report(self) -> bool:
        """True for a delivery or non-delivery report (``REPORT.IPM.Note.NDR`` / ``.DR``)."""
        return self.message_class.upper().startswith("REPORT.")


def read(data: bytes) -> Tnef | None:
    """The content of a TNEF stream, or None when ``data`` is not one."""
    if not data.startswith(SIGNATURE):
        return None
    data = data[:MAX_BYTES]
    codepage = "cp1252"
    message_class = subject = body = None
    props: Properties = {}
    rows: list[Properties] = []
    position = 6  # signature and key
    while position + 9 <= len(data):
        level = data[position]
        attribute, length = struct.unpack_from("<II", data, position + 1)
        start = position + 9
        value = data[start : start + length]
        if len(value) < length:
            break  # cut short: keep what was read
        position = start + length + 2
        if level != _LEVEL_MESSAGE:
            continue  # attachments: not needed to read a report
        kind = attribute & 0xFFFF
        if kind == _ATT_OEM_CODEPAGE and length >= 4:
            codepage = f"cp{struct.unpack_from('<I', value)[0]}"
        elif kind == _ATT_MESSAGE_CLASS:
            message_class = _text8(value, codepage)
        elif kind == _ATT_SUBJECT:
            subject = _text8(value, codepage)
        elif kind == _ATT_BODY:
            body = _text8(value, codepage)
        elif kind == _ATT_MSG_PROPS:
            props.update(_property_list(value, codepage))
        elif kind == _ATT_RECIP_TABLE:
            rows = _recipient_rows(value, codepage)
    if message_class is None and not props and not rows:
        return None
    text = _str(props.get(_PR_BODY)) or body
    if not text and isinstance(compressed := props.get(_PR_RTF_COMPRESSED), bytes):
        text = rtf_text(decompress_rtf(compressed), codepage)
    return Tnef(
        message_class=(message_class or _str(props.get(_PR_MESSAGE_CLASS)) or "").strip(),
        subject=_str(props.get(_PR_SUBJECT)) or subject,
        body=(text or "").replace("\r\n", "\n").replace("\r", "\n"),
        recipients=tuple(_recipient(row) for row in rows),
    )


def _recipient(row: Properties) -> TnefRecipient:
    address = _str(row.get(_PR_SMTP_ADDRESS))
    if not address and (_str(row.get(_PR_ADDRTYPE)) or "SMTP").upper() == "SMTP":
        address = _str(row.get(_PR_EMAIL_ADDRESS))  # (for type EX it is an X.500 name)
    return TnefRecipient(
        name=_str(row.get(_PR_DISPLAY_NAME)),
        address=address,
        report_text=_str(row.get(_PR_REPORT_TEXT)),
        supplementary_info=_str(row.get(_PR_SUPPLEMENTARY_INFO)),
    )


def _str(value: object) -> str | None:
    return value.strip() or None if isinstance(value, str) else None


def _text8(value: bytes, codepage: str) -> str:
    return _decode(value.split(b"\0", 1)[0], codepage)


def _decode(value: bytes, codepage: str) -> str:
    try:
        return value.decode(codepage)
    except (LookupError, UnicodeDecodeError):
        return value.decode("cp1252", "replace")


class _Cut(Exception):
    """The list ends before what its counts promise."""


class _Reader:
    def __init__(self, data: bytes) -> None:
        self.data = data
        self.position = 0

    def take(self, size: int) -> bytes:
        end = self.position + size
        if size < 0 or end > len(self.data):
            raise _Cut
        chunk = self.data[self.position : end]
        self.position = end + (-size % 4)  # values are padded to four bytes
        return chunk

    def u32(self) -> int:
        value: int = struct.unpack("<I", self.take(4))[0]
        return value


def _recipient_rows(data: bytes, codepage: str) -> list[Properties]:
    reader = _Reader(data)
    rows: list[Properties] = []
    with contextlib.suppress(_Cut):
        for _ in range(min(reader.u32(), MAX_ITEMS)):
            row: Properties = {}
            rows.append(row)
            _read_properties(reader, reader.u32(), codepage, row)
    return rows


def _property_list(data: bytes, codepage: str) -> Properties:
    reader = _Reader(data)
    props: Properties = {}
    with contextlib.suppress(_Cut):
        _read_properties(reader, reader.u32(), codepage, props)
    return props


def _read_properties(reader: _Reader, count: int, codepage: str, into: Properties) -> None:
    for _ in range(min(count, MAX_ITEMS)):
        kind, prop = struct.unpack("<HH", reader.take(4))
        if prop >= 0x8000:  # a named property: its GUID, then a number or a name
            reader.take(16)
            if reader.u32() == 1:
                reader.take(reader.u32())
            else:
                reader.u32()
        base = kind & ~_MULTIPLE
        many = bool(kind & _MULTIPLE)
        if base in _VARIABLE:
            # Variable-size values carry a count even when single (MS-OXTNEF 2.1.3.4).
            values = [reader.take(reader.u32()) for _ in range(min(reader.u32(), MAX_ITEMS))]
        elif base in _FIXED_SIZES:
            count = min(reader.u32(), MAX_ITEMS) if many else 1
            values = [reader.take(_FIXED_SIZES[base]) for _ in range(count)]
        else:
            raise _Cut  # an unknown type: its size cannot be known
        if many or not values:
            continue  # multi-valued properties are not needed
        value = values[0]
        if base == _PT_UNICODE:
            into[prop] = value.decode("utf-16-le", "replace").split("\0", 1)[0]
        elif base == _PT_STRING8:
            into[prop] = _text8(value, codepage)
        else:
            into[prop] = value


# --- compressed RTF (MS-OXRTFCP) ---------------------------------------------------

#: The dictionary's initial content, which references into it assume (MS-OXRTFCP 2.1.2.1).
_RTF_PREBUF = (
    b"{\\rtf1\\ansi\\mac\\deff0\\deftab720{\\fonttbl;}{\\f0\\fnil \\froman \\fswiss \\fmodern "
    b"\\fscript \\fdecor MS Sans SerifSymbolArialTimes New RomanCourier{\\colortbl\\red0\\green0"
    b"\\blue0\r\n\\par \\pard\\plain\\f0\\fs20\\b\\i\\u\\tab\\tx"
)
_COMPRESSED = 0x75465A4C  # "LZFu"
_UNCOMPRESSED = 0x414C454D  # "MELA"
#: Largest decompressed RTF produced (a report's RTF is small).
MAX_RTF_BYTES = 1024 * 1024


def decompress_rtf(blob: bytes) -> bytes:
    """The RTF of a ``PR_RTF_COMPRESSED`` value (what is left of it when damaged)."""
    if len(blob) < 16:
        return b""
    size, raw_size, kind, _crc = struct.unpack_from("<IIII", blob)
    if kind == _UNCOMPRESSED:
        return blob[16 : 16 + raw_size]
    if kind != _COMPRESSED:
        return b""
    window = bytearray(4096)
    window[: len(_RTF_PREBUF)] = _RTF_PREBUF
    write = len(_RTF_PREBUF)
    out = bytearray()
    data = blob[16 : 4 + size]
    i = 0
    limit = min(raw_size, MAX_RTF_BYTES)
    while i < len(data) and len(out) < limit:
        flags = data[i]
        i += 1
        for bit in range(8):
            if i >= len(data):
                break
            if flags >> bit & 1:
                if i + 1 >= len(data):
                    return bytes(out)
                reference = data[i] << 8 | data[i + 1]
                i += 2
                offset, length = reference >> 4, (reference & 0xF) + 2
                if offset == write:
                    return bytes(out)  # the end marker
                for k in range(length):
                    byte = window[(offset + k) % 4096]
                    out.append(byte)
                    window[write] = byte
                    write = (write + 1) % 4096
            else:
                byte = data[i]
                i += 1
                out.append(byte)
                window[write] = byte
                write = (write + 1) % 4096
    return bytes(out[:limit])


#: One token: a control word and its number, a hex escape, a control symbol, a brace, line
#: breaks (not text in RTF), or a run of text.
_RTF_TOKEN = re.compile(
    rb"\\([a-zA-Z]{1,32})(-?\d{1,10})? ?|\\'([0-9a-fA-F]{2})|\\(.)|([{}])|[\r\n]+|([^\\{}\r\n]+)", re.S
)
#: Destinations whose text is not shown: tables, metadata, pictures, and the HTML tags
#: that Outlook's RTF carries beside the text it shows (``\*\htmltag``).
_HIDDEN = frozenset({b"fonttbl", b"colortbl", b"stylesheet", b"info", b"pict", b"object", b"header",
                     b"footer", b"themedata", b"datastore", b"latentstyles", b"listtable",
                     b"listoverridetable", b"rsidtbl", b"generator", b"xmlnstbl", b"mmathPr"})
_BREAKS = {b"par": "\n", b"line": "\n", b"tab": "\t", b"cell": "\t", b"row": "\n", b"sect": "\n",
           b"page": "\n"}


def rtf_text(rtf: bytes, codepage: str = "cp1252") -> str:
    """The text that RTF shows: control words and hidden destinations dropped, paragraph
    marks as newlines, ``\\'hh`` and ``\\uN`` escapes decoded."""
    out: list[str] = []
    # A stack of (hidden, characters to skip after \\uN) per group.
    hidden = False
    stack: list[bool] = []
    first_in_group = False
    skip = 0
    for m in _RTF_TOKEN.finditer(rtf):
        word, number, hexa, symbol, brace, text = m.groups()
        if brace == b"{":
            stack.append(hidden)
            first_in_group = True
            continue
        if brace == b"}":
            hidden = stack.pop() if stack else False
            first_in_group = False
            continue
        starts_group, first_in_group = first_in_group, False
        if symbol == b"*" and starts_group:
            hidden = True  # an optional destination: {\* ...} is for readers that know it
            continue
        if hidden:
            continue
        if word is not None:
            if word in _HIDDEN or (word == b"htmltag" and starts_group):
                hidden = True
            elif word in _BREAKS:
                out.append(_BREAKS[word])
            elif word == b"u" and number:
                out.append(chr(int(number) % 65536))
                skip = 1
            continue
        if hexa is not None:
            if skip:
                skip -= 1
                continue
            out.append(_decode(bytes([int(hexa, 16)]), codepage))
        elif symbol is not None:
            if symbol in (b"\\", b"{", b"}"):
                out.append(symbol.decode())
            elif symbol == b"~":
                out.append(" ")
        elif text is not None:
            if skip:
                text = text[1:]
                skip = 0
            out.append(_decode(text, codepage))
    return "".join(out)
