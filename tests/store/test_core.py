"""The Store on both engines: ingestion, the policy in action, the list, stats, keys."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from bouncekit.api import parse
from bouncekit.errors import BounceError, ConflictError, DatabaseError, StoreError
from bouncekit.policy import parse_policy
from bouncekit.sources import RawMessage
from bouncekit.store import AlertKind, FailedMessage, HistoryAction, IngestFailure, IngestResult, State, Store
from bouncekit.store.ingest import message_hash
from tests.conftest import corpus_bytes
from tests.store.conftest import day, dsn

FULL = "552 5.2.2 Mailbox full"


def _counts(store: Store) -> dict[str, int]:
    """Stored records by event."""
    return {row.key: row.records for row in store.stats(by="event")}


# -- ingestion and idempotency ----------------------------------------------------------


def test_hard_bounce_suppresses_at_once(store: Store) -> None:
    result = store.ingest(corpus_bytes("lhost-postfix-03.eml"), source="lhost-postfix-03.eml")
    assert not result.duplicate
    assert result.decoder == "postfix"
    assert [r.bounce_class for r in result.records] == [10]
    [state] = result.suppressed
    assert state.state is State.SUPPRESSED
    assert state.rule == "hard"
    assert "user_unknown" in state.reason
    checked = store.check(state.address)
    assert checked is not None and checked.suppressed
    assert checked.counts.hard == 1
    assert [h.action for h in checked.history] == [HistoryAction.SUPPRESSED]


def test_same_message_twice_counts_once(store: Store) -> None:
    raw = corpus_bytes("lhost-exim-05.eml")
    first = store.ingest(raw, source="a")
    second = store.ingest(raw, source="b")
    crlf = store.ingest(raw.replace(b"\n", b"\r\n"), source="c")
    assert not first.duplicate and second.duplicate and crlf.duplicate
    assert first.message_hash == second.message_hash == crlf.message_hash
    assert second.suppressed == () and second.alerts == ()
    assert sum(_counts(store).values()) == len(first.records)
    address = first.records[0].recipient
    assert address is not None
    state = store.check(address)
    assert state is not None and state.counts.hard + state.counts.soft + state.counts.block == 1


def test_not_a_bounce_is_stored_once_without_records(store: Store) -> None:
    raw = b"From: friend@example.com\nTo: me@example.org\nSubject: lunch?\n\nAre you free?\n"
    first = store.ingest(raw, source="mail.eml")
    assert first.records == () and not first.duplicate and first.decoder is None
    assert store.ingest(raw, source="mail.eml").duplicate
    assert store.stats() == []


def test_unreadable_message_raises_and_stores_nothing(store: Store) -> None:
    with pytest.raises(BounceError, match="empty"):
        store.ingest(b"   \n", source="empty.eml")
    with pytest.raises(StoreError, match="must be bytes"):
        store.ingest("text", source="x")  # type: ignore[arg-type]
    assert store.stats() == []


def test_a_report_decoded_elsewhere_is_stored_as_it_is(store: Store) -> None:
    raw = corpus_bytes("lhost-postfix-03.eml")
    decoded = parse(raw)
    result = store.ingest(raw, source="pool", report=decoded)
    assert result.records == decoded.records
    assert [s.address for s in result.suppressed] == ["kijitora@example.net"]
    with pytest.raises(StoreError, match="report must be a Report, not dict"):
        store.ingest(raw, source="x", report={})  # type: ignore[arg-type]


def test_a_failure_is_recorded_apart_and_the_message_can_come_again(store: Store) -> None:
    raw = corpus_bytes("lhost-postfix-03.eml")
    when = datetime(2024, 5, 1, 12, tzinfo=UTC)
    failed = store.record_failure(raw, source="api:ops", error="over the budget\x00", received_at=when)
    assert failed == FailedMessage(message_hash(raw), "api:ops", when, len(raw), "over the budget")
    later = store.record_failure(b"Subject: x\n\nbody\n", source="api:ops", error="worker died")
    assert store.failures() == [later, failed]
    assert store.failures(limit=1, offset=1) == [failed]
    assert failed.to_dict() == {"message_hash": message_hash(raw), "source": "api:ops",
                                "received_at": "2024-05-01T12:00:00+00:00", "size": len(raw),
                                "error": "over the budget"}
    # A failure stores no message: the same message is decoded and stored when it comes again.
    assert store.stats() == []
    assert not store.ingest(raw, source="again").duplicate
    with pytest.raises(StoreError, match="limit must be from 1"):
        store.failures(limit=0)
    with pytest.raises(StoreError, match="must be bytes"):
        store.record_failure("text", source="x", error="e")  # type: ignore[arg-type]


def test_text_the_database_refuses_is_cleaned(store: Store) -> None:
    raw = dsn("nul@example.org", "550 5.1.1 no such user NUL here BYTE")
    raw = raw.replace(b"NUL", b"\x00").replace(b"BYTE", b"\xff\xfe")
    result = store.ingest(raw, source="nul.eml")
    assert not result.duplicate
    assert store.check("nul@example.org") is not None


def test_ingest_many_gathers_failures_and_duplicates(store: Store) -> None:
    good = corpus_bytes("lhost-postfix-03.eml")
    inputs = [
        RawMessage("a.eml", None, good),
        RawMessage("b.eml", None, good),  # a second copy in the same batch
        RawMessage("gone.eml", None, b"", error="no such file or folder"),
        RawMessage("empty.eml", None, b"\n\n"),
        RawMessage("c.eml", None, dsn("x@example.org")),
    ]
    results = list(store.ingest_many(inputs, batch_size=10))
    assert [type(r).__name__ for r in results] == [
        "IngestResult", "IngestResult", "IngestFailure", "IngestFailure", "IngestResult",
    ]
    a, b, gone, empty, c = results
    assert isinstance(a, IngestResult) and not a.duplicate
    assert isinstance(b, IngestResult) and b.duplicate
    assert isinstance(gone, IngestFailure) and gone.error == "gone.eml: no such file or folder"
    assert isinstance(empty, IngestFailure) and "empty.eml" in empty.error
    assert isinstance(c, IngestResult) and not c.duplicate
    again = list(store.ingest_many(inputs[:1] + inputs[4:]))
    assert all(isinstance(r, IngestResult) and r.duplicate and r.records == () for r in again)


def test_ingest_many_in_workers_matches_one_process(store: Store, tmp_path) -> None:
    inputs = [RawMessage(f"m{i}", None, dsn(f"user{i}@example.org", tag=str(i))) for i in range(30)]
    results = list(store.ingest_many(inputs, jobs=2, batch_size=7))
    assert [r.source for r in results] == [f"m{i}" for i in range(30)]
    assert all(isinstance(r, IngestResult) and not r.duplicate for r in results)
    assert _counts(store) == {"bounce": 30}


# -- the policy in action -----------------------------------------------------------------


def test_soft_bounces_suppress_on_the_third_within_the_window(store: Store) -> None:
    results = [store.ingest(dsn("soft@example.org", FULL, date=day(n)), source=f"{n}") for n in (0, 5, 10)]
    assert [len(r.suppressed) for r in results] == [0, 0, 1]
    state = store.check("soft@example.org")
    assert state is not None and state.rule == "soft" and state.counts.soft == 3
    assert state.reason.startswith("3 soft records within 15 days")


def test_soft_bounces_spread_out_do_not_suppress(store: Store) -> None:
    for n in (0, 10, 20, 30):
        store.ingest(dsn("slow@example.org", FULL, date=day(n)), source=f"{n}")
    state = store.check("slow@example.org")
    assert state is not None and state.state is State.ACTIVE and state.counts.soft == 4


def test_a_delivery_between_soft_bounces_resets_the_count(store: Store) -> None:
    store.ingest(dsn("ok@example.org", FULL, date=day(0)), source="1")
    store.ingest(dsn("ok@example.org", FULL, date=day(1)), source="2")
    store.ingest(dsn("ok@example.org", "250 2.0.0 OK", action="delivered", date=day(2)), source="3")
    store.ingest(dsn("ok@example.org", FULL, date=day(3)), source="4")
    state = store.check("ok@example.org")
    assert state is not None and state.state is State.ACTIVE
    assert state.counts.delivered == 1 and state.last_success_at is not None
    store.ingest(dsn("ok@example.org", FULL, date=day(4)), source="5")
    assert store.check("ok@example.org").state is State.ACTIVE  # type: ignore[union-attr]
    store.ingest(dsn("ok@example.org", FULL, date=day(5)), source="6")
    assert store.check("ok@example.org").state is State.SUPPRESSED  # type: ignore[union-attr]


def test_soft_bounces_arriving_out_of_order_still_count(store: Store) -> None:
    for n in (10, 0, 5):
        store.ingest(dsn("late@example.org", FULL, date=day(n)), source=f"{n}")
    assert store.check("late@example.org").state is State.SUPPRESSED  # type: ignore[union-attr]


def test_block_never_suppresses_and_is_counted_per_sender_and_ip(store: Store) -> None:
    spam = "550 5.7.1 Client host [192.0.2.1] blocked using zen.spamhaus.org"
    first = store.ingest(dsn("a@example.org", spam, tag="1"), source="1")
    second = store.ingest(dsn("b@example.org", spam, tag="2"), source="2")
    assert first.suppressed == () and second.suppressed == ()
    assert [(a.kind, a.subject, a.count) for a in first.alerts + second.alerts] == [
        (AlertKind.BLOCK, "sender.example", 1), (AlertKind.BLOCK, "192.0.2.1", 1),
        (AlertKind.BLOCK, "sender.example", 2), (AlertKind.BLOCK, "192.0.2.1", 2),
    ]
    state = store.check("a@example.org")
    assert state is not None and state.state is State.ACTIVE and state.counts.block == 1
    assert [(r.key, r.records) for r in store.stats(by="sender")] == [("sender.example", 2)]


def test_complaint_suppresses(store: Store) -> None:
    result = store.ingest(corpus_bytes("arf-02.eml"), source="arf-02.eml")
    [state] = result.suppressed
    assert state.rule == "complaint" and state.counts.complaint == 1


def test_delayed_and_auto_reply_are_only_recorded(store: Store) -> None:
    delayed = store.ingest(dsn("wait@example.org", "451 4.4.1 no answer", action="delayed"), source="d")
    # A delay keeps the class of its cause (24, no answer) and is only recorded.
    assert delayed.records[0].bounce_class == 24 and delayed.suppressed == ()
    state = store.check("wait@example.org")
    assert state is not None and state.counts.delayed == 1 and state.state is State.ACTIVE


def test_class_override_from_a_policy_file(database_url: str) -> None:
    policy = parse_policy('[class.21]\naction = "suppress"\nafter = 2\n')
    dns_failure = "550 5.1.2 Host or domain name not found. Name service error"
    with Store.open(database_url, policy=policy) as store:
        first = store.ingest(dsn("x@nowhere.example", dns_failure, date=day(0)), source="1")
        second = store.ingest(dsn("x@nowhere.example", dns_failure, date=day(1)), source="2")
    assert first.suppressed == ()
    assert [s.rule for s in second.suppressed] == ["class-21"]


def test_a_domain_failing_dns_for_every_address_is_reported_once(store: Store) -> None:
    dns_failure = "550 5.1.2 Host or domain name not found. Name service error"
    alerts = []
    for user in ("a", "b", "c"):
        result = store.ingest(dsn(f"{user}@gone.example", dns_failure), source=user)
        alerts += [a for a in result.alerts if a.kind is AlertKind.DNS_DOMAIN]
    assert [(a.subject, a.count) for a in alerts] == [("gone.example", 2)]
    # A domain where one address is fine is not reported.
    store.ingest(dsn("ok@mixed.example", FULL), source="ok")
    result = store.ingest(dsn("bad@mixed.example", dns_failure), source="bad")
    assert [a for a in result.alerts if a.kind is AlertKind.DNS_DOMAIN] == []


# -- the suppression list ---------------------------------------------------------------


def test_removal_is_recorded_and_restarts_the_count(store: Store) -> None:
    for n in (0, 1, 2):
        store.ingest(dsn("back@example.org", FULL, date=day(n)), source=f"{n}")
    removed = store.remove("Back@Example.org", reason="mailbox emptied")
    assert removed is not None and removed.state is State.ACTIVE
    assert removed.rule == "removed" and removed.reason == "mailbox emptied"
    assert [(h.action, h.reason) for h in removed.history][1] == (HistoryAction.REMOVED, "mailbox emptied")
    assert removed.counts.soft == 3  # nothing erased
    # Old bounces no longer count: two new ones are not enough.
    store.ingest(dsn("back@example.org", FULL, date=day(3)), source="3")
    store.ingest(dsn("back@example.org", FULL, date=day(4)), source="4")
    assert store.check("back@example.org").state is State.ACTIVE  # type: ignore[union-attr]
    store.ingest(dsn("back@example.org", FULL, date=day(5)), source="5")
    again = store.check("back@example.org")
    assert again is not None and again.state is State.SUPPRESSED
    assert [h.action for h in again.history] == [
        HistoryAction.SUPPRESSED, HistoryAction.REMOVED, HistoryAction.SUPPRESSED,
    ]


def test_remove_of_unknown_or_active_address(store: Store) -> None:
    assert store.remove("never@example.org") is None
    store.ingest(dsn("fine@example.org", FULL), source="1")
    state = store.remove("fine@example.org", reason="x")
    assert state is not None and state.state is State.ACTIVE and state.history == ()
    with pytest.raises(StoreError, match="not an email address: 'nobody'"):
        store.remove("nobody")


def test_check_normalises_and_validates(store: Store) -> None:
    store.ingest(corpus_bytes("lhost-postfix-03.eml"), source="x")
    [state] = store.suppressions()
    assert store.check(f"  <{state.address.upper()}> ") == store.check(state.address)
    assert store.check("unknown@example.org") is None
    for bad in ("", "no-at-sign", "two@@example.org", "spa ce@example.org"):
        with pytest.raises(StoreError, match="not an email address"):
            store.check(bad)


def test_suppressions_filters_and_pages(store: Store) -> None:
    for user in ("a", "b", "c"):
        store.ingest(dsn(f"{user}@one.example", "550 5.1.1 user unknown"), source=user)
    for n in range(3):
        store.ingest(dsn("s@two.example", FULL, date=day(n)), source=f"s{n}")
    store.ingest(dsn("active@two.example", FULL), source="active")
    assert len(store.suppressions()) == 4
    assert {s.address for s in store.suppressions(domain="TWO.example")} == {"s@two.example"}
    assert {s.address for s in store.suppressions(reason="soft")} == {"s@two.example"}
    assert len(store.suppressions(reason="user_unknown")) == 3
    assert [s.address for s in store.suppressions(state="active")] == ["active@two.example"]
    assert len(store.suppressions(state=None)) == 5
    page1 = store.suppressions(limit=2)
    page2 = store.suppressions(limit=2, offset=2)
    assert len(page1) == len(page2) == 2 and not {s.address for s in page1} & {s.address for s in page2}
    with pytest.raises(StoreError, match="state must be"):
        store.suppressions(state="gone")
    with pytest.raises(StoreError, match="limit must be"):
        store.suppressions(limit=0)
    with pytest.raises(StoreError, match="offset must be"):
        store.suppressions(offset=-1)
    # PostgreSQL refuses NUL in text: a client's mistake, said as such, not a database failure.
    with pytest.raises(StoreError, match="the domain filter must be text without NUL"):
        store.suppressions(domain="two\x00.example")
    with pytest.raises(StoreError, match="the reason filter must be text without NUL"):
        store.suppressions(reason="so\x00ft")
    # LIKE wildcards in a reason are literal text.
    assert store.suppressions(reason="%") == [] and store.suppressions(reason="mailbox_ful_") == []


# -- stats ------------------------------------------------------------------------------


def test_stats_by_every_group(store: Store) -> None:
    store.ingest(dsn("a@one.example", "550 5.1.1 user unknown", date=day(0)), source="1")
    store.ingest(dsn("b@one.example", FULL, date=day(0)), source="2")
    store.ingest(dsn("b@one.example", FULL, date=day(1)), source="3")
    store.ingest(dsn("c@two.example", "250 2.0.0 OK", action="delivered", date=day(1)), source="4")
    by_class = [(r.key, r.label, r.records, r.addresses, r.suppressed) for r in store.stats()]
    assert by_class == [
        ("10", "Invalid Recipient", 1, 1, 1), ("22", "Mailbox Full", 2, 1, 0), ("delivered", None, 1, 1, 0),
    ]
    assert [(r.key, r.records) for r in store.stats(by="domain")] == [("one.example", 3), ("two.example", 1)]
    assert [(r.key, r.records) for r in store.stats(by="day")] == [("2024-05-01", 2), ("2024-05-02", 2)]
    assert [(r.key, r.records) for r in store.stats(by="type")] == [
        ("soft", 2), ("delivered", 1), ("hard", 1),
    ]
    assert [r.key for r in store.stats(since=datetime(2024, 5, 2))] == ["22", "delivered"]
    assert store.stats(since=date(2024, 5, 2)) == store.stats(since=datetime(2024, 5, 2))
    with pytest.raises(StoreError, match="since must be a date or a datetime, not str"):
        store.stats(since="yesterday")  # type: ignore[arg-type]
    with pytest.raises(StoreError, match="stats can group by class, type"):
        store.stats(by="planet")


# -- API keys ---------------------------------------------------------------------------


def test_api_keys_lifecycle(store: Store) -> None:
    key = store.create_key("billing-app")
    assert key.startswith("bk_") and len(key) > 40
    assert store.verify_key(key) == "billing-app"
    assert store.verify_key(key + "x") is None
    assert store.verify_key("") is None and store.verify_key(None) is None  # type: ignore[arg-type]
    [listed] = store.list_keys()
    assert listed.name == "billing-app" and listed.active and key.startswith(listed.prefix)
    assert key not in repr(store.list_keys())
    with pytest.raises(ConflictError, match="exists already"):
        store.create_key("billing-app")
    assert store.revoke_key("billing-app") is True
    assert store.revoke_key("billing-app") is False
    assert store.verify_key(key) is None
    fresh = store.create_key("billing-app")  # a revoked name can be used again
    assert store.verify_key(fresh) == "billing-app" and store.verify_key(key) is None
    with pytest.raises(StoreError, match="API key name"):
        store.create_key("bad name!")


# -- opening ------------------------------------------------------------------------------


def test_open_errors_name_the_database(tmp_path) -> None:
    not_a_database = tmp_path / "notes.txt"
    not_a_database.write_text("hello\n" * 100)
    with pytest.raises(StoreError, match="unsupported database"):
        Store.open("mysql://user@localhost/x")
    with pytest.raises(DatabaseError, match=r"cannot open the database sqlite:///.*: file is not a database"):
        Store.open(f"sqlite:///{not_a_database}")
    with pytest.raises(DatabaseError, match=r"cannot open the database postgresql\+psycopg://u:\*\*\*@127.0.0.1:9"):
        Store.open("postgresql://u:secret@127.0.0.1:9/x")


def test_default_url_and_policy_from_the_environment(tmp_path, monkeypatch) -> None:
    from bouncekit.store import default_database_url

    monkeypatch.delenv("BOUNCEKIT_DATABASE_URL", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    assert default_database_url().endswith("/bouncekit/bouncekit.sqlite3")
    monkeypatch.setenv("BOUNCEKIT_DATABASE_URL", f"sqlite:///{tmp_path / 'env.db'}")
    policy = tmp_path / "policy.toml"
    policy.write_text('[soft]\nafter = 2\n')
    monkeypatch.setenv("BOUNCEKIT_POLICY", str(policy))
    with Store.open() as store:
        assert store.url.endswith("env.db")
        assert store.policy.soft.after == 2


def test_a_batch_decides_as_one_by_one_would(store: Store) -> None:
    inputs = [RawMessage(f"{n}", None, dsn("batch@example.org", FULL, date=day(n))) for n in (0, 4, 8)]
    inputs += [RawMessage("block", None, dsn("b@example.org", "554 5.7.1 blocked using zen.spamhaus.org",
                                              tag=str(n))) for n in range(2)]
    results = [r for r in store.ingest_many(inputs) if isinstance(r, IngestResult)]
    assert sum(len(r.suppressed) for r in results) == 1
    state = store.check("batch@example.org")
    assert state is not None and state.state is State.SUPPRESSED and state.counts.soft == 3
    assert [a.count for r in results for a in r.alerts] == [1, 2]  # running count per sender


def test_a_chunk_the_database_refuses_is_redone_message_by_message(store: Store, monkeypatch) -> None:
    from bouncekit.store.ingest import Writer

    real = Writer.store
    bad = dsn("bad@example.org", "550 5.1.1 user unknown")

    def refuse(self, connection, batch):
        if any(p.source == "bad" for p in batch):
            raise DatabaseError("database test: value refused")
        return real(self, connection, batch)

    monkeypatch.setattr(Writer, "store", refuse)
    inputs = [RawMessage("good1", None, dsn("g1@example.org", FULL)), RawMessage("bad", None, bad),
              RawMessage("good2", None, dsn("g2@example.org", FULL))]
    results = list(store.ingest_many(inputs))
    assert [type(r).__name__ for r in results] == ["IngestResult", "IngestFailure", "IngestResult"]
    assert isinstance(results[1], IngestFailure)
    assert results[1].error == "bad: cannot store the message (database test: value refused)"
    assert store.check("g1@example.org") is not None and store.check("g2@example.org") is not None
    assert store.check("bad@example.org") is None


def test_a_bug_in_one_message_costs_only_that_message(store: Store, monkeypatch) -> None:
    from bouncekit.store.ingest import Writer

    real = Writer.store

    def crash(self, connection, batch):
        if any(p.source == "bad" for p in batch):
            raise KeyError("p_when")
        return real(self, connection, batch)

    monkeypatch.setattr(Writer, "store", crash)
    inputs = [RawMessage("good1", None, dsn("g1@example.org", FULL)),
              RawMessage("bad", None, dsn("bad@example.org", FULL)),
              RawMessage("good2", None, dsn("g2@example.org", FULL))]
    results = list(store.ingest_many(inputs))
    assert [type(r).__name__ for r in results] == ["IngestResult", "IngestFailure", "IngestResult"]
    assert results[1].error == "bad: cannot store the message (KeyError: 'p_when')"


@pytest.mark.parametrize("when", ["Fri, 31 Dec 9999 23:59:59 -1200", "Sat, 01 Jan 1800 00:00:00 +0000"])
def test_dates_off_the_calendar_fall_back_to_the_reception(store: Store, when: str) -> None:
    # 9999-12-31 at -12:00 is in year 10000 in UTC; 1800 is no date of an email.
    received = datetime(2024, 5, 1, 12, tzinfo=UTC)
    results = list(store.ingest_many(
        [RawMessage("odd", None, dsn("odd@example.org", "550 5.1.1 user unknown", date=when)),
         RawMessage("next", None, dsn("next@example.org", "550 5.1.1 user unknown"))],
        received_at=received,
    ))
    assert [type(r).__name__ for r in results] == ["IngestResult", "IngestResult"]
    odd = store.check("odd@example.org")
    assert odd is not None and odd.state is State.SUPPRESSED and odd.last_event_at == received


def test_recipients_with_control_characters_are_kept_off_the_list(store: Store) -> None:
    result = store.ingest(dsn("nul\x00l@example.org", "550 5.1.1 user unknown"), source="nul")
    assert len(result.records) == 1 and result.suppressed == ()
    assert store.suppressions(state=None) == []
    with pytest.raises(StoreError, match="not an email address"):
        store.check("nul\x00l@example.org")


def test_unicode_addresses_are_one_address_in_any_case(store: Store) -> None:
    store.ingest(dsn("jösé@exämple.org", "550 5.1.1 user unknown"), source="1")
    store.ingest(dsn("JÖSÉ@EXÄMPLE.ORG", "550 5.1.1 user unknown"), source="2")
    store.ingest(dsn("jösé@xn--exmple-cua.org", "550 5.1.1 user unknown"), source="3")
    state = store.check("Jösé@Exämple.org")
    assert state is not None and state.address == "jösé@xn--exmple-cua.org" and state.counts.hard == 3
    assert store.stats(by="domain")[0].key == "xn--exmple-cua.org"


def test_stats_since_out_of_range_is_a_store_error(store: Store) -> None:
    with pytest.raises(StoreError, match="since is out of range"):
        store.stats(since=datetime.fromisoformat("9999-12-31T23:59:59-12:00"))


def test_ping_answers_and_fails_as_a_database_error(tmp_path) -> None:
    path = tmp_path / "gone.sqlite3"
    store = Store.open(f"sqlite:///{path}")
    store.ping()
    store.close()
    path.unlink()
    path.mkdir()  # a directory where the database was: it cannot open
    with pytest.raises(DatabaseError, match="database sqlite:///"):
        store.ping()


def test_ingest_batch_without_screening_still_stores_a_copy_once(store: Store, monkeypatch) -> None:
    import bouncekit.store.core as core

    raw = dsn("copy@example.org", "550 5.1.1 User unknown")
    parsed: list[int] = []
    real = core.parse
    monkeypatch.setattr(core, "parse", lambda data, **kw: parsed.append(1) or real(data, **kw))
    [first] = store.ingest_batch([(raw, "first")])
    assert isinstance(first, IngestResult) and not first.duplicate and first.suppressed
    # Screened (the default), a copy is recognised by its hash before it is parsed.
    [again] = store.ingest_batch([(raw, "again")])
    assert isinstance(again, IngestResult) and again.duplicate and again.records == ()
    assert len(parsed) == 1
    # Unscreened, the copy is parsed, and the insert still recognises it: nothing changes.
    [unscreened] = store.ingest_batch([(raw, "unscreened")], screen=False)
    assert isinstance(unscreened, IngestResult) and unscreened.duplicate and not unscreened.suppressed
    assert len(parsed) == 2
    state = store.check("copy@example.org")
    assert state is not None and state.counts.hard == 1 and len(state.history) == 1
