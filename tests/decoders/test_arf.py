"""The arf decoder (RFC 5965 feedback reports) on the corpus."""

import pytest

import bouncekit
from tests.conftest import corpus_bytes

# file, complained-about recipient, feedback type
CASES = [
    ("arf-02.eml", "this-local-part-does-not-exist-on-yahoo@yahoo.com", "abuse"),
    ("arf-14.eml", "kijitora@y.example.com", "abuse"),
    ("arf-18.eml", "kijitora@example.com", "auth-failure"),
    ("arf-19.eml", "kijitora@example.org", "auth-failure"),
    ("arf-25.eml", "hashed@example.com", "abuse"),
    # "To: <Undisclosed Recipients>" and no Original-Rcpt-To: the recipient is unknown
    ("arf-11.eml", None, "abuse"),
]


@pytest.mark.parametrize(("file", "recipient", "feedback_type"), CASES)
def test_corpus_file(file, recipient, feedback_type):
    report = bouncekit.parse(corpus_bytes(file))
    [record] = report.records
    assert record.decoder == "arf"
    assert record.recipient == recipient
    assert str(record.event) == "complaint"
    assert record.feedback_type == feedback_type
    assert record.classification is None  # complaints are not classified
    assert not report.is_bounce


def test_original_rcpt_to_wins_over_the_returned_message():
    raw = (
        b"From: fbl@isp.example\nTo: abuse@sender.example\nSubject: FW: Hello\nMIME-Version: 1.0\n"
        b'Content-Type: multipart/report; report-type=feedback-report; boundary="b"\n\n'
        b"--b\nContent-Type: text/plain\n\nThis is an email abuse report.\n\n"
        b"--b\nContent-Type: message/feedback-report\n\n"
        b"Feedback-Type: fraud\nUser-Agent: FBL/1.0\nVersion: 1\n"
        b"Original-Mail-From: <news@sender.example>\nOriginal-Rcpt-To: <user@isp.example>\n"
        b"Reporting-MTA: dns; fbl.isp.example\n\n"
        b"--b\nContent-Type: text/rfc822-headers\n\n"
        b"From: news@sender.example\nTo: someone-else@isp.example\nSubject: Hello\n\n--b--\n"
    )
    [record] = bouncekit.parse(raw).records
    assert record.recipient == "user@isp.example"
    assert record.feedback_type == "fraud"
    assert record.original_sender == "news@sender.example"
    assert record.reporting_mta == "fbl.isp.example"


def test_draft_removal_recipient_field():
    raw = (
        b"From: fbl@isp.example\nTo: abuse@sender.example\nSubject: complaint\nMIME-Version: 1.0\n"
        b'Content-Type: multipart/report; report-type=feedback-report; boundary="b"\n\n'
        b"--b\nContent-Type: message/feedback-report\n\n"
        b"Feedback-Type: abuse\nVersion: 0.1\nRemoval-Recipient: user@isp.example\n\n--b--\n"
    )
    [record] = bouncekit.parse(raw).records
    assert (record.recipient, record.feedback_type) == ("user@isp.example", "abuse")


def test_a_jmrp_report_names_the_recipient_in_its_hmxmr_field_when_the_to_is_redacted():
    raw = (
        b"From: staff@hotmail.com\nTo: fbl@example.com\nSubject: complaint about message from 192.0.2.60\n"
        b"X-HmXmrOriginalRecipient: <fbl@example.com>\nMIME-Version: 1.0\n"
        b'Content-Type: multipart/report; report-type=feedback-report; boundary="b"\n\n'
        b"--b\nContent-Type: text/plain\n\nThis is an email abuse report.\n\n"
        b"--b\nContent-Type: message/feedback-report\n\nFeedback-Type: abuse\nUser-Agent: Hotmail FBL\n"
        b"Version: 1\n\n--b\nContent-Type: message/rfc822\n\n"
        b"X-HmXmrOriginalRecipient: <lee@hotmail.com>\nFrom: news@example.com\nTo: <redacted@hotmail.com>\n"
        b"Subject: Offers\n\nHello\n--b--\n"
    )
    [record] = bouncekit.parse(raw).records
    assert (record.recipient, str(record.event)) == ("lee@hotmail.com", "complaint")


def test_a_report_about_mail_sent_bcc_names_the_mailbox_its_received_field_delivered_to():
    raw = (
        b"From: abuse@isp.example\nTo: fbl@example.com\nSubject: Complaint\nMIME-Version: 1.0\n"
        b'Content-Type: multipart/report; report-type=feedback-report; boundary="b"\n\n'
        b"--b\nContent-Type: text/plain\n\nThis is an email abuse report.\n\n"
        b"--b\nContent-Type: message/feedback-report\n\nFeedback-Type: abuse\nUser-Agent: ISP-FBL/1\n"
        b"Version: 1\n\n--b\nContent-Type: message/rfc822\n\n"
        b"Received: from out.example.com (out.example.com [192.0.2.7])\n\tby mx.isp.example with ESMTP\n"
        b"\tfor <Kim@isp.example>; Sat, 01 Mar 2025 06:15:09 +0000\n"
        b"From: news@example.com\nTo: undisclosed-recipients:;\nSubject: Offers\n\nHello\n--b--\n"
    )
    [record] = bouncekit.parse(raw).records
    assert (record.recipient, str(record.event)) == ("kim@isp.example", "complaint")
    two = raw.replace(b"Subject: Offers", b"Received: by relay.isp.example for <lee@isp.example>;\n"
                      b" Sat, 01 Mar 2025 06:15:08 +0000\nSubject: Offers")
    assert [r.recipient for r in bouncekit.parse(two).records] == [None]  # which of two: not told


# --- reports in other shapes than one RFC 5965 message (round 23) ----------------------


def _report(rcpt_fields: str, returned_to: str, *, boundary: str, feedback_type: str = "abuse",
            agent: str = "Kabelnetz-FBL/3.1") -> str:
    """One ARF report as a loop writes it (text, feedback part, returned headers)."""
    return (
        "From: Kabelnetz FBL <fbl@kabelnetz.example>\nTo: fbl@relay.example\nSubject: Beschwerde\n"
        "MIME-Version: 1.0\nContent-Type: multipart/report; report-type=feedback-report;\n"
        f" boundary=\"{boundary}\"\n\n"
        f"--{boundary}\nContent-Type: text/plain\n\nEin Kunde hat diese Nachricht als Spam gemeldet.\n\n"
        f"--{boundary}\nContent-Type: message/feedback-report\n\n"
        f"Feedback-Type: {feedback_type}\nUser-Agent: {agent}\nVersion: 1\n{rcpt_fields}"
        "Source-IP: 192.0.2.25\n\n"
        f"--{boundary}\nContent-Type: text/rfc822-headers\n\n"
        f"From: Shop <news@shop.example>\nTo: {returned_to}\nSubject: Angebote\n"
        f"Message-ID: <{boundary}@shop.example>\n\n--{boundary}--\n"
    )


def test_a_digest_gives_one_complaint_per_report_in_order():
    # A loop's daily digest (Swedish text): each report attached as a message of its own;
    # the second names two recipients.
    first = _report("Original-Rcpt-To: <anna@bredband.example>\n", "anna@bredband.example", boundary="r1")
    second = _report("Original-Rcpt-To: <per@bredband.example>\nOriginal-Rcpt-To: <eva@bredband.example>\n",
                     "lista@shop.example", boundary="r2", feedback_type="fraud")
    raw = (
        "From: Bredband FBL <fbl-digest@bredband.example>\nTo: abuse@shop.example\n"
        "Subject: Dagens klagomål: 2 rapporter\nMIME-Version: 1.0\n"
        'Content-Type: multipart/mixed; boundary="d"\n\n'
        "--d\nContent-Type: text/plain; charset=utf-8\n\nHär är dagens rapporter (2).\n\n"
        f"--d\nContent-Type: message/rfc822\n\n{first}\n"
        f"--d\nContent-Type: message/rfc822\n\n{second}\n--d--\n"
    ).encode()
    report = bouncekit.parse(raw)
    assert [(r.recipient, r.feedback_type, r.decoder) for r in report.records] == [
        ("anna@bredband.example", "abuse", "arf"),
        ("per@bredband.example", "fraud", "arf"),
        ("eva@bredband.example", "fraud", "arf"),
    ]
    message_ids = [r.original_message_id for r in report.records]
    assert message_ids == ["<r1@shop.example>", "<r2@shop.example>", "<r2@shop.example>"]
    assert all(str(r.event) == "complaint" for r in report.records)


def test_reports_side_by_side_in_one_message_each_name_their_own_recipient():
    # No Original-Rcpt-To: each report's recipient is the To of the message it returns.
    inner = [_report("", f"kunde{n}@kabelnetz.example", boundary=f"p{n}").split("\n\n", 1) for n in (1, 2)]
    parts = "".join(
        f"--m\n{head.split('MIME-Version: 1.0', 1)[1].strip()}\n\n{body}\n" for head, body in inner
    )
    raw = (
        "From: fbl@kabelnetz.example\nTo: abuse@shop.example\nSubject: FBL-Berichte\nMIME-Version: 1.0\n"
        f'Content-Type: multipart/mixed; boundary="m"\n\n{parts}--m--\n'
    ).encode()
    assert [r.recipient for r in bouncekit.parse(raw).records] == [
        "kunde1@kabelnetz.example", "kunde2@kabelnetz.example",
    ]


def test_a_report_a_colleague_forwards_as_an_attachment_is_the_complaint_it_carries():
    # Outlook's German forward ("WG:") from a person: without the report it would be a
    # person's forward, which gives no record.
    report = _report("Original-Rcpt-To: <jonas@kabelnetz.example>\n", "jonas@kabelnetz.example",
                     boundary="f1")
    raw = (
        "From: Petra Lang <petra.lang@shop.example>\nTo: versand@shop.example\n"
        "Subject: WG: Beschwerde\nMIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=\"o\"\n\n"
        "--o\nContent-Type: text/plain; charset=utf-8\n\nKannst du den bitte austragen?\n\n"
        f"--o\nContent-Type: message/rfc822\n\n{report}\n--o--\n"
    ).encode()
    [record] = bouncekit.parse(raw).records
    assert (record.recipient, str(record.event), record.decoder) == (
        "jonas@kabelnetz.example", "complaint", "arf")


def test_an_attached_report_is_found_whatever_the_case_of_its_type():
    # The attached message's body is searched for the type before it is split: the type
    # is case-blind (RFC 2045), so a loop writing it in capitals must still be found.
    report = _report("Original-Rcpt-To: <lena@kabelnetz.example>\n", "lena@kabelnetz.example",
                     boundary="c1").replace("message/feedback-report", "Message/Feedback-Report")
    raw = (
        "From: Petra Lang <petra.lang@shop.example>\nTo: versand@shop.example\n"
        "Subject: WG: Beschwerde\nMIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=\"o\"\n\n"
        "--o\nContent-Type: text/plain; charset=utf-8\n\nBitte austragen.\n\n"
        f"--o\nContent-Type: message/rfc822\n\n{report}\n--o--\n"
    ).encode()
    [record] = bouncekit.parse(raw).records
    assert (record.recipient, str(record.event)) == ("lena@kabelnetz.example", "complaint")


def test_a_report_pasted_into_a_forward_is_read_from_its_quoted_fields():
    raw = (
        b"From: Tom Berg <tom@shop.example>\nTo: deliverability@shop.example\nSubject: Fwd: Abuse report\n"
        b"Content-Type: text/plain; charset=utf-8\n\nWhat do we do with these?\n\n"
        b"Begin forwarded message:\n\n> From: FBL <fbl@isp.example>\n> Subject: Abuse report\n>\n"
        b"> Feedback-Type: abuse\n> User-Agent: ISP-FBL/2\n> Version: 1\n"
        b"> Original-Rcpt-To: <maria@isp.example>\n> Source-IP: 192.0.2.25\n"
    )
    [record] = bouncekit.parse(raw).records
    assert (record.recipient, record.feedback_type) == ("maria@isp.example", "abuse")


def test_a_bounce_returning_a_report_is_the_bounce_not_a_complaint():
    # A report sent on to a customer's address that no longer exists: the customer's
    # MTA returns it. The failed address is the customer's, and nobody complained.
    report = _report("Original-Rcpt-To: <jonas@kabelnetz.example>\n", "jonas@kabelnetz.example",
                     boundary="b1")
    dsn = (
        "From: Mail Delivery System <MAILER-DAEMON@mx.customer.example>\nTo: fbl@relay.example\n"
        "Subject: Undelivered Mail Returned to Sender\nMIME-Version: 1.0\n"
        'Content-Type: multipart/report; report-type=delivery-status; boundary="z"\n\n'
        "--z\nContent-Type: text/plain\n\nI'm sorry to have to inform you that your message could not\n"
        "be delivered to one or more recipients.\n\n<gone@customer.example>: user unknown\n\n"
        "--z\nContent-Type: message/delivery-status\n\nReporting-MTA: dns; mx.customer.example\n\n"
        "Final-Recipient: rfc822; gone@customer.example\nAction: failed\nStatus: 5.1.1\n"
        "Diagnostic-Code: smtp; 550 5.1.1 user unknown\n\n"
        f"--z\nContent-Type: message/rfc822\n\n{report}\n--z--\n"
    ).encode()
    [record] = bouncekit.parse(dsn).records
    assert (record.recipient, str(record.event)) == ("gone@customer.example", "bounce")
    plain = (
        "From: MAILER-DAEMON@mx.customer.example\nTo: fbl@relay.example\nSubject: failure notice\n"
        'MIME-Version: 1.0\nContent-Type: multipart/mixed; boundary="q"\n\n'
        "--q\nContent-Type: text/plain\n\nYour message could not be delivered to gone@customer.example.\n\n"
        f"--q\nContent-Type: message/rfc822\n\n{report}\n--q--\n"
    ).encode()
    assert all(str(r.event) != "complaint" for r in bouncekit.parse(plain).records)


def test_a_feedback_part_declared_as_text_is_read_by_its_fields():
    # Inside the report (Russian text), and in a multipart/mixed.
    for container, ctype in (("multipart/report; report-type=feedback-report", "text/plain"),
                             ("multipart/mixed", "text/plain; charset=us-ascii")):
        raw = (
            "From: fbl@pochta.example\nTo: fbl@sender.example\nSubject: =?utf-8?b?0JbQsNC70L7QsdCw?=\n"
            f'MIME-Version: 1.0\nContent-Type: {container}; boundary="t"\n\n'
            "--t\nContent-Type: text/plain; charset=utf-8\n\nПользователь пожаловался на письмо.\n\n"
            f"--t\nContent-Type: {ctype}\n\nFeedback-Type: abuse\nUser-Agent: Pochta-FBL\nVersion: 1\n"
            "Original-Mail-From: <b@sender.example>\nArrival-Date: Mon, 3 Mar 2025 10:00:00 +0300\n\n"
            "--t\nContent-Type: message/rfc822\n\nFrom: news@sender.example\nTo: <ivan@pochta.example>\n"
            "Subject: hello\n\nbody\n--t--\n"
        ).encode()
        [record] = bouncekit.parse(raw).records
        assert (record.recipient, record.feedback_type, record.decoder) == (
            "ivan@pochta.example", "abuse", "arf")


def test_a_newsletter_quoting_an_example_report_gives_nothing():
    raw = (
        b"From: Deliverability Weekly <news@dlvr-weekly.example>\nTo: reader@shop.example\n"
        b"Subject: How to read a feedback report\nList-Unsubscribe: <https://dlvr-weekly.example/u/1>\n"
        b"Content-Type: text/plain; charset=utf-8\n\nThis week: what a complaint looks like.\n\n"
        b"   Feedback-Type: abuse\n   User-Agent: SomeGenerator/1.0\n   Version: 1\n"
        b"   Original-Mail-From: <somesender@example.net>\n   Original-Rcpt-To: <user@example.com>\n\n"
        b"Remove such recipients at once.\n"
    )
    assert bouncekit.parse(raw).records == ()


def test_redacted_recipients_are_none_and_one_recipient_named_twice_is_one_record():
    redacted = _report("Original-Rcpt-To: <redacted@kabelnetz.example>\n", "x", boundary="x1")
    assert [r.recipient for r in bouncekit.parse(redacted.encode()).records] == [None]
    # AOL names its redaction string; this loop writes "nobody@" in place of the address.
    named = _report("Redacted-Address: nobody@\n", "nobody@kabelnetz.example", boundary="x2")
    assert [r.recipient for r in bouncekit.parse(named.encode()).records] == [None]
    twice = _report("Original-Rcpt-To: <Lea@kabelnetz.example>\nRemoval-Recipient: lea@kabelnetz.example\n",
                    "lea@kabelnetz.example", boundary="x3", feedback_type="opt-out")
    assert [r.recipient for r in bouncekit.parse(twice.encode()).records] == ["Lea@kabelnetz.example"]


def test_a_jmrp_report_returning_only_the_headers_still_names_the_recipient():
    raw = (
        b"From: staff@hotmail.example\nTo: fbl@esp.example\nSubject: complaint about message from 192.0.2.9\n"
        b'MIME-Version: 1.0\nContent-Type: multipart/report; report-type=feedback-report; boundary="j"\n\n'
        b"--j\nContent-Type: message/feedback-report\n\nFeedback-Type: abuse\nUser-Agent: Hotmail FBL\n"
        b"Version: 0.1\n\n--j\nContent-Type: text/rfc822-headers\n\n"
        b"X-HmXmrOriginalRecipient: <sami.k@outlook.example>\nFrom: news@esp.example\n"
        b"To: undisclosed-recipients:;\nSubject: Offers\n\n--j--\n"
    )
    [record] = bouncekit.parse(raw).records
    assert (record.recipient, record.feedback_type) == ("sami.k@outlook.example", "abuse")


def test_a_feedback_part_sent_in_base64_is_read():
    import base64

    fields = (b"Feedback-Type: abuse\nUser-Agent: FBL/1.1\nVersion: 1\n"
              b"Original-Rcpt-To: <a.volkova@isp.example>\nSource-IP: 198.51.100.74\n")
    data = (b"From: FBL <fbl@isp.example>\nTo: postmaster@sender.example\nSubject: FBL report\n"
            b"MIME-Version: 1.0\n"
            b'Content-Type: multipart/report; report-type=feedback-report; boundary="b"\n\n'
            b"--b\nContent-Type: text/plain\n\nA user reported a message as spam.\n\n"
            b"--b\nContent-Type: message/feedback-report\nContent-Transfer-Encoding: base64\n\n"
            + base64.encodebytes(fields) + b"\n--b\nContent-Type: text/rfc822-headers\n\n"
            b"From: news@sender.example\nTo: a.volkova@isp.example\nSubject: News\n\n--b--\n")
    record, = bouncekit.parse(data).records
    assert (record.recipient, str(record.event), record.feedback_type) == (
        "a.volkova@isp.example", "complaint", "abuse")


def test_a_report_about_a_lists_mail_names_the_subscriber_its_verp_return_path_encodes():
    raw = (
        b"From: scomp@isp.example\nTo: fbl@lists.example.org\nSubject: Complaint\nMIME-Version: 1.0\n"
        b'Content-Type: multipart/report; report-type=feedback-report; boundary="b"\n\n'
        b"--b\nContent-Type: text/plain\n\nThis is an email abuse report.\n\n"
        b"--b\nContent-Type: message/feedback-report\n\nFeedback-Type: abuse\nUser-Agent: ISP-FBL/1\n"
        b"Version: 1\n\n--b\nContent-Type: message/rfc822\n\n"
        b"Return-Path: <quilters-bounces+kim=isp.example@lists.example.org>\n"
        b"From: pat@example.net\nTo: quilters@lists.example.org\nSubject: Retreat\n\nHello\n--b--\n"
    )
    assert [r.recipient for r in bouncekit.parse(raw).records] == ["kim@isp.example"]
