"""The format decoders and their one ordered registry.

``REGISTRY`` is tried in order; the first decoder that matches a message and returns
findings decides. Order rules:

0. people forwarding a notification (not bounces: claimed with no findings);
1. feedback reports (unambiguous by their MIME report type);
2. mailing-list servers' notices about their members (they enclose or quote the
   bounces they got, which later decoders would take for the notice itself);
3. hosted services and providers, recognised by their own headers and senders
   (they often relay through a standard MTA, whose traces they carry too);
4. filtering gateways and appliances, which wrap another MTA's bounce;
5. MTA software, each recognised by its own headers, senders or text markers;
6. the RFC 3464 backbone, for any other standard DSN;
7. challenge-response requests, then auto-replies, after every bounce format (bounces
   carry Auto-Submitted too; a challenge is a more specific auto-reply);
8. the generic fallback, last.

To add a format: write one module with one ``Decoder`` subclass, import it here and
put an instance at its place in the list.
"""

from __future__ import annotations

from bouncekit.decoders import (
    amavis,
    amazonses,
    amazonworkmail,
    apachejames,
    arf,
    autoreply,
    barracuda,
    biglobe,
    challenge,
    courier,
    domino,
    dragonfly,
    einsundeins,
    exchange2003,
    exchange2007,
    exim,
    ezmlm,
    ezweb,
    fallback,
    fml,
    forward,
    gmail,
    gmx,
    googlegroups,
    googleworkspace,
    imailserver,
    kddi,
    listserv,
    lyris,
    mailfoundry,
    mailman,
    mailmarshal,
    mailru,
    majordomo,
    mcafee,
    mdaemon,
    messagelabs,
    messagingserver,
    mfilter,
    mxlogic,
    notes,
    opensmtpd,
    outlook,
    postfix,
    powermta,
    qmail,
    receivingses,
    rfc3464,
    sendgrid,
    sendmail,
    surfcontrol,
    sympa,
    v5sendmail,
    yahoo,
    yandex,
    zoho,
)
from bouncekit.decoders.base import Decoder, Finding

REGISTRY: tuple[Decoder, ...] = (
    forward.Forward(),
    arf.Arf(),
    # mailing-list servers
    mailman.Mailman(),
    ezmlm.Ezmlm(),
    listserv.Listserv(),
    majordomo.Majordomo(),
    sympa.Sympa(),
    lyris.Lyris(),
    # hosted services and providers
    amazonses.Amazonses(),
    receivingses.Receivingses(),
    amazonworkmail.Amazonworkmail(),
    sendgrid.Sendgrid(),
    googlegroups.Googlegroups(),
    gmail.Gmail(),
    googleworkspace.Googleworkspace(),
    outlook.Outlook(),
    yahoo.Yahoo(),
    mailru.Mailru(),
    yandex.Yandex(),
    gmx.Gmx(),
    einsundeins.Einsundeins(),
    zoho.Zoho(),
    kddi.Kddi(),
    ezweb.Ezweb(),
    biglobe.Biglobe(),
    # filtering gateways and appliances
    messagelabs.Messagelabs(),
    mcafee.Mcafee(),
    barracuda.Barracuda(),
    amavis.Amavis(),
    mxlogic.Mxlogic(),
    surfcontrol.Surfcontrol(),
    mailmarshal.Mailmarshal(),
    mailfoundry.Mailfoundry(),
    mfilter.Mfilter(),
    # MTA software
    exchange2007.Exchange2007(),
    exchange2003.Exchange2003(),
    domino.Domino(),
    notes.Notes(),
    messagingserver.Messagingserver(),
    imailserver.Imailserver(),
    mdaemon.Mdaemon(),
    powermta.Powermta(),
    fml.Fml(),
    apachejames.Apachejames(),
    courier.Courier(),
    opensmtpd.Opensmtpd(),
    qmail.Qmail(),
    exim.Exim(),
    postfix.Postfix(),
    v5sendmail.V5sendmail(),
    sendmail.Sendmail(),
    dragonfly.Dragonfly(),
    # the standard, then the non-bounces, then the catch-all
    rfc3464.Rfc3464(),
    challenge.Challenge(),
    autoreply.AutoReply(),
    fallback.Fallback(),
)

__all__ = ["REGISTRY", "Decoder", "Finding"]
