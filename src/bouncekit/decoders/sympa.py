"""Sympa: the list server's notices about subscribers whose addresses bounce.

Sympa sends its notices from the robot (``SYMPA <sympa@HOST>``) or a list's
``LIST-request@HOST`` / ``LIST-owner@HOST`` address, with ``X-Loop: sympa@HOST``, in the
list's language (English and French most often). Its bounce management works on a
score per subscriber; which notices report failed deliveries:

- the owners' notice of automatic bounce management: "These subscribers have been
  removed from list LIST because their addresses generated bounces" / "Les abonnés
  suivants ont été désabonnés automatiquement de la liste ... (erreurs de
  distribution)", or "... have been notified", then one subscriber per line (often as
  ``- address``), sometimes with the last error's status code and date under it: one
  record per subscriber, the line under it as the reason;
- the subscriber's own notice ("Your address has been removed from list LIST because
  of too many delivery errors" / "Votre adresse a été désabonnée ...", or a warning
  that it generates errors): one record for that address (the addressee);
- a bounce the server could not attribute, forwarded to the owners as an attachment:
  read as a bounce of its own, never giving the list's addresses;
- a moderator's rejection of a post ("Your message for list LIST has been rejected" /
  "Votre message pour la liste LIST a été rejeté"): the list refused the sender's post,
  a record for the list's address (as for Google Groups), its cause in the words after
  the refusal (the post's size), else ``sender_rejected``.

Everything else Sympa sends (welcome messages, whose text mentions what happens to
addresses in error, confirmations, moderation requests, bounce-rate warnings about the
list as a whole) is administrative: claimed with no record.

Fixtures: tests/fixtures/decoders/sympa/*.eml.
"""

from __future__ import annotations

import re

from bouncekit.classifier import rules_in_use
from bouncekit.decoders.base import (
    Decoder,
    Finding,
    Keys,
    enclosed_findings,
    enclosed_views,
    is_admin_address,
    is_list_sender,
    list_addresses,
    member_blocks,
)
from bouncekit.mime import MessageView, strip_address
from bouncekit.model import BounceClass, Reason

#: A past-tense statement that subscribers were removed, suspended or warned ...
_ACTED = re.compile(
    r"(?:have|has)[ \t\n]{1,3}been[ \t\n]{1,3}(?:automatically[ \t\n]{1,3})?"
    r"(?:removed|deleted|unsubscribed|suspended|notified|warned)|"
    r"(?:ont|a)[ \t\n]{1,3}été[ \t\n]{1,3}(?:automatiquement[ \t\n]{1,3})?"
    r"(?:supprimée?s?|désabonnée?s?|retirée?s?|suspendue?s?|prévenue?s?|notifiée?s?|avertie?s?)|"
    # the active voice: "La gestion automatique des erreurs ... a supprimé les abonnés
    # suivants", "bounce management has removed the following subscribers"
    r"\b(?:a|ont)[ \t\n]{1,3}(?:automatiquement[ \t\n]{1,3})?"
    r"(?:supprimé|désabonné|retiré|suspendu|prévenu|averti)[ \t\n]{1,3}(?:les|des)\b|"
    r"\b(?:has|have)[ \t\n]{1,3}(?:automatically[ \t\n]{1,3})?"
    r"(?:removed|deleted|unsubscribed|suspended|notified|warned)[ \t\n]{1,3}(?:the|these)\b",
    re.IGNORECASE,
)
#: ... because of delivery errors.
_ERRORS = re.compile(
    r"bounc|delivery errors?|non-?delivery|generat\w{0,5} errors|erreurs?|non-?remise|distribution",
    re.IGNORECASE,
)
_YOUR_ADDRESS = re.compile(r"\byour (?:e-?mail )?address\b|\bvotre (?:adresse|abonnement)\b", re.IGNORECASE)
_REJECTED = re.compile(
    r"(?:Your message|Votre message)[^\n]{0,200}?(?:for|to|pour|à) (?:the )?(?:list|la liste)[ \t]{1,3}"
    r"([^\s,;]{1,300})[^\n]{0,200}?(?:has been rejected|was rejected|a été rejeté|a été refusé)",
    re.IGNORECASE,
)


class Sympa(Decoder):
    name = "sympa"
    senders = ("sympa@", "sympa <")
    more_keys = Keys(header_values=(("x-loop", "sympa"),))

    def matches(self, msg: MessageView) -> bool:
        return "sympa" in msg.header("X-Loop").lower() or super().matches(msg)

    def decode(self, msg: MessageView) -> list[Finding] | None:
        if not is_list_sender(msg.from_address):
            return None  # a post distributed by the list
        text = msg.text
        own = list_addresses(msg)
        views = enclosed_views(msg)
        statement = _statement(text)
        to = (strip_address(msg.header("To")) or "").lower()
        if statement and to and not is_admin_address(to) and _YOUR_ADDRESS.search(statement):
            return [Finding(recipient=to, diagnostic=statement, action="failed")]
        if statement:
            return [
                Finding(recipient=address, diagnostic=error or statement, action="failed")
                for address, error in member_blocks(text, own)
            ]
        flat = " ".join(text.split())
        rejected = _REJECTED.search(flat)
        if rejected:
            # The list's name may stand in quotes ('Your message for list "hpc-users"').
            address = rejected[1].strip(".:\"'«»").lower()
            if "@" not in address:
                address = f"{address}@{msg.from_address.partition('@')[2]}"
            # The refusal and the reason after it ("a été rejeté : sa taille dépasse la
            # taille maximale"): a cause other than a block (the post's size, its
            # content) is the words'; otherwise the list refused the sender.
            diagnostic = flat[rejected.start() : rejected.start() + 400]
            found = rules_in_use().classify(diagnostic).bounce_class
            other_cause = found not in (BounceClass.MAIL_BLOCK, BounceClass.UNDETERMINED)
            return [Finding(recipient=address, diagnostic=diagnostic,
                            reason=None if other_cause else Reason.SENDER_REJECTED)]
        if views and _ERRORS.search(msg.subject + " " + text[:2000]):
            findings = enclosed_findings(views) or []
            return [
                f for f in findings
                if f.recipient and f.recipient.lower() not in own and not is_admin_address(f.recipient)
            ]
        return []


def _statement(text: str) -> str | None:
    """The paragraph saying that addresses were acted on because of delivery errors."""
    for paragraph in text.split("\n\n")[:6]:  # the notice's opening, not a quoted text
        flat = " ".join(paragraph.split())
        if _ACTED.search(flat) and _ERRORS.search(flat):
            return flat[:1000]
    return None
