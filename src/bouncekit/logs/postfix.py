"""Postfix logs (``/var/log/mail.log`` written by syslog or ``postlog``).

The lines read, all of the form ``<time> <host> postfix/<program>[<pid>]: <queue id>: ...``
(``postfix`` may be any ``syslog_name`` containing it, such as ``postfix-out``):

- a delivery agent (smtp, lmtp, local, virtual, error, retry, pipe) reporting one
  recipient: ``to=<rcpt>, [orig_to=<...>,] relay=..., delay=..., [delays=...,]
  [dsn=5.1.1,] status=bounced|deferred|expired (text)``, where the text is
  ``host mx[ip] said: 550 ... (in reply to RCPT TO command)`` or Postfix's own words
  (``connect to mx[ip]:25: Connection refused``, ``unknown user: "x"``, ...);
- cleanup: ``message-id=<...>``;
- qmgr: ``from=<sender>, size=..., nrcpt=... (queue active)``, ``from=<sender>,
  status=expired, returned to sender`` (the message has been queued too long: its
  deferred recipients bounce) and ``removed`` (the message left the queue).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from bouncekit.logs.base import (
    MAX_TOKEN,
    Attempt,
    LogParser,
    Outcome,
    host_of,
    syslog_prefix,
)

_DELIVERY_AGENTS = frozenset({"smtp", "lmtp", "local", "virtual", "error", "retry", "pipe"})
_OUTCOMES = {"bounced": Outcome.BOUNCED, "deferred": Outcome.DEFERRED, "expired": Outcome.EXPIRED}
# "host mx.example.com[192.0.2.1] said: 550 ..." and "... refused to talk to me: 554 ...".
_HOST_REPLY = re.compile(
    r"host ([^\s\[]{1,255})\[[^\]]{0,64}\](?::\d{1,5})? (?:said|refused to talk to me): "
)
# Postfix's own words about a remote host it could not talk to.
_HOST_TROUBLE = re.compile(r"(?:connect to|lost connection with|conversation with) ([^\s\[]{1,255})\[")
_IN_REPLY_TO = re.compile(r"(?<!\s)\s*\(in reply to [^()]{1,80}\)\s*$")
_QUEUE_ID_CHARS = frozenset("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")


def split_text(text: str) -> tuple[str, str | None]:
    """The diagnostic of a status text and the remote host it names, if any.

    ``host mx[ip] said: 550 5.1.1 unknown (in reply to RCPT TO command)`` gives
    ``("550 5.1.1 unknown", "mx")``; Postfix's own texts are kept whole.
    """
    m = _HOST_REPLY.match(text)
    if m:
        reply = text[m.end():]
        if reply.endswith(")"):
            reply = _IN_REPLY_TO.sub("", reply)
        return reply, host_of(m[1])
    m = _HOST_TROUBLE.match(text)
    return text, (host_of(m[1]) if m else None)


class PostfixLog(LogParser):
    """Reads Postfix delivery, cleanup and qmgr lines."""

    name = "postfix-log"

    def feed(self, line: str) -> Sequence[Attempt] | None:
        if "postfix" not in line:
            return None
        head, sep, rest = line.partition("]: ")
        slash = head.rfind("/")
        bracket = head.rfind("[")
        if not sep or slash < 0 or bracket < slash or head.find("postfix", 0, slash) < 0:
            return None
        program = head[slash + 1 : bracket]
        queue_id, sep, message = rest.partition(": ")
        if not sep or not 5 <= len(queue_id) <= 20 or not _QUEUE_ID_CHARS.issuperset(queue_id):
            return ()  # a line of Postfix about no queued message (connect, warning, ...)
        if program in _DELIVERY_AGENTS:
            return self._delivery(head, queue_id, message)
        if program == "qmgr":
            return self._qmgr(head, queue_id, message)
        if program == "cleanup" and message.startswith("message-id="):
            self.queue.open(queue_id).message_id = message[11:].strip()[:MAX_TOKEN] or None
        return ()

    def _delivery(self, head: str, queue_id: str, message: str) -> Sequence[Attempt] | None:
        if not message.startswith("to=<"):
            return ()
        at = message.find(", status=")
        if at < 0:
            return None
        word, _, text = message[at + 9 :].partition(" ")
        outcome = _OUTCOMES.get(word.rstrip(","))
        end = message.find(">", 4, at)
        if end < 0:
            return None
        recipient = message[4:end][:MAX_TOKEN]
        queued = self.queue.get(queue_id)
        if outcome is None:
            # Delivered (or another final word): no longer deferred.
            if queued is not None and queued.deferred:
                queued.deferred.pop(recipient, None)
            return ()
        fields = message[end + 3 : at]
        status = None
        dsn = fields.find("dsn=")
        if dsn >= 0:
            status = fields[dsn + 4 :].partition(",")[0] or None
        text = text.strip()
        if text.startswith("(") and text.endswith(")"):
            text = text[1:-1]
        elif outcome is Outcome.EXPIRED and text.startswith("returned to sender"):
            text = ""
        diagnostic, remote = split_text(text)
        if remote is None:
            relay = fields.find("relay=")
            if relay >= 0:
                remote = host_of(fields[relay + 6 :].partition(",")[0])
        prefix = syslog_prefix(head)
        attempt = Attempt(
            outcome,
            recipient,
            queue_id,
            diagnostic,
            status,
            remote,
            prefix.host,
            prefix.date,
            queued.sender if queued else None,
            queued.message_id if queued else None,
        )
        if outcome is Outcome.DEFERRED:
            self.queue.open(queue_id).defer(attempt)
        elif queued is not None and queued.deferred:
            queued.deferred.pop(recipient, None)
        return (attempt,)

    def _qmgr(self, head: str, queue_id: str, message: str) -> Sequence[Attempt]:
        if message.startswith("from=<"):
            end = message.find(">", 6)
            if end < 0:
                return ()
            queued = self.queue.open(queue_id)
            queued.sender = message[6:end][:MAX_TOKEN] or None
            if "status=expired" in message[end:]:
                return self._expire(head, queue_id)
            return ()
        if message.startswith("removed"):
            self.queue.close(queue_id)
        return ()

    def _expire(self, head: str, queue_id: str) -> Sequence[Attempt]:
        """The recipients still deferred when the message expired now bounce."""
        queued = self.queue.get(queue_id)
        if queued is None or not queued.deferred:
            return ()
        return queued.expire(queue_id, syslog_prefix(head))

