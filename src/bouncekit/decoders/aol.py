"""AOL Mail (``aol.com``, ``aim.com`` and AOL's national domains): its own notices.

AOL's bounces came in three generations:

- until about 2010, Sendmail's ``Returned mail: ...`` from ``Mail Delivery Subsystem
  <MAILER-DAEMON@aol.com>``, read by the ``sendmail`` decoder; beside it AOL's own notice
  for mail its members refused ("Your mail to the following recipients could not be
  delivered because they are not accepting mail from <sender>:" and the members' screen
  names, one per line, often without ``@aol.com``): one record per screen name (the
  domain added), reason ``sender_rejected`` (the member's mail controls refuse the
  sender);
- 2014-2016, HTML from ``Postmaster <Postmaster@AOL.com>`` titled "Email Returned"
  ("Something went wrong."): "We were unable to deliver your message to the following
  address" with the address on its own line and "because: <reason>" (AOL's words, such
  as "User name of email address not valid", "Mailbox is full"), with an RFC 3464 part
  whose Diagnostic-Code, when present, quotes the remote reply; where the part has no
  Diagnostic-Code the "because:" text is the reason;
- since AOL moved onto Yahoo's systems (the Verizon years), Yahoo's "failure notice"
  text, read by the ``yahoo`` decoder.

Fixtures: rhost-aol-*.eml; tests/fixtures/decoders/aol/*.eml.
"""

from __future__ import annotations

import re

from bouncekit.decoders.base import ADDRESS, Decoder, Finding, dsn_findings, fill_from_text
from bouncekit.mime import MessageView, strip_address
from bouncekit.model import Reason

_DOMAINS = ("aol.com", "aim.com", "aol.co.uk", "aol.de", "aol.fr", "aol.jp", "cs.com", "netscape.net")
_RETURNED = "We were unable to deliver your message to the following address"
_BECAUSE = re.compile(r"^[ \t]{0,80}because:[ \t]{0,10}([^\n]{1,500})$", re.M)
_NOT_ACCEPTING = re.compile(
    r"Your mail to the following recipients? could not be delivered because (?:they are|he is|she is) "
    r"not accepting mail from[^\n]{0,320}"
)
#: A domain after an address's "@".
_DOMAIN_AT = re.compile(r"[A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63}){1,8}")
#: A screen name or an address alone on an (indented) line.
_SCREEN_NAME = re.compile(
    r"^[ \t]{1,40}([A-Za-z0-9][\w.+-]{0,63}(?:@[A-Za-z0-9][A-Za-z0-9.-]{0,252})?)[ \t]*$"
)


class Aol(Decoder):
    name = "aol"
    domains = _DOMAINS
    # matches() is true only for these keys: the index need not try the others.
    keyed = True

    def matches(self, msg: MessageView) -> bool:
        domain = msg.from_address.rpartition("@")[2]
        return domain in _DOMAINS

    def decode(self, msg: MessageView) -> list[Finding] | None:
        text = msg.text
        refused = _NOT_ACCEPTING.search(text)
        if refused:
            original = msg.original
            return _not_accepting(
                text, refused, msg.from_address.rpartition("@")[2], original.recipients if original else ()
            )
        start = text.find(_RETURNED)
        if start < 0:
            return None
        notice = text[start + len(_RETURNED) :]
        because = _BECAUSE.search(notice)
        listed = notice[: because.start()] if because else notice[:2000]
        recipients = [strip_address(m[1]) for m in ADDRESS.finditer(listed)]
        reason = " ".join(because[1].split()) if because else ""
        blocks = [(a, reason) for a in recipients if a]
        status = msg.delivery_status
        if status is not None and status.recipients:
            return fill_from_text(dsn_findings(status), blocks, append=False)
        return [Finding(recipient=a, diagnostic=d or None, action="failed") for a, d in blocks] or None


def _not_accepting(
    text: str, refused: re.Match[str], domain: str, addressed: tuple[str, ...]
) -> list[Finding] | None:
    """One finding per screen name listed under the statement. A bare screen name is the
    returned message's recipient of that name where it has one (the address as the
    sender wrote it, in its header fields or in the copy quoted in the text), else the
    name at the notice's own domain."""
    sentence = " ".join(refused[0].split()).rstrip(":")
    by_name = {a.partition("@")[0].lower(): a for a in reversed(addressed)}
    findings = []
    for line in text[refused.end() :].lstrip(":").lstrip("\n").split("\n"):
        m = _SCREEN_NAME.match(line)
        if not m:
            break
        name = m[1]
        if "@" not in name:
            written = by_name.get(name.lower()) or _written_to(text, name)
            # (The notice's own spelling of the name where the address is the same.)
            same = not written or written.rpartition("@")[2].lower() == domain.lower()
            name = f"{name}@{domain}" if same else written
        # The member's mail controls refuse this sender: the notice itself says why.
        findings.append(
            Finding(recipient=name, diagnostic=sentence, action="failed", reason=Reason.SENDER_REJECTED)
        )
    return findings or None


def _written_to(text: str, name: str) -> str | None:
    """The address of screen name ``name`` as the text writes it (the returned copy's
    ``To: tomsgirl77@aol.com``), if it does. (Found with str methods: a pattern made for
    each name would be compiled for each message.)"""
    lowered, wanted = text.lower(), name.lower() + "@"
    start = lowered.find(wanted)
    while start >= 0:
        if start == 0 or not (lowered[start - 1].isalnum() or lowered[start - 1] in "._+-"):
            domain = _DOMAIN_AT.match(text, start + len(wanted))
            if domain:
                return text[start : domain.end()]
        start = lowered.find(wanted, start + 1)
    return None
