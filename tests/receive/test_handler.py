"""The SMTP handler on its own, without a server: who may be mailed, which HELO names pass."""

from __future__ import annotations

import asyncio
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
