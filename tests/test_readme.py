"""Every code block of README.md is run or checked, so the documentation cannot drift.

- ``python`` blocks are executed; an expression followed by a ``# {...}`` comment must
  give exactly that value. ``raw_message`` / ``raw_bytes`` are a corpus bounce, and a
  database URL of the documentation's example hosts is replaced by a fresh SQLite file.
- ``console`` blocks are shell sessions: each ``$ command`` runs (bash, the venv's
  ``bouncekit`` first on PATH, 120 columns) and its output must be the lines shown, with
  times, API keys and the like masked. The blocks of one README section share one
  database; a section whose blocks call ``localhost:8000`` runs against a real
  ``bouncekit serve`` (on a free port; ``$KEY`` is a key made for it). Commands run in a
  temporary folder; ``cd tests/...`` goes to the repository's folder of that name, and
  ``cat FILE`` of a file that does not exist writes the block's text into it first (the
  block is the fixture). ``fetch`` needs an IMAP server: its command line is parsed but
  not run (tests/cli/test_fetch.py runs it against Dovecot). A command ending in ``&``
  starts in the background (stopped at the end of the section); the commands after it
  may wait up to 60 s for their output to become what is shown, as a reader would.
  A section that uses the queue gets a queue of its own on the machine's RabbitMQ
  (shown under the README's name), and skips where no broker answers.
- ``sh`` blocks: each ``bouncekit`` command line must parse (its command and options
  exist); scripts named must exist.
- ``toml`` blocks are policy files: they must load.
- ``dns`` blocks are zone file lines for the bounce domain: each record must be one.
"""

from __future__ import annotations

import ast
import os
import re
import shlex
import shutil
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import click
import pytest

from bouncekit.cli import main
from bouncekit.policy import load_policy
from tests.cli.test_serve import free_port, wait_healthy
from tests.conftest import corpus_bytes

ROOT = Path(__file__).parents[1]
README = ROOT / "README.md"
BIN = Path(sys.executable).parent
EXAMPLE_URLS = re.compile(r"postgresql\+psycopg://bouncekit@db/bouncekit")


@dataclass(frozen=True)
class Block:
    lang: str
    line: int
    section: str
    text: str

    def __str__(self) -> str:
        return f"README.md:{self.line} ({self.lang})"


def blocks() -> list[Block]:
    found, section, lines = [], "", README.read_text().splitlines()
    i = 0
    while i < len(lines):
        line = lines[i]
        if line.startswith("## "):
            section = line[3:].strip()
        if line.startswith("```"):
            start, lang, body = i + 1, line[3:].strip(), []
            i += 1
            while not lines[i].startswith("```"):
                body.append(lines[i])
                i += 1
            found.append(Block(lang, start, section, "\n".join(body) + "\n"))
        i += 1
    return found


BLOCKS = blocks()
CHECKED = ("python", "console", "sh", "toml", "dns")


def test_every_block_is_of_a_kind_this_module_checks() -> None:
    assert [str(b) for b in BLOCKS if b.lang not in CHECKED] == []
    assert len(BLOCKS) > 20


# -- python ------------------------------------------------------------------------------


@pytest.mark.parametrize("block", [b for b in BLOCKS if b.lang == "python"], ids=str)
def test_python_blocks_run_and_give_what_they_say(block: Block, tmp_path: Path) -> None:
    source = EXAMPLE_URLS.sub(f"sqlite:///{tmp_path / 'example.sqlite3'}", block.text)
    raw = corpus_bytes("lhost-postfix-03.eml")
    # The names the blocks leave to the reader: a bounce, and a signed VERP return path.
    namespace: dict = {"raw_message": raw, "raw_bytes": raw,
                       "envelope_recipient": "bounces+jo=example.com+rpdlikzenc@bounces.example.org"}
    statements = ast.parse(source).body
    lines = source.splitlines()
    checked = 0
    for statement in statements:
        code = compile(ast.Module([statement], []), str(block), "exec")
        after = _comment_after(lines, statement.end_lineno or statement.lineno)
        if after is not None and isinstance(statement, ast.Expr):
            value = eval(compile(ast.Expression(statement.value), str(block), "eval"), namespace)
            assert value == ast.literal_eval(after), f"{block}: line {statement.lineno}"
            checked += 1
        else:
            exec(code, namespace)
    assert checked or "# {" not in source


def _comment_after(lines: list[str], end: int) -> str | None:
    """The ``# {...}`` comment lines right after line ``end`` (1-based), as one text."""
    taken = []
    for line in lines[end:]:
        stripped = line.strip()
        if not stripped.startswith("#") or (not taken and not stripped.startswith("# {")):
            break
        taken.append(stripped[1:].strip())
    return " ".join(taken) if taken else None


# -- console -----------------------------------------------------------------------------


@dataclass
class Step:
    command: str
    shown: list[str]
    line: int


def steps(block: Block) -> list[Step]:
    out: list[Step] = []
    for number, line in enumerate(block.text.splitlines(), block.line + 1):
        if line.startswith("$ "):
            out.append(Step(line[2:], [], number))
        else:
            assert out, f"README.md:{number}: output before any command"
            out[-1].shown.append(line)
    return out


MASKS = (
    (re.compile(r"bk_[A-Za-z0-9_-]{40,}"), "<key>"),
    (re.compile(r"bk_[A-Za-z0-9_-]{7}(?![A-Za-z0-9_-])"), "<prefix>"),
    (re.compile(r"\d{4}-\d\d-\d\d[T ]\d\d:\d\d(:\d\d(\.\d+)?)?(\+00:00)?"), "<time>"),
)


def mask(lines: list[str], queue: str | None = None) -> list[str]:
    """``lines`` with what changes from run to run masked; a private queue shown as the README's."""
    masked = []
    for line in lines:
        if queue:
            line = line.replace(queue, "bouncekit")
        for pattern, replacement in MASKS:
            line = pattern.sub(replacement, line)
        masked.append(line.rstrip())
    return masked


class Shell:
    """Runs one section's commands: a working folder, an environment, ``cd`` and ``export``."""

    def __init__(self, folder: Path, env: dict[str, str], port: int | None = None) -> None:
        self.cwd = folder
        self.home = folder
        self.env = env
        self.port = port
        self.status = 0
        self.background: list[subprocess.Popen[bytes]] = []

    def start(self, command: str) -> list[str]:
        # The log goes to the section's temporary folder: the command may run in a
        # repository folder (after `cd tests/...`), which must stay as it is.
        log = (self.home / f"background-{len(self.background)}.log").open("wb")
        self.background.append(subprocess.Popen(["bash", "-c", f"exec {command}"], cwd=self.cwd, env=self.env,
                                                stdout=log, stderr=subprocess.STDOUT))
        return []

    def stop(self) -> None:
        for process in self.background:
            process.terminate()
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()

    def run(self, step: Step, block: Block) -> list[str] | None:
        command = step.command
        if self.port is not None:
            command = command.replace("localhost:8000", f"127.0.0.1:{self.port}")
        try:
            words = shlex.split(command)
        except ValueError:  # bash's $'...' quoting, which shlex does not know: only the first word matters
            words = command.split()
        if words[0] == "cd":
            target = ROOT / words[1] if (ROOT / words[1]).is_dir() else self.cwd / words[1]
            self.cwd = target.resolve()
            return []
        if words[0] == "export":
            name, _, value = words[1].partition("=")
            self.env[name] = value
            return []
        if words[:2] == ["bouncekit", "fetch"]:
            _parses(words[1:], block)
            return None
        if words[0] == "cat" and len(words) == 2 and not (self.cwd / words[1]).exists():
            (self.cwd / words[1]).write_text("\n".join(step.shown) + "\n")
        if "$KEY" in command and "KEY" not in self.env:
            # Made when first used, so that the blocks about keys see only their own.
            from bouncekit.store import Store

            with Store.open(self.env["BOUNCEKIT_DATABASE_URL"]) as store:
                self.env["KEY"] = store.create_key("readme-http")
        if command.rstrip().endswith("&"):
            return self.start(command.rstrip()[:-1])
        # "(exit N)" first: "echo $?" in the next command sees the previous one's status.
        done = subprocess.run(["bash", "-c", f"(exit {self.status}); {command}"], cwd=self.cwd, env=self.env,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, timeout=120)
        self.status = done.returncode
        return done.stdout.splitlines()


def _parses(words: list[str], block: Block) -> None:
    """Parse a command line as ``bouncekit`` would, down to the sub-command, running nothing."""
    context = main.make_context("bouncekit", list(words))
    command: click.Command = main
    while isinstance(command, click.Group):
        rest = [*context._protected_args, *context.args]
        if not rest:
            break
        name, command, args = command.resolve_command(context, rest)
        assert command is not None, f"{block}: no command {rest[0]!r}"
        context = command.make_context(name, args, parent=context)


def _environment(database: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("BOUNCEKIT_")}
    env.update(PATH=f"{BIN}{os.pathsep}{env.get('PATH', '')}", COLUMNS="120", PYTHONUNBUFFERED="1",
               BOUNCEKIT_DATABASE_URL=database)
    return env


SECTIONS = list(dict.fromkeys(b.section for b in BLOCKS if b.lang == "console"))


@pytest.fixture
def server(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[tuple[str, int | None]]:
    database = f"sqlite:///{tmp_path / 'readme.sqlite3'}"
    section = [b for b in BLOCKS if b.lang == "console" and b.section == request.param]
    if not any("localhost:8000" in b.text for b in section):
        yield database, None
        return
    port = free_port()
    process = subprocess.Popen([sys.executable, "-m", "bouncekit", "--database", database, "serve", "--port",
                                str(port)], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        wait_healthy(f"http://127.0.0.1:{port}", process)
        yield database, port
    finally:
        process.terminate()
        process.communicate(timeout=30)


@pytest.mark.parametrize("server", SECTIONS, indirect=True, ids=lambda s: s)
def test_console_blocks_print_what_they_show(server: tuple[str, int | None], tmp_path: Path,
                                             request: pytest.FixtureRequest) -> None:
    section = request.node.callspec.params["server"]
    needs = [tool for tool in ("curl", "jq", "gzip") if shutil.which(tool) is None]
    if server[1] is not None and needs:
        pytest.skip(f"the README's HTTP examples use {', '.join(needs)}, which this machine lacks")
    database, port = server
    work = tmp_path / "work"
    work.mkdir()
    (work / "bounce.eml").write_bytes(corpus_bytes("lhost-postfix-03.eml"))
    (work / "ordinary.eml").write_bytes(corpus_bytes("not-bounces/is-not-bounce-01.eml"))
    (work / "tests").symlink_to(ROOT / "tests")  # paths written from the repository's root
    env = _environment(database)
    blocks = [b for b in BLOCKS if b.lang == "console" and b.section == section]
    queue = _private_queue(blocks, env)
    ran = 0
    shell = Shell(work, env, port)
    try:
        for block in blocks:
            shell.cwd = work
            for step in steps(block):
                deadline = time.monotonic() + (60 if shell.background else 0)
                while True:
                    got = shell.run(step, block)
                    if got is None or mask(got, queue) == mask(step.shown) or time.monotonic() > deadline:
                        break
                    time.sleep(0.2)
                if got is None:
                    continue
                assert mask(got, queue) == mask(step.shown), f"README.md:{step.line}: $ {step.command}"
                ran += 1
    finally:
        shell.stop()
        if queue:
            _delete_queue(env)
    assert ran


def _private_queue(blocks: list[Block], env: dict[str, str]) -> str | None:
    """A queue of the section's own (as long as the README's, so columns line up), or skip."""
    if not any(re.search(r"--enqueue|bouncekit (worker|queue)", b.text) for b in blocks):
        return None
    from tests.queueing.conftest import BROKER_URL, broker_problem

    problem = broker_problem(BROKER_URL)
    if problem:
        pytest.skip(f"the README's queue examples need RabbitMQ on 127.0.0.1:5672 ({problem})")
    env["BOUNCEKIT_QUEUE"] = "bk" + uuid.uuid4().hex[:7]
    env["BOUNCEKIT_BROKER_URL"] = BROKER_URL
    return env["BOUNCEKIT_QUEUE"]


def _delete_queue(env: dict[str, str]) -> None:
    from bouncekit.queue import QueueSettings
    from tests.queueing.conftest import delete_queues

    delete_queues(QueueSettings(broker_url=env["BOUNCEKIT_BROKER_URL"], queue=env["BOUNCEKIT_QUEUE"]))


# -- sh and toml -------------------------------------------------------------------------


@pytest.mark.parametrize("block", [b for b in BLOCKS if b.lang == "sh"], ids=str)
def test_sh_blocks_name_commands_and_options_that_exist(block: Block) -> None:
    checked = 0
    for line in block.text.replace("\\\n", " ").splitlines():
        for part in re.split(r"\s*&&\s*", line):
            words = shlex.split(part, comments=True)
            if not words:
                continue
            if Path(words[0]).name == "bouncekit":
                _parses(words[1:], block)
                checked += 1
            elif words[0].startswith(("./", ".venv/bin/python")):
                script = words[1] if words[0].endswith("python") else words[0]
                assert (ROOT / script).exists(), f"{block}: {script}"
                checked += 1
    assert checked, f"{block}: nothing to check"


@pytest.mark.parametrize("block", [b for b in BLOCKS if b.lang == "toml"], ids=str)
def test_toml_blocks_are_policies_that_load(block: Block, tmp_path: Path) -> None:
    path = tmp_path / "policy.toml"
    path.write_text(block.text)
    policy = load_policy(str(path))
    assert policy is not None


ZONE_RECORD = re.compile(
    r"[a-z0-9.-]+\.\s+\d+\s+IN\s+(?:MX\s+\d+\s+[a-z0-9.-]+\.|A\s+[\d.]+|AAAA\s+[0-9a-f:]+|TXT\s+\".*\")"
)


@pytest.mark.parametrize("block", [b for b in BLOCKS if b.lang == "dns"], ids=str)
def test_dns_blocks_are_zone_records(block: Block) -> None:
    records = [line for line in block.text.splitlines() if line.strip() and not line.startswith(";")]
    assert records
    for line in records:
        assert ZONE_RECORD.fullmatch(line.strip()), f"{block}: {line!r}"
