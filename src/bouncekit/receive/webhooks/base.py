"""The base of the ESP webhook modules: one request in, verified, then parsed into events.

Each ESP module defines one :class:`Esp` subclass with two methods, kept apart so that
each is tested on its own (signatures with tampered payloads, parsing with the ESP's
documented payloads):

- ``verify(request, secret, now=...)`` raises :class:`SignatureError` unless the
  request carries the ESP's valid signature (or credentials) for ``secret``;
- ``parse(body, content_type)`` turns the body into a :class:`Payload` of
  :class:`WebhookEvent` objects, each with its records (TAXONOMY.md) and the ESP's raw
  event beside them; :class:`PayloadError` (HTTP 400) names what is wrong.

The helpers below build records the same way for every ESP: the event, the recipient in
bouncekit's normal form, the class read from the ESP's own numeric class where it gives
one (basis ``esp``), else from the SMTP text it reports, else from its own category
(basis ``esp``); for the ESP's own refusal its category first, unless a rule written for
sending services' lists (``sending_side``) reads its text; ``decoder`` = ``webhook:<esp>``.
"""

from __future__ import annotations

import copy
import email.parser
import email.policy
import hashlib
import math
import urllib.parse
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, ClassVar

import orjson

from bouncekit import smtp
from bouncekit.address import normalize
from bouncekit.classifier import RuleSet, default_rules, pick_status
from bouncekit.errors import AddressError, BounceError
from bouncekit.model import Basis, BounceClass, Classification, Event, Reason, Record, Report
from bouncekit.store.results import Incoming

#: Largest webhook body parsed (the HTTP service's own body limit is usually lower).
MAX_BODY = 20 * 1024 * 1024
#: Most events taken from one request; the rest of a larger batch is refused (400).
MAX_EVENTS = 10_000
#: Seconds a signed timestamp may be off the clock before the request is a replay (401).
MAX_SIGNATURE_AGE = 300
#: Longest text kept from an ESP field.
_MAX_FIELD = smtp.MAX_TEXT

_UNCLASSIFIED = frozenset({Event.DELIVERED, Event.COMPLAINT})
#: The reason a class stands for when only the class is known (an ESP's numeric class).
CLASS_REASONS: dict[BounceClass, Reason] = {
    BounceClass.UNDETERMINED: Reason.UNDETERMINED,
    BounceClass.INVALID_RECIPIENT: Reason.USER_UNKNOWN,
    BounceClass.SOFT_BOUNCE: Reason.SERVER_UNAVAILABLE,
    BounceClass.DNS_FAILURE: Reason.DOMAIN_NOT_FOUND,
    BounceClass.MAILBOX_FULL: Reason.MAILBOX_FULL,
    BounceClass.TOO_LARGE: Reason.MESSAGE_TOO_LARGE,
    BounceClass.TIMEOUT: Reason.EXPIRED,
    BounceClass.NO_RECIPIENT: Reason.NO_RECIPIENT,
    BounceClass.GENERIC: Reason.SYSTEM_ERROR,
    BounceClass.MAIL_BLOCK: Reason.POLICY_VIOLATION,
    BounceClass.SPAM_BLOCK: Reason.BLOCKLISTED,
    BounceClass.SPAM_CONTENT: Reason.SPAM_CONTENT,
    BounceClass.PROHIBITED_ATTACHMENT: Reason.PROHIBITED_ATTACHMENT,
    BounceClass.RELAYING_DENIED: Reason.RELAY_DENIED,
    BounceClass.AUTO_REPLY: Reason.AUTO_REPLY,
    BounceClass.TRANSIENT: Reason.DELAYED,
    BounceClass.CHALLENGE_RESPONSE: Reason.CHALLENGE_RESPONSE,
}


class WebhookError(BounceError):
    """A webhook request cannot be taken."""


class UnknownEspError(WebhookError):
    """No ESP of that name."""

    http_status = 404


class PayloadError(WebhookError):
    """The body is not what the ESP sends; the message names the problem."""

    http_status = 400


class SignatureError(WebhookError):
    """The signature or credentials are missing or wrong, or the timestamp is stale."""

    http_status = 401


@dataclass(frozen=True, slots=True)
class Request:
    """What a signature is checked against: the raw body, the headers (names lower-cased), the URL."""

    body: bytes
    headers: Mapping[str, str]
    url: str

    @classmethod
    def of(cls, body: bytes, headers: Mapping[str, str] | None, url: str | None) -> Request:
        names = {str(k).lower(): str(v) for k, v in (headers or {}).items()}
        return cls(bytes(body), names, url or "")

    def header(self, name: str) -> str | None:
        return self.headers.get(name.lower())


@dataclass(frozen=True, slots=True)
class WebhookEvent:
    """One ESP event, normalised: its records (none for opens, clicks, sends) and the raw event.

    ``event_id`` is the ESP's own id of the event, or ``sha256:`` and a hash of the
    event where the ESP gives none; ``key`` (from the ESP and that id) is what makes a
    redelivered event a duplicate in the store.
    """

    esp: str
    event_id: str
    name: str
    records: tuple[Record, ...]
    raw: Mapping[str, Any]

    @property
    def key(self) -> str:
        return hashlib.sha256(f"webhook\x00{self.esp}\x00{self.event_id}".encode()).hexdigest()

    def incoming(self) -> Incoming:
        """The event as the store takes it."""
        message_id = next((r.original_message_id for r in self.records if r.original_message_id), None)
        report = Report(self.records, f"webhook:{self.esp}", message_id, None)
        return Incoming(self.key, f"webhook:{self.esp}:{self.event_id}"[:500], report)


@dataclass(frozen=True, slots=True)
class Payload:
    """Everything one request body says.

    ``subscribe_url`` is set for an Amazon SNS SubscriptionConfirmation: the URL to
    visit to confirm the subscription (there are no events then).
    """

    esp: str
    events: tuple[WebhookEvent, ...]
    subscribe_url: str | None = None

    @property
    def records(self) -> list[Record]:
        return [r for e in self.events for r in e.records]


class Esp:
    """One ESP: its name, how its requests are signed, how its events read."""

    name: ClassVar[str]
    #: What the configured secret is for this ESP (shown by ``bouncekit webhooks``).
    secret_help: ClassVar[str]
    #: The rules that classify the ESP's texts; None: the built-in rules.
    rules: RuleSet | None = None

    def with_rules(self, rules: RuleSet | None) -> Esp:
        """This ESP classifying with ``rules`` (a user's rules file), as a copy: the
        registry's instance serves every caller."""
        if rules is None or rules is self.rules:
            return self
        copied = copy.copy(self)
        copied.rules = rules
        return copied

    def verify(self, request: Request, secret: str, *, now: float) -> None:
        raise NotImplementedError

    def parse(self, body: bytes, content_type: str | None) -> Payload:
        raise NotImplementedError

    def queueable(self, body: bytes) -> bool:
        """Whether a verified request may be read later by a queue worker: False for one
        the receiver must act on itself while it answers (an SNS subscription to confirm)."""
        return True

    # -- helpers for the subclasses ---------------------------------------------------

    @property
    def decoder(self) -> str:
        return f"webhook:{self.name}"

    def payload(self, events: list[WebhookEvent], subscribe_url: str | None = None) -> Payload:
        if len(events) > MAX_EVENTS:
            raise PayloadError(f"{self.name}: {len(events)} events in one request, more than {MAX_EVENTS}")
        return Payload(self.name, tuple(events), subscribe_url)

    def event(
        self, raw: Mapping[str, Any], name: str, records: list[Record], event_id: object = None
    ) -> WebhookEvent:
        """A :class:`WebhookEvent`; without an ESP id, the id is a hash of the raw event."""
        if event_id in (None, ""):
            canonical = orjson.dumps(raw, option=orjson.OPT_SORT_KEYS, default=str)
            event_id = "sha256:" + hashlib.sha256(canonical).hexdigest()
        return WebhookEvent(self.name, str(event_id)[:300], name, tuple(records), raw)

    def record(
        self,
        event: Event,
        recipient: object,
        *,
        text: object = None,
        status: object = None,
        reply_code: object = None,
        esp_class: object = None,
        esp_reason: Reason | None = None,
        esp_category: str | None = None,
        message_id: object = None,
        date: object = None,
        sender: object = None,
        remote_mta: object = None,
        reporting_mta: object = None,
        feedback_type: object = None,
    ) -> Record:
        """One record, classified (see the module documentation for the order of evidence).

        ``esp_class`` is an ESP's numeric class of the TAXONOMY table (SparkPost's
        ``bounce_class``); ``esp_reason`` what the ESP's own category means, used when
        the text names no cause; ``esp_category`` the ESP's name for it (for the rule id).
        """
        address = _recipient(recipient)
        diagnostic, status_code, reply = _reply(text, status, reply_code)
        mta = string(remote_mta)
        classification = None
        if event not in _UNCLASSIFIED:
            classification = self._classify(
                event, address, diagnostic, status_code, reply, mta, esp_class, esp_reason, esp_category
            )
        return Record(
            event=event,
            recipient=address,
            classification=classification,
            decoder=self.decoder,
            status=status_code,
            reply_code=reply,
            diagnostic=diagnostic,
            action=_ACTIONS.get(event),
            remote_mta=mta,
            reporting_mta=string(reporting_mta),
            original_message_id=string(message_id),
            original_sender=_recipient(sender) if sender else None,
            date=iso_date(date),
            feedback_type=string(feedback_type),
        )

    def _classify(
        self,
        event: Event,
        address: str | None,
        diagnostic: str | None,
        status: str | None,
        reply_code: str | None,
        remote_mta: str | None,
        esp_class: object,
        esp_reason: Reason | None,
        esp_category: str | None,
    ) -> Classification:
        numeric = _bounce_class(esp_class)
        if numeric is not None:
            return self._from_class(numeric, diagnostic, status, reply_code, remote_mta, address)
        rules = self.rules or default_rules()
        hosts = (remote_mta, address.rpartition("@")[2] if address else None)
        own = None
        if esp_reason is not None:
            rule = f"esp:{self.name}:{esp_category or esp_reason}"
            own = Classification(
                esp_reason.default_class, esp_reason, rule[:200], status, reply_code, None, Basis.ESP
            )
        found = rules.classify(diagnostic or "", status=status, reply_code=reply_code, hosts=hosts)
        if own is not None and event is Event.REJECTED:
            # The ESP's own refusal: its words describe its list, not a receiving server;
            # only the rules written for such lists say more than its category.
            return found if found.rule in rules.refused_by_sender else own
        if found.basis in (Basis.TEXT, Basis.STATUS) and found.bounce_class is not BounceClass.UNDETERMINED:
            return found
        if own is not None:
            return own
        if event is Event.DELAYED:
            return rules.classify_delay(diagnostic or "", status=status, reply_code=reply_code, hosts=hosts)
        if address is None:
            return Classification(
                BounceClass.NO_RECIPIENT, Reason.NO_RECIPIENT, "no-recipient", status, reply_code
            )
        return found

    def _from_class(
        self,
        numeric: BounceClass,
        diagnostic: str | None,
        status: str | None,
        reply_code: str | None,
        remote_mta: str | None,
        address: str | None,
    ) -> Classification:
        """The ESP's own class, with the finer reason of the text where the text agrees. A
        class that only says the ESP could not tell (1 Undetermined, 40 Generic) gives way
        to a cause the text's words name ("Relay access denied" under a generic 40)."""
        hosts = (remote_mta, address.rpartition("@")[2] if address else None)
        rules = self.rules or default_rules()
        found = rules.classify(diagnostic or "", status=status, reply_code=reply_code, hosts=hosts)
        if (numeric in _UNSPECIFIC_CLASSES and found.basis is Basis.TEXT
                and found.bounce_class not in _UNSPECIFIC_CLASSES):
            return found
        reason = found.reason if found.bounce_class is numeric else CLASS_REASONS[numeric]
        matched = found.matched if found.bounce_class is numeric else None
        return Classification(
            numeric, reason, f"esp:{self.name}:class-{int(numeric)}", status, reply_code, matched, Basis.ESP
        )


#: An ESP's classes that name no cause.
_UNSPECIFIC_CLASSES = frozenset({BounceClass.UNDETERMINED, BounceClass.GENERIC})

_ACTIONS = {
    Event.BOUNCE: "failed",
    Event.DELAYED: "delayed",
    Event.DELIVERED: "delivered",
    Event.REJECTED: "failed",
}


def _bounce_class(value: object) -> BounceClass | None:
    if isinstance(value, bool) or value in (None, ""):
        return None
    try:
        return BounceClass(int(str(value).strip()))
    except ValueError:
        return None


def _recipient(value: object) -> str | None:
    """The address in normal form; a value that is no address is kept as written (the store
    then stores it and raises a bad-address alert, so nothing is lost)."""
    text = string(value)
    if text is None:
        return None
    try:
        return normalize(text)  # ESPs give bare addresses
    except AddressError:
        # An address the ESP itself calls invalid ("jo@example..com", "a b@example.org"):
        # as written, never cut to another address ("b@example.org") that a cleaning
        # would find inside it and the store would then suppress.
        inner = text.strip()
        if inner.endswith(">") and "<" in inner:  # "Jo <jo@example..com>"
            inner = inner[inner.rfind("<") + 1 : -1].strip()
        return inner[:320] or None


def _reply(text: object, status: object, reply_code: object) -> tuple[str | None, str | None, str | None]:
    """The diagnostic text and the codes: those the ESP gives, else those in its text."""
    diagnostic = string(text, _MAX_FIELD)
    given_status = smtp.find_status(str(status)) if status not in (None, "") else None
    given_reply = string(reply_code)
    if given_reply is not None and not (
        len(given_reply) == 3 and given_reply.isdigit() and given_reply[0] in "245"
    ):
        given_reply = None
    if diagnostic is None:
        return None, given_status, given_reply
    reply = smtp.parse_reply(diagnostic)
    return (reply.text or None, pick_status(given_status, reply.status), given_reply or reply.reply_code)


def string(value: object, limit: int = 1000) -> str | None:
    """A field as text (numbers too), stripped; None when absent or empty."""
    if value is None or isinstance(value, bool | dict | list):
        return None
    text = str(value).strip()
    return text[:limit] if text else None


def iso_date(value: object) -> str | None:
    """An ESP time stamp (Unix seconds or milliseconds, number or text, or ISO 8601) as ISO 8601 UTC."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, int | float) or (isinstance(value, str) and _is_number(value)):
        seconds = float(value)
        if not math.isfinite(seconds) or seconds <= 0:
            return None
        if seconds > 1e11:  # milliseconds
            seconds /= 1000
        try:
            return datetime.fromtimestamp(seconds, UTC).isoformat()
        except (OverflowError, OSError, ValueError):
            return None
    if isinstance(value, str):
        text = value.strip().replace("Z", "+00:00")
        if len(text) > 10 and text[10] == " ":
            text = text[:10] + "T" + text[11:]
        try:
            parsed = datetime.fromisoformat(text)
        except ValueError:
            return None
        return (parsed.replace(tzinfo=UTC) if parsed.tzinfo is None else parsed).isoformat()
    return None


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def load_json(esp: str, body: bytes) -> Any:
    """The body as JSON; :class:`PayloadError` naming the problem."""
    if len(body) > MAX_BODY:
        raise PayloadError(f"{esp}: the body is larger than {MAX_BODY} bytes")
    if not body.strip():
        raise PayloadError(f"{esp}: the body is empty")
    try:
        return orjson.loads(body)
    except orjson.JSONDecodeError as exc:
        raise PayloadError(f"{esp}: the body is not valid JSON ({exc})") from None


def load_form(esp: str, body: bytes, content_type: str | None = None) -> dict[str, str]:
    """A form body, last value of each name: ``application/x-www-form-urlencoded``, or
    ``multipart/form-data`` (Mailgun's legacy webhooks post that when they carry the
    message's headers; file parts are left out)."""
    if len(body) > MAX_BODY:
        raise PayloadError(f"{esp}: the body is larger than {MAX_BODY} bytes")
    kind = (content_type or "").partition(";")[0].strip().lower()
    if kind == "multipart/form-data" or (not kind and body.startswith(b"--")):
        return _multipart(esp, body, content_type)
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        raise PayloadError(f"{esp}: the form body is not UTF-8") from None
    return dict(urllib.parse.parse_qsl(text, keep_blank_values=True))


def _multipart(esp: str, body: bytes, content_type: str | None) -> dict[str, str]:
    if not content_type or "boundary=" not in content_type:
        boundary = body.split(b"\r\n", 1)[0].split(b"\n", 1)[0][2:].strip().decode("ascii", "replace")
        content_type = f'multipart/form-data; boundary="{boundary}"'
    message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(
        f"Content-Type: {content_type}\r\nMIME-Version: 1.0\r\n\r\n".encode("latin-1", "replace") + body
    )
    if not message.is_multipart():
        raise PayloadError(f"{esp}: the multipart/form-data body has no parts")
    fields: dict[str, str] = {}
    for part in message.iter_parts():
        name = part.get_param("name", header="content-disposition")
        if not isinstance(name, str) or part.get_param("filename", header="content-disposition"):
            continue
        payload = part.get_payload(decode=True) or b""
        fields[name] = payload.decode(part.get_content_charset() or "utf-8", "replace")
    return fields


def is_form(content_type: str | None, body: bytes) -> bool:
    """Whether a body is a form: by its media type, else by its first byte."""
    if content_type:
        kind = content_type.partition(";")[0].strip().lower()
        if kind in ("application/x-www-form-urlencoded", "multipart/form-data"):
            return True
        if kind.endswith("json"):
            return False
    return body.lstrip()[:1] not in (b"{", b"[", b"")


def objects(esp: str, value: Any, what: str = "event") -> Iterator[dict[str, Any]]:
    """The objects of a batch (a JSON array) or the one object; PayloadError for anything else."""
    items = value if isinstance(value, list) else [value]
    if len(items) > MAX_EVENTS:
        raise PayloadError(f"{esp}: {len(items)} events in one request, more than {MAX_EVENTS}")
    for position, item in enumerate(items):
        if not isinstance(item, dict):
            where = f" {position + 1}" if isinstance(value, list) else ""
            raise PayloadError(f"{esp}: {what}{where} is not a JSON object but {type(item).__name__}")
        yield item


def mapping(value: Any) -> dict[str, Any]:
    """A field that should be an object: itself, else an empty one."""
    return value if isinstance(value, dict) else {}
