"""Exim logs: the main log (``/var/log/exim4/mainlog``) or Exim writing to syslog.

Main log lines are ``<date> <time>[.frac][ <zone>][ [pid]] <message id> <flag> ...``;
through syslog the date is syslog's and ``exim[pid]: `` precedes the message id. The
message id is ``1rNabc-0001Xy-AB`` (Exim up to 4.96) or ``1rNabc-00000000XyZ-AbCd``
(4.97 and later). The lines read:

- ``<= sender ... id=<message-id>``: the message arrived (sender ``<>`` for a bounce);
- ``** rcpt [<original>] [R=router T=transport H=host [ip] ...]: text``: delivery failed
  for good, where the text is ``SMTP error from remote mail server after RCPT
  TO:<rcpt>: 550 ...`` or Exim's own words (``Unrouteable address``, ``retry timeout
  exceeded``);
- ``== rcpt ... defer (errno) ...: text``: delivery deferred;
- ``Completed``: the message left the queue.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from bouncekit.logs.base import (
    MAX_TOKEN,
    Attempt,
    LogParser,
    Outcome,
    bracketed,
    host_of,
    syslog_prefix,
)

_MAIN_LOG = re.compile(
    r"(\d{4}-\d\d-\d\d) (\d\d:\d\d:\d\d)(?:\.\d{1,6})?(?: ([+-]\d\d)(\d\d))?(?: \[\d{1,10}\])? "
)
_MESSAGE_ID = re.compile(r"[0-9A-Za-z]{6}-[0-9A-Za-z]{6,11}-[0-9A-Za-z]{2,4}")
_FLAGS = ("** ", "== ", "<= ", "Completed")
# The preamble Exim puts before a remote server's reply; older versions name the host
# after the command instead of in an H= field.
_SMTP_ERROR = re.compile(
    r"SMTP error from remote (?:mail server|mailer) after (?:pipelined )?"
    r"[^:]{1,60}(?::<[^>]{0,512}>[^:]{0,200})?: (?:host ([^\s\[]{1,255}) \[[^\]]{0,64}\]: )?"
)


class EximLog(LogParser):
    """Reads Exim arrival, failure, deferral and completion lines."""

    name = "exim-log"

    def feed(self, line: str) -> Sequence[Attempt] | None:
        if line[10:11] == " " and line[4:5] == "-":
            m = _MAIN_LOG.match(line)
            if m is None:
                return None
            if not any(flag in line for flag in _FLAGS):
                return ()  # connections, deliveries, queue runs: nothing to report
            date = f"{m[1]}T{m[2]}" + (f"{m[3]}:{m[4]}" if m[3] else "")
            return self._message(line[m.end() :], date, None)
        if " exim" not in line:
            return None
        head, sep, rest = line.partition("]: ")
        if not sep or "exim" not in head[head.rfind(" ") :]:
            return None
        if not any(flag in rest for flag in _FLAGS):
            return ()
        prefix = syslog_prefix(head)
        return self._message(rest, prefix.date, prefix.host)

    def _message(self, rest: str, date: str | None, host: str | None) -> Sequence[Attempt] | None:
        message_id, _, body = rest.partition(" ")
        if not _MESSAGE_ID.fullmatch(message_id):
            return ()  # a line about no message (a queue run, a rejected connection)
        if body.startswith("** "):
            return self._attempt(Outcome.BOUNCED, message_id, body[3:], date, host)
        if body.startswith("== "):
            return self._attempt(Outcome.DEFERRED, message_id, body[3:], date, host)
        if body.startswith("<= "):
            sender = body[3:].partition(" ")[0][:MAX_TOKEN]
            queued = self.queue.open(message_id)
            queued.sender = bracketed(sender) or None
            at = body.find(" id=")
            if at >= 0:
                value = body[at + 4 :].partition(" ")[0][:MAX_TOKEN]
                queued.message_id = f"<{bracketed(value)}>" if value else None
        elif body.startswith("Completed"):
            self.queue.close(message_id)
        return ()

    def _attempt(
        self, outcome: Outcome, message_id: str, body: str, date: str | None, host: str | None
    ) -> Sequence[Attempt] | None:
        fields, _, text = body.partition(": ")
        recipient = fields.partition(" ")[0].rstrip(":")[:MAX_TOKEN]
        if not recipient:
            return None
        remote = None
        at = fields.find(" H=")
        if at >= 0:
            remote = host_of(fields[at + 3 :].partition(" ")[0])
        text = text.strip()
        m = _SMTP_ERROR.match(text)
        if m:
            remote = remote or host_of(m[1] or "")
            text = text[m.end() :]
        queued = self.queue.get(message_id)
        attempt = Attempt(
            outcome,
            recipient,
            message_id,
            text,
            None,
            remote,
            host,
            date,
            queued.sender if queued else None,
            queued.message_id if queued else None,
        )
        return (attempt,)
