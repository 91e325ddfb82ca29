"""NetEase mail (``163.com``, ``126.com``, ``yeah.net``, ``188.com``) and other Coremail
systems.

NetEase runs Coremail, whose bounce is its own HTML notice rather than an MTA's: sent
from ``Postmaster@<domain>`` with Coremail's ``X-Coremail-*`` / ``X-CM-*`` headers and
the subject ``系统退信``, it reads "抱歉，您的邮件被退回来了……", then "原邮件信息：" with the
time (``时　间：``), subject (``主　题：``) and recipient (``收件人：<addr>``), then
``退信原因：`` and the reason in Chinese, often with the remote server's reply (``Remote
server said: 550 ...``), then ``建议解决方案：``. The English interface writes the same
layout in English. The returned message is attached; there is no RFC 3464 part.
Universities and companies on Coremail send the same notice from their own domains.

The wording varies with the provider's versions and interfaces, so no single
sentence is matched: the provider's sender, a failure or delay statement in the
notice's language and a labelled or listed address are enough (``ProviderNotice``
in ``base``); quoted sentences above are examples of that wording.

Fixtures: tests/fixtures/decoders/netease/*.eml.
"""

from __future__ import annotations

from bouncekit.decoders.base import ProviderNotice


class Netease(ProviderNotice):
    name = "netease"
    domains = ("163.com", "126.com", "yeah.net", "188.com", "netease.com", "163.net")
    headers = ("x-coremail-antispam", "x-cm-transid")
    markers = ("抱歉，您的邮件被退回来了",)
