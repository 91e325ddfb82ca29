"""Text that went through the wrong charset, or an encoding left undone, read back as
it was written.

A reply copied from a log, a CRM field or a ticket often reached it through a program
that read its bytes in the wrong charset: UTF-8 read as Windows-1252 ("refusÃ©",
"â€“", once or twice over), a legacy 8-bit set read as Windows-1252 (Windows-1251
Russian as "íàõîäèòñÿ", GBK Chinese as "ÓÊ¼þÄÚÈÝ", Shift_JIS as "ƒAƒhƒŒƒX"), or
ISO-2022-JP whose escape characters a system dropped ("$B%"%I%l%9(B"). The rules read
words; :func:`repaired` gives them the words back.

Every repair is tried only where the text shows its mark, and kept only where the
bytes decode strictly and give text of one script (:func:`legacy_text`): text that
merely holds accented letters ("Empfänger", "été") is left as it is.
"""

from __future__ import annotations

import binascii
import re
from collections.abc import Callable

#: The bytes Windows-1252 gives its characters above U+00FF (the others are Latin-1's).
_CP1252_BYTES = {
    char: bytes([byte]) for byte in range(0x80, 0xA0)
    if len(char := bytes([byte]).decode("cp1252", "replace")) == 1 and char != "\ufffd"
}
#: A character that UTF-8 read as Windows-1252 or Latin-1 begins a sequence with
#: (a lead byte, U+00C2-U+00F4), followed by one a continuation byte gives (U+0080-U+00BF
#: or Windows-1252's characters for 0x80-0x9F).
_CONTINUATION = "[\u0080-\u00bf" + "".join(_CP1252_BYTES) + "]"
_UTF8_AS_CP1252 = re.compile("[\u00c2-\u00f4]" + _CONTINUATION)
#: A UTF-8 sequence of a Latin-1 letter or sign (lead byte C2 or C3) or of general
#: punctuation (E2 80), as Windows-1252 shows it.
_LATIN_UTF8_SEQUENCE = re.compile(f"[\u00c2\u00c3]{_CONTINUATION}|\u00e2\u20ac{_CONTINUATION}")
#: UTF-8 Cyrillic read as Windows-1251: each letter a lead byte ("Р" or "С") and a
#: continuation, three in a row ("РЎРѕРѕ").
_UTF8_AS_CP1251 = re.compile(r"(?:[\u0420\u0421][^\x00-\x7f]){3}")
#: A word of four or more letters all from Latin-1's upper half: no Western European
#: word is written so, every legacy set's text read as Latin-1 is.
#: (Written as one character of that half and the rest of either run: a pattern opening
#: with a character class lets the engine skip to where one stands, where "a|b" tries
#: both at every position. It matches where ``[\u00c0-\u00ff]{4,}|[\u0080-\u00ff]{6,}`` does.)
_LEGACY_AS_LATIN1 = re.compile(
    r"[\u0080-\u00ff](?:(?<=[\u00c0-\u00ff])[\u00c0-\u00ff]{3,}|[\u0080-\u00ff]{5,})"
)
#: Shift_JIS read as Windows-1252: a lead byte of 0x81-0x9F as Windows-1252 writes it
#: ("ƒ", "‚", "Œ" ...), then a second byte, three times (a smart quote before a letter
#: is one such pair; prose seldom has three).
_SHIFT_JIS_AS_CP1252 = re.compile(
    "(?:[" + "".join(_CP1252_BYTES) + "][\u0040-\u00fc][^\u0080-\u00ff]{0,40}){3}"
)
#: ISO-2022-JP with its ESC characters dropped: "$B" opens JIS X 0208, "(B" or "(J"
#: returns to ASCII.
#: (A run cut at the text's end counts too.)
_BARE_ISO2022 = re.compile(r"\$[B@]((?:[\x21-\x7e]{2}){1,200}?)(?:\([BJ]|[\x21-\x7e]?$)")
#: A character that each of the marks above needs (Latin-1's upper half, Windows-1252's
#: characters for 0x80-0x9F, the "Р" and "С" of misread Cyrillic): text in another script
#: (Greek, Arabic, Hebrew, CJK) holds none, and one search of this tells so, where each
#: mark's own pattern, opening with a group, tries every position of the text.
_MARK_CHARACTER = re.compile("[\u0080-\u00ff" + "".join(_CP1252_BYTES) + "\u0420\u0421]")
#: What _SHIFT_JIS_AS_CP1252 needs: one of Windows-1252's characters for 0x80-0x9F.
_CP1252_CHARACTER = re.compile("[" + "".join(_CP1252_BYTES) + "]")

#: The letters of the Russian alphabet.
_RUSSIAN = re.compile(r"[\u0410-\u044f\u0401\u0451]")
_CYRILLIC_LOWER = re.compile(r"[\u0430-\u045f]")
_HANGUL = re.compile(r"[\uac00-\ud7a3]")
_KANA = re.compile(r"[\u3041-\u30fa]")
#: Characters of Japanese text: kana, CJK ideographs, the CJK symbols and punctuation,
#: full-width forms, and the Roman numerals, circled numbers and box drawing of the sets.
_JAPANESE_CHARACTER = re.compile(
    r"[\u3000-\u30ff\u3400-\u9fff\uf900-\ufaff\uff00-\uffef\u2160-\u217f\u2460-\u24ff\u2500-\u257f]"
)
#: CJK ideographs, kana, CJK punctuation and full-width forms.
_CJK = re.compile(r"[\u3000-\u30ff\u3400-\u9fff\uf900-\ufaff\uff01-\uff5e]")
_NON_ASCII = re.compile(r"[^\x00-\x7f]")
_HIGH_BYTES = bytes(range(0x80, 0x100))
_HIGH_RUN = re.compile(rb"[\x80-\xff]{4,}")
#: Fewest characters outside ASCII a legacy decoding must give to be judged.
_MIN_WIDE = 3


def repaired(text: str) -> str:
    """``text`` read back in the charset it was written in, where it shows the marks of
    a wrong one; else ``text`` itself."""
    if text.isascii():
        if "\x1b$" in text:
            # ISO-2022-JP kept whole, its escapes and all (a log that wrote the raw bytes).
            try:
                return text.encode("ascii").decode("iso2022_jp_ext")
            except UnicodeDecodeError:
                pass
        if "$B" in text or "$@" in text:
            return _BARE_ISO2022.sub(_iso2022_run, text)
        return text
    if not _MARK_CHARACTER.search(text):
        return text
    for _ in range(2):  # (twice: a text read wrongly twice over)
        if not _UTF8_AS_CP1252.search(text):
            break
        raw = _as_cp1252_bytes(text)
        if raw is None or (utf8 := _decoded(raw, "utf-8")) is None:
            break
        text = utf8
    if ("\u0420" in text or "\u0421" in text) and _UTF8_AS_CP1251.search(text):
        try:
            raw = text.encode("cp1251")
        except UnicodeEncodeError:
            raw = None
        if raw is not None and (utf8 := _decoded(raw, "utf-8")) is not None:
            text = utf8
    if _LEGACY_AS_LATIN1.search(text) or (
            _CP1252_CHARACTER.search(text) and _SHIFT_JIS_AS_CP1252.search(text)):
        raw = _as_cp1252_bytes(text)
        if raw is not None and (legacy := legacy_text(raw)) is not None:
            return legacy
    if _UTF8_AS_CP1252.search(text):
        # Where characters that were never misread stand beside them, the misread Latin
        # letters and punctuation alone ("Ã©", "Â ", "â€“").
        text = _LATIN_UTF8_SEQUENCE.sub(_utf8_sequence, text)
    return text


def legacy_text(payload: bytes) -> str | None:
    """``payload`` decoded from the legacy set of Japanese, Korean, Chinese or Russian
    that gives text of that script alone, else None.

    Many byte strings decode in several of these sets: a decoding counts only when
    every character it gives outside ASCII belongs to its script (for Japanese, with
    kana among them; for Korean, Hangul). Of the two Russian sets, the one that gives
    more lower-case letters wins: a sentence is mostly lower case, and each set read as
    the other turns case around.
    """
    if (japanese := japanese_text(payload)) is not None:
        return japanese
    # (Korean, Chinese and Russian words are runs of bytes above ASCII; a Western text's
    # accented letters stand alone among ASCII ones. Japanese has its kana test.)
    if not _in_high_runs(payload):
        return None
    # Russian before the sets of two bytes a character: its letters are bytes 0xC0-0xFF,
    # which the Chinese set also decodes (to nonsense), while Chinese or Korean read
    # as Russian gives signs and letters of other alphabets.
    readings = []
    for charset in ("cp1251", "koi8_r"):
        text = _decoded(payload, charset)
        if text is not None and _fits(text, _russian) and _russian_words(text):
            readings.append((len(_CYRILLIC_LOWER.findall(text)), text))
    if readings:
        return max(readings)[1]
    for charset, fits in (("cp949", _korean), ("gb18030", _chinese), ("big5", _chinese)):
        if (text := _decoded(payload, charset)) is not None and _fits(text, fits):
            return text
    # The single-byte sets of other alphabets: each decodes nearly any bytes, so only
    # a reading made (nearly) wholly of its own alphabet's letters counts.
    for charset, alphabet in _ALPHABETS:
        if (text := _decoded(payload, charset)) is not None and _fits(text, alphabet):
            return text
    return None


def japanese_text(payload: bytes) -> str | None:
    """The text of ``payload`` in Shift_JIS (or its Windows form) or EUC-JP, if it holds
    Japanese, else None.

    Japanese mail servers write their replies and notices in these sets (a Sendmail
    notice's transcript, a Diagnostic-Code) without a charset parameter. Both sets
    decode many byte strings that are not Japanese, so a decoding counts only when every
    character outside ASCII it gives is a Japanese one and some of them are kana, which
    Japanese sentences always hold and other texts misread this way almost never do.
    """
    for charset in ("cp932", "euc_jp"):
        if (text := _decoded(payload, charset)) is not None:
            wide = "".join(_NON_ASCII.findall(text))
            if len(_KANA.findall(wide)) >= 2 and len(_JAPANESE_CHARACTER.findall(wide)) == len(wide):
                return text
    return None


def _fits(text: str, script: Callable[[str], bool]) -> bool:
    wide = "".join(_NON_ASCII.findall(text))
    return len(wide) >= _MIN_WIDE and script(wide)


def _russian(wide: str) -> bool:
    return len(_RUSSIAN.findall(wide)) >= 0.9 * len(wide)


def _russian_words(text: str) -> bool:
    """Whether ``text``'s Cyrillic words read as Russian ones: no capital after a small
    letter inside a word, a vowel in nearly every word of three letters or more, and
    hardly a sign where Russian never writes one.
    Greek, Hebrew or Arabic bytes read as Windows-1251 give Cyrillic letters too, but
    not such words ("мЮнхмЬ", "щмк")."""
    if _INNER_CAPITAL.search(text):
        return False
    words = _CYRILLIC_WORD.findall(text)
    voiced = sum(1 for word in words if _RUSSIAN_VOWEL.search(word))
    return not words or (voiced >= 0.9 * len(words) and len(_NOT_RUSSIAN.findall(text)) <= 0.1 * len(words))


def _alphabet(pattern: str) -> Callable[[str], bool]:
    letters = re.compile(pattern)
    return lambda wide: len(letters.findall(wide)) >= 0.9 * len(wide)


#: Greek, Hebrew, Arabic (with Persian's letters) and Thai in their Windows sets (and
#: the ISO set where Windows' leaves bytes undefined), tried after the sets above.
#: (In this order: Hebrew and Arabic bytes read as Greek give Greek letters; the other
#: way round they give signs and Latin letters.)
_ALPHABETS = (
    ("cp1255", _alphabet(r"[\u05d0-\u05ea]")),
    ("cp1256", _alphabet(r"[\u0621-\u064a\u067e\u0686\u0698\u06a9\u06af\u06cc]")),
    ("cp1253", _alphabet(r"[\u0386-\u03ce]")),
    ("iso8859_7", _alphabet(r"[\u0386-\u03ce]")),
    ("cp874", _alphabet(r"[\u0e01-\u0e5b]")),
)
_INNER_CAPITAL = re.compile(r"[\u0430-\u044f\u0451][\u0410-\u042f\u0401]")
_CYRILLIC_WORD = re.compile(r"[\u0410-\u044f\u0401\u0451]{3,}")
_RUSSIAN_VOWEL = re.compile(r"[аеёиоуыэюяАЕЁИОУЫЭЮЯ]")
#: What no Russian word holds: a soft or hard sign or "ы" opening it, or a sign after a vowel.
_NOT_RUSSIAN = re.compile(r"(?<![\u0410-\u044f\u0401\u0451])[ыьъЫЬЪ]|[аеёиоуыэюяАЕЁИОУЫЭЮЯ][ьъЬЪ]")


#: An RFC 2047 encoded word ("=?UTF-8?B?NTUw...?=") that a program copied undecoded.
_ENCODED_WORD = re.compile(r"=\?([A-Za-z0-9_.:-]{1,40})(?:\*[A-Za-z-]{1,20})?\?([BbQq])\?([^?\s]{0,1000})\?=")
#: The white space between two adjacent encoded words, which RFC 2047 says is dropped.
_BETWEEN_WORDS = re.compile(r"(\?=)[ \t\r\n]+(?==\?)")


def encoded_words(text: str) -> str:
    """``text`` with each RFC 2047 encoded word decoded (one that does not decode, in
    an unknown charset or with broken base64, is left as written).

    Not :func:`bouncekit.mime.decode_header_value`: a reply keeps its line breaks (a
    multi-line reply's continuation lines are read from them), and a copied word is
    often cut short of its base64 padding."""
    if "=?" not in text:
        return text
    return _ENCODED_WORD.sub(_decoded_word, _BETWEEN_WORDS.sub(r"\1", text))


def _decoded_word(m: re.Match[str]) -> str:
    charset, kind, data = m[1], m[2].upper(), m[3]
    try:
        if kind == "B":
            raw = binascii.a2b_base64(data + "=" * (-len(data) % 4), strict_mode=True)
        else:
            raw = binascii.a2b_qp(data.replace("_", " "), header=True)
        return raw.decode(charset)
    except (LookupError, ValueError):  # an unknown charset, broken base64, undecodable bytes
        return m[0]


def _in_high_runs(payload: bytes) -> bool:
    """Whether most of ``payload``'s bytes above ASCII stand in runs of four or more."""
    high = len(payload) - len(payload.translate(None, _HIGH_BYTES))
    in_runs = sum(len(run) for run in _HIGH_RUN.findall(payload))
    return high > 0 and in_runs >= 0.6 * high


def _decoded(payload: bytes, charset: str) -> str | None:
    """``payload`` decoded strictly, or without its last byte or three (a text cut in
    the middle of a character), else None."""
    for end in range(len(payload), max(len(payload) - 4, 0), -1):
        try:
            return payload[:end].decode(charset)
        except UnicodeDecodeError:
            continue
    return None


def _korean(wide: str) -> bool:
    # (Korean prose is Hangul with few Hanja; Chinese read in the Korean set is not.)
    hangul = len(_HANGUL.findall(wide))
    return hangul >= 0.7 * len(wide) and hangul + len(_CJK.findall(wide)) == len(wide)


def _chinese(wide: str) -> bool:
    return not _KANA.search(wide) and len(_CJK.findall(wide)) == len(wide)


def _as_cp1252_bytes(text: str) -> bytes | None:
    """The bytes that Windows-1252 (Latin-1 for the five bytes it leaves undefined)
    reads as ``text``, or None where a character has none."""
    out = bytearray()
    for char in text:
        code = ord(char)
        if code < 0x100:
            out.append(code)
        elif (byte := _CP1252_BYTES.get(char)) is not None:
            out += byte
        else:
            return None
    return bytes(out)


def _utf8_sequence(m: re.Match[str]) -> str:
    raw = _as_cp1252_bytes(m[0])
    try:
        return raw.decode("utf-8") if raw is not None else m[0]
    except UnicodeDecodeError:
        return m[0]


def _iso2022_run(m: re.Match[str]) -> str:
    try:
        return f"\x1b$B{m[1]}\x1b(B".encode("ascii").decode("iso2022_jp")
    except UnicodeDecodeError:
        return m[0]
