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
