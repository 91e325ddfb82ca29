"""The two pure entry points: ``parse`` a message, ``classify`` a reply."""

from __future__ import annotations

import binascii
import email.message
import re
from calendar import isleap
from dataclasses import replace
from email.utils import parsedate_to_datetime
from functools import lru_cache
from html import unescape as unescape_html
from urllib.parse import unquote_plus

from bouncekit import smtp
from bouncekit.address import clean_recipient
from bouncekit.charsets import encoded_words, repaired
from bouncekit.classifier import RuleSet, RulesInUse, default_rules, mask_hosts, pick_status
from bouncekit.decoders import INDEX, Decoder, Finding
from bouncekit.decoders.base import ADDRESS, completed_from_status
from bouncekit.decoders.fallback import asks_about_a_notice, completed_from_text
from bouncekit.decoders.fallback.sendingside import refused_on_the_sending_side
from bouncekit.errors import BounceError, MessageError
from bouncekit.mime import MAX_MESSAGE_BYTES, MessageView, html_to_text, load, strip_address
from bouncekit.model import Basis, BounceClass, Classification, Event, Reason, Record, Report
from bouncekit.sources import is_envelope

_ACTION_EVENTS = {
    "failed": Event.BOUNCE,
    "delayed": Event.DELAYED,
    "delivered": Event.DELIVERED,
    "relayed": Event.DELIVERED,
    "expanded": Event.DELIVERED,
}
_UNCLASSIFIED_EVENTS = frozenset({Event.DELIVERED, Event.COMPLAINT})


#: Replies remembered by :func:`classify`: logs and webhooks repeat the same few
#: thousand replies millions of times. About 1 KB per entry.
CLASSIFY_CACHE_SIZE = 65_536


def classify(
    text: str,
    *,
    status: str | None = None,
    reply_code: str | None = None,
    remote_mta: str | None = None,
    recipient: str | None = None,
    rules: RuleSet | None = None,
) -> Classification:
    """Classify one SMTP reply or diagnostic text.

    Multi-line replies (``550-5.7.1 ...`` / ``550 5.7.1 ...``) are unfolded, and the
    report of a qmail-send log line (``delivery 12: failure: user_is_over_quota/``) is read
    with its underscores as spaces; a form-encoded webhook body (``reason=old&description=Too+old``)
    is decoded first. Codes not given are read from the text; a status
    given here wins over one in the text, except that a generic ``X.0.0`` loses to a
    specific code quoted in the text.
    ``remote_mta`` (and the recipient's domain) select provider-specific rules.
    ``rules`` is a rule set from :func:`bouncekit.load_rules` (default: the built-ins).
    The last :data:`CLASSIFY_CACHE_SIZE` distinct calls are remembered
    (``classify.cache_clear()`` forgets them).

    >>> classify("550 5.7.1 No such user! 1683454980-0NPfrE8P9Cg0-eRlBSO3h").rule
    'user-unknown'
    """
    domain = recipient.rpartition("@")[2] if recipient else None
    try:
        return _classify(text, status, reply_code, remote_mta, domain, rules)
    except TypeError:
        if not isinstance(text, str):
            raise BounceError(f"classify() needs the reply as a str, not {type(text).__name__}") from None
        raise


#: "+" signs that make a text without spaces a URL-encoded one ("451+Internal+resource").
_MIN_PLUS_JOINS = 3
#: A word of a URL-encoded reply inside other text: three or more "+" for its spaces.
#: (Tried only where a token starts: a long run without "+" is passed over at once.)
_URL_ENCODED_TOKEN = re.compile(r"(?<!\S)[^\s+]{1,200}(?:\+[^\s+]{0,200}){3,}")
#: A tag of the HTML a help desk, a chat or a web page writes around a pasted reply
#: (not an address in angle brackets).
_HTML_TAG = re.compile(
    r"</?(?:div|p|br|span|pre|code|font|html|body|table|tr|td|li|ul|b|i|em|strong)(?:\s[^<>]{0,200})?/?>",
    re.IGNORECASE,
)
#: An HTML character reference.
_HTML_ENTITY = re.compile(r"&(?:#\d{1,7}|#x[0-9a-fA-F]{1,6}|amp|lt|gt|quot|apos|nbsp);")
#: The "> " marks of a quoted line (not ">>>", a transcript's command lines).
_QUOTE_MARK = re.compile(r"^(?:>(?!>) ?)+", re.MULTILINE)
# An ASCII character escaped by quoted-printable ("=20", "=3D").
_QP_ESCAPE = re.compile(r"=([2-7][0-9A-F])")
#: A UTF-8 character of two or three bytes escaped by quoted-printable ("=C3=A4").
_QP_UTF8 = re.compile(r"=[C-E][0-9A-F]=[89AB][0-9A-F]")
#: A quoted-printable soft line break, or an escape of a byte above ASCII: what a text
#: must hold, and nothing else escaped, to be read as quoted-printable.
_QP_MARK = re.compile(r"=\n|=[89A-F][0-9A-F]")


def _quoted_printable_text(text: str) -> str:
    """``text`` decoded from quoted-printable where it decodes to UTF-8 (else as it is):
    only its soft breaks and escapes change, so a reply that merely holds "=" keeps it."""
    if len(_QP_MARK.findall(text)) < 2:
        return text
    try:
        return binascii.a2b_qp(text.encode("ascii")).decode("utf-8")
    except (ValueError, UnicodeDecodeError):
        return text


def _as_written(text: str) -> str:
    """The reply as its server wrote it, from what the systems that carried it made of
    it: RFC 2047 words left encoded, a wrong charset, quoted-printable, URL or form
    encoding, HTML tags and entities, "> " quoting, qmail's "_" for spaces. Each repair
    is tried only where its mark is in the text."""
    if "=?" in text:
        text = encoded_words(text)
    if not text.isascii() or "$" in text:
        text = repaired(text)  # read through a wrong charset on its way ("refusÃ©")
    if "=20" in text and text.count("=20") > text.count(" "):
        # A reply copied from a quoted-printable body before decoding ("550=205.1.1=20...").
        text = _QP_ESCAPE.sub(lambda m: chr(int(m[1], 16)), text.replace("=\n", ""))
    elif "=" in text and text.isascii() and ("=\n" in text or _QP_UTF8.search(text)):
        # A notice copied with its quoted-printable soft breaks and UTF-8 escapes
        # ("zugestellt we=\nrden, weil das Postfach des Empf=C3=A4ngers voll ist").
        text = _quoted_printable_text(text)
    if "+" in text or "%" in text:
        if " " not in text and (("&" in text and "=" in text) or text.count("+") >= _MIN_PLUS_JOINS
                                or "%20" in text):
            # A form-encoded webhook body (Mailgun's legacy webhooks, Mailchimp's), or a
            # reply URL-encoded by whatever carried it: "+" and "%XX" back to the words.
            text = unquote_plus(text)
        elif "+" in text:
            text = _URL_ENCODED_TOKEN.sub(lambda m: unquote_plus(m[0]), text)
    if ("</" in text or "<br" in text or "<BR" in text) and _HTML_TAG.search(text):
        text = html_to_text(text)  # a help desk's or a chat's HTML
    if "&" in text:
        for _ in range(2):  # (escaped once, or twice: "&amp;#39;")
            if not _HTML_ENTITY.search(text):
                break
            text = unescape_html(text)
    if text.startswith(">") or "\n>" in text:
        text = _QUOTE_MARK.sub("", text)  # a reply quoted in "> " lines
    if "_" in text:
        # A pasted qmail-send log line writes its report with "_" for spaces.
        text = smtp.qmail_log_words(text)
    return text


#: The line over a quoted original in a reply or forward ("-----Original Message-----",
#: "-------- Ursprüngliche Nachricht --------").
_ORIGINAL_MESSAGE = re.compile(
    r"^[ \t]*-{2,}[ \t]*(?:original message|ursprüngliche nachricht|message d.origine|mensaje original|"
    r"messaggio originale|mensagem original|oorspronkelijk bericht|originalmeddelande|"
    r"oprindelig meddelelse|alkuperäinen viesti|wiadomość oryginalna|původní zpráva|"
    r"исходное сообщение)[ \t]*-{2,}[ \t]*$",
    re.IGNORECASE | re.MULTILINE,
)
#: Fewest characters of its own a text keeps above a quoted original for the original to go.
_MIN_OWN_WORDS = 20


def _own_words(text: str) -> str:
    """``text`` without the original it quotes under an "Original Message" line, where it
    says something of its own above it: an automatic reply or a person's note quoting a
    bounce ("I am out of the office ..." over "-----Original Message-----" and a 550
    User unknown) is not that bounce."""
    if "--" not in text or "\n" not in text:
        return text
    m = _ORIGINAL_MESSAGE.search(text)
    if m is None or len(text[: m.start()].strip()) < _MIN_OWN_WORDS:
        return text
    return text[: m.start()]


@lru_cache(maxsize=CLASSIFY_CACHE_SIZE)
def _classify(
    text: str, status: str | None, reply_code: str | None, remote_mta: str | None, domain: str | None,
    rules: RuleSet | None,
) -> Classification:
    if not isinstance(text, str):
        raise TypeError(text)
    text = smtp.final_replies(_own_words(_as_written(text)))
    found_code, found_status, cleaned = smtp.reply_parts(text)
    rules = rules or default_rules()
    # The cleaned text is single-spaced already: lowering it is all normalize() would
    # still do before masking hosts.
    return rules.classify_normalized(
        mask_hosts(cleaned.lower()),
        pick_status(_valid_status(status), found_status) if status else found_status,
        reply_code or found_code,
        rules.provider_for((remote_mta, domain)) if remote_mta or domain else None,
    )


classify.cache_clear = _classify.cache_clear  # type: ignore[attr-defined]
classify_cache_info = _classify.cache_info


def clear_caches() -> None:
    """Forget every reply that :func:`classify` and :func:`parse` remember (for a
    measurement of replies never seen before, or after changing rules in place)."""
    for cached in (_classify, _reply_parts, _reply_classification, _iso_date):
        cached.cache_clear()


def parse(message: bytes | str | email.message.Message, *, rules: RuleSet | None = None) -> Report:
    """Decode a bounce (or auto-reply, or feedback report) into one record per recipient.

    ``message`` is the raw RFC 5322 message as bytes or str, or a parsed
    ``email.message.Message``. A message that is none of these kinds gives an empty
    report (``report.is_bounce`` is False); so does a person replying about a bounce or
    quoting one to ask about it. A person forwarding a notice (``Fwd: Undelivered Mail
    ...``, inline or attached) gives the records of the notice it forwards, each with
    ``decoder`` ``forward/<the notice's decoder>``; the report's ``notes`` say so. A
    double bounce (a notice to the postmaster that a bounce could not be returned) gives
    the notice's own recipient, as the labelled real bounces have it. Input
    that cannot be read raises :class:`bouncekit.BounceError`, never anything else.
    ``rules`` is a rule set from :func:`bouncekit.load_rules` (default: the built-ins).

    >>> report = parse(open("bounce.eml", "rb").read())  # doctest: +SKIP
    >>> [r.to_dict()["class"] for r in report.records]  # doctest: +SKIP
    [10]
    """
    try:
        messages = _mbox_messages(message) if isinstance(message, bytes | bytearray) else None
        if messages:
            return _concatenated(messages, rules)
        view = load(message)
        if not view.header_names and not isinstance(message, email.message.Message):
            raise MessageError("not an email message: it has no header fields")
        report = _parse_one(view, rules)
        if view.skipped_lines:
            lead = (f"the message's header fields start on line {view.skipped_lines + 1}: the lines before "
                    "them (a saved copy's lead, such as a byte count or a web page's summary) were skipped")
            report = replace(report, notes=(lead, *report.notes))
        return report
    except BounceError:
        raise
    except RecursionError:
        raise MessageError("the message is nested too deeply to decode") from None
    except Exception as exc:  # the parse-or-BounceError contract: never leak internals
        raise MessageError(f"the message could not be decoded ({type(exc).__name__}: {exc})") from exc


#: Most forwards unwrapped to reach a notice (a notice forwarded by a rule, then
#: attached to a ticket, then forwarded again).
MAX_FORWARD_DEPTH = 4


def _parse_one(view: MessageView, rules: RuleSet | None = None, *, unwrap: int = MAX_FORWARD_DEPTH) -> Report:
    """The report of one message. A forward of a notice is reported as the notice it
    carries, through at most ``unwrap`` forwards (0: the message as it is)."""
    rules = rules or default_rules()
    with RulesInUse(rules):
        return _decoded(view, rules, unwrap)


def _decoded(view: MessageView, rules: RuleSet, unwrap: int) -> Report:
    """_parse_one() under ``rules`` (what the decoders ask :func:`rules_in_use` for)."""
    asked: bool | None = None  # (a person's letter quoting a notice: found once, if needed)
    for decoder in INDEX.candidates(view):
        if not decoder.matches(view):
            continue
        if not decoder.reads_letters:
            if asked is None:
                asked = asks_about_a_notice(view)
            if asked:
                continue
        if unwrap and (forwarded := decoder.forwarded(view)) is not None:
            inner = _decoded(forwarded, rules, unwrap - 1)
            if inner.records:
                return _forwarded_report(view, inner)
        findings = decoder.decode(view)
        if findings is None:
            continue
        findings = completed_from_status(view, completed_from_text(view, findings))
        if not decoder.reads_sending_side:
            findings = refused_on_the_sending_side(view, findings)
        records = tuple(_record(f, view, decoder, rules) for f in findings)
        return Report(records, decoder.name, _message_id(view), _subject(view))
    return Report((), None, _message_id(view), _subject(view))


_FORWARD_NOTE = "the message forwards a delivery notice: the records are the forwarded notice's"


def _forwarded_report(view: MessageView, inner: Report) -> Report:
    """The report of the forward ``view``: the records of the notice it carries
    (``inner``), each naming the forward and the notice's decoder (``forward/gmail``),
    under the forward's Message-ID and subject."""
    if inner.decoder and inner.decoder.startswith("forward/"):
        # A forward of a forward: the notice's decoder is named once, and so is the forward.
        return Report(inner.records, inner.decoder, _message_id(view), _subject(view), inner.notes)
    name = f"forward/{inner.decoder}"
    records = tuple(replace(r, decoder=name) for r in inner.records)
    return Report(records, name, _message_id(view), _subject(view), (_FORWARD_NOTE, *inner.notes))


#: Most messages read from one input that holds an mbox.
MAX_MBOX_MESSAGES = 1000


def _mbox_messages(data: bytes | bytearray) -> list[bytes] | None:
    """The messages of an input that is an mbox of more than one message, else None.

    Bounces saved from a mail client are sometimes several messages in one file, each
    after its ``From sender date`` envelope line; reading only the first would lose the
    others' records. Only the first :data:`bouncekit.mime.MAX_MESSAGE_BYTES` are read.
    """
    if not data.startswith(b"From "):
        return None
    data = bytes(data[:MAX_MESSAGE_BYTES])
    if b"\nFrom " not in data and b"\rFrom " not in data:
        return None  # one message (most saved bounces): not copied to find no second envelope
    data = data.replace(b"\r\n", b"\n").replace(b"\r", b"\n")
    first_line = data[: data.find(b"\n") + 1 or len(data)].rstrip(b"\n")
    if not is_envelope(first_line):
        return None
    starts = [0]
    position = data.find(b"\nFrom ")
    while position >= 0 and len(starts) < MAX_MBOX_MESSAGES:
        line_start = position + 1
        line_end = data.find(b"\n", line_start)
        if is_envelope(data[line_start : line_end if line_end >= 0 else len(data)]):
            starts.append(line_start)
        position = data.find(b"\nFrom ", line_start)
    # An envelope line with nothing after it (a mailbox cut after the next message's
    # "From " line, as a copy out of a Dovecot or mutt mbox may be) is no message.
    messages = [data[a:b] for a, b in zip(starts, [*starts[1:], len(data)], strict=True)]
    messages = [m for m in messages if m.partition(b"\n")[2].strip()]
    return messages if len(messages) >= 2 else None


def _concatenated(messages: list[bytes], rules: RuleSet | None = None) -> Report:
    """One report with the records of every message of an mbox, in order."""
    reports = [_parse_one(load(m.partition(b"\n")[2]), rules) for m in messages]
    first = next((r for r in reports if r.records), reports[0])
    note = f"the input holds {len(messages)} messages (an mbox); the records of all of them are returned"
    return Report(
        tuple(record for r in reports for record in r.records),
        first.decoder, first.message_id, first.subject, (note,),
    )


def _record(
    finding: Finding, view: MessageView, decoder: Decoder, rules: RuleSet
) -> Record:
    event = finding.event or _ACTION_EVENTS.get(finding.action or "", Event.BOUNCE)
    recipient = clean_recipient(finding.recipient)
    original_recipient = clean_recipient(finding.original_recipient)
    if original_recipient and recipient and original_recipient.lower() == recipient.lower():
        original_recipient = None
    diagnostic = None
    status = _valid_status(finding.status)
    reply_code = finding.reply_code
    if finding.diagnostic:
        found_code, found_status, cleaned = _reply_parts(finding.diagnostic)
        diagnostic = cleaned or None
        status = pick_status(status, found_status)
        reply_code = reply_code or found_code
    original = view.original
    classification = _classification(
        event, recipient, finding, diagnostic, status, reply_code, rules
    )
    if event is Event.BOUNCE and classification and classification.rule in rules.refused_by_sender:
        # The reply is a sending service's own refusal (a suppressed address, an
        # unverified sender): the message never left.
        event = Event.REJECTED
    elif (
        event is Event.BOUNCE and classification and classification.reason is Reason.RATE_LIMITED
        and diagnostic and _limits_the_sender(diagnostic, recipient, finding, view)
    ):
        # "Ratelimit exceeded for mailbox <the sender's own address>": the sender's own
        # provider limits what its user sends (the same words about the recipient's
        # mailbox are the receiver's limit): the message never left.
        event = Event.REJECTED
    elif event is Event.BOUNCE and classification and classification.reason is Reason.AUTO_REPLY:
        # A report's entry whose reason is an automatic reply ("Vacation / autoreply",
        # "Bounce type: Auto Reply"): the recipient's mailbox answered, nothing bounced.
        event = Event.AUTO_REPLY
    return Record(
        event=event,
        recipient=recipient,
        classification=classification,
        decoder=decoder.name,
        status=status,
        reply_code=reply_code,
        diagnostic=diagnostic,
        action=finding.action,
        remote_mta=finding.remote_mta,
        reporting_mta=finding.reporting_mta,
        original_message_id=finding.original_message_id
        or (original.message_id if original else None),
        original_sender=finding.original_sender or (original.sender if original else None),
        date=_iso_date(finding.date or view.header("Date")),
        feedback_type=finding.feedback_type,
        original_recipient=original_recipient,
    )


#: Distinct replies whose reading and classification ``parse`` keeps: a stream of bounces
#: repeats a few hundred replies ("User unknown in virtual alias table") for most of its
#: recipients, and a report of many recipients often one reply for all of them.
PARSE_CACHE_SIZE = 4096


@lru_cache(maxsize=PARSE_CACHE_SIZE)
def _reply_parts(diagnostic: str) -> tuple[str | None, str | None, str]:
    return smtp.reply_parts(diagnostic)


@lru_cache(maxsize=PARSE_CACHE_SIZE)
def _reply_classification(
    rules: RuleSet, delayed: bool, diagnostic: str | None, status: str | None, reply_code: str | None,
    provider: str | None,
) -> Classification:
    # The diagnostic is smtp.clean_text's (one line of single spaces, within MAX_TEXT):
    # lowering it is all rules.classify's normalize() would still do before masking hosts.
    normalized = mask_hosts(diagnostic.lower()) if diagnostic else ""
    classify = rules.classify_delay_normalized if delayed else rules.classify_normalized
    return classify(normalized, status, reply_code, provider)


def _limits_the_sender(diagnostic: str, recipient: str | None, finding: Finding, view: MessageView) -> bool:
    """A rate limit's reply that names the sender's own address (the original's sender,
    or the notice's addressee) and not the failed recipient's."""
    if "@" not in diagnostic:
        return False
    named = {a.lower() for a in ADDRESS.findall(diagnostic)}
    if recipient and recipient.lower() in named:
        return False
    original = view.original
    own = {finding.original_sender, original.sender if original else None, strip_address(view.header("To"))}
    return any(a and a.lower() in named for a in own)


def _classification(
    event: Event,
    recipient: str | None,
    finding: Finding,
    diagnostic: str | None,
    status: str | None,
    reply_code: str | None,
    rules: RuleSet,
) -> Classification | None:
    if event in _UNCLASSIFIED_EVENTS:
        return None
    if finding.reason is not None:
        reason = finding.reason
        return Classification(
            reason.default_class, reason, f"decoder:{reason}", status, reply_code, None, Basis.DECODER
        )
    if event is Event.AUTO_REPLY:
        return Classification(
            BounceClass.AUTO_REPLY, Reason.AUTO_REPLY, "event:auto_reply", status, reply_code, None,
            Basis.DECODER,
        )
    if recipient is None and event is not Event.DELAYED:
        return Classification(
            BounceClass.NO_RECIPIENT, Reason.NO_RECIPIENT, "no-recipient", status, reply_code
        )
    provider = rules.provider_for((finding.remote_mta, recipient.rpartition("@")[2] if recipient else None))
    known = _reply_classification(rules, event is Event.DELAYED, diagnostic, status, reply_code, provider)
    if finding.expired and event is Event.BOUNCE and known.reason in _RETRY_REASONS:
        # Given up when its time in the queue ran out, after replies that said only "not
        # now" (421 try again later): the expiry is why it failed. A reply naming a cause
        # (mailbox full, PTR required) still decides.
        return Classification(
            BounceClass.TIMEOUT, Reason.EXPIRED, "expired-after-retries", status, reply_code, known.matched,
            Basis.STATUS,
        )
    return known


#: Reasons that say only that an attempt failed for now.
_RETRY_REASONS = frozenset(
    {Reason.SERVER_UNAVAILABLE, Reason.RATE_LIMITED, Reason.SYSTEM_ERROR, Reason.DELAYED, Reason.UNDETERMINED}
)


def _valid_status(status: str | None) -> str | None:
    return smtp.find_status(status) if status else None


def _subject(view: MessageView) -> str | None:
    """The notice's Subject as written (the view's ``subject`` leaves out gateways' tags)."""
    return view.header("Subject") or None


def _message_id(view: MessageView) -> str | None:
    return view.header("Message-ID") or None


#: The usual RFC 5322 date, ``Mon, 1 Jan 2024 12:34:56 +0900`` (anything after it, such
#: as ``(JST)``, ignored): read directly, as ``parsedate_to_datetime`` reads it, since
#: nearly every message has one; the general reader takes any other form.
_USUAL_DATE = re.compile(
    r"(?:[A-Za-z]{3}, )?(\d{1,2}) (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) ([1-9]\d{3}) "
    r"(\d\d):(\d\d):(\d\d) ([+-])(\d\d)(\d\d)(?= |$)"
)
#: Each month's number as an ISO date writes it, and the most days it has.
_MONTHS = {name: (f"{number:02d}", days) for number, (name, days) in enumerate((
    ("Jan", 31), ("Feb", 29), ("Mar", 31), ("Apr", 30), ("May", 31), ("Jun", 30),
    ("Jul", 31), ("Aug", 31), ("Sep", 30), ("Oct", 31), ("Nov", 30), ("Dec", 31)), start=1)}


@lru_cache(maxsize=PARSE_CACHE_SIZE)
def _iso_date(value: str | None) -> str | None:
    if not value:
        return None
    value = value.strip()
    try:
        m = _USUAL_DATE.match(value)
        if m is None:
            return parsedate_to_datetime(value).isoformat()
        day, month, year, hour, minute, second, sign, zone_hours, zone_minutes = m.groups()
        number, days = _MONTHS[month]
        # The fields checked as datetime() checks them (the year has four digits, the time
        # fields two each) and written as its isoformat() writes them, without building
        # it: building it took more time than the rest (the corpus's dates are often the
        # 29th, 30th or 31st, beyond the days every month has).
        if not (1 <= int(day) <= days and hour < "24" and minute < "60" and second < "60"):
            return None
        if day == "29" and month == "Feb" and not isleap(int(year)):
            return None
        local = f"{year}-{number}-{day.zfill(2)}T{hour}:{minute}:{second}"
        # The offset as an aware datetime's isoformat() writes it, without building the
        # timezone: as written when its minutes are below 60 (nearly always).
        if zone_minutes < "60":
            if zone_hours >= "24":  # a day or more, which timezone() refuses
                return None
            if sign == "-" and zone_hours == zone_minutes == "00":  # the time is UTC, the zone unknown
                return local
            return f"{local}{sign}{zone_hours}:{zone_minutes}"
        minutes = int(zone_hours) * 60 + int(zone_minutes)
        if minutes >= 24 * 60:
            return None
        return f"{local}{sign}{minutes // 60:02d}:{minutes % 60:02d}"
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
