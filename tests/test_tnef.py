"""bouncekit.tnef: TNEF streams (winmail.dat) read as a mail client shows them."""

import struct

import pytest

from bouncekit import tnef
from tests import tnefdata as t


def test_report_class_subject_body_and_recipient_table():
    found = tnef.read(t.stream(
        t.attribute(t.ATT_MESSAGE_CLASS, b"REPORT.IPM.Note.NDR\0"),
        t.attribute(t.ATT_MSG_PROPS, t.props(
            t.string8(0x0037, "Undeliverable: Order 1187"),
            t.string8(0x1000, "Your message did not reach some or all of the intended recipients.\r\n"),
        )),
        t.attribute(t.ATT_RECIP_TABLE, t.rows(
            t.ndr_row("Jon Berg", "jon@shop.example", "The e-mail account does not exist.",
                      "<mail.shop.example #5.1.1>"),
            (t.unicode(0x3001, "Åsa Lind"), t.unicode(0x39FE, "asa@shop.example"), t.long(0x0C04, 1)),
        )),
    ))
    assert found is not None
    assert found.message_class == "REPORT.IPM.Note.NDR"
    assert found.is_report
    assert found.subject == "Undeliverable: Order 1187"
    assert found.body == "Your message did not reach some or all of the intended recipients."
    assert found.recipients == (
        tnef.TnefRecipient("Jon Berg", "jon@shop.example", "The e-mail account does not exist.",
                           "<mail.shop.example #5.1.1>"),
        tnef.TnefRecipient("Åsa Lind", "asa@shop.example", None, None),
    )


def test_named_properties_are_skipped_and_attachments_ignored():
    found = tnef.read(t.stream(
        t.attribute(t.ATT_MSG_PROPS, t.props(
            t.named_string(b"\x01" * 16, "x-custom", "ignored"),
            t.string8(0x001A, "IPM.Note"),
        )),
        t.attribute(t.ATT_ATTACH_DATA, b"\0" * 40, level=t.ATTACHMENT),
        t.attribute(t.ATT_BODY, b"Plain body from attBody\0"),
    ))
    assert found is not None
    assert (found.message_class, found.body, found.is_report) == (
        "IPM.Note", "Plain body from attBody", False)


def test_an_x500_address_is_not_taken_for_an_smtp_one():
    found = tnef.read(t.stream(t.attribute(t.ATT_RECIP_TABLE, t.rows(
        (t.string8(0x3001, "Jon"), t.string8(0x3002, "EX"),
         t.string8(0x3003, "/O=SHOP/OU=FIRST/CN=RECIPIENTS/CN=JON")),
    ))))
    assert found is not None
    assert found.recipients[0].address is None


def test_compressed_rtf_body_is_decompressed_and_reduced_to_text():
    assert tnef.decompress_rtf(t.COMPRESSED_HELLO) == b"{\\rtf1\\ansi\\ansicpg1252\\pard hello world}\r\n"
    found = tnef.read(t.stream(t.attribute(t.ATT_MSG_PROPS, t.props(t.binary(0x1009, t.COMPRESSED_HELLO)))))
    assert found is not None
    assert found.body == "hello world"


def test_uncompressed_rtf_form():
    rtf = b"{\\rtf1 Delivery has failed\\par to a@b.example}"
    blob = struct.pack("<IIII", len(rtf) + 12, len(rtf), 0x414C454D, 0) + rtf
    assert tnef.decompress_rtf(blob) == rtf


def test_rtf_text_drops_tables_and_html_tags_and_decodes_escapes():
    rtf = (rb"{\rtf1\ansi\fromhtml1 {\fonttbl{\f0 Arial;}}{\colortbl;\red0\green0\blue0;}"
           rb"{\*\htmltag19 <html>}{\*\htmltag64 <p>}Delivery has failed\par "
           rb"{\field{\*\fldinst HYPERLINK mailto:a@b.example}{\fldrslt a@b.example}}\par "
           rb"caf\'e9 \u8364?\tab end\\}")
    assert tnef.rtf_text(rb"{\rtf1 a}") == "a"
    assert tnef.rtf_text(rtf) == "Delivery has failed\na@b.example\ncafé €\tend\\"


@pytest.mark.parametrize("data", [
    b"",
    b"not a tnef stream",
    b"\x78\x9f\x3e\x22",
    b"\x78\x9f\x3e\x22\x00\x00\x01\x03\x90\x06\x00\xff\xff\xff\x7f",   # a length past the end
])
def test_not_tnef_or_cut_at_once_gives_none(data):
    assert tnef.read(data) is None


def test_damaged_lists_keep_what_was_read():
    table = t.rows(t.ndr_row("Jon", "jon@shop.example", "Not found.", None))
    damaged = table[:-3] + b"\x7f\x7f\x7f"  # the last value cut and garbage in its place
    bogus_count = struct.pack("<I", 0xFFFFFFFF) + table[4:]
    for rows in (damaged, bogus_count):
        found = tnef.read(t.stream(t.attribute(t.ATT_MESSAGE_CLASS, b"REPORT.IPM.Note.NDR\0"),
                                   t.attribute(t.ATT_RECIP_TABLE, rows)))
        assert found is not None
        assert found.recipients[0].address == "jon@shop.example"


def test_unknown_property_type_stops_the_list_without_error():
    bad = struct.pack("<HH", 0x0099, 0x1234) + b"\0" * 8
    found = tnef.read(t.stream(t.attribute(t.ATT_MSG_PROPS, t.props(t.string8(0x0037, "Kept"), bad,
                                                                     t.string8(0x1000, "lost")))))
    assert found is not None
    assert (found.subject, found.body) == ("Kept", "")


def test_damaged_compressed_rtf_gives_what_was_decoded():
    assert tnef.decompress_rtf(t.COMPRESSED_HELLO[:30]).startswith(b"{\\rtf1\\ansi")
    assert tnef.decompress_rtf(b"short") == b""
    assert tnef.decompress_rtf(struct.pack("<IIII", 4, 4, 0x12345678, 0) + b"abcd") == b""
