"""Yahoo! JAPAN Mail (``yahoo.co.jp``, ``ybb.ne.jp``): the Japanese notice.

Yahoo! JAPAN sends the English qmail-like "failure notice" that the ``yahoo`` decoder
reads, and, for its Japanese interface, a notice in Japanese (ISO-2022-JP or UTF-8) from
``MAILER-DAEMON@yahoo.co.jp``: the mail could not be delivered ("配信できませんでした"),
the address after ``宛先：`` (or alone on a line), the subject and time, the reason after
``原因：`` in Japanese (on the lines below the label), and the remote server's reply.
The returned message is attached. This decoder reads the Japanese notice, after the
``yahoo`` decoder has declined it.

The wording varies with the provider's versions and interfaces, so no single
sentence is matched: the provider's sender, a failure or delay statement in the
notice's language and a labelled or listed address are enough (``ProviderNotice``
in ``base``); quoted sentences above are examples of that wording.

Fixtures: tests/fixtures/decoders/yahoojapan/*.eml.
"""

from __future__ import annotations

from bouncekit.decoders.base import ProviderNotice


class Yahoojapan(ProviderNotice):
    name = "yahoojapan"
    domains = ("yahoo.co.jp", "ybb.ne.jp")
