"""User rules files: merging into the built-in rules, the checks at load, explain."""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest

import bouncekit
from bouncekit.classifier import default_rules
from bouncekit.rulefile import (
    Outcome,
    RulesFileError,
    backtracking_risk,
    cached_rules,
    check_samples,
    explain,
    load_rules,
    parse_rules,
)
from tests.conftest import corpus_bytes

FROZEN = """\
# An operator's own wording.
[[rule]]
id = "cold-storage"
reason = "mailbox_inactive"
pattern = 'mailbox is in cold storage'
samples = ["550 5.2.1 <jo@example.com>: mailbox is in cold storage"]
source = "our MTA's wording"
"""


def write(tmp_path: Path, text: str, name: str = "rules.toml") -> Path:
    path = tmp_path / name
    path.write_text(text)
    return path


def problems(text: str) -> list[str]:
    with pytest.raises(RulesFileError) as caught:
        parse_rules(text, name="my.toml")
    assert caught.value.http_status == 400
    return [str(p) for p in caught.value.problems]


# -- merging -------------------------------------------------------------------------


def test_a_new_rule_is_tried_before_the_built_ins(tmp_path: Path) -> None:
    rules = bouncekit.load_rules(write(tmp_path, FROZEN))
    assert rules.rules[0].id == "cold-storage"
    assert [r.id for r in rules.rules[1:]] == [r.id for r in default_rules().rules]
    # "user unknown" would decide without the user's rule; theirs is tried first.
    text = "550 5.2.1 mailbox is in cold storage, user unknown"
    assert bouncekit.classify(text).rule == "user-unknown"
    assert bouncekit.classify(text, rules=rules).rule == "cold-storage"
    assert bouncekit.classify(text, rules=rules).reason is bouncekit.Reason.MAILBOX_INACTIVE


def test_before_and_after_place_a_rule(tmp_path: Path) -> None:
    text = FROZEN.replace("source =", 'after = "user-unknown"\nsource =')
    ids = [r.id for r in load_rules(write(tmp_path, text)).rules]
    assert ids.index("cold-storage") == ids.index("user-unknown") + 1
    text = FROZEN.replace("source =", 'before = "mailbox-full"\nsource =')
    ids = [r.id for r in load_rules(write(tmp_path, text)).rules]
    assert ids.index("cold-storage") == ids.index("mailbox-full") - 1


def test_a_rule_with_a_built_in_id_replaces_it_in_place() -> None:
    built_in = [r.id for r in default_rules().rules]
    rules = parse_rules("""\
[[rule]]
id = "greylisted"
reason = "rate_limited"
pattern = 'greylist|graylist|grey-list|try again in a moment'
samples = ["450 4.7.1 try again in a moment"]
source = "ours"
""", name="my.toml")
    assert [r.id for r in rules.rules] == built_in
    assert bouncekit.classify("450 4.2.0 Greylisted, see http://postgrey.example", rules=rules).reason \
        is bouncekit.Reason.RATE_LIMITED
    assert default_rules().rules[built_in.index("greylisted")].reason is bouncekit.Reason.SERVER_UNAVAILABLE


def test_provider_scope_as_in_the_built_in_files() -> None:
    rules = parse_rules("""\
provider = "acme"
hosts = ["acme-mail.example"]

[[rule]]
id = "acme-parked"
reason = "mailbox_inactive"
pattern = 'account parked'
samples = ["550 account parked"]
source = "ACME's postmaster page"
""", name="acme.toml")
    assert bouncekit.classify("550 account parked", rules=rules, remote_mta="mx1.acme-mail.example").rule \
        == "acme-parked"
    assert bouncekit.classify("550 account parked", rules=rules, remote_mta="mx.other.example").rule \
        == "reply:550"


def test_parse_uses_the_given_rules() -> None:
    # The built-in rules' reading first: parse remembers each reply's classification, and
    # must remember it per rule set.
    assert bouncekit.parse(corpus_bytes("lhost-postfix-03.eml")).records[0].rule == "user-unknown"
    rules = parse_rules("""\
[[rule]]
id = "postfix-unknown-as-moved"
reason = "address_moved"
pattern = 'unknown user kijitora'
samples = ["550 Unknown user kijitora@example.net"]
source = "test"
""", name="my.toml")
    (record,) = bouncekit.parse(corpus_bytes("lhost-postfix-03.eml"), rules=rules).records
    assert (record.rule, record.reason) == ("postfix-unknown-as-moved", bouncekit.Reason.ADDRESS_MOVED)
    assert bouncekit.parse(corpus_bytes("lhost-postfix-03.eml")).records[0].rule == "user-unknown"


BOILERPLATE_NOTICE = b"""\
From: Mail Delivery System <MAILER-DAEMON@mx.example.org>
To: jo@example.com
Subject: Undeliverable mail
Message-ID: <n1@mx.example.org>

Your message could not be delivered to the following recipient:

  bob@example.net

Your message could not be delivered as addressed.

Quuxbox glorped: vault 4471 sealed
"""


def test_decoders_find_the_reason_with_the_given_rules() -> None:
    # Which paragraph of a notice is its reason is decided by asking the rules which
    # one names a cause: a user's rule must be asked too, or its words are never seen.
    rules = parse_rules("""\
[[rule]]
id = "vault-sealed"
reason = "mailbox_inactive"
pattern = 'quuxbox glorped'
samples = ["Quuxbox glorped: vault 1 sealed"]
source = "test"
""", name="my.toml")
    (record,) = bouncekit.parse(BOILERPLATE_NOTICE, rules=rules).records
    assert (record.rule, record.reason) == ("vault-sealed", bouncekit.Reason.MAILBOX_INACTIVE)
    assert "Quuxbox glorped" in record.diagnostic
    (record,) = bouncekit.parse(BOILERPLATE_NOTICE).records
    assert record.reason is bouncekit.Reason.UNDETERMINED
    assert "Quuxbox" not in record.diagnostic


def test_rules_from_a_file_reach_worker_processes_by_their_path(tmp_path: Path) -> None:
    rules = load_rules(write(tmp_path, FROZEN))
    copy = pickle.loads(pickle.dumps(rules))
    assert copy is cached_rules(rules.origin)
    assert copy.rules[0].id == "cold-storage"
    assert pickle.loads(pickle.dumps(default_rules())) is default_rules()
    with pytest.raises(TypeError, match="loaded from a file"):
        pickle.dumps(parse_rules(FROZEN, name="posted"))


# -- the checks at load --------------------------------------------------------------


def test_every_problem_is_named_with_file_line_and_rule() -> None:
    found = problems("""\
[[rule]]
id = "one"
reason = "no_such_reason"
pattern = '(unclosed'
samples = ["x"]
source = "s"

[[rule]]
id = "two"
reason = "blocked"
pattern = '(spam+)+ found'
samples = ["spam found"]
source = "s"

[[rule]]
id = "three"
reason = "blocked"
pattern = 'refused by policy'
samples = ["550 denied"]
source = "s"

[[rule]]
id = "two"
reason = "blocked"
pattern = 'other words'
samples = ["other words"]
source = "s"
""")
    assert found == [
        "my.toml:3: rule 'one': unknown reason 'no_such_reason' (the reasons are those of TAXONOMY.md, "
        "e.g. user_unknown, mailbox_full, blocklisted)",
        "my.toml:4: rule 'one': bad regular expression: missing ), unterminated subpattern at position 0",
        "my.toml:11: rule 'two': the pattern can backtrack badly: an unbounded repeat inside another repeat",
        "my.toml:19: rule 'three': its own pattern does not match the sample '550 denied'",
        "my.toml:23: rule 'two': duplicate id: the rule on line 9 has it already",
    ]


def test_placement_keys_and_structure_are_checked() -> None:
    assert problems(FROZEN.replace("source =", 'before = "no-such-rule"\nsource =')) == [
        "my.toml:7: rule 'cold-storage': before = 'no-such-rule' names no other rule"]
    assert problems(FROZEN.replace("source =", 'colour = "red"\nsource =')) == [
        "my.toml:7: rule 'cold-storage': unknown key 'colour'"]
    assert problems(FROZEN.replace("pattern = 'mailbox is in cold storage'\n", "")) == [
        "my.toml:2: rule 'cold-storage': missing 'pattern'"]
    assert problems(FROZEN.replace("'mailbox is in cold storage'", "'mailbox is in cold storage|x.y'")) == [
        "my.toml:5: rule 'cold-storage': every alternative of the pattern needs a literal of at least 3 "
        "characters"]
    assert problems('provider = "nowhere"\n' + FROZEN)[0].startswith(
        "my.toml:1: provider 'nowhere' is not one bouncekit knows: give its 'hosts'")
    assert problems("[[rule]]\nid = = 'x'\n") == ["my.toml:2: not valid TOML: Invalid value"]


def test_a_file_that_cannot_be_read_is_named(tmp_path: Path) -> None:
    with pytest.raises(RulesFileError) as caught:
        load_rules(tmp_path / "missing.toml")
    missing = tmp_path / "missing.toml"
    assert str(caught.value) == f"{missing}: cannot read the file: No such file or directory"


@pytest.mark.parametrize(("pattern", "risk"), [
    (r"(a+)+b", "an unbounded repeat inside another repeat"),
    (r"(\w+\s?)+$", "an unbounded repeat inside another repeat"),
    (r"(a|a)*b", "a repeated alternation whose alternatives can match the same text"),
    (r"(?:ab|a)+c", "a repeated alternation whose alternatives can match the same text"),
    (r"x\s*\s+y", "two unbounded repeats in a row that can match the same text"),
    (r"user .*.* unknown", "two unbounded repeats in a row that can match the same text"),
    (r"user unknown", None),
    (r"mailbox.{0,40}full", None),
    (r"(?:abc|abd)+", None),
    (r"[a-z]+@[a-z]+", None),
])
def test_backtracking_risk(pattern: str, risk: str | None) -> None:
    assert backtracking_risk(pattern) == risk


def test_the_built_in_patterns_have_no_backtracking_risk() -> None:
    assert [r.id for r in default_rules().rules if backtracking_risk(r.pattern.pattern)] == []


# -- samples and explain -------------------------------------------------------------


def test_check_samples_reports_a_shadowed_rule() -> None:
    rules = parse_rules(FROZEN.replace("source =", 'after = "mailbox-full"\nsource =').replace(
        'samples = ["550 5.2.1 <jo@example.com>: mailbox is in cold storage"]',
        'samples = ["550 5.2.1 mailbox is in cold storage", '
        '"552 mailbox is in cold storage because the mailbox full"]'),
        name="my.toml")
    checks = check_samples(rules, ["cold-storage"])
    assert [(c.sample, c.decided_by, c.ok) for c in checks] == [
        ("550 5.2.1 mailbox is in cold storage", "cold-storage", True),
        ("552 mailbox is in cold storage because the mailbox full", "mailbox-full", False),
    ]


def test_explain_names_candidates_and_what_decided() -> None:
    found = explain(default_rules(), "550 5.7.1 No such user! mailbox full")
    assert (found.status, found.reply_code, found.provider) == ("5.7.1", "550", None)
    outcomes = {c.rule: c.outcome for c in found.candidates}
    assert outcomes["mailbox-full"] is Outcome.DECIDED
    assert outcomes["user-unknown"] is Outcome.MATCHED
    assert found.classification.rule == "mailbox-full"
    assert found.why == "the text rule mailbox-full matched 'mailbox full'"

    by_code = explain(default_rules(), "552 5.2.2 sorry")
    assert by_code.candidates == ()
    assert by_code.why == "no text rule matched; the enhanced status code 5.2.2 decided (status:X.2.2)"

    scoped = explain(default_rules(), "550 5.1.1 https://support.google.com/mail/?p=NoSuchUser x",
                     remote_mta="mx.example.org")
    assert {c.rule: c.outcome for c in scoped.candidates}["google-no-such-user"] is Outcome.OTHER_PROVIDER


def test_a_sending_side_rule_makes_its_failures_rejected(tmp_path: Path) -> None:
    # An operator's own relay writes its sending cap in its words: a failure it decides
    # never left, and a delay it decides is still a delay.
    rules = load_rules(write(tmp_path, """\
[[rule]]
id = "relay-cap"
reason = "rate_limited"
sending_side = true
pattern = 'outbound cap reached'
samples = ["550 outbound cap reached for this account"]
source = "our relay"
"""))
    assert [r.id for r in rules.rules if r.sending_side] == ["relay-cap"] + [
        r.id for r in default_rules().rules if r.sending_side]
    bounce = _postfix_notice("550 5.7.1 outbound cap reached for this account")
    (record,) = bouncekit.parse(bounce, rules=rules).records
    assert (str(record.event), record.rule) == ("rejected", "relay-cap")
    (record,) = bouncekit.parse(bounce).records
    assert str(record.event) == "bounce"
    assert problems(FROZEN.replace("source =", 'sending_side = "yes"\nsource =')) == [
        "my.toml:7: rule 'cold-storage': sending_side must be true or false"]



def test_an_owner_words_rule_is_known_to_the_rule_set(tmp_path: Path) -> None:
    # The automatic-reply reader keeps a reply in its owner's words an automatic reply:
    # which rules speak so is data, marked in the file, not a list in code.
    assert {"owner-moved", "person-left", "de-owner-moved"} <= default_rules().owner_words
    assert "address-moved" not in default_rules().owner_words
    rules = load_rules(write(tmp_path, """\
[[rule]]
id = "fr-owner-moved"
reason = "address_moved"
owner_words = true
pattern = "je ne consulte plus cette adresse"
samples = ["Je ne consulte plus cette adresse, écrivez-moi à jo@example.fr"]
source = "a French autoresponder"
"""))
    assert "fr-owner-moved" in rules.owner_words
    assert problems(FROZEN.replace("source =", 'owner_words = 1\nsource =')) == [
        "my.toml:7: rule 'cold-storage': owner_words must be true or false"]

def _postfix_notice(reply: str) -> bytes:
    return (
        "From: MAILER-DAEMON@mail.example.com (Mail Delivery System)\nTo: jo@example.com\n"
        "Subject: Undelivered Mail Returned to Sender\nAuto-Submitted: auto-replied\n\n"
        "This is the mail system at host mail.example.com.\n\n"
        "I'm sorry to have to inform you that your message could not\n"
        "be delivered to one or more recipients.\n\n"
        f"<ann@example.net>: host relay.example.com[192.0.2.1] said: {reply} (in reply to\n"
        "    RCPT TO command)\n"
    ).encode()
