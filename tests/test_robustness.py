"""The parse-or-BounceError invariant, line-ending independence and bounded work.

Any input either parses into a Report or raises BounceError, never anything else;
LF, CRLF and CR-only copies of a message give identical records; hostile sizes and
shapes finish (the speed figures themselves are measured by bench/throughput.py).
"""

from __future__ import annotations

import json
import os
import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import bouncekit
from tests.conftest import CORPUS, corpus_bytes

SEEDS = [corpus_bytes(p.name) for p in sorted((CORPUS / "emails").glob("*.eml"))]
#: Examples per fuzz test: a short run in CI; a long run is
#: ``BOUNCEKIT_FUZZ_EXAMPLES=100000 .venv/bin/python -m pytest tests/test_robustness.py -k fuzz``.
FUZZ_EXAMPLES = int(os.environ.get("BOUNCEKIT_FUZZ_EXAMPLES", "150"))
#: A message of up to 1 MiB parses in under 0.5 s (issue 12); the fuzzed ones stay far
#: below 1 MiB, so this guard only trips on work that grows faster than the input.
FUZZ_SECONDS = 0.5
_HOSTILE_UNITS = [b" ", b"\t", b"\n", b" \n", b"\n\n", b"-", b"=", b"<", b"(", b"@", b".", b"said: ",
                  b"<a@b> ", b"550-5.1.1 ", b"=20", b"x", b"Final-Recipient: rfc822; a@b\n"]

_FRAGMENTS = [
    b"From: MAILER-DAEMON@example.org\n",
    b"Subject: Undelivered Mail Returned to Sender\n",
    b"Content-Type: multipart/report; report-type=delivery-status; boundary=\"b\"\n",
    b"Content-Type: message/delivery-status\n",
    b"Content-Type: message/rfc822\n",
    b"Content-Type: text/plain; charset=\"iso-2022-jp\"\n",
    b"Content-Transfer-Encoding: base64\n",
    b"Content-Transfer-Encoding: quoted-printable\n",
    b"\n--b\n",
    b"\n--b--\n",
    b"Final-Recipient: rfc822; user@example.com\n",
    b"Action: failed\nStatus: 5.1.1\n",
    b"Diagnostic-Code: smtp; 550 5.1.1 <user@example.com>: User unknown\n",
    b"Subject: =?utf-8?B?w6k=?= =?bogus?Q?x?=\n",
    b"\n",
    b"\r",
    b" folded continuation\n",
    b"<user@example.com>: host mx.example.com[192.0.2.1] said: 550 no such user\n",
]


def _check(data: bytes) -> None:
    try:
        report = bouncekit.parse(data)
    except bouncekit.BounceError as exc:
        assert str(exc)
        return
    for record in report.records:
        json.dumps(record.to_dict())


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=4096))
def test_random_bytes_parse_or_bounce_error(data):
    _check(data)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(_FRAGMENTS), max_size=40), st.binary(max_size=64))
def test_mime_shaped_noise_parse_or_bounce_error(fragments, tail):
    _check(b"".join(fragments) + tail)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.sampled_from(SEEDS),
    st.lists(st.tuples(st.integers(0, 2**31), st.integers(0, 64), st.binary(max_size=16)), max_size=8),
)
def test_mutated_corpus_messages_parse_or_bounce_error(seed, edits):
    data = bytearray(seed)
    for position, length, replacement in edits:
        position %= max(1, len(data))
        data[position : position + length] = replacement
    _check(bytes(data))


@settings(max_examples=FUZZ_EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.sampled_from(SEEDS),
    st.lists(
        st.tuples(st.integers(0, 2**31), st.sampled_from(_HOSTILE_UNITS), st.integers(1, 40_000)),
        min_size=1, max_size=3,
    ),
)
def test_fuzz_hostile_runs_parse_fast(seed, runs):
    """Runs of hostile characters and tokens inserted anywhere: parse-or-error, in bounded time."""
    data = bytearray(seed)
    for position, unit, size in runs:
        position %= max(1, len(data))
        data[position:position] = unit * max(1, size // len(unit))
    start = time.perf_counter()
    _check(bytes(data))
    elapsed = time.perf_counter() - start
    assert elapsed < FUZZ_SECONDS, f"{len(data)} bytes took {elapsed:.2f} s"


@given(st.text(max_size=600))
@settings(max_examples=300, deadline=None)
def test_classify_any_text(text):
    result = bouncekit.classify(text)
    assert result.rule
    assert result.to_dict()["class"] == int(result.bounce_class)


@pytest.mark.parametrize("name", [p.name for p in sorted((CORPUS / "emails").glob("*.eml"))])
def test_line_endings_do_not_change_records(name):
    lf = corpus_bytes(name).replace(b"\r\n", b"\n")
    expected = [r.to_dict() for r in bouncekit.parse(lf).records]
    for variant in (lf.replace(b"\n", b"\r\n"), lf.replace(b"\n", b"\r")):
        assert [r.to_dict() for r in bouncekit.parse(variant).records] == expected


def _finishes(data: bytes, limit: float = 5.0) -> None:
    """A hang guard only; bench/throughput.py measures the real figures."""
    start = time.perf_counter()
    _check(data)
    assert time.perf_counter() - start < limit


def test_twenty_megabyte_bounce_finishes():
    head = corpus_bytes("lhost-postfix-03.eml")
    _finishes(head + b"X" * 20_000_000)


def test_pathological_header_finishes():
    _finishes(b"Subject: " + b"=?utf-8?q?a?= " * 200_000 + b"\n\nbody")
    _finishes(b"X-Long: a\n" + b" b\n" * 500_000 + b"\nbody")
    _finishes(b"From: " + b"<" * 300_000 + b"\n\n" + b"@" * 300_000)
    _finishes(b"Content-Type: multipart/mixed; " + b"a=b; " * 300_000 + b"boundary=x\n\n--x\n\nhi\n--x--\n")
    _finishes(b"Content-Type: multipart/mixed;\n" + b" a=b;\n" * 300_000 + b" boundary=x\n\n--x--\n")


def test_deep_nesting_is_an_error_or_a_report():
    nested = b""
    for depth in range(300):
        nested += f'Content-Type: multipart/mixed; boundary="b{depth}"\n\n--b{depth}\n'.encode()
    _finishes(nested + b"\n\ntext\n")


def test_long_lines_of_address_characters_finish():
    _finishes(b"From: MAILER-DAEMON@example.org\nSubject: failure\n\n" + b"a" * 3_000_000 + b"@")
    _finishes(b"From: MAILER-DAEMON@example.org\nSubject: failure\n\n" + b"a.b-" * 1_000_000)


@pytest.mark.parametrize(
    "subject", [b"=?utf-8?b?abc?=", b"=?is\xff-2022-jp?q?x?=", b"=?iso-2022-jp?b?GyRC?="]
)
def test_broken_encoded_words_stay_as_written(subject):
    # Found by fuzzing: the standard library raises HeaderParseError / CharsetError here.
    raw = b"From: MAILER-DAEMON@example.org\nSubject: " + subject + b"\n\nDelivery failed\n"
    report = bouncekit.parse(raw)
    assert report.subject is None or "=?" in report.subject


def test_dsn_block_with_an_unencodable_charset_is_read_as_text():
    raw = (
        b'Content-Type: multipart/report; report-type=delivery-status; boundary="b"\n\n'
        b"--b\nContent-Type: message/delivery-status; charset=iso-2022-jp\n"
        b"Content-Transfer-Encoding: 8bit\n\n"
        b"Final-Recipient: rfc822; a@example.com\nAction: failed\nStatus: 5.1.1\n"
        b"Diagnostic-Code: smtp; 550 \xef\xbf\xbd unknown\n\n--b--\n"
    )
    [record] = bouncekit.parse(raw).records
    assert (record.recipient, record.status) == ("a@example.com", "5.1.1")


def test_many_parts_and_many_named_recipients_finish():
    # Found by the service's hostile tests: every address of a 20,000-part message used
    # to read the whole notice again for its reason.
    parts = b"".join(
        b"--b\nContent-Type: text/plain\n\nUndelivered to user%05d@example.com: 550 5.1.1 user unknown\n" % i
        for i in range(20_000)
    )
    _finishes(b'From: MAILER-DAEMON@example.org\nSubject: Undelivered Mail\n'
              b'Content-Type: multipart/mixed; boundary="b"\n\n' + parts + b"--b--\n")
    lines = b"".join(b"  user%05d@example.com ... unknown user\n" % i for i in range(4_000))
    _finishes(b"From: MAILER-DAEMON@example.org\nSubject: Returned mail\n\n"
              b"The following addresses failed:\n\n" + lines)
