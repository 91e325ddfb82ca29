import email

import pytest
from hypothesis import given
from hypothesis import strategies as st

import bouncekit
from bouncekit import BounceClass, BounceError, Event, Reason
from bouncekit.model import Basis
from tests.conftest import corpus_bytes


def test_seed_example_text_beats_status_code():
    result = bouncekit.classify("550 5.7.1 No such user! 1683454980-0NPfrE8P9Cg0-eRlBSO3h")
    assert result.bounce_class is BounceClass.INVALID_RECIPIENT
    assert result.reason is Reason.USER_UNKNOWN
    assert result.status == "5.7.1"
    assert result.reply_code == "550"
    assert result.rule == "user-unknown"


def test_classify_to_dict_keys():
    d = bouncekit.classify("552 5.2.2 Mailbox full").to_dict()
    assert set(d) == {"class", "class_name", "type", "reason", "rule", "basis", "status", "reply_code"}
    assert d["basis"] == "text"
    assert (d["class"], d["type"], d["reason"]) == (22, "soft", "mailbox_full")


def test_classify_falls_back_to_status_then_reply_then_undetermined():
    assert bouncekit.classify("zzz", status="5.1.1").rule == "status:X.1.1"
    assert bouncekit.classify("552 zzz").rule == "reply:552"
    undetermined = bouncekit.classify("zzz")
    assert undetermined.bounce_class is BounceClass.UNDETERMINED
    assert undetermined.rule == "undetermined"


def test_classify_multiline_reply():
    text = (
        "550-5.1.1 The email account that you tried to reach does not exist. Please try\n"
        "550-5.1.1 double-checking the recipient's email address for typos or\n"
        "550 5.1.1 unnecessary spaces. https://support.google.com/mail/?p=NoSuchUser - gsmtp"
    )
    result = bouncekit.classify(text)
    assert (result.reply_code, result.status, result.reason) == ("550", "5.1.1", Reason.USER_UNKNOWN)


def test_classify_rejects_non_text():
    with pytest.raises(BounceError, match="str"):
        bouncekit.classify(b"550 5.1.1")  # type: ignore[arg-type]


def test_parse_accepts_bytes_str_and_message():
    raw = corpus_bytes("lhost-postfix-03.eml")
    from_bytes = bouncekit.parse(raw)
    from_str = bouncekit.parse(raw.decode("utf-8", "replace"))
    from_message = bouncekit.parse(email.message_from_bytes(raw))
    assert [r.to_dict() for r in from_bytes.records] == [r.to_dict() for r in from_str.records]
    assert [r.to_dict() for r in from_bytes.records] == [
        r.to_dict() for r in from_message.records
    ]
    assert from_bytes.is_bounce


def test_record_json_has_every_taxonomy_key():
    record = bouncekit.parse(corpus_bytes("lhost-postfix-03.eml")).records[0]
    keys = {
        "event", "recipient", "class", "class_name", "type", "reason", "status", "reply_code",
        "diagnostic", "remote_mta", "reporting_mta", "original_message_id", "original_sender",
        "date", "feedback_type", "decoder", "rule",
    }
    assert keys <= set(record.to_dict())
    assert record.event is Event.BOUNCE
    assert record.recipient == "kijitora@example.net"


def test_not_a_bounce_gives_empty_report():
    report = bouncekit.parse(corpus_bytes("not-bounces/is-not-bounce-01.eml"))
    assert report.records == ()
    assert not report.is_bounce


@pytest.mark.parametrize("bad", [b"", b"   \n", 42, None])
def test_unreadable_input_raises_bounce_error(bad):
    with pytest.raises(BounceError):
        bouncekit.parse(bad)


def test_classes_table_is_data():
    codes = [c.code for c in bouncekit.CLASSES]
    assert codes == sorted(codes)
    assert {10, 20, 21, 22, 23, 24, 30, 40, 50, 51, 52, 53, 54, 60, 70, 100, 1} == set(codes)
    assert all(isinstance(c.to_dict()["type"], str) for c in bouncekit.CLASSES)


@pytest.mark.parametrize(
    ("text", "basis", "rule"),
    [
        ("550 5.1.1 <a@example.org>: Recipient address rejected: User unknown", "text", "user-unknown"),
        ("550 5.2.2 zzkq", "status", "status:X.2.2"),
        ("550 zzkq", "reply", "reply:550"),
        ("550 5.0.0 zzkq", "reply", "reply:550"),
        ("zzkq", "none", "undetermined"),
    ],
)
def test_each_classification_says_what_it_rests_on(text, basis, rule):
    result = bouncekit.classify(text)
    assert (str(result.basis), result.rule) == (basis, rule)
    assert result.to_dict()["basis"] == basis


def _dsn(final: str, original: str | None, action: str, status: str, diagnostic: str) -> bytes:
    original_field = f"Original-Recipient: rfc822; {original}\n" if original else ""
    return f"""From: Mail Delivery System <MAILER-DAEMON@mx.example.net>
To: news@sender.example
Subject: Delivery Status Notification
MIME-Version: 1.0
Content-Type: multipart/report; report-type=delivery-status; boundary="b1"

--b1
Content-Type: text/plain

The message could not be delivered.

--b1
Content-Type: message/delivery-status

Reporting-MTA: dns; mx.example.net

{original_field}Final-Recipient: rfc822; {final}
Action: {action}
Status: {status}
Diagnostic-Code: smtp; {diagnostic}

--b1--
""".encode()


def test_original_recipient_is_kept_where_it_differs():
    [record] = bouncekit.parse(_dsn("bob@mail.example.org", "info@example.org", "failed", "5.1.1",
                                    "550 5.1.1 user unknown")).records
    assert (record.recipient, record.original_recipient) == ("bob@mail.example.org", "info@example.org")
    assert record.to_dict()["original_recipient"] == "info@example.org"
    [same] = bouncekit.parse(_dsn("bob@example.org", "Bob@Example.ORG", "failed", "5.1.1",
                                  "550 5.1.1 user unknown")).records
    assert same.original_recipient is None


def test_records_carry_addresses_in_their_normal_form():
    raw = _dsn("<Jo@Ñandu.ES>", None, "failed", "5.1.1", "550 5.1.1 user unknown")
    [record] = bouncekit.parse(raw).records
    assert record.recipient == "Jo@xn--andu-fqa.es"


@pytest.mark.parametrize(
    ("diagnostic", "status", "klass", "reason"),
    [
        ("452 4.2.2 Mailbox full, try again later", "4.2.2", 22, "mailbox_full"),
        ("451 4.7.1 Client host [192.0.2.1] blocked using zen.spamhaus.org", "4.7.1", 51, "blocklisted"),
        ("connect to mx.example.org[192.0.2.9]:25: Connection timed out", "4.4.1", 24, "connection_failed"),
        ("451 zzkq", "4.0.0", 70, "delayed"),  # the reply code alone does not name a cause
    ],
)
def test_a_delay_notice_keeps_the_class_of_its_cause(diagnostic, status, klass, reason):
    [record] = bouncekit.parse(_dsn("jo@example.org", None, "delayed", status, diagnostic)).records
    assert record.event is Event.DELAYED
    assert (int(record.bounce_class), str(record.reason)) == (klass, reason)


def test_an_input_holding_an_mbox_of_several_messages_gives_the_records_of_all():
    report = bouncekit.parse(corpus_bytes("rfc3464-28.eml"))
    assert [(r.recipient, str(r.event)) for r in report.records] == [
        ("kijitora@neko.example.jp", "delivered"), ("info@neko.example.jp", "delivered"),
    ]
    assert report.notes == ("the input holds 2 messages (an mbox); the records of all of them are returned",)
    # one message after an envelope line is just that message
    single = b"From MAILER-DAEMON  Thu Apr 29 23:34:45 2015\n" + corpus_bytes("lhost-postfix-03.eml")
    assert bouncekit.parse(single).notes == ()
    # CR-only and CRLF line endings: the second envelope is still found
    mbox = corpus_bytes("rfc3464-28.eml").replace(b"\r\n", b"\n")
    for newline in (b"\r", b"\r\n"):
        assert bouncekit.parse(mbox.replace(b"\n", newline)).notes == report.notes
    # a copy cut after the next message's envelope line: that line is no message
    cut = single + b"\nFrom MAILER-DAEMON Thu Apr 29 23:40:02 2015\n"
    assert [r.recipient for r in bouncekit.parse(cut).records] == [
        r.recipient for r in bouncekit.parse(single).records]


@pytest.mark.parametrize("data", [b"", b" \r\n\t\x0b\x0c", b"\n" * 100])
def test_an_empty_message_is_refused(data: bytes):
    with pytest.raises(BounceError, match="the message is empty"):
        bouncekit.parse(data)


@given(
    st.sampled_from(["", "Mon, ", "mon, "]),
    st.integers(0, 40),
    st.sampled_from(["Jan", "Feb", "Apr", "Sep", "Dec", "jun", "Foo"]),
    st.sampled_from(["2024", "2023", "2000", "1900", "0099", "1999", "99"]),
    st.tuples(st.integers(0, 25), st.integers(0, 61), st.integers(0, 61)),
    st.sampled_from("+-"),
    st.tuples(st.integers(0, 30), st.integers(0, 99)),
    st.sampled_from(["", " (JST)", "x", "  GMT"]),
)
def test_the_usual_date_reads_as_the_standard_librarys(day_name, day, month, year, time, sign, zone, tail):
    from email.utils import parsedate_to_datetime

    from bouncekit.api import _iso_date

    h, m, s = time
    value = f"{day_name}{day} {month} {year} {h:02d}:{m:02d}:{s:02d} {sign}{zone[0]:02d}{zone[1]:02d}{tail}"
    try:
        expected = parsedate_to_datetime(value).isoformat()
    except ValueError:
        expected = None
    assert _iso_date(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("Mon, 1 Jan 2024 12:34:56 +0900", "2024-01-01T12:34:56+09:00"),
        ("1 Jan 2024 12:34:56 -0530 (EST)", "2024-01-01T12:34:56-05:30"),
        ("1 Jan 2024 12:34:56 +0000", "2024-01-01T12:34:56+00:00"),
        ("1 Jan 2024 12:34:56 -0000", "2024-01-01T12:34:56"),  # UTC, the zone unknown
        ("1 Jan 2024 12:34:56 +0990", "2024-01-01T12:34:56+10:30"),  # 90 minutes carried
        ("1 Jan 2024 12:34:56 +2400", None),  # a whole day: no such offset
        ("30 Feb 2024 12:34:56 +0900", None),
        ("29 Feb 2024 12:34:56 +0900", "2024-02-29T12:34:56+09:00"),
        ("29 Feb 2100 12:34:56 +0900", None),  # not a leap year
        ("31 Apr 2024 12:34:56 +0900", None),
        ("31 Dec 2024 23:59:59 -2359", "2024-12-31T23:59:59-23:59"),
    ],
)
def test_usual_dates_and_their_offsets(value, expected):
    from bouncekit.api import _iso_date

    assert _iso_date(value) == expected


@given(st.lists(st.sampled_from(
    ["a", "Z", " ", "  ", "\t", "\n", "\u3000", "\xa0", "\u0130", "550", "-", "5.1.1", ";", "smtp;", "host",
     "mx.example.org", "[192.0.2.1]", " said", "x\n550-5.7.1 y"]
), max_size=40).map("".join))
def test_a_cleaned_diagnostic_needs_only_lowering_before_masking(text: str):
    # _record classifies smtp.clean_text's output as mask_hosts(text.lower()), skipping
    # the whitespace folding of normalize(): it must give the same text.
    from bouncekit.classifier import mask_hosts, normalize
    from bouncekit.smtp import clean_text

    cleaned = clean_text(text)
    assert mask_hosts(cleaned.lower()) == normalize(cleaned)


def test_records_of_one_report_share_a_reply_s_reading_but_not_across_providers():
    # One reply for every recipient, read once per message; a provider's own rule still
    # decides only for that provider's recipients.
    reply = ("552-5.2.2 The email account that you tried to reach is over quota and inactive. "
             "Please direct the recipient to https://support.google.com/mail/?p=OverQuotaPerm")
    blocks = "".join(
        f"Final-Recipient: rfc822; {address}\nAction: {action}\nStatus: 5.2.2\n"
        f"Diagnostic-Code: smtp; {reply}\n\n"
        for address, action in (("one@example.com", "failed"), ("two@gmail.com", "failed"),
                                ("three@example.com", "failed"), ("four@gmail.com", "delayed"))
    )
    raw = (
        "From: MAILER-DAEMON@mx.example.net\nTo: sender@example.org\nSubject: Undelivered Mail\n"
        "Date: Mon, 1 Jan 2024 12:34:56 +0900\n"
        'MIME-Version: 1.0\nContent-Type: multipart/report; report-type=delivery-status; boundary="b"\n\n'
        "--b\nContent-Type: text/plain\n\nYour message could not be delivered.\n\n"
        "--b\nContent-Type: message/delivery-status\n\nReporting-MTA: dns; mx.example.net\n\n"
        f"{blocks}--b--\n"
    ).encode()
    records = bouncekit.parse(raw).records
    assert [r.rule for r in records] == [
        "mailbox-full", "google-over-quota-inactive", "mailbox-full", "google-over-quota-inactive",
    ]
    assert [r.event for r in records] == [Event.BOUNCE, Event.BOUNCE, Event.BOUNCE, Event.DELAYED]
    for record in records:
        alone = bouncekit.classify(reply, recipient=record.recipient)
        assert (record.bounce_class, record.rule) == (alone.bounce_class, alone.rule)
    assert {r.date for r in records} == {"2024-01-01T12:34:56+09:00"}


def test_a_reply_copied_from_an_undecoded_quoted_printable_body_is_read():
    copied = "550=205.1.1=20<ana@example.com>:=20Recipient=20address=20rejected:=20User=20unknown"
    c = bouncekit.classify(copied)
    assert (c.rule, c.status, c.reply_code) == ("user-unknown", "5.1.1", "550")
    # An ordinary reply that happens to hold "=20" stays as written.
    assert bouncekit.classify("550 5.1.1 user unknown (ref=20240101)").rule == "user-unknown"


def test_a_notice_copied_with_its_quoted_printable_soft_breaks_and_escapes_is_read():
    copied = ("Ihre Nachricht an k.wagner@example.org konnte nicht zugestellt we=\nrden, weil das "
              "Postfach des Empf=C3=A4ngers voll ist (Speicherplatz =C3=BCb=\nerschritten).")
    c = bouncekit.classify(copied)
    assert c.bounce_class is BounceClass.MAILBOX_FULL
    assert c.matched == "speicherplatz überschritten"
    # A reply that holds "=" and one escape-like pair is left as written.
    assert bouncekit.classify("550 5.1.1 <a=C3@example.org> user unknown").rule == "user-unknown"


@pytest.mark.parametrize(("carried", "expected"), [
    # encoded words left on by a ticket system
    ("=?UTF-8?B?NTUyIDUuMi4yIE1haWxib3ggZnVsbA==?=", BounceClass.MAILBOX_FULL),
    # UTF-8 read as Windows-1252 by a CRM
    ("554 5.7.1 Message refusÃ© : contenu considÃ©rÃ© comme spam", BounceClass.SPAM_CONTENT),
    # Windows-1251 read as Windows-1252
    ("550 5.7.1 Ïîëüçîâàòåëü íå íàéäåí", BounceClass.INVALID_RECIPIENT),
    # URL-encoded inside a ticket's other text
    ("Error:\n550+5.1.1+User+unknown+%5Bref%5D\nSeen twice.", BounceClass.INVALID_RECIPIENT),
    # a help desk's HTML, its entities escaped twice
    ("<div>The bounce says:</div><div>554 delivery error: This user doesn&amp;#39;t have a yahoo.com"
     " account</div>", BounceClass.INVALID_RECIPIENT),
    # quoted in "> " lines, a phrase broken between them
    ("> 554 User k.ono (k.ono@example.com) not listed in Domino\n> Directory", BounceClass.INVALID_RECIPIENT),
])
def test_a_reply_changed_by_what_carried_it_is_read_as_written(carried, expected):
    c = bouncekit.classify(carried)
    assert (c.bounce_class, c.basis) == (expected, Basis.TEXT)


def test_an_address_in_angle_brackets_is_no_html_and_a_transcript_no_quote():
    from bouncekit.api import _as_written

    for reply in ("550 5.7.1 Sender <p.oconnor@example.com> blocked by policy (sender block list)",
                  "<<< 550 5.1.1 <b@example.com>... User unknown\n>>> QUIT"):
        assert _as_written(reply) == reply


TRY_LATER = "421 4.7.0 Try again later, closing connection"
UNAVAILABLE = "451 4.3.0 Mailbox temporarily unavailable"
REFUSED = "delivery temporarily suspended: connect to mx.example.org[192.0.2.7]:25: Connection refused"


@pytest.mark.parametrize(
    ("action", "status", "diagnostic", "klass", "rule", "record_status"),
    [
        # Given up when its time ran out after "not now" replies: the expiry decides, the
        # record keeps the remote server's own code.
        ("failed", "4.4.7", TRY_LATER, 24, "expired-after-retries", "4.7.0"),
        ("failed", "4.4.7", UNAVAILABLE, 24, "expired-after-retries", "4.3.0"),
        # Given up on a host that kept refusing the connection (Postfix: 4.4.1 and failed).
        ("failed", "4.4.1", REFUSED, 24, "expired-after-retries", "4.4.1"),
        # A reply that names a cause still decides.
        ("failed", "4.4.7", "452 4.2.2 Mailbox full", 22, "mailbox-full", "4.2.2"),
        # Not an expiry: a failure with another status, or a delay (which keeps its cause).
        ("failed", "4.3.0", TRY_LATER, 20, "server-unavailable", "4.7.0"),
        ("delayed", "4.4.7", TRY_LATER, 20, "server-unavailable", "4.7.0"),
        ("delayed", "4.4.1", REFUSED, 20, "connection-refused", "4.4.1"),
    ],
)
def test_a_failure_after_its_delivery_time_expired_is_a_timeout(action, status, diagnostic, klass, rule,
                                                                 record_status):
    [record] = bouncekit.parse(_dsn("jo@example.org", None, action, status, diagnostic)).records
    assert (int(record.bounce_class), record.rule, record.status) == (klass, rule, record_status)


def _exim_notice(reason: str, subject: str = "Mail delivery failed: returning message to sender") -> bytes:
    return (
        "From: Mail Delivery System <Mailer-Daemon@host.example.com>\nTo: jo@example.com\n"
        f"Subject: {subject}\nX-Failed-Recipients: ann@example.net, bo@example.org\n"
        "Auto-Submitted: auto-replied\n\n"
        "This message was created automatically by mail delivery software.\n\n"
        "A message that you sent could not be delivered to one or more of its\n"
        "recipients. This is a permanent error. The following address(es) failed:\n\n"
        f"  ann@example.net\n    {reason}\n  bo@example.org\n    {reason}\n"
    ).encode()


@pytest.mark.parametrize("reason", [
    "Not delivering to previously bounced address",
    "Amazon SES did not send the message to this address because it is on the suppression list for your"
    " account.",
])
def test_the_sending_sides_own_refusal_is_event_rejected(reason):
    # A sending service's suppression list: the message never left the sender
    # (TAXONOMY's event rejected), whatever decoder read the notice.
    records = bouncekit.parse(_exim_notice(reason)).records
    assert [str(r.event) for r in records] == ["rejected", "rejected"]


def test_a_receivers_rate_limit_and_a_delay_are_not_rejected_a_hosts_cap_is():
    refused = _exim_notice("host mx.example.net [192.0.2.1]: 550 5.7.1 Too many requests")
    assert {str(r.event) for r in bouncekit.parse(refused).records} == {"bounce"}
    # A hosting server's hourly cap on its own customer: the sender's side refused to
    # send, as most blind rounds label it (17 rows of 6 rounds against 6 rows of 5).
    cap = "Domain example.com has exceeded the max emails per hour (150/150 (100%)) allowed."
    assert {str(r.event) for r in bouncekit.parse(_exim_notice(cap)).records} == {"rejected"}
    delayed = _exim_notice("Not delivering to previously bounced address",
                           subject="Warning: message 1abc-0001 delayed 24 hours").replace(
        b"could not be delivered", b"has not yet been delivered")
    assert {str(r.event) for r in bouncekit.parse(delayed).records} == {"delayed"}


@pytest.mark.parametrize(("mailbox", "event"), [
    ("jo@example.com", "rejected"),   # the notice's addressee, the sender: its own provider's limit
    ("ann@example.net", "bounce"),    # the failed recipient's mailbox: the receiver's limit
])
def test_a_rate_limit_on_the_senders_own_mailbox_is_a_refusal_of_the_sending_side(mailbox, event):
    notice = _exim_notice(
        f"host mx.example.net [192.0.2.1]: 451 4.7.1 Ratelimit exceeded for mailbox {mailbox}.")
    [first, _] = bouncekit.parse(notice).records
    assert (first.recipient, str(first.event), int(first.bounce_class)) == ("ann@example.net", event, 20)


PERSON_QUOTING_A_NOTICE = b"""\
From: "Marge Tillman" <marge@isp.example>
To: "Walt Emerson" <walt@birders.example>
Subject: Returned mail? (was: Skagit count)
Message-ID: <q1@isp.example>

Walt,

I tried to post my count to the list twice and both times I got a message back
titled "Returned mail: see transcript for details". The part I could make out said:

   ----- The following addresses had permanent fatal errors -----
   <birders@lists.birders.example>
   ... 553 5.1.8 <marge@isp.example>... Domain of sender address does not exist

Is the list broken, or is it my ISP?

Thanks,
Marge
"""


def test_a_person_quoting_a_notice_to_ask_about_it_gives_no_record():
    # Sendmail's layout is in the text, but a colleague wrote the letter: no decoder of a
    # mail system's format reads it.
    assert bouncekit.parse(PERSON_QUOTING_A_NOTICE).records == ()
    # The same text from a mail system is its notice.
    from_daemon = PERSON_QUOTING_A_NOTICE.replace(b'"Marge Tillman" <marge@isp.example>',
                                                  b"Mail Delivery Subsystem <MAILER-DAEMON@isp.example>")
    report = bouncekit.parse(from_daemon)
    assert report.decoder == "sendmail"
    assert report.records[0].recipient == "birders@lists.birders.example"
