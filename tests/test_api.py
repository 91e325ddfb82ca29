import email

import pytest

import bouncekit
from bouncekit import BounceClass, BounceError, Event, Reason
from tests.conftest import corpus_bytes


def test_seed_example_text_beats_status_code():
    result = bouncekit.classify("550 5.7.1 No such user! 1683454980-0NPfrE8P9Cg0-eRlBSO3h")
    assert result.bounce_class is BounceClass.INVALID_RECIPIENT
    assert result.reason is Reason.USER_UNKNOWN
    assert result.status == "5.7.1"
    assert result.reply_code == "550"
    assert result.rule == "user-unknown"


def test_classify_to_dict_keys():
    d = bouncekit.classify("552 5.2.2 Mailbox full").to_dict()
    assert set(d) == {"class", "class_name", "type", "reason", "rule", "status", "reply_code"}
    assert (d["class"], d["type"], d["reason"]) == (22, "soft", "mailbox_full")


def test_classify_falls_back_to_status_then_reply_then_undetermined():
    assert bouncekit.classify("zzz", status="5.1.1").rule == "status:X.1.1"
    assert bouncekit.classify("552 zzz").rule == "reply:552"
    undetermined = bouncekit.classify("zzz")
    assert undetermined.bounce_class is BounceClass.UNDETERMINED
    assert undetermined.rule == "undetermined"


def test_classify_multiline_reply():
    text = (
        "550-5.1.1 The email account that you tried to reach does not exist. Please try\n"
        "550-5.1.1 double-checking the recipient's email address for typos or\n"
        "550 5.1.1 unnecessary spaces. https://support.google.com/mail/?p=NoSuchUser - gsmtp"
    )
    result = bouncekit.classify(text)
    assert (result.reply_code, result.status, result.reason) == ("550", "5.1.1", Reason.USER_UNKNOWN)


def test_classify_rejects_non_text():
    with pytest.raises(BounceError, match="str"):
        bouncekit.classify(b"550 5.1.1")  # type: ignore[arg-type]


def test_parse_accepts_bytes_str_and_message():
    raw = corpus_bytes("lhost-postfix-03.eml")
    from_bytes = bouncekit.parse(raw)
    from_str = bouncekit.parse(raw.decode("utf-8", "replace"))
    from_message = bouncekit.parse(email.message_from_bytes(raw))
    assert [r.to_dict() for r in from_bytes.records] == [r.to_dict() for r in from_str.records]
    assert [r.to_dict() for r in from_bytes.records] == [
        r.to_dict() for r in from_message.records
    ]
    assert from_bytes.is_bounce


def test_record_json_has_every_taxonomy_key():
    record = bouncekit.parse(corpus_bytes("lhost-postfix-03.eml")).records[0]
    keys = {
        "event", "recipient", "class", "class_name", "type", "reason", "status", "reply_code",
        "diagnostic", "remote_mta", "reporting_mta", "original_message_id", "original_sender",
        "date", "feedback_type", "decoder", "rule",
    }
    assert keys <= set(record.to_dict())
    assert record.event is Event.BOUNCE
    assert record.recipient == "kijitora@example.net"


def test_not_a_bounce_gives_empty_report():
    report = bouncekit.parse(corpus_bytes("not-bounces/is-not-bounce-01.eml"))
    assert report.records == ()
    assert not report.is_bounce


@pytest.mark.parametrize("bad", [b"", b"   \n", 42, None])
def test_unreadable_input_raises_bounce_error(bad):
    with pytest.raises(BounceError):
        bouncekit.parse(bad)


def test_classes_table_is_data():
    codes = [c.code for c in bouncekit.CLASSES]
    assert codes == sorted(codes)
    assert {10, 20, 21, 22, 23, 24, 30, 40, 50, 51, 52, 53, 54, 60, 70, 100, 1} == set(codes)
    assert all(isinstance(c.to_dict()["type"], str) for c in bouncekit.CLASSES)
