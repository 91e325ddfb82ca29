"""The tencent decoder (Tencent QQ Mail and Exmail) on hand-written fixtures."""

import pytest

import bouncekit
from tests.conftest import decoder_fixture, person_copy

# file, record index, recipient, event, status, reply code, substring of the diagnostic
CASES = [
    ("exmail-table.eml", 0, 'sales@partner.example.com', "bounce", '5.2.2', '552',
     '552 5.2.2 Mailbox full'),
    ("exmail-table.eml", 1, 'zhang.min@huaxin.example', "bounce", None, None,
     '收件人域名不存在 (DNS lookup failed: huaxin.exam'),
    ("qq-zh-gb18030.eml", 0, 'li.wei@example.cn', "bounce", '5.1.1', '550',
     '550 5.1.1 <li.wei@example.cn>: Recipient'),
]


@pytest.mark.parametrize(("file", "index", "recipient", "event", "status", "reply_code", "text"), CASES)
def test_fixture(file, index, recipient, event, status, reply_code, text):
    report = bouncekit.parse(decoder_fixture("tencent", file))
    record = report.records[index]
    assert record.decoder == "tencent"
    assert record.recipient == recipient
    assert str(record.event) == event
    assert record.status == status
    assert record.reply_code == reply_code
    assert text in (record.diagnostic or "")


@pytest.mark.parametrize("file", sorted({c[0] for c in CASES}))
def test_exact_recipient_set(file):
    report = bouncekit.parse(decoder_fixture("tencent", file))
    assert [r.recipient for r in report.records] == [c[2] for c in CASES if c[0] == file]


def test_a_person_quoting_the_notice_is_not_read_as_one():
    data = person_copy(decoder_fixture("tencent", "exmail-table.eml"), "someone@example.net")
    assert bouncekit.parse(data).decoder != "tencent"


def test_advice_to_try_again_later_is_not_a_delay():
    # "建议您稍后重试" (we suggest you try again later) advises the sender; Tencent did not retry.
    raw = (
        "From: postmaster@exmail.qq.com\nTo: jo@example.org\nSubject: 退信通知 / Undelivered Mail\n"
        "X-QQ-MIME: TCMime 1.0 by Tencent\nContent-Type: text/plain; charset=utf-8\n\n"
        "很抱歉，您的邮件未能送达以下收件人。\n\n收件人 / Recipient: ann@example.net\n"
        "退信原因 / Reason: 收件人邮箱已满\n对方服务器返回 / Remote server reply:\n"
        "  mx.example.net[203.0.113.140]: 552 5.2.2 <ann@example.net>: Mailbox full\n\n"
        "建议您稍后重试，或通过其他方式联系收件人。\n"
    ).encode()
    [record] = bouncekit.parse(raw).records
    assert (record.recipient, str(record.event)) == ("ann@example.net", "bounce")
    assert int(record.bounce_class) == 22
