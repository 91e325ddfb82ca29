"""Server-side SVG charts: what is drawn is what was counted."""

from __future__ import annotations

import re

from bouncekit.service.dashboard.charts import MAX_BARS, legend, rate_line, stacked_bars
from bouncekit.store.insights import DayRate, Series, Timeline


def bars(svg: str) -> list[tuple[str, str, int, float]]:
    return [(key, day, int(count), float(height)) for height, key, day, count in re.findall(
        r'<rect class="bar"[^>]*height="([\d.]+)"[^>]*data-key="([^"]+)" data-day="([^"]+)" '
        r'data-count="(\d+)"', svg)]


def test_one_bar_per_day_stacked_by_series() -> None:
    days = ("2024-05-01", "2024-05-02", "2024-05-03")
    timeline = Timeline("type", days, (Series("hard", "hard", (2, 0, 1)), Series("soft", "soft", (1, 0, 3))))
    drawn = bars(stacked_bars(timeline, title="t"))
    assert [(k, d, c) for k, d, c, _ in drawn] == [
        ("hard", "2024-05-01", 2), ("soft", "2024-05-01", 1),
        ("hard", "2024-05-03", 1), ("soft", "2024-05-03", 3),
    ]
    # Heights are proportional to the counts.
    height = {(k, d): h for k, d, _, h in drawn}
    assert abs(height["soft", "2024-05-03"] - 3 * height["hard", "2024-05-03"]) < 0.2


def test_long_spans_are_summed_by_week_then_by_month() -> None:
    from datetime import date, timedelta

    days = tuple((date(2024, 1, 1) + timedelta(days=n)).isoformat() for n in range(MAX_BARS * 2))
    svg = stacked_bars(Timeline("type", days, (Series("hard", "hard", (1,) * len(days)),)), title="t")
    assert 'data-unit="week"' in svg
    assert sum(c for _, _, c, _ in bars(svg)) == len(days)
    years = tuple((date(2020, 1, 1) + timedelta(days=n)).isoformat() for n in range(1000))
    svg = stacked_bars(Timeline("type", years, (Series("soft", "soft", (2,) * 1000),)), title="t")
    assert 'data-unit="month"' in svg and sum(c for _, _, c, _ in bars(svg)) == 2000


def test_an_empty_period_says_so_and_labels_are_escaped() -> None:
    assert "No records in this period" in stacked_bars(Timeline("class", (), ()), title="t")
    timeline = Timeline("class", ("2024-05-01",), (Series("<x>", "<script>alert(1)</script>", (1,)),))
    html = stacked_bars(timeline, title="<i>") + legend(timeline)
    assert "<script>" not in html and "&lt;script&gt;" in html and "<i>" not in html


def test_the_rate_line_has_a_point_per_day_with_events() -> None:
    rates = (DayRate("2024-05-01", 1, 4), DayRate("2024-05-02", 0, 0), DayRate("2024-05-03", 3, 3))
    svg = rate_line(rates, title="rate")
    assert re.findall(r'data-day="([^"]+)" data-rate="([\d.]+)"', svg) == [
        ("2024-05-01", "0.2500"), ("2024-05-03", "1.0000")]
    assert "No events in this period" in rate_line((DayRate("2024-05-01", 0, 0),), title="rate")
