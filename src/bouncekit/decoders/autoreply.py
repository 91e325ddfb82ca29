"""Automatic replies (RFC 3834): out-of-office, vacation and acknowledgement messages.

Not bounces: one record with event ``auto_reply`` and class 60 for the address that
answered (the From address). Recognised by the RFC 3834 ``Auto-Submitted:
auto-replied`` header, the de-facto ``X-Autoreply`` / ``X-Autorespond`` /
``Precedence: auto_reply`` headers, Exchange's ``X-Auto-Response-Suppress`` beside an
``Auto-Submitted`` value, and the subjects that common responders write in the common
languages (``Automatic reply:``, ``Automatische Antwort:``, ``Réponse automatique :``,
``Автоматический ответ:``, ``自動応答``...). A ticket system's automatic acknowledgement
(``[Ticket #123]``, ``AutoReply:``) is an automatic reply too.

An automatic reply that says the address itself is gone ("This address has been closed",
"has left the company, please write to ...") is a bounce in all but form: its record is
event ``bounce`` with that statement as the diagnostic (class 10, address moved), so that
the address is treated as the invalid recipient it is. So is one that says it did not
take the sender's message because of who the sender is (a help desk that takes requests
by email only from its customers): event ``bounce`` of the address written to, class 50
by the rules.

Runs after every bounce decoder, because bounces carry ``Auto-Submitted`` too; and a
message whose own text states that delivery failed (a forwarding service's, a gateway's
or a ticket system's notice sent with ``auto-replied`` or ``auto-generated``) is left to
the generic decoder when its subject speaks of the delivery or its text names the failed
recipient the way notices do, as is one that states a block and names the recipient in
its table of the message's header fields, and one whose text states a delay and whose
subject speaks of the delivery. A help desk's notice whose subject opens with the failure
and carries the conversation's tag ("Undeliverable: Re: Refund [#4821]"), or whose subject
says after the tag that the desk's own mail failed ("[#SUP-20418] Reply could not be
delivered to the customer"), is its notice of a failed reply, not an acknowledgement,
unless its text acknowledges a request. A ticket system's notice to one of its agents
("Ticket #88 has been assigned to you") or of an update to a ticket ("Ticket #88 has
been updated by Priya") is neither a reply to the sender nor a bounce,
whatever customer's complaint it quotes: claimed, with no record. A reply
under an auto-reply subject, or one that only mentions in passing that mail was not
delivered, stays an automatic reply.

Fixtures: rfc3834-*.eml; tests/fixtures/handmade*/emails/*autoreply*.
"""

from __future__ import annotations

import re

# The built-in rules, never a user's rules file, read the notice's structure here
# (which paragraph states a cause, a refusal, a move): a rules file changes how a
# record is classified, never which records a message gives.
from bouncekit.classifier import default_rules
from bouncekit.decoders.base import Decoder, Finding, enclosed_views
from bouncekit.decoders.fallback import (
    Notice,
    acknowledges_request,
    failed_recipients_named,
    notification_text,
    subject_about_delivery,
    subject_states_failure,
    subject_tells_failure,
    summary_recipients,
)
from bouncekit.decoders.fallback.wording import AGENT_NOTICE, TICKET_UPDATE
from bouncekit.mime import MessageView
from bouncekit.model import Event, Reason

_SUBJECT = re.compile(
    r"^(?:\[[^\]]{0,80}\][ \t]*)?(?:"
    r"auto(?:matic|matische|matisch)?[ -]?(?:reply|response|responder|antwort|réponse|respuesta|risposta|"
    r"resposta|antwoord|svar)|autoreply|autoresponse|auto:|"
    r"out of (?:the )?office|away from (?:my|the) (?:office|desk|mail|e-?mail)|on vacation|vacation reply|"
    r"abwesenheitsnotiz|abwesend|absence|r[ée]ponse automatique|r[ée]ponse en votre absence|"
    r"away until|i am (?:away|out)|fuera de la oficina|respuesta autom[áa]tica|risposta automatica|"
    r"fuori sede|resposta autom[áa]tica|fora do escrit[óo]rio|automatisch antwoord|afwezig|"
    r"automatyczna odpowied[źz]|poza biurem|автоматический ответ|автоответ|нет на месте|"
    r"automatické odpověď|automatická odpověď|automatiskt? svar|frånvaro|"
    r"自動応答|自動返信|不在通知|自动回复|自動回覆|자동 ?응답|부재중)",
    re.IGNORECASE,
)
# A ticket system acknowledging the ticket a message opened ("[Ticket #123]",
# "[Request ID :##RE-104432##]", "[Case 00123]").
_TICKET = re.compile(
    r"\[[^\]\n]{0,60}#[^\]\n]{0,30}\]|\[[ \t]{0,3}(?:ticket|request|case|incident)\b[^\]\n]{0,40}\]|"
    r"\bauto-?reply\b",
    re.IGNORECASE,
)
_BOUNCE_SENDER = re.compile(r"mailer-daemon|postmaster|mail delivery", re.IGNORECASE)


class AutoReply(Decoder):
    name = "autoreply"

    def matches(self, msg: MessageView) -> bool:
        auto = msg.header("Auto-Submitted").lower()
        if auto.startswith("auto-replied"):
            return True
        if any(msg.has_header(h) for h in ("X-Autoreply", "X-Autorespond", "X-Autoresponder")):
            return True
        if msg.header("Precedence").lower() == "auto_reply":
            return True
        if _SUBJECT.match(msg.subject):
            return True
        automatic = auto.startswith("auto-") or msg.header("Precedence").lower() in ("bulk", "junk")
        return automatic and bool(_TICKET.search(msg.subject))

    def decode(self, msg: MessageView) -> list[Finding] | None:
        if _BOUNCE_SENDER.search(msg.from_header) or msg.content_type == "multipart/report":
            return None
        if any(_BOUNCE_SENDER.search(v.from_header) or v.content_type == "multipart/report"
               for v in enclosed_views(msg)):
            return None  # a ticket system passing on a bounce it received: the bounce's records
        sender = msg.from_address or None
        if not sender:
            return None
        replied = _SUBJECT.match(msg.subject) is not None  # "Automatic reply:", "Out of Office:"
        said_so = replied or _TICKET.search(msg.subject)
        notice = Notice(notification_text(msg)[:_MAX_TEXT])
        # "Undeliverable: Re: Refund [#4821]": a help desk's notice that a reply in the
        # conversation #4821 failed; the tag is the conversation's, not an acknowledgement.
        # So is "[#SUP-20418] Reply could not be delivered to the customer": its subject
        # says, after the tag, that the desk's own mail failed.
        failed = subject_states_failure(msg.subject) or subject_tells_failure(msg.subject)
        ticket = bool(said_so) and not (failed and not acknowledges_request(notice.text))
        if not replied and _ticket_update(msg, notice):
            return []  # claimed: a ticket's update, no record (see _ticket_update)
        if not replied and _reports_failure(msg, notice, ticket=ticket):
            return None  # a notice of a failed or blocked delivery, whatever its headers say
        if not replied and _to_an_agent(msg, notice):
            # "Ticket #SUP-20433 has been assigned to you": the desk tells its agent of
            # work in the queue; no one replied to the sender and nothing failed.
            return []
        if not said_so and notice.states_delay and subject_about_delivery(msg.subject):
            return None  # a notice of a delayed delivery ("Warning: Message Delivery Delayed")
        gone = _address_gone(notice) or _sender_refused(notice)
        if gone:
            return [Finding(recipient=sender, event=Event.BOUNCE, diagnostic=gone)]
        return [
            Finding(
                recipient=sender,
                event=Event.AUTO_REPLY,
                reason=Reason.AUTO_REPLY,
                diagnostic=msg.subject or None,
            )
        ]


def _reports_failure(msg: MessageView, notice: Notice, *, ticket: bool) -> bool:
    """True when a message that no auto-reply subject introduces is a notice that a
    delivery failed or was blocked: its text states the failure and its subject speaks
    of the delivery, or it returns the message (attached, or its header fields), or it
    names the failed recipient the way notices do ("Empfänger:
    a@b", "Your message to <a@b> could not be delivered"); or it states a block ("The
    message below was blocked") and names the recipient in its table of the message's
    header fields, or lists it beside an SMTP code. A gateway's summary of the blocked
    message ("Recipient: a@b" over "Subject: ..." / "An:", "Betreff:" / "宛先:", "件名:")
    names the recipient too: an out-of-office names no recipient but itself. A ticket system's notice
    (``[Ticket#123] E-Mail-Zustellung fehlgeschlagen!``) must list the recipient. A reply
    that only mentions in passing that mail was not delivered names no one: it stays an
    automatic reply."""
    if notice.states_failure:
        if not ticket and (
            subject_about_delivery(msg.subject) or msg.has_header("X-Failed-Recipients")
            or msg.original is not None  # it returns the message it could not deliver
        ):
            return True
        how = failed_recipients_named(msg, notice)
        return how in ("listed", "table") or (not ticket and how is not None) or bool(
            summary_recipients(msg, notice)
        )
    if any(p.rejects for p in notice.paragraphs):
        # (as the generic decoder believes a mere block: with a code, or a table)
        how = failed_recipients_named(msg, notice)
        return how == "table" or (how == "listed" and notice.quotes_code) or bool(
            summary_recipients(msg, notice)
        )
    return False


#: Characters of a ticket system's notice read for its statement to the agent.
_MAX_AGENT_TEXT = 600


def _to_an_agent(msg: MessageView, notice: Notice) -> bool:
    """True when an automatic message is a ticket system's notice to one of its agents
    ("Ticket assigned to you", "Ihnen zugewiesen"), said in its subject or opening."""
    return bool(AGENT_NOTICE.search(msg.subject) or AGENT_NOTICE.search(notice.text[:_MAX_AGENT_TEXT]))


def _ticket_update(msg: MessageView, notice: Notice) -> bool:
    """True when an automatic message opens by saying a ticket was updated ("Ticket #12
    has been updated by Priya"): an agent's answer passed on, a person's message, no
    one's automatic reply; the bounced addresses and codes it quotes (the ticket is often
    about them, "[Ticket #12] Undeliverable mails") did not fail in this message. A
    subject that opens with the failure ("Undeliverable: Re: ... [#12]") is the desk's
    notice that its own reply failed, whatever its text says after."""
    if subject_states_failure(msg.subject):
        return False
    return bool(TICKET_UPDATE.search(msg.subject) or TICKET_UPDATE.search(notice.text[:_MAX_AGENT_TEXT]))


#: Characters of an automatic reply read for a statement that the address is gone.
_MAX_TEXT = 4096
#: Paragraphs of it read (the statement opens the reply).
_MAX_PARAGRAPHS = 4
# That a help desk did not take the message as a request ("We couldn't create a request
# from the email you sent", "Your email wasn't added to the project").
_NOT_TAKEN = re.compile(
    r"\b(?:could ?n.t|could not|can ?n.t|cannot|unable to|were unable to|did ?n.t|did not) "
    r"(?:create|open|raise|submit|log) (?:a |an |your |the )?(?:new )?(?:request|ticket|case|issue)|"
    r"\b(?:e-?mail|message|request) (?:was ?n.t|was not|has not been|could not be|could ?n.t be|cannot be) "
    r"(?:added|converted|turned) (?:to|into|as) (?:the |a |an )?(?:project|queue|ticket|request|case)",
    re.IGNORECASE,
)
#: Reasons by which the recipient's system refused the sender, not the message.
_REFUSALS_OF_THE_SENDER = frozenset({Reason.SENDER_REJECTED, Reason.POLICY_VIOLATION})
_ABOUT_THE_ADDRESS = re.compile(r"\b(?:e-?mail|address|mailbox|inbox|account)\b", re.IGNORECASE)
#: Rules whose address_moved speaks of the person, not of the address: a reply that says
#: only that someone left ("X is no longer with Example Ltd and this mailbox is not
#: monitored") came from a mailbox that still answers; one that says the address is
#: closed or changed (address-moved, closed-with-pointer, owner-moved) is gone.
_THE_PERSON_LEFT = frozenset({"person-left"})


def _sender_refused(notice: Notice) -> str | None:
    """The statement of an automatic reply that it did not take the sender's message
    and why, when the why is a refusal of the sender (a help desk that takes requests by
    email only from its customers: "We couldn't create a request from the email you
    sent ..." / "Only customers of ... can raise requests by email"): the statement and
    the paragraph after it."""
    rules = default_rules()
    paragraphs = [" ".join(notice.paragraph_text(i).split()) for i in range(len(notice.paragraphs))]
    for index, text in enumerate(paragraphs[:_MAX_PARAGRAPHS]):
        if _NOT_TAKEN.search(text):
            said = " ".join(paragraphs[index : index + 2])
            if rules.classify(said).reason in _REFUSALS_OF_THE_SENDER:
                return said
    return None


def _address_gone(notice: Notice) -> str | None:
    """The paragraph of an automatic reply that says its address has moved or closed (a
    paragraph about the address: "our office has moved" is no such statement)."""
    rules = default_rules()
    for index in range(min(len(notice.paragraphs), _MAX_PARAGRAPHS)):
        text = " ".join(notice.paragraph_text(index).split())
        if _ABOUT_THE_ADDRESS.search(text):
            found = rules.classify(text)
            if found.reason is Reason.ADDRESS_MOVED and found.rule not in _THE_PERSON_LEFT:
                return text
    return None
