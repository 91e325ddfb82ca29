"""The passed-on decoder: a notice sent on as an attachment under a subject of its own."""

import base64

import bouncekit

NOTICE = (
    b"From: MAILER-DAEMON@mx.example.org\nTo: shop@example.org\n"
    b"Subject: Undelivered Mail Returned to Sender\n\n"
    b"This is the mail system at host mx.example.org.\n\n"
    b"<jo@example.net>: host mx.example.net[192.0.2.1] said: 550 5.1.1 <jo@example.net>:"
    b" Recipient address rejected: User unknown (in reply to RCPT TO command)\n"
)


def _passing_on(text: str, attached: bytes, *, sender: str = "Flows <flows@example.org>",
                subject: str = "[NDR] Undelivered Mail Returned to Sender") -> bytes:
    return (
        f"From: {sender}\nTo: bounces@example.org\nSubject: {subject}\nMIME-Version: 1.0\n"
        'Content-Type: multipart/mixed; boundary="b"\n\n'
        f"--b\nContent-Type: text/plain\n\n{text}\n\n"
        '--b\nContent-Type: application/octet-stream; name="ATT00001.eml"\n'
        'Content-Transfer-Encoding: base64\nContent-Disposition: attachment; filename="ATT00001.eml"\n\n'
    ).encode() + base64.encodebytes(attached) + b"\n--b--\n"


def test_a_flow_passing_a_notice_on_gives_the_notice_s_records():
    report = bouncekit.parse(_passing_on("Bounce routed by flow NDR-router. Original attached.", NOTICE))
    assert report.decoder == "forward/postfix"
    assert [(r.recipient, r.status, r.classification.bounce_class) for r in report.records] == [
        ("jo@example.net", "5.1.1", 10)]


def test_an_attached_ordinary_message_gives_nothing():
    ordinary = b"From: ana@example.org\nTo: jo@example.net\nSubject: Lunch\n\nSee you at noon.\n"
    assert bouncekit.parse(_passing_on("For the archive.", ordinary)).records == ()


def test_a_notice_that_returns_an_earlier_notice_is_not_passing_it_on():
    # A double bounce: the mail system's own notice, whose text states its own failure.
    double = _passing_on(
        "I'm sorry to have to inform you that your message could not be delivered to\n"
        "postmaster@example.org: mailbox unavailable.", NOTICE,
        sender="Mail Delivery System <MAILER-DAEMON@relay.example.org>", subject="Undelivered Mail")
    report = bouncekit.parse(double)
    assert not report.decoder.startswith("forward/")
