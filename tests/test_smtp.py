import pytest

import bouncekit
from bouncekit import smtp


@pytest.mark.parametrize(
    ("text", "reply_code", "status"),
    [
        ("550 5.1.1 <a@example.com>: Recipient address rejected", "550", "5.1.1"),
        ("smtp; 550 5.1.1 user unknown", "550", "5.1.1"),
        ("SMTP; 552-5.2.2 The email account is over quota", "552", "5.2.2"),
        ("host mx.example.net[192.0.2.78] said: 550 Unknown user", "550", None),
        ("#5.1.1 bad address", None, "5.1.1"),
        ("421 4.7.0 [TSS04] Messages from 192.0.2.1 temporarily deferred", "421", "4.7.0"),
        ("Connection timed out after 192.0.2.250 seconds", None, None),
        ("5.7.1 blocked (see 1.2.3.4)", None, "5.7.1"),
        ("550 5.7.606 Access denied, banned sending IP [192.0.2.1]", "550", "5.7.606"),
        ("retry timeout exceeded", None, None),
        # the reply after the command it answered, as Exim and others echo it
        ("SMTP error from remote mail server after RCPT TO:<jo@example.org>: 550 mailbox unavailable",
         "550", None),
        ("SMTP error from remote mail server after end of data: 552 message too big", "552", None),
        ("host mx.example.org: after MAIL FROM:<a@example.com> SIZE=2048: 553 sender refused", "553", None),
        # IronPort quotes the remote reply as a tuple after its own summary: the codes inside
        ("5.1.0 - Unknown address error ('550', ['5.1.1 <a@example.org>: User unknown'])", "550", "5.1.1"),
        ("4.0.0 - Unknown address error ('452', ['4.2.2 The email account is over quota.'])", "452", "4.2.2"),
        # Python's smtplib quotes the reply in its exceptions as a (code, bytes) tuple
        ("Mail delivery failed via SMTP server 'smtp.example.com'. SMTPRecipientsRefused: "
         "{'jean.dupont@example.org': (554, b'5.7.1 <jean.dupont@example.org>: Relay access denied')}",
         "554", "5.7.1"),
        ("(450, b'4.1.2 <m@example.org>: Recipient address rejected: Domain not found')", "450", "4.1.2"),
        ("SMTPDataError: (554, b'Transaction failed')", "554", None),
        ("see the table (550 rows, 2 pages)", None, None),
        # a number that merely follows a command is no reply
        ("Your message to jo@example.org (RCPT TO accepted) was 550 KB", None, None),
        ("", None, None),
    ],
)
def test_codes_are_found_and_never_invented(text, reply_code, status):
    reply = smtp.parse_reply(text)
    assert (reply.reply_code, reply.status) == (reply_code, status)


def test_status_code_needs_matching_reply_class_to_pair():
    # "450 5.1.1" is inconsistent: the status is still read, the reply code too, but
    # not as a pair; both come out of the separate searches.
    reply = smtp.parse_reply("450 5.1.1 odd")
    assert reply.status == "5.1.1"
    assert reply.reply_code == "450"


def test_multiline_reply_is_unfolded_without_repeated_prefixes():
    text = "550-5.7.1 [192.0.2.1] Our system has detected\n550-5.7.1 an unusual rate\n550 5.7.1 of mail."
    assert smtp.clean_text(text) == "550-5.7.1 [192.0.2.1] Our system has detected an unusual rate of mail."


def test_diagnostic_type_prefix_is_removed():
    assert smtp.clean_text("smtp; 550 no such user") == "550 no such user"
    assert smtp.clean_text("X-Postfix; host not found") == "host not found"


def test_long_text_is_bounded():
    assert len(smtp.clean_text("x " * 100_000)) <= smtp.MAX_TEXT


@pytest.mark.parametrize(
    ("status", "generic"), [("5.0.0", True), ("4.0.0", True), ("5.1.0", False), (None, False)]
)
def test_generic_status(status, generic):
    assert smtp.is_generic_status(status) is generic


def test_unfolded_multiline_reply_loses_inline_prefixes():
    text = "550-5.2.1 Disabled. Learn more at\n 550 5.2.1  https://x.example/?p=1 - gsmtp"
    assert smtp.clean_text(text) == "550-5.2.1 Disabled. Learn more at https://x.example/?p=1 - gsmtp"


def test_other_codes_inside_a_multiline_reply_stay():
    assert smtp.clean_text("550-5.7.1 rejected, see 421 notes\n550 5.7.1 end") == (
        "550-5.7.1 rejected, see 421 notes end"
    )


def test_quoted_reply_after_a_relay_summary_gives_the_remote_pair():
    # A relay writes its own summary code, then the remote reply in quotes.
    reply = smtp.parse_reply(
        "5.3.0 - Other mail system problem 550-'5.7.1 Client host blocked using Spamhaus'"
    )
    assert (reply.reply_code, reply.status) == ("550", "5.7.1")


def test_failure_reply_wins_over_an_earlier_success_in_a_transcript():
    text = "<-- 250 2.1.0 Ok --> RCPT To:<a@example.org> <-- 550 5.1.1 <a@example.org>: User unknown"
    assert (smtp.parse_reply(text).reply_code, smtp.parse_reply(text).status) == ("550", "5.1.1")
    assert smtp.find_reply_code(text) == "550"
    assert smtp.parse_reply("250 2.0.0 Ok: queued").status == "2.0.0"


@pytest.mark.parametrize(("given", "found", "expected"), [
    ("5.0.0", "5.1.1", "5.1.1"),  # a generic field loses to the reply's code of its class
    ("5.1.0", "5.1.1", "5.1.1"),  # "other address status" loses to the one that says which
    ("4.4.0", "4.4.7", "4.4.7"),
    ("5.1.0", "5.7.1", "5.1.0"),  # another subject: the field stands
    ("5.1.1", "5.1.10", "5.1.1"),  # a specific field stands
    ("5.1.0", "4.1.1", "5.1.0"),  # another class: the field stands
    (None, "5.2.2", "5.2.2"),
])
def test_which_status_is_believed(given, found, expected):
    from bouncekit.classifier import pick_status

    assert pick_status(given, found) == expected


def test_a_qmail_result_quoted_without_its_delivery_number_is_read_in_words():
    assert smtp.qmail_log_words("deferral: user_is_over_quota/") == "deferral: user is over quota"
    assert smtp.qmail_log_words("deferral: not_a_log_line at all_") == "deferral: not_a_log_line at all_"
    assert bouncekit.classify("deferral: user_is_over_quota/").rule == "mailbox-full"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Exim's string_printing() writes each non-ASCII byte as an octal escape
        (r"550 5.1.1 Empf\303\244nger unbekannt", "550 5.1.1 Empfänger unbekannt"),
        (r"554 5.7.1 \320\241\320\277\320\260\320\274", "554 5.7.1 Спам"),
        # a reply copied out of raw JSON keeps its \u escapes (a surrogate pair is one character)
        (r"550 Relais non autoris\u00e9", "550 Relais non autorisé"),
        (r"550 \u30b0\u30ec\u30fc", "550 グレー"),
        (r"550 \ud83d\ude00 no", "550 \U0001f600 no"),
        # what is no escaped text stays as written: not UTF-8, control characters, ASCII
        (r"550 Empf\344nger", r"550 Empf\344nger"),
        (r"550 a\012\015b", r"550 a\012\015b"),
        (r"550 \u0041 C:\users\x", r"550 \u0041 C:\users\x"),
        ("550 5.1.1 no backslash", "550 5.1.1 no backslash"),
    ],
)
def test_escaped_non_ascii_text_is_read_back(text, expected):
    assert smtp.unescape(text) == expected


def test_an_escaped_reply_is_classified_by_its_words():
    result = bouncekit.classify(r"550 5.7.1 Anh\303\244nge vom Typ .exe sind nicht erlaubt")
    assert result.reason.value == "prohibited_attachment"


def test_an_exim_log_s_escaped_line_breaks_of_a_multi_line_reply_are_unfolded():
    text = ("SMTP error from remote mail server after end of data: 421-4.7.0 Our system has "
            "detected an unusual rate of\\n421-4.7.0 unsolicited mail from your IP address.\\n"
            "421 4.7.0 Please try again later.")
    assert smtp.clean_text(text).endswith(
        "an unusual rate of unsolicited mail from your IP address. Please try again later.")


def test_exims_host_line_between_the_command_and_the_reply():
    # Exim's bounce: "after RCPT TO:<a@b>:" then "host NAME [ip]: 550 ..." on the next line.
    text = ("SMTP error from remote mail server after RCPT TO:<kim@example.org>:\n"
            "    host mx3.example.org [192.0.2.67]: 550 Requested action not taken: mailbox unavailable")
    assert smtp.find_reply_code(text) == "550"


def test_a_reply_code_inside_a_librarys_exception_is_found():
    java = "javax.mail.AuthenticationFailedException: 535 Login Fail. Please enter your code"
    python = "smtplib.SMTPSenderRefused: (530, b'Error: A secure connection is required')"
    assert (smtp.reply_codes(java)[0], smtp.reply_codes(python)[0]) == ("535", "530")


@pytest.mark.parametrize(("text", "expected"), [
    # the first MX put the message off, the second refused the recipient
    ("Remote host said: 421 4.7.0 Error: too many connections from 192.0.2.7\n"
     "198.51.100.98 does not like recipient.\nRemote host said: 550 5.1.1 <a@example.net>... User unknown",
     "Remote host said:\n198.51.100.98 does not like recipient.\n"
     "Remote host said: 550 5.1.1 <a@example.net>... User unknown"),
    # every reply temporary: a delay, kept whole
    ("<<< 421 4.7.0 Try again later\n<<< 451 4.3.0 Temporary lookup failure",
     "<<< 421 4.7.0 Try again later\n<<< 451 4.3.0 Temporary lookup failure"),
    # a temporary reply quoted inside a permanent one is its cause
    ("550 5.0.0 Remote server said: 452 4.2.2 Mailbox full\nGiving up.",
     "550 5.0.0 Remote server said: 452 4.2.2 Mailbox full\nGiving up."),
    # "no valid recipients" to DATA only follows from the RCPT put off before it
    ("<** 450 4.2.0 <a@example.net>: Recipient address rejected: Greylisted\n -> DATA\n"
     "<** 554 5.5.1 Error: no valid recipients",
     "<** 450 4.2.0 <a@example.net>: Recipient address rejected: Greylisted\n -> DATA\n"
     "<** 554 5.5.1 Error: no valid recipients"),
])
def test_final_replies_leave_out_the_temporary_ones_before_a_permanent_one(text, expected):
    assert smtp.final_replies(text) == expected


def test_a_transcripts_permanent_reply_decides_its_class():
    text = ("... while talking to mx.example.net.:\n"
            "<<< 421 4.7.0 mx.example.net Error: too many connections\n"
            "... while talking to mx-backup.example.net.:\n>>> RCPT To:<a@example.net>\n"
            "<<< 550 5.1.1 <a@example.net>: Recipient address rejected: User unknown in virtual table")
    assert bouncekit.classify(text).bounce_class is bouncekit.BounceClass.INVALID_RECIPIENT


def test_sendmails_summary_line_under_the_reply_it_quotes_gives_way_to_that_reply():
    transcript = ("----- Transcript of session follows -----\n"
                  "... while talking to mx.example.org.:\n>>> DATA\n"
                  "<<< 550 5.7.1 This mailbox is on legal hold and cannot receive new messages\n"
                  "550 jo@example.org... Service unavailable")
    assert "Service unavailable" not in smtp.final_replies(transcript)
    assert bouncekit.classify(transcript).bounce_class is bouncekit.BounceClass.MAIL_BLOCK
    # Alone, Sendmail's line is all the notice says.
    alone = bouncekit.classify("550 jo@example.org... Service unavailable")
    assert alone.reason is bouncekit.Reason.SERVER_UNAVAILABLE
