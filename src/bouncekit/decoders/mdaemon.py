"""MDaemon (MDaemon Technologies): ``Permanent Delivery Failure`` or ``Warning: Message
Delivery Has Been Delayed`` from ``Postmaster <MDaemon@host>``, with ``X-MDDSN-Message:
Yes``.

A ``multipart/mixed`` message, no RFC 3464 part. The text says ``The attached message had
PERMANENT fatal delivery errors!`` (or ``... has not yet been delivered to one or more
recipients!`` / ``queued for delivery again`` for a delay), then one or more ``---
Session Transcript ---`` ... ``--- End Transcript ---`` blocks: time-stamped lines,
``*  To: a@b`` for the recipients of the attempt, ``<-- 550 ...`` for what the remote
server said and ``--> RCPT To:<a@b>`` for what MDaemon sent. The reply to a recipient's
RCPT is its diagnostic; a failure before any RCPT (a refused connection, a ``421`` in
the greeting) applies to every recipient of that session.

Fixtures: hand-written (tests/decoders/test_mdaemon.py).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from bouncekit.decoders.base import Decoder, Finding, original_recipient
from bouncekit.mime import MessageView, strip_address
from bouncekit.model import Event

#: The lines that open and close a transcript: "--- Session Transcript ---" / "--- End
#: Transcript ---", in the translated editions "--- Sitzungsprotokoll ---" / "--- Ende des
#: Protokolls ---", "--- Transcripción de la sesión ---" ...: a transcript is the text
#: between two such lines that holds time-stamped lines.
_MARKER = re.compile(r"^[ \t]*-{3,}[ \t]?[^\n-][^\n]{1,60}?[ \t]?-{3,}[ \t\r]*$", re.M)
#: ``Thu 2026-03-19 08:45:31.822: `` before every transcript line (blanks, not any
#: whitespace, before it: searched in a whole chunk, ``\s*`` would run over every newline of
#: a long run).
_STAMP = re.compile(r"^[ \t]*(?:[A-Za-z]{2,4}[ \t])?\d{4}-\d\d-\d\d[ \t]\d\d:\d\d:\d\d(?:\.\d{1,6})?:[ \t]?",
                    re.M)
_TO = re.compile(r"^\*\s{0,4}To:\s{0,4}<?([^<>\s]{1,320}@[^<>\s]{1,253})>?", re.IGNORECASE)
_RCPT = re.compile(r"^-->\s{0,4}RCPT\s{1,4}TO:\s{0,4}<([^<>\s]{1,320})>", re.IGNORECASE)
_REPLY = re.compile(r"^<--\s{0,4}([2-5]\d\d)([ -])(.{0,2000})$")
_HOST = re.compile(r"connection to \[\s{0,4}([A-Za-z0-9.:-]{1,253})\s{0,4}:", re.IGNORECASE)
#: MDaemon's own status lines (``*  ...``) that say the connection failed before any
#: reply: "*  Socket connection failed (10060): Connection timed out; will retry later".
_TROUBLE = re.compile(r"\b(?:failed|timed? ?out|refused|unreachable|reset by|no route)\b", re.IGNORECASE)
#: A warning's words (versions word it differently: "has not yet been delivered", "has
#: encountered one or more temporary delivery errors ... placed in the retry queue").
_DELAY = ("has not yet been delivered", "queued for delivery again", "temporary delivery error",
          "placed in the retry queue", "this is a warning message only",
          # the translated editions' ("bisher nicht zugestellt", "nur eine Warnung",
          # "aún no ha sido entregado", "n'a pas encore été remis")
          "bisher nicht zugestellt", "nur eine warnung", "no ha sido entregad", "pas encore été remis",
          "solo un aviso", "sólo un aviso",
          # "Delivery attempts will continue", and the Turkish edition's "denemeye devam"
          "attempts will continue", "will continue to attempt", "denemeye devam")


@dataclass
class _Session:
    """What one transcript says (a working value, not shared)."""

    recipients: list[str] = field(default_factory=list)
    #: The addresses of the RCPT commands, in order.
    commanded: list[str] = field(default_factory=list)
    verdicts: dict[str, str] = field(default_factory=dict)
    #: The addresses (lower case) whose RCPT the server took (2xx).
    accepted: set[str] = field(default_factory=set)
    failure: str | None = None
    host: str | None = None

    def failed(self) -> list[str]:
        """The recipients this session failed for.

        Those of the ``*  To:`` lines, else those of the RCPT commands, and any other whose
        RCPT was refused; but a recipient
        whose RCPT the server took got the message unless a failure outside any RCPT
        (at DATA, or a dropped connection) followed: the notice returns it for the
        others ("ONLY THE RECIPIENTS LISTED BELOW DID NOT RECEIVE IT").
        """
        addresses = self.recipients or self.commanded
        # The "*  To:" lines copy the message's To; a Cc or Bcc recipient shows only in
        # its RCPT command, and a RCPT the server refused failed whatever To says.
        listed = {a.lower() for a in addresses}
        refused = [a for a in self.commanded if a.lower() in self.verdicts and a.lower() not in listed]
        addresses = addresses + refused
        if self.failure is None:
            addresses = [a for a in addresses if a.lower() not in self.accepted or a.lower() in self.verdicts]
        return list(dict.fromkeys(addresses))


class Mdaemon(Decoder):
    name = "mdaemon"
    headers = ("X-MDDSN-Message",)
    # The notices come from "MDaemon@host", with or without a display name and brackets
    # (versions and setups that leave out X-MDDSN-Message write the bare address).
    senders = ("mdaemon@",)

    def decode(self, msg: MessageView) -> list[Finding] | None:
        text = msg.text
        transcripts = [chunk for chunk in _MARKER.split(text)[1:] if _STAMP.search(chunk)]
        if not transcripts:
            return None
        lower = " ".join(text.lower().split())  # (a marker may wrap over a line end)
        subject = msg.subject_lower
        delayed = any(marker in lower for marker in _DELAY) or "delayed" in subject or "temporary" in subject
        findings: dict[str, Finding] = {}
        for chunk in transcripts:
            session = _read_session(chunk)
            addresses = session.failed()
            if not addresses:
                fallback = original_recipient(msg)
                addresses = [fallback] if fallback else []
            for address in addresses:
                diagnostic = session.verdicts.get(address.lower(), session.failure)
                if diagnostic is None and address.lower() in findings:
                    continue
                findings[address.lower()] = Finding(
                    recipient=address,
                    diagnostic=diagnostic,
                    action="delayed" if delayed else "failed",
                    event=Event.DELAYED if delayed else None,
                    remote_mta=session.host,
                )
        return list(findings.values()) or None


def _read_session(transcript: str) -> _Session:
    session = _Session()
    current: str | None = None
    reply: list[str] = []
    for raw in transcript.split("\n"):
        line = _STAMP.sub("", raw, count=1).strip()
        m = _TO.match(line)
        if m:
            # One line may list several recipients ("*  To: a@b, c@d").
            for part in line.split(":", 1)[1].split(","):
                address = strip_address(part.strip())
                if address and "@" in address:
                    session.recipients.append(address)
            continue
        m = _HOST.search(line)
        if m and line.lower().startswith("attempting"):
            session.host = m[1].lower().rstrip(".")
            continue
        if line.startswith("*") and session.failure is None and not session.commanded and _TROUBLE.search(
                line):
            # No server reply to read: MDaemon's own account of the failed connection is
            # the cause (a reply read later, to a retried connection, replaces it).
            session.failure = line.lstrip("* ").strip()
            continue
        if line.startswith("-->"):
            # A reply answers the last command: a failure after DATA (or any command but
            # RCPT) is not the last RCPT's, it is the session's.
            m = _RCPT.match(line)
            current = strip_address(m[1]) if m else None
            if current:
                session.commanded.append(current)
            continue
        m = _REPLY.match(line)
        if not m:
            continue
        reply.append(f"{m[1]} {m[3].strip()}" if not reply else m[3].strip())
        if m[2] == "-":  # a multi-line reply goes on
            continue
        text, reply = " ".join(reply), []
        if text[0] not in "45":
            if current and text[0] == "2":
                session.accepted.add(current.lower())
            continue
        if current:
            session.verdicts.setdefault(current.lower(), text)
        elif session.failure is None or not session.commanded:
            # The first failure after the RCPTs (DATA refused) is the cause; before any
            # RCPT the latest (a greeting's 421 after a refused EHLO) stands as before.
            session.failure = text
    return session
