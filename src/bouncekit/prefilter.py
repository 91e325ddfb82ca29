"""Fast tests of whether a long alternation of phrases matches a text.

A notice's wording in a dozen languages is one regular expression of many alternatives;
such a pattern gives the engine no literal to skip ahead with. :class:`AnyOf` finds the
alternatives worth trying with one Aho-Corasick pass over the text's literals.
The decoders and the MIME reader both use it, so it sits below them.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import ahocorasick

from bouncekit.classifier import literal_anchors, lowercase_literals, split_alternatives


def automaton(words: dict[str, list[int]]) -> ahocorasick.Automaton | None:
    """An Aho-Corasick automaton giving, for each word found, the positions keyed on it
    (of decoders in a registry, of alternatives in a pattern); None for no words."""
    if not words:
        return None
    built = ahocorasick.Automaton()
    for word, positions in words.items():
        built.add_word(word, tuple(positions))
    built.make_automaton()
    return built


#: The non-ASCII characters that IGNORECASE matches to ASCII letters (``İ`` and ``ı`` to
#: ``i``, ``ſ`` to ``s``, the Kelvin sign to ``k``): a lower-case literal would miss them.
_ASCII_FOLDS = frozenset("\u0130\u0131\u017f\u212a")
#: The letters that IGNORECASE takes for another letter which ``str.lower`` does not give
#: (``re``'s extra case equivalences: ``ſ`` for ``s``, ``ı`` for ``i``, ``µ`` for ``μ``,
#: ``ς`` for ``σ``, old Cyrillic and Greek letter forms), and the two capitals that
#: ``lower`` writes another way (``İ`` as ``i`` and a dot, ``Σ`` as ``ς`` at a word's end).
#: Anywhere else, the lower-cased text holds a literal wherever IGNORECASE finds it.
_FOLD_VARIANTS = (
    "\u00b5\u0130\u0131\u017f\u0345\u0390\u03a3\u03b0\u03c2\u03d0\u03d1\u03d5\u03d6\u03f0\u03f1"
    "\u03f5\u1c80\u1c81\u1c82\u1c83\u1c84\u1c85\u1c86\u1c87\u1c88\u1e9b\u1fbe\u1fd3\u1fe3\ufb05\ufb06"
)
_HAS_FOLD_VARIANT = re.compile(f"[{_FOLD_VARIANTS}]")
#: The last text lower-cased for a prefilter, and its lower-cased form: a reader asks
#: several ``AnyOf`` about one text in a row.
_last_probe: tuple[str, str | None] = ("", "")


def _lowered(text: str) -> str | None:
    """``text`` lower-cased for an IGNORECASE prefilter, or None when it holds a letter
    that IGNORECASE matches otherwise than ``lower`` writes it (then only a search of the
    whole pattern is exact)."""
    global _last_probe
    last_text, probe = _last_probe
    if text is not last_text:
        probe = text.lower() if text.isascii() or not _HAS_FOLD_VARIANT.search(text) else None
        _last_probe = (text, probe)
    return probe


class AnyOf:
    """Whether a pattern matches anywhere in a text: ``AnyOf(pattern)(text)`` is
    ``pattern.search(text) is not None``, found faster.

    A long alternation of phrases (a notice's wording in a dozen languages) gives the
    regular expression engine no literal to skip ahead with: a search tries every
    alternative at every position, 100 ns and more a character. Here each top-level
    alternative is compiled apart and tried only when the text holds one of its
    mandatory literals (``classifier.literal_anchors``, lower case), which one
    Aho-Corasick pass finds; an alternative without such a literal is always tried.

    A pattern without IGNORECASE must be written in lower case, for text that is lower
    case already. An IGNORECASE pattern is prefiltered on the lower-cased text, except a
    text holding one of the few letters IGNORECASE folds otherwise (``_FOLD_VARIANTS``),
    which is searched whole.
    """

    def __init__(self, pattern: re.Pattern[str]) -> None:
        self._ignore_case = bool(pattern.flags & re.IGNORECASE)
        if self._ignore_case:
            if not _ASCII_FOLDS.isdisjoint(pattern.pattern):
                raise ValueError(f"AnyOf cannot prefilter {pattern.pattern[:60]!r}: a letter folds to ASCII")
        elif lowercase_literals(pattern.pattern) != pattern.pattern:
            raise ValueError(
                f"AnyOf needs a lower-case pattern, or IGNORECASE: {pattern.pattern[:60]!r}"
            )
        self.pattern = pattern
        # (A pattern holding such a letter is prefiltered on ASCII text only.)
        self._folds_like_lower = not _HAS_FOLD_VARIANT.search(pattern.pattern)
        alternatives: list[re.Pattern[str]] = []
        by_literal: dict[str, list[int]] = {}
        always: list[int] = []
        for position, alternative in enumerate(split_alternatives(pattern.pattern)):
            alternatives.append(re.compile(alternative, pattern.flags))
            literals = literal_anchors(alternative)
            if literals is None:
                always.append(position)
            else:
                for literal in literals:
                    by_literal.setdefault(literal, []).append(position)
        self._alternatives = tuple(alternatives)
        self._always = tuple(alternatives[k] for k in always)
        self._always_positions = tuple(always)
        self._literals = automaton(by_literal)

    def _probe(self, text: str) -> str | None:
        """The text to look for the literals in (lower-cased for an IGNORECASE pattern), or
        None where only a search of the whole pattern is exact."""
        if not self._ignore_case:
            return text
        probe = _lowered(text)
        if probe is None or not (self._folds_like_lower or text.isascii()):
            return None
        return probe

    def __call__(self, text: str) -> bool:
        probe = self._probe(text)
        if probe is None:
            return self.pattern.search(text) is not None
        for alternative in self._always:
            if alternative.search(text):
                return True
        if self._literals is None:
            return False
        tried: set[int] = set()
        for _, positions in self._literals.iter(probe):
            for position in positions:
                if position not in tried:
                    tried.add(position)
                    if self._alternatives[position].search(text):
                        return True
        return False

    def search(self, text: str) -> re.Match[str] | None:
        """The leftmost match, as ``pattern.search`` finds it: at the first position where
        an alternative matches, the first such alternative (the span is the pattern's; the
        groups are numbered within that alternative)."""
        probe = self._probe(text)
        if probe is None:
            return self.pattern.search(text)
        positions = set(self._always_positions)
        if self._literals is not None:
            for _, found in self._literals.iter(probe):
                positions.update(found)
        best: re.Match[str] | None = None
        for position in sorted(positions):  # (in the pattern's order: the first wins a tie)
            m = self._alternatives[position].search(text)
            if m is not None and (best is None or m.start() < best.start()):
                best = m
        return best

    def finditer(self, text: str) -> Iterator[re.Match[str]]:
        """The matches of the pattern's alternatives in ``text``, alternative by
        alternative (not in the text's order): each alternative's own ``finditer``, for
        those whose literal the text holds, so that a caller finds where the pattern
        matches at the cost of ``__call__``."""
        probe = self._probe(text)
        if probe is None:
            yield from self.pattern.finditer(text)
            return
        for alternative in self._always:
            yield from alternative.finditer(text)
        if self._literals is None:
            return
        tried: set[int] = set()
        for _, positions in self._literals.iter(probe):
            for position in positions:
                if position not in tried:
                    tried.add(position)
                    yield from self._alternatives[position].finditer(text)
