"""The records of the delivery attempts a log reader finds: read, classified, remembered.

Kept apart from the reading of lines (:mod:`bouncekit.logs`) because only this half
needs the classifier and the rules: a reader with two processes forks its child, which
reads the lines, before this module is imported and the rules are read.
"""

from __future__ import annotations

from bouncekit import smtp
from bouncekit.address import clean_recipient
from bouncekit.classifier import RuleSet, default_rules, normalize, pick_status
from bouncekit.logs.base import Attempt, Outcome
from bouncekit.model import Basis, BounceClass, Classification, Event, Reason, Record

#: Distinct reply texts whose reading and classification are remembered within one reader.
CACHE_SIZE = 8192

_EVENTS = {Outcome.BOUNCED: Event.BOUNCE, Outcome.DEFERRED: Event.DELAYED, Outcome.EXPIRED: Event.BOUNCE}
_UNKNOWN = object()  # not looked up yet (None is a result)
_ACTIONS = {Outcome.BOUNCED: "failed", Outcome.DEFERRED: "delayed", Outcome.EXPIRED: "failed"}
# What an attempt's text and status say: diagnostic, status, reply code, normalised diagnostic.
_Reading = tuple[str | None, str | None, str | None, str]


class AttemptRecords:
    """Makes the classified record of each attempt, with the caches of one reader: a log
    repeats the same replies and hosts over and over."""

    def __init__(self, rules: RuleSet | None = None) -> None:
        self.rules = rules or default_rules()
        self._cache: dict[tuple[str, str | None, str | None, str | None, bool], Classification] = {}
        self._readings: dict[tuple[str, str | None], _Reading] = {}
        self._providers: dict[tuple[str | None, str | None], str | None] = {}

    def record(self, attempt: Attempt, decoder: str) -> Record:
        """The classified record of one delivery attempt."""
        diagnostic, status, reply_code, normalized = self._reading(attempt.text, attempt.status)
        recipient = clean_recipient(attempt.recipient)
        return Record(
            event=_EVENTS[attempt.outcome],
            recipient=recipient,
            classification=self._classify(attempt, recipient, normalized, status, reply_code),
            decoder=decoder,
            status=status,
            reply_code=reply_code,
            diagnostic=diagnostic,
            action=_ACTIONS[attempt.outcome],
            remote_mta=attempt.remote_mta,
            reporting_mta=attempt.reporting_mta,
            original_message_id=attempt.message_id,
            original_sender=attempt.sender,
            date=attempt.date,
        )

    def _reading(self, text: str, given: str | None) -> _Reading:
        """What an attempt's text and logged status code say, remembered: a log repeats
        the same replies. The diagnostic (the reply's cleaned text), the status code to
        believe, the reply code, and the diagnostic as the rules see it (normalised)."""
        key = (text, given)
        found = self._readings.get(key)
        if found is None:
            reply = smtp.parse_reply(text) if text else None
            status = smtp.find_status(given) if given else None
            diagnostic = reply_code = None
            if reply is not None:
                diagnostic = reply.text or None
                status = pick_status(status, reply.status)
                reply_code = reply.reply_code
            if len(self._readings) >= CACHE_SIZE:
                self._readings.clear()
            found = self._readings[key] = (diagnostic, status, reply_code, normalize(diagnostic or ""))
        return found

    def _classify(
        self,
        attempt: Attempt,
        recipient: str | None,
        normalized: str,
        status: str | None,
        reply_code: str | None,
    ) -> Classification:
        if attempt.outcome is Outcome.EXPIRED:
            return Classification(
                BounceClass.TIMEOUT, Reason.EXPIRED, "log:expired", status, reply_code, None, Basis.DECODER
            )
        domain = recipient.rpartition("@")[2] if recipient else None
        deferred = attempt.outcome is Outcome.DEFERRED
        provider = self._provider(attempt.remote_mta, domain)
        # A class depends on the text only as the rules see it (normalised: lower case,
        # single spaces, the replying hosts masked) and on the hosts only through the
        # provider they name: keyed so, the replies that differ only there (the same
        # reply from each of a domain's MX hosts) are classified once.
        key = (normalized, status, reply_code, provider, deferred)
        found = self._cache.get(key)
        if found is None:
            if len(self._cache) >= CACHE_SIZE:
                self._cache.clear()
            if deferred:
                # A deferral is a delay notice: it keeps the class of its cause (TAXONOMY.md).
                found = self.rules.classify_delay_normalized(normalized, status, reply_code, provider)
            else:
                found = self.rules.classify_normalized(normalized, status, reply_code, provider)
            self._cache[key] = found
        return found

    def _provider(self, remote_mta: str | None, domain: str | None) -> str | None:
        """``rules.provider_for((remote_mta, domain))``, remembered: a log names the
        same hosts over and over."""
        key = (remote_mta, domain)
        found = self._providers.get(key, _UNKNOWN)
        if found is _UNKNOWN:
            if len(self._providers) >= CACHE_SIZE:
                self._providers.clear()
            found = self._providers[key] = self.rules.provider_for(key)
        return found
