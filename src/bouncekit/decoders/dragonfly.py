"""DragonFly Mail Agent (dma), the small MTA of DragonFly BSD and others.

dma bounces come from ``MAILER-DAEMON`` with the subject ``Mail delivery failed``,
as plain text: ``This is the DragonFly Mail Agent vX at host.``, then ``There was an
error delivering your mail to <a@b>.``, then the error: the remote host and the step
it refused (``mx.example [192.0.2.1] did not like our RCPT TO:``) with the reply on
the following lines, or dma's own words (``Could not deliver for the last N seconds.
Giving up.``), then ``Message headers follow.`` (or ``Original message follows.``)
and the returned message. One recipient per bounce.

Fixtures: lhost-dragonfly-*.eml.
"""

from __future__ import annotations

import re

from bouncekit.decoders.base import Decoder, Finding, between, first_address
from bouncekit.mime import MessageView

_START = re.compile(r"There was an error delivering your mail to (<[^<>\n]{1,320}>|\S{1,320})\.?[ \t]*\n")
_END = ("Message headers follow.", "Original message follows.")
_DID_NOT_LIKE = re.compile(
    r"^\s*([A-Za-z0-9][A-Za-z0-9.-]{0,252})\s+\[[0-9a-fA-F.:]{2,45}\]\s+did not like our\s+[^:\n]{1,40}:\s*"
)


class Dragonfly(Decoder):
    name = "dragonfly"
    markers = ("This is the DragonFly Mail Agent",)

    def decode(self, msg: MessageView) -> list[Finding] | None:
        text = msg.text
        m = _START.search(text)
        if not m:
            return None
        recipient = first_address(m[1])
        error = between(text[m.end() :], "", _END) or ""
        remote = None
        said = _DID_NOT_LIKE.match(error)
        if said:
            remote = said[1].lower().rstrip(".")
            error = error[said.end() :]
        # dma writes a multi-line reply with blank lines between its lines.
        diagnostic = "\n".join(line for line in error.strip().split("\n") if line.strip())
        return [Finding(recipient=recipient, diagnostic=diagnostic or None, remote_mta=remote,
                        action="failed")]

