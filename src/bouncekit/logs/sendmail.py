"""Sendmail logs (syslog, program ``sendmail``, ``sm-mta`` or ``sm-msp-queue``).

The lines read, all of the form ``<time> <host> sm-mta[<pid>]: <queue id>: ...``:

- ``from=<sender>, size=..., class=..., nrcpts=N, msgid=<...>, ...``: the message arrived;
- ``to=<rcpt>[,<rcpt>...], [ctladdr=...,] delay=..., xdelay=..., mailer=..., pri=...,
  relay=host. [ip], dsn=5.1.1, stat=User unknown``: one delivery attempt for the listed
  recipients; ``dsn=4.x.x`` with ``stat=Deferred: ...`` is a deferral, ``dsn=2.x.x`` a
  delivery;
- ``<new id>: DSN: Cannot send message for 5 days`` (or ``return to sender: ...``):
  the message timed out in the queue and is returned; its deferred recipients bounce.

Sendmail logs no removal line, so a message is forgotten once all ``nrcpts``
recipients have been delivered or bounced (or when the table is full).
"""

from __future__ import annotations

from collections.abc import Sequence

from bouncekit.logs.base import (
    MAX_TOKEN,
    Attempt,
    LogParser,
    Outcome,
    QueuedMessage,
    bracketed,
    host_of,
    syslog_prefix,
)

_PROGRAMS = ("sendmail[", "sm-mta[", "sm-msp-queue[")
# Words of sendmail's queue timeout notice (its "Timeout.queuereturn" expiry).
_TIMEOUT_WORDS = ("cannot send message for", "could not be delivered for")


def _field(fields: str, key: str) -> str | None:
    """The value of ``key=`` in a ``k=v, k=v`` list (up to the next ``, ``)."""
    at = fields.find(key)
    while at > 0 and fields[at - 1] != " ":
        at = fields.find(key, at + 1)
    if at < 0:
        return None
    return fields[at + len(key) :].partition(", ")[0][:MAX_TOKEN] or None


class SendmailLog(LogParser):
    """Reads sendmail arrival, delivery and queue return lines."""

    name = "sendmail-log"

    def feed(self, line: str) -> Sequence[Attempt] | None:
        if not any(program in line for program in _PROGRAMS):
            return None
        head, sep, rest = line.partition("]: ")
        if not sep or not head[head.rfind(" ") + 1 :].startswith(("sendmail", "sm-")):
            return None
        queue_id, sep, message = rest.partition(": ")
        if not sep or not 6 <= len(queue_id) <= 20 or not queue_id.isalnum():
            return ()
        if message.startswith("to="):
            return self._delivery(head, queue_id, message)
        if message.startswith("from="):
            self._arrival(queue_id, message)
            return ()
        new_id, sep, notice = message.partition(": ")
        if sep and new_id.isalnum() and notice.startswith(("DSN: ", "return to sender: ")):
            reason = notice.partition(": ")[2]
            if any(words in reason.lower() for words in _TIMEOUT_WORDS):
                return self._expire(head, queue_id, reason)
        return ()

    def _arrival(self, queue_id: str, message: str) -> None:
        queued = self.queue.open(queue_id)
        sender = message[5:].partition(", ")[0]
        queued.sender = bracketed(sender)[:MAX_TOKEN] or None
        queued.message_id = _field(message, "msgid=")
        count = _field(message, "nrcpts=")
        queued.remaining = int(count) if count and count.isdigit() else None

    def _delivery(self, head: str, queue_id: str, message: str) -> Sequence[Attempt] | None:
        at = message.find(", stat=")
        if at < 0:
            return None
        stat = message[at + 7 :].strip()
        to, _, fields = message[3:at].partition(", ")
        recipients = [bracketed(r)[:MAX_TOKEN] for r in to.split(",") if r.strip()]
        if not recipients:
            return None
        status = _field(fields, "dsn=")
        if status:
            final = status[0] in "25"
            outcome = Outcome.BOUNCED if status[0] == "5" else Outcome.DEFERRED
        else:  # sendmail before 8.12 logged no dsn=
            final = not stat.startswith("Deferred")
            outcome = Outcome.DEFERRED if not final else Outcome.BOUNCED
        queued = self.queue.get(queue_id)
        if final and queued is not None:
            for recipient in recipients:
                queued.deferred.pop(recipient, None)
            if queued.remaining is not None:
                queued.remaining -= len(recipients)
                if queued.remaining <= 0 and not queued.deferred:
                    self.queue.close(queue_id)
        if (status and status[0] == "2") or (not status and stat.startswith("Sent")):
            return ()
        if stat.startswith("Deferred"):
            stat = stat[8:].lstrip(": ")
        relay = _field(fields, "relay=")
        prefix = syslog_prefix(head)
        attempts = tuple(
            Attempt(
                outcome,
                recipient,
                queue_id,
                stat,
                status,
                host_of(relay) if relay else None,
                prefix.host,
                prefix.date,
                queued.sender if queued else None,
                queued.message_id if queued else None,
            )
            for recipient in recipients
        )
        if outcome is Outcome.DEFERRED:
            queued = queued or self.queue.open(queue_id)
            for attempt in attempts:
                queued.defer(attempt.recipient, attempt)
        return attempts

    def _expire(self, head: str, queue_id: str, reason: str) -> Sequence[Attempt]:
        queued: QueuedMessage | None = self.queue.close(queue_id)
        if queued is None or not queued.deferred:
            return ()
        return queued.expire(queue_id, syslog_prefix(head), reason)
