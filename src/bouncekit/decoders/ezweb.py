"""au by KDDI (EZweb, ``ezweb.ne.jp`` / ``au.com``): bounces of the Japanese carrier's
mobile mail.

Sent as ``Mail System Error - Returned Mail`` from ``Postmaster@ezweb.ne.jp`` (``Mail
Administrator``), relayed by hosts that stamp ``(EZweb Mail)`` in Received. The text
part is declared ISO-2022-JP (older ones really hold EUC-JP, which the MIME layer
detects): a Japanese paragraph, then the reason in English, then the recipients in
angle brackets:

- "The user(s) account is disabled." / "... temporarily over quota." and ``<addr>``,
  in older ones with the remote reply after it (``<addr>: 550 user unknown (in reply
  to RCPT TO command)``) beside an RFC 3464 part whose Status is a bare 5.0.0;
- "Each of the following recipients was rejected by a remote mail server." and per
  recipient ``Recipient: <addr>``, the command sent (``>>> RCPT TO:<addr>``) and the
  reply (``<<< 550 ... User unknown``);
- "Your message was not delivered within 0 days and 1 hours. Remote host is not
  responding." then "The following recipients did not receive this message:".

A notice written only in Japanese, whose addresses are not in angle brackets (after
``宛先`` or alone on a line), is read as the other Japanese carriers' notices are
(``notice_findings``).

Fixtures: lhost-ezweb-*.eml; tests/fixtures/decoders/ezweb/*.eml.
"""

from __future__ import annotations

import re
from dataclasses import replace

from bouncekit.decoders.base import (
    Decoder,
    Finding,
    Keys,
    address_blocks,
    dsn_findings,
    notice_findings,
    received_text,
)
from bouncekit.mime import MessageView

_RECIPIENT = re.compile(r"^[ \t]*(?:Recipient:[ \t]*)?<([^<>\s@]{1,64}@[^<>\s]{1,253})>:?[ \t]*", re.M)
_REPLY_LINE = re.compile(r"^[ \t]*<<<[ \t]?(.{1,1000})$", re.M)
_DOMAINS = ("ezweb.ne.jp", "au.com")
_ENGLISH = re.compile(r"^[\x20-\x7e]{4,300}$")


class Ezweb(Decoder):
    name = "ezweb"
    more_keys = Keys(addresses=_DOMAINS, received=("(ezweb mail)",))

    def matches(self, msg: MessageView) -> bool:
        local, _, domain = msg.from_address.partition("@")
        if local not in ("postmaster", "mailer-daemon"):
            return False
        if domain in _DOMAINS or domain.endswith(".ezweb.ne.jp"):
            return True
        return "(ezweb mail)" in received_text(msg)

    def decode(self, msg: MessageView) -> list[Finding] | None:
        text = msg.text
        blocks = address_blocks(text, _RECIPIENT)
        if not blocks:
            # A notice only in Japanese, its addresses not in angle brackets.
            return notice_findings(msg, own_domains=_DOMAINS)
        first = _RECIPIENT.search(text)
        lead = text[: first.start()] if first else text
        reason = " ".join(line.strip() for line in lead.split("\n") if _is_reason(line)) or None
        said = {address: _block_reply(block) for address, block in blocks}
        status = msg.delivery_status
        if status is not None:
            return [
                f if f.diagnostic else replace(f, diagnostic=said.get(f.recipient or "") or reason)
                for f in dsn_findings(status)
            ]
        return [Finding(recipient=a, diagnostic=said[a] or reason) for a, _ in blocks]


def _is_reason(line: str) -> bool:
    """An English line of the lead paragraph that states the reason."""
    line = line.strip()
    return bool(_ENGLISH.match(line)) and not line.endswith(":")


def _block_reply(block: str) -> str | None:
    """The remote reply of a recipient's block: ``<<<`` lines, else the rest of its line."""
    replies = [m[1].strip() for m in _REPLY_LINE.finditer(block)]
    if replies:
        return " ".join(replies)
    first = block.split("\n", 1)[0].strip()
    return first or None
