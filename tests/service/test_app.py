"""The HTTP routes of bouncekit.service.app, against the real app and a real database (both engines)."""

from __future__ import annotations

from typing import get_args

import pytest
import sqlalchemy.exc
from fastapi.testclient import TestClient
from tests.conftest import corpus_bytes
from tests.store.conftest import dsn

import bouncekit
from bouncekit.errors import DatabaseError
from bouncekit.service import create_app
from bouncekit.service.app import StatGroup
from bouncekit.store import Store
from bouncekit.store.core import STAT_GROUPS

HARD = "lhost-postfix-03.eml"          # Postfix: kijitora@example.net, user unknown
HARD_ADDRESS = "kijitora@example.net"
OTHER = "lhost-sendmail-01.eml"        # Sendmail: userunknown@bouncehammer.jp, user unknown
MESSAGE = {"Content-Type": "message/rfc822"}
TAXONOMY_KEYS = {"class", "class_name", "type", "reason", "rule", "basis", "status", "reply_code"}


def post(client: TestClient, name: str, **params) -> dict:
    response = client.post("/v1/messages", content=corpus_bytes(name), headers=MESSAGE, params=params)
    assert response.status_code == 200, response.text
    return response.json()


# -- /v1/classify -------------------------------------------------------------------------------


def test_classify_returns_the_taxonomy_classification(client: TestClient) -> None:
    text = "550 5.1.1 <bob@example.org>: Recipient address rejected: User unknown in local recipient table"
    response = client.post("/v1/classify", json={"text": text})
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/json"
    body = response.json()
    assert body == bouncekit.classify(text).to_dict()
    assert set(body) == TAXONOMY_KEYS
    assert (body["class"], body["type"], body["status"], body["reply_code"]) == (10, "hard", "5.1.1", "550")


def test_classify_uses_the_given_codes(client: TestClient) -> None:
    body = client.post("/v1/classify", json={"text": "mailbox unavailable", "status": "5.2.2",
                                             "reply_code": "552", "remote_mta": "mx.example.org"}).json()
    assert body == bouncekit.classify("mailbox unavailable", status="5.2.2", reply_code="552",
                                      remote_mta="mx.example.org").to_dict()
    assert body["status"] == "5.2.2"


def test_classify_rejects_malformed_fields_saying_which(client: TestClient) -> None:
    response = client.post("/v1/classify", json={"text": "x", "status": "9.9.9", "reply_code": "abc"})
    assert response.status_code == 422
    body = response.json()
    assert body["problems"] == [
        {"location": "body.status",
         "message": "'9.9.9' is no enhanced status code (RFC 3463: class.subject.detail, e.g. 5.1.1)"},
        {"location": "body.reply_code",
         "message": "'abc' is no SMTP reply code (RFC 5321: three digits, e.g. 550)"},
    ]
    assert body["error"].startswith("invalid request: body.status: '9.9.9' is no enhanced status code")


def test_classify_rejects_missing_text_unknown_fields_and_bad_json(client: TestClient) -> None:
    missing = client.post("/v1/classify", json={"status": "5.1.1"})
    assert missing.status_code == 422
    assert missing.json()["problems"] == [{"location": "body.text", "message": "Field required"}]
    unknown = client.post("/v1/classify", json={"text": "x", "reply-code": "550"})
    assert unknown.status_code == 422
    assert "body.reply-code" in unknown.json()["error"]
    broken = client.post("/v1/classify", content=b'{"text": ', headers={"Content-Type": "application/json"})
    assert broken.status_code == 422
    assert broken.json()["problems"] == [
        {"location": "body", "message": "not valid JSON at character 9 (Expecting value)"}]
    wrong_type = client.post("/v1/classify", json=["550 user unknown"])
    assert wrong_type.status_code == 422


def test_classify_takes_a_reply_code_given_as_a_number(client: TestClient) -> None:
    body = client.post("/v1/classify", json={"text": "mailbox unavailable", "reply_code": 552}).json()
    assert body["reply_code"] == "552"
    wrong = client.post("/v1/classify", json={"text": "x", "reply_code": 999})
    assert wrong.status_code == 422
    assert wrong.json()["problems"] == [
        {"location": "body.reply_code",
         "message": "'999' is no SMTP reply code (RFC 5321: three digits, e.g. 550)"}]
    flag = client.post("/v1/classify", json={"text": "x", "reply_code": True})
    assert flag.status_code == 422


def test_classify_of_a_long_text_is_still_answered(client: TestClient) -> None:
    text = "550 5.2.2 mailbox full " + "x" * 100_000
    assert client.post("/v1/classify", json={"text": text}).json()["class"] == 22


# -- /v1/messages -------------------------------------------------------------------------------


def test_message_is_stored_with_its_records_and_policy(client: TestClient, store: Store) -> None:
    body = post(client, HARD)
    assert (body["stored"], body["duplicate"], body["dry_run"]) == (True, False, False)
    assert body["records"] == [r.to_dict() for r in bouncekit.parse(corpus_bytes(HARD)).records]
    assert body["source"] == "api:tests"
    assert [s["address"] for s in body["suppressed"]] == [HARD_ADDRESS]
    state = store.check(HARD_ADDRESS)
    assert state is not None and state.suppressed and state.counts.hard == 1


def test_the_same_message_twice_is_a_duplicate(client: TestClient, store: Store) -> None:
    first = post(client, HARD)
    again = post(client, HARD)
    assert (again["stored"], again["duplicate"]) == (False, True)
    assert again["message_hash"] == first["message_hash"]
    assert again["suppressed"] == []
    assert store.check(HARD_ADDRESS).counts.hard == 1


def test_dry_run_parses_and_stores_nothing(client: TestClient, store: Store) -> None:
    body = post(client, HARD, dry_run="true")
    flags = (body["dry_run"], body["stored"], body["duplicate"], body["message_hash"])
    assert flags == (True, False, None, None)
    assert [r["recipient"] for r in body["records"]] == [HARD_ADDRESS]
    assert store.check(HARD_ADDRESS) is None
    assert post(client, HARD)["stored"] is True


def test_a_message_that_is_no_bounce_gives_no_records(client: TestClient) -> None:
    response = client.post("/v1/messages", content=corpus_bytes("not-bounces/is-not-bounce-01.eml"),
                           headers=MESSAGE, params={"dry_run": True})
    assert response.status_code == 200
    assert response.json()["records"] == []


def test_message_needs_a_message_body(client: TestClient) -> None:
    wrong_type = client.post("/v1/messages", json={"raw": "x"})
    assert wrong_type.status_code == 415
    assert "message/rfc822" in wrong_type.json()["error"]
    empty = client.post("/v1/messages", content=b"  \r\n", headers=MESSAGE)
    assert empty.status_code == 400
    assert empty.json() == {"error": "the request body is empty: send the raw message"}
    bad_flag = client.post("/v1/messages", content=corpus_bytes(HARD), headers=MESSAGE,
                           params={"dry_run": "perhaps"})
    assert bad_flag.status_code == 422
    assert bad_flag.json()["problems"][0]["location"] == "query.dry_run"


# -- /v1/suppressions ---------------------------------------------------------------------------


def test_check_an_address(client: TestClient) -> None:
    post(client, HARD)
    body = client.get(f"/v1/suppressions/{HARD_ADDRESS}").json()
    assert (body["address"], body["state"], body["domain"]) == (HARD_ADDRESS, "suppressed", "example.net")
    assert body["counts"]["hard"] == 1
    assert body["suppressed_at"] is not None
    missing = client.get("/v1/suppressions/nobody@example.com")
    assert missing.status_code == 404
    assert missing.json() == {"error": "no record of nobody@example.com"}
    invalid = client.get("/v1/suppressions/not-an-address")
    assert invalid.status_code == 400
    assert invalid.json() == {
        "error": "not an email address: 'not-an-address' (it needs a local part, @ and a domain)"
    }


def test_list_pages_with_cursor_and_filters(client: TestClient) -> None:
    post(client, HARD)
    post(client, OTHER)
    everything = client.get("/v1/suppressions").json()
    addresses = sorted(i["address"] for i in everything["items"])
    assert addresses == sorted([HARD_ADDRESS, "userunknown@bouncehammer.jp"])
    assert everything["next_cursor"] is None

    first = client.get("/v1/suppressions", params={"limit": 1}).json()
    assert len(first["items"]) == 1 and first["next_cursor"]
    second = client.get("/v1/suppressions", params={"cursor": first["next_cursor"]}).json()
    assert (len(second["items"]), second["offset"], second["next_cursor"]) == (1, 1, None)
    assert {first["items"][0]["address"], second["items"][0]["address"]} == set(addresses)
    by_offset = client.get("/v1/suppressions", params={"limit": 1, "offset": 1}).json()
    assert by_offset["items"] == second["items"]

    only = client.get("/v1/suppressions", params={"domain": "example.net"}).json()["items"]
    assert [i["address"] for i in only] == [HARD_ADDRESS]
    assert client.get("/v1/suppressions", params={"state": "active"}).json()["items"] == []
    assert client.get("/v1/suppressions", params={"reason": "mailbox_full"}).json()["items"] == []


def test_list_rejects_bad_parameters(client: TestClient) -> None:
    assert client.get("/v1/suppressions", params={"limit": 0}).status_code == 422
    assert client.get("/v1/suppressions", params={"state": "gone"}).status_code == 422
    # A cursor is opaque: one the service did not give out names no page (404).
    bad = client.get("/v1/suppressions", params={"cursor": "not-a-cursor"})
    assert bad.status_code == 404
    assert bad.json() == {"error": "the cursor is not one this service gave out"}
    assert client.get("/v1/suppressions", params={"cursor": "not a cursor!"}).status_code == 422


@pytest.mark.parametrize("limit", ["1.0", "+1", " 1", "1e0", "0x1", "１"])
def test_an_integer_parameter_is_digits_only(client: TestClient, limit: str) -> None:
    response = client.get("/v1/suppressions", params={"limit": limit})
    assert response.status_code == 422
    assert response.json()["problems"] == [
        {"location": "query.limit", "message": f"{limit!r} is not a whole number written in digits"}]


@pytest.mark.parametrize("since", ["-1", "0", "1700000000", "2024", "1700000000.5"])
def test_since_is_never_read_as_a_unix_time(client: TestClient, since: str) -> None:
    response = client.get("/v1/stats", params={"since": since})
    assert response.status_code == 422
    assert "numbers are not read as Unix times" in response.json()["error"]


def test_unknown_or_repeated_query_parameters_are_refused(client: TestClient) -> None:
    typo = client.get("/v1/suppressions", params={"limt": "5"})
    assert typo.status_code == 422
    takes = "cursor, domain, limit, offset, reason, state"
    assert typo.json()["problems"] == [
        {"location": "query.limt", "message": f"this route takes no parameter 'limt' (it takes: {takes})"}]
    twice = client.get("/v1/suppressions?reason=hard&reason=soft")
    assert twice.status_code == 422
    assert twice.json()["problems"] == [
        {"location": "query.reason", "message": "given 2 times; give it once"}]
    assert client.get("/healthz", params={"verbose": "1"}).status_code == 422


def test_a_cursor_carries_its_listing_and_replaces_the_filters(client: TestClient) -> None:
    post(client, HARD)
    post(client, OTHER)
    first = client.get("/v1/suppressions", params={"limit": 1}).json()
    # The schema says so: with a cursor, the other parameters are ignored.
    page = client.get("/v1/suppressions", params={"cursor": first["next_cursor"], "domain": "nowhere.example",
                                                   "limit": 50}).json()
    assert (len(page["items"]), page["limit"], page["offset"]) == (1, 1, 1)


def test_a_method_not_allowed_names_every_method_of_the_path(client: TestClient) -> None:
    for method, path, allow in (("POST", "/v1/suppressions/jo@example.com", "GET, DELETE"),
                                ("PUT", "/v1/suppressions", "GET"), ("GET", "/v1/messages", "POST")):
        response = client.request(method, path)
        assert (response.status_code, response.headers["allow"]) == (405, allow), path


@pytest.mark.parametrize("body", [b"null", b"hello world\n", b"[1, 2]", b"\x00\x01", b"\nSubject: x\n\nhi"])
def test_a_body_that_is_no_message_is_a_400(client: TestClient, body: bytes) -> None:
    response = client.post("/v1/messages", content=body, headers=MESSAGE)
    assert response.status_code == 400
    assert response.json() == {
        "error": "the request body is no RFC 5322 message: it must begin with a header field (Name: value)"}
    mbox_style = client.post("/v1/messages", params={"dry_run": True}, headers=MESSAGE,
                             content=b"From MAILER-DAEMON Thu Sep 18 17:54:04 2008\n" + corpus_bytes(HARD))
    assert mbox_style.status_code == 200


def test_input_the_database_would_refuse_is_a_400(client: TestClient) -> None:
    # PostgreSQL refuses NUL in text and dates past year 9999: the client's mistake, not a 503 or 500.
    for params in ({"domain": "a\x00b"}, {"reason": "a\x00b"}):
        response = client.get("/v1/suppressions", params=params)
        assert response.status_code == 422, params  # the schema's pattern says: no NUL
        assert "should match pattern" in response.json()["error"]
    for method in ("GET", "DELETE"):
        response = client.request(method, "/v1/suppressions/a%00b@example.org")
        assert response.status_code == 400
        assert response.json() == {
            "error": "not an email address: 'a\\x00b@example.org' (the part before @ is not valid)"
        }
    far = client.get("/v1/stats", params={"since": "9999-12-31T23:59:59-12:00"})
    assert far.status_code == 400
    assert far.json() == {"error": "since is out of range: 9999-12-31T23:59:59-12:00"}


def test_a_message_dated_off_the_calendar_is_stored(client: TestClient, store: Store) -> None:
    raw = dsn("far@example.org", "550 5.1.1 user unknown", date="Fri, 31 Dec 9999 23:59:59 -1200")
    response = client.post("/v1/messages", content=raw, headers={"Content-Type": "message/rfc822"})
    assert response.status_code == 200
    assert [s["address"] for s in response.json()["suppressed"]] == ["far@example.org"]


def test_remove_records_the_reason(client: TestClient) -> None:
    post(client, HARD)
    response = client.delete(f"/v1/suppressions/{HARD_ADDRESS}", params={"reason": "customer asked"})
    assert response.status_code == 200
    body = response.json()
    assert body["state"] == "active"
    assert body["history"][-1]["action"] == "removed"
    assert body["history"][-1]["reason"] == "customer asked"
    assert [h["action"] for h in client.get(f"/v1/suppressions/{HARD_ADDRESS}").json()["history"]] == [
        "suppressed", "removed"]
    assert client.get("/v1/suppressions").json()["items"] == []


def test_remove_takes_the_reason_from_the_body_and_404s_unknown(client: TestClient) -> None:
    post(client, OTHER)
    body = client.request("DELETE", "/v1/suppressions/userunknown@bouncehammer.jp",
                          json={"reason": "typo fixed"}).json()
    assert body["history"][-1]["reason"] == "typo fixed"
    missing = client.delete("/v1/suppressions/nobody@example.com")
    assert missing.status_code == 404


# -- /v1/stats, /healthz, /openapi.json ---------------------------------------------------------


def test_stats_by_class_domain_and_day(client: TestClient) -> None:
    post(client, HARD)
    post(client, OTHER)
    by_class = client.get("/v1/stats").json()
    assert by_class["by"] == "class"
    row = next(r for r in by_class["rows"] if r["key"] == "10")
    counts = (row["label"], row["records"], row["addresses"], row["suppressed"])
    assert counts == ("Invalid Recipient", 2, 2, 2)
    domains = {r["key"] for r in client.get("/v1/stats", params={"by": "domain"}).json()["rows"]}
    assert domains == {"example.net", "bouncehammer.jp"}
    assert client.get("/v1/stats", params={"by": "day"}).json()["rows"]
    future = client.get("/v1/stats", params={"since": "2999-01-01"}).json()
    assert (future["since"], future["rows"]) == ("2999-01-01T00:00:00", [])
    assert client.get("/v1/stats", params={"by": "color"}).status_code == 422
    assert client.get("/v1/stats", params={"since": "yesterday"}).status_code == 422


def test_stats_groups_are_those_of_the_store() -> None:
    assert get_args(StatGroup) == STAT_GROUPS


def test_healthz_needs_no_key_and_checks_the_database(anonymous: TestClient) -> None:
    response = anonymous.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


def test_healthz_reports_an_unreachable_database(tmp_path) -> None:
    store = Store.open(f"sqlite:///{tmp_path / 'gone.sqlite3'}")
    app = create_app(store)
    store.close()
    (tmp_path / "gone.sqlite3").unlink()
    (tmp_path / "gone.sqlite3").mkdir()  # a directory where the database was: it cannot open
    response = TestClient(app).get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"error": "the database does not answer"}


def test_healthz_asks_the_store_to_ping(anonymous: TestClient, store: Store, monkeypatch) -> None:
    def down() -> None:
        raise DatabaseError("database sqlite:///x: disk I/O error")

    monkeypatch.setattr(store, "ping", down)
    response = anonymous.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"error": "the database does not answer"}


def test_openapi_documents_routes_models_and_bearer_auth(anonymous: TestClient) -> None:
    doc = anonymous.get("/openapi.json").json()
    assert {"/v1/classify", "/v1/messages", "/v1/suppressions", "/v1/suppressions/{address}",
            "/v1/stats", "/healthz"} <= set(doc["paths"])
    classify = doc["paths"]["/v1/classify"]["post"]
    assert classify["responses"]["200"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/ClassificationOut"}
    assert set(doc["components"]["schemas"]["ClassificationOut"]["properties"]) == TAXONOMY_KEYS
    assert "message/rfc822" in doc["paths"]["/v1/messages"]["post"]["requestBody"]["content"]
    assert doc["components"]["securitySchemes"]["HTTPBearer"]["scheme"] == "bearer"
    assert classify["security"] == [{"HTTPBearer": []}]
    assert "security" not in doc["paths"]["/healthz"]["get"]


def test_database_failures_are_503_not_500(client: TestClient, store: Store, monkeypatch) -> None:
    def pool_gave_up(*args, **kwargs):
        raise sqlalchemy.exc.TimeoutError("QueuePool limit of size 5 overflow 10 reached")

    def unreachable(*args, **kwargs):
        raise DatabaseError("database postgresql+psycopg://postgres@db/x: connection refused")

    monkeypatch.setattr(store, "check", pool_gave_up)
    monkeypatch.setattr(store, "stats", unreachable)
    busy = client.get(f"/v1/suppressions/{HARD_ADDRESS}")
    assert busy.status_code == 503
    assert busy.json() == {"error": "the database is busy or unreachable; try again"}
    down = client.get("/v1/stats")
    assert down.status_code == 503
    # The database's name and the driver's complaint are for the log, not for clients.
    assert down.json() == {"error": "the database is busy or unreachable; try again"}
