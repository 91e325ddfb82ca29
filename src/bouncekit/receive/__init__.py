"""Receiving bounces where senders get them: the bounce domain's mail server and ESP webhooks.

- :mod:`bouncekit.receive.smtpd`: ``bouncekit smtpd``, an SMTP server (aiosmtpd) for
  the return-path domain. Its handler (:class:`~bouncekit.receive.smtpd.BounceHandler`)
  is apart from the server; its replies are decided in :mod:`~bouncekit.receive.replies`;
  a message is durable in the :mod:`~bouncekit.receive.spool` before ``250``.
- :mod:`bouncekit.receive.webhooks`: one small module per ESP over a base that
  verifies, then parses, into one normalised event type
  (:class:`~bouncekit.receive.webhooks.base.WebhookEvent`); the public face is
  :mod:`bouncekit.webhooks`.
- :mod:`bouncekit.receive.handoff`: the one place where received messages and events
  are handed to the store, or (``smtpd --enqueue``) to the queue.
"""
