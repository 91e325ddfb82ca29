"""Fixtures of the dashboard tests: a store holding recent bounces, written by hand here.

The corpus bounces are years old; the dashboard charts the last 30 days by default, so
these tests store small RFC 3464 reports dated in the last days, whose counts they know.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path

import pytest

from bouncekit.store import Store


def dsn(recipient: str, status: str, diagnostic: str, when: datetime,
        sender: str = "news@shop.example") -> bytes:
    """A minimal RFC 3464 delivery status notification for one recipient."""
    date = format_datetime(when)
    return (
        f"From: MAILER-DAEMON@mx.shop.example\r\n"
        f"To: {sender}\r\n"
        f"Subject: Undelivered Mail Returned to Sender\r\n"
        f"Date: {date}\r\n"
        f"Message-ID: <{abs(hash((recipient, status, when)))}@mx.shop.example>\r\n"
        f"MIME-Version: 1.0\r\n"
        f'Content-Type: multipart/report; report-type=delivery-status; boundary="b1"\r\n\r\n'
        f"--b1\r\nContent-Type: text/plain\r\n\r\nYour message could not be delivered.\r\n\r\n"
        f"--b1\r\nContent-Type: message/delivery-status\r\n\r\n"
        f"Reporting-MTA: dns; mx.shop.example\r\nArrival-Date: {date}\r\n\r\n"
        f"Final-Recipient: rfc822; {recipient}\r\nAction: failed\r\nStatus: {status}\r\n"
        f"Remote-MTA: dns; mx.{recipient.rpartition('@')[2]}\r\n"
        f"Diagnostic-Code: smtp; {diagnostic}\r\nLast-Attempt-Date: {date}\r\n\r\n"
        f"--b1\r\nContent-Type: text/rfc822-headers\r\n\r\n"
        f"From: {sender}\r\nTo: {recipient}\r\nSubject: Our offers\r\n\r\n--b1--\r\n"
    ).encode()


#: (recipient, status, diagnostic, days ago): hard, soft and block bounces over a week.
BOUNCES = (
    ("ann.smith@example.com", "5.1.1", "550 5.1.1 <ann.smith@example.com>: Recipient address rejected: "
     "User unknown in virtual mailbox table", 1),
    ("bob.jones@example.com", "5.1.1",
     "550 5.1.1 The email account that you tried to reach does not exist", 1),
    ("carol@example.net", "5.1.1", "550 5.1.1 <carol@example.net>: user unknown", 2),
    ("dave@example.net", "4.2.2", "452 4.2.2 Mailbox full", 2),
    ("erin@example.org", "4.2.2", "552 5.2.2 Mailbox full: quota exceeded", 3),
    ("frank@example.org", "5.7.1", "554 5.7.1 Service unavailable; Client host [192.0.2.17] blocked "
     "using zen.spamhaus.org", 4),
    ("grace@example.org", "5.7.1", "554 5.7.1 Service unavailable; Client host [192.0.2.17] blocked "
     "using zen.spamhaus.org", 5),
    ("heidi@example.com", "5.1.1", "550 5.1.1 <heidi@example.com>: Recipient address rejected: "
     "User unknown in local recipient table", 6),
)


@dataclass(frozen=True)
class Stocked:
    """A store with the bounces above, and what a page should show of them."""

    url: str
    key: str
    by_type: Counter[str]
    suppressed: tuple[str, ...]


@pytest.fixture
def stocked(tmp_path: Path) -> Stocked:
    url = f"sqlite:///{tmp_path / 'dashboard.sqlite3'}"
    now = datetime.now(UTC).replace(microsecond=0)
    by_type: Counter[str] = Counter()
    suppressed = []
    with Store.open(url) as store:
        for recipient, status, diagnostic, days in BOUNCES:
            result = store.ingest(dsn(recipient, status, diagnostic, now - timedelta(days=days, hours=1)),
                                  source=f"test:{recipient}")
            by_type.update(str(r.type) for r in result.records)
            suppressed += [s.address for s in result.suppressed]
        key = store.create_key("dashboard-tests")
    return Stocked(url, key, by_type, tuple(sorted(suppressed)))
