"""``completed_from_text`` (decoders/fallback/completion.py): findings of any decoder that
lack a recipient or a reason take what the notification's text says."""

from dataclasses import replace

import pytest

import bouncekit
from bouncekit import BounceClass, Reason
from bouncekit.decoders import REGISTRY
from bouncekit.decoders.base import Finding, Index
from bouncekit.decoders.fallback import Fallback, completed_from_text
from bouncekit.mime import load
from bouncekit.model import Event
from tests.conftest import corpus_bytes
from tests.decoders.fallback.messages import message


def _dsn_without_diagnostic(human: str, status: str = "5.0.0", recipient: str = "gone@example.com") -> bytes:
    """An RFC 3464 report whose machine-readable part names no reply, only a status."""
    return (
        "From: Mail Delivery Subsystem <mailer-daemon@mx.example.net>\n"
        "To: sender@example.org\nSubject: Delivery Status Notification (Failure)\n"
        'MIME-Version: 1.0\nContent-Type: multipart/report; report-type=delivery-status; boundary="b"\n\n'
        f"--b\nContent-Type: text/plain\n\n{human}\n"
        "--b\nContent-Type: message/delivery-status\n\n"
        "Reporting-MTA: dns; mx.example.net\n\n"
        f"Final-Recipient: rfc822; {recipient}\nAction: failed\nStatus: {status}\n\n"
        "--b--\n"
    ).encode()


def test_a_dsn_without_a_diagnostic_takes_the_reply_its_text_quotes():
    raw = _dsn_without_diagnostic(
        "Your message could not be delivered to the following recipient:\n\n"
        "  gone@example.com: 550 5.1.1 The email account that you tried to reach does not exist\n"
    )
    [record] = bouncekit.parse(raw).records
    assert record.decoder == "rfc3464"
    assert record.diagnostic == "550 5.1.1 The email account that you tried to reach does not exist"
    assert record.bounce_class is BounceClass.INVALID_RECIPIENT
    assert record.status == "5.1.1"  # the quoted specific code wins over the generic field


def test_a_dsn_without_a_diagnostic_takes_the_sentence_naming_its_recipient():
    raw = _dsn_without_diagnostic(
        "** Address not found **\n\n"
        "Your message wasn't delivered to gone@example.com because the address couldn't be "
        "found. Check for typos or unnecessary spaces and try again.\n"
    )
    [record] = bouncekit.parse(raw).records
    assert "gone@example.com because the address couldn't be found" in record.diagnostic
    assert record.bounce_class is BounceClass.INVALID_RECIPIENT


def test_a_dsn_with_only_a_policy_status_takes_the_cause_its_text_gives():
    # "5.7.1" says only that a policy refused it; the text says which (a virus).
    raw = _dsn_without_diagnostic(
        "Your message could not be delivered to the following recipients:\n\n"
        "gone@example.com\n   Error type: Virus check\n"
        "   Virus found in the message: Trojan.Downloader.Emotet (attachment: invoice.doc)\n",
        status="5.7.1",
    )
    [record] = bouncekit.parse(raw).records
    assert record.reason is Reason.VIRUS_DETECTED


def test_boilerplate_after_the_statement_is_not_taken_as_the_reason():
    raw = _dsn_without_diagnostic(
        "Your message could not be delivered to one or more recipients.\n\n"
        "For further assistance, please send mail to postmaster.\n"
    )
    [record] = bouncekit.parse(raw).records
    assert record.diagnostic is None
    assert record.classification.rule == "undetermined"  # 5.0.0 alone says no more


def test_a_specific_status_or_a_diagnostic_is_kept_as_the_decoder_gave_it():
    notice = (
        "Your message could not be delivered to the following recipient:\n\n"
        "  gone@example.com: 552 5.2.2 Mailbox full\n"
    )
    view = load(_dsn_without_diagnostic(notice, status="5.1.1"))
    findings = [
        Finding(recipient="gone@example.com", status="5.1.1", action="failed"),
        Finding(recipient="gone@example.com", diagnostic="550 no such user", action="failed"),
        Finding(recipient="gone@example.com", action="delivered"),
        Finding(recipient="gone@example.com", event=Event.AUTO_REPLY),
    ]
    assert completed_from_text(view, findings) == findings
    for event in (None, Event.BOUNCE, Event.DELAYED):
        found = Finding(recipient="GONE@example.com", status="5.0.0", event=event)
        [completed] = completed_from_text(view, [found])
        assert completed.diagnostic == "552 5.2.2 Mailbox full"


def test_a_format_read_without_its_own_decoder_keeps_the_reason_its_text_gives():
    # A Gmail notice that also carries Exim's X-Failed-Recipients: without the Gmail
    # decoder, Exim's claims it and finds the recipient but not the reply in its words.
    raw = corpus_bytes("lhost-gmail-04.eml")
    without_gmail = Index([d for d in REGISTRY if d.name != "gmail"])
    view = load(raw)
    decoder = next(d for d in without_gmail.candidates(view) if d.matches(view) and d.decode(view))
    [found] = decoder.decode(view)
    assert (decoder.name, found.diagnostic) == ("exim", None)
    [completed] = completed_from_text(view, [found])
    assert completed.diagnostic.startswith("554 5.7.1 Service unavailable; Client host [192.0.2.49] blocked")
    classification = bouncekit.classify(completed.diagnostic)
    assert classification.bounce_class is BounceClass.SPAM_BLOCK  # blocked using a DNS blocklist


def test_a_damaged_final_recipient_takes_the_one_address_the_text_names():
    raw = _dsn_without_diagnostic(
        "The following address had permanent fatal errors:\n\n"
        "  <gone@example.com>: 550 5.1.2 Host unknown (Name server: example.com: host not found)\n",
        status="5.1.2", recipient="@mx.example.org",
    )
    [record] = bouncekit.parse(raw).records
    assert record.recipient == "gone@example.com"
    assert record.bounce_class is BounceClass.DNS_FAILURE


def test_a_damaged_final_recipient_stays_unknown_when_the_text_names_two():
    raw = _dsn_without_diagnostic(
        "The following addresses had permanent fatal errors:\n\n"
        "  <gone@example.com>: 550 5.1.1 User unknown\n"
        "  <left@example.com>: 550 5.1.1 User unknown\n",
        status="5.1.1", recipient="@mx.example.org",
    )
    [record] = bouncekit.parse(raw).records
    assert record.recipient is None


def test_the_reply_quoted_for_one_recipient_is_not_given_to_others():
    view = load(message(
        "From: MAILER-DAEMON@mx.example.net\nTo: sender@example.org\nSubject: Undelivered Mail",
        "Your message could not be delivered.\n\nThe remote server said: 552 5.2.2 Mailbox full\n",
    ))
    findings = [Finding(recipient="one@example.com"), Finding(recipient="two@example.com")]
    assert completed_from_text(view, findings) == findings
    [alone] = completed_from_text(view, findings[:1])
    assert alone.diagnostic == "552 5.2.2 Mailbox full"


def _listed_without_reason(subject: str) -> bytes:
    return message(
        f"From: postmaster@cai.example.com\nTo: sender@example.org\nSubject: {subject}",
        "The following recipients did not receive this message:\n\n     <alice@cai.example.com>\n\n"
        "Please reply to postmaster@cai.example.com if you feel this message to be in error.\n",
    )


def test_the_subject_gives_the_reason_the_body_does_not():
    [record] = bouncekit.parse(_listed_without_reason("Returned mail: User unknown")).records
    assert (record.recipient, record.diagnostic) == ("alice@cai.example.com", "User unknown")
    assert record.bounce_class is BounceClass.INVALID_RECIPIENT


@pytest.mark.parametrize(
    "subject", ["Returned mail: see transcript for details", "Undeliverable: User unknown", "failure notice"]
)
def test_a_subject_without_a_reason_of_its_own_gives_none(subject):
    # ("Undeliverable: <subject>" repeats the returned message's subject: never a reason.)
    [record] = bouncekit.parse(_listed_without_reason(subject)).records
    assert record.recipient == "alice@cai.example.com"
    assert record.diagnostic is None


def test_a_subject_that_repeats_the_returned_message_s_is_no_reason():
    raw = (
        b"From: postmaster@cai.example.com\nTo: sender@example.org\nSubject: Returned mail: Meeting notes\n"
        b'MIME-Version: 1.0\nContent-Type: multipart/mixed; boundary="b"\n\n'
        b"--b\nContent-Type: text/plain\n\n"
        b"The following recipients did not receive this message:\n\n     <alice@cai.example.com>\n\n"
        b"--b\nContent-Type: message/rfc822\n\n"
        b"From: sender@example.org\nTo: alice@cai.example.com\nSubject: Meeting notes\n\nSee you.\n"
        b"--b--\n"
    )
    [record] = bouncekit.parse(raw).records
    assert record.recipient == "alice@cai.example.com"
    assert record.diagnostic is None


def test_a_statement_that_gives_the_cause_is_the_reason_when_nothing_else_is():
    raw = _dsn_without_diagnostic(
        "Your message could not be delivered because the recipient's mail domain does not exist.\n\n"
        "Please check the address for typing errors.\n\n"
        "Recipients:\n\tgone@example.com\n"
    )
    [record] = bouncekit.parse(raw).records
    assert record.decoder == "rfc3464"
    statement = "Your message could not be delivered because the recipient's mail domain does not exist."
    assert record.diagnostic == statement
    assert record.bounce_class is BounceClass.DNS_FAILURE


def test_a_group_that_refuses_the_sender_s_posts_says_so_in_its_statement():
    raw = _dsn_without_diagnostic(
        "Hello sender@example.org,\n\n"
        "The list you wrote to (board) refused your message: you may not have permission to post "
        "messages to it, or it may not exist.\n\n"
        "Questions? Ask the list owners.\n"
    )
    [record] = bouncekit.parse(raw).records
    assert record.diagnostic.startswith("The list you wrote to (board) refused your message")
    assert record.bounce_class is BounceClass.MAIL_BLOCK


def _delay_notice(attempts: str) -> bytes:
    """A delay DSN whose Diagnostic-Code names only the queue's state."""
    return (
        "From: postmaster@relay.example.org\nTo: sender@example.org\nSubject: Delayed: Figures\n"
        'MIME-Version: 1.0\nContent-Type: multipart/report; report-type=delivery-status; boundary="b"\n\n'
        "--b\nContent-Type: text/plain\n\nDelivery is delayed to these recipients or groups:\n\n"
        "pm@example.net\n\nThis message hasn't been delivered yet.\n"
        "Delivery will continue to be attempted.\n\n"
        f"Diagnostic information for administrators:\n\npm@example.net\n{attempts}\n\n"
        "--b\nContent-Type: message/delivery-status\n\nReporting-MTA: dns; relay.example.org\n\n"
        "Final-Recipient: rfc822; pm@example.net\nAction: delayed\nStatus: 4.4.7\n"
        "Diagnostic-Code: smtp; 400 4.4.7 Message delayed\n\n--b--\n"
    ).encode()


def _read_by_the_backbone(raw: bytes) -> Finding:
    """The one finding of ``raw`` as the RFC 3464 backbone reads it, then completed."""
    view = load(raw)
    [found] = next(d for d in REGISTRY if d.name == "rfc3464").decode(view)
    [completed] = completed_from_text(view, [found])
    return completed


def test_a_delay_whose_reply_names_only_the_queue_state_takes_the_last_attempt_s_reply():
    found = _read_by_the_backbone(_delay_notice(
        "Server at example.net returned '400 4.4.7 Message delayed'\n"
        "3/3/2026 1:10:02 PM - Server at example.net returned '450 4.2.0 Greylisted, try again later'\n"
        "3/3/2026 1:12:58 PM - Server at example.net returned '451 4.4.0 DNS query failed'"
    ))
    assert (found.recipient, found.diagnostic) == ("pm@example.net", "451 4.4.0 DNS query failed")
    assert bouncekit.classify(found.diagnostic).bounce_class is BounceClass.DNS_FAILURE


def test_a_delay_takes_the_last_error_under_exchange_2010_s_queue_state_line():
    # Exchange 2010 writes the queue's state after the domain ("example.net #400 4.4.7
    # Message delayed ##") and the cause on a "Last error:" line.
    found = _read_by_the_backbone(_delay_notice(
        "example.net #400 4.4.7 Message delayed ##\n"
        "Last error: 451 4.4.0 DNS query failed. The error was: SMTPSEND.DNS.ServerFailure"
    ))
    assert found.diagnostic.startswith("451 4.4.0 DNS query failed")


def test_a_delay_with_no_reply_but_the_queue_s_status_takes_the_last_attempt_s_reply_too():
    raw = _delay_notice(
        "Server at example.net returned '400 4.4.7 Message delayed'\n"
        "3/3/2026 1:12:58 PM - Server at example.net returned '452 4.2.2 Mailbox full'"
    ).replace(b"Diagnostic-Code: smtp; 400 4.4.7 Message delayed\n", b"")
    found = _read_by_the_backbone(raw)
    assert (found.status, found.diagnostic) == ("4.4.7", "452 4.2.2 Mailbox full")


def test_a_delay_with_no_attempt_s_reply_stays_a_delay_without_cause():
    found = _read_by_the_backbone(_delay_notice("Server at example.net returned '400 4.4.7 Message delayed'"))
    assert found.diagnostic == "smtp; 400 4.4.7 Message delayed"


def test_a_failure_said_only_to_have_failed_takes_the_reply_of_the_transcript_after_the_original_line():
    raw = (
        b"From: postmaster@gw.example.edu\nTo: writer@example.edu\nSubject: Message status - undeliverable\n"
        b'MIME-Version: 1.0\nContent-Type: multipart/mixed; boundary="b"\n\n'
        b"--b\nContent-Type: text/plain\n\n"
        b"The message that you sent was undeliverable to the following:\n"
        b"\tadmissions@example.org (permanent failure)\n\n"
        b"Possibly truncated original message follows:\n\nTranscript of session follows:\n"
        b" Command: RCPT TO:<other@example.org>\nResponse: 250 2.1.5 Ok\n"
        b" Command: RCPT TO:<admissions@example.org>\n"
        b"Response: 550 5.7.23 <admissions@example.org>: Recipient address rejected: SPF fail\n\n"
        b"--b\nContent-Type: message/rfc822\n\nFrom: writer@example.edu\nTo: admissions@example.org\n"
        b"Subject: Transcript request\n\nHello\n--b--\n"
    )
    [found] = completed_from_text(load(raw), Fallback().decode(load(raw)))
    assert found.recipient == "admissions@example.org"
    assert found.diagnostic.startswith("550 5.7.23 <admissions@example.org>: Recipient address rejected")


_NO_NAME = "Your message could not be delivered.\n\nReason: 550 5.1.1 Recipient unknown\n"


def _nameless(human: str, to: str = "writer@example.org", attached: str = "") -> bytes:
    """A notice naming no recipient, with the returned message's headers quoted or attached."""
    return (
        f"From: Mail Delivery System <mailer-daemon@mx.example.net>\nTo: {to}\nSubject: failure notice\n"
        'MIME-Version: 1.0\nContent-Type: multipart/mixed; boundary="b"\n\n'
        f"--b\nContent-Type: text/plain\n\n{human}\n{attached}--b--\n"
    ).encode()


def test_a_notice_naming_no_recipient_takes_the_one_its_quoted_header_table_names():
    [record] = bouncekit.parse(_nameless(
        "The following message could not be delivered:\n\n  From:      writer@example.org\n"
        "  To:        tenders@example.com\n  Subject:   RFP response\n\n"
        "Reason:\n\n  554 5.7.1 Message rejected as spam by Content Filtering.\n"
    )).records
    assert (record.recipient, record.reply_code) == ("tenders@example.com", "554")


def test_a_notice_naming_no_recipient_takes_the_returned_message_s_only_recipient():
    attached = ("--b\nContent-Type: message/rfc822\n\nFrom: writer@example.org\n"
                "To: Reception <desk@example.com>\nSubject: Appointment\n\nHello\n")
    [record] = bouncekit.parse(_nameless(_NO_NAME, attached=attached)).records
    assert record.recipient == "desk@example.com"


def test_a_notice_naming_no_recipient_takes_the_one_its_verp_return_path_names():
    [record] = bouncekit.parse(_nameless(_NO_NAME, to="bounces+anna.k=example.com@lists.example.org")).records
    assert (record.recipient, record.status) == ("anna.k@example.com", "5.1.1")


@pytest.mark.parametrize(
    ("return_path", "recipient"),
    [
        ("list-return-12-jo=example.com@lists.example.org", "jo@example.com"),  # ezmlm
        ("b-n2445-anna.k=example.com@bounce.example.org", "anna.k@example.com"),  # a campaign id
        ("bounce-mc.us5_123.456-jo.doe=example.com@mail.example.net", "jo.doe@example.com"),
        ("bounce-mary-jones=example.com@bounce.example.org", "mary-jones@example.com"),  # no id
        ("bounce-7-mary-2024=example.com@bounce.example.org", "mary-2024@example.com"),
        ("bounces+jo-12-x=example.com@lists.example.org", "jo-12-x@example.com"),  # "+": all of it
    ],
)
def test_ids_between_a_verp_prefix_and_the_local_part_are_not_the_recipients(return_path, recipient):
    [record] = bouncekit.parse(_nameless(_NO_NAME, to=return_path)).records
    assert record.recipient == recipient


def test_a_reason_labelled_in_two_languages_is_read():
    [record] = bouncekit.parse(_nameless(
        "Ihre Nachricht konnte nicht zugestellt werden.\nYour message could not be delivered.\n\n"
        "Betreff / Subject: Offer\n\nGrund / Reason: Das Postfach existiert nicht.\n"
        "                The mailbox does not exist. (550)\n",
        to="bounces+jo=example.com@lists.example.org",
    )).records
    assert record.diagnostic.startswith("Das Postfach existiert nicht. The mailbox does not exist.")
    assert int(record.bounce_class) == 10


def test_a_returned_message_to_several_gives_no_recipient_to_a_nameless_notice():
    attached = ("--b\nContent-Type: message/rfc822\n\nFrom: writer@example.org\n"
                "To: desk@example.com, office@example.com\nSubject: Appointment\n\nHello\n")
    [record] = bouncekit.parse(_nameless(_NO_NAME, attached=attached)).records
    assert record.recipient is None


def test_a_notice_naming_no_recipient_takes_the_only_recipient_of_a_message_returned_inline():
    raw = (
        b"From: Mail Delivery Subsystem <MAILER-DAEMON@cs.example.edu>\nTo: dtran@math.example.edu\n"
        b"Subject: Returned mail: User unknown\n\n"
        b"   ----- Transcript of session follows -----\n550 rkowalski... User unknown\n\n"
        b"   ----- Unsent message follows -----\n"
        b"Received: from math.example.edu by cs.example.edu (8.6.12/8.6.12) id PAA19001\n"
        b"Date: Tue, 12 Mar 1996 15:07:49 -0600\nFrom: Duc Tran <dtran@math.example.edu>\n"
        b"To: rkowalski@cs.example.edu\nSubject: seminar\n\nSee you.\n"
    )
    [record] = bouncekit.parse(raw).records
    assert (record.recipient, record.reply_code) == ("rkowalski@cs.example.edu", "550")


def test_a_list_that_refuses_the_sender_says_so_in_its_statement():
    raw = _dsn_without_diagnostic(
        "You are not authorized to send mail to the board list from your writer@example.org account.\n\n"
        "Please contact the list owners.\n"
    )
    [record] = bouncekit.parse(raw).records
    assert record.diagnostic.startswith("You are not authorized to send mail to the board list")
    assert record.bounce_class is BounceClass.MAIL_BLOCK


def test_a_japanese_statement_of_failure_lets_a_decoder_s_silent_finding_be_completed():
    raw = (
        "From: Postmaster <postmaster@mail.example.jp>\nTo: kana@example.co.jp\n"
        "Subject: Mail System Error - Returned Mail\nContent-Type: text/plain; charset=utf-8\n\n"
        "<taro@mail.example.jp>:\nThe user(s) account is temporarily over quota.\n"
        "宛先の方のメールボックスの容量が一杯のため、メールをお届けできませんでした。\n"
    ).encode()
    [found] = completed_from_text(load(raw), [Finding(recipient="taro@mail.example.jp")])
    assert found.diagnostic.startswith("The user(s) account is temporarily over quota.")


def test_a_reason_labelled_on_a_line_of_its_own_is_the_paragraph_below():
    raw = (
        b"From: Mail Delivery Subsystem <mailer-daemon@mail.example.com>\nTo: writer@example.org\n"
        b"Subject: Delivery Status Notification (Failure)\nX-Failed-Recipients: team@groups.example.com\n\n"
        b"** Message not delivered **\n\n"
        b"You're sending this from a different address or alias. The settings for that account\n"
        b"are misconfigured or out of date.\n\n"
        b"The response was:\n\n"
        b"Unspecified Error (SENT_SECOND_EHLO): Smtp server does not advertise AUTH capability\n"
    )
    [found] = completed_from_text(load(raw), [Finding(recipient="team@groups.example.com")])
    assert found.diagnostic == (
        "Unspecified Error (SENT_SECOND_EHLO): Smtp server does not advertise AUTH capability"
    )


def test_an_address_named_again_with_its_reason_after_an_ellipsis_takes_that_reason():
    # Sendmail lists the address in its section, then "<addr>... reason" in the
    # transcript, after the other recipients' replies.
    raw = (
        b"From: Mail Delivery Subsystem <MAILER-DAEMON@relay.example.org>\nTo: alumni@example.org\n"
        b"Subject: Returned mail: see transcript for details\n\n"
        b"   ----- The following addresses had permanent fatal errors -----\n<hana@example.jp>\n"
        b"    (reason: 550 5.1.1 User unknown)\n\n"
        b"   ----- The following addresses had transient non-fatal errors -----\n<dirk@example.ch>\n\n"
        b"   ----- Transcript of session follows -----\n... while talking to mx.example.jp.:\n"
        b">>> RCPT To:<hana@example.jp>\n<<< 550 5.1.1 User unknown\n"
        b"550 5.1.1 <hana@example.jp>... User unknown\n"
        b"<dirk@example.ch>... Deferred: Connection refused by mx.example.ch.\n"
    )
    findings = [
        Finding(recipient="hana@example.jp", diagnostic="550 5.1.1 User unknown", status="5.1.1"),
        Finding(recipient="dirk@example.ch", status="4.0.0", action="delayed"),
    ]
    _, dirk = completed_from_text(load(raw), findings)
    assert dirk.diagnostic == "Deferred: Connection refused by mx.example.ch."


def test_a_delay_with_only_an_other_or_undefined_status_takes_the_reason_its_text_gives():
    raw = (
        b"From: Mail Delivery Subsystem <MAILER-DAEMON@relay.example.jp>\nTo: writer@example.jp\n"
        b"Subject: Warning: could not send message for past 4 hours\n\n"
        b"    **      THIS IS A WARNING MESSAGE ONLY      **\n\n"
        b"   ----- Transcript of session follows -----\n... while talking to mx.example.ne.jp.:\n"
        b"<<< 421\n<taro@example.ne.jp>... Deferred: 421 Too many connections\n"
        b"Warning: message still undelivered after 4 hours\n"
    )
    finding = Finding(recipient="taro@example.ne.jp", status="4.5.0", action="delayed")
    [found] = completed_from_text(load(raw), [finding])
    assert found.diagnostic.startswith("Deferred: 421 Too many connections")
    # A specific status still says why: its finding is left as it is.
    specific = replace(finding, status="4.2.2")
    assert completed_from_text(load(raw), [specific]) == [specific]


_LOCAL_MAILER_NOTICE = b"""\
From: Mail Delivery Subsystem <MAILER-DAEMON@mail.uni.example>
To: owner-birders@lists.example.org
Subject: Returned mail: User unknown

   ----- Transcript of session follows -----
550 lee... User unknown

   ----- Unsent message follows -----
Received: from lists.example.org by mail.uni.example (8.6.12/8.6.12) id AA01 for <lee@uni.example>;
 Mon, 2 Feb 1998 20:41:17 -0600
From: Pat <pat@example.net>
To: birders@lists.example.org
Subject: Spring count

See you there.
"""


def test_a_recipient_named_by_its_local_part_takes_the_address_the_notice_shows_for_it():
    # Not the returned message's To (the list it was sent to): the Received line's "for".
    [record] = bouncekit.parse(_LOCAL_MAILER_NOTICE).records
    assert record.recipient == "lee@uni.example"
    assert record.bounce_class is BounceClass.INVALID_RECIPIENT


def test_a_local_part_the_notice_shows_no_address_for_is_not_given_the_lists_address():
    raw = _LOCAL_MAILER_NOTICE.replace(b" for <lee@uni.example>", b"")
    assert [r.recipient for r in bouncekit.parse(raw).records] == [None]


def test_a_name_only_the_reporting_system_knows_gives_way_to_the_verp_subscriber():
    raw = (
        b"From: Postmaster@acme.example\n"
        b"To: quilters-bounces+pquinn=acme.example@lists.example.org\n"
        b"Subject: DELIVERY FAILURE: User Pat Quinn (Pat Quinn/Chicago/Acme@ACME) not listed\n\n"
        b"Your message\n\n  Subject: [Quilters] Retreat\n\nwas not delivered to:\n\n"
        b"  Pat Quinn/Chicago/Acme@ACME\n\nbecause:\n\n"
        b"  User Pat Quinn (Pat Quinn/Chicago/Acme@ACME) not listed in public Name & Address Book\n"
    )
    [record] = bouncekit.parse(raw).records
    assert record.recipient == "pquinn@acme.example"


def test_the_list_a_returned_message_was_addressed_to_gives_way_to_the_verp_subscriber():
    raw = (
        b"From: System Administrator <postmaster@acme.example>\n"
        b"To: birdnet-return-233-jo.miller=acme.example@lists.example.org\n"
        b"Subject: Undeliverable: Hawk counts\n\nYour message\n\n  To:      birdnet@lists.example.org\n"
        b"  Subject: Hawk counts\n\ndid not reach the following recipient(s):\n\n"
        b"Jo Miller on Tue, 9 Oct 2001 09:13:02 -0400\n    The recipient name is not recognized\n"
    )
    [record] = bouncekit.parse(raw).records
    assert record.recipient == "jo.miller@acme.example"


EXCHANGE_2003_BY_DISPLAY_NAME = (
    "From: postmaster@larkfield.example\nTo: sender@example.org\nSubject: Undeliverable: Board papers\n"
    'MIME-Version: 1.0\nContent-Type: multipart/report; report-type=delivery-status; boundary="b"\n\n'
    "--b\nContent-Type: text/plain\n\n"
    "{opening}\n\n"
    "      Peter Lowe {on} 07/03/2005 10:12\n"
    "            {reason}\n"
    "            <MAIL01.larkfield.example #5.4.0>\n\n"
    "      'ann@example.net' {on} 07/03/2005 10:13\n"
    "            Please try again later.\n"
    "            <MAIL01.larkfield.example #4.0.0>\n\n"
    "--b\nContent-Type: message/delivery-status\n\n"
    "Reporting-MTA: dns;MAIL01.larkfield.example\n\n"
    "Final-Recipient: rfc822;peter.lowe@example.com\nAction: failed\nStatus: 5.4.0\n"
    "X-Display-Name: Peter Lowe\n\n"
    "Final-Recipient: rfc822;ann@example.net\nAction: failed\nStatus: 5.0.0\n"
    "X-Display-Name: 'ann@example.net'\n\n"
    "--b--\n"
)


@pytest.mark.parametrize(
    ("opening", "on", "reason"),
    [
        ("The following recipient(s) could not be reached:", "on",
         "The destination server for this recipient could not be found in Domain Name Service (DNS)."),
        ("Impossible de joindre le(s) destinataire(s) suivant(s) :", "le",
         "Le serveur de destination de ce destinataire est introuvable dans le DNS (Domain Name Service)."),
    ],
)
def test_a_dsn_block_without_a_reply_takes_the_lines_under_its_display_name(opening, on, reason):
    # Exchange 2000-2003 heads each recipient's reason with its display name, which the
    # delivery-status block gives in X-Display-Name: no address stands beside the reason.
    raw = EXCHANGE_2003_BY_DISPLAY_NAME.format(opening=opening, on=on, reason=reason).encode()
    peter, ann = bouncekit.parse(raw).records
    assert peter.recipient == "peter.lowe@example.com"
    assert peter.diagnostic.startswith(reason)
    assert peter.bounce_class is BounceClass.DNS_FAILURE
    assert ann.diagnostic.startswith("Please try again later.")
