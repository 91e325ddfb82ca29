"""hMailServer (the free Windows mail server): ``Message undeliverable: <subject>``.

Plain text from the configured bounce sender (``mailer-daemon@host`` by default), no
RFC 3464 part. ``Your message did not reach some or all of the intended recipients.``,
the original's ``Sent:`` and ``Subject:``, ``The following recipient(s) could not be
reached:``, then per recipient the address on its own line and indented details:
``Error Type: SMTP``, ``Remote server (192.0.2.1) issued an error.``, ``hMailServer
sent: RCPT TO:<a@b>``, ``Remote server replied: 550 5.1.1 ...``; or, when no server
answered, ``Connection to recipients server failed.`` and ``Error: Unable to connect to
the remote server. ...``. The remote reply, else the error lines, is the diagnostic.

Exchange 5.5-2003 use the same headings but write ``a@b on <date>`` lines: those are
read by ``exchange2003``, which comes first. Other Windows servers copied this layout
and add an RFC 3464 part; its fields are kept and the text's reply completes them.

Fixtures: hand-written (tests/fixtures/decoders/hmailserver/, tests/decoders/test_hmailserver.py).
"""

from __future__ import annotations

import re
from dataclasses import replace

from bouncekit.decoders.base import (
    Decoder,
    Finding,
    Keys,
    between,
    delivery_status_of,
    dsn_findings,
    fill_from_text,
)
from bouncekit.mime import MessageView, strip_address

_START = re.compile(r"The following recipient\(s\) could not be reached:[ \t]*\n")
_ADDRESS_LINE = re.compile(r"^[ \t]{0,4}<?([^\s<>@]{1,64}@[^\s<>]{1,253}?)>?[ \t]*$")
_DETAIL = re.compile(r"^[ \t]{1,16}\S")
_REPLIED = re.compile(r"^Remote server replied:[ \t]*(.{0,2000})$", re.I)
_ISSUED = re.compile(r"^Remote server \(([^()\s]{1,253})\) issued an error", re.I)
_SKIP = re.compile(r"^(?:Error Type:|hMailServer sent:)", re.I)


class Hmailserver(Decoder):
    name = "hmailserver"
    markers = ("hMailServer sent:", "Error Type: SMTP", "Error Type: Local")
    more_keys = Keys(subjects=("message undeliverable:",))

    def matches(self, msg: MessageView) -> bool:
        return super().matches(msg) or msg.subject_lower.startswith("message undeliverable:")

    def decode(self, msg: MessageView) -> list[Finding] | None:
        section = between(msg.text, _START)
        if section is None:
            return None
        blocks: list[tuple[str, list[str]]] = []
        for line in section.split("\n")[:20000]:
            m = _ADDRESS_LINE.match(line)
            address = strip_address(m[1]) if m else None
            if address:
                blocks.append((address, []))
            elif blocks and _DETAIL.match(line):
                blocks[-1][1].append(line.strip())
            elif line.strip() and blocks:
                break  # the signature ("hMailServer") or the end of the list
        findings = []
        by_address: dict[str, str | None] = {}
        for address, lines in blocks:
            at = next((i for i, line in enumerate(lines) if _REPLIED.match(line)), -1)
            # The reply, with the lines of a multi-line reply that follow it.
            replied = None
            if at >= 0:
                replied = " ".join([_REPLIED.sub(r"\1", lines[at]), *lines[at + 1 :]]).strip()
            issued = next((m[1] for m in map(_ISSUED.match, lines) if m), None)
            details = [line for line in lines if not _SKIP.match(line) and not _ISSUED.match(line)]
            remote = issued.lower() if issued and not issued[:1].isdigit() else None
            by_address[address.lower()] = remote
            findings.append(Finding(recipient=address, diagnostic=replied or " ".join(details) or None,
                                    action="failed", remote_mta=remote))
        status = delivery_status_of(msg)
        if status is not None and findings:
            # Servers that copied the layout add an RFC 3464 part: its fields, the text's reply.
            blocks = [(f.recipient or "", f.diagnostic or "") for f in findings]
            dsn = [replace(f, remote_mta=f.remote_mta or by_address.get((f.recipient or "").lower()))
                   for f in fill_from_text(dsn_findings(status), blocks)]
            return dsn or findings
        return findings or None
