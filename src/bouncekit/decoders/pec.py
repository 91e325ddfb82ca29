"""Italian certified mail (PEC, Posta Elettronica Certificata): receipts of non-delivery.

Every PEC provider (Aruba PEC, Legalmail, Poste, Register, ...) returns the receipts the
PEC rules (DPR 68/2005 and its technical rules) prescribe, marked by the header
``X-Ricevuta: <kind>`` (``X-Riferimento-Message-ID`` names the original), with a subject
such as ``AVVISO DI MANCATA CONSEGNA: <subject>``, an Italian text and a signed
``daticert.xml`` (``application/xml``) whose root ``<postacert tipo="..." errore="...">``
holds the certified data: ``<consegna>`` the recipient concerned, ``<errore-esteso>`` the
error (often an enhanced status code and words, ``5.1.1 - Utente sconosciuto``), and the
``errore`` attribute its kind (``no-dest``, ``no-dominio``, ``virus``, ``altro``).

Which receipts report a failed delivery:

- ``errore-consegna`` (the recipient's provider could not deliver): a bounce for the
  ``<consegna>`` address, the extended error as the diagnostic;
- ``preavviso-errore-consegna`` (no delivery receipt after the first hours, still being
  tried): a delay for that address;
- ``non-accettazione`` (the sender's own provider refused the message, for instance for
  a virus, its size or a malformed address): the message never left, so each of its
  recipients (``<destinatari>``) gets a record of event ``rejected``, with the error.

The delivery receipt (``avvenuta-consegna``) gives a ``delivered`` record for its
``<consegna>`` address, as a DSN's success report does. The receipts of progress
(``accettazione``, ``presa-in-carico``) say nothing of a delivery: claimed with no record.
Without ``daticert.xml`` the recipient is read from the text ("... indirizzato a:
<addr>") and the error from its line.

A PEC box that receives ordinary (uncertified) mail hands it over wrapped in a "busta di
anomalia" (``X-Trasporto: errore``, subject ``ANOMALIA MESSAGGIO: <subject>``), the mail
attached whole as ``postacert.eml``: when that mail is a notice (an ordinary MTA's bounce of
the sender's mail to a PEC box) it is decoded in the envelope's place (``forwarded()``);
the envelope itself reports nothing.

Fixtures: tests/fixtures/decoders/pec/*.eml.
"""

from __future__ import annotations

import re
from html import unescape

from bouncekit.decoders.base import ADDRESS, Decoder, Finding, enclosed_views
from bouncekit.mime import MessageView, strip_address
from bouncekit.model import Event, Reason

#: The receipts that report on a delivery, with the DSN action each stands for.
_REPORTED = {
    "errore-consegna": "failed", "preavviso-errore-consegna": "delayed", "non-accettazione": "failed",
    "avvenuta-consegna": "delivered",
}
_ROOT = re.compile(r"<postacert\b([^<>]{0,500})>")
_ATTRIBUTE = re.compile(r"\b(tipo|errore)[ \t]{0,3}=[ \t]{0,3}\"([^\"<>]{0,100})\"")
_CONSEGNA = re.compile(r"<consegna>[ \t\n]{0,20}([^<>]{1,320}?)[ \t\n]{0,20}</consegna>")
_DESTINATARI = re.compile(
    r"<destinatari\b[^<>]{0,200}>[ \t\n]{0,20}([^<>]{1,320}?)[ \t\n]{0,20}</destinatari>"
)
_ERRORE_ESTESO = re.compile(r"<errore-esteso>([^<>]{1,2000})</errore-esteso>")
#: "... ed indirizzato a: addr" / "indirizzato a \"addr\"" in the receipt's text.
_ADDRESSED_TO = re.compile(
    r"indirizzat[oi] a[ \t:]{0,5}\n?[ \t\"<]{0,5}([^\s\"<>@]{1,64}@[^\s\"<>]{1,253})"
)
#: "Errore: 5.1.1 - ..." in the receipt's text.
_ERROR_LINE = re.compile(
    r"^[^\n]{0,80}\berrore\b[^\n]{0,20}?:?[ \t]{0,5}([245]\.\d{1,3}\.\d{1,3}[^\n]{0,500})$",
    re.IGNORECASE | re.MULTILINE,
)
#: The certified kinds of error (``errore=``) that name a reason by themselves.
_ERROR_KINDS = {
    "no-dest": Reason.USER_UNKNOWN, "no-dominio": Reason.DOMAIN_NOT_FOUND, "virus": Reason.VIRUS_DETECTED
}
#: The kind of receipt written in the subject, where the header is missing.
_SUBJECT_KINDS = (
    ("preavviso di mancata consegna", "preavviso-errore-consegna"),
    ("avviso di mancata consegna", "errore-consegna"),
    ("avviso di non accettazione", "non-accettazione"),
)


class Pec(Decoder):
    name = "pec"
    headers = ("x-ricevuta", "x-trasporto")
    subjects = ("avviso di mancata consegna", "avviso di non accettazione", "preavviso di mancata consegna")

    def forwarded(self, msg: MessageView) -> MessageView | None:
        if not _anomaly(msg):
            return None
        enclosed = enclosed_views(msg)
        return enclosed[0] if enclosed else None

    def decode(self, msg: MessageView) -> list[Finding] | None:
        if _anomaly(msg):
            return []  # an envelope: the mail inside gave no record, nor does it
        kind = msg.header("X-Ricevuta").strip().lower()
        if not kind:
            subject = msg.subject_lower
            kind = next((k for prefix, k in _SUBJECT_KINDS if subject.startswith(prefix)), "")
        xml = next((p.text for p in msg.parts if p.content_type in ("application/xml", "text/xml")), "")
        root = _ROOT.search(xml)
        attributes = dict(_ATTRIBUTE.findall(root[1])) if root else {}
        kind = attributes.get("tipo", kind).lower()
        if kind not in _REPORTED:
            return [] if kind else None
        action = _REPORTED[kind]
        error = _ERRORE_ESTESO.search(xml)
        diagnostic = " ".join(unescape(error[1]).split()) if error else None
        if kind == "non-accettazione":
            recipients = [unescape(m[1]) for m in _DESTINATARI.finditer(xml)]
        else:
            recipients = [unescape(m[1]) for m in _CONSEGNA.finditer(xml)]
        text = msg.text
        if not recipients:
            recipients = [m[1] for m in _ADDRESSED_TO.finditer(text)]
        if not diagnostic:
            line = _ERROR_LINE.search(text)
            diagnostic = line[1].strip() if line else None
        # Without the provider's words, the certified kind of error is the reason.
        reason = None if diagnostic else _ERROR_KINDS.get(attributes.get("errore", ""))
        out = []
        for value in recipients:
            address = strip_address(value)
            if address and "@" in address and ADDRESS.search(address):
                out.append(Finding(recipient=address, diagnostic=diagnostic, action=action, reason=reason,
                                   original_message_id=msg.header("X-Riferimento-Message-ID") or None,
                                   event=Event.REJECTED if kind == "non-accettazione" else None))
        return out or None


def _anomaly(msg: MessageView) -> bool:
    """A "busta di anomalia": ordinary mail wrapped by the PEC box that received it."""
    return msg.header("X-Trasporto").strip().lower() == "errore" and not msg.has_header("X-Ricevuta")
