"""``bouncekit suppressions list|check|export|remove``."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from bouncekit.cli import main
from tests.conftest import CORPUS

MBOX0 = str(CORPUS / "mbox" / "mbox-0")
ADDRESS = "kijitora@example.net"  # the hard bounce of lhost-postfix-03.eml


@pytest.fixture
def db(tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path / 'cli.sqlite3'}"
    CliRunner().invoke(main, ["--database", url, "ingest", str(CORPUS / "emails" / "lhost-postfix-03.eml"),
                              MBOX0], catch_exceptions=False)
    return url


def run(db: str, *args: str):
    return CliRunner().invoke(main, ["--database", db, "suppressions", *args], catch_exceptions=False)


def test_check_exit_status_says_whether_to_send(db: str) -> None:
    suppressed = run(db, "check", ADDRESS)
    assert suppressed.exit_code == 1
    assert suppressed.stdout.splitlines()[:3] == [
        f"{ADDRESS}: suppressed",
        "  reason:     hard: user_unknown (class 10 Invalid Recipient)",
        "  rule:       hard",
    ]
    unknown = run(db, "check", "someone@else.example")
    assert (unknown.exit_code, unknown.stdout) == (0, "someone@else.example: never seen (not suppressed)\n")
    bad = run(db, "check", "not-an-address")
    assert bad.exit_code == 2 and "not an email address: 'not-an-address'" in bad.stderr
    data = json.loads(run(db, "check", "--format", "json", ADDRESS).stdout)
    assert data["state"] == "suppressed" and data["history"][0]["action"] == "suppressed"


def test_remove_records_the_reason(db: str) -> None:
    removed = run(db, "remove", ADDRESS, "--reason", "typo fixed")
    assert removed.stdout == f"{ADDRESS}: removed from the suppression list (typo fixed)\n"
    check = run(db, "check", ADDRESS)
    assert check.exit_code == 0
    assert check.stdout.splitlines()[-1].endswith("removed: typo fixed")
    assert run(db, "remove", ADDRESS).stdout == f"{ADDRESS}: not suppressed, nothing changed\n"
    missing = run(db, "remove", "nobody@else.example")
    assert missing.exit_code == 1 and "nobody@else.example: never seen, nothing to remove" in missing.stderr


def test_list_filters_and_formats(db: str) -> None:
    rows = [json.loads(line) for line in run(db, "list", "--format", "json").stdout.splitlines()]
    assert rows and all(r["state"] == "suppressed" for r in rows)
    out = run(db, "list", "--format", "json", "--reason", "hard").stdout
    hard = [json.loads(line) for line in out.splitlines()]
    assert ADDRESS in {r["address"] for r in hard} and all(r["rule"] == "hard" for r in hard)
    table = run(db, "list", "--format", "table", "--domain", "example.net").stdout.splitlines()
    assert table[0].split() == ["ADDRESS", "STATE", "RULE", "SUPPRESSED", "AT", "REASON"]
    assert table[1].startswith(ADDRESS)
    assert len(run(db, "list", "--format", "json", "--limit", "2").stdout.splitlines()) == 2


def test_export_csv_and_json_cover_the_whole_list(db: str) -> None:
    listed = run(db, "list", "--format", "json", "--limit", "10000").stdout.splitlines()
    exported = list(csv.DictReader(io.StringIO(run(db, "export").stdout)))
    assert len(exported) == len(listed)
    assert {r["address"] for r in exported} == {json.loads(line)["address"] for line in listed}
    as_json = [json.loads(line) for line in run(db, "export", "--format", "json").stdout.splitlines()]
    assert {r["address"] for r in as_json} == {r["address"] for r in exported}
    everyone = list(csv.DictReader(io.StringIO(run(db, "export", "--state", "all").stdout)))
    assert len(everyone) > len(exported)


def test_times_keep_their_offset_outside_the_table(db: str) -> None:
    exported = list(csv.DictReader(io.StringIO(run(db, "export", "--format", "csv").stdout)))
    listed = [json.loads(line) for line in run(db, "list", "--format", "json").stdout.splitlines()]
    for when in [row["suppressed_at"] for row in exported + listed]:
        assert when.endswith("+00:00") and len(when) == len("2026-01-01T00:00:00+00:00")
    table = run(db, "list", "--format", "table").stdout.splitlines()
    assert "+00:00" not in table[1] and "…" not in table[1].split()[3]



@pytest.mark.parametrize("args", [("check", ADDRESS), ("remove", ADDRESS)])
def test_a_failing_database_is_not_a_bad_address(db: str, args: tuple[str, ...], monkeypatch) -> None:
    from bouncekit.errors import DatabaseError
    from bouncekit.store import Store

    def down(self, address: str):
        raise DatabaseError("database sqlite:///cli.sqlite3: disk I/O error")

    monkeypatch.setattr(Store, "check", down)
    result = CliRunner().invoke(main, ["--database", db, "suppressions", *args])
    assert result.exit_code == 1
    assert result.output == "Error: database sqlite:///cli.sqlite3: disk I/O error\n"


def test_internationalised_addresses_are_suppressed_and_found_in_any_spelling(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'idn.sqlite3'}"
    bounce = (
        "From: Mail Delivery System <MAILER-DAEMON@mx.example.net>\nSubject: Undelivered Mail\n"
        "MIME-Version: 1.0\nContent-Type: multipart/report; report-type=delivery-status; boundary=b\n\n"
        "--b\nContent-Type: text/plain\n\nfailed\n\n--b\nContent-Type: message/delivery-status\n\n"
        "Reporting-MTA: dns; mx.example.net\n\nFinal-Recipient: rfc822; {to}\nAction: failed\n"
        "Status: 5.1.1\nDiagnostic-Code: smtp; 550 5.1.1 user unknown\n\n--b--\n"
    )
    for n, to in enumerate(("jo@ñandu.es", "用户@例子.广告")):
        path = tmp_path / f"{n}.eml"
        path.write_bytes(bounce.format(to=to).encode())
        CliRunner().invoke(main, ["--database", url, "ingest", str(path)], catch_exceptions=False)
    for spelling in ("jo@ñandu.es", "JO@ÑANDU.ES", "jo@xn--andu-fqa.es", "ｊｏ@ñandu.es", "用户@例子.广告"):
        checked = run(url, "check", spelling)
        assert checked.exit_code == 1, (spelling, checked.stdout, checked.stderr)
        assert checked.stdout.split(":")[0] in ("jo@xn--andu-fqa.es", "用户@xn--fsqu00a.xn--4rr70v")
