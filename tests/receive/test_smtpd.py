"""``bouncekit smtpd`` as a real process on loopback, spoken to by smtplib.

Each server gets a SQLite store and a spool in the test's temporary folder. Waiting for
the store is by polling (bounded): the server answers 250 once the message is durable
in the spool, and stores it a moment later.
"""

from __future__ import annotations

import datetime as dt
import ipaddress
import os
import signal
import smtplib
import socket
import sqlite3
import ssl
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from bouncekit.store import Store
from bouncekit.verp import Verp
from tests.conftest import corpus_bytes
from tests.store.conftest import dsn

DOMAIN = "bounces.example.org"
SECRET = b"a-secret-of-at-least-16-bytes"
MAX_SIZE = 64 * 1024
MAX_LINE = 4096


def crlf(message: bytes) -> bytes:
    """A message as it travels in SMTP: CRLF line ends (the fixtures are written with LF)."""
    return message.replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")


def bounce(recipient: str, diagnostic: str = "552 5.2.2 Mailbox full", **kwargs: str) -> bytes:
    return crlf(dsn(recipient, diagnostic, **kwargs))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Server:
    process: subprocess.Popen
    port: int
    database: str
    spool: Path
    args: list[str]

    def client(self, timeout: float = 10) -> smtplib.SMTP:
        return smtplib.SMTP("127.0.0.1", self.port, timeout=timeout)

    def store(self) -> Store:
        return Store.open(self.database)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(5)


def start(tmp: Path, *extra: str, port: int | None = None, database: str | None = None) -> Server:
    port = port or free_port()
    database = database or f"sqlite:///{tmp / 'db.sqlite3'}"
    spool = tmp / "spool"
    args = [
        sys.executable,
        "-m",
        "bouncekit",
        "--database",
        database,
        "smtpd",
        "--listen",
        f"127.0.0.1:{port}",
        "--domain",
        DOMAIN,
        "--spool",
        str(spool),
        *extra,
    ]
    process = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"bouncekit smtpd exited: {process.communicate()[1]}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1) as probe:
                if probe.recv(100).startswith(b"220"):
                    return Server(process, port, database, spool, args)
        except OSError:
            time.sleep(0.1)
    process.kill()
    raise AssertionError(f"bouncekit smtpd did not listen on {port} within 60 s")


def wait_for(condition: Callable[[], object], timeout: float = 30) -> object:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.1)
    raise AssertionError(f"not true within {timeout} s")


def messages_stored(server: Server) -> int:
    with server.store() as store:
        return sum(row.records for row in store.stats(by="event"))


@pytest.fixture(scope="module")
def certificate(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A self-signed certificate for 127.0.0.1 and its key, generated here."""
    folder = tmp_path_factory.mktemp("tls")
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "bouncekit test")])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(hours=1))
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName(
                [x509.IPAddress(ipaddress.ip_address("127.0.0.1")), x509.DNSName("localhost")]
            ),
            critical=False,
        )
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = folder / "cert.pem", folder / "key.pem"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
    )
    return cert_path, key_path


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory, certificate: tuple[Path, Path]) -> Iterator[Server]:
    cert, key = certificate
    running = start(
        tmp_path_factory.mktemp("smtpd"),
        "--max-size",
        str(MAX_SIZE),
        "--max-line",
        str(MAX_LINE),
        "--max-recipients",
        "3",
        "--timeout",
        "2",
        "--tls-cert",
        str(cert),
        "--tls-key",
        str(key),
    )
    yield running
    running.stop()


def test_relay_is_refused(server: Server) -> None:
    with server.client() as smtp:
        smtp.ehlo("mx.example.net")
        smtp.mail("<>")
        for outside in (
            "jo@example.com",
            "bounces@bounces.example.org.evil.example",
            "x@sub.bounces.example.org",
        ):
            code, text = smtp.rcpt(outside)
            assert (code, text) == (550, b"5.7.1 relaying denied")
        assert smtp.rcpt("anything@BOUNCES.example.org")[0] == 250
        assert smtp.rcpt("not an address")[0] == 501


def test_a_message_is_stored_with_its_verp_recipient(server: Server) -> None:
    before = messages_stored(server)
    with server.client() as smtp:
        refused = smtp.sendmail(
            "", [Verp(DOMAIN).encode("jo@example.com")], crlf(corpus_bytes("lhost-postfix-03.eml"))
        )
    assert refused == {}
    wait_for(lambda: messages_stored(server) > before)
    with server.store() as store:
        state = store.check("jo@example.com")
        assert state is not None and state.suppressed  # the VERP address, not the bounce's
        assert store.check("kijitora@example.net") is None


def test_size_limit_at_its_edge(server: Server) -> None:
    head = b"From: MAILER-DAEMON@mx.example.net\r\nSubject: size\r\n\r\n"

    def message(size: int) -> bytes:
        line = b"x" * 98 + b"\r\n"
        body = head + line * ((size - len(head) - 2) // len(line))
        return body + b"y" * (size - len(body) - 2) + b"\r\n"

    with server.client() as smtp:
        assert smtp.sendmail("", [f"postmaster@{DOMAIN}"], message(MAX_SIZE)) == {}
        # Undeclared (no SIZE in MAIL FROM): counted as the data streams in.
        smtp.mail("<>")
        smtp.rcpt(f"postmaster@{DOMAIN}")
        assert smtp.data(message(MAX_SIZE + 1)) == (552, b"5.3.4 message too big for this system")
    with server.client() as smtp:  # declared in MAIL FROM: refused before any data
        smtp.ehlo("mx.example.net")
        assert smtp.mail("<>", [f"SIZE={MAX_SIZE + 1}"]) == (552, b"5.3.4 message too big for this system")


def test_line_limit_at_its_edge(server: Server) -> None:
    def message(line_length: int) -> bytes:  # line_length counts the CRLF
        return b"Subject: lines\r\n\r\n" + b"z" * (line_length - 2) + b"\r\n"

    with server.client() as smtp:
        assert smtp.sendmail("", [f"postmaster@{DOMAIN}"], message(MAX_LINE)) == {}
        with pytest.raises(smtplib.SMTPDataError) as caught:
            smtp.sendmail("", [f"postmaster@{DOMAIN}"], message(MAX_LINE + 1))
        assert (caught.value.smtp_code, caught.value.smtp_error) == (500, b"5.5.2 line too long")


def test_recipient_limit(server: Server) -> None:
    with server.client() as smtp:
        smtp.ehlo("mx.example.net")
        smtp.mail("<>")
        assert [smtp.rcpt(f"r{i}@{DOMAIN}")[0] for i in range(4)] == [250, 250, 250, 452]


def test_starttls_with_a_generated_certificate(server: Server, certificate: tuple[Path, Path]) -> None:
    context = ssl.create_default_context(cafile=str(certificate[0]))
    with server.client() as smtp:
        smtp.ehlo("mx.example.net")
        assert smtp.has_extn("starttls")
        assert smtp.starttls(context=context)[0] == 220
        assert smtp.sock.version() in ("TLSv1.2", "TLSv1.3")
        smtp.ehlo("mx.example.net")
        assert (
            smtp.sendmail("", [Verp(DOMAIN).encode("tls@example.com")], bounce("tls@example.com", tag="tls"))
            == {}
        )
    wait_for(lambda: server.store().check("tls@example.com") is not None)


def test_helo_is_not_checked_by_default(server: Server) -> None:
    with server.client() as smtp:
        assert smtp.ehlo("not-a-fqdn")[0] == 250
        assert smtp.helo("x")[0] == 250


def test_an_idle_client_is_disconnected(server: Server) -> None:
    with server.client() as smtp:
        smtp.ehlo("mx.example.net")
        time.sleep(3)
        with pytest.raises((smtplib.SMTPServerDisconnected, ConnectionError)):
            smtp.noop()
            smtp.noop()


def test_fifty_concurrent_clients(server: Server) -> None:
    before = messages_stored(server)

    def send(i: int) -> tuple[int, bytes]:
        with server.client(timeout=30) as smtp:
            smtp.ehlo(f"mx{i}.example.net")
            smtp.mail("<>")
            smtp.rcpt(Verp(DOMAIN).encode(f"user{i}@example.com"))
            return smtp.data(bounce(f"user{i}@example.com", "550 5.1.1 user unknown", tag=f"c{i}"))

    with ThreadPoolExecutor(max_workers=50) as pool:
        replies = list(pool.map(send, range(50)))
    assert [code for code, _ in replies] == [250] * 50
    assert all(text.startswith(b"2.0.0 stored as ") for _, text in replies)
    wait_for(lambda: messages_stored(server) >= before + 50)
    with server.store() as store:
        assert all(store.check(f"user{i}@example.com").suppressed for i in range(50))


def test_an_undecodable_message_is_kept_in_failed(server: Server) -> None:
    with server.client() as smtp:
        smtp.ehlo("mx.example.net")
        smtp.mail("<>")
        smtp.rcpt(f"postmaster@{DOMAIN}")
        code, _ = smtp.data(b"")
    assert code == 250
    wait_for(lambda: list((server.spool / "failed").glob("*.msg")))
    listing = subprocess.run([*server.args, "--list-failed"], capture_output=True, text=True, timeout=60)
    assert listing.returncode == 0
    assert "cannot be decoded: the message is empty" in listing.stdout


def test_helo_checks_when_asked(tmp_path: Path) -> None:
    server = start(tmp_path, "--check-helo")
    try:
        with server.client() as smtp:
            assert smtp.ehlo("not-a-fqdn")[0] == 501
            assert smtp.ehlo("mx.example.net")[0] == 250
            assert smtp.helo("[192.0.2.1]")[0] == 250
    finally:
        server.stop()


def test_connection_limit_at_its_edge(tmp_path: Path) -> None:
    server = start(tmp_path, "--max-connections", "2")
    try:
        # start() probed the port with a connection of its own; let the server see it closed.
        wait_for(lambda: _greeting(server).startswith(b"220"), timeout=10)
        first, second = server.client(), server.client()
        assert first.noop()[0] == 250 and second.noop()[0] == 250
        assert _greeting(server).startswith(b"421 4.3.2 too many connections")
        first.quit()
        wait_for(lambda: _greeting(server).startswith(b"220"), timeout=10)
        second.quit()
    finally:
        server.stop()


def _greeting(server: Server) -> bytes:
    with socket.create_connection(("127.0.0.1", server.port), timeout=5) as s:
        return s.recv(200)


def test_signed_verp(tmp_path: Path) -> None:
    secret = tmp_path / "verp.secret"
    secret.write_bytes(SECRET + b"\n")
    server = start(tmp_path, "--verp-secret-file", str(secret))
    verp = Verp(DOMAIN, secret=SECRET)
    forged = f"bounces+victim=example.com@{DOMAIN}"
    try:
        with server.client() as smtp:
            smtp.sendmail(
                "", [verp.encode("jo@example.com")], bounce("jo@example.com", "550 5.1.1 no such user")
            )
            smtp.sendmail("", [forged], bounce("victim@example.com", "550 5.1.1 no such user"))
            wrong = verp.encode("ann@example.com").replace("ann=", "eve=")
            smtp.sendmail("", [wrong], bounce("eve@example.com", "550 5.1.1 no such user"))
        wait_for(lambda: messages_stored(server) >= 3)
        with server.store() as store:
            assert store.check("jo@example.com").suppressed
            assert store.check("victim@example.com") is None  # stored, but suppresses nothing
            assert store.check("eve@example.com") is None
            assert sum(row.records for row in store.stats(by="event")) == 3
    finally:
        server.stop()


def test_sigkill_right_after_250_loses_nothing(tmp_path: Path) -> None:
    database = tmp_path / "db.sqlite3"
    Store.open(f"sqlite:///{database}").close()
    server = start(tmp_path)
    # Hold the database's write lock so the first server cannot store: the message is
    # only in the spool when the server dies.
    lock = sqlite3.connect(database, isolation_level=None)
    lock.execute("BEGIN EXCLUSIVE")
    try:
        with server.client() as smtp:
            smtp.ehlo("mx.example.net")
            smtp.mail("<>")
            smtp.rcpt(Verp(DOMAIN).encode("kill@example.com"))
            code, _ = smtp.data(bounce("kill@example.com", "550 5.1.1 user unknown"))
            os.kill(server.process.pid, signal.SIGKILL)
        assert code == 250
        server.process.wait(10)
        assert len(list((tmp_path / "spool" / "new").glob("*.msg"))) == 1
    finally:
        lock.execute("ROLLBACK")
        lock.close()
    restarted = start(tmp_path)
    try:
        wait_for(lambda: restarted.store().check("kill@example.com") is not None)
        assert restarted.store().check("kill@example.com").suppressed
        wait_for(lambda: not list((tmp_path / "spool" / "new").glob("*.msg")))
    finally:
        restarted.stop()


def test_bad_arguments_are_one_line(tmp_path: Path) -> None:
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "bouncekit",
            "--database",
            f"sqlite:///{tmp_path}/d.db",
            "smtpd",
            "--domain",
            DOMAIN,
            "--spool",
            str(tmp_path / "s"),
            "--tls-cert",
            "x.pem",
        ],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 1
    assert result.stderr.strip() == "Error: STARTTLS needs both --tls-cert and --tls-key"


def test_smtputf8_bounces_are_taken(server: Server) -> None:
    with server.client() as smtp:
        smtp.ehlo("mx.example.net")
        assert smtp.has_extn("smtputf8")
        assert smtp.mail("<>", ["SMTPUTF8"])[0] == 250
        assert smtp.rcpt(Verp(DOMAIN).encode("josé@example.com"))[0] == 250
        assert smtp.data(bounce("josé@example.com", "550 5.1.1 user unknown", tag="utf8"))[0] == 250
    wait_for(lambda: server.store().check("josé@example.com") is not None)


def test_command_line_limit_at_its_edge(server: Server) -> None:
    with server.client() as smtp:
        smtp.ehlo("mx.example.net")
        # 512 characters before the CRLF are taken, one more is not.
        assert smtp.docmd("NOOP", "x" * (512 - len("NOOP ")))[0] == 250
        assert smtp.docmd("NOOP", "x" * (513 - len("NOOP "))) == (500, b"5.5.2 command line too long")
