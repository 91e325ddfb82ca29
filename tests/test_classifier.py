"""The rule engine and the rule files: every rule's samples are tests."""

import pytest

from bouncekit.classifier import default_rules, literal_anchors, load_rules
from bouncekit.errors import RuleError

RULES = default_rules()


def _host_for(provider: str) -> str:
    return next(p.hosts[0] for p in RULES.providers if p.name == provider)


@pytest.mark.parametrize(
    ("rule", "sample"),
    [(rule, sample) for rule in RULES.rules for sample in rule.samples],
    ids=lambda v: getattr(v, "id", None) or str(v)[:40],
)
def test_each_rule_decides_its_samples(rule, sample):
    import bouncekit

    host = _host_for(rule.provider) if rule.provider else None
    result = bouncekit.classify(sample, remote_mta=host)
    assert result.rule == rule.id, f"{sample!r} decided by {result.rule}"
    assert result.reason is rule.reason


def test_rule_ids_are_unique():
    ids = [r.id for r in RULES.rules]
    assert len(ids) == len(set(ids))


def test_every_rule_names_its_source():
    assert all(r.source.strip() for r in RULES.rules)


@pytest.mark.parametrize(
    ("pattern", "anchors"),
    [
        ("user unknown", ("user unknown",)),
        ("users? unknown|no such user", (" unknown", "no such user")),
        (r"(?:user|mailbox) (?:is )?full", ("full",)),
        (r"(?:user|mailbox) (?:unknown|full)", ("user", "mailbox")),
        (r"mailbox\.full", ("mailbox.full",)),
        (r"\bspf\b", ("spf",)),
        ("a.b", None),
    ],
)
def test_literal_anchors(pattern, anchors):
    assert literal_anchors(pattern) == anchors


def test_rule_without_anchor_is_refused():
    data = {"rule": [{"id": "x", "reason": "blocked", "pattern": "a.b", "samples": ["a b"],
                      "source": "test"}]}
    with pytest.raises(RuleError, match="literal"):
        load_rules(data, origin="test.toml")


def test_rule_with_unknown_reason_is_refused():
    data = {"rule": [{"id": "x", "reason": "nope", "pattern": "abcd", "samples": ["abcd"],
                      "source": "test"}]}
    with pytest.raises(RuleError, match="unknown reason"):
        load_rules(data, origin="test.toml")
