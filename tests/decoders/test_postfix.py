"""The postfix decoder (Postfix) on the corpus."""

import pytest

import bouncekit
from tests.conftest import corpus_bytes

# file, record index, recipient, event, status, reply code, substring of the diagnostic (None: no diagnostic)
CASES = [
    ("lhost-postfix-03.eml", 0, "kijitora@example.net",
     "bounce", "5.0.0", "550", "Unknown user kijitora@example.net"),
    ("lhost-postfix-05.eml", 0, "kijitora@example.org",
     "bounce", "4.1.1", "450", "User unknown in virtual alias table"),
    ("lhost-postfix-07.eml", 0, "kijitora@user.example.or.jp",
     "bounce", None, None, "User unknown"),
    ("lhost-postfix-09.eml", 0, "kijitora@example.ne.jp",
     "bounce", "4.3.2", "452", "Connection rate limit exceeded."),
    ("lhost-postfix-11.eml", 0, "kijitora@example.jp",
     "bounce", "5.1.8", "553", "Domain of sender address"),
    ("lhost-postfix-11.eml", 1, "noraneko@example.jp",
     "bounce", "5.1.8", "553", "Domain of sender address"),
    ("lhost-postfix-13.eml", 0, "kijitora@example.jp", "bounce", "5.2.1", "550", "User Unknown"),
    ("lhost-postfix-13.eml", 1, "noraneko@example.jp", "bounce", "5.2.2", "550", "Mailbox Full"),
    ("lhost-postfix-15.eml", 0, "kijitora@bukkoji.example.org",
     "bounce", "4.4.1", None, "connect to"),
    ("lhost-postfix-17.eml", 0, "kijitora@example.org",
     "bounce", "5.4.4", None, "Name service error for name=example.org"),
    ("lhost-postfix-31.eml", 0, "kijitora@gmail.com",
     "bounce", "5.1.1", "550", "The email account that you tried to"),
    ("lhost-postfix-33.eml", 0, "userunknown@libsisimai.org",
     "bounce", "5.1.1", "550", "User Unknown"),
    ("lhost-postfix-36.eml", 0, "otsu-sakaba-hunter-neko-nyaaaaaaan@ezweb.ne.jp",
     "bounce", "5.0.0", "550", "User unknown"),
    ("lhost-postfix-38.eml", 0, "kijitora@example.org", "bounce", "4.0.0", "554", "Blocked - see"),
    ("lhost-postfix-39.eml", 0, "kijitora@example.com",
     "bounce", "5.6.0", "554", "host mta.example.com[192.0.2.225] said:"),
    ("lhost-postfix-40.eml", 0, "kijitora@example.com",
     "bounce", "4.0.0", "451", "Could not load DRD for domain"),
    ("lhost-postfix-41.eml", 0, "kijitora@example.org",
     "bounce", "5.0.0", "550", "host r2.example.org[198.51.100.24]"),
    ("lhost-postfix-42.eml", 0, "kijitora@example.com",
     "bounce", "5.0.0", "550", "Denied by policy"),
    ("lhost-postfix-44.eml", 0, "kijitora@example.jp",
     "bounce", "5.7.1", "501", "host nyaan.example.jp[192.0.2.2] said:"),
    ("lhost-postfix-46.eml", 0, "neko-nyaan@ne.auone-net.jp",
     "bounce", "5.0.0", "550", "Recipient address rejected."),
    ("lhost-postfix-49.eml", 0, "kijitora-neko-nyaan@ntt.example.ne.jp",
     "bounce", "4.0.0", "421", "delivery temporarily suspended: connect"),
    ("lhost-postfix-51.eml", 0, "neko@example.co.jp",
     "bounce", "5.7.0", "550", "Local Policy Violation"),
    ("lhost-postfix-52.eml", 0, "kijitora@example.co.jp",
     "bounce", "5.0.0", "554", "delivery error: dd Sorry your message"),
    ("lhost-postfix-54.eml", 0, "neko-nyaan@example.ne.jp",
     "bounce", "5.7.1", "550", "Access denied"),
    ("lhost-postfix-55.eml", 0, "neko-nyaan@example.ne.jp",
     "bounce", "5.0.0", "552", "Too many recipients"),
    ("lhost-postfix-56.eml", 0, "nyaan@qq.example.com",
     "bounce", "4.4.2", None, "lost connection with"),
    ("lhost-postfix-57.eml", 0, "kijitora@cr.nyaan.jp", "bounce", "5.2.1", "550", "User Unknown"),
    ("lhost-postfix-58.eml", 0, "neko-1718501322@gmail.com",
     "bounce", "5.7.1", "550", "[192.0.2.22 18] Our system has detected"),
    ("lhost-postfix-59.eml", 0, "kijitora@ggl.example.org",
     "bounce", "5.2.1", "550", "The user you are trying to contact is"),
    ("lhost-postfix-60.eml", 0, "neko@mail.example.jp",
     "bounce", "4.0.0", "554", "mail.com (mxgmxus002) Nemesis ESMTP"),
    ("lhost-postfix-64.eml", 0, "xxxx@wanadoo.fr", "bounce", None, None, None),
    ("lhost-postfix-67.eml", 0, "kijitora@aol.example.jp",
     "bounce", "5.7.9", "554", "Message not accepted for policy"),
    ("lhost-postfix-68.eml", 0, "kijitora@yahoo.example.co.jp",
     "bounce", "5.0.0", "554", "Message not allowed - 554 Message not"),
    ("lhost-postfix-69.eml", 0, "kijitora@yahoo.example.com",
     "bounce", "5.7.9", "554", "Message not accepted for policy"),
    ("lhost-postfix-71.eml", 0, "kijitora@apple.example.com",
     "bounce", "5.7.1", "554", "Your message was rejected due to"),
    ("lhost-postfix-72.eml", 0, "kijitora@mail.example.ru",
     "bounce", "5.7.1", "550", "This message was not accepted due to"),
    ("lhost-postfix-73.eml", 0, "kijitora@zoho.example.com",
     "bounce", "5.7.1", "550", "Email rejected per DMARC policy for"),
    ("lhost-postfix-74.eml", 0, "kijitora@y.example.ca",
     "bounce", "4.7.0", "421", "[TSS04] Messages from 192.0.2.192"),
    ("lhost-postfix-75.eml", 0, "kijitora@libsisimai.net",
     "bounce", "4.3.0", "451", "Error: queue file write error"),
    ("lhost-postfix-78.eml", 0, "postmaster@libsisimai.org",
     "bounce", "5.0.0", "554", "Transaction failed: Duplicate header"),
]


@pytest.mark.parametrize(("file", "index", "recipient", "event", "status", "reply_code", "text"), CASES)
def test_corpus_file(file, index, recipient, event, status, reply_code, text):
    record = bouncekit.parse(corpus_bytes(file)).records[index]
    assert record.decoder == "postfix"
    assert record.recipient == recipient
    assert str(record.event) == event
    assert record.status == status
    assert record.reply_code == reply_code
    if text is None:
        assert record.diagnostic is None
    else:
        assert text in (record.diagnostic or "")



def test_text_only_report_and_folded_expanded_from():
    raw = (
        b"From: MAILER-DAEMON@mx.example.org (Mail Delivery System)\nTo: sender@example.org\n"
        b"Subject: Undelivered Mail Returned to Sender\n\n"
        b"This is the mail system at host mx.example.org.\n\n"
        b"                   The mail system\n\n"
        b"<user@example.com> (expanded from\n    <alias@example.org>): host mx.example.com[192.0.2.1] said:\n"
        b"    550 5.1.1 <user@example.com>: Recipient address rejected: User unknown (in\n"
        b"    reply to RCPT TO command)\n"
    )
    record = bouncekit.parse(raw).records[0]
    assert record.decoder == "postfix"
    assert record.recipient == "user@example.com"
    assert record.remote_mta == "mx.example.com"
    assert record.diagnostic == "550 5.1.1 <user@example.com>: Recipient address rejected: User unknown"


def test_delivery_report_unavailable_falls_back_to_the_original_recipient():
    record = bouncekit.parse(corpus_bytes("lhost-postfix-64.eml")).records[0]
    assert record.recipient == "xxxx@wanadoo.fr"
    assert str(record.event) == "bounce"


def test_address_verification_report_is_a_delivery():
    record = bouncekit.parse(corpus_bytes("rfc3464-28.eml")).records[0]
    assert str(record.event) == "delivered"
    assert record.bounce_class is None


def test_a_delay_warning_pasted_without_its_report_part_is_a_delay():
    data = (b"From: Helpdesk <desk@example.org>\nTo: it@example.org\n"
            b"Subject: [TICKET-12] Delayed Mail (still being retried)\n\n"
            b"This is the mail system at host smtp.example.org.\n\n"
            b"# THIS IS A WARNING ONLY.  YOU DO NOT NEED TO RESEND YOUR MESSAGE. #\n\n"
            b"Your message could not be delivered for more than 4 hour(s).\n\n"
            b"                   The mail system\n\n"
            b"<jo@example.net>: Host or domain name not found. Name service error for\n"
            b"    name=example.net type=MX: Host not found, try again\n")
    report = bouncekit.parse(data)
    assert report.decoder == "postfix"
    assert [(r.recipient, str(r.event), r.classification.bounce_class) for r in report.records] == [
        ("jo@example.net", "delayed", 21)]


def _server_errors(rcpt_reply: str, data_reply: str) -> bytes:
    """Postfix's notice to the postmaster of an inbound session's errors (notify_classes)."""
    return (
        "From: MAILER-DAEMON@mx.example.org (Mail Delivery System)\nTo: postmaster@mx.example.org\n"
        "Subject: Postfix SMTP server: errors from unknown[203.0.113.9]\n\nTranscript of session follows.\n\n"
        " Out: 220 mx.example.org ESMTP Postfix\n In:  EHLO client.example.net\n Out: 250 mx.example.org\n"
        " In:  MAIL FROM:<a@example.net>\n Out: 250 2.1.0 Ok\n In:  RCPT TO:<jo@example.org>\n"
        f" Out: {rcpt_reply}\n In:  DATA\n Out: {data_reply}\n In:  QUIT\n Out: 221 2.0.0 Bye\n\n"
        "For other details, see the local mail logfile\n"
    ).encode()


def test_the_server_s_session_errors_report_only_an_accepted_recipient_whose_message_was_lost():
    lost = bouncekit.parse(_server_errors("250 2.1.5 Ok", "451 4.3.0 Error: queue file write error"))
    assert [(r.recipient, r.reply_code) for r in lost.records] == [("jo@example.org", "451")]
    # Refused at RCPT TO: the client has the reply; the postmaster's copy reports traffic.
    refused = bouncekit.parse(_server_errors("454 4.7.1 <jo@example.org>: Relay access denied",
                                             "554 5.5.1 Error: no valid recipients"))
    assert (refused.decoder, refused.records) == ("postfix", ())


def test_a_text_that_shows_the_banner_as_an_indented_example_is_not_postfix_s_notice():
    raw = (
        b"From: Hosting <info@hoster.example>\nTo: customer@example.com\nSubject: New bounce texts\n\n"
        b"From July our servers send their notices in German. Instead of\n\n"
        b"    This is the mail system at host smtp.hoster.example.\n\n"
        b"you will read the German text. The server's reply (\"550 5.1.1 User unknown\") stays English.\n"
    )
    assert bouncekit.parse(raw).records == ()
