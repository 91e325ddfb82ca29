"""Rendering: the Jinja2 environment of the dashboard and of ``bouncekit report``."""

from __future__ import annotations

from datetime import UTC, datetime
from functools import cache
from typing import Any

from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup

from bouncekit import __version__
from bouncekit.service.dashboard import STATIC, TEMPLATES, charts
from bouncekit.store import Store, insights


@cache
def environment() -> Environment:
    """The template environment (autoescaping on: every stored value is untrusted text)."""
    env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(default=True),
                      trim_blocks=True, lstrip_blocks=True)
    env.filters["when"] = _when
    env.filters["percent"] = lambda v: f"{v:.0%}"
    env.globals["version"] = __version__
    return env


def _when(value: datetime | None) -> str:
    if value is None:
        return "-"
    return value.astimezone(UTC).strftime("%Y-%m-%d %H:%M")


def render(template: str, **context: Any) -> str:
    """One page as HTML."""
    return environment().get_template(template).render(**context)


def overview_charts(data: insights.Overview) -> dict[str, Markup]:
    """The overview's charts as markup (the SVG is built from escaped values)."""
    return {
        "type_chart": Markup(charts.stacked_bars(data.by_type, title="Records per day by type")),
        "type_legend": Markup(charts.legend(data.by_type)),
        "class_chart": Markup(charts.stacked_bars(data.by_class, title="Records per day by class")),
        "class_legend": Markup(charts.legend(data.by_class)),
        "rate_chart": Markup(charts.rate_line(data.rates, title="Bounce rate per day")),
    }


def report(store: Store, *, since: datetime, since_text: str) -> str:
    """``bouncekit report``: one self-contained HTML file (styles inline, charts as SVG, no script)."""
    data = insights.overview(store, since=since)
    return render(
        "report.html",
        overview=data,
        since_text=since_text,
        generated=datetime.now(UTC),
        blocked=insights.blocked_senders(store, limit=25),
        rules=insights.top_rules(store, since=since, limit=25),
        stylesheet=Markup((STATIC / "dashboard.css").read_text(encoding="utf-8")),
        database=store.url,
        **overview_charts(data),
    )
