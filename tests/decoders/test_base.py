"""The shared readers of decoders/base.py."""

import re

import pytest

import bouncekit
from bouncekit.decoders.base import (
    address_blocks,
    between,
    dsn_findings,
    find_host,
    first_address,
    rejoin_wrapped_addresses,
    transcript_verdicts,
    verp_recipient,
)
from bouncekit.mime import parse_delivery_status


def test_between_start_and_first_end_marker():
    text = "head\n--- start ---\nbody line\n--- end ---\ntail"
    assert between(text, "--- start ---\n", ("--- end ---", "tail")) == "body line\n"
    assert between(text, re.compile(r"start -+\n"), ()) == "body line\n--- end ---\ntail"
    assert between(text, "missing") is None


def test_address_blocks_split_at_address_lines():
    text = "<a@example.com>: host x said: 550 no\n    more text\n<b@Example.ORG>: 552 full\n"
    blocks = address_blocks(text, re.compile(r"^<([^>]+)>:\s*"))
    assert blocks == [
        ("a@example.com", "host x said: 550 no\n    more text"),
        ("b@example.org", "552 full"),
    ]


def test_address_blocks_matching_only_lines_with_their_opening_give_the_same_blocks():
    text = "intro\n<a@example.com>: 550 no\n  more\n x<b@example.org>: not a start\n<b@example.org>: 552\n"
    pattern = re.compile(r"^<([^>]+)>:\s*")
    assert address_blocks(text, pattern, opening="<") == address_blocks(text, pattern)
    assert [a for a, _ in address_blocks(text, pattern, opening="<")] == ["a@example.com", "b@example.org"]


def test_first_address_prefers_brackets_and_find_host():
    assert first_address("to user@example.com via <real@example.org>") == "real@example.org"
    assert first_address("nothing here") is None
    assert find_host("host MX.Example.net[192.0.2.1] said: 550") == "mx.example.net"


def test_first_address_reads_an_idn_domain_whole_and_a_quoted_local_part_whole():
    # ADDRESS is ASCII: a Unicode domain goes on past it, and is written as its A-label.
    assert first_address("  info@café-lumière.example") == "info@xn--caf-lumire-66ag.example"
    assert first_address('  "admin@legacy"@gateway.example') == '"admin@legacy"@gateway.example'
    assert first_address("info@cafe.example, then café") == "info@cafe.example"


def test_rejoin_wrapped_addresses_joins_a_bracketed_address_cut_in_its_domain():
    text = "<christopher@research.\ndept.example.edu>... User unknown\nend.\nNext line"
    joined = "<christopher@research.dept.example.edu>... User unknown\nend.\nNext line"
    assert rejoin_wrapped_addresses(text) == joined
    assert rejoin_wrapped_addresses("a sentence.\nAnother one.") == "a sentence.\nAnother one."


def test_dsn_findings_prefer_the_specific_quoted_status():
    status = parse_delivery_status(
        "Reporting-MTA: dns; mx.example.org\n\n"
        "Final-Recipient: rfc822; a@example.com\nAction: failed\nStatus: 5.0.0\n"
        "Diagnostic-Code: smtp; 550 5.1.1 user unknown\n"
    )
    [finding] = dsn_findings(status)
    assert (finding.recipient, finding.status, finding.action) == ("a@example.com", "5.1.1", "failed")
    assert finding.reporting_mta == "mx.example.org"


@pytest.mark.parametrize(("diagnostic", "expected"), [
    # the reporting MTA's own expiry, quoting the last attempt inside it: the expiry stands
    ("smtp; 550 4.4.7 QUEUE.Expired; message expired [Message=451 4.4.0 Primary target IP address "
     "responded with: \"421 4.4.2 timeout exceeded\"]", "4.4.7"),
    ("smtp; 554 4.4.7 Message expired: unable to deliver in 840 minutes.<421 4.4.0 Unable to lookup DNS>",
     "4.4.7"),
    # the last attempt's own reply alone: its code says more than the field
    ("smtp; 450 4.7.1 Access denied. IP name lookup failed [192.0.2.222]", "4.7.1"),
])
def test_dsn_findings_keep_an_expiry_that_quotes_the_last_attempt(diagnostic, expected):
    status = parse_delivery_status(
        "Reporting-MTA: dns; mx.example.org\n\n"
        "Final-Recipient: rfc822; a@example.com\nAction: failed\nStatus: 4.4.7\n"
        f"Diagnostic-Code: {diagnostic}\n"
    )
    [finding] = dsn_findings(status)
    assert finding.status == expected


def test_a_delays_temporary_status_stands_over_the_permanent_reply_it_will_retry():
    # Postfix defers a smarthost's failed login ("535 5.7.8") with Status 4.7.0.
    status = parse_delivery_status(
        "Reporting-MTA: dns; mx.example.org\n\n"
        "Final-Recipient: rfc822; a@example.com\nAction: delayed\nStatus: 4.7.0\n"
        "Diagnostic-Code: smtp; 535 5.7.8 Error: authentication failed: authentication failure\n"
    )
    [finding] = dsn_findings(status)
    assert finding.status == "4.7.0"


def test_transcript_verdicts_pair_recipients_with_replies():
    # Sendmail's transcript: the remote reply (<<<), then its own verdict line.
    transcript = (
        "... while talking to mx.example.com.:\n"
        ">>> RCPT To:<a@example.com>\n<<< 550 5.1.1 <a@example.com>... User unknown\n"
        "550 5.1.1 <a@example.com>... User unknown\n"
    )
    assert transcript_verdicts(transcript) == [("a@example.com", "550 5.1.1 <a@example.com>... User unknown")]


def test_transcript_verdicts_read_every_kind_of_line():
    # Sessions opened either way, multi-line replies, a local mailer's words, a verdict
    # with its own reply code, and lines of no kind between them.
    transcript = (
        "While talking to mx1.example.com:\n>>> DATA\n<<< 554-5.7.1 first line\n<<< 554 5.7.1 rejected\n"
        "554 5.7.1 <a@example.com>... Service unavailable\nsome note\n"
        "... while talking to mx2.example.net.:\n<<<452 4.2.2 over quota\n<b@example.net>... Deferred\n"
        "mail.local: unknown user: c\n550 5.1.1 c... User unknown\n"
        "d@example.org... 550 Host unknown\n2xx not a reply\n"
    )
    assert transcript_verdicts(transcript) == [
        ("a@example.com", "554-5.7.1 first line 554 5.7.1 rejected"),
        ("b@example.net", "452 4.2.2 over quota"),
        ("c", "550 5.1.1 c... User unknown (mail.local: unknown user: c)"),
        ("d@example.org", "550 Host unknown"),
    ]


@pytest.mark.parametrize(
    ("final", "original", "expected"),
    [
        ("IMCEAEX-_o=ExchangeLabs_ou=Exchange+20Administrative+20Group_cn=Recipients_cn=ab12-bob"
         "@EURPRD01.PROD.OUTLOOK.COM", "rfc822;bob@contoso.example", "bob@contoso.example"),
        ("IMCEASMTP-bob+40fabrikam+2Eexample@contoso.example", None, "bob@fabrikam.example"),
        ("bob@fabrikam.example", "rfc822;other@fabrikam.example", "bob@fabrikam.example"),
    ],
)
def test_exchange_internal_final_recipient_gives_the_real_address(final, original, expected):
    fields = (
        f"Reporting-MTA: dns; ex.example\n\nFinal-Recipient: rfc822;{final}\nAction: failed\nStatus: 5.1.1\n"
    )
    if original:
        fields += f"Original-Recipient: {original}\n"
    [finding] = dsn_findings(parse_delivery_status(fields))
    assert finding.recipient == expected


def test_a_decoder_s_finding_without_status_takes_its_recipient_s_from_the_delivery_status_part():
    raw = (
        b"From: SYMPA <sympa-request@lists.example.edu>\nTo: writer@example.org\n"
        b"Subject: Message distribution: Authorization denied\nMIME-Version: 1.0\n"
        b'Content-Type: multipart/report; report-type=delivery-status; boundary="b"\n\n'
        b"--b\nContent-Type: text/plain\n\n"
        b"Your message for list research@lists.example.edu (attached below) was rejected.\n"
        b"You are not allowed to send this message for the following reason:\n\n"
        b"  You are not allowed to send messages to list research@lists.example.edu\n"
        b"  because you are not a subscriber.\n\n"
        b"--b\nContent-Type: message/delivery-status\n\nReporting-MTA: dns; lists.example.edu\n\n"
        b"Final-Recipient: rfc822; research@lists.example.edu\nAction: failed\nStatus: 5.7.1\n"
        b"Diagnostic-Code: X-Sympa; Authorization denied\n\n--b--\n"
    )
    [record] = bouncekit.parse(raw).records
    assert (record.decoder, record.status) == ("sympa", "5.7.1")
    assert record.recipient == "research@lists.example.edu"


def test_dsn_findings_read_the_reply_exchange_quotes_in_its_supplementary_info():
    status = parse_delivery_status(
        "Reporting-MTA: dns;exch.example.com\n\n"
        "Final-Recipient: rfc822;ops@partner.example\nAction: failed\nStatus: 5.5.0\n"
        "X-Supplementary-Info: <exch.example.com #5.5.0 smtp;554 5.7.1 <ops@partner.example>: "
        "Relay access denied>\n\n"
        "Final-Recipient: rfc822;pat@example.com\nAction: failed\nStatus: 5.2.3\n"
        "X-Supplementary-Info: <exch.example.com #5.2.3>\n"
    )
    relay, size = dsn_findings(status)
    assert relay.diagnostic == "554 5.7.1 <ops@partner.example>: Relay access denied"
    assert relay.status == "5.7.1"
    assert (size.diagnostic, size.status) == (None, "5.2.3")


def test_dsn_findings_take_a_diagnostic_code_of_only_its_type_for_none():
    status = parse_delivery_status(
        "Reporting-MTA: dns; mx.example.jp\n\n"
        "Final-Recipient: RFC822; taro@example.ne.jp\nAction: delayed\nStatus: 4.5.0\n"
        "Diagnostic-Code: SMTP; \n"
    )
    [finding] = dsn_findings(status)
    assert (finding.diagnostic, finding.status) == (None, "4.5.0")


@pytest.mark.parametrize(
    ("address", "recipient"),
    [
        ("bounces+jo=example.net@lists.example.org", "jo@example.net"),
        ("list-return-12-jo=example.net@lists.example.org", "jo@example.net"),
        # a sending service's numeric id before the local part
        ("bounces+77310-jo.doe=example.net@em.example.org", "jo.doe@example.net"),
        ("bounces+anna-2019=example.net@em.example.org", "anna-2019@example.net"),
        ("bounce+jo.doe==a==example.net==hist-l@listes.example.org", "jo.doe@example.net"),  # Sympa
        ("owner-list@lists.example.org", None),
    ],
)
def test_verp_recipient(address, recipient):
    assert verp_recipient(address) == recipient


def test_a_read_receipts_final_recipient_in_the_text_is_no_delivery_report():
    # An Exim bounce returning an MDN inline: its "Final-Recipient:" is the reader's.
    raw = (
        b"From: Mail Delivery System <Mailer-Daemon@mail.example.org>\nTo: sales@example.org\n"
        b"Subject: Mail delivery failed: returning message to sender\n"
        b"X-Failed-Recipients: rob@example.net\n\n"
        b"This message was created automatically by mail delivery software.\n\n"
        b"A message that you sent could not be delivered to one or more of its\n"
        b"recipients. This is a permanent error. The following address(es) failed:\n\n"
        b"  rob@example.net\n    host mx.example.net [192.0.2.26]\n"
        b"    SMTP error from remote mail server after end of data:\n    552 5.2.2 Mailbox full\n\n"
        b"------ This is a copy of the message, including all the headers. ------\n\n"
        b"Subject: Return Receipt (displayed)\nContent-Type: text/plain\n\n"
        b"Reporting-UA: Thunderbird\nFinal-Recipient: rfc822;sales@example.org\n"
        b"Disposition: manual-action/MDN-sent-manually; displayed\n"
    )
    [record] = bouncekit.parse(raw).records
    assert (record.recipient, record.status) == ("rob@example.net", "5.2.2")
