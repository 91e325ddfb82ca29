"""The naver decoder (Naver Mail) on hand-written fixtures."""

import pytest

import bouncekit
from tests.conftest import decoder_fixture, person_copy

# file, record index, recipient, event, status, reply code, substring of the diagnostic
CASES = [
    ("naver-delay-ko.eml", 0, 'info@shop.example.kr', "delayed", '4.7.0', '421',
     '421 4.7.0 Try again later, closing conne'),
    ("naver-ko.eml", 0, 'kim.sora@example.co.kr', "bounce", '5.2.2', '552',
     '552 5.2.2 <kim.sora@example.co.kr>: Mail'),
]


@pytest.mark.parametrize(("file", "index", "recipient", "event", "status", "reply_code", "text"), CASES)
def test_fixture(file, index, recipient, event, status, reply_code, text):
    report = bouncekit.parse(decoder_fixture("naver", file))
    record = report.records[index]
    assert record.decoder == "naver"
    assert record.recipient == recipient
    assert str(record.event) == event
    assert record.status == status
    assert record.reply_code == reply_code
    assert text in (record.diagnostic or "")


@pytest.mark.parametrize("file", sorted({c[0] for c in CASES}))
def test_exact_recipient_set(file):
    report = bouncekit.parse(decoder_fixture("naver", file))
    assert [r.recipient for r in report.records] == [c[2] for c in CASES if c[0] == file]


def test_a_person_quoting_the_notice_is_not_read_as_one():
    data = person_copy(decoder_fixture("naver", "naver-delay-ko.eml"), "someone@example.net")
    assert bouncekit.parse(data).decoder != "naver"


def test_a_label_over_several_addresses_names_each_recipient():
    raw = (
        "From: =?utf-8?b?64Sk7J2067KEIOuplOydvA==?= <MAILER-DAEMON@naver.com>\nTo: jin@naver.com\n"
        "Subject: =?utf-8?b?66mU7J28IOuwnOyGoSDtlZzrj4Qg7LSI6rO8IOyViOuCtA==?=\n"
        "Content-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: 8bit\n\n"
        "하루 발송 한도를 초과하여 메일을 보내지 못했습니다.\n\n"
        "받는 사람: order@example.com, cs@example.org\n제목: 견적 요청\n"
        "서버 응답: 550 5.7.1 Daily sending quota exceeded\n"
    ).encode()
    records = bouncekit.parse(raw).records
    assert [(r.recipient, r.reply_code) for r in records] == [
        ("order@example.com", "550"), ("cs@example.org", "550")]
