"""An application's refusal of mail sent into it: a help desk, an issue tracker, a chat
or project tool that takes mail at an address of its own and could not take this one.

Tools that turn mail into posts, tasks, tickets or comments (a chat's "email into
channel" address, a board's or a task's address, a reply-by-email address, a help
desk's or an issue tracker's inbound mailbox) answer a message they cannot take with a
notice in their own words, sent as automatic mail from their own address: "Your email
couldn't be posted to #channel", "Your email couldn't be added to <tool>", "Your email
reply could not be posted", "<tool> could not create an issue from your email", "Your
email has not been processed", "... was not converted into a ticket". The message did
not reach its destination, so this is a bounce of the address it was sent to, which the
notice names ("You sent ... to x@...", "Sent to: x@...", "Reply address: x@...", "To:
x@...", "Your email to x@..."), the reader's own addresses aside. Its cause is the
notice's words from that statement on (a size limit, an address no longer tied to a
board, a sender who is not a user); words that name no cause make it a refusal of the
sender (50).

Only machine-written mail whose subject says so: an automatic reply or a notice sent as
automatic (``Auto-Submitted``, ``Precedence``) or by a daemon, with no delivery report (a
mail system's bounce has its own decoders), and the statement in its text too. A person
writing "my email couldn't be posted" gives nothing.

Fixtures: tests/fixtures/handmade-65/emails/gl-{slack,asana,trello,basecamp,github,jira,
servicenow,freshdesk}-*.eml.
"""

from __future__ import annotations

import re

from bouncekit.decoders.base import ADDRESS, Decoder, Finding, machine_sent
from bouncekit.decoders.fallback.notice import names_cause, notification_text
from bouncekit.mime import MessageView, strip_address
from bouncekit.model import Reason

#: Characters of the notice read: the statement and the address come first.
_MAX_NOTICE = 3000
#: The tool's statement that it did not take the message (subject or text, whitespace
#: collapsed, lower case).
_NOT_TAKEN = re.compile(
    # (What lies between may name the address it was sent to: a dot inside a word.)
    r"\b(?:your |the )?(?:e-?mail|message|e-?mail reply|reply)\b(?:[^.\n]|\.(?=\S)){0,160}? "
    r"(?:could ?n.t|could not|can ?n.t|cannot|was ?n.t|was not|has not been|were not|wasn.t able to) "
    r"(?:be )?(?:posted|added|processed|imported|converted|accepted)\b|"
    r"\b(?:we )?(?:were ?n.t|were not|was ?n.t|was not) able to (?:add|post|process|import) your e-?mail\b|"
    r"\b(?:could ?n.t|could not|can ?n.t|cannot|unable to) (?:process|add|post|import) your e-?mail\b|"
    r"\b(?:could ?n.t|could not|cannot|unable to) create an? (?:issue|ticket|task|request|case|comment|card) "
    r"from your e-?mail\b"
)
#: A help desk's subject for the same ("Your email was not delivered to Example Support"),
#: believed only with the statement in its text.
_NOT_DELIVERED_TO_US = re.compile(
    r"\byour (?:e-?mail|message) (?:was not|was ?n.t|could not be) delivered to\b"
)
#: The senders of mail systems' own bounces, which their decoders read.
_MAIL_SYSTEM = re.compile(r"mailer-daemon|postmaster|mail delivery", re.IGNORECASE)
_AUTOMATIC_PRECEDENCE = frozenset({"bulk", "junk", "auto_reply", "list"})


class InboundRefusal(Decoder):
    name = "inboundrefusal"
    keyed = False

    def matches(self, msg: MessageView) -> bool:
        if msg.content_type == "multipart/report" or _MAIL_SYSTEM.search(msg.from_header):
            return False
        if not (msg.header("Auto-Submitted").lower().startswith("auto-")
                or msg.header("Precedence").strip().lower() in _AUTOMATIC_PRECEDENCE
                or machine_sent(msg)):
            return False
        # The subject says so (the text is read in decode()): a cheap test for every
        # automatic message.
        subject = " ".join(msg.subject.split()).lower()
        return bool(_NOT_TAKEN.search(subject) or _NOT_DELIVERED_TO_US.search(subject))

    def decode(self, msg: MessageView) -> list[Finding] | None:
        text = notification_text(msg)[:_MAX_NOTICE]
        flat = _flat(text)
        statement = _NOT_TAKEN.search(flat)
        if statement is None:
            return None
        recipient = _sent_to(msg, text)
        if recipient is None:
            return None
        # From the sentence that states it (or the statement itself, after a greeting).
        start = flat.rfind(". ", 0, statement.start())
        diagnostic = " ".join(text.split())[start + 2 if start >= 0 else statement.start() :][:500]
        # Words that name no cause make it a refusal of the sender.
        return [Finding(recipient=recipient, diagnostic=diagnostic,
                        reason=None if names_cause(diagnostic) else Reason.SENDER_REJECTED)]


def _flat(text: str) -> str:
    return " ".join(text.split()).lower()


def _sent_to(msg: MessageView, text: str) -> str | None:
    """The address the refused message was sent to: the first the notice names that is
    not the reader's, else the returned message's first recipient."""
    reader = {a.lower() for a in (strip_address(msg.header("To")), strip_address(msg.header("Cc"))) if a}
    original = msg.original
    if original is not None and original.sender:
        reader.add(original.sender.lower())
    for m in ADDRESS.finditer(text):
        address = m[1].lower().rstrip(".")
        if address not in reader:
            return address
    if original is not None:
        return next((a.lower() for a in original.recipients if a.lower() not in reader), None)
    return None
