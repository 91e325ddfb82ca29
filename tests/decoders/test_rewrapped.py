"""A notice whose long lines a mail client or a relay re-wrapped (at 72 columns, between
words) gives the records it gives as written: the decoders read a reply, a reason or a
JSON event on across the breaks."""

import email
import email.policy
import textwrap
from pathlib import Path

import pytest

import bouncekit

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


def rewrapped(raw: bytes) -> bytes:
    """``raw`` with every text/plain part's lines wrapped at 72 columns (indent kept)."""
    msg = email.message_from_bytes(raw, policy=email.policy.compat32)
    for part in msg.walk():
        if part.get_content_type() != "text/plain" or part.get_content_maintype() == "message":
            continue
        text = (part.get_payload(decode=True) or b"").decode(part.get_content_charset() or "utf-8")
        lines = [piece for line in text.splitlines() for piece in (textwrap.wrap(
            line, 72, break_long_words=False, break_on_hyphens=False,
            subsequent_indent=line[: len(line) - len(line.lstrip())]) or [""])]
        del part["Content-Transfer-Encoding"]
        part["Content-Transfer-Encoding"] = "8bit"
        part.set_payload("\n".join(lines) + "\n")
    return msg.as_bytes(policy=email.policy.compat32)


def _outcomes(raw: bytes) -> list[tuple]:
    return [(r.recipient, r.bounce_class, r.reason, r.status, r.event) for r in bouncekit.parse(raw).records]


@pytest.mark.parametrize("name", [
    # Sendmail: a "(reason: ...)" over three lines
    "handmade-2/emails/sendmail-comcast-01.eml",
    # Exchange: "Server at ... returned '451 4.4.0 ...'" over several lines, two recipients
    "handmade-19/emails/v-exchange2019-delay-two-04.eml",
    # Amazon SES through SNS: the JSON event's one long line broken between its words
    "handmade-32/emails/ai-ses-sns-bounce-03.eml",
])
def test_a_rewrapped_notice_gives_the_records_it_gives_as_written(name: str) -> None:
    raw = (FIXTURES / name).read_bytes()
    wrapped = rewrapped(raw)
    assert wrapped != raw
    assert _outcomes(wrapped) == _outcomes(raw) != []


def test_a_transcript_reply_goes_on_over_its_wrapped_lines() -> None:
    from bouncekit.decoders.base import transcript_verdicts

    transcript = (
        "... while talking to mx.example.net.:\n>>> RCPT To:<ann@example.net>\n"
        "<<< 550 5.7.1 <ann@example.net>... Rejected: your host is listed at\n"
        "zen.spamhaus.example, see https://check.example/query\n"
        "550 5.1.1 <ann@example.net>... User unknown\n"
    )
    assert transcript_verdicts(transcript) == [("ann@example.net", (
        "550 5.7.1 <ann@example.net>... Rejected: your host is listed at zen.spamhaus.example, "
        "see https://check.example/query"))]
