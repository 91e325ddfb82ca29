"""The mailenable decoder (MailEnable ``Message Delivery Failure``) on hand-written
messages in tests/fixtures/decoders/mailenable/."""

import pytest

import bouncekit
from tests.conftest import decoder_fixture

# file: every recipient the notice names, in order (exact sets: nothing else)
RECIPIENTS = {
    "mailenable-01.eml": ['r.ahmed@client.example.org', 'info@gone.example'],
}

# file, record index, recipient, event, status, reply code, substring of the diagnostic (None: no diagnostic)
CASES = [
    ("mailenable-01.eml", 0, "r.ahmed@client.example.org", "bounce", '5.2.2', '552',
     '552 5.2.2 <r.ahmed@client.example.org>: Recipien'),
    ("mailenable-01.eml", 1, "info@gone.example", "bounce", None, None,
     'The message could not be delivered because the d'),
]


@pytest.mark.parametrize(("file", "recipients"), RECIPIENTS.items())
def test_exact_recipients(file, recipients):
    report = bouncekit.parse(decoder_fixture("mailenable", file))
    assert report.decoder == "mailenable"
    assert [r.recipient for r in report.records] == recipients


@pytest.mark.parametrize(("file", "index", "recipient", "event", "status", "reply_code", "text"), CASES)
def test_fixture(file, index, recipient, event, status, reply_code, text):
    record = bouncekit.parse(decoder_fixture("mailenable", file)).records[index]
    assert record.decoder == "mailenable"
    assert record.recipient == recipient
    assert str(record.event) == event
    assert record.status == status
    assert record.reply_code == reply_code
    if text is None:
        assert record.diagnostic is None
    else:
        assert text in (record.diagnostic or "")


def test_a_notice_with_a_delivery_status_part_is_decided_by_its_fields():
    # The text says "failed"; the DSN part says the message is still queued.
    raw = (
        b"From: POSTMASTER@mail.example.org\nTo: anja@example.org\nSubject: Message Delivery Failure\n"
        b"X-Mailer: MailEnable\nMIME-Version: 1.0\n"
        b'Content-Type: multipart/report; report-type=delivery-status; boundary="b"\n\n'
        b"--b\nContent-Type: text/plain\n\nMessage delivery to 'lene@shop.example' failed.\n"
        b"The remote mail server did not respond.\n\nRecipient: lene@shop.example\n\n"
        b"--b\nContent-Type: message/delivery-status\n\nReporting-MTA: dns; mail.example.org\n\n"
        b"Final-Recipient: rfc822;lene@shop.example\nAction: delayed\nStatus: 4.4.1\n"
        b"Diagnostic-Code: smtp;Connection timed out while connecting to mx.shop.example\n\n--b--\n"
    )
    [record] = bouncekit.parse(raw).records
    assert (record.recipient, str(record.event), record.status) == ("lene@shop.example", "delayed", "4.4.1")
