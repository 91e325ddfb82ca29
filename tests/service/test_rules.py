"""``POST /v1/rules/test`` and a service classifying with a user rules file."""

from __future__ import annotations

import time
from pathlib import Path

from fastapi.testclient import TestClient
from tests.receive.webhooks.signing import secret_for, sign

from bouncekit import webhooks
from bouncekit.rulefile import load_rules
from bouncekit.service import create_app
from bouncekit.store import Store

OWN_RULES = """\
[[rule]]
id = "cold-storage"
reason = "mailbox_inactive"
pattern = 'mailbox is in cold storage'
samples = ["550 5.2.1 mailbox is in cold storage", "550 user unknown, mailbox is in cold storage"]
source = "our MTA"
after = "user-unknown"
"""
TOML = {"Content-Type": "application/toml"}


def test_a_rules_file_that_loads_gives_each_sample_and_its_deciding_rule(client: TestClient) -> None:
    response = client.post("/v1/rules/test", content=OWN_RULES, headers=TOML)
    assert response.status_code == 200
    assert response.json() == {
        "rules": ["cold-storage"],
        "ok": False,
        "samples": [
            {"rule": "cold-storage", "sample": "550 5.2.1 mailbox is in cold storage",
             "decided_by": "cold-storage", "ok": True},
            {"rule": "cold-storage", "sample": "550 user unknown, mailbox is in cold storage",
             "decided_by": "user-unknown", "ok": False},
        ],
    }


def test_a_bad_rules_file_is_400_with_its_problems(client: TestClient) -> None:
    response = client.post("/v1/rules/test", content=OWN_RULES.replace("(?:", "").replace(
        "'mailbox is in cold storage'", "'(cold+)+ storage'"), headers=TOML)
    assert response.status_code == 400
    body = response.json()
    assert body["problems"] == [{
        "location": "<request body>:4", "file": "<request body>", "line": 4, "rule": "cold-storage",
        "message": "the pattern can backtrack badly: an unbounded repeat inside another repeat",
    }]
    assert body["error"] == ("<request body>:4: rule 'cold-storage': the pattern can backtrack badly: "
                             "an unbounded repeat inside another repeat")
    not_toml = client.post("/v1/rules/test", content="[[rule]\n", headers=TOML)
    assert not_toml.status_code == 400 and "not valid TOML" in not_toml.json()["error"]
    wrong_type = client.post("/v1/rules/test", content=OWN_RULES, headers={"Content-Type": "image/png"})
    assert wrong_type.status_code == 415
    assert wrong_type.json() == {
        "error": "send the rules file as Content-Type: application/toml, not 'image/png'"}


def test_the_service_classifies_with_the_rules_it_was_given(tmp_path: Path) -> None:
    path = tmp_path / "own.toml"
    path.write_text(OWN_RULES.replace('after = "user-unknown"\n', "").replace(
        ', "550 user unknown, mailbox is in cold storage"', ""))
    url = f"sqlite:///{tmp_path / 'db.sqlite3'}"
    with Store.open(url) as store:
        key = store.create_key("rules")
    app = create_app(url, rules=load_rules(path), key_ttl=0)
    with TestClient(app, headers={"Authorization": f"Bearer {key}"}) as client:
        body = client.post("/v1/classify", json={"text": "550 5.2.1 mailbox is in cold storage"}).json()
        assert (body["rule"], body["reason"]) == ("cold-storage", "mailbox_inactive")


def test_the_service_classifies_webhook_texts_with_its_rules_too(tmp_path: Path) -> None:
    path = tmp_path / "own.toml"
    path.write_text(OWN_RULES.replace('after = "user-unknown"\n', "").replace(
        ', "550 user unknown, mailbox is in cold storage"', ""))
    url = f"sqlite:///{tmp_path / 'db.sqlite3'}"
    with Store.open(url) as store:
        store.set_webhook_secret("postmark", secret_for("postmark"))
    body = (b'{"RecordType": "Bounce", "Type": "HardBounce", "ID": 42, "Email": "jo@example.com", '
            b'"Details": "smtp;550 mailbox is in cold storage"}')
    assert webhooks.parse("postmark", body)[0].bounce_class == 10  # the built-in rules: Postmark's own type
    assert webhooks.parse("postmark", body, rules=load_rules(path))[0].rule == "cold-storage"
    app = create_app(url, rules=load_rules(path), key_ttl=0)
    with TestClient(app, base_url="https://bounces.example.org") as client:
        signed = sign("postmark", body, now=time.time())
        response = client.post("/v1/webhooks/postmark", content=signed.body, headers=signed.headers)
        assert response.status_code == 200, response.text
    with Store.open(url) as store:
        assert [(row.key, row.records) for row in store.stats(by="class")] == [("20", 1)]
