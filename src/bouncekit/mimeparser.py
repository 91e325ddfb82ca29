"""A fast MIME splitter that builds the standard library's ``email.message.Message`` trees.

The standard library's feed parser reads a message one line at a time in Python, which
is most of the cost of decoding a bounce. This parser cuts the message with string
searches instead (header blocks at the first blank line, multipart bodies at their
boundary lines) and fills ordinary ``Message`` objects, so everything downstream keeps
using the documented ``email`` API. It follows the feed parser's compat32 results:

- the header block ends at the first empty line, or at the first line that is neither a
  header field nor a continuation (that line starts the body);
- a ``multipart/*`` body is split at ``--boundary`` lines (RFC 2046 section 5.1.1; the
  newline before a delimiter belongs to the delimiter); text before the first delimiter
  is the preamble, after the close delimiter the epilogue; a boundary that never occurs
  leaves the body as one text;
- ``message/delivery-status`` and ``message/global-delivery-status`` become a list of
  header-only blocks (RFC 3464 section 2.1, RFC 6533 section 6.2), any other
  ``message/*`` a list holding the one enclosed message (whose body is split when
  first read: see ``EnclosedMessage``);
- parts of ``multipart/digest`` default to ``message/rfc822`` (RFC 2046 section 5.1.5).

Input must already use LF line endings (``mime.load`` normalises them).
"""

from __future__ import annotations

import re
from email.message import Message
from email.policy import Policy

from bouncekit.lazy import cached_property

#: Nesting depth beyond which an enclosed body is kept as text rather than parsed.
MAX_DEPTH = 40

_BLANK_LINES = re.compile(r"\n(?:[ \t]*\n)+")
#: Reports made of header-like blocks: RFC 3464 and its UTF-8 form of RFC 6533 (which
#: the standard library would read as an enclosed message).
_DSN_TYPES = frozenset({"message/delivery-status", "message/global-delivery-status"})
#: One header field and its continuation lines (RFC 5322 section 2.2: any printable
#: character but the colon in the name). The repeats are possessive: what follows each
#: can never match what it would give back, and the engine then keeps no backtracking
#: state per continuation line (3% of the instructions of loading a message).
_FIELD = re.compile(r"(?<![\041-\071\073-\176])([\041-\071\073-\176]*+):([^\n]*+(?:\n[ \t][^\n]*+)*+)")
#: The same, for a block read whole (``findall``): each field from a line's start, the name
#: not empty, the value without the blanks that open it (as ``_headers`` stores it).
_BLOCK_FIELD = re.compile(r"^([\041-\071\073-\176]++):[ \t]*+([^\n]*+(?:\n[ \t][^\n]*+)*+)", re.MULTILINE)
#: A field's name and colon (from where a name starts: searched, it stays linear); a line
#: break followed by neither a field nor a continuation line (an empty line, a line that
#: is no field, the end).
_FIELD_NAME = re.compile(r"(?<![\041-\071\073-\176])[\041-\071\073-\176]++:")
_BLOCK_BREAK = re.compile(r"\n(?![ \t]|[\041-\071\073-\176]++:)")
#: The transfer encodings that ``Message.get_payload(decode=True)`` decodes.
_DECODED_ENCODINGS = frozenset({"quoted-printable", "base64", "x-uuencode", "uuencode", "uue", "x-uue"})
#: Longest header value kept (the standard library parses parameters in quadratic time).
MAX_HEADER_CHARS = 8 * 1024


class ParsedMessage(Message):
    """A ``Message`` that reads its Content-Type field once, and its fields and plain
    payloads without the standard library's detours.

    The standard library finds and parses the field again on every call of
    ``get_content_type``, ``get_param``, ``get_boundary`` and ``get_content_charset``,
    and readers of a bounce ask for them many times per part. A parsed message is never
    changed afterwards (the parser fills it, readers only read), so what was read once
    stays true; the values are the standard library's own, computed on first use.
    """

    @cached_property
    def _content_type_field(self) -> object:
        """The Content-Type field as ``get`` gives it (None when there is none)."""
        # ``get``, without its calls: the parser asks this of every part it reads.
        for key, value in self._headers:
            if len(key) == 12 and key.lower() == "content-type":
                return self.policy.header_fetch_parse(key, value)
        return None

    @cached_property
    def _content_type(self) -> str:
        # ``Message.get_content_type`` on the field read once.
        value = self._content_type_field
        if value is None:
            return self.get_default_type()
        ctype = str(value).partition(";")[0].strip().lower()
        # RFC 2045 section 5.2: an invalid type is text/plain.
        return ctype if ctype.count("/") == 1 else "text/plain"

    @cached_property
    def _content_params(self) -> dict[str, object]:
        value = self._content_type_field
        if value is None:
            return {}
        listed = simple_params(value) if isinstance(value, str) else None
        if listed is None:
            listed = super().get_params(failobj=[])
        # The first parameter of each name wins, as in ``Message.get_param``.
        params: dict[str, object] = {}
        for name, param in listed:
            params.setdefault(name.lower(), param)
        return params

    def get_content_type(self) -> str:
        return self._content_type

    def get(self, name: str, failobj: object = None) -> object:
        # ``Message.get`` and ``get_all`` lower-case every field's name to compare it;
        # most names differ already in length (a lower-cased ASCII name keeps its length).
        name = name.lower()
        if not name.isascii():
            return super().get(name, failobj)
        size = len(name)
        for key, value in self._headers:
            if len(key) == size and key.lower() == name:
                return self.policy.header_fetch_parse(key, value)
        return failobj

    def get_all(self, name: str, failobj: object = None) -> object:
        name = name.lower()
        if not name.isascii():
            return super().get_all(name, failobj)
        size = len(name)
        fetch = self.policy.header_fetch_parse
        values = [
            fetch(key, value) for key, value in self._headers if len(key) == size and key.lower() == name
        ]
        return values or failobj

    @cached_property
    def _transfer_encoding(self) -> str:
        return str(self.get("content-transfer-encoding", "")).lower()

    def get_payload(self, i: int | None = None, decode: bool = False) -> object:
        payload = self._payload
        if i is None and isinstance(payload, str) and payload.isascii():
            # The standard library's path for a text without 8-bit bytes (which it looks
            # for on every call, encoding the whole text): itself, or as ASCII bytes
            # when decoding an identity transfer encoding.
            if not decode:
                return payload
            if self._transfer_encoding not in _DECODED_ENCODINGS:
                return payload.encode("ascii")
        return super().get_payload(i, decode)

    def get_param(
        self, param: str, failobj: object = None, header: str = "content-type", unquote: bool = True
    ) -> object:
        if header.lower() != "content-type" or not unquote:
            return super().get_param(param, failobj, header, unquote)
        return self._content_params.get(param.lower(), failobj)


def _read_first(name: str) -> property:
    """An attribute of ``EnclosedMessage`` that its body sets: the body is split before
    the attribute is read or set (a value set stays, as on a message read at once)."""
    key = f"_{name}_value"

    def get(self: EnclosedMessage) -> object:
        if self._unread_body is not None:
            self._read_body()
        return self.__dict__[key]

    def set(self: EnclosedMessage, value: object) -> None:
        if self._unread_body is not None:
            self._read_body()
        self.__dict__[key] = value

    return property(get, set)


class EnclosedMessage(ParsedMessage):
    """A message enclosed in a ``message/*`` part (a bounce's returned original, mostly):
    its header fields are read with the part, its body when first wanted.

    Readers of a bounce want the returned message's header fields (its Message-ID,
    sender, recipients); its body, often a MIME tree of its own, is wanted only where a
    notice encloses another bounce (one message in twenty). Whatever reads the body, the
    standard library's methods (``get_payload``, ``is_multipart``, ``walk``, the
    generator) or ours, goes through the three attributes below, which split it first.
    """

    # (Message.__init__ sets them to None, through the setters.)
    _payload = _read_first("payload")
    preamble = _read_first("preamble")
    epilogue = _read_first("epilogue")
    #: The text holding the body, where the body starts in it, and the body's nesting
    #: depth, until the body is read.
    _unread_body: tuple[str, int, int] | None = None

    def may_hold(self, word: str) -> bool:
        """Whether ``word`` (lower case) could be in the body, in any case: False only for
        a body not read yet whose text does not hold it (one search of the text, where
        splitting it would build a tree of parts to walk).

        A reader looking for a part type anywhere below (a feedback report inside a
        returned message) asks this first: most bodies never need to be split.
        """
        if self._unread_body is None:
            return True
        text, start, _ = self._unread_body
        # (Lower-casing in C is about ten times faster than a case-blind regular expression.)
        return word in text[start:].lower()

    def _read_body(self) -> None:
        unread, self._unread_body = self._unread_body, None
        if unread is not None:
            text, start, depth = unread
            _fill_body(self, text, start, len(text), self.policy, depth)


def simple_params(value: str) -> list[tuple[str, str]] | None:
    """``Message.get_params()`` of a Content-Type value, for the usual value: no
    backslash, no RFC 2231 star, no ``;`` inside quotes (None for any other value,
    which the standard library reads).

    The standard library's way, step by step: split at ``;``, a name lower-cased and
    stripped, a value stripped and one pair of enclosing quotes or angle brackets
    removed (``utils.unquote``), a piece without ``=`` a name with an empty value.
    """
    if "\\" in value or "*" in value:
        return None
    params = []
    for piece in value.split(";"):
        if piece.count('"') % 2:  # a quoted ";" (or a stray quote)
            return None
        name, equals, param = piece.partition("=")
        name = name.strip().lower() if equals else name.strip()
        param = param.strip()
        if len(param) > 1 and (param[0], param[-1]) in (('"', '"'), ("<", ">")):
            param = param[1:-1]
        params.append((name, param))
    return params


def parse_text(text: str, policy: Policy) -> Message:
    """Parse a whole message given as text (bytes decoded as ASCII with surrogateescape)."""
    msg = ParsedMessage(policy=policy)
    start = 0
    if text.startswith("From "):
        end = text.find("\n")
        end = len(text) if end < 0 else end
        msg.set_unixfrom(text[:end])
        start = end + 1
    _fill(msg, text, start, len(text), policy, 0)
    return msg


def _fill(msg: ParsedMessage, text: str, start: int, end: int, policy: Policy, depth: int) -> None:
    _fill_body(msg, text, _headers(msg, text, start, end), end, policy, depth)


def _fill_body(msg: ParsedMessage, text: str, body_start: int, end: int, policy: Policy, depth: int) -> None:
    # Payloads (a str, or a list of parts) are stored as ``Message.set_payload`` stores
    # them without a charset: directly, without a Python call for each part.
    body = text[body_start:end]
    ctype = msg._content_type  # (get_content_type(), one call less for every part)
    if depth >= MAX_DEPTH:
        msg._payload = body
        return
    maintype, _, subtype = ctype.partition("/")
    if maintype == "multipart":
        _multipart(msg, body, subtype, policy, depth)
    elif ctype in _DSN_TYPES and not _identity_encoded(msg):
        msg._payload = body  # decoded and read as text by whoever needs the fields
    elif ctype in _DSN_TYPES:
        blocks = []
        for block in _BLANK_LINES.split(body):
            block = block.lstrip("\n")
            if block and not block.isspace():  # (as block.strip(), without a copy)
                part = ParsedMessage(policy=policy)
                part._payload = block[_headers(part, block, 0, len(block)) :]
                blocks.append(part)
        msg._payload = blocks
    elif maintype == "message":
        inner = EnclosedMessage(policy=policy)
        inner._unread_body = (body, _headers(inner, body, 0, len(body)), depth + 1)
        msg._payload = [inner]
    else:
        msg._payload = body


def _identity_encoded(msg: Message) -> bool:
    """True unless the part is base64 or quoted-printable (then its blocks are text to
    decode first, which ``get_payload(decode=True)`` does)."""
    encoding = str(msg.get("Content-Transfer-Encoding", "")).strip().lower()
    return encoding not in ("base64", "quoted-printable")


def _headers(msg: Message, text: str, start: int, end: int) -> int:
    """Read the header block at ``start``; return where the body begins.

    Values are stored as compat32 stores them: leading blanks removed, folding kept, cut
    at ``MAX_HEADER_CHARS``.
    """
    if (start == 0 or text[start - 1] == "\n") and _FIELD_NAME.match(text, start, end):
        # The usual block: a field at the start of a line, then fields and continuation
        # lines up to an empty line or the end. It is read whole by one ``findall``
        # (no Python step per field) once one search has found where it ends.
        found = _BLOCK_BREAK.search(text, start, end)
        stop = end if found is None else found.start()
        if stop >= end - 1 or text[stop + 1] == "\n":
            fields = _BLOCK_FIELD.findall(text, start, stop)
            if stop - start > MAX_HEADER_CHARS:
                fields = [(name, value[:MAX_HEADER_CHARS]) for name, value in fields]
            msg._headers.extend(fields)
            return min(stop + 2, end)
    return _headers_by_line(msg, text, start, end)


def _headers_by_line(msg: Message, text: str, start: int, end: int) -> int:
    """``_headers`` for any block: a field at a time, the other lines as the feed parser
    reads them (envelope lines, stray continuations, a body with no empty line before it)."""
    position = start
    first = True
    match_field = _FIELD.match  # (looked up once: this loop runs for every field)
    # ``Message.set_raw`` appends (name, value) to the field list: appended here directly,
    # without a Python call per field.
    add_field = msg._headers.append
    while position < end:
        if text[position] == "\n":
            return position + 1
        m = match_field(text, position, end)
        if m is not None:
            name, value = m.groups()
            if name:  # a field with an empty name is dropped
                add_field((name, value.lstrip(" \t")[:MAX_HEADER_CHARS]))
            position = m.end() + 1
        elif text.startswith(("From ", " ", "\t"), position):
            # An envelope line (the message's own when first, else misplaced) or a
            # continuation with no field before it: dropped, as the feed parser does.
            line_end = text.find("\n", position, end)
            line_end = end if line_end < 0 else line_end
            if first and text.startswith("From ", position) and msg.get_unixfrom() is None:
                msg.set_unixfrom(text[position:line_end])
            position = line_end + 1
        else:
            # Not a header: the body starts here (the feed parser's missing separator).
            return position
        first = False
    return end


def opens_field(text: str, position: int = 0) -> bool:
    """Whether a header field's name and colon start at ``position`` (a line's start)."""
    return _FIELD_NAME.match(text, position) is not None


def header_block_at(text: str, start: int) -> tuple[int, list[str]]:
    """The header block that opens at ``start`` (a line's start): where it ends and its
    field names, the names empty unless the block is clean (fields and continuation
    lines only, up to an empty line or the end of ``text``)."""
    found = _BLOCK_BREAK.search(text, start)
    stop = len(text) if found is None else found.start()
    if stop < len(text) - 1 and text[stop + 1] != "\n":
        return stop, []  # a line that is no field ends it: a text, not a header block
    return stop, [name for name, _ in _BLOCK_FIELD.findall(text, start, stop)]


def _multipart(msg: Message, body: str, subtype: str, policy: Policy, depth: int) -> None:
    boundary = msg.get_boundary()
    if not boundary:
        msg._payload = body
        return
    marks = _delimiters(body, boundary)
    if not marks:
        msg._payload = body
        return
    first = marks[0][0]
    msg.preamble = body[: max(0, first - 1)] if first else None
    default = "message/rfc822" if subtype == "digest" else "text/plain"
    parts: list[Message] = []
    for (_, mark_end, close), following in zip(marks, [*marks[1:], None], strict=True):
        if close:
            msg.epilogue = body[mark_end + 1 :] or None
            break
        part_start = mark_end + 1
        if following is not None:
            part_end = following[0] - 1
        else:  # no close delimiter: the part runs to the end, less its last newline
            part_end = len(body) - 1 if body.endswith("\n") else len(body)
        part = ParsedMessage(policy=policy)
        if default != "text/plain":
            part.set_default_type(default)
        if part_start <= part_end:
            _fill(part, body, part_start, max(part_start, part_end), policy, depth + 1)
        else:
            part._payload = ""
        parts.append(part)
    msg._payload = parts


def _delimiters(body: str, boundary: str) -> list[tuple[int, int, bool]]:
    """(start, end, is the close delimiter) of each delimiter line of ``body``.

    A delimiter line is ``--boundary``, then ``--`` for the close delimiter, then only
    blanks (RFC 2046 section 5.1.1). Found with plain string searches: a regular
    expression would have to be compiled for each message's own boundary.
    """
    dash = "--" + boundary
    marks = []
    position = body.find(dash)
    while position >= 0:
        if position == 0 or body[position - 1] == "\n":
            # (A boundary may hold a folded header's newline: the line ends after it.)
            line_end = body.find("\n", position + len(dash))
            line_end = len(body) if line_end < 0 else line_end
            rest = body[position + len(dash) : line_end]
            close = rest.startswith("--")
            if not (rest[2:] if close else rest).strip(" \t"):
                marks.append((position, line_end, close))
                position = body.find(dash, line_end)
                continue
        position = body.find(dash, position + 1)
    return marks
