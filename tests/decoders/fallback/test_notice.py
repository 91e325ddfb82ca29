"""The notification's text (decoders/fallback/notice.py): quoted lines, the replies and
labelled reasons it quotes, and its layout."""

import bouncekit
from bouncekit import BounceClass
from bouncekit.decoders.fallback import Fallback, without_decoration
from bouncekit.decoders.fallback.notice import Notice
from bouncekit.mime import load
from tests.decoders.fallback.messages import message


def test_quoted_lines_are_someone_elses_words():
    raw = (
        b"Return-Path: <>\nFrom: Mailer <support@desk.example.com>\nAuto-Submitted: auto-generated\n"
        b"Subject: We received your request\n\nThank you for writing to us.\n\n"
        b"> Every message to bob@example.net comes back undeliverable: 550 5.1.1 user unknown\n"
    )
    assert bouncekit.parse(raw).records == ()


def test_a_title_over_a_rule_is_layout_but_a_reply_over_one_is_kept():
    assert without_decoration("Additional Information\n=====\nx").split("\n") == ["", "", "x"]
    assert without_decoration("550 5.1.1 User unknown\n-----").split("\n") == ["550 5.1.1 User unknown", ""]


def test_reason_lines_one_after_another_are_read_together():
    raw = message(
        "From: postmaster@mail.example.net\nTo: sender@example.org\nSubject: Undeliverable message",
        "Your message could not be delivered to the following recipient:\n\n"
        "  gone@example.com\n  Reason:   Delivery refused\n  Details:  The mailbox is full\n"
        "  Sender:   sender@example.org\n",
    )
    [record] = bouncekit.parse(raw).records
    assert (record.decoder, record.diagnostic) == ("fallback", "Delivery refused The mailbox is full")
    assert record.bounce_class is BounceClass.MAILBOX_FULL


def test_a_reply_after_the_host_that_gave_it_is_read_from_its_first_line():
    raw = (
        b"From: Mail Delivery System <mailer-daemon@smtp.example.co.uk>\nTo: owen@example.co.uk\n"
        b"Subject: Mail delivery failed\n\n"
        b"A message that you sent could not be delivered to one or more of its\n"
        b"recipients. This is a permanent error. The following address(es) failed:\n\n"
        b"  accounts@example.com\n"
        b"    SMTP error from remote mail server after RCPT TO:<accounts@example.com>:\n"
        b"    host mx.example.com [192.0.2.201]: 553-you are trying to use me\n"
        b"    [mx.example.com] as a relay, but I have not been\n"
        b"    553-configured to let you (198.51.100.23) do this.\n"
        b"    553 Please contact your administrator. (#5.7.1)\n"
    )
    [found] = Fallback().decode(load(raw))
    assert found.diagnostic.startswith("553-you are trying to use me")
    assert bouncekit.parse(raw).records[0].bounce_class is BounceClass.RELAYING_DENIED


def test_an_html_notices_reason_cell_is_the_reason_not_the_row_before_it():
    raw = (
        b"From: Gateway Notification <postmaster@gw.example>\nTo: writer@example.org\n"
        b"Auto-Submitted: auto-generated\nSubject: Delivery Notification\n"
        b"Content-Type: text/html; charset=utf-8\n\n"
        b"<p><b>Your message couldn't be delivered</b></p><table>"
        b"<tr><td><b>Recipient</b></td><td>ana@example.com</td></tr>"
        b"<tr><td><b>Subject</b></td><td>Quarterly figures</td></tr>"
        b"<tr><td><b>Reason</b></td><td>550 Rejected by sender spoofing policy</td></tr></table>"
    )
    [record] = bouncekit.parse(raw).records
    assert record.recipient == "ana@example.com"
    assert record.diagnostic.startswith("550 Rejected by sender spoofing policy")
    assert record.bounce_class is BounceClass.MAIL_BLOCK


# --- round 14 ----------------------------------------------------------------------------


def test_a_labelled_reply_under_the_reason_in_any_language_is_part_of_it():
    from bouncekit.decoders.fallback.notice import labelled_reason

    text = "Grund: Die Adresse des Empfängers existiert nicht.\nAntwort des Servers: 550 Invalid recipient\n"
    assert labelled_reason(text) == (
        "Die Adresse des Empfängers existiert nicht. Antwort des Servers: 550 Invalid recipient"
    )
    text = "Error: data not accepted\nSMTP code: 552 Additional SMTP info: 5.3.4\n"
    assert labelled_reason(text) == "data not accepted SMTP code: 552 Additional SMTP info: 5.3.4"


def test_other_labelled_facts_under_the_reason_are_not_part_of_it():
    from bouncekit.decoders.fallback.notice import labelled_reason

    text = "Reason: mailbox unavailable\nSize: 250 KB\nDate: 2024-05-02\n"
    assert labelled_reason(text) == "mailbox unavailable"


def test_a_value_wrapped_under_itself_continues_whatever_it_holds():
    from bouncekit.decoders.fallback.notice import labelled_reason

    # A table of labels wraps a long value at the value's column: the wrapped line is the
    # value's, though it opens like a label of its own and names the address again.
    text = (
        "    Destinataire : jo@example.org\n"
        "    Raison       : Mail delivery failed via SMTP server 'smtp.example.com'.\n"
        "                   SMTPRecipientsRefused: {'jo@example.org': (554, b'5.7.1 Relay access denied')}\n"
        "    Auteur       : sales@example.com\n"
    )
    assert labelled_reason(text) == (
        "Mail delivery failed via SMTP server 'smtp.example.com'. "
        "SMTPRecipientsRefused: {'jo@example.org': (554, b'5.7.1 Relay access denied')}"
    )
    # Less indented, the next line is a label of its own, not the value's.
    text = "Reason: mailbox unavailable\n  Size: 250 KB\n"
    assert labelled_reason(text) == "mailbox unavailable"


def test_a_reply_the_transcript_repeats_is_said_once():
    from bouncekit.decoders.fallback.notice import reply_in

    text = (
        "... while talking to mx.example.net.:\n>>> RCPT To:<kato@example.net>\n"
        "<<< 550 5.1.1 <kato@example.net>... User unknown\n550 5.1.1 <kato@example.net>... User unknown\n"
    )
    assert reply_in(text) == "550 5.1.1 <kato@example.net>... User unknown"


def test_neither_a_greeting_nor_the_heading_written_again_is_the_reason():
    notice = Notice(
        "Envelope Delivery Failure\n\nEnvelope Delivery Failure\n\nHello Renee Alvarez,\n\n"
        "We were unable to deliver the envelope to Marcus Hale (marcus@hale.example).\n\n"
        "The recipient's email server did not accept the message.\n"
    )
    assert notice.reason == "The recipient's email server did not accept the message."


def test_a_statement_over_the_list_of_addresses_is_read_alone_for_its_cause():
    notice = Notice(
        "E-Mail-Versand: Tageslimit erreicht\n\nHallo Frau Ilić,\n\n"
        "Sie haben heute das tägliche Limit von 100 E-Mails für den Versand erreicht. "
        "Die folgenden E-Mails wurden nicht versendet:\n\nRechnung RE-1088 an rechnung@praxis.example\n\n"
        "Ab morgen um 0:00 Uhr können Sie wieder E-Mails versenden.\n"
    )
    assert "limit" in notice.reason.lower()  # (not "Ab morgen ...", which names no cause)
