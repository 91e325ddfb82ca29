"""RFC 5965 Abuse Reporting Format (feedback reports, complaints), as feedback loops and
the services between them and a sender really pass them on.

A report is a ``multipart/report; report-type=feedback-report`` whose
``message/feedback-report`` part names the feedback type. Besides one such report
alone, this reads:

- a digest: an FBL or a sending service sending several reports in one message, each
  an attached ``message/rfc822`` (or a ``multipart/report`` part): one complaint per
  report, in order;
- a report passed on: a sending service or a colleague forwarding the report it
  received, attached (at any depth up to :data:`MAX_DEPTH`) or inline;
- a malformed report: the feedback part declared ``text/plain`` (or another text
  type), or the wrong ``report-type``, whose text is ARF's fields (``Feedback-Type``
  beside ``User-Agent``, ``Version``, ``Original-Rcpt-To`` ...).

A delivery notice that returns a report (a bounce of a report sent on) is no complaint:
its attached report is not read.

The complained-about recipient is each Original-Rcpt-To (or the draft's
Removal-Recipient), else the returned message's X-HmXmrOriginalRecipient (Microsoft's
JMRP, which redacts the To), else the To of the returned message; an address the loop
redacted (``redacted@``, ``[redacted]@``, SpamCop's ``x``, AOL's ``Redacted-Address``)
and a report that names none (``To: Undisclosed Recipients``) give a record without a
recipient. One record per recipient, event ``complaint``, not classified.

Fixtures: arf-*.eml, lhost-amazonses-11.eml, tests/fixtures/handmade-23/emails/y-fbl-*.
"""

from __future__ import annotations

import email.message
import re
from collections.abc import Iterable, Iterator

from bouncekit.decoders.base import (
    NOTICE_FAILURE,
    RECEIVED_FOR,
    Decoder,
    Finding,
    Keys,
    enclosed_views,
    inline_view,
    machine_sent,
    verp_recipient,
)
from bouncekit.mime import (
    MESSAGE_TYPES,
    MessageView,
    OriginalHeaders,
    content_type_of,
    parse_fields,
    part_text,
    strip_address,
)
from bouncekit.mimeparser import EnclosedMessage
from bouncekit.model import Event

#: Attached-message levels descended to find reports (a report forwarded in a digest).
MAX_DEPTH = 4
#: The most reports read from one message (a digest).
MAX_REPORTS = 100
#: The most MIME nodes visited looking for them.
_MAX_NODES = 400

#: The feedback part's own type.
_FEEDBACK_TYPE = "message/feedback-report"
#: Types a feedback part is declared with by mistake; read when the text is ARF fields.
_MISDECLARED_TYPES = frozenset(
    {"text/plain", "text/feedback-report", "application/feedback-report", "message/feedback"}
)
#: The feedback part's subtype, which a part's Content-Type field names (in any case).
_FEEDBACK_SUBTYPE = "feedback-report"
#: The ARF fields (RFC 5965, RFC 6591, the pre-RFC draft) that tell an ARF block from
#: other ``Name: value`` text besides Feedback-Type. ``User-Agent`` and ``Version``
#: count too, but only together with one of these (both are common elsewhere).
_ARF_FIELDS = frozenset({
    "original-mail-from", "original-rcpt-to", "arrival-date", "received-date", "source-ip",
    "reported-domain", "reported-uri", "removal-recipient", "reporting-mta", "incidents",
    "original-envelope-id", "authentication-results", "auth-failure", "delivery-result",
    "dkim-domain", "dkim-identity", "dkim-selector", "spf-dns", "redacted-address",
})
_GENERIC_ARF_FIELDS = frozenset({"user-agent", "version"})
#: Fields naming the complained-about recipient, in the order they are read.
_RECIPIENT_FIELDS = ("original-rcpt-to", "removal-recipient")
#: A ``Feedback-Type`` field line, quoted (``> ``) or not: the cheap test for ARF text.
_FEEDBACK_TYPE_LINE = re.compile(r"^(?:>[ \t]?){0,3}feedback-type[ \t]*:", re.IGNORECASE | re.MULTILINE)
#: A line that is a header field (the first of a feedback part's text).
_FIELD_LINE = re.compile(r"[A-Za-z][\w-]{0,60}[ \t]*:")
#: Mail-client quoting before a field line.
_QUOTE_PREFIX = re.compile(r"^(?:>[ \t]?){1,3}", re.MULTILINE)
#: The local parts that loops write in place of a withheld address.
_REDACTED_LOCAL = re.compile(r"[\[<(]?(?:redacted|removed|withheld|x{1,20}|\*{1,20})[\])>]?", re.IGNORECASE)
#: The most characters of a text part searched for an ARF block.
_MAX_SCAN = 16 * 1024


class Arf(Decoder):
    name = "arf"
    reads_letters = True
    more_keys = Keys(
        report_types=("feedback-report",),
        part_types=(_FEEDBACK_TYPE, "text/feedback-report", "application/feedback-report", "message/feedback",
                    *MESSAGE_TYPES),
        markers=("Feedback-Type:", "Feedback-type:", "feedback-type:", "FEEDBACK-TYPE:"),
    )

    def matches(self, msg: MessageView) -> bool:
        if msg.report_type == "feedback-report" or msg.parts_of(_FEEDBACK_TYPE):
            return True
        if _feedback_type_line(msg.text[:_MAX_SCAN]):
            return True
        if not _may_carry_report(msg):
            return False
        # Only the MIME types of attached messages: no text is decoded to find a report
        # (most bounces attach the returned message, which carries none). The search of
        # the notice's text comes only after one is found.
        attached = _containers(msg.message, 0, loose=False, descend=True, budget=[_MAX_NODES])
        return next(attached, None) is not None and _passes_reports_on(msg)

    def decode(self, msg: MessageView) -> list[Finding] | None:
        findings: list[Finding] = []
        for container, fields in _reports(msg):
            findings += _report_findings(container, fields)
        return findings or None


# --- finding the reports -------------------------------------------------------------


def _reports(msg: MessageView) -> list[tuple[MessageView, list[tuple[str, str]]]]:
    """Each report the message makes or carries, in order: the view of the MIME entity
    that holds its feedback part (the report, whose other parts return the message),
    and the report's fields."""
    found: list[tuple[MessageView, list[tuple[str, str]]]] = []
    descend = _passes_reports_on(msg)
    budget = [_MAX_NODES]
    for node, feedback in _containers(msg.message, 0, loose=True, descend=descend, budget=budget):
        fields = [field for part in feedback for field in _fields_of(part)]
        if fields:
            found.append((msg if node is msg.message else MessageView(node), fields))
        if len(found) >= MAX_REPORTS:
            break
    if not found:
        # A report pasted into the text (a forward inline): its fields in the body.
        fields = _arf_block(msg.text, anywhere=not _bulk(msg))
        if fields:
            found.append((msg, fields))
    return found


def _may_carry_report(msg: MessageView) -> bool:
    """False when no message attached to ``msg`` can hold a feedback part: each is an
    enclosed message whose unread body never names the type (most bounces' returned
    original). Tells so from the view's leaf parts, without walking the tree as
    ``_containers`` does; True (walk it) for any other shape."""
    for part in msg.parts:
        if part.content_type.startswith("multipart/"):
            return True  # a tree cut short, or a multipart without its boundary
        if part.content_type not in MESSAGE_TYPES:
            continue
        node = part.message
        if content_type_of(node) not in MESSAGE_TYPES:
            return True  # (an attached .eml file, or an encoded message/rfc822 part)
        if not node.is_multipart():
            continue
        for child in node.get_payload():
            if not isinstance(child, EnclosedMessage) or child.may_hold(_FEEDBACK_SUBTYPE):
                return True
    return False


def _containers(
    node: email.message.Message, depth: int, *, loose: bool, descend: bool, budget: list[int]
) -> Iterator[tuple[email.message.Message, list[email.message.Message]]]:
    """The MIME entities under ``node`` that hold feedback parts, with those parts.

    ``loose`` also takes a misdeclared part whose text is ARF fields as the feedback
    part (at the top, and inside a feedback-report ``multipart/report``); ``descend``
    looks into attached messages, up to :data:`MAX_DEPTH` levels.
    """
    budget[0] -= 1
    if budget[0] < 0 or not node.is_multipart():
        return
    children = [c for c in node.get_payload() if isinstance(c, email.message.Message)]
    ctype = content_type_of(node)
    if ctype in MESSAGE_TYPES:
        if descend and depth < MAX_DEPTH:
            for child in children:
                # Below an attached message only a strict feedback part counts, so a body
                # whose text never names the type holds none (most returned messages).
                if isinstance(child, EnclosedMessage) and not child.may_hold(_FEEDBACK_SUBTYPE):
                    continue
                yield from _containers(child, depth + 1, loose=False, descend=True, budget=budget)
        return
    if not ctype.startswith("multipart/"):
        return
    loose = loose or _is_feedback_report(node)
    feedback = [c for c in children if _is_feedback_part(c, loose=loose)]
    if feedback:
        # The report: its siblings are its text and the returned message, not reports.
        yield node, feedback
        return
    for child in children:
        yield from _containers(child, depth, loose=loose, descend=descend, budget=budget)


def _is_feedback_report(node: email.message.Message) -> bool:
    """A ``multipart/report`` that says it is a feedback report."""
    return content_type_of(node) == "multipart/report" and str(
        node.get_param("report-type") or ""
    ).lower() == "feedback-report"


def _is_feedback_part(part: email.message.Message, *, loose: bool) -> bool:
    ctype = content_type_of(part)
    if ctype == _FEEDBACK_TYPE:
        return True
    return loose and ctype in _MISDECLARED_TYPES and not part.is_multipart() and bool(
        _arf_block(part_text(part), anywhere=False)
    )


def _passes_reports_on(msg: MessageView) -> bool:
    """False for a delivery notice: a message it returns is the one that failed, even
    when that was a report (a bounce of a report sent on is no complaint)."""
    if msg.delivery_status is not None or msg.report_type not in ("", "feedback-report"):
        return False
    if msg.has_header("X-Failed-Recipients"):
        return False
    return not (machine_sent(msg) and NOTICE_FAILURE.search(msg.text[:_MAX_SCAN]))


def _feedback_type_line(text: str) -> bool:
    """Whether ``text`` has a ``Feedback-Type:`` line (``> ``-quoted or not)."""
    # The words first: a case-blind search with no literal to skip ahead with costs
    # some 6 ns a character, lower-casing the text and a plain search a tenth of that.
    return "feedback-type" in text.lower() and _FEEDBACK_TYPE_LINE.search(text) is not None


def _bulk(msg: MessageView) -> bool:
    """Mail sent to a list (a newsletter may quote an example report in its text)."""
    return (msg.has_header("List-Id") or msg.has_header("List-Unsubscribe")
            or msg.header("Precedence").strip().lower() in ("bulk", "list", "junk"))


def _fields_of(part: email.message.Message) -> list[tuple[str, str]]:
    """The fields of a feedback part: all of a ``message/feedback-report`` (RFC 6591
    puts some after a blank line), the ARF block of a misdeclared one."""
    text = part_text(part)
    if content_type_of(part) == _FEEDBACK_TYPE:
        return [field for block in parse_fields(text) for field in block]
    return _arf_block(text, anywhere=False)


def _arf_block(text: str, *, anywhere: bool) -> list[tuple[str, str]]:
    """The fields of the ARF block in ``text`` (quoted ``> `` lines too), or none.

    With ``anywhere`` false the block must open the text (a feedback part); otherwise
    it may follow other text (a report pasted below a forward's header block).
    """
    text = text[:_MAX_SCAN]
    if not _feedback_type_line(text):
        return []
    text = _QUOTE_PREFIX.sub("", text)
    if not anywhere and not _FIELD_LINE.match(text.lstrip()):
        return []
    blocks = parse_fields(text)
    for block in blocks if anywhere else blocks[:1]:
        if _is_arf(name for name, _ in block):
            return block
    return []


def _is_arf(names: Iterable[str]) -> bool:
    """Feedback-Type with two more ARF fields, one of them ARF's own."""
    names = set(names)
    own = len(names & _ARF_FIELDS)
    return "feedback-type" in names and own >= 1 and own + len(names & _GENERIC_ARF_FIELDS) >= 2


# --- one report's findings -----------------------------------------------------------


def _report_findings(report: MessageView, fields: list[tuple[str, str]]) -> list[Finding]:
    """One complaint per recipient the report names (or one without a recipient)."""
    get = dict(reversed(fields)).get
    feedback_type = (get("feedback-type") or "other").strip().lower() or "other"
    sender = strip_address(get("original-mail-from"))
    original = report.original
    returned = _returned_message(report)
    return [
        Finding(
            recipient=recipient,
            event=Event.COMPLAINT,
            feedback_type=feedback_type,
            date=get("arrival-date") or get("received-date"),
            reporting_mta=(get("reporting-mta") or "").split(";")[-1].strip() or None,
            original_sender=sender,
            original_message_id=original.message_id if original else None,
        )
        for recipient in complaint_recipients(fields, original, returned)
    ]


def _returned_message(report: MessageView) -> MessageView | None:
    """The message the report returns: attached whole, or its header block alone
    (``text/rfc822-headers``, which JMRP and most loops send)."""
    attached = enclosed_views(report)[:1]
    if attached:
        return attached[0]
    headers = report.parts_of("text/rfc822-headers", "message/global-headers")[:1]
    return inline_view(headers[0].text) if headers else None


def complaint_recipients(
    fields: Iterable[tuple[str, str]], original: OriginalHeaders | None, returned: MessageView | None
) -> list[str | None]:
    """The recipients a complaint is about: the report's Original-Rcpt-To fields (or the
    draft's Removal-Recipient), else the returned message's X-HmXmrOriginalRecipient,
    else its To; each once. ``[None]`` where none is named or each is redacted.

    ``fields`` are the report's (lower-case names), ``original`` the returned message's
    headers and ``returned`` the returned message itself, where it is attached.
    """
    fields = list(fields)
    redactions = {_redaction_token(v) for k, v in fields if k == "redacted-address"} - {""}
    named = [strip_address(v) for k, v in fields if k in _RECIPIENT_FIELDS]
    if not any(named) and returned is not None:
        # Microsoft's JMRP reports redact the returned message's To and name the
        # complaining recipient in its X-HmXmrOriginalRecipient field instead.
        named = [strip_address(returned.header("X-HmXmrOriginalRecipient"))]
    if not any(named) and returned is not None:
        # A list's mail names the list in its To; its VERP return path (``Return-Path:
        # <list-bounces+jo=example.net@...>``) names the subscriber who complained.
        named = [verp_recipient(strip_address(returned.header("Return-Path")) or "")]
    if not any(named) and original is not None:
        named = list(original.recipients)
    if not any(named) and returned is not None:
        # Sent Bcc (the To "undisclosed-recipients:;"): the receiving provider's Received
        # field names the mailbox it delivered to ("for <jo@example.net>"), when one.
        found = {m[1] for m in RECEIVED_FOR.finditer(returned.received_text)}
        named = list(found) if len(found) == 1 else named
    recipients: list[str | None] = []
    seen: set[str] = set()
    for address in named:
        if not address or redacted(address, redactions):
            continue
        if address.lower() not in seen:
            seen.add(address.lower())
            recipients.append(address)
    return recipients or [None]


def _redaction_token(value: str) -> str:
    """The local part an AOL-style ``Redacted-Address: redacted@`` field names."""
    return value.strip().strip("<>").partition("@")[0].strip().lower()


def redacted(address: str, redactions: Iterable[str] = ()) -> bool:
    """An address a loop withheld: ``redacted@isp``, ``[redacted]@isp``, SpamCop's
    ``x``, or a local part the report's ``Redacted-Address`` names."""
    local, at, _ = address.rpartition("@")
    local = local if at else address
    return bool(_REDACTED_LOCAL.fullmatch(local)) or local.lower() in redactions
