"""Sendmail (8.x): the ``Mail Delivery Subsystem`` bounces.

Sendmail sends ``Returned mail: see transcript for details`` (also ``Warning: could
not send message for past N hours`` for delays and ``Postmaster notify: ...`` for
copies to the postmaster) from ``MAILER-DAEMON``, as a ``multipart/report`` with an
RFC 3464 part, or as plain text in older or non-MIME setups. The text lists failed
addresses under ``----- The following addresses had permanent fatal errors -----``
(each with ``(reason: ...)`` and ``(expanded from: ...)``), then
``----- Transcript of session follows -----`` with the SMTP dialogue: ``>>>`` lines
sent, ``<<<`` lines received, and one verdict line per address (``550 5.1.1
<a@b>... User unknown``).

The delivery status decides; the text fills a Diagnostic-Code that is missing and a
Final-Recipient that is not an address (``@host``).

Fixtures: lhost-sendmail-*.eml.
"""

from __future__ import annotations

import re
from dataclasses import replace

from bouncekit.decoders.base import (
    Decoder,
    Finding,
    between,
    delivery_status_of,
    dsn_findings,
    fill_from_text,
    first_address,
    holds_more,
    rejoin_wrapped_addresses,
    transcript_host,
    transcript_verdicts,
)
from bouncekit.mime import MessageView, parse_delivery_status, strip_address
from bouncekit.model import Event

_TRANSCRIPT = "----- Transcript of session follows -----"
_ORIGINAL = ("----- Original message follows -----", "----- Message header follows -----",
             "----- Unsent message follows -----", "----- Message body suppressed -----")
#: The headings of the address lists: fatal errors, warnings, and the older 8.8 form
#: whose addresses carry "(unrecoverable error)" or "(transient failure)".
_LIST = re.compile(
    r"-----\s{0,5}The following addresses? (?:had|have|has) "
    r"(permanent fatal errors|transient non-fatal errors|delivery problems)\s{0,5}-----"
)
# The rest of the line, whose closing parenthesis is taken off in code: a lazy group
# followed by optional text would be tried once per character of a long line.
_REASON = re.compile(r"^[ \t]*\(reason:[ \t]?([^\n]{0,2000})", re.MULTILINE)
#: Lines after its first that a re-wrapped reason may go on for.
_MAX_REASON_LINES = 6
#: An address list entry's note of the address an alias or .forward expanded.
_EXPANDED_FROM = re.compile(r"^[ \t]*\(expanded from:?[ \t]*([^\n)]{1,320})\)", re.MULTILINE)
_LOCAL_PART = re.compile(r"^[^\s@<>()]{1,64}$")
#: Where an entry of an address list ends: a line that does not start with a blank.
_ENTRY_END = re.compile(r"\n(?=\S)")


class Sendmail(Decoder):
    name = "sendmail"
    subjects = ("returned mail:", "warning: could not send message for past", "postmaster notify:")
    markers = (_TRANSCRIPT, "----- The following addresses had")
    keyed = True  # matches() only narrows the base test

    def matches(self, msg: MessageView) -> bool:
        return super().matches(msg) and (
            _TRANSCRIPT in msg.text or _LIST.search(msg.text) is not None or msg.delivery_status is not None
        )

    def decode(self, msg: MessageView) -> list[Finding] | None:
        text = rejoin_wrapped_addresses(unquote(msg.text))
        blocks = text_blocks(text)
        pairs = [(address, diagnostic) for address, diagnostic, _ in blocks]
        status = delivery_status_of(msg)
        if status is None and text is not msg.text and "final-recipient:" in text.lower():
            status = parse_delivery_status(text)
        if status is not None:
            findings = fill_from_text(dsn_findings(status), pairs, append=False)
            said = {address.lower(): diagnostic for address, diagnostic in pairs}
            findings = [with_mailer_output(f, said.get((f.recipient or "").lower(), "")) for f in findings]
            if len(pairs) == len(findings):
                # The text names the address as the session saw it (a bare local part,
                # an alias); the order is the same as the DSN's.
                findings = [
                    f if f.diagnostic else replace(f, diagnostic=pair[1] or None)
                    for f, pair in zip(findings, pairs, strict=True)
                ]
            return findings or None
        transcript = between(text, _TRANSCRIPT, _ORIGINAL) or ""
        return [
            Finding(
                recipient=address,
                diagnostic=diagnostic or None,
                action="delayed" if delayed else "failed",
                event=Event.DELAYED if delayed else None,
                remote_mta=transcript_host(transcript, address),
            )
            for address, diagnostic, delayed in blocks
        ] or None


def text_blocks(text: str) -> list[tuple[str, str, bool]]:
    """(address, diagnostic, delayed) from the address lists and the session transcript."""
    transcript = between(text, _TRANSCRIPT, _ORIGINAL) or text
    verdicts = dict(transcript_verdicts(transcript))
    replies = _multi_line_replies(transcript) if "<<< " in transcript else {}
    headings = list(_LIST.finditer(text))
    if not headings:
        return [(a, d, False) for a, d in verdicts.items()]
    blocks: list[tuple[str, str, bool]] = []
    seen: set[str] = set()
    for k, heading in enumerate(headings):
        end = headings[k + 1].start() if k + 1 < len(headings) else len(text)
        section = between(text[heading.end() : end], "", (_TRANSCRIPT, *_ORIGINAL)) or ""
        transient = heading[1].startswith("transient")
        for chunk in _ENTRY_END.split(section.strip()):
            first, _, rest = chunk.partition("\n")
            address = first_address(first) or (_LOCAL_PART.match(first.strip()) and first.strip())
            if not address:
                continue
            said = _reason(rest)
            # A reason that is the last line of a multi-line reply (a refusal of the
            # session, with no verdict per address) stands for the whole reply.
            diagnostic = verdicts.get(address) or replies.get(" ".join(said.split())) or said
            mailer = address.strip('"')
            expanded = _EXPANDED_FROM.search(rest) if mailer[:1] in "|/" else None
            if expanded:
                # A program or file an alias or .forward delivers to ("|/usr/bin/procmail"):
                # the address it was expanded from failed, for what that mailer printed.
                address = strip_address(expanded[1]) or address
                diagnostic = verdicts.get(mailer) or diagnostic
            delayed = transient or "(transient failure)" in first
            if address not in seen:
                seen.add(address)
                blocks.append((address, diagnostic, delayed))
    return blocks or [(a, d, False) for a, d in verdicts.items()]


def _reason(entry: str) -> str:
    """The text of an entry's ``(reason: ...)``, with the lines a client or a relay
    re-wrapped it onto (up to the one that closes it)."""
    reason = _REASON.search(entry)
    if reason is None:
        return ""
    said = reason[1].rstrip()
    if not said.endswith(")"):
        for line in entry[reason.end() :].split("\n")[1 : 1 + _MAX_REASON_LINES]:
            line = line.strip()
            if not line or line.startswith("("):
                break
            said = f"{said} {line}"
            if line.endswith(")"):
                break
    return said.removesuffix(")").strip()


def _multi_line_replies(transcript: str) -> dict[str, str]:
    """Each multi-line ``<<<`` reply of a transcript, whole, by its last line."""
    replies: dict[str, str] = {}
    group: list[str] = []
    for line in (*transcript.split("\n"), ""):
        line = line.strip()
        if line.startswith("<<<"):
            group.append(line[3:].strip())
            continue
        if len(group) > 1:
            replies[" ".join(group[-1].split())] = " ".join(" ".join(group).split())
        group = []
    return replies


def with_mailer_output(finding: Finding, said: str) -> Finding:
    """The finding with the text's verdict as its diagnostic where that verdict holds the
    DSN's diagnostic and says more: what the local mailer printed before it ("550 5.3.0
    <a@b>... Can't create output (procmail: Quota exceeded while writing ...)" for the
    field's "X-Unix; Can't create output"), or the whole of a multi-line reply, whose last
    line alone Sendmail writes into the field ("554- (RTR:BB) The IP address ... is a
    dynamic ... 554 please visit ..." for "554 please visit ...")."""
    # (What the verdict adds must be more than its own "<a@b>... Deferred:" opening.)
    rest = _VERDICT_OPENING.sub("", " ".join(said.split()))
    if finding.diagnostic and holds_more(rest, finding.diagnostic):
        return replace(finding, diagnostic=said)
    return finding


#: A verdict line's opening before the reply it quotes: ``550 5.1.1 <a@b>... Deferred:``.
_VERDICT_OPENING = re.compile(
    r"^(?:\d{3} (?:\d\.\d{1,3}\.\d{1,3} )?)?<?[^\s<>]{1,320}>?\.\.\. ?(?:deferred:? ?)?", re.IGNORECASE
)


def unquote(text: str) -> str:
    """A bounce forwarded as a quotation (``> `` on most lines), without the quoting."""
    lines = text.split("\n")
    filled = [line for line in lines if line.strip()]
    if not filled or sum(1 for line in filled if line.startswith(">")) * 2 < len(filled):
        return text
    return "\n".join(line[2:] if line.startswith("> ") else line[1:] if line.startswith(">") else line
                     for line in lines)
