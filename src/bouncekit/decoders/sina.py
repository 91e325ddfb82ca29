"""Sina mail (``sina.com``, ``sina.cn``, ``vip.sina.com``): the provider's Chinese notices.

Sina's delivery system sends its notice from ``MAILER-DAEMON`` of a Sina domain, with a
subject such as ``退信通知`` or ``邮件投递失败``, in Chinese (GB2312/GBK or UTF-8): the
message "未能投递到以下收件人" / "无法送达", the recipient alone on a line or after ``收件人：``,
and the reason after ``原因：``, often followed by the remote server's words in English
(a reply, or an MTA's own reason such as a timeout); the returned message or its headers
are attached. There is no RFC 3464 part in the Chinese notices.

The wording varies with the provider's versions and interfaces, so no single
sentence is matched: the provider's sender, a failure or delay statement in the
notice's language and a labelled or listed address are enough (``ProviderNotice``
in ``base``); quoted sentences above are examples of that wording.

Fixtures: tests/fixtures/decoders/sina/*.eml.
"""

from __future__ import annotations

from bouncekit.decoders.base import ProviderNotice


class Sina(ProviderNotice):
    name = "sina"
    domains = ("sina.com", "sina.cn", "sina.com.cn", "sina.net")
