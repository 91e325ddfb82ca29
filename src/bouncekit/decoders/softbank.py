"""SoftBank (``softbank.ne.jp``, ``i.softbank.jp``, the former ``*.vodafone.ne.jp``,
``disney.ne.jp``): the Japanese carrier's notices.

SoftBank's mail system sends its own notice of mail it could not deliver, or is still
trying to deliver, from a daemon address of its domains, in Japanese (ISO-2022-JP or
UTF-8): the failure ("送信できませんでした", "配信できませんでした") or the delay
("配信が遅延しています", still being retried), the address alone on a line or after
``宛先`` / ``送信先``, the reason after ``原因`` / ``エラー内容``, and the remote reply
when there is one. Notices in an MTA's English template are left to that decoder.

The wording varies with the provider's versions and interfaces, so no single
sentence is matched: the provider's sender, a failure or delay statement in the
notice's language and a labelled or listed address are enough (``ProviderNotice``
in ``base``); quoted sentences above are examples of that wording.

Fixtures: tests/fixtures/decoders/softbank/*.eml.
"""

from __future__ import annotations

from bouncekit.decoders.base import ProviderNotice


class Softbank(ProviderNotice):
    name = "softbank"
    domains = ("softbank.ne.jp", "i.softbank.jp", "vodafone.ne.jp", "disney.ne.jp")
