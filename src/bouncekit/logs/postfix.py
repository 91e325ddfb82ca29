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
from collections.abc import Iterator, Sequence

from bouncekit.logs.base import (
    MAX_MESSAGES,
    MAX_TOKEN,
    Attempt,
    LogParser,
    Outcome,
    host_of,
    syslog_prefix,
)

_DELIVERY_AGENTS = frozenset({"smtp", "lmtp", "local", "virtual", "error", "retry", "pipe"})
_OUTCOMES = {"bounced": Outcome.BOUNCED, "deferred": Outcome.DEFERRED, "expired": Outcome.EXPIRED}
_FAILURE_WORDS = tuple(_OUTCOMES)
# "host mx.example.com[192.0.2.1] said: 550 ..." and "... refused to talk to me: 554 ...".
_HOST_REPLY = re.compile(
    r"host ([^\s\[]{1,255})\[[^\]]{0,64}\](?::\d{1,5})? (?:said|refused to talk to me): "
)
# Postfix's own words about a remote host it could not talk to.
_HOST_TROUBLE = re.compile(r"(?:connect to|lost connection with|conversation with) ([^\s\[]{1,255})\[")
# Postfix's "(in reply to RCPT TO command)" at the end of a reply: matched from the last
# "(" (no other parenthesis may follow it), not searched for, which tried every position.
_IN_REPLY_TO = re.compile(r"\(in reply to [^()]{1,80}\)\s*").fullmatch
# The kinds of line PostfixLog.feed reads further, by program.
_DELIVERY, _QMGR, _CLEANUP = "delivery", "qmgr", "cleanup"
_KINDS = {program: _DELIVERY for program in _DELIVERY_AGENTS} | {"qmgr": _QMGR, "cleanup": _CLEANUP}
# The kind of a Postfix tag whose lines are not read, and of a tag that is no Postfix tag.
_OTHER, _NO_TAG = "other", "no tag"
#: Tags (``postfix/smtpd[1234``, one per process) whose kind a parser remembers at once.
MAX_TAGS = 32_768
# "<queue id>: " ([0-9A-Za-z], as Postfix writes them, long or short) and the start of a
# message read further, one pattern per kind of program, each with what is kept of it:
# delivery agents' "to=<" with the recipient up to the first ">" (None without one),
# qmgr's "from=<" with the sender up to the first ">" (None for "removed"), cleanup's
# "message-id=" with the rest of the line. Any other message says nothing kept here.
_DELIVERY_TO = re.compile(r"([0-9A-Za-z]{5,20}): to=<(?:([^>]*)>)?").match
_QMGR_MESSAGE = re.compile(r"([0-9A-Za-z]{5,20}): (?:from=<([^>]*)>|removed)").match
_CLEANUP_ID = re.compile(r"([0-9A-Za-z]{5,20}): message-id=(.*)", re.DOTALL).match
# The first letters of the failure words: a status word that starts otherwise is no
# failure (a few words that start so are no failure either: read the slow way).
_FAILURE_INITIALS = "".join(sorted({word[0] for word in _FAILURE_WORDS}))


def without_in_reply_to(reply: str) -> str:
    """``reply`` without the ``(in reply to ... command)`` Postfix ends it with, nor the
    blanks before that."""
    opening = reply.rfind("(")
    if opening >= 0 and _IN_REPLY_TO(reply, opening):
        return reply[:opening].rstrip()
    return reply


def split_text(text: str) -> tuple[str, str | None]:
    """The diagnostic of a status text and the remote host it names, if any.

    ``host mx[ip] said: 550 5.1.1 unknown (in reply to RCPT TO command)`` gives
    ``("550 5.1.1 unknown", "mx")``; Postfix's own texts are kept whole.
    """
    m = _HOST_REPLY.match(text)
    if m:
        reply = text[m.end():]
        if reply.endswith(")"):
            reply = without_in_reply_to(reply)
        return reply, host_of(m[1])
    m = _HOST_TROUBLE.match(text)
    return text, (host_of(m[1]) if m else None)


def read_attempt(
    outcome: Outcome,
    head: str,
    queue_id: str,
    message: str,
    at: int,
    end: int,
    sender: str | None,
    message_id: str | None,
) -> Attempt:
    """The attempt of a failed delivery line: ``head`` is the line up to its ``]: ``,
    ``message`` the line from ``to=<`` on, ``at`` where its ``, status=`` is, ``end``
    the ``>`` that closes the recipient; ``sender`` and ``message_id`` come from the
    message's earlier lines."""
    text = message[at + 9 :].partition(" ")[2]
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
    return Attempt(
        outcome,
        message[4:end][:MAX_TOKEN],
        queue_id,
        diagnostic,
        status,
        remote,
        prefix.host,
        prefix.date,
        sender,
        message_id,
    )


class ReadWhenAsked(Sequence[Attempt]):
    """The one attempt of a failed delivery line, read from the line when asked for.

    Reading a reply's text costs about a tenth of a log reader's parsing: left to the
    reader that asks for it, a reader with two processes does it in the process that
    makes the records, not in the one that reads every line. Pickled as the line's pieces.
    """

    __slots__ = ("_line",)

    def __init__(self, line: tuple[Outcome, str, str, str, int, int, str | None, str | None]) -> None:
        self._line = line

    def __len__(self) -> int:
        return 1

    def __getitem__(self, index: int) -> Attempt:  # type: ignore[override]
        if index not in (0, -1):
            raise IndexError(index)
        return read_attempt(*self._line)

    def __iter__(self) -> Iterator[Attempt]:
        yield read_attempt(*self._line)

    def __eq__(self, other: object) -> bool:
        return list(self) == list(other) if isinstance(other, Sequence) else NotImplemented

    __hash__ = None  # type: ignore[assignment]  # equal as the attempts are, as a list is

    def __repr__(self) -> str:
        return f"ReadWhenAsked({list(self)!r})"

    def __reduce__(self) -> tuple[type, tuple[object, ...]]:
        return ReadWhenAsked, (self._line,)


class PostfixLog(LogParser):
    """Reads Postfix delivery, cleanup and qmgr lines.

    Most lines of a busy log say nothing about a failure (connections, deliveries,
    queue moves), so :meth:`feed_lines` decides what a line is with as few calls as it
    can (each costs more than the work it does): two partitions and the remembered kind
    of its tag, then one match of the pattern of that kind, which takes out what is
    kept; only a failed delivery builds an :class:`Attempt`.
    """

    name = "postfix-log"

    def __init__(self, *, max_messages: int = MAX_MESSAGES) -> None:
        super().__init__(max_messages=max_messages)
        self._tags: dict[str, str] = {}

    def feed(self, line: str) -> Sequence[Attempt] | None:
        for _, result in self.feed_lines((line,)):
            return result
        return ()

    def feed_lines(self, lines: Sequence[str]) -> list[tuple[int, Sequence[Attempt] | None]]:
        # One loop over the lines with the common steps written in it: a call per line
        # would cost as much as reading most lines does.
        tags = self._tags
        queue = self.queue
        get = queue.get
        close_message = queue.close
        results: list[tuple[int, Sequence[Attempt] | None]] = []
        give = results.append
        for index, line in enumerate(lines):
            # "<time> <host> postfix/<program>[<pid>]: <message>": the tag ends at the
            # first "]: ", its program is between the last "/" and the last "[" before
            # that, and "postfix" (any syslog_name holding it) comes before the slash.
            # What the line is depends only on the tag after its first "postfix", which
            # repeats from line to line (one per process): it is read once and
            # remembered. (partition cuts the pieces in one call each, where find and a
            # slice would take two.)
            head, found, message = line.partition("]: ")
            _, postfix, tag = head.partition("postfix")
            if not found or not postfix:
                give((index, None))
                continue
            kind = tags.get(tag) or self._tag_kind(tag)
            if kind is _OTHER:
                continue  # smtpd, bounce, pickup...: nothing this reader keeps
            if kind is _NO_TAG:
                give((index, None))
                continue
            # "<queue id>: " and a message this reader keeps, matched by the pattern of
            # the program's kind; a line about no queued message (a warning) has no id.
            if kind is _DELIVERY:
                m = _DELIVERY_TO(message)
                if m is None:
                    continue
                queue_id, recipient = m.groups()
                if recipient is not None and ", status=" not in recipient:
                    # The first ", status=" comes after the recipient: a status word that
                    # does not start as a failure's ("sent", most of them) is read here,
                    # the others (and lines missing a piece) the slow way.
                    _, status, word = message.partition(", status=")
                    if status and word[:1] not in _FAILURE_INITIALS:
                        queued = get(queue_id)
                        if queued is not None and queued.deferred:  # no longer deferred
                            queued.deferred.pop(recipient[:MAX_TOKEN], None)
                        continue
                at = len(queue_id) + 2  # where "to=<" starts
                result = self._delivery(head, message, queue_id, at, message.find(", status=", at))
                if result is None or result:
                    give((index, result))
            elif kind is _QMGR:
                m = _QMGR_MESSAGE(message)
                if m is None:
                    continue
                queue_id, sender = m.groups()
                if sender is None:  # "removed"
                    close_message(queue_id)
                    continue
                (get(queue_id) or queue.open(queue_id)).sender = sender[:MAX_TOKEN] or None
                # The "status=expired" after the sender: searched for only when it is there.
                if "status=expired" in message and message.find("status=expired", m.end() - 1) >= 0:
                    result = self._expire(head, queue_id)
                    if result:
                        give((index, result))
            else:
                m = _CLEANUP_ID(message)
                if m is not None:
                    queue_id, message_id = m.groups()
                    queue.open(queue_id).message_id = message_id.strip()[:MAX_TOKEN] or None
        return results

    def _tag_kind(self, tag: str) -> str:
        """The kind of line a tag (``/smtp[123``, after its "postfix") starts, remembered:
        :data:`_NO_TAG` when it is no Postfix tag, :data:`_OTHER` for a program whose
        lines are not read."""
        slash = tag.rfind("/")
        bracket = tag.rfind("[")
        # A slash after "postfix", the bracket after the slash.
        kind = _NO_TAG if slash < 0 or bracket < slash else _KINDS.get(tag[slash + 1 : bracket], _OTHER)
        if len(self._tags) >= MAX_TAGS:
            self._tags.clear()
        self._tags[tag] = kind
        return kind

    def _delivery(
        self, head: str, message: str, queue_id: str, at: int, status_at: int
    ) -> Sequence[Attempt] | None:
        """A delivery agent's ``to=<`` line: ``head`` is the line up to its ``]: ``,
        ``message`` the rest, where ``to=<`` starts at ``at`` and ``, status=`` at
        ``status_at`` (-1 for nowhere)."""
        if status_at < 0:
            return None
        word_at = status_at + 9
        outcome = None
        # Most deliveries succeed ("sent"): only a word that starts as a failure is cut out.
        if message.startswith(_FAILURE_WORDS, word_at):
            space = message.find(" ", word_at)
            outcome = _OUTCOMES.get(message[word_at : space if space >= 0 else len(message)].rstrip(","))
        close = message.find(">", at + 4, status_at)
        if close < 0:
            return None
        if outcome is None:
            # Delivered (or another final word): no longer deferred.
            queued = self.queue.get(queue_id)
            if queued is not None and queued.deferred:
                queued.deferred.pop(message[at + 4 : close][:MAX_TOKEN], None)
            return ()
        return self._failed(head, queue_id, message[at:], status_at - at, close - at, outcome)

    def _failed(
        self, head: str, queue_id: str, message: str, at: int, end: int, outcome: Outcome
    ) -> Sequence[Attempt]:
        """The attempt of a bounced, deferred or expired delivery line: ``message`` is
        the line from ``to=<`` on, ``at`` where its ``, status=`` is and ``end`` the
        ``>`` that closes the recipient."""
        recipient = message[4:end][:MAX_TOKEN]
        queued = self.queue.get(queue_id)
        sender, message_id = (queued.sender, queued.message_id) if queued else (None, None)
        # Nothing here needs the attempt itself: it is read where the records are made
        # (and for a deferral, where the recipients of an expired message are).
        attempt = ReadWhenAsked((outcome, head, queue_id, message, at, end, sender, message_id))
        if outcome is Outcome.DEFERRED:
            self.queue.open(queue_id).defer(recipient, attempt)
        elif queued is not None and queued.deferred:
            queued.deferred.pop(recipient, None)
        return attempt

    def _expire(self, head: str, queue_id: str) -> Sequence[Attempt]:
        """The recipients still deferred when the message expired now bounce."""
        queued = self.queue.get(queue_id)
        if queued is None or not queued.deferred:
            return ()
        return queued.expire(queue_id, syslog_prefix(head))

