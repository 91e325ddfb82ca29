"""A mail system's notice that is an SMTP session transcript, from any MTA.

Some notices give no statement at all, only the session in which a message was refused:
Postfix's postmaster notice (``In:``/``Out:`` lines), the Sendmail-style client
transcript (``>>>`` for the commands, ``<<<`` for the replies) that other MTAs copied,
and ``C:``/``S:`` logs. Their own decoders read the products they know; this reads the
same layout from the others. RFC 5321 says what each reply answers:

- a 4xx/5xx reply to ``RCPT TO`` refuses that recipient;
- a 4xx/5xx reply to ``DATA``, or after the message's end (the reply that follows 354
  with no command between), refuses the message for every recipient the session had
  accepted.

A transcript in which nothing was refused (an error about another command) gives no
record; ``RSET`` and a new ``MAIL FROM`` start another transaction. Only a machine-sent
message is read, and only its notification (a person quoting a session is no notice);
a notice that also states the failure in words is left to the fallback, which reads
every recipient it names (the transcript may show one attempt of several).

Fixtures: lhost-postfix-75.eml read without the postfix decoder (bench/ablation.py).
"""

from __future__ import annotations

import re

from bouncekit.decoders.base import Decoder, Finding, Keys
from bouncekit.decoders.fallback import Notice, machine_sent, notification_text
from bouncekit.mime import MessageView, strip_address

#: Characters of the notice read: a session's transcript is short.
_MAX_TRANSCRIPT = 32 * 1024
#: A command line of the client (``In:`` as the server logs it, ``>>>`` as a client
#: logs its own, ``C:``) and a reply line of the server (``Out:``, ``<<<``, ``S:``).
_LINE = re.compile(r"^[ \t]{0,8}(In:|>>>|C:|Out:|<<<|S:)[ \t]?(.{0,2000})$")
_CLIENT = frozenset({"In:", ">>>", "C:"})
_REPLY = re.compile(r"^[ \t]*([2-5]\d\d)([ -]|$)(.{0,2000})")
_RCPT = re.compile(r"^RCPT\s+TO:\s*<?([^<>\s]{1,320}@[^<>\s]{1,255}?)>?(?:\s|$)", re.IGNORECASE)
_VERB = re.compile(r"^\s*([A-Za-z]{4})\b")


class Transcript(Decoder):
    name = "transcript"
    keyed = True
    more_keys = Keys(markers=("RCPT TO:", "rcpt to:", "Rcpt To:", "RCPT To:", "Rcpt to:"))

    def matches(self, msg: MessageView) -> bool:
        text = msg.text
        return any(key in text for key in self.more_keys.markers) and machine_sent(msg)

    def decode(self, msg: MessageView) -> list[Finding] | None:
        text = notification_text(msg)[:_MAX_TRANSCRIPT]
        notice = Notice(text)
        if notice.states_failure or notice.states_delay:
            return None  # a notice that says what failed: the fallback reads all it names
        return _refusals(text) or None


def _refusals(text: str) -> list[Finding]:
    """One finding per recipient a 4xx/5xx reply refused, in the sessions of ``text``."""
    findings: dict[str, Finding] = {}
    accepted: list[str] = []
    command = ""  # the verb of the last command; "." once 354 asked for the message
    pending = ""  # the recipient of the last RCPT TO
    reply: list[str] = []
    for raw in text.split("\n"):
        m = _LINE.match(raw)
        if m is None:
            continue  # text, or a command's continuation line ("     FROM:<a@b>")
        side, line = m[1], m[2].strip()
        if side in _CLIENT:
            verb = _VERB.match(line)
            command = verb[1].upper() if verb else line[:4].upper()
            pending = ""
            if command == "RCPT":
                r = _RCPT.match(line)
                pending = (strip_address(r[1]) or "") if r else ""
            elif command in ("MAIL", "RSET", "HELO", "EHLO"):
                accepted = []
            continue
        r = _REPLY.match(line)
        if r is None:
            continue
        reply.append(r[0].strip())
        if r[2] == "-":
            continue  # the reply goes on
        code, said = r[1], " ".join(reply)
        reply = []
        if command == "RCPT" and pending:
            if code[0] == "2":
                accepted.append(pending)
            elif code[0] in "45":
                findings.setdefault(pending.lower(), Finding(recipient=pending, diagnostic=said))
            pending = ""
        elif command == "DATA" and code == "354":
            command = "."
        elif command in ("DATA", ".", "BDAT") and code[0] in "45":
            for address in accepted:
                findings.setdefault(address.lower(), Finding(recipient=address, diagnostic=said))
            accepted = []
            command = ""
        elif command == ".":
            accepted = []
            command = ""
    return list(findings.values())
