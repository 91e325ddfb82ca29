"""The generic decoder: any human-readable bounce that no format decoder claimed.

Runs last. Many MTAs, ISPs, appliances, gateways and webmail systems write one-off
notices in their own words and languages; they share habits this decoder relies on:

- the message is machine-sent: a null Return-Path, a ``MAILER-DAEMON`` / ``postmaster``
  / ``Mail Delivery System`` sender, ``Auto-Submitted`` or ``X-Failed-Recipients``; its
  subject usually says it too (``Undeliverable``, ``Returned mail``, ``Unzustellbar``,
  ``Non remis``, ``退信``...);
- the text states, in one of the common languages, that delivery failed (``could not be
  delivered``, ``failed to be received by the following address(es)``, ``n'a pas pu
  être remis``, ``投递失败``...) or is postponed (``will be retried``, ``noch nicht
  zugestellt``...);
- the failed addresses stand out: alone on a line (bare, in angle brackets or quotes,
  after a bullet), after a label (``Recipient:``, ``Destinatario:``, ``宛先：``), or at
  the start of a line followed by the reason (``addr: 550 ...``, ``addr ... unknown
  user``); failing that, they sit in the sentence that states the failure (``your
  message to <addr> could not be delivered``), or, in a gateway's notice that the
  message was blocked, in its table of the message's header fields (``To: a@x; b@x``);
- the reason is near the address: on its line, on the indented lines below, after a
  ``Reason:`` / ``Error:`` / ``Motivo:`` / ``理由：`` label, as a quoted SMTP reply
  (``553 5.3.0 ...``), in the rest of its sentence, or in the paragraph after the list.

The decoder reads the notification only, never the returned message (its start is
found by the separators MTAs write, or by the first header field of a quoted
message). Addresses that belong to the bounce itself (its From, To, Cc, the returned
message's sender), administrative and mailing-list addresses (``postmaster@``,
``list-owner@``, ``list-request@``...), addresses in quoted header lines and help-desk
addresses ("please contact <support@...>") are not failed recipients. Each finding's
recipient is cleaned by :func:`bouncekit.address.clean_recipient` when the record is
made.

A sending tool's report that lists the addresses that bounced ("The following addresses
bounced:", "folgende Rückläufer (Bounces) sind eingegangen:" over a table of address,
kind and reason) is read like a notice: each row is a recipient with its reason; a
campaign report that only counts its bounces names no one and gives no record. A
forwarder's notice that names where it forwarded the message ("Forwarded to: a@b") gives
that destination as the recipient and the address the sender wrote to as its
``original_recipient``. A notice that lists some recipients under "still trying" and
others under the failure gives each its own event; words of finality inside a condition
("we will tell you if they fail permanently") do not make a delay final. The sender's
own gateway holding a message under its data loss prevention policy ("Su mensaje no se
ha enviado ... (DLP)") is event ``rejected``.

A device's or an application's report of one job that failed ("Transmission Result:
Error", "Job Status: Failed", "Ergebnis: NG", "Your site failed to send an email") is read
like a machine-sent notice when it quotes the server's status code: its destination
label names the recipient. So is an application's alert that quotes its mail library's
error with the server's reply (Swift and Symfony Mailer's 'Expected response code 250
but got code "550", with message "550 ..."', PHPMailer's "The following recipients
failed", Nodemailer's "all recipients were rejected"); a person who quotes such an
error to ask about it, naming no recipient or in a reply, writes no report. A send that
the sender's own server refused ("not owned by user") never left: event ``rejected``;
so did one that the sender's own data loss prevention kept inside its organisation
("may not be sent outside the organization"), whether the notice says "not sent" or
"not delivered".

A sending platform's, an application's or a help desk's report to its user of mail it
sent for them ("Hard bounce: a@b", "A subscriber bounced", "We couldn't deliver your
reply to ...", a digest of the addresses that bounced, grouped or not under categories),
from a no-reply or role address and saying so in its subject or opening, gives the
addresses it names when it quotes a code, states a delay or gives a reason the rules
read; each address of a digest takes its own reason and, where the digest's own words
say nothing of sending, its own event. A log analyser's report (Logwatch, pflogsumm)
and a person's letter that greets someone and asks about a bounce it quotes give none.

A digest or newsletter sent to a list (List-Unsubscribe, Precedence: bulk) that says
something "has been delayed" quotes no server and lists no failed recipient: no record;
nor does a shop's or a school's notice whose only statement is a delay that nothing ties
to mail (no code, no mail system's sender, no subject about a delivery of mail: "your
order's delivery has been delayed"), nor a receipt whose failure words sit in a condition
("if this receipt was not delivered to the right person").
Words of the returned message's subject, which a notice repeats in its own subject and
table ("Message blocked: Limited offer for you"), are not the notice's: they make no
digest "for you".

To stay conservative, a message gives records only when it is machine-sent AND its text
(or its subject) states a delivery failure or delay; a mere "rejected"/"refused" counts
only together with an SMTP reply or status code. A message from an ordinary sender
counts only when its subject starts like a bounce and its text states the failure and
quotes a code. A machine-sent message that states a failure but names no recipient
gives one finding without recipient (class 30). When the notification wraps another
bounce as ``message/rfc822``, the wrapped bounce is read instead. A notice that only
says delivery is postponed gets action ``delayed``. A filter's quarantine digest or hold
summary sent to a recipient ("messages held for you", "messages addressed to you are on
hold") lists senders of held mail and gives no record; nor does a warning to a mailbox's
owner that the mailbox is nearly full.

The work is linear: the text is cut at ``MAX_TEXT``, split once into lines and
paragraphs, and every pattern is matched on one line or one paragraph.

The package, in reading order: :mod:`.wording` holds the wording tables (what notices
say and how they label their lines, in some 35 languages); :mod:`.notice` splits the
notification's text into lines and paragraphs and reads the replies and reasons it
quotes; :mod:`.recipients` finds the failed recipients and each one's reason;
:mod:`.completion` completes the findings of other decoders from the same text
(:func:`completed_from_text`). This module decides whether a message is a notice at all
and what event its findings are.

Fixtures: lhost-x1-*.eml ... lhost-x6-*.eml (formats of unknown MTAs), and the
hand-made rounds (tests/fixtures/handmade*).
"""

from __future__ import annotations

import email.message
import re
from dataclasses import replace

from bouncekit import smtp
from bouncekit.decoders.base import Decoder, Finding, dsn_findings, failed_recipients
from bouncekit.decoders.fallback.completion import MAX_COMPLETION_TEXT, completed_from_text
from bouncekit.decoders.fallback.notice import (
    ADDRESS_IN_TEXT,
    REPLY_WITH_STATUS,
    STATUS,
    Notice,
    gives_up,
    names_cause,
    notification_text,
    without_decoration,
)
from bouncekit.decoders.fallback.recipients import (
    failed_recipients_named,
    listed_after_statement,
    named_recipients,
    own_addresses,
    summary_recipients,
)
from bouncekit.decoders.fallback.sendingside import refused_by_sender, says_not_sent
from bouncekit.decoders.fallback.wording import (
    ABOUT_DELIVERY,
    ACKNOWLEDGEMENT,
    APPLICATION_BOUNCE,
    APPLICATION_HOST,
    APPLICATION_LOCAL,
    BLOCK_LIFTED,
    COMPLAINT_ALERT,
    COMPLAINTS_REPORTED,
    COUNTED_MAIL_TO,
    DELAYS,
    EARLIER_COMPLAINT,
    FAILS,
    FAILURE_SUBJECT,
    FORWARD,
    FORWARD_SUBJECT,
    FORWARDED_TO,
    FORWARDING,
    FROM_MAIL_SYSTEM,
    GREETING_WORDS,
    HELD_MAIL_DELIVERED,
    HOLD_RELEASED,
    INBOUND_HELD,
    JOB_FAILED,
    MAIL_WORDS,
    MAILER_REFUSED,
    ORIGINAL_LABEL,
    OUTBOUND_POLICY_LINE,
    PLATFORM_RETURN_HOST,
    PLATFORM_RETURN_LOCAL,
    QUARANTINE_REPORT,
    QUARANTINED,
    QUEUE_LISTING,
    QUOTA_SHARE,
    REPORTS_LOGS,
    ROW_COMPLAINT,
    SAYS_NOT_SENT,
    SENDER_SIDE_CAUSE,
    SERVICE_LOCAL,
    SUBJECT_LINE,
    TICKET,
    TO_THE_READER,
    WARNS_NEARLY_FULL,
    named_as_mail_system,
    opening_bounce_words,
)
from bouncekit.mime import MESSAGE_TYPES, MessageView, strip_address
from bouncekit.model import Event

#: Characters of an application's notice read for an acknowledgement of a request.
_MAX_ACKNOWLEDGEMENT = 2000

# What other decoders and ``bouncekit.api`` use of the fallback's reading.
__all__ = [
    "Fallback",
    "Notice",
    "acknowledges_request",
    "asks_about_a_notice",
    "completed_from_text",
    "failed_recipients_named",
    "machine_sent",
    "notification_text",
    "subject_about_delivery",
    "subject_states_failure",
    "subject_tells_failure",
    "summary_recipients",
    "without_decoration",
]


class Fallback(Decoder):
    name = "fallback"
    reads_sending_side = True  # (in the notice's framing: _framed_as_not_sent)

    def matches(self, msg: MessageView) -> bool:
        return (
            machine_sent(msg) or _bounce_subject(msg) or _application_notice(msg) or _service_notice(msg)
            or _job_report(msg.text[:MAX_COMPLETION_TEXT])
            # a platform's report sent as bulk mail, under a subject of its own ("Campaign
            # Report for ...", "Email notifications paused"): its opening says what failed
            or _bulk_report(msg)
        )

    def decode(self, msg: MessageView) -> list[Finding] | None:
        notice = Notice(notification_text(msg))
        head = _own_head(msg, notice.text)  # (read once: the three tests below share it)
        if (_recipient_digest(head, msg) or _quota_warning(head, notice) or _incident_resolved(head, notice)
                or BLOCK_LIFTED(head)):
            return None  # (a notice that a block was lifted quotes the refusal it ends)
        if QUEUE_LISTING.search(notice.text, 0, MAX_COMPLETION_TEXT):
            return None  # a mail queue's listing (mailq): messages waiting, no notice to a sender
        if REPORTS_LOGS(notice.text[:MAX_COMPLETION_TEXT]):
            return None  # a log analyser's statistics (Logwatch, pflogsumm): no notice either
        job = _job_report(notice.text[:MAX_COMPLETION_TEXT])
        machine = machine_sent(msg) or job
        by_subject = machine and bool(FAILURE_SUBJECT.search(msg.subject))
        # A sending platform's or an application's report to its user of mail that failed,
        # read as one even when machine-sent ("Auto-Submitted") unless a mail system sent
        # it: its entries may come before any sentence stating a failure. (``reported``:
        # such a report that is not machine-sent.)
        platform_report = not _from_mail_system(msg) and _reports_failed_mail(msg, head)
        reported = not machine and platform_report
        stated = notice.states_failure or notice.states_delay or job or reported
        # A ticket or case made of a mail system's notice (its requester is the mail system).
        holds_notice = FROM_MAIL_SYSTEM.search(notice.text, 0, MAX_COMPLETION_TEXT) is not None
        if not (stated or by_subject or platform_report or any(p.rejects for p in notice.paragraphs)):
            return None
        if not machine and not stated:
            return None  # a bounce-like subject alone is weak: people write "rejected" too
        if _only_an_unsupported_delay(msg, notice) and not job:
            return None  # "Delivery of your order has been delayed": no mail was held up
        if not (job or reported or notice.quotes_code or _from_mail_system(msg)) and not (
            MAIL_WORDS.search(notice.text, 0, MAX_COMPLETION_TEXT) or ADDRESS_IN_TEXT.search(notice.text)
        ):
            return None  # "Your parcel could not be delivered today": no word of mail, no address
        if not machine and not reported and not holds_notice and _personal_question(msg, notice.text):
            # A person who quotes a bounce to ask about it ("Hallo Jana, ... kannst du ...?",
            # "王小姐您好：... 请问 ...？"): a letter, not a notice.
            return None
        if not machine and _bulk(msg) and not (reported and not _list_mail(msg)):
            # A newsletter or a list's post about bounces, from a person or a brand (a
            # service's report marked only "Precedence: bulk" is still a report).
            return None
        if machine and _acknowledges_first(notice) and not msg.parts_of(*MESSAGE_TYPES) and not holds_notice:
            # A help desk's acknowledgement of a request whose text quotes a bounce (its
            # writer asking about it). One that attaches the bounce it got passes it on.
            return None
        findings, how = named_recipients(msg, notice, any_paragraph=by_subject or job or bool(reported),
                                          report=platform_report)
        # A report whose opening says the service did not send ("Email not sent: domain
        # verification required"): its refusal is the failure, whatever cause it gives.
        refused = reported and SAYS_NOT_SENT(head[:_MAX_REPORT_OPENING])
        if job and not machine_sent(msg) and (how is None or FORWARD.match(msg.subject.strip())):
            # Someone quoting a mail library's error to ask about it ("my site fails with:
            # Expected response code 250 but got code ..."), or replying to an alert: a
            # report of a failed send comes from the application, and names the recipient.
            return None
        if how is None and (msg.has_header("List-Unsubscribe") or msg.has_header("List-Id")):
            # A newsletter or a list's post that quotes a server's code while writing
            # about bounces ("... answered 550 5.1.1 ..."): a notice names what failed.
            return None
        if _bulk(msg) and not notice.quotes_code and how is None:
            # A digest or a newsletter sent to a list ("the assignment deadline has been
            # delayed to Friday"): it quotes no server and names no failed recipient. (A
            # list manager's notice to a poster is bulk too, and names the list.)
            return None
        if not machine and not _bounce_subject(msg):
            # An application's notice (a help desk's, a CRM's): it must list the recipient
            # right after its statement of the failure, or name it in that statement over
            # the server's reply, and not acknowledge a request.
            if how == "reader":
                pass  # a service's notice that mail to its reader's address bounces
            elif holds_notice and how in ("listed", "sentence"):
                pass  # a ticket made of a mail system's notice: the notice's recipient
            elif how == "sentence" and notice.quotes_code and not acknowledges_request(notice.text):
                pass  # "Your email ... to Priya (priya@...) bounced." over the server's reply
            elif (reported and how in ("listed", "sentence", "table")
                  and not acknowledges_request(notice.text)
                  and (notice.quotes_code or notice.states_delay or refused
                       or any(f.diagnostic and names_cause(f.diagnostic) for f in findings)
                       # each row's own word for what happened to it ("Rebote permanente")
                       or any(f.diagnostic and PLATFORM_BOUNCE_WORD.search(f.diagnostic) for f in findings)
                       or (notice.reason and names_cause(notice.reason)))):
                # "Hard bounce: a@b" over "Reason: ...", a digest of the addresses that
                # bounced and why, a delay (a failure that gives no cause names an address
                # it could not reach, a chat channel, a group: not a failed recipient's).
                pass
            elif how != "listed" or not listed_after_statement(notice) or acknowledges_request(notice.text):
                return None
        elif not machine and not (
            notice.quotes_code or how == "listed" or (reported and how == "table")
            or (reported and how == "sentence" and (refused or any(f.diagnostic and names_cause(f.diagnostic)
                                                                   for f in findings)))
        ):
            # From an ordinary address, the text must also quote the server's code or
            # list the failed recipient the way notices do (a service's report may name
            # it in a sentence that gives the cause: "Found inactive addresses: a@b").
            return None
        weak = not (stated or by_subject or (platform_report and bool(findings)))
        summary = summary_recipients(msg, notice)
        if weak and not notice.quotes_code and how not in ("sentence", "table") and not summary:
            # "Your message was rejected" without a code: believed only when the sentence
            # names the recipient, or a table of the message's header fields does, or
            # a gateway's summary of the blocked message ("Recipient:" over "Subject:").
            findings = []
        findings = _forwarded(msg, notice, _replies_by_address(notice, findings))
        if not findings:
            findings = _wrapped_bounce(msg)
        if not findings:
            # A header that names them (X-Failed-Recipients), where the text names none.
            findings = [Finding(recipient=a, diagnostic=notice.reason) for a in failed_recipients(msg)]
        if not findings:
            # A gateway's summary of the message it blocked ("An: a@b" / "Betreff: ..."),
            # where the text names the recipient nowhere else.
            findings = [Finding(recipient=a, diagnostic=notice.reason) for a in summary]
        if not findings:
            if weak:
                return None  # "rejected" + a code is not enough without a recipient
            findings = [Finding(recipient=None, diagnostic=notice.reason)]
        if platform_report and _reports_complaints(msg, head):
            # A platform's digest of complaints: each entry is a complainer.
            return [replace(f, event=Event.COMPLAINT, feedback_type="abuse") for f in findings if f.recipient]
        headed = sum(f.action == "delayed" for f in findings)
        if 0 < headed < len(findings):
            pass  # some listed under "still trying", the others under the failure: each keeps its own
        elif notice.states_delay and not notice.permanent:
            findings = [replace(f, action="delayed") for f in findings]
        elif says_not_sent(
            # (A platform's digest: its own words, not each address's reason, which says
            # for that address alone whether it was sent: "605 Not delivering to previously
            # bounced address" beside "550 5.1.1 ... does not exist". A table's reason is the
            # notice's own words, shared by every recipient of the message's header fields.)
            framing := _without_reasons(notice, findings)
            if platform_report and len(findings) > 1 and how != "table"
            else " ".join(notice.text[:MAX_COMPLETION_TEXT].split())
        ) or _framed_as_not_sent(notice):
            # The sending service or application refused to send (a suppressed, flagged or
            # invalid address, its sending limit), or the sender's own outgoing filter did
            # (spam, data loss prevention): "not sent", or, whatever the notice calls the
            # failure, a data loss prevention policy that keeps the content inside the
            # sender's organisation ("may not be sent outside the organization").
            findings = [replace(f, event=Event.REJECTED) for f in findings]
        else:
            # The sender's own server refused to send it, or a report on several says of
            # one that the service did not send it ("Blocked (not sent)" over "Reason: a
            # previous email to it hard bounced; we did not attempt delivery"): it never left.
            # A digest whose own words say its entries were not sent ("2 messages ... were
            # rejected and not sent:") leaves each entry's reason to say why: one that
            # names a cause of the sending side ("The address is not a valid email
            # address") was never sent either.
            not_sent = platform_report and len(findings) > 1 and SAYS_NOT_SENT(framing)
            findings = [
                replace(f, event=Event.REJECTED)
                if refused_by_sender(f) or (not_sent and SENDER_SIDE_CAUSE.search(f.diagnostic or ""))
                else f
                for f in findings
            ]
        if platform_report and len(findings) > 1:
            findings = _each_rows_outcome(findings, notice)
        if platform_report:
            # A digest's row whose own words say its recipient reported the mail as spam.
            findings = [replace(f, event=Event.COMPLAINT, feedback_type="abuse") if _row_complaint(f, notice)
                        else f for f in findings]
        return findings


def _each_rows_outcome(findings: list[Finding], notice: Notice) -> list[Finding]:
    """A digest's rows, each delayed or failed as its own reply or words say, whatever the
    notice says of them all: a row whose reply is temporary in a notice that says it
    retries, or whose words say it is retried ("Opóźnione – ponawiamy", "Verzögert (wird
    erneut versucht)"), is delayed; one whose reply is permanent, or whose words say it
    failed or was given up, failed."""
    out = []
    for f in findings:
        said = f.diagnostic
        if f.event is not None or not said or said == notice.reason:
            out.append(f)
            continue
        flat = " ".join(said.split()).lower()
        code, _ = smtp.reply_codes(said)
        failed = FAILS(flat) or gives_up(flat)
        if code and code[0] == "5":
            action = "failed" if f.action == "delayed" else f.action
        elif (code and code[0] == "4" and notice.states_delay) or DELAYS(flat):
            # (A temporary reply in a report that speaks of no retry is a soft bounce the
            # platform gave up on: "Softbounce: 452 4.2.2 mailbox full".)
            action = f.action if failed else "delayed"
        else:
            action = "failed" if failed and f.action == "delayed" else f.action
        out.append(f if action == f.action else replace(f, action=action))
    return out


def _row_complaint(finding: Finding, notice: Notice) -> bool:
    """A report's row whose own reason (not the notice's) says its recipient complained of
    this mail, not of an earlier one, and that the report does not say was not sent
    ("607 Not delivering to a user who marked your messages as spam" is a refusal)."""
    said = finding.diagnostic
    return bool(
        finding.recipient and said and said != notice.reason and finding.event is None
        and ROW_COMPLAINT.search(said) and not EARLIER_COMPLAINT.search(said)
    )



#: Paragraphs read as a notice's statement of the failure: its heading and the sentence
#: under it ("Your message was not delivered" over "The message below was ... not sent").
_MAX_STATEMENT_PARAGRAPHS = 2


def _framed_as_not_sent(notice: Notice) -> bool:
    """True when the notice's own framing, whatever its entries say, puts the refusal on
    the sending side: its statement of the failure, the paragraphs that open it before any
    address, says the message was not sent ("The message below was identified as spam by
    the outbound filter and was not sent to any of its recipients."), or the policy that
    kept it is named for outbound mail or data loss prevention ("Policy: HIPAA -
    Outbound PHI")."""
    if OUTBOUND_POLICY_LINE.search(notice.text, 0, MAX_COMPLETION_TEXT) is not None:
        return True
    index = notice.statement()
    if index is None:
        return False
    said = []
    for paragraph in range(index, min(index + _MAX_STATEMENT_PARAGRAPHS, len(notice.paragraphs))):
        text = notice.paragraph_text(paragraph)
        if "@" in text:
            break
        said.append(text)
    return bool(said) and says_not_sent(" ".join(" ".join(said).split()))


def _without_reasons(notice: Notice, findings: list[Finding]) -> str:
    """The notice's text (flat, as ``NOT_SENT`` reads it) without its findings' own
    reasons, nor the paragraphs of its entries (a digest's "Status: blocked / Recipient:
    a@b / Comment: This address was not sent to" speaks of that entry alone)."""
    addresses = {f.recipient.lower() for f in findings if f.recipient}
    text = notice.text[:MAX_COMPLETION_TEXT]
    kept = [
        text[p.start : p.end] for p in notice.paragraphs
        if p.start < MAX_COMPLETION_TEXT and not any(a in p.flat for a in addresses)
    ]
    flat = " ".join(" ".join(kept).split())
    for finding in findings:
        if finding.diagnostic:
            flat = flat.replace(" ".join(finding.diagnostic.split()), " ")
    return flat


def _replies_by_address(notice: Notice, findings: list[Finding]) -> list[Finding]:
    """Findings of several recipients, each with the server's reply that names its address
    where the notice quotes the replies apart from its list ("a@x - mailbox full" and
    "b@x - no such address" over "Server response:" and "552 5.2.2 <a@x>: Mailbox full",
    "550 5.1.1 <b@x>: User unknown"): a recipient's words are completed by its own reply,
    never by the first of them."""
    if len(findings) < 2 or not REPLY_WITH_STATUS.search(notice.text, 0, MAX_COMPLETION_TEXT):
        return findings
    replies: dict[str, str] = {}
    details: dict[str, str] = {}  # "b@x: connection timed out (mx.x)", a reply without its code
    for line in notice.lines:
        text = line.text.strip()
        named = {m[1].lower() for m in ADDRESS_IN_TEXT.finditer(text)}
        if len(named) != 1:
            continue
        if REPLY_WITH_STATUS.match(text):
            replies.setdefault(named.pop(), text)
        else:
            bare = text.lstrip("<")
            if (m := ADDRESS_IN_TEXT.match(bare)) and bare[m.end() :].lstrip(">").startswith(":"):
                details.setdefault(m[1].lower(), text)
    if not replies:
        return findings
    out = []
    for f in findings:
        own = (f.recipient or "").lower()
        said = f.diagnostic or ""
        names_another = any(m[1].lower() != own for m in ADDRESS_IN_TEXT.finditer(said))
        reply = replies.get(own) or (details.get(own) if names_another else None)
        if reply is not None and said != reply and (reply not in said or names_another):
            f = replace(f, diagnostic=reply, status=None)
        out.append(f)
    return out


def _forwarded(msg: MessageView, notice: Notice, findings: list[Finding]) -> list[Finding]:
    """A forwarder's notice ("Your email to a@b is forwarded to another mailbox, and that
    mailbox's server refused it" over "Forwarded to: c@d"): the failed recipient is the
    destination, and the address the sender wrote to is its ``original_recipient``
    (labelled "Original recipient:", else named in the sentence about the forwarding)."""
    destinations = {
        m[1].lower() for line in notice.lines if FORWARDED_TO.match(line.text)
        for m in ADDRESS_IN_TEXT.finditer(line.text)
    }
    kept = [f for f in findings if f.recipient and f.recipient.lower() in destinations]
    if not kept:
        return findings
    own = own_addresses(msg) | destinations
    original = None
    for line in notice.lines:
        if ORIGINAL_LABEL.match(line.text) and (m := ADDRESS_IN_TEXT.search(line.text)):
            original = m[1]
            break
    if original is None:
        for index, paragraph in enumerate(notice.paragraphs):
            if FORWARDING.search(paragraph.flat):
                named = [m[1] for m in ADDRESS_IN_TEXT.finditer(notice.paragraph_text(index))]
                original = next((a for a in named if a.lower() not in own), None)
                if original:
                    break
    if original is None:
        return findings
    return [replace(f, original_recipient=original) for f in kept]



def machine_sent(msg: MessageView) -> bool:
    """True when the message comes from a mail system rather than a person."""
    if _from_mail_system(msg):
        return True
    if msg.has_header("Return-Path") and msg.header("Return-Path").strip() in ("<>", ""):
        return True
    return msg.header("Auto-Submitted").lower().startswith("auto-") or msg.has_header("X-Failed-Recipients")


def _only_an_unsupported_delay(msg: MessageView, notice: Notice) -> bool:
    """True when all a message states is a delay that nothing ties to mail: it states no
    failure, quotes no server, comes from no mail system and neither its subject speaks
    of a delivery of mail nor its text of a message or a recipient (a shop's "your
    delivery has been delayed by one day", a carrier's "Delivery delayed: your parcel",
    a school's "the trip has been postponed"). A mail system's delay notice says who it
    is, in its sender or subject, or quotes the reply that held the message up."""
    if notice.states_failure or not notice.states_delay or notice.quotes_code or _from_mail_system(msg):
        return False
    speaks_of_mail = MAIL_WORDS.search(notice.text, 0, MAX_COMPLETION_TEXT) is not None
    return not (subject_about_delivery(msg.subject) and speaks_of_mail)


def _from_mail_system(msg: MessageView) -> bool:
    """True when the sender is a mail system by its address or name (MAILER-DAEMON,
    postmaster, "Mail Delivery System"), or there is none."""
    return not msg.from_address or named_as_mail_system(msg.from_address, msg.from_header)


def _job_report(text: str) -> bool:
    """A device's or an application's report that one send failed, with the server's
    status code ("Ergebnis: NG ... 554 5.7.1 Relay access denied"), or quoting its mail
    library's error that the server refused the recipient ('Expected response code 250
    but got code "550"'): written by a scanner or a web site's mailer rather than a mail
    system, but a bounce all the same."""
    if MAILER_REFUSED(text):
        return True
    # (The status first: most texts quote none, and it is found at a fraction of the cost.)
    return STATUS.search(text) is not None and JOB_FAILED.search(text) is not None


def _recipient_digest(head: str, msg: MessageView) -> bool:
    """A filter's digest to a recipient of mail it held ("3 messages held for you"), or
    its periodic quarantine report to an administrator, or its count of mail it refused
    for the reader's own address ("3 E-Mails an lukas@... abgewiesen"): the addresses it
    lists are senders of held or refused mail, not failed recipients. ``head`` is the
    notice's own head (``_own_head``)."""
    if QUARANTINED(head) and (TO_THE_READER(head) or QUARANTINE_REPORT.search(head) is not None):
        return True
    counted = COUNTED_MAIL_TO.search(head)
    reader = (strip_address(msg.header("To")) or "").lower()
    return bool(counted and reader and reader in head[counted.end() : counted.end() + 120].lower())


def _quota_warning(head: str, notice: Notice) -> bool:
    """A warning to a mailbox's owner that the mailbox is nearly full ("Ihr Postfach ist
    fast voll"): no delivery failed, whatever it says about the mail that will bounce
    once it is full. A bounce quotes the server's reply; a warning quotes none."""
    # (QUOTA_SHARE states a percentage: most heads hold no "%" and skip its search.)
    nearly_full = (WARNS_NEARLY_FULL(head) and TO_THE_READER(head)) or (
        "%" in head and QUOTA_SHARE.search(head) is not None)
    return nearly_full and not notice.quotes_code


#: A bounce named in a subject ("3 bounces and 2 complaints").
BOUNCE_WORD = re.compile(r"\bbounc", re.IGNORECASE)
#: A sending platform's own word for a bounce, in its users' languages ("Bounces: 3",
#: "have been bouncing", "rebotes", "rebonds", "rimbalzi", "odbicia", "studsade", "退信",
#: "バウンス", "반송"): people writing about undelivered mail use other words.
PLATFORM_BOUNCE_WORD = re.compile(
    r"\bbounc|\bgebounced|\brebot(?:e|es|ado|ada|ados|adas)\b|\brebond|\brimbalz|\bodbi(?:cie|cia|ć|te|ły)|"
    r"\bstudsa|バウンス|退信|반송",
    re.IGNORECASE,
)
#: Characters of a notice's text read for what it says to its reader.
_MAX_HEAD = 2000
#: Characters of an application's notice (its subject, then its text) in which a filter's
#: report of the mail it held says so.
_MAX_HOLD_OPENING = 250
#: Characters of an application's notice (its subject, then its text) in which it says
#: that the mail it sent bounced: a report's statement opens it; the same words further
#: down are a line of statistics ("Bounced notifications sent: 26").
_MAX_REPORT_OPENING = 600


def _own_head(msg: MessageView, text: str) -> str:
    """The subject and the opening of a notice in its own words: without the returned
    message's subject, which a notice repeats in its own subject ("Message blocked:
    Limited offer for you", "Nachricht blockiert: Ein Angebot für Sie") and in its table
    ("Subject: Limited offer for you"). Those are the sender's words: "for you" there
    tells nothing of the notice."""
    lines, quoted = [], []
    for line in text[:_MAX_HEAD].split("\n"):
        if m := SUBJECT_LINE.match(line):
            quoted.append(line[m.end() :].strip())
        else:
            lines.append(line)
    if msg.original is not None and msg.original.subject:
        quoted.append(msg.original.subject.strip())
    subject = msg.subject
    for words in quoted:
        if len(words) >= _MIN_QUOTED_SUBJECT:
            subject = subject.replace(words, " ")
    m = opening_bounce_words(subject)
    if m is not None and (colon := subject.find(":", m.end())) >= 0:
        subject = subject[:colon]  # "Undeliverable: <the returned message's subject>"
    return subject + "\n" + "\n".join(lines)


#: Shortest subject of a returned message taken out of a notice's subject (a word or two
#: of the notice's own, "Spam", would be taken out with it).
_MIN_QUOTED_SUBJECT = 8



def _incident_resolved(head: str, notice: Notice) -> bool:
    """A provider's notice to its customer that incoming mail was held up for a while
    and has since been delivered ("incoming mail for example.com was delayed ... all
    delayed messages have now been delivered"), or a filter's that a message it held was
    released and delivered: nothing failed. A bounce names the delivery that failed, and
    quotes no such end."""
    held = INBOUND_HELD(head) or HOLD_RELEASED(head)
    return bool(held and HELD_MAIL_DELIVERED(head)) and not notice.quotes_code


def subject_about_delivery(subject: str) -> bool:
    """True when a subject speaks of a delivery's outcome anywhere in it ("Warning:
    Message Delivery Delayed", "Undeliverable: ...")."""
    return ABOUT_DELIVERY(subject)


def _acknowledges_first(notice: Notice) -> bool:
    """True when a paragraph acknowledging a request ("Your request (48377) has been
    received") comes before the notice's first statement of a failure: a help desk's
    automatic acknowledgement of a message that quotes the bounce its writer got. A
    bounce states the failure first; a returned acknowledgement comes after it."""
    statement = notice.statement()
    return statement is not None and any(
        ACKNOWLEDGEMENT.search(paragraph.flat) for paragraph in notice.paragraphs[:statement]
    )


def acknowledges_request(text: str) -> bool:
    """True when an application's message opens by acknowledging a request ("We have
    received your request", "Ticket #123 has been created"): a ticket system's
    acknowledgement, whatever bounce it quotes."""
    return ACKNOWLEDGEMENT.search(text[:_MAX_ACKNOWLEDGEMENT]) is not None


def subject_states_failure(subject: str) -> bool:
    """True when a subject opens by saying that delivery failed ("Undeliverable: Re: Refund
    [#4821]", "Unzustellbar: ..."): a ticket's tag after it names the conversation the
    failed mail belonged to; the message is the notice of that failure, not a ticket's
    acknowledgement."""
    subject = subject.strip()
    m = FAILURE_SUBJECT.search(subject)
    return m is not None and m.start() <= 2 and not FORWARD.match(subject)


def subject_tells_failure(subject: str) -> bool:
    """True when a subject says, after the tag of the conversation it belongs to, that a
    delivery failed ("[#SUP-20418] Reply could not be delivered to the customer",
    "[Ticket#4711] Antwort konnte nicht zugestellt werden"): a help desk's notice that its
    own mail to a customer failed. A reply or forward ("Re: ...") is a person's."""
    own = _TAG.sub("", subject.strip(), count=1).strip()
    return bool(own) and not FORWARD.match(own) and FAILS(" ".join(own.split()).lower())


# The tag of a conversation or ticket that opens a subject ("[#SUP-20418]", "[Ticket#4711]",
# "Ticket #123:").
_TAG = re.compile(r"\A(?:\[[^\]\n]{1,60}\][ \t:-]*|(?:ticket|case|request) ?#?[\w-]{1,20}[ \t]*[:-][ \t]*)",
                  re.IGNORECASE)


def _application_notice(msg: MessageView) -> bool:
    """A message that may be an application's own notice about mail it sent for the
    reader (a help desk's, a CRM's, a hosting panel's): sent from an address no one reads
    ("noreply", "notifications") or under a subject about the delivery, and neither a
    reply, a forward nor bulk mail."""
    subject = msg.subject.strip()
    if FORWARD.match(subject) or _bulk(msg):
        return False
    return _no_reply_sender(msg) or subject_about_delivery(subject)


def _no_reply_sender(msg: MessageView) -> bool:
    """From an address that sends an application's notices and that no one reads
    ("noreply@", "naoresponda@", "quickbooks@notification.intuit.com")."""
    local, _, domain = msg.from_address.partition("@")
    return APPLICATION_LOCAL.match(local) is not None or APPLICATION_HOST.match(domain) is not None


def _reports_failed_mail(msg: MessageView, head: str) -> bool:
    """A sending platform's, an application's or a help desk's notice to its user that
    mail it sent for them failed ("Hard bounce: a@b", "A subscriber bounced", "We
    couldn't deliver your reply to ..."): from an address no one reads or a service's
    role address (a person writing about bounces is no such notice), neither a reply,
    a forward nor bulk mail, and saying so in its subject or opening (``head``, see
    ``_own_head``)."""
    if FORWARD.match(msg.subject.strip()) or _list_mail(msg) or not _service_sender(msg):
        return False
    opening = head[:_MAX_REPORT_OPENING]
    # A filter's report of mail it held ("2 neue E-Mails in Quarantäne ... nicht
    # zugestellt") lists the held mail's senders, not failed recipients; it says so in its
    # subject or first lines (further down, "the recipient's spam filter held your email
    # back" is a bounce's cause).
    reports = APPLICATION_BOUNCE(opening) or COMPLAINT_ALERT.search(opening) is not None
    return reports and not QUARANTINED(head[:_MAX_HOLD_OPENING])


def _bulk_report(msg: MessageView) -> bool:
    """A platform's report of bounces sent as bulk mail or under a subject of its own
    ("Campaign Report for ...", "Email notifications paused"): its opening says, in a
    platform's word for it, that mail bounced ("Bounces: 3", "have been bouncing")."""
    if not _service_sender(msg):
        return False  # (``matches`` asks this of most mail: the head only for a service's)
    head = _own_head(msg, notification_text(msg))
    says_bounced = PLATFORM_BOUNCE_WORD.search(head, 0, _MAX_REPORT_OPENING) is not None
    return says_bounced and _reports_failed_mail(msg, head)


def _reports_complaints(msg: MessageView, head: str) -> bool:
    """A platform's report, by its subject or opening, of complaints about its user's
    mail, and not of bounces."""
    opening = head[:_MAX_REPORT_OPENING]
    return COMPLAINTS_REPORTED.search(opening) is not None and BOUNCE_WORD.search(msg.subject) is None


def _service_sender(msg: MessageView) -> bool:
    """From an address no one reads ("noreply", "notifications") or a service's role
    address ("support", "mailer", "reports"), or through a sending platform: an
    application's or a help desk's, not a person's."""
    return (
        _no_reply_sender(msg) or SERVICE_LOCAL.match(msg.from_address.partition("@")[0]) is not None
        or _platform_return_path(msg)
    )


def _platform_return_path(msg: MessageView) -> bool:
    """Sent with a sending platform's return path ("bounce-58113042@surveymonkey.com"),
    not the From address's own: an application's mail, whatever its From says."""
    path = (strip_address(msg.header("Return-Path")) or "").lower()
    if not path or path == msg.from_address.lower():
        return False
    local, _, domain = path.partition("@")
    return PLATFORM_RETURN_LOCAL.match(local) is not None or PLATFORM_RETURN_HOST.search(domain) is not None


def _service_notice(msg: MessageView) -> bool:
    """A help desk's, a shop's or a sending platform's notice from its role or no-reply
    address whose subject says that mail it sent failed ("We couldn't deliver your reply
    to ...", "Email failed for ticket #3321", "Your weekly bounce summary"), even sent
    as bulk mail (a platform's digest) but not to a list: read as
    ``_reports_failed_mail`` reads it."""
    return _service_sender(msg) and not _list_mail(msg) and APPLICATION_BOUNCE(msg.subject)


#: A letter's greeting of a person on its first line ("Hi Tom,", "Hallo Jana,", "Dear Ms
#: Lee:", "王小姐您好：", "山田様").
_PERSONAL_GREETING = re.compile(
    rf"\A\s*(?:(?:{GREETING_WORDS})\b[^\n]{{0,40}}"
    r"|[^\s\n]{1,12}(?:您好|你好|様|さん)"
    # a first name alone ("Walt,"), as a colleague writes to a colleague
    r"|[A-Z][a-z]{1,20}(?=,[ \t]*\n))"
    r"[ \t]*[,!:：，！]?[ \t]*\n",
    re.IGNORECASE,
)
#: A question a letter asks in its own words (not in a quoted or indented line).
_OWN_QUESTION = re.compile(r"^(?![ \t]*>)(?![ \t]{2})[^\n]{0,300}[?？]", re.MULTILINE)


def asks_about_a_notice(msg: MessageView) -> bool:
    """A person's letter that quotes a notice to ask about it ("Walt, I got this back
    twice ... Is the list broken?"): sent by no mail system, with no report part and no
    message attached, opening with a greeting and asking a question in its own lines.
    Its quoted notice is no notice to the sender: no decoder of a format reads it."""
    # (The report part and the attachments first: read already, they settle most notices.)
    if msg.delivery_status is not None or msg.parts_of(*MESSAGE_TYPES) or machine_sent(msg):
        return False
    if FORWARD_SUBJECT.match(msg.subject.strip()):
        return False  # a forward ("Fwd: ...", SquirrelMail's "[Fwd: ...]"): it passes one on
    text = notification_text(msg)
    if not _personal_question(msg, text):
        return False
    # A ticket made of a mail system's notice, or an application's report of mail it
    # sent, may greet and ask too: the fallback reads those.
    return FROM_MAIL_SYSTEM.search(text, 0, MAX_COMPLETION_TEXT) is None and not _reports_failed_mail(
        msg, _own_head(msg, text))


def _personal_question(msg: MessageView, text: str) -> bool:
    """A person's letter that asks about a bounce it quotes: from no service's address,
    opening with a greeting of a person and asking a question in its own lines."""
    if _service_sender(msg):
        return False
    head = text[:_MAX_HEAD]
    return _PERSONAL_GREETING.match(head) is not None and _OWN_QUESTION.search(head) is not None


def _list_mail(msg: MessageView) -> bool:
    """Mail sent to a list or as a newsletter (List-Id, List-Unsubscribe). An
    application's notice may carry a List-Unsubscribe too (its notification settings, as
    bulk senders' rules ask since 2024): one from a no-reply address, or sent through a
    platform's return path, whose subject states rather than asks is no newsletter for
    that ("Your email to Dana Ortiz bounced", not "Undelivered mail? Read this")."""
    if msg.has_header("List-Id"):
        return True
    if not msg.has_header("List-Unsubscribe"):
        return False
    return "?" in msg.subject or not (_no_reply_sender(msg) or _platform_return_path(msg))


def _bulk(msg: MessageView) -> bool:
    """Mail sent to a list or in bulk (a newsletter, a list's post): it may talk about
    bounces, it is no notice about one message."""
    return _list_mail(msg) or msg.header("Precedence").strip().lower() in ("bulk", "list")


def _bounce_subject(msg: MessageView) -> bool:
    """A subject that opens like a bounce's and is not a reply, forward or ticket."""
    subject = msg.subject.strip()
    if FORWARD.match(subject) or TICKET.search(subject):
        return False
    return opening_bounce_words(subject) is not None


def _wrapped_bounce(msg: MessageView) -> list[Finding]:
    """Findings of a bounce attached whole (``message/rfc822``) to this notification."""
    for part in msg.parts_of(*MESSAGE_TYPES):
        payload = part.message.get_payload()
        inner = payload[0] if isinstance(payload, list) and payload else None
        if not isinstance(inner, email.message.Message):
            continue
        view = MessageView(inner)
        if view.delivery_status is not None:
            return dsn_findings(view.delivery_status)
        if machine_sent(view):
            notice = Notice(notification_text(view))
            if notice.states_failure or notice.states_delay:
                found, _ = named_recipients(view, notice, any_paragraph=False)
                if found:
                    return found
    return []
