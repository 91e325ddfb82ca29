"""``bouncekit report``: one self-contained HTML file with the dashboard's charts."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

from click.testing import CliRunner

from bouncekit.cli import main
from bouncekit.store import Store
from tests.service.dashboard.conftest import BOUNCES, dsn


def test_the_report_holds_the_stored_records_and_fetches_nothing(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'db.sqlite3'}"
    now = datetime.now(UTC)
    with Store.open(url) as store:
        for recipient, status, diagnostic, days in BOUNCES:
            store.ingest(dsn(recipient, status, diagnostic, now - timedelta(days=days)), source=recipient)
    out = tmp_path / "report.html"
    result = CliRunner().invoke(main, ["--database", url, "report", "--since", "30d", "--out", str(out)])
    assert result.exit_code == 0, result.stderr
    assert result.stderr.startswith(f"{out}: report of the records since ")
    html = out.read_text()
    # Self-contained: no script, no stylesheet or image to load, no link out.
    assert re.findall(r"<script|<link|\ssrc=|\shref=", html) == []
    counts: dict[str, int] = {}
    for key, count in re.findall(r'<rect class="bar"[^>]*data-key="(\w+)"[^>]*data-count="(\d+)"', html):
        counts[key] = counts.get(key, 0) + int(count)
    by_type = {"hard": 4, "soft": 2, "block": 2}
    by_class = {"10": 4, "22": 2, "51": 2}
    assert counts == {**by_type, **by_class}
    assert "192.0.2.17" in html and "user-unknown" in html


def test_since_must_be_a_span_or_a_date(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'db.sqlite3'}"
    Store.open(url).close()
    result = CliRunner().invoke(main, ["--database", url, "report", "--since", "lately"])
    assert result.exit_code == 2
    assert "since must be a span such as 30d, 12h or 2w, or an ISO date such as 2024-01-01, not 'lately'" \
        in result.stderr
