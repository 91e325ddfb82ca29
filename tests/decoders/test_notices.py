"""The shared readers for list servers' and providers' notices (decoders/base.py)."""

import re

import pytest

from bouncekit.decoders.base import (
    is_admin_address,
    is_list_sender,
    list_addresses,
    machine_sent,
    member_blocks,
    notice_findings,
    phrase,
)
from bouncekit.mime import load


def _message(headers: str, body: str) -> bytes:
    return (headers.strip() + "\nContent-Type: text/plain; charset=utf-8\n\n" + body).encode()


def test_phrase_allows_wrapping_between_words():
    pattern = re.compile(phrase("seem to have been bouncing"))
    assert pattern.search("Messages to you seem to\nhave been  bouncing.")
    assert not pattern.search("seem to have been delivered")


@pytest.mark.parametrize(
    ("address", "admin"),
    [
        ("birders-bounces@lists.example.org", True),
        ("birders-bounces+jo=example.com@lists.example.org", True),
        ("owner-railfans@lists.example.com", True),
        ("CHEM-NET-request@LISTSERV.EXAMPLE.EDU", True),
        ("mailman@lists.example.org", True),
        ("shop.owner@example.co.uk", False),
        ("it.support@example.com", False),
        ("jane.doe@example.net", False),
    ],
)
def test_a_list_servers_own_addresses(address, admin):
    assert is_admin_address(address) is admin


def test_a_mail_systems_daemon_is_not_a_list_sender():
    assert is_list_sender("sympa@lists.example.edu")
    assert not is_list_sender("MAILER-DAEMON@lists.example.edu")


def test_list_addresses_include_the_list_behind_its_admin_addresses():
    view = load(_message(
        "From: astro-owner@lists.example.org\nTo: t.keller@example.com\n"
        "List-Id: Astronomy <astro.lists.example.org>",
        "text",
    ))
    own = list_addresses(view)
    assert {"astro-owner@lists.example.org", "astro@lists.example.org", "t.keller@example.com"} <= own


def test_member_blocks_take_listed_members_and_their_errors():
    report = (
        "The following subscribers were removed from\n"
        "neuro@lists.example.edu because of delivery errors:\n\n"
        "  - a.one@example.com\n"
        "      last error: 5.1.1 on 14/03/2024\n"
        "b.two@example.net        3 errors   552 5.2.2 Mailbox full\n\n"
        "Questions: listmaster@lists.example.edu\n"
    )
    blocks = member_blocks(report, {"neuro@lists.example.edu"})
    assert blocks == [
        ("a.one@example.com", "5.1.1 on 14/03/2024"),
        ("b.two@example.net", "552 5.2.2 Mailbox full"),
    ]


def test_member_blocks_skip_addresses_inside_sentences():
    text = "Your subscription address is r.gomez@example.net and it works.\n"
    assert member_blocks(text, set()) == []


@pytest.mark.parametrize(
    ("headers", "sent"),
    [
        ("From: MAILER-DAEMON@mx.example.org", True),
        ("Return-Path: <>\nFrom: Notices <notices@example.org>", True),
        ("From: =?utf-8?b?57O757uf6YCA5L+h?= <robot@example.cn>", True),  # 系统退信
        ("From: Jo <jo@example.org>\nAuto-Submitted: auto-replied", False),
        ("From: Jo <jo@example.org>", False),
    ],
)
def test_machine_sent(headers, sent):
    assert machine_sent(load(_message(headers, "hello"))) is sent


def test_a_notice_in_a_standard_mtas_words_is_left_to_its_decoder():
    view = load(_message(
        "From: MAILER-DAEMON@mx.example.org\nSubject: failure notice",
        "Hi. This is the qmail-send program at mx.example.org.\n\n<a@example.com>:\nno mailbox\n",
    ))
    assert notice_findings(view) is None


def test_a_list_of_addresses_shares_the_reason_under_it():
    view = load(_message(
        "From: MAILER-DAEMON@mx.example.fr\nTo: me@example.fr\nSubject: Message non remis",
        "Votre message n'a pas pu être remis :\n\n   a@example.org\n   b@example.org\n\n"
        "Erreur : 550 5.1.1 User unknown\n",
    ))
    findings = notice_findings(view)
    assert [(f.recipient, f.diagnostic) for f in findings] == [
        ("a@example.org", "550 5.1.1 User unknown"),
        ("b@example.org", "550 5.1.1 User unknown"),
    ]


def test_the_notices_own_addresses_are_not_recipients():
    view = load(_message(
        "From: MAILER-DAEMON@mx.example.fr\nTo: me@example.fr\nSubject: Message non remis",
        "Votre message n'a pas pu être remis.\n\nDestinataire : friend@example.org\n\n"
        "Expéditeur :\n   me@example.fr\n",
    ))
    assert [f.recipient for f in notice_findings(view)] == ["friend@example.org"]


def test_a_delay_notice_is_delayed():
    view = load(_message(
        "From: MAILER-DAEMON@mx.example.de\nTo: me@example.de\nSubject: Verzögerung",
        "Ihre Nachricht konnte noch nicht zugestellt werden; die Zustellung wird weiterhin versucht.\n\n"
        "Empfänger: info@example.org\nGrund: 421 4.4.2 Connection timed out\n",
    ))
    [finding] = notice_findings(view)
    assert finding.action == "delayed"
    assert finding.diagnostic == "421 4.4.2 Connection timed out"
