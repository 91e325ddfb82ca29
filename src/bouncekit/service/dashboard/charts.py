"""Charts as inline SVG, drawn on the server: no script, no font or file to fetch.

The dashboard and ``bouncekit report`` embed the same markup, so a report saved to a
file shows the charts the dashboard shows, on a machine without internet. Every bar
and point carries its numbers as ``data-*`` attributes and a ``<title>`` (the
browser's tooltip), so what is drawn can be read back by a test or a screen reader.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from html import escape

from bouncekit.store.insights import DayRate, Series, Timeline

#: Colours of the types and events (a bounce's type is what the sender acts on).
TYPE_COLOURS = {
    "hard": "#c0392b",
    "soft": "#e67e22",
    "block": "#8e44ad",
    "undetermined": "#7f8c8d",
    "complaint": "#1f3a93",
    "delivered": "#27ae60",
    "delayed": "#d4ac0d",
    "auto_reply": "#16a085",
}
#: Colours given in turn to the classes.
PALETTE = (
    "#c0392b", "#e67e22", "#2980b9", "#8e44ad", "#16a085", "#d4ac0d", "#2c3e50", "#d35400",
    "#27ae60", "#7f8c8d", "#e84393", "#0984e3", "#6c5ce7", "#00b894", "#fdcb6e", "#636e72",
)
#: Most bars drawn: longer spans are summed by week, then by month.
MAX_BARS = 92

_LEFT, _RIGHT, _TOP, _BOTTOM = 48, 12, 16, 40


@dataclass(frozen=True, slots=True)
class _Buckets:
    """Days summed into the bars actually drawn (a day, a week or a month each)."""

    labels: tuple[str, ...]
    unit: str
    index: tuple[int, ...]  # the bar of each day


def _buckets(days: Sequence[str]) -> _Buckets:
    if len(days) <= MAX_BARS:
        return _Buckets(tuple(days), "day", tuple(range(len(days))))
    unit = "week" if len(days) <= MAX_BARS * 7 else "month"
    labels: list[str] = []
    index: list[int] = []
    for day in days:
        when = date.fromisoformat(day)
        key = (when.isocalendar()[0], when.isocalendar()[1]) if unit == "week" else (when.year, when.month)
        label = day if unit == "week" else f"{when.year}-{when.month:02d}"
        if not labels or _key(unit, labels[-1]) != key:
            labels.append(label)
        index.append(len(labels) - 1)
    return _Buckets(tuple(labels), unit, tuple(index))


def _key(unit: str, label: str) -> tuple[int, int]:
    if unit == "week":
        iso = date.fromisoformat(label).isocalendar()
        return iso[0], iso[1]
    year, month = label.split("-")
    return int(year), int(month)


def colour(by: str, key: str, position: int) -> str:
    """The colour of a series: fixed for types and events, in turn for classes."""
    if by == "type" or key in TYPE_COLOURS:
        return TYPE_COLOURS.get(key, PALETTE[position % len(PALETTE)])
    return PALETTE[position % len(PALETTE)]


def _nice_max(value: int) -> int:
    if value <= 5:
        return max(value, 1)
    step = 10 ** (len(str(value)) - 1)
    for factor in (1, 2, 5, 10):
        if value <= factor * step:
            return factor * step
    return value


def stacked_bars(timeline: Timeline, *, title: str, width: int = 880, height: int = 260) -> str:
    """A stacked bar chart of a timeline: one bar per day (or week, month), one layer per series."""
    label = escape(title)
    if not timeline.days or not timeline.series:
        return (f'<svg class="chart chart-empty" role="img" aria-label="{label}" viewBox="0 0 {width} 60" '
                f'width="100%" xmlns="http://www.w3.org/2000/svg"><text x="{width // 2}" y="34" '
                f'text-anchor="middle" class="muted">No records in this period</text></svg>')
    buckets = _buckets(timeline.days)
    bars = len(buckets.labels)
    sums = [[0] * bars for _ in timeline.series]
    for s, series in enumerate(timeline.series):
        for day, count in enumerate(series.counts):
            sums[s][buckets.index[day]] += count
    heights = [sum(layer[b] for layer in sums) for b in range(bars)]
    top = _nice_max(max(heights))
    plot_w, plot_h = width - _LEFT - _RIGHT, height - _TOP - _BOTTOM
    slot = plot_w / bars
    bar_w = max(1.0, slot * 0.78)
    parts = [
        f'<svg class="chart" role="img" aria-label="{label}" viewBox="0 0 {width} {height}" width="100%" '
        f'xmlns="http://www.w3.org/2000/svg" data-by="{escape(timeline.by)}" data-unit="{buckets.unit}" '
        f'data-total="{timeline.total}">',
        f"<title>{label}</title>",
    ]
    parts += _y_axis(top, plot_w, plot_h, lambda v: f"{v:,}")
    for b, when in enumerate(buckets.labels):
        x = _LEFT + b * slot + (slot - bar_w) / 2
        base = 0
        for s, series in enumerate(timeline.series):
            count = sums[s][b]
            if not count:
                continue
            h = plot_h * count / top
            y = _TOP + plot_h * (1 - (base + count) / top)
            tip = f"{series.label}: {count:,} on the {buckets.unit} of {when}"
            parts.append(
                f'<rect class="bar" x="{x:.1f}" y="{y:.1f}" width="{bar_w:.1f}" height="{h:.1f}" '
                f'fill="{colour(timeline.by, series.key, s)}" data-key="{escape(series.key)}" '
                f'data-day="{when}" data-count="{count}"><title>{escape(tip)}</title></rect>'
            )
            base += count
    parts += _x_labels(buckets.labels, slot, plot_h)
    parts.append("</svg>")
    return "".join(parts)


def legend(timeline: Timeline) -> str:
    """The series of a timeline with their colours and totals, as an HTML list."""
    items = "".join(
        f'<li><span class="swatch" style="background:{colour(timeline.by, s.key, n)}"></span>'
        f"{escape(s.label)} <b>{s.total:,}</b></li>"
        for n, s in enumerate(timeline.series)
    )
    return f'<ul class="legend">{items}</ul>'


def rate_line(rates: Sequence[DayRate], *, title: str, width: int = 880, height: int = 200) -> str:
    """The bounce rate per day as a line (0-100 %), a point per day with events."""
    label = escape(title)
    shown = [r for r in rates if r.events]
    if not shown:
        return (f'<svg class="chart chart-empty" role="img" aria-label="{label}" viewBox="0 0 {width} 60" '
                f'width="100%" xmlns="http://www.w3.org/2000/svg"><text x="{width // 2}" y="34" '
                f'text-anchor="middle" class="muted">No events in this period</text></svg>')
    plot_w, plot_h = width - _LEFT - _RIGHT, height - _TOP - _BOTTOM
    slot = plot_w / len(rates)
    parts = [
        f'<svg class="chart" role="img" aria-label="{label}" viewBox="0 0 {width} {height}" width="100%" '
        f'xmlns="http://www.w3.org/2000/svg">',
        f"<title>{label}</title>",
    ]
    parts += _y_axis(100, plot_w, plot_h, lambda v: f"{v}%")
    points = []
    dots = []
    for n, rate in enumerate(rates):
        if not rate.events:
            continue
        x = _LEFT + n * slot + slot / 2
        y = _TOP + plot_h * (1 - rate.rate)
        points.append(f"{x:.1f},{y:.1f}")
        tip = f"{rate.day}: {rate.bounces:,} bounces of {rate.events:,} events ({rate.rate:.0%})"
        dots.append(
            f'<circle class="point" cx="{x:.1f}" cy="{y:.1f}" r="3" data-day="{rate.day}" '
            f'data-rate="{rate.rate:.4f}" data-bounces="{rate.bounces}" data-events="{rate.events}">'
            f"<title>{escape(tip)}</title></circle>"
        )
    parts.append(f'<polyline class="line" fill="none" stroke="#c0392b" stroke-width="2" '
                 f'points="{" ".join(points)}"/>')
    parts += dots
    parts += _x_labels(tuple(r.day for r in rates), slot, plot_h)
    parts.append("</svg>")
    return "".join(parts)


def _y_axis(top: int, plot_w: float, plot_h: float, fmt: Callable[[int], str]) -> list[str]:
    # Whole-number ticks: "top" is 1-5 or a nice 10, 20, 50, 100 ... (see _nice_max).
    ticks = top if top <= 5 else 5 if top % 5 == 0 else 4
    out = []
    for step in range(ticks + 1):
        value = top * step // ticks
        y = _TOP + plot_h * (1 - step / ticks)
        out.append(f'<line class="grid" x1="{_LEFT}" x2="{_LEFT + plot_w:.1f}" y1="{y:.1f}" y2="{y:.1f}"/>')
        out.append(f'<text class="tick" x="{_LEFT - 6}" y="{y + 4:.1f}" text-anchor="end">'
                   f"{fmt(value)}</text>")
    return out


def _x_labels(labels: Sequence[str], slot: float, plot_h: float) -> list[str]:
    every = max(1, round(len(labels) / 8))
    y = _TOP + plot_h + 18
    return [
        f'<text class="tick" x="{_LEFT + n * slot + slot / 2:.1f}" y="{y:.1f}" text-anchor="middle">'
        f"{escape(label[5:] if len(label) == 10 else label)}</text>"
        for n, label in enumerate(labels)
        if n % every == 0
    ]


def series_table(timeline: Timeline) -> Sequence[Series]:
    """The series of a timeline, largest first (for tables beside a chart)."""
    return sorted(timeline.series, key=lambda s: -s.total)
