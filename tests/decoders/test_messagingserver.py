"""The messagingserver decoder (Oracle/Sun Messaging Server) on the corpus."""

import pytest

import bouncekit
from tests.conftest import corpus_bytes

# file, record index, recipient, event, status, reply code, substring of the diagnostic (None: no diagnostic)
CASES = [
    ("lhost-messagingserver-01.eml", 0, "kijitora@example.jp",
     "bounce", "5.1.1", "550", "User Unknown"),
    ("lhost-messagingserver-03.eml", 0, "sabineko@example.org",
     "bounce", "5.7.1", "550", "550 User Unknown: sabineko@example.org"),
    ("lhost-messagingserver-03.eml", 1, "mikeneko@example.org",
     "bounce", "5.7.1", "550", "550 User Unknown: mikeneko@example.org"),
    ("lhost-messagingserver-04.eml", 0, "kijitora@example.jp",
     "bounce", "5.2.2", "550", "Mailbox Full"),
    ("lhost-messagingserver-06.eml", 0, "kijitora@example.jp",
     "bounce", "5.2.1", "550", "User Unknown"),
    ("lhost-messagingserver-07.eml", 0, "kijitora@2jo.example.jp",
     "delayed", "4.4.7", None, "unable to deliver this message after 1"),
    ("lhost-messagingserver-08.eml", 0, "otsu-sakaba-hunter-neko-nyaaaaaaan@ezweb.ne.jp",
     "bounce", "5.0.0", "550", ": User unknown"),
    ("lhost-messagingserver-09.eml", 0, "otsu-sakaba-hunter-neko-nyaaaaaaan@ezweb.ne.jp",
     "bounce", "5.0.0", "550", "User unknown"),
    ("lhost-messagingserver-11.eml", 0, "kijitora@example.jp",
     "bounce", "5.1.8", "501", "Sender address rejected"),
    ("lhost-messagingserver-12.eml", 0, "pseudo-local-part-kijitora-neko-nyaan@mac.com",
     "bounce", "4.2.2", None, "Over quota"),
]


@pytest.mark.parametrize(("file", "index", "recipient", "event", "status", "reply_code", "text"), CASES)
def test_corpus_file(file, index, recipient, event, status, reply_code, text):
    record = bouncekit.parse(corpus_bytes(file)).records[index]
    assert record.decoder == "messagingserver"
    assert record.recipient == recipient
    assert str(record.event) == event
    assert record.status == status
    assert record.reply_code == reply_code
    if text is None:
        assert record.diagnostic is None
    else:
        assert text in (record.diagnostic or "")



def test_an_internal_channel_address_gives_way_to_the_address_the_sender_wrote():
    # "Final-recipient: rfc822;a@ims-ms-daemon" is the server's message store channel: the
    # Original-recipient is the address that failed.
    raw = (
        b"Return-path: <>\nFrom: Internet Mail Delivery <postmaster@ms7.example.de>\n"
        b"Subject: Delivery Notification: Delivery has been delayed\nTo: m@example.com\n"
        b'MIME-version: 1.0\nContent-type: multipart/report; boundary="B"; report-type=delivery-status\n\n'
        b"--B\nContent-type: text/plain\n\nThis report relates to a message you sent with the following "
        b"header fields:\n\n  Message-id: <1@example.com>\n\nYour message has been delayed and is still "
        b"awaiting delivery\nto the following recipient(s):\n\n  Recipient address: f.g@ims-ms-daemon\n"
        b"  Original address: f.g@example.de\n  Reason: Mailbox is over quota\n\n"
        b"--B\nContent-type: message/DELIVERY-STATUS\n\nReporting-MTA: dns;ms7.example.de (ims-ms-daemon)\n\n"
        b"Original-recipient: rfc822;f.g@example.de\nFinal-recipient: rfc822;f.g@ims-ms-daemon\n"
        b"Action: delayed\nStatus: 4.2.2 (mailbox over quota)\n\n--B--\n"
    )
    (record,) = bouncekit.parse(raw).records
    assert (record.recipient, record.original_recipient, str(record.event), int(record.bounce_class)) == (
        "f.g@example.de", None, "delayed", 22)
