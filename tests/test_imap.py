"""bouncekit.imap: URLs, encodings, and a real Dovecot on loopback (see tests/dovecot.py)."""

from __future__ import annotations

import ssl

import pytest

from bouncekit.imap import (
    FetchedMessage,
    ImapError,
    ImapUrl,
    Mailbox,
    fetched_messages,
    parse_url,
    quote_mailbox,
    uid_set,
)
from tests.conftest import corpus_bytes
from tests.dovecot import PASSWORD, Dovecot

BOUNCES = ("lhost-postfix-03.eml", "lhost-sendmail-01.eml", "lhost-gmail-01.eml")


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("imap://bounces@mail.example.com/INBOX", ImapUrl(False, "bounces", "mail.example.com", 143)),
        ("imaps://bounces@mail.example.com", ImapUrl(True, "bounces", "mail.example.com", 993)),
        ("imaps://b%40example.com@127.0.0.1:10993/Bounces/2024",
         ImapUrl(True, "b@example.com", "127.0.0.1", 10993, "Bounces/2024")),
        ("IMAP://u@h.example:1143/My%20Folder", ImapUrl(False, "u", "h.example", 1143, "My Folder")),
    ],
)
def test_parse_url(url: str, expected: ImapUrl) -> None:
    assert parse_url(url) == expected


@pytest.mark.parametrize(
    ("url", "words"),
    [
        ("imap://bounces:secret@mail.example.com/INBOX", "the password must not be in the URL"),
        ("http://bounces@mail.example.com/", "it must start with imap:// or imaps://"),
        ("imap://mail.example.com/INBOX", "the URL names no user"),
        ("imap://bounces@mail.example.com:99999/", "not an IMAP URL"),
    ],
)
def test_parse_url_refuses(url: str, words: str) -> None:
    with pytest.raises(ImapError, match=words) as caught:
        parse_url(url)
    assert "secret" not in str(caught.value)


def test_url_round_trip_and_message_url() -> None:
    url = parse_url("imap://bounces@127.0.0.1:1143/INBOX")
    assert str(url) == "imap://bounces@127.0.0.1:1143/INBOX"
    assert url.message(7) == "imap://bounces@127.0.0.1:1143/INBOX/;UID=7"
    assert url.is_loopback


def test_quote_mailbox_uses_modified_utf7() -> None:
    # RFC 3501 section 5.1.3's own example, plus the escapes of a quoted string.
    assert quote_mailbox("~peter/mail/台北/日本語") == '"~peter/mail/&U,BTFw-/&ZeVnLIqe-"'
    assert quote_mailbox('A&B "x"\\') == '"A&-B \\"x\\"\\\\"'
    assert quote_mailbox("Entwürfe") == '"Entw&APw-rfe"'


def test_uid_set_compresses_runs() -> None:
    assert uid_set([7, 1, 2, 3, 9, 10]) == "1:3,7,9:10"
    assert uid_set([5]) == "5"
    assert uid_set([]) == ""


def test_fetched_messages_reads_the_uid_before_or_after_the_literal() -> None:
    data = [
        (b"2 (UID 12 BODY[] {5}", b"B msg"),
        b")",
        b"3 (FLAGS (\\Seen))",  # an unsolicited flag update: no message
        (b"1 (BODY[] {5}", b"A msg"),
        b" UID 11)",
    ]
    assert fetched_messages(data) == [FetchedMessage(11, b"A msg"), FetchedMessage(12, b"B msg")]


# --- against Dovecot ---------------------------------------------------------------


@pytest.fixture
def server():
    dovecot = Dovecot(tls=True).start()
    yield dovecot
    dovecot.stop()


@pytest.fixture
def server_without_move():
    dovecot = Dovecot(move=False).start()
    yield dovecot
    dovecot.stop()


def _fill(server: Dovecot) -> list[bytes]:
    messages = [corpus_bytes(name) for name in BOUNCES]
    for number, data in enumerate(messages):
        server.deliver(data, f"m{number}")
    return messages


def _normalised(data: bytes) -> bytes:
    return data.replace(b"\r\n", b"\n")


def test_fetch_in_batches_returns_every_message_by_uid(server: Dovecot) -> None:
    messages = _fill(server)
    with Mailbox(parse_url(server.url()), PASSWORD, readonly=True) as box:
        uids = box.uids()
        assert len(uids) == 3
        batches = list(box.batches(uids, size=2))
    assert [len(b) for b in batches] == [2, 1]
    fetched = [m for batch in batches for m in batch]
    assert [m.uid for m in fetched] == uids
    assert sorted(_normalised(m.data) for m in fetched) == sorted(_normalised(d) for d in messages)
    assert server.folder_count() == 3  # read-only: nothing moved


def test_move_uses_move_and_creates_the_folder(server: Dovecot) -> None:
    _fill(server)
    with Mailbox(parse_url(server.url()), PASSWORD) as box:
        assert "MOVE" in box.capabilities
        box.ensure_folder("Processed")
        box.ensure_folder("Processed")  # already there: no error
        uids = box.uids()
        box.move(uids[:2], "Processed")
        assert box.uids() == uids[2:]
    assert server.folder_count("INBOX") == 1
    assert server.folder_count("Processed") == 2


def test_move_without_move_capability_copies_and_expunges(server_without_move: Dovecot) -> None:
    server = server_without_move
    _fill(server)
    with Mailbox(parse_url(server.url()), PASSWORD) as box:
        assert "MOVE" not in box.capabilities
        assert "UIDPLUS" not in box.capabilities
        box.ensure_folder("Done")
        uids = box.uids()
        box.move([uids[0]], "Done")
        assert box.uids() == uids[1:]
    assert server.folder_count("INBOX") == 2
    assert server.folder_count("Done") == 1


def test_delete_expunges_only_the_given_messages(server: Dovecot) -> None:
    _fill(server)
    with Mailbox(parse_url(server.url()), PASSWORD) as box:
        uids = box.uids()
        box.delete([uids[1]])
        assert box.uids() == [uids[0], uids[2]]
    assert server.folder_count() == 2


def test_imaps_verifies_the_server_certificate(server: Dovecot) -> None:
    _fill(server)
    url = parse_url(server.url(secure=True))
    trusted = ssl.create_default_context(cafile=str(server.cert))
    with Mailbox(url, PASSWORD, ssl_context=trusted, readonly=True) as box:
        assert len(box.uids()) == 3
    plain = parse_url(server.url())
    with Mailbox(plain, PASSWORD, ssl_context=trusted, starttls=True, readonly=True) as box:
        assert len(box.uids()) == 3
    with pytest.raises(ImapError, match=r"cannot connect .*certificate"):
        Mailbox(url, PASSWORD, ssl_context=ssl.create_default_context())


def test_errors_name_the_mailbox_and_the_problem(server: Dovecot) -> None:
    with pytest.raises(ImapError, match=r"select Missing failed .*doesn't exist"):
        Mailbox(parse_url(server.url("Missing")), PASSWORD)
    server.stop()
    with pytest.raises(ImapError, match=r"^imap://bounces@127\.0\.0\.1:\d+/INBOX: cannot connect"):
        Mailbox(parse_url(server.url()), PASSWORD)


def test_wrong_password_is_a_login_error(server: Dovecot) -> None:
    # Its own server: Dovecot slows down later logins from an address that failed one.
    with pytest.raises(ImapError, match=r"^imap://bounces@127\.0\.0\.1:\d+/INBOX: login failed") as caught:
        Mailbox(parse_url(server.url()), "wrong password")
    assert "wrong password" not in str(caught.value)
