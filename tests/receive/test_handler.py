"""The SMTP handler on its own, without a server: who may be mailed, which HELO names pass."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path
from types import SimpleNamespace

import pytest

from bouncekit.errors import BounceError
from bouncekit.receive.replies import Reply
from bouncekit.receive.smtpd import BounceHandler, SmtpdConfig, is_helo_name
from bouncekit.receive.spool import Spool


def handler(tmp_path: Path, **options: object) -> tuple[BounceHandler, list[int]]:
    woken: list[int] = []
    config = SmtpdConfig(("bounces.example.org", "Bounces.Example.NET"), tmp_path, **options)
    return BounceHandler(config, Spool(tmp_path), lambda: woken.append(1)), woken


def test_recipients(tmp_path: Path) -> None:
    h, _ = handler(tmp_path, max_recipients=2)
    assert h.recipient_reply("x@bounces.example.org", 0) is Reply.RECIPIENT_OK
    assert h.recipient_reply("<X@BOUNCES.EXAMPLE.NET.>", 1) is Reply.RECIPIENT_OK
    assert h.recipient_reply("x@example.org", 0) is Reply.RELAY_DENIED
    assert h.recipient_reply("x@bounces.example.org@evil.example", 0) is Reply.BAD_RECIPIENT
    assert h.recipient_reply("no-at-sign", 0) is Reply.BAD_RECIPIENT
    assert h.recipient_reply("x@bounces.example.org", 2) is Reply.TOO_MANY_RECIPIENTS


@pytest.mark.parametrize(
    ("name", "ok"),
    [
        ("mx.example.net", True),
        ("mx.example.net.", True),
        ("[192.0.2.1]", True),
        ("[IPv6:2001:db8::1]", True),
        ("localhost", False),
        ("a..b", False),
        ("-mx.example.net", False),
        ("mx.example.c0m", False),
        ("a" * 64 + ".example.net", False),
        ("", False),
    ],
)
def test_helo_names(name: str, ok: bool) -> None:
    assert is_helo_name(name) is ok


def test_helo_is_checked_only_when_asked(tmp_path: Path) -> None:
    assert handler(tmp_path)[0].helo_reply("x") is None
    assert handler(tmp_path, check_helo=True)[0].helo_reply("x") is Reply.BAD_HELO


def test_data_is_spooled_before_the_reply(tmp_path: Path) -> None:
    h, woken = handler(tmp_path)
    envelope = SimpleNamespace(
        rcpt_tos=["x@bounces.example.org"], original_content=b"Subject: x\r\n\r\n", mail_from=""
    )
    session = SimpleNamespace(peer=("192.0.2.1", 40000))
    reply = asyncio.run(h.handle_DATA(None, session, envelope))
    (spool_id,) = h.spool.pending()
    assert reply == f"250 2.0.0 stored as {spool_id}"
    assert woken == [1]
    assert h.spool.load(spool_id).peer == "192.0.2.1"


def test_a_spool_that_cannot_be_written_is_451(tmp_path: Path) -> None:
    h, _ = handler(tmp_path)
    (tmp_path / "tmp").rmdir()  # writes fail from now on
    envelope = SimpleNamespace(rcpt_tos=["x@bounces.example.org"], original_content=b"x", mail_from="")
    reply = asyncio.run(h.handle_DATA(None, SimpleNamespace(peer=None), envelope))
    assert reply == Reply.CANNOT_STORE.text()
    assert h.spool.pending() == []


def test_bad_configurations() -> None:
    with pytest.raises(BounceError, match="at least one bounce domain"):
        SmtpdConfig((), Path("."))
    with pytest.raises(BounceError, match="not a domain name"):
        SmtpdConfig(("not a domain",), Path("."))
    with pytest.raises(BounceError, match="both --tls-cert and --tls-key"):
        SmtpdConfig(("b.example.org",), Path("."), tls_key=Path("k.pem"))


def test_the_ingester_keeps_retrying_then_keeps_the_message(tmp_path: Path) -> None:
    from bouncekit.receive.handoff import Handed, Outcome
    from bouncekit.receive.smtpd import MAX_ATTEMPTS, Ingester

    spool = Spool(tmp_path)
    spool_id = spool.write(b"Subject: x\r\n\r\n", mail_from="", rcpt_tos=["x@bounces.example.org"])
    calls: list[int] = []

    def database_down(messages):
        calls.append(len(messages))
        return [Handed(m.id, Outcome.RETRY, "database down") for m in messages]

    ingester = Ingester(spool, database_down)
    for attempt in range(1, MAX_ATTEMPTS):
        assert ingester.drain_once() == (1, True)
        assert spool.pending() == [spool_id], f"gone after {attempt} attempts"
    ingester.drain_once()
    assert spool.pending() == []
    (kept,) = spool.failed()
    assert kept.error == f"not stored after {MAX_ATTEMPTS} attempts: database down"
    assert calls == [1] * MAX_ATTEMPTS


def test_the_ingester_forgets_what_is_stored(tmp_path: Path) -> None:
    from bouncekit.receive.handoff import Handed, Outcome
    from bouncekit.receive.smtpd import Ingester

    spool = Spool(tmp_path)
    ids = [spool.write(b"Subject: %d\r\n\r\n" % i, mail_from="", rcpt_tos=["x@b.example"]) for i in range(3)]
    (tmp_path / "new" / "junk.msg").write_bytes(b"not a spool file")
    outcomes = {ids[0]: Outcome.STORED, ids[1]: Outcome.UNDECODABLE, ids[2]: Outcome.STORED}
    ingester = Ingester(
        spool, lambda messages: [Handed(m.id, outcomes[m.id], "why") for m in messages], batch=10
    )
    assert ingester.drain_once() == (4, False)
    assert spool.pending() == []
    assert sorted(f.id for f in spool.failed()) == sorted([ids[1], "junk"])


class FakeProducer:
    """What ``smtpd --enqueue`` publishes: each message, or the broker's refusal."""

    def __init__(self, fail: Exception | None = None, fail_after: int = 0, delay: float = 0) -> None:
        self.published: list[tuple[bytes, str, object, object]] = []
        self.fail = fail
        self.fail_after = fail_after
        self.delay = delay

    def enqueue(self, data: bytes, *, source: str, received_at=None, return_path=None):
        if self.fail is not None and len(self.published) >= self.fail_after:
            raise self.fail
        time.sleep(self.delay)
        self.published.append((data, source, received_at, return_path))
        return None


DOMAIN = "bounces.example.org"


def queue_handler(
    tmp_path: Path, producer: FakeProducer, **options: float
) -> tuple[BounceHandler, list[int]]:
    from bouncekit.receive.handoff import QueueHandoff
    from bouncekit.verp import Verp

    woken: list[int] = []
    config = SmtpdConfig(("bounces.example.org",), tmp_path, **options)
    queue = QueueHandoff(producer, [Verp("bounces.example.org")])  # type: ignore[arg-type]
    return BounceHandler(config, Spool(tmp_path), lambda: woken.append(1), queue=queue), woken


def data(h: BounceHandler, rcpt: str = "bounces+jo=example.com@bounces.example.org") -> str:
    envelope = SimpleNamespace(rcpt_tos=[rcpt], original_content=b"Subject: x\r\n\r\n", mail_from="")
    return asyncio.run(h.handle_DATA(None, SimpleNamespace(peer=("192.0.2.1", 1)), envelope))


def test_with_a_queue_250_comes_once_the_broker_has_the_message(tmp_path: Path) -> None:
    from bouncekit.store import ReturnPath

    producer = FakeProducer()
    h, woken = queue_handler(tmp_path, producer)
    reply = data(h)
    [(raw, source, _, path)] = producer.published
    reception_id = source.removeprefix("smtpd:")
    assert reply == f"250 2.0.0 queued as {reception_id}"
    assert (raw, path) == (b"Subject: x\r\n\r\n", ReturnPath("jo@example.com"))
    assert h.spool.pending() == [] and woken == []  # nothing spooled: the broker holds it
    data(h, "postmaster@bounces.example.org")
    assert producer.published[1][3] == ReturnPath()  # no VERP: the return path says nothing


def test_with_a_queue_that_does_not_answer_the_reply_is_451(tmp_path: Path) -> None:
    from bouncekit.queue import QueueError

    h, _ = queue_handler(tmp_path, FakeProducer(QueueError("cannot use the queue at amqp://x: refused")))
    assert data(h) == "451 4.3.0 cannot queue the message now, try again later"
    assert h.spool.pending() == []


def test_a_broker_that_does_not_confirm_in_time_is_451(tmp_path: Path) -> None:
    h, _ = queue_handler(tmp_path, FakeProducer(delay=2.0), queue_wait=0.2)
    envelope = SimpleNamespace(rcpt_tos=[f"postmaster@{DOMAIN}"], original_content=b"x", mail_from="")

    async def timed() -> tuple[str, float]:
        started = time.monotonic()
        reply = await h.handle_DATA(None, SimpleNamespace(peer=None), envelope)
        return reply, time.monotonic() - started

    reply, waited = asyncio.run(timed())
    assert reply == "451 4.3.0 cannot queue the message now, try again later"
    assert waited < 1.5  # answered at the wait; the publish itself went on
    fast, _ = queue_handler(tmp_path, FakeProducer(delay=0.1), queue_wait=0.5)
    assert data(fast).startswith("250 2.0.0 queued as ")


def test_with_a_queue_whose_limit_is_lower_the_reply_is_552(tmp_path: Path) -> None:
    from bouncekit.errors import MessageTooLargeError

    h, _ = queue_handler(tmp_path, FakeProducer(MessageTooLargeError("the message is 16 bytes, over ...")))
    assert data(h) == Reply.TOO_BIG.text()


def test_the_spool_is_replayed_to_the_queue(tmp_path: Path) -> None:
    from bouncekit.errors import MessageTooLargeError
    from bouncekit.queue import QueueError
    from bouncekit.receive.handoff import Outcome, QueueHandoff
    from bouncekit.receive.smtpd import Ingester
    from bouncekit.store import ReturnPath
    from bouncekit.verp import Verp

    spool = Spool(tmp_path)
    ids = [spool.write(b"Subject: %d\r\n\r\n" % i, mail_from="",
                       rcpt_tos=[f"bounces+u{i}=example.com@bounces.example.org"]) for i in range(3)]
    down = QueueHandoff(FakeProducer(QueueError("down"), fail_after=1),  # type: ignore[arg-type]
                        [Verp("bounces.example.org")])
    outcomes = down([spool.load(i) for i in ids])
    assert [o.outcome for o in outcomes] == [Outcome.QUEUED, Outcome.RETRY, Outcome.RETRY]
    times = [spool.load(i).received_at for i in ids]
    producer = FakeProducer()
    replay = QueueHandoff(producer, [Verp("bounces.example.org")])  # type: ignore[arg-type]
    assert Ingester(spool, replay).drain_once() == (3, False)
    assert spool.pending() == []  # each forgotten once the broker confirmed it
    assert [(s, w, p) for _, s, w, p in producer.published] == [
        (f"smtpd:{ids[n]}", times[n], ReturnPath(f"u{n}@example.com")) for n in range(3)]
    kept = spool.write(b"Subject: big\r\n\r\n", mail_from="", rcpt_tos=["postmaster@bounces.example.org"])
    refusal = "the message is 17 bytes, over the queue's limit"
    too_big = QueueHandoff(FakeProducer(MessageTooLargeError(refusal)))  # type: ignore[arg-type]
    assert Ingester(spool, too_big).drain_once() == (1, False)
    [failed] = spool.failed()
    assert (failed.id, failed.error) == (kept, f"refused by the queue: {refusal}")
