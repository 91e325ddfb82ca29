"""Reading messages from files, folders, Maildirs, mboxes and stdin (bouncekit.sources)."""

from __future__ import annotations

import gzip
import io
import os
import shutil
import socket
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from bouncekit import sources
from bouncekit.sources import RawMessage, is_envelope, iter_messages
from tests.conftest import CORPUS, corpus_bytes

MBOX0 = CORPUS / "mbox" / "mbox-0"
ENVELOPE = b"From MAILER-DAEMON Thu Sep 18 17:54:04 2008\n"


def small_message(n: int, body: bytes = b"") -> bytes:
    return b"From: a@example.org\nSubject: message %d\n\nbody %d\n%s" % (n, n, body)


def mbox_of(*messages: bytes) -> bytes:
    return b"".join(ENVELOPE + m + b"\n" for m in messages)


class GeneratedStream(io.RawIOBase):
    """An mbox stream made on the fly: never exists as a whole in memory."""

    def __init__(self, count: int) -> None:
        self.count = count
        self.made = 0
        self.pending = b""
        self.bytes_read = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        while len(self.pending) < len(buffer) and self.made < self.count:
            self.made += 1
            self.pending += ENVELOPE + small_message(self.made, b"x" * 1000 + b"\n") + b"\n"
        size = min(len(buffer), len(self.pending))
        buffer[:size] = self.pending[:size]
        self.pending = self.pending[size:]
        self.bytes_read += size
        return size


class FailingStream(io.RawIOBase):
    """Gives ``data`` and then fails the way a dying disk does."""

    def __init__(self, data: bytes) -> None:
        self.data = data

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        if not self.data:
            raise OSError(5, "Input/output error")
        size = min(len(buffer), len(self.data))
        buffer[:size] = self.data[:size]
        self.data = self.data[size:]
        return size


def test_a_message_file_is_one_message_with_its_bytes():
    path = str(CORPUS / "emails" / "lhost-postfix-03.eml")
    (message,) = iter_messages([path])
    assert message == RawMessage(path, None, corpus_bytes("lhost-postfix-03.eml"), None,
                                 len(corpus_bytes("lhost-postfix-03.eml")))
    assert message.source == path and message.where == path


def test_an_mbox_is_split_into_numbered_messages_at_their_envelope_offsets():
    messages = list(iter_messages([str(MBOX0)]))
    raw = MBOX0.read_bytes()
    assert [m.position for m in messages] == list(range(1, 38))
    for message in messages:
        assert message.error is None
        assert raw[message.offset : message.offset + 5] == b"From "
        # The data starts right after the envelope line and is the message's own text.
        envelope_end = raw.index(b"\n", message.offset) + 1
        assert raw[envelope_end : envelope_end + len(message.data)] == message.data
    assert messages[2].source == f"{MBOX0}#3"
    assert messages[2].where == f"{MBOX0} (message 3, byte {messages[2].offset})"
    # The unsplit copies of the same messages (LF line ends) say where each one starts.
    unsplit = sorted((CORPUS / "unsplit-bounces").iterdir())
    for message, copy in zip(messages, unsplit, strict=True):
        first_line = copy.read_bytes().split(b"\n", 1)[0]
        assert message.data.startswith(first_line.rstrip(b"\r"))


def test_mbox_is_recognised_by_content_not_by_name(tmp_path):
    disguised = tmp_path / "bounce.eml"
    shutil.copy(MBOX0, disguised)
    assert len(list(iter_messages([str(disguised)]))) == 37
    named = tmp_path / "bounces.mbox"
    named.write_bytes(corpus_bytes("lhost-postfix-03.eml"))
    (message,) = iter_messages([str(named)])
    assert message.position is None


def test_an_envelope_without_a_blank_line_before_it_still_separates():
    # rhost-cox-01.eml holds two bounces; the second envelope line follows a MIME
    # boundary directly.
    messages = list(iter_messages([str(CORPUS / "emails" / "rhost-cox-01.eml")]))
    assert [m.position for m in messages] == [1, 2]
    assert messages[1].data.startswith(b"Received: from mailer74.example.com")


def test_body_lines_starting_with_from_do_not_split_and_quoted_ones_are_unquoted():
    body = b"From the desk of the postmaster\n>From MAILER-DAEMON Thu Sep 18 17:54:04 2008\n>>From x\n"
    (message,) = iter_messages(["-"], stdin=io.BytesIO(mbox_of(small_message(1, body))))
    assert b"\nFrom the desk of the postmaster\n" in message.data
    assert b"\nFrom MAILER-DAEMON Thu Sep 18 17:54:04 2008\n>From x\n" in message.data


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        (b"From MAILER-DAEMON Thu Sep 18 17:54:04 2008", True),
        (b"From MAILER-DAEMON  Wed Sep 17 22:25:40 2008", True),
        (b"From - Mon Jan  1 00:00:00 2001", True),
        (b"From bounce@example.org Sat, 01 Jan 2000 10:00:00 +0000", True),
        (b"From here on we talk about 10:30 meetings", False),  # no year
        (b"From: MAILER-DAEMON Thu Sep 18 17:54:04 2008", False),  # a header
        (b"From MAILER-DAEMON", False),
        (b"From x Thu Sep 18 17:54:04 2008" + b" " * 2000, False),  # too long to be one
    ],
)
def test_envelope_line_shape(line, expected):
    assert is_envelope(line) is expected


@pytest.mark.parametrize("block", [7, 64, 4096])
def test_splitting_does_not_depend_on_where_blocks_end(monkeypatch, block):
    raw = MBOX0.read_bytes()
    expected = [(m.position, m.offset, m.data) for m in iter_messages(["-"], stdin=io.BytesIO(raw))]
    monkeypatch.setattr(sources, "BLOCK_BYTES", block)
    got = [(m.position, m.offset, m.data) for m in iter_messages(["-"], stdin=io.BytesIO(raw))]
    assert got == expected and len(got) == 37


def awkward_mbox() -> bytes:
    """Messages that test the splitter's edges: a first line that starts with "From ",
    an empty message, quoted and unquoted "From " body lines, CRLF line ends."""
    return mbox_of(
        small_message(1),
        b"From the desk of the postmaster\nSubject: two\n\nbody\n",
        b"",
        small_message(4, b">From the archive\n>>From deeper\nFrom here on, plain text\n"),
        small_message(5).replace(b"\n", b"\r\n"),
    ) + ENVELOPE.rstrip(b"\n")


def fields(message: RawMessage) -> tuple[object, ...]:
    return message.path, message.position, message.offset, message.size, message.data, message.error


@pytest.mark.parametrize("block", range(5, 90))
def test_a_message_starting_with_a_from_line_is_split_the_same_at_any_block_end(monkeypatch, block):
    raw = awkward_mbox()
    expected = [fields(m) for m in iter_messages(["-"], stdin=io.BytesIO(raw))]
    assert [m[4][:31] for m in expected][1:3] == [b"From the desk of the postmaster", b"\n"]
    assert len(expected) == 6
    monkeypatch.setattr(sources, "BLOCK_BYTES", block)
    assert [fields(m) for m in iter_messages(["-"], stdin=io.BytesIO(raw))] == expected


@pytest.mark.parametrize("block", [7, 64, sources.BLOCK_BYTES])
def test_a_lazy_mbox_gives_places_that_read_back_as_the_same_messages(tmp_path, monkeypatch, block):
    monkeypatch.setattr(sources, "BLOCK_BYTES", block)
    box = tmp_path / "box"
    box.write_bytes(awkward_mbox() + MBOX0.read_bytes() + mbox_of(small_message(9, b"x" * 500)))
    paths = [str(box), str(CORPUS / "emails" / "lhost-postfix-03.eml")]
    eager = list(iter_messages(paths, max_bytes=2600))
    lazy = list(iter_messages(paths, lazy=True, max_bytes=2600))
    assert [fields(m) for m in sources.load_messages(lazy)] == [fields(m) for m in eager]
    # The mbox's messages are places to read, but for those over the limit; the file is read.
    kinds = [(m.path, not isinstance(m, RawMessage) or m.error is None, type(m).__name__) for m in lazy]
    assert set(kinds) == {(str(box), True, "StoredMessage"), (str(box), False, "RawMessage"),
                          (paths[1], True, "RawMessage")}


def test_only_plain_mbox_files_are_read_lazily(tmp_path):
    packed = tmp_path / "box.gz"
    packed.write_bytes(gzip.compress(MBOX0.read_bytes()))
    assert all(isinstance(m, RawMessage) for m in iter_messages([str(packed)], lazy=True))
    piped = iter_messages(["-"], stdin=io.BytesIO(MBOX0.read_bytes()), lazy=True)
    assert all(isinstance(m, RawMessage) for m in piped)


def test_a_lazy_mbox_that_changed_before_it_was_read_gives_errors(tmp_path):
    box = tmp_path / "box"
    box.write_bytes(MBOX0.read_bytes())
    first, second, *_ = stored = list(iter_messages([str(box)], lazy=True))
    with open(box, "r+b") as f:
        f.truncate(second.start + 10)
    problems = [m.error for m in sources.load_messages(stored[:3])]
    assert problems == [None, "the file was cut short while it was read",
                        "the file was cut short while it was read"]
    other = tmp_path / "other"
    other.write_bytes(MBOX0.read_bytes())
    other.replace(box)  # another file under the same name
    (replaced,) = sources.load_messages([first])
    assert (replaced.error, replaced.where) == ("the file was replaced while it was read",
                                                f"{box} (message 1, byte 0)")


def test_a_huge_mbox_is_read_lazily_message_by_message():
    stream = GeneratedStream(count=1_000_000)  # about 1.1 GB if it were ever read whole
    messages = iter_messages(["-"], stdin=io.BufferedReader(stream))
    first = [next(messages) for _ in range(3)]
    assert [m.position for m in first] == [1, 2, 3]
    assert b"Subject: message 3" in first[2].data
    assert stream.bytes_read <= 3 * sources.BLOCK_BYTES


def test_a_message_over_the_size_limit_is_an_error_naming_the_limit(tmp_path):
    at_limit = small_message(1, b"y" * 1000)
    limit = len(at_limit)
    over = tmp_path / "over.eml"
    over.write_bytes(at_limit + b"z")
    (tmp_path / "at.eml").write_bytes(at_limit)
    problem = f"the message is larger than the limit of {limit} bytes; it was not read"
    first, second = iter_messages([str(tmp_path / "at.eml"), str(over)], max_bytes=limit)
    assert (first.data, first.error) == (at_limit, None)
    assert (second.data, second.size, second.error) == (b"", limit + 1, problem)
    # In an mbox, from a pipe: the message over the limit fails, the next one is read.
    data = mbox_of(at_limit + b"z", at_limit)
    big, small = iter_messages(["-"], stdin=io.BufferedReader(io.BytesIO(data)), max_bytes=limit + 1)
    assert big.error is not None and f"limit of {limit + 1} bytes" in big.error and big.data == b""
    assert big.size > limit + 1 and big.position == 1
    assert small.error is None and small.data == at_limit + b"\n"
    # The default limit is named in the words a person reads.
    too_big = tmp_path / "huge.eml"
    with open(too_big, "wb") as out:
        out.truncate(sources.MAX_MESSAGE_BYTES + 1)
    (huge,) = iter_messages([str(too_big)])
    assert huge.error == ("the message is larger than the limit of 33554432 bytes (32 MiB); it was not read")
    assert huge.size == sources.MAX_MESSAGE_BYTES + 1


def test_a_folder_is_read_in_name_order_with_subfolders_and_without_hidden_files(tmp_path):
    (tmp_path / "b.eml").write_bytes(small_message(2))
    (tmp_path / "a.eml").write_bytes(small_message(1))
    (tmp_path / ".DS_Store").write_bytes(b"\0\0junk")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "c.mbox").write_bytes(mbox_of(small_message(3), small_message(4)))
    sources_seen = [m.source for m in iter_messages([str(tmp_path)])]
    assert sources_seen == [
        str(tmp_path / "a.eml"), str(tmp_path / "b.eml"),
        f"{tmp_path / 'sub' / 'c.mbox'}#1", f"{tmp_path / 'sub' / 'c.mbox'}#2",
    ]


def test_a_maildir_gives_cur_then_new_and_skips_tmp(tmp_path):
    for sub in ("cur", "new", "tmp"):
        (tmp_path / sub).mkdir()
    (tmp_path / "new" / "1700000002.M1P1.host").write_bytes(small_message(2))
    (tmp_path / "cur" / "1700000001.M1P1.host:2,S").write_bytes(small_message(1))
    (tmp_path / "tmp" / "1700000003.M1P1.host").write_bytes(b"half-writ")
    messages = list(iter_messages([str(tmp_path)]))
    assert [Path(m.path).parent.name for m in messages] == ["cur", "new"]
    assert all(m.error is None for m in messages)


def test_maildir_plus_plus_sub_folders_are_read_only_when_named(tmp_path):
    for folder in (tmp_path, tmp_path / ".Processed"):
        for sub in ("cur", "new", "tmp"):
            (folder / sub).mkdir(parents=True)
    (tmp_path / "new" / "1700000001.M1P1.host").write_bytes(small_message(1))
    (tmp_path / ".Processed" / "cur" / "1700000002.M1P1.host:2,S").write_bytes(small_message(2))
    (tmp_path / "dovecot-uidlist").write_bytes(b"3 V1700000000 N1\n")
    inbox = list(iter_messages([str(tmp_path)]))
    assert [m.path for m in inbox] == [str(tmp_path / "new" / "1700000001.M1P1.host")]
    (processed,) = iter_messages([str(tmp_path / ".Processed")])
    assert b"message 2" in processed.data


def test_stdin_with_one_message_gives_one_message():
    data = corpus_bytes("lhost-postfix-03.eml")
    (message,) = iter_messages(["-"], stdin=io.BytesIO(data))
    assert message.path == "<stdin>" and message.position is None and message.data == data


def test_a_missing_file_is_an_error_item_and_the_batch_goes_on(tmp_path):
    (tmp_path / "ok.eml").write_bytes(small_message(1))
    os.symlink(tmp_path / "gone.eml", tmp_path / "dangling.eml")
    messages = list(iter_messages([str(tmp_path / "nothing-here.eml"), str(tmp_path / "ok.eml")]))
    assert messages[0].error == "no such file or folder" and messages[0].data == b""
    assert messages[1].error is None
    (dangling,) = [m for m in iter_messages([str(tmp_path)]) if m.error]
    assert dangling.path == str(tmp_path / "dangling.eml")
    assert dangling.error == "no such file or folder"


def test_a_read_error_inside_an_mbox_names_the_message_it_stopped_at(monkeypatch):
    monkeypatch.setattr(sources, "BLOCK_BYTES", 64)
    data = mbox_of(small_message(1), small_message(2, b"z" * 300))
    stream = io.BufferedReader(FailingStream(data[:200]), buffer_size=16)
    messages = list(iter_messages(["-"], stdin=stream))
    assert messages[0].error is None and messages[0].position == 1
    assert messages[-1].error == "cannot read: input/output error"
    assert messages[-1].position == 2
    assert messages[-1].where == f"<stdin> (message 2, byte {len(ENVELOPE) + len(small_message(1)) + 1})"


def test_input_bytes_adds_up_files_and_folders_and_gives_up_on_stdin(tmp_path):
    (tmp_path / "a.eml").write_bytes(b"12345")
    (tmp_path / "b.eml").write_bytes(b"123")
    assert sources.input_bytes([str(tmp_path), str(tmp_path / "a.eml")]) == 13
    assert sources.input_bytes(["-"]) is None


def test_gzip_files_are_read_through_and_broken_ones_are_error_items(tmp_path):
    packed = tmp_path / "archive"  # no .gz: recognised by content
    packed.write_bytes(gzip.compress(MBOX0.read_bytes()))
    plain = [m.data for m in iter_messages([str(MBOX0)])]
    assert [m.data for m in iter_messages([str(packed)])] == plain
    one = tmp_path / "one.eml.gz"
    one.write_bytes(gzip.compress(corpus_bytes("lhost-postfix-03.eml")))
    (message,) = iter_messages([str(one)])
    assert message.data == corpus_bytes("lhost-postfix-03.eml")
    cut = tmp_path / "cut.gz"
    cut.write_bytes(packed.read_bytes()[:2000])
    (broken,) = iter_messages([str(cut)])
    assert broken.error.startswith("cannot read: broken gzip data")


# -- what a folder may hold ----------------------------------------------------------------


def read_within(paths: list[str], seconds: float = 10) -> list[RawMessage]:
    """iter_messages(paths) in a thread: a reading that blocks fails the test instead of hanging it."""
    outcome: list[list[RawMessage]] = []
    reader = threading.Thread(target=lambda: outcome.append(list(iter_messages(paths))), daemon=True)
    reader.start()
    reader.join(seconds)
    assert outcome, f"reading {paths} blocked"
    return outcome[0]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes need a POSIX system")
def test_a_folder_reads_only_regular_files_even_through_links(tmp_path):
    folder = tmp_path / "box"
    folder.mkdir()
    (folder / "a.eml").write_bytes(small_message(1))
    os.mkfifo(folder / "b.fifo")
    os.symlink(folder / "b.fifo", folder / "c-link-to-fifo")
    os.symlink("/dev/zero", folder / "d-link-to-device")
    with socket.socket(socket.AF_UNIX) as server:
        server.bind(str(folder / "e.sock"))
        (folder / "f.eml").write_bytes(small_message(2))
        outcome = [(Path(m.path).name, m.error) for m in read_within([str(folder)])]
    rule = "only regular files are read from a folder"
    assert outcome == [
        ("a.eml", None),
        ("b.fifo", f"not a regular file (a named pipe): {rule}"),
        ("c-link-to-fifo", f"not a regular file (a named pipe): {rule}"),
        ("d-link-to-device", f"not a regular file (a character device): {rule}"),
        ("e.sock", f"not a regular file (a socket): {rule}"),
        ("f.eml", None),
    ]
    assert sources.input_bytes([str(folder)]) == len(small_message(1)) + len(small_message(2))


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes need a POSIX system")
def test_a_file_that_turns_into_a_pipe_after_listing_is_refused_without_blocking(tmp_path, monkeypatch):
    folder = tmp_path / "box"
    folder.mkdir()
    (folder / "a.eml").write_bytes(small_message(1))
    listed = list(sources._folder_files(str(folder)))
    (folder / "a.eml").unlink()
    os.mkfifo(folder / "a.eml")
    monkeypatch.setattr(sources, "_folder_files", lambda _: iter(listed))
    [message] = read_within([str(folder)])
    assert message.error == "not a regular file (a named pipe): only regular files are read from a folder"


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes need a POSIX system")
def test_parse_and_ingest_of_a_folder_with_a_fifo_finish(tmp_path):
    folder = tmp_path / "box"
    folder.mkdir()
    (folder / "bounce.eml").write_bytes(corpus_bytes("lhost-postfix-03.eml"))
    os.mkfifo(tmp_path / "pipe")
    os.symlink(tmp_path / "pipe", folder / "link")
    for command in (["parse"], ["--database", f"sqlite:///{tmp_path / 'db'}", "ingest"]):
        done = subprocess.run([sys.executable, "-m", "bouncekit", *command, str(folder)],
                              capture_output=True, text=True, timeout=60)
        assert done.returncode == 1, done.stderr
        assert "kijitora@example.net" in done.stdout
        assert "link: not a regular file (a named pipe)" in done.stderr
