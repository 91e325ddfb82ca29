"""bouncekit.logs: the reader shared by every format (files, gzip, counts, errors)."""

from __future__ import annotations

import gzip
import io
from pathlib import Path

import pytest

from bouncekit import logs
from bouncekit.logs import MAX_LINE, PARSERS, LogError, LogReader
from bouncekit.logs.exim import EximLog
from bouncekit.logs.postfix import PostfixLog
from bouncekit.logs.sendmail import SendmailLog

POSTFIX = (
    "Jan 10 12:00:02 mail postfix/smtp[1236]: 4F1A23C0123: to=<jo@example.com>, relay=mx.example.com"
    "[203.0.113.5]:25, delay=1.2, delays=0.1/0.01/0.5/0.6, dsn=5.2.2, status=bounced (host mx.example.com"
    "[203.0.113.5] said: 552 5.2.2 <jo@example.com>: Mailbox full (in reply to RCPT TO command))"
)
EXIM = (
    "2024-03-04 09:12:41 1rh3Kq-000Abc-7Z ** ann@example.net R=dnslookup T=remote_smtp H=mx.example.net "
    "[198.51.100.9]: SMTP error from remote mail server after RCPT TO:<ann@example.net>: 550 5.1.1 "
    "No such user"
)
SENDMAIL = (
    "Feb 12 06:25:03 mx2 sm-mta[3305]: 41C6P1ab003301: to=<lee@example.org>, delay=00:00:02, "
    "mailer=esmtp, pri=1, relay=mx.example.org. [192.0.2.80], dsn=5.1.1, stat=User unknown"
)


def test_registry_order() -> None:
    assert (PostfixLog, EximLog, SendmailLog) == PARSERS


def test_mixed_formats_crlf_and_unknown_lines_are_counted(tmp_path: Path) -> None:
    path = tmp_path / "mixed.log"
    lines = [POSTFIX, "", "Jan 10 12:00:03 mail dovecot: imap-login: Login: user=<x>", EXIM,
             "not a log line at all", SENDMAIL]
    path.write_bytes("\r\n".join(lines).encode() + b"\r\n")
    reader = LogReader()
    entries = list(reader.read(path))
    assert [(e.record.decoder, e.record.recipient, e.line) for e in entries] == [
        ("postfix-log", "jo@example.com", 1),
        ("exim-log", "ann@example.net", 4),
        ("sendmail-log", "lee@example.org", 6),
    ]
    assert entries[0].source == f"{path}:1"
    assert entries[0].record.diagnostic == "552 5.2.2 <jo@example.com>: Mailbox full"  # no stray \r
    stats = reader.stats
    assert (stats.lines, stats.records, stats.skipped) == (6, 3, 2)  # the empty line is not "skipped"


def test_odd_bytes_and_overlong_lines_are_not_fatal(tmp_path: Path) -> None:
    path = tmp_path / "odd.log"
    path.write_bytes(b"\xff\xfe junk \x00\n" + b"x" * (MAX_LINE * 2 + 10) + b"\n" + POSTFIX.encode() + b"\n")
    reader = LogReader()
    [entry] = list(reader.read(path))
    assert entry.record.recipient == "jo@example.com"
    assert reader.stats.skipped == 4  # the junk line and the three pieces of the long one


def test_missing_file_names_the_file(tmp_path: Path) -> None:
    missing = tmp_path / "nope.log"
    with pytest.raises(LogError, match=rf"^{missing}: cannot open the log \(No such file or directory\)$"):
        list(LogReader().read(missing))


def test_damaged_gzip_names_the_file_and_the_line(tmp_path: Path) -> None:
    path = tmp_path / "mail.log.2.gz"
    packed = gzip.compress(("\n".join([POSTFIX] * 2000) + "\n").encode())
    path.write_bytes(packed[: len(packed) // 2])  # cut in the middle
    got = []
    with pytest.raises(LogError, match=rf"^{path}: the log could not be read after line \d+ \(") as caught:
        got.extend(LogReader().read(path))
    assert got, "the records before the damage are given"
    assert "Compressed file ended" in str(caught.value)


def reference_lines(data: bytes, limit: int) -> list[str]:
    """The lines as the reader took them before it split blocks itself: readline(limit)
    of a TextIOWrapper(newline=""), each without its line end."""
    stream = io.TextIOWrapper(io.BytesIO(data), encoding="utf-8", errors="replace", newline="")
    return [line.rstrip("\r\n") for line in iter(lambda: stream.readline(limit), "")]


AWKWARD = [
    b"plain\nlines\n",
    b"crlf\r\nlines\r\n",
    b"lone\rcarriage\rreturns\r",
    b"mixed\r\n\r\rends\n\n\rlast",
    b"no line end at the end",
    "\u00e9t\u00e9 \u2028 \u0085 are not line ends\n".encode(),
    b"broken \xff\xfe utf-8 \xe2\x82 cut\n\xe2\x82\xac\n",
    b"x" * 40 + b"\n" + b"y" * 17 + b"\r\n" + b"z" * 16 + b"\r" + b"w" * 33,
    b"",
    b"\n",
    b"\r",
]


@pytest.mark.parametrize("block", [1, 2, 3, 5, 8, 13, 64])
@pytest.mark.parametrize("limit", [16, 17, 1000])
def test_lines_are_split_as_readline_splits_them(monkeypatch, block, limit) -> None:
    monkeypatch.setattr(logs, "BLOCK_BYTES", block)
    monkeypatch.setattr(logs, "MAX_LINE", limit)
    for data in [*AWKWARD, b"".join(AWKWARD), gzip.compress(b"".join(AWKWARD))]:
        got = [line for lines in logs._line_lists(io.BufferedReader(io.BytesIO(data))) for line in lines]
        plain = gzip.decompress(data) if data[:2] == b"\x1f\x8b" else data
        assert got == reference_lines(plain, limit), data


def test_replies_differing_only_in_the_replying_host_are_classified_once(monkeypatch) -> None:
    # The classification cache is keyed by what classify() depends on: the text as the
    # rules see it (host names masked) and the provider the hosts name.
    log = "\n".join(
        f"Jan 10 12:00:0{n} mail postfix/smtp[9]: AAAAA{n}: to=<u{n}@example.com>, relay=mx{n}.example.com"
        f"[203.0.113.{n}]:25, delay=1, dsn=5.2.2, status=bounced (host mx{n}.example.com[203.0.113.{n}] "
        f"said: 552 5.2.2 Mailbox full (in reply to RCPT TO command))"
        for n in range(3)
    )
    reader = LogReader()
    calls = []
    rules = reader._recorder.rules
    classify = rules.classify_normalized
    monkeypatch.setattr(rules, "classify_normalized", lambda *a: calls.append(a) or classify(*a))
    records = [entry.record for entry in reader.read_lines(log.splitlines())]
    assert len(records) == 3 and len(calls) == 1
    hosts = ("mx2.example.com", "example.com")
    expected = rules.classify("552 5.2.2 Mailbox full", status="5.2.2", reply_code="552", hosts=hosts)
    assert {r.classification for r in records} == {expected}


def test_counts_of_a_read_left_early_are_those_up_to_the_last_record_given() -> None:
    # A list of lines is read whole before its records are given: the counts still say
    # the lines, records and skipped lines up to the record given last.
    data = "\n".join(["junk", POSTFIX, "more junk", "", "junk again", POSTFIX, "tail junk"]).encode() + b"\n"
    reader = LogReader()
    entries = reader.read_stream(io.BytesIO(data), "mail.log")
    assert next(entries).line == 2
    entries.close()
    stats = reader.stats
    assert (stats.lines, stats.records, stats.skipped) == (2, 1, 1)
    whole = LogReader()
    assert [entry.line for entry in whole.read_stream(io.BytesIO(data), "mail.log")] == [2, 6]
    assert (whole.stats.lines, whole.stats.records, whole.stats.skipped) == (7, 2, 4)
