"""The classification engine: reply text, status code and reply code to a class.

The rules are data (``bouncekit/rules/*.toml``); this module loads them once and
compiles them into one matcher. Precedence is written down, never left to iteration
order:

1. text rules of the provider the remote host belongs to (``rules/providers/*.toml``),
   in file order; a provider rule marked ``anywhere = true`` matches the provider's own
   code or sentence (Yahoo's ``[TSS04]``, NetEase's ``DT:SPM``, Cox's ``AUP#CXBL``),
   which no other server writes, so it is tried whatever host gave the reply;
2. the general text rules (``rules/general.toml``) that name a cause, in file order;
3. the rules of other languages that name a cause (``rules/languages/*.toml``, one file
   per language, files in name order, rules in file order): the words of non-English
   MTAs and providers, after the English ones since bilingual replies repeat them;
   Then the words nearly every language borrows ("spam", "virus", "timeout") and the
   file types of attachments (``rules/loanwords.toml``), for a reply in a language
   without rules of its own;
4. the generic rules (``generic = true``: "blocked", "policy", "try again later",
   "system error"...) of general.toml, then of the language files: a bilingual reply's
   generic English words must not hide the cause its other language names
   ("Skrzynka odbiorcy jest pełna, please try again later" is a full mailbox); a status
   code that names the mailbox's problem (X.1.1, X.1.10, X.2.2, X.3.4) goes before them,
   and any specific status goes before a generic rule that finds the words say nothing;
5. the enhanced status code table (``rules/status.toml``, RFC 3463 / RFC 5248);
6. the reply code table (``rules/reply.toml``, RFC 5321);
7. Undetermined.

The text beats the codes: ``550 5.7.1 No such user!`` is an invalid recipient even
though 5.7.1 alone would mean a block.

Every top-level alternative of a text rule is compiled on its own and anchored by a
literal substring taken from it; one Aho-Corasick pass over the text finds the
alternatives worth trying, so the cost of a classification hardly grows with the
number of rules or with the length of their patterns. Compiling every branch into one
engine instead (``hyperscan``, RE2 sets; ``bench/engines.py`` measures both on these
rules) finds the matching branches in about half the time of this step, but that step is
under half of a classification, and hyperscan takes tens of seconds to compile the rules
while RE2 has no lookarounds: neither is used.

A generic ``X.0.0`` status says nothing but "temporary" or "permanent", so it is
consulted only after the reply code table: ``451`` with ``4.0.0`` is a local error in
processing, not an unavailable server.
"""

from __future__ import annotations

import re
import tomllib
from collections import Counter
from collections.abc import Iterable, Sequence
from contextvars import ContextVar, Token
from dataclasses import dataclass, replace
from functools import cache
from importlib import resources
from operator import itemgetter

import ahocorasick

from bouncekit import smtp
from bouncekit.errors import RuleError
from bouncekit.model import Basis, BounceClass, Classification, Reason

#: Shortest literal a pattern must contain in each of its alternatives.
MIN_ANCHOR = 3
#: How many of the characters most frequent in replies are made the automaton's first
#: root children (see RuleSet.__init__): about the printable ASCII ones.
_LEADING_CHARACTERS = 96

_second = itemgetter(1)


class LazyPattern:
    """A regular expression compiled the first time it is used.

    Compiling the ~3,000 rule patterns takes about a quarter of a second, most of which
    a run never needs: a command classifying one reply, or a log with a few dozen
    kinds of replies, meets a handful of branches. Once compiled, ``search`` is the
    compiled pattern's own method (no extra call); other attributes of ``re.Pattern``
    are passed through.
    """

    __slots__ = ("_compiled", "flags", "pattern", "required", "search")

    def __init__(self, pattern: str, flags: int = 0, required: tuple[tuple[str, ...], ...] = ()) -> None:
        self.pattern = pattern
        self.flags = flags
        #: Literals every match contains (see :func:`_required_literals`); the matcher
        #: skips the pattern when one of them is missing from the text.
        self.required = required
        self._compiled: re.Pattern[str] | None = None
        self.search = self._first_search

    @property
    def compiled(self) -> re.Pattern[str]:
        if self._compiled is None:
            self._compiled = re.compile(self.pattern, self.flags)
            self.search = self._compiled.search
        return self._compiled

    def _first_search(self, *args: object) -> re.Match[str] | None:
        return self.compiled.search(*args)  # type: ignore[call-overload]

    def __getattr__(self, name: str) -> object:  # match, finditer, groups...
        return getattr(self.compiled, name)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, LazyPattern) and (self.pattern, self.flags) == (other.pattern, other.flags)

    def __hash__(self) -> int:
        return hash((self.pattern, self.flags))

    def __reduce__(self) -> tuple[object, tuple[object, ...]]:
        return LazyPattern, (self.pattern, self.flags, self.required)

    def __repr__(self) -> str:
        return f"LazyPattern({self.pattern!r})"


@dataclass(frozen=True, slots=True)
class Rule:
    """One text rule: a pattern over the normalised reply text and the reason it means."""

    id: str
    reason: Reason
    pattern: re.Pattern[str] | LazyPattern
    anchors: tuple[str, ...]
    samples: tuple[str, ...]
    source: str
    provider: str | None = None
    #: A provider rule that applies whatever the remote host: its pattern is a code or
    #: sentence of the provider's own, which identifies the provider by itself.
    anywhere: bool = False
    #: A rule of generic words (a refusal, a policy, "try later"): tried after every
    #: rule that names a cause, whatever its language.
    generic: bool = False
    #: The reply is a sending service's own refusal (its suppression list, an unverified
    #: sender, the account's credits): no mail left the sender, and a failure it decides
    #: is event ``rejected`` (see ``RuleSet.refused_by_sender``).
    sending_side: bool = False
    #: An ``address_moved`` rule in the owner's own words ("I no longer check this
    #: address, write to ..."; someone has left): said by a mailbox that still answers,
    #: so an automatic reply that says it stays one (see ``RuleSet.owner_words``).
    owner_words: bool = False
    reply_codes: tuple[str, ...] = ()
    statuses: tuple[str, ...] = ()
    #: The top-level alternatives of ``pattern``, each compiled on its own (for lower-case
    #: text), with the anchors of each: the matcher searches only the alternatives whose
    #: anchor occurs.
    branches: tuple[tuple[LazyPattern, tuple[str, ...]], ...] = ()

    @property
    def bounce_class(self) -> BounceClass:
        return self.reason.default_class

    def allows(self, reply_code: str | None, status: str | None) -> bool:
        """True when the rule's optional reply/status constraints accept the codes."""
        # str.startswith takes the tuple of prefixes itself: no generator per check.
        if self.reply_codes and not (reply_code and reply_code.startswith(self.reply_codes)):
            return False
        return not self.statuses or bool(status and status.startswith(self.statuses))


@dataclass(frozen=True, slots=True)
class Provider:
    """A mailbox provider whose wording or codes differ from the standards."""

    name: str
    hosts: tuple[str, ...]

    def owns(self, host: str) -> bool:
        return any(host == h or host.endswith("." + h) for h in self.hosts)


#: The name of the host an MTA quotes a reply from: ``host NAME said``, ``host NAME[ip]``,
#: ``NAME[ip]:25``. Rules must not read words inside it ("virusgw.example.net",
#: "greylist.example.org"); a blocklist named in the reply ("blocked using
#: zen.spamhaus.org") stands elsewhere and stays.
_QUOTED_HOST = re.compile(
    r"(?<![\w.-])(?:host |from |by |to )?(?:[a-z0-9_-]{1,63}\.){1,12}[a-z0-9-]{2,63}\.?"
    r"(?= ?\[[0-9a-f.:]{3,45}\]| said\b| refused to talk| \(\d{1,3}\.\d)"
    r"|(?<=host )(?:[a-z0-9_-]{1,63}\.){1,12}[a-z0-9-]{2,63}\b"
)

#: What every match of _QUOTED_HOST contains: the words that follow the host (the end of
#: its first alternative's lookahead) or ``host`` and a dotted name (its second).
_HOST_CUE = re.compile(
    r"\[[0-9a-f.:]{3,45}\]| said\b| refused to talk| \(\d{1,3}\.\d|host [a-z0-9_-]{1,63}\."
)
#: A dotted host name, matched where one is expected: after a DSN's "dns; " (its
#: Reporting-MTA and Remote-MTA fields, "dns; o3.ptr.example.net") and after the "@" of an
#: address or message id in angle brackets ("<1b3d.734@o3.ptr.example.net>"). Those are
#: names of mail systems, not words of the reply either.
_DOTTED_NAME = re.compile(r"(?:[a-z0-9_-]{1,63}\.){1,12}[a-z0-9-]{2,63}\b")


def normalize(text: str) -> str:
    """The form text rules see: lower case, whitespace collapsed to single spaces, and
    the names of the hosts that gave the reply masked as ``host``."""
    # str.split() without arguments splits on any run of whitespace, like \s+, and is
    # several times faster than a regular expression substitution.
    return mask_hosts(" ".join(text[: smtp.MAX_TEXT].split()).lower())


def mask_hosts(text: str) -> str:
    """A lower-case, single-spaced text with the names of the hosts that gave the reply
    masked as ``host``: :func:`normalize` of a text already cleaned (by
    :func:`bouncekit.smtp.parse_reply`) and lowered."""
    # _QUOTED_HOST tries every position of the text (it has no literal to skip ahead
    # with) and masks a host in about one text in thirty: the cheap tests and the cue
    # search, whose branches open with literals, let through only texts it may change.
    if "." not in text:
        return text
    if ("[" in text or "host " in text or " said" in text or " (" in text or " refused" in text) and (
            _HOST_CUE.search(text)):
        text = _QUOTED_HOST.sub(_mask_host, text)
    if "dns; " in text or ("@" in text and ">" in text):
        text = _mask_named_hosts(text)
    return text


def _mask_named_hosts(text: str) -> str:
    """``text`` with the host names after "dns; " and in "<...@name>" masked as ``host``
    (found with ``str.find``: most texts hold one or two such places, or none)."""
    spans = []
    for cue, closing in (("dns; ", ""), ("@", ">")):
        at = text.find(cue)
        while at >= 0:
            start = at + len(cue)
            m = _DOTTED_NAME.match(text, start)
            if m and text.startswith(closing, m.end()):
                spans.append((start, m.end()))
            at = text.find(cue, start)
    if not spans:
        return text
    pieces, done = [], 0
    for start, end in sorted(spans):
        pieces.append(text[done:start])
        pieces.append("host")
        done = end
    pieces.append(text[done:])
    return "".join(pieces)


def _mask_host(m: re.Match[str]) -> str:
    word = m[0].split(" ", 1)[0] if " " in m[0] else ""
    return f"{word} host" if word in ("host", "from", "by", "to") else "host"


#: What the matcher knows of one branch: its rule, its pattern, whether the rule's scope
#: must be checked, the groups of literals of which it cannot match without one (a
#: literal it cannot match without is a group of one; its anchor is left out, since the
#: automaton found it), and the rule's class.
_Target = tuple[Rule, "re.Pattern[str] | LazyPattern", bool, tuple[tuple[str, ...], ...], BounceClass]


class RuleSet:
    """The compiled rules; immutable once built, safe to share between threads."""

    def __init__(
        self,
        rules: Sequence[Rule],
        providers: Sequence[Provider],
        status_table: dict[str, Reason],
        reply_table: dict[str, Reason],
        *,
        origin: str | None = None,
    ) -> None:
        #: The user rules file merged into the built-in rules, None for the built-ins alone.
        self.origin = origin
        self.rules: tuple[Rule, ...] = tuple(rules)
        self.providers: tuple[Provider, ...] = tuple(providers)
        self.status_table = dict(status_table)
        self.reply_table = dict(reply_table)
        seen: set[str] = set()
        for rule in self.rules:
            if rule.id in seen:
                raise RuleError(f"rule id {rule.id!r} is defined twice")
            seen.add(rule.id)
        #: Ids of the rules that read a reply as the sending side's own refusal.
        self.refused_by_sender: frozenset[str] = frozenset(r.id for r in self.rules if r.sending_side)
        #: Ids of the rules whose words are a mailbox owner's, not a closed address's.
        self.owner_words: frozenset[str] = frozenset(r.id for r in self.rules if r.owner_words)
        # Host suffix -> provider, first provider (file order) winning a shared suffix.
        self._host_owner: dict[str, str] = {}
        for provider in self.providers:
            for host in provider.hosts:
                self._host_owner.setdefault(host, provider.name)
        # The branches in precedence order (rules in order, each rule's branches in
        # order), numbered by their place in it: the smallest number found decides.
        # Each target says what the matcher needs of its branch: most candidates that the
        # anchor lets through lack another mandatory literal, which `in` finds far
        # quicker than a failed search.
        targets: list[_Target] = []
        by_anchor: dict[str, list[int]] = {}
        for rule in self.rules:
            # A rule built by hand, without separate branches, is tried as a whole.
            pairs = (
                [(b, anchors) for (b, anchors) in rule.branches] if rule.branches
                else [(rule.pattern, rule.anchors)]
            )
            scoped = self._scoped(rule)
            for branch, anchors in pairs:
                for anchor in anchors:
                    by_anchor.setdefault(anchor, []).append(len(targets))
                required = getattr(branch, "required", ())
                # The single literals first (rarest first, as anchored_by_rarity sorts
                # them): a missing one rejects the branch after one `in`.
                checks = tuple(
                    [piece for piece in required if len(piece) == 1 and piece != anchors]
                    + [piece for piece in required if len(piece) > 1 and piece != anchors]
                )
                targets.append((rule, branch, scoped, checks, rule.reason.default_class))
        self._targets: tuple[_Target, ...] = tuple(targets)
        self._automaton = ahocorasick.Automaton()
        # pyahocorasick looks a character up among a node's children one by one, in the
        # order they were added, and the root has a child for the first character of
        # every anchor (near 300, many of them CJK): a character that opens no anchor
        # (a digit, "<", "@") is compared with all of them. Root children added first
        # for the characters most frequent in replies (in the rules' samples) keep the
        # common lookups short (the pass takes about half the time). Their words end in
        # a newline, which a normalised text never holds: they never match.
        for char in self._frequent_characters():
            self._automaton.add_word(char + "\n", ())
        for anchor, numbers in by_anchor.items():
            self._automaton.add_word(anchor, tuple(dict.fromkeys(numbers)))
        if by_anchor:
            self._automaton.make_automaton()

    def _frequent_characters(self) -> list[str]:
        """The characters most frequent in the normalised samples of the rules, most frequent first."""
        counts = Counter("".join(normalize(sample) for rule in self.rules for sample in rule.samples))
        return [char for char, _ in counts.most_common(_LEADING_CHARACTERS)]

    @staticmethod
    def _scoped(rule: Rule) -> bool:
        """Whether a rule applies only to some providers or codes (checked per reply)."""
        return (rule.provider is not None and not rule.anywhere) or bool(rule.reply_codes or rule.statuses)

    def __reduce__(self) -> tuple[object, tuple[str, ...]]:
        # Worker processes (parse --jobs, ingest --jobs) rebuild the set from its file
        # once each instead of receiving the compiled matcher with every chunk.
        if self.origin is not None:
            from bouncekit.rulefile import cached_rules

            return cached_rules, (self.origin,)
        if self is default_rules():
            return default_rules, ()
        raise TypeError("only the built-in rules or rules loaded from a file can be sent to a worker process")

    def provider_for(self, hosts: Iterable[str | None]) -> str | None:
        """The provider owning the first of ``hosts`` that any provider owns."""
        owner = self._host_owner
        for host in hosts:
            if not host:
                continue
            # Each suffix of two labels or more, longest first (cut at each dot, not
            # split and joined again).
            suffix = host.lower().rstrip(".")
            while "." in suffix:
                name = owner.get(suffix)
                if name is not None:
                    return name
                suffix = suffix.partition(".")[2]
        return None

    def match_text(
        self,
        text: str,
        *,
        provider: str | None = None,
        reply_code: str | None = None,
        status: str | None = None,
    ) -> tuple[Rule, str] | None:
        """The deciding text rule and the text it matched, or None."""
        if not text or not self.rules:
            return None
        hit = self._match(normalize(text), provider, reply_code, status)
        return None if hit is None else (hit[0][0], hit[1])

    def _match(
        self, normalized: str, provider: str | None, reply_code: str | None, status: str | None
    ) -> tuple[_Target, str] | None:
        """match_text() of a normalised text: the deciding branch's target and the text it matched."""
        targets = self._targets
        # The automaton gives each anchor found with the numbers of the branches it opens;
        # sorted, their set is the candidates in precedence order. (Plain loops: compiled,
        # they beat set(chain.from_iterable(map(itemgetter(1), ...))) by a tenth of the pass.)
        found = set()
        for _, numbers in self._automaton.iter(normalized):
            for number in numbers:
                found.add(number)
        skipped = None
        for number in sorted(found):
            target = targets[number]
            rule, branch, scoped, checks, _ = target
            if scoped:
                if rule is skipped:
                    continue
                if (rule.provider is not None and rule.provider != provider and not rule.anywhere) or (
                    (rule.reply_codes or rule.statuses) and not rule.allows(reply_code, status)
                ):
                    skipped = rule
                    continue
            # Plain loops and `in`, not all(map(...)): compiled (compiled.py), they
            # are C loops over the tuples with no iterator objects made per candidate.
            for piece in checks:
                for literal in piece:
                    if literal in normalized:
                        break
                else:
                    break  # none of the piece's literals: the branch cannot match
            else:
                m = branch.search(normalized)
                if m:
                    return target, m[0]
        return None

    def classify(
        self,
        text: str,
        *,
        status: str | None = None,
        reply_code: str | None = None,
        hosts: Iterable[str | None] = (),
    ) -> Classification:
        """Classify a cleaned reply text whose codes are already known."""
        return self.classify_normalized(normalize(text), status, reply_code, self.provider_for(hosts))

    def classify_normalized(
        self, normalized: str, status: str | None, reply_code: str | None, provider: str | None
    ) -> Classification:
        """:meth:`classify` of a text already normalised (:func:`normalize`), the provider
        already known (:meth:`provider_for`): for a caller that has them at less cost."""
        hit = self._match(normalized, provider, reply_code, status)
        if hit is not None:
            (rule, _, _, _, bounce_class), matched = hit
            if not (rule.generic and status and (
                _MAILBOX_STATUS.match(status)
                # A rule that finds the words empty ("554 Transaction failed") leaves
                # the decision to a status code that says more than the class.
                or (rule.reason is Reason.UNDETERMINED and not smtp.is_generic_status(status))
            )):
                return Classification(
                    bounce_class, rule.reason, rule.id, status, reply_code, matched, Basis.TEXT
                )
        generic = smtp.is_generic_status(status)
        if status and not generic:
            reason, key = self._status_reason(status)
            if reason is not None:
                return Classification(
                    reason.default_class, reason, f"status:{key}", status, reply_code, None, Basis.STATUS
                )
        if reply_code:
            for key in (reply_code, reply_code[0] + "XX"):
                reason = self.reply_table.get(key)
                if reason is not None:
                    return Classification(
                        reason.default_class, reason, f"reply:{key}", status, reply_code, None, Basis.REPLY
                    )
        if status and generic:
            reason, key = self._status_reason(status)
            if reason is not None:
                # "5.0.0" says no more than the reply code's first digit does.
                return Classification(
                    reason.default_class, reason, f"status:{key}", status, reply_code, None, Basis.REPLY
                )
        return Classification(
            BounceClass.UNDETERMINED, Reason.UNDETERMINED, "undetermined", status, reply_code
        )

    def classify_delay(
        self,
        text: str,
        *,
        status: str | None = None,
        reply_code: str | None = None,
        hosts: Iterable[str | None] = (),
    ) -> Classification:
        """Classify the cause of a delay notice (TAXONOMY.md: a delay keeps its cause's class).

        The cause is believed when the words or a specific status code name it; a reply
        code alone (``451``, ``421``) says only that the attempt failed for now, so such a
        delay, or one with no cause given, is Transient Failure (70). Words that say only
        how long the message has waited ("konnte seit 4 Stunden nicht zugestellt
        werden", "could not be delivered for 4 hours") name no cause either: a message
        still queued has not expired.
        """
        return self.classify_delay_normalized(normalize(text), status, reply_code, self.provider_for(hosts))

    def classify_delay_normalized(
        self, normalized: str, status: str | None, reply_code: str | None, provider: str | None
    ) -> Classification:
        """:meth:`classify_delay` of a text already normalised, the provider already known
        (as :meth:`classify_normalized` is to :meth:`classify`)."""
        found = self.classify_normalized(normalized, status, reply_code, provider)
        # How long it has waited is no cause, in words or as the status X.4.7 that
        # Exchange and others give every delay ("delivery time expired" not yet).
        waited = found.basis in (Basis.TEXT, Basis.STATUS) and found.reason is Reason.EXPIRED
        # "Other or undefined" (4.0.0, RFC 3463) names no cause either.
        waited = waited or (found.basis is Basis.STATUS and smtp.is_generic_status(status))
        if (found.basis in (Basis.TEXT, Basis.STATUS) and found.bounce_class is not BounceClass.UNDETERMINED
                and not waited):
            return found
        return Classification(
            BounceClass.TRANSIENT, Reason.DELAYED, "event:delayed", status, reply_code, None, Basis.DECODER
        )

    def _status_reason(self, status: str) -> tuple[Reason | None, str]:
        _, subject, detail = status.split(".")
        for key in (status, f"X.{subject}.{detail}", f"{status[0]}.{subject}.X", f"X.{subject}.X"):
            reason = self.status_table.get(key)
            if reason is not None:
                return reason, key
        return None, status


#: Status codes that name what went wrong with the recipient's address or mailbox
#: (X.1.1 no such user, X.1.10 null MX, X.2.2 mailbox full, X.3.4 too big): they say
#: more than a rule of generic words ("552 5.2.2 Please try again later" is a full
#: mailbox, not an unavailable server). (X.2.1 is not one: providers give it to policy
#: refusals, "521 5.2.1 AOL will not accept delivery of this message".)
_MAILBOX_STATUS = re.compile(r"[45]\.(?:1\.1|1\.10|2\.2|3\.4)$")


def pick_status(given: str | None, found: str | None) -> str | None:
    """The status code to believe when a report field and the reply text both give one.

    A generic ``X.0.0`` field loses to a specific code of the same class quoted in the
    text (MTAs often write ``Status: 5.0.0`` beside ``550 5.1.1 user unknown``), and an
    ``X.Y.0`` field ("other address status") to a code of the same class and subject
    that says which (IronPort's ``5.1.0`` over the remote's ``5.1.1``).
    """
    if given is None:
        return found
    if found and found[0] == given[0] and (
        smtp.is_generic_status(given)
        or (given.endswith(".0") and found.rpartition(".")[0] == given.rpartition(".")[0])
    ):
        return found
    return given


# --- loading ---------------------------------------------------------------------


def literal_anchors(pattern: str) -> tuple[str, ...] | None:
    """Literal substrings of which every match of ``pattern`` contains at least one.

    For each top-level alternative, the best mandatory piece: a literal run, or a
    mandatory group whose own alternatives all have anchors. None when an alternative
    has no piece of at least ``MIN_ANCHOR`` characters. Understands the regular
    expression subset rules are written in: literals, escapes, classes, groups,
    quantifiers and zero-width assertions.
    """
    anchors: list[str] = []
    for alternative in split_alternatives(pattern):
        best = _sequence_anchors(alternative)
        if best is None:
            return None
        anchors.extend(best)
    return tuple(dict.fromkeys(anchors))


def _required_literals(pattern: str) -> tuple[tuple[str, ...], ...]:
    """The mandatory pieces of one alternative (see :func:`_mandatory_pieces`), each as
    the literals one of which every match contains; single characters left out."""
    return _required(_mandatory_pieces(pattern))


def _required(pieces: list[tuple[str, ...]]) -> tuple[tuple[str, ...], ...]:
    return tuple(dict.fromkeys(p for p in pieces if p and min(len(a) for a in p) >= 2))


def _score(anchors: tuple[str, ...]) -> tuple[int, int]:
    return (min(len(a.strip()) for a in anchors), -len(anchors))


def _sequence_anchors(sequence: str) -> tuple[str, ...] | None:
    return _best_anchors(_mandatory_pieces(sequence))


def _best_anchors(pieces: list[tuple[str, ...]]) -> tuple[str, ...] | None:
    candidates = [c for c in pieces if c and min(len(a.strip()) for a in c) >= MIN_ANCHOR]
    return max(candidates, key=_score) if candidates else None


def split_alternatives(pattern: str) -> list[str]:
    """The top-level alternatives of a regular expression's text (``a|b(c|d)`` ->
    ``a``, ``b(c|d)``); the decoders' multi-pattern matcher uses it too."""
    parts, depth, start, i, in_class = [], 0, 0, 0, False
    while i < len(pattern):
        ch = pattern[i]
        if ch == "\\":
            i += 2
            continue
        if in_class:
            in_class = ch != "]"
        elif ch == "[":
            in_class = True
            if pattern[i + 1 : i + 2] == "]":
                i += 1
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        elif ch == "|" and depth == 0:
            parts.append(pattern[start:i])
            start = i + 1
        i += 1
    parts.append(pattern[start:])
    return parts


_ZERO_WIDTH_ESCAPES = frozenset("bBAZ")
#: Escapes that write one character by its code point, and the number of hex digits.
_CODE_POINT_ESCAPES = {"x": 2, "u": 4, "U": 8}


def _mandatory_pieces(sequence: str) -> list[tuple[str, ...]]:
    """Anchor candidates of one alternative: literal runs and mandatory groups."""
    pieces: list[tuple[str, ...]] = []
    run: list[str] = []

    def close() -> None:
        if run:
            pieces.append(("".join(run),))
            run.clear()

    i, n = 0, len(sequence)
    while i < n:
        ch = sequence[i]
        if ch == "\\" and i + 1 < n:
            esc = sequence[i + 1]
            i += 2
            if esc in _ZERO_WIDTH_ESCAPES:
                continue
            width = _CODE_POINT_ESCAPES.get(esc)
            if width is not None:  # \u0307: one character, written as its code point
                digits = sequence[i : i + width]
                i += width
                try:
                    run.append(chr(int(digits, 16)).lower())
                except ValueError:
                    close()
                continue
            if esc.isalnum():
                close()
                continue
            run.append(esc.lower())
        elif ch in "^$":
            i += 1
        elif ch == "(":
            close()
            end = _skip_group(sequence, i)
            inner = sequence[i + 1 : end - 1]
            optional = end < n and (
                sequence[end] in "?*" or sequence.startswith("{0", end)
            )
            if inner.startswith("?:"):
                inner = inner[2:]
            elif inner.startswith("?"):
                inner = None  # lookaround, flags or comment: matches no text
            if inner is not None and not optional:
                group = literal_anchors(inner)
                if group is not None:
                    pieces.append(group)
            i = end
        elif ch == "[":
            close()
            i = _skip_class(sequence, i)
        elif ch == ".":
            close()
            i += 1
        elif ch in "?*+{":
            # The quantified atom is optional (?, *, {0,...}) or repeated: end the run.
            if (ch in "?*" or sequence.startswith("{0", i)) and run:
                run.pop()
            close()
            i = _skip_quantifier(sequence, i)
        else:
            run.append(ch.lower())
            i += 1
    close()
    return pieces


def _skip_group(s: str, i: int) -> int:
    depth = 0
    while i < len(s):
        ch = s[i]
        if ch == "\\":
            i += 2
            continue
        if ch == "[":
            i = _skip_class(s, i)
            continue
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
            if depth == 0:
                return i + 1
        i += 1
    return i


def _skip_class(s: str, i: int) -> int:
    i += 1
    if s[i : i + 1] == "^":
        i += 1
    if s[i : i + 1] == "]":
        i += 1
    while i < len(s) and s[i] != "]":
        i += 2 if s[i] == "\\" else 1
    return i + 1


def _skip_quantifier(s: str, i: int) -> int:
    if s[i] == "{":
        end = s.find("}", i)
        i = len(s) if end < 0 else end + 1
    else:
        i += 1
    if s[i : i + 1] in ("?", "+"):
        i += 1
    return i


def _reason(value: object, where: str) -> Reason:
    try:
        return Reason(str(value))
    except ValueError:
        raise RuleError(f"{where}: unknown reason {value!r}") from None


def _strings(value: object, where: str, key: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,)
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return tuple(value)
    raise RuleError(f"{where}: {key!r} must be a string or a list of strings")


def load_rules(data: dict, *, origin: str, provider: str | None = None) -> list[Rule]:
    """Build the text rules of one parsed rule file."""
    rules = []
    for position, entry in enumerate(data.get("rule", []), 1):
        where = f"{origin}: rule {entry.get('id', f'#{position}')}"
        unknown = set(entry) - {
            "id", "reason", "pattern", "samples", "source", "reply", "status", "anywhere", "generic",
            "sending_side", "owner_words",
        }
        if unknown:
            raise RuleError(f"{where}: unknown keys {sorted(unknown)}")
        for key in ("id", "reason", "pattern", "samples", "source"):
            if key not in entry:
                raise RuleError(f"{where}: missing {key!r}")
        pattern_text = entry["pattern"]
        if not isinstance(pattern_text, str) or not pattern_text:
            raise RuleError(f"{where}: 'pattern' must be a non-empty string")
        branches = []
        for alternative in split_alternatives(pattern_text):
            pieces = _mandatory_pieces(alternative)
            branch_anchors = _best_anchors(pieces)
            if branch_anchors is None:
                raise RuleError(
                    f"{where}: every alternative of the pattern needs a literal of at least "
                    f"{MIN_ANCHOR} characters"
                )
            required = _required(pieces)
            branches.append((LazyPattern(lowercase_literals(alternative), 0, required), branch_anchors))
        anchors = tuple(dict.fromkeys(a for _, branch_anchors in branches for a in branch_anchors))
        # Compiled when first used: the built-in patterns are compiled by the tests, and
        # a user's rules file is checked pattern by pattern when it is read (rulefile.py).
        pattern = LazyPattern(pattern_text, re.IGNORECASE)
        anywhere = entry.get("anywhere", False)
        if not isinstance(anywhere, bool):
            raise RuleError(f"{where}: 'anywhere' must be true or false")
        if anywhere and provider is None:
            raise RuleError(f"{where}: 'anywhere' belongs to provider rules only")
        generic = entry.get("generic", False)
        if not isinstance(generic, bool):
            raise RuleError(f"{where}: 'generic' must be true or false")
        sending_side = entry.get("sending_side", False)
        if not isinstance(sending_side, bool):
            raise RuleError(f"{where}: 'sending_side' must be true or false")
        owner_words = entry.get("owner_words", False)
        if not isinstance(owner_words, bool):
            raise RuleError(f"{where}: 'owner_words' must be true or false")
        samples = _strings(entry["samples"], where, "samples")
        if not samples:
            raise RuleError(f"{where}: needs at least one sample")
        rules.append(
            Rule(
                id=str(entry["id"]),
                reason=_reason(entry["reason"], where),
                pattern=pattern,
                anchors=anchors,
                samples=samples,
                source=str(entry["source"]),
                provider=provider,
                anywhere=anywhere,
                generic=generic,
                sending_side=sending_side,
                owner_words=owner_words,
                reply_codes=_strings(entry.get("reply"), where, "reply"),
                statuses=_strings(entry.get("status"), where, "status"),
                branches=tuple(branches),
            )
        )
    return rules


def lowercase_literals(pattern: str) -> str:
    """``pattern`` for text that is already lower case: its literals lowered, to be
    compiled without IGNORECASE.

    A case-insensitive pattern has no literal prefix for the regular expression engine
    to skip ahead with, so each search tries every position; on normalised (lower-case)
    text the lowered pattern matches the same and searches several times faster.
    Escapes (``\\S``, ``\\W``, ``\\B``) and group names keep their case.
    """
    out: list[str] = []
    i, n = 0, len(pattern)
    while i < n:
        ch = pattern[i]
        if ch == "\\":
            out.append(pattern[i : i + 2])
            i += 2
        elif pattern.startswith("(?P<", i):
            end = pattern.find(">", i) + 1 or n
            out.append(pattern[i:end])
            i = end
        else:
            out.append(ch.lower())
            i += 1
    return "".join(out)


def _rule_texts() -> dict[str, str]:
    """The text of every built-in rule file, by its name under ``rules/``
    (``general.toml``, ``providers/google.toml``), folders' files in name order."""
    root = resources.files("bouncekit") / "rules"
    texts = {}
    for folder in ("", "providers/", "languages/"):
        where = root / folder if folder else root
        if not where.is_dir():
            continue
        for entry in sorted(where.iterdir(), key=lambda p: p.name):
            if entry.name.endswith(".toml"):
                try:
                    texts[folder + entry.name] = entry.read_text(encoding="utf-8")
                except OSError as exc:
                    raise RuleError(f"rules/{folder}{entry.name}: {exc}") from None
    return texts


def _parse_toml(texts: dict[str, str], name: str) -> dict:
    try:
        return tomllib.loads(texts[name])
    except KeyError:
        raise RuleError(f"rules/{name}: missing") from None
    except tomllib.TOMLDecodeError as exc:
        raise RuleError(f"rules/{name}: {exc}") from None


def _code_table(texts: dict[str, str], name: str) -> dict[str, Reason]:
    data = _parse_toml(texts, name)
    return {str(k): _reason(v, f"rules/{name}: {k}") for k, v in data.get("codes", {}).items()}


#: What :class:`RuleSet` is built from: the text rules, the providers and the tables of
#: status and reply codes.
_RuleData = tuple[list[Rule], list[Provider], dict[str, Reason], dict[str, Reason]]


def _read_rules(texts: dict[str, str]) -> _RuleData:
    """The built-in rules read from the texts of their files (see :func:`_rule_texts`)."""
    rules: list[Rule] = []
    providers: list[Provider] = []
    for name in texts:
        if not name.startswith("providers/"):
            continue
        data = _parse_toml(texts, name)
        file_name = name.removeprefix("providers/")
        provider = str(data.get("provider") or file_name.removesuffix(".toml"))
        hosts = _strings(data.get("hosts"), f"rules/{name}", "hosts")
        providers.append(Provider(provider, tuple(h.lower() for h in hosts)))
        rules += load_rules(data, origin=f"rules/{name}", provider=provider)
    worded = load_rules(_parse_toml(texts, "general.toml"), origin="rules/general.toml")
    for name in texts:
        if name.startswith("languages/"):
            worded += load_rules(_parse_toml(texts, name), origin=f"rules/{name}")
    worded += load_rules(_parse_toml(texts, "loanwords.toml"), origin="rules/loanwords.toml")
    # Causes first, in every language; generic words after them (a stable split).
    rules += [r for r in worded if not r.generic] + [r for r in worded if r.generic]
    rules = anchored_by_rarity(rules)
    return rules, providers, _code_table(texts, "status.toml"), _code_table(texts, "reply.toml")


def anchored_by_rarity(rules: Sequence[Rule]) -> list[Rule]:
    """``rules`` with each branch anchored on its literal that is rarest in replies, and
    its other literals checked rarest first.

    A branch is tried only for a text that holds its anchor, and skipped at the first
    mandatory literal the text lacks; the longest literal (what :func:`load_rules`
    takes, knowing one rule) is often a common word ("mailbox", "address"). How often
    each literal occurs in every rule's samples, the replies the rules were written
    for, tells the rare ones: anchored on them, a reply meets about half as many
    branches. The branches match exactly as before; only the work before a search changes.
    """
    literals = {
        literal
        for rule in rules
        for branch, _ in rule.branches
        for piece in branch.required
        for literal in piece
    }
    samples = "\n".join(normalize(smtp.parse_reply(sample).text) for rule in rules for sample in rule.samples)
    counts = Counter({literal: 0 for literal in literals})
    if literals:
        automaton = ahocorasick.Automaton()
        for literal in literals:
            automaton.add_word(literal, literal)
        automaton.make_automaton()
        counts.update(map(_second, automaton.iter(samples)))

    def rarity(piece: tuple[str, ...]) -> tuple[int, int, int]:
        # Fewest occurrences first; then the longest and the fewest alternatives, as
        # load_rules ranks them.
        return (sum(counts[literal] for literal in piece), *(-value for value in _score(piece)))

    reanchored = []
    for rule in rules:
        branches = []
        for branch, anchors in rule.branches:
            candidates = [piece for piece in branch.required
                          if min(len(a.strip()) for a in piece) >= MIN_ANCHOR]
            if candidates:
                anchors = min(candidates, key=rarity)
                branch = LazyPattern(branch.pattern, branch.flags, tuple(sorted(branch.required, key=rarity)))
            branches.append((branch, anchors))
        if branches:
            anchor_set = tuple(dict.fromkeys(a for _, branch_anchors in branches for a in branch_anchors))
            rule = replace(rule, branches=tuple(branches), anchors=anchor_set)
        reanchored.append(rule)
    return reanchored


@cache
def default_rules() -> RuleSet:
    """The rule set shipped with bouncekit, loaded and compiled once.

    Reading the rule files (their patterns taken apart for anchors) takes longer than a
    short command's own work, so what it gives is kept between runs in the user's cache
    folder (:mod:`bouncekit.rulecache`) with the rule files and the code that read them:
    a changed file or bouncekit reads them again, and a kept copy that cannot be read
    is read anew.
    """
    from bouncekit import rulecache

    texts = _rule_texts()
    origin = rulecache.sources(texts)
    data = rulecache.load(origin)
    if data is None:
        data = _read_rules(texts)
        rulecache.store(origin, data)
    return RuleSet(*data)


#: The rule set of the parse in progress, where the caller gave one (None: the built-ins).
_RULES_IN_USE: ContextVar[RuleSet | None] = ContextVar("bouncekit_rules_in_use", default=None)


def rules_in_use() -> RuleSet:
    """The rule set of the parse in progress (``parse(..., rules=...)``), else the
    built-ins: decoders ask it which of a notice's paragraphs names a cause, so that a
    user's rules find the reason where they are to classify it."""
    return _RULES_IN_USE.get() or default_rules()


class RulesInUse:
    """``with RulesInUse(rules):`` makes ``rules`` what :func:`rules_in_use` gives in the
    block (per thread and task). A class, not a ``contextlib`` generator: it is entered
    for every message parsed."""

    __slots__ = ("_rules", "_token")

    def __init__(self, rules: RuleSet | None) -> None:
        self._rules = rules
        self._token: Token[RuleSet | None] | None = None

    def __enter__(self) -> None:
        self._token = _RULES_IN_USE.set(self._rules)

    def __exit__(self, *exc: object) -> None:
        if self._token is not None:
            _RULES_IN_USE.reset(self._token)
