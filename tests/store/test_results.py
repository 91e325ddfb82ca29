"""The JSON forms of the store's results (what the CLI and the HTTP service print)."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from bouncekit.store import (
    AddressState,
    Alert,
    AlertKind,
    ApiKey,
    Counts,
    HistoryAction,
    HistoryEntry,
    IngestResult,
    State,
    StatRow,
)

AT = datetime(2024, 5, 1, 10, tzinfo=UTC)


def test_address_state_to_dict() -> None:
    state = AddressState(
        address="u@example.org", domain="example.org", state=State.SUPPRESSED, reason="hard: user_unknown",
        rule="hard", suppressed_at=AT, counts=Counts(hard=1), first_seen=AT,
        last_event="bounce 10 user_unknown", last_event_at=AT, last_success_at=None,
        history=(HistoryEntry(HistoryAction.SUPPRESSED, AT, "hard: user_unknown", "hard"),),
    )
    data = state.to_dict()
    assert data["state"] == "suppressed" and data["suppressed_at"] == "2024-05-01T10:00:00+00:00"
    assert data["counts"] == {"hard": 1, "soft": 0, "block": 0, "undetermined": 0, "complaint": 0,
                              "auto_reply": 0, "delayed": 0, "delivered": 0}
    assert data["history"] == [{"action": "suppressed", "at": "2024-05-01T10:00:00+00:00",
                                "reason": "hard: user_unknown", "rule": "hard"}]
    assert state.suppressed
    json.dumps(data)  # plain JSON types only


def test_other_results_to_dict() -> None:
    alert = Alert(AlertKind.DNS_DOMAIN, "gone.example", 2, "gone.example: all 2 ...")
    result = IngestResult("ab" * 32, "x.eml", False, "postfix", (), (), (alert,))
    assert json.loads(json.dumps(result.to_dict()))["alerts"] == [
        {"kind": "dns_domain", "subject": "gone.example", "count": 2, "message": "gone.example: all 2 ..."}
    ]
    assert StatRow("10", "Invalid Recipient", 3, 2, 1).to_dict() == {
        "key": "10", "label": "Invalid Recipient", "records": 3, "addresses": 2, "suppressed": 1,
    }
    key = ApiKey("ci", "bk_abcdefg", AT, None)
    assert key.active and key.to_dict()["revoked_at"] is None
