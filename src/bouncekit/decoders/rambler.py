"""Rambler mail (``rambler.ru``, ``lenta.ru``, ``ro.ru`` ...): the Russian notice.

Rambler's mail system writes its own notice (Russian, UTF-8 / KOI8-R / Windows-1251,
sometimes with an English copy) from a daemon address of its domains: the failure
("Ваше сообщение не может быть доставлено", "не доставлено"), the address after
``Получатель:`` / ``Адресат:`` or alone on a line, the reason after ``Причина:`` /
``Ошибка:`` in Russian, and the remote reply. Notices in Exim's or Postfix's English
template are left to those decoders.

The wording varies with the provider's versions and interfaces, so no single
sentence is matched: the provider's sender, a failure or delay statement in the
notice's language and a labelled or listed address are enough (``ProviderNotice``
in ``base``); quoted sentences above are examples of that wording.

Fixtures: tests/fixtures/decoders/rambler/*.eml.
"""

from __future__ import annotations

from bouncekit.decoders.base import ProviderNotice


class Rambler(ProviderNotice):
    name = "rambler"
    domains = ("rambler.ru", "lenta.ru", "autorambler.ru", "myrambler.ru", "ro.ru", "rambler.ua")
