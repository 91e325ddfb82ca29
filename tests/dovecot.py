"""A real IMAP server for the tests: Dovecot on 127.0.0.1, in a temporary folder.

Not a mock: the tests start ``dovecot -F -c <conf>`` with a configuration written
here (one passwd-file user with a plain password, Maildir storage, every run-time
file under the temporary folder), deliver messages by writing Maildir files, and stop
the server at the end. Without the dovecot binary (Debian: ``apt-get install
dovecot-imapd``, which ``.ci/run`` does) the tests that need it skip and say so.
"""

from __future__ import annotations

import getpass
import os
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

import pytest

USER = "bounces"
PASSWORD = "test-password-1"
_NOBODY = 65534


def dovecot_binary() -> str | None:
    return shutil.which("dovecot") or next(
        (p for p in ("/usr/sbin/dovecot",) if os.access(p, os.X_OK)), None
    )


def require_dovecot() -> str:
    """The dovecot binary, or skip the test saying why."""
    binary = dovecot_binary()
    if binary is None:
        pytest.skip("dovecot is not installed (apt-get install dovecot-imapd; .ci/run installs it "
                    "when the Debian registry is reachable)")
    return binary


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Dovecot:
    """One Dovecot instance serving one user's Maildir on loopback."""

    def __init__(self, *, tls: bool = False, move: bool = True) -> None:
        self.binary = require_dovecot()
        # Short path: Dovecot's unix sockets live under it (sun_path holds 108 bytes).
        self.root = Path(tempfile.mkdtemp(prefix="bk-dovecot-", dir="/tmp"))
        self.root.chmod(0o755)  # the auth process runs as Dovecot's own user
        self.home = self.root / "home"
        self.maildir = self.home / "Maildir"
        self.port = free_port()
        self.tls_port = free_port() if tls else 0
        self.cert = self.root / "cert.pem"
        self.as_root = os.geteuid() == 0
        # Dovecot refuses to run mail processes as root: use nobody when we are root.
        self.uid, self.gid = (_NOBODY, _NOBODY) if self.as_root else (os.getuid(), os.getgid())
        for sub in ("cur", "new", "tmp"):
            (self.maildir / sub).mkdir(parents=True)
        (self.root / "passwd").write_text(
            f"{USER}:{{PLAIN}}{PASSWORD}:{self.uid}:{self.gid}::{self.home}::\n"
        )
        (self.root / "passwd").chmod(0o644)
        if tls:
            self._make_certificate()
        self.log = self.root / "dovecot.log"
        self.conf = self.root / "dovecot.conf"
        self.conf.write_text(self._config(tls, move))
        self._chown(self.home)
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> Dovecot:
        """Start the server and wait for its greeting (a failure to start as root is an error;
        as another user, where Dovecot needs a rootless set-up, the test skips saying why)."""
        try:
            return self._start()
        except RuntimeError as exc:
            if self.as_root:
                raise
            pytest.skip(f"dovecot did not start as a non-root user: {exc}")

    def _start(self) -> Dovecot:
        with open(self.root / "stderr.log", "wb") as stderr:
            self.process = subprocess.Popen(
                [self.binary, "-F", "-c", str(self.conf)], stdout=subprocess.DEVNULL, stderr=stderr
            )
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"dovecot exited at start:\n{self.errors()}")
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1) as s:
                    if s.recv(100).startswith(b"* OK"):
                        return self
            except OSError:
                time.sleep(0.05)
        self.stop()
        raise RuntimeError(f"dovecot did not answer on port {self.port}:\n{self.errors()}")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(5)
        shutil.rmtree(self.root, ignore_errors=True)

    def errors(self) -> str:
        parts = [p.read_text(errors="replace") for p in (self.log, self.root / "stderr.log") if p.exists()]
        return "\n".join(parts)

    def url(self, folder: str = "INBOX", *, secure: bool = False) -> str:
        if secure:
            return f"imaps://{USER}@127.0.0.1:{self.tls_port}/{folder}"
        return f"imap://{USER}@127.0.0.1:{self.port}/{folder}"

    def deliver(self, data: bytes, name: str) -> None:
        """Put one message in the INBOX (a Maildir file in new/, as an MTA would)."""
        path = self.maildir / "new" / f"{time.time_ns()}.{name}.test"
        path.write_bytes(data)
        self._chown(path)

    def folder_count(self, folder: str = "INBOX") -> int:
        """Messages in a folder (Maildir++: INBOX is the root, others are .Name)."""
        base = self.maildir if folder == "INBOX" else self.maildir / f".{folder}"
        return sum(len(list((base / sub).glob("*"))) for sub in ("cur", "new") if (base / sub).is_dir())

    def _chown(self, path: Path) -> None:
        if not self.as_root:
            return
        for item in [path, *path.rglob("*")] if path.is_dir() else [path]:
            os.chown(item, self.uid, self.gid)

    def _make_certificate(self) -> None:
        openssl = shutil.which("openssl")
        if openssl is None:
            pytest.skip("openssl is not installed: cannot make a certificate for imaps")
        subprocess.run(
            [openssl, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
             "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
             "-keyout", str(self.root / "key.pem"), "-out", str(self.cert)],
            check=True, capture_output=True,
        )
        (self.root / "key.pem").chmod(0o600)

    def _config(self, tls: bool, move: bool) -> str:
        root = self.root
        lines = [
            "protocols = imap",
            "listen = 127.0.0.1",
            f"base_dir = {root}/run",
            f"state_dir = {root}/state",
            f"instance_name = bouncekit-test-{self.port}",
            f"log_path = {self.log}",
            "disable_plaintext_auth = no",
            "auth_mechanisms = plain login",
            "auth_failure_delay = 0",
            f"first_valid_uid = {min(self.uid, 1000) if self.uid else 1}",
            "mail_location = maildir:~/Maildir",
            f"passdb {{\n  driver = passwd-file\n  args = scheme=PLAIN username_format=%u {root}/passwd\n}}",
            f"userdb {{\n  driver = passwd-file\n  args = username_format=%u {root}/passwd\n}}",
        ]
        if self.as_root:
            lines += ["default_internal_user = dovecot", "default_login_user = dovenull"]
        else:  # a rootless Dovecot runs everything as the calling user, without chroots
            me = getpass.getuser()
            lines += [f"default_internal_user = {me}", f"default_login_user = {me}",
                      "service anvil {\n  chroot =\n}"]
        if tls:
            lines += ["ssl = yes", f"ssl_cert = <{self.cert}", f"ssl_key = <{root}/key.pem"]
            if Path("/usr/share/dovecot/dh.pem").exists():
                lines.append("ssl_dh = </usr/share/dovecot/dh.pem")
        else:
            lines.append("ssl = no")
        if not move:
            # A server without RFC 6851 MOVE (and without UIDPLUS): clients must COPY,
            # flag \Deleted and EXPUNGE.
            lines.append("imap_capability = IMAP4rev1 LITERAL+ SASL-IR ID ENABLE IDLE")
        chroot = "" if self.as_root else "  chroot =\n"
        lines.append(
            "service imap-login {\n" + chroot
            + f"  inet_listener imap {{\n    address = 127.0.0.1\n    port = {self.port}\n  }}\n"
            + f"  inet_listener imaps {{\n    address = 127.0.0.1\n    port = {self.tls_port}\n  }}\n}}"
        )
        return "\n".join(lines) + "\n"
