"""Whether the sending side, not a receiver, refused a message: event ``rejected``.

A sender acts differently on the two (TAXONOMY.md): a receiver's refusal is a bounce
against the recipient's address; a refusal by the sender's own server, filter, relay or
provider ("our outgoing filter stopped the message; it was NOT sent", "not owned by
user", a data loss prevention policy that keeps mail inside) says nothing of the
recipient, and the address must not be suppressed for it. The decisions made here:

- from a notice's words: :func:`says_not_sent` (the fallback reads it in the notice's
  framing, :func:`refused_on_the_sending_side` in any other decoder's notice) and
  :func:`refused_by_sender` (in one failure's own reason);
- from the hosts a notice names: :func:`refused_inside` (a host of the sender's own
  network refused a recipient outside the organisation), for the MTA decoders that
  write such hosts, and :func:`own_organisation` (the notice comes from the sender's own
  organisation).

A classification rule whose data says ``sending_side = true`` makes the same decision
from a reply's words (``bouncekit.classifier``). The wording read here is in
:mod:`bouncekit.decoders.fallback.wording`.
"""

from __future__ import annotations

import re
from dataclasses import replace

from bouncekit.decoders.base import Finding, address_domain, same_organisation
from bouncekit.decoders.fallback.completion import MAX_COMPLETION_TEXT
from bouncekit.decoders.fallback.wording import (
    CAUSE_REACH,
    DATA_LOSS_PREVENTION,
    HAS_SENDER_SIDE_CAUSE,
    KEPT_INSIDE,
    MAX_CAUSE_CHARS,
    NAMES_OUTGOING_FILTER,
    NOT_ATTEMPTED,
    NOT_SENT,
    OWN_SERVER_REFUSED,
    SAYS_NOT_SENT,
    SENDER_SIDE_CAUSE,
    SENDING_SIDE_CUES,
    STOPPED_BY_OUTGOING_FILTER,
    WAS_NOT_SENT,
)
from bouncekit.mime import MessageView
from bouncekit.model import Event

#: How far around a word of a sending-side statement its tests read, and in how many places.
_CUE_REACH = 500


_MAX_CUE_WINDOWS = 3


def refused_on_the_sending_side(msg: MessageView, findings: list[Finding]) -> list[Finding]:
    """Another decoder's ``findings``, its failures read as refusals of the sending side
    (event ``rejected``) where the notice's text says, in the fallback's words, that the
    message was not sent for a cause on that side: a notice whose administrator rewrote
    its text ("our own outgoing filter stopped the message; it was NOT sent", "Il
    messaggio non è stato inviato perché supera la dimensione massima ... per la posta
    verso l'esterno"), which the format's decoder reads for its recipients and replies."""
    if not any(map(a_plain_failure, findings)):
        return findings
    text = msg.text[:MAX_COMPLETION_TEXT]
    # One pass finds the statement's words (most notices hold none); the tests then read the
    # text around each of the first few, where a statement and its cause stand together.
    windows: list[tuple[int, int]] = []
    for end, _ in SENDING_SIDE_CUES.iter(text.lower()):
        if windows and end < windows[-1][1]:
            continue
        windows.append((max(0, end - _CUE_REACH), end + _CUE_REACH))
        if len(windows) == _MAX_CUE_WINDOWS:
            break
    if not any(says_not_sent(" ".join(text[start:end].split())) for start, end in windows):
        return findings
    return [replace(f, event=Event.REJECTED) if a_plain_failure(f) else f for f in findings]


def a_plain_failure(finding: Finding) -> bool:
    """A failure its decoder gave no event of its own (not a delay, delivery, complaint...)."""
    return finding.event is None and finding.action in (None, "failed")


def says_not_sent(flat: str) -> bool:
    """True when a notice's text (flat) says that the sending side did not send."""
    return bool(
        NOT_SENT(flat)
        or _not_sent_for_a_sending_side_cause(flat)
        or (NAMES_OUTGOING_FILTER(flat) and WAS_NOT_SENT(flat))
        or (_names_outgoing(flat) and STOPPED_BY_OUTGOING_FILTER.search(flat) is not None)
        or (DATA_LOSS_PREVENTION(flat) and KEPT_INSIDE.search(flat))
    )


def _names_outgoing(flat: str) -> bool:
    """The words without which ``STOPPED_BY_OUTGOING_FILTER`` cannot match (a plain test
    before a search that tries its verbs at every position)."""
    low = flat.lower()
    return "outgoing" in low or "outbound" in low


def _not_sent_for_a_sending_side_cause(flat: str) -> bool:
    """The text says the message was not sent, then names a cause on the sending side (or,
    in Japanese, Chinese or Korean, names it first: "サプレッションリストに登録されているため、
    通知メールは送信されませんでした")."""
    for statement in SAYS_NOT_SENT.finditer(flat):
        end = statement.end()
        stop = end + CAUSE_REACH + MAX_CAUSE_CHARS
        start = max(0, statement.start() - CAUSE_REACH) if _east_asian(statement[0][0]) else end
        if not HAS_SENDER_SIDE_CAUSE(flat[start:stop].lower()):
            continue
        cause = SENDER_SIDE_CAUSE.search(flat, start, stop)
        if cause is not None and cause.start() <= end + CAUSE_REACH:
            return True
    return False


def _east_asian(char: str) -> bool:
    """A kana, CJK ideograph or hangul character: a statement in a language that names
    the cause before it."""
    return "\u3040" <= char <= "\u9fff" or "\uac00" <= char <= "\ud7af"


def refused_by_sender(finding: Finding) -> bool:
    """A finding whose own reason says that the sending side did not send it."""
    said = finding.diagnostic
    if not said:
        return False
    flat = " ".join(said.split())
    return (
        OWN_SERVER_REFUSED.search(flat) is not None
        or NOT_SENT(flat)
        or _not_sent_for_a_sending_side_cause(flat)
        or bool(NOT_ATTEMPTED.search(flat) and SENDER_SIDE_CAUSE.search(flat))
    )


#: A host reached at a loopback or private address ("host 127.0.0.1[127.0.0.1]", "host
#: smarthost.example [10.12.0.5]"): the sending server's own content filter or its
#: organisation's relay. (Not the documentation ranges, which stand for public hosts.)
_OWN_NETWORK_HOST = re.compile(
    r"[\[(][ \t]{0,5}(?:IPv6:)?(?:127(?:\.\d{1,3}){3}|10(?:\.\d{1,3}){3}|192\.168(?:\.\d{1,3}){2}|"
    r"172\.(?:1[6-9]|2\d|3[01])(?:\.\d{1,3}){2}|::1)[ \t]{0,5}[\])]"
)


#: Characters after a failed address read for the host that refused it.
_MAX_HOST_LEAD = 300


def refused_inside(msg: MessageView, findings: list[Finding]) -> list[Finding]:
    """``findings``, each failure that a host of the sender's own network refused (a
    loopback or private address beside its address in the text) for a recipient outside
    the sender's organisation marked as a refusal of the sending side (event
    ``rejected``): the sending server's own filter or relay stopped it, no recipient's
    server was asked. Only for a notice from the sender's own organisation (its From and
    To share a domain): a receiving gateway's bounce names its inner servers too."""
    sender = own_organisation(msg)
    text = msg.text
    # (Most notices name no such host: one scan settles them before any per-address work.)
    if not sender or not _OWN_NETWORK_HOST.search(text):
        return findings
    lower: str | None = None
    out = []
    for f in findings:
        if f.recipient and not f.event and f.action != "delayed" and not same_organisation(
            address_domain(f.recipient), sender
        ):
            at = text.find(f.recipient)
            if at < 0:
                lower = text.lower() if lower is None else lower
                # (Offsets in the lower-case text are the text's only where no letter
                # changed length.)
                at = lower.find(f.recipient.lower()) if len(lower) == len(text) else -1
            stop = min(at + _MAX_HOST_LEAD, len(text))
            end = text.find("\n\n", at, stop)
            if at >= 0 and _OWN_NETWORK_HOST.search(text, at, end if end > at else stop):
                f = replace(f, event=Event.REJECTED)
        out.append(f)
    return out


def own_organisation(msg: MessageView) -> str:
    """The sender's domain where the notice comes from the sender's own organisation
    (its From and its To share a domain: "MAILER-DAEMON@mail.example.org" to
    a@example.org), else ""."""
    sender = address_domain(msg.header("To"))
    return sender if sender and same_organisation(address_domain(msg.from_address), sender) else ""
