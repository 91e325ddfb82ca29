"""Naver Mail (``naver.com``, and Naver Works on ``navercorp.com``): the Korean notice.

Naver's delivery system sends its own notice from ``MAILER-DAEMON@naver.com``, with a
subject that says delivery failed (such as "메일 발송 실패"), in Korean (UTF-8 or EUC-KR,
plain text and HTML): the message was not sent ("발송되지 못했습니다"), then labelled
lines: the recipient after ``받는 사람 :``, the time and subject, the reason in Korean
after a label such as ``실패 사유 :``, and the remote server and its reply under a
details label. The returned message is attached; there is no RFC 3464 part. Delay
notices (the message is still being retried, "지연") have the same layout.

The wording varies with the provider's versions and interfaces, so no single
sentence is matched: the provider's sender, a failure or delay statement in the
notice's language and a labelled or listed address are enough (``ProviderNotice``
in ``base``); quoted sentences above are examples of that wording.

Fixtures: tests/fixtures/decoders/naver/*.eml.
"""

from __future__ import annotations

from bouncekit.decoders.base import ProviderNotice


class Naver(ProviderNotice):
    name = "naver"
    domains = ("naver.com", "navercorp.com")
