"""People forwarding a notification give its records, people replying about one none;
bounces of forwarded mail are bounces."""

import pytest

import bouncekit
from bouncekit.decoders.forward import is_person_forward
from bouncekit.mime import load

_QUOTED_POSTFIX = (
    b"> This is the mail system at host mail.example.com.\n>\n"
    b"> I'm sorry to have to inform you that your message could not\n"
    b"> be delivered to one or more recipients. It's attached below.\n>\n"
    b"> <orders@supplier.example>: host mx.supplier.example[203.0.113.7] said: 550\n"
    b">     5.1.1 <orders@supplier.example>: Recipient address rejected: User unknown\n"
    b">     (in reply to RCPT TO command)\n"
)


@pytest.mark.parametrize("prefix", ["Fwd:", "FW:", "WG:", "TR:", "RV:", "Enc:"])
def test_person_forwarding_a_quoted_bounce_gives_the_bounces_record(prefix):
    # Quoted in "> " lines with no header block: the forward's subject without its
    # prefix stands for the notice's.
    raw = (
        b"Return-Path: <gabe@example.com>\nFrom: Gabe Turner <gabe@example.com>\nTo: helpdesk@example.com\n"
        + f"Subject: {prefix} Undelivered Mail Returned to Sender\n\n".encode()
        + b"Is this on our side?\n\n"
        + _QUOTED_POSTFIX
    )
    report = bouncekit.parse(raw)
    [record] = report.records
    assert (record.recipient, record.status, record.remote_mta) == (
        "orders@supplier.example", "5.1.1", "mx.supplier.example")
    assert report.is_bounce
    assert report.decoder == record.decoder == "forward/postfix"


def test_bounce_of_a_forwarded_message_is_still_a_bounce():
    # The bounce's own subject keeps the original "Fwd:" behind "Undeliverable:", and it
    # comes from a mailer with a null Return-Path.
    raw = (
        b"Return-Path: <>\nFrom: MAILER-DAEMON@mail.example.com\nTo: gabe@example.com\n"
        b"Subject: Undeliverable: Fwd: price list\n\n"
        b"Your message could not be delivered to the following recipients:\n\n"
        b"<orders@supplier.example>: 550 5.1.1 User unknown\n"
    )
    [record] = bouncekit.parse(raw).records
    assert record.recipient == "orders@supplier.example"


@pytest.mark.parametrize(
    ("headers", "expected"),
    [
        (b"From: Gabe <gabe@example.com>\nSubject: Fwd: x\n", True),
        (b"From: Gabe <gabe@example.com>\nSubject: Re: Undelivered Mail\n", False),  # a reply prefix
        (b"Return-Path: <>\nFrom: Gabe <gabe@example.com>\nSubject: Fwd: x\n", False),
        (b"From: Gabe <gabe@example.com>\nAuto-Submitted: auto-replied\nSubject: Fwd: x\n", False),
        (b"From: MAILER-DAEMON@example.com\nSubject: Fwd: x\n", False),
        (b"From: Mail Delivery System <relay@example.com>\nSubject: FW: x\n", False),
        (b"From: feedback@fbl.example\nSubject: Fw: x\nContent-Type: multipart/report\n", False),
    ],
)
def test_what_makes_a_forward(headers, expected):
    assert is_person_forward(load(headers + b"\nbody\n")) is expected


def test_a_person_asking_about_a_bounce_they_quote_is_not_one():
    raw = (
        b"From: Daniel Moreau <d.moreau@example.com>\nTo: helpdesk@example.com\n"
        b"Subject: Why do my emails to a client bounce?\n\n"
        b"Hello,\n\nsince yesterday every mail I send to our client comes back with this:\n\n"
        b" > I'm sorry to have to inform you that your message could not\n"
        b" > be delivered to one or more recipients.\n >\n"
        b" > <j.vance@example.net>: host mx.example.net[203.0.113.5] said: 550 5.1.1\n"
        b" >     <j.vance@example.net>: Recipient address rejected: User unknown\n\n"
        b"Can you tell me what is wrong?\n\nThanks,\nDaniel\n"
    )
    report = bouncekit.parse(raw)
    assert (report.records, report.decoder) == ((), "forward")


def test_a_person_quoting_a_message_that_is_no_bounce_is_left_to_the_other_decoders():
    raw = (
        b"From: Ann <ann@example.org>\nTo: bob@example.com\nSubject: Your photos\n\n"
        b"I hold mail from new senders until they confirm. Please reply to this message to confirm\n"
        b"you are a real person and your message will be delivered.\n\n"
        b"> Hi Ann,\n> here are the photos from Sunday.\n> Bob\n"
    )
    assert bouncekit.parse(raw).decoder != "forward"


def test_a_reply_written_above_a_long_pasted_list_is_still_a_reply():
    # 70 KB of pasted recipient lines push the quote's attribution past the head of the
    # text: the reply is still a person's, and its quoted bounce gives no record.
    pasted = "".join(f"<user{i:05d}@example.com>: 550 5.1.1 user unknown\n" for i in range(1500))
    raw = (
        "From: Rachel Owens <rachel@example.org>\nTo: tom@example.org\n"
        "Subject: Re: Undelivered Mail Returned to Sender\nIn-Reply-To: <a1@example.org>\n\n"
        f"Tom, these all bounced for me too:\n\n{pasted}\n"
        "On Tue, 4 Jun 2024 at 10:02, Tom <tom@example.org> wrote:\n"
        "> From: Mail Delivery System <MAILER-DAEMON@example.org>\n"
        "> <sandra@client.example>: host mx.client.example[192.0.2.1] said: 550 5.1.1 user unknown\n"
    ).encode()
    assert bouncekit.parse(raw).records == ()


_JOURNALED_NDR = (
    "From: postmaster@dest.example\nTo: ann@shop.example\nSubject: Undeliverable: Order 5512\n"
    "Auto-Submitted: auto-replied\nMIME-Version: 1.0\n"
    'Content-Type: multipart/report; report-type=delivery-status; boundary="n"\n\n'
    "--n\nContent-Type: text/plain\n\nYour message to bo@dest.example couldn't be delivered.\n\n"
    "--n\nContent-Type: message/delivery-status\n\nReporting-MTA: dns; mx.dest.example\n\n"
    "Final-Recipient: rfc822; bo@dest.example\nAction: failed\nStatus: 5.1.10\n"
    "Diagnostic-Code: smtp; 550 5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient not found\n"
    "\n--n--\n"
)


@pytest.mark.parametrize("mark", ["X-MS-Journal-Report:", "Content-Identifier: ExJournalReport"])
def test_a_journal_report_of_a_bounce_gives_the_bounce_s_records(mark):
    # The archive's copy: an envelope of Sender/Subject/Recipient lines, the notice attached.
    raw = (
        f"From: Microsoft Exchange <exchange@shop.example>\nTo: journal@archive.shop.example\n"
        f"Subject: Undeliverable: Order 5512\n{mark}\nMIME-Version: 1.0\n"
        'Content-Type: multipart/mixed; boundary="j"\n\n--j\nContent-Type: text/plain\n\n'
        "Sender: postmaster@dest.example\nSubject: Undeliverable: Order 5512\nRecipient: ann@shop.example\n\n"
        f"--j\nContent-Type: message/rfc822\n\n{_JOURNALED_NDR}\n--j--\n"
    ).encode()
    report = bouncekit.parse(raw)
    assert [(r.recipient, r.status) for r in report.records] == [("bo@dest.example", "5.1.10")]
    assert report.decoder.startswith("forward/")


def test_a_journal_report_of_an_ordinary_message_gives_no_record():
    raw = (
        b"From: Microsoft Exchange <exchange@shop.example>\nTo: journal@archive.shop.example\n"
        b"Subject: Order 5512\nX-MS-Journal-Report:\nMIME-Version: 1.0\n"
        b'Content-Type: multipart/mixed; boundary="j"\n\n--j\nContent-Type: text/plain\n\n'
        b"Sender: ann@shop.example\nSubject: Order 5512\nRecipient: bo@dest.example\n\n"
        b"--j\nContent-Type: message/rfc822\n\nFrom: ann@shop.example\nTo: bo@dest.example\n"
        b"Subject: Order 5512\n\nYour order has shipped.\n--j--\n"
    )
    assert bouncekit.parse(raw).records == ()


def test_a_forward_of_a_forward_gives_the_notice_under_one_forward_name():
    notice = (
        b"From: MAILER-DAEMON@mx.example.org\nTo: shop@example.org\n"
        b"Subject: Undelivered Mail Returned to Sender\n\n"
        b"This is the mail system at host mx.example.org.\n\n"
        b"<jo@example.net>: host mx.example.net[192.0.2.1] said: 550 5.1.1 <jo@example.net>:"
        b" Recipient address rejected: User unknown (in reply to RCPT TO command)\n"
    )

    def forward(inner: bytes, subject: str, boundary: str) -> bytes:
        head = (f"From: Rules <rules@example.org>\nTo: ops@example.org\nSubject: {subject}\n"
                f'MIME-Version: 1.0\nContent-Type: multipart/mixed; boundary="{boundary}"\n\n'
                f"--{boundary}\nContent-Type: text/plain\n\nForwarded automatically.\n\n"
                f"--{boundary}\nContent-Type: message/rfc822\n\n")
        return head.encode() + inner + f"\n--{boundary}--\n".encode()

    once = forward(notice, "Fw: Undelivered Mail Returned to Sender", "x")
    report = bouncekit.parse(forward(once, "Fw: Fw: Undelivered Mail Returned to Sender", "y"))
    assert report.decoder == "forward/postfix"
    assert [(r.recipient, r.decoder, r.status) for r in report.records] == [
        ("jo@example.net", "forward/postfix", "5.1.1")]
