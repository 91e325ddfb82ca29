"""What ``pip install bouncekit`` (no extras) gives: parse, classify, logs and the library work
without the server stack, and the commands that need it say which extra to install.

The server stack is hidden from a child interpreter by making its imports fail, as they
would where it is not installed.
"""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests.conftest import CORPUS

#: Top-level modules of the server extra (and of the test tools that pull them in).
SERVER_MODULES = ("sqlalchemy", "alembic", "psycopg", "fastapi", "starlette", "uvicorn", "jinja2", "aiosmtpd",
                  "cryptography",
                  "swagger_ui_bundle", "pydantic")
HIDE = "import sys\n" + "".join(f"sys.modules[{m!r}] = None\n" for m in SERVER_MODULES)


def run_without_server(*args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    code = HIDE + "from bouncekit.cli import main\nmain(sys.argv[1:], prog_name='bouncekit')\n"
    return subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, input=stdin,
                          timeout=60)


def test_the_library_and_the_parsing_commands_need_no_server_stack(tmp_path) -> None:
    code = HIDE + (
        "import bouncekit\n"
        f"report = bouncekit.parse(open({str(CORPUS / 'emails' / 'lhost-postfix-03.eml')!r}, 'rb').read())\n"
        "print(report.records[0].rule, bouncekit.classify('552 5.2.2 mailbox full').rule)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.stdout == "user-unknown mailbox-full\n", done.stderr
    parsed = run_without_server("parse", "--format", "json", str(CORPUS / "mbox" / "mbox-1"))
    assert parsed.returncode == 0 and '"rule": "user-unknown"' in parsed.stdout
    assert '"rule": "mailbox-full"' in run_without_server("classify", "452 4.2.2 Mailbox full").stdout
    log = tmp_path / "mail.log"
    log.write_text("Jan 10 12:00:02 mail postfix/smtp[1]: 4F1A23C0123: to=<jo@example.com>, relay=none, "
                   "delay=1, dsn=5.1.1, status=bounced (host said: 550 5.1.1 user unknown)\n")
    assert '"user-unknown"' in run_without_server("logs", str(log)).stdout
    assert run_without_server("rules", "explain", "550 5.1.1 user unknown").returncode == 0


@pytest.mark.parametrize("args", [
    ("stats",), ("ingest", "x.eml"), ("serve",), ("keys", "list"), ("report",), ("db", "init"),
    ("suppressions", "list"),
])
def test_a_command_of_the_server_stack_names_the_extra_in_one_line(args: tuple[str, ...]) -> None:
    done = run_without_server(*args)
    assert done.returncode == 1
    lines = done.stderr.splitlines()
    assert len(lines) == 1 and "Traceback" not in done.stderr
    command = " ".join(args[:2]) if args[0] in ("keys", "db", "suppressions") else args[0]
    assert lines[0].startswith(f"Error: `bouncekit {command}` needs the server extra (")
    assert lines[0].endswith("is not installed): pip install 'bouncekit[server]'")
