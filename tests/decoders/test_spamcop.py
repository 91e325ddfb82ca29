"""The spamcop decoder: SpamCop's plain-text spam reports (hand-written)."""

import bouncekit

_REPORT = (
    "From: 1234567@bounces.spamcop.example\nTo: abuse@esp.example\n"
    "Subject: [SpamCop (http://deals.example/) id:1234567]Your exclusive offer\n"
    "Precedence: list\nContent-Type: text/plain; charset=us-ascii\n\n"
    "{version}\nThis message is brief for your comfort.  Please use links below for details.\n\n"
    "Email from 192.0.2.44 / Tue, 4 Feb 2025 10:11:12 +0000\n"
    "http://www.spamcop.example/w3m?i=z1234567z\n\n"
    "[ Offending message ]\nReturn-Path: <b-77@esp.example>\n"
    "Received: from out.esp.example (out.esp.example [192.0.2.44])\n\tby mx.isp.example for <{to}>;\n"
    "From: Deals <offers@deals.example>\nTo: {to}\nSubject: Your exclusive offer\n"
    "Message-ID: <o-77@esp.example>\n\nBuy now.\n"
)


def test_a_report_with_the_reporter_munged_is_a_complaint_without_recipient():
    raw = _REPORT.format(version="[ SpamCop V5.4.1 ]", to="x").encode()
    report = bouncekit.parse(raw)
    [record] = report.records
    assert (record.recipient, str(record.event), record.feedback_type) == (None, "complaint", "abuse")
    assert (record.decoder, record.original_sender, record.original_message_id) == (
        "spamcop", "offers@deals.example", "<o-77@esp.example>")
    assert not report.is_bounce


def test_an_older_report_that_names_the_recipient_gives_it():
    raw = _REPORT.format(version="- SpamCop V4.3.2 -", to="ruth@isp.example").encode()
    [record] = bouncekit.parse(raw).records
    assert (record.recipient, record.decoder) == ("ruth@isp.example", "spamcop")


def test_a_bounce_naming_spamcops_blocklist_is_no_report():
    raw = (
        b"From: MAILER-DAEMON@mx.esp.example\nTo: news@esp.example\nSubject: Undelivered Mail\n"
        b"Content-Type: text/plain\n\nDelivery to the following recipient failed permanently:\n\n"
        b"  lee@isp.example\n\n554 5.7.1 Service unavailable; Client host [192.0.2.44] blocked using "
        b"bl.spamcop.example (SpamCop V5 listing)\n"
    )
    assert all(r.decoder != "spamcop" for r in bouncekit.parse(raw).records)
