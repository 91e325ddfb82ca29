"""bouncekit.logs.base: the syslog prefix, host names and the bounded queue table."""

from __future__ import annotations

from bouncekit.logs.base import (
    MAX_DEFERRED,
    Attempt,
    Outcome,
    QueuedMessage,
    QueueTable,
    SyslogPrefix,
    bracketed,
    host_of,
    syslog_prefix,
)


def test_syslog_prefix_traditional_and_iso() -> None:
    assert syslog_prefix("Jan  5 01:02:03 mail postfix/smtp[12") == SyslogPrefix("Jan 5 01:02:03", "mail")
    iso = syslog_prefix("2024-01-05T01:02:03.5+01:00 mx1.example.org postfix/smtp[12")
    assert (iso.date, iso.host) == ("2024-01-05T01:02:03.5+01:00", "mx1.example.org")
    assert syslog_prefix("garbage") == SyslogPrefix(None, None)


def test_host_of() -> None:
    assert host_of("mx.Example.com[203.0.113.5]:25") == "mx.example.com"
    assert host_of("mx.example.com. [203.0.113.5]") == "mx.example.com"
    assert host_of("none") is None
    assert host_of("local") is None
    assert host_of("[203.0.113.5]") is None


def test_bracketed() -> None:
    assert bracketed(" <a@example.com> ") == "a@example.com"
    assert bracketed("a@example.com") == "a@example.com"
    assert bracketed("<>") == ""


def test_queue_table_forgets_the_oldest_beyond_its_limit() -> None:
    table = QueueTable(limit=3)
    for queue_id in "ABCDE":
        table.open(queue_id).sender = f"{queue_id}@example.org"
    assert len(table) == 3
    assert table.evicted == 2
    assert table.get("A") is None and table.get("B") is None
    assert table.open("E").sender == "E@example.org"  # open() of a known id keeps it
    closed = table.close("C")
    assert closed is not None and closed.sender == "C@example.org"
    assert table.close("C") is None
    assert len(table) == 2


def test_deferred_recipients_per_message_are_capped() -> None:
    message = QueuedMessage()
    for number in range(MAX_DEFERRED + 10):
        recipient = f"r{number}@example.com"
        message.defer(recipient, Attempt(Outcome.DEFERRED, recipient, "Q1", "451 later"))
    assert len(message.deferred) == MAX_DEFERRED
    later = Attempt(Outcome.DEFERRED, "r0@example.com", "Q1", "452 still later")
    message.defer("r0@example.com", later)  # a known recipient is updated even when full
    assert message.deferred["r0@example.com"] is later


def test_a_deferral_kept_as_a_sequence_is_read_when_the_message_expires() -> None:
    message = QueuedMessage()
    message.sender = "news@example.org"
    kept = (Attempt(Outcome.DEFERRED, "r@example.com", "Q1", "451 later", "4.0.0", "mx.example.com"),)
    message.defer("r@example.com", kept)
    assert message.deferred == {"r@example.com": kept}
    [expired] = message.expire("Q1", SyslogPrefix("Jan 10 12:00:00", "relay"))
    assert (expired.outcome, expired.recipient, expired.text, expired.status, expired.sender) == (
        Outcome.EXPIRED, "r@example.com", "451 later", "4.0.0", "news@example.org")
