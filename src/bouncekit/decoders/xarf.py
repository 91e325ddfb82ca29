"""X-ARF abuse reports (the German eco association's format, sent by spam-trap feeds,
blocklists and network operators): a complaint about a message the sender's network
sent.

An X-ARF report carries ``X-ARF: YES`` (XARF version 4: ``X-XARF: PLAIN``) in its header
and, in a ``multipart/mixed``, a human-readable text, a machine-readable part and the
evidence (the message, attached as ``message/rfc822`` or as text). The machine-readable
part is YAML in versions 0.1 and 0.2 (``Category: abuse``, ``Report-Type: spam``,
``Source: 192.0.2.1``) and JSON later (``"ReportClass"``/``"Category"``,
``"ReportType"``). A report about mail (``Report-Type`` spam, phishing or malware, or
``Service: smtp``, or attached mail) is a complaint: feedback type ``abuse`` for spam,
``fraud`` for phishing, ``virus`` for malware. Reports about other abuse (a port scan, a
login attack) name no recipient of any mail and give no record.

The recipient is the one the report names (``Destination``, ``Original-Rcpt-To``), else
the evidence's To, read like a feedback report's (a trap address is withheld: no
recipient).

Fixtures: tests/fixtures/handmade-23/emails/y-fbl-abusix-xarf-14.eml.
"""

from __future__ import annotations

import json
import re

from bouncekit.decoders.arf import complaint_recipients
from bouncekit.decoders.base import Decoder, Finding, enclosed_views
from bouncekit.mime import MESSAGE_TYPES, MessageView, OriginalHeaders, original_from_text, parse_fields
from bouncekit.model import Event

#: The most characters of a part read as the machine-readable report.
_MAX_REPORT_CHARS = 32 * 1024
#: Report types (lower case, without separators) about mail, and the feedback type each
#: amounts to.
_MAIL_REPORT_TYPES = {
    "spam": "abuse", "spamtrap": "abuse", "spamreport": "abuse", "uce": "abuse", "ube": "abuse",
    "phishing": "fraud", "fraud": "fraud", "malware": "virus", "virus": "virus",
}
#: Field names (lower case, without separators) of the report's category and type, in
#: YAML and in JSON.
_CATEGORY_KEYS = frozenset({"category", "reportclass", "class"})
_TYPE_KEYS = frozenset({"reporttype", "type"})
#: Field names that name the recipient of the reported mail.
_RECIPIENT_KEYS = frozenset({"destination", "originalrcptto", "smtprcpttoaddress", "rcptto", "recipient"})
_SEPARATORS = re.compile(r"[-_ ]")


class Xarf(Decoder):
    name = "xarf"
    reads_letters = True
    # X-ARF 0.1/0.2 mark their reports "X-ARF: YES"; XARF version 4 "X-XARF: PLAIN" (or
    # SECURE, signed).
    headers = ("X-ARF", "X-XARF")
    # matches() reads these two fields alone: a message without them is never mine.
    keyed = True

    def matches(self, msg: MessageView) -> bool:
        return (msg.header("X-ARF").strip().lower() in ("yes", "true", "1")
                or msg.header("X-XARF").strip().lower() in ("plain", "secure", "yes"))

    def decode(self, msg: MessageView) -> list[Finding] | None:
        report = _machine_report(msg)
        if report is None:
            return None
        feedback_type = _feedback_type(report, msg)
        if feedback_type is None:
            return []  # abuse that is not about mail: no recipient to report
        evidence = enclosed_views(msg)[:1]
        original = msg.original or _evidence_text_headers(msg)
        named = [("original-rcpt-to", v) for k, v in report.items() if k in _RECIPIENT_KEYS]
        return [
            Finding(
                recipient=recipient,
                event=Event.COMPLAINT,
                feedback_type=feedback_type,
                date=report.get("date"),
                original_sender=original.sender if original else None,
                original_message_id=original.message_id if original else None,
            )
            for recipient in complaint_recipients(named, original, evidence[0] if evidence else None)
        ]


def _machine_report(msg: MessageView) -> dict[str, str] | None:
    """The machine-readable report's fields (keys lower case without separators, first
    value kept): the first text part that reads as YAML or JSON with a category or a
    report type."""
    for part in msg.parts:
        if not part.content_type.startswith(("text/", "application/")):
            continue
        text = part.text[:_MAX_REPORT_CHARS]
        fields = _json_fields(text) if text.lstrip().startswith("{") else _yaml_fields(text)
        if fields.keys() & (_CATEGORY_KEYS | _TYPE_KEYS):
            return fields
    return None


def _yaml_fields(text: str) -> dict[str, str]:
    """``Name: value`` lines, as versions 0.1 and 0.2 write them."""
    found: dict[str, str] = {}
    for block in parse_fields(text):
        for name, value in block:
            found.setdefault(_key(name), value.strip().strip("'\""))
    return found


def _json_fields(text: str) -> dict[str, str]:
    """The scalar values of a JSON report, nested objects flattened (the first value
    of each key kept)."""
    try:
        data = json.loads(text)
    except ValueError:
        return {}
    found: dict[str, str] = {}
    pending = [data]
    while pending and len(found) < 200:
        item = pending.pop(0)
        if isinstance(item, dict):
            for name, value in item.items():
                if isinstance(value, dict | list):
                    pending.append(value)
                elif value is not None:
                    found.setdefault(_key(str(name)), str(value))
        elif isinstance(item, list):
            pending.extend(item[:50])
    return found


def _key(name: str) -> str:
    return _SEPARATORS.sub("", name.lower())


def _feedback_type(report: dict[str, str], msg: MessageView) -> str | None:
    """The complaint's feedback type, or None for a report about other abuse."""
    for key in (*_TYPE_KEYS, *_CATEGORY_KEYS):
        kind = _key(report.get(key, ""))
        if kind in _MAIL_REPORT_TYPES:
            return _MAIL_REPORT_TYPES[kind]
    about_mail = report.get("service", "").strip().lower() in ("smtp", "esmtp", "mail") or bool(
        msg.parts_of(*MESSAGE_TYPES, "text/rfc822-headers")
    )
    return "abuse" if about_mail else None


def _evidence_text_headers(msg: MessageView) -> OriginalHeaders | None:
    """The headers of evidence attached as text (``Attachment: text/plain``)."""
    for part in msg.parts[2:]:
        if part.content_type == "text/plain":
            found = original_from_text(part.text)
            if found is not None:
                return found
    return None
