"""Postfix log lines, hand-written the way Postfix 3.x logs them through syslog."""

# ruff: noqa: E501 -- real log lines are longer than the code's line length

from __future__ import annotations

import gzip
import pickle
import random
import re
from collections.abc import Sequence
from pathlib import Path

import pytest

from bouncekit import BounceClass, Event, Reason
from bouncekit.logs import LogReader
from bouncekit.logs.base import MAX_TOKEN, Attempt, LogParser, Outcome
from bouncekit.logs.postfix import (
    _KINDS,
    _OUTCOMES,
    PostfixLog,
    ReadWhenAsked,
    split_text,
    without_in_reply_to,
)

LOG = """\
Jan 10 12:00:01 mail postfix/smtpd[1234]: connect from app.example.org[192.0.2.10]
Jan 10 12:00:01 mail postfix/smtpd[1234]: 4F1A23C0123: client=app.example.org[192.0.2.10]
Jan 10 12:00:01 mail postfix/cleanup[1235]: 4F1A23C0123: message-id=<20240110120001.abc@example.org>
Jan 10 12:00:01 mail postfix/qmgr[999]: 4F1A23C0123: from=<news@example.org>, size=4210, nrcpt=3 (queue active)
Jan 10 12:00:01 mail postfix/smtpd[1234]: disconnect from app.example.org[192.0.2.10] ehlo=1 mail=1 rcpt=3 data=1 quit=1 commands=7
Jan 10 12:00:02 mail postfix/smtp[1236]: 4F1A23C0123: to=<Jo.Smith@Example.COM>, relay=mx.example.com[203.0.113.5]:25, delay=1.2, delays=0.1/0.01/0.5/0.6, dsn=5.1.1, status=bounced (host mx.example.com[203.0.113.5] said: 550 5.1.1 <Jo.Smith@example.com>: Recipient address rejected: User unknown in virtual mailbox table (in reply to RCPT TO command))
Jan 10 12:00:02 mail postfix/bounce[1237]: 4F1A23C0123: sender non-delivery notification: 5B2C34D0456
Jan 10 12:00:32 mail postfix/smtp[1238]: 4F1A23C0123: to=<ann@example.net>, relay=none, delay=31, delays=0.1/0/30/0, dsn=4.4.1, status=deferred (connect to mx.example.net[198.51.100.7]:25: Connection timed out)
Jan 10 12:00:33 mail postfix/smtp[1239]: 4F1A23C0123: to=<kim@example.org>, relay=mx.example.org[192.0.2.30]:25, delay=32, delays=0.1/0/0.3/0.2, dsn=4.7.1, status=deferred (host mx.example.org[192.0.2.30] said: 450 4.7.1 <kim@example.org>: Recipient address rejected: Greylisted (in reply to RCPT TO command))
Jan 10 12:10:40 mail postfix/qmgr[999]: 4F1A23C0123: from=<news@example.org>, size=4210, nrcpt=3 (queue active)
Jan 10 12:10:41 mail postfix/smtp[1240]: 4F1A23C0123: to=<kim@example.org>, relay=mx.example.org[192.0.2.30]:25, delay=640, delays=600/0/0.3/0.4, dsn=2.0.0, status=sent (250 2.0.0 Ok: queued as 9AB12)
Jan 15 12:00:40 mail postfix/qmgr[999]: 4F1A23C0123: from=<news@example.org>, status=expired, returned to sender
Jan 15 12:00:40 mail postfix/bounce[1300]: 4F1A23C0123: sender non-delivery notification: 7D3E45F0567
Jan 15 12:00:40 mail postfix/qmgr[999]: 4F1A23C0123: removed
"""


def read(text: str) -> list:
    return [entry.record for entry in LogReader().read_lines(text.splitlines(), "mail.log")]


def test_bounce_joined_with_sender_and_message_id() -> None:
    first = read(LOG)[0]
    assert first.event is Event.BOUNCE
    assert first.recipient == "Jo.Smith@example.com"
    assert first.bounce_class is BounceClass.INVALID_RECIPIENT
    assert first.reason is Reason.USER_UNKNOWN
    assert (first.status, first.reply_code) == ("5.1.1", "550")
    assert first.diagnostic == (
        "550 5.1.1 <Jo.Smith@example.com>: Recipient address rejected: User unknown in virtual mailbox table"
    )
    assert first.remote_mta == "mx.example.com"
    assert first.reporting_mta == "mail"
    assert first.original_sender == "news@example.org"
    assert first.original_message_id == "<20240110120001.abc@example.org>"
    assert first.date == "Jan 10 12:00:02"
    assert first.decoder == "postfix-log"
    assert first.action == "failed"


def test_deferrals_are_delayed_and_expiry_bounces_the_still_deferred() -> None:
    records = read(LOG)
    assert [(r.event, r.recipient, r.reason) for r in records] == [
        (Event.BOUNCE, "Jo.Smith@example.com", Reason.USER_UNKNOWN),
        # A deferral keeps the class of its cause (TAXONOMY.md).
        (Event.DELAYED, "ann@example.net", Reason.CONNECTION_FAILED),
        (Event.DELAYED, "kim@example.org", Reason.SERVER_UNAVAILABLE),
        # kim@ was delivered on the retry: only ann@ expires.
        (Event.BOUNCE, "ann@example.net", Reason.EXPIRED),
    ]
    deferred, greylisted, expired = records[1], records[2], records[3]
    assert deferred.bounce_class is BounceClass.TIMEOUT
    assert greylisted.bounce_class is BounceClass.SOFT_BOUNCE
    assert deferred.remote_mta == "mx.example.net"
    assert deferred.diagnostic == "connect to mx.example.net[198.51.100.7]:25: Connection timed out"
    assert (greylisted.status, greylisted.reply_code) == ("4.7.1", "450")
    assert expired.bounce_class is BounceClass.TIMEOUT
    assert expired.classification.rule == "log:expired"
    assert expired.diagnostic == deferred.diagnostic  # the last reason it was deferred
    assert expired.date == "Jan 15 12:00:40"
    assert expired.original_sender == "news@example.org"


def test_one_line_at_a_time() -> None:
    parser = PostfixLog()
    lines = LOG.splitlines()
    results = [parser.feed(line) for line in lines]
    assert [len(r) for r in results] == [0, 0, 0, 0, 0, 1, 0, 1, 1, 0, 0, 1, 0, 0]
    assert results[5][0].outcome is Outcome.BOUNCED
    assert results[7][0].outcome is Outcome.DEFERRED
    assert results[11][0].outcome is Outcome.EXPIRED
    assert len(parser.queue) == 0  # "removed" forgot the message
    assert parser.feed("Jan 10 12:00:01 mail dovecot: imap-login: Login: user=<x>") is None


def test_other_delivery_agents_and_timestamps() -> None:
    log = """\
2024-01-10T12:00:02.123456+01:00 relay1 postfix-out/lmtp[77]: 4TXyZ1h4kQz9vN: to=<jo@lists.example.org>, relay=store.example.org[private/dovecot-lmtp], delay=0.2, delays=0.1/0/0/0.1, dsn=5.2.2, status=bounced (host store.example.org[private/dovecot-lmtp] said: 552 5.2.2 <jo@lists.example.org> Quota exceeded (mailbox for user is full) (in reply to end of DATA command))
Jan 10 12:00:03 mail postfix/local[88]: 5C1D2E3F4A: to=<pat@mail.example.org>, orig_to=<pat>, relay=local, delay=0.01, delays=0/0/0/0, dsn=5.1.1, status=bounced (unknown user: "pat")
Jan 10 12:00:04 mail postfix/error[89]: 6D2E3F4A5B: to=<lee@example.com>, relay=none, delay=0.1, delays=0/0/0/0.1, dsn=4.4.1, status=deferred (delivery temporarily suspended: connect to mx.example.com[203.0.113.5]:25: Connection refused)
Jan 10 12:00:05 mail postfix/smtp[90]: 7E3F4A5B6C: to=<sam@example.com>, relay=mx.example.com[203.0.113.5]:25, delay=0.4, delays=0.1/0/0.2/0.1, dsn=5.7.1, status=bounced (host mx.example.com[203.0.113.5] refused to talk to me: 554 5.7.1 Service unavailable; Client host [192.0.2.10] blocked using zen.spamhaus.org)
"""
    full, unknown, suspended, blocked = read(log)
    assert full.reason is Reason.MAILBOX_FULL
    assert full.date == "2024-01-10T12:00:02.123456+01:00"
    assert full.reporting_mta == "relay1"
    assert full.remote_mta == "store.example.org"
    assert full.diagnostic.endswith("Quota exceeded (mailbox for user is full)")
    assert unknown.reason is Reason.USER_UNKNOWN
    assert unknown.remote_mta is None  # relay=local names no remote host
    assert suspended.event is Event.DELAYED
    assert suspended.status == "4.4.1"
    assert blocked.bounce_class is BounceClass.SPAM_BLOCK
    assert blocked.remote_mta == "mx.example.com"


def test_split_text() -> None:
    assert split_text("host mx.example.com[203.0.113.5] said: 550 5.1.1 no (in reply to RCPT TO command)") == (
        "550 5.1.1 no", "mx.example.com",
    )
    assert split_text("lost connection with mx.example.net[198.51.100.7] while receiving the initial "
                      "server greeting")[1] == "mx.example.net"
    assert split_text("mail for example.com loops back to myself") == (
        "mail for example.com loops back to myself", None,
    )


def test_table_stays_bounded() -> None:
    parser = PostfixLog(max_messages=2)
    for number in range(5):
        parser.feed(f"Jan 10 12:00:01 mail postfix/qmgr[9]: AAAAA{number}: from=<s{number}@example.org>, "
                    "size=1, nrcpt=1 (queue active)")
    assert len(parser.queue) == 2
    assert parser.queue.evicted == 3
    [late] = parser.feed("Jan 10 12:00:02 mail postfix/smtp[9]: AAAAA0: to=<a@example.com>, relay=none, "
                         "delay=1, dsn=5.4.4, status=bounced (Host or domain name not found. Name service "
                         "error for name=example.com type=A: Host not found)")
    assert late.sender is None  # forgotten, not wrong
    [kept] = parser.feed("Jan 10 12:00:02 mail postfix/smtp[9]: AAAAA4: to=<b@example.com>, relay=none, "
                         "delay=1, dsn=5.4.4, status=bounced (Host or domain name not found)")
    assert kept.sender == "s4@example.org"


def test_gzip_log_gives_the_same_records(tmp_path: Path) -> None:
    plain = tmp_path / "mail.log"
    plain.write_text(LOG)
    packed = tmp_path / "mail.log.1"  # no .gz suffix: recognised by the magic bytes
    packed.write_bytes(gzip.compress(LOG.encode()))
    reader = LogReader()
    from_plain = [(e.line, e.record) for e in reader.read(plain)]
    from_gzip = [(e.line, e.record) for e in reader.read(packed)]
    assert from_gzip == from_plain
    assert [line for line, _ in from_plain] == [6, 8, 9, 12]
    assert reader.stats.lines == 2 * len(LOG.splitlines())
    assert reader.stats.skipped == 0


# What a line is, decided by its tag (remembered per tag): None for no Postfix line, ()
# for a Postfix line that completes no attempt.
AWKWARD_TAGS = [
    ("Jan 10 12:00:01 mail postfix/smtpd[1]: connect from x.example.org[192.0.2.1]", ()),
    ("Jan 10 12:00:01 mail postfix/smtpd[1] connect from x.example.org", None),  # no "]: "
    ("Jan 10 12:00:01 mail dovecot[7]: postfix/smtp[1]: AAAAA1: to=<a@b.example>", None),  # tag after the first "]: "
    ("Jan 10 12:00:01 mail/postfix[1]: AAAAA1: removed", None),  # no slash after "postfix"
    ("Jan 10 12:00:01 mail postfix/smtp[1/2]: AAAAA1: removed", None),  # the last "[" before the last "/"
    ("Jan 10 12:00:01 mail postfix/qmgr/x[1]: AAAAA1: removed", ()),  # program "x"
    ("Jan 10 12:00:01 mail postfixqmgr[1]: AAAAA1: removed", None),
    ("Jan 10 12:00:01 mail postfix/[1]: AAAAA1: removed", ()),  # no program
    ("Jan 10 12:00:01 mail postfix/qmgr[1]: AAAA: removed", ()),  # queue id too short
    ("Jan 10 12:00:01 mail postfix/qmgr[1]: AAAAA-1: removed", ()),  # not [0-9A-Za-z]
    ("Jan 10 12:00:01 mail postfix/smtp[1]: AAAAA1: to=<a@b.example>, relay=none", None),  # no status
]


def test_awkward_tags_twice() -> None:
    parser = PostfixLog()
    lines = [line for line, _ in AWKWARD_TAGS]
    expected = [result for _, result in AWKWARD_TAGS]
    assert [parser.feed(line) for line in lines] == expected
    assert [parser.feed(line) for line in lines] == expected  # the tags now remembered
    # feed_lines passes over the lines read that complete nothing.
    assert [(i, r) for i, r in PostfixLog().feed_lines(lines)] == [
        (i, r) for i, r in enumerate(expected) if r is None
    ]


def test_remembered_tags_stay_bounded(monkeypatch) -> None:
    monkeypatch.setattr("bouncekit.logs.postfix.MAX_TAGS", 3)
    parser = PostfixLog()
    for pid in range(10):
        assert parser.feed(f"Jan 10 12:00:01 mail postfix/smtpd[{pid}]: connect from x") == ()
    assert len(parser._tags) <= 3


def test_without_in_reply_to_is_the_substitution_it_replaces() -> None:
    # The reply's "(in reply to ...)" note cut from its last "(", against the search it
    # replaces, on replies built from the pieces that matter (blanks, parentheses, notes
    # too long, notes not at the end).
    searched = re.compile(r"(?<!\s)\s*\(in reply to [^()]{1,80}\)\s*$")
    pieces = ["550 x", " ", "\t", "\u2003", "(in reply to RCPT TO command)", "(in reply to ", ")", "(",
              "y" * 81, "end of DATA command", "\n", "(note)", ""]
    rng = random.Random(5)
    for _ in range(20_000):
        reply = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 7)))
        assert without_in_reply_to(reply) == searched.sub("", reply), reply


class PlainPostfixLog(PostfixLog):
    """Postfix lines read one at a time the plain way, by searches and slices of the
    whole line (as the parser read them before its loop was made fast): the oracle of
    the fast loop."""

    feed_lines = LogParser.feed_lines  # one feed() per line

    def feed(self, line: str) -> Sequence[Attempt] | None:
        end = line.find("]: ")
        name = line.find("postfix")
        if end < 0 or name < 0:
            return None
        tag = line[name:end]
        slash, bracket = tag.rfind("/"), tag.rfind("[")
        if slash < 7 or bracket < slash:
            return None
        kind = _KINDS.get(tag[slash + 1 : bracket], "other")
        m = re.match(r"([0-9A-Za-z]{5,20}): (?:(to=<)|(from=<)|(removed)|(message-id=))", line[end + 3 :])
        if kind == "other" or m is None:
            return ()
        head, queue_id = line[:end], m[1]
        message = line[end + 5 + len(queue_id) :]  # from "to=<", "from=<"...
        if kind == "delivery" and m[2]:
            return self._plain_delivery(head, queue_id, message)
        if kind == "qmgr" and m[3]:
            close = message.find(">", 6)
            if close >= 0:
                self.queue.open(queue_id).sender = message[6:close][:MAX_TOKEN] or None
                if message.find("status=expired", close) >= 0:
                    return self._expire(head, queue_id)
        elif kind == "qmgr" and m[4]:
            self.queue.close(queue_id)
        elif kind == "cleanup" and m[5]:
            self.queue.open(queue_id).message_id = message[11:].strip()[:MAX_TOKEN] or None
        return ()

    def _plain_delivery(self, head: str, queue_id: str, message: str) -> Sequence[Attempt] | None:
        status_at = message.find(", status=")
        if status_at < 0:
            return None
        outcome = _OUTCOMES.get(message[status_at + 9 :].split(" ", 1)[0].rstrip(","))
        close = message.find(">", 4, status_at)
        if close < 0:
            return None
        queued = self.queue.get(queue_id)
        if outcome is None:
            if queued is not None and queued.deferred:
                queued.deferred.pop(message[4:close][:MAX_TOKEN], None)
            return ()
        return self._failed(head, queue_id, message, status_at, close, outcome)


def random_postfix_lines(rng: random.Random, count: int) -> list[str]:
    """Postfix lines and lines that only look like them: unusual syslog names and
    programs, odd bytes and carriage returns, cut and glued pieces, very long lines."""
    stamps = ["Jan 10 12:00:01", "2024-01-10T12:00:02.123+01:00", "", "x]: y"]
    hosts = ["mail", "postfixhost", "my]: host", "h/x[1]", "p", "mx.example.org"]
    names = ["postfix", "postfix-out", "postfix/submission", "mypostfix", "postfixpostfix", "Postfix",
             "post fix", "xpostfix-y"]
    programs = ["smtp", "lmtp", "local", "virtual", "error", "retry", "pipe", "qmgr", "cleanup", "smtpd",
                "bounce", "", "smtp/", "sm tp", "qmgr[", "cleanup]"]
    pids = ["1234", "1", "1/2", "", "x[y", "99]"]
    ids = ["4F1A23C0123", "AAAAA", "AAAA", "A" * 20, "A" * 21, "ab-cd1", "\u00c4\u00d6abc1", "BBBBB"]
    recipients = ["jo@example.com", "Jo@Example.COM", "a@b", "x, status=y@b", "a>b@c", "", "q" * 600]
    texts = ["host mx.example.com[203.0.113.5] said: 550 5.1.1 <jo@example.com>: unknown (in reply to "
             "RCPT TO command)", "connect to mx.example.net[198.51.100.7]:25: Connection timed out",
             "unknown user: \"pat\"", "", "(nested (text))"]
    words = ["sent", "bounced", "deferred", "expired", "bouncedX", "deferred,", "deliverable", "", "ex"]
    messages = [
        lambda: f"to=<{rng.choice(recipients)}>, relay=mx.example.com[203.0.113.5]:25, dsn=5.1.1, "
                f"status={rng.choice(words)} ({rng.choice(texts)})",
        lambda: f"to=<{rng.choice(recipients)}, relay=none, status={rng.choice(words)} x",
        lambda: f"to=<{rng.choice(recipients)}>, relay=none",
        lambda: rng.choice(["from=<s@example.org>, size=1, nrcpt=1 (queue active)", "from=<>, size=2",
                            "from=<news@example.org>, status=expired, returned to sender", "from=<x",
                            "from=<status=expired>, size=1", "removed", "removedX"]),
        lambda: rng.choice(["message-id=<a@example.org>", "message-id=", "message-id=  <x>\u2003 ",
                            "message-id=" + "m" * 600]),
        lambda: rng.choice(["connect from x[1.2.3.4]", "client=a[1.2.3.4]", "warning: x", ""]),
    ]
    odd = ["\x00", "\xff", "\ufffd", "\r", "\t", "]: ", ": ", "<", ">", ", status=", "postfix", "/", "[",
           "\u2028", "\x85", "\n"]
    lines = []
    for _ in range(count):
        queue_id = rng.choice(ids) if rng.random() < 0.3 else f"Q{rng.randint(0, 40):05d}"
        queued = f"{queue_id}: " if rng.random() < 0.9 else ""
        proper = rng.random() < 0.5  # half of the lines with the usual pieces
        stamp, host = rng.choice(stamps[:2] if proper else stamps), rng.choice(hosts[:1] if proper else hosts)
        name, pid = rng.choice(names[:3] if proper else names), rng.choice(pids[:2] if proper else pids)
        program = rng.choice(programs[:11] if proper else programs)
        line = f"{stamp} {host} {name}/{program}[{pid}]: {queued}{rng.choice(messages)()}"
        for _ in range(rng.choice([0, 0, 0, 1, 2])):
            at = rng.randint(0, len(line))
            line = line[:at] + rng.choice(odd) + line[at + rng.choice([0, 0, 1, 3]) :]
        if rng.random() < 0.002:
            line += "y" * 70_000
        lines.append(line)
    return lines


def queue_state(parser: PostfixLog) -> tuple:
    messages = parser.queue._messages
    return parser.queue.evicted, [(q, m.sender, m.message_id, dict(m.deferred)) for q, m in messages.items()]


def test_the_fast_loop_reads_as_the_plain_one() -> None:
    # Lists of random lines and look-alikes (and lines with a "\n" inside, which a
    # caller of read_lines may give), read by the fast loop and line by line the plain
    # way: the same results at the same indices, the same messages remembered (a small
    # table, so that messages are forgotten too).
    rng = random.Random(3)
    fast, plain = PostfixLog(max_messages=6), PlainPostfixLog(max_messages=6)
    for _ in range(300):
        lines = random_postfix_lines(rng, rng.randint(0, 120))
        assert fast.feed_lines(lines) == plain.feed_lines(lines), lines
        assert queue_state(fast) == queue_state(plain)
    assert fast.queue.evicted > 50
    assert sum(len(r) for _, r in fast.feed_lines(random_postfix_lines(rng, 5000)) if r) > 50
    assert sum(1 for line in LOG.splitlines() if plain.feed(line)) == 4


def test_a_failed_line_is_read_when_asked_and_pickles_as_its_pieces() -> None:
    parser = PostfixLog()
    [line] = [line for line in LOG.splitlines() if "status=bounced" in line][:1]
    result = parser.feed(line)
    assert isinstance(result, ReadWhenAsked) and len(result) == 1
    [attempt] = result
    assert result[0] == result[-1] == attempt and attempt.outcome is Outcome.BOUNCED
    with pytest.raises(IndexError):
        result[1]
    assert result == [attempt] and result == (attempt,) and result != ()
    copy = pickle.loads(pickle.dumps(result))
    assert copy == result and list(copy) == [attempt]
