"""Private RabbitMQ and PostgreSQL servers that a test may stop and restart.

Other tests (and other people's) use the machine's own RabbitMQ on 5672 and PostgreSQL
on 5432 at the same time, so the tests that restart a server start their own: a
RabbitMQ node with its own name, ports and data folder, and a PostgreSQL cluster made
with initdb in a temporary folder, both on free loopback ports. They need the servers'
programs (Debian's rabbitmq-server and postgresql packages); :func:`missing` says
what is absent so that a test can skip saying why.
"""

from __future__ import annotations

import contextlib
import glob
import os
import pwd
import shutil
import signal
import socket
import subprocess
import tempfile
import time
import uuid
from pathlib import Path

RABBITMQ_BIN = Path("/usr/lib/rabbitmq/bin")
POSTGRES_BINS = sorted(glob.glob("/usr/lib/postgresql/*/bin"))


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def missing_rabbitmq() -> str | None:
    """Why a private RabbitMQ node cannot be started here, or None."""
    if not (RABBITMQ_BIN / "rabbitmq-server").exists():
        return f"no {RABBITMQ_BIN}/rabbitmq-server (Debian package rabbitmq-server)"
    return None


def missing_postgres() -> str | None:
    """Why a private PostgreSQL cluster cannot be started here, or None."""
    if not POSTGRES_BINS:
        return "no /usr/lib/postgresql/*/bin (Debian package postgresql)"
    if os.geteuid() == 0:
        try:
            pwd.getpwnam("postgres")
        except KeyError:
            return "running as root and there is no 'postgres' user to run PostgreSQL as"
    return None


class PrivateRabbit:
    """A RabbitMQ node of its own: ``start``, ``stop`` (the whole node), ``start`` again."""

    def __init__(self, folder: Path, config: str = "") -> None:
        self.folder = folder
        self.name = f"bktest{uuid.uuid4().hex[:8]}@localhost"
        self.port = free_port()
        self.dist_port = free_port()
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "rabbitmq.conf").write_text("loopback_users = none\n" + config)
        (folder / "env.conf").write_text("")
        (folder / "plugins").write_text("[].\n")
        self.env = {
            **os.environ,
            "RABBITMQ_NODENAME": self.name,
            "RABBITMQ_NODE_IP_ADDRESS": "127.0.0.1",
            "RABBITMQ_NODE_PORT": str(self.port),
            "RABBITMQ_DIST_PORT": str(self.dist_port),
            "RABBITMQ_MNESIA_BASE": str(folder / "mnesia"),
            "RABBITMQ_LOG_BASE": str(folder / "log"),
            "RABBITMQ_CONFIG_FILE": str(folder / "rabbitmq.conf"),
            "RABBITMQ_CONF_ENV_FILE": str(folder / "env.conf"),
            "RABBITMQ_ENABLED_PLUGINS_FILE": str(folder / "plugins"),
            "RABBITMQ_PID_FILE": str(folder / "pid"),
            "RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS": "-kernel inet_dist_use_interface {127,0,0,1}",
            "ERL_EPMD_ADDRESS": "127.0.0.1",
            "HOME": str(folder),
        }

    @property
    def url(self) -> str:
        return f"amqp://guest:guest@127.0.0.1:{self.port}//"

    def _ctl(self, *args: str, timeout: float = 120) -> subprocess.CompletedProcess:
        return subprocess.run([str(RABBITMQ_BIN / "rabbitmqctl"), "-n", self.name, *args], env=self.env,
                              capture_output=True, text=True, timeout=timeout)

    def start(self) -> None:
        subprocess.run([str(RABBITMQ_BIN / "rabbitmq-server"), "-detached"], env=self.env, check=True,
                       capture_output=True, timeout=60)
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            if (self.folder / "pid").exists():
                done = self._ctl("wait", str(self.folder / "pid"), "--timeout", "60", timeout=90)
                if done.returncode == 0:
                    return
                raise RuntimeError(f"the private RabbitMQ node did not start: {done.stdout}{done.stderr}"
                                   f" (logs in {self.folder / 'log'})")
            time.sleep(0.2)
        raise RuntimeError(f"the private RabbitMQ node wrote no pid file (logs in {self.folder / 'log'})")

    def _pid(self) -> int | None:
        try:
            pid = int((self.folder / "pid").read_text().strip())
            os.kill(pid, 0)
        except (OSError, ValueError):
            return None
        return pid

    def log_tail(self, lines: int = 40) -> str:
        """The last lines of the node's own log, for a failure's message."""
        logs = sorted((self.folder / "log").glob("*.log"))
        if not logs:
            return f"(no log in {self.folder / 'log'})"
        return "\n".join(logs[-1].read_text(errors="replace").splitlines()[-lines:])

    def kill(self) -> None:
        """Stop the node at once (SIGKILL), as a crash or a power cut would."""
        pid = self._pid()
        if pid is not None:
            os.kill(pid, signal.SIGKILL)
            deadline = time.monotonic() + 30
            while self._pid() is not None and time.monotonic() < deadline:
                time.sleep(0.05)
        (self.folder / "pid").unlink(missing_ok=True)

    def stop(self) -> None:
        """Stop the node; a node that does not stop within a minute is killed."""
        if self._pid() is None:
            return
        with contextlib.suppress(subprocess.TimeoutExpired):
            self._ctl("stop", str(self.folder / "pid"), timeout=60)
        self.kill()


class PrivatePostgres:
    """A PostgreSQL cluster of its own (trust authentication, user postgres) in a new
    temporary folder (not under pytest's, which the postgres user may not enter)."""

    def __init__(self) -> None:
        self.bin = Path(POSTGRES_BINS[-1])
        self.folder = Path(tempfile.mkdtemp(prefix="bouncekit-test-pg-"))
        self.data = self.folder / "data"
        self.port = free_port()
        if os.geteuid() == 0:
            shutil.chown(self.folder, "postgres")
        self._as_postgres(["initdb", "-D", str(self.data), "-A", "trust", "-U", "postgres", "--no-sync",
                           "-E", "UTF8"])

    def _as_postgres(self, command: list[str], timeout: float = 120) -> subprocess.CompletedProcess:
        argv = [str(self.bin / command[0]), *command[1:]]
        if os.geteuid() == 0:  # PostgreSQL refuses to run as root
            argv = ["runuser", "-u", "postgres", "--", *argv]
        return subprocess.run(argv, check=True, capture_output=True, text=True, timeout=timeout)

    def url(self, database: str = "postgres") -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/{database}"

    def start(self) -> None:
        options = f"-p {self.port} -c listen_addresses=127.0.0.1 -k {self.folder} -c fsync=on"
        self._as_postgres(["pg_ctl", "-D", str(self.data), "-o", options, "-l", str(self.folder / "log"),
                           "-w", "start"])

    def stop(self, mode: str = "fast") -> None:
        self._as_postgres(["pg_ctl", "-D", str(self.data), "-m", mode, "-w", "stop"])

    def remove(self) -> None:
        """Stop the cluster at once and delete its folder."""
        with contextlib.suppress(subprocess.CalledProcessError):  # not running
            self.stop("immediate")
        shutil.rmtree(self.folder, ignore_errors=True)

    def create_database(self, name: str) -> str:
        import psycopg

        with psycopg.connect(f"host=127.0.0.1 port={self.port} user=postgres dbname=postgres",
                             autocommit=True) as admin:
            admin.execute(f"CREATE DATABASE {name}")
        return self.url(name)
