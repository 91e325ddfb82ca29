"""The rule engine and the rule files: every rule's samples are tests."""

import dataclasses
import pickle
import re
import time

import pytest
from hypothesis import given
from hypothesis import strategies as st

import bouncekit
from bouncekit import smtp
from bouncekit.classifier import (
    _HOST_CUE,
    _QUOTED_HOST,
    LazyPattern,
    RuleSet,
    _mask_host,
    _required_literals,
    anchored_by_rarity,
    default_rules,
    literal_anchors,
    load_rules,
    mask_hosts,
    normalize,
)
from bouncekit.errors import RuleError
from bouncekit.model import Reason

RULES = default_rules()


def _host_for(provider: str) -> str:
    return next(p.hosts[0] for p in RULES.providers if p.name == provider)


@pytest.mark.parametrize(
    ("rule", "sample"),
    [(rule, sample) for rule in RULES.rules for sample in rule.samples],
    ids=lambda v: getattr(v, "id", None) or str(v)[:40],
)
def test_each_rule_decides_its_samples(rule, sample):
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
        (r"i\u0307?stenmeyen posta", ("stenmeyen posta",)),  # a code point escape is one character
        (r"x\u00e9cole", ("xécole",)),
        ("a.b", None),
    ],
)
def test_literal_anchors(pattern, anchors):
    assert literal_anchors(pattern) == anchors


@pytest.mark.parametrize(
    ("pattern", "required"),
    [
        (r"relay(?:ing)? (?:is )?(?:denied|refused)", (("relay",), ("denied", "refused"))),
        (r"mailbox\s+full", (("mailbox",), ("full",))),
        (r"no (?:such )?user", (("no ",), ("user",))),
        (r"(?:user|mailbox)s? unknown", (("user", "mailbox"), (" unknown",))),
        (r"spam(?=\b)", (("spam",),)),
    ],
)
def test_required_literals(pattern, required):
    assert _required_literals(pattern) == required


def test_required_literals_hold_wherever_a_branch_matches():
    # The matcher skips a branch whose required literals are not all in the text: sound
    # only if every match contains them. Checked on every sample of every rule.
    for rule in RULES.rules:
        for sample in rule.samples:
            text = normalize(sample)
            for branch, _ in rule.branches:
                if branch.search(text):
                    for piece in _required_literals(branch.pattern):
                        assert any(literal in text for literal in piece), (rule.id, branch.pattern, piece)


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


# --- the rule files ------------------------------------------------------------------

_UNBOUNDED = re.compile(r"\.[*+]|\)[*+]|\)\{\d+,\}|\]\{\d+,\}")


@pytest.mark.parametrize("rule", RULES.rules, ids=lambda r: r.id)
def test_patterns_are_bounded(rule):
    # A 20 MB message must classify in well under a second: no unbounded gaps and no
    # repeated groups, the shapes that make a regular expression backtrack.
    assert not _UNBOUNDED.search(rule.pattern.pattern), rule.pattern.pattern


@pytest.mark.parametrize("rule", RULES.rules, ids=lambda r: r.id)
def test_patterns_compile(rule):
    # Compiled when first used (LazyPattern): a typo must fail here, not in a user's run.
    assert rule.pattern.compiled.pattern == rule.pattern.pattern
    for branch, _ in rule.branches:
        assert branch.compiled.flags & re.IGNORECASE == 0  # the text is lower case already


def test_lazy_pattern_compiles_once_and_behaves_as_a_pattern():
    pattern = LazyPattern("mailbox (?:is )?full", 0, (("mailbox ",), ("full",)))
    assert pattern.search("the mailbox is full")[0] == "mailbox is full"
    compiled = pattern.compiled
    assert pattern.search == compiled.search and pattern.compiled is compiled
    found = [m[0] for m in pattern.finditer("mailbox full, mailbox is full")]
    assert found == ["mailbox full", "mailbox is full"]
    assert pattern == LazyPattern("mailbox (?:is )?full") and len({pattern, LazyPattern("x")}) == 2
    assert pickle.loads(pickle.dumps(pattern)).required == pattern.required


@pytest.mark.parametrize("rule", RULES.rules, ids=lambda r: r.id)
def test_each_alternative_is_a_branch_with_its_own_anchors(rule):
    assert len(rule.branches) >= 1
    for branch, anchors in rule.branches:
        assert anchors and all(len(a.strip()) >= 3 for a in anchors), branch.pattern
        assert set(anchors) <= set(rule.anchors)


def test_providers_have_hosts_and_rules():
    names = [p.name for p in RULES.providers]
    assert len(names) == len(set(names))
    for provider in RULES.providers:
        assert provider.hosts, provider.name
        assert any(r.provider == provider.name for r in RULES.rules), provider.name


@pytest.mark.parametrize(
    ("rule", "sample"),
    [(rule, sample) for rule in RULES.rules if rule.anywhere for sample in rule.samples],
    ids=lambda v: getattr(v, "id", None) or str(v)[:40],
)
def test_provider_codes_marked_anywhere_decide_without_the_host(rule, sample):
    # A provider's own code (IB212, DT:SPM, [TSS04]) names the provider by itself.
    assert bouncekit.classify(sample).rule == rule.id


def test_anywhere_belongs_to_provider_rules():
    entry = {"id": "x", "reason": "blocked", "pattern": "abcd", "samples": ["abcd"], "source": "t",
             "anywhere": True}
    with pytest.raises(RuleError, match="provider rules only"):
        load_rules({"rule": [entry]}, origin="general.toml")
    with pytest.raises(RuleError, match="true or false"):
        load_rules({"rule": [{**entry, "anywhere": "yes"}]}, origin="p.toml", provider="p")
    assert load_rules({"rule": [entry]}, origin="p.toml", provider="p")[0].anywhere


def test_provider_rules_come_first_and_general_rules_keep_file_order():
    kinds = [r.provider is None for r in RULES.rules]
    assert kinds == sorted(kinds)
    general = [r.id for r in RULES.rules if r.provider is None]
    assert general.index("user-unknown") < general.index("blocked")
    assert general.index("blocklist-named") < general.index("spam-verdict")


@pytest.mark.parametrize(
    ("hosts", "provider"),
    [
        (("mx1.hotmail.com",), "microsoft"),
        (("example-com.mail.protection.outlook.com",), "microsoft"),
        (("MX01.Mail.iCloud.com.",), "apple"),
        ((None, "docomo.ne.jp"), "docomo"),
        (("mx.example.org", "gmail.com"), "google"),
        (("notgmail.com",), None),
        (("com",), None),
        ((None, ""), None),
    ],
)
def test_provider_for_matches_host_suffixes(hosts, provider):
    assert RULES.provider_for(hosts) == provider


def test_hand_built_rule_set_uses_whole_patterns():
    rule = load_rules(
        {"rule": [{"id": "full", "reason": "mailbox_full", "pattern": "box (?:is )?full|quota",
                   "samples": ["box full"], "source": "test"}]},
        origin="test.toml",
    )[0]
    bare = dataclasses.replace(rule, branches=())
    rules = RuleSet([bare], [], {}, {})
    assert rules.classify("552 over QUOTA").rule == "full"
    assert rules.classify("552 the box is full").rule == "full"
    assert rules.classify("552 nyaa").rule == "undetermined"


def test_constraints_and_codes():
    data = {"rule": [{"id": "only-4xx", "reason": "rate_limited", "pattern": "slow down",
                      "samples": ["slow down"], "source": "test", "reply": "4"}]}
    rules = RuleSet(load_rules(data, origin="t.toml"), [], {"X.2.2": Reason.MAILBOX_FULL},
                    {"452": Reason.SERVER_FULL})
    assert rules.classify("slow down", reply_code="421").rule == "only-4xx"
    assert rules.classify("slow down", reply_code="550").rule == "undetermined"
    assert rules.classify("x", status="5.2.2", reply_code="452").rule == "status:X.2.2"
    assert rules.classify("x", status="4.0.0", reply_code="452").rule == "reply:452"


def test_duplicate_rule_ids_are_refused():
    rule = load_rules({"rule": [{"id": "x", "reason": "blocked", "pattern": "abcd",
                                 "samples": ["abcd"], "source": "t"}]}, origin="t.toml")[0]
    with pytest.raises(RuleError, match="defined twice"):
        RuleSet([rule, rule], [], {}, {})


def test_classification_explains_itself():
    result = bouncekit.classify("550 5.1.1 <a@example.com>: Recipient address rejected: User unknown")
    assert (result.rule, result.matched, result.status, result.reply_code) == (
        "user-unknown", "user unknown", "5.1.1", "550")


def test_huge_text_is_cut_and_fast():
    start = time.perf_counter()
    result = bouncekit.classify("550 5.1.1 " + "nyaa " * 4_000_000 + "user unknown")
    assert time.perf_counter() - start < 1.0
    # The deciding words lie past the first MAX_TEXT characters: only the codes count.
    assert result.rule == "status:X.1.1"


def test_status_and_reply_tables_use_the_vocabulary():
    assert all(isinstance(v, Reason) for v in RULES.status_table.values())
    assert all(isinstance(v, Reason) for v in RULES.reply_table.values())
    assert RULES.status_table["X.1.10"] is Reason.DOMAIN_NOT_ACCEPTING  # RFC 7505
    assert RULES.status_table["X.7.27"] is Reason.SENDER_REJECTED  # RFC 7505
    assert RULES.reply_table["521"] is Reason.DOMAIN_NOT_ACCEPTING  # RFC 7504
    assert RULES.reply_table["556"] is Reason.DOMAIN_NOT_ACCEPTING  # RFC 7504
    assert "5.0.0" not in RULES.status_table and "X.0.0" not in RULES.status_table


@pytest.mark.parametrize(
    ("text", "klass"),
    [
        # words inside the name of the host that replied are not the reply's words
        ("host virusgw.example.net[192.0.2.1] said: 550 5.1.1 user unknown", 10),
        ("host spf-check.example.org said: 550 5.1.1 no such user", 10),
        ("connect to greylist.example.com[192.0.2.1]:25: Connection timed out", 24),
        ("host dormant-mx.example.net[192.0.2.7] said: 552 5.2.2 mailbox full", 22),
        # nor are those of a DSN's MTA fields, or of an address or message id in brackets
        ("Reporting-MTA: dns; o3.ptr.example.net\nDiagnostic-Code: smtp; 552 5.2.2 Mailbox full", 22),
        ('{"reason": "552 5.2.2 Mailbox full", "smtp-id": "<1b3d.73@o3.ptr.example.net>"}', 22),
        ("550 5.1.1 <kim@spam-free.example.org>: Recipient address rejected: User unknown", 10),
        # a blocklist named in the reply is evidence, wherever it stands
        ("554 5.7.1 Service unavailable; Client host [192.0.2.1] blocked using zen.spamhaus.org", 51),
        ("550 Rejected: 192.0.2.1 listed at bl.spamcop.net", 51),
    ],
)
def test_host_names_in_a_reply_are_not_its_words(text, klass):
    assert int(bouncekit.classify(text).bounce_class) == klass


@pytest.mark.parametrize(
    ("text", "klass"),
    [
        ("550 5.1.1 Unknown Recipient. This message has been scanned for viruses and spam.", 10),
        ("552 5.2.2 Mailbox full -- Checked for viruses by the mail gateway", 22),
        ("550 5.1.1 User unknown. Virus-free. www.example.com", 10),
        ("550 5.1.1 No such user. No virus found in this message.", 10),
        # the verdicts themselves still decide
        ("554 5.7.1 Message rejected: virus found in message", 53),
        ("550 Message rejected: scanned and a virus was detected (Win.Test.EICAR)", 53),
    ],
)
def test_a_virus_scanner_s_stamp_is_no_verdict(text, klass):
    assert int(bouncekit.classify(text).bounce_class) == klass


_HOST_PIECES = [*"ab.-_[]():0 \t", "mx.example.com", "a-b.c", "[192.0.2.1]", "[::1]", " (192.0.2.1)",
                "host ", " said", "from ", "by ", " refused to talk", "İ", "\xa0"]
_HOSTY = st.lists(st.sampled_from(_HOST_PIECES), max_size=30).map("".join)


@given(_HOSTY)
def test_host_cue_is_in_every_text_the_host_mask_changes(text):
    # normalize() skips the mask when the cue is missing: it must not change what it masks.
    lowered = " ".join(text.split()).lower()
    if _QUOTED_HOST.sub(_mask_host, lowered) != lowered:
        assert _HOST_CUE.search(lowered)
    assert mask_hosts(lowered) == _QUOTED_HOST.sub(_mask_host, lowered)


@pytest.mark.parametrize("text", [
    *[sample for rule in RULES.rules for sample in rule.samples][::7],
    "550-5.1.1 first line\r\n550-5.1.1 second\tline\r\n550 5.1.1 host mx.example.com[192.0.2.1] said",
    "smtp; 550 5.1.1   <a@b>:\u00a0User\u2028unknown  ",
    "452-4.2.2 The email account that you tried to reach is over quota. 452 4.2.2 Please direct",
])
def test_classify_lowers_the_cleaned_text_for_normalize(text):
    # bouncekit.classify gives the matcher mask_hosts(cleaned.lower()), not normalize(cleaned).
    cleaned = smtp.parse_reply(text).text
    assert mask_hosts(cleaned.lower()) == normalize(cleaned)


_REPLY_PIECES = [*"0245.-; \n\tsmtpSaid<[x", "550 ", "5.1.1", "said: "]


@given(st.lists(st.sampled_from(_REPLY_PIECES), max_size=30).map("".join))
def test_reply_parts_are_parse_reply(text):
    reply = smtp.parse_reply(text)
    assert smtp.reply_parts(text) == (reply.reply_code, reply.status, reply.text)


_HOST_PIECES = ["a", ".", "com", "gmail", "yahoo", "co", "jp", "docomo", "ne", "MX"]


@given(st.lists(st.lists(st.sampled_from(_HOST_PIECES), max_size=8).map("".join) | st.none(), max_size=3))
def test_provider_for_tries_the_suffixes_of_two_labels_or_more_longest_first(hosts):
    def by_labels(hosts):  # the plain reading: split at the dots, each suffix joined again
        for host in hosts:
            labels = (host or "").lower().rstrip(".").split(".")
            for i in range(len(labels) - 1):
                name = RULES._host_owner.get(".".join(labels[i:]))
                if name is not None:
                    return name
        return None

    assert RULES.provider_for(hosts) == by_labels(hosts)


@pytest.mark.parametrize(
    ("text", "reason", "rule"),
    [
        ("552 5.2.2 Please try again later or contact the recipient another way", Reason.MAILBOX_FULL,
         "status:X.2.2"),
        ("550 5.1.1 Requested action not taken: policy", Reason.USER_UNKNOWN, "status:X.1.1"),
        # A status that providers also give to policy refusals leaves the words to decide.
        ("521 5.2.1 AOL will not accept delivery of this message.", Reason.BLOCKED, "blocked"),
        # A rule that names a cause still beats any status.
        ("550 5.1.1 Service unavailable; client host blocked using zen.spamhaus.org", Reason.BLOCKLISTED,
         "blocklist-named"),
    ],
)
def test_a_status_naming_the_mailbox_s_problem_beats_generic_words(text, reason, rule):
    c = bouncekit.classify(text)
    assert (c.reason, c.rule) == (reason, rule)


@pytest.mark.parametrize("text", [
    "Ihre Nachricht konnte seit 4 Stunden nicht zugestellt werden. Wir versuchen es weiter.",
    "Your message could not be delivered for 4 hours; we will keep trying for 5 days.",
])
def test_a_delay_that_only_says_how_long_it_waited_names_no_cause(text):
    # A message still queued has not expired: the words that would make a failure
    # "expired" say nothing of why it is late.
    delay = RULES.classify_delay(text)
    assert (int(delay.bounce_class), delay.reason) == (70, Reason.DELAYED)
    # The words that say it will be retried make the text a delay notice, whatever the
    # event; the same wait in a failure, without them, is expired.
    assert int(RULES.classify(text).bounce_class) == 70
    failure = text.split(". ")[0].split(";")[0]
    assert int(RULES.classify(failure).bounce_class) == 24


def test_a_delay_whose_only_cause_is_the_expiry_status_names_no_cause():
    # Exchange gives its delay warnings Status 4.4.7 ("delivery time expired"): for a
    # message still queued that says how long it waited, not why.
    delay = RULES.classify_delay("", status="4.4.7")
    assert (int(delay.bounce_class), delay.rule) == (70, "event:delayed")
    assert int(RULES.classify("", status="5.4.7").bounce_class) == 24  # a failure has expired
    # "Other or undefined" (4.0.0) names no cause either.
    assert int(RULES.classify_delay("", status="4.0.0").bounce_class) == 70
    # A delay status that names a cause still decides.
    assert int(RULES.classify_delay("", status="4.2.2").bounce_class) == 22


def test_a_delay_still_keeps_the_cause_it_names():
    delay = RULES.classify_delay("Seit 4 Stunden nicht zugestellt: 452 4.2.2 Postfach voll")
    assert int(delay.bounce_class) == 22


def test_a_branch_is_anchored_on_its_rarest_literal() -> None:
    # "mailbox" is in every sample, "quota" in one: the branch is tried only for texts
    # holding "quota", and it matches exactly what it matched before.
    data = {"rule": [
        {"id": "full", "reason": "mailbox_full", "pattern": r"mailbox\b.{0,40}quota",
         "samples": ["552 mailbox over quota"], "source": "t"},
        {"id": "gone", "reason": "user_unknown", "pattern": r"mailbox unavailable",
         "samples": ["550 mailbox unavailable", "550 mailbox unavailable here"], "source": "t"},
    ]}
    rules = load_rules(data, origin="test.toml")
    ((_, first_anchors),) = rules[0].branches
    assert first_anchors == ("mailbox",)  # the longest literal, knowing one rule
    rarest = anchored_by_rarity(rules)
    ((branch, anchors),) = rarest[0].branches
    assert anchors == ("quota",)
    assert branch.required[0] == ("quota",)
    before, after = RuleSet(rules, [], {}, {}), RuleSet(rarest, [], {}, {})
    for text in ("552 mailbox is over its quota", "550 mailbox unavailable", "quota mailbox", "mailbox"):
        assert before.classify(text).rule == after.classify(text).rule
    assert after.classify("552 mailbox is over its quota").rule == "full"
