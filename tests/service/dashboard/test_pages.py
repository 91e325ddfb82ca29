"""The dashboard over HTTP (the real app and store, Starlette's test client): sign-in,
sessions, CSRF, every page, removal, the local Swagger UI."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from tests.service.dashboard.conftest import Stocked

from bouncekit.service import create_app
from bouncekit.service.dashboard.session import NONCE_COOKIE, SESSION_COOKIE
from bouncekit.store import Store

PAGES = ("/", "/blocks", "/suppressions", "/events", "/rules", "/suppressions/ann.smith@example.com")


@pytest.fixture
def browser(stocked: Stocked) -> Iterator[TestClient]:
    with TestClient(create_app(stocked.url, key_ttl=0), follow_redirects=False) as client:
        yield client


def csrf_of(html: str) -> str:
    return re.search(r'name="csrf" value="([^"]+)"', html)[1]


def sign_in(client: TestClient, key: str) -> None:
    form = client.get("/login")
    response = client.post("/login", data={"key": key, "csrf": csrf_of(form.text), "next": "/events"})
    assert response.status_code == 303 and response.headers["location"] == "/events"


def test_every_page_needs_a_session(browser: TestClient) -> None:
    for path in PAGES:
        response = browser.get(path)
        assert response.status_code == 303
        assert response.headers["location"].startswith("/login?next=")
    assert browser.get("/login").status_code == 200


def test_sign_in_sets_a_strict_http_only_session_cookie(browser: TestClient, stocked: Stocked) -> None:
    form = browser.get("/login")
    nonce = form.cookies[NONCE_COOKIE]
    assert "HttpOnly" in form.headers["set-cookie"] and "SameSite=strict" in form.headers["set-cookie"]
    response = browser.post("/login", data={"key": stocked.key, "csrf": csrf_of(form.text), "next": "/"})
    assert response.status_code == 303
    cookie = next(c for c in response.headers.get_list("set-cookie") if c.startswith(SESSION_COOKIE))
    assert "HttpOnly" in cookie and "SameSite=strict" in cookie and "Path=/" in cookie
    assert stocked.key not in cookie and nonce not in cookie
    for path in PAGES:
        page = browser.get(path)
        assert page.status_code == 200, path
        assert page.headers["content-security-policy"].startswith("default-src 'self'; script-src 'self'")
        # Every asset is this service's own: no address of another host anywhere.
        assert re.findall(r'(?:src|href)="(?:https?:)?//', page.text) == []


def test_sign_in_refuses_a_wrong_key_a_forged_form_and_a_foreign_next(browser: TestClient,
                                                                      stocked: Stocked) -> None:
    form = browser.get("/login")
    wrong = browser.post("/login", data={"key": "bk_wrong", "csrf": csrf_of(form.text)})
    assert wrong.status_code == 401 and "not valid" in wrong.text
    form = browser.get("/login")
    forged = browser.post("/login", data={"key": stocked.key, "csrf": "made-up"})
    assert forged.status_code == 400 and SESSION_COOKIE not in forged.headers.get("set-cookie", "")
    form = browser.get("/login")
    away = browser.post("/login", data={"key": stocked.key, "csrf": csrf_of(form.text),
                                        "next": "//evil.example/"})
    assert away.headers["location"] == "/"


def test_removal_needs_the_csrf_token_and_a_reason(browser: TestClient, stocked: Stocked) -> None:
    sign_in(browser, stocked.key)
    page = browser.get("/suppressions/ann.smith@example.com")
    assert 'id="state">suppressed' in page.text
    action = "/suppressions/ann.smith%40example.com/remove"
    assert browser.post(action, data={"reason": "fixed"}).status_code == 400
    assert browser.post(action, data={"reason": "fixed", "csrf": "forged"}).status_code == 400
    no_reason = browser.post(action, data={"reason": "  ", "csrf": csrf_of(page.text)})
    assert no_reason.status_code == 400 and "Give a reason" in no_reason.text
    with Store.open(stocked.url) as store:
        assert store.check("ann.smith@example.com").suppressed
    done = browser.post(action, data={"reason": "typo fixed by the customer", "csrf": csrf_of(page.text)})
    assert done.status_code == 303
    assert done.headers["location"] == "/suppressions/ann.smith@example.com?removed=1"
    with Store.open(stocked.url) as store:
        state = store.check("ann.smith@example.com")
    assert not state.suppressed
    assert state.history[-1].reason == "typo fixed by the customer (dashboard, key dashboard-tests)"


def test_search_and_filters(browser: TestClient, stocked: Stocked) -> None:
    sign_in(browser, stocked.key)
    listed = re.findall(r'<td class="mono"><a href="[^"]+">([^<]+)</a>', browser.get("/suppressions").text)
    assert sorted(listed) == list(stocked.suppressed)
    found = browser.get("/suppressions", params={"q": "EXAMPLE.NET"}).text
    assert re.findall(r'<td class="mono"><a href="[^"]+">([^<]+)</a>', found) == ["carol@example.net"]
    active = browser.get("/suppressions", params={"state": "active"}).text
    assert "dave@example.net" in active and "carol@example.net" not in active


def test_a_revoked_key_ends_its_sessions_and_sign_out_needs_the_token(browser: TestClient,
                                                                        stocked: Stocked) -> None:
    sign_in(browser, stocked.key)
    page = browser.get("/")
    assert page.status_code == 200
    assert browser.post("/logout", data={"csrf": "forged"}).status_code == 400
    out = browser.post("/logout", data={"csrf": csrf_of(page.text)})
    assert out.status_code == 303 and browser.get("/").status_code == 303
    sign_in(browser, stocked.key)
    with Store.open(stocked.url) as store:
        store.revoke_key("dashboard-tests")
    assert browser.get("/").status_code == 303


def test_bad_page_input_is_a_page_saying_so(browser: TestClient, stocked: Stocked) -> None:
    sign_in(browser, stocked.key)
    assert browser.get("/", params={"since": "lately"}).status_code == 400
    missing = browser.get("/suppressions/nobody@example.com")
    assert missing.status_code == 404 and "no record of nobody@example.com" in missing.text
    assert browser.get("/suppressions/not an address").status_code == 400


def test_docs_are_served_from_local_assets(browser: TestClient) -> None:
    page = browser.get("/docs")
    assert page.status_code == 200
    assert re.findall(r'(?:src|href)="([^"]+)"', page.text) == [
        "/docs/assets/swagger-ui.css", "/docs/assets/favicon-32x32.png", "/docs/assets/swagger-ui-bundle.js",
        "/static/docs.js"]
    for asset in re.findall(r'(?:src|href)="([^"]+)"', page.text):
        assert browser.get(asset).status_code == 200, asset
    assert browser.get("/redoc").status_code == 404
