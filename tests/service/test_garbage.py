"""Whatever a client sends, the service answers it without a 500 (a Hypothesis invariant).

The client here holds a valid key, so the garbage reaches the handlers; every error is
the JSON ``{"error": ...}`` body. The TestClient re-raises any server exception, so a
crash fails the test with its traceback.
"""

from __future__ import annotations

import json
from urllib.parse import quote

from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tests.conftest import corpus_bytes

FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=50),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner, max_size=4),
    max_leaves=12,
)
classify_bodies = st.fixed_dictionaries(
    {"text": st.text(max_size=300) | json_values},
    optional={"status": st.text(max_size=12) | json_values, "reply_code": st.text(max_size=5) | json_values,
              "remote_mta": st.text(max_size=300) | json_values, "recipient": st.text(max_size=400)},
)
content_types = st.sampled_from(
    ["application/json", "message/rfc822", "text/plain; charset=utf-8", "application/octet-stream",
     "multipart/form-data; boundary=x", "", "application/x-www-form-urlencoded", "message/rfc822; x=\"\\"]
) | st.text(st.characters(min_codepoint=32, max_codepoint=126), max_size=40)
params = st.dictionaries(
    st.sampled_from(["state", "domain", "reason", "limit", "offset", "cursor", "since", "by", "dry_run"]),
    st.text(max_size=30) | st.integers(-10**12, 10**12).map(str),
    max_size=5,
)
seed_messages = st.sampled_from(["lhost-postfix-03.eml", "lhost-sendmail-01.eml", "lhost-x2-02.eml"])


def message_mutation(name: str, cut: int, junk: bytes) -> bytes:
    raw = corpus_bytes(name)
    cut %= len(raw) + 1
    return raw[:cut] + junk + raw[cut:]


messages = st.binary(max_size=2000) | st.builds(message_mutation, seed_messages, st.integers(0, 10**6),
                                                 st.binary(max_size=200))
addresses = st.text(max_size=80) | st.emails().map(str)


def check(response) -> None:
    assert response.status_code < 500, (response.status_code, response.text)
    if response.status_code >= 400:
        body = response.json()
        assert isinstance(body["error"], str) and body["error"]


@FUZZ
@given(body=classify_bodies | json_values, raw=st.binary(max_size=300), use_raw=st.booleans(),
       ctype=content_types)
def test_classify_garbage(client: TestClient, body, raw: bytes, use_raw: bool, ctype: str) -> None:
    content = raw if use_raw else json.dumps(body)
    check(client.post("/v1/classify", content=content, headers={"Content-Type": ctype}))


@FUZZ
@given(raw=messages, ctype=content_types, query=params)
def test_messages_garbage(client: TestClient, raw: bytes, ctype: str, query: dict) -> None:
    check(client.post("/v1/messages", content=raw, headers={"Content-Type": ctype}, params=query))


@FUZZ
@given(address=addresses, query=params, body=st.none() | json_values | st.binary(max_size=100),
       method=st.sampled_from(["GET", "DELETE"]))
def test_address_garbage(client: TestClient, address: str, query: dict, body, method: str) -> None:
    content = body if isinstance(body, bytes) else json.dumps(body) if body is not None else None
    check(client.request(method, "/v1/suppressions/" + quote(address, safe=""), params=query, content=content,
                         headers={"Content-Type": "application/json"}))


@FUZZ
@given(query=params, path=st.sampled_from(["/v1/suppressions", "/v1/stats", "/healthz", "/openapi.json"]))
def test_query_garbage(client: TestClient, query: dict, path: str) -> None:
    check(client.get(path, params=query))


@FUZZ
@given(method=st.sampled_from(["GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "HEAD"]),
       path=st.text(max_size=40), body=st.binary(max_size=100))
def test_any_method_on_any_path(client: TestClient, method: str, path: str, body: bytes) -> None:
    response = client.request(method, "/" + quote(path, safe="/"), content=body)
    assert response.status_code < 500
