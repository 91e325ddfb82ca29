"""The mdaemon decoder (MDaemon session-transcript notices), on hand-written messages."""

import bouncekit
from bouncekit import BounceClass, Reason


def _mdaemon(subject: str, intro: str, transcript: str) -> bytes:
    return (
        "Return-Path: <>\nFrom: Postmaster <MDaemon@mail.example.com>\nTo: hub@example.com\n"
        f"Subject: {subject}\nX-MDDSN-Message: Yes\nMIME-Version: 1.0\n"
        'Content-Type: multipart/mixed; boundary="PB"\n\n--PB\nContent-Type: text/plain\n\n'
        f"{intro}\n\n--- Session Transcript ---\n{transcript}\n--- End Transcript ---\n\n"
        "--PB\nContent-Type: text/rfc822-headers\n\nFrom: hub@example.com\nTo: ivy@example.org\n"
        "Subject: Order\nMessage-ID: <o1@example.com>\n\n--PB--\n"
    ).encode()


def _line(text: str) -> str:
    return f" Thu 2026-03-19 08:45:32.101: {text}"


def test_reply_to_rcpt_is_the_diagnostic_not_the_earlier_250():
    transcript = "\n".join(
        _line(t)
        for t in (
            "*  To: ivy@example.org",
            "Attempting SMTP connection to [mx.example.org : 25]",
            "<-- 220 mx.example.org ESMTP",
            "--> MAIL From:<hub@example.com>",
            "<-- 250 2.1.0 Ok",
            "--> RCPT To:<ivy@example.org>",
            "<-- 550 5.1.1 <ivy@example.org>: Recipient address rejected: User unknown",
            "--> QUIT",
        )
    )
    raw = _mdaemon("Permanent Delivery Failure", "The attached message had PERMANENT fatal delivery errors!",
                   transcript)
    [record] = bouncekit.parse(raw).records
    assert record.decoder == "mdaemon"
    assert record.recipient == "ivy@example.org"
    assert (record.status, record.reply_code) == ("5.1.1", "550")
    assert record.remote_mta == "mx.example.org"
    assert record.reason is Reason.USER_UNKNOWN


def test_delay_with_connection_level_reply_applies_to_the_listed_recipients():
    transcript = "\n".join(
        _line(t)
        for t in (
            "*  To: jay@busy.example",
            "*  To: kim@busy.example",
            "Attempting SMTP connection to [mx.busy.example : 25]",
            "<-- 421 4.7.0 mx.busy.example Too many concurrent SMTP connections; try again later",
        )
    )
    raw = _mdaemon("Warning: Message Delivery Has Been Delayed",
                   "The attached message has not yet been delivered to one or more recipients!", transcript)
    records = bouncekit.parse(raw).records
    assert [r.recipient for r in records] == ["jay@busy.example", "kim@busy.example"]
    for record in records:
        assert str(record.event) == "delayed"
        assert record.bounce_class is BounceClass.SOFT_BOUNCE  # too many connections: its cause
        assert record.reply_code == "421"


def test_multiline_reply_and_several_recipients_with_different_errors():
    transcript = "\n".join(
        _line(t)
        for t in (
            "*  To: a@example.org",
            "*  To: b@example.org",
            "--> RCPT To:<a@example.org>",
            "<-- 550-5.1.1 The email account that you tried to reach does not exist.",
            "<-- 550 5.1.1 Please check the address.",
            "--> RCPT To:<b@example.org>",
            "<-- 552 5.2.2 Mailbox full",
        )
    )
    raw = _mdaemon("Permanent Delivery Failure", "The attached message had PERMANENT fatal delivery errors!",
                   transcript)
    a, b = bouncekit.parse(raw).records
    assert (a.recipient, a.reason) == ("a@example.org", Reason.USER_UNKNOWN)
    assert "Please check the address" in a.diagnostic
    assert (b.recipient, b.reason) == ("b@example.org", Reason.MAILBOX_FULL)


def test_notice_without_transcript_is_left_to_the_fallback():
    raw = (
        b"From: Postmaster <MDaemon@mail.example.com>\nTo: hub@example.com\n"
        b"Subject: Permanent Delivery Failure\n"
        b"X-MDDSN-Message: Yes\n\nThe message to <zed@example.org> could not be delivered: 550 5.1.1"
        b" unknown user\n"
    )
    report = bouncekit.parse(raw)
    assert report.decoder == "fallback"
    assert report.records[0].recipient == "zed@example.org"


def test_warning_of_temporary_errors_is_a_delay():
    # Other versions word the warning as temporary errors and a retry queue, under a
    # subject that does not say "delayed".
    transcript = "\n".join(_line(t) for t in (
        "*  To: jay@busy.example",
        "--> RCPT To:<jay@busy.example>",
        "<-- 421 4.3.2 Service not available, closing transmission channel",
    ))
    raw = _mdaemon("Warning: Temporary Delivery Failure",
                   "The attached message has encountered one or more temporary delivery errors!\n\n"
                   "This is a WARNING message only.  YOU DO NOT NEED TO RESEND YOUR MESSAGE!\n\n"
                   "The message has been placed in the retry queue.", transcript)
    [record] = bouncekit.parse(raw).records
    assert (str(record.event), record.action) == ("delayed", "delayed")


def test_a_warning_that_says_attempts_will_continue_is_a_delay():
    transcript = "\n".join(_line(t) for t in (
        "*  To: jay@busy.example",
        "--> RCPT To:<jay@busy.example>",
        "<-- 451 4.7.1 <jay@busy.example>: Recipient address rejected: Greylisted, please try again later",
    ))
    raw = _mdaemon("Warning: could not send message for past 4 hours",
                   "The attached message has not been delivered for 4 hours. Delivery attempts\n"
                   "will continue; you will be notified again if it cannot be delivered within 3 days.",
                   transcript)
    [record] = bouncekit.parse(raw).records
    assert str(record.event) == "delayed"


def test_a_connection_that_failed_before_any_reply_is_the_cause_of_the_delay():
    # No "<--" reply at all: MDaemon's own "*" line says why (Winsock 10060, a timeout).
    transcript = "\n".join(_line(t) for t in (
        "*  To: ola@slow.example",
        "Attempting SMTP connection to [mx.slow.example : 25]",
        "Waiting for socket connection...",
        "*  Socket connection failed (10060): Connection timed out; will retry later",
        "Total SMTP bytes transferred: 0",
    ))
    raw = _mdaemon("Warning: Temporary Delivery Failure",
                   "The attached message has had temporary delivery problems!", transcript)
    [record] = bouncekit.parse(raw).records
    assert (str(record.event), record.bounce_class) == ("delayed", BounceClass.TIMEOUT)
    assert record.diagnostic.startswith("Socket connection failed (10060)")


def test_a_reply_after_a_failed_connection_is_the_cause_not_the_connection():
    transcript = "\n".join(_line(t) for t in (
        "*  To: ola@slow.example",
        "*  Connection to [mx1.slow.example] failed; trying the next MX host",
        "Attempting SMTP connection to [mx2.slow.example : 25]",
        "<-- 220 mx2.slow.example ESMTP",
        "--> RCPT To:<ola@slow.example>",
        "<-- 552 5.2.2 Mailbox full",
    ))
    raw = _mdaemon("Permanent Delivery Failure", "The attached message had PERMANENT fatal delivery errors!",
                   transcript)
    [record] = bouncekit.parse(raw).records
    assert record.bounce_class == BounceClass.MAILBOX_FULL


def test_a_recipient_refused_at_rcpt_fails_even_when_the_to_lines_do_not_list_it():
    # "*  To:" copies the message's To; the Cc recipient shows only in its RCPT command.
    transcript = "\n".join(_line(t) for t in (
        "*  To: ann@shop.example",
        "--> RCPT To:<ann@shop.example>",
        "<-- 550 5.1.1 <ann@shop.example>: Recipient address rejected: User unknown",
        "--> RCPT To:<accounts@shop.example>",
        "<-- 552 5.2.2 <accounts@shop.example>: Mailbox full",
    ))
    raw = _mdaemon("Permanent Delivery Failure", "The attached message had PERMANENT fatal delivery errors!",
                   transcript)
    records = bouncekit.parse(raw).records
    assert [(r.recipient, r.bounce_class) for r in records] == [
        ("ann@shop.example", BounceClass.INVALID_RECIPIENT),
        ("accounts@shop.example", BounceClass.MAILBOX_FULL),
    ]


def _bare(transcript: str, intro: str = "The attached message had PERMANENT fatal delivery errors!") -> bytes:
    """A notice from the bare ``MDaemon@host`` address, without X-MDDSN-Message."""
    return (
        "From: MDaemon@mail.example.com\nTo: hub@example.com\nSubject: Permanent Delivery Failure\n"
        'MIME-Version: 1.0\nContent-Type: multipart/mixed; boundary="PB"\n\n'
        "--PB\nContent-Type: text/plain\n\n"
        f"{intro}\n\n--- Session Transcript ---\n{transcript}\n--- End Transcript ---\n\n"
        "--PB\nContent-Type: text/rfc822-headers\n\nFrom: hub@example.com\nTo: a@example.org\n"
        "Subject: Order\nMessage-ID: <o2@example.com>\n\n--PB--\n"
    ).encode()


def test_bare_sender_each_rcpt_takes_its_own_reply():
    # No X-MDDSN-Message, From without brackets: still MDaemon's; the refusals of two
    # RCPTs go each to its own address, the accepted one gives nothing.
    transcript = "\n".join(_line(t) for t in (
        "--> MAIL From:<hub@example.com>", "<-- 250 2.1.0 Sender OK",
        "--> RCPT To:<gone@example.org>", "<-- 550 5.1.1 No such mailbox here",
        "--> RCPT To:<ok@example.org>", "<-- 250 2.1.5 Recipient OK",
        "--> RCPT To:<tight@example.org>", "<-- 452 4.2.2 Over quota",
        "--> DATA", "<-- 354 go ahead", "<-- 250 2.0.0 queued",
    ))
    records = bouncekit.parse(_bare(transcript)).records
    assert [r.recipient for r in records] == ["gone@example.org", "tight@example.org"]
    assert all(r.decoder == "mdaemon" for r in records)
    assert [r.bounce_class for r in records] == [BounceClass.INVALID_RECIPIENT, BounceClass.MAILBOX_FULL]
    assert [r.reply_code for r in records] == ["550", "452"]


def test_recipients_listed_on_one_to_line_only_the_refused_one_fails():
    transcript = "\n".join(_line(t) for t in (
        "*  To: p@example.net, q@example.net, r@example.net",
        "--> RCPT To:<p@example.net>", "<-- 250 2.1.5 Ok",
        "--> RCPT To:<q@example.net>", "<-- 550 5.7.1 <q@example.net>: Relay access denied",
        "--> RCPT To:<r@example.net>", "<-- 250 2.1.5 Ok",
        "--> DATA", "<-- 354 End data", "<-- 250 2.0.0 Ok: queued",
    ))
    [record] = bouncekit.parse(_bare(transcript)).records
    assert record.recipient == "q@example.net"
    assert record.bounce_class is BounceClass.RELAYING_DENIED


def test_a_refusal_after_data_goes_to_every_accepted_recipient_not_the_last_rcpt():
    # Near miss: the RCPTs were taken and DATA was refused: both failed, for that reason.
    transcript = "\n".join(_line(t) for t in (
        "*  To: s@example.com", "*  To: t@example.com",
        "--> RCPT To:<s@example.com>", "<-- 250 2.1.5 Ok",
        "--> RCPT To:<t@example.com>", "<-- 250 2.1.5 Ok",
        "--> DATA", "<-- 354 End data", "<-- 552 5.3.4 Message size exceeds fixed limit",
        "--> QUIT", "<-- 221 Bye",
    ))
    raw = _mdaemon("Permanent Delivery Failure", "The attached message had PERMANENT fatal delivery errors!",
                   transcript)
    records = bouncekit.parse(raw).records
    assert [r.recipient for r in records] == ["s@example.com", "t@example.com"]
    assert {r.bounce_class for r in records} == {BounceClass.TOO_LARGE}


def _translated(start: str, end: str, intro: str) -> bytes:
    return _mdaemon("Permanenter Zustellfehler", intro, "").replace(
        b"--- Session Transcript ---\n\n--- End Transcript ---",
        "\n".join([start, _line("Attempting SMTP connection to [mx.example.org : 25]"),
                   _line("*  To: ivy@example.org"), _line("--> RCPT To:<ivy@example.org>"),
                   _line("<-- 550 5.1.1 User unknown"), end]).encode())


def test_a_translated_transcript_is_read_as_the_english_one():
    # MDaemon's German and Spanish editions translate the lines that open and close the
    # transcript ("--- Sitzungsprotokoll ---", "--- Transcripción de la sesión ---").
    for start, end in (("--- Sitzungsprotokoll ---", "--- Ende des Protokolls ---"),
                       ("----- Transcripción de la sesión -----", "----- Fin de la transcripción -----")):
        (record,) = bouncekit.parse(_translated(start, end, "Die angehängte Nachricht hatte PERMANENTE "
                                                "schwere Zustellfehler!")).records
        assert (record.decoder, record.recipient, record.reason, str(record.event)) == (
            "mdaemon", "ivy@example.org", Reason.USER_UNKNOWN, "bounce")


def test_a_translated_warning_is_a_delay():
    (record,) = bouncekit.parse(_translated(
        "--- Sitzungsprotokoll ---", "--- Ende des Protokolls ---",
        "Die angehängte Nachricht konnte bisher nicht zugestellt werden. DIES IST NUR EINE WARNUNG.")).records
    assert str(record.event) == "delayed"
