"""The format decoders and their one ordered registry.

``REGISTRY`` is tried in order; the first decoder that matches a message and returns
findings decides. Order rules:

0. feedback reports (unambiguous by their MIME types and fields), also where a sending
   service or a person passes the report it received on; the other complaint formats
   (X-ARF, SpamCop's reports); abuse desks' complaints in prose (to or from an abuse
   address, the reported message quoted or attached, no notice of a failure);
1. people forwarding, answering or quoting a notification (claimed with no findings; a
   forward gives the notice it forwards, which ``bouncekit.api`` decodes in its place),
   then Sieve refusals (unambiguous by their MIME report type);
2. mailing-list servers' notices about their members (they enclose or quote the
   bounces they got, which later decoders would take for the notice itself);
3. hosted services and providers, recognised by their own headers and senders
   (they often relay through a standard MTA, whose traces they carry too);
4. filtering gateways and appliances, which wrap another MTA's bounce;
5. MTA software, each recognised by its own headers, senders or text markers;
6. the RFC 3464 backbone, for any other standard DSN, then a refusal of a post by any
   other mailing-list manager, a notice that is only a session transcript, and a
   notice passed on as an attachment under a subject of its own (decoded in the
   message's place, as a forward is);
7. a sending service's notice in prose that a recipient complained, then
   challenge-response requests, then auto-replies, after every bounce format (bounces
   carry Auto-Submitted too; a challenge is a more specific auto-reply);
8. the generic fallback, last.

The deciding decoder's findings of a failure that give no reason (no diagnostic, at
most a generic status) or no usable recipient are then completed from what the
notification's text says, as the fallback reads it (``fallback.completed_from_text``):
a variant of a known format often words its text differently from the one its decoder
was written from.

To add a format: write one module with one ``Decoder`` subclass, import it here and
put an instance at its place in the list. ``INDEX`` skips the decoders whose keys a
message does not show (see ``Decoder.keyed``; a ``matches()`` that looks beyond the
base keys declares where in ``more_keys``), never changing which one wins.
"""

from __future__ import annotations

from bouncekit.decoders import (
    abusereport,
    amavis,
    amazonses,
    amazonworkmail,
    aol,
    apachejames,
    arf,
    autoreply,
    barracuda,
    biglobe,
    bitnetmailer,
    challenge,
    communigate,
    complaintnotice,
    courier,
    docomo,
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
    free,
    freenet,
    gmail,
    gmx,
    googlegroups,
    googleworkspace,
    groupwise,
    hmailserver,
    imailserver,
    inboundrefusal,
    interia,
    ironport,
    italiaonline,
    kakao,
    kddi,
    kpn,
    laposte,
    listrefusal,
    listserv,
    locaweb,
    lyris,
    mailenable,
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
    mmdf,
    mxlogic,
    naver,
    netease,
    nifty,
    notes,
    onet,
    opensmtpd,
    orange,
    outlook,
    passedon,
    pec,
    postfix,
    postoffice,
    powermta,
    qmail,
    rambler,
    receivingses,
    rfc3464,
    sendgrid,
    sendmail,
    seznam,
    sfr,
    sieve,
    sina,
    smail,
    smartermail,
    smtpsvc,
    softbank,
    spamcop,
    stalwart,
    surfcontrol,
    sympa,
    tencent,
    tnef,
    tonline,
    transcript,
    uol,
    uucp,
    v5sendmail,
    wp,
    x400,
    xarf,
    xmail,
    yahoo,
    yahoojapan,
    yale,
    yandex,
    zoho,
)
from bouncekit.decoders.base import Decoder, Finding, Index

REGISTRY: tuple[Decoder, ...] = (
    # a feedback report, even one that a service or a person passes on
    arf.Arf(),
    # the other complaint formats: X-ARF, SpamCop's reports, then an abuse desk's or a
    # person's complaint in prose (the reported message quoted or attached; before the
    # forwards: a person forwards spam to an abuse address)
    xarf.Xarf(),
    spamcop.Spamcop(),
    abusereport.AbuseReport(),
    forward.Forward(),
    # a recipient's own filter refusing a message (RFC 5429), as unambiguous by its report
    sieve.Sieve(),
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
    aol.Aol(),
    mailru.Mailru(),
    yandex.Yandex(),
    gmx.Gmx(),
    einsundeins.Einsundeins(),
    zoho.Zoho(),
    kddi.Kddi(),
    ezweb.Ezweb(),
    biglobe.Biglobe(),
    tencent.Tencent(),
    netease.Netease(),
    sina.Sina(),
    naver.Naver(),
    kakao.Kakao(),
    yahoojapan.Yahoojapan(),
    nifty.Nifty(),
    docomo.Docomo(),
    softbank.Softbank(),
    wp.Wp(),
    onet.Onet(),
    interia.Interia(),
    italiaonline.Italiaonline(),
    pec.Pec(),
    seznam.Seznam(),
    rambler.Rambler(),
    orange.Orange(),
    laposte.Laposte(),
    sfr.Sfr(),
    free.Free(),
    tonline.Tonline(),
    kpn.Kpn(),
    freenet.Freenet(),
    uol.Uol(),
    locaweb.Locaweb(),
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
    # MTA software (Exchange's reports kept only in TNEF first: their text part may be empty)
    tnef.Tnef(),
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
    uucp.Uucp(),
    bitnetmailer.BitnetMailer(),
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
    # a list manager's refusal of a post, for the managers without a decoder (step 2)
    listrefusal.ListRefusal(),
    # a notice that is only an SMTP session's transcript, from any MTA
    transcript.Transcript(),
    # a notice passed on as an attachment under a subject of its own (a flow, a rule)
    passedon.PassedOn(),
    # a sending service's own notice, in prose, that a recipient complained
    complaintnotice.ComplaintNotice(),
    # an application's refusal of mail sent to its own inbound address (a chat channel,
    # a board, a help desk): a bounce of that address, before the automatic replies
    inboundrefusal.InboundRefusal(),
    challenge.Challenge(),
    autoreply.AutoReply(),
    fallback.Fallback(),
)

#: The registry looked up by what each decoder keys on: a message meets the few decoders
#: that could match it, still in the order above.
INDEX = Index(REGISTRY)

__all__ = ["INDEX", "REGISTRY", "Decoder", "Finding"]
