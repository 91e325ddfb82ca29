"""What every decoder shares: the finding it returns, the protocol, and the helpers
that read the common shapes of bounce text.

A decoder says what it recognises in class attributes (``senders``, ``subjects``,
``headers``, ``markers``), which the base ``matches()`` checks cheaply; ``decode()``
does what is truly specific to the format and returns a list of findings, or None for
"not mine" (the registry then tries the next decoder). Decoders keep no state: one
instance serves every message and every thread.
"""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import ClassVar

from bouncekit.mime import (
    DeliveryStatus,
    MessageView,
    OriginalHeaders,
    original_from_text,
    parse_delivery_status,
    strip_address,
)
from bouncekit.model import Event, Reason
from bouncekit.smtp import is_generic_status, parse_reply

#: An email address inside free text (bounded local part and domain; no backtracking
#: blow-up on long runs of address characters).
ADDRESS = re.compile(
    r"(?<![\w.+=-])([A-Za-z0-9!#$%&'*+/=?^_`{|}~.-]{1,64}"
    r"@[A-Za-z0-9](?:[A-Za-z0-9.-]{0,252}[A-Za-z0-9])?)"
)
#: Text inside angle brackets that looks like an address: ``<user@example.com>``.
BRACKETED_ADDRESS = re.compile(r"<([^<>@\s]{1,64}@[^<>\s]{1,253})>")
#: A host name in ``host[192.0.2.1]`` or ``host (192.0.2.1)`` form.
HOST_WITH_IP = re.compile(
    r"(?<![A-Za-z0-9.-])([A-Za-z0-9][A-Za-z0-9.-]{0,252}\.[A-Za-z]{2,63})[ \t]{0,5}[\[(][ \t]{0,5}"
    r"[0-9a-fA-F.:]{3,45}[ \t]{0,5}[\])]"
)


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

    def matches(self, msg: MessageView) -> bool:
        """Cheap test: could this message be in my format?"""
        # Plain loops over values cached on the view: this runs for every decoder of
        # the registry on every message.
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

    def __repr__(self) -> str:
        return f"<decoder {self.name}>"


# --- shared readers ---------------------------------------------------------------------


def dsn_findings(status: DeliveryStatus, *, reporting_mta: str | None = None) -> list[Finding]:
    """One finding per recipient block of an RFC 3464 delivery status."""
    findings = []
    for block in status.recipients:
        findings.append(
            Finding(
                recipient=_dsn_recipient(block.final_recipient, block.original_recipient),
                original_recipient=block.original_recipient,
                diagnostic=block.diagnostic_code or _status_comment(block.get("status")),
                status=_dsn_status(block.status, block.diagnostic_code),
                action=block.action,
                # "deliverable" answers an address verification request (sendmail -bv,
                # Postfix verify): a delivery report, not a failure.
                event=Event.DELIVERED if block.action == "deliverable" else None,
                remote_mta=block.remote_mta,
                reporting_mta=status.reporting_mta or reporting_mta,
                date=block.last_attempt_date or status.arrival_date,
            )
        )
    return findings


def _status_comment(value: str | None) -> str | None:
    """The comment of a Status field, ``4.0.0 (host name lookup failure)``: the only
    reason some MTAs give when they write no Diagnostic-Code."""
    if not value or "(" not in value:
        return None
    comment = value.split("(", 1)[1].rsplit(")", 1)[0].strip()
    return comment or None


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


def _dsn_status(field: str | None, diagnostic: str | None) -> str | None:
    """The Status field, unless the Diagnostic-Code quotes the remote server's own code.

    The remote reply (``550 5.7.1 ...``) is what the receiving system said; the Status
    field is the reporting MTA's summary of it, often generic (``5.0.0``) or about the
    queue (``4.4.7`` after a deferral) rather than the cause. A generic quoted code
    does not replace a specific field.
    """
    if not diagnostic:
        return field
    reply = parse_reply(diagnostic)
    quoted = reply.status
    if not quoted or not reply.reply_code or reply.reply_code[0] != quoted[0]:
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
    text: str, line: re.Pattern[str], *, group: int = 1
) -> list[tuple[str, str]]:
    """Split ``text`` into (address, following text) blocks.

    Each line that ``line`` matches opens a block for the address in ``group``; the
    rest of that line and the lines up to the next match are the block's text.
    """
    blocks: list[tuple[str, list[str]]] = []
    for raw in text.split("\n"):
        m = line.match(raw)
        if m and m.group(group):
            address = strip_address(m.group(group))
            if address:
                blocks.append((address, [raw[m.end() :]]))
                continue
        if blocks:
            blocks[-1][1].append(raw)
    return [(address, "\n".join(lines).strip()) for address, lines in blocks]


def first_address(text: str) -> str | None:
    m = BRACKETED_ADDRESS.search(text) or ADDRESS.search(text)
    return strip_address(m[1]) if m else None


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
    values = msg.message.get_all("Received") or []
    return " ".join(str(v) for v in values[:30]).lower()[:16384]


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
        out[i] = replace(finding, recipient=finding.recipient or address, diagnostic=diagnostic)
    return out


_DIAGNOSTIC_PREFIX = re.compile(r"^\s*(?:smtp|x-[\w.-]+)\s*;\s*", re.IGNORECASE)
_WS = re.compile(r"\s+")


def _meaningful(diagnostic: str | None) -> bool:
    return bool(diagnostic and _DIAGNOSTIC_PREFIX.sub("", diagnostic).strip())


def _extends(text: str, diagnostic: str) -> bool:
    """True when ``text`` starts like ``diagnostic`` and says more (a cut-off field)."""
    short = _WS.sub(" ", _DIAGNOSTIC_PREFIX.sub("", diagnostic)).strip().lower()
    long = _WS.sub(" ", text).strip().lower()
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


def transcript_verdicts(text: str) -> list[tuple[str, str]]:
    """(address, diagnostic) for each address an SMTP transcript gives a verdict on.

    The diagnostic is the remote server's reply (``<<<`` lines) that came before the
    verdict in the same session, when there is one; otherwise the verdict's own text
    (``550 Host unknown``), or the whole verdict line when that text has no reply code,
    followed by what a local mailer printed just before it (``mail.local: unknown user:
    a``) in parentheses. The first verdict on an address wins.
    """
    out: dict[str, str] = {}
    pending: list[str] = []
    local: list[str] = []
    for line in text.split("\n"):
        line = line.strip()
        if _SESSION.match(line):
            pending, local = [], []
            continue
        if not line or line.startswith(">>>"):
            local = []
            continue
        m = _REMOTE_REPLY.match(line)
        if m:
            if pending and not _is_continuation(pending[-1]):
                pending = []
            pending.append(m[1])
            local = []
            continue
        m = _VERDICT.match(line)
        if not m:
            if not _STARTS_WITH_REPLY.match(line):
                local = [*local[-2:], line]
            continue
        address = strip_address(m[1])
        if not address:
            continue
        own = m[2].strip()
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
    part; they are read from there when the message has no delivery-status part.
    """
    status = msg.delivery_status
    if status is None and "final-recipient:" in msg.text.lower():
        status = parse_delivery_status(msg.text)
    return status
