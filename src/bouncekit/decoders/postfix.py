"""Postfix: ``Undelivered Mail Returned to Sender`` from ``MAILER-DAEMON (Mail Delivery
System)``.

Postfix's bounce daemon writes a ``multipart/report``: a notification (``This is the
mail system at host ...`` or, in older versions, ``This is the Postfix program at host
...``) with one paragraph per recipient,
``<a@b>: host mx.example[192.0.2.1] said: 550 5.1.1 ... (in reply to RCPT TO command)``
(or ``<a@b> (expanded from <alias@b>): ...``, ``connect to host[ip]:25: Connection timed
out``, ``delivery temporarily suspended: ...``), an RFC 3464 part with ``X-Postfix-*``
fields, and the returned message. Delay warnings (``Delayed Mail (still being
retried)``) have ``Action: delayed``. ``Postfix SMTP server: errors from host[ip]`` is a
postmaster notice with the session transcript (``In:``/``Out:`` lines) instead.

Fixtures: lhost-postfix-*.eml.
"""

from __future__ import annotations

import re
from dataclasses import replace

from bouncekit.decoders.base import (
    Decoder,
    Finding,
    Keys,
    address_blocks,
    delivery_status_of,
    dsn_findings,
    fill_from_text,
    find_host,
    original_recipient,
)
from bouncekit.decoders.fallback.sendingside import refused_inside
from bouncekit.mime import MessageView, strip_address

_RECIPIENT_LINE = re.compile(
    r"^<([^<>\s]{1,320})>"
    r"(?:[ \t]+\(expanded from <[^<>]{0,320}>\):|:|[ \t]+\(expanded[ \t]+from[ \t]*$)[ \t]?"
)
#: A reply quoted after Postfix's words inside a longer reason.
_QUOTED_REPLY = re.compile(r"(?:said|refused to talk to me):\s{0,5}([245]\d\d)(?![\d.])")
#: The rest of an ``(expanded from`` note folded onto the next line.
_EXPANDED_TAIL = re.compile(r"^\s*(?:\(?expanded from\s+)?<[^<>]{0,320}>\):\s*")
_SAID = re.compile(
    r"^host[ \t\n]+[^\s\[]{1,255}\[[^\]\s]{1,64}\](?::\d{1,5})?[ \t\n]+"
    r"(?:said|refused to talk to me):[ \t\n]*",
)
# Searched from its literal "(in" (a pattern opening with the blanks before it would be
# tried at every position); the blanks before it go with it.
_IN_REPLY_TO = re.compile(r"\(in[ \t\n]+reply[ \t\n]+to[ \t\n]+[^()]{1,80}?command\)\s*$")
_SESSION_RCPT = re.compile(r"^[ \t]*In:\s+RCPT\s+TO:\s*<([^<>\s]{1,320})>", re.IGNORECASE | re.MULTILINE)
_SESSION_ERROR = re.compile(r"^[ \t]*Out:\s+([45]\d\d\b.{0,1000})$", re.MULTILINE)
_NOTIFICATION = ("This is the mail system at host", "This is the Postfix program at host")


#: The notice's banner at the start of a line (after a mail client's quoting, if any).
_BANNER_LINE = re.compile(r"^(?:>[ \t]?)*(?:" + "|".join(map(re.escape, _NOTIFICATION)) + ")", re.MULTILINE)
#: The banner of Postfix's delay warning.
_WARNING_ONLY = "THIS IS A WARNING ONLY"


class Postfix(Decoder):
    name = "postfix"
    subjects = ("undelivered mail returned to sender", "delayed mail (still being retried)",
                "postfix smtp server: errors from", "mail delivery status report")
    markers = _NOTIFICATION
    more_keys = Keys(status_fields=("x-postfix-queue-id",))

    def matches(self, msg: MessageView) -> bool:
        status = msg.delivery_status
        if status is not None and status.get("x-postfix-queue-id"):
            return True
        if not super().matches(msg):
            return False
        # By its banner alone, only where the banner opens a line (quoted or not): a
        # text that shows it indented as an example (a hoster's announcement of its new
        # bounce texts) is not Postfix's notice.
        subject = msg.subject_lower
        return any(s in subject for s in self.subjects) or _BANNER_LINE.search(msg.text) is not None

    def decode(self, msg: MessageView) -> list[Finding] | None:
        text = msg.text
        if msg.subject.lower().startswith("postfix smtp server: errors from"):
            return _session_errors(text)
        # A recipient's paragraph ends at the first blank line.
        paragraphs = address_blocks(text, _RECIPIENT_LINE, opening="<")
        blocks = [(a, body.split("\n\n", 1)[0]) for a, body in paragraphs]
        hosts = {address.lower(): find_host(body) for address, body in blocks}
        cleaned = [(address, _reply(body)) for address, body in blocks]
        status = delivery_status_of(msg)
        findings = dsn_findings(status) if status is not None else []
        if findings:
            findings = fill_from_text(findings, cleaned, append=False)
        elif cleaned:
            # Without the delivery-status part (a notice pasted into a ticket, a copy of
            # its text), a delay warning says so in its banner.
            action = "delayed" if _WARNING_ONLY in text or "delayed mail" in msg.subject_lower else "failed"
            findings = [Finding(recipient=a, diagnostic=d or None, action=action) for a, d in cleaned]
        elif status is not None or any(m in text for m in _NOTIFICATION):
            # "Delivery report unavailable": a bounce that names nobody.
            findings = [Finding(recipient=original_recipient(msg), action="failed")]
        else:
            return None
        out = []
        for f in findings:
            remote_mta = f.remote_mta
            if not remote_mta and f.recipient:
                remote_mta = hosts.get(f.recipient.lower())
            reply_code = f.reply_code
            quoted = _QUOTED_REPLY.search(f.diagnostic or "")
            if quoted and not reply_code:
                reply_code = quoted[1]
            if (remote_mta, reply_code) != (f.remote_mta, f.reply_code):
                f = replace(f, remote_mta=remote_mta, reply_code=reply_code)
            out.append(f)
        return refused_inside(msg, out)


def _reply(body: str) -> str:
    """The remote server's reply inside one recipient paragraph, boilerplate removed."""
    body = _EXPANDED_TAIL.sub("", body.strip(), count=1)
    said = _SAID.match(body)
    if said:
        body = body[said.end() :]
    tail = _IN_REPLY_TO.search(body)
    return (body[: tail.start()] if tail else body).strip()


def _session_errors(text: str) -> list[Finding] | None:
    """Recipients of an SMTP session that Postfix's server reports to the postmaster
    (``Out: 451 4.3.0 Error: queue file write error`` after the recipient's RCPT TO).

    Only a recipient the server accepted (``250`` to its RCPT TO) whose message then
    failed (at DATA or after it) lost a message there. One refused at RCPT TO (``550
    ... User unknown``, ``454 ... Relay access denied``) was refused in the session: the
    client that sent it has the reply, and the notice to the postmaster is a report of
    the server's traffic (no records)."""
    errors = _SESSION_ERROR.findall(text)
    if not errors:
        return None
    accepted = []
    asked = None  # the address of the last RCPT TO, until the server's reply to it
    for line in text.split("\n"):
        m = _SESSION_RCPT.match(line)
        if m is not None:
            asked = m[1]
        elif asked is not None and line.lstrip()[:4].lower() == "out:":
            if line.lstrip()[4:].lstrip().startswith("2"):
                accepted.append(strip_address(asked))
            asked = None
    diagnostic = errors[-1].strip()
    return [Finding(recipient=r, diagnostic=diagnostic, action="failed") for r in accepted if r]
