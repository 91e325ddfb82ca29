"""The store's outcome depends on the set of messages, not on their order.

Workers of a queue store messages in whatever order deliveries, redeliveries and
retries bring them, so every decision must come out the same for any order: the
corpus ingested forwards and backwards, one message per transaction, must give equal
stores, record for record and address for address.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from bouncekit.sources import iter_messages
from bouncekit.store import IngestFailure, Store
from tests.conftest import CORPUS
from tests.store.snapshot import differences, several_sources, snapshot

RECEIVED = datetime(2026, 1, 1, tzinfo=UTC)


def test_any_order_gives_the_same_store(tmp_path) -> None:
    inputs = list(iter_messages([str(CORPUS)]))
    outcomes = {}
    duplicated = several_sources(inputs)
    assert duplicated  # the mbox's messages are also single files
    for name, order in (("forwards", inputs), ("backwards", inputs[::-1])):
        url = f"sqlite:///{tmp_path / name}.sqlite3"
        with Store.open(url) as store:
            results = list(store.ingest_many(order, batch_size=1, received_at=RECEIVED))
        outcomes[name] = snapshot(url, duplicated)
        failed = sorted(Path(r.source).name for r in results if isinstance(r, IngestFailure))
        # The folder's LICENSE and README.md, an empty message, an empty part, a part without
        # header fields: none is an email message.
        assert failed == ["LICENSE", "README.md", "size-0", "size-1", "size-2"]
    assert len(outcomes["forwards"]["records"]) > 400
    # The corpus has addresses suppressed both by a hard bounce and by a complaint, by two
    # different hard bounces, and with two last events at the same time.
    assert differences(outcomes["forwards"], outcomes["backwards"]) == []


def test_two_hard_bounces_keep_the_same_reason_in_either_order(tmp_path) -> None:
    from tests.store.conftest import dsn

    hard = dsn("ann@example.org", "550 5.1.1 User unknown", tag="hard")
    other = dsn("ann@example.org", "550 5.1.1 Mailbox moved, no forwarding address", tag="moved")
    reasons = []
    for name, order in (("one", [hard, other]), ("two", [other, hard])):
        with Store.open(f"sqlite:///{tmp_path / name}.sqlite3") as store:
            for i, raw in enumerate(order):
                store.ingest(raw, source=str(i), received_at=RECEIVED)
            state = store.check("ann@example.org")
            assert state is not None and state.suppressed
            reasons.append((state.rule, state.reason, [(h.rule, h.reason) for h in state.history]))
    assert reasons[0] == reasons[1]


def test_two_hard_bounces_in_one_chunk_store_what_one_by_one_stores(tmp_path) -> None:
    from bouncekit.sources import RawMessage
    from tests.store.conftest import dsn

    hard = dsn("ann@example.org", "550 5.1.1 User unknown", tag="hard")
    other = dsn("ann@example.org", "550 5.1.1 Mailbox moved, no forwarding address", tag="moved")
    outcomes = []
    for name, order, batch_size in (("apart", [hard, other], 1), ("together", [hard, other], 2),
                                    ("reversed", [other, hard], 2)):
        with Store.open(f"sqlite:///{tmp_path / name}.sqlite3") as store:
            inputs = [RawMessage(str(i), None, raw) for i, raw in enumerate(order)]
            results = list(store.ingest_many(inputs, batch_size=batch_size, received_at=RECEIVED))
            # One of the two records suppressed the address, and its result says why.
            assert sum(len(r.suppressed) for r in results) == 1
            state = store.check("ann@example.org")
            assert state is not None and state.suppressed
            outcomes.append((state.rule, state.reason, [(h.rule, h.reason) for h in state.history]))
    # The row and its history agree, whichever record of the chunk came first.
    assert outcomes[0][1] == outcomes[0][2][0][1]
    assert outcomes[0] == outcomes[1] == outcomes[2]
