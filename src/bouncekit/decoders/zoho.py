"""Zoho Mail: bounces of the hosted mail service.

Sent from ``mailer-daemon@mail.zoho.com`` (``X-ZohoMail`` header) as
``multipart/mixed`` with a text part and the returned headers (written ``Name:value``
without a space). Two shapes:

- failures ("Undelivered Mail Returned to Sender"): "This message was created
  automatically by mail delivery software. ... This is a permanent error." then one
  line per recipient: the address, Zoho's verdict and the remote reply split in two
  ``ERROR_CODE :`` fields, the reply code then the text (``kijitora@example.co.jp
  Invalid Address, ERROR_CODE :550, ERROR_CODE :5.1.1 <...>... User Unknown``);
- delay warnings ("Mail Delivery Status Notification (Delay)", "THIS IS A WARNING
  MESSAGE ONLY."): under "----- The following addresses had fatal errors -----" one
  bracketed line per recipient, ``[Status: Error, Address: <addr>, ResponseCode 421,
  , Host not reachable.]``, then "Message will be retried for 4 more day(s)".

A report with a standard ``message/delivery-status`` part and neither shape is read
from that part.

Fixtures: lhost-zoho-*.eml.
"""

from __future__ import annotations

import re

from bouncekit.decoders.base import Decoder, Finding, dsn_findings
from bouncekit.mime import MessageView, strip_address

_FAILURE = re.compile(
    r"^([^\s@<>]{1,64}@[^\s<>,]{1,253})\s[^\n]{0,200}?ERROR_CODE\s?:\s?([245]\d\d)?,\s?"
    r"ERROR_CODE\s?:\s?,?\s?([^\n]{0,2000})$",
    re.M,
)
_WARNING = re.compile(
    r"^\[Status:[^\n\]]{0,40}Address:\s?<([^<>\s@]{1,64}@[^<>\s]{1,253})>,\s?"
    r"ResponseCode\s?([245]\d\d)?[ ,]{0,6}([^\n\]]{0,2000})\]",
    re.M,
)


class Zoho(Decoder):
    name = "zoho"
    headers = ("x-zohomail",)
    senders = ("mailer-daemon@mail.zoho", "mailer-daemon@zoho")

    def decode(self, msg: MessageView) -> list[Finding] | None:
        if "mailer-daemon" not in msg.from_address:
            return None
        text = msg.text
        findings = [_finding(m, "failed") for m in _FAILURE.finditer(text)]
        if not findings:
            delayed = "THIS IS A WARNING MESSAGE ONLY" in text or "will be retried" in text
            findings = [_finding(m, "delayed" if delayed else "failed") for m in _WARNING.finditer(text)]
        if not findings and msg.delivery_status is not None:
            findings = dsn_findings(msg.delivery_status)
        return findings or None


def _finding(m: re.Match[str], action: str) -> Finding:
    reply = " ".join(p for p in (m[2], m[3].strip()) if p)
    return Finding(recipient=strip_address(m[1]), diagnostic=reply or None, reply_code=m[2], action=action)
