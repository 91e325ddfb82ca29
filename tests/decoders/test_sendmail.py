"""The sendmail decoder (Sendmail (8.x)) on the corpus."""

import pytest

import bouncekit
from bouncekit import BounceClass
from tests.conftest import corpus_bytes

# file, record index, recipient, event, status, reply code, substring of the diagnostic (None: no diagnostic)
CASES = [
    ("lhost-sendmail-01.eml", 0, "userunknown@bouncehammer.jp",
     "bounce", "5.1.1", "550", "User Unknown"),
    ("lhost-sendmail-02.eml", 0, "userunknown@example.org",
     "bounce", "5.1.1", "550", "User Unknown"),
    ("lhost-sendmail-02.eml", 1, "filtered@example.com", "bounce", "5.2.1", "550", "User Unknown"),
    ("lhost-sendmail-03.eml", 0, "bounce0@example.org", "bounce", "5.1.1", "550", "User Unknown"),
    ("lhost-sendmail-04.eml", 0, "kijitora@example.com",
     "bounce", "5.1.8", "553", "Domain of sender address"),
    ("lhost-sendmail-06.eml", 0, "kijitora@example.org",
     "bounce", "5.6.9", "550", "improper use of 8-bit data in message"),
    ("lhost-sendmail-07.eml", 0, "kijitora@example.org",
     "bounce", "5.7.1", "554", "Relay access denied"),
    ("lhost-sendmail-08.eml", 0, "neko@example.org",
     "bounce", "4.7.1", "450", "Access denied. IP name lookup failed"),
    ("lhost-sendmail-09.eml", 0, "kijitora@example.co.jp",
     "bounce", "5.7.9", "554", "Header error"),
    ("lhost-sendmail-10.eml", 0, "kijitora@example.or.jp",
     "bounce", "4.7.1", "450", "Client host rejected: may not be mail"),
    ("lhost-sendmail-11.eml", 0, "kijitora@example.co.jp",
     "bounce", "4.4.7", None, "Deferred: Name server: example.co.jp.:"),
    ("lhost-sendmail-12.eml", 0, "kijitora@example.org", "bounce", "4.4.7", None, None),
    ("lhost-sendmail-13.eml", 0, "kijitora@example.or.jp", "bounce", "5.3.0", None, "77"),
    ("lhost-sendmail-15.eml", 0, "kijitora@example.org",
     "bounce", "5.1.2", "550", "Host unknown (Name server:"),
    ("lhost-sendmail-17.eml", 0, "kijitora@example.net", "bounce", "5.1.6", "551", "not our user"),
    ("lhost-sendmail-19.eml", 0, "kijitora@ntt.example.ne.jp",
     "bounce", "5.2.0", "550", "Unknown user kijitora@ntt.example.ne.jp"),
    ("lhost-sendmail-20.eml", 0, "kijitora@example.com", "bounce", "5.4.6", "554", "Too many hops"),
    ("lhost-sendmail-22.eml", 0, "kijitora@example.net",
     "bounce", "5.1.6", "551", "not our customer"),
    ("lhost-sendmail-24.eml", 0, "neko@xn--cesupi09d.jp", "bounce", "5.1.2", "550", "Host unknown"),
    ("lhost-sendmail-26.eml", 0, "this-local-part-does-not-exist-on-the-system@gol.com",
     "bounce", "5.1.1", "550", "unknown user"),
    ("lhost-sendmail-28.eml", 0, "this-local-part-does-not-exist-on-the-system@uqmobile.jp",
     "bounce", "5.1.1", "550", "User unknown"),
    ("lhost-sendmail-29.eml", 0, "this-local-part-does-not-exist-on-the-system@y-mobile.ne.jp",
     "delayed", "4.5.0", "421", "421"),
    ("lhost-sendmail-30.eml", 0, "this-local-part-does-not-exist-on-the-system@y-mobile.ne.jp",
     "bounce", "4.4.7", "421", "421"),
    ("lhost-sendmail-31.eml", 0, "kijitora@example.net",
     "bounce", "5.7.0", "552", "This message was blocked because its"),
    ("lhost-sendmail-31.eml", 1, "sabatora@example.net",
     "bounce", "5.7.0", "552", "This message was blocked because its"),
    ("lhost-sendmail-33.eml", 0, "mailboxfull@neko.example.org",
     "bounce", "5.7.1", "550", "IP address blacklisted by recipient"),
    ("lhost-sendmail-34.eml", 0, "libsisimai@example.jp",
     "bounce", "5.7.0", "552", "This message was blocked because its"),
    ("lhost-sendmail-35.eml", 0, "kijitora@example.org",
     "bounce", "5.7.13", "525", "Disabled recipient address"),
    ("lhost-sendmail-37.eml", 0, "kijitora@nyaan.example.com",
     "bounce", "5.1.1", "550", "Requested action not taken: mailbox"),
    ("lhost-sendmail-38.eml", 0, "kijitora@example.com",
     "bounce", "5.7.1", "550", "message content rejected"),
    ("lhost-sendmail-39.eml", 0, "kijitora@nekochan.example.ne.jp",
     "bounce", "4.4.5", "452", "Insufficient disk space; try again"),
    ("lhost-sendmail-40.eml", 0, "kijitora@ntt.example.ne.jp",
     "bounce", "5.2.0", "550", "Unknown user kijitora@ntt.example.ne.jp"),
    ("lhost-sendmail-42.eml", 0, "nekochan@libsisimai.org",
     "bounce", "5.1.2", "550", "Host unknown (Name server: .: host not"),
    ("lhost-sendmail-43.eml", 0, "kijitora@gmail.example.com",
     "bounce", "5.7.1", "550", "[192.0.2.222 13] Messages with multiple"),
    ("lhost-sendmail-45.eml", 0, "pseudo-local-part-kijitora-nyaaan@orange.fr",
     "bounce", "5.1.1", "550", "Adresse d au moins un destinataire"),
    ("lhost-sendmail-46.eml", 0, "pseudo-local-part-kijitora-nyaaan@laposte.net",
     "bounce", "5.5.0", "550", "Adresse destinataire invalide. Invalid"),
    ("lhost-sendmail-47.eml", 0, "pseudo-local-part-kijitora-nyaan@free.fr",
     "bounce", "5.1.1", "550", "user unknown (UserSearch)"),
    ("lhost-sendmail-48.eml", 0, "pseudo-local-part-kijitora-nyaan@sfr.fr",
     "bounce", "5.7.1", "550", "User unknown"),
    ("lhost-sendmail-50.eml", 0, "otsu-sakaba-hunter-neko-nyaaaaaaan@ezweb.ne.jp",
     "bounce", "5.2.0", "550", ": User unknown"),
    ("lhost-sendmail-51.eml", 0, "otsu-sakaba-hunter-neko-nyaaaaaaan@ezweb.ne.jp",
     "bounce", "5.2.0", "550", ": User unknown"),
    ("lhost-sendmail-52.eml", 0, "otsu-sakaba-hunter-neko-nyaaaaaaan@au.com",
     "bounce", "5.1.1", "550", "User unknown"),
    ("lhost-sendmail-53.eml", 0, "sironeko@example.com",
     "bounce", "5.0.0", "550", "Unauthenticated senders not allowed"),
    ("lhost-sendmail-54.eml", 0, "kijitora@neko.example.jp",
     "bounce", "4.4.7", None, "kijitora... Deferred: Connection"),
    ("lhost-sendmail-57.eml", 0, "neko@libsisimai.org",
     "bounce", "5.7.27", "550", "Host does not accept mail"),
    ("lhost-sendmail-59.eml", 0, "info@example.jp",
     "bounce", "5.7.1", "550", "This message does not have"),
    ("lhost-sendmail-60.eml", 0, "kijitora-cat@google.example.com",
     "bounce", "5.7.26", "550", "The MAIL FROM domain [email.example.jp]"),
    ("rfc3464-35.eml", 0, "kijitora@nyaan.example.com",
     "bounce", "5.0.0", "550", "'kijitora@nyaan.example.com' is not a"),
    ("rfc3464-35.eml", 1, "sabatora@cat.example.net",
     "delayed", "4.0.0", None, "cat.example.net: host name lookup"),
    ("rfc3464-35.eml", 2, "mikeneko@neko.example.or.jp", "bounce", "5.0.0", "550", "user unknown"),
]


@pytest.mark.parametrize(("file", "index", "recipient", "event", "status", "reply_code", "text"), CASES)
def test_corpus_file(file, index, recipient, event, status, reply_code, text):
    record = bouncekit.parse(corpus_bytes(file)).records[index]
    assert record.decoder == "sendmail"
    assert record.recipient == recipient
    assert str(record.event) == event
    assert record.status == status
    assert record.reply_code == reply_code
    if text is None:
        assert record.diagnostic is None
    else:
        assert text in (record.diagnostic or "")



def test_plain_text_bounce_without_dsn_reads_the_fatal_list_and_the_transcript():
    raw = (
        b"From: Mail Delivery Subsystem <MAILER-DAEMON@mx.example.org>\n"
        b"To: sender@example.org\nSubject: Returned mail: see transcript for details\n\n"
        b"The original message was received at Thu, 1 Jan 2026 10:00:00 +0000\n\n"
        b"   ----- The following addresses had permanent fatal errors -----\n"
        b"<one@example.com>\n    (reason: 550 5.1.1 <one@example.com>... User unknown)\n\n"
        b"<two@example.net>\n    (reason: 552 5.2.2 Mailbox full)\n\n"
        b"   ----- Transcript of session follows -----\n"
        b"... while talking to mx.example.net.:\n>>> RCPT To:<two@example.net>\n"
        b"<<< 552 5.2.2 <two@example.net>... Mailbox full\n"
        b"552 5.2.2 <two@example.net>... Mailbox full\n"
    )
    records = bouncekit.parse(raw).records
    assert [r.recipient for r in records] == ["one@example.com", "two@example.net"]
    assert [r.status for r in records] == ["5.1.1", "5.2.2"]
    assert records[1].remote_mta == "mx.example.net"
    assert all(r.decoder == "sendmail" for r in records)


def test_dsn_with_a_host_as_final_recipient_takes_the_address_from_the_text():
    # lhost-sendmail-15: "Final-Recipient: RFC822; @mx.example.org", no Diagnostic-Code.
    record = bouncekit.parse(corpus_bytes("lhost-sendmail-15.eml")).records[0]
    assert record.recipient == "kijitora@example.org"
    assert "Host unknown" in record.diagnostic


def test_the_remote_reply_status_wins_over_the_queue_status():
    # Status: 4.4.7 (gave up after the queue lifetime); the server said 450 4.7.1.
    record = bouncekit.parse(corpus_bytes("lhost-sendmail-08.eml")).records[0]
    assert record.status == "4.7.1"


def test_crlf_and_cr_copies_decode_the_same():
    data = corpus_bytes("lhost-sendmail-53.eml").replace(b"\r\n", b"\n")
    want = [r.to_dict() for r in bouncekit.parse(data).records]
    for variant in (data.replace(b"\n", b"\r\n"), data.replace(b"\n", b"\r")):
        assert [r.to_dict() for r in bouncekit.parse(variant).records] == want


def test_transient_errors_without_dsn_are_delays():
    raw = (
        b"From: Mail Delivery Subsystem <MAILER-DAEMON@mx.example.org>\n"
        b"To: sender@example.org\nSubject: Warning: could not send message for past 4 hours\n\n"
        b"    **********************************************\n"
        b"    **      THIS IS A WARNING MESSAGE ONLY      **\n"
        b"    **********************************************\n\n"
        b"   ----- The following addresses had transient non-fatal errors -----\n"
        b"<user@example.com>\n\n"
        b"   ----- Transcript of session follows -----\n"
        b"... while talking to mx.example.com.:\n>>> MAIL From:<sender@example.org>\n"
        b"<<< 451 4.7.1 Greylisted\n<user@example.com>... Deferred: 451 4.7.1 Greylisted\n"
    )
    record = bouncekit.parse(raw).records[0]
    assert record.recipient == "user@example.com"
    assert str(record.event) == "delayed"
    assert record.diagnostic == "451 4.7.1 Greylisted"
    assert record.remote_mta == "mx.example.com"


def test_a_bounce_forwarded_as_a_quotation_is_read_once():
    # Forwarded by a program (Auto-Submitted); a person's forward is decoded as the
    # notice it forwards, to the same record (bouncekit/forwarded.py).
    raw = (
        b"From: someone@example.jp\nTo: postmaster@example.jp\nAuto-Submitted: auto-generated\n"
        b"Subject: Fwd: Returned mail: see transcript for details\n\n"
        b"Begin forwarded message:\n\n"
        b"> From: Mail Delivery Subsystem <MAILER-DAEMON>\n"
        b">    ----- The following addresses had permanent fatal errors -----\n"
        b"> <user@example.com>\n"
        b">     (reason: 550 Unknown user user@example.com)\n>\n"
        b">    ----- Transcript of session follows -----\n"
        b"> ... while talking to mx.example.com.:\n>>>> DATA\n"
        b"> <<< 550 Unknown user user@example.com\n> 554 5.0.0 Service unavailable\n"
    )
    records = bouncekit.parse(raw).records
    assert [r.recipient for r in records] == ["user@example.com"]
    assert records[0].diagnostic == "550 Unknown user user@example.com"
    by_a_person = bouncekit.parse(raw.replace(b"Auto-Submitted: auto-generated\n", b""))
    assert [r.recipient for r in by_a_person.records] == ["user@example.com"]
    assert by_a_person.decoder == "forward/sendmail"


def test_a_local_mailers_words_join_the_verdict():
    # rfc3464-06: "mail.local: unknown user: kijitora" then "554 <...>... Service unavailable".
    record = bouncekit.parse(corpus_bytes("rfc3464-06.eml")).records[0]
    assert record.decoder == "sendmail"
    assert record.diagnostic == (
        "554 <kijitora@example.net>... Service unavailable (mail.local: unknown user: kijitora)"
    )
    assert record.reply_code == "554"


def _notice(fatal: str, transcript: str, dsn: str = "") -> bytes:
    """A Sendmail notice with its fatal list and transcript, and an RFC 3464 part when
    ``dsn`` holds per-recipient blocks."""
    text = (
        "The original message was received at Tue, 3 Mar 2026 09:00:00 +0100\n\n"
        "   ----- The following addresses had permanent fatal errors -----\n"
        f"{fatal}\n   ----- Transcript of session follows -----\n{transcript}"
    )
    head = ("From: Mail Delivery Subsystem <MAILER-DAEMON@relay.example.org>\nTo: <pat@example.org>\n"
            "Subject: Returned mail: see transcript for details\nMIME-Version: 1.0\n")
    if not dsn:
        return (head + "Content-Type: text/plain\n\n" + text).encode()
    return (
        head + 'Content-Type: multipart/report; report-type=delivery-status; boundary="B"\n\n'
        f"--B\n\n{text}\n--B\nContent-Type: message/delivery-status\n\n"
        f"Reporting-MTA: dns; relay.example.org\n\n{dsn}\n--B--\n"
    ).encode()


def test_a_verdict_without_a_session_keeps_its_own_words_not_the_last_sessions_reply():
    # The host of nohost@ could not be resolved: no session, only the verdict line,
    # written after the session that refused full@. Its DSN block has no Diagnostic-Code.
    raw = _notice(
        "<full@mx-one.example>\n    (reason: 552 5.2.2 <full@mx-one.example>... Over quota)\n"
        "<nohost@gone.example>\n    (reason: 550 Host unknown)\n",
        "... while talking to mx.mx-one.example.:\n>>> RCPT To:<full@mx-one.example>\n"
        "<<< 552 5.2.2 <full@mx-one.example>... Over quota\n"
        "550 5.1.2 <nohost@gone.example>... Host unknown (Name server: gone.example: host not found)\n",
        "Final-Recipient: RFC822; full@mx-one.example\nAction: failed\nStatus: 5.2.2\n"
        "Diagnostic-Code: SMTP; 552 5.2.2 <full@mx-one.example>... Over quota\n\n"
        "Final-Recipient: RFC822; nohost@gone.example\nAction: failed\nStatus: 5.1.2\n",
    )
    records = bouncekit.parse(raw).records
    assert [r.recipient for r in records] == ["full@mx-one.example", "nohost@gone.example"]
    assert records[1].diagnostic.startswith("550 5.1.2 <nohost@gone.example>... Host unknown")
    assert records[1].reply_code == "550"
    assert records[1].bounce_class is BounceClass.DNS_FAILURE
    assert records[0].bounce_class is BounceClass.MAILBOX_FULL


def test_plain_text_notice_gives_each_address_the_reply_to_its_own_rcpt():
    # No DSN part; the session's reply names no address, its RCPT does. The verdict
    # line of a later address whose domain does not resolve follows that reply.
    raw = _notice(
        "<ann@one.example>\n    (reason: 550 5.7.1 Relaying denied)\n"
        "<bob@two.example>\n    (reason: 550 Host unknown)\n"
        "<cyd@one.example>\n    (reason: 550 5.1.1 User unknown)\n",
        "... while talking to mx.one.example.:\n>>> RCPT To:<ann@one.example>\n"
        "<<< 550 5.7.1 Relaying denied for this client\n"
        "550 5.1.2 <bob@two.example>... Host unknown (Name server: two.example: host not found)\n"
        ">>> RCPT To:<cyd@one.example>\n<<< 550 5.1.1 No such user here\n"
        "550 5.1.1 <cyd@one.example>... User unknown\n",
    )
    records = bouncekit.parse(raw).records
    assert [r.recipient for r in records] == ["ann@one.example", "bob@two.example", "cyd@one.example"]
    assert [r.bounce_class for r in records] == [
        BounceClass.RELAYING_DENIED, BounceClass.DNS_FAILURE, BounceClass.INVALID_RECIPIENT]
    assert records[1].diagnostic.startswith("550 5.1.2 <bob@two.example>")
    assert records[2].diagnostic == "550 5.1.1 No such user here"


def test_the_reply_after_a_recipients_rcpt_still_goes_to_its_verdict():
    # Near miss: the reply names no address and the verdict is on the RCPT's address
    # (a bare local part in the verdict, the address in the RCPT): the reply is its own.
    raw = _notice(
        "<dee@three.example>\n    (reason: 550 5.2.1 Mailbox disabled)\n",
        "... while talking to mx.three.example.:\n>>> RCPT To:<dee@three.example>\n"
        "<<< 550 5.2.1 This mailbox is disabled\n"
        "550 5.2.1 <dee@three.example>... Mailbox disabled\n",
    )
    [record] = bouncekit.parse(raw).records
    assert record.diagnostic == "550 5.2.1 This mailbox is disabled"


def test_a_program_an_alias_expanded_to_reports_for_the_address_it_was_expanded_from():
    # .forward or an alias delivers to procmail, which fails; Sendmail lists the program
    # with "(expanded from: ...)", and procmail's words come before the verdict.
    raw = _notice(
        '"|/usr/bin/procmail"\n    (reason: Can\'t create output)\n    (expanded from: <lee@uni.example>)\n',
        'procmail: Quota exceeded while writing "/var/spool/mail/lee"\n'
        '550 5.0.0 "|/usr/bin/procmail"... Can\'t create output\n',
        "Final-Recipient: RFC822; lee@uni.example\nX-Actual-Recipient: X-Unix; |/usr/bin/procmail\n"
        "Action: failed\nStatus: 5.0.0\n",
    )
    [record] = bouncekit.parse(raw).records
    assert record.recipient == "lee@uni.example"
    assert record.diagnostic == (
        '550 5.0.0 "|/usr/bin/procmail"... Can\'t create output '
        '(procmail: Quota exceeded while writing "/var/spool/mail/lee")'
    )
    assert record.bounce_class is BounceClass.MAILBOX_FULL


def test_members_of_an_expanded_list_are_each_their_own_recipient():
    # Two DSN blocks share the list's Final-Recipient; X-Actual-Recipient names each member.
    raw = _notice(
        "<faculty@uni.example>\n    (reason: 550 5.1.1 User unknown)\n"
        "<faculty@uni.example>\n    (reason: 550 Host unknown)\n",
        "... while talking to mx.home.example.:\n>>> RCPT To:<ann@home.example>\n"
        "<<< 550 5.1.1 User unknown\n",
        "Final-Recipient: RFC822; faculty@uni.example\nX-Actual-Recipient: RFC822; ann@home.example\n"
        "Action: failed\nStatus: 5.1.1\n\n"
        "Final-Recipient: RFC822; faculty@uni.example\nX-Actual-Recipient: RFC822; bo@gone.example\n"
        "Action: failed\nStatus: 5.1.2\n",
    )
    records = bouncekit.parse(raw).records
    assert [(r.recipient, r.original_recipient) for r in records] == [
        ("ann@home.example", "faculty@uni.example"), ("bo@gone.example", "faculty@uni.example")]


def test_what_the_local_mailer_printed_says_why_it_could_not_write():
    raw = (
        b"From: Mail Delivery Subsystem <MAILER-DAEMON@host.example>\nTo: app@host.example\n"
        b"Subject: Returned mail: see transcript for details\nMIME-Version: 1.0\n"
        b'Content-Type: multipart/report; report-type=delivery-status; boundary="b"\n\n'
        b"--b\n\n   ----- The following addresses had permanent fatal errors -----\n"
        b"<oncall@host.example>\n    (reason: Can't create output)\n\n"
        b"   ----- Transcript of session follows -----\n"
        b'procmail: Quota exceeded while writing "/var/spool/mail/oncall"\n'
        b"550 5.3.0 <oncall@host.example>... Can't create output\n\n"
        b"--b\nContent-Type: message/delivery-status\n\nReporting-MTA: dns; host.example\n\n"
        b"Final-Recipient: RFC822; oncall@host.example\nAction: failed\nStatus: 5.3.0\n"
        b"Diagnostic-Code: X-Unix; Can't create output\n\n--b--\n"
    )
    [record] = bouncekit.parse(raw).records
    assert "procmail: Quota exceeded" in record.diagnostic
    assert record.bounce_class is BounceClass.MAILBOX_FULL


def test_a_multi_line_refusal_of_the_session_is_read_whole():
    # No verdict per address: the fatal list's reason is the reply's last line, the
    # transcript holds the whole reply (its cause on the first line).
    raw = (
        b"From: Mail Delivery Subsystem <MAILER-DAEMON@host.example>\nTo: shop@host.example\n"
        b"Subject: Returned mail: see transcript for details\n\n"
        b"   ----- The following addresses had permanent fatal errors -----\n<jo@aol.example>\n"
        b"    (reason: 554  please visit http://postmaster.aol.example.)\n\n"
        b"   ----- Transcript of session follows -----\n... while talking to mx.aol.example.:\n"
        b"<<< 554- (RTR:BB)  The IP address you are using to connect is a dynamic\n"
        b"<<< 554- (residential) IP address.\n<<< 554  please visit http://postmaster.aol.example.\n"
        b"554 5.0.0 Service unavailable\n"
    )
    [record] = bouncekit.parse(raw).records
    assert record.diagnostic.startswith("554- (RTR:BB)")
    assert record.bounce_class is not BounceClass.UNDETERMINED
