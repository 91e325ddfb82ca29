"""Tencent: QQ Mail (``qq.com``, ``foxmail.com``) and Tencent Exmail (``exmail.qq.com``).

Tencent's systems send their own notices rather than an MTA's: HTML (GB18030 or UTF-8)
from ``MAILER-DAEMON`` / ``postmaster`` of a Tencent domain, or of a company domain
hosted on Exmail, with Tencent's ``X-QQ-*`` headers, subjects such as ``退信`` /
``退信：<original subject>`` (or "Undelivered Mail Returned to Sender" in the English
interface). The notice says the message was returned ("很抱歉您发送的邮件被退回", "无法发送
到 <addr>"), names the recipient after ``收件人：`` or alone on a line, gives the reason
after ``退信原因`` / ``错误原因`` in Chinese, and often quotes the remote server's reply
below it ("以下是远程服务器返回的信息", "host ... said: 550 ..."); the returned message is
attached. There is no RFC 3464 part. The remote reply, when quoted, is the diagnostic;
else the Chinese reason (read by the language rules).

The wording varies with the provider's versions and interfaces, so no single
sentence is matched: the provider's sender, a failure or delay statement in the
notice's language and a labelled or listed address are enough (``ProviderNotice``
in ``base``); quoted sentences above are examples of that wording.

Fixtures: tests/fixtures/decoders/tencent/*.eml.
"""

from __future__ import annotations

from bouncekit.decoders.base import ProviderNotice


class Tencent(ProviderNotice):
    name = "tencent"
    domains = ("qq.com", "foxmail.com", "tencent.com")
    headers = ("x-qq-mime", "x-qq-mailer")
