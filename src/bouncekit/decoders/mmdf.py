"""MMDF (the Multi-channel Memo Distribution Facility of 1980s-90s university and
government hosts, and SCO Unix): ``Failed mail`` and ``Waiting mail``.

Plain text from the MMDF postmaster (``MMDF Mail System``, ``mmdf@host``), no RFC 3464
part, the paragraphs indented by four spaces:

- ``After 6 days (146 hours), your message could not be fully delivered. It failed to
  be received by the following address(es):``, then the addresses, each followed by
  MMDF's routing (``a@b (host: b) (queue: smtp)``), then ``Problems usually are due to
  service interruptions at the receiving machine. ...`` and ``Your message follows:``
  (or ``Your message begins as follows:``);
- the warning before that: ``After 2 days (48 hours), your message has not yet been
  fully delivered. Attempts to deliver the message will continue for 5 more days.``,
  ``Delivery attempts are still pending for the following address(es):`` (a delay);
- a failure reported by a channel: ``Your message could not be delivered to the
  following address(es):`` (or ``was not delivered to``), each address with the
  channel's reason after it (``a@b: unknown user``) or on the indented line below.

The diagnostic is the reason given beside an address, else the opening sentence (the
time on the queue) with the explanation that follows the list.

Fixtures: hand-written (tests/fixtures/decoders/mmdf/, tests/decoders/test_mmdf.py).
"""

from __future__ import annotations

import re
from dataclasses import replace

from bouncekit.decoders.base import Decoder, Finding, inline_original, local_recipient
from bouncekit.mime import MessageView
from bouncekit.model import Event

#: The sentence that introduces the addresses; group 1 says which kind.
_INTRO = re.compile(
    r"(failed[ \t\n]{1,8}to[ \t\n]{1,8}be[ \t\n]{1,8}received[ \t\n]{1,8}by|"
    r"still[ \t\n]{1,8}pending[ \t\n]{1,8}for|"
    r"(?:could[ \t\n]{1,8}not[ \t\n]{1,8}be|was[ \t\n]{1,8}not|has[ \t\n]{1,8}not[ \t\n]{1,8}been)"
    r"[ \t\n]{1,8}delivered[ \t\n]{1,8}to)"
    r"[ \t\n]{1,8}the[ \t\n]{1,8}following[ \t\n]{1,8}address(?:\(es\)|es)?:[ \t]*\n",
    re.I,
)
_AFTER = re.compile(r"After[ \t]{1,4}\d{1,4}[ \t]{1,4}days?[^,\n]{0,40},[^.]{0,200}\.", re.I)
_LINE = re.compile(r"^[ \t]{0,16}<?([^\s<>(),:]{1,320}?)>?(?=[ \t(:]|$)(.{0,1200})$")
#: MMDF's routing after an address: ``(host: b) (queue: smtp)``.
_ROUTING = re.compile(r"\((?:host|queue|channel):[^()\n]{0,200}\)", re.I)
_HOST = re.compile(r"\(host:[ \t]*([A-Za-z0-9][A-Za-z0-9.-]{0,252})", re.I)
_END = re.compile(r"^[ \t]*(?:Your message (?:follows|begins as follows)|-{5,}|Problems usually)", re.I)
_INLINE = ("Your message follows:", "Your message begins as follows:")
_EXPLAIN = re.compile(r"Problems usually are due to[^.]{0,300}\.", re.I)


class Mmdf(Decoder):
    name = "mmdf"
    subjects = ("failed mail", "waiting mail")
    senders = ("mmdf",)
    markers = ("failed to be received by the following", "still pending for the following address")

    def decode(self, msg: MessageView) -> list[Finding] | None:
        text = msg.text
        m = _INTRO.search(text)
        if m is None:
            return None
        delayed = "pending" in m[1].lower() or "has not yet been" in text[: m.start()].lower()
        after = _AFTER.search(text[: m.start()])
        explain = _EXPLAIN.search(text[m.end() :])
        general = " ".join(part for part in (
            " ".join(after[0].split()) if after else None,
            " ".join(explain[0].split()) if explain else None,
        ) if part) or None
        findings: list[Finding] = []
        seen: set[str] = set()
        after_address = False
        original = msg.original or inline_original(text, _INLINE)
        for line in text[m.end() :].split("\n")[:5000]:
            if _END.match(line):
                break
            if not line.strip():
                after_address = False
                continue
            lm = _LINE.match(line)
            routing = _ROUTING.findall(lm[2]) if lm else []
            # A local user is named without a domain, always with its routing.
            address = local_recipient(lm[1], msg, original) if lm and ("@" in lm[1] or routing) else None
            if address is None:
                if after_address and findings[-1].diagnostic is None:
                    # the channel's reason on the line under the address
                    findings[-1] = replace(findings[-1], diagnostic=line.strip())
                    after_address = False
                    continue
                if findings:
                    break
                continue
            after_address = True
            if address.lower() in seen:
                continue
            seen.add(address.lower())
            host = _HOST.search(" ".join(routing))
            reason = _ROUTING.sub("", lm[2]).strip().lstrip(":-").strip() if lm else ""
            findings.append(Finding(
                recipient=address,
                diagnostic=reason or None,
                action="delayed" if delayed else "failed",
                event=Event.DELAYED if delayed else None,
                remote_mta=host[1].lower() if host else None,
            ))
        return [f if f.diagnostic else replace(f, diagnostic=general) for f in findings] or None
