"""UUCP's own notices (Taylor and HoneyDanBer UUCP, 1985-2005): ``uucleanup``'s warning
and return of a job it could not pass on, and ``uuxqt``'s report of a remote ``rmail``
that failed.

From ``uucp`` ("UNIX-to-UNIX Copy"), plain text, no RFC 3464 part:

- ``Warning From uucp`` / ``Undeliverable mail returned by uucp``: "We have been unable
  to contact machine 'birchfd' since you queued your job." over the job's command
  (``rmail greta``), then "The job will be deleted in several days ..." (a delay) or
  "The job was queued 7 days ago and has now been deleted." (a failure), and the
  message after ``##### Data File: #####``;
- ``uuxqt cmd (rmail) status (exit 1)``: "rmail (sue@example.com)" over "exited with
  status 1".

The recipient is the job's ``rmail`` argument; a bare local name is the returned
message's recipient of that name.

Fixtures: hand-written (tests/decoders/test_uucp.py).
"""

from __future__ import annotations

import re

from bouncekit.decoders.base import Decoder, Finding, inline_original, local_recipient
from bouncekit.mime import MessageView
from bouncekit.model import Event

_UNREACHED = re.compile(
    r"We have been unable to contact machine '?([^'\s]{1,64})'? since you queued your job\.?"
)
_JOB = re.compile(r"^[ \t]+rmail[ \t]+\(?([^\s()]{1,320})\)?[ \t]*$", re.M)
_DELETED = re.compile(r"The job was queued (\d{1,3}) days? ago and has (?:now )?been deleted\.?")
_EXITED = re.compile(r"^[ \t]*exited with status[ \t]+(\d{1,3})", re.M)
_DATA_FILE = ("##### Data File:",)


class Uucp(Decoder):
    name = "uucp"
    markers = ("since you queued your job", "uuxqt cmd (rmail) status")

    def matches(self, msg: MessageView) -> bool:
        return "since you queued your job" in msg.text or msg.subject_lower.startswith("uuxqt cmd (rmail)")

    def decode(self, msg: MessageView) -> list[Finding] | None:
        text = msg.text
        original = msg.original or inline_original(text, _DATA_FILE)
        unreached = _UNREACHED.search(text)
        exited = _EXITED.search(text)
        if unreached is None and exited is None:
            return None
        findings = []
        for job in _JOB.finditer(text):
            address = local_recipient(job[1], msg, original)
            if address is None:
                continue
            if unreached is not None:
                deleted = _DELETED.search(text)
                said = " ".join(part for part in (deleted[0] if deleted else None, unreached[0]) if part)
                findings.append(Finding(
                    recipient=address,
                    diagnostic=said,
                    action="failed" if deleted else "delayed",
                    event=None if deleted else Event.DELAYED,
                    remote_mta=unreached[1],
                    expired=deleted is not None,
                ))
            else:
                findings.append(Finding(
                    recipient=address, diagnostic=f"rmail exited with status {exited[1]}", action="failed"
                ))
        return findings or None
