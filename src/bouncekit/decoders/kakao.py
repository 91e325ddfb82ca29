"""Daum / Kakao Mail (``daum.net``, ``hanmail.net``, ``kakao.com``): the Korean notice.

Kakao's mail system (formerly Daum's Hanmail) sends its own notice from a daemon address
of its domains, in Korean (UTF-8 or EUC-KR): the message could not be delivered
("메일이 전달되지 않았습니다", "발송 실패"), the recipient after ``받는 사람`` / ``수신자``
or alone on a line, and the reason after ``실패 사유`` / ``원인`` with the remote
server's reply when there was one. The returned message (or its headers) is attached.
When the system adds an RFC 3464 part, its recipients are used and the Korean text
completes their reasons.

The wording varies with the provider's versions and interfaces, so no single
sentence is matched: the provider's sender, a failure or delay statement in the
notice's language and a labelled or listed address are enough (``ProviderNotice``
in ``base``); quoted sentences above are examples of that wording.

Fixtures: tests/fixtures/decoders/kakao/*.eml.
"""

from __future__ import annotations

from bouncekit.decoders.base import ProviderNotice


class Kakao(ProviderNotice):
    name = "kakao"
    domains = ("daum.net", "hanmail.net", "kakao.com", "kakaocorp.com")
