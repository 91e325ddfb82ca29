"""The worker's decisions on a real store: store, wait for the database, retry, dead-letter.

The broker side is a recording publisher (what the worker would send back to RabbitMQ)
so that each decision can be checked exactly; the tests of test_faults.py run the same
code against a real broker. A store that fails for one chosen message stands for a
message the database refuses.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from bouncekit.queue.delivery import FIRST_BACKOFF, MAX_BACKOFF, Worker
from bouncekit.queue.settings import QueueSettings
from bouncekit.queue.wire import DeadLetter, Parcel, QueuedMessage, QueuedWebhook, WebhookParcel
from bouncekit.store import Store
from tests.conftest import corpus_bytes

WHEN = datetime(2026, 1, 1, 12, tzinfo=UTC)
GOOD = [QueuedMessage(corpus_bytes(name), name) for name in
        ("lhost-postfix-03.eml", "lhost-exim-05.eml", "arf-02.eml")]


class Recorder:
    """What a worker publishes: tasks put back on the queue, dead letters."""

    def __init__(self) -> None:
        self.parcels: list[Parcel] = []
        self.webhooks: list[WebhookParcel] = []
        self.dead: list[DeadLetter] = []

    def publish_parcel(self, parcel: Parcel) -> None:
        self.parcels.append(parcel)

    def publish_webhook(self, parcel: WebhookParcel) -> None:
        self.webhooks.append(parcel)

    def publish_dead_letter(self, letter: DeadLetter) -> None:
        self.dead.append(letter)


class Refusing(Store):
    """A real store whose database refuses any transaction holding the source ``refuse``."""

    refuse = "poison"
    groups: list[int]

    def ingest_batch(self, items, *, received_at=None, **options):
        self.groups.append(len(items))
        if any(source == self.refuse for _, source in items):
            raise RuntimeError("value too long for type character varying(16)")
        return super().ingest_batch(items, received_at=received_at, **options)


@pytest.fixture
def store(tmp_path: Path):
    with Refusing.open(f"sqlite:///{tmp_path / 'q.sqlite3'}") as opened:
        opened.groups = []
        yield opened


def worker(store: Store, **settings) -> tuple[Worker, Recorder]:
    recorder = Recorder()
    return Worker(store, recorder, QueueSettings(**settings), sleep=lambda s: None), recorder


def test_a_parcel_is_stored_in_one_transaction_and_again_changes_nothing(store) -> None:
    work, sent = worker(store)
    first = work.handle(Parcel(tuple(GOOD), WHEN))
    assert [r.source for r in first.stored] == [m.source for m in GOOD]
    assert store.groups == [3]
    again = work.handle(Parcel(tuple(GOOD), WHEN), redelivered=True)
    assert (again.stored, again.duplicates) == ((), 3)
    assert store.groups == [3, 1, 1, 1]  # a redelivered task goes one message per transaction
    assert sent.parcels == [] and sent.dead == []
    assert sum(r.records for r in store.stats(by="event")) == sum(len(r.records) for r in first.stored)


def test_an_unreadable_message_is_dead_lettered_at_once_and_the_rest_stored(store) -> None:
    work, sent = worker(store)
    done = work.handle(Parcel((GOOD[0], QueuedMessage(b"", "empty.eml"), GOOD[1]), WHEN))
    assert len(done.stored) == 2
    assert [(d.message.source, d.attempts, d.error) for d in sent.dead] == [
        ("empty.eml", 1, "empty.eml: the message is empty")]
    assert sent.parcels == []


def test_a_message_the_database_refuses_costs_only_itself_and_is_tried_again(store) -> None:
    work, sent = worker(store)
    poison = QueuedMessage(b"From: a@example.org\n\nhello", "poison")
    done = work.handle(Parcel((GOOD[0], poison, GOOD[1]), WHEN, attempt=1))
    assert [r.source for r in done.stored] == [GOOD[0].source, GOOD[1].source]
    assert store.groups == [3, 1, 1, 1]
    assert [(p.messages, p.attempt, p.received_at) for p in sent.parcels] == [((poison,), 2, WHEN)]
    assert "value too long" in done.retried[0][1]
    assert sent.dead == []


def test_after_max_attempts_a_failing_message_is_dead_lettered(store) -> None:
    work, sent = worker(store, max_attempts=3)
    poison = QueuedMessage(b"From: a@example.org\n\nhello", "poison")
    work.handle(Parcel((poison,), WHEN, attempt=2))
    assert sent.parcels == []
    [letter] = sent.dead
    assert (letter.message, letter.attempts, letter.received_at) == (poison, 3, WHEN)
    assert letter.error.startswith("cannot store the message (RuntimeError: value too long")
    assert letter.error.endswith("(attempt 3 of 3)")


@pytest.fixture
def postgres():
    from tests.queueing.services import PrivatePostgres, missing_postgres

    problem = missing_postgres()
    if problem:
        pytest.skip(f"cannot start a private PostgreSQL cluster to stop: {problem}")
    cluster = PrivatePostgres()
    try:
        cluster.start()
        yield cluster
    finally:
        cluster.remove()


def test_while_the_database_is_down_the_worker_waits_with_backoff_then_gives_the_attempt_up(postgres) -> None:
    url = postgres.create_database("bouncekit")
    with Store.open(url) as store:
        postgres.stop()
        pauses: list[float] = []
        now = [0.0]

        def sleep(seconds: float) -> None:  # time passes only in the pauses
            pauses.append(seconds)
            now[0] += seconds

        sent = Recorder()
        work = Worker(store, sent, QueueSettings(database_wait=100), sleep=sleep, clock=lambda: now[0])
        done = work.handle(Parcel(tuple(GOOD), WHEN))
        assert done.waited_for_database and done.stored == ()
        # Doubling from 0.5 s, at most 30 s, and the last pause ends with the 100 s wait.
        assert pauses == [FIRST_BACKOFF, 1, 2, 4, 8, 16, MAX_BACKOFF, MAX_BACKOFF, 8.5]
        [parcel] = sent.parcels
        assert (parcel.messages, parcel.attempt) == (tuple(GOOD), 1)
        assert "the database did not answer for 100 s" in done.retried[0][1]


def test_a_database_back_within_the_wait_gets_the_messages(postgres) -> None:
    url = postgres.create_database("bouncekit")
    with Store.open(url) as store:
        postgres.stop()
        sent = Recorder()

        def pause(seconds: float) -> None:
            postgres.start()  # the database comes back during the first pause

        work = Worker(store, sent, QueueSettings(database_wait=60), sleep=pause)
        done = work.handle(Parcel(tuple(GOOD), WHEN))
        assert done.waited_for_database
        assert len(done.stored) == 3 and sent.parcels == [] and sent.dead == []


# -- smtpd --enqueue's messages: the return path ---------------------------------------

DOMAIN = "bounces.example.org"
SECRET = b"a-secret-of-at-least-16-bytes"


def test_a_return_path_is_applied_as_the_smtp_server_applies_it(tmp_path: Path) -> None:
    """The same received messages, stored by smtpd's own hand-off and by a worker from
    the queue's payload, give the same store: original recipients and distrust included."""
    from bouncekit.receive.handoff import store_messages
    from bouncekit.receive.inbound import return_path, source_of
    from bouncekit.receive.spool import Spooled
    from bouncekit.verp import Verp
    from tests.store.snapshot import snapshot

    verp = Verp(DOMAIN, secret=SECRET)
    received = [
        ("1", corpus_bytes("lhost-postfix-03.eml"), (verp.encode("jo@example.com"),)),  # about kijitora@
        ("2", corpus_bytes("lhost-exim-05.eml"), (f"bounces+ann=example.net@{DOMAIN}",)),  # tag missing
        ("3", corpus_bytes("arf-02.eml"), (f"postmaster@{DOMAIN}",)),  # no VERP: distrusted when signed
        ("4", b"", (f"postmaster@{DOMAIN}",)),  # cannot be decoded
    ]
    in_process, queued = f"sqlite:///{tmp_path / 'smtpd.sqlite3'}", f"sqlite:///{tmp_path / 'worker.sqlite3'}"
    with Store.open(in_process) as store:
        handed = store_messages(store, [verp], [Spooled(i, "", r, WHEN, None, d) for i, d, r in received])
    assert [h.outcome for h in handed][-1] == "undecodable"
    parcel = Parcel(tuple(QueuedMessage(d, source_of(i), return_path(r, [verp]) or None)
                          for i, d, r in received), WHEN)
    assert Parcel.from_args(parcel.to_args()) == parcel  # as it travels
    with Store.open(queued) as store:
        work, sent = worker(store)
        done = work.handle(parcel)
        assert len(done.stored) == 3
        assert [d.message.source for d in sent.dead] == ["smtpd:4"]
        assert store.check("jo@example.com").suppressed
        assert store.check("kijitora@example.net") is None
    assert snapshot(queued) == snapshot(in_process)


# -- webhook bodies -------------------------------------------------------------------


def webhook(esp: str, attempt: int = 0) -> WebhookParcel:
    from tests.receive.webhooks.signing import sample

    body, content_type = sample(esp)
    return WebhookParcel(QueuedWebhook(esp, body, content_type, f"webhook:{esp}"), WHEN, attempt)


def test_each_esp_body_is_stored_as_the_webhook_route_stores_it(tmp_path: Path) -> None:
    from bouncekit.receive.handoff import store_events
    from bouncekit.webhooks import ESPS, parse_events
    from tests.store.snapshot import snapshot, timeless

    route, queued = f"sqlite:///{tmp_path / 'route.sqlite3'}", f"sqlite:///{tmp_path / 'worker.sqlite3'}"
    with Store.open(route) as store:
        for esp in ESPS:
            hook = webhook(esp).webhook
            events = parse_events(esp, hook.data, content_type=hook.content_type).events
            store_events(store, [e for e in events if e.records])
    with Store.open(queued) as store:
        work, sent = worker(store)
        for esp in ESPS:
            done = work.handle_webhook(webhook(esp))
            assert done.stored and done.duplicates == 0, esp
        assert sent.parcels == [] and sent.dead == []
        again = [work.handle_webhook(webhook(esp)) for esp in ESPS]  # redelivered: nothing changes
        assert all(a.stored == () and a.duplicates for a in again)
    expected, got = snapshot(route), snapshot(queued)
    assert timeless(got) == timeless(expected)
    assert {row[2] for row in got["messages"]} == {WHEN}  # received when the service received the body


def test_a_webhook_body_that_cannot_be_read_is_dead_lettered_at_once(store) -> None:
    work, sent = worker(store)
    broken = QueuedWebhook("sparkpost", b'[{"msys": ', "application/json", "webhook:sparkpost")
    unreadable = WebhookParcel(broken, WHEN)
    unknown = WebhookParcel(QueuedWebhook("nobody", b"[]", None, "webhook:nobody"), WHEN)
    subscription = WebhookParcel(QueuedWebhook(
        "amazon_ses", b'{"Type": "SubscriptionConfirmation", "SubscribeURL": "https://sns.us-east-1.amazonaws.com/x"}',
        "text/plain", "webhook:amazon_ses"), WHEN)
    for parcel in (unreadable, unknown, subscription):
        assert work.handle_webhook(parcel).stored == ()
    assert [(d.message, d.attempts) for d in sent.dead] == [
        (unreadable.webhook, 1), (unknown.webhook, 1), (subscription.webhook, 1)]
    assert sent.dead[0].error.startswith("sparkpost: the body is not valid JSON")
    assert sent.dead[1].error.startswith("no ESP named 'nobody'")
    assert "a subscription confirmation, which a worker does not confirm" in sent.dead[2].error
    assert sent.parcels == [] and sent.webhooks == []


class RefusingEvents(Store):
    """A real store whose database refuses every webhook event."""

    def ingest_reports(self, items, **options):
        raise RuntimeError("value too long for type character varying(300)")


def test_a_webhook_body_the_database_refuses_is_tried_again_then_dead_lettered(tmp_path: Path) -> None:
    with RefusingEvents.open(f"sqlite:///{tmp_path / 'r.sqlite3'}") as store:
        work, sent = worker(store, max_attempts=3)
        done = work.handle_webhook(webhook("postmark", attempt=1))
        assert done.stored == () and "value too long" in done.retried[0][1]
        assert [(p.webhook, p.attempt, p.received_at) for p in sent.webhooks] == [
            (webhook("postmark").webhook, 2, WHEN)]
        work.handle_webhook(webhook("postmark", attempt=2))
        [letter] = sent.dead
        assert (letter.message, letter.attempts) == (webhook("postmark").webhook, 3)
        assert letter.error.endswith("(attempt 3 of 3)")
