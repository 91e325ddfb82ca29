"""The rfc3464 decoder (RFC 3464 delivery status notifications) on the corpus."""

import pytest

import bouncekit
from tests.conftest import corpus_bytes

# file, record index, recipient, event, status, reply code, substring of the diagnostic (None: no diagnostic)
CASES = [
    ("rfc3464-26.eml", 0, "kijitora@example.or.jp", "bounce", "5.1.1", "550", "User unknown"),
    ("rfc3464-29.eml", 0, "kijitora@example.com",
     "bounce", "5.5.0", "503", "Improper sequence of commands"),
    ("rfc3464-40.eml", 0, "kijitora@nyaan.neko.example.com", "bounce", "4.4.6", None, "forwarded more than"),
    ("rfc3464-42.eml", 0, "jane.doe@some-domain.net",
     "bounce", "5.0.0", None, "The email account that you tried to"),
    ("rhost-facebook-03.eml", 0, "kijitora@facebook.com", "bounce", "5.1.1", "550", "RCP-P2"),
    ("rhost-microsoft-03.eml", 0, "kijitora@example.com",
     "bounce", "5.1.10", "550", "RESOLVER.ADR.RecipientNotFound;"),
]


@pytest.mark.parametrize(("file", "index", "recipient", "event", "status", "reply_code", "text"), CASES)
def test_corpus_file(file, index, recipient, event, status, reply_code, text):
    record = bouncekit.parse(corpus_bytes(file)).records[index]
    assert record.decoder == "rfc3464"
    assert record.recipient == recipient
    assert str(record.event) == event
    assert record.status == status
    assert record.reply_code == reply_code
    if text is None:
        assert record.diagnostic is None
    else:
        assert text in (record.diagnostic or "")



_DSN = (
    b"From: MAILER-DAEMON@mx.example.org\nTo: sender@example.org\nSubject: failure\n"
    b"MIME-Version: 1.0\nContent-Type: multipart/report; report-type=delivery-status; boundary=B\n\n"
    b"--B\nContent-Type: text/plain\n\nDelivery failed.\n\n"
    b"--B\nContent-Type: message/delivery-status\n\nReporting-MTA: dns; mx.example.org\n\n%s\n--B--\n"
)


def test_the_remote_servers_status_wins_over_a_generic_status_field():
    raw = _DSN % (b"Final-Recipient: rfc822; user@example.com\nAction: failed\nStatus: 5.0.0\n"
                  b"Diagnostic-Code: smtp; 550 5.2.2 Mailbox full\n")
    record = bouncekit.parse(raw).records[0]
    assert (record.decoder, record.status, record.reply_code) == ("rfc3464", "5.2.2", "550")


def test_a_final_recipient_that_is_not_an_address_falls_back_to_the_original():
    raw = _DSN % (b"Original-Recipient: rfc822; user@example.com\nFinal-Recipient: rfc822; @relay.example\n"
                  b"Action: failed\nStatus: 5.1.1\n")
    assert bouncekit.parse(raw).records[0].recipient == "user@example.com"


def test_the_status_comment_is_the_diagnostic_when_there_is_none():
    raw = _DSN % (b"Final-Recipient: rfc822; user@example.com\nAction: delayed\n"
                  b"Status: 4.0.0 (host lookup failure)\n")
    record = bouncekit.parse(raw).records[0]
    assert str(record.event) == "delayed"
    assert record.diagnostic == "host lookup failure"


def test_a_missing_boundary_leaves_the_fields_in_the_text():
    # lhost-messagingserver-03 declares a boundary that never occurs.
    records = bouncekit.parse(corpus_bytes("lhost-messagingserver-03.eml")).records
    assert [r.recipient for r in records] == ["sabineko@example.org", "mikeneko@example.org"]


@pytest.mark.parametrize(("code", "cls"), [("67", 10), ("68", 21), ("75", 40)])
def test_a_local_program_s_exit_status_is_read_in_sysexits_words(code, cls):
    data = ("From: MAILER-DAEMON@mail.example.org\nTo: ana@example.org\nSubject: Returned mail\n"
            'MIME-Version: 1.0\nContent-Type: multipart/report; report-type=delivery-status; boundary="b"\n\n'
            "--b\nContent-Type: text/plain\n\nThe message could not be delivered.\n\n"
            "--b\nContent-Type: message/delivery-status\n\nReporting-MTA: dns; mail.example.org\n\n"
            f"Final-Recipient: rfc822; jo@example.org\nAction: failed\nStatus: 5.0.0\n"
            f"Diagnostic-Code: X-Unix; {code}\n\n--b--\n").encode()
    record, = bouncekit.parse(data).records
    assert record.diagnostic.startswith(f"{code} (EX_")
    assert record.classification.bounce_class == cls
