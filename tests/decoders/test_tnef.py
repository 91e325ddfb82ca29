"""The tnef decoder: Exchange reports kept in TNEF (winmail.dat), on hand-built streams and
the TNEF notices of tests/fixtures/handmade-25."""

from pathlib import Path

import bouncekit
from bouncekit.mime import load
from tests import tnefdata as t

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "handmade-25" / "emails"


def _report(*rows: tuple[bytes, ...], message_class: bytes = b"REPORT.IPM.Note.NDR\0",
            subject: str = "Undeliverable: Order 1187") -> bytes:
    return t.message(t.stream(t.attribute(t.ATT_MESSAGE_CLASS, message_class),
                              t.attribute(t.ATT_RECIP_TABLE, t.rows(*rows))), subject=subject)


def test_ndr_with_an_empty_text_part_gives_each_row():
    report = bouncekit.parse(_report(
        t.ndr_row("Jon Berg", "jon@shop.example", "The e-mail account does not exist at the organization "
                  "this message was sent to.", "<mail.shop.example #5.1.1>"),
        t.ndr_row("Eva Holm", "eva@shop.example",
                  "The recipient's mailbox is full and can't accept messages now.",
                  "<mx.shop.example #5.0.0 smtp;552 5.2.2 Mailbox full>"),
        t.ndr_row("Per Dahl", "per@shop.example", None,
                  "#550 5.1.1 RESOLVER.ADR.RecipNotFound; not found ##"),
    ))
    assert report.decoder == "tnef"
    jon, eva, per = report.records
    assert (jon.recipient, str(jon.event), jon.status, jon.reporting_mta, jon.remote_mta) == (
        "jon@shop.example", "bounce", "5.1.1", "mail.shop.example", None)
    assert jon.classification.bounce_class == 10
    assert (eva.recipient, eva.status, eva.reply_code, eva.remote_mta, eva.diagnostic) == (
        "eva@shop.example", "5.2.2", "552", "mx.shop.example", "552 5.2.2 Mailbox full")
    assert eva.classification.bounce_class == 22
    assert (per.recipient, per.status, per.reply_code) == ("per@shop.example", "5.1.1", "550")
    assert per.classification.bounce_class == 10


def test_delivery_report_lists_recipients_reached():
    report = bouncekit.parse(_report((t.string8(0x3001, "Jon"), t.string8(0x39FE, "jon@shop.example")),
                                     message_class=b"REPORT.IPM.Note.DR\0"))
    assert report.decoder == "tnef"
    assert [(r.recipient, str(r.event)) for r in report.records] == [("jon@shop.example", "delivered")]


def test_read_receipt_and_ordinary_rich_mail_are_not_bounces():
    receipt = _report((t.string8(0x39FE, "jon@shop.example"),), message_class=b"REPORT.IPM.Note.IPNRN\0",
                      subject="Read: Order 1187")
    meeting = t.message(t.stream(t.attribute(t.ATT_MESSAGE_CLASS, b"IPM.Schedule.Meeting.Request\0"),
                                 t.attribute(t.ATT_BODY, b"Stock count on Friday.\0")),
                        subject="Stock count")
    for data in (receipt, meeting):
        assert bouncekit.parse(data).records == ()


def test_the_tnef_body_is_the_text_when_the_text_part_is_empty():
    meeting = t.message(t.stream(t.attribute(t.ATT_MESSAGE_CLASS, b"IPM.Note\0"),
                                 t.attribute(t.ATT_BODY, b"Stock count on Friday.\0")), subject="Stock count")
    view = load(meeting)
    assert view.text == "Stock count on Friday."
    with_text = t.message(t.stream(t.attribute(t.ATT_BODY, b"rich copy\0")), text="Plain copy")
    assert load(with_text).text.strip() == "Plain copy"


def test_a_damaged_tnef_is_not_an_error():
    # An attribute whose length runs past the end: nothing read, the notice left to the
    # other decoders (an "Undeliverable" notice that names nobody: one record without one).
    data = t.message(b"\x78\x9f\x3e\x22\x00\x00\x01\x08\x80\x07\x00\xff\xff\xff\x00REPORT")
    assert load(data).tnef is None
    report = bouncekit.parse(data)
    assert report.decoder != "tnef"
    assert [r.recipient for r in report.records] == [None]


def test_handmade_tnef_only_notices():
    unknown = bouncekit.parse((FIXTURES / "v-outlook-tnef-ex2003-unknown-25.eml").read_bytes())
    assert [(r.recipient, r.status, r.classification.bounce_class) for r in unknown.records] == [
        ("j.sorensen@uldhuset.example", "5.1.1", 10)]
    full = bouncekit.parse((FIXTURES / "v-outlook-tnef-ex2007-full-25.eml").read_bytes())
    assert [(r.recipient, r.status, r.classification.bounce_class) for r in full.records] == [
        ("marta.kowalczyk@przedza.example", "5.2.2", 22)]


def test_a_delay_notice_under_the_delivery_report_class_is_not_a_delivery():
    body = (b"Delivery is delayed to these recipients or groups:\r\n\r\njon@shop.example\r\n\r\n"
            b"Diagnostic information for administrators:\r\n\r\nGenerating server: MBX01.shop.example\r\n\r\n"
            b"jon@shop.example\r\nRemote Server returned '451 4.4.0 DNS query failed."
            b" The error was: DNS query failed with error: ErrorRetry'\r\n\0")
    data = t.message(t.stream(t.attribute(t.ATT_MESSAGE_CLASS, b"REPORT.IPM.Note.DR\0"),
                              t.attribute(t.ATT_SUBJECT, b"Delivery delayed:Order 1187\0"),
                              t.attribute(t.ATT_BODY, body),
                              t.attribute(t.ATT_RECIP_TABLE,
                                          t.rows((t.string8(0x39FE, "jon@shop.example"),)))),
                     subject="Delivery delayed:Order 1187")
    report = bouncekit.parse(data)
    assert report.decoder == "exchange2007"
    assert [(r.recipient, str(r.event), r.classification.bounce_class) for r in report.records] == [
        ("jon@shop.example", "delayed", 21)]


def test_a_tnef_attached_as_octet_stream_is_read_and_other_files_are_not_decoded():
    stream = t.stream(t.attribute(t.ATT_MESSAGE_CLASS, b"REPORT.IPM.Note.NDR\0"),
                      t.attribute(t.ATT_RECIP_TABLE, t.rows(
                          t.ndr_row("Jon", "jon@shop.example", None, "<mx.shop.example #5.1.1>"))))
    data = t.message(stream).replace(b"application/ms-tnef", b"application/octet-stream")
    report = bouncekit.parse(data)
    assert (report.decoder, [r.recipient for r in report.records]) == ("tnef", ["jon@shop.example"])
    pdf = t.message(b"%PDF-1.4 " + b"x" * 2000).replace(b"application/ms-tnef", b"application/octet-stream")
    assert load(pdf).tnef is None
