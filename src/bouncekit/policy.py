"""What to do about each record: the suppression policy, as data and pure functions.

A policy maps every record to one :class:`Rule` (by event, then per-class override,
then by the class's type) and a rule says what to do:

- ``suppress``: stop mailing the address, at once (``after = 1``) or once ``after``
  records of the same rule fell within ``within_days`` days with no successful
  delivery to the address between them;
- ``report``: never suppress the address; count the record against the sender (the
  original sender's domain, else the reporting host) and report it;
- ``record``: store the record, nothing else.

The built-in defaults (:data:`DEFAULT_POLICY_TOML`, also the documentation of the
file format) follow the taxonomy: hard and complaint suppress at once (a feedback
report that is no complaint, ``not-spam`` or ``auth-failure``, is only recorded), soft after 3
within 15 days (and so does a hard class read from the reply code alone, whose
evidence is weak), block reports (so does a soft class of a refusal by the sending side
itself, event ``rejected``: its own limit), auto-reply, delayed, challenge-response and
undetermined are only recorded. A domain for which every known address failed with
DNS Failure (class 21) is reported once.

Nothing here touches a database, so the whole policy is testable with plain values.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from pathlib import Path
from typing import Any

from bouncekit.errors import PolicyError
from bouncekit.model import Basis, BounceClass, BounceType, Event, Record


class Action(StrEnum):
    """What a rule does with the records it governs."""

    SUPPRESS = "suppress"
    REPORT = "report"
    RECORD = "record"


@dataclass(frozen=True, slots=True)
class Rule:
    """One policy rule; ``id`` is what the store records as the rule that decided."""

    id: str
    action: Action
    after: int = 1
    within_days: float = 15.0

    @property
    def counting(self) -> bool:
        """True when the rule suppresses only after several records."""
        return self.action is Action.SUPPRESS and self.after > 1


@dataclass(frozen=True, slots=True)
class DomainRule:
    """When to report a recipient domain whose every known address gets DNS Failure."""

    report_dns_failure: bool = True
    #: A domain is reported only once this many of its addresses failed; one failing
    #: address proves little about a domain.
    min_addresses: int = 2


#: Sections of the policy file that name a rule, in the order the documentation lists them.
RULE_SECTIONS: tuple[str, ...] = (
    "hard", "hard_reply", "soft", "block", "complaint", "feedback", "auto_reply", "delayed", "undetermined",
)
#: Feedback types of RFC 5965 reports that are no complaint about the mail: a user's
#: "this is not spam", and RFC 6591's report of a message that failed authentication (a
#: DMARC failure report, about whoever forged the sender, not about the recipient).
NOT_COMPLAINTS = frozenset({"not-spam", "auth-failure"})


@dataclass(frozen=True, slots=True)
class Policy:
    """A complete policy. ``Policy()`` is the built-in default.

    ``classes`` holds per-class overrides as ``(class code, rule)`` pairs; an override
    wins over the rule of the class's type.
    """

    hard: Rule = Rule("hard", Action.SUPPRESS)
    #: A hard class read from the SMTP reply code alone (basis ``reply``): ``550`` says
    #: "permanent" and little more, so it counts like a soft bounce.
    hard_reply: Rule = Rule("hard_reply", Action.SUPPRESS, after=3, within_days=15)
    soft: Rule = Rule("soft", Action.SUPPRESS, after=3, within_days=15)
    block: Rule = Rule("block", Action.REPORT)
    complaint: Rule = Rule("complaint", Action.SUPPRESS)
    feedback: Rule = Rule("feedback", Action.RECORD)
    auto_reply: Rule = Rule("auto_reply", Action.RECORD)
    delayed: Rule = Rule("delayed", Action.RECORD)
    undetermined: Rule = Rule("undetermined", Action.RECORD)
    classes: tuple[tuple[int, Rule], ...] = (
        (int(BounceClass.CHALLENGE_RESPONSE), Rule("class-100", Action.RECORD)),
    )
    domain: DomainRule = field(default_factory=DomainRule)

    def rule_for(self, record: Record) -> Rule | None:
        """The rule that governs ``record``; None for a successful delivery."""
        if record.event is Event.DELIVERED:
            return None
        if record.event is Event.COMPLAINT:
            return self.feedback if record.feedback_type in NOT_COMPLAINTS else self.complaint
        code = record.bounce_class
        if record.event is Event.AUTO_REPLY or code is BounceClass.AUTO_REPLY:
            return self.auto_reply
        if record.event is Event.DELAYED or code is BounceClass.TRANSIENT:
            return self.delayed
        if code is None:
            return self.undetermined
        if code.type is BounceType.HARD and record.basis is Basis.REPLY:
            return self.hard_reply
        if record.event is Event.REJECTED and code.type is BounceType.SOFT:
            # The sending side's own refusal for its own reason (its sending limit, an
            # outbound filter, its relay's terms): nothing was learnt of the address.
            return self.block
        for override_code, rule in self.classes:
            if override_code == code:
                return rule
        return {
            BounceType.HARD: self.hard,
            BounceType.SOFT: self.soft,
            BounceType.BLOCK: self.block,
        }.get(code.type, self.undetermined)

    def rules(self) -> tuple[Rule, ...]:
        """Every rule of the policy, type rules first, then the class overrides."""
        return tuple(getattr(self, name) for name in RULE_SECTIONS) + tuple(r for _, r in self.classes)


#: The built-in policy as a file: copy it, change what you need, pass it with ``--policy``.
DEFAULT_POLICY_TOML = """\
# bouncekit suppression policy. Every section is optional; a missing key keeps its default.
# action: "suppress" (stop mailing the address), "report" (never suppress; count against
# the sender and report), "record" (store only).
# after / within_days: suppress once `after` records of this rule fell within
# `within_days` days, with no successful delivery to the address between them.

[hard]            # classes of type hard (10 Invalid Recipient, ...)
action = "suppress"

[hard_reply]      # a hard class read from the reply code alone (basis "reply", e.g. a bare
action = "suppress"   # "550" with words no rule knows): counted like a soft bounce
after = 3
within_days = 15

[soft]            # classes of type soft without an override of their own
action = "suppress"
after = 3
within_days = 15

[block]           # classes 50-54, and a soft class the sending side refused for (event
action = "report"  # "rejected": its own sending limit): a problem of the sender, not of the address

[complaint]       # RFC 5965 feedback reports (abuse, fraud, virus, other)
action = "suppress"

[feedback]        # feedback reports that are no complaint: not-spam, auth-failure (DMARC)
action = "record"

[auto_reply]      # class 60
action = "record"

[delayed]         # delay notices (DSN action "delayed", a log's deferral), whatever their class
action = "record"

[undetermined]    # class 1
action = "record"

# Per-class overrides: [class.CODE], same keys. For example, DNS Failure after 2:
#   [class.21]
#   action = "suppress"
#   after = 2
[class.100]       # Challenge-Response: the address exists
action = "record"

[domain]
report_dns_failure = true   # report (once) a domain whose every address gets DNS Failure
min_addresses = 2
"""

_RULE_KEYS = frozenset({"action", "after", "within_days"})
_DOMAIN_KEYS = frozenset({"report_dns_failure", "min_addresses"})
_TOP_KEYS = frozenset(RULE_SECTIONS) | {"class", "domain"}


def load_policy(path: str | Path | None = None) -> Policy:
    """Read a policy file (TOML); None gives the built-in default.

    Raises :class:`PolicyError` naming the file and the problem for an unreadable file,
    invalid TOML, an unknown section or key, or a value out of range.
    """
    if path is None:
        return Policy()
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeError) as exc:
        raise PolicyError(f"{path}: cannot read the policy file ({exc})") from None
    return parse_policy(text, origin=str(path))


def parse_policy(text: str, *, origin: str = "<policy>") -> Policy:
    """Build a policy from TOML text; sections not given keep the defaults."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise PolicyError(f"{origin}: invalid TOML ({exc})") from None
    unknown = sorted(set(data) - _TOP_KEYS)
    if unknown:
        raise PolicyError(f"{origin}: unknown section [{unknown[0]}]; known: {', '.join(sorted(_TOP_KEYS))}")
    base = Policy()
    changes: dict[str, Any] = {}
    for name in RULE_SECTIONS:
        if name in data:
            changes[name] = _rule(getattr(base, name), data[name], f"{origin}: [{name}]")
    if "class" in data:
        changes["classes"] = _classes(base.classes, data["class"], origin)
    if "domain" in data:
        changes["domain"] = _domain(data["domain"], f"{origin}: [domain]")
    return replace(base, **changes)


def _table(value: object, where: str) -> Mapping[str, Any]:
    if not isinstance(value, dict):
        raise PolicyError(f"{where} must be a table")
    return value


def _rule(default: Rule, value: object, where: str) -> Rule:
    table = _table(value, where)
    unknown = sorted(set(table) - _RULE_KEYS)
    if unknown:
        raise PolicyError(f"{where}: unknown key {unknown[0]!r}; known: action, after, within_days")
    action = table.get("action", str(default.action))
    try:
        action = Action(action)
    except ValueError:
        raise PolicyError(f"{where}: action must be suppress, report or record, not {action!r}") from None
    after = table.get("after", default.after)
    if not isinstance(after, int) or isinstance(after, bool) or not 1 <= after <= 10_000:
        raise PolicyError(f"{where}: after must be a whole number from 1 to 10000, not {after!r}")
    within = table.get("within_days", default.within_days)
    if not isinstance(within, int | float) or isinstance(within, bool) or not 0 < within <= 36_500:
        raise PolicyError(f"{where}: within_days must be a number of days above 0, not {within!r}")
    return Rule(default.id, action, after, float(within))


def _classes(
    defaults: tuple[tuple[int, Rule], ...], value: object, origin: str
) -> tuple[tuple[int, Rule], ...]:
    table = _table(value, f"{origin}: [class]")
    rules = dict(defaults)
    for key, section in table.items():
        try:
            code = BounceClass(int(key))
        except ValueError:
            raise PolicyError(f"{origin}: [class.{key}] is not a class code of the taxonomy") from None
        base = rules.get(int(code)) or Rule(f"class-{int(code)}", Action.RECORD)
        rules[int(code)] = _rule(base, section, f"{origin}: [class.{key}]")
    return tuple(sorted(rules.items()))


def _domain(value: object, where: str) -> DomainRule:
    table = _table(value, where)
    unknown = sorted(set(table) - _DOMAIN_KEYS)
    if unknown:
        raise PolicyError(f"{where}: unknown key {unknown[0]!r}; known: report_dns_failure, min_addresses")
    report = table.get("report_dns_failure", True)
    minimum = table.get("min_addresses", 2)
    if not isinstance(report, bool):
        raise PolicyError(f"{where}: report_dns_failure must be true or false")
    if not isinstance(minimum, int) or isinstance(minimum, bool) or minimum < 1:
        raise PolicyError(f"{where}: min_addresses must be a whole number of at least 1")
    return DomainRule(report, minimum)


_EARLIEST = datetime(1970, 1, 1, tzinfo=UTC)


def event_time(record: Record, received_at: datetime) -> datetime:
    """When the record's event happened: its date when known and plausible, else ``received_at``.

    A date later than the reception (a wrong clock) or before 1970 (a broken header;
    a window of days around it would leave the calendar) is not plausible.
    """
    received_at = as_utc(received_at)
    if record.date:
        try:
            when = as_utc(datetime.fromisoformat(record.date))
        except (ValueError, OverflowError):  # overflow: 9999-12-31 at -12:00 is past year 9999 in UTC
            return received_at
        if _EARLIEST <= when <= received_at + timedelta(days=1):
            return when
    return received_at


def as_utc(value: datetime) -> datetime:
    """``value`` as an aware UTC datetime (a naive one is taken as UTC)."""
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def threshold_reached(rule: Rule, events: Iterable[tuple[datetime, bool]], at: datetime) -> bool:
    """True when a counting rule is met by a window that contains the record at ``at``.

    ``events`` are ``(time, is_success)`` pairs for the address: the records the rule
    governs (including the new one at ``at``) and its successful deliveries. The rule is
    met when ``rule.after`` of its records lie within ``rule.within_days`` days with no
    success between them. Only windows containing ``at`` are examined: every other window
    was examined when its own latest record was stored, so the outcome does not depend on
    the order in which messages are ingested.
    """
    if rule.action is not Action.SUPPRESS:
        return False
    if rule.after <= 1:
        return True
    at = as_utc(at)
    ordered = sorted((as_utc(t), ok) for t, ok in events)
    # The run of rule records around `at` that no success interrupts; a success at the
    # same instant as a bounce counts as coming after it.
    before = [t for t, ok in ordered if ok and t < at]
    after = [t for t, ok in ordered if ok and t > at]
    start = before[-1] if before else None
    end = after[0] if after else None
    run = [t for t, ok in ordered if not ok and (start is None or t > start) and (end is None or t < end)]
    width = timedelta(days=rule.within_days)
    left = 0
    for right, when in enumerate(run):
        while when - run[left] > width:
            left += 1
        if run[left] <= at <= when and right - left + 1 >= rule.after:
            return True
    return False


def suppression_reason(rule: Rule, record: Record) -> str:
    """A human sentence for why ``rule`` suppresses the address of ``record``."""
    what = _describe(record)
    if rule.counting:
        days = f"{rule.within_days:g}"
        return f"{rule.after} {rule.id} records within {days} days, the last: {what}"
    return f"{rule.id}: {what}"


def _describe(record: Record) -> str:
    if record.event is Event.COMPLAINT:
        return f"feedback report ({record.feedback_type or 'unspecified type'})"
    code = record.bounce_class
    if code is None:
        return str(record.event)
    what = f"{record.reason} (class {int(code)} {code.label})"
    if record.basis is Basis.REPLY:
        what += f", read from the reply code {record.reply_code or ''} alone".replace("  ", " ")
    return what


def block_subject(record: Record) -> str | None:
    """What a block record is counted against: the original sender's domain, else the reporting host."""
    if record.original_sender and "@" in record.original_sender:
        return record.original_sender.rpartition("@")[2].strip().lower() or None
    if record.reporting_mta:
        return record.reporting_mta.strip().lower() or None
    return None


#: An IPv4 address, or an IPv6 address in the bracketed or "IP=" forms replies use.
_IP = re.compile(
    r"(?<![\w.:])(?:(?:25[0-5]|2[0-4]\d|1?\d?\d)\.){3}(?:25[0-5]|2[0-4]\d|1?\d?\d)(?![\w.])"
    r"|(?<=\[)(?:ipv6:)?([0-9a-f]{0,4}(?::[0-9a-f]{0,4}){2,7})(?=\])",
    re.IGNORECASE,
)


_IP_CONTEXT = ("ip", "host", "from", "client", "address", "sender", "connection")


def block_ips(record: Record) -> tuple[str, ...]:
    """The sending IP addresses a block reply names.

    A server refusing a sender for its reputation or a blocklist quotes the connecting
    client's address ("Client host [192.0.2.1] blocked using ...", "IP=192.0.2.1"), so
    blocks are counted per sending IP as well as per sending domain.
    """
    text = (record.diagnostic or "")[:4096]
    found = []
    for m in _IP.finditer(text):
        # Only an address the text presents as one: "[192.0.2.1]", "IP 192.0.2.1",
        # "from 192.0.2.1"; a bare dotted number may be a provider's error code.
        before = text[max(0, m.start() - 16) : m.start()].lower()
        if m[1] or before.endswith("[") or any(w in before for w in _IP_CONTEXT):
            found.append((m[1] or m[0]).lower())
    return tuple(dict.fromkeys(found))


def dns_domain_failing(rule: DomainRule, addresses: int, failing: int) -> bool:
    """True when a domain should be reported: every one of its ``addresses`` got DNS Failure."""
    return rule.report_dns_failure and addresses >= rule.min_addresses and failing == addresses
