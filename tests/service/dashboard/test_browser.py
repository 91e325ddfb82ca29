"""The dashboard in a real headless Chromium against a real ``bouncekit serve`` process.

Debian's ``chromium`` (/usr/bin/chromium, installed by .ci/run) is driven through
Playwright's Python API with ``executable_path``: Playwright's own browser download is
never used (it cannot work on a host without internet). The tests sign in, read the
charts back from the page and compare them with what was stored, search the
suppression list, remove an address with a reason, open the local Swagger UI, and fail
on any console error or any request that leaves 127.0.0.1. Screenshots of each page go
to ``$BOUNCEKIT_ARTIFACTS`` (default ``build/test-artifacts/dashboard``).
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from tests.cli.test_serve import free_port, wait_healthy
from tests.service.dashboard.conftest import Stocked

CHROMIUM = Path("/usr/bin/chromium")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--no-first-run"]
ARTIFACTS = Path(
    os.environ.get("BOUNCEKIT_ARTIFACTS") or Path(__file__).parents[3] / "build" / "test-artifacts"
)
TEXTS = "els => els.map(e => e.textContent)"

if not CHROMIUM.exists():
    pytest.skip(f"Chromium is not installed at {CHROMIUM}: .ci/run installs Debian's chromium package, "
                "which could not be installed on this machine", allow_module_level=True)
playwright_api = pytest.importorskip(
    "playwright.sync_api", reason="Playwright's Python package is not installed (pip install -e '.[dev]')")


@pytest.fixture
def server(stocked: Stocked) -> Iterator[str]:
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    process = subprocess.Popen(
        [sys.executable, "-m", "bouncekit", "--database", stocked.url, "serve", "--port", str(port)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    try:
        wait_healthy(base, process)
        yield base
    finally:
        process.terminate()
        process.communicate(timeout=30)


class Watch:
    """What the page said and fetched: console errors, script errors, requests elsewhere."""

    def __init__(self, base: str) -> None:
        self.host = urlsplit(base).netloc
        self.errors: list[str] = []
        self.foreign: list[str] = []

    def attach(self, page) -> None:
        page.on("console", self._console)
        page.on("pageerror", lambda e: self.errors.append(f"page error: {e}"))
        page.on("request", self._request)

    def _console(self, message) -> None:
        if message.type == "error":
            self.errors.append(f"console {message.type}: {message.text}")

    def _request(self, request) -> None:
        parts = urlsplit(request.url)
        if parts.scheme in ("http", "https", "ws", "wss") and parts.netloc != self.host:
            self.foreign.append(request.url)


@pytest.fixture
def browser_page(server: str) -> Iterator[tuple[object, Watch]]:
    with playwright_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=FLAGS)
        try:
            context = browser.new_context(viewport={"width": 1280, "height": 900})
            page = context.new_page()
            page.set_default_timeout(20_000)
            watch = Watch(server)
            watch.attach(page)
            yield page, watch
        finally:
            browser.close()


def shot(page, name: str) -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"dashboard-{name}.png"
    page.screenshot(path=str(path), full_page=True)
    assert path.stat().st_size > 10_000
    return path


def sign_in(page, base: str, key: str) -> None:
    page.goto(f"{base}/")
    assert urlsplit(page.url).path == "/login"
    page.fill("#key", key)
    page.click("form[action='/login'] button[type=submit]")
    page.wait_for_url(f"{base}/")


def test_sign_in_then_the_overview_charts_the_stored_records(
    browser_page, server: str, stocked: Stocked
) -> None:
    page, watch = browser_page
    page.goto(f"{server}/")
    page.fill("#key", "bk_not-a-real-key-at-all")
    page.click("form[action='/login'] button[type=submit]")
    assert "not valid" in page.inner_text(".problem")
    shot(page, "signin-refused")
    # The refusal is a 401 page, which Chromium logs; nothing else may be.
    assert [e for e in watch.errors if "401" not in e] == []
    watch.errors.clear()

    sign_in(page, server, stocked.key)
    cookie = next(c for c in page.context.cookies() if c["name"] == "bouncekit_session")
    assert cookie["httpOnly"] and cookie["sameSite"] == "Strict"
    assert stocked.key not in cookie["value"]

    # The bars carry their counts: summed per type they are what was stored.
    bars = page.eval_on_selector_all(
        "#by-type svg rect.bar",
        "els => els.map(e => [e.dataset.key, Number(e.dataset.count), e.getBBox().height])")
    drawn: dict[str, int] = {}
    for key, count, height in bars:
        assert height > 0
        drawn[key] = drawn.get(key, 0) + count
    assert drawn == dict(stocked.by_type)
    assert page.inner_text("[data-figure=records]") == str(sum(stocked.by_type.values()))
    # The tabs are the script's: by class is hidden until chosen, then drawn too.
    assert page.is_hidden("#by-class")
    page.click("[data-tab=by-class]")
    assert page.is_visible("#by-class svg rect.bar")
    classes = set(page.eval_on_selector_all("#by-class rect.bar", "els => els.map(e => e.dataset.key)"))
    assert classes == {"10", "22", "51"}
    points = page.eval_on_selector_all("#rate-chart circle.point",
                                       "els => els.map(e => Number(e.dataset.rate))")
    assert points and all(rate == 1.0 for rate in points)  # only bounces were stored
    page.click("[data-tab=by-type]")
    shot(page, "overview")

    page.goto(f"{server}/blocks")
    assert "192.0.2.17" in page.inner_text("#blocked")
    assert "zen.spamhaus.org" in page.inner_text("#blocked")
    shot(page, "blocks")

    page.goto(f"{server}/events")
    assert page.locator("#events tbody tr").count() == sum(stocked.by_type.values())
    assert "user-unknown" in page.inner_text("#events")
    shot(page, "events")

    page.goto(f"{server}/rules?since=30d")
    rules = page.eval_on_selector_all("#top-rules tbody tr td:first-child", TEXTS)
    assert rules[0] == "user-unknown"
    shot(page, "rules")

    assert watch.errors == []
    assert watch.foreign == []


def test_search_and_remove_an_address_with_a_reason(browser_page, server: str, stocked: Stocked) -> None:
    page, watch = browser_page
    sign_in(page, server, stocked.key)
    page.goto(f"{server}/suppressions")
    listed = page.eval_on_selector_all("#suppressions tbody td:first-child", TEXTS)
    assert sorted(listed) == list(stocked.suppressed)

    page.fill("input[name=q]", "BOB.J")
    page.click("#search button[type=submit]")
    listed = page.eval_on_selector_all("#suppressions tbody td:first-child", TEXTS)
    assert listed == ["bob.jones@example.com"]
    shot(page, "suppressions-search")

    page.click("text=bob.jones@example.com")
    assert page.inner_text("#state") == "suppressed"
    page.fill("#reason", "address confirmed by the customer")
    page.once("dialog", lambda dialog: dialog.accept())
    page.click("#remove button[type=submit]")
    page.wait_for_url("**/suppressions/bob.jones@example.com?removed=1")
    assert page.inner_text("#state") == "active"
    history = page.inner_text("#history")
    assert "removed" in history and "address confirmed by the customer" in history
    shot(page, "address-removed")

    page.goto(f"{server}/suppressions?q=nobody-like-this")
    assert page.is_visible("#no-match")
    assert watch.errors == []
    assert watch.foreign == []


def test_swagger_ui_is_served_locally(browser_page, server: str) -> None:
    page, watch = browser_page
    page.goto(f"{server}/docs")
    page.wait_for_selector(".swagger-ui .info .title")
    assert "bouncekit" in page.inner_text(".swagger-ui .info .title")
    page.wait_for_selector(".opblock-summary-path[data-path='/v1/classify']")
    shot(page, "docs")
    assert watch.errors == []
    assert watch.foreign == []
