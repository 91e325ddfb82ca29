"""The Microsoft Windows SMTP service (SMTPSVC of IIS 4-10, the Windows Server SMTP
Server, the transport of Exchange 2000/2003 virtual servers): ``Delivery Status
Notification (Failure)`` from ``postmaster@host``.

Its DSNs carry an ``X-DSNContext`` header (``7ce717b1 - 1386 - 00000002 - C00402D1``,
the last field the failure's HRESULT) and a ``message/delivery-status`` part that
usually has no Diagnostic-Code, often only ``Status: 5.0.0``: the text part says what
happened, and this decoder reads it:

- ``Unable to deliver this message because the follow error was encountered: "The
  message could not be delivered because the recipient's destination email system is
  unknown or invalid. ..."``, ``The specific error code was 0xC00402C7.``, ``The message
  sender was <a@b>.``, ``The message was intended for the following recipients.`` and
  the addresses, indented;
- ``Unable to deliver message to the following recipients, due to being unable to
  connect successfully to the destination mail server.`` (or ``because the retry
  timeout was exceeded``...), then the addresses;
- ``Delivery to the following recipients failed.`` / ``... has been delayed.``.

The quoted error (or the sentence) is the diagnostic; the hexadecimal error code (from
the text, else from X-DSNContext when it is an error code) is kept in it in
parentheses, as Microsoft documents its failures by these codes. The NT 4 Option Pack
service wrote no DSN: ``------Transcript of session follows -------``, then each
address on its own line and the reason under it (``The user's email name is not
found.``).

Exchange 2003 reports with ``X-MS-Embedded-Report`` are read by ``exchange2003``;
Hotmail's (same service) by ``outlook``.

Fixtures: hand-written (tests/fixtures/decoders/smtpsvc/, tests/decoders/test_smtpsvc.py).
"""

from __future__ import annotations

import re
from dataclasses import replace

from bouncekit.decoders.base import Decoder, Finding, Keys, delivery_status_of, dsn_findings, received_text
from bouncekit.mime import MessageView, strip_address
from bouncekit.model import Event

_FOLLOW = re.compile(r"the follow(?:ing)? error was encountered:[ \t\n]{0,5}\"([^\"]{1,1000})\"", re.I)
_CODE = re.compile(r"(?:specific error code was|error code:?)[ \t]{1,5}(0x[0-9A-Fa-f]{8})\b", re.I)
_CONTEXT_CODE = re.compile(r"-[ \t]{0,4}([Cc]0[0-9A-Fa-f]{6})[ \t]*$")
#: The sentence that states the outcome, and after which the addresses are listed.
_LISTED = re.compile(
    r"^[ \t]{0,8}(?:The message was intended for the following recipients\.|"
    r"(Unable to deliver (?:the )?message to the following recipients?,?[ \t\n]{1,5}"
    r"(?:because|due to)[^\n]{1,300}?\.)|"
    r"(Delivery to the following recipients? (?:failed|has been delayed|was delayed|"
    r"is delayed)[^\n]{0,80}?\.))[ \t]*$",
    re.I | re.M,
)
_TRANSCRIPT = re.compile(r"^-{2,12}[ \t]?Transcript of session follows[ \t]?-{2,12}[ \t]*$", re.I | re.M)
_ADDRESS_LINE = re.compile(r"^[ \t]*<?([^\s<>@]{1,64}@[^\s<>]{1,253}?)>?[ \t]*$")


class Smtpsvc(Decoder):
    name = "smtpsvc"
    headers = ("X-DSNContext",)
    markers = ("follow error was encountered", "The message was intended for the following recipients.")
    more_keys = Keys(received=("microsoft smtpsvc",))

    def matches(self, msg: MessageView) -> bool:
        if super().matches(msg):
            return True
        return "Transcript of session follows" in msg.text and "microsoft smtpsvc" in received_text(msg)

    def decode(self, msg: MessageView) -> list[Finding] | None:
        text = msg.text
        listed = _LISTED.search(text)
        if listed is None:
            return _transcript(text)
        follow = _FOLLOW.search(text)
        # "Delivery to the following recipients failed." states the outcome, not a reason.
        reason = " ".join((follow[1] if follow else (listed[1] or "")).split()).rstrip(".")
        code = _CODE.search(text) or _CONTEXT_CODE.search(msg.header("X-DSNContext"))
        if code:
            hex_code = code[1] if code[1].lower().startswith("0x") else f"0x{code[1].upper()}"
            reason = f"{reason} ({hex_code})" if reason else hex_code
        delayed = "delayed" in (listed[2] or "").lower()
        addresses = _addresses(text[listed.end() :])
        status = delivery_status_of(msg)
        findings = dsn_findings(status) if status is not None else []
        if not findings:
            findings = [Finding(recipient=a, action="delayed" if delayed else "failed") for a in addresses]
        findings = [f if f.diagnostic and f.diagnostic.strip() else replace(f, diagnostic=reason or None)
                    for f in findings]
        if delayed:
            findings = [replace(f, action="delayed", event=Event.DELAYED) for f in findings]
        return findings or None


def _addresses(section: str) -> list[str]:
    """The indented addresses after the sentence, up to the first gap after them."""
    out: list[str] = []
    for line in section.split("\n")[1:5000]:
        m = _ADDRESS_LINE.match(line)
        if m:
            address = strip_address(m[1])
            if address and address not in out:
                out.append(address)
        elif out:
            break
    return out


def _transcript(text: str) -> list[Finding] | None:
    """The NT 4 form: after the transcript line, each bare address and its reason lines."""
    start = _TRANSCRIPT.search(text)
    if start is None:
        return None
    blocks: list[tuple[str, list[str]]] = []
    gap = False
    for line in text[start.end() :].split("\n")[1:400]:
        m = _ADDRESS_LINE.match(line)
        address = strip_address(m[1]) if m else None
        if address:
            blocks.append((address, []))
            gap = False
        elif not line.strip():
            gap = bool(blocks and blocks[-1][1])
        elif not blocks:
            return None  # not this layout (a Sendmail transcript starts otherwise)
        elif gap or line.lstrip().startswith("-----"):
            break  # the end of the list
        else:
            blocks[-1][1].append(line.strip())
    findings = [Finding(recipient=a, diagnostic=" ".join(lines) or None, action="failed")
                for a, lines in blocks]
    return findings or None
