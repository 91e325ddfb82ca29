"""A person forwarding, answering or quoting a notification.

A bounce mailbox also receives people sending a bounce on ("Fwd: Undelivered Mail
Returned to Sender", "Begin forwarded message:"), replying about one ("Re: Undelivered
Mail ..." with the bounce quoted below) or asking about one they quote in "> " lines.

- A forward of a notice is decoded as that notice: whoever sends a notice on to a bounce
  mailbox or a help desk wants the failed address dealt with. ``forwarded()`` gives the
  notice (attached, or rebuilt from the forwarded header block and text, see
  :mod:`bouncekit.forwarded`) and ``bouncekit.api`` decodes it in the forward's
  place, through up to four forwards. A forward of anything that is not a notice gives no
  record.
- A reply about a notice, or a person quoting one to ask about it, gives no record: what
  such a message quotes is what someone says about a failure, not a report of it.
- An Exchange journal report (an archive's copy of a message, attached below an envelope
  of ``Sender:`` / ``Recipient:`` lines) that carries a notice is decoded as that notice,
  as a forward is; one that carries any other message gives no record.

This decoder comes first in the registry and claims those messages; its own findings
are always none.

Fixtures: tests/fixtures/handmade/not-bounces/quoted-bounce-01.eml,
unsplit-bounces/make-test-36.eml, tests/fixtures/handmade-3/not-bounces/*reply*,
tests/fixtures/handmade-21/emails/x-fwd-*.
"""

from __future__ import annotations

import re

from bouncekit.decoders.base import Decoder, Finding, Keys
from bouncekit.decoders.fallback import Notice, notification_text
from bouncekit.decoders.fallback.wording import FORWARD_SUBJECT
from bouncekit.mime import MessageView

# --- a person forwarding a notification --------------------------------------------------
#
# People send bounces on to a help desk or a colleague ("Fwd: Undelivered Mail Returned
# to Sender - why?"), quoting the notification inline or attaching it. The forwarded
# notice is decoded in the forward's place; the forward itself, read as it is, would
# mislead the other decoders (its sender and subject are the person's). A forward is
# recognised by what a mailer never writes and a person's
# mail client always does: a forward prefix on the subject (``Fwd:``, ``FW:``, ``WG:``,
# ``TR:``, ``RV:``, ``ENC:``, ``I:``, ``Doorst:``), together with an ordinary sender: no
# null Return-Path, no ``Auto-Submitted``, no ``X-Failed-Recipients``, no mailer-daemon
# or postmaster address, and no report part (``multipart/report``, a delivery-status or
# feedback-report part: feedback loops send the reported message on as ``Fw: subject``).
# A reply prefix (``Re:``) is not enough: some MTAs answer under the original subject.

#: One forward prefix of a subject, in the mail clients' languages (also read by
#: ``bouncekit.forwarded``, which takes the prefixes off a forwarded notice's subject).

_MACHINE_LOCAL = re.compile(
    # (Exchange's system mailbox, "MicrosoftExchange" and a GUID's 32 hex digits.)
    r"^(?:mailer-?daemon|mail-daemon|postmaster|mdaemon|bounces?|no-?reply|abuse|feedback|"
    r"microsoftexchange[0-9a-f]{32})(?:[+=@-]|$)",
    re.IGNORECASE,
)
_MACHINE_NAME = re.compile(
    r"mailer[- ]?daemon|mail delivery|delivery (?:subsystem|system|status)", re.IGNORECASE
)
#: The header fields that mark an Exchange journal report (Exchange 2010 and later;
#: Exchange 2003-2007).
_JOURNAL_HEADERS = ("x-ms-journal-report", "content-identifier")
REPORT_PARTS = (
    "message/delivery-status",
    "message/global-delivery-status",
    "message/feedback-report",
)


# --- a person replying about a notification -----------------------------------------------
#
# A reply prefix alone is not enough (some MTAs answer under the original subject), but a
# person's reply also carries what mail clients write and MTAs never do together: an
# In-Reply-To or References header, and the quoted message below an attribution line
# ("On ... X wrote:") or in "> " lines. A postmaster answering by hand writes from a
# postmaster address, so the sender's name is not held against a reply.

_REPLY_PREFIX = re.compile(r"^\s{0,5}(?:re|aw|sv|vs|odp|antw|rif|ynt|ответ)[ \t]{0,3}:", re.IGNORECASE)
_ATTRIBUTION = re.compile(
    r"\bwrote:|schrieb:|a [ée]crit ?:|escribi[óo]:|ha scritto:|escreveu:|schreef:|napisa[łl]\(?a?\)?:|"
    r"написал\(?а?\)?:|skrev:|kirjoitti:|のメッセージ:|写道[:：]|寫道[:：]|님이 작성",
    re.IGNORECASE,
)
_QUOTE_LINE = re.compile(r"^>", re.MULTILINE)
# Quoted lines as mail clients write them ("> ", " > "), and how many make a quote.
_QUOTED_LINES = re.compile(r"^[ \t]{0,3}>[ \t]?(.*)$", re.MULTILINE)
_MIN_QUOTED_LINES = 3


def _automatic(msg: MessageView) -> bool:
    """Marks only a mail system sets: a report, a null return path, Auto-Submitted."""
    if msg.content_type == "multipart/report" or msg.has_header("X-Failed-Recipients"):
        return True
    if msg.has_header("Return-Path") and msg.header("Return-Path").strip() in ("<>", ""):
        return True
    if msg.header("Auto-Submitted").strip().lower().startswith("auto-"):
        return True
    return bool(msg.parts_of(*REPORT_PARTS))


#: Characters at each end of a reply's text where its quote of the notice is looked for.
_QUOTE_WINDOW = 65536


def is_journal_report(msg: MessageView) -> bool:
    """True when ``msg`` is an Exchange journal report: the archive's copy of a message
    (the notice an archive keeps of a bounce included), attached below an envelope of
    ``Sender:``, ``Subject:``, ``Message-Id:`` and ``Recipient:`` lines."""
    return (msg.has_header("X-MS-Journal-Report")
            or msg.header("Content-Identifier").lower() == "exjournalreport")


def is_person_forward(msg: MessageView) -> bool:
    """True when ``msg`` is a person forwarding a message (a notification or not)."""
    if not FORWARD_SUBJECT.match(msg.subject) or _automatic(msg):
        return False
    return bool(msg.from_address) and not is_machine_sender(msg)


def is_machine_sender(msg: MessageView) -> bool:
    """True when the From names a mail system (MAILER-DAEMON, postmaster, "Mail Delivery
    Subsystem", a bounce or no-reply address)."""
    return bool(_MACHINE_LOCAL.match(msg.from_address) or _MACHINE_NAME.search(msg.from_header))


def is_person_reply(msg: MessageView) -> bool:
    """True when ``msg`` is a person replying about a notification, quoting it."""
    if not _REPLY_PREFIX.match(msg.subject) or _automatic(msg) or not msg.from_address:
        return False
    if not (msg.has_header("In-Reply-To") or msg.has_header("References")):
        return False
    text = msg.text
    # The head, and the tail when the text is long: a person may write above a long
    # pasted list, which pushes the quote's attribution far down.
    return any(
        _ATTRIBUTION.search(piece) or _QUOTE_LINE.search(piece)
        for piece in (text[:_QUOTE_WINDOW], text[-_QUOTE_WINDOW:] if len(text) > _QUOTE_WINDOW else "")
    )


def is_person_quoting(msg: MessageView) -> bool:
    """True when ``msg`` is a person writing about a notification that they quote in
    "> " lines under a subject of their own ("Why do my emails bounce?"): the quote states
    a failure, nothing outside it does, and nothing marks the message as a mail system's
    (a challenge quoting the message it holds is not one)."""
    if _automatic(msg):
        return False
    if not msg.from_address or is_machine_sender(msg):
        return False
    text = notification_text(msg)[:65536]
    quoted = [m[1] for m in _QUOTED_LINES.finditer(text)]
    if len(quoted) < _MIN_QUOTED_LINES:
        return False
    notice = Notice(text)  # (reads quoted lines as someone else's words)
    if notice.states_failure or notice.states_delay:
        return False
    return Notice("\n".join(quoted)).states_failure  # what is quoted is a bounce


class Forward(Decoder):
    name = "forward"
    reads_letters = True
    # The forward and reply prefixes end with a colon (a full-width one in CJK clients:
    # "转发：", "転送："); a quote is "> " lines.
    more_keys = Keys(subjects=(":", "："), markers=("\n>", "\n >"), headers=_JOURNAL_HEADERS)

    def matches(self, msg: MessageView) -> bool:
        return (is_person_forward(msg) or is_person_reply(msg) or is_person_quoting(msg)
                or is_journal_report(msg))

    def forwarded(self, msg: MessageView) -> MessageView | None:
        """The notice a person forwards, or a journal report carries (never one a reply
        or a question quotes)."""
        # Imported here: bouncekit.forwarded reads the fallback's wording tables, whose
        # package (bouncekit.decoders) imports this module.
        from bouncekit.forwarded import attached_notice, forwarded_notice

        if is_journal_report(msg):
            return attached_notice(msg)
        return forwarded_notice(msg) if is_person_forward(msg) else None

    def decode(self, msg: MessageView) -> list[Finding] | None:
        return []
