"""``POST /v1/webhooks/{esp}`` through HTTP, over a real store of each engine."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from bouncekit import webhooks
from bouncekit.receive.webhooks.sns import CertificateSource
from bouncekit.service import create_app
from bouncekit.store import Store
from tests.receive.webhooks.signing import FIXTURES, certificate_pem, sample, secret_for, sign

EXPECTED: dict[str, list] = json.loads((FIXTURES / "expected.json").read_text())


@pytest.fixture
def store(database_url: str) -> Iterator[Store]:
    with Store.open(database_url) as opened:
        for esp in webhooks.ESPS:
            opened.set_webhook_secret(esp, secret_for(esp))
        yield opened


@pytest.fixture
def confirmed() -> list[str]:
    return []


@pytest.fixture
def client(store: Store, tmp_path: Path, confirmed: list[str]) -> Iterator[TestClient]:
    """The real app, with no API key: webhooks authenticate by their ESP's signature."""
    pem = tmp_path / "sns.pem"
    pem.write_bytes(certificate_pem())
    app = create_app(store, key_ttl=0)
    app.state.webhooks.certificates = CertificateSource(pem)
    app.state.webhooks.confirm = confirmed.append  # no request leaves this machine
    with TestClient(app, base_url="https://bounces.example.org") as c:
        yield c


def post(client: TestClient, esp: str, signed) -> object:
    return client.post(f"/v1/webhooks/{esp}", content=signed.body, headers=signed.headers)


@pytest.mark.parametrize("esp", webhooks.ESPS)
def test_each_esp_signed_request_is_stored_once(client: TestClient, store: Store, esp: str) -> None:
    body, content_type = sample(esp)
    signed = sign(esp, body, now=time.time(), content_type=content_type)
    first = post(client, esp, signed)
    assert first.status_code == 200, first.text
    expected = EXPECTED[dict(webhooks_samples())[esp]]
    assert first.json()["records"] == len(expected)
    counts = first.json()
    assert counts["stored"] + counts["ignored"] == counts["events"] and counts["stored"] > 0
    again = post(client, esp, signed)  # an ESP retrying the same delivery
    assert again.status_code == 200
    assert again.json()["stored"] == 0
    assert again.json()["duplicates"] == counts["stored"]
    assert sum(row.records for row in store.stats(by="event")) == len(expected)


def webhooks_samples() -> list[tuple[str, str]]:
    from tests.receive.webhooks.signing import SAMPLES

    return [(esp, name) for esp, (name, _) in SAMPLES.items()]


def test_records_reach_the_suppression_list(client: TestClient, store: Store) -> None:
    body, _content_type = sample("sparkpost")
    response = post(client, "sparkpost", sign("sparkpost", body, now=time.time()))
    assert response.status_code == 200
    assert "jo@example.com" in response.json()["suppressed"]
    assert response.json()["ignored"] == 2  # an open and an unsubscribe: nothing to store
    state = store.check("jo@example.com")
    assert state is not None and state.suppressed and state.counts.hard == 1
    assert store.check("ann@example.net").counts.delayed == 1


def test_unknown_esp_is_404(client: TestClient) -> None:
    response = client.post("/v1/webhooks/hotmail", content=b"{}")
    assert response.status_code == 404
    assert "no ESP named 'hotmail'" in response.json()["error"]


@pytest.mark.parametrize("esp", ["mailgun", "sendgrid", "postmark", "amazon_ses"])
def test_missing_signature_is_401(client: TestClient, esp: str) -> None:
    body, content_type = sample(esp)
    response = client.post(f"/v1/webhooks/{esp}", content=body, headers={"content-type": content_type})
    assert response.status_code == 401
    assert response.json()["error"].startswith(f"{esp}: ")


def test_tampered_body_is_401(client: TestClient, store: Store) -> None:
    body, _content_type = sample("mailersend")
    signed = sign("mailersend", body, now=time.time())
    response = client.post(
        "/v1/webhooks/mailersend", content=signed.body.replace(b"jo@", b"me@"), headers=signed.headers
    )
    assert response.status_code == 401
    assert store.check("me@example.com") is None


def test_stale_timestamp_is_401(client: TestClient) -> None:
    body, _ = sample("resend")
    signed = sign("resend", body, now=time.time() - 3600)
    response = post(client, "resend", signed)
    assert response.status_code == 401
    assert "replay" in response.json()["error"]


def test_an_esp_without_secret_is_401(client: TestClient, store: Store) -> None:
    store.remove_webhook_secret("brevo")
    client.app.state.webhooks.secrets._entries.clear()
    body, _ = sample("brevo")
    response = post(client, "brevo", sign("brevo", body, now=time.time()))
    assert response.status_code == 401
    assert "bouncekit webhooks set brevo" in response.json()["error"]


def test_malformed_payload_is_400_naming_the_problem(client: TestClient) -> None:
    signed = sign("mailersend", b'{"type": "activity.hard_bounced", "data": ', now=time.time())
    response = post(client, "mailersend", signed)
    assert response.status_code == 400
    assert response.json()["error"].startswith("mailersend: the body is not valid JSON")


def test_batches_are_one_event_each(client: TestClient, store: Store) -> None:
    batch = [
        {
            "msys": {
                "message_event": {
                    "type": "bounce",
                    "bounce_class": "10",
                    "event_id": f"ev-{i}",
                    "rcpt_to": f"user{i}@example.com",
                    "raw_reason": "550 5.1.1 user unknown",
                    "message_id": f"m{i}",
                    "timestamp": "1714989600",
                }
            }
        }
        for i in range(100)
    ]
    response = post(client, "sparkpost", sign("sparkpost", json.dumps(batch).encode(), now=time.time()))
    assert response.status_code == 200
    assert (response.json()["events"], response.json()["stored"]) == (100, 100)
    assert len(store.suppressions(limit=1000)) == 100


def test_sns_subscription_is_confirmed(client: TestClient, confirmed: list[str]) -> None:
    body = (FIXTURES / "amazon_ses/subscription_confirmation.json").read_bytes()
    response = post(client, "amazon_ses", sign("amazon_ses", body, now=time.time()))
    assert response.status_code == 200
    assert response.json()["subscription"] == "confirmed"
    assert confirmed == [json.loads(body)["SubscribeURL"]]


def test_sns_subscribe_url_off_aws_is_refused(store: Store) -> None:
    from bouncekit.service.webhooks import confirm_subscription

    with pytest.raises(Exception, match="not an https URL of an SNS host") as caught:
        confirm_subscription("https://evil.example/?Action=ConfirmSubscription")
    assert getattr(caught.value, "status_code", None) == 400


def test_the_rest_of_v1_still_needs_an_api_key(client: TestClient) -> None:
    assert client.post("/v1/classify", json={"text": "550 5.1.1 user unknown"}).status_code == 401
    assert client.get("/v1/webhooks/sparkpost").status_code == 405


def test_a_database_failure_is_503_so_the_esp_retries(client: TestClient) -> None:
    def broken(events):
        from bouncekit.store import IngestFailure

        return [IngestFailure("webhook", "database down") for _ in events]

    client.app.state.webhooks.handoff = broken
    body, _ = sample("postmark")
    response = post(client, "postmark", sign("postmark", body, now=time.time()))
    assert response.status_code == 503
    assert "retry" in response.json()["error"]


def test_a_head_request_finds_the_url(client: TestClient) -> None:
    assert client.head("/v1/webhooks/mandrill").status_code == 200
    assert client.head("/v1/webhooks/hotmail").status_code == 404


def test_through_a_real_serve_process(tmp_path: Path) -> None:
    """The route in `bouncekit serve` itself, over real HTTP on loopback."""
    import subprocess
    import sys

    import httpx

    from tests.cli.test_serve import free_port, wait_healthy

    url = f"sqlite:///{tmp_path / 'db.sqlite3'}"
    with Store.open(url) as opened:
        for esp in ("mailgun", "sparkpost", "amazon_ses"):
            opened.set_webhook_secret(esp, secret_for(esp))
    pem = tmp_path / "sns.pem"
    pem.write_bytes(certificate_pem())
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "bouncekit",
            "--database",
            url,
            "serve",
            "--port",
            str(port),
            "--sns-certificate",
            str(pem),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        wait_healthy(base, process)
        body, content_type = sample("mailgun")
        signed = sign("mailgun", body, now=time.time(), content_type=content_type)
        with httpx.Client(base_url=base, timeout=30) as http:
            first = http.post("/v1/webhooks/mailgun", content=signed.body, headers=signed.headers)
            again = http.post("/v1/webhooks/mailgun", content=signed.body, headers=signed.headers)
            batch, _ = sample("sparkpost")
            bad = http.post("/v1/webhooks/sparkpost", content=batch, headers={"Authorization": "Basic eDp5"})
            ses_body, _ = sample("amazon_ses")
            ses = sign("amazon_ses", ses_body, now=time.time())
            notification = http.post(
                "/v1/webhooks/amazon_ses",
                content=ses.body,
                headers={"content-type": "text/plain; charset=UTF-8"},
            )
        assert (first.status_code, first.json()["stored"], first.json()["suppressed"]) == (
            200,
            1,
            ["jo@example.com"],
        )
        assert (again.status_code, again.json()["duplicates"]) == (200, 1)
        assert bad.status_code == 401
        assert (notification.status_code, notification.json()["stored"]) == (200, 1), notification.text
    finally:
        process.terminate()
        process.wait(20)
    with Store.open(url) as opened:
        assert opened.check("jo@example.com").suppressed
