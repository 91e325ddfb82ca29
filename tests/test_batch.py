"""Parsing many messages in order, in this process or in workers (bouncekit.batch)."""

from __future__ import annotations

import os

import pytest

from bouncekit import BounceError, batch
from bouncekit.batch import Parsed, map_chunks, map_parsed, parse_message, parse_messages
from bouncekit.sources import RawMessage, iter_messages
from tests.conftest import CORPUS, corpus_bytes

INPUTS = [str(CORPUS / "mbox" / "mbox-0"), str(CORPUS / "emails"), str(CORPUS / "mbox" / "size-0"),
          str(CORPUS / "not-bounces")]


def outcome(parsed):
    records = None if parsed.report is None else tuple(r.to_dict() for r in parsed.report.records)
    return parsed.source, parsed.error, records


def test_one_message_gives_its_report_and_a_bad_one_its_error():
    good = RawMessage("a.eml", None, corpus_bytes("lhost-postfix-03.eml"))
    parsed = parse_message(good)
    assert parsed.error is None and parsed.report.is_bounce
    empty = parse_message(RawMessage("box", 4, b"  \n", offset=900))
    assert empty.report is None and empty.error == "the message is empty"
    assert empty.where == "box (message 4, byte 900)" and empty.source == "box#4"
    unread = parse_message(RawMessage("gone.eml", None, b"", error="no such file or folder"))
    assert unread.report is None and unread.error == "no such file or folder"


def test_workers_give_the_same_outcomes_in_the_same_order_as_one_process():
    alone = [outcome(p) for p in parse_messages(iter_messages(INPUTS), jobs=1)]
    workers = [outcome(p) for p in parse_messages(iter_messages(INPUTS), jobs=2)]
    assert workers == alone
    assert len(alone) == len(list(iter_messages(INPUTS))) > 37 + 406
    assert (INPUTS[2], "the message is empty", None) in alone
    assert sum(1 for _, error, records in alone if records == ()) >= 3  # the not-bounces


def test_workers_read_the_messages_of_an_mbox_file_themselves():
    alone = [outcome(p) for p in parse_messages(iter_messages(INPUTS), jobs=1)]
    lazy = [outcome(p) for p in parse_messages(iter_messages(INPUTS, lazy=True), jobs=2)]
    assert lazy == alone
    assert [outcome(p) for p in parse_messages(iter_messages(INPUTS, lazy=True), jobs=1)] == alone


def sources_and_pid(outcomes: list[Parsed]) -> tuple[int, list[str]]:
    return os.getpid(), [parsed.source for parsed in outcomes]


def test_map_chunks_runs_then_once_per_chunk_in_the_workers(monkeypatch):
    monkeypatch.setattr(batch, "CHUNK_MESSAGES", 10)
    expected = [m.source for m in iter_messages(INPUTS)]
    alone = list(map_chunks(iter_messages(INPUTS), sources_and_pid, jobs=1))
    assert [sources for _, sources in alone] == [[source] for source in expected]
    chunks = list(map_chunks(iter_messages(INPUTS, lazy=True), sources_and_pid, jobs=2))
    assert [source for _, sources in chunks for source in sources] == expected
    assert {len(sources) for _, sources in chunks[:-1]} == {10}
    assert os.getpid() not in {pid for pid, _ in chunks}


def where_and_recipients(parsed: Parsed) -> tuple[int, str, tuple[str, ...] | None]:
    """A compact result made where the message was parsed: the process id, and little else."""
    recipients = None if parsed.report is None else tuple(r.recipient for r in parsed.report.records)
    return os.getpid(), parsed.source, recipients


def die_on_the_fifth(parsed: Parsed) -> tuple[str, str | None]:
    """Kill the worker that parsed message 5 (the main process sees it failed, and lives)."""
    if parsed.position == 5 and parsed.report is not None:
        os._exit(3)
    return parsed.source, parsed.error


def test_map_parsed_runs_then_in_the_workers_and_keeps_the_order():
    alone = list(map_parsed(iter_messages(INPUTS), where_and_recipients, jobs=1))
    workers = list(map_parsed(iter_messages(INPUTS), where_and_recipients, jobs=2))
    assert [r[1:] for r in workers] == [r[1:] for r in alone]
    assert {pid for pid, _, _ in alone} == {os.getpid()}
    assert os.getpid() not in {pid for pid, _, _ in workers}
    assert [r[1:] for r in alone] == [
        (p.source, None if p.report is None else tuple(r.recipient for r in p.report.records))
        for p in parse_messages(iter_messages(INPUTS))
    ]


def test_a_message_that_kills_its_worker_fails_and_the_batch_goes_on(monkeypatch):
    monkeypatch.setattr(batch, "CHUNK_MESSAGES", 2)
    messages = [RawMessage("box", n, corpus_bytes("lhost-postfix-03.eml")) for n in range(1, 9)]
    results = list(map_parsed(messages, die_on_the_fifth, jobs=2))
    assert [source for source, _ in results] == [f"box#{n}" for n in range(1, 9)]
    failed = {source: error for source, error in results if error}
    # The chunk holding message 5 (messages 5 and 6) fails as a whole; the rest is parsed.
    assert failed == {"box#5": "a decoder worker process died on it",
                      "box#6": "a decoder worker process died on it"}


def test_work_in_flight_is_bounded(monkeypatch):
    monkeypatch.setattr(batch, "CHUNK_MESSAGES", 4)
    read = 0

    def counted():
        nonlocal read
        for i in range(400):
            read += 1
            yield RawMessage("gen", i + 1, b"Subject: hello\n\nnot a bounce\n")

    most_ahead = 0
    for done, parsed in enumerate(parse_messages(counted(), jobs=2), start=1):
        assert parsed.position == done
        most_ahead = max(most_ahead, read - done)
    # at most CHUNKS_PER_WORKER chunks per worker, plus the chunk being filled
    assert most_ahead <= (2 * batch.CHUNKS_PER_WORKER + 1) * 4


def test_jobs_below_one_is_an_error():
    with pytest.raises(BounceError, match="jobs must be at least 1"):
        list(parse_messages([], jobs=0))
    with pytest.raises(BounceError, match="jobs must be at least 1"):
        map_parsed([], where_and_recipients, jobs=0)
