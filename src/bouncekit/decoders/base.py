"""What every decoder shares: the finding it returns, the protocol, and the helpers
that read the common shapes of bounce text.

A decoder says what it recognises in class attributes (``senders``, ``subjects``,
``headers``, ``markers``, ``domains``), which the base ``matches()`` checks cheaply;
``decode()`` does what is truly specific to the format and returns a list of findings,
or None for "not mine" (the registry then tries the next decoder). Decoders keep no
state: one instance serves every message and every thread. ``Index`` finds, in one
pass per key, which decoders of a registry could match a message.
"""

from __future__ import annotations

import email.message
import itertools
import re
from collections import Counter, deque
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from typing import ClassVar

from bouncekit.address import AddressError, normalize
from bouncekit.frozen import fast_init
from bouncekit.mime import (
    MESSAGE_TYPES,
    DeliveryStatus,
    MessageView,
    OriginalHeaders,
    load,
    original_from_text,
    parse_delivery_status,
    strip_address,
)
from bouncekit.model import Event, Reason
from bouncekit.prefilter import automaton
from bouncekit.smtp import is_generic_status, reply_codes

#: An email address inside free text (bounded local part and domain; no backtracking
#: blow-up on long runs of address characters).
ADDRESS = re.compile(
    r"(?<![\w.+=-])([A-Za-z0-9!#$%&'*+/=?^_`{|}~.-]{1,64}"
    r"@[A-Za-z0-9](?:[A-Za-z0-9.-]{0,252}[A-Za-z0-9])?)"
)
#: The mailbox a Received field says it delivered to: ``for <jo@example.net>`` (the
#: brackets, and the ``;`` before the date, as MTAs write them).
RECEIVED_FOR = re.compile(r"\bfor[ \t]+<?([^<>\s@;]{1,64}@[^<>\s@;]{1,253}?)>?[ \t]*;", re.IGNORECASE)
#: Text inside angle brackets that looks like an address: ``<user@example.com>``.
BRACKETED_ADDRESS = re.compile(r"<([^<>@\s]{1,64}@[^<>\s]{1,253})>")
#: A host name in ``host[192.0.2.1]`` or ``host (192.0.2.1)`` form.
HOST_WITH_IP = re.compile(
    r"(?<![A-Za-z0-9.-])([A-Za-z0-9][A-Za-z0-9.-]{0,252}\.[A-Za-z]{2,63})[ \t]{0,5}[\[(][ \t]{0,5}"
    r"[0-9a-fA-F.:]{3,45}[ \t]{0,5}[\])]"
)


@fast_init
@dataclass(frozen=True, slots=True)
class Finding:
    """What a decoder read about one recipient, before classification.

    ``reason`` is set only where the format itself decides (an auto-reply, a
    challenge); otherwise the classifier reads ``diagnostic`` and the codes.
    """

    recipient: str | None
    diagnostic: str | None = None
    status: str | None = None
    reply_code: str | None = None
    action: str | None = None
    event: Event | None = None
    remote_mta: str | None = None
    reporting_mta: str | None = None
    date: str | None = None
    feedback_type: str | None = None
    reason: Reason | None = None
    original_message_id: str | None = None
    original_sender: str | None = None
    #: The address the sender used, when the format names it beside the final one
    #: (RFC 3464 Original-Recipient); kept on the record where it differs.
    original_recipient: str | None = None
    #: The reporting MTA gave the message up because its time in the queue ran out
    #: (RFC 3464 ``Action: failed`` with ``Status: X.4.7``), whatever its last reply was.
    expired: bool = False


@dataclass(frozen=True, slots=True)
class Keys:
    """Where an override of ``Decoder.matches()`` looks beyond the base keys.

    The override declares them (``Decoder.more_keys``) so that ``Index`` can still skip
    the decoder: every way the override can be true must show one of its base keys or
    one of these (tests/decoders/test_registry.py checks it on every fixture). A key
    may find more messages than ``matches()`` accepts (``"mailer-daemon@yandex."`` for
    ``local == "mailer-daemon" and domain.startswith("yandex.")``), never fewer.
    """

    #: Substrings of the Subject (lower case).
    subjects: tuple[str, ...] = ()
    #: Substrings of the notification text (``MessageView.text``, case as written).
    markers: tuple[str, ...] = ()
    #: Header names (lower case) whose presence is enough.
    headers: tuple[str, ...] = ()
    #: (header name, substring of its decoded value), both lower case.
    header_values: tuple[tuple[str, str], ...] = ()
    #: Substrings of the From address (``MessageView.from_address``, lower case).
    addresses: tuple[str, ...] = ()
    #: Substrings of the Received headers (``MessageView.received_text``, lower case).
    received: tuple[str, ...] = ()
    #: Report types of a ``multipart/report`` message (``MessageView.report_type``).
    report_types: tuple[str, ...] = ()
    #: Content types of a leaf part (``MessageView.parts``).
    part_types: tuple[str, ...] = ()
    #: Field names (lower case) of the delivery status, per message or per recipient.
    status_fields: tuple[str, ...] = ()


class Decoder:
    """Base of every format decoder."""

    #: Short name reported in each record's ``decoder`` field.
    name: ClassVar[str] = ""
    #: Substrings of the From header (lower case) that identify the format.
    senders: ClassVar[tuple[str, ...]] = ()
    #: Substrings of the Subject (lower case) that identify the format.
    subjects: ClassVar[tuple[str, ...]] = ()
    #: Header names whose presence identifies the format.
    headers: ClassVar[tuple[str, ...]] = ()
    #: Substrings of the notification text that identify the format.
    markers: ClassVar[tuple[str, ...]] = ()
    #: Mail domains whose addresses send the format (the From domain or a parent of it).
    domains: ClassVar[tuple[str, ...]] = ()
    _domain_set: ClassVar[frozenset[str]] = frozenset()
    #: True when ``matches()`` can be true only where one of the keys above (or of
    #: ``more_keys``) is found: ``Index`` then skips the decoder for messages that show
    #: none of its keys. An override of ``matches()`` that looks at anything else must
    #: declare it in ``more_keys`` or leave this False (the default for a class that
    #: overrides ``matches()`` and declares neither).
    keyed: ClassVar[bool] = True
    #: For an override of ``matches()``: the keys beyond the ones above under which it
    #: can be true (only the index reads them; the base test does not).
    more_keys: ClassVar[Keys] = Keys()
    #: True for a decoder of messages written by or for people (a forward, a notice
    #: passed on, an automatic reply, a challenge, an abuse desk's complaint): a greeting
    #: and a question belong to them. A decoder of a mail system's format is not asked
    #: about a person's letter that quotes a notice to ask about it.
    reads_letters: ClassVar[bool] = False
    #: True for a decoder that reads its notice's own statement that the sending side did
    #: not send the message (the fallback reads it in the notice's framing); for the
    #: others, ``parse`` reads it after them (``fallback.sendingside.refused_on_the_sending_side``).
    reads_sending_side: ClassVar[bool] = False

    def __init_subclass__(cls, **kwargs: object) -> None:
        super().__init_subclass__(**kwargs)
        cls._domain_set = frozenset(cls.domains)
        if "matches" in cls.__dict__ and "keyed" not in cls.__dict__:
            # An override is keyed only when its own class says where it looks.
            cls.keyed = "more_keys" in cls.__dict__

    def matches(self, msg: MessageView) -> bool:
        """Cheap test: could this message be in my format?"""
        if self.domains:
            # The From domain and its parent domains, looked up.
            domain = msg.from_address.rpartition("@")[2]
            while domain:
                if domain in self._domain_set:
                    return True
                domain = domain.partition(".")[2]
        if self.headers:
            names = msg.header_names
            for header in self.headers:
                if header.lower() in names:
                    return True
        if self.senders:
            sender = msg.from_lower
            for s in self.senders:
                if s in sender:
                    return True
        if self.subjects:
            subject = msg.subject_lower
            for s in self.subjects:
                if s in subject:
                    return True
        if self.markers:
            text = msg.text
            for marker in self.markers:
                if marker in text:
                    return True
        return False

    def decode(self, msg: MessageView) -> list[Finding] | None:
        """The findings of a message in my format, or None when it is not mine."""
        raise NotImplementedError

    def forwarded(self, msg: MessageView) -> MessageView | None:
        """The notice that ``msg`` forwards, to be decoded in its place, if it forwards one
        (only the forward decoder knows one; ``bouncekit.api`` asks before ``decode``)."""
        return None

    def __repr__(self) -> str:
        return f"<decoder {self.name}>"


class Index:
    """Which decoders of a registry could match a message, found in one pass per key.

    A keyed decoder (``Decoder.keyed``) can match only where one of its keys is found,
    so it is looked up by them: header names, report and part types, delivery-status
    field names and the From domain (and its parents) in dicts; senders, subjects,
    markers and From addresses each by one Aho-Corasick pass over the From header, the
    Subject, the text and the From address; header values and Received text by
    substring tests. The other decoders are always candidates. ``candidates`` keeps the
    registry's order and still leaves the decision to each decoder's ``matches()``:
    the index only skips decoders that cannot match.
    """

    def __init__(self, registry: Sequence[Decoder]) -> None:
        self.registry = tuple(registry)
        self._always: list[int] = []
        tables: dict[str, dict[str, list[int]]] = {
            kind: {} for kind in ("headers", "domains", "senders", "subjects", "markers", "addresses",
                                  "report_types", "part_types", "status_fields", "received")
        }
        header_values: dict[str, dict[str, list[int]]] = {}
        for position, decoder in enumerate(self.registry):
            more = decoder.more_keys
            keys = {
                "headers": [h.lower() for h in (*decoder.headers, *more.headers)],
                "domains": decoder.domains,
                "senders": decoder.senders,
                "subjects": (*decoder.subjects, *more.subjects),
                "markers": (*decoder.markers, *more.markers),
                "addresses": more.addresses,
                "report_types": more.report_types,
                "part_types": more.part_types,
                "status_fields": more.status_fields,
                "received": more.received,
            }
            # An empty key is found in every message: such a decoder is always a candidate.
            if (not decoder.keyed or any("" in k for k in keys.values())
                    or any("" in pair for pair in more.header_values)):
                self._always.append(position)
                continue
            for kind, values in keys.items():
                for value in values:
                    tables[kind].setdefault(value, []).append(position)
            for name, word in more.header_values:
                header_values.setdefault(name, {}).setdefault(word, []).append(position)
        self._headers = tables["headers"]
        self._domains = tables["domains"]
        self._report_types = tables["report_types"]
        self._part_types = tables["part_types"]
        self._status_fields = tables["status_fields"]
        self._received = tuple(tables["received"].items())
        self._header_values = {name: tuple(words.items()) for name, words in header_values.items()}
        self._senders = automaton(tables["senders"])
        self._subjects = automaton(tables["subjects"])
        # Markers with a non-ASCII character cannot be in an ASCII text (most texts): they
        # have their own automaton, whose pass only such a text needs.
        markers: dict[str, list[int]] = {}
        wide_markers: dict[str, list[int]] = {}
        for marker, positions in tables["markers"].items():
            if marker.isascii():
                markers.setdefault(_index_key(marker), []).extend(positions)
            else:
                wide_markers.setdefault(_from_first_space(marker), []).extend(positions)
        # Keys added in order, those starting with a space first: the root's children are
        # compared in the order they were added, and a space is the commonest start.
        markers = dict(sorted(markers.items()))
        self._markers = automaton(markers)
        self._wide_markers = automaton(wide_markers)
        self._addresses = automaton(tables["addresses"])

    def candidates(self, msg: MessageView) -> list[Decoder]:
        """The decoders that could match ``msg``, in registry order."""
        found = set(self._always)
        names = msg.header_names
        for name in self._headers.keys() & names:
            found.update(self._headers[name])
        for name in self._header_values.keys() & names:
            value = msg.header(name).lower()
            for word, positions in self._header_values[name]:
                if word in value:
                    found.update(positions)
        if self._received and "received" in names:
            received = msg.received_text
            for word, positions in self._received:
                if word in received:
                    found.update(positions)
        address = msg.from_address
        domain = address.rpartition("@")[2]
        while domain:
            found.update(self._domains.get(domain, ()))
            domain = domain.partition(".")[2]
        found.update(self._report_types.get(msg.report_type, ()))
        for part in msg.parts:
            found.update(self._part_types.get(part.content_type, ()))
        status = msg.delivery_status
        if status is not None and self._status_fields:
            # The few keyed names looked up among the status's names (a set built in C).
            fields = itertools.chain(status.fields, *(r.fields for r in status.recipients))
            for name in self._status_fields.keys() & dict(fields).keys():
                found.update(self._status_fields[name])
        notification = msg.text
        wide_markers = None if notification.isascii() else self._wide_markers
        for keyed, text in ((self._senders, msg.from_lower), (self._subjects, msg.subject_lower),
                            (self._markers, notification), (wide_markers, notification),
                            (self._addresses, address)):
            if keyed is not None and text:
                for _, positions in keyed.iter(text):
                    found.update(positions)
        return [self.registry[position] for position in sorted(found)]


#: Fewest characters a marker keeps when looked up from its first space.
_MIN_MARKER_TAIL = 10
#: Where else an ASCII marker without such a space is looked up from, and the fewest
#: characters it then keeps.
_KEY_STARTS = " :-/"
_MIN_KEY_TAIL = 6


def _index_key(marker: str) -> str:
    """What the index looks for to find an ASCII marker: the marker from its first
    space (``_from_first_space``), else from its first space, colon, hyphen or slash
    where six characters or more remain, else the marker as written.

    Each character of the text is compared with the first characters of the keys (see
    ``_from_first_space``): keys that start with one of four characters rare in words
    (``-OR-name`` for ``unrecognized-OR-name``) leave most characters of a text a short
    comparison (a quarter less time than the markers as written).
    """
    key = _from_first_space(marker)
    if key.startswith(" "):
        return key
    for k, char in enumerate(marker):
        if char in _KEY_STARTS and len(marker) - k >= _MIN_KEY_TAIL:
            return marker[k:]
    return marker


def _from_first_space(marker: str) -> str:
    """The marker from its first space on (where enough of it remains), as the index
    looks for it: found wherever the marker is.

    An Aho-Corasick pass costs more per character the more distinct first characters
    its words have (each character of the text is looked up among them); markers
    that all start with a space take half the time of the markers as written.
    """
    space = marker.find(" ")
    return marker[space:] if space >= 0 and len(marker) - space >= _MIN_MARKER_TAIL else marker


# --- shared readers ---------------------------------------------------------------------


def dsn_findings(status: DeliveryStatus, *, reporting_mta: str | None = None) -> list[Finding]:
    """One finding per recipient block of an RFC 3464 delivery status.

    Where blocks share one Final-Recipient (Sendmail reporting the members of a list or
    alias it expanded), each names its own member in X-Actual-Recipient: that member is
    the recipient, the shared address its original. (A block alone keeps Final-Recipient,
    as the labelled real bounces have it.)
    """
    findings = []
    finals = [(block.final_recipient or "").lower() for block in status.recipients]
    shared = {final for final, count in Counter(finals).items() if count > 1 and final}
    for block, final in zip(status.recipients, finals, strict=True):
        recipient = _dsn_recipient(block.final_recipient, block.original_recipient)
        original_recipient = block.original_recipient
        if final in shared and (actual := block.get("x-actual-recipient")):
            recipient, original_recipient = _dsn_recipient(actual, None), block.final_recipient
        code = block.diagnostic_code
        if code and not _without_diagnostic_type(code).strip():
            code = None  # "Diagnostic-Code: SMTP;": its type and no reply
        elif code and (exit_status := _UNIX_EXIT.match(code)):
            # "x-unix; 67": a local delivery program's exit status (sysexits.h), in words.
            meaning = _SYSEXITS.get(exit_status[1])
            code = f"{code} ({meaning})" if meaning else code
        quoted = code or _supplementary_reply(block.get("x-supplementary-info"))
        findings.append(
            Finding(
                recipient=recipient,
                original_recipient=original_recipient,
                diagnostic=quoted or _status_comment(block.get("status")),
                status=_dsn_status(block.status, quoted, delayed=block.action == "delayed"),
                action=block.action,
                # "deliverable" answers an address verification request (sendmail -bv,
                # Postfix verify): a delivery report, not a failure.
                event=Event.DELIVERED if block.action == "deliverable" else None,
                remote_mta=block.remote_mta,
                reporting_mta=status.reporting_mta or reporting_mta,
                date=block.last_attempt_date or status.arrival_date,
                # "failed" with a transient network status (4.4.1 no answer, 4.4.2 bad
                # connection) or 4.4.7 is a give-up after the retries ran out.
                expired=block.action == "failed" and (block.status or "").startswith("4.4."),
            )
        )
    return findings


def completed_from_status(msg: MessageView, findings: list[Finding]) -> list[Finding]:
    """``findings``, each failure without a status given the Status its recipient has
    in the message's delivery-status part.

    A decoder of a list server or a provider reads its notice's words and may leave the
    machine-readable part it also sends unread; that part's status code is still the
    record's (``5.7.1`` for a list's "Authorization denied").
    """
    status = msg.delivery_status
    if status is None or all(f.status for f in findings):
        return findings
    codes = {
        (strip_address(block.final_recipient) or "").lower(): block.status
        for block in status.recipients
        if block.status and block.action not in ("delivered", "relayed", "expanded")
    }
    return [
        replace(f, status=codes.get((strip_address(f.recipient) or "").lower()) or f.status)
        if not f.status and f.recipient and f.event in (None, Event.BOUNCE, Event.DELAYED) else f
        for f in findings
    ]


def _supplementary_reply(value: str | None) -> str | None:
    """The remote server's reply that Exchange quotes in its ``X-Supplementary-Info``
    field (``<mx.example.com #5.5.0 smtp;554 5.7.1 Relay access denied>``) where it
    writes no Diagnostic-Code; None where the field quotes none."""
    if not value:
        return None
    _, found, reply = value.partition("smtp;")
    reply = reply.strip().removesuffix(">").strip()
    return reply if found and reply else None


def _status_comment(value: str | None) -> str | None:
    """The comment of a Status field, ``4.0.0 (host name lookup failure)``: the only
    reason some MTAs give when they write no Diagnostic-Code."""
    if not value or "(" not in value:
        return None
    comment = value.split("(", 1)[1].rsplit(")", 1)[0].strip()
    return comment or None


# A VERP return address: a prefix, then the recipient's local part and domain joined by
# "=" ("bounces+jo=example.com@...", qmail's "list-return-12-jo=example.com@...").
_VERP = re.compile(
    r"\A[^@=\s]{1,64}?[+-]([^@=+\s]{1,64})=([a-z0-9-]{1,63}(?:\.[a-z0-9-]{1,63}){1,8})@", re.IGNORECASE
)
# Sympa's: "bounce+jo==a==example.com==listname@...".
_SYMPA_VERP = re.compile(
    r"\Abounce\+([^@=\s]{1,64})==a==([a-z0-9-]{1,63}(?:\.[a-z0-9-]{1,63}){1,8})==[^@\s]{1,64}@", re.IGNORECASE
)


def verp_recipient(address: str) -> str | None:
    """The recipient a VERP address names (``bounces+jo=example.com@lists.example.org``,
    ``list-return-12-jo=example.com@...``, Sympa's ``bounce+jo==a==example.com==list@``)
    for ``jo@example.com``, else None."""
    m = _SYMPA_VERP.match(address)
    if m:
        return f"{m[1]}@{m[2]}".lower()
    m = _VERP.match(address)
    if m is None:
        return None
    local = m[1]
    if m.string[m.start(1) - 1] == "-" or local.partition("-")[0].isdigit():
        # Ids between the prefix and the local part ("list-return-12-jo=", "b-n2445-jo=",
        # "bounce-mc.us5_123.456-jo.doe=", a sending service's "bounces+77310-jo="): the
        # local part follows the last segment that holds a digit, where one follows it.
        segments = local.split("-")
        ids = [i for i, segment in enumerate(segments[:-1]) if any(c.isdigit() for c in segment)]
        if ids:
            local = "-".join(segments[ids[-1] + 1 :])
    return f"{local}@{m[2]}".lower()


def _dsn_recipient(final: str | None, original: str | None) -> str | None:
    """The Final-Recipient, unless it is not an address (``@host`` or empty) and the
    Original-Recipient is.

    Exchange writes recipients it could only name internally as ``IMCEAEX-_o=...@host``
    (an X.500 name) or ``IMCEASMTP-bob+40example+2Ecom@host`` (an encoded SMTP address):
    the Original-Recipient, else the decoded address, is the real one.
    """
    if final and final[:5].lower() == "imcea":
        if original and "@" in original and original[:5].lower() != "imcea":
            return original
        decoded = _imcea_address(final)
        if decoded:
            return decoded
    for candidate in (final, original):
        if candidate and "@" in candidate and not candidate.startswith("@"):
            return candidate
    return next((c for c in (final, original) if c and not c.startswith("@")), None)


_IMCEA = re.compile(r"^IMCEA(?:SMTP|INVALID)-([^@]{1,320})@", re.IGNORECASE)
_PLUS_HEX = re.compile(r"\+([0-9A-Fa-f]{2})")


def _imcea_address(value: str) -> str | None:
    """``IMCEASMTP-bob+40example+2Ecom@host`` -> ``bob@example.com`` (None if not that form)."""
    m = _IMCEA.match(value)
    if not m:
        return None
    address = _PLUS_HEX.sub(lambda h: chr(int(h[1], 16)), m[1])
    return address if address.count("@") == 1 else None


#: RFC 3463's "delivery time expired", and a diagnostic that opens with it.
_EXPIRED_STATUS = "4.4.7"
_OPENS_EXPIRED = re.compile(r"(?:[\w-]{1,20};)?[ \t]{0,10}[245]\d\d[ -]4\.4\.7\b")


def _dsn_status(field: str | None, diagnostic: str | None, *, delayed: bool = False) -> str | None:
    """The Status field, unless the Diagnostic-Code quotes the remote server's own code.

    The remote reply (``550 5.7.1 ...``) is what the receiving system said; the Status
    field is the reporting MTA's summary of it, often generic (``5.0.0``). A generic
    quoted code does not replace a specific field, nor a code quoted inside a diagnostic
    that opens with the field's own ``4.4.7`` (the expiry, quoting the last attempt).
    """
    if not diagnostic or (field == _EXPIRED_STATUS and _OPENS_EXPIRED.match(diagnostic)):
        # "550 4.4.7 QUEUE.Expired; message expired [Message=451 4.4.0 ...]": the
        # reporting MTA's own expiry, which quotes the last attempt's reply inside it.
        return field
    reply_code, quoted = reply_codes(diagnostic)
    if not quoted or not reply_code or reply_code[0] != quoted[0] or (
        delayed and field and field[0] == "4" and quoted[0] == "5"
    ):
        # (A delay's temporary field is the reporting MTA's own verdict on a permanent
        # reply it will retry: "4.7.0" over "535 5.7.8", as Postfix defers a login that
        # failed.)
        return field
    if field and is_generic_status(quoted) and not is_generic_status(field):
        return field
    return quoted


def between(text: str, start: str | re.Pattern[str], end: Iterable[str] = ()) -> str | None:
    """The text after the first ``start`` and before the first of ``end`` (None if no start)."""
    if isinstance(start, str):
        i = text.find(start)
        if i < 0:
            return None
        i += len(start)
    else:
        m = start.search(text)
        if not m:
            return None
        i = m.end()
    stop = len(text)
    for marker in end:
        j = text.find(marker, i)
        if 0 <= j < stop:
            stop = j
    return text[i:stop]


def address_blocks(
    text: str, line: re.Pattern[str], *, group: int = 1, opening: str = ""
) -> list[tuple[str, str]]:
    """Split ``text`` into (address, following text) blocks.

    Each line that ``line`` matches opens a block for the address in ``group``; the
    rest of that line and the lines up to the next match are the block's text.
    ``opening``: what every line that ``line`` matches starts with, when the pattern
    says so (only those lines are matched: a plain test costs less than a match).
    """
    blocks: list[tuple[str, list[str]]] = []
    for raw in text.split("\n"):
        m = line.match(raw) if raw.startswith(opening) else None
        if m and m.group(group):
            address = strip_address(m.group(group))
            if address:
                blocks.append((address, [raw[m.end() :]]))
                continue
        if blocks:
            blocks[-1][1].append(raw)
    return [(address, "\n".join(lines).strip()) for address, lines in blocks]


def failed_recipients(msg: MessageView) -> list[str]:
    """The addresses of the ``X-Failed-Recipients`` header (Exim's, which other MTAs
    and hosting panels copy), in order."""
    header = msg.header("X-Failed-Recipients")
    return [a for a in (strip_address(p) for p in header.split(",")) if a] if header else []


def first_address(text: str) -> str | None:
    m = BRACKETED_ADDRESS.search(text) or ADDRESS.search(text)
    if m is None:
        return None
    if '"' in text:
        quoted = _QUOTED_LOCAL.search(text)
        if quoted and quoted.start() <= m.start(1) < quoted.end():
            # '"admin@legacy"@gateway.example': a quoted local part may hold an "@".
            return strip_address(quoted[0])
    end = m.end(1)
    if end < len(text) and not text[end].isascii() and text[end].isalnum():
        # An internationalised domain in its Unicode form ("info@café.example"): ADDRESS
        # (ASCII) stops at its first such letter; the whole word is the address, in the
        # A-label form the MTA's own fields use.
        whole = _WORD_AT.match(text, m.start(1))
        idn = normalized_address(whole[0]) if whole else None
        if idn:
            return idn
    return strip_address(m[1])


#: An address in angle brackets that a line break cut after a dot or a hyphen of its
#: domain ("<jo@research.\ndept.example.edu>"), as notices rewrapped at 72 columns have it.
_WRAPPED_ADDRESS = re.compile(r"(<[^<>\s@]{1,64}@[^<>\s@]{1,200}[.-])\n([A-Za-z0-9][A-Za-z0-9.-]{0,200}>)")


def rejoin_wrapped_addresses(text: str) -> str:
    """``text`` with each bracketed address that a line break cut joined again."""
    if "@" not in text or (".\n" not in text and "-\n" not in text):
        return text
    return _WRAPPED_ADDRESS.sub(r"\1\2", text)


#: An address whose local part is quoted (RFC 5321's Quoted-string).
_QUOTED_LOCAL = re.compile(r'"[^"\r\n\\]{1,64}"@[A-Za-z0-9](?:[A-Za-z0-9.-]{0,252}[A-Za-z0-9])?')
#: An address with its Unicode letters, up to the next space, bracket or quote.
_WORD_AT = re.compile(r"[^\s<>\"'(),;:\[\]]{1,64}@[^\s<>\"'(),;:\[\]]{1,253}")


def normalized_address(value: str) -> str | None:
    """``value`` as :func:`bouncekit.address.normalize` writes it, None if it is none."""
    try:
        return normalize(value.rstrip("."))
    except AddressError:
        return None



def address_domain(value: str | None) -> str:
    """The lower-case domain of the address in ``value`` ("" if none)."""
    address = strip_address(value or "") or ""
    return address.rpartition("@")[2].lower() if "@" in address else ""


def same_organisation(a: str, b: str) -> bool:
    """One domain is the other or below it (mail.example.org and example.org)."""
    return bool(a and b) and (a == b or a.endswith("." + b) or b.endswith("." + a))


def find_host(text: str) -> str | None:
    """The first ``host[ip]`` host name in ``text``, lower case."""
    m = HOST_WITH_IP.search(text)
    return m[1].lower().rstrip(".") if m else None


#: A complete SMTP reply quoted in angle brackets inside a longer text, the way relays
#: cite the last reply they got: ``Message expired ... <421 4.4.2 Connection timed out>``.
_BRACKETED_REPLY = re.compile(r"<([245]\d\d[ -][245]\.\d{1,3}\.\d{1,3}(?![\d.])[^<>\n]{0,500})>")


def bracketed_reply(text: str) -> str | None:
    """The last ``<NNN X.Y.Z text>`` reply quoted inside ``text`` (None if none)."""
    found = None
    for m in _BRACKETED_REPLY.finditer(text):
        found = m[1]
    return found


def received_text(msg: MessageView) -> str:
    """The bounce's own Received headers joined into one lower-case string.

    Gateways often name themselves only there (``by host (Spam Firewall)``,
    ``(MAILFOUNDRY)``, ``from MailMarshal.Sender``).
    """
    return msg.received_text


def fill_from_text(
    findings: list[Finding], blocks: list[tuple[str, str]], *, append: bool = True
) -> list[Finding]:
    """Complete DSN findings with what the human-readable part says per recipient.

    ``blocks`` are (address, reply text) pairs read from the notification text. A
    finding takes the text as its diagnostic when its own is missing, or when the text
    is longer and contains it (the DSN field was cut); a finding without a recipient
    takes the address of the block at the same position. Recipients that appear only
    in the text are appended, unless ``append`` is False (formats whose text also names
    the expanded or actual addresses beside the DSN's recipients).
    """
    out = list(findings)
    # Positions of the findings not yet completed, by recipient, and those without one:
    # each block takes the first of either in one lookup (linear in the recipients).
    by_recipient: dict[str, deque[int]] = {}
    nameless: deque[int] = deque()
    for k, f in enumerate(out):
        if f.recipient:
            by_recipient.setdefault(f.recipient.lower(), deque()).append(k)
        else:
            nameless.append(k)
    for address, text in blocks:
        text = text.strip()
        same = by_recipient.get(address.lower())
        if same:
            i = same.popleft()
        elif nameless:
            i = nameless.popleft()
        elif append:
            out.append(Finding(recipient=address, diagnostic=text or None))
            continue
        else:
            continue
        finding = out[i]
        diagnostic = finding.diagnostic
        if text and (not _meaningful(diagnostic) or _extends(text, diagnostic or "")):
            diagnostic = text
        if diagnostic != finding.diagnostic or not finding.recipient:  # (a copy costs)
            out[i] = replace(finding, recipient=finding.recipient or address, diagnostic=diagnostic)
    return out


_DIAGNOSTIC_PREFIX = re.compile(r"^\s*(?:smtp|x-[\w.-]+)\s*;\s*", re.IGNORECASE)


#: A Diagnostic-Code of type x-unix that is only a program's exit status.
_UNIX_EXIT = re.compile(r"[ \t]{0,8}x-unix[ \t]{0,8};[ \t]{0,8}(\d{2,3})[ \t]{0,8}\Z", re.IGNORECASE)
#: The exit statuses of sysexits.h that mail delivery programs return, in its words.
_SYSEXITS = {
    "64": "EX_USAGE: command line usage error", "65": "EX_DATAERR: data format error",
    "66": "EX_NOINPUT: cannot open input", "67": "EX_NOUSER: addressee unknown",
    "68": "EX_NOHOST: host name unknown", "69": "EX_UNAVAILABLE: service unavailable",
    "70": "EX_SOFTWARE: internal software error", "71": "EX_OSERR: system error",
    "72": "EX_OSFILE: critical OS file missing", "73": "EX_CANTCREAT: can't create (user) output file",
    "74": "EX_IOERR: input/output error", "75": "EX_TEMPFAIL: temporary failure",
    "76": "EX_PROTOCOL: remote error in protocol", "77": "EX_NOPERM: the delivery program lacks a permission",
    "78": "EX_CONFIG: configuration error",
}


def holds_more(text: str, diagnostic: str) -> bool:
    """True when a notice's ``text`` for a recipient holds all of its DSN ``diagnostic``
    (the type taken off) and says more: a multi-line reply whose last line alone the
    field gives (Sendmail, Courier), or what a local mailer printed beside the verdict."""
    field = " ".join(_without_diagnostic_type(diagnostic).split()).lower()
    whole = " ".join(text.split()).lower()
    return len(field) >= 8 and len(whole) > len(field) + 8 and field in whole


def _without_diagnostic_type(diagnostic: str) -> str:
    # The type ends with ";": most diagnostics without one skip the substitution.
    return _DIAGNOSTIC_PREFIX.sub("", diagnostic) if ";" in diagnostic else diagnostic


def _meaningful(diagnostic: str | None) -> bool:
    return bool(diagnostic and _without_diagnostic_type(diagnostic).strip())


def _extends(text: str, diagnostic: str) -> bool:
    """True when ``text`` starts like ``diagnostic`` and says more (a cut-off field)."""
    # (split and join: the ``\s+`` substitution and a strip, several times faster)
    short = " ".join(_without_diagnostic_type(diagnostic).split()).lower()
    long = " ".join(text.split()).lower()
    return len(long) > len(short) and long.startswith(short[:40])


# --- SMTP session transcripts (Sendmail, v5 Sendmail) ------------------------------------

#: ``... while talking to host.:`` / ``While talking to host:`` opens one SMTP session.
_SESSION = re.compile(r"^(?:\.\.\.\s*)?while talking to\b", re.IGNORECASE)
#: ``<<< 550 5.1.1 <a@b>... User unknown``: a reply line of the remote server.
_REMOTE_REPLY = re.compile(r"^<<<[ \t]?(.{0,2000})$")
#: ``550 5.1.1 <a@b>... User unknown`` or ``<a@b>... Deferred: ...``: the MTA's verdict
#: on one address, after an optional reply code and status code.
_VERDICT = re.compile(
    r"^(?:[245]\d\d[ -](?:[245]\.\d{1,3}\.\d{1,3}[ \t]+)?)?[ \t]*"
    r"<?([^<>\s@.][^<>\s@]{0,254}(?:@[^<>\s]{1,255}?)?)>?\.\.\.[ \t]?(.{0,2000})$"
)
_STARTS_WITH_REPLY = re.compile(r"^[245]\d\d(?:[ -]|$)")
#: Most characters kept of one reply line with its re-wrapped continuations.
_MAX_REPLY_CHARS = 2000
#: ``>>> RCPT To:<a@b>``: the command a following reply answers.
_SENT_RCPT = re.compile(r"^>>>[ \t]?RCPT[ \t]+TO:[ \t]*<?([^<>\s]{1,320}?)>?(?:[ \t]|$)", re.IGNORECASE)
#: ``<a@b>...`` at the start of a reply's text, after its codes: the address it refuses.
_NAMED = re.compile(r"^[245]\d\d[ -](?:[245]\.\d{1,3}\.\d{1,3}[ \t]+)?<([^<>\s]{1,320}@[^<>\s]{1,255})>")


def transcript_verdicts(text: str) -> list[tuple[str, str]]:
    """(address, diagnostic) for each address an SMTP transcript gives a verdict on.

    The diagnostic is the remote server's reply (``<<<`` lines) that came before the
    verdict in the same session, when there is one and it answered that address;
    otherwise the verdict's own text (``550 Host unknown``), or the whole verdict line
    when that text has no reply code, followed by what a local mailer printed just
    before it (``mail.local: unknown user: a``) in parentheses. The first verdict on an
    address wins.

    A reply answers the address it names (``<<< 550 5.1.1 <a@b>... User unknown``), else
    the one of the ``>>> RCPT To:<a@b>`` it follows. A verdict on another address (one
    that failed without a session of its own, ``550 5.1.2 <c@d>... Host unknown``, after
    the last session's refusal of ``a@b``) keeps its own text: the reply was not to it.
    """
    out: dict[str, str] = {}
    pending: list[str] = []
    answered: str | None = None  # the address the pending reply answered, where known
    rcpt: str | None = None  # the address of the session's last RCPT command
    local: list[str] = []
    reply_last = False  # whether the line before was a reply's (or its continuation)
    for line in text.split("\n"):
        line = line.strip()
        was_reply, reply_last = reply_last, False
        # Each pattern is tried only on the lines that open (or hold) its literal: most
        # lines of a transcript match none, and a plain test costs less than a match.
        first = line[:1]
        if first in ".wW" and _SESSION.match(line):
            pending, local, answered, rcpt = [], [], None, None
            continue
        if not line or line.startswith(">>>"):
            m = _SENT_RCPT.match(line) if line[3:].lstrip()[:4].upper() == "RCPT" else None
            if m:
                rcpt = strip_address(m[1])
            local = []
            continue
        m = _REMOTE_REPLY.match(line) if first == "<" else None
        if m:
            if pending and not _is_continuation(pending[-1]):
                pending = []
            if not pending:
                named = _NAMED.search(m[1])
                answered = (strip_address(named[1]) if named else None) or rcpt
            pending.append(m[1])
            local = []
            reply_last = True
            continue
        m = _VERDICT.match(line) if "..." in line else None
        if not m:
            if pending and was_reply and not (first in "245" and _STARTS_WITH_REPLY.match(line)):
                # A reply line re-wrapped by a client or a relay: its words go on here.
                pending[-1] = f"{pending[-1]} {line}"[:_MAX_REPLY_CHARS]
                reply_last = True
                continue
            if not (first in "245" and _STARTS_WITH_REPLY.match(line)):
                local = [*local[-2:], line]
            continue
        address = strip_address(m[1])
        if not address:
            continue
        own = m[2].strip()
        if pending and answered and answered.lower() != address.lower():
            pending = []  # another address's reply (see above)
        diagnostic = " ".join(pending) if pending else (own if _STARTS_WITH_REPLY.match(own) else line)
        if local and not pending:
            diagnostic = f"{diagnostic} ({' '.join(local)})"
        pending, local = [], []
        out.setdefault(address, diagnostic)
    return list(out.items())


_TALKING_TO = re.compile(r"^(?:\.\.\.\s*)?while talking to ([A-Za-z0-9][A-Za-z0-9.-]{0,252})", re.IGNORECASE)


def transcript_host(transcript: str, address: str) -> str | None:
    """The host of the ``while talking to`` session whose ``<<<`` reply refused ``address``."""
    host = None
    replied = False
    for line in transcript.split("\n"):
        line = line.strip()
        m = _TALKING_TO.match(line)
        if m:
            host, replied = m[1].lower().rstrip("."), False
        elif line.startswith("<<<"):
            replied = True
        elif "..." in line and "@" in line and not line.startswith(">>>"):
            if address in line:
                return host if replied else None
            replied = False
    return None


def _is_continuation(reply: str) -> bool:
    """True for ``550-...``: the first lines of a multi-line reply."""
    return len(reply) > 3 and reply[:3].isdigit() and reply[3] == "-"


def original_recipient(msg: MessageView) -> str | None:
    """The one recipient of the returned message (its To header), or None.

    For bounces that name no recipient at all; a message to several recipients gives
    None, since the text does not say which of them failed.
    """
    original = msg.original
    if original and len(original.recipients) == 1:
        return original.recipients[0]
    return None


def inline_original(text: str, markers: Iterable[str]) -> OriginalHeaders | None:
    """Headers of the returned message when a plain-text bounce quotes it after one of
    ``markers`` (``----- Original message -----``) instead of attaching it."""
    for marker in markers:
        i = text.find(marker)
        if i >= 0:
            return original_from_text(text[i + len(marker) : i + len(marker) + 64 * 1024])
    return None


def delivery_status_of(msg: MessageView) -> DeliveryStatus | None:
    """The message's RFC 3464 part, or the same fields written in its text.

    Broken MIME (a missing or wrong Content-Type) leaves the DSN fields in the text
    part; they are read from there when the message has no delivery-status part, and
    when they report a delivery (an Action or a Status).
    """
    status = msg.delivery_status
    if status is None and "final-recipient:" in msg.text.lower():
        status = parse_delivery_status(msg.text)
        if status is not None and not any(block.action or block.status for block in status.recipients):
            # A read receipt's "Final-Recipient:" / "Disposition:" (an MDN returned inside
            # the text), not a delivery's report: no Action, no Status.
            return None
    return status


# --- notices about other messages' failures (list servers) ------------------------------

#: Decoders that read notices enclosing other bounces; an enclosed message is read by
#: every decoder but these, so that a notice never recurses into its own kind.
LIST_SERVERS = frozenset({"mailman", "ezmlm", "listserv", "majordomo", "sympa", "lyris"})

#: Local parts of a list server's own addresses: the server, the list's owner, request,
#: bounce and command addresses (``list-bounces``, ``owner-list``, ``list-request``).
_ADMIN_LOCAL = re.compile(
    r"^(?:owner-|mailman|listserv|sympa|majordom|lyris|listmanager|listmaster|ezmlm|"
    r"postmaster|mailer-daemon|list-?admin)|"
    # (Google Groups writes to a group's owners and managers at group+owners@, +managers@.)
    r"[-+](?:bounces?|owners?|managers|request|admin|approval|confirm|join|leave|subscribe|unsubscribe|"
    r"editor|return)(?:[-+][^@]{0,200})?$",
    re.IGNORECASE,
)
#: The header fields in which a list server names itself, its lists and the notice's
#: addressee.
_OWN_FIELDS = ("From", "Sender", "Reply-To", "Errors-To", "Return-Path", "To", "Cc", "X-BeenThere",
               "X-Loop", "List-Post", "List-Owner", "List-Help", "List-Subscribe", "List-Unsubscribe")
_LIST_ID = re.compile(r"<([A-Za-z0-9][\w.+-]{0,63})\.([A-Za-z0-9][A-Za-z0-9.-]{0,252})>")


def phrase(words: str) -> str:
    """A pattern for ``words`` as a notice writes them: one to three blanks or a line
    break between words, wherever the text was wrapped."""
    return r"[ \t\n]{1,3}".join(re.escape(w) for w in words.split())


def is_admin_address(address: str) -> bool:
    """True for a list server's own addresses (owner, bounces, request, the server)."""
    return bool(_ADMIN_LOCAL.search(address.partition("@")[0]))


def is_list_sender(address: str) -> bool:
    """True for the addresses a list server sends its notices from (not a mail system's
    ``MAILER-DAEMON`` / ``postmaster``, whose bounces may pass through a list)."""
    local = address.partition("@")[0].lower()
    return is_admin_address(address) and not local.startswith(("postmaster", "mailer-daemon"))


def list_addresses(msg: MessageView, *, fields: Iterable[str] = _OWN_FIELDS) -> set[str]:
    """Lower-case addresses a list server's notice names in its own header fields, with
    the list addresses behind its owner/request/bounce addresses and List-Id."""
    found: set[str] = set()
    for name in fields:
        value = msg.header(name)
        for m in ADDRESS.finditer(value[:2000]):
            found.add(m[1].lower())
    list_id = _LIST_ID.search(msg.header("List-Id"))
    if list_id:
        found.add(f"{list_id[1]}@{list_id[2]}".lower())
    for address in list(found):
        local, _, domain = address.partition("@")
        base = _list_name(local)
        if base and base != local:
            found.add(f"{base}@{domain}")
    return found


_LIST_SUFFIX = re.compile(
    r"^owner-|-(?:bounces|owner|request|admin|approval|editor)(?:[-+].{0,200})?$|\+(?:owners|managers)$"
)


def _list_name(local: str) -> str:
    return _LIST_SUFFIX.sub("", local)


def enclosed_views(msg: MessageView) -> list[MessageView]:
    """The messages a notice attaches as ``message/rfc822`` parts, in order."""
    views = []
    for part in msg.parts:
        if part.content_type not in MESSAGE_TYPES:
            continue
        payload = part.message.get_payload()
        if isinstance(payload, list) and payload and isinstance(payload[0], email.message.Message):
            views.append(MessageView(payload[0]))
        elif isinstance(payload, str) and payload.strip():
            views.append(inline_view(payload))
    return views


#: A header field line opening a message quoted as text.
_FIELD_LINE = re.compile(r"^[A-Za-z][\w-]{0,60}:[ \t]", re.M)


def inline_view(text: str) -> MessageView:
    """A message quoted as text (headers and body) as a view; text without a header
    block is taken as a plain body."""
    text = text[: 512 * 1024].lstrip("\n")
    if not _FIELD_LINE.match(text):
        text = "Content-Type: text/plain; charset=utf-8\n\n" + text
    return load(text.encode("utf-8", "surrogateescape"))


#: The lines after which bounces without MIME structure quote the returned message.
_RETURNED_COPY = (
    "------ This is a copy of the message, including all the headers. ------",
    "--- Below this line is a copy of the message.",
    "--- Enclosed is a copy of the message.",
    "----- Original message -----",
    "------ Original message ------",
    "----- Unsent message follows -----",
    "----- Message header follows -----",
)


#: The most enclosed messages read for one notice.
MAX_ENCLOSED = 5


def enclosed_findings(views: Iterable[MessageView]) -> list[Finding] | None:
    """The findings of the first enclosed bounce that a decoder reads (None if none does).

    Every decoder of the registry but the list servers' is tried, in order, as for a
    message of its own. The enclosed message's own returned original (the list's post)
    gives the findings their original message id and sender.
    """
    from bouncekit.decoders import INDEX  # the registry imports this module

    # A notice encloses one bounce, rarely a few: a message with hundreds of attached
    # messages is not one, and each costs a pass over the registry.
    for view in itertools.islice(views, MAX_ENCLOSED):
        for decoder in INDEX.candidates(view):
            if decoder.name in LIST_SERVERS or not decoder.matches(view):
                continue
            findings = decoder.decode(view)
            if findings is None:
                continue
            if not findings:
                break  # not a bounce (a forward, an auto-reply claimed without records)
            original = view.original or inline_original(view.text, _RETURNED_COPY)
            return [
                replace(
                    f,
                    original_message_id=f.original_message_id or (original.message_id if original else None),
                    original_sender=f.original_sender or (original.sender if original else None),
                )
                for f in findings
            ]
    return None


#: A member line of a list server's report: the address first on the line (after an
#: optional bullet or ``Label:``), then the end of the line, a column gap or a colon.
_MEMBER_LINE = re.compile(
    r"^[ \t]{0,40}(?:[-*•>][ \t]{1,5}|\d{1,4}[.)][ \t]{1,5})?"
    r"(?:[^\s:：<>@]{1,30}(?:[ \t][^\s:：<>@]{1,30}){0,3}[ \t]{0,5}[:：][ \t]{0,40})?"
    r"<?([A-Za-z0-9!#$%&'*+/=?^_`{|}~.-]{1,64}@[A-Za-z0-9][A-Za-z0-9.-]{0,252})>?"
    r"(?=[ \t]*$|[ \t]{2,}|[ \t]*[:(\[,;])"
)
#: An SMTP reply, or an enhanced status code, quoted in a report line.
_QUOTED_REPLY_LINE = re.compile(
    r"(?<![\w.])[245]\d\d[ -](?:[245]\.\d{1,3}\.\d{1,3}\b)?|(?<![\w.])[245]\.\d{1,3}\.\d{1,3}(?![\d.])"
)
#: A line labelled as the error or reason, in the languages list servers write.
_ERROR_LABEL = re.compile(
    r"^[ \t]{0,40}[^\n:：]{0,30}?(?:error|reason|diagnostic|bounce|erreur|raison|motif|fehler|grund|"
    r"motivo|errore|causa|pow[óo]d|b[łl][ąa]d|p[řr][íi][čc]ina|chyba|причина|ошибка|oorzaak|fout|"
    r"原因|错误|錯誤|이유|사유|오류|理由|エラー)[^\n:：]{0,30}?[:：][ \t]{0,40}(\S[^\n]{0,2000})",
    re.IGNORECASE | re.MULTILINE,
)


def member_blocks(text: str, exclude: set[str]) -> list[tuple[str, str]]:
    """(address, error text) for each member a list server's report lists.

    A member is an address standing first on its line (see ``_MEMBER_LINE``) that is
    not one of ``exclude`` nor a list server's own; its block runs to the next member
    or the end of the paragraph. The error is the SMTP reply quoted in the block, else
    the value of a line labelled as the error or reason, else the lines under the
    member's own line ('' when there are none).
    """
    blocks: list[tuple[str, list[str]]] = []
    seen: set[str] = set()
    closed = False
    for line in text.split("\n"):
        m = _MEMBER_LINE.match(line)
        if m:
            address = strip_address(m[1]) or ""
            key = address.lower()
            if "@" in address and key not in exclude and key not in seen and not is_admin_address(address):
                seen.add(key)
                blocks.append((address, [line[m.end() :]]))
                closed = False
                continue
        if not blocks or closed:
            continue
        if line.strip():
            blocks[-1][1].append(line)
        else:
            closed = True  # the paragraph ended
    return [(address, _block_error("\n".join(lines))) for address, lines in blocks]


def _block_error(block: str) -> str:
    for line in block.split("\n"):
        m = _QUOTED_REPLY_LINE.search(line)
        if m:
            return line[m.start() :].strip()
    m = _ERROR_LABEL.search(block)
    if m:
        return m[1].strip()
    # Else the lines under the member's line (its own line holds columns: dates, counts).
    return " ".join(" ".join(block.split("\n")[1:]).split())[:2000]


# --- providers' own notices, in their users' languages ----------------------------------

#: The local part of a mail system's own sender.
_DAEMON_LOCAL = re.compile(
    r"^(?:mailer-?daemon|mail-?daemon|postmaster|mdaemon|bounces?|returned|10000)(?:[+._-][^@]{0,60})?$",
    re.IGNORECASE,
)
#: A mail system's display name, in the languages of the providers that send notices.
_DAEMON_NAME = re.compile(
    r"mailer[- ]?daemon|mail delivery|delivery (?:subsystem|system|status)|postmaster|mail system|"
    r"退信|系统|系統|邮件系统|郵件系統|메일|시스템|システム|配信|メール|"
    r"poczta|sistema|système|systeme|zustell|почт|pošt|correio|correo|posta",
    re.IGNORECASE,
)


def machine_sent(msg: MessageView) -> bool:
    """True when a mail system, not a person, sent the message: a null return path, a
    daemon's address or name, or ``X-Failed-Recipients``. (``Auto-Submitted`` alone is
    not enough: auto-replies and newsletters carry it too.)"""
    if msg.has_header("X-Failed-Recipients"):
        return True
    if msg.has_header("Return-Path") and msg.header("Return-Path").strip() in ("<>", ""):
        return True
    if _DAEMON_LOCAL.match(msg.from_address.partition("@")[0]):
        return True
    name = msg.from_header.split("<", 1)[0] if "<" in msg.from_header else ""
    return bool(_DAEMON_NAME.search(name))


#: A notice's statement that delivery failed, in the languages providers write.
NOTICE_FAILURE = re.compile(
    r"could ?n[o']t be (?:delivered|sent)|was ?n[o']t delivered|not be delivered|undeliver|"
    r"unable to deliver|deliver(?:y|ing) (?:has )?failed|failed to deliver|delivery failure|"
    r"returned to sender|has been returned|permanent(?:ly)? (?:error|failure|failed)|"
    r"退信|退回|无法发送|无法送达|无法投递|发送失败|投递失败|未能投递|未能送达|未能成功发送|没能成功发送|"
    r"不能送达|无法到达|發送失敗|無法傳送|無法送達|傳送失敗|"
    r"발송 ?실패|전송 ?실패|발송되지|전달되지|전송되지|반송|배달 ?실패|보내지 못|"
    r"配信できませんでした|送信できませんでした|配送できませんでした|届けることができ|配信エラー|送信エラー|"
    r"配信に失敗|送信に失敗|配送に失敗|不達|宛先不明|配信不能|"
    r"nie (?:mogła|mógł|może|można|zosta[łl]a?|zostało)[^\n]{0,30}?dostarcz|niedostarczon|"
    r"nie dostarczono|błąd dostarcz|"
    r"non (?:è|e'|é) stat[oa] possibile (?:recapitar|consegnar)|non (?:può|puo') essere (?:recapitat|"
    r"consegnat)|"
    r"non (?:è|e') stat[oa] (?:recapitat|consegnat)|mancato recapito|non recapitat|impossibile recapitare|"
    r"consegna (?:fallita|non riuscita)|errore di consegna|"
    r"n'a pas pu (?:être|etre) (?:remis|distribu|délivr|livr|achemin)|n'a pas (?:été|ete) (?:remis|distribu|"
    r"délivr)|"
    r"non remis|non distribu|[ée]chec de (?:la )?(?:remise|distribution|livraison)|"
    r"impossible de (?:remettre|distribuer)|"
    r"konnte nicht (?:zugestellt|ausgeliefert|übermittelt)|nicht zugestellt|unzustellbar|nicht zustellbar|"
    r"zustellung (?:ist )?fehlgeschlagen|"
    r"nepodařilo (?:se )?doručit|nemohla být doručena|nelze doručit|nedoručen|nebyla doručena|chyba doručení|"
    r"не (?:может быть |удалось |было |могло быть )?доставлен|недоставлен|не удалось доставить|"
    r"ошибка доставки|"
    r"n[ãa]o (?:foi poss[íi]vel|p[ôo]de ser|pode ser) (?:entreg|enviad)|n[ãa]o foi entregue|falha (?:na|"
    r"de) entrega|"
    r"n[ãa]o entregue|erro (?:na|de) entrega|mensagem devolvida|"
    r"no (?:se )?(?:ha )?(?:podido|pudo) (?:ser )?entreg|no entregad|error de entrega|"
    r"kon niet (?:worden )?(?:afgeleverd|bezorgd)|niet afgeleverd|onbestelbaar",
    re.IGNORECASE,
)
#: A notice's statement that delivery is only delayed and will be retried.
NOTICE_DELAY = re.compile(
    r"(?:has|have) not yet been delivered|delivery (?:is |has been )?delayed|message (?:is |"
    r"has been )?delayed|"
    r"will (?:continue to |keep )?(?:retry|try again|keep trying)|still (?:being )?(?:retried|trying)|"
    # ("建议您稍后重试", "we suggest you retry later", advises the sender: not a retry.)
    r"延迟|延時|正在重试|将(?:继续)?(?:尝试|重试)|(?<!建议您)(?<!建议)(?<!请您)(?<!请)稍后(?:将)?重试|"
    r"遅延|再送を試み|再試行して|配信を続け|"
    r"지연|재시도|"
    r"verzögert|noch nicht zugestellt|wird (?:weiter(?:hin)? |erneut )versucht|"
    r"retardé|différé|pas encore (?:été )?(?:remis|distribu)|"
    r"in ritardo|ritardat|non (?:è )?ancora stato (?:recapitato|consegnato)|"
    r"atrasad|ainda n[ãa]o (?:foi )?entregue|tentaremos novamente|"
    r"retrasad|a[úu]n no (?:se )?ha (?:sido )?entregad|volver[áa] a intentar|"
    r"opóźni|jeszcze nie (?:została )?dostarczon|"
    r"задерж|ещ[её] не доставлено|"
    r"zpožd|zatím nebyla doručena",
    re.IGNORECASE,
)
_NOT_RETRIED = re.compile(
    r"will not (?:be )?(?:retried|try again)|not be retried|no further|gave up|giving up|"
    r"不再重试|再送しません",
    re.IGNORECASE,
)
#: The notices of standard MTA software, which their own decoders read.
_STANDARD_NOTICES = (
    "This is the mail system at host", "This is the Postfix program", "This is the qmail-send program",
    "This message was created automatically by mail delivery software",
    "The original message was received at", "----- The following addresses had permanent fatal errors",
    "Sorry, we were unable to deliver your message", "Delivery to the following recipient",
    "This is an automatically generated Delivery Status Notification",
    "Delivery has failed to these recipients or groups",
    "Your message did not reach some or all of the intended recipients",
    "The following recipient(s) could not be reached", "----- Transcript of session follows -----",
    "A message that you sent could not be delivered to one or more of its",
    "I'm afraid I wasn't able to deliver your message", "Failed addresses follow:",
)
#: Where a notice ends and the returned message starts.
# The rule is taken whole (possessive): no phrase starts with a rule character, so giving
# some back never finds a match, and trying to costs time squared in a long rule.
_NOTICE_END = re.compile(
    r"^(?:[ \t]{0,20}[-=_]{3,80}+[^\n]{0,80}?(?:original|copy|below this line|returned|header|message|"
    r"nachricht|messaggio|mensagem|mensaje|wiadomo|zpráv|сообщени|原始|原邮件|原郵件|元の|원본|bericht)|"
    r"(?:Received|Return-Path|DKIM-Signature|X-Original-To|Delivered-To|Message-ID|X-Received)"
    r":[ \t])",
    re.IGNORECASE | re.MULTILINE,
)
_ADDR = r"<?([A-Za-z0-9!#$%&'*+/=?^_`{|}~.-]{1,64}@[A-Za-z0-9](?:[A-Za-z0-9.-]{0,252}[A-Za-z0-9])?)>?"
#: ``Recipient: addr`` and its translations.
_RECIPIENT_LABEL = re.compile(
    r"^[ \t　]{0,40}(?:[-*•・■◆][ \t]{0,3})?(?:failed recipients?|recipients?|destinatari[oe]?s?|"
    r"destinataires?|"
    r"destinat[áa]rios?|empfänger|adresa(?:t|ci)|odbiorc[ay]|příjemc[ei]|adresát|получател[ьи]|адресат|"
    r"ontvanger|geadresseerde|mottagare|modtager|mottaker|alıcı|收件人|收信人|收件者|收件地址|"
    r"받는 ?사람|수신자|수신인|宛先|送信先|あて先|受信者)"
    r"[^\n:：<>@]{0,20}?[ \t　]{0,10}[:：][ \t　]{0,40}" + _ADDR,
    re.IGNORECASE,
)
#: An address standing alone on its line (bulleted, bracketed, or before a colon).
_ALONE = re.compile(
    r"^[ \t　]{0,40}(?:[-*•・][ \t]{1,5})?" + _ADDR
    + r"[ \t]{0,5}[:：]?(?:[ \t]{1,5}\([^()\n]{0,200}\))?[ \t]*$"
)
#: ``<addr>: reason`` on one line, or the address in a table's first column.
_ADDRESS_COLON = re.compile(r"^[ \t]{0,40}" + _ADDR + r"(?:[ \t]{0,5}[:：][ \t]{1,10}|\t|[ \t]{2,})(?=\S)")
#: Where a sentence names the address: ``无法发送到 addr``, ``delivered to addr``.
_SENT_TO = re.compile(
    r"(?:无法发送到|无法送达|发送到|发往|发给|投递到|送达|delivered to|deliver to|sent to)"
    r"[ \t]{0,3}[:：]?[ \t]{0,3}" + _ADDR,
    re.IGNORECASE,
)
#: The remote server's reply quoted in a notice line: a code, then a status or words.
_NOTICE_REPLY = re.compile(r"[245](?<![\w.:/-][245])\d\d[ -](?:[245]\.\d{1,3}\.\d{1,3}|#?[A-Za-z<(\[])")
_IN_REPLY_TO = re.compile(r"[ \t]{0,5}\(in reply to [^()]{1,80}\)[ \t]*$", re.IGNORECASE)
#: A line labelled as the reason.
_REASON_LABEL = re.compile(
    r"^[ \t　]{0,40}[^\n:：]{0,20}?(?:reason|cause|error|diagnostic|原因|错误|錯誤|理由|エラー内容|"
    r"이유|사유|원인|오류|przyczyna|pow[óo]d|b[łl][ąa]d|motivo|causa|errore|raison|motif|erreur|grund|"
    r"fehler|ursache|d[ůu]vod|p[řr][íi][čc]ina|chyba|причина|ошибка|reden|oorzaak|fout)"
    r"[^\n:：]{0,20}?[:：][ \t　]{0,40}([^\n]{0,500})$",
    re.IGNORECASE | re.MULTILINE,
)
#: Service addresses a provider's notice names for help, not as recipients.
_SERVICE_LOCAL = re.compile(r"^(?:help|support|service|kefu|abuse|webmaster|info|contact)$", re.IGNORECASE)


class ProviderNotice(Decoder):
    """Base of the decoders of providers' own notices: plain or HTML text in the users'
    language that names the failed addresses (after a label such as ``收件人:``, alone on
    a line, or in the failure sentence) and gives the reason (after a label such as
    ``原因:``, and often the remote server's reply quoted below). Each subclass names the
    provider's mail domains (``domains``: a notice comes from one of them or a subdomain).

    A notice in a standard MTA's words (Postfix, Exim, Sendmail, qmail, Exchange) is left
    to that MTA's decoder; an RFC 3464 part gives the recipients, completed by the text.
    """

    def decode(self, msg: MessageView) -> list[Finding] | None:
        return notice_findings(msg, own_domains=self.domains)


def notice_findings(msg: MessageView, *, own_domains: Iterable[str] = ()) -> list[Finding] | None:
    """The findings of a provider's own notice (see ``ProviderNotice``); None when the
    message is not such a notice."""
    text = msg.text
    if not machine_sent(msg) or any(marker in text for marker in _STANDARD_NOTICES):
        return None
    status = msg.delivery_status
    if status is not None and status.get("x-postfix-queue-id"):
        return None
    end = _NOTICE_END.search(text)
    notice = text[: end.start()] if end else text[: 64 * 1024]
    subject = msg.subject
    if not (NOTICE_FAILURE.search(notice) or NOTICE_FAILURE.search(subject) or NOTICE_DELAY.search(notice)):
        return None
    exclude = {a.lower() for a in list_addresses(msg, fields=("From", "To", "Cc", "Reply-To", "Sender"))}
    original = msg.original
    if original and original.sender:
        exclude.add(original.sender.lower())
    blocks = _notice_blocks(notice, exclude, tuple(own_domains))
    delayed = bool(
        (NOTICE_DELAY.search(subject) or NOTICE_DELAY.search(notice)) and not _NOT_RETRIED.search(notice)
    )
    action = "delayed" if delayed else "failed"
    if status is not None:
        findings = dsn_findings(status)
        if findings:
            return fill_from_text(findings, [(a, d or "") for a, d, _ in blocks], append=False)
    return [
        Finding(recipient=address, diagnostic=diagnostic, action=action, remote_mta=host)
        for address, diagnostic, host in blocks
    ] or None


def _notice_blocks(
    notice: str, exclude: set[str], own_domains: tuple[str, ...]
) -> list[tuple[str, str | None, str | None]]:
    """(address, diagnostic, remote host) for each failed address a notice names."""
    lines = notice.split("\n")
    starts: list[tuple[int, str]] = []
    seen: set[str] = set()
    for k, line in enumerate(lines):
        labelled = _RECIPIENT_LABEL.match(line)
        m = labelled or _ALONE.match(line) or _ADDRESS_COLON.match(line)
        if not m:
            continue
        address = strip_address(m[1]) or ""
        key = address.lower()
        if "@" not in address or key in exclude or key in seen:
            continue
        local, _, domain = key.partition("@")
        if not labelled and (_DAEMON_LOCAL.match(local) or (
            _SERVICE_LOCAL.match(local) and any(domain == d or domain.endswith("." + d) for d in own_domains)
        )):
            continue
        seen.add(key)
        if labelled:
            # A label over several addresses ("받는 사람: a@x, b@y"): each is a recipient,
            # and the reason below is the last one's, which the earlier ones share.
            more = []
            for x in ADDRESS.finditer(line, m.end()):
                extra = strip_address(x[1]) or ""
                if "@" in extra and extra.lower() not in exclude and extra.lower() not in seen:
                    more.append((extra, x.end()))
            if more:
                starts.append((k, address, ""))
                for extra, _ in more[:-1]:
                    seen.add(extra.lower())
                    starts.append((k, extra, ""))
                seen.add(more[-1][0].lower())
                starts.append((k, more[-1][0], line[more[-1][1] :]))
                continue
        starts.append((k, address, line[m.end() :]))
    if not starts:
        for m in _SENT_TO.finditer(notice):
            address = strip_address(m[1]) or ""
            if "@" in address and address.lower() not in exclude and address.lower() not in seen:
                seen.add(address.lower())
                starts.append((notice.count("\n", 0, m.start()), address, ""))
    general = _notice_reason("\n".join(lines)) if len(starts) == 1 else None
    out: list[tuple[str, str | None, str | None]] = []
    following: str | None = None
    # Backwards: addresses listed one under the other share the reason that follows them.
    for i in range(len(starts) - 1, -1, -1):
        k, address, rest = starts[i]
        stop = starts[i + 1][0] if i + 1 < len(starts) else len(lines)
        block = "\n".join([rest, *lines[k + 1 : stop]])
        if not block.strip():
            out.append((address, following, None))
            continue
        # Each address's own reason; else what its block says (a table's cell).
        diagnostic = general or _notice_reason(block) or _first_paragraphs(block) or None
        following = diagnostic
        out.append((address, diagnostic, find_host(block)))
    return out[::-1]


def _first_paragraphs(block: str) -> str:
    """The text of a recipient's block up to a wider gap (a signature, a footer), at most
    two paragraphs, on one line."""
    block = block.strip("\n").split("\n\n\n", 1)[0]
    return " ".join(" ".join(block.split("\n\n")[:2]).split())[:600]


def _notice_reason(text: str) -> str | None:
    """The remote reply quoted in ``text``, else the value of its reason label."""
    lines = text.split("\n")
    for k, line in enumerate(lines):
        m = _NOTICE_REPLY.search(line)
        if not m:
            continue
        reply = [line[m.start() :].strip()]
        for more in lines[k + 1 : k + 6]:
            if not more[:1].isspace() or not more.strip() or _NOTICE_REPLY.match(more.strip()):
                break
            reply.append(more.strip())
        reply_text = _IN_REPLY_TO.sub("", " ".join(reply)).strip()
        if reply_text.endswith(")") and "(" not in reply_text:
            reply_text = reply_text[:-1].rstrip()  # the reply was quoted in brackets
        return reply_text or None
    for m in _REASON_LABEL.finditer(text):
        # The reason, and the lines under it up to the end of its paragraph (where the
        # label stands alone, the reason is all on those lines).
        rest = text[m.end() :]
        rest = rest.lstrip("\n") if not m[1].strip() else rest
        value = " ".join(f"{m[1]} {rest.split(chr(10) * 2, 1)[0]}".split()[:200])
        if value:
            return value[:1000]
    return None


# --- local names ----------------------------------------------------------------------

_LOCAL_NAME = re.compile(r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~.-]{1,64}")


def local_recipient(name: str, msg: MessageView, original: OriginalHeaders | None = None) -> str | None:
    """The address an old MTA meant when it lists only a local name (``jdoe``).

    Smail, MMDF and site-made notices name local mailboxes without their domain: the
    returned message's recipient with that local part is the address the sender used;
    failing that, the name at the domain of the host that sent the notice (which
    delivered locally). ``original`` gives the returned message's headers when the
    notice quotes them inline. None when ``name`` is not a plain local part.
    """
    name = name.strip().strip("<>\"'")
    if "@" in name:
        return strip_address(name)
    if not _LOCAL_NAME.fullmatch(name):
        return None
    original = original or msg.original
    recipients = original.recipients if original else ()
    for address in recipients:
        if address.rpartition("@")[0].lower() == name.lower():
            return address
    domain = msg.from_address.rpartition("@")[2]
    if domain:
        # A system that names its user by an account id (GroupWise's "jkramer" for
        # j.kramer@...): the returned message's only recipient at the notice's domain is
        # the address the sender used.
        site = domain.lower()
        local = [a for a in recipients if _same_site(a.rpartition("@")[2].lower(), site)]
        if len(local) == 1:
            return local[0]
    return f"{name}@{domain}" if domain else None


def _same_site(domain: str, other: str) -> bool:
    """Whether two domains are one, or one is a subdomain of the other."""
    return domain == other or domain.endswith("." + other) or other.endswith("." + domain)
