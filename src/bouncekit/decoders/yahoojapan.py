"""Yahoo! JAPAN Mail (``yahoo.co.jp``, ``ybb.ne.jp``): the Japanese notice.

Yahoo! JAPAN sends the English qmail-like "failure notice" that the ``yahoo`` decoder
reads, and, for its Japanese interface, a notice in Japanese (ISO-2022-JP or UTF-8) from
``MAILER-DAEMON@yahoo.co.jp``: "お客様が送信したメールは、以下の宛先に配信できませんでした",
the address after ``宛先：`` (or alone on a line), the subject and time, the reason after
``原因：`` in Japanese on the lines below it, and the remote server's reply after
"相手先サーバーからの応答". The returned message is attached. This decoder reads the
Japanese notice, after the ``yahoo`` decoder has declined it.

Fixtures: tests/fixtures/decoders/yahoojapan/*.eml.
"""

from __future__ import annotations

from bouncekit.decoders.base import ProviderNotice


class Yahoojapan(ProviderNotice):
    name = "yahoojapan"
    domains = ("yahoo.co.jp", "ybb.ne.jp")
