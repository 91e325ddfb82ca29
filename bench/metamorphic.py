"""How bouncekit's readings hold up when a notice is changed the way mail systems change them.

    python bench/metamorphic.py [CORPUS ...] [--only NAME,NAME] [--failures]

The labelled corpora (default: ../shared/corpus/sisimai and every tests/fixtures/handmade*
round) hold each notice as one product wrote it. On its way to a sender's bounce mailbox
the same notice is often changed without changing what it says: a relay re-encodes its text
parts in base64 or quoted-printable, a gateway turns them into HTML, tags the subject
("[EXTERNAL] ") or appends a disclaimer (to the text, or as a part of its own), a relay
transcodes the text to UTF-8 or re-wraps its long lines, a program labels UTF-8 as Latin-1
or sends a legacy set (Shift_JIS, GBK, Windows-1251) with no label, a gateway rebuilds the
multipart/report as multipart/mixed or relabels its delivery-status part text/plain, an MTA
leaves out the delivery-status part or the human-readable one, or returns only the headers
of the original, or nothing of it; and the person who got it forwards it, as an attachment
or inline. Each
transformation below is applied to every labelled notice (to the notice's own parts, never
to the returned message inside it), and the rows whose recipient and class were right
before are checked again.

Prints, per transformation, the rows kept right, the rows lost and the rows gained, against
the notice re-serialised unchanged (``identity``: the standard library's generator may fold
headers differently; its own figure against the original bytes is printed first). This is a
robustness estimate for unseen variants of known formats, not a bar: a lost row names a
reading that depends on a detail that carries no meaning.
"""

from __future__ import annotations

import argparse
import base64
import email
import email.policy
import html
import json
import quopri
import re
import sys
import textwrap
from collections import defaultdict
from collections.abc import Callable, Iterator
from email.header import Header
from email.message import Message
from pathlib import Path

import bouncekit
from accuracy import match  # (bench/ is the script's folder: the same row matching)
from bouncekit.mime import decode_header_value  # (a header as a mail client shows it)

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CORPORA = [ROOT.parent / "shared" / "corpus" / "sisimai", *sorted(
    path for path in (ROOT / "tests" / "fixtures").glob("handmade*") if (path / "labels.jsonl").exists())]

#: A disclaimer of the kind organisations' gateways append to every outgoing message,
#: notices included: words about errors, recipients and delivery that say nothing of it.
DISCLAIMER = (
    "\n\n--\n"
    "CONFIDENTIALITY NOTICE: This e-mail and any attachments are intended only for the named\n"
    "recipient(s) and may contain confidential information. If you are not the intended\n"
    "recipient, or have received this e-mail in error, please notify the sender immediately\n"
    "and delete it. Any unauthorised use, disclosure or distribution is prohibited. E-mail\n"
    "transmission cannot be guaranteed to be secure or error-free; the sender accepts no\n"
    "liability for any errors or omissions, or for delays in delivery.\n"
    "This message has been scanned for viruses and spam by the mail gateway.\n"
)

_RETURNED = ("message/rfc822", "text/rfc822-headers", "message/global", "message/global-headers")


def notice_leaves(msg: Message) -> Iterator[Message]:
    """The notice's own leaf parts, not the message/* parts (a returned message, a delivery
    status: the standard parser reads some of them as messages of their own)."""
    if msg.get_content_maintype() == "message" or msg.get_content_type() in _RETURNED:
        return
    if msg.is_multipart():
        for sub in msg.get_payload():
            if isinstance(sub, Message):
                yield from notice_leaves(sub)
    else:
        yield msg


def text_of(part: Message) -> str:
    payload = part.get_payload(decode=True) or b""
    # Notices often hold 8-bit text under no charset or a wrong one: the first that reads it.
    for charset in (part.get_content_charset() or "us-ascii", "utf-8"):
        try:
            return payload.decode(charset)
        except (LookupError, UnicodeDecodeError):
            continue
    return payload.decode("latin-1")


def set_body(part: Message, body: bytes, encoding: str, *, subtype: str | None = None,
             charset: str | None = None) -> None:
    """Replace a leaf's body with ``body`` in transfer ``encoding``, keeping its other headers."""
    if encoding == "base64":
        encoded = base64.encodebytes(body).decode("ascii")
    elif encoding == "quoted-printable":
        encoded = quopri.encodestring(body).decode("ascii")
    else:
        encoded = body.decode(charset or "utf-8", "replace")
    if "Content-Type" not in part:
        part["Content-Type"] = "text/plain"
    if subtype:
        part.set_type(f"text/{subtype}")
    if charset:
        part.set_param("charset", charset)
    if "MIME-Version" not in part:
        part["MIME-Version"] = "1.0"
    del part["Content-Transfer-Encoding"]
    part["Content-Transfer-Encoding"] = encoding
    part.set_payload(encoded)


def _reencode(encoding: str) -> Callable[[Message], bool]:
    def change(msg: Message) -> bool:
        changed = False
        for part in notice_leaves(msg):
            current = part.get("Content-Transfer-Encoding", "").lower()
            if part.get_content_maintype() == "text" and current != encoding:
                set_body(part, part.get_payload(decode=True) or b"", encoding)
                changed = True
        return changed
    return change


def as_html(msg: Message) -> bool:
    """Every plain-text part of the notice as the HTML a webmail-style gateway makes of it."""
    changed = False
    for part in notice_leaves(msg):
        if part.get_content_type() == "text/plain":
            lines = "<br>\n".join(html.escape(line) for line in text_of(part).splitlines())
            page = f"<html><head><meta charset=\"utf-8\"></head><body><div>{lines}</div></body></html>\n"
            set_body(part, page.encode(), "quoted-printable", subtype="html", charset="utf-8")
            changed = True
    return changed


def with_disclaimer(msg: Message) -> bool:
    """The gateway's disclaimer appended to the notice's first text part."""
    for part in notice_leaves(msg):
        if part.get_content_maintype() == "text":
            set_body(part, (part.get_payload(decode=True) or b"") + DISCLAIMER.encode(), "quoted-printable")
            return True
    return False


def tagged_subject(msg: Message) -> bool:
    """The subject tagged by the recipient organisation's gateway."""
    subject = msg.get("Subject")
    del msg["Subject"]
    msg["Subject"] = "[EXTERNAL] " + (str(subject) if subject is not None else "")
    return True


def _without(types: tuple[str, ...]) -> Callable[[Message], bool]:
    def change(msg: Message) -> bool:
        if not msg.is_multipart():
            return False
        parts = msg.get_payload()
        kept = [p for p in parts if not isinstance(p, Message) or p.get_content_type() not in types]
        if len(kept) == len(parts) or not kept:
            return False
        msg.set_payload(kept)
        return True
    return change


def human_part_dropped(msg: Message) -> bool:
    """A multipart/report without its human-readable first part (the DSN alone)."""
    if msg.get_content_type() != "multipart/report":
        return False
    parts = msg.get_payload()
    if len(parts) < 2 or not all(isinstance(p, Message) for p in parts):
        return False
    statuses = ("message/delivery-status", "message/global-delivery-status")
    if parts[0].get_content_maintype() != "text" or not any(p.get_content_type() in statuses for p in parts):
        return False
    msg.set_payload(parts[1:])
    return True


def headers_only(msg: Message) -> bool:
    """The returned message cut to its headers (text/rfc822-headers), as many MTAs return it."""
    changed = False
    if msg.is_multipart():
        for part in msg.get_payload():
            returned = isinstance(part, Message) and part.get_content_type() == "message/rfc822"
            if returned and part.is_multipart():
                inner = part.get_payload()[0]
                raw = inner.as_bytes(policy=email.policy.compat32).replace(b"\r\n", b"\n")
                head = raw.split(b"\n\n", 1)[0].decode("ascii", "surrogateescape") + "\n"
                for name in list(part.keys()):
                    del part[name]
                part["Content-Type"] = "text/rfc822-headers"
                part.set_payload(head)
                changed = True
    return changed


def as_utf8(msg: Message) -> bool:
    """Every text part in another charset transcoded to UTF-8, as some relays do."""
    changed = False
    for part in notice_leaves(msg):
        charset = (part.get_content_charset() or "us-ascii").lower()
        if part.get_content_maintype() == "text" and charset not in ("utf-8", "us-ascii", "ascii"):
            set_body(part, text_of(part).encode(), "base64", charset="utf-8")
            changed = True
    return changed


def _relabelled(charset: str | None) -> Callable[[Message], bool]:
    """Every non-ASCII text part in UTF-8 labelled ``charset`` instead (None: no label),
    as programs that label everything they send one way, or nothing, do."""
    def change(msg: Message) -> bool:
        changed = False
        for part in notice_leaves(msg):
            if part.get_content_maintype() != "text" or text_of(part).isascii():
                continue
            set_body(part, text_of(part).encode(), "base64", charset="utf-8" if charset is None else charset)
            if charset is None:
                part.del_param("charset")
            changed = True
        return changed
    return change


def without_x_fields(msg: Message) -> bool:
    """The notice's own X- header fields left out, as relays that strip them do."""
    names = {name for name in msg if name.lower().startswith("x-")}
    for name in names:
        del msg[name]
    return bool(names)


def report_as_mixed(msg: Message) -> bool:
    """A multipart/report turned into multipart/mixed, as gateways that rebuild MIME do."""
    if msg.get_content_type() != "multipart/report":
        return False
    msg.set_type("multipart/mixed")
    msg.del_param("report-type")
    return True


_STATUS_TYPE = re.compile(
    rb"^(content-type:[ \t]*)message/(?:global-)?delivery-status", re.IGNORECASE | re.MULTILINE
)


def status_as_text(data: bytes) -> bytes | None:
    """The delivery-status part labelled text/plain, as relays and scanners that know
    only the common types (and some MTAs) write it."""
    changed, count = _STATUS_TYPE.subn(rb"\1text/plain", data)
    return changed if count else None


def _unlabelled_legacy(msg: Message) -> bool:
    """Every text part in a legacy set of its script (Shift_JIS, GBK, Windows-1251, ...)
    with its charset label removed, as old servers in those countries send."""
    changed = False
    for part in notice_leaves(msg):
        charset = (part.get_content_charset() or "").lower()
        if part.get_content_maintype() == "text" and charset not in ("", "utf-8", "us-ascii", "ascii"):
            part.del_param("charset")
            changed = True
    return changed


_CONTENT_FIELDS = (b"content-type:", b"content-transfer-encoding:", b"content-disposition:")


def wrapped_with_disclaimer(data: bytes) -> bytes:
    """The whole notice made the first part of a multipart/mixed whose second part is the
    gateway's disclaimer, as gateways add a disclaimer to a message that is already MIME."""
    data = data.replace(b"\r\n", b"\n")
    head, _, body = data.partition(b"\n\n")
    kept: list[bytes] = []
    content: list[bytes] = []
    last = kept
    for field in head.split(b"\n"):
        if field[:1] not in (b" ", b"\t"):  # (a folded line stays with its field)
            last = content if field.lower().startswith(_CONTENT_FIELDS) else kept
        last.append(field)
    boundary = b"==gateway-disclaimer=="
    return b"\n".join([
        *kept, *([] if any(f.lower().startswith(b"mime-version:") for f in kept) else [b"MIME-Version: 1.0"]),
        b'Content-Type: multipart/mixed; boundary="' + boundary + b'"', b"",
        b"--" + boundary, *(content or [b"Content-Type: text/plain"]), b"", body.rstrip(b"\n"),
        b"--" + boundary, b"Content-Type: text/plain; charset=us-ascii", b"", DISCLAIMER.strip().encode(),
        b"--" + boundary + b"--", b"",
    ])


def rewrapped(msg: Message) -> bool:
    """Every plain-text part's long lines wrapped at 72 columns, as a client or a relay that
    re-wraps text does (a reply longer than a line is broken between its words)."""
    changed = False
    for part in notice_leaves(msg):
        if part.get_content_type() == "text/plain":
            text = text_of(part)
            lines = [wrapped for line in text.splitlines() for wrapped in (
                textwrap.wrap(line, 72, break_long_words=False, break_on_hyphens=False,
                              subsequent_indent=line[:len(line) - len(line.lstrip())]) or [""])]
            if lines != text.splitlines():
                set_body(part, "\n".join(lines).encode() + b"\n", "quoted-printable", charset="utf-8")
                changed = True
    return changed


#: A person who got the notice and sends it on (to a colleague, a help desk, the ESP).
FORWARDER = ("Dana Whitfield <dana.whitfield@forwarder.example>", "helpdesk@forwarder.example",
             "Hi, I got this back when I wrote to a customer. Can you check what happened?\n")


def forwarded_as_attachment(data: bytes) -> bytes:
    """The notice forwarded by a person as an attachment (message/rfc822), with a note."""
    person, desk, note = FORWARDER
    subject = email.message_from_bytes(data, policy=email.policy.compat32).get("Subject", "")
    boundary = b"==forwarded-notice=="
    return b"\n".join([
        b"From: " + person.encode(), b"To: " + desk.encode(),
        b"Subject: Fwd: " + " ".join(str(subject).split()).encode("ascii", "replace"),
        b"Date: Mon, 07 Dec 2026 09:14:00 +0000", b"Message-ID: <fwd-1@forwarder.example>",
        b"MIME-Version: 1.0", b'Content-Type: multipart/mixed; boundary="' + boundary + b'"', b"",
        b"--" + boundary, b"Content-Type: text/plain; charset=us-ascii", b"", note.encode(),
        b"--" + boundary, b"Content-Type: message/rfc822", b"Content-Disposition: attachment", b"",
        data.replace(b"\r\n", b"\n").rstrip(b"\n"),
        b"--" + boundary + b"--", b"",
    ])


def forwarded_inline(data: bytes) -> bytes | None:
    """The notice forwarded by a person inline, as a mail client writes it: a note, the
    notice's header block, its first text part; its other parts left behind."""
    msg = email.message_from_bytes(data, policy=email.policy.compat32)
    texts = [part for part in notice_leaves(msg) if part.get_content_type() == "text/plain"]
    if not texts:
        return None
    person, desk, note = FORWARDER
    shown = ("From", "Date", "Subject", "To")
    quoted = "\n".join(f"{name}: {decode_header_value(msg[name])}" for name in shown if msg[name])
    body = f"{note}\n---------- Forwarded message ---------\n{quoted}\n\n{text_of(texts[0])}"
    forward = Message()
    forward["From"] = person
    forward["To"] = desk
    forward["Subject"] = Header("Fwd: " + decode_header_value(msg.get("Subject", "")), "utf-8")
    forward["Date"] = "Mon, 07 Dec 2026 09:14:00 +0000"
    forward["Message-ID"] = "<fwd-2@forwarder.example>"
    set_body(forward, body.encode(), "quoted-printable", charset="utf-8")
    return forward.as_bytes(policy=email.policy.compat32)


TRANSFORMS: dict[str, Callable[[Message], bool]] = {
    "base64": _reencode("base64"),
    "quoted-printable": _reencode("quoted-printable"),
    "html": as_html,
    "disclaimer": with_disclaimer,
    "utf-8": as_utf8,
    "tagged-subject": tagged_subject,
    "no-dsn": _without(("message/delivery-status", "message/global-delivery-status")),
    "dsn-only": human_part_dropped,
    "headers-only": headers_only,
    "no-original": _without(_RETURNED),
    "rewrapped": rewrapped,
    "utf-8-labelled-latin-1": _relabelled("iso-8859-1"),
    "legacy-unlabelled": _unlabelled_legacy,
    "report-as-mixed": report_as_mixed,
    "no-x-fields": without_x_fields,
}


#: Transformations of the message's bytes (the others change its parsed form).
RAW_TRANSFORMS: dict[str, Callable[[bytes], bytes | None]] = {
    "disclaimer-part": wrapped_with_disclaimer,
    "forwarded-attached": forwarded_as_attachment,
    "forwarded-inline": forwarded_inline,
    "status-as-text": status_as_text,
}


def transformed(data: bytes, name: str | None) -> bytes | None:
    """``data`` changed by the transformation ``name`` (None: re-serialised unchanged), or
    None when the transformation does not apply to it."""
    if name in RAW_TRANSFORMS:
        return RAW_TRANSFORMS[name](data)
    msg = email.message_from_bytes(data, policy=email.policy.compat32)
    if name is not None and not TRANSFORMS[name](msg):
        return None
    return msg.as_bytes(policy=email.policy.compat32)


def right_rows(data: bytes, rows: list[dict]) -> set[int]:
    """The label rows (by index) whose recipient is found with an acceptable class."""
    try:
        records = [r.to_dict() for r in bouncekit.parse(data).records]
    except bouncekit.BounceError:
        return set()
    used: set[int] = set()
    right = set()
    for row in sorted(rows, key=lambda r: r["index"]):
        rec = match(row, records, used)
        if rec is not None and rec["class"] in row["classes"]:
            right.add(row["index"])
    return right


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("corpora", type=Path, nargs="*", default=DEFAULT_CORPORA)
    ap.add_argument("--only", help="comma-separated transformations (default: all)")
    ap.add_argument("--failures", action="store_true", help="list every row lost")
    args = ap.parse_args(argv)
    known = [*TRANSFORMS, *RAW_TRANSFORMS]
    names = args.only.split(",") if args.only else known
    unknown = [n for n in names if n not in known]
    if unknown:
        ap.error(f"unknown transformation(s): {', '.join(unknown)}; known: {', '.join(known)}")

    applied: dict[str, int] = defaultdict(int)
    kept: dict[str, int] = defaultdict(int)
    lost: dict[str, list[str]] = defaultdict(list)
    gained: dict[str, int] = defaultdict(int)
    identity_lost: list[str] = []
    rows_total = 0
    for corpus in args.corpora:
        labels: dict[str, list[dict]] = defaultdict(list)
        for line in (corpus / "labels.jsonl").read_text().splitlines():
            if line.strip():
                row = json.loads(line)
                labels[row["file"]].append(row)
        for file, rows in sorted(labels.items()):
            where = f"{corpus.name}/{file}"
            original = (corpus / "emails" / file).read_bytes()
            rows_total += len(rows)
            before = right_rows(original, rows)
            base = transformed(original, None) or original
            reference = right_rows(base, rows)
            identity_lost += [f"{where}#{i}" for i in sorted(before - reference)]
            for name in names:
                changed = transformed(base, name)
                if changed is None:
                    continue
                applied[name] += len(rows)
                after = right_rows(changed, rows)
                kept[name] += len(reference & after)
                gained[name] += len(after - reference)
                lost[name] += [f"{where}#{i}" for i in sorted(reference - after)]

    print(f"{len(args.corpora)} corpora, {rows_total} label rows")
    print(f"identity (re-serialised): {len(identity_lost)} rows lost against the original bytes")
    if args.failures:
        for item in identity_lost:
            print(f"  lost: {item}")
    print(f"{'transformation':18} {'rows':>6} {'kept':>8} {'lost':>5} {'gained':>6}")
    for name in names:
        n = applied[name]
        right = kept[name] + len(lost[name])
        share = f"{100.0 * kept[name] / right:.2f} %" if right else "-"
        print(f"{name:18} {n:6} {share:>8} {len(lost[name]):5} {gained[name]:6}")
        if args.failures:
            for item in lost[name]:
                print(f"  lost: {item}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
