"""The spool: durable before 250, replayed, failed messages kept with their reason."""

from __future__ import annotations

from pathlib import Path

import pytest

from bouncekit.receive.replies import Reply, rewrite
from bouncekit.receive.spool import Spool, SpoolError


def test_write_load_done(tmp_path: Path) -> None:
    spool = Spool(tmp_path / "spool")
    first = spool.write(
        b"Subject: one\r\n\r\nbody\r\n", mail_from="", rcpt_tos=["a@b.example"], peer="192.0.2.1"
    )
    second = spool.write(b"Subject: two\r\n\r\n", mail_from="x@y.example", rcpt_tos=("c@b.example",))
    assert spool.pending() == [first, second]  # oldest first
    assert list((tmp_path / "spool" / "tmp").iterdir()) == []
    loaded = spool.load(first)
    assert (loaded.data, loaded.mail_from, loaded.rcpt_tos, loaded.peer) == (
        b"Subject: one\r\n\r\nbody\r\n",
        "",
        ("a@b.example",),
        "192.0.2.1",
    )
    assert loaded.received_at.tzinfo is not None
    spool.done(first)
    assert spool.pending() == [second]
    assert Spool(tmp_path / "spool").pending() == [second]  # a new process sees what is waiting


def test_failed_messages_are_kept_and_retryable(tmp_path: Path) -> None:
    spool = Spool(tmp_path)
    spool_id = spool.write(b"", mail_from="", rcpt_tos=["a@b.example"])
    spool.fail(spool_id, "cannot be decoded: the message is empty")
    assert spool.pending() == []
    (kept,) = spool.failed()
    assert (kept.id, kept.error) == (spool_id, "cannot be decoded: the message is empty")
    assert kept.path.read_bytes().endswith(b"\n")
    assert spool.retry_failed() == 1
    assert spool.pending() == [spool_id] and spool.failed() == []


def test_a_file_that_is_not_a_spool_file(tmp_path: Path) -> None:
    spool = Spool(tmp_path)
    (tmp_path / "new" / "junk.msg").write_bytes(b"no envelope line")
    with pytest.raises(SpoolError, match="not a spool file"):
        spool.load("junk")
    with pytest.raises(SpoolError, match="cannot read"):
        spool.load("absent")


def test_an_unusable_folder(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("x")
    with pytest.raises(SpoolError, match="cannot use the spool folder"):
        Spool(tmp_path / "file")


def test_aiosmtpd_limit_replies_become_ours() -> None:
    assert rewrite("552 Error: Too much mail data") == "552 5.3.4 message too big for this system"
    assert rewrite("500 Line too long (see RFC5321 4.5.3.1.6)") == Reply.LINE_TOO_LONG.text()
    assert rewrite("250 OK") == "250 OK"
    assert Reply.QUEUED.text(id="42") == "250 2.0.0 stored as 42"
