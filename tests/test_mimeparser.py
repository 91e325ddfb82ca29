"""The fast MIME splitter gives the standard library's results, faster."""

from __future__ import annotations

import email
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bouncekit import mime
from bouncekit.mimeparser import MAX_DEPTH, parse_text
from tests.conftest import FIXTURES

POLICY = mime._BOUNDED_POLICY


def _both(raw: str):
    return parse_text(raw, POLICY), email.message_from_string(raw, policy=POLICY)


def _shape(msg) -> object:
    payload = msg.get_payload()
    if isinstance(payload, list):
        return (msg.get_content_type(), [_shape(p) for p in payload])
    return (msg.get_content_type(), msg.items(), payload)


def test_multipart_with_preamble_epilogue_and_nested_message():
    raw = (
        "From: a@example.org\nContent-Type: multipart/mixed; boundary=\"b\"\n\npreamble\n"
        "--b\nContent-Type: text/plain\n\nhello\n"
        "--b\nContent-Type: message/rfc822\n\nSubject: inner\n\ninner body\n"
        "--b--\nepilogue\n"
    )
    fast, std = _both(raw)
    assert _shape(fast) == _shape(std)
    assert fast.get_payload(0).get_payload() == "hello"
    assert fast.get_payload(1).get_payload(0)["Subject"] == "inner"


_ENCLOSING = (
    "Content-Type: multipart/report; boundary=b\n\n--b\nContent-Type: text/plain\n\nnotice\n"
    "--b\nContent-Type: message/rfc822\n\nMessage-ID: <m@x>\nContent-Type: multipart/mixed; boundary=c\n\n"
    "preamble\n--c\n\none\n--c\nContent-Type: message/rfc822\n\nSubject: deeper\n\ntwo\n--c--\nepilogue\n"
    "--b--\n"
)


def test_an_enclosed_message_is_split_when_its_body_is_first_read():
    fast, std = _both(_ENCLOSING)
    inner, std_inner = fast.get_payload(1).get_payload(0), std.get_payload(1).get_payload(0)
    assert inner["Message-ID"] == "<m@x>" and len(inner) == 2
    assert inner._unread_body is not None  # its fields read, its body not yet
    assert (inner.preamble, inner.epilogue) == (std_inner.preamble, std_inner.epilogue)
    assert inner._unread_body is None
    assert _shape(fast) == _shape(std)
    assert [p.get_content_type() for p in fast.walk()] == [p.get_content_type() for p in std.walk()]
    assert fast.as_string() == std.as_string()


def test_a_payload_set_on_an_unread_enclosed_message_stays():
    fast, _ = _both(_ENCLOSING)
    inner = fast.get_payload(1).get_payload(0)
    inner.set_payload("replaced")
    assert inner.get_payload() == "replaced" and not inner.is_multipart()


def test_delivery_status_blocks_and_leading_blank_lines():
    raw = (
        'Content-Type: multipart/report; report-type=delivery-status; boundary="b"\n\n'
        "--b\nContent-Type: message/delivery-status\n\n\nReporting-MTA: dns; mx\n\n\n"
        "Final-Recipient: rfc822; a@example.com\nAction: failed\n\n--b--\n"
    )
    fast, std = _both(raw)
    blocks = fast.get_payload(0).get_payload()
    # The standard parser adds an empty block for the leading blank line; we do not.
    assert [b.items() for b in blocks] == [b.items() for b in std.get_payload(0).get_payload() if len(b)]
    assert blocks[1]["Final-Recipient"] == "rfc822; a@example.com"


def test_missing_close_delimiter_and_unknown_boundary():
    fast, std = _both('Content-Type: multipart/mixed; boundary="b"\n\n--b\n\nx\n--b\n\ny\n')
    assert _shape(fast) == _shape(std)
    fast, std = _both('Content-Type: multipart/mixed; boundary="zz"\n\nno delimiter here\n')
    assert fast.get_payload() == std.get_payload() == "no delimiter here\n"


def test_a_non_header_line_starts_the_body_and_envelope_lines():
    fast, std = _both("From sender@example.org Mon Jan  1 00:00:00 2024\nSubject: s\nnot a header\nbody\n")
    assert fast.get_unixfrom() == std.get_unixfrom()
    assert fast.items() == std.items()
    assert fast.get_payload() == std.get_payload() == "not a header\nbody\n"


def test_digest_parts_default_to_messages():
    raw = 'Content-Type: multipart/digest; boundary="d"\n\n--d\n\nSubject: one\n\n1\n--d--\n'
    fast, std = _both(raw)
    assert fast.get_payload(0).get_content_type() == std.get_payload(0).get_content_type() == "message/rfc822"


def test_nesting_is_bounded():
    raw = "Content-Type: message/rfc822\n\n" * (MAX_DEPTH + 20) + "Subject: deep\n\nx"
    msg = parse_text(raw, POLICY)
    depth = 0
    while isinstance(msg.get_payload(), list):
        msg = msg.get_payload(0)
        depth += 1
    assert depth == MAX_DEPTH


FILES = sorted(
    p for p in (FIXTURES).rglob("*") if p.is_file() and p.stat().st_size > 2 and p.suffix in ("", ".eml")
)


@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(FIXTURES)))
def test_same_records_as_the_standard_parser(path: Path, monkeypatch):
    import bouncekit
    from bouncekit import api

    data = path.read_bytes()
    if b"global-delivery-status" in data:
        pytest.skip("the standard parser reads an RFC 6533 report as an enclosed message")
    view = mime.load(data)
    if any(
        p.content_type == "message/delivery-status"
        and str(p.message.get("Content-Transfer-Encoding", "")).lower() in ("base64", "quoted-printable")
        for p in view.parts
    ):
        pytest.skip("the standard parser splits an encoded delivery status before decoding it")
    def outcome() -> list[dict] | str:
        # A file that is no message at all (the corpus's LICENSE) is an error for both.
        try:
            return [r.to_dict() for r in bouncekit.parse(data).records]
        except bouncekit.BounceError as exc:
            return str(exc)

    fast = outcome()

    def standard_load(message):
        # What mime.load does before parsing: a byte order mark dropped, one line ending,
        # a saved copy's lead skipped.
        raw = bytes(message).removeprefix(b"\xef\xbb\xbf")
        raw = raw.replace(b"\r\n", b"\n").replace(b"\r", b"\n")[: mime.MAX_MESSAGE_BYTES]
        raw = raw[mime._saved_lead(raw.decode("ascii", "surrogateescape")) :]
        return mime.MessageView(email.message_from_bytes(raw, policy=POLICY))

    monkeypatch.setattr(api, "load", standard_load)
    assert outcome() == fast


def test_a_base64_delivery_status_stays_text_to_decode():
    import base64

    fields = base64.b64encode(
        b"Reporting-MTA: dns; mx\n\nFinal-Recipient: rfc822; a@example.com\nStatus: 5.4.4\n"
    )
    raw = (
        'Content-Type: multipart/report; report-type=delivery-status; boundary="b"\n\n'
        "--b\nContent-Type: message/delivery-status\nContent-Transfer-Encoding: base64\n\n"
        + fields.decode() + "\n--b--\n"
    )
    view = mime.MessageView(parse_text(raw, POLICY))
    assert view.delivery_status.recipients[0].status == "5.4.4"


@given(st.text(alphabet="ab/-=;<> \t\n\"'*\\%é", max_size=40))
def test_simple_params_are_the_standard_librarys(value: str):
    from email.message import Message

    from bouncekit.mimeparser import simple_params

    listed = simple_params(value)
    if listed is not None:
        msg = Message()
        msg.set_raw("Content-Type", value)
        assert listed == msg.get_params()


@given(
    st.text(alphabet="ab-= \t\n", max_size=12),
    st.lists(st.sampled_from(["a", "-", "\n", " ", "\t", "--"]), max_size=30),
)
def test_delimiter_lines_as_rfc_2046_reads_them(boundary: str, pieces: list[str]):
    import re

    from bouncekit.mimeparser import _delimiters

    if not boundary:
        return
    body = "".join(p if p != "--" else "--" + boundary for p in pieces)
    pattern = re.compile(r"^--" + re.escape(boundary) + r"(--)?[ \t]*$", re.MULTILINE)
    assert _delimiters(body, boundary) == [(m.start(), m.end(), bool(m[1])) for m in pattern.finditer(body)]


@given(st.lists(st.sampled_from(
    ["Subject: s", "X-A:b", " folded", "\tfolded", ":empty", "no header", "", "a:b:c", "Té: x", "K:"]
), max_size=12))
def test_header_blocks_as_the_standard_parser_reads_them(lines: list[str]):
    # (A misplaced envelope line is left out: the feed parser keeps it in the body.)
    fast, std = _both("\n".join([*lines, "", "body"]))
    assert fast.items() == std.items()
    assert fast.get_payload() == std.get_payload()


@pytest.mark.parametrize("field", [
    None, "text/plain", "TEXT/HTML; charset=utf-8", "text/plain charset=us-ascii", "message/rfc822 ",
    "nonsense", "a/b/c", "  Multipart/Mixed ;boundary=x",
])
def test_content_types_as_the_standard_library_reads_them(field: str | None):
    first = f"Content-type: {field}\n" if field else ""
    raw = f"Subject: s\n{first}Content-Type: text/x-second\n\nbody\n"
    fast, std = _both(raw)
    assert fast.get_content_type() == std.get_content_type()
    assert fast.get_params() == std.get_params()
    # The view's form: a type missing the ";" before its parameters is still its type.
    assert mime.content_type_of(fast) == mime.content_type_of(std)
    assert mime.content_type_of(fast) == (
        "text/plain" if field == "text/plain charset=us-ascii" else std.get_content_type()
    )


@given(
    st.lists(st.sampled_from([
        "Subject: s", "X-A:b", " folded", "\tfolded", " ", ":empty", "no header", "", "a:b:c", "Té: x",
        "K:", "K: \t", "From x", "From: y", "x" * 9000 + ": long", "V: " + "v" * 9000,
    ]), max_size=10),
    st.sampled_from(["\n\nbody", "\n \n\nbody", "\n", "", "\n\n"]),
    st.integers(0, 3),
    st.integers(0, 3),
)
def test_a_header_block_read_whole_is_read_as_line_by_line(lines: list[str], tail: str, skip: int, cut: int):
    # The findall path of _headers against the field-at-a-time reader it stands for,
    # from any start (a line's or not) to any end.
    from email.message import Message

    from bouncekit.mimeparser import _headers, _headers_by_line

    text = "\n".join(lines) + tail
    start, end = min(skip, len(text)), max(min(skip, len(text)), len(text) - cut)
    fast, slow = Message(), Message()
    assert _headers(fast, text, start, end) == _headers_by_line(slow, text, start, end)
    assert fast._headers == slow._headers
    assert fast.get_unixfrom() == slow.get_unixfrom()


def test_an_unread_enclosed_body_is_searched_for_a_word_without_being_split():
    raw = (
        "Content-Type: message/rfc822\n\nSubject: inner\nContent-Type: multipart/mixed; boundary=b\n\n"
        "--b\nContent-Type: Message/Feedback-Report\n\nFeedback-Type: abuse\n--b--\n"
    )
    [inner] = parse_text(raw, POLICY).get_payload()
    assert inner.may_hold("feedback-report")
    assert not inner.may_hold("delivery-status")
    assert inner._unread_body is not None  # neither search split the body
    # Once read, the body's parts are what count: the answer is always "maybe".
    assert inner.is_multipart()
    assert inner.may_hold("delivery-status")
