"""``bouncekit smtpd``: the mail server of the return-path (bounce) domain.

Three parts, each replaceable:

- :class:`BounceHandler`, the aiosmtpd handler: accepts RCPT for the bounce domains
  only (never an open relay), writes each message durably to the :class:`Spool` and
  only then answers ``250``; with a :class:`~bouncekit.receive.handoff.QueueHandoff`
  (``--enqueue``) it puts each message on the queue instead and answers ``250`` once
  the broker confirmed it, ``451`` when it did not (the sending MTA keeps the message
  and tries again: nothing acknowledged is lost, and nothing is spooled);
- :class:`SmtpServer`: the listening socket, the limits aiosmtpd does not enforce
  itself (connections), STARTTLS, and a clean stop on SIGTERM/SIGINT;
- :class:`Ingester`: a thread that hands spooled messages to the store (through a
  :data:`~bouncekit.receive.handoff.MessageHandoff`) and forgets them once committed;
  on start it replays whatever a previous run left in the spool (to the queue, with
  ``--enqueue``).

Every limit is a named constant below, documented in the README and tested at its edge.
"""

from __future__ import annotations

import asyncio
import logging
import re
import signal
import ssl
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from aiosmtpd.smtp import SMTP, Envelope, Session

from bouncekit.address import normalize
from bouncekit.errors import AddressError, BounceError, MessageTooLargeError
from bouncekit.queue.settings import QueueError
from bouncekit.receive.handoff import Handed, MessageHandoff, Outcome, QueueHandoff
from bouncekit.receive.replies import Reply, rewrite
from bouncekit.receive.spool import Spool, SpoolError

_log = logging.getLogger(__name__)

#: Largest message accepted (``552 5.3.4`` above it): 10 MiB, far above any bounce.
MAX_MESSAGE_SIZE = 10 * 1024 * 1024
#: Most simultaneous connections (``421 4.3.2`` to the next one).
MAX_CONNECTIONS = 200
#: Longest line of a message, CRLF included (``500 5.5.2`` above it). RFC 5321 says
#: 1000, but broken MTAs send longer lines and a refused bounce is lost for good.
MAX_LINE = 8192
#: Longest command line, without its CRLF (RFC 5321 section 4.5.3.1.4: 512 with it).
MAX_COMMAND = 512
#: Most recipients of one message (RFC 5321 section 4.5.3.1.8 says at least 100).
MAX_RECIPIENTS = 100
#: Seconds a client may stay silent before the connection is closed.
IDLE_TIMEOUT = 300.0
#: Messages handed to the store per transaction.
INGEST_BATCH = 200
#: Attempts to store a message before it goes to ``failed/`` (the database refused it).
MAX_ATTEMPTS = 5
#: ``--enqueue``: seconds to wait for the broker to confirm a message before answering
#: ``451`` (the publish may still land: the sender's retry is then a duplicate, stored once).
QUEUE_WAIT = 30.0

# One label of a host name, and an address literal (RFC 5321 section 4.1.3).
_LABEL = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?")
_LITERAL = re.compile(r"\[(?:\d{1,3}(?:\.\d{1,3}){3}|IPv6:[0-9A-Fa-f:.]{2,45})\]")


def is_helo_name(name: str) -> bool:
    """Whether a HELO/EHLO name is a fully-qualified host name or an address literal."""
    if _LITERAL.fullmatch(name):
        return True
    labels = name.removesuffix(".").split(".")
    return (
        len(name) <= 253
        and len(labels) >= 2
        and labels[-1].isascii()
        and labels[-1].isalpha()
        and all(len(label) <= 63 and _LABEL.fullmatch(label) for label in labels)
    )


@dataclass(frozen=True, slots=True)
class SmtpdConfig:
    """How ``bouncekit smtpd`` runs; every limit has the default of the constant of its name."""

    domains: tuple[str, ...]
    spool: Path
    host: str = "127.0.0.1"
    port: int = 25
    hostname: str | None = None
    max_message_size: int = MAX_MESSAGE_SIZE
    max_connections: int = MAX_CONNECTIONS
    max_line: int = MAX_LINE
    max_recipients: int = MAX_RECIPIENTS
    idle_timeout: float = IDLE_TIMEOUT
    queue_wait: float = QUEUE_WAIT
    tls_cert: Path | None = None
    tls_key: Path | None = None
    check_helo: bool = False
    domains_normal: frozenset[str] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        if not self.domains:
            raise BounceError("smtpd needs at least one bounce domain (--domain)")
        normal = set()
        for domain in self.domains:
            try:
                normal.add(normalize(f"postmaster@{domain}").partition("@")[2])
            except AddressError:
                raise BounceError(f"not a domain name: {domain!r}") from None
        object.__setattr__(self, "domains_normal", frozenset(normal))
        if (self.tls_cert is None) != (self.tls_key is None):
            raise BounceError("STARTTLS needs both --tls-cert and --tls-key")

    def tls_context(self) -> ssl.SSLContext | None:
        """The server TLS context for STARTTLS, or None without a certificate."""
        if self.tls_cert is None or self.tls_key is None:
            return None
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        try:
            context.load_cert_chain(self.tls_cert, self.tls_key)
        except (OSError, ssl.SSLError) as exc:
            raise BounceError(f"cannot load the TLS certificate {self.tls_cert}: {exc}") from None
        return context


class BounceHandler:
    """The aiosmtpd handler: who may be mailed, and a message durable before ``250``.

    ``wake`` is called after each spooled message (the ingester's signal). With
    ``queue``, messages go to the queue instead of the spool: durable on the broker
    before ``250``.
    """

    def __init__(
        self,
        config: SmtpdConfig,
        spool: Spool,
        wake: Callable[[], None],
        writer: ThreadPoolExecutor | None = None,
        *,
        queue: QueueHandoff | None = None,
    ) -> None:
        self.config = config
        self.spool = spool
        self.wake = wake
        self.queue = queue
        # fsync and the broker's confirm block: they run in threads so that the event
        # loop keeps serving.
        self._writer = writer

    def recipient_reply(self, address: str, accepted: int) -> Reply:
        """The reply to ``RCPT TO:<address>`` after ``accepted`` recipients."""
        if accepted >= self.config.max_recipients:
            return Reply.TOO_MANY_RECIPIENTS
        try:
            domain = normalize(address.strip().strip("<>")).partition("@")[2]
        except AddressError:
            return Reply.BAD_RECIPIENT
        return Reply.RECIPIENT_OK if domain in self.config.domains_normal else Reply.RELAY_DENIED

    def helo_reply(self, hostname: str) -> Reply | None:
        """None when the HELO/EHLO name is acceptable (always, unless checks are on)."""
        if not self.config.check_helo or is_helo_name(hostname):
            return None
        return Reply.BAD_HELO

    async def handle_HELO(self, server: SMTP, session: Session, envelope: Envelope, hostname: str) -> str:
        """aiosmtpd's HELO hook: the greeting, or a refusal when HELO checks are on."""
        refused = self.helo_reply(hostname)
        if refused is not None:
            return refused.text()
        session.host_name = hostname
        return Reply.HELO_OK.text(host=server.hostname)

    async def handle_EHLO(
        self, server: SMTP, session: Session, envelope: Envelope, hostname: str, responses: list[str]
    ) -> list[str]:
        """aiosmtpd's EHLO hook: the extensions, or a refusal when HELO checks are on."""
        refused = self.helo_reply(hostname)
        if refused is not None:
            return [refused.text()]
        session.host_name = hostname
        return responses

    async def handle_RCPT(
        self, server: SMTP, session: Session, envelope: Envelope, address: str, rcpt_options: list[str]
    ) -> str:
        """aiosmtpd's RCPT hook: a bounce domain's address is taken, any other refused."""
        reply = self.recipient_reply(address, len(envelope.rcpt_tos))
        if reply is Reply.RECIPIENT_OK:
            envelope.rcpt_tos.append(address)
        return reply.text()

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        """aiosmtpd's DATA hook: ``250`` once the message is durable in the spool, else ``451``."""
        if not envelope.rcpt_tos:
            return Reply.NO_RECIPIENTS.text()
        data = envelope.original_content or b""
        if self.queue is not None:
            return await self._enqueue(data, tuple(envelope.rcpt_tos))
        peer = session.peer[0] if isinstance(session.peer, tuple) and session.peer else None
        loop = asyncio.get_running_loop()
        try:
            spool_id = await loop.run_in_executor(
                self._writer,
                lambda: self.spool.write(
                    data,
                    mail_from=envelope.mail_from or "",
                    rcpt_tos=tuple(envelope.rcpt_tos),
                    peer=peer,
                ),
            )
        except OSError as exc:
            _log.error("cannot spool a message: %s", exc)
            return Reply.CANNOT_STORE.text()
        self.wake()
        return Reply.QUEUED.text(id=spool_id)

    async def _enqueue(self, data: bytes, rcpt_tos: tuple[str, ...]) -> str:
        """``250`` once the broker confirmed the message, ``451`` when it did not."""
        assert self.queue is not None
        queue = self.queue
        reception_id = self.spool.new_id()
        loop = asyncio.get_running_loop()
        publish = loop.run_in_executor(
            self._writer, lambda: queue.enqueue(data, rcpt_tos, reception_id=reception_id)
        )
        try:
            await asyncio.wait_for(publish, self.config.queue_wait)
        except TimeoutError:
            _log.error("cannot queue a message (answered 451): the broker did not confirm it within %g s",
                       self.config.queue_wait)
            return Reply.CANNOT_QUEUE.text()
        except QueueError as exc:
            _log.error("cannot queue a message (answered 451): %s", exc)
            return Reply.CANNOT_QUEUE.text()
        except MessageTooLargeError as exc:  # only when the queue's limit is below --max-size
            _log.error("cannot queue a message (answered 552): %s", exc)
            return Reply.TOO_BIG.text()
        return Reply.ENQUEUED.text(id=reception_id)


class _Busy(asyncio.Protocol):
    """What a connection over the limit gets: one ``421`` and the door."""

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        assert isinstance(transport, asyncio.WriteTransport)
        transport.write(Reply.TOO_MANY_CONNECTIONS.text().encode() + b"\r\n")
        transport.close()


class SmtpServer:
    """The listening server: one aiosmtpd session per connection, up to ``max_connections``."""

    def __init__(self, config: SmtpdConfig, handler: BounceHandler) -> None:
        self.config = config
        self.handler = handler
        self.active = 0
        self._tls = config.tls_context()
        self._session_class = _session_class(config.max_line, self._release)
        self._server: asyncio.AbstractServer | None = None

    def _release(self) -> None:
        self.active -= 1

    def _protocol(self) -> asyncio.BaseProtocol:
        if self.active >= self.config.max_connections:
            return _Busy()
        self.active += 1
        return self._session_class(
            self.handler,
            data_size_limit=self.config.max_message_size,
            # Bounces about internationalised addresses come with SMTPUTF8 (RFC 6531).
            enable_SMTPUTF8=True,
            hostname=self.config.hostname,
            ident="bouncekit smtpd",
            tls_context=self._tls,
            require_starttls=False,
            timeout=self.config.idle_timeout,
        )

    async def start(self) -> tuple[str, int]:
        """Start listening; the address and port actually bound."""
        loop = asyncio.get_running_loop()
        self._server = await loop.create_server(
            self._protocol, host=self.config.host, port=self.config.port, reuse_address=True
        )
        host, port = self._server.sockets[0].getsockname()[:2]
        return host, port

    async def stop(self) -> None:
        if self._server is not None:
            self._server.close()
            await self._server.wait_closed()


def _session_class(max_line: int, on_close: Callable[[], None]) -> type[SMTP]:
    class _Session(SMTP):
        """aiosmtpd's session with our line limit, our replies and the connection count."""

        line_length_limit = max_line
        command_size_limit = MAX_COMMAND

        async def push(self, status: Any) -> None:
            if isinstance(status, str):
                status = rewrite(status)
            await super().push(status)

        def connection_lost(self, error: Exception | None) -> None:
            try:
                super().connection_lost(error)
            finally:
                on_close()

    return _Session


class Ingester(threading.Thread):
    """Hands spooled messages to the store in batches; forgets each once it is committed.

    A message that cannot be decoded goes to the spool's ``failed/`` folder with its
    error; one the store could not take (the database is down) stays and is tried
    again, after a pause growing to ``max_pause`` seconds, and goes to ``failed/``
    after :data:`MAX_ATTEMPTS` attempts.
    """

    def __init__(
        self,
        spool: Spool,
        handoff: MessageHandoff,
        *,
        batch: int = INGEST_BATCH,
        max_pause: float = 30.0,
        on_handed: Callable[[Sequence[Handed]], None] | None = None,
    ) -> None:
        super().__init__(name="bouncekit-ingester", daemon=True)
        self.spool = spool
        self.handoff = handoff
        self.batch = batch
        self.max_pause = max_pause
        self.on_handed = on_handed
        self._wake = threading.Event()
        self._stopping = threading.Event()
        self._attempts: dict[str, int] = {}

    def wake(self) -> None:
        """Signal that a message was spooled (thread-safe)."""
        self._wake.set()

    def stop(self) -> None:
        """Finish the batch in hand, then stop (the rest waits in the spool)."""
        self._stopping.set()
        self._wake.set()

    def run(self) -> None:
        pause = 0.0
        while not self._stopping.is_set():
            self._wake.clear()
            try:
                handled, troubled = self.drain_once()
            except Exception:  # the ingester must outlive any one bad batch
                _log.exception("the ingester failed on a batch; it will try again")
                handled, troubled = 0, True
            if troubled:
                pause = min(self.max_pause, max(0.5, pause * 2))
                self._stopping.wait(pause)
            elif handled == 0:
                pause = 0.0
                self._wake.wait(1.0)

    def drain_once(self) -> tuple[int, bool]:
        """Hand on one batch of waiting messages: (how many, whether storing failed)."""
        ids = self.spool.pending(self.batch)
        if not ids:
            return 0, False
        loaded = []
        for spool_id in ids:
            try:
                loaded.append(self.spool.load(spool_id))
            except SpoolError as exc:
                self.spool.fail(spool_id, str(exc))
        handed = self.handoff(loaded) if loaded else []
        troubled = False
        for outcome in handed:
            if outcome.outcome in (Outcome.STORED, Outcome.QUEUED):
                self.spool.done(outcome.spool_id)
                self._attempts.pop(outcome.spool_id, None)
            elif outcome.outcome is Outcome.UNDECODABLE:
                self.spool.fail(outcome.spool_id, f"cannot be decoded: {outcome.detail}")
            elif outcome.outcome is Outcome.REFUSED:
                self.spool.fail(outcome.spool_id, f"refused by the queue: {outcome.detail}")
            else:
                troubled = True
                tries = self._attempts.get(outcome.spool_id, 0) + 1
                self._attempts[outcome.spool_id] = tries
                if tries >= MAX_ATTEMPTS:
                    self._attempts.pop(outcome.spool_id, None)
                    self.spool.fail(outcome.spool_id, f"not stored after {tries} attempts: {outcome.detail}")
                else:
                    _log.warning("message %s not stored yet: %s", outcome.spool_id, outcome.detail)
        if self.on_handed is not None:
            self.on_handed(handed)
        return len(ids), troubled


def serve(
    config: SmtpdConfig,
    handoff: MessageHandoff,
    *,
    ready: Callable[[str, int], None] | None = None,
    queue: QueueHandoff | None = None,
) -> None:
    """Run the server until SIGTERM or SIGINT: replay the spool, listen, hand messages on.

    ``ready`` is called with the bound address once the server listens. With ``queue``
    (``--enqueue``) each received message goes to the queue before its ``250``, and
    ``handoff`` (the same ``queue``, usually) replays the spool.
    """
    spool = Spool(config.spool)
    ingester = Ingester(spool, handoff)
    ingester.start()  # replays what a previous run left in the spool first
    writer = ThreadPoolExecutor(max_workers=8, thread_name_prefix="bouncekit-spool")
    handler = BounceHandler(config, spool, ingester.wake, writer, queue=queue)
    server = SmtpServer(config, handler)

    async def main() -> None:
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGTERM, signal.SIGINT):
            loop.add_signal_handler(sig, stop.set)
        host, port = await server.start()
        if ready is not None:
            ready(host, port)
        await stop.wait()
        await server.stop()

    try:
        asyncio.run(main())
    finally:
        writer.shutdown(wait=True)
        ingester.stop()
        ingester.join(timeout=30)
