"""NTT docomo (``docomo.ne.jp``, ``mopera.net``): the carrier's Japanese notices.

Mail refused by docomo's servers usually comes back in the sending MTA's words (with
docomo's reply, such as ``550 Unknown user``), which the MTA decoders read. docomo's own
system writes a notice when a message from or to a docomo mailbox cannot be delivered:
from ``MAILER-DAEMON`` / ``postmaster`` of a docomo domain, in Japanese (ISO-2022-JP or
Shift_JIS), saying it could not be delivered ("送信できませんでした", "宛先不明"), with the
address alone on a line or after ``宛先``, the reason after ``原因`` / ``理由``, and any
remote reply quoted below. Notices in Sendmail's English template are left to the
``sendmail`` decoder.

The wording varies with the provider's versions and interfaces, so no single
sentence is matched: the provider's sender, a failure or delay statement in the
notice's language and a labelled or listed address are enough (``ProviderNotice``
in ``base``); quoted sentences above are examples of that wording.

Fixtures: tests/fixtures/decoders/docomo/*.eml.
"""

from __future__ import annotations

from bouncekit.decoders.base import ProviderNotice


class Docomo(ProviderNotice):
    name = "docomo"
    domains = ("docomo.ne.jp", "mopera.net", "dwmail.jp", "spmode.ne.jp")
