"""The whole content of a store as plain values, to compare two stores exactly.

Everything is kept except what only names rows (surrogate ids: a record points at its
message by hash instead), the message a history entry links to (of several messages that
suppress an address for the same reason, the first to arrive) and the ``domains`` table:
a domain is
reported at the moment every address known so far failed with DNS Failure, which by
design depends on the order in which its addresses were seen. A message read from
several places (the corpus has the messages of an mbox also as single files) is stored
once, with the source it was first read from; pass its hash in ``several_sources`` to
compare it without its source. Times derived from the
reception time (events without a date, suppression times) are equal only when both
stores were given the same ``received_at``.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from typing import Any

from sqlalchemy import create_engine, select

from bouncekit.store import Store
from bouncekit.store.core import STAT_GROUPS
from bouncekit.store.schema import address_history, addresses, messages, records, senders


def _rows(connection: Any, query: Any, hide: Collection[str] = ()) -> list[tuple]:
    rows = []
    for row in connection.execute(query):
        values = row._asdict()
        if values.get("hash") in hide and "source" in values:
            values["source"] = "(one of its sources)"
        rows.append(tuple(values.values()))
    return sorted(rows, key=repr)


def several_sources(inputs: Iterable[Any]) -> set[str]:
    """Hashes of the messages that ``inputs`` (RawMessage-like) hold under more than one source."""
    from bouncekit.store.ingest import message_hash

    seen: dict[str, str] = {}
    several = set()
    for item in inputs:
        if item.error:
            continue
        digest = message_hash(item.data)
        if seen.setdefault(digest, item.source) != item.source:
            several.add(digest)
    return several


def snapshot(url: str, several_sources: Collection[str] = ()) -> dict[str, list]:
    """Messages, records, addresses, history, senders and every grouping of the stats."""
    engine = create_engine(url)
    m = messages.c
    try:
        with engine.connect() as connection:
            record_columns = [c for c in records.c if c.key not in ("id", "message")]
            history_columns = [c for c in address_history.c if c.key not in ("id", "message")]
            state = {
                "messages": _rows(connection, select(*[c for c in messages.c if c.key != "id"]),
                                  several_sources),
                "records": _rows(connection, select(m.hash, *record_columns).join_from(
                    records, messages, records.c.message == m.id), several_sources),
                "addresses": _rows(connection, select(addresses)),
                "history": _rows(connection, select(*history_columns)),
                "senders": _rows(connection, select(senders)),
            }
    finally:
        engine.dispose()
    with Store.open(url) as store:
        for group in STAT_GROUPS:
            state[f"stats by {group}"] = [row.to_dict() for row in store.stats(by=group)]
    return state


def differences(expected: dict[str, list], actual: dict[str, list], limit: int = 5) -> list[str]:
    """Readable lines for what differs (empty when the stores are equal)."""
    lines = []
    for key in expected:
        want, got = expected[key], actual.get(key)
        if want == got:
            continue
        got = got or []
        missing = [row for row in want if row not in got][:limit]
        extra = [row for row in got if row not in want][:limit]
        lines.append(f"{key}: {len(want)} expected, {len(got)} found; missing {missing}; unexpected {extra}")
    return lines



def timeless(state: dict[str, list]) -> dict[str, list]:
    """``state`` with every date-time replaced by a placeholder, for stores filled at
    different times (two receivers of the same messages: the reception times differ, and
    so do the times derived from them)."""
    from datetime import datetime

    def row_of(row: Any) -> Any:
        if not isinstance(row, tuple):
            return row
        return tuple("(a time)" if isinstance(value, datetime) else value for value in row)

    return {key: sorted((row_of(row) for row in rows), key=repr) for key, rows in state.items()}
