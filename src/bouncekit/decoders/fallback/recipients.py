"""The recipient reader: which addresses of a notice failed, and each one's reason.

:func:`named_recipients` looks for them in this order; the first way that finds any
decides:

1. addresses that stand out on their lines (alone, in brackets or quotes, after a
   bullet or a recipient label, or opening the line before their reason), after the
   statement of the failure, else anywhere;
2. addresses inside a paragraph that states the failure (inside any paragraph, when
   the subject already states it);
3. the address of a refused ``RCPT TO`` in a quoted session transcript;
4. the notice's own addresses or administrative ones, when a list names only them;
5. where the notice says the message was blocked, the recipients of its table of the
   message's header fields.

The bounce's own addresses (its From, To, Cc, the returned message's sender),
administrative and mailing-list addresses, addresses in quoted header lines and
help-desk addresses ("please contact <support@...>") are not failed recipients. Each
address's reason is the reply its block quotes, else its labelled reason, else the
words of its block, else the reason the notice gives for all.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Set
from dataclasses import dataclass, replace

# The built-in rules, never a user's rules file, read the notice's structure here
# (which paragraph states a cause, a refusal, a move): a rules file changes how a
# record is classified, never which records a message gives.
from bouncekit.classifier import rules_in_use
from bouncekit.decoders.base import ADDRESS, Finding, find_host
from bouncekit.decoders.fallback.notice import (
    ADDR,
    ADDRESS_IN_TEXT,
    BLANK,
    MAX_REASON,
    REPLY_WITH_STATUS,
    STATUS,
    Notice,
    Paragraph,
    gives_up,
    is_decoration,
    labelled_reason,
    names_cause,
    reply_in,
    unwrap,
    verdict_fields,
    without_decoration,
)
from bouncekit.decoders.fallback.wording import (
    AUTOMATED_FOOTER,
    CAUSE,
    CONTACT,
    DELAYS,
    DELIVERED,
    FACT_LINE,
    FAILS,
    FROM_LINE,
    HEADER_LINE,
    REASON_LABEL,
    RECIPIENT_LABEL,
    REJECTS,
    ROUTE_FACTS,
    STATUS_LABEL,
    SUBJECT_LINE,
    TABLE_TO_LINE,
    TO_LINE,
    YOUR_CONTACT,
)
from bouncekit.mime import MessageView, strip_address
from bouncekit.model import Reason

#: Most addresses looked at in one notice.
MAX_CANDIDATES = 1000
#: Longest paragraph read as only a statement that the message will be retried.
_MAX_RETRY_STATEMENT = 160
#: Longest text before an address that still lets it open its line (bullets, a label).
_MAX_LEAD = 120
#: What may open a line before its address: bullets, numbering, brackets, quotes.
_LEAD = " \t*-•·>+#|:;,([{<\"'“«"
#: Addresses listed before another on its line ("ana@x; rui@x", "<a@x>, <b@x>").
_EARLIER_ENTRIES = re.compile(
    r"(?:(?<![^\s,;:<\"'])[<\"']?" + ADDR + r"[>\"']?[ \t]{0,4}[,;][ \t]{0,4}){1,20}[<\"']?\Z"
)
#: What may follow an address on its line before the reason: brackets, quotes, separators.
_TRAIL = " \t)]}>\"'”»"
#: Literals of every AUTOMATED_FOOTER sentence, tested before the expression.
_FOOTER_WORDS = ("automat", "reply", "respond", "pond", "antwort", "reageren")
_SENTENCE_END = re.compile(r"[.!?]+(?:\s+|$)")
#: Fewest characters of the words before an address taken as its reason.
_MIN_LEAD_REASON = 8
#: Paragraphs after its statement of the failure in which an application lists the
#: recipients.
_MAX_PARAGRAPHS_TO_LIST = 2
#: Longest first cell of a table's row before an address (a name, a number).
_MAX_FIRST_CELL = 40
# The gap between two columns of a table laid out in text: two blanks or more, or a tab.
#: "Contact" as a CRM's noun for a person on a list ("a@b - Unsubscribed: This contact
#: opted out", "did not send it to 1 contact:"), which names no help desk.
_CONTACT_NOUN = re.compile(r"\b(?:this|the|a|each|that|your|\d[\d,]{0,9}) contacts?\b")
_GAP_BEFORE = re.compile(r"(?:  |\t)[ \t]*\Z")
_GAP_AFTER = re.compile(r"[>\"']?(?:  |\t)")
_BULLET = re.compile(r"^(?:\d{1,3}[.)]|[a-z][.)])[ \t]")
# A display name before an address in angle brackets, at the start of its line.
# (Quoted, or one to four capitalised words: "Your message to <a@b>" is a sentence.)
_DISPLAY_NAME = re.compile(
    r"[ \t*•·-]{0,8}(?:\"[^\"\n]{1,60}\"|[A-ZÀ-Þ][\w.'-]{0,20}(?:,?[ \t][A-ZÀ-Þ][\w.'-]{0,20}){0,3},?)"
    r"[ \t]{0,4}"
)
#: Statements of a block read for the reason of the recipients of a header table.
_MAX_TABLE_STATEMENTS = 3
# Local parts of administrative and mailing-list addresses: never the failed recipient
# unless they are all a notice names.
_ADMIN_LOCAL = re.compile(
    r"^(?:mailer-?daemon|mail-daemon|postmaster|hostmaster|abuse|no-?reply|do-?not-?reply|donotreply|"
    r"bounces?|listserv|majordomo|sympa|mailman|ezmlm|owner-[^@]{1,60}|[^@]{1,60}-(?:owner|request|"
    r"bounces?|confirm|unsubscribe|subscribe)|[^@]{1,60}\+(?:owner|request|subscribe|unsubscribe|join|leave|help))"
    r"(?:[+=].{0,60})?$",
    re.IGNORECASE,
)
RCPT_TO = re.compile(r"RCPT TO:[ \t]{0,3}<?(" + ADDR + r")>?", re.IGNORECASE)
#: A notice's closing words after its list, which are no address's reason: "Please reply
#: to <postmaster@x> if you feel this message to be in error".
_CLOSING_WORDS = re.compile(
    r"\A\W{0,5}(?:please )?(?:reply|write|respond|send (?:e-?mail|mail|a message)) to\b[^\n]{0,120}\n?"
    r"[^\n]{0,40}?\bif you (?:feel|believe|think)\b|"
    r"\A\W{0,5}if you (?:feel|believe|think) (?:that )?(?:this|the) "
    r"(?:message|mail|e-?mail|notice|notification)\b",
    re.IGNORECASE,
)
# An address's reason on its own line after a colon ("<a@b>: no such mailbox"),
# Sendmail's ellipsis ("<a@b>... Deferred: Connection refused") or a dash between blanks
# ("a@b - mailbox full").
_REASON_FOLLOWS = re.compile(
    r"[>\"')\]]{0,2}(?:[ \t]{0,4}(?:[:：]|\.\.\.)|[ \t]{1,4}[-–—]|"
    # an outcome before the colon ("<a@b> Failed: 550 ...")
    r"[ \t]{1,4}(?:failed|failure|error|deferred|delayed)[ \t]{0,2}[:：])[ \t]{0,8}[^\s]",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class _Candidate:
    """One occurrence of an address in the notification."""

    address: str
    line: int
    start: int  # offset in the notification text
    end: int
    standalone: bool  # alone on its line, after a label, or opening its line before a reason


def failed_recipients_named(msg: MessageView, notice: Notice) -> str | None:
    """How the notice names failed recipients other than its own addresses, the way
    notices do (``listed``, ``sentence``, ``transcript``, ``table``), or None."""
    findings, how = named_recipients(msg, notice, any_paragraph=False)
    own = own_addresses(msg)
    if any(f.recipient and f.recipient.lower() not in own for f in findings):
        return how
    return None


def own_addresses(msg: MessageView) -> set[str]:
    """Addresses that belong to the bounce itself, never failed recipients: its From,
    To, Cc and Reply-To, the returned message's sender. (Delivered-To and X-Original-To
    are left out: relays and test setups fill them unreliably.)"""
    own = {msg.from_address}
    for name in ("To", "Cc", "Reply-To"):
        own.update(m[1].lower() for m in ADDRESS.finditer(msg.header(name)))
    original = msg.original
    if original and original.sender:
        own.add(original.sender.lower())
    own.discard("")
    return own


# A label whose value looks like an address but names a message or a part (RFC 5322's
# msg-id, RFC 2045's Content-ID), wherever the line starts (a log's time stamp before it).
#: A label's other language in parentheses ("수신자 (Recipient) :").
_TRANSLATED_LABEL = re.compile(r"\(([^()\n]{1,40})\)")
_IDENTIFIER_LABEL = re.compile(
    r"(?:message-?id|references|in-reply-to|content-id)[ \t]*:[ \t]*<?[ \t]*\Z", re.IGNORECASE
)


def _candidates(notice: Notice) -> list[_Candidate]:
    """Every address of the notification that may be a failed recipient, in text order.

    In a paragraph that quotes the original's header fields (a ``From:`` line beside a
    ``Subject:`` line) the ``To:`` and ``Cc:`` lines name the original's recipients, not
    the failed ones; a line after "please use the new address" names where to write.
    """
    quoted = header_blocks(notice)
    recipients_fields = _recipient_field_lines(notice, quoted, TO_LINE)
    found: list[_Candidate] = []
    for index, line in enumerate(notice.lines):
        text = line.text
        if "@" not in text or HEADER_LINE.match(text):
            continue
        if index in recipients_fields:
            continue  # the original's own recipients, in its quoted header fields
        for m in ADDRESS_IN_TEXT.finditer(text):
            # Bounded windows: an address far into its line does not open it.
            start = m.start(1)
            before = text[:start] if start <= _MAX_LEAD else text[start - _MAX_LEAD : start]
            after = text[m.end() : m.end() + 80]
            if len(found) >= MAX_CANDIDATES:
                return found
            if (
                CONTACT.search(before[-60:].lower()) and not YOUR_CONTACT.search(before[-60:])
            ) or CONTACT.search(_CONTACT_NOUN.sub(" ", after[:30].lower())):
                continue  # "please contact <support@...>": the help desk
            if index and not before.strip(_LEAD + "　") and _invites_contact(notice.lines[index - 1].text):
                continue  # "Questions? Write to:" over the address alone: the help desk too
            if _IDENTIFIER_LABEL.search(before[-40:]):
                continue  # "Message-ID: <2026...@host>" in a transcript or log: an identifier
            if notice.paragraphs[line.paragraph].new_address or (
                line.paragraph and notice.paragraphs[line.paragraph - 1].new_address
            ):
                continue  # "please use the new address: ...": where to write instead
            standalone = start <= _MAX_LEAD and _standalone(before, after)
            found.append(_Candidate(m[1], index, line.start + start, line.start + m.end(), standalone))
    return found


def summary_recipients(msg: MessageView, notice: Notice) -> list[str]:
    """The recipients a gateway's notice of a blocked message names in its summary of
    that message: a paragraph with a ``Subject:`` line and a recipient's label over the
    address ("Recipient: a@b" / "Subject: ...", "An: a@b" / "Betreff: ...", "宛先: a@b"
    / "件名: ..."). An out-of-office that quotes the message it answers names there only
    the replier itself, one of the notice's own addresses."""
    own = own_addresses(msg)
    subjects = {line.paragraph for line in notice.lines if SUBJECT_LINE.match(line.text)}
    found: list[str] = []
    for line in notice.lines:
        if line.paragraph not in subjects or "@" not in line.text:
            continue
        label, colon, rest = line.text.strip(" \t>*-").partition(":")
        if not colon:
            label, colon, rest = line.text.strip(" \t>*-").partition("：")
        if not colon or not (TABLE_TO_LINE.match(label + ":") or RECIPIENT_LABEL.match(label.strip() + ":")):
            continue
        for m in ADDRESS_IN_TEXT.finditer(rest):
            address = m[1]
            if address.lower() not in own and not _is_admin(address) and address not in found:
                found.append(address)
    return found[:MAX_CANDIDATES]


def _invites_contact(line: str) -> bool:
    """A line that ends by inviting the reader to write to the address below it."""
    words = line.strip()
    if not words.endswith((":", "：")):
        return False
    return CONTACT.search(_CONTACT_NOUN.sub(" ", words[-60:].lower())) is not None


def listed_after_statement(notice: Notice) -> bool:
    """True when the notice names a failed recipient and its reason the way an
    application's own notice does ("Your reply could not be delivered." over "Recipient:
    a@b" / "Error: 550 ..."): the address stands out on its line in the paragraph that
    states the failure or one of the two after it; it is labelled as the recipient,
    introduced by the statement itself ("... au destinataire suivant :"), or followed on
    its line by its reason; and a reason is given, on its line or by a reason's label or
    a quoted reply in its paragraph or the next. ("Contact our courier:" over an address
    names a help desk, not a recipient.)"""
    statement = notice.statement()
    if statement is None or not notice.paragraphs[statement].fails:
        return False
    for c in _candidates(notice):
        line = notice.lines[c.line]
        if not c.standalone or not statement <= line.paragraph <= statement + _MAX_PARAGRAPHS_TO_LIST:
            continue
        lead = notice.text[line.start : c.start].strip(_LEAD + "　")
        after = notice.text[c.end : line.start + len(line.text)]
        reason_on_line = _REASON_FOLLOWS.match(after) is not None or (
            _GAP_AFTER.match(after) is not None and after.strip(_TRAIL) != ""
        )
        heading = (_heading_of_list(notice, c.line) or "").lower()
        introduced = bool(heading) and (FAILS(heading) or DELAYS(heading) or REJECTS(heading)) and not (
            CONTACT.search(heading)
        )
        labelled = bool(lead) and RECIPIENT_LABEL.match(lead + ":") is not None
        named = labelled or introduced or reason_on_line
        if named and (reason_on_line or _reason_given(notice, line.paragraph)):
            return True
    return False


def _reason_given(notice: Notice, index: int) -> bool:
    """True when paragraph ``index`` or the next gives a reason: a reason's label, a
    quoted reply or a statement of the cause ("... was blocked because ...")."""
    last = notice.paragraphs[min(index + 1, len(notice.paragraphs) - 1)]
    text = notice.text[notice.paragraphs[index].start : last.end][:MAX_REASON]
    return (
        any(REASON_LABEL.match(line) for line in text.split("\n")) or reply_in(text) is not None
        or CAUSE.search(text) is not None
    )


def _recipient_field_lines(notice: Notice, blocks: set[int], label: re.Pattern[str]) -> set[int]:
    """Lines of ``blocks`` (paragraphs quoting header fields) that hold a recipients'
    field: its labelled line and the indented lines that continue it ("To:    a@x" over
    "         b@x")."""
    found: set[int] = set()
    inside = False
    for index, line in enumerate(notice.lines):
        if line.paragraph not in blocks:
            inside = False
        elif label.match(line.text):
            inside = True
            found.add(index)
        elif inside and line.text[:1] in (" ", "\t") and ":" not in line.text.split("@", 1)[0]:
            found.add(index)
        else:
            inside = False
    return found


def header_blocks(notice: Notice) -> set[int]:
    """Paragraphs that quote a message's header fields."""
    senders: set[int] = set()
    subjects: set[int] = set()
    for line in notice.lines:
        if FROM_LINE.match(line.text):
            senders.add(line.paragraph)
        elif SUBJECT_LINE.match(line.text):
            subjects.add(line.paragraph)
    return senders & subjects


def _standalone(before: str, after: str) -> bool:
    """True when an address opens its line (after bullets, brackets or a recipient label)."""
    if before.endswith("<") and _DISPLAY_NAME.fullmatch(before[:-1]):
        return True  # "Kowalska, Anna" <anna@...>: a named address opening its line
    if "@" in before:
        # "To: ana@x; rui@x": the addresses before this one, listed on its line, are
        # entries of the same list.
        m = _EARLIER_ENTRIES.search(before)
        if m:
            before = before[: m.start()]
    lead = before.strip(_LEAD + "　")
    # "Empfänger / Recipient:", "수신자 (Recipient) :": a label may be written in two languages.
    parts = lead.split("/")
    if "(" in lead and (inner := _TRANSLATED_LABEL.search(lead)):
        parts += [lead[: inner.start()] + lead[inner.end() :], inner[1]]
    labelled = any(
        RECIPIENT_LABEL.match(part.strip(_LEAD + "　") + ":") or RECIPIENT_LABEL.match(part.strip())
        for part in parts
    )
    if lead and not labelled and not _BULLET.match(lead + " "):
        return _table_cell(before, after)
    if lead.startswith(">") or before.lstrip().startswith(">"):
        return False  # a quoted line
    rest = after.lstrip(_TRAIL)
    # The address ends the line, or a separator or the reason follows it.
    return (not rest or rest[0] in ":,;([.-–—：…" or after[:1] in " \t"
            # "'a@b' on 6/13/2019 9:44 PM", "'a@b' el 13/06/2019 21:44" (Outlook's report)
            or (after[:1] in _TRAIL and after[1:2] in (" ", "\t"))
            or _REASON_FOLLOWS.match(after) is not None)  # "<a@b> Failed: 550 ..."


def _table_cell(before: str, after: str) -> bool:
    """True when an address is a cell of a table's row, after a short first cell and
    between column gaps ("Gill, Aaron      aaron@x      550 5.1.1 User unknown")."""
    first = before.strip()
    return (
        0 < len(first) <= _MAX_FIRST_CELL and not first.endswith((":", "：", ">"))
        and not before.lstrip().startswith(">") and _GAP_BEFORE.search(before) is not None
        and (not after.strip() or _GAP_AFTER.match(after) is not None)
    )


def named_recipients(
    msg: MessageView, notice: Notice, *, any_paragraph: bool, report: bool = False
) -> tuple[list[Finding], str | None]:
    """Failed recipients named by the notification, each with the reason near it, and
    how they were found: ``listed`` (standing out on their lines), ``sentence`` (in a
    sentence that states the failure), ``transcript`` (a refused ``RCPT TO``), ``table``
    (the notice's table of the message's header fields) or ``reader`` (a report's own
    reader, named in its statement that mail to the reader failed).

    ``report``: the notice is a report of failed mail by its subject or opening (a
    platform's digest), whose entries may come before any sentence that states a
    failure ("Bounce report for ..." over its entries, the first saying "Hard Bounce",
    the third "Connection refused"): every address that stands out is listed."""
    own = own_addresses(msg)
    candidates = [c for c in _candidates(notice) if strip_address(c.address)]
    statement = None if report else notice.statement()
    first_line = 0
    if statement is not None:
        first_line = next(
            (i for i, line in enumerate(notice.lines) if line.paragraph >= statement), len(notice.lines)
        )
    # 1. Addresses that stand out on their lines, after the statement, else anywhere. An
    # address of the bounce itself or an administrative one is kept only when it is all
    # the list names and no sentence or transcript names another (a message its sender
    # sent to himself; not the bounce's own "To:" line above "undeliverable to <x>").
    standalone = [c for c in candidates if c.standalone]
    listed = [c for c in standalone if c.line >= first_line] or standalone
    chosen = _prefer_recipients(listed, own, keep_own=False)
    if chosen:
        further = _opening_other_statements(notice, candidates, chosen, own)
        if further:
            # "Your message could not be delivered to" / "'a@b' (host: ...)" / "reason: ...",
            # then the same statement for "'c@d' for the following reason: ...": each
            # statement's address opens its line, whatever follows it there.
            chosen = sorted(chosen + further, key=lambda c: c.start)
            standalone = sorted(standalone + further, key=lambda c: c.start)
        return _findings_of_entries(notice, chosen, standalone), "listed"
    findings, how = _recipients_in_sentences(notice, candidates, own, any_paragraph=any_paragraph)
    if findings:
        return findings, how
    # A service's notice that mail to its reader bounces ("Recent emails from the forum to
    # kevin@... bounced", "no ha podido entregarse en ana@...", the address alone on its
    # line over "Die E-Mail kam als unzustellbar an uns zurück"): the address it is sent
    # to, named in its statement of the failure or alone on its line, is the failed one.
    # Not where its statement names its own address (mail from the reader to the service
    # failed: "Your email to support@... could not be delivered").
    readers = set()
    if report and not any(
        c.address.lower() == msg.from_address and _states(notice.paragraphs[notice.lines[c.line].paragraph])
        for c in candidates
    ):
        readers = {m[1].lower() for m in ADDRESS.finditer(msg.header("To"))}
    chosen = _prefer_recipients(listed, own)
    if chosen:
        reader = bool(readers) and all(c.address.lower() in readers for c in chosen)
        return _findings_of_entries(notice, chosen, standalone), ("reader" if reader else "listed")
    findings = _table_findings(notice, own)
    if findings:
        return findings, "table"
    if readers:
        findings, how = _recipients_in_sentences(notice, candidates, own - readers, any_paragraph=False)
        if how == "sentence":
            return findings, "reader"
    return [], None


def _opening_other_statements(
    notice: Notice, candidates: list[_Candidate], chosen: list[_Candidate], own: set[str]
) -> list[_Candidate]:
    """Addresses that open their lines (after a quote or a bracket at most) in another
    paragraph that states the failure, one naming none of the ``chosen``: a notice that
    repeats its statement for each recipient."""
    taken = {notice.lines[c.line].paragraph for c in chosen}
    names = {c.address.lower() for c in chosen}
    found: list[_Candidate] = []
    for c in candidates:
        line = notice.lines[c.line]
        index = line.paragraph
        if (
            c.standalone or index in taken or c.address.lower() in names
            or notice.text[line.start : c.start].strip(_LEAD + "　")
            or not notice.paragraphs[index].fails
        ):
            continue
        if _prefer_recipients([c], own, keep_own=False):
            found.append(c)
            taken.add(index)
            names.add(c.address.lower())
    return found


def _table_findings(notice: Notice, own: set[str]) -> list[Finding]:
    """4. Where a notice names no failed recipient otherwise and states that the message
    was blocked or not delivered, the recipients of its own table of the message's header
    fields (a filtering gateway's "The message below was blocked" over ``From:``,
    ``To: a@x; b@x``, ``Subject:``, ``Rule:`` lines): the message reached none of them.
    Each one's reason is the reply the notice quotes, else its statements of the block,
    the table's lines that are not the message's header fields or facts (the engine,
    rule, details) and the reason the notice gives after its statement."""
    blocks = header_blocks(notice)
    if not blocks or not any(_states(p) for p in notice.paragraphs):
        return []
    addresses: list[str] = []
    seen: set[str] = set()
    details: list[str] = []
    recipients_fields = _recipient_field_lines(notice, blocks, TABLE_TO_LINE)
    for index, line in enumerate(notice.lines):
        if line.paragraph not in blocks:
            continue
        if index in recipients_fields:
            for m in ADDRESS_IN_TEXT.finditer(line.text):
                address = m[1]
                key = address.lower()
                if key not in own and key not in seen and not _is_admin(address):
                    seen.add(key)
                    addresses.append(address)
        elif not (HEADER_LINE.match(line.text) or TO_LINE.match(line.text) or FACT_LINE.match(line.text)):
            details.append(line.text.strip())
    if not addresses:
        return []
    if reply_in(notice.text):
        diagnostic = notice.reason  # the server's reply, quoted: it says it best
    else:
        said = [
            " ".join(notice.paragraph_text(i).split())
            for i, p in enumerate(notice.paragraphs)
            if i not in blocks and _states(p) and "@" not in p.flat
        ][:_MAX_TABLE_STATEMENTS]
        diagnostic = " ".join([*said, *details])
        general = notice.reason  # the paragraph after the statement: "Rule: Spam Filtering"
        if general and general not in diagnostic:
            diagnostic = f"{diagnostic} {general}"
        diagnostic = diagnostic.strip()[:MAX_REASON] or None
    return [Finding(recipient=a, diagnostic=diagnostic) for a in addresses[:MAX_CANDIDATES]]


def _recipients_in_sentences(
    notice: Notice, candidates: list[_Candidate], own: set[str], *, any_paragraph: bool
) -> tuple[list[Finding], str | None]:
    """:func:`named_recipients` where no address stands out on its line."""
    # 2. Addresses inside a paragraph that states the failure; when the subject already
    # states it, inside any paragraph.
    for anywhere in (False, True):
        if anywhere and not any_paragraph:
            break
        inside = [
            c for c in candidates
            if anywhere or _states(notice.paragraphs[notice.lines[c.line].paragraph])
        ]
        chosen = _prefer_recipients(inside, own, keep_own=False)
        if chosen:
            # Where a paragraph names several, each one's words run to the next one (not
            # to the same address named again inside its own reply).
            ends = [_next_other(notice, c, chosen[i + 1 :]) for i, c in enumerate(chosen)]
            addresses = {c.address.lower() for c in chosen}
            findings = [
                _sentence_finding(notice, c, end, others=addresses - {c.address.lower()})
                for c, end in zip(chosen, ends, strict=True)
            ]
            return findings, "sentence"
    # 3. The address of the refused "RCPT TO:" command, in a quoted SMTP transcript.
    findings: list[Finding] = []
    seen: set[str] = set()
    for m in RCPT_TO.finditer(notice.text):
        address = m[1].lower()
        if address not in own and address not in seen:
            seen.add(address)
            end = notice.text.find("\n\n", m.end())
            block = notice.text[m.end() : end if end > 0 else m.end() + MAX_REASON]
            findings.append(_finding(m[1], block, notice))
    return findings, ("transcript" if findings else None)


def _states(paragraph: Paragraph) -> bool:
    return paragraph.fails or paragraph.delays or paragraph.rejects


def _prefer_recipients(
    candidates: list[_Candidate], own: set[str], *, keep_own: bool = True
) -> list[_Candidate]:
    """The candidates that may be failed recipients, one per address, in order."""
    unique: list[_Candidate] = []
    seen: set[str] = set()
    for c in candidates:
        key = c.address.lower()
        if key not in seen:
            seen.add(key)
            unique.append(c)
    good = [c for c in unique if c.address.lower() not in own and not _is_admin(c.address)]
    if good or not keep_own:
        return good
    return [c for c in unique if not _is_admin(c.address)] or unique


def _is_admin(address: str) -> bool:
    return bool(_ADMIN_LOCAL.match(address.rpartition("@")[0]))


def _findings_of_entries(
    notice: Notice, chosen: list[_Candidate], standalone: list[_Candidate]
) -> list[Finding]:
    """One finding per listed address; its reason runs up to the next listed address."""
    # Every standalone address bounds the blocks, chosen or not (an address of the bounce
    # itself still ends the block before it), except one that repeats the address just
    # before it: a folded reply that names its address again continues the same block.
    # A block ends where the next address's line starts: what opens that line (a bullet,
    # "SMTP <", a display name) is the next entry's.
    bounds: list[int] = []
    previous = None
    for c in standalone:
        if c.address.lower() != previous:
            bounds.append(notice.lines[c.line].start)
        previous = c.address.lower()
    # An address listed once alone and once with its reason ("<a@b>: no such mailbox")
    # is read where its reason follows it.
    mentions: dict[str, list[_Candidate]] = {}
    for c in standalone:
        mentions.setdefault(c.address.lower(), []).append(c)
    # Addresses listed on one line ("To: ana@x; rui@x") share what follows the last one.
    line_ends: dict[int, int] = {}
    for c in standalone:
        line_ends[c.line] = max(c.end, line_ends.get(c.line, 0))
    findings = []
    headings: dict[int, str | None] = {}  # the words that introduce the list, by paragraph
    groups = _group_headings(notice, chosen)
    bare = False  # every address so far alone on its lines: a bare list
    for index, c in enumerate(chosen):
        listed = mentions.get(c.address.lower(), ())
        c = next((m for m in listed if _REASON_FOLLOWS.match(notice.text, m.end)), c)
        after = bisect_right(bounds, notice.lines[c.line].start)  # (bounds are in text order)
        end = bounds[after] if after < len(bounds) else len(notice.text)
        # The address's closing bracket or quote is not part of the reason.
        start = max(c.end, line_ends.get(c.line, 0))
        block = notice.text[start : min(end, start + MAX_REASON)].lstrip(_TRAIL)
        group = groups.get(notice.lines[c.line].paragraph)
        if group is not None:
            # A digest's category over its addresses ("Mailbox full (1)" / "The
            # recipient's inbox is full." / "- a@b"): the next block opens the next group.
            block = f"{group} {_own_lines(block).strip()}".strip()[:MAX_REASON]
        if DELIVERED.match(block):
            continue  # a delivery report's row for a recipient that got the message
        if _CLOSING_WORDS.match(block) and REPLY_WITH_STATUS.search(block) is None:
            block = ""  # the notice's closing words: the reason is its statement
        if bare and not _own_lines(block).strip():
            # The last of a bare list: the paragraph after the list is the notice's
            # (its closing words), not this address's reason alone.
            block = ""
        bare = (index == 0 or bare) and not block.strip()
        found = _finding(c.address, block, notice)
        paragraph = notice.lines[c.line].paragraph
        if paragraph not in headings:  # (the list's first entry in its paragraph)
            headings[paragraph] = _heading_of_list(notice, c.line)
        heading = headings[paragraph]
        if heading and DELAYS(heading.lower()) and not gives_up(heading.lower()):
            # "STILL TRYING (will retry for 4 more days):" over its addresses, in a notice
            # that gave up on others: these are still queued.
            found = replace(found, action="delayed")
        said = found.diagnostic
        if said is None and paragraph == 1 and (opening := _opening_sentence(notice)):
            # "The user(s) account is temporarily over quota." over the address alone and
            # the closing words: the notice's one opening sentence is the reason.
            found = replace(found, diagnostic=opening)
            said = opening
        # The introduction states the cause ("... blocked, because ...:"), or names one
        # where the entry's own words name none ("The following recipient is not on a
        # recognised secure domain:" over the address and "NOT sent to this recipient").
        intro = heading if heading and "@" not in heading and (
            CAUSE.search(heading) or (said and not _names_cause(said) and _names_cause(heading))
        ) else None
        if intro and said and intro not in said and reply_in(said) is None:
            # "... an folgende Empfänger blockiert, weil sie Schadsoftware enthält:" over
            # "Empfänger: a@b" / "Erkannt: Troj/X": the cause is the list's introduction.
            found = replace(found, diagnostic=f"{intro} {said}"[:MAX_REASON])
        findings.append(found)
    return findings


def _group_headings(notice: Notice, chosen: list[_Candidate]) -> dict[int, str]:
    """The category each address of a digest is listed under, by paragraph, where the
    digest groups its addresses under two categories or more: each group a paragraph
    whose words (a category, a line saying what it means) come before its addresses,
    and whose addresses close it. Empty for any other list."""
    first: dict[int, _Candidate] = {}  # each paragraph's first and last address
    last: dict[int, _Candidate] = {}
    for c in chosen:
        index = notice.lines[c.line].paragraph
        first.setdefault(index, c)
        if c.end > last.get(index, c).end or index not in last:
            last[index] = c
    if len(first) < 2:
        return {}
    groups: dict[int, str] = {}
    for index, c in first.items():
        paragraph = notice.paragraphs[index]
        heading = " ".join(notice.text[paragraph.start : notice.lines[c.line].start].split())
        if not heading or "@" in heading:
            return {}
        after = notice.text[last[index].end : paragraph.end]
        if after.strip(_TRAIL + " \t\n") and not after.partition("\n")[0].strip(_TRAIL + " \t"):
            # Words below its addresses: a list with reasons, not a group. A note on the
            # last address's own line ("a@b - the server rejected it ...") is its entry's.
            return {}
        groups[index] = heading[-MAX_REASON:]
    return groups


def _heading_of_list(notice: Notice, index: int) -> str | None:
    """The words that introduce the list of line ``index`` and end with a colon ("... was
    blocked because it contains malware:", "STILL TRYING:"): the lines before it in its
    paragraph, else the paragraph before."""
    line = notice.lines[index]
    paragraph = notice.paragraphs[line.paragraph]
    if line.start > paragraph.start:
        start, end = paragraph.start, line.start
    elif line.paragraph:
        before = notice.paragraphs[line.paragraph - 1]
        start, end = before.start, before.end
    else:
        return None
    text = notice.text[max(start, end - MAX_REASON) : end]  # (the words just before the list)
    if not text.rstrip().endswith((":", "：")):
        return None
    flat = " ".join(text.split())
    return flat[-MAX_REASON:] if flat.endswith((":", "：")) else None


#: Most characters of a notice's opening taken as the reason of the address below it.
_MAX_OPENING = 200


def _opening_sentence(notice: Notice) -> str | None:
    """The notice's first paragraph, when it is one short sentence naming no address."""
    first = notice.paragraphs[0]
    text = " ".join(notice.text[first.start : first.end].split())
    if len(text) > _MAX_OPENING or "@" in text or not text.endswith((".", "!", "。")):
        return None
    return text


def _own_lines(block: str) -> str:
    """The lines of an address's block before its first blank line."""
    blank = BLANK.search(block)
    return block[: blank.start()] if blank else block


def _next_other(notice: Notice, c: _Candidate, later: list[_Candidate]) -> int | None:
    """Where the next other address named in ``c``'s paragraph begins, if one is."""
    paragraph = notice.lines[c.line].paragraph
    for other in later:
        if notice.lines[other.line].paragraph != paragraph:
            return None
        if other.address.lower() != c.address.lower():
            return other.start
    return None


def _sentence_finding(
    notice: Notice, c: _Candidate, end: int | None = None, *, others: Set[str] = frozenset()
) -> Finding:
    """A finding for an address named in a sentence: the reason is the rest of its
    paragraph; where nothing follows the address, what leads to it on its line
    ("User mailbox exceeds allowed size: <address>") unless that is only a label; else
    the notice's reason. ``end`` bounds the rest where the next address named begins;
    the notice's reason is not this address's where it names one of the ``others``."""
    line = notice.lines[c.line]
    paragraph = notice.paragraphs[line.paragraph]
    rest = notice.text[c.end : min(end or paragraph.end, c.end + MAX_REASON)].lstrip(_TRAIL)
    if _only_boilerplate(rest):
        raw = notice.text[line.start : c.start]
        lead = raw.strip(_LEAD + "　")
        labelled = raw.rstrip(" \t<\"'(").endswith((":", "："))  # "Mailbox full: <a@b>"
        if (
            len(lead) >= _MIN_LEAD_REASON and not RECIPIENT_LABEL.match(lead + ":")
            and (labelled or not _continues_sentence(notice, c.line))
        ):
            rest = lead[-MAX_REASON:]
    return _finding(c.address, rest, notice, whole=True, others=others)


def _continues_sentence(notice: Notice, index: int) -> bool:
    """True when line ``index`` goes on with a sentence its paragraph's line before it
    began ("... about ITSD-12 "VPN access for new" / "contractor" to the customer
    jo@example.org."): what opens it is the sentence's middle, not a reason."""
    if index == 0 or notice.lines[index - 1].paragraph != notice.lines[index].paragraph:
        return False
    return not notice.lines[index - 1].text.rstrip().endswith((".", ":", "!", "?", ";", "。", "：", ">", ")"))


def _finding(
    address: str, block: str, notice: Notice, *, whole: bool = False, others: Set[str] = frozenset()
) -> Finding:
    """The finding of one address: the reply its block quotes, else its labelled reason,
    else the block's text; else (and, for an address named in a sentence, also) the
    reason the whole notice gives, unless that names one of the ``others`` (a reply to
    another recipient)."""
    # The reply quoted in the address's own section of the notice is its reason; one in
    # a later section may be a transcript's last word, given after the cause (Sendmail's
    # "(reason: 554 ...)" before "--- Transcript ---" and "554 5.0.0 Service unavailable").
    own = _own_section(block)
    block = without_decoration(block)
    diagnostic = (reply_in(own) if own else None) or reply_in(block)
    if diagnostic is not None and not any(char.isalpha() for char in diagnostic):
        # Codes alone, quoted inside the reason's sentence ("... «address does not exist»
        # (550 5.1.1), so ..."): the labelled reason around them says why.
        labelled = labelled_reason(block)
        if labelled and diagnostic in labelled:
            diagnostic = labelled
    diagnostic = diagnostic or labelled_reason(block)
    if diagnostic is None:
        text = unwrap(block)
        if text and not _only_boilerplate(text):
            diagnostic = _first_paragraphs(text, whole=whole) or None
        verdicts = verdict_fields(block)
        if verdicts and (diagnostic is None or (verdicts not in diagnostic and not _names_cause(diagnostic))):
            # A gateway's table: its verdict fields say why where its prose does not.
            diagnostic = f"{diagnostic} {verdicts}"[:MAX_REASON] if diagnostic else verdicts
    if diagnostic is None:
        diagnostic = notice.reason
    elif not whole:
        # The block's words give no cause ("Message not delivered to recipients below."):
        # the notice's reason, where it names one in the notice's own words, completes
        # them (a quoted reply may be another recipient's). (Not a list's heading, "...
        # blocked, because it contains malware:", which the list's entries take on their
        # own.) The string tests first: the rules' verdicts cost more.
        general = notice.reason
        if (
            general and general not in diagnostic and not general.rstrip().endswith(":")
            and not REPLY_WITH_STATUS.search(general) and not REPLY_WITH_STATUS.match(diagnostic)
            and _names_cause(general) and not _names_cause(diagnostic)
        ):
            diagnostic = f"{diagnostic} {general}"[:MAX_REASON]
    elif whole:
        # The rest of a sentence ("... could not be delivered.") seldom says why; the
        # notice's reason, given apart, completes it.
        general = notice.reason
        if general and others and any(other in general.lower() for other in others):
            general = None  # another recipient's reply
        if general and (diagnostic in general or (
                REPLY_WITH_STATUS.match(general) and not REPLY_WITH_STATUS.search(diagnostic))):
            diagnostic = general  # the server's own reply says it best (unless it has its own)
        elif general and general not in diagnostic:
            diagnostic = f"{diagnostic} {general}"[:MAX_REASON]
    status = _labelled_status(block) if diagnostic and not STATUS.search(diagnostic) else None
    return Finding(recipient=address, diagnostic=diagnostic, status=status, remote_mta=find_host(block))


def _labelled_status(block: str) -> str | None:
    """The failure's status code that a labelled line of ``block`` gives apart from its
    reason ("Estado: 4.4.7 (tiempo de entrega expirado)" below "Motivo: ...")."""
    for line in block[:MAX_REASON].split("\n"):
        m = STATUS_LABEL.match(line)
        code = STATUS.search(line, m.end()) if m else None
        if code and code[0][0] in "45":
            return code[0]
    return None


def _own_section(block: str) -> str | None:
    """The text of an address's block before the next section's rule (``--- Transcript
    of session follows ---``), or None where the block has no such rule."""
    position = 0
    for line in block.split("\n"):
        if position and is_decoration(line):
            return block[:position]
        position += len(line) + 1
    return None


def _first_paragraphs(text: str, *, whole: bool) -> str:
    """The first paragraph of ``text`` that says something: lines that only state facts
    of the returned message or of its delivery (its subject, date, sender, the MTAs) are
    left out."""
    own = BLANK.split(text.strip(), maxsplit=1)[0]
    if own and all(ROUTE_FACTS.fullmatch(line) for line in own.split("\n")):
        return ""  # the address's own line gives only its route: no reason follows
    lines = [line for line in text.split("\n") if not FACT_LINE.match(line)]
    paragraphs = [p for p in BLANK.split("\n".join(lines).strip(), maxsplit=2) if p.strip()]
    first = paragraphs[0] if paragraphs else ""
    if len(paragraphs) > 1 and _only_retry(first) and _names_cause(paragraphs[1]):
        # "Message will be retried for 4 more day(s)" over the technical details of the
        # temporary failure: the cause is below.
        first = paragraphs[1]
    if first.rstrip().endswith((":", "：")) and len(paragraphs) > 1:
        # "because:" / "Reason:" introduces the reason on the next paragraph.
        first = paragraphs[1] if len(first) < 40 else f"{first} {paragraphs[1]}"
    return " ".join(first.split())[:MAX_REASON]


def _only_retry(text: str) -> bool:
    """A paragraph that only says the message waits or will be retried, no cause."""
    flat = " ".join(text.split())
    return len(flat) <= _MAX_RETRY_STATEMENT and rules_in_use().classify(flat).reason is Reason.DELAYED


def _names_cause(text: str) -> bool:
    """A text in which the rules read a cause (not only a delay)."""
    return names_cause(" ".join(text.split()))


def _only_boilerplate(text: str) -> bool:
    flat = " ".join(text.split()).strip(_TRAIL + ":.,;-").lower()
    if len(flat) >= 3 and any(word in flat for word in _FOOTER_WORDS):
        # Each sentence that only says a machine wrote the notice goes.
        kept = [s for s in _SENTENCE_END.split(flat) if not AUTOMATED_FOOTER.search(s)]
        flat = " ".join(kept).strip(_TRAIL + ":.,;- ")
    return len(flat) < 3
