"""The amazonses decoder (Amazon SES) on the corpus."""

import pytest

import bouncekit
from tests.conftest import corpus_bytes

# file, record index, recipient, event, status, reply code, substring of the diagnostic
CASES = [
    ("lhost-amazonses-02.eml", 0, "this-local-part-does-not-exist-on-the-server@docomo.ne.jp", "bounce",
     "5.3.0", "550", "550 Unknown user"),
    ("lhost-amazonses-03.eml", 0, "kijitora@example.jp", "bounce",
     "5.2.2", "550", "550 5.2.2 <kijitora@example.jp>... Mailbox Full"),
    ("lhost-amazonses-07.eml", 0, "6@neko.nyaan.example.org", "bounce", "5.7.6", "550", "Failed to delivery"),
    ("lhost-amazonses-08.eml", 0, "e@neko.nyaan.example.org", "bounce", "5.7.9", "550", "Rejected"),
    ("lhost-amazonses-09.eml", 0, "bounce@simulator.amazonses.com", "bounce", "5.1.1", "550", "user unknown"),
    ("lhost-amazonses-10.eml", 0, "bounce@simulator.amazonses.com", "bounce", "5.1.1", "550", "user unknown"),
    ("lhost-amazonses-11.eml", 0, "complaint@simulator.amazonses.com", "complaint", None, None, ""),
    ("lhost-amazonses-13.eml", 0, "complaint@simulator.amazonses.com", "delivered",
     "2.6.0", "250", "Message received"),
    ("lhost-amazonses-14.eml", 0, "sironeko@neko.example.org", "bounce",
     "5.7.1", "554", "Client host rejected: blocked using"),
    ("lhost-amazonses-15.eml", 0, "kijitora@neko.example.com", "bounce",
     "5.7.1", "554", "Client host rejected: blocked using"),
    ("lhost-amazonses-17.eml", 0, "kijitora@example.com", "bounce",
     "4.4.2", "421", "Message expired: unable to deliver in 840 minutes."),
    ("lhost-amazonses-20.eml", 0, "kijitora@google.example.com", "bounce",
     "5.2.1", "550", "account that you tried to reach is disabled"),
    ("lhost-amazonses-21.eml", 0, "kijitora@example.com", "bounce", "5.7.1", "554", "Relay access denied"),
]


@pytest.mark.parametrize(("file", "index", "recipient", "event", "status", "reply_code", "text"), CASES)
def test_corpus_file(file, index, recipient, event, status, reply_code, text):
    report = bouncekit.parse(corpus_bytes(file))
    record = report.records[index]
    assert record.decoder == "amazonses"
    assert record.recipient == recipient
    assert str(record.event) == event
    assert record.status == status
    assert record.reply_code == reply_code
    assert text in (record.diagnostic or "")


def _sns(event: str) -> bytes:
    return (
        "From: SES <no-reply@sns.amazonaws.com>\nTo: ops@example.org\n"
        "Subject: AWS Notification Message\nx-amz-sns-message-id: 1\n"
        "Content-Type: text/plain; charset=UTF-8\n\n" + event + "\n\n--\nIf you wish to stop ...\n"
    ).encode()


def test_complaint_notice_names_the_feedback_type_and_original():
    record = bouncekit.parse(corpus_bytes("lhost-amazonses-11.eml")).records[0]
    assert record.feedback_type == "abuse"
    assert record.bounce_class is None
    assert record.original_sender == "kijitora@neko.example.jp"


def test_lines_broken_at_the_smtp_limit_are_joined_before_json_parsing():
    # lhost-amazonses-09 has '"!\n Content-Transfer-Encoding' inside the JSON.
    assert b"!\n " in corpus_bytes("lhost-amazonses-09.eml")
    assert bouncekit.parse(corpus_bytes("lhost-amazonses-09.eml")).records[0].status == "5.1.1"


def test_bounce_subtype_decides_when_there_is_no_diagnostic_code():
    event = (
        '{"notificationType":"Bounce","bounce":{"bounceType":"Permanent","bounceSubType":"Suppressed",'
        '"bouncedRecipients":[{"emailAddress":"gone@example.com"}],"reportingMTA":"dns; a1.amazonses.com"},'
        '"mail":{"source":"me@example.org","commonHeaders":{"messageId":"<m1@example.org>"}}}'
    )
    record = bouncekit.parse(_sns(event)).records[0]
    # On a suppression list SES sent nothing: the sending service refused (TAXONOMY's
    # event rejected, as SES's webhook of the same event gives).
    assert (record.recipient, str(record.event)) == ("gone@example.com", "rejected")
    assert int(record.bounce_class) == 10
    assert record.reporting_mta == "a1.amazonses.com"
    assert record.original_message_id == "<m1@example.org>"
    assert record.status is None


def test_a_report_of_an_address_on_the_suppression_list_is_a_refusal_to_send():
    raw = (
        b"From: MAILER-DAEMON@email-smtp.eu-west-1.amazonses.com\nTo: me@example.org\n"
        b"Subject: Delivery Status Notification (Failure)\nMIME-Version: 1.0\n"
        b'Content-Type: multipart/report; report-type=delivery-status; boundary="b"\n\n'
        b"--b\nContent-Type: text/plain\n\n"
        b"An error occurred while trying to deliver the mail to the following recipients:\n"
        b"gone@example.com\n\n"
        b"--b\nContent-Type: message/delivery-status\n\nReporting-MTA: dns; amazonses.com\n\n"
        b"Final-Recipient: rfc822; gone@example.com\nAction: failed\nStatus: 5.1.1\n"
        b"Diagnostic-Code: smtp; 550 5.1.1 Amazon SES did not send the message to this address because it "
        b"is on the suppression list for your account.\n\n--b--\n"
    )
    [record] = bouncekit.parse(raw).records
    assert (record.decoder, str(record.event), int(record.bounce_class)) == ("amazonses", "rejected", 10)


def test_delivery_delay_event_is_a_delay():
    event = (
        '{"eventType":"DeliveryDelay","deliveryDelay":{"delayType":"TransientCommunicationFailure",'
        '"delayedRecipients":[{"emailAddress":"slow@example.com","status":"4.4.1",'
        '"diagnosticCode":"smtp; 421 4.4.1 Unable to connect"}]},"mail":{}}'
    )
    record = bouncekit.parse(_sns(event)).records[0]
    assert (record.recipient, str(record.event), record.status) == ("slow@example.com", "delayed", "4.4.1")


def test_text_notice_without_delivery_status_lists_the_recipients():
    raw = (
        b"From: MAILER-DAEMON@amazonses.com\nTo: me@example.org\n"
        b"Subject: Delivery Status Notification (Failure)\n\n"
        b"An error occurred while trying to deliver the mail to the following recipients:\n"
        b"one@example.com\ntwo@example.net\n\n"
    )
    records = bouncekit.parse(raw).records
    assert [(r.recipient, r.decoder) for r in records] == [
        ("one@example.com", "amazonses"), ("two@example.net", "amazonses")
    ]


def test_a_foreign_report_sent_through_ses_is_not_claimed():
    # Office 365 and Yahoo reports relayed by SES carry an amazonses.com sender.
    for name in ("lhost-yahoo-14.eml", "rhost-microsoft-03.eml"):
        assert bouncekit.parse(corpus_bytes(name)).decoder != "amazonses"


@pytest.mark.parametrize(("event", "reason", "expected_class"), [
    ('"eventType":"Reject","reject":{"reason":"Bad content"}', "Bad content", 53),
    ('"eventType":"Rendering Failure","failure":{"errorMessage":"Attribute \'name\' is not present",'
     '"templateName":"welcome"}', "Attribute 'name' is not present", 40),
])
def test_a_message_ses_did_not_send_is_rejected_for_each_destination(event, reason, expected_class):
    # SES found a virus ("Bad content") or could not fill the template: it sent nothing,
    # so each destination is a refusal of the sending side, as SES's webhook says.
    body = ('{' + event + ',"mail":{"source":"me@example.org",'
            '"destination":["a@example.com","b@example.net"]}}')
    records = bouncekit.parse(_sns(body)).records
    assert [(r.recipient, str(r.event), int(r.bounce_class), r.diagnostic) for r in records] == [
        ("a@example.com", "rejected", expected_class, reason),
        ("b@example.net", "rejected", expected_class, reason),
    ]
