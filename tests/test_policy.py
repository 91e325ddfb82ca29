"""The policy as pure data and functions: no database here."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bouncekit.errors import PolicyError
from bouncekit.model import Basis, Classification, Event, Reason, Record
from bouncekit.policy import (
    DEFAULT_POLICY_TOML,
    Action,
    DomainRule,
    Policy,
    Rule,
    block_ips,
    block_subject,
    dns_domain_failing,
    event_time,
    load_policy,
    parse_policy,
    suppression_reason,
    threshold_reached,
)

T0 = datetime(2024, 5, 1, tzinfo=UTC)


def record(reason: Reason | None, event: Event = Event.BOUNCE, **fields) -> Record:
    classification = Classification(reason.default_class, reason, "test") if reason else None
    return Record(event, "user@example.org", classification, "test", **fields)


def days(*offsets: float, success: bool = False) -> list[tuple[datetime, bool]]:
    return [(T0 + timedelta(days=d), success) for d in offsets]


def test_the_documented_file_is_the_default() -> None:
    assert parse_policy(DEFAULT_POLICY_TOML) == Policy()
    assert parse_policy("") == Policy()
    default = Policy()
    assert (default.soft.after, default.soft.within_days) == (3, 15)
    assert default.hard.action is Action.SUPPRESS and not default.hard.counting
    assert default.block.action is Action.REPORT


@pytest.mark.parametrize(
    ("rec", "rule_id"),
    [
        (record(Reason.USER_UNKNOWN), "hard"),
        (record(Reason.MAILBOX_FULL), "soft"),
        (record(Reason.DOMAIN_NOT_FOUND), "soft"),
        (record(Reason.BLOCKLISTED), "block"),
        (record(Reason.SPAM_CONTENT), "block"),
        (record(None, Event.COMPLAINT, feedback_type="abuse"), "complaint"),
        (record(None, Event.COMPLAINT, feedback_type="other"), "complaint"),
        # A DMARC failure report and a "not spam" report are no complaint about the mail.
        (record(None, Event.COMPLAINT, feedback_type="auth-failure"), "feedback"),
        (record(None, Event.COMPLAINT, feedback_type="not-spam"), "feedback"),
        (record(Reason.DELAYED, Event.DELAYED), "delayed"),
        (record(Reason.AUTO_REPLY, Event.AUTO_REPLY), "auto_reply"),
        (record(Reason.UNDETERMINED), "undetermined"),
        (record(Reason.CHALLENGE_RESPONSE), "class-100"),
        (record(Reason.NO_RECIPIENT), "hard"),
        # The sending side refused: an address on its suppression list is invalid (hard);
        # its own sending limit says nothing of the address (reported, never counted).
        (record(Reason.USER_UNKNOWN, Event.REJECTED), "hard"),
        (record(Reason.RATE_LIMITED, Event.REJECTED), "block"),
        (record(Reason.POLICY_VIOLATION, Event.REJECTED), "block"),
    ],
)
def test_each_record_gets_its_rule(rec: Record, rule_id: str) -> None:
    rule = Policy().rule_for(rec)
    assert rule is not None and rule.id == rule_id


def test_a_delivery_has_no_rule() -> None:
    assert Policy().rule_for(record(None, Event.DELIVERED)) is None


def test_class_overrides_win_over_the_type() -> None:
    policy = parse_policy('[class.21]\naction = "suppress"\nafter = 2\nwithin_days = 7\n')
    rule = policy.rule_for(record(Reason.DOMAIN_NOT_FOUND))
    assert rule == Rule("class-21", Action.SUPPRESS, 2, 7.0)
    assert policy.rule_for(record(Reason.MAILBOX_FULL)) == policy.soft
    assert policy.rule_for(record(Reason.CHALLENGE_RESPONSE)).id == "class-100"  # defaults kept


def test_partial_sections_keep_their_other_defaults() -> None:
    policy = parse_policy("[soft]\nafter = 5\n[domain]\nmin_addresses = 3\n")
    assert policy.soft == Rule("soft", Action.SUPPRESS, 5, 15.0)
    assert policy.domain == DomainRule(True, 3)
    assert policy.hard == Policy().hard


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[hrad]\n", "p.toml: unknown section [hrad]"),
        ('[hard]\naction = "delete"\n',
         "p.toml: [hard]: action must be suppress, report or record, not 'delete'"),
        ("[soft]\nafter = 0\n", "p.toml: [soft]: after must be a whole number from 1 to 10000, not 0"),
        ("[soft]\nafter = true\n", "after must be a whole number"),
        ("[soft]\nwithin_days = -1\n",
         "p.toml: [soft]: within_days must be a number of days above 0, not -1"),
        ("[soft]\nevery = 3\n", "p.toml: [soft]: unknown key 'every'"),
        ('[class.99]\naction = "record"\n', "p.toml: [class.99] is not a class code of the taxonomy"),
        ('[class.x]\naction = "record"\n', "p.toml: [class.x] is not a class code"),
        ("[domain]\nmin_addresses = 0\n", "min_addresses must be a whole number of at least 1"),
        ("soft = 3\n", "p.toml: [soft] must be a table"),
        ("[soft\n", "p.toml: invalid TOML"),
    ],
)
def test_bad_policy_files_say_what_is_wrong(text: str, message: str) -> None:
    with pytest.raises(PolicyError) as caught:
        parse_policy(text, origin="p.toml")
    assert message in str(caught.value)


def test_load_policy_reads_a_file(tmp_path) -> None:
    path = tmp_path / "policy.toml"
    path.write_text('[block]\naction = "record"\n')
    assert load_policy(path).block.action is Action.RECORD
    assert load_policy(None) == Policy()
    with pytest.raises(PolicyError, match="cannot read the policy file"):
        load_policy(tmp_path / "missing.toml")


SOFT = Policy().soft


@pytest.mark.parametrize(
    ("events", "at", "reached"),
    [
        (days(0, 5, 10), 10, True),
        (days(0, 5), 5, False),
        (days(0, 10, 20), 20, False),  # 20 days from first to last
        (days(0, 15, 15), 15, True),  # the window is inclusive
        (days(0, 1) + days(2, success=True) + days(3), 3, False),
        (days(0) + days(1, success=True) + days(2, 3, 4), 4, True),
        (days(10, 5, 0), 0, True),  # the new record is the oldest: arrived late
        (days(0, 1, 2, 40), 40, False),  # an old run does not make a new one count
        (days(0, 1) + days(1, success=True) + days(1), 1, True),  # a success at the same instant
    ],
)
def test_threshold_reached(events, at: float, reached: bool) -> None:
    assert threshold_reached(SOFT, events, T0 + timedelta(days=at)) is reached


def test_threshold_of_rules_that_do_not_count() -> None:
    assert threshold_reached(Policy().hard, [], T0) is True
    assert threshold_reached(Policy().block, days(0, 1, 2), T0) is False


def test_event_time_prefers_a_plausible_record_date() -> None:
    received = datetime(2024, 6, 1, 12, tzinfo=UTC)
    assert event_time(record(Reason.USER_UNKNOWN, date="2024-05-01T10:00:00+02:00"), received) == datetime(
        2024, 5, 1, 8, tzinfo=UTC
    )
    assert event_time(record(Reason.USER_UNKNOWN, date="2030-01-01T00:00:00+00:00"), received) == received
    assert event_time(record(Reason.USER_UNKNOWN, date="garbage"), received) == received
    assert event_time(record(Reason.USER_UNKNOWN), datetime(2024, 6, 1, 12)) == received  # naive is UTC


@pytest.mark.parametrize("date", ["9999-12-31T23:59:59-12:00", "0001-01-01T00:00:00+01:00",
                                  "0001-01-05T00:00:00+00:00", "1969-12-31T23:59:59+00:00"])
def test_event_time_of_a_date_off_the_calendar_is_the_reception(date: str) -> None:
    # The first two leave the calendar when turned to UTC; the others would once the
    # policy looks days before them.
    received = datetime(2024, 6, 1, 12, tzinfo=UTC)
    assert event_time(record(Reason.USER_UNKNOWN, date=date), received) == received


def test_block_subject_is_the_sending_domain_else_the_reporting_host() -> None:
    sent = record(Reason.BLOCKLISTED, original_sender="News@Sender.Example")
    assert block_subject(sent) == "sender.example"
    assert block_subject(record(Reason.BLOCKLISTED, reporting_mta="MX.Example.NET")) == "mx.example.net"
    assert block_subject(record(Reason.BLOCKLISTED)) is None


@pytest.mark.parametrize(
    ("diagnostic", "ips"),
    [
        ("550 5.7.1 Client host [192.0.2.1] blocked using zen.spamhaus.org", ("192.0.2.1",)),
        ("554 IP=203.0.113.99 - A problem occurred. (BL)", ("203.0.113.99",)),
        ("550 5.7.1 [IPv6:2001:DB8::1] blocked", ("2001:db8::1",)),
        ("421 4.7.0 [TSS04] Messages from 192.0.2.192 deferred - 4.16.55.1; see", ("192.0.2.192",)),
        ("550 5.7.1 Message rejected as spam", ()),
        ("code 1.2.3.4.5 and 999.1.1.1", ()),
    ],
)
def test_block_ips_are_the_addresses_a_reply_presents_as_ips(diagnostic: str, ips: tuple[str, ...]) -> None:
    assert block_ips(record(Reason.BLOCKLISTED, diagnostic=diagnostic)) == ips


def test_dns_domain_failing_needs_every_address_and_enough_of_them() -> None:
    rule = DomainRule()
    assert dns_domain_failing(rule, 2, 2) is True
    assert dns_domain_failing(rule, 1, 1) is False
    assert dns_domain_failing(rule, 3, 2) is False
    assert dns_domain_failing(replace(rule, report_dns_failure=False), 5, 5) is False


def test_suppression_reason_names_the_rule_and_the_record() -> None:
    hard = suppression_reason(Policy().hard, record(Reason.USER_UNKNOWN))
    assert hard == "hard: user_unknown (class 10 Invalid Recipient)"
    soft = suppression_reason(SOFT, record(Reason.MAILBOX_FULL))
    assert soft == "3 soft records within 15 days, the last: mailbox_full (class 22 Mailbox Full)"
    complaint = suppression_reason(Policy().complaint, record(None, Event.COMPLAINT, feedback_type="abuse"))
    assert complaint == "complaint: feedback report (abuse)"


def test_the_readme_policy_example_is_a_valid_policy() -> None:
    readme = (Path(__file__).parent.parent / "README.md").read_text()
    section = readme.split("## Suppression list and policies", 1)[1]
    example = section.split("```toml\n", 1)[1].split("```", 1)[0]
    policy = parse_policy(example, origin="README.md")
    assert policy.rule_for(record(Reason.DOMAIN_NOT_FOUND)) == Rule("class-21", Action.SUPPRESS, 2, 15.0)
    assert replace(policy, classes=Policy().classes) == Policy()


def test_a_hard_class_read_from_the_reply_code_alone_counts_like_a_soft_bounce() -> None:
    weak = Record(Event.BOUNCE, "user@example.org",
                  Classification(Reason.USER_UNKNOWN.default_class, Reason.USER_UNKNOWN, "reply:550",
                                 None, "550", None, Basis.REPLY),
                  "test", reply_code="550")
    strong = replace(weak, classification=replace(weak.classification, rule="user-unknown", basis=Basis.TEXT))
    policy = Policy()
    assert policy.rule_for(strong).id == "hard" and not policy.rule_for(strong).counting
    rule = policy.rule_for(weak)
    assert rule.id == "hard_reply" and rule.counting and (rule.after, rule.within_days) == (3, 15)
    assert not threshold_reached(rule, days(0, 1), T0 + timedelta(days=1))
    assert threshold_reached(rule, days(0, 1, 2), T0 + timedelta(days=2))
    # The history says why: the reason names the weak evidence.
    assert suppression_reason(rule, weak) == (
        "3 hard_reply records within 15 days, the last: user_unknown (class 10 Invalid Recipient), "
        "read from the reply code 550 alone"
    )


def test_hard_reply_is_a_policy_section() -> None:
    policy = parse_policy("[hard_reply]\nafter = 1\n")
    assert policy.hard_reply.after == 1 and not policy.hard_reply.counting
