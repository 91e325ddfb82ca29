"""Microsoft Exchange Server 2007 and later (on premises): ``Undeliverable: <subject>``.

A ``multipart/report`` whose text (in the server's language) reads ``Delivery has
failed to these recipients or groups:`` (``Échec de la remise ...``), a friendly
explanation per recipient, then ``Diagnostic information for administrators:``,
``Generating server: host`` and per recipient the address followed by the enhanced
reply: ``#550 5.1.1 RESOLVER.ADR.RecipNotFound; not found ##`` or ``Remote Server
returned '550 5.1.1 ...'``. The RFC 3464 part follows, often without Diagnostic-Code.

Fixtures: lhost-exchange2007-*.eml.
"""

from __future__ import annotations

import re

from bouncekit.decoders.base import (
    Decoder,
    Finding,
    delivery_status_of,
    dsn_findings,
    fill_from_text,
)
from bouncekit.mime import MessageView, strip_address

_GENERATING = re.compile(r"^(?:Generating server|Serveur de g[ée]n[ée]ration|Generierender Server)\s*:",
                         re.MULTILINE | re.IGNORECASE)
_ADDRESS = re.compile(r"^\s*<?([^\s@<>]{1,255}@[^\s<>]{1,255}?)>?\s*$")
_CODE = re.compile(r"^\s*#?([245]\d\d[ -][245]\.\d{1,3}\.\d{1,3}.{0,1000}?)\s*##")
_REMOTE = re.compile(r"^\s*Remote Server returned '(.{1,1000})'\s*$", re.IGNORECASE)


class Exchange2007(Decoder):
    name = "exchange2007"
    markers = ("Diagnostic information for administrators:",
               "Informations de diagnostic pour les administrateurs",
               "Diagnoseinformationen für Administratoren")

    def decode(self, msg: MessageView) -> list[Finding] | None:
        text = msg.text
        m = _GENERATING.search(text)
        blocks: list[tuple[str, str]] = []
        if m:
            address = None
            for line in text[m.end() :].split("\n"):
                a = _ADDRESS.match(line)
                if a:
                    address = strip_address(a[1])
                    continue
                code = _CODE.match(line) or _REMOTE.match(line)
                if code and address:
                    blocks.append((address, code[1].strip()))
                    address = None
        status = delivery_status_of(msg)
        findings = dsn_findings(status) if status is not None else []
        if findings:
            return fill_from_text(findings, blocks, append=False)
        return [Finding(recipient=a, diagnostic=d, action="failed") for a, d in blocks] or None
