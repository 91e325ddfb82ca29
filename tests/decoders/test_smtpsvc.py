"""The smtpsvc decoder (the Windows SMTP service's DSNs and its NT 4 transcript) on hand-written
messages in tests/fixtures/decoders/smtpsvc/."""

import pytest

import bouncekit
from tests.conftest import decoder_fixture

# file: every recipient the notice names, in order (exact sets: nothing else)
RECIPIENTS = {
    "smtpsvc-01.eml": ['accounts@supplier.example', 'billing@supplier.example'],
    "smtpsvc-02.eml": ['oncall@monitoring.example.net'],
    "smtpsvc-03.eml": ['oncall@monitoring.example.net'],
    "smtpsvc-04.eml": ['m.osei@partner.example.com', 'j.brandt@partner.example.com'],
}

# file, record index, recipient, event, status, reply code, substring of the diagnostic (None: no diagnostic)
CASES = [
    ("smtpsvc-01.eml", 0, "accounts@supplier.example", "bounce", '5.0.0', None,
     "destination email system is unknown or invalid. Please check"),
    ("smtpsvc-01.eml", 1, "billing@supplier.example", "bounce", '5.0.0', None,
     "of the recipient (0xC00402C7)"),
    ("smtpsvc-02.eml", 0, "oncall@monitoring.example.net", "bounce", '4.4.7', None,
     "unable to connect successfully to the destination mail server (0xC00402D1)"),
    ("smtpsvc-03.eml", 0, "oncall@monitoring.example.net", "delayed", '4.4.7', None,
     None),
    ("smtpsvc-04.eml", 0, "m.osei@partner.example.com", "bounce", None, None,
     "The user's email name is not found."),
    ("smtpsvc-04.eml", 1, "j.brandt@partner.example.com", "bounce", None, None,
     "The recipient's mailbox is full."),
]


@pytest.mark.parametrize(("file", "recipients"), RECIPIENTS.items())
def test_exact_recipients(file, recipients):
    report = bouncekit.parse(decoder_fixture("smtpsvc", file))
    assert report.decoder == "smtpsvc"
    assert [r.recipient for r in report.records] == recipients


@pytest.mark.parametrize(("file", "index", "recipient", "event", "status", "reply_code", "text"), CASES)
def test_fixture(file, index, recipient, event, status, reply_code, text):
    record = bouncekit.parse(decoder_fixture("smtpsvc", file)).records[index]
    assert record.decoder == "smtpsvc"
    assert record.recipient == recipient
    assert str(record.event) == event
    assert record.status == status
    assert record.reply_code == reply_code
    if text is None:
        assert record.diagnostic is None
    else:
        assert text in (record.diagnostic or "")


def test_a_sendmail_transcript_relayed_by_the_windows_service_is_not_mine():
    raw = (
        b"Received: from relay.example.org ([192.0.2.9])\n"
        b" by mail.example.com with Microsoft SMTPSVC(6.0.3790.4675);\n"
        b" Mon, 4 Mar 2024 10:00:00 +0100\nFrom: Mail Delivery Subsystem <MAILER-DAEMON@relay.example.org>\n"
        b"To: a@example.com\nSubject: Returned mail: see transcript for details\n\n"
        b"The original message was received at Mon, 4 Mar 2024 09:59:58 +0100\n\n"
        b"   ----- The following addresses had permanent fatal errors -----\n<b@example.net>\n\n"
        b"   ----- Transcript of session follows -----\n... while talking to mx.example.net.:\n"
        b">>> RCPT To:<b@example.net>\n<<< 550 5.1.1 <b@example.net>... User unknown\n"
        b"550 5.1.1 <b@example.net>... User unknown\n"
    )
    report = bouncekit.parse(raw)
    assert report.decoder != "smtpsvc"
    assert [r.recipient for r in report.records] == ["b@example.net"]
