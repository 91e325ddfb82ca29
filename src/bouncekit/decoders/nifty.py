"""@nifty (``nifty.com``, ``nifty.ne.jp``): the Japanese ISP's notice.

@nifty's mail system sends returned mail from ``postmaster`` / ``MAILER-DAEMON`` of its
domains, with a Japanese text (ISO-2022-JP) before any English: the message could not be
delivered ("以下のアドレスにメールを配信できませんでした" and similar), the addresses alone on
a line or after ``宛先`` / ``送信先``, the reason after ``原因`` / ``エラー内容`` / ``理由``,
and the remote server's reply quoted below (for mobile carriers such as docomo often
only ``550 Unknown user <addr>``). A notice written in Sendmail's or Postfix's English
template is left to those decoders.

The wording varies with the provider's versions and interfaces, so no single
sentence is matched: the provider's sender, a failure or delay statement in the
notice's language and a labelled or listed address are enough (``ProviderNotice``
in ``base``); quoted sentences above are examples of that wording.

Fixtures: tests/fixtures/decoders/nifty/*.eml.
"""

from __future__ import annotations

from bouncekit.decoders.base import ProviderNotice


class Nifty(ProviderNotice):
    name = "nifty"
    domains = ("nifty.com", "nifty.ne.jp")
