"""Sendmail version 5 (and other pre-MIME Sendmail): plain-text bounces.

From ``Mail Delivery Subsystem <MAILER-DAEMON@...>`` with ``Returned mail: ...``
subjects and no RFC 3464 part. The body is ``----- Transcript of session follows
-----``, the SMTP dialogue (``While talking to host:``, ``>>> RCPT To:<a@b>``, ``<<< 550
...``) with one verdict line per failed address (``554 <a@b>... 550 Host unknown``),
then ``----- Unsent message follows -----`` and the returned message. A warning
(``Warning: could not send message for past 4 hours``, ``THIS IS A WARNING MESSAGE
ONLY``, ``Deferred:`` verdicts) reports a delay.

Fixtures: lhost-v5sendmail-*.eml.
"""

from __future__ import annotations

from bouncekit.decoders.base import Decoder, Finding, between, transcript_host, transcript_verdicts
from bouncekit.mime import MessageView

_TRANSCRIPT = "----- Transcript of session follows -----"
_UNSENT = "----- Unsent message follows -----"
_WARNING = "THIS IS A WARNING MESSAGE ONLY"


class V5sendmail(Decoder):
    name = "v5sendmail"
    markers = (_TRANSCRIPT,)
    # matches() is true only for these keys: the index need not try the others.
    keyed = True

    def matches(self, msg: MessageView) -> bool:
        return msg.delivery_status is None and _TRANSCRIPT in msg.text and _UNSENT in msg.text

    def decode(self, msg: MessageView) -> list[Finding] | None:
        transcript = between(msg.text, _TRANSCRIPT, (_UNSENT,)) or ""
        # "Warning: could not send message for past 4 hours" over "THIS IS A WARNING
        # MESSAGE ONLY": Sendmail is still trying.
        warning = msg.subject_lower.startswith("warning:") or _WARNING in msg.text
        findings = []
        for address, diagnostic in transcript_verdicts(transcript):
            if "@" not in address:
                continue
            findings.append(
                Finding(
                    recipient=address,
                    diagnostic=diagnostic,
                    action="delayed" if warning else "failed",
                    remote_mta=transcript_host(transcript, address),
                )
            )
        return findings or None

