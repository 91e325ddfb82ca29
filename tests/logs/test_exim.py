"""Exim log lines, hand-written the way Exim 4 writes its main log (and to syslog)."""

# ruff: noqa: E501 -- real log lines are longer than the code's line length

from __future__ import annotations

import gzip
from pathlib import Path

from bouncekit import BounceClass, Event, Reason
from bouncekit.logs import LogReader
from bouncekit.logs.exim import EximLog

MAINLOG = """\
2024-03-04 09:12:40 1rh3Kq-000Abc-7Z <= newsletter@example.org H=app.example.org [192.0.2.44] P=esmtpsa X=TLS1.3:TLS_AES_256_GCM_SHA384:256 CV=no A=plain:newsletter S=4821 id=20240304091240.12345@app.example.org T="March news"
2024-03-04 09:12:41 1rh3Kq-000Abc-7Z => ok@example.org R=dnslookup T=remote_smtp H=mx.example.org [192.0.2.80] X=TLS1.3:TLS_AES_256_GCM_SHA384:256 CV=yes C="250 2.0.0 Ok: queued as 4Tq"
2024-03-04 09:12:41 1rh3Kq-000Abc-7Z ** jane.doe@Example.COM R=dnslookup T=remote_smtp H=mx1.example.com [203.0.113.25] X=TLS1.2:ECDHE-RSA-AES256-GCM-SHA384:256 CV=yes: SMTP error from remote mail server after RCPT TO:<jane.doe@example.com>: 550 5.1.1 <jane.doe@example.com>: Recipient address rejected: User unknown in local recipient table
2024-03-04 09:12:42 1rh3Kq-000Abc-7Z == bob@example.net R=dnslookup T=remote_smtp defer (-44) H=mx.example.net [198.51.100.9]: SMTP error from remote mail server after RCPT TO:<bob@example.net>: 452 4.2.2 The email account that you tried to reach is over quota
2024-03-04 09:12:42 1rh3Kq-000Abc-7Z ** nobody@nonexistent.example: Unrouteable address
2024-03-04 09:12:43 1rh3Kr-000Abd-8A <= <> R=1rh3Kq-000Abc-7Z U=Debian-exim P=local S=6012
2024-03-04 09:12:43 1rh3Kr-000Abd-8A => newsletter@example.org R=dnslookup T=remote_smtp H=app.example.org [192.0.2.44]
2024-03-04 09:12:43 1rh3Kr-000Abd-8A Completed
2024-03-04 09:20:00 Start queue run: pid=4242
2024-03-09 09:12:42 +0100 [4243] 1rh3Kq-000Abc-7Z ** bob@example.net R=dnslookup T=remote_smtp: retry timeout exceeded
2024-03-09 09:12:43 +0100 [4243] 1rh3Kq-000Abc-7Z Completed
"""


def read(text: str) -> list:
    return [entry.record for entry in LogReader().read_lines(text.splitlines(), "mainlog")]


def test_failure_joined_with_the_arrival_line() -> None:
    failed = read(MAINLOG)[0]
    assert failed.event is Event.BOUNCE
    assert failed.recipient == "jane.doe@example.com"
    assert failed.reason is Reason.USER_UNKNOWN
    assert (failed.status, failed.reply_code) == ("5.1.1", "550")
    assert failed.diagnostic == (
        "550 5.1.1 <jane.doe@example.com>: Recipient address rejected: User unknown in local recipient table"
    )
    assert failed.remote_mta == "mx1.example.com"
    assert failed.original_sender == "newsletter@example.org"
    assert failed.original_message_id == "<20240304091240.12345@app.example.org>"
    assert failed.date == "2024-03-04T09:12:41"
    assert failed.decoder == "exim-log"


def test_deferral_routing_failure_and_retry_timeout() -> None:
    _, deferred, unrouteable, timed_out = read(MAINLOG)
    assert deferred.event is Event.DELAYED
    assert deferred.bounce_class is BounceClass.MAILBOX_FULL  # a delay keeps its cause's class
    assert (deferred.status, deferred.reply_code) == ("4.2.2", "452")
    assert deferred.remote_mta == "mx.example.net"
    assert unrouteable.event is Event.BOUNCE
    assert unrouteable.diagnostic == "Unrouteable address"
    assert unrouteable.bounce_class is BounceClass.DNS_FAILURE
    assert timed_out.reason is Reason.EXPIRED
    assert timed_out.date == "2024-03-09T09:12:42+01:00"
    assert timed_out.original_sender == "newsletter@example.org"


def test_completed_forgets_the_message() -> None:
    parser = EximLog()
    for line in MAINLOG.splitlines():
        assert parser.feed(line) is not None
    assert len(parser.queue) == 0


def test_syslog_lines_new_ids_and_older_host_wording() -> None:
    log = """\
Mar  4 09:12:40 relay exim[2210]: 1rh3Kq-00000001Abc-7ZaB <= <bulk@example.org> H=(app) [192.0.2.44] P=esmtp S=900 id=abc.123@example.org
Mar  4 09:12:41 relay exim[2211]: 1rh3Kq-00000001Abc-7ZaB ** big@example.com R=dnslookup T=remote_smtp H=mx.example.com [203.0.113.2]: SMTP error from remote mail server after end of data: 552 5.3.4 Message size exceeds fixed limit
Mar  4 09:12:42 relay exim[2212]: 1rh3Kq-00000001Abc-7ZaB ** old@example.com R=dnslookup T=remote_smtp: SMTP error from remote mail server after RCPT TO:<old@example.com>: host mx2.example.com [203.0.113.3]: 550 5.2.1 Mailbox disabled for this recipient
"""
    big, old = read(log)
    assert big.reason is Reason.MESSAGE_TOO_LARGE
    assert big.reporting_mta == "relay"
    assert big.date == "Mar 4 09:12:41"
    assert big.original_sender == "bulk@example.org"
    assert old.remote_mta == "mx2.example.com"
    assert old.diagnostic == "550 5.2.1 Mailbox disabled for this recipient"
    assert old.reason is Reason.MAILBOX_INACTIVE


def test_gzip_mainlog(tmp_path: Path) -> None:
    path = tmp_path / "mainlog.1.gz"
    path.write_bytes(gzip.compress(MAINLOG.encode()))
    records = [entry.record for entry in LogReader().read(path)]
    assert records == read(MAINLOG)
