import base64
import email
import time

import pytest
from hypothesis import given
from hypothesis import strategies as st

import bouncekit
from bouncekit import mime
from bouncekit.charsets import japanese_text
from bouncekit.errors import MessageError
from tests.conftest import corpus_bytes


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("rfc822; <User@Example.COM>", "User@example.com"),
        ("RFC822;kijitora@example.jp", "kijitora@example.jp"),
        ('"Neko" <neko@EXAMPLE.org.>', "neko@example.org"),
        # A quoted local part keeps its quotes (RFC 5321); a quoted whole address loses them.
        ('rfc822; "anna maria"@Example.org', '"anna maria"@example.org'),
        ('<"anna maria"@example.org>', '"anna maria"@example.org'),
        ('"jo@example.org"', "jo@example.org"),
        ("", None),
        (None, None),
    ],
)
def test_strip_address(value, expected):
    assert mime.strip_address(value) == expected


def test_rfc2047_and_folding_are_decoded():
    assert mime.decode_header_value("=?utf-8?B?44Gr44KD44KT44GT?=") == "にゃんこ"
    assert mime.decode_header_value("a\n\t b") == "a b"
    assert mime.decode_header_value("=?bogus-charset?Q?x?=") == "=?bogus-charset?Q?x?="


def test_bytes_in_a_wrong_charset_fall_back_without_error():
    assert mime.decode_bytes("café".encode("latin-1"), "utf-8") == "café"
    assert mime.decode_bytes(b"abc", "no-such-charset") == "abc"


def test_utf8_labelled_latin_1_is_read_as_utf8_and_real_latin_1_as_latin_1():
    text = "Empfänger unbekannt – Größe"
    assert mime.decode_bytes(text.encode(), "iso-8859-1") == text
    assert mime.decode_bytes("Empfänger unbekannt".encode("latin-1"), "iso-8859-1") == "Empfänger unbekannt"


def test_unlabelled_legacy_text_is_read_in_its_set():
    assert mime.decode_bytes("送信できませんでした".encode("iso2022_jp"), None) == "送信できませんでした"
    assert mime.decode_bytes("Почтовый ящик переполнен".encode("cp1251"), None) == "Почтовый ящик переполнен"
    assert mime.decode_bytes("收件人邮箱已满，无法投递".encode("gbk"), None) == "收件人邮箱已满，无法投递"
    # Western text with no label stays Windows-1252's.
    assert mime.decode_bytes("Le destinataire n'a pas été trouvé".encode("cp1252"), None) == (
        "Le destinataire n'a pas été trouvé")


def test_a_delivery_status_part_relabelled_text_plain_is_still_the_delivery_status():
    raw = (
        b"From: MAILER-DAEMON@mx.example.org\nTo: a@example.org\nSubject: Undelivered Mail\n"
        b"MIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=b\n\n"
        b"--b\nContent-Type: text/plain\n\nYour message could not be delivered.\n\n"
        b"--b\nContent-Type: text/plain\n\nReporting-MTA: dns; mx.example.org\n\n"
        b"Final-Recipient: rfc822; one@example.net\nAction: failed\nStatus: 5.1.1\n\n"
        b"Final-Recipient: rfc822; two@example.com\nAction: delayed\nStatus: 4.4.1\n\n--b--\n"
    )
    status = mime.load(raw).delivery_status
    assert [(r.final_recipient, r.status) for r in status.recipients] == [
        ("one@example.net", "5.1.1"), ("two@example.com", "4.4.1")]
    # The notice's own first text part is never read so.
    first = raw.replace(b"Your message could not be delivered.", b"Final-Recipient: rfc822; x@example.net")
    first = first.replace(b"\n\nReporting-MTA", b"\n\nNotes")
    assert mime.load(first).delivery_status is None


def test_dsn_fields_with_folding_and_missing_blank_line():
    text = (
        "Reporting-MTA: dns; mx.example.org\n\n"
        "Final-Recipient: rfc822; a@example.com\nAction: failed\nStatus: 5.1.1\n"
        "Diagnostic-Code: smtp; 550 5.1.1 <a@example.com>:\n  User unknown\n"
        "Final-Recipient: rfc822; b@example.com\nAction: delayed\nStatus: 4.4.1\n"
    )
    status = mime.parse_delivery_status(text)
    assert status is not None
    assert status.reporting_mta == "mx.example.org"
    assert [r.final_recipient for r in status.recipients] == ["a@example.com", "b@example.com"]
    assert status.recipients[0].diagnostic_code == "smtp; 550 5.1.1 <a@example.com>: User unknown"
    assert [r.action for r in status.recipients] == ["failed", "delayed"]


def test_a_parsed_dsn_part_missing_a_blank_line_between_recipients_is_split():
    # The MIME parser gives the part's blocks as parsed fields; a repeated
    # Final-Recipient inside one block starts the next recipient, as in text.
    raw = (
        b'Content-Type: multipart/report; report-type=delivery-status; boundary="b"\n\n'
        b"--b\nContent-Type: message/delivery-status\n\nReporting-MTA: dns; mx.example.org\n\n"
        b"Final-Recipient: rfc822; a@example.com\nAction: failed\nStatus: 5.1.1\n"
        b"Final-Recipient: rfc822; b@example.com\nAction: delayed\nStatus: 4.4.1\n"
        b"X-Note:  folded\n\tvalue\n\n--b--\n"
    )
    status = mime.load(raw).delivery_status
    assert status.reporting_mta == "mx.example.org"
    assert [(r.final_recipient, r.action) for r in status.recipients] == [
        ("a@example.com", "failed"), ("b@example.com", "delayed"),
    ]
    assert status.recipients[1].get("x-note") == "folded value"
    assert status.recipients[1].fields[0] == ("final-recipient", "rfc822; b@example.com")


def test_a_dsn_field_whose_continuation_lost_its_indent_is_mended():
    # A relay re-wrapped the part: the reply's second and third lines start at the left
    # margin, which ends the block's fields for a MIME parser; the fields after them
    # (Status, Action) belong to the block all the same.
    raw = (
        b'Content-Type: multipart/report; report-type=delivery-status; boundary="b"\n\n'
        b"--b\nContent-Type: message/delivery-status\n\nReporting-MTA: dns; mx.example.org\n\n"
        b"Final-Recipient: rfc822; a@example.com\n"
        b"Diagnostic-Code: smtp; 554 5.7.1 <news@nodns.example>: Sender\n"
        b"address rejected: Domain not found\n"
        b"Status: 5.7.1\nAction: failed\n\n--b--\n"
    )
    [recipient] = mime.load(raw).delivery_status.recipients
    assert recipient.diagnostic_code == (
        "smtp; 554 5.7.1 <news@nodns.example>: Sender address rejected: Domain not found")
    assert (recipient.status, recipient.action) == ("5.7.1", "failed")


def test_fallback_charsets_come_after_the_declared_one_and_utf8():
    # Valid UTF-8 labelled ISO-2022-JP (which cannot read it) is read as UTF-8, not
    # as one of the Japanese fallbacks.
    assert mime.decode_bytes("送信".encode(), "iso-2022-jp") == "送信"
    # A charset with no family to try falls back to Windows-1252.
    assert mime.decode_bytes(b"caf\xe9", "ascii") == "café"


def test_view_of_a_postfix_dsn():
    view = mime.load(corpus_bytes("lhost-postfix-03.eml"))
    assert view.report_type == "delivery-status"
    assert "said:" in view.text
    assert view.delivery_status.recipients[0].status == "5.0.0"
    assert view.original.message_id == "<20140701000000.000000000000@e1.example.ne.jp>"
    assert view.original.sender == "shironeko@example.jp"


def test_load_accepts_parsed_messages():
    msg = email.message_from_bytes(corpus_bytes("lhost-postfix-03.eml"))
    assert mime.load(msg).message is msg


@pytest.mark.parametrize("bad", [b"", b"\n\n", 3.14])
def test_load_rejects_what_is_no_message(bad):
    with pytest.raises(MessageError):
        mime.load(bad)


def test_html_only_notification_becomes_text():
    raw = b"Content-Type: text/html\n\n<p>Delivery failed:<br>a@example.com &lt;550&gt;</p>"
    assert "a@example.com <550>" in mime.load(raw).text


def test_text_rfc822_headers_give_the_original():
    raw = (
        b'Content-Type: multipart/report; report-type=delivery-status; boundary="b"\n\n'
        b"--b\nContent-Type: text/plain\n\nfailed\n"
        b"--b\nContent-Type: text/rfc822-headers\n\n"
        b"From: Sender <s@example.org>\nMessage-ID: <m1@example.org>\nTo: r@example.com\n"
        b"--b--\n"
    )
    original = mime.load(raw).original
    assert original.message_id == "<m1@example.org>"
    assert original.sender == "s@example.org"
    assert original.recipients == ("r@example.com",)


def test_the_original_reads_recipients_subject_and_date_when_asked():
    raw = (
        b"Content-Type: multipart/mixed; boundary=b\n\n--b\nContent-Type: message/rfc822\n\n"
        b"Return-Path: <bounces@example.org>\nMessage-ID: <m2@example.org> (comment)\n"
        b'To: "Doe, J" <j@example.com>, k@example.net, nobody\nTo: late@example.com\n'
        b"Subject: =?utf-8?q?caf=C3=A9?=\nDate: Mon, 1 Jan 2024 12:34:56 +0000\n\nbody\n--b--\n"
    )
    original = mime.load(raw).original
    assert "recipients" not in vars(original)  # not read yet
    assert (original.message_id, original.sender) == ("<m2@example.org>", "bounces@example.org")
    assert original.recipients == ("j@example.com", "k@example.net", "late@example.com")
    assert original.subject == "café"
    assert original.date == "Mon, 1 Jan 2024 12:34:56 +0000"
    same = mime.load(raw).original
    assert same == original and "subject='café'" in repr(same)
    assert same != mime.load(raw.replace(b"caf=C3=A9", b"tea")).original
    bare = mime.original_from_text("X-Other: 1\nSubject: s\n")
    assert bare is not None and bare.subject == "s"
    assert (bare.message_id, bare.sender, bare.recipients, bare.date) == (None, None, (), None)


@pytest.mark.parametrize(
    ("payload", "declared"),
    [
        ("送信できませんでした".encode("euc_jp"), "iso-2022-jp"),
        ("送信できませんでした".encode("cp932"), "iso-2022-jp"),
        ("送信できませんでした".encode("cp932"), "windows-31j"),
        ("送信できませんでした".encode("iso2022_jp"), "ISO-2022-JP"),
    ],
)
def test_japanese_text_in_another_japanese_charset_is_read(payload, declared):
    # Japanese carriers label EUC-JP / Shift_JIS text as ISO-2022-JP.
    assert mime.decode_bytes(payload, declared) == "送信できませんでした"


@pytest.mark.parametrize("codec", ["cp932", "euc_jp"])
def test_japanese_text_that_names_no_charset_is_read(codec):
    # A Japanese server's reply in a DSN field or an unlabelled notice part.
    text = "550 5.7.1 迷惑メールと判定されたため受信を拒否しました"
    assert mime.decode_bytes(text.encode(codec), None) == text


@pytest.mark.parametrize(
    ("text", "codec"),
    [
        ("Empfänger unbekannt: Müller, Straße", "latin-1"),
        ("Destinataire inconnu, réessayé déjà", "cp1252"),
        ("Пользователь не найден", "cp1251"),
        ("Ο παραλήπτης δεν υπάρχει", "iso8859_7"),
    ],
)
def test_other_unlabelled_text_is_not_taken_for_japanese(text, codec):
    # Shift_JIS and EUC-JP decode many such byte strings; only kana make them Japanese.
    assert japanese_text(text.encode(codec)) is None


@pytest.mark.parametrize(
    ("text", "codec", "declared"),
    [
        ("季度对账（张喆经手）", "gbk", "gb2312"),  # 喆 is GBK, not GB2312
        ("香港邨", "big5hkscs", "big5"),  # 邨 is an HKSCS character
        ("똠방각하", "cp949", "euc-kr"),  # 똠 is Unified Hangul (Windows-949)
        ("サイズ超過", "cp932", "x-sjis"),  # a name Python does not know
        ("תיבת הדואר מלאה", "iso8859_8", "iso-8859-8-i"),
    ],
)
def test_text_in_the_wider_set_mail_programs_write_under_a_narrower_name_is_read(text, codec, declared):
    assert mime.decode_bytes(text.encode(codec), declared) == text


def test_encoded_words_in_an_address_stay_literal():
    literal = "=?utf-8?B?8J+QiPCfkIg=?=@example.org"
    assert mime.strip_address("RFC822; =?utf-8?B?8J+QiPCfkIg=?=@Example.org") == literal
    assert mime.strip_address("=?utf-8?B?44Gr44KD44KT44GT?= <neko@example.jp>") == "neko@example.jp"


def test_a_multipart_whose_boundary_never_occurs_is_read_as_text():
    raw = (
        b"From: postmaster@example.org\nSubject: Delivery Notification: Delivery has failed\n"
        b"MIME-Version: 1.0\n"
        b"Content-Type: multipart/report; boundary=\"missing\"; report-type=delivery-status\n\n"
        b"Your message cannot be delivered to the following recipients:\n\n"
        b"Final-Recipient: rfc822;user@example.com\nAction: failed\nStatus: 5.1.1\n"
    )
    view = mime.load(raw)
    assert [p.content_type for p in view.parts] == ["text/plain"]
    assert "Final-Recipient: rfc822;user@example.com" in view.text


def test_utf8_delivery_status_fields_are_decoded_not_mangled():
    raw = (
        'Content-Type: multipart/report; report-type=delivery-status; boundary="b"\n\n'
        "--b\nContent-Type: message/delivery-status\n\nReporting-MTA: dns; mx.example.org\n\n"
        "Final-Recipient: rfc822; пользователь@пример.рф\nAction: failed\nStatus: 5.1.1\n\n--b--\n"
    ).encode()
    status = mime.load(raw).delivery_status
    assert status.recipients[0].final_recipient == "пользователь@пример.рф"


def test_a_charset_name_with_a_nul_falls_back():
    assert mime.decode_bytes(b"abc", "utf\x008") == "abc"


_NAME_CHARS = st.sampled_from(list("ab.-_+!#$%&*/=?^`{|}~é' ,;:@<>[]\"()\\"))


@given(st.lists(_NAME_CHARS, max_size=8), st.lists(_NAME_CHARS, max_size=5),
       st.lists(_NAME_CHARS, max_size=5), st.booleans())
def test_quoted_and_commented_addresses_read_as_parseaddr_reads_them(name, local, domain, commented):
    from email.utils import parseaddr

    name, local, domain = "".join(name), "".join(local), "".join(domain)
    value = f"{local}@{domain} ({name})" if commented else f'"{name}" <{local}@{domain}>'
    value = mime.collapse_spaces(value).strip()
    m = mime._QUOTED_OR_COMMENTED_ADDRESS.match(value)
    if m:
        assert (m[1] or m[2]) == parseaddr(value)[1]


@given(st.lists(st.sampled_from(["<", ">", "a", " ", "<b>", "\n", "x" * 700, "é"]), max_size=40))
def test_tags_are_removed_as_the_pattern_removes_them(pieces: list[str]):
    html = "".join(pieces)
    assert mime._without_tags(html) == mime._TAGS.sub("", html)


@given(st.lists(st.sampled_from(["\n", " ", "\t", "a", "\n \n", "\n" * 9]), max_size=60))
def test_long_blank_line_runs_are_cut_as_the_plain_pattern_cuts_them(pieces: list[str]):
    import re

    text = "".join(pieces)
    plain = re.compile(rf"\n(?:[ \t]*\n){{{mime.MAX_BLANK_LINES + 1},}}")
    assert mime._LONG_BLANK_LINES.sub("#", text) == plain.sub("#", text)


@given(st.text(st.sampled_from("aZé_9- .,:;@\"'()<>\\"), max_size=12))
def test_a_named_null_address_is_read_as_parseaddr_reads_it(name: str):
    from email.utils import parseaddr

    value = f"{name}<>"
    if mime._NAMED_NULL_ADDRESS.fullmatch(value):
        assert parseaddr(value)[1] == ""


def test_a_message_saved_with_a_utf8_byte_order_mark_is_read():
    raw = b"\xef\xbb\xbfFrom: MAILER-DAEMON@mx.example.org\r\nSubject: Mail delivery failed\r\n\r\nHello\r\n"
    view = mime.load(raw)
    assert (view.from_address, view.subject) == ("mailer-daemon@mx.example.org", "Mail delivery failed")


def test_html_text_resolves_every_character_reference():
    # A gateway's HTML notice writes its dashes and dots as references ("Phishing &ndash;
    # link", "&middot;"): the text has the characters, a non-breaking space as a blank.
    text = mime.html_to_text("<td>Phishing &ndash; link &middot; 5&#8201;MB&nbsp;max &amp;lt;</td>")
    assert text.split("\t")[0].rstrip() == "Phishing – link · 5\u2009MB max &lt;"


def test_a_line_break_after_a_br_tag_is_the_same_break():
    # "<br>" then a newline in the source shows as one line break: a reason wrapped
    # over two such lines stays one paragraph.
    text = mime.html_to_text("Remote server returned: 550 5.1.1 User<br>\nunknown<br>\n<p>Next</p>")
    assert text.split("\n")[:2] == ["Remote server returned: 550 5.1.1 User", "unknown"]


@pytest.mark.parametrize("subject", [
    "[EXTERNAL] Undeliverable: Quote", "[External Sender] Undeliverable: Quote",
    "*** SPAM *** Undeliverable: Quote", "[SPAM 7.4] Undeliverable: Quote", "EXTERNAL: Undeliverable: Quote",
    "[Suspected Spam] [EXT] Undeliverable: Quote", "(External) Undeliverable: Quote",
])
def test_a_gateway_s_tag_before_the_subject_is_left_out(subject):
    raw = f"From: MAILER-DAEMON@mx.example.org\nSubject: {subject}\n\nHello\n".encode()
    assert mime.load(raw).subject == "Undeliverable: Quote"


def test_a_subject_s_own_brackets_are_kept():
    raw = b"From: a@example.org\nSubject: [Ticket #123] Undeliverable: Quote\n\nHello\n"
    assert mime.load(raw).subject == "[Ticket #123] Undeliverable: Quote"


_DISCLAIMER = (
    "\n\n--\nCONFIDENTIALITY NOTICE: This e-mail is intended only for the named recipient. If you\n"
    "have received this e-mail in error, please notify the sender and delete it.\n\n"
    "This message has been scanned for viruses by the mail gateway.\n"
)


def test_a_disclaimer_appended_to_a_notice_is_not_part_of_its_text():
    body = "Your message did not reach some or all of its recipients.\n\n   a@example.org\n" + _DISCLAIMER
    raw = f"From: postmaster@example.org\nSubject: Undeliverable: x\n\n{body}".encode()
    text = mime.load(raw).text
    assert "a@example.org" in text
    assert "CONFIDENTIALITY" not in text and "scanned" not in text


def test_a_disclaimer_part_beside_an_html_notice_leaves_the_html_to_be_read():
    raw = (
        "From: postmaster@example.org\nSubject: Undeliverable: x\nMIME-Version: 1.0\n"
        'Content-Type: multipart/mixed; boundary="b"\n\n--b\nContent-Type: text/html\n\n'
        "<p>Delivery has failed to these recipients:<br>\na@example.org</p>\n--b\n"
        "Content-Type: text/plain\n" + _DISCLAIMER + "--b--\n"
    ).encode()
    text = mime.load(raw).text
    assert "a@example.org" in text and "CONFIDENTIALITY" not in text


@pytest.mark.parametrize("tail", [
    # the notice's own last paragraph: its reason, with a code or the words of a refusal
    "550 5.7.1 Message rejected: contains confidential information (DLP policy)",
    "Your message was scanned for viruses and rejected: Win.Test.EICAR found",
])
def test_a_notice_s_last_paragraph_with_a_reason_is_kept(tail):
    text = f"Delivery to the following recipient failed:\n\n   a@example.org\n\n{tail}\n"
    assert mime.without_footer(text).rstrip().endswith(tail)


_SAVED_NOTICE = (
    "Return-Path: <>\nReceived: by mx.example.org (Postfix) id 4Y; Mon, 3 Mar 2025 10:00:04 +0100\n"
    "From: MAILER-DAEMON@mx.example.org (Mail Delivery System)\nTo: ann@example.org\n"
    "Subject: Undelivered Mail Returned to Sender\n\n"
    "This is the mail system at host mx.example.org.\n\n<bo@example.net>: host mx.example.net[192.0.2.7] "
    "said: 550 5.1.1 <bo@example.net>: Recipient address rejected: User unknown\n"
    "    (in reply to RCPT TO command)\n"
)


@pytest.mark.parametrize(("lead", "lines"), [
    ("2768      \n", 1),  # Apple Mail's .emlx: the message's byte count first
    ("Original message\n\nMessage ID\t<a@b>\nCreated at:\tMon, Mar 3, 2025\n"
     "From:\tMAILER-DAEMON@mx.example.org\nTo:\tann@example.org\nSubject:\tUndelivered Mail\n"
     "SPF:\tPASS with IP 192.0.2.1\n\n"
     "Download original\tCopy to clipboard\n\n", 11),  # Gmail's "Show original", its summary first
    ("Microsoft Mail Internet Headers Version 2.0\n", 1),  # Outlook's header box
    ("Viewing Full Header - Message 1 of 212\n\n", 2),  # SquirrelMail's page title
])
def test_a_saved_copy_s_lead_before_the_header_is_skipped_and_said(lead: str, lines: int) -> None:
    view = mime.load((lead + _SAVED_NOTICE).encode())
    assert (view.header("Return-Path"), view.skipped_lines) == ("<>", lines)
    report = bouncekit.parse((lead + _SAVED_NOTICE).encode())
    assert [r.recipient for r in report.records] == ["bo@example.net"]
    assert f"start on line {lines + 1}" in report.notes[0]


@pytest.mark.parametrize("text", [
    "Dear Ann,\n\nFrom: me\nTo: you\nSubject: a summary, not a header\n\nBye\n",  # no transport field
    "a note\n" + "x" * (mime.MAX_LEAD_CHARS + 10) + "\n" + _SAVED_NOTICE,  # the header too far in
])
def test_text_without_a_header_block_near_its_start_is_still_no_message(text: str) -> None:
    assert mime.load(text.encode()).skipped_lines == 0
    with pytest.raises(bouncekit.BounceError, match="no header fields"):
        bouncekit.parse(text.encode())


def test_looking_for_a_saved_copy_s_header_stays_linear() -> None:
    # Field-like lines without a transport field, and lines alternating with them: each
    # line is read once (a block that is no header is skipped whole).
    for unit in ("a:\n", "a: b\nc\n", "Received:\nno\n"):
        text = "lead\n" + unit * (400_000 // len(unit))
        start = time.process_time()
        mime.load(text.encode())
        assert time.process_time() - start < 0.5, unit


@pytest.mark.parametrize(("value", "expected"), [
    (r"utf-8;j\x{00F8}rn@\x{00F8}kland-sag.example", "jørn@økland-sag.example"),  # RFC 6533 escapes
    (r"utf-8; \x{4F60}\x{597D}@example.cn", "你好@example.cn"),
    (r"rfc822; a\x{D800}@example.org", r"a\x{D800}@example.org"),  # a surrogate is no character
])
def test_a_utf8_address_type_s_escapes_are_decoded(value: str, expected: str) -> None:
    assert mime.strip_address(value) == expected


_POSTFIX_NOTICE = (
    b"From: MAILER-DAEMON@mx.example.org\nTo: shop@example.org\n"
    b"Subject: Undelivered Mail Returned to Sender\n\n"
    b"This is the mail system at host mx.example.org.\n\n"
    b"<jo@example.net>: host mx.example.net[192.0.2.1] said: 550 5.1.1 <jo@example.net>:"
    b" Recipient address rejected: User unknown (in reply to RCPT TO command)\n"
)


def _with_attachment(content_type: str, name: str, encoding: str, body: bytes) -> bytes:
    return (
        b"From: Flow <flow@example.org>\nTo: shop@example.org\nSubject: Fw: returned mail\n"
        b'MIME-Version: 1.0\nContent-Type: multipart/mixed; boundary="b"\n\n'
        b"--b\nContent-Type: text/plain\n\nForwarded by a rule.\n\n"
        + f'--b\nContent-Type: {content_type}; name="{name}"\nContent-Transfer-Encoding: {encoding}\n'
          f'Content-Disposition: attachment; filename="{name}"\n\n'.encode()
        + body + b"\n--b--\n"
    )


@pytest.mark.parametrize(("content_type", "name"), [
    ("application/octet-stream", "ATT00001.eml"),
    ("application/octet-stream", "Undelivered Message.EML"),
    ("message/rfc822", "notice.eml"),
])
def test_a_message_attached_as_a_file_or_encoded_is_an_attached_message(content_type: str, name: str) -> None:
    data = _with_attachment(content_type, name, "base64", base64.encodebytes(_POSTFIX_NOTICE))
    view = mime.load(data)
    assert [p.content_type for p in view.parts] == ["text/plain", "message/rfc822"]
    report = bouncekit.parse(data)
    assert report.decoder == "forward/postfix"
    assert [(r.recipient, r.status) for r in report.records] == [("jo@example.net", "5.1.1")]


def test_other_files_and_broken_encodings_stay_parts() -> None:
    assert [p.content_type for p in mime.load(_with_attachment(
        "application/octet-stream", "invoice.pdf", "base64", b"JVBERi0xLjQK")).parts] == [
        "text/plain", "application/octet-stream"]
    broken = _with_attachment("message/rfc822", "notice.eml", "base64", b"%%% not base64 at all %%%")
    assert [p.content_type for p in mime.load(broken).parts] == ["text/plain", "message/rfc822"]
    assert bouncekit.parse(broken).records == ()


def test_a_plain_text_body_labelled_base64_is_read_as_it_is() -> None:
    data = _POSTFIX_NOTICE.replace(b"Subject:", b"Content-Transfer-Encoding: base64\nSubject:", 1)
    assert "User unknown" in mime.load(data).text
    assert [r.recipient for r in bouncekit.parse(data).records] == ["jo@example.net"]
    real = b"Content-Transfer-Encoding: base64\nSubject: x\n\n" + base64.encodebytes(b"Hello, world.")
    assert mime.load(real).text == "Hello, world."


def test_an_empty_text_part_beside_html_gives_the_html_text() -> None:
    data = (b"From: a@example.org\nSubject: Undeliverable\nMIME-Version: 1.0\n"
            b'Content-Type: multipart/alternative; boundary="b"\n\n'
            b"--b\nContent-Type: text/plain\n\n\n--b\nContent-Type: text/html\n\n"
            b"<p>Delivery has failed to these recipients</p>\n--b--\n")
    assert mime.load(data).text.strip() == "Delivery has failed to these recipients"


def test_raw_utf8_in_a_header_is_read_as_utf8():
    # RFC 6532 (and mailers that never encode their headers): the text as written.
    view = mime.load("From: a@example.org\nSubject: メールエラー通知: Kursanmälan\n\nhi\n".encode())
    assert view.subject == "メールエラー通知: Kursanmälan"
    # Other 8-bit bytes stay as the standard library's compat32 reads them.
    assert mime.load(b"From: a@example.org\nSubject: caf\xe9\n\nhi\n").subject != ""


def test_the_returned_message_s_recipients_are_those_of_its_to_and_cc():
    inner = email.message_from_string(
        "From: chair@example.org\nTo: Council members:;\nCc: Clerk <clerk@example.gov>\nSubject: x\n\nbody\n"
    )
    assert mime.original_from_headers(inner).recipients == ("clerk@example.gov",)
