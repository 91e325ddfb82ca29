"""A user's own rules file, merged into the built-in rules, and the tools to check rules.

A rules file has the schema of the built-in files (``bouncekit/rules/*.toml``): one
``[[rule]]`` table per rule with ``id``, ``reason``, ``pattern``, ``samples``, ``source``
and optional ``reply`` / ``status`` prefixes. Two keys place a rule: ``before = "ID"``
or ``after = "ID"`` an existing rule (built-in or earlier in the file). A rule whose id
is a built-in one replaces it, where the built-in stood unless placed; a new rule
without a place is tried before every built-in rule, in file order, so that an
operator's wording wins over the general rules.

Provider scope works as in the built-in provider files: a top-level ``provider =
"NAME"`` (with ``hosts = [...]`` for a provider bouncekit does not know, or to add
hosts to one it does) scopes every rule of the file; a rule's own ``provider`` key
scopes that rule alone.

Everything is checked when the file is loaded, and every problem is reported at
once, each naming the file, the line and what is wrong (:class:`RulesFileError`):
TOML syntax, unknown keys, a bad or badly backtracking regular expression, an
unknown reason, a sample that the rule's own pattern does not match, a duplicate id,
a ``before``/``after`` naming no rule.

>>> rules = load_rules("my-rules.toml")  # doctest: +SKIP
>>> bouncekit.classify("550 mailbox is frozen", rules=rules).rule  # doctest: +SKIP
'frozen-mailbox'
"""

from __future__ import annotations

import os
import re
import re._constants as sre_constants
import re._parser as sre_parser
import tomllib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from pathlib import Path
from typing import Any

from bouncekit import smtp
from bouncekit.classifier import Provider, Rule, RuleSet, default_rules, normalize, pick_status
from bouncekit.classifier import load_rules as build_rules
from bouncekit.errors import RuleError
from bouncekit.model import Basis, Classification, Reason

__all__ = [
    "RULES_ENV",
    "Candidate",
    "Explanation",
    "Outcome",
    "RuleProblem",
    "RulesFileError",
    "SampleCheck",
    "cached_rules",
    "check_samples",
    "explain",
    "load_rules",
    "parse_rules",
    "rules_from_env",
]

#: The environment variable naming a user rules file (the CLI and the service read it).
RULES_ENV = "BOUNCEKIT_RULES"
#: The largest rules file read (a rules file is text written by a person).
MAX_FILE = 4 * 1024 * 1024

_RULE_KEYS = frozenset({"id", "reason", "pattern", "samples", "source", "reply", "status",
                        "generic", "sending_side", "owner_words", "before", "after", "provider"})
_TOP_KEYS = frozenset({"provider", "hosts", "rule"})
_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,99}")
# Matched against lines with their indentation stripped; \A keeps them linear.
_HEADER = re.compile(r"\A\[\[\s*rule\s*\]\]")
_TABLE = re.compile(r"\A\[")
_KEY = re.compile(r"\A([A-Za-z0-9_-]+)[ \t]*=")


@dataclass(frozen=True, slots=True)
class RuleProblem:
    """One thing wrong in a rules file: where (file, line, rule) and what."""

    path: str
    line: int | None
    rule: str | None
    message: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        subject = f" rule {self.rule!r}:" if self.rule else ""
        return f"{where}:{subject} {self.message}"

    def to_dict(self) -> dict[str, Any]:
        return {"file": self.path, "line": self.line, "rule": self.rule, "message": self.message}


class RulesFileError(RuleError):
    """A user rules file is invalid; ``problems`` lists every problem found."""

    http_status = 400

    def __init__(self, problems: Sequence[RuleProblem]) -> None:
        self.problems = tuple(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


# --- loading ---------------------------------------------------------------------------


def load_rules(path: str | os.PathLike[str], *, base: RuleSet | None = None) -> RuleSet:
    """The built-in rules (or ``base``) with the rules file at ``path`` merged in.

    Raises :class:`RulesFileError` naming the file, the line and the problem of every
    mistake in the file (or that it cannot be read).
    """
    name = os.fspath(path)
    try:
        with open(name, "rb") as handle:
            raw = handle.read(MAX_FILE + 1)
    except OSError as exc:
        problem = RuleProblem(name, None, None, f"cannot read the file: {exc.strerror}")
        raise RulesFileError([problem]) from None
    if len(raw) > MAX_FILE:
        raise RulesFileError([RuleProblem(name, None, None, f"larger than {MAX_FILE} bytes")])
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise RulesFileError([RuleProblem(name, None, None, f"not UTF-8 text ({exc.reason})")]) from None
    return parse_rules(text, name=name, origin=str(Path(name).resolve()), base=base)


@cache
def cached_rules(path: str) -> RuleSet:
    """:func:`load_rules` once per process and path (worker processes rebuild rules this way)."""
    return load_rules(path)


def rules_from_env() -> RuleSet | None:
    """The rules of the file ``$BOUNCEKIT_RULES`` names, or None when it names none."""
    path = os.environ.get(RULES_ENV, "").strip()
    return load_rules(path) if path else None


def parse_rules(text: str, *, name: str, origin: str | None = None, base: RuleSet | None = None) -> RuleSet:
    """Merge rules given as TOML text (``name`` is what errors call it) into ``base``.

    ``origin`` is the file worker processes reload the rules from; None keeps the
    result in this process only (rules posted to the service).
    """
    base = base or default_rules()
    lines = _LineMap(text)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        line = getattr(exc, "lineno", None) or _toml_line(str(exc))
        message = str(exc).split(" (at line")[0]
        raise RulesFileError([RuleProblem(name, line, None, f"not valid TOML: {message}")]) from None
    return _Merger(name, lines, base, origin).merge(data)


def _toml_line(message: str) -> int | None:
    found = re.search(r"at line (\d+)", message)
    return int(found[1]) if found else None


class _LineMap:
    """Lines of the top-level keys, of each ``[[rule]]`` header and of each rule's keys.

    tomllib gives values without positions; rule files are written one key per line,
    so scanning the text for headers and ``key =`` lines finds where each value is.
    """

    def __init__(self, text: str) -> None:
        self.top: dict[str, int] = {}
        self.rules: list[tuple[int, dict[str, int]]] = []
        current: dict[str, int] | None = self.top
        for number, raw in enumerate(text.splitlines(), 1):
            line = raw.lstrip()
            if _HEADER.match(line):
                current = {}
                self.rules.append((number, current))
            elif _TABLE.match(line):
                current = None
            elif current is not None and (key := _KEY.match(line)):
                current.setdefault(key[1], number)

    def rule(self, index: int, key: str | None = None) -> int | None:
        if index >= len(self.rules):
            return None
        header, keys = self.rules[index]
        return keys.get(key, header) if key else header


class _Merger:
    """Checks a parsed rules file and merges it into a base rule set."""

    def __init__(self, name: str, lines: _LineMap, base: RuleSet, origin: str | None) -> None:
        self.name = name
        self.lines = lines
        self.base = base
        self.origin = origin
        self.problems: list[RuleProblem] = []

    def problem(self, line: int | None, rule: str | None, message: str) -> None:
        self.problems.append(RuleProblem(self.name, line, rule, message))

    def merge(self, data: dict[str, Any]) -> RuleSet:
        for key in sorted(set(data) - _TOP_KEYS):
            self.problem(self.lines.top.get(key), None,
                         f"unknown key {key!r} (a rules file has provider, hosts and [[rule]] tables)")
        providers = list(self.base.providers)
        scope = self._file_provider(data, providers)
        entries = data.get("rule", [])
        if not isinstance(entries, list):
            self.problem(self.lines.top.get("rule"), None, "'rule' must be [[rule]] tables")
            entries = []
        known = {p.name for p in providers}
        order: list[Rule] = list(self.base.rules)
        front = 0  # where the next unplaced new rule goes: after the file's earlier ones
        seen: dict[str, int] = {}
        for index, entry in enumerate(entries):
            checked = self._entry(index, entry, scope, known, seen)
            if checked is None:
                continue
            rule, before, after = checked
            ids = [r.id for r in order]
            replaced = rule.id in ids
            if before or after:
                anchor = before or after
                if anchor == rule.id or anchor not in ids:
                    key = "before" if before else "after"
                    self.problem(self.lines.rule(index, key), rule.id,
                                 f"{key} = {anchor!r} names no other rule")
                    continue
                if replaced:
                    del order[ids.index(rule.id)]
                position = [r.id for r in order].index(anchor) + (1 if after else 0)
                order.insert(position, rule)
            elif replaced:
                order[ids.index(rule.id)] = rule
            else:
                order.insert(front, rule)
                front += 1
        if self.problems:
            raise RulesFileError(self.problems)
        try:
            return RuleSet(order, providers, self.base.status_table, self.base.reply_table,
                           origin=self.origin)
        except RuleError as exc:  # a check of the engine itself (e.g. too many alternatives)
            raise RulesFileError([RuleProblem(self.name, None, None, str(exc))]) from None

    def _file_provider(self, data: dict[str, Any], providers: list[Provider]) -> str | None:
        name = data.get("provider")
        hosts = data.get("hosts")
        if name is None:
            if hosts is not None:
                self.problem(self.lines.top.get("hosts"), None, "'hosts' needs a 'provider' name")
            return None
        if not isinstance(name, str) or not _ID.fullmatch(name):
            self.problem(self.lines.top.get("provider"), None, f"provider must be a short name, not {name!r}")
            return None
        if hosts is not None and not (
            isinstance(hosts, list) and all(isinstance(h, str) and h for h in hosts)
        ):
            self.problem(self.lines.top.get("hosts"), None, "'hosts' must be a list of host names")
            hosts = None
        added = tuple(h.strip().lower().rstrip(".") for h in hosts or ())
        for position, provider in enumerate(providers):
            if provider.name == name:
                if added:
                    providers[position] = Provider(name, provider.hosts + added)
                return name
        if not added:
            self.problem(self.lines.top.get("provider"), None,
                         f"provider {name!r} is not one bouncekit knows: give its 'hosts' "
                         f"(known: {', '.join(p.name for p in providers)})")
            return None
        providers.append(Provider(name, added))
        return name

    def _entry(
        self, index: int, entry: object, scope: str | None, known: set[str], seen: dict[str, int]
    ) -> tuple[Rule, str | None, str | None] | None:
        line = self.lines.rule(index)
        if not isinstance(entry, dict):
            self.problem(line, None, "a [[rule]] must be a table")
            return None
        rule_id = entry.get("id")
        label = rule_id if isinstance(rule_id, str) else f"#{index + 1}"
        before_problems = len(self.problems)
        for key in sorted(set(entry) - _RULE_KEYS):
            self.problem(self.lines.rule(index, key), label, f"unknown key {key!r}")
        for key in ("id", "reason", "pattern", "samples", "source"):
            if key not in entry:
                self.problem(line, label, f"missing {key!r}")
        if isinstance(rule_id, str):
            if not _ID.fullmatch(rule_id):
                self.problem(self.lines.rule(index, "id"), label,
                             "an id is letters, digits, '.', '_' or '-' (the status: and reply: "
                             "prefixes belong to the code tables)")
            elif rule_id in seen:
                self.problem(self.lines.rule(index, "id"), label,
                             f"duplicate id: the rule on line {seen[rule_id]} has it already")
            else:
                seen[rule_id] = self.lines.rule(index, "id") or 0
        elif "id" in entry:
            self.problem(self.lines.rule(index, "id"), label, "id must be a string")
        reason = entry.get("reason")
        if "reason" in entry and not (isinstance(reason, str) and reason in Reason.__members__.values()):
            self.problem(self.lines.rule(index, "reason"), label,
                         f"unknown reason {reason!r} (the reasons are those of TAXONOMY.md, e.g. "
                         "user_unknown, mailbox_full, blocklisted)")
        pattern = self._pattern(index, label, entry.get("pattern"))
        samples = entry.get("samples")
        if isinstance(samples, str):
            samples = [samples]
        if "samples" in entry and not (
            isinstance(samples, list) and samples and all(isinstance(s, str) for s in samples)
        ):
            self.problem(self.lines.rule(index, "samples"), label,
                         "samples must be a non-empty list of strings")
        elif pattern is not None and samples:
            for sample in samples:
                if not pattern.search(normalize(smtp.parse_reply(sample).text)):
                    self.problem(self.lines.rule(index, "samples"), label,
                                 f"its own pattern does not match the sample {sample[:80]!r}")
        provider = entry.get("provider", scope)
        if "provider" in entry and provider not in known:
            self.problem(self.lines.rule(index, "provider"), label,
                         f"unknown provider {provider!r} (known: {', '.join(sorted(known))})")
        for key in ("generic", "sending_side", "owner_words"):
            if key in entry and not isinstance(entry[key], bool):
                self.problem(self.lines.rule(index, key), label, f"{key} must be true or false")
        before, after = entry.get("before"), entry.get("after")
        if before is not None and after is not None:
            self.problem(self.lines.rule(index, "after"), label, "give before or after, not both")
        for key, value in (("before", before), ("after", after)):
            if value is not None and not isinstance(value, str):
                self.problem(self.lines.rule(index, key), label, f"{key} must be a rule id")
        if len(self.problems) > before_problems:
            return None
        core = {k: v for k, v in entry.items() if k not in ("before", "after", "provider")}
        try:
            (rule,) = build_rules({"rule": [core]}, origin=self.name, provider=provider)
        except RuleError as exc:  # e.g. an alternative without a literal anchor
            self.problem(self.lines.rule(index, "pattern"), label, str(exc).split(": ", 2)[-1])
            return None
        return rule, before, after

    def _pattern(self, index: int, label: str, pattern: object) -> re.Pattern[str] | None:
        if pattern is None:
            return None
        line = self.lines.rule(index, "pattern")
        if not isinstance(pattern, str) or not pattern:
            self.problem(line, label, "pattern must be a non-empty string")
            return None
        try:
            compiled = re.compile(pattern, re.IGNORECASE)
        except re.error as exc:
            self.problem(line, label, f"bad regular expression: {exc.msg} at position {exc.pos}")
            return None
        risk = backtracking_risk(pattern)
        if risk:
            self.problem(line, label, f"the pattern can backtrack badly: {risk}")
            return None
        return compiled


# --- patterns that can take exponential or polynomial time ----------------------------

_REPEATS = (sre_constants.MAX_REPEAT, sre_constants.MIN_REPEAT, sre_constants.POSSESSIVE_REPEAT)
_UNBOUNDED = 64  # a repeat allowing more than this is treated as unbounded


def backtracking_risk(pattern: str) -> str | None:
    """Why ``pattern`` may take super-linear time on a hostile text, or None.

    Flags the shapes behind catastrophic backtracking: an unbounded repeat inside
    another (``(a+)+``), an unbounded repeat of alternatives that can start alike
    (``(a|ab)*``), and two unbounded repeats in a row that can match the same text
    (``.*.*``, ``\\s*\\s+``). Bounded gaps such as ``.{0,40}`` are fine.
    """
    try:
        tree = sre_parser.parse(pattern, re.IGNORECASE)
    except re.error:
        return None
    return _risk(list(tree), inside_repeat=False)


def _unbounded(high: int) -> bool:
    return high is sre_constants.MAXREPEAT or high > _UNBOUNDED


def _risk(items: list[Any], *, inside_repeat: bool) -> str | None:
    previous: Any = None
    for op, arg in items:
        if op in _REPEATS:
            _, high, body = arg
            if _unbounded(high):
                if inside_repeat:
                    return "an unbounded repeat inside another repeat"
                if _has_unbounded(list(body)):
                    return "an unbounded repeat inside another repeat"
                if _overlapping_branches(list(body)):
                    return "a repeated alternation whose alternatives can match the same text"
                if previous is not None and _same_text(previous, list(body)):
                    return "two unbounded repeats in a row that can match the same text"
                previous = list(body)
            else:
                found = _risk(list(body), inside_repeat=inside_repeat)
                if found:
                    return found
                previous = None
            continue
        previous = None if op not in (sre_constants.AT,) else previous
        if op is sre_constants.SUBPATTERN:
            found = _risk(list(arg[-1]), inside_repeat=inside_repeat)
        elif op is sre_constants.BRANCH:
            found = next((f for b in arg[1] if (f := _risk(list(b), inside_repeat=inside_repeat))), None)
        elif op in (sre_constants.ASSERT, sre_constants.ASSERT_NOT):
            found = _risk(list(arg[1]), inside_repeat=inside_repeat)
        else:
            found = None
        if found:
            return found
    return None


def _has_unbounded(items: list[Any]) -> bool:
    for op, arg in items:
        if op in _REPEATS and (_unbounded(arg[1]) or _has_unbounded(list(arg[2]))):
            return True
        if op is sre_constants.SUBPATTERN and _has_unbounded(list(arg[-1])):
            return True
        if op is sre_constants.BRANCH and any(_has_unbounded(list(b)) for b in arg[1]):
            return True
    return False


def _overlapping_branches(items: list[Any]) -> bool:
    # The parser factors common prefixes out ("a|ab" becomes "a(?:|b)"), so an empty
    # alternative under a repeat is as ambiguous as two that start alike.
    for op, arg in items:
        if op is sre_constants.SUBPATTERN and _overlapping_branches(list(arg[-1])):
            return True
        if op is sre_constants.BRANCH:
            branches = [list(b) for b in arg[1]]
            if any(not b for b in branches):
                return True
            firsts = [_first(b) for b in branches]
            if any(_meet(a, b) for i, a in enumerate(firsts) for b in firsts[i + 1:]):
                return True
            if any(_overlapping_branches(b) for b in branches):
                return True
    return False


def _same_text(previous: list[Any], body: list[Any]) -> bool:
    return _meet(_first(previous), _first(body))


#: A set of first characters; None means "any character" (a class, a category, '.').
_First = frozenset[int] | None


def _first(items: list[Any]) -> _First:
    for op, arg in items:
        if op is sre_constants.LITERAL:
            return frozenset({arg, *_other_case(arg)})
        if op is sre_constants.IN:
            chars: set[int] = set()
            for kind, value in arg:
                if kind is sre_constants.LITERAL:
                    chars.update({value, *_other_case(value)})
                elif kind is sre_constants.RANGE and value[1] - value[0] < 256:
                    for c in range(value[0], value[1] + 1):
                        chars.update({c, *_other_case(c)})
                else:
                    return None
            return frozenset(chars)
        if op is sre_constants.SUBPATTERN:
            return _first(list(arg[-1]))
        if op is sre_constants.AT:
            continue
        return None
    return frozenset()


def _other_case(code: int) -> tuple[int, ...]:
    char = chr(code)
    return tuple(ord(c) for c in {char.lower(), char.upper()} if len(c) == 1 and c != char)


def _meet(a: _First, b: _First) -> bool:
    if a is None or b is None:
        return True
    return bool(a & b)


# --- checking samples ------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SampleCheck:
    """One sample of a rule, classified with the whole rule set: which rule decided it."""

    rule: str
    sample: str
    decided_by: str

    @property
    def ok(self) -> bool:
        return self.decided_by == self.rule


def check_samples(rules: RuleSet, ids: Iterable[str] | None = None) -> list[SampleCheck]:
    """Classify every sample of the rules ``ids`` (all rules: None) with ``rules``.

    A sample decided by another rule is shadowed: an earlier rule takes it, and the
    rule would never fire on that text.
    """
    wanted = None if ids is None else set(ids)
    hosts = {p.name: p.hosts[0] for p in rules.providers if p.hosts}
    checks = []
    for rule in rules.rules:
        if wanted is not None and rule.id not in wanted:
            continue
        host = hosts.get(rule.provider) if rule.provider else None
        for sample in rule.samples:
            reply = smtp.parse_reply(sample)
            found = rules.classify(reply.text, status=reply.status, reply_code=reply.reply_code,
                                   hosts=(host,))
            checks.append(SampleCheck(rule.id, sample, found.rule))
    return checks


def file_rule_ids(path: str | os.PathLike[str]) -> list[str]:
    """The ids of the rules a (valid) rules file defines, in file order."""
    with open(os.fspath(path), "rb") as handle:
        data = tomllib.load(handle)
    return [str(entry["id"]) for entry in data.get("rule", []) if isinstance(entry, dict) and "id" in entry]


# --- explaining a classification -------------------------------------------------------


class Outcome(StrEnum):
    """What became of a candidate rule (one whose literal anchor occurs in the text)."""

    DECIDED = "decided"
    MATCHED = "matched, but an earlier rule decided"
    NO_MATCH = "anchor found, pattern did not match"
    OTHER_PROVIDER = "skipped: the rule is for another provider"
    CODES = "skipped: the reply or status code is not one the rule allows"


@dataclass(frozen=True, slots=True)
class Candidate:
    """A rule the text's words brought into play, and what became of it."""

    rule: str
    reason: Reason
    provider: str | None
    outcome: Outcome
    matched: str | None = None


@dataclass(frozen=True, slots=True)
class Explanation:
    """Why a text got its class: the codes and provider seen, each candidate rule, the result."""

    text: str
    normalized: str
    status: str | None
    reply_code: str | None
    provider: str | None
    candidates: tuple[Candidate, ...]
    classification: Classification

    @property
    def why(self) -> str:
        """One sentence on what decided."""
        c = self.classification
        if c.basis is Basis.TEXT:
            scope = f" (a rule of provider {self.provider})" if any(
                k.rule == c.rule and k.provider for k in self.candidates) else ""
            return f"the text rule {c.rule}{scope} matched {c.matched!r}"
        if c.basis is Basis.STATUS:
            return f"no text rule matched; the enhanced status code {c.status} decided ({c.rule})"
        if c.basis is Basis.REPLY:
            code = c.status if c.rule.startswith("status:") else c.reply_code
            return f"no text rule matched and no specific status code; the code {code} decided ({c.rule})"
        return "no text rule matched and the codes say nothing: undetermined"


def explain(
    rules: RuleSet,
    text: str,
    *,
    status: str | None = None,
    reply_code: str | None = None,
    remote_mta: str | None = None,
    recipient: str | None = None,
) -> Explanation:
    """Classify ``text`` with ``rules`` and say why: every candidate rule and its fate."""
    reply = smtp.parse_reply(text)
    status = pick_status(smtp.find_status(status) if status else None, reply.status)
    reply_code = reply_code or reply.reply_code
    hosts = (remote_mta, recipient.rpartition("@")[2] if recipient else None)
    provider = rules.provider_for(hosts)
    result = rules.classify(reply.text, status=status, reply_code=reply_code, hosts=hosts)
    normalized = normalize(reply.text)
    candidates = []
    for rule in rules.rules:
        if not any(anchor in normalized for anchor in rule.anchors):
            continue
        if rule.provider is not None and rule.provider != provider:
            outcome, matched = Outcome.OTHER_PROVIDER, None
        elif (rule.reply_codes or rule.statuses) and not rule.allows(reply_code, status):
            outcome, matched = Outcome.CODES, None
        else:
            found = rule.pattern.search(normalized)
            matched = found[0] if found else None
            if found is None:
                outcome = Outcome.NO_MATCH
            elif rule.id == result.rule:
                outcome = Outcome.DECIDED
            else:
                outcome = Outcome.MATCHED
        candidates.append(Candidate(rule.id, rule.reason, rule.provider, outcome, matched))
    return Explanation(text, normalized, status, reply_code, provider, tuple(candidates), result)
