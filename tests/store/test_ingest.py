"""The pure helpers of the write path: message identity, addresses, text, counters."""

from __future__ import annotations

import pytest

from bouncekit.errors import StoreError
from bouncekit.model import Classification, Event, Reason, Record
from bouncekit.store.ingest import clean, counter, event_label, message_hash, normalize_address
from tests.conftest import corpus_bytes


def record(reason: Reason | None, event: Event = Event.BOUNCE, **fields) -> Record:
    classification = Classification(reason.default_class, reason, "test") if reason else None
    return Record(event, "user@example.org", classification, "test", **fields)


def test_message_hash_ignores_line_endings_and_trailing_space_only() -> None:
    raw = corpus_bytes("lhost-postfix-03.eml").replace(b"\r\n", b"\n")
    crlf = raw.replace(b"\n", b"\r\n")
    assert message_hash(raw) == message_hash(crlf) == message_hash(raw + b"\n\n  ")
    assert message_hash(raw) != message_hash(b"X-Copy: 2\n" + raw)
    assert len(message_hash(raw)) == 64


@pytest.mark.parametrize(
    ("given", "key"),
    [
        ("User@Example.ORG", "user@example.org"),
        ("  <user@example.org> ", "user@example.org"),
        ("first.last+tag@sub.example.co.uk", "first.last+tag@sub.example.co.uk"),
        ("user@[192.0.2.1]", "user@[192.0.2.1]"),
    ],
)
def test_normalize_address(given: str, key: str) -> None:
    assert normalize_address(given) == key


@pytest.mark.parametrize(
    "bad", ["", "user", "@example.org", "user@", "a b@example.org", "a@b@c", "x" * 300 + "@e.org"]
)
def test_normalize_address_refuses_what_is_not_an_address(bad: str) -> None:
    with pytest.raises(StoreError, match="not an email address"):
        normalize_address(bad)


def test_clean_removes_what_the_database_refuses() -> None:
    assert clean("a\x00b") == "ab"
    assert clean("bad \udcff byte") == "bad ? byte"
    assert clean("abcdef", 3) == "abc"


@pytest.mark.parametrize(
    ("rec", "kind", "label"),
    [
        (record(Reason.USER_UNKNOWN), "hard", "bounce 10 user_unknown"),
        (record(Reason.MAILBOX_FULL), "soft", "bounce 22 mailbox_full"),
        (record(Reason.BLOCKLISTED), "block", "bounce 51 blocklisted"),
        (record(Reason.UNDETERMINED), "undetermined", "bounce 1 undetermined"),
        (record(Reason.DELAYED, Event.DELAYED), "delayed", "delayed 70 delayed"),
        (record(Reason.AUTO_REPLY, Event.AUTO_REPLY), "auto_reply", "auto_reply 60 auto_reply"),
        (record(None, Event.COMPLAINT, feedback_type="abuse"), "complaint", "complaint abuse"),
        (record(None, Event.DELIVERED), "delivered", "delivered"),
    ],
)
def test_each_record_adds_to_one_counter(rec: Record, kind: str, label: str) -> None:
    assert counter(rec) == kind
    assert event_label(rec) == label
