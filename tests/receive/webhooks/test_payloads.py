"""Every ESP's documented payload shapes, through the library: events, recipients, classes.

The table is ``tests/fixtures/webhooks/expected.json``: per fixture, the records in order
as ``[event, recipient, class]``.
"""

from __future__ import annotations

import json
import urllib.parse
from pathlib import Path

import orjson
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bouncekit import webhooks
from bouncekit.model import Basis, BounceClass, Event
from bouncekit.receive.webhooks import REGISTRY

FIXTURES = Path(__file__).parents[2] / "fixtures" / "webhooks"
EXPECTED: dict[str, list[list]] = json.loads((FIXTURES / "expected.json").read_text())


def _content_type(name: str) -> str:
    return "application/x-www-form-urlencoded" if name.endswith(".form") else "application/json"


def test_every_esp_has_documented_payloads() -> None:
    assert {name.partition("/")[0] for name in EXPECTED} == set(webhooks.ESPS)
    files = {str(p.relative_to(FIXTURES)) for p in FIXTURES.rglob("*") if p.suffix in (".json", ".form")}
    assert files - {"expected.json"} == set(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_payload(name: str) -> None:
    esp = name.partition("/")[0]
    records = webhooks.parse(esp, (FIXTURES / name).read_bytes(), content_type=_content_type(name))
    got = [
        [str(r.event), r.recipient, int(r.bounce_class) if r.bounce_class is not None else None]
        for r in records
    ]
    assert got == EXPECTED[name]
    for record in records:
        assert record.decoder == f"webhook:{esp}"
        assert record.date is not None and record.date[:4] in ("2024", "2026")
        assert record.original_message_id
        if record.event in (Event.DELIVERED, Event.COMPLAINT):
            assert record.classification is None
        else:
            assert record.classification is not None and record.rule


def test_sparkpost_bounce_class_is_the_class_with_basis_esp() -> None:
    records = webhooks.parse("sparkpost", (FIXTURES / "sparkpost/batch.json").read_bytes())
    bounce = records[0]
    assert (bounce.bounce_class, bounce.basis, bounce.rule) == (
        BounceClass.INVALID_RECIPIENT,
        Basis.ESP,
        "esp:sparkpost:class-10",
    )
    assert (bounce.status, bounce.reply_code) == ("5.1.1", "550")
    assert bounce.diagnostic == "550 5.1.1 <jo@example.com>... User unknown"
    assert bounce.original_message_id == "000443ee14578172be22"
    assert bounce.date == "2024-05-06T10:00:00+00:00"


def test_the_esp_category_decides_where_the_text_names_no_cause() -> None:
    records = webhooks.parse("amazon_ses", (FIXTURES / "amazon_ses/bounce_two_recipients.json").read_bytes())
    assert [(r.basis, r.rule) for r in records] == [
        (Basis.TEXT, "mailbox-full"),
        (Basis.ESP, "esp:amazon_ses:Transient/MailboxFull"),
    ]


def test_complaints_keep_their_feedback_type() -> None:
    ses = webhooks.parse("amazon_ses", (FIXTURES / "amazon_ses/complaint.json").read_bytes())
    spark = webhooks.parse("sparkpost", (FIXTURES / "sparkpost/batch.json").read_bytes())
    assert ses[0].feedback_type == "abuse"
    assert [r.feedback_type for r in spark if r.event is Event.COMPLAINT] == ["abuse"]


def test_ses_reporting_mta_and_sender() -> None:
    record = webhooks.parse("amazon_ses", (FIXTURES / "amazon_ses/bounce_permanent.json").read_bytes())[0]
    assert record.reporting_mta == "a8-30.smtp-out.amazonses.com"
    assert record.original_sender == "news@sender.example"


def test_sns_subscription_confirmation_gives_the_url_and_no_events() -> None:
    payload = webhooks.parse_events(
        "amazon_ses", (FIXTURES / "amazon_ses/subscription_confirmation.json").read_bytes()
    )
    assert payload.events == ()
    assert payload.subscribe_url.startswith("https://sns.us-east-1.amazonaws.com/?Action=ConfirmSubscription")


def test_events_keep_their_ids_and_raw_events() -> None:
    body = (FIXTURES / "sendgrid/batch.json").read_bytes()
    payload = webhooks.parse_events("sendgrid", body)
    assert [e.event_id for e in payload.events][:3] == ["sg-processed-1", "sg-deferred-1", "sg-delivered-1"]
    assert payload.events[0].records == ()  # processed: no record
    assert payload.events[3].raw["bounce_classification"] == "Invalid Address"
    again = webhooks.parse_events("sendgrid", body)
    assert [e.key for e in again.events] == [e.key for e in payload.events]
    assert len({e.key for e in payload.events}) == len(payload.events)


def test_events_without_an_esp_id_are_keyed_by_their_content() -> None:
    body = (FIXTURES / "mailjet/grouped.json").read_bytes()
    events = webhooks.parse_events("mailjet", body).events
    assert all(e.event_id.startswith("sha256:") for e in events)
    assert len({e.key for e in events}) == len(events)
    one = webhooks.parse_events("mailjet", orjson.dumps(json.loads(body)[1])).events[0]
    assert one.key == events[1].key  # the same event alone or in a batch: the same key


def test_mailgun_legacy_form() -> None:
    form = urllib.parse.urlencode(
        {
            "event": "bounced",
            "recipient": "jo@example.com",
            "code": "550",
            "error": "5.1.1 The email account that you tried to reach does not exist",
            "Message-Id": "<20240506100000.1.ABCDEF@mg.sender.example>",
            "timestamp": "1714989600",
            "token": "tok",
            "signature": "sig",
            "body-plain": "the whole bounce",
        }
    ).encode()
    payload = webhooks.parse_events("mailgun", form, content_type="application/x-www-form-urlencoded")
    (record,) = payload.records
    assert (record.event, record.recipient, record.bounce_class, record.reply_code) == (
        Event.BOUNCE,
        "jo@example.com",
        BounceClass.INVALID_RECIPIENT,
        "550",
    )
    assert "body-plain" not in payload.events[0].raw
    dropped = form.replace(b"event=bounced", b"event=dropped")
    assert webhooks.parse("mailgun", dropped)[0].event is Event.REJECTED


def test_sparkpost_ping_and_unknown_event_classes() -> None:
    assert webhooks.parse_events("sparkpost", b'[{"msys": {}}]').events == ()
    relay = b'[{"msys": {"relay_event": {"type": "relay_injection", "event_id": "1"}}}]'
    assert webhooks.parse("sparkpost", relay) == []


def test_mandrill_events_as_json_too() -> None:
    form = (FIXTURES / "mandrill/events.form").read_text()
    events = urllib.parse.parse_qs(form)["mandrill_events"][0]
    assert len(webhooks.parse("mandrill", events.encode(), content_type="application/json")) == 5


def test_a_recipient_that_is_no_address_is_kept_as_written() -> None:
    record = webhooks.parse("postmark", (FIXTURES / "postmark/bounce_bad_address.json").read_bytes())[0]
    assert record.recipient == "not-an-address@"


def test_unknown_esp_is_404() -> None:
    with pytest.raises(webhooks.UnknownEspError) as caught:
        webhooks.parse("hotmail", b"{}")
    assert caught.value.http_status == 404
    assert "sendgrid" in str(caught.value)


@pytest.mark.parametrize("esp", webhooks.ESPS)
@pytest.mark.parametrize("body", [b"", b"{not json", b"\xff\xfe"])
def test_malformed_bodies_are_400_naming_the_esp(esp: str, body: bytes) -> None:
    with pytest.raises(webhooks.PayloadError) as caught:
        webhooks.parse(esp, body, content_type="application/json")
    assert caught.value.http_status == 400
    assert str(caught.value).startswith(f"{esp}: ")


@pytest.mark.parametrize(
    ("esp", "body", "problem"),
    [
        ("amazon_ses", b'{"Type": "Notification", "Message": "not json"}', "SNS Message is not an SES"),
        ("amazon_ses", b'{"hello": 1}', "neither an SNS message"),
        ("mailgun", b'{"signature": {}}', "no event-data"),
        ("sendgrid", b'[{"event": "bounce"}, 7]', "event 2 is not a JSON object"),
        ("unisender_go", b'{"auth": "x"}', "no events_by_user"),
        ("mandrill", b"other=1", "no mandrill_events"),
        ("mailtrap", b'{"events": 5}', "no events array"),
    ],
)
def test_malformed_payloads_name_the_problem(esp: str, body: bytes, problem: str) -> None:
    with pytest.raises(webhooks.PayloadError, match=problem):
        webhooks.parse(esp, body)


def test_a_body_must_be_bytes_or_str() -> None:
    with pytest.raises(webhooks.PayloadError, match="bytes or str"):
        webhooks.parse("sendgrid", 42)  # type: ignore[arg-type]
    assert webhooks.parse("sendgrid", '[{"event": "delivered", "email": "jo@example.com"}]')


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(
            st.sampled_from(
                [
                    "event",
                    "type",
                    "email",
                    "msys",
                    "message_event",
                    "data",
                    "events",
                    "Type",
                    "Message",
                    "RecordType",
                    "event-data",
                    "bounce",
                    "recipient",
                    "payload",
                    "events_by_user",
                    "bounce_class",
                    "reason",
                    "timestamp",
                ]
            )
            | st.text(max_size=8),
            inner,
            max_size=5,
        )
    ),
    max_leaves=20,
)


@settings(max_examples=300, deadline=None)
@given(esp=st.sampled_from(sorted(REGISTRY)), value=json_values)
def test_any_json_parses_or_raises_a_payload_error(esp: str, value: object) -> None:
    """The invariant guarding the parsers: records, or the library's own error; nothing else."""
    body = json.dumps(value).encode()
    try:
        records = webhooks.parse(esp, body)
    except webhooks.PayloadError:
        return
    assert all(r.decoder == f"webhook:{esp}" for r in records)


def test_mailgun_legacy_multipart_form() -> None:
    boundary = "b0undary"
    fields = {
        "event": "bounced",
        "recipient": "jo@example.com",
        "code": "550",
        "error": "5.1.1 user unknown",
        "Message-Id": "<1@mg.sender.example>",
        "token": "tok",
        "timestamp": "1714989600",
        "signature": "sig",
    }
    parts = [
        f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'
        for k, v in fields.items()
    ]
    parts.append(
        f'--{boundary}\r\nContent-Disposition: form-data; name="attachment-1"; filename="m.eml"\r\n'
        "Content-Type: message/rfc822\r\n\r\nSubject: x\r\n\r\n"
    )
    body = ("".join(parts) + f"--{boundary}--\r\n").encode()
    content_type = f"multipart/form-data; boundary={boundary}"
    for declared in (content_type, None):
        (record,) = webhooks.parse("mailgun", body, content_type=declared)
        assert (record.event, record.recipient, record.bounce_class) == (
            Event.BOUNCE,
            "jo@example.com",
            BounceClass.INVALID_RECIPIENT,
        )
        assert record.original_message_id == "<1@mg.sender.example>"


def test_postmark_payloads_from_before_record_type() -> None:
    bounce = {
        "ID": 42,
        "Type": "HardBounce",
        "TypeCode": 1,
        "Email": "jo@example.com",
        "BouncedAt": "2018-05-06T10:00:00Z",
        "Details": "smtp;550 5.1.1 user unknown",
        "MessageID": "m1",
    }
    delivery = {"MessageID": "m2", "Recipient": "ann@example.net", "DeliveredAt": "2018-05-06T10:00:00Z"}
    assert [(r.event, r.recipient) for r in webhooks.parse("postmark", json.dumps(bounce))] == [
        (Event.BOUNCE, "jo@example.com")
    ]
    assert [(r.event, r.recipient) for r in webhooks.parse("postmark", json.dumps(delivery))] == [
        (Event.DELIVERED, "ann@example.net")
    ]


def test_sparkpost_events_without_their_wrappers() -> None:
    event = {
        "type": "bounce",
        "bounce_class": "22",
        "rcpt_to": "ann@example.net",
        "event_id": "e1",
        "raw_reason": "452 4.2.2 Mailbox full",
        "timestamp": "1714989600",
    }
    for body in (json.dumps([event]), json.dumps([{"message_event": event}])):
        assert [(r.event, r.recipient, r.bounce_class) for r in webhooks.parse("sparkpost", body)] == [
            (Event.BOUNCE, "ann@example.net", BounceClass.MAILBOX_FULL)
        ]


def test_the_event_limit_of_one_request_at_its_edge() -> None:
    from bouncekit.receive.webhooks.base import MAX_EVENTS

    event = {"event": "delivered", "email": "jo@example.com", "sg_event_id": "x"}
    assert len(webhooks.parse_events("sendgrid", json.dumps([event] * MAX_EVENTS)).events) == MAX_EVENTS
    with pytest.raises(webhooks.PayloadError, match=f"more than {MAX_EVENTS}"):
        webhooks.parse("sendgrid", json.dumps([event] * (MAX_EVENTS + 1)))


def _one(esp: str, body: object, content_type: str = "application/json"):
    form = content_type.endswith("urlencoded")
    data = urllib.parse.urlencode(body).encode() if form else orjson.dumps(body)
    return webhooks.parse(esp, data, content_type=content_type)


def test_an_address_the_esp_calls_invalid_is_kept_as_written():
    # Never cut to the valid address inside it ("in@example.org"), which would be suppressed.
    records = _one("sendgrid", [{"email": "spaces in@example.org", "event": "dropped", "reason": "Invalid",
                                 "timestamp": 1700000000, "sg_event_id": "e1"}])
    assert [(r.recipient, str(r.event)) for r in records] == [("spaces in@example.org", "rejected")]


def test_mailgun_legacy_dropped_after_retries_is_a_bounce_not_a_refusal():
    form = {"event": "dropped", "recipient": "jo@example.org", "reason": "old", "code": "421",
            "description": "Too old: Connection to mx.example.org timed out", "timestamp": "1500000000"}
    (record,) = _one("mailgun", form, "application/x-www-form-urlencoded")
    assert (str(record.event), int(record.bounce_class)) == ("bounce", 24)
    (refused,) = _one("mailgun", {**form, "reason": "hardfail", "description": "Not delivering to previously "
                                  "bounced address"}, "application/x-www-form-urlencoded")
    assert (str(refused.event), int(refused.bounce_class)) == ("rejected", 10)


def test_postmark_inbound_error_gives_no_record():
    body = {"RecordType": "Bounce", "Type": "InboundError", "TypeCode": 100008, "ID": 1,
            "Email": "support@inbound.example.com", "Description": "Unable to deliver inbound message",
            "BouncedAt": "2024-01-09T01:02:03Z", "MessageID": "m1"}
    assert _one("postmark", body) == []


@pytest.mark.parametrize(
    ("esp", "body", "want"),
    [
        # SES accepted but did not send: the address is suppressed after a complaint.
        ("amazon_ses", {"notificationType": "Complaint", "mail": {"messageId": "m1"},
                        "complaint": {"complaintSubType": "OnAccountSuppressionList",
                                      "timestamp": "2024-08-08T18:00:31Z",
                                      "complainedRecipients": [{"emailAddress": "jo@example.net"}]}}, 50),
        # Mailjet's preblock: an address that recently bounced, not tried.
        ("mailjet", {"event": "blocked", "email": "jo@example.com", "time": 1673344800, "MessageID": 1,
                     "error_related_to": "mailjet", "error": "preblocked"}, 10),
        # Mailjet's "blacklisted": the account's own exclusion list, not a DNSBL.
        ("mailjet", {"event": "blocked", "email": "jo@example.com", "time": 1673344800, "MessageID": 2,
                     "error_related_to": "recipient", "error": "blacklisted"}, 50),
        # Postal holds a message to a suppressed address: its words name the list.
        ("postal", {"event": "MessageHeld", "uuid": "u1", "payload": {
            "message": {"to": "jo@example.com", "message_id": "m@example.com"}, "status": "Held",
            "details": "Recipient (jo@example.com) is on the suppression list (reason: too many hard fails)",
            "output": "", "timestamp": 1714000000.75}}, 10),
    ],
)
def test_sending_services_own_refusals_take_the_class_of_their_list(esp, body, want):
    (record,) = _one(esp, body)
    assert (str(record.event), int(record.bounce_class)) == ("rejected", want)


def test_an_ses_rendering_failure_is_a_refusal_for_the_senders_own_error():
    body = {"eventType": "Rendering Failure", "mail": {"messageId": "m1", "timestamp": "2023-05-05T05:05:05Z",
                                                        "destination": ["jo@example.org"]},
            "failure": {"errorMessage": "Attribute 'firstName' is not present in the rendering data.",
                        "templateName": "Alert"}}
    (record,) = _one("amazon_ses", body)
    assert (str(record.event), int(record.bounce_class)) == ("rejected", 40)


def _sparkpost(bounce_class: str, reason: str, kind: str = "bounce") -> bytes:
    event = {"type": kind, "bounce_class": bounce_class, "rcpt_to": "jo@example.com", "raw_reason": reason,
             "event_id": "1", "timestamp": "1715000000"}
    return orjson.dumps([{"msys": {"message_event": event}}])


def test_an_esp_class_that_names_no_cause_gives_way_to_the_texts_cause() -> None:
    relay = "554 5.7.1 <jo@example.com>: Relay access denied"
    [generic] = webhooks.parse("sparkpost", _sparkpost("40", relay))
    assert (generic.bounce_class, generic.rule) == (BounceClass.RELAYING_DENIED, "relay-denied")
    [specific] = webhooks.parse("sparkpost", _sparkpost("10", relay))
    assert (specific.bounce_class, specific.basis) == (BounceClass.INVALID_RECIPIENT, Basis.ESP)
    [reply] = webhooks.parse("sparkpost", _sparkpost("60", "Out of office until Monday", "out_of_band"))
    assert (reply.event, reply.bounce_class) == (Event.AUTO_REPLY, BounceClass.AUTO_REPLY)


def test_mailguns_json_failure_after_its_retries_is_expired() -> None:
    body = orjson.dumps({"signature": {}, "event-data": {
        "event": "failed", "severity": "permanent", "reason": "old", "recipient": "jo@example.com",
        "delivery-status": {"code": 498, "message": "Too old", "description": "Too old"}}})
    [record] = webhooks.parse("mailgun", body)
    assert (record.event, record.bounce_class) == (Event.BOUNCE, BounceClass.TIMEOUT)


def test_ses_events_delivered_by_a_firehose_stream() -> None:
    import base64

    events = [{"eventType": "Bounce", "mail": {"messageId": "m1", "destination": ["jo@example.com"]},
               "bounce": {"bounceType": "Permanent", "bounceSubType": "General",
                          "bouncedRecipients": [{"emailAddress": "jo@example.com",
                                                 "diagnosticCode": "smtp; 550 5.1.1 user unknown"}]}},
              {"eventType": "Open", "mail": {"messageId": "m2"}, "open": {}}]
    records = [{"data": base64.b64encode(orjson.dumps(e) + b"\n").decode()} for e in events]
    body = orjson.dumps({"requestId": "r1", "timestamp": 1715000000000, "records": records})
    [record] = webhooks.parse("amazon_ses", body)
    assert (record.recipient, record.event, record.bounce_class) == (
        "jo@example.com", Event.BOUNCE, BounceClass.INVALID_RECIPIENT)
    bad = orjson.dumps({"requestId": "r1", "records": [{"data": "not base64!"}]})
    with pytest.raises(webhooks.PayloadError, match="Firehose record 0 is not base64"):
        webhooks.parse("amazon_ses", bad)
