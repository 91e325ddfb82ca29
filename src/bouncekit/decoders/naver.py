"""Naver Mail (``naver.com``, and Naver Works on ``navercorp.com``): the Korean notice.

Naver's delivery system sends its own notice from ``MAILER-DAEMON@naver.com``, with a
subject that says delivery failed (``[메일 발송 실패] <subject>``, "메일 전송 실패"), in
Korean (UTF-8 or EUC-KR, plain text and HTML): "보내신 메일이 ... 발송되지 못했습니다",
then labelled lines: the recipient after ``받는 사람 :``, the time and subject, the reason
after ``실패 사유 :`` / ``실패 이유 :`` in Korean, and under ``상세 정보`` the remote server
and its reply. The returned message is attached; there is no RFC 3464 part. Delay
notices ("발송이 지연되고 있습니다", will be retried) have the same layout.

Fixtures: tests/fixtures/decoders/naver/*.eml.
"""

from __future__ import annotations

from bouncekit.decoders.base import ProviderNotice


class Naver(ProviderNotice):
    name = "naver"
    domains = ("naver.com", "navercorp.com")
