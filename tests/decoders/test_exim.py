"""The exim decoder (Exim) on the corpus."""

import pytest

import bouncekit
from tests.conftest import corpus_bytes

# file, record index, recipient, event, status, reply code, substring of the diagnostic (None: no diagnostic)
CASES = [
    ("lhost-exim-03.eml", 0, "kijitora@example.or.jp", "bounce", "5.7.0", "554", "Header error"),
    ("lhost-exim-04.eml", 0, "kijitora@example.ed.jp",
     "bounce", "5.7.0", "550", "Please use the smtp server of your ISP."),
    ("lhost-exim-05.eml", 0, "kijitora@neko.example.co.jp",
     "bounce", "5.1.1", "553", "unknown or illegal user:"),
    ("lhost-exim-30.eml", 0, "kijitora@exmaple.ch", "bounce", "5.7.1", "554", "Access denied"),
    ("lhost-exim-32.eml", 0, "kijitora@example.net",
     "bounce", None, None, "No PTR Record found. Reverse DNS"),
    ("lhost-exim-34.eml", 0, "kijitora@example.net",
     "bounce", "5.7.1", "554", "Reverse DNS failed."),
    ("lhost-exim-35.eml", 0, "kijitora@example.com", "bounce", None, "550", "Access"),
    ("lhost-exim-37.eml", 0, "kijitora@example.net",
     "bounce", None, "553", "neko.example.com does not exist"),
    ("lhost-exim-39.eml", 0, "kijitora@example.net",
     "bounce", None, "550", "Your message was rejected by this"),
    ("lhost-exim-40.eml", 0, "kijitora@example.org",
     "bounce", None, "551", "Server access mta.example.org forbidden"),
    ("lhost-exim-41.eml", 0, "kijitora@example.net",
     "delayed", None, "450", "service permits 2 unverifyable sending"),
    ("lhost-exim-43.eml", 0, "kijitora@example.net",
     "bounce", "5.7.1", "550", "Connections not accepted from servers"),
    ("lhost-exim-45.eml", 0, "kijitora@example.com",
     "bounce", "5.2.0", "550", "<sironeko-nyaan@neko.example.com> From:"),
    ("lhost-exim-46.eml", 0, "kijitora@example.com",
     "bounce", "5.7.1", "554", "[C14] Missing reverse DNS for"),
    ("lhost-exim-48.eml", 0, "kijitora@example.net",
     "bounce", "5.7.1", "550", "Connections not accepted from servers"),
    ("lhost-exim-50.eml", 0, "kijitora@neko.example.com",
     "bounce", "5.1.7", "550", "No such domain neko.example.com."),
    ("lhost-exim-51.eml", 0, "kijitora@example.org",
     "bounce", "5.1.0", "553", "neko22nyaan neko.example.com does not"),
    ("lhost-exim-52.eml", 0, "neko@example.net",
     "bounce", None, None, "malformed address: <neko@example.net>"),
    ("lhost-exim-53.eml", 0, "kijitora@example.com",
     "bounce", None, None, "[2016-04-29 23:34:45 +0900] info [cat]"),
    ("lhost-exim-54.eml", 0, "kijitora@example.org",
     "bounce", None, "550", "NN-222 (NEKO-CAT-222) Unfortunately,"),
    ("lhost-exim-55.eml", 0, "kijitora@example.com",
     "bounce", "5.7.0", "554", "Reject, id=22222-22 NekoNyaan-2y:2 -"),
    ("lhost-exim-56.eml", 0, "kijitora@example.com",
     "bounce", None, "554", "neko-22.nyaan.r.example.net : CAT :"),
    ("lhost-exim-57.eml", 0, "kijitora@example.com",
     "bounce", None, None, "\"Sorry, you are sending to/from an"),
    ("lhost-exim-58.eml", 0, "kijitora@example.us", "bounce", None, "500", "Line limit exceeded"),
    ("lhost-exim-59.eml", 0, "kijitora@icloud.example.com",
     "bounce", "5.1.1", "550", "unknown or illegal alias:"),
    ("lhost-exim-60.eml", 0, "nyaan%gol.com@q002.kijitora.gol.com",
     "bounce", "5.0.0", None, "mailbox is full: retry timeout exceeded"),
    ("lhost-exim-61.eml", 0, "xxxx@xxxx.net",
     "bounce", "5.1.1", "550", "User unknown in local recipient table"),
]


@pytest.mark.parametrize(("file", "index", "recipient", "event", "status", "reply_code", "text"), CASES)
def test_corpus_file(file, index, recipient, event, status, reply_code, text):
    record = bouncekit.parse(corpus_bytes(file)).records[index]
    assert record.decoder == "exim"
    assert record.recipient == recipient
    assert str(record.event) == event
    assert record.status == status
    assert record.reply_code == reply_code
    if text is None:
        assert record.diagnostic is None
    else:
        assert text in (record.diagnostic or "")


_EXIM = (
    b"From: Mail Delivery System <Mailer-Daemon@mx.example.org>\n"
    b"To: sender@example.org\nSubject: %s\n%s\n"
    b"This message was created automatically by mail delivery software.\n\n%s\n"
)


def test_local_part_only_is_completed_from_x_failed_recipients():
    raw = _EXIM % (
        b"Mail delivery failed: returning message to sender",
        b"X-Failed-Recipients: user@example.com\n",
        b"A message that you sent could not be delivered to one or more of its\n"
        b"recipients. This is a permanent error. The following address(es) failed:\n\n"
        b"  user\n    SMTP error from remote mail server after RCPT TO:<user@example.com>:\n"
        b"    host mx.example.com [192.0.2.1]: 550 5.1.1 No such user\n",
    )
    record = bouncekit.parse(raw).records[0]
    assert (record.recipient, record.status, record.reply_code) == ("user@example.com", "5.1.1", "550")
    assert record.remote_mta == "mx.example.com"
    assert record.diagnostic == "550 5.1.1 No such user"


def test_delay_warning_is_a_delayed_event():
    raw = _EXIM % (
        b"Warning: message 1abc-000001-AB delayed 24 hours",
        b"",
        b"A message that you sent has not yet been delivered to one or more of its\n"
        b"recipients after more than 24 hours on the queue on mx.example.org.\n\n"
        b"The address to which the message has not yet been delivered is:\n\n"
        b"  user@example.com\n"
        b"    Delay reason: SMTP error from remote mail server after MAIL FROM:<s@example.org>:\n"
        b"    451 4.7.1 Greylisted, try later\n\n"
        b"No action is required on your part.\n",
    )
    record = bouncekit.parse(raw).records[0]
    assert str(record.event) == "delayed"
    assert record.diagnostic == "451 4.7.1 Greylisted, try later"


def test_a_pipe_is_reported_under_the_address_that_generated_it():
    record = bouncekit.parse(corpus_bytes("lhost-exim-53.eml")).records[0]
    assert record.recipient == "kijitora@example.com"
    assert "Failed to read response template" in record.diagnostic


def test_postfix_wording_is_not_exim():
    # "could not be delivered to one or more destinations" is Postfix's sentence.
    assert bouncekit.parse(corpus_bytes("lhost-postfix-49.eml")).decoder == "postfix"


def test_translated_template_is_read_without_the_english_sentence():
    raw = (
        "Return-Path: <>\nFrom: Mail Delivery System <Mailer-Daemon@mail.contoso.de>\n"
        "Subject: Mail delivery failed: returning message to sender\n"
        "X-Failed-Recipients: bob@fabrikam.example\n"
        "Content-Type: text/plain; charset=utf-8\n\n"
        "Diese Nachricht wurde automatisch von der Mail-Software erstellt.\n\n"
        "Eine von Ihnen gesendete Nachricht konnte an einen oder mehrere Empfänger nicht zugestellt werden.\n"
        "Folgende Adresse(n) sind fehlgeschlagen:\n\n  bob@fabrikam.example\n"
        "    host mx.fabrikam.example [192.0.2.5]\n"
        "    SMTP error from remote mail server after RCPT TO:<bob@fabrikam.example>:\n"
        "    550 5.1.1 User unknown\n"
    ).encode()
    [record] = bouncekit.parse(raw).records
    assert record.decoder == "exim"
    assert (record.recipient, record.status, record.reply_code) == ("bob@fabrikam.example", "5.1.1", "550")
    assert record.remote_mta == "mx.fabrikam.example"
    assert record.diagnostic == "550 5.1.1 User unknown"
    # A relay that strips X- fields leaves the words Exim's code writes for each reply.
    stripped = raw.replace(b"X-Failed-Recipients: bob@fabrikam.example\n", b"")
    assert [(r.decoder, r.recipient, r.status) for r in bouncekit.parse(stripped).records] == [
        ("exim", "bob@fabrikam.example", "5.1.1")]


def test_custom_template_with_only_x_failed_recipients_keeps_the_reply():
    raw = (
        b"From: Mail Delivery System <Mailer-Daemon@relay.example>\n"
        b"X-Failed-Recipients: treasurer@rowing.example\nSubject: Mail delivery failed\n\n"
        b"The club mail relay was unable to pass on your message. The receiving\n"
        b"server gave this answer:\n\n"
        b"  SMTP error from remote mail server after RCPT TO:\n  550 No Such User Here\n\n"
        b"Please check the address and try again.\n"
    )
    [record] = bouncekit.parse(raw).records
    assert record.recipient == "treasurer@rowing.example"
    assert (record.reply_code, record.bounce_class) == ("550", 10)
    assert record.diagnostic == "550 No Such User Here"


@pytest.mark.parametrize("intro", [
    b"THE FOLLOWING ADDRESS(ES) FAILED:",
    # Exim's wording for a message it could not parse, broken over two lines.
    b"addresses in the message's header lines were\n  incorrectly constructed:",
])
def test_introduction_is_found_after_a_long_text_without_one(intro):
    # The introduction is looked for only on lines holding one of its words: a long
    # preamble with the words elsewhere must neither hide it nor be taken for it.
    preamble = b"This line says nothing of interest, not failed, not delivered.\n" * 400
    raw = _EXIM % (
        b"Mail delivery failed: returning message to sender",
        b"X-Failed-Recipients: user@example.com\n",
        preamble + intro + b"\n\n  user@example.com\n"
        b"    host mx.example.com [192.0.2.1]: 550 5.1.1 No such user\n",
    )
    record = bouncekit.parse(raw).records[0]
    assert (record.recipient, record.reply_code, record.remote_mta) == (
        "user@example.com", "550", "mx.example.com")
