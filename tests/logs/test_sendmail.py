"""Sendmail log lines, hand-written the way sendmail 8 logs through syslog."""

# ruff: noqa: E501 -- real log lines are longer than the code's line length

from __future__ import annotations

import gzip
from pathlib import Path

from bouncekit import BounceClass, Event, Reason
from bouncekit.logs import LogReader
from bouncekit.logs.sendmail import SendmailLog

LOG = """\
Feb 12 06:25:01 mx2 sm-mta[3301]: 41C6P1ab003301: from=<billing@example.org>, size=23142, class=0, nrcpts=4, msgid=<202402120625.41C6P0xx003300@example.org>, proto=ESMTP, daemon=MTA-v4, relay=app.example.org [192.0.2.7]
Feb 12 06:25:02 mx2 sm-mta[3305]: 41C6P1ab003301: to=<paid@example.org>, delay=00:00:01, xdelay=00:00:01, mailer=esmtp, pri=143142, relay=mx.example.org. [192.0.2.80], dsn=2.0.0, stat=Sent (Ok: queued as 4TqX1)
Feb 12 06:25:03 mx2 sm-mta[3305]: 41C6P1ab003301: to=<ghost@Example.com>, delay=00:00:02, xdelay=00:00:01, mailer=esmtp, pri=143142, relay=mx.example.com. [203.0.113.80], dsn=5.1.1, stat=User unknown
Feb 12 06:25:03 mx2 sm-mta[3305]: 41C6P1ab003301: 41C6P3ab003305: DSN: User unknown
Feb 12 06:25:34 mx2 sm-mta[3305]: 41C6P1ab003301: to=<a@example.net>,<b@example.net>, delay=00:00:33, xdelay=00:00:30, mailer=esmtp, pri=143142, relay=mx.example.net., dsn=4.0.0, stat=Deferred: Connection timed out with mx.example.net.
Feb 17 06:26:00 mx2 sm-mta[4410]: 41C6P1ab003301: to=<a@example.net>,<b@example.net>, delay=5+00:00:59, xdelay=00:00:00, mailer=esmtp, pri=9143142, relay=mx.example.net., dsn=4.0.0, stat=Deferred: Connection timed out with mx.example.net.
Feb 17 06:26:00 mx2 sm-mta[4410]: 41C6P1ab003301: 41HAQ0ab004410: DSN: Cannot send message for 5 days
"""


def read(text: str) -> list:
    return [entry.record for entry in LogReader().read_lines(text.splitlines(), "maillog")]


def test_bounce_joined_with_the_from_line() -> None:
    unknown = read(LOG)[0]
    assert unknown.event is Event.BOUNCE
    assert unknown.recipient == "ghost@example.com"
    assert unknown.reason is Reason.USER_UNKNOWN
    assert unknown.status == "5.1.1"
    assert unknown.diagnostic == "User unknown"
    assert unknown.remote_mta == "mx.example.com"
    assert unknown.reporting_mta == "mx2"
    assert unknown.original_sender == "billing@example.org"
    assert unknown.original_message_id == "<202402120625.41C6P0xx003300@example.org>"
    assert unknown.decoder == "sendmail-log"


def test_each_listed_recipient_of_a_deferral_and_the_queue_timeout() -> None:
    records = read(LOG)
    assert [(r.event, r.recipient, r.reason) for r in records[1:]] == [
        (Event.DELAYED, "a@example.net", Reason.CONNECTION_FAILED),
        (Event.DELAYED, "b@example.net", Reason.CONNECTION_FAILED),
        (Event.DELAYED, "a@example.net", Reason.CONNECTION_FAILED),
        (Event.DELAYED, "b@example.net", Reason.CONNECTION_FAILED),
        (Event.BOUNCE, "a@example.net", Reason.EXPIRED),
        (Event.BOUNCE, "b@example.net", Reason.EXPIRED),
    ]
    expired = records[-1]
    assert expired.bounce_class is BounceClass.TIMEOUT
    assert expired.diagnostic == "Connection timed out with mx.example.net."
    assert expired.date == "Feb 17 06:26:00"


def test_message_forgotten_once_every_recipient_is_final() -> None:
    parser = SendmailLog()
    lines = LOG.splitlines()
    parser.feed(lines[0])
    parser.feed(lines[1])
    parser.feed(lines[2])
    assert len(parser.queue) == 1  # two of four recipients still to go
    parser.feed("Feb 12 06:25:05 mx2 sm-mta[3306]: 41C6P1ab003301: to=<c@example.org>,<d@example.org>, "
                "delay=00:00:04, mailer=esmtp, pri=1, relay=mx.example.org., dsn=2.0.0, stat=Sent (ok)")
    assert len(parser.queue) == 0


def test_submission_queue_and_old_lines_without_dsn() -> None:
    log = """\
Feb 12 07:00:00 host sendmail[500]: 41C7000a000500: from=root, size=120, class=0, nrcpts=1, msgid=<202402120700.41C7000a000500@host.example.org>, relay=root@localhost
Feb 12 07:00:01 host sm-msp-queue[501]: 41C7000a000500: to=nosuch@example.com, ctladdr=root (0/0), delay=00:00:01, xdelay=00:00:00, mailer=relay, pri=30120, relay=[127.0.0.1] [127.0.0.1], stat=Host unknown (Name server: example.com: host not found)
"""
    [record] = read(log)
    assert record.recipient == "nosuch@example.com"
    assert record.original_sender == "root"
    assert record.remote_mta is None  # [127.0.0.1] names no host
    assert record.reason is Reason.DOMAIN_NOT_FOUND


def test_gzip_log(tmp_path: Path) -> None:
    path = tmp_path / "maillog.2.gz"
    path.write_bytes(gzip.compress(LOG.encode()))
    assert [entry.record for entry in LogReader().read(path)] == read(LOG)
