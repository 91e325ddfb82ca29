"""The format decoders and their one ordered registry.

``REGISTRY`` is tried in order; the first decoder that matches a message and returns
findings decides. Order rules:

0. people forwarding a notification (not bounces: claimed with no findings);
1. feedback reports (unambiguous by their MIME report type);
2. hosted services and providers, recognised by their own headers and senders
   (they often relay through a standard MTA, whose traces they carry too);
3. filtering gateways and appliances, which wrap another MTA's bounce;
4. MTA software, each recognised by its own headers, senders or text markers;
5. the RFC 3464 backbone, for any other standard DSN;
6. challenge-response requests, then auto-replies, after every bounce format (bounces
   carry Auto-Submitted too; a challenge is a more specific auto-reply);
7. the generic fallback, last.

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
    communigate,
    courier,
    domino,
    dragonfly,
    einsundeins,
    exchange2003,
    exchange2007,
    exim,
    ezweb,
    fallback,
    fml,
    forward,
    gmail,
    gmx,
    googlegroups,
    googleworkspace,
    groupwise,
    hmailserver,
    imailserver,
    ironport,
    kddi,
    mailenable,
    mailfoundry,
    mailmarshal,
    mailru,
    mcafee,
    mdaemon,
    messagelabs,
    messagingserver,
    mfilter,
    mmdf,
    mxlogic,
    notes,
    opensmtpd,
    outlook,
    postfix,
    postoffice,
    powermta,
    qmail,
    receivingses,
    rfc3464,
    sendgrid,
    sendmail,
    smail,
    smartermail,
    smtpsvc,
    stalwart,
    surfcontrol,
    v5sendmail,
    x400,
    xmail,
    yahoo,
    yale,
    yandex,
    zoho,
)
from bouncekit.decoders.base import Decoder, Finding

REGISTRY: tuple[Decoder, ...] = (
    forward.Forward(),
    arf.Arf(),
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
    ironport.Ironport(),
    # MTA software
    exchange2007.Exchange2007(),
    exchange2003.Exchange2003(),
    smtpsvc.Smtpsvc(),
    domino.Domino(),
    notes.Notes(),
    messagingserver.Messagingserver(),
    imailserver.Imailserver(),
    groupwise.Groupwise(),
    postoffice.Postoffice(),
    hmailserver.Hmailserver(),
    communigate.Communigate(),
    stalwart.Stalwart(),
    xmail.Xmail(),
    x400.X400(),
    smail.Smail(),
    mmdf.Mmdf(),
    yale.Yale(),
    mailenable.Mailenable(),
    smartermail.Smartermail(),
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
