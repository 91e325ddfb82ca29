"""A table of real-world SMTP replies and diagnostics: what ``bouncekit.classify`` says.

Each row is a reply as MTAs and mailbox providers word it (Postfix, Sendmail, Exim,
qmail/vpopmail/chkuser/spamdyke, Courier, Exchange 2010-2019 / Microsoft 365, Domino,
Zimbra, MDaemon, hMailServer, Kerio, Stalwart, OpenSMTPD, PowerMTA, KumoMTA, Haraka,
amavis, rspamd, Dovecot, Gmail, Yahoo/AOL, Outlook.com, iCloud, Comcast, Cox, AT&T,
GoDaddy, Zoho, Fastmail, Orange, GMX/web.de, T-Online, Mail.ru, Yandex, QQ, NetEase,
Seznam, NTT docomo, KDDI, Mimecast, Proofpoint, IronPort, Barracuda, Sophos, FortiMail,
Trend Micro, Symantec, Amazon SES, ...), with the remote host where the provider
matters, and the class and reason expected. They are not copies of the published rows
of tests/fixtures/replies/providers.jsonl, which test_providers_jsonl.py checks. Addresses
and IPs are documentation values (RFC 2606 / RFC 5737).
"""

import pytest

import bouncekit
from bouncekit.model import BounceClass as C
from bouncekit.model import Reason as R

GMAIL = "gmail-smtp-in.l.google.com"
MS365 = "example-com.mail.protection.outlook.com"
HOTMAIL = "mx1.hotmail.com"
YAHOO = "mta7.am0.yahoodns.net"
ICLOUD = "mx01.mail.icloud.com"
ORANGE = "smtp-in.orange.fr"
DOCOMO = "mfsmax.docomo.ne.jp"
MIMECAST = "eu-smtp-inbound-1.mimecast.com"
COMCAST = "mx1.comcast.net"
COX = "someone@cox.net"  # Cox MX hosts are cloudfilter.net: the domain decides
QQ = "mx3.qq.com"

REPLIES = [
    # --- Invalid recipient: unknown users ---------------------------------------
    (C.INVALID_RECIPIENT, R.USER_UNKNOWN, None,
     "550 5.1.1 <nobody@example.com>: Recipient address rejected: User unknown in local "
     "recipient table"),
    (C.INVALID_RECIPIENT, R.USER_UNKNOWN, None,
     "550 5.1.1 <nobody@example.com>: Recipient address rejected: User unknown in virtual "
     "mailbox table"),
    (C.INVALID_RECIPIENT, R.USER_UNKNOWN, None,
     "450 4.1.1 <nobody@example.org>: Recipient address rejected: User unknown in virtual "
     "alias table"),
    (C.INVALID_RECIPIENT, R.USER_UNKNOWN, None, "550 5.1.1 <nobody@example.jp>... User unknown"),
    (C.INVALID_RECIPIENT, R.USER_UNKNOWN, None,
     "550 5.1.1 <nobody@example.com>: Recipient address rejected: undeliverable address: "
     "host mx.example.com[192.0.2.1] said: 550 5.1.1 no such user"),
    (C.INVALID_RECIPIENT, R.USER_UNKNOWN, None, "unknown user: \"nobody\""),
    (C.INVALID_RECIPIENT, R.USER_UNKNOWN, None, "550 No Such User Here"),
    (C.INVALID_RECIPIENT, R.USER_UNKNOWN, GMAIL,
     "550-5.1.1 The email account that you tried to reach does not exist. Please "
     "try\n550-5.1.1 double-checking the recipient's email address for typos or\n550-5.1.1 "
     "unnecessary spaces. Learn more at\n550 5.1.1  "
     "https://support.google.com/mail/?p=NoSuchUser a1si123 - gsmtp"),
    (C.INVALID_RECIPIENT, R.USER_UNKNOWN, GMAIL,
     "550 5.1.1 https://support.google.com/mail/?p=NoSuchUser a1si1997204pbd.83 - gsmtp"),
    (C.INVALID_RECIPIENT, R.USER_UNKNOWN, MS365,
     "550 5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient nobody@example.com not found "
     "by SMTP address lookup"),
    (C.INVALID_RECIPIENT, R.USER_UNKNOWN, None, "550 5.1.1 RESOLVER.ADR.RecipNotFound; not found"),
    (C.INVALID_RECIPIENT, R.USER_UNKNOWN, MS365,
     "550 5.4.1 Recipient address rejected: Access denied. AS(201806281) "
     "[DB5EUR03FT041.eop-EUR03.prod.protection.outlook.com]"),
    (C.INVALID_RECIPIENT, R.USER_UNKNOWN, HOTMAIL, "550 Requested action not taken: mailbox unavailable"),
    (C.INVALID_RECIPIENT, R.USER_UNKNOWN, YAHOO,
     "554 delivery error: dd This user doesn't have a yahoo.com account "
     "(nobody@yahoo.com) [0] - mta1012.mail.gq1.yahoo.com"),
    (C.INVALID_RECIPIENT, R.USER_UNKNOWN, YAHOO, "552 1 Requested mail action aborted, mailbox not found"),
    (C.INVALID_RECIPIENT, R.USER_UNKNOWN, ICLOUD, "550 5.1.1 <nobody@icloud.com>: inactive email address"),
    (C.INVALID_RECIPIENT, R.USER_UNKNOWN, ICLOUD, "550 5.1.1 <nobody@icloud.com>: user does not exist"),
    (C.INVALID_RECIPIENT, R.USER_UNKNOWN, COMCAST, "550 5.1.1 <nobody@comcast.net> Not our Customer"),
    (C.INVALID_RECIPIENT, R.USER_UNKNOWN, ORANGE,
     "550 5.1.1 Adresse d au moins un destinataire invalide. Invalid recipient. OFR_416 "
     "[416]"),
    (C.INVALID_RECIPIENT, R.USER_UNKNOWN, "smtpz4.laposte.net",
     "550 5.5.0 Adresse destinataire invalide. Invalid recipient. LPN007_416"),
    (C.INVALID_RECIPIENT, R.USER_UNKNOWN, "mx00.gmx.net",
     "550 Requested action not taken: mailbox unavailable"),
    (C.INVALID_RECIPIENT, R.USER_UNKNOWN, "mxs.mail.ru",
     "550 Message was not accepted -- invalid mailbox.  Local mailbox nobody@mail.ru is "
     "unavailable: user not found"),
    (C.INVALID_RECIPIENT, R.USER_UNKNOWN, "mx.yandex.ru",
     "550 5.7.1 No such user! 1683454980-0NPfrE8P9Cg0-eRlBSO3h"),
    (C.INVALID_RECIPIENT, R.USER_UNKNOWN, QQ,
     "550 Mailbox not found. "
     "http://service.mail.qq.com/cgi-bin/help?subtype=1&&id=20022&&no=1000728"),
    (C.INVALID_RECIPIENT, R.USER_UNKNOWN, "lsean.ezweb.ne.jp", "550 : User unknown"),
    (C.INVALID_RECIPIENT, R.USER_UNKNOWN, None, "550 <nobody@au.com>: User unknown"),
    (C.INVALID_RECIPIENT, R.USER_UNKNOWN, MIMECAST,
     "550 Invalid Recipient - https://community.mimecast.com/docs/DOC-1369#550"),
    (C.INVALID_RECIPIENT, R.USER_UNKNOWN, "mx0a-00123.pphosted.com",
     "550 5.1.1 <nobody@example.com>... User unknown (Proofpoint)"),
    (C.INVALID_RECIPIENT, R.USER_UNKNOWN, None,
     "550 permanent failure for one or more recipients (nobody@example.com:550 5.1.1 "
     "<nobody@example.com>: Recipient address rejected: User unknown)"),
    (C.INVALID_RECIPIENT, R.USER_UNKNOWN, None, "Sorry, no mailbox here by that name. (#5.1.1)"),
    (C.INVALID_RECIPIENT, R.USER_UNKNOWN, None, "553 5.1.1 unknown or illegal alias: nobody@example.com"),
    (C.INVALID_RECIPIENT, R.USER_UNKNOWN, None, "The recipient name is not recognized"),
    (C.INVALID_RECIPIENT, R.USER_UNKNOWN, None,
     "User some.name (nobody@example.jp) not listed in Domino Directory"),
    (C.INVALID_RECIPIENT, R.USER_UNKNOWN, None,
     "Your message wasn't delivered to nobody@example.it because the address couldn't be "
     "found, or is unable to receive mail."),
    (C.INVALID_RECIPIENT, R.USER_UNKNOWN, "inbound-smtp.us-east-1.amazonaws.com",
     "550 5.1.1 Mailbox does not exist"),
    (C.INVALID_RECIPIENT, R.USER_UNKNOWN, None,
     "Amazon SES has suppressed sending to this address because it has a recent history "
     "of bouncing as an invalid address."),
    (C.INVALID_RECIPIENT, R.USER_UNKNOWN, None, "550 Unknown user nobody@example.net"),
    (C.INVALID_RECIPIENT, R.USER_UNKNOWN, None, "511 sorry, no mailbox here by that name (#5.1.1 - chkuser)"),
    (C.INVALID_RECIPIENT, R.USER_UNKNOWN, None,
     "550 5.1.1 <nobody@example.com>: Email address could not be found, or was misspelled "
     "(G8)"),
    (C.INVALID_RECIPIENT, R.USER_UNKNOWN, None, "Invalid final delivery userid"),
    # --- Invalid recipient: moved, no mail, bad syntax ----------------------------
    (C.INVALID_RECIPIENT, R.ADDRESS_MOVED, None, "551 5.1.6 User not local; please try <new@example.org>"),
    (C.INVALID_RECIPIENT, R.ADDRESS_MOVED, ICLOUD,
     "550 5.1.6 recipient no longer on server: nobody@example.jp"),
    (C.INVALID_RECIPIENT, R.ADDRESS_MOVED, None,
     "550 5.1.6 <nobody@example.net>: Recipient address rejected: Destination mailbox has "
     "moved, No forwarding address"),
    (C.INVALID_RECIPIENT, R.ADDRESS_MOVED, None, "550 5.7.17 Mailbox owner has changed"),
    (C.INVALID_RECIPIENT, R.DOMAIN_NOT_ACCEPTING, None, "556 5.1.10 Recipient address has null MX"),
    (C.INVALID_RECIPIENT, R.DOMAIN_NOT_ACCEPTING, None,
     "550 5.1.10 <nobody@example.org>: Recipient address rejected: Domain example.org "
     "does not accept mail (nullMX)"),
    (C.INVALID_RECIPIENT, R.DOMAIN_NOT_ACCEPTING, GMAIL,
     "DNS Error: DNS type 'mx' lookup of example.org responded with code NOERROR The "
     "domain example.org doesn't receive email according to the administrator: returned "
     "Null MX https://www.rfc-editor.org/info/rfc7505"),
    (C.INVALID_RECIPIENT, R.DOMAIN_NOT_ACCEPTING, None, "521 5.3.2 mx.example.net does not accept mail"),
    (C.INVALID_RECIPIENT, R.INVALID_ADDRESS, None, "501 5.1.3 Bad recipient address syntax"),
    (C.INVALID_RECIPIENT, R.INVALID_ADDRESS, None,
     "553 5.1.3 <a..b@example.org>: Recipient address rejected: Bad destination mailbox "
     "address syntax"),
    (C.INVALID_RECIPIENT, R.INVALID_ADDRESS, None,
     "553 Requested action not taken: mailbox name not allowed"),
    # --- Soft bounces ------------------------------------------------------------
    (C.SOFT_BOUNCE, R.MAILBOX_INACTIVE, GMAIL,
     "550 5.2.1 The email account that you tried to reach is disabled. Learn more at "
     "https://support.google.com/mail/?p=DisabledUser a1si1 - gsmtp"),
    (C.SOFT_BOUNCE, R.MAILBOX_INACTIVE, GMAIL,
     "550-5.2.1 The email account that you tried to reach is inactive. For more "
     "information, go to https://support.google.com/mail/?p=DisabledUser"),
    (C.SOFT_BOUNCE, R.MAILBOX_INACTIVE, YAHOO,
     "554 delivery error: dd Sorry your message to nobody@yahoo.com cannot be delivered. "
     "This account has been disabled or discontinued [#102]. - mta1234.mail.bf1.yahoo.com"),
    (C.SOFT_BOUNCE, R.MAILBOX_INACTIVE, None, "525 5.7.13 Disabled recipient address"),
    (C.SOFT_BOUNCE, R.MAILBOX_INACTIVE, "smtpz4.laposte.net",
     "550 5.5.0 Le compte du destinataire est bloque. The recipient account is blocked. "
     "LPN007_426"),
    (C.SOFT_BOUNCE, R.MAILBOX_INACTIVE, "mxs.mail.ru",
     "550 Message was not accepted -- invalid mailbox.  Local mailbox nobody@mail.ru is "
     "unavailable: account is disabled"),
    (C.SOFT_BOUNCE, R.MAILBOX_INACTIVE, QQ,
     "550 Mailbox is frozen. http://service.mail.qq.com/cgi-bin/help?subtype=1&&id=20022"),
    (C.SOFT_BOUNCE, R.MAILBOX_INACTIVE, None, "vdelivermail: account is locked email bounced"),
    (C.SOFT_BOUNCE, R.MAILBOX_INACTIVE, None, "550 5.2.1 Mailbox disabled, not accepting messages"),
    (C.SOFT_BOUNCE, R.MAILBOX_MISCONFIGURED, None,
     "550 5.2.4 Mailing list expansion problem: the alias is not properly configured"),
    (C.SOFT_BOUNCE, R.SERVER_UNAVAILABLE, None,
     "421 4.3.2 Service not available, closing transmission channel"),
    (C.SOFT_BOUNCE, R.SERVER_UNAVAILABLE, "mx.yandex.ru",
     "451 4.7.1 Sorry, the service is currently unavailable. Please come back later."),
    (C.SOFT_BOUNCE, R.SERVER_UNAVAILABLE, None,
     "450 4.2.0 <a@example.org>: Recipient address rejected: Greylisted, see "
     "http://postgrey.schweikert.ch/help/example.org.html"),
    (C.SOFT_BOUNCE, R.SERVER_UNAVAILABLE, None, "451 4.7.1 Greylisting in action, please come back later"),
    (C.SOFT_BOUNCE, R.SERVER_UNAVAILABLE, MIMECAST,
     "451 Internal resource temporarily unavailable - "
     "https://community.mimecast.com/docs/DOC-1369#451"),
    (C.SOFT_BOUNCE, R.SERVER_UNAVAILABLE, None, "450 4.0.0 Temporary failure"),
    (C.SOFT_BOUNCE, R.SERVER_UNAVAILABLE, GMAIL, "421 4.7.0 Try again later, closing connection."),
    (C.SOFT_BOUNCE, R.SERVER_UNAVAILABLE, YAHOO, "451 Message temporarily deferred - [160]"),
    (C.SOFT_BOUNCE, R.RATE_LIMITED, GMAIL,
     "450-4.2.1 The user you are trying to contact is receiving mail too quickly. Please "
     "resend your message at a later time. "
     "https://support.google.com/mail/?p=ReceivingRate"),
    (C.SOFT_BOUNCE, R.RATE_LIMITED, GMAIL,
     "550-5.2.1 The user you are trying to contact is receiving mail at a rate "
     "that\n550-5.2.1 prevents additional messages from being delivered."),
    (C.SOFT_BOUNCE, R.RATE_LIMITED, None, "452 4.5.3 Too many recipients"),
    (C.SOFT_BOUNCE, R.RATE_LIMITED, None,
     "421 4.7.0 Too many concurrent SMTP connections from this IP address; please try "
     "again later"),
    (C.SOFT_BOUNCE, R.RATE_LIMITED, None, "452 4.3.2 Connection rate limit exceeded."),
    (C.SOFT_BOUNCE, R.RATE_LIMITED, QQ,
     "550 Connection frequency limited. "
     "http://service.mail.qq.com/cgi-bin/help?subtype=1&&id=20022&&no=1000722"),
    (C.SOFT_BOUNCE, R.RATE_LIMITED, QQ,
     "550 Ip frequency limited. "
     "http://service.mail.qq.com/cgi-bin/help?subtype=1&&id=20022&&no=1000722"),
    (C.SOFT_BOUNCE, R.RATE_LIMITED, HOTMAIL,
     "550 RP-001 (COL0-MC1-F12) Unfortunately, some messages from 192.0.2.1 weren't sent. "
     "Please try again. We have limits for how many messages can be sent per hour and per "
     "day."),
    (C.SOFT_BOUNCE, R.RATE_LIMITED, MS365,
     "451 4.7.500 Server busy. Please try again later from [192.0.2.1]. (S77714) "
     "[AM5EUR02FT012.eop-EUR02.prod.protection.outlook.com]"),
    (C.SOFT_BOUNCE, R.RATE_LIMITED, COMCAST,
     "421 4.7.0 resimta-po-01v.sys.comcast.net comcast 192.0.2.1 RL000001 Too many "
     "sessions opened. Please see "
     "http://postmaster.comcast.net/smtp-error-codes.php#RL000001"),
    (C.SOFT_BOUNCE, R.RATE_LIMITED, YAHOO, "421 Max message per connection exceeded"),
    (C.SOFT_BOUNCE, R.SERVER_FULL, None, "452 4.3.1 Insufficient system storage"),
    (C.SOFT_BOUNCE, R.SERVER_FULL, None, "452 4.4.5 Insufficient disk space; try again later"),
    # --- DNS failures ---------------------------------------------------------------
    (C.DNS_FAILURE, R.DOMAIN_NOT_FOUND, None,
     "dial tcp: lookup mx.example.invalid on 192.0.2.53:53: no such host"),
    (C.DNS_FAILURE, R.DOMAIN_NOT_FOUND, None,
     "Host or domain name not found. Name service error for name=example.invalid type=MX: "
     "Host not found"),
    (C.DNS_FAILURE, R.DOMAIN_NOT_FOUND, None,
     "550 5.1.2 <nobody@example.invalid>... Host unknown (Name server: example.invalid: "
     "host not found)"),
    (C.DNS_FAILURE, R.DOMAIN_NOT_FOUND, None,
     "Sorry, I couldn't find any host named example.invalid. (#5.1.2)"),
    (C.DNS_FAILURE, R.DOMAIN_NOT_FOUND, None,
     "Sorry, I couldn't find a mail exchanger or IP address. (#5.4.4)"),
    (C.DNS_FAILURE, R.DOMAIN_NOT_FOUND, GMAIL,
     "DNS Error: 80335577 DNS type 'mx' lookup of example.invalid responded with code "
     "NXDOMAIN Domain name not found: example.invalid"),
    (C.DNS_FAILURE, R.DOMAIN_NOT_FOUND, None, "554 5.4.4 SMTPSEND.DNS.NonExistentDomain; nonexistent domain"),
    (C.DNS_FAILURE, R.DOMAIN_NOT_FOUND, None,
     "550 5.1.2 <nobody@example.invalid>: Recipient address rejected: Domain not found"),
    (C.DNS_FAILURE, R.DOMAIN_NOT_FOUND, None, "Unrouteable address"),
    (C.DNS_FAILURE, R.DOMAIN_NOT_FOUND, None, "all relevant MX records point to non-existent hosts"),
    (C.DNS_FAILURE, R.DOMAIN_NOT_FOUND, None, "Domain does not exist"),
    (C.DNS_FAILURE, R.DOMAIN_NOT_FOUND, None, "No MX found for domain"),
    (C.DNS_FAILURE, R.DOMAIN_NOT_FOUND, HOTMAIL,
     "554 The mail could not be delivered to the recipient because the domain is not "
     "reachable. Please check the domain and try again"),
    (C.DNS_FAILURE, R.DOMAIN_NOT_FOUND, None,
     "Host or domain name not found. Name service error for name=example.com type=MX: "
     "Host not found, try again"),
    (C.DNS_FAILURE, R.DNS_ERROR, None, "450 4.4.3 Temporary failure in name resolution"),
    (C.DNS_FAILURE, R.DNS_ERROR, None,
     "Name service error for name=example.org type=MX: Malformed or unexpected name "
     "server reply"),
    (C.DNS_FAILURE, R.DNS_ERROR, None, "Deferred: Name server: example.co.jp.: host name lookup failure"),
    (C.DNS_FAILURE, R.DNS_ERROR, None, "451 4.4.0 DNS lookup failed for example.org"),
    # --- Mailbox full ------------------------------------------------------------------
    (C.MAILBOX_FULL, R.MAILBOX_FULL, ICLOUD, "552 5.2.2 <nobody@example.jp>: user is over quota"),
    (C.MAILBOX_FULL, R.MAILBOX_FULL, GMAIL,
     "452-4.2.2 The email account that you tried to reach is over quota. Please "
     "direct\n452-4.2.2 the recipient to https://support.google.com/mail/?p=OverQuotaTemp"),
    (C.MAILBOX_FULL, R.MAILBOX_FULL, GMAIL,
     "552-5.2.2 The email account that you tried to reach is over quota and inactive. "
     "https://support.google.com/mail/?p=OverQuotaPerm"),
    (C.MAILBOX_FULL, R.MAILBOX_FULL, GMAIL,
     "452 4.2.2 The recipient's inbox is out of storage space. Please direct the "
     "recipient to https://support.google.com/mail/?p=OverQuotaTemp"),
    (C.MAILBOX_FULL, R.MAILBOX_FULL, None, "550 5.2.2 <nobody@example.jp>... Mailbox Full"),
    (C.MAILBOX_FULL, R.MAILBOX_FULL, "mx.yandex.ru", "552 5.2.2 Mailbox size limit exceeded"),
    (C.MAILBOX_FULL, R.MAILBOX_FULL, None,
     "mailbox is full (MTA-imposed quota exceeded while writing to file "
     "/var/mail/nobody): retry timeout exceeded"),
    (C.MAILBOX_FULL, R.MAILBOX_FULL, None,
     "cannot update mailbox /var/mail/nobody for user nobody. error writing message: File "
     "too large"),
    (C.MAILBOX_FULL, R.MAILBOX_FULL, None, "The users mailfolder is over the allowed quota (size). (#5.2.2)"),
    (C.MAILBOX_FULL, R.MAILBOX_FULL, MS365,
     "554 5.2.2 mailbox full; "
     "STOREDRV.Deliver.Exception:QuotaExceededException.MapiExceptionShutoffQuotaExceeded"),
    (C.MAILBOX_FULL, R.MAILBOX_FULL, ORANGE,
     "552 5.1.1 Boite du destinataire pleine. Recipient mailbox is full. OFR_417 [417]"),
    (C.MAILBOX_FULL, R.MAILBOX_FULL, None,
     "The number of messages in recipient's mailbox exceeded the local limit."),
    (C.MAILBOX_FULL, R.MAILBOX_FULL, None, "As their mailbox is full."),
    # --- Too large -----------------------------------------------------------------------
    (C.TOO_LARGE, R.MESSAGE_TOO_LARGE, None, "552 5.3.4 Message size exceeds fixed maximum message size"),
    (C.TOO_LARGE, R.MESSAGE_TOO_LARGE, GMAIL,
     "552-5.2.3 Your message exceeded Google's message size limits. Please visit "
     "https://support.google.com/mail/?p=MaxSizeError"),
    (C.TOO_LARGE, R.MESSAGE_TOO_LARGE, None,
     "550 5.2.3 RESOLVER.RST.RecipSizeLimit; message too large for this recipient"),
    (C.TOO_LARGE, R.MESSAGE_TOO_LARGE, None, "552 5.3.4 Error: message file too big"),
    (C.TOO_LARGE, R.MESSAGE_TOO_LARGE, None,
     "Sorry, I don't accept messages larger than 10000000 bytes (#5.3.4)"),
    (C.TOO_LARGE, R.MESSAGE_TOO_LARGE, None, "552 Message size exceeds maximum value"),
    # --- Timeout ---------------------------------------------------------------------
    (C.TIMEOUT, R.EXPIRED, None, "retry timeout exceeded"),
    (C.TIMEOUT, R.EXPIRED, None,
     "554 4.4.7 Message expired: unable to deliver in 840 minutes.<421 4.4.2 Connection "
     "timed out>"),
    (C.TIMEOUT, R.EXPIRED, None, "Envelope expired"),
    (C.TIMEOUT, R.EXPIRED, None, "Could not deliver for the last 432000 seconds. Giving up."),
    (C.TIMEOUT, R.EXPIRED, None, "Message could not be delivered for 5 days"),
    (C.TIMEOUT, R.EXPIRED, None, "550 4.4.7 QUEUE.Expired; message expired"),
    (C.TIMEOUT, R.EXPIRED, None,
     "all hosts for 'example.org' have been failing for a long time (and retry time not "
     "reached)"),
    (C.SOFT_BOUNCE, R.SERVER_UNAVAILABLE, None, "Error: connect ECONNREFUSED 192.0.2.2:25"),
    (C.SOFT_BOUNCE, R.SERVER_UNAVAILABLE, None,
     "connect to mx.example.net[192.0.2.2]:25: Connection refused"),
    (C.TIMEOUT, R.CONNECTION_FAILED, None, "connect to mx.example.net[192.0.2.2]:25: Connection timed out"),
    (C.TIMEOUT, R.CONNECTION_FAILED, None, "connect to mx.example.net[192.0.2.2]:25: No route to host"),
    (C.TIMEOUT, R.CONNECTION_FAILED, None,
     "lost connection with mx.example.net[192.0.2.2] while receiving the initial server "
     "greeting"),
    (C.TIMEOUT, R.CONNECTION_FAILED, None,
     "conversation with mx.example.net[192.0.2.2] timed out while sending end of data -- "
     "message may be sent more than once"),
    (C.TIMEOUT, R.CONNECTION_FAILED, GMAIL,
     "The recipient server did not accept our requests to connect. Learn more at "
     "https://support.google.com/mail/answer/7720 [mx.example.jp 192.0.2.222: timed out]"),
    (C.TIMEOUT, R.CONNECTION_FAILED, None, "Sorry, I wasn't able to establish an SMTP connection. (#4.4.1)"),
    (C.TIMEOUT, R.CONNECTION_FAILED, None, "Network error on destination MXs"),
    (C.SOFT_BOUNCE, R.SERVER_UNAVAILABLE, None, "Deferred: Connection refused by mx.example.com."),
    # --- Generic bounce ------------------------------------------------------------------
    (C.GENERIC, R.MAIL_LOOP, None, "554 5.4.6 Too many hops"),
    (C.GENERIC, R.MAIL_LOOP, None, "mail for example.org loops back to myself"),
    (C.GENERIC, R.MAIL_LOOP, MS365,
     "554 5.4.14 Hop count exceeded - possible mail loop ATTR34 "
     "[AM5EUR02FT012.eop-EUR02.prod.protection.outlook.com]"),
    (C.GENERIC, R.MAIL_LOOP, None, "This message is looping: it already has my Delivered-To line. (#5.4.6)"),
    (C.GENERIC, R.SYNTAX_ERROR, None, "501 5.5.2 Syntax error in parameters or arguments"),
    (C.GENERIC, R.SYNTAX_ERROR, None, "503 5.5.1 Error: need RCPT command"),
    (C.GENERIC, R.SYNTAX_ERROR, None, "500 5.5.1 Command unrecognized: \"XYZZY\""),
    (C.GENERIC, R.SYSTEM_ERROR, None, "451 4.3.0 Error: queue file write error"),
    (C.GENERIC, R.SYSTEM_ERROR, None, "451 4.3.0 Internal server error"),
    (C.GENERIC, R.SYSTEM_ERROR, None,
     "554 5.3.0 <nobody@example.net>: Recipient address rejected: Mailer error"),
    (C.GENERIC, R.SYSTEM_ERROR, None, "Unable to contact LDAP server. (#4.4.3)"),
    (C.GENERIC, R.SYSTEM_ERROR, MS365,
     "550 5.2.0 STOREDRV.Deliver.Exception:StoragePermanentException; Failed to process "
     "message due to a permanent exception"),
    (C.GENERIC, R.RELAY_FAILED, None,
     "451 4.4.0 Message delivery failed: relay attempt failed after 3 tries"),
    # an extension the path lacks (SMTPUTF8, 8BITMIME) is a system error, not a bad address
    (C.GENERIC, R.SYSTEM_ERROR, None,
     "553 5.6.7 Non-ASCII addresses not permitted for that recipient"),
    # --- Mail block: policy, authentication, sender, PTR, TLS, RFC ------------------------
    (C.MAIL_BLOCK, R.POLICY_VIOLATION, None, "550 5.7.1 Message rejected due to local policy"),
    (C.MAIL_BLOCK, R.POLICY_VIOLATION, YAHOO,
     "554 5.7.9 Message not accepted for policy reasons. See "
     "https://senders.yahooinc.com/error-codes"),
    (C.MAIL_BLOCK, R.POLICY_VIOLATION, "mx00.gmx.net",
     "554-Transaction failed\n554 Reject due to policy restrictions. For explanation visit "
     "https://postmaster.gmx.net/en/case?c=hi&i=ip&v=192.0.2.1"),
    (C.MAIL_BLOCK, R.POLICY_VIOLATION, MS365,
     "550 5.7.520 Access denied, Your organization does not allow external forwarding."),
    (C.MAIL_BLOCK, R.AUTH_FAILURE, GMAIL,
     "550 5.7.1 Unauthenticated email from example.com is not accepted due to domain's "
     "DMARC policy. Please contact the administrator of example.com domain."),
    (C.MAIL_BLOCK, R.AUTH_FAILURE, MS365,
     "550 5.7.509 Access denied, sending domain [EXAMPLE.COM] does not pass DMARC "
     "verification and has a DMARC policy of reject."),
    (C.MAIL_BLOCK, R.AUTH_FAILURE, ICLOUD,
     "554 5.7.1 Your message was rejected due to example.org's DMARC policy. See "
     "https://support.apple.com/en-us/HT204137 for info"),
    (C.MAIL_BLOCK, R.AUTH_FAILURE, GMAIL,
     "550-5.7.26 This mail has been blocked because the sender is unauthenticated. Gmail "
     "requires all senders to authenticate with either SPF or DKIM."),
    (C.MAIL_BLOCK, R.AUTH_FAILURE, GMAIL,
     "550-5.7.26 The MAIL FROM domain [mail.example.com] has an SPF record with a hard "
     "fail policy (-all) but it fails to pass SPF checks with the ip: [192.0.2.24]."),
    (C.MAIL_BLOCK, R.AUTH_FAILURE, None,
     "550 5.7.23 The message was rejected because of Sender Policy Framework violation"),
    (C.MAIL_BLOCK, R.AUTH_FAILURE, None, "550 5.7.1 RESOLVER.RST.AuthRequired; authentication required"),
    (C.MAIL_BLOCK, R.AUTH_FAILURE, MIMECAST,
     "550 Rejected by header based Anti-Spoofing policy: nobody@example.com"),
    (C.MAIL_BLOCK, R.AUTH_FAILURE, None,
     "530 5.7.57 Client not authenticated to send mail. Error: 535 5.7.139 Authentication "
     "unsuccessful"),
    (C.MAIL_BLOCK, R.SENDER_REJECTED, None,
     "553 5.1.8 <bad@example.org>: Sender address rejected: Domain not found"),
    (C.MAIL_BLOCK, R.SENDER_REJECTED, None, "550 5.1.0 <bounce@mailer.example.com> sender rejected."),
    (C.MAIL_BLOCK, R.SENDER_REJECTED, None,
     "550-Verification failed for <nobody@example.org>\n550-Unrouteable address\n550 Sender "
     "verify failed"),
    (C.MAIL_BLOCK, R.SENDER_REJECTED, None,
     "553 5.1.8 <httpd@host1.example.jp>... Domain of sender address "
     "httpd@host1.example.jp does not exist"),
    (C.MAIL_BLOCK, R.SENDER_REJECTED, YAHOO, "501 5.1.8 Sender address rejected [MAIL_FROM]"),
    (C.MAIL_BLOCK, R.SENDER_REJECTED, ORANGE, "501 5.1.0 Emetteur invalide. Invalid Sender. OFR_501"),
    (C.MAIL_BLOCK, R.SENDER_REJECTED, None, "550 5.7.27 Sender address has null MX"),
    (C.MAIL_BLOCK, R.PTR_REQUIRED, GMAIL,
     "550 5.7.25 [192.0.2.202] The IP address sending this message does not have a PTR "
     "record setup, or the corresponding forward DNS entry does not point to the sending "
     "IP."),
    (C.MAIL_BLOCK, R.PTR_REQUIRED, None,
     "450 4.7.1 Client host rejected: cannot find your hostname, [192.0.2.1]"),
    (C.MAIL_BLOCK, R.PTR_REQUIRED, None,
     "550 5.7.1 Client host rejected: cannot find your reverse hostname, [192.0.2.1]"),
    (C.MAIL_BLOCK, R.PTR_REQUIRED, COMCAST,
     "554 5.7.1 resimta-h1p-00.sys.comcast.net comcast 192.0.2.1 Comcast requires that "
     "all mail servers must have a PTR record with a valid Reverse DNS entry."),
    (C.MAIL_BLOCK, R.PTR_REQUIRED, "mx00.gmx.net",
     "554-mail.gmx.net (mxgmx117) Nemesis ESMTP Service not available\n554-No SMTP "
     "service\n554-Bad DNS PTR resource record."),
    (C.MAIL_BLOCK, R.TLS_REQUIRED, GMAIL, "530 5.7.0 Must issue a STARTTLS command first."),
    (C.MAIL_BLOCK, R.TLS_REQUIRED, None, "530 5.7.10 Encryption needed"),
    (C.MAIL_BLOCK, R.TLS_REQUIRED, None, "550 5.7.30 REQUIRETLS support required"),
    (C.MAIL_BLOCK, R.NOT_RFC_COMPLIANT, GMAIL,
     "550-5.7.1 This message is not RFC 5322 compliant. There are multiple Subject "
     "headers. To reduce the amount of spam sent to Gmail, this message has been blocked."),
    (C.MAIL_BLOCK, R.NOT_RFC_COMPLIANT, GMAIL,
     "550 5.7.1 [192.0.2.1] Messages missing a valid Message-ID header are not accepted."),
    (C.MAIL_BLOCK, R.NOT_RFC_COMPLIANT, MS365,
     "550 5.7.512 Access denied, message must be RFC 5322 section 3.6.2 compliant and "
     "include a valid From address"),
    (C.MAIL_BLOCK, R.NOT_RFC_COMPLIANT, None, "554 Transaction failed: Duplicate header 'DKIM-Signature'."),
    (C.MAIL_BLOCK, R.NOT_RFC_COMPLIANT, None, "550 5.6.9 improper use of 8-bit data in message header"),
    (C.MAIL_BLOCK, R.BLOCKED, None, "554 5.7.1 Message blocked by the administrator"),
    (C.MAIL_BLOCK, R.BLOCKED, None, "550 5.7.1 Delivery not authorized, message refused"),
    (C.MAIL_BLOCK, R.BLOCKED, ICLOUD,
     "554 5.7.1 [CS01] Message rejected due to local policy. Please visit "
     "https://support.apple.com/en-us/HT204137"),
    # Dynamic ranges are refused by listing them (Spamhaus PBL, the providers' own lists).
    (C.SPAM_BLOCK, R.BLOCKLISTED, HOTMAIL,
     "550 DY-001 (SNT004-MC1F43) Unfortunately, messages from 192.0.2.1 weren't sent. "
     "Please contact your Internet service provider. You can tell them that Hotmail does "
     "not relay dynamically-assigned IP ranges."),
    (C.MAIL_BLOCK, R.BLOCKED, DOCOMO, "550 Unknown user nobody@docomo.ne.jp"),
    (C.MAIL_BLOCK, R.BLOCKED, "smtpz4.laposte.net",
     "550 5.5.0 Service refuse. Veuillez essayer plus tard. service refused, please try "
     "later. LPN001_108"),
    (C.MAIL_BLOCK, R.BLOCKED, MIMECAST,
     "554 Host network not allowed - https://community.mimecast.com/docs/DOC-1369#554"),
    (C.MAIL_BLOCK, R.POLICY_VIOLATION, None, "550 Administrative prohibition"),
    (C.MAIL_BLOCK, R.BLOCKED, None, "550 5.2.0 Message Filtered"),
    (C.RELAYING_DENIED, R.RELAY_DENIED, None, "550 5.7.1 <nobody@example.com>: Relay access denied"),
    # --- Spam block: blocklists and reputation -------------------------------------------
    (C.SPAM_BLOCK, R.BLOCKLISTED, None,
     "554 5.7.1 Service unavailable; Client host [192.0.2.1] blocked using "
     "zen.spamhaus.org; https://www.spamhaus.org/query/ip/192.0.2.1"),
    (C.SPAM_BLOCK, R.BLOCKLISTED, MS365,
     "550 5.7.1 Service unavailable, Client host [192.0.2.1] blocked using Spamhaus. To "
     "request removal from this list see https://www.spamhaus.org/query/ip/192.0.2.1 "
     "(AS3130)"),
    (C.SPAM_BLOCK, R.BLOCKLISTED, MS365,
     "550 5.7.606 Access denied, banned sending IP [192.0.2.1]. To request removal from "
     "this list please visit https://sender.office.com/ and follow the directions."),
    (C.SPAM_BLOCK, R.BLOCKLISTED, MS365,
     "550 5.7.1 Unfortunately, messages from [192.0.2.1] weren't sent. Please contact "
     "your Internet service provider since part of their network is on our block list "
     "(S3150)."),
    (C.SPAM_BLOCK, R.BLOCKLISTED, YAHOO,
     "553 5.7.1 [BL21] Connections will not be accepted from 192.0.2.1, because the ip is "
     "in Spamhaus's list; see https://postmaster.yahooinc.com/error-codes"),
    (C.SPAM_BLOCK, R.BLOCKLISTED, ICLOUD,
     "554 Blocked - see https://support.proofpoint.com/dnsbl-lookup.cgi?ip=192.0.2.225"),
    (C.SPAM_BLOCK, R.BLOCKLISTED, None,
     "554 5.7.1 Service unavailable; Client host [192.0.2.1] blocked using Barracuda "
     "Reputation; http://www.barracudanetworks.com/reputation/?r=1&ip=192.0.2.1"),
    (C.SPAM_BLOCK, R.BLOCKLISTED, COMCAST,
     "554 resimta-ch2-18v.sys.comcast.net comcast 192.0.2.1 Comcast block for spam. "
     "Please see http://postmaster.comcast.net/smtp-error-codes.php#BL000000"),
    (C.SPAM_BLOCK, R.BLOCKLISTED, COX,
     "550 5.1.0 <bounce@mailer.example.com> sender rejected. Refer to Error Codes section "
     "at https://www.cox.com/residential/support/email-error-codes.html for more "
     "information. AUP#CDRBL"),
    (C.SPAM_BLOCK, R.BLOCKLISTED, None, "550 5.7.1 IP address blacklisted by recipient"),
    (C.SPAM_BLOCK, R.BLOCKLISTED, None, "554 5.7.1 Rejected: 192.0.2.1 listed at bl.spamcop.net"),
    (C.SPAM_BLOCK, R.BAD_REPUTATION, GMAIL,
     "550-5.7.1 [192.0.2.22] Our system has detected that this message is\n550-5.7.1 "
     "likely suspicious due to the very low reputation of the sending IP\n550-5.7.1 "
     "address."),
    (C.SPAM_BLOCK, R.BAD_REPUTATION, GMAIL,
     "421-4.7.28 [192.0.2.1] Our system has detected an unusual rate of unsolicited mail "
     "originating from your IP address. "
     "https://support.google.com/mail/?p=UnsolicitedRateLimitError"),
    (C.SPAM_BLOCK, R.BAD_REPUTATION, YAHOO,
     "421 4.7.0 [TSS04] Messages from 192.0.2.192 temporarily deferred due to unexpected "
     "volume or user complaints - 4.16.55.1; see "
     "https://postmaster.yahooinc.com/error-codes"),
    (C.SPAM_BLOCK, R.BAD_REPUTATION, YAHOO,
     "421 4.7.0 [TS01] Messages from 192.0.2.1 temporarily deferred due to user "
     "complaints - 4.16.55.1"),
    (C.SPAM_BLOCK, R.BAD_REPUTATION, MS365,
     "451 4.7.650 The mail server [192.0.2.25] has been temporarily rate limited due to "
     "IP reputation."),
    (C.SPAM_BLOCK, R.BAD_REPUTATION, MS365,
     "550 5.7.708 Service unavailable. Access denied, traffic not accepted from this IP."),
    (C.SPAM_BLOCK, R.BAD_REPUTATION, HOTMAIL,
     "550 SC-004 (COL0-MC1-F1) Unfortunately, messages from 192.0.2.22 weren't sent. The "
     "problem is that too many unwanted messages have been sent from the following IP "
     "address above."),
    (C.SPAM_BLOCK, R.BAD_REPUTATION, ORANGE,
     "550 mwinf5c04 ME Adresse IP source bloquee pour incident de spam. Client host "
     "blocked for spamming issues. OFR006_102 Ref "
     "http://csi.cloudmark.com/reset-request/?ip=192.0.2.1 [102]"),
    # --- Spam content ----------------------------------------------------------------------
    (C.SPAM_CONTENT, R.SPAM_CONTENT, GMAIL,
     "550-5.7.1 [192.0.2.1 12] Our system has detected that this message is\n550-5.7.1 "
     "likely unsolicited mail. To reduce the amount of spam sent to Gmail,\n550-5.7.1 this "
     "message has been blocked."),
    (C.SPAM_CONTENT, R.SPAM_CONTENT, "mx.yandex.ru",
     "554 5.7.1 [2] Message rejected under suspicion of SPAM; https://ya.cc/1IrBc"),
    (C.SPAM_CONTENT, R.SPAM_CONTENT, "mxs.mail.ru",
     "550 spam message rejected. Please visit http://help.mail.ru/notspam-support/id?c=x"),
    (C.SPAM_CONTENT, R.SPAM_CONTENT, None, "550 5.7.1 Message content rejected, UBE, id=00000-22-225"),
    (C.SPAM_CONTENT, R.SPAM_CONTENT, None, "554 5.7.0 Reject, id=20025-09 - SPAM"),
    (C.SPAM_CONTENT, R.SPAM_CONTENT, None,
     "554 5.6.0 This message has been scored as spam with a probability of more than 90%"),
    (C.SPAM_CONTENT, R.SPAM_CONTENT, None, "550 5.7.1 Message rejected as spam by Content Filtering."),
    (C.MAIL_BLOCK, R.POLICY_VIOLATION, YAHOO, "554 5.7.9 [PH01] Email not accepted for policy reasons."),
    (C.SPAM_CONTENT, R.SPAM_CONTENT, ORANGE, "550 5.2.0 Mail rejete. Mail rejected. ofr_506 [506]"),
    (C.SPAM_CONTENT, R.CONTENT_REJECTED, None, "550 5.7.1 message content rejected"),
    (C.SPAM_CONTENT, R.SPAM_CONTENT, QQ,
     "550 Mail content denied. "
     "http://service.mail.qq.com/cgi-bin/help?subtype=1&&id=20022&&no=1000726"),
    # Gmail gives it for the file types it blocks: an attachment's refusal.
    (C.PROHIBITED_ATTACHMENT, R.PROHIBITED_ATTACHMENT, GMAIL,
     "552-5.7.0 This message was blocked because its content presents a "
     "potential\n552-5.7.0 security issue. Please visit "
     "https://support.google.com/mail/?p=BlockedMessage"),
    (C.MAIL_BLOCK, R.NOT_RFC_COMPLIANT, None, "554 5.6.1 Media not supported"),
    # --- Attachments and viruses -------------------------------------------------------------
    (C.PROHIBITED_ATTACHMENT, R.VIRUS_DETECTED, None,
     "550 5.7.1 Message rejected: virus found in message (Eicar-Test-Signature)"),
    (C.PROHIBITED_ATTACHMENT, R.VIRUS_DETECTED, None,
     "554 5.7.0 Reject, id=12345-02 - INFECTED: Win.Test.EICAR_HDB-1"),
    (C.PROHIBITED_ATTACHMENT, R.PROHIBITED_ATTACHMENT, GMAIL,
     "552-5.7.0 Our system detected an illegal attachment on your message. "
     "Please\n552-5.7.0 visit https://support.google.com/mail/?p=BlockedMessage"),
    (C.PROHIBITED_ATTACHMENT, R.PROHIBITED_ATTACHMENT, None,
     "550 5.7.1 Message rejected: BANNED CONTENT (application/x-msdownload,.exe)"),
    (C.PROHIBITED_ATTACHMENT, R.PROHIBITED_ATTACHMENT, None,
     "554 5.7.1 Attachment type not allowed: invoice.exe"),
    # --- Relaying ----------------------------------------------------------------------------------
    (C.RELAYING_DENIED, R.RELAY_DENIED, None, "554 5.7.1 <nobody@example.net>: Relay access denied"),
    (C.RELAYING_DENIED, R.RELAY_DENIED, None,
     "550 5.7.1 <nobody@example.org>... Relaying denied. Proper authentication required."),
    (C.RELAYING_DENIED, R.RELAY_DENIED, MS365,
     "550 5.7.54 SMTP; Unable to relay recipient in non-accepted domain"),
    (C.RELAYING_DENIED, R.RELAY_DENIED, None,
     "Sorry, that domain isn't in my list of allowed rcpthosts. (#5.7.1)"),
    (C.RELAYING_DENIED, R.RELAY_DENIED, None, "550 relay not permitted"),
    # --- Not bounces -------------------------------------------------------------------------------
    (C.AUTO_REPLY, R.AUTO_REPLY, None,
     "I am currently out of the office with limited access to email and will respond upon "
     "my return."),
    (C.AUTO_REPLY, R.AUTO_REPLY, None, "Automatic reply: I'm on vacation until Monday."),
    (C.TRANSIENT, R.DELAYED, None, "Warning: could not send message for past 4 hours"),
    (C.TRANSIENT, R.DELAYED, None,
     "Delivery to the following recipient has been delayed: nobody@example.com. Message "
     "will be retried for 2 more day(s)"),
    (C.CHALLENGE_RESPONSE, R.CHALLENGE_RESPONSE, None,
     "I'm protecting myself from spam. Please click the link below to verify that you are "
     "a human and I will receive your message."),
    (C.CHALLENGE_RESPONSE, R.CHALLENGE_RESPONSE, None,
     "Your message to nobody@example.com is held pending verification. To confirm you are "
     "not a spammer, reply to this message."),
    # --- More wordings seen in the wild ------------------------------------------------
    (C.SOFT_BOUNCE, R.RATE_LIMITED, GMAIL,
     "550-5.4.5 Daily user sending quota exceeded. "
     "https://support.google.com/a/answer/166852 - gsmtp"),
    (C.SOFT_BOUNCE, R.RATE_LIMITED, MS365,
     "550 5.2.121 Recipient's per sender limit for number of messages has been exceeded"),
    (C.MAILBOX_FULL, R.MAILBOX_FULL, "mx0a-00123.pphosted.com", "550 5.7.1 User mail box is overquota"),
    (C.INVALID_RECIPIENT, R.USER_UNKNOWN, MIMECAST,
     "550 Administrative prohibition - unable to validate recipient"),
    (C.MAIL_BLOCK, R.NOT_RFC_COMPLIANT, GMAIL, "554 5.6.0 Mail message is malformed. Not accepted."),
    (C.DNS_FAILURE, R.DOMAIN_NOT_FOUND, None, "Sorry, I couldn't find any host by that name. (#4.1.2)"),
    (C.TIMEOUT, R.CONNECTION_FAILED, None, "Connected to 192.0.2.1 but connection died. (#4.4.2)"),
    (C.SOFT_BOUNCE, R.MAILBOX_MISCONFIGURED, None, "Unable to chdir to maildir. (#4.2.1)"),
    (C.GENERIC, R.SYSTEM_ERROR, None,
     "Command died with status 1: \"/usr/bin/procmail\". Command output: procmail: Error "
     "while writing to \"/var/mail/nobody\""),
    (C.INVALID_RECIPIENT, R.USER_UNKNOWN, None,
     "ユーザー Neko (nobody@example.co.jp) は Domino ディレクトリには見つかりません。"),
    (C.SPAM_BLOCK, R.BLOCKLISTED, ICLOUD,
     "550 5.7.0 Blocked - see https://ipcheck.proofpoint.com/?ip=192.0.2.1"),
    (C.SPAM_CONTENT, R.CONTENT_REJECTED, GMAIL,
     "421-4.7.0 [192.0.2.1] This message is suspicious due to the nature of the content "
     "and/or the links within."),
    (C.TRANSIENT, R.DELAYED, None, "Warning: message still undelivered after 4 hours"),
    (C.MAIL_BLOCK, R.SENDER_REJECTED, MS365,
     "550 5.7.1 Client does not have permissions to send as this sender"),
    (C.MAIL_BLOCK, R.AUTH_FAILURE, GMAIL,
     "550-5.7.26 The MAIL FROM domain [mail.example.com] has an SPF record with a hard "
     "fail policy (-all) but it fails to pass SPF checks with the ip: [192.0.2.24]. To "
     "best protect our users from spam and phishing, the message has been blocked."),
    (C.SPAM_BLOCK, R.BLOCKLISTED, MS365,
     "550 5.7.511 Access denied, banned sender[nobody@example.com]. To request removal "
     "from this list please forward this message to delist@microsoft.com"),
    (C.SPAM_CONTENT, R.SPAM_CONTENT, None,
     "554 5.7.1 The message from (<a@example.com>) with the subject of ( hi ) matches a "
     "profile the Internet community may consider spam."),
    (C.MAIL_BLOCK, R.TLS_REQUIRED, MS365,
     "421 4.7.66 TLS 1.0 and 1.1 are not supported. Please upgrade/update your client to "
     "support TLS 1.2."),
    (C.SOFT_BOUNCE, R.MAILBOX_INACTIVE, None,
     "550 Sorry, the mailbox you are trying to reach has been closed."),
    (C.MAIL_BLOCK, R.SENDER_REJECTED, None,
     "553 sorry, your envelope sender has been denied (#5.7.1 - chkuser)"),
    (C.PROHIBITED_ATTACHMENT, R.PROHIBITED_ATTACHMENT, None,
     "554 5.7.1 Rejected, id=12345-01 - BANNED: multipart/mixed | "
     "application/zip,.zip,document.zip"),
    (C.SPAM_CONTENT, R.SPAM_CONTENT, MIMECAST,
     "554 5.7.0 Transaction failed: 5.7.0 Rejected by Mimecast: suspected phishing"),
    (C.GENERIC, R.MAIL_LOOP, None, "because the message was forwarded more than the maximum allowed times."),
    (C.MAIL_BLOCK, R.BLOCKED, None, "554 5.7.1 <unknown[192.0.2.1]>: Client host rejected: Access denied"),
    (C.MAIL_BLOCK, R.BLOCKED, None,
     "504 5.5.2 <localhost>: Helo command rejected: need fully-qualified hostname"),
    (C.MAIL_BLOCK, R.SENDER_REJECTED, None,
     "SMTP error from remote mail server after MAIL FROM:<a@example.com> SIZE=1024: 550 "
     "5.7.1 Access denied"),
    # --- Wider vocabulary: MTA software (Postfix, Exim, Sendmail, qmail/chkuser/spamdyke,
    # Courier, Exchange, Domino, Zimbra, MDaemon, hMailServer, Kerio, Stalwart, OpenSMTPD,
    # PowerMTA, KumoMTA, Haraka, amavis, rspamd, Dovecot), gateways and providers -----------
    (C.INVALID_RECIPIENT, R.USER_UNKNOWN, None,
     "450 4.1.1 <nobody@example.com>: Recipient address rejected: unverified address: host "
     "mx.example.com[192.0.2.1] said: 550 5.1.1 <nobody@example.com>: User unknown (in reply to RCPT "
     "TO command)"),
    (C.MAIL_BLOCK, R.BLOCKED, None, "554 5.7.1 <mail.example.org>: Helo command rejected: Access denied"),
    (C.MAIL_BLOCK, R.PTR_REQUIRED, None,
     "450 4.7.1 Client host rejected: cannot find your reverse hostname, [192.0.2.10]"),
    (C.MAIL_BLOCK, R.SENDER_REJECTED, None,
     "550 5.1.0 <a@example.com>: Sender address rejected: User unknown in local recipient table"),
    (C.SPAM_BLOCK, R.BLOCKLISTED, None,
     "554 5.7.1 Service unavailable; Sender address [a@example.com] blocked using dbl.spamhaus.org; "
     "https://www.spamhaus.org/query/domain/example.com"),
    (C.GENERIC, R.SYSTEM_ERROR, None, "421 4.3.0 mail.example.org Server configuration problem"),
    (C.GENERIC, R.SYNTAX_ERROR, None, "520 5.5.1 Protocol error"),
    (C.GENERIC, R.SYNTAX_ERROR, None,
     "450 4.7.1 Client host rejected: improper command pipelining after EHLO from unknown[192.0.2.77]"),
    (C.SOFT_BOUNCE, R.RATE_LIMITED, None, "421 4.7.0 mail.example.org Error: too many errors"),
    (C.SOFT_BOUNCE, R.RATE_LIMITED, None, "452 4.5.3 Error: too many recipients"),
    (C.INVALID_RECIPIENT, R.DOMAIN_NOT_ACCEPTING, None, "Domain example.net does not accept mail (nullMX)"),
    (C.SOFT_BOUNCE, R.MAILBOX_MISCONFIGURED, None,
     "maildir delivery failed: create maildir file /home/nobody/Maildir/tmp/1715.P1.host: Permission "
     "denied"),
    (C.TIMEOUT, R.CONNECTION_FAILED, None,
     "delivery temporarily suspended: connect to mx.example.net[192.0.2.8]:25: Connection timed out"),
    (C.TIMEOUT, R.CONNECTION_FAILED, None,
     "conversation with mx.example.net[192.0.2.8] timed out while receiving the initial server "
     "greeting"),
    (C.MAIL_BLOCK, R.TLS_REQUIRED, None,
     "TLS is required, but was not offered by host mx.example.net[192.0.2.8]"),
    (C.MAIL_BLOCK, R.TLS_REQUIRED, None,
     "Server certificate not verified: certificate verification failed for "
     "mx.example.net[192.0.2.8]:25: untrusted issuer /CN=Example CA"),
    (C.GENERIC, R.SYSTEM_ERROR, None, "mail transport unavailable"),
    (C.TIMEOUT, R.EXPIRED, None, "message expired: Connection refused"),
    (C.SOFT_BOUNCE, R.SERVER_UNAVAILABLE, None, "450 4.3.2 Service currently unavailable"),
    (C.MAIL_BLOCK, R.SENDER_REJECTED, None,
     "550-Verification failed for <a@example.com>\n550-Unrouteable address\n550 Sender verify failed"),
    (C.SPAM_BLOCK, R.BLOCKLISTED, None,
     "550 Rejected because 192.0.2.33 is in a black list at zen.spamhaus.org"),
    (C.SPAM_CONTENT, R.SPAM_CONTENT, None,
     "550 Your message looks like SPAM or has been reported as SPAM please read "
     "http://www.example.net/antispam.html"),
    (C.TIMEOUT, R.EXPIRED, None,
     "retry time not reached for any host for 'example.org' after a long failure period"),
    (C.MAILBOX_FULL, R.MAILBOX_FULL, None,
     "R=virtual_user T=virtual_delivery: mailbox is full (MTA-imposed quota exceeded while writing to "
     "tmp/1715.H1.host)"),
    (C.INVALID_RECIPIENT, R.USER_UNKNOWN, None,
     "R=dkim_lookuphost T=dkim_remote_smtp: SMTP error from remote mail server after RCPT "
     "TO:<nobody@example.net>: 550 5.1.1 <nobody@example.net>: Recipient address rejected: User "
     "unknown in virtual mailbox table"),
    (C.MAIL_BLOCK, R.SENDER_REJECTED, None,
     "SMTP error from remote mail server after pipelined MAIL FROM:<a@example.com> SIZE=4321: 553 "
     "5.7.1 Sender rejected"),
    (C.TIMEOUT, R.CONNECTION_FAILED, None,
     "T=remote_smtp: SMTP timeout after end of data (4321 bytes written): Connection timed out"),
    (C.MAIL_BLOCK, R.BLOCKED, None, "550 HELO argument does not match calling host"),
    (C.SOFT_BOUNCE, R.RATE_LIMITED, None,
     "Domain example.com has exceeded the max emails per hour (120/100 (120%)) allowed.  Message "
     "discarded."),
    (C.SOFT_BOUNCE, R.RATE_LIMITED, None,
     "421 mail.example.org: Too many concurrent SMTP connections from this IP address; please try "
     "again later."),
    (C.INVALID_RECIPIENT, R.DOMAIN_NOT_ACCEPTING, None, "an MX or SRV record indicated no SMTP service"),
    (C.TOO_LARGE, R.MESSAGE_TOO_LARGE, None, "552 Message header not CRLF terminated or too large"),
    (C.SOFT_BOUNCE, R.SERVER_UNAVAILABLE, None, "Deferred: Connection refused by mx.example.org."),
    (C.TIMEOUT, R.CONNECTION_FAILED, None, "Deferred: Connection timed out with mx.example.org."),
    (C.GENERIC, R.SYSTEM_ERROR, None, "Deferred: local mailer (/usr/bin/procmail) exited with EX_TEMPFAIL"),
    (C.TOO_LARGE, R.MESSAGE_TOO_LARGE, None, "552 5.2.3 Message is too large; 10485760 bytes max"),
    (C.RELAYING_DENIED, R.RELAY_DENIED, None,
     "550 5.7.1 <nobody@example.net>... Relaying denied. IP name possibly forged [192.0.2.44]"),
    (C.GENERIC, R.SYSTEM_ERROR, None, "554 5.3.0 unknown mailer error 1"),
    (C.GENERIC, R.SYSTEM_ERROR, None, "550 5.0.0 <nobody@example.net>... Can't create output"),
    (C.INVALID_RECIPIENT, R.INVALID_ADDRESS, None, "553 5.1.3 <nobody>... User address required"),
    (C.MAIL_BLOCK, R.SENDER_REJECTED, None,
     "553 5.5.4 <root@localhost>... Real domain name required for sender address"),
    (C.SOFT_BOUNCE, R.SERVER_UNAVAILABLE, None,
     "451 4.3.0 Temporary system failure. Please try again later."),
    (C.TIMEOUT, R.CONNECTION_FAILED, None, "451 4.4.1 reply: read error from mx.example.org."),
    (C.GENERIC, R.MAIL_LOOP, None,
     "554 5.4.6 Too many hops 26 (25 max): from <a@example.com> via localhost, to <nobody@example.net>"),
    (C.SOFT_BOUNCE, R.SERVER_UNAVAILABLE, None, "451 qq temporary problem (#4.3.0)"),
    (C.SOFT_BOUNCE, R.SERVER_FULL, None, "451 qq write error or disk full (#4.3.0)"),
    (C.SOFT_BOUNCE, R.SERVER_UNAVAILABLE, None,
     "Connected to 192.0.2.5 but greeting failed. Remote host said: 421 mx.example.net busy"),
    (C.MAIL_BLOCK, R.SENDER_REJECTED, None,
     "553 sorry, your envelope sender is in my badmailfrom list (#5.7.1)"),
    (C.MAILBOX_FULL, R.MAILBOX_FULL, None, "522 sorry, recipient mailbox is full (#5.1.1 - chkuser)"),
    (C.SOFT_BOUNCE, R.MAILBOX_INACTIVE, None, "550 sorry, receiving mailbox is disabled (#5.2.1 - chkuser)"),
    (C.MAIL_BLOCK, R.SENDER_REJECTED, None, "550 sorry, invalid sender address specified (#5.7.1 - chkuser)"),
    (C.GENERIC, R.SYSTEM_ERROR, None, "421 unable to read controls (#4.3.0)"),
    (C.MAIL_BLOCK, R.PTR_REQUIRED, None, "421 Refused. Your reverse DNS entry does not resolve."),
    (C.SPAM_BLOCK, R.BLOCKLISTED, None,
     "421 Refused. Your IP address is listed in the RBL at zen.spamhaus.org"),
    (C.TIMEOUT, R.CONNECTION_FAILED, None, "421 Timeout. Talk faster next time."),
    (C.MAIL_BLOCK, R.SENDER_REJECTED, None, "421 Refused. The sender's domain has no mail exchanger."),
    (C.RELAYING_DENIED, R.RELAY_DENIED, None,
     "554 Refused. Sending to remote addresses (relaying) is not allowed."),
    (C.MAILBOX_FULL, R.MAILBOX_FULL, None, "vdelivermail: user is over quota"),
    (C.MAILBOX_FULL, R.MAILBOX_FULL, None, "maildrop: maildir over quota."),
    (C.INVALID_RECIPIENT, R.USER_UNKNOWN, None, "511 <nobody@example.net>: unknown user."),
    (C.MAIL_BLOCK, R.SENDER_REJECTED, None, "517 Your envelope sender address is invalid"),
    (C.DNS_FAILURE, R.DNS_ERROR, None, "DNS lookup failed."),
    (C.INVALID_RECIPIENT, R.USER_UNKNOWN, None, "#550 5.1.1 RESOLVER.ADR.ExRecipNotFound; not found ##"),
    (C.INVALID_RECIPIENT, R.INVALID_ADDRESS, None,
     "#550 5.1.3 RESOLVER.ADR.InvalidInSmtp; invalid address in SMTP ##"),
    (C.SOFT_BOUNCE, R.RATE_LIMITED, None, "#550 5.5.3 RESOLVER.ADR.RecipLimit; too many recipients ##"),
    (C.TOO_LARGE, R.MESSAGE_TOO_LARGE, None,
     "#550 5.2.3 RESOLVER.RST.SendSizeLimit.Sender; message too large for this sender ##"),
    (C.MAIL_BLOCK, R.BLOCKED, None, "#550 5.7.1 RESOLVER.RST.NotAuthorized; not authorized ##"),
    (C.MAIL_BLOCK, R.AUTH_FAILURE, None,
     "#550 5.7.133 RESOLVER.RST.SenderNotAuthenticatedForGroup; authentication required; Delivery "
     "restriction check failed because the sender was not authenticated when sending to this group ##"),
    (C.GENERIC, R.MAIL_LOOP, None, "#554 5.4.6 ROUTING.LoopDetected; loop detected ##"),
    (C.TIMEOUT, R.EXPIRED, None, "#550 4.4.7 QUEUE.Expired; message expired ##"),
    (C.TIMEOUT, R.EXPIRED, None, "554 5.4.316 Message expired, connection refused(Socket error code 10061)"),
    (C.TIMEOUT, R.EXPIRED, None, "550 5.4.300 Message expired"),
    (C.MAIL_BLOCK, R.NOT_RFC_COMPLIANT, None,
     "550 5.6.11 SMTPSEND.BareLinefeedsAreIllegal; message contains bare linefeeds, which cannot be "
     "sent via DATA"),
    (C.MAIL_BLOCK, R.SENDER_REJECTED, MS365, "550 5.1.8 Access denied, bad outbound sender"),
    (C.MAIL_BLOCK, R.AUTH_FAILURE, MS365,
     "550 5.7.57 SMTP; Client was not authenticated to send anonymous mail during MAIL FROM"),
    (C.RELAYING_DENIED, R.RELAY_DENIED, None, "550 5.7.1 Unable to relay"),
    (C.SOFT_BOUNCE, R.RATE_LIMITED, MS365,
     "554 5.2.2 STOREDRV.Submission.Exception:SubmissionQuotaExceededException; Failed to process "
     "message due to a permanent exception"),
    (C.MAIL_BLOCK, R.SENDER_REJECTED, None,
     "554 5.7.1 STOREDRV.Submit.Exception:SendAsDeniedException.MapiExceptionSendAsDenied; Failed to "
     "process message due to a permanent exception with message Cannot submit message."),
    (C.SOFT_BOUNCE, R.SERVER_UNAVAILABLE, None, "432 4.3.2 STOREDRV.Deliver; mailbox server is too busy"),
    (C.SOFT_BOUNCE, R.RATE_LIMITED, None,
     "432 4.3.2 STOREDRV.Deliver; mailbox database thread limit exceeded"),
    (C.SPAM_BLOCK, R.BAD_REPUTATION, MS365,
     "451 4.7.500 Access denied, please try again later. For more information please go to "
     "http://go.microsoft.com/fwlink/?LinkId=526653. (AS800)"),
    (C.MAIL_BLOCK, R.POLICY_VIOLATION, None,
     "550 5.7.750 Service unavailable. Client blocked from sending from unregistered domains."),
    (C.MAIL_BLOCK, R.POLICY_VIOLATION, None,
     "550 5.7.510 Access denied, example.com does not accept email over IPv4. Contact your "
     "administrator."),
    (C.INVALID_RECIPIENT, R.USER_UNKNOWN, None, "550 5.7.504 Recipient address rejected: Access denied"),
    (C.SPAM_BLOCK, R.BLOCKLISTED, None, "550 5.7.641 Access denied, banned sending IP [192.0.2.33]"),
    (C.SPAM_CONTENT, R.SPAM_CONTENT, None,
     "550 5.7.350 Remote server returned message detected as spam -> 554 5.7.1 Message rejected as "
     "spam"),
    (C.RELAYING_DENIED, R.RELAY_DENIED, None,
     "550 5.7.367 Remote server returned not permitted to relay -> 550 5.7.1 Unable to relay"),
    (C.TIMEOUT, R.CONNECTION_FAILED, None, "451 4.4.318 Connection was closed abruptly"),
    (C.TIMEOUT, R.CONNECTION_FAILED, None, "451 4.4.317 Cannot connect to remote server"),
    (C.DNS_FAILURE, R.DNS_ERROR, None, "451 4.4.312 DNS query failed"),
    (C.SOFT_BOUNCE, R.SERVER_UNAVAILABLE, None, "451 4.4.24 Message failed to be made redundant"),
    (C.MAIL_BLOCK, R.TLS_REQUIRED, None,
     "451 4.7.322 certificate-expired: Destination mail server's certificate is expired."),
    (C.MAIL_BLOCK, R.AUTH_FAILURE, None,
     "450 4.7.26 Access denied, a message sent over IPv6 [2001:db8::1] must pass either SPF or DKIM "
     "validation, this message is not signed"),
    (C.SOFT_BOUNCE, R.RATE_LIMITED, None,
     "550 5.2.122 The recipient has exceeded their limit for the number of messages they can receive "
     "per hour."),
    (C.DNS_FAILURE, R.DOMAIN_NOT_FOUND, None, "550 5.4.4 ROUTING.NoNextHop; unable to route"),
    (C.INVALID_RECIPIENT, R.USER_UNKNOWN, None,
     "Your message to nobody@example.com couldn't be delivered. nobody wasn't found at example.com."),
    (C.MAILBOX_FULL, R.MAILBOX_FULL, None,
     "Your message couldn't be delivered because the recipient's mailbox is full."),
    (C.MAIL_BLOCK, R.BLOCKED, None,
     "Your message wasn't delivered because the recipient's email provider rejected it."),
    (C.TIMEOUT, R.CONNECTION_FAILED, None,
     "Despite repeated attempts to deliver your message, the recipient's email system refused to "
     "accept a connection from your email system."),
    (C.TIMEOUT, R.EXPIRED, None,
     "Could not deliver the message in the time limit specified. Please retry or contact your "
     "administrator."),
    (C.DNS_FAILURE, R.DOMAIN_NOT_FOUND, None,
     "The message could not be delivered because the recipient's destination email system is unknown "
     "or invalid."),
    (C.GENERIC, R.MAIL_LOOP, None,
     "A configuration error in the e-mail system caused the message to bounce between two servers or "
     "to be forwarded between two recipients."),
    (C.SOFT_BOUNCE, R.SERVER_UNAVAILABLE, None,
     "The recipient's e-mail system isn't accepting messages now."),
    # Domino's router found no Connection or Domain document leading there: a routing
    # failure of the sending side (40), as the labelled reply sets read it, not DNS.
    (C.GENERIC, R.RELAY_FAILED, None,
     "No route found to domain example.net from server MAIL01/Example. Check Server, Connection and "
     "Domain documents in Domino Directory."),
    (C.GENERIC, R.MAIL_LOOP, None, "Maximum hop count exceeded. Message probably in a routing loop."),
    (C.MAILBOX_FULL, R.MAILBOX_FULL, None, "Unable to deliver message. The recipient's mail file is full."),
    (C.SOFT_BOUNCE, R.SERVER_UNAVAILABLE, None, "451 4.2.1 Mailbox temporarily unavailable"),
    (C.SOFT_BOUNCE, R.SERVER_UNAVAILABLE, None, "421 4.3.2 Account is in maintenance mode, please try later"),
    (C.INVALID_RECIPIENT, R.USER_UNKNOWN, None,
     "550 Unable to deliver to non-existent user nobody@example.org"),
    (C.SPAM_CONTENT, R.SPAM_CONTENT, None, "550 5.7.1 Message rejected: Spam score too high"),
    (C.RELAYING_DENIED, R.RELAY_DENIED, None, "550 Delivery is not allowed to this address."),
    (C.MAIL_BLOCK, R.AUTH_FAILURE, None, "530 SMTP authentication is required."),
    (C.PROHIBITED_ATTACHMENT, R.PROHIBITED_ATTACHMENT, None,
     "554 Rejected - Message containing executable attachment (invoice.exe)"),
    (C.RELAYING_DENIED, R.RELAY_DENIED, None, "550 5.7.1 Relaying to <nobody@example.net> denied"),
    (C.MAIL_BLOCK, R.SENDER_REJECTED, None, "553 5.7.1 Sender address <a@example.com> is not allowed"),
    (C.SOFT_BOUNCE, R.MAILBOX_INACTIVE, None, "550 5.2.1 Mailbox <nobody@example.com> is disabled"),
    (C.INVALID_RECIPIENT, R.USER_UNKNOWN, None, "550 5.1.1 Mailbox does not exist."),
    (C.SOFT_BOUNCE, R.RATE_LIMITED, None, "451 4.7.1 Rate limit exceeded, try again later."),
    (C.GENERIC, R.SYNTAX_ERROR, None, "503 5.5.1 Invalid sequence of commands."),
    (C.SPAM_BLOCK, R.BAD_REPUTATION, None, "550 5.7.1 Your IP address is blocked."),
    (C.INVALID_RECIPIENT, R.USER_UNKNOWN, None, "550 Invalid recipient: <nobody@example.org>"),
    (C.MAIL_BLOCK, R.SENDER_REJECTED, None, "553 5.1.0 Sender address syntax error"),
    (C.INVALID_RECIPIENT, R.INVALID_ADDRESS, None, "553 5.1.0 Recipient address syntax error"),
    (C.TIMEOUT, R.EXPIRED, None, "smtp;554 5.4.7 [internal] exceeded max time without delivery"),
    (C.DNS_FAILURE, R.DOMAIN_NOT_FOUND, None, "smtp;554 5.4.4 [internal] no MX or A record for domain"),
    (C.TIMEOUT, R.CONNECTION_FAILED, None,
     "smtp;421 4.4.0 [internal] no valid hosts (too many connection failures)"),
    (C.DNS_FAILURE, R.DOMAIN_NOT_FOUND, None,
     "KumoMTA internal: failed to resolve MX for example.invalid: MX lookup for example.invalid "
     "returned NXDomain"),
    (C.SOFT_BOUNCE, R.SERVER_UNAVAILABLE, None,
     "KumoMTA internal: failed to connect to any candidate hosts: connect to 192.0.2.8:25: Connection "
     "refused"),
    (C.TIMEOUT, R.EXPIRED, None,
     "KumoMTA internal: Next delivery time would be at 2024-05-08 14:02:44 UTC which exceeds the "
     "expiry time"),
    (C.RELAYING_DENIED, R.RELAY_DENIED, None, "550 I cannot deliver mail for <nobody@example.org>"),
    (C.MAIL_BLOCK, R.SENDER_REJECTED, None, "550 5.7.1 Sender domain has no MX record"),
    (C.PROHIBITED_ATTACHMENT, R.VIRUS_DETECTED, None,
     "554 5.7.1 Message rejected: virus found (Win.Test.EICAR_HDB-1)"),
    (C.MAIL_BLOCK, R.SENDER_REJECTED, 'eu-smtp-inbound-1.mimecast.com',
     "451 Message temporarily deferred due to unresolvable RFC.5321 from address - "
     "https://community.mimecast.com/docs/DOC-1369#451"),
    (C.MAIL_BLOCK, R.POLICY_VIOLATION, None,
     "554 Email rejected due to security policies - https://community.mimecast.com/docs/DOC-1369#554"),
    (C.INVALID_RECIPIENT, R.USER_UNKNOWN, None, "550 Recipient email address is possibly incorrect"),
    (C.MAIL_BLOCK, R.BLOCKED, None,
     "550 Envelope blocked - User Entry - https://community.mimecast.com/docs/DOC-1369#550"),
    (C.SPAM_CONTENT, R.SPAM_CONTENT, None, "550 5.7.1 Message blocked due to spam content in the message."),
    (C.INVALID_RECIPIENT, R.USER_UNKNOWN, None, "550 #5.1.0 Address rejected."),
    (C.SPAM_BLOCK, R.BAD_REPUTATION, None, "554 5.7.1 Rejected due to low SenderBase reputation score"),
    (C.SOFT_BOUNCE, R.RATE_LIMITED, None, "452 #4.5.3 Recipient limit exceeded"),
    (C.PROHIBITED_ATTACHMENT, R.PROHIBITED_ATTACHMENT, None, "554 rejecting banned content"),
    (C.PROHIBITED_ATTACHMENT, R.VIRUS_DETECTED, None, "550 5.7.1 Message rejected due to malware"),
    (C.INVALID_RECIPIENT, R.USER_UNKNOWN, None, "550 5.1.1 Recipient verification failed"),
    (C.SPAM_BLOCK, R.BAD_REPUTATION, None,
     "554 5.7.1 Connection rejected by FortiGuard Antispam IP reputation service"),
    (C.RELAYING_DENIED, R.RELAY_DENIED, None,
     "553-you are trying to use me [server-4.tower-11.messagelabs.com] as a relay, but I have not "
     "been configured to let you [192.0.2.1, mail.example.com] do this."),
    (C.MAIL_BLOCK, R.POLICY_VIOLATION, None,
     "501 Connection rejected by policy [7.7] 20409, please visit "
     "www.symanteccloud.com/troubleshooting for more details about this error message."),
    # (Symantec.cloud's 553 "Message filtered" is its anti-spam verdict on the content)
    (C.SPAM_CONTENT, R.SPAM_CONTENT, None,
     "553-Message filtered. Refer to the Troubleshooting page at "
     "http://www.symanteccloud.com/troubleshooting"),
    (C.SOFT_BOUNCE, R.SERVER_UNAVAILABLE, GMAIL, "421 4.4.5 Server busy, try again later."),
    (C.SOFT_BOUNCE, R.SERVER_UNAVAILABLE, GMAIL, "451 4.3.0 Mail server temporarily rejected message."),
    (C.GENERIC, R.SYNTAX_ERROR, GMAIL, "451 4.5.0 SMTP protocol violation, see RFC 2821."),
    (C.GENERIC, R.SYNTAX_ERROR, GMAIL, "502 5.5.1 Too many unrecognized commands, goodbye."),
    (C.GENERIC, R.SYNTAX_ERROR, GMAIL, "503 5.5.1 RCPT first."),
    (C.MAIL_BLOCK, R.AUTH_FAILURE, GMAIL, "535 5.7.8 Username and Password not accepted."),
    (C.SOFT_BOUNCE, R.RATE_LIMITED, GMAIL, "550 5.4.5 Daily sending quota exceeded."),
    (C.RELAYING_DENIED, R.RELAY_DENIED, GMAIL, "550 5.7.0 Mail relay denied 192.0.2.8."),
    (C.MAIL_BLOCK, R.AUTH_FAILURE, GMAIL,
     "550 5.7.1 Unauthenticated email is not accepted from this domain."),
    (C.DNS_FAILURE, R.DOMAIN_NOT_FOUND, GMAIL,
     "553 5.1.2 We weren't able to find the recipient domain. Please check for any spelling errors."),
    (C.INVALID_RECIPIENT, R.INVALID_ADDRESS, GMAIL,
     "553 5.1.3 The recipient address is not a valid RFC 5321 address."),
    (C.GENERIC, R.SYNTAX_ERROR, GMAIL, "555 5.5.2 Syntax error."),
    (C.SOFT_BOUNCE, R.RATE_LIMITED, GMAIL, "452 4.5.3 Your message has too many recipients."),
    (C.MAIL_BLOCK, R.AUTH_FAILURE, GMAIL,
     "421 4.7.30 This mail has been rate limited because DKIM does not pass. Gmail requires all "
     "senders to authenticate with DKIM."),
    (C.MAIL_BLOCK, R.NOT_RFC_COMPLIANT, GMAIL,
     "550 5.7.1 Messages missing a valid address in From: header, or having no From: header, are not "
     "accepted."),
    (C.SPAM_BLOCK, R.BAD_REPUTATION, None,
     "421 4.7.0 [TSS04] Messages from 192.0.2.9 temporarily deferred due to unexpected volume or user "
     "complaints - 4.16.55.1"),
    (C.INVALID_RECIPIENT, R.USER_UNKNOWN, None,
     "554 delivery error: dd This user doesn't have a aol.com account (nobody@aol.com) [0] - "
     "mta1011.mail.ne1.yahoo.com"),
    (C.MAIL_BLOCK, R.BLOCKED, None, "521 5.2.1 : AOL will not accept delivery of this message."),
    (C.SPAM_BLOCK, R.BLOCKLISTED, None,
     "550 5.7.1 Unfortunately, messages from [192.0.2.9] weren't sent. Please contact your Internet "
     "service provider since part of their network is on our block list (S3140)."),
    (C.SPAM_BLOCK, R.BAD_REPUTATION, None,
     "550 SC-004 (BAY004-MC6F1) Unfortunately, messages from 192.0.2.9 weren't sent. The problem is "
     "that too many unwanted messages have been sent from the following IP address above."),
    (C.SPAM_BLOCK, R.BAD_REPUTATION, None,
     "550 OU-002 (SNT004-MC4F20) Unfortunately, messages from 192.0.2.9 weren't sent. Please contact "
     "Microsoft."),
    (C.SOFT_BOUNCE, R.RATE_LIMITED, None,
     "421 RP-001 (BAY004-MC1F21) Unfortunately, some messages from 192.0.2.9 weren't sent. Please try "
     "again."),
    (C.SPAM_BLOCK, R.BLOCKLISTED, None,
     "554 resimta-po-23v.sys.comcast.net comcast 192.0.2.9 found on one or more RBLs (BL000001). "
     "Please see http://postmaster.comcast.net/smtp-error-codes.php#BL000001"),
    (C.SPAM_BLOCK, R.BLOCKLISTED, None,
     "554 cxr.mx.a.cloudfilter.net cmsmtp 192.0.2.9 blocked - Refer to Error Code AUP#CXBL "
     "https://www.cox.com/residential/support/email-error-codes.html"),
    (C.SOFT_BOUNCE, R.RATE_LIMITED, None,
     "421 cxr.mx.a.cloudfilter.net cmsmtp Too many connections from 192.0.2.9 AUP#CXCNCT"),
    (C.SPAM_BLOCK, R.BLOCKLISTED, None,
     "553 5.3.0 alph742 DNSBL:RBL 521< 192.0.2.9 >_is_blocked.For assistance forward this error to "
     "abuse_rbl@abuse-att.net"),
    (C.SPAM_CONTENT, R.SPAM_CONTENT, None, "552 Message rejected for spam or virus content IB212"),
    (C.SPAM_BLOCK, R.BAD_REPUTATION, None,
     "554 This IP has been temporarily blocked for sending too many messages IB110"),
    (C.SPAM_CONTENT, R.SPAM_CONTENT, None,
     "541 5.4.1 Your message to nobody@zoho.com was classified as SPAM. Please add more content, cut "
     "down on HTML links."),
    (C.MAIL_BLOCK, R.AUTH_FAILURE, None, "550 5.7.1 Email rejected per SPF policy"),
    (C.INVALID_RECIPIENT, R.USER_UNKNOWN, None, "550 5.1.1 User does not exist - <nobody@zohomail.com>"),
    (C.SOFT_BOUNCE, R.MAILBOX_INACTIVE, None,
     "550 5.2.1 <nobody@fastmail.com>: Recipient address rejected: account disabled"),
    (C.SOFT_BOUNCE, R.MAILBOX_INACTIVE, None,
     "550 Message was not accepted -- invalid mailbox. Local mailbox nobody@mail.ru is unavailable: "
     "account is blocked"),
    (C.SPAM_BLOCK, R.BLOCKLISTED, None, "550 5.7.0 Message rejected: remote IP (192.0.2.9) in black list"),
    (C.SOFT_BOUNCE, R.MAILBOX_INACTIVE, None, "550 5.7.1 Recipient rejected: this mailbox was disabled"),
    (C.PROHIBITED_ATTACHMENT, R.VIRUS_DETECTED, None, "554 5.7.1 Message rejected: Infected"),
    (C.MAILBOX_FULL, R.MAILBOX_FULL, None, "550 The mailbox is out of quota"),
    (C.SOFT_BOUNCE, R.RATE_LIMITED, None, "550 Domain frequency limited"),
    (C.SPAM_CONTENT, R.SPAM_CONTENT, None,
     "451 DT:SPM 163 mx43,WsCowAAnMz1XcxZnAz6OAw--.52577S3 1729524568, please see "
     "http://mail.163.com/help/help_spam_16.htm?ip=192.0.2.9"),
    (C.MAIL_BLOCK, R.SENDER_REJECTED, None,
     "554 DT:SUM mx12, please see http://mail.163.com/help/help_spam_16.htm"),
    (C.SOFT_BOUNCE, R.RATE_LIMITED, None,
     "550 RP:TRC 163 mx12, please see http://mail.163.com/help/help_spam_16.htm"),
    (C.SPAM_BLOCK, R.BAD_REPUTATION, None,
     "421 HL:REP 163 mx2, please see http://mail.163.com/help/help_spam_16.htm?ip=192.0.2.9"),
    (C.MAIL_BLOCK, R.AUTH_FAILURE, None,
     "550 MI:DMA 126 mx5, please see http://mail.163.com/help/help_spam_16.htm"),
    (C.INVALID_RECIPIENT, R.USER_UNKNOWN, None, "550 User not found: nobody@163.com"),
    (C.SOFT_BOUNCE, R.MAILBOX_INACTIVE, None, "550 User suspended: nobody@126.com"),
    (C.MAIL_BLOCK, R.PTR_REQUIRED, None,
     "554-No SMTP service 554-Bad DNS PTR resource record. 554 For explanation visit "
     "http://postmaster.web.de/en/error-messages?ip=192.0.2.9&c=rdns"),
    (C.SPAM_BLOCK, R.BLOCKLISTED, None,
     "554 IP=192.0.2.9 - Dialup/transient IP not allowed. Use a mailgateway or contact your "
     "postmaster. (DIAL)"),
    (C.SPAM_BLOCK, R.BLOCKLISTED, None,
     "554 IP=192.0.2.9 - A problem occurred. (Ask your postmaster for help or to contact "
     "tosa@rx.t-online.de to clarify.) (BL)"),
    (C.INVALID_RECIPIENT, R.DOMAIN_NOT_ACCEPTING, None, "550 5.1.10 Recipient domain has a null MX"),
    (C.DNS_FAILURE, R.DNS_ERROR, None, "451 4.4.3 Temporary DNS failure (SERVFAIL) looking up example.net"),
    (C.DNS_FAILURE, R.DOMAIN_NOT_FOUND, None, "550 5.1.2 Bad destination system address"),
    (C.SPAM_BLOCK, R.BAD_REPUTATION, GMAIL,
     "550-5.7.1 [192.0.2.1] Gmail has detected that this message is likely suspicious due to the very "
     "low reputation of the sending domain."),
    (C.MAIL_BLOCK, R.PTR_REQUIRED, GMAIL,
     "550-5.7.1 [2001:db8::1] This message does not meet IPv6 sending guidelines regarding PTR "
     "records and authentication."),
    (C.INVALID_RECIPIENT, R.USER_UNKNOWN, MS365,
     "550 5.5.0 Requested action not taken: mailbox unavailable (S2017062302). "
     "[BN1NAM02FT010.eop-nam02.prod.protection.outlook.com]"),
    (C.SPAM_BLOCK, R.BAD_REPUTATION, None,
     "451 4.7.650 The mail server [192.0.2.1] has been temporarily rate limited due to IP reputation. "
     "For e-mail delivery information, see https://postmaster.live.com (S775)"),
    (C.SPAM_CONTENT, R.SPAM_CONTENT, None,
     "550 5.7.520 Message blocked because it contains content identified as spam. AS(4810)"),
    (C.SPAM_BLOCK, R.BLOCKLISTED, None,
     "550 5.7.1 Service unavailable, MailFrom domain is listed in Spamhaus. To request removal from "
     "this list see https://www.spamhaus.org/query/lookup/ (S8002)"),
    (C.SOFT_BOUNCE, R.RATE_LIMITED, None,
     "550 5.1.90 Your message can't be sent because you've reached your daily limit for message "
     "recipients."),
    (C.RELAYING_DENIED, R.RELAY_DENIED, None,
     "550 5.4.1 Relay Access Denied ATTR36 [CO1NAM11FT010.eop-nam11.prod.protection.outlook.com]"),
    (C.MAIL_BLOCK, R.SENDER_REJECTED, None,
     "554 5.2.252 SendAsDenied; a@example.com not allowed to send as b@example.com"),
    (C.MAIL_BLOCK, R.POLICY_VIOLATION, None,
     "Your message couldn't be delivered to the recipient because you don't have permission to send "
     "to it."),
    (C.SPAM_BLOCK, R.BAD_REPUTATION, None,
     "553 5.7.2 [TSS09] All messages from 192.0.2.9 will be permanently deferred; Retrying will NOT "
     "succeed."),
    (C.SOFT_BOUNCE, R.RATE_LIMITED, None, "452 Too many recipients received this hour"),
    (C.MAILBOX_FULL, R.MAILBOX_FULL, None,
     "552 5.2.2 <nobody@icloud.com>: user is over quota (in reply to RCPT TO command)"),
    (C.MAIL_BLOCK, R.PTR_REQUIRED, None,
     "554 5.7.1 resimta-h1p-01.sys.comcast.net comcast 192.0.2.9 Comcast requires that all mail "
     "servers must have a PTR record with a valid Reverse DNS entry."),
    (C.SPAM_BLOCK, R.BLOCKLISTED, None,
     "554-mx.gmx.net (mxgmx017) Nemesis ESMTP Service not available 554-No SMTP service 554-IP "
     "address is block listed."),
    (C.MAIL_BLOCK, R.BLOCKED, None,
     "550 5.7.1 Service refuse. Veuillez essayer plus tard. Service refused, please try later. "
     "OFR_999 [999]"),
    (C.SOFT_BOUNCE, R.MAILBOX_INACTIVE, None, "550 User is suspended"),
    (C.SOFT_BOUNCE, R.MAILBOX_INACTIVE, None, "550 The mailbox is locked"),
    (C.SPAM_CONTENT, R.SPAM_CONTENT, None, "550 Message rejected due to suspected spam"),
    (C.SPAM_CONTENT, R.SPAM_CONTENT, None, "554 5.7.1 Rejected: spam"),
    (C.PROHIBITED_ATTACHMENT, R.PROHIBITED_ATTACHMENT, None,
     "554 5.7.0 Reject, id=30117-04 - BANNED: "
     "P=p003,L=1,M=multipart/mixed,M=application/octet-stream,T=exe,N=setup.exe"),
    (C.MAIL_BLOCK, R.NOT_RFC_COMPLIANT, None, "554 5.6.0 Reject, id=30117-04 - BAD HEADER"),
    (C.SPAM_CONTENT, R.SPAM_CONTENT, None, "554 5.7.1 Spam message rejected"),
    (C.SOFT_BOUNCE, R.RATE_LIMITED, None, "450 4.7.1 Ratelimit exceeded"),
    (C.SPAM_CONTENT, R.SPAM_CONTENT, None, "550 5.7.1 Blocked by SpamAssassin"),
    (C.PROHIBITED_ATTACHMENT, R.VIRUS_DETECTED, None, "550 5.7.1 Virus found: Eicar-Test-Signature"),
    (C.MAIL_BLOCK, R.AUTH_FAILURE, None, "550 5.7.1 rejected by DMARC policy for example.com"),
    (C.MAILBOX_FULL, R.MAILBOX_FULL, None,
     "552 5.2.2 <nobody@example.org> Quota exceeded (mailbox for user is full)"),
    (C.INVALID_RECIPIENT, R.USER_UNKNOWN, None,
     "550 5.1.1 <nobody@example.org> User doesn't exist: nobody@example.org"),
    (C.MAIL_BLOCK, R.BLOCKED, None, "550 5.7.1 Message rejected by recipient's Sieve filter"),
    (C.MAIL_BLOCK, R.SENDER_REJECTED, None,
     "554 Message rejected: Email address is not verified. The following identities failed the check "
     "in region EU-WEST-1: a@example.com"),
    (C.SOFT_BOUNCE, R.RATE_LIMITED, None, "454 Throttling failure: Maximum sending rate exceeded."),
    (C.SOFT_BOUNCE, R.RATE_LIMITED, None, "454 Throttling failure: Daily message quota exceeded."),
    (C.INVALID_RECIPIENT, R.USER_UNKNOWN, None, "Not delivering to previously bounced address"),
    (C.INVALID_RECIPIENT, R.USER_UNKNOWN, None, "550 5.1.1 unknown user account: <nobody@example.com>"),
    (C.MAILBOX_FULL, R.MAILBOX_FULL, None, "552 5.2.2 account is full (disk quota exceeded)"),
    (C.INVALID_RECIPIENT, R.USER_UNKNOWN, None, "550 <nobody@example.com> No such user here"),
    (C.SPAM_CONTENT, R.SPAM_CONTENT, None, "554 Rejected by spam filter"),
    (C.MAIL_BLOCK, R.AUTH_FAILURE, None, "550 SPF check failed"),
    (C.MAIL_BLOCK, R.POLICY_VIOLATION, None, "550 5.7.1 <nobody@example.com> Rejected by policy"),
    (C.SPAM_CONTENT, R.SPAM_CONTENT, None, "554 5.7.1 Rejected by Antispam"),
    (C.MAILBOX_FULL, R.MAILBOX_FULL, None, "Your message was not delivered as the recipient's inbox is full"),
    # A URI blocklist is checked against the links of the body: it judges the content.
    (C.SPAM_CONTENT, R.SPAM_CONTENT, None, "550 5.7.1 Rejected: message contains a URL listed in SURBL"),
    (C.INVALID_RECIPIENT, R.USER_UNKNOWN, None,
     "550-Callout verification failed:\n550 550 5.1.1 User unknown"),
    (C.MAIL_BLOCK, R.SENDER_REJECTED, None, "451 Could not complete sender verify callout"),
    (C.TIMEOUT, R.EXPIRED, None, "failed mail: could not be delivered within 6 days"),
    (C.DNS_FAILURE, R.DOMAIN_NOT_FOUND, None, "The Internet host name in the address was not found"),
    (C.INVALID_RECIPIENT, R.USER_UNKNOWN, None, "550 Unknown local part nobody in <nobody@example.org>"),
    (C.SOFT_BOUNCE, R.SERVER_UNAVAILABLE, None,
     "450 4.7.1 <nobody@example.com>: Recipient address rejected: Recipient temporarily unavailable"),
    (C.SPAM_BLOCK, R.BAD_REPUTATION, None, "550 Sorry, you have a bad reputation."),
    (C.MAIL_BLOCK, R.SENDER_REJECTED, None, "550 5.1.8 <a@example.com>: Sender address not found"),
    (C.TIMEOUT, R.CONNECTION_FAILED, None, "Message not delivered: host is down"),
    (C.MAIL_BLOCK, R.BLOCKED, None,
     "Message blocked. Your message to nobody@example.com was blocked by the recipient's organization."),
    (C.SOFT_BOUNCE, R.SERVER_UNAVAILABLE, None, "421 4.3.2 System not accepting network messages"),
    (C.INVALID_RECIPIENT, R.DOMAIN_NOT_ACCEPTING, None,
     "556 5.1.10 Domain example.org does not accept email"),
    # --- The third blind set's misses, as other wordings of the same kinds ----------------------------
    (C.SPAM_BLOCK, R.BLOCKLISTED, None,
     "550 5.7.1 Connection refused: your IP is DNS-BL listed (see dnsbl.example.net)"),
    (C.SPAM_BLOCK, R.BLOCKLISTED, None, "554 5.7.1 Client host [198.51.100.23] blocked"),
    (C.SPAM_BLOCK, R.BLOCKLISTED, None, "554 5.7.1 Rejected by DNSRBL"),
    (C.SPAM_BLOCK, R.BLOCKLISTED, HOTMAIL,
     "550 5.7.1 Unfortunately, messages from [198.51.100.23] weren't sent. Please contact your Internet "
     "service provider since part of their network is on our block list (S3150)."),
    (C.SPAM_BLOCK, R.BLOCKLISTED, COX, "554 cxr.mx.a.cloudfilter.net 198.51.100.23 rejected IPBL0010"),
    (C.SPAM_BLOCK, R.BAD_REPUTATION, None,
     "550 OU-001 (SNT004-MC1F20) Unfortunately, messages from 198.51.100.23 weren't sent."),
    (C.SPAM_BLOCK, R.BAD_REPUTATION, None,
     "421 4.7.0 [GL01] Message from (198.51.100.23) temporarily deferred"),
    (C.SPAM_CONTENT, R.SPAM_CONTENT, None, "554 5.7.1 Your message was refused as spam by our filters"),
    (C.SPAM_CONTENT, R.SPAM_CONTENT, None, "550 5.7.1 [SPAM] message rejected (score 9.8, required 5.0)"),
    (C.SPAM_CONTENT, R.SPAM_CONTENT, None, "554 5.7.1 Blocked by spamfilter-milter: spam"),
    (C.MAIL_BLOCK, R.TLS_REQUIRED, None, "Could not establish TLS: sslv3 alert handshake failure"),
    (C.MAIL_BLOCK, R.TLS_REQUIRED, None,
     "TLS handshake error with mx.example.net: certificate verify failed"),
    (C.MAIL_BLOCK, R.TLS_REQUIRED, None, "530 5.7.0 STARTTLS is required to send mail"),
    (C.GENERIC, R.SYSTEM_ERROR, None, "550 5.6.7 SMTPUTF8 not offered by the receiving server"),
    (C.GENERIC, R.SYSTEM_ERROR, None,
     "554 5.6.3 Message cannot be converted to 7bit for a server without 8BITMIME"),
    (C.GENERIC, R.MAIL_LOOP, None,
     "host mx.example.net[192.0.2.7] greeted me with my own name mail.example.net"),
    (C.SOFT_BOUNCE, R.RATE_LIMITED, None, "451 4.7.1 Quota exceeded for outbound mail from example.org"),
    (C.DNS_FAILURE, R.DOMAIN_NOT_FOUND, None,
     "450 4.1.2 Temporary lookup failure: host not found for example.net"),
    (C.SOFT_BOUNCE, R.RATE_LIMITED, None,
     "host mx.example.net[192.0.2.7] refused to talk to me: 421 4.7.0 Too many concurrent SMTP sessions"),
    (C.SPAM_BLOCK, R.BAD_REPUTATION, YAHOO,
     "host mta6.am0.yahoodns.net[192.0.2.50] refused to talk to me: 421 4.7.0 [TSS04] Messages from "
     "203.0.113.25 temporarily deferred due to unexpected volume or user complaints"),
    (C.MAIL_BLOCK, R.BLOCKED, None,
     "host mx.example.net[192.0.2.7] refused to talk to me: 554 5.7.1 Service unavailable"),
    (C.SOFT_BOUNCE, R.SERVER_UNAVAILABLE, None,
     "451 4.7.1 <a@example.org>: Intentional policy rejection, please try again later"),
    (C.INVALID_RECIPIENT, R.USER_UNKNOWN, None,
     "Message not sent: the recipient is on the account-level suppression list"),
    (C.MAIL_BLOCK, R.SENDER_REJECTED, None, "550 Sender identity is not verified for this account"),
    (C.MAIL_BLOCK, R.BLOCKED, None, "Not sending: the recipient previously complained about your messages"),
    (C.AUTO_REPLY, R.AUTO_REPLY, None, "This is an automated reply. Your ticket #77120 has been logged."),
    (C.AUTO_REPLY, R.AUTO_REPLY, None, "This inbox is not monitored. For support write to help@example.com."),
    (C.CHALLENGE_RESPONSE, R.CHALLENGE_RESPONSE, None,
     "Your e-mail is quarantined until you confirm you sent it: reply to this e-mail to confirm the "
     "verification."),
    (C.SOFT_BOUNCE, R.MAILBOX_MISCONFIGURED, None,
     "error in filter file: syntax error in condition at line 4"),
    (C.MAILBOX_FULL, R.MAILBOX_FULL, None,
     "@4000000065e5f0a1 delivery 77: failure: Recipient's_mailbox_is_full./"),
    (C.SPAM_CONTENT, R.SPAM_CONTENT, None,
     "@4000000065e5f0a1 delivery 78: failure: 192.0.2.7_does_not_like_recipient./"
     "Remote_host_said:_550_5.7.1_Spam_detected/Giving_up_on_192.0.2.7./"),
    # --- Wordings of the blind reply set's failures and of reported defects, as new variants ------
    (C.SPAM_CONTENT, R.CONTENT_REJECTED, None,
     "550 5.7.1 Your message was blocked for security reasons. See https://support.example.com/blocked"),
    (C.PROHIBITED_ATTACHMENT, R.PROHIBITED_ATTACHMENT, None,
     "552 5.7.0 Message refused: it carries a disallowed attachment (setup.js)"),
    (C.PROHIBITED_ATTACHMENT, R.PROHIBITED_ATTACHMENT, None,
     "550 5.7.1 Password-protected ZIP files cannot be scanned and are refused"),
    (C.SPAM_CONTENT, R.SPAM_CONTENT, None, "550 5.7.1 Message refused: it contains a malicious link"),
    (C.MAIL_BLOCK, R.NOT_RFC_COMPLIANT, None, "550 5.6.0 Lines too long: the message must be re-encoded"),
    (C.MAIL_BLOCK, R.NOT_RFC_COMPLIANT, None, "554 Invalid message content (broken MIME boundaries)"),
    (C.SPAM_BLOCK, R.BAD_REPUTATION, None,
     "554 RLY:B2 This server is sending unsolicited mail to our members and has been blocked"),
    (C.SPAM_BLOCK, R.BAD_REPUTATION, None,
     "550 Your IP has been blocked after we received complaints regarding mail from it"),
    (C.SPAM_BLOCK, R.BAD_REPUTATION, None, "421 Trop de spams / too many spams from 198.51.100.7"),
    (C.SPAM_BLOCK, R.BAD_REPUTATION, None,
     "554 Connections from 198.51.100.23 are temporarily blocked by our anti-spam service"),
    (C.SOFT_BOUNCE, R.RATE_LIMITED, None,
     "421 4.7.0 The IP 203.0.113.8 is blocked for exceeding the connection limits, try again in an hour"),
    (C.SOFT_BOUNCE, R.RATE_LIMITED, None, "554 5.4.5 Daily sender quota exceeded"),
    (C.SOFT_BOUNCE, R.RATE_LIMITED, None, "Sender quota exceeded"),
    (C.MAIL_BLOCK, R.SENDER_REJECTED, None,
     "550 5.7.1 <a@example.com>: the recipient's organization blocklist refuses this sender"),
    (C.MAIL_BLOCK, R.SENDER_REJECTED, None,
     "550 5.7.1 Sender is in the blocked senders list of the recipient"),
    (C.INVALID_RECIPIENT, R.USER_UNKNOWN, None,
     "The mail server could not deliver mail to a@example.com. The account or domain may not exist, "
     "they may be blacklisted, or missing DNS records."),
    (C.GENERIC, R.SYSTEM_ERROR, None, "454 4.7.0 TLS not available due to local problem, please try later"),
    (C.MAIL_BLOCK, R.TLS_REQUIRED, None,
     "550 5.7.10 Delivery to mx.example.org refused: MTA-STS policy requires TLS and validation failed"),
    (C.MAIL_BLOCK, R.TLS_REQUIRED, None,
     "TLS session is required for example.org, but mx.example.org did not offer STARTTLS"),
    (C.RELAYING_DENIED, R.RELAY_DENIED, None,
     "550 Relay rejected: this server does not relay for your domain"),
    (C.MAILBOX_FULL, R.MAILBOX_FULL, MS365,
     "554 5.2.0 STOREDRV.Deliver.Exception:QuotaExceededException.MapiExceptionShutoffQuotaExceeded; "
     "Failed to process message"),
    (C.MAILBOX_FULL, R.MAILBOX_FULL, None,
     "Unable to deliver to Anna Bell/Sales/Example: maximum database size exceeded"),
    (C.SOFT_BOUNCE, R.MAILBOX_MISCONFIGURED, None,
     "The person document of this recipient does not specify a valid mail file in the Domino Directory"),
    (C.DNS_FAILURE, R.DOMAIN_NOT_FOUND, None,
     "451 No valid MX servers found for example.invalid, will retry"),
    (C.DNS_FAILURE, R.DOMAIN_NOT_FOUND, None, "550 The domain name (shop.example.invalid) does not exist"),
    (C.INVALID_RECIPIENT, R.USER_UNKNOWN, None,
     "553 sorry, that address is not in my validrcptto list (#5.1.1)"),
    (C.INVALID_RECIPIENT, R.USER_UNKNOWN, None,
     "The following destination addresses were unknown: SMTP <x@example.org>, SMTP <y@example.org>"),
    (C.INVALID_RECIPIENT, R.USER_UNKNOWN, None, "The recipient's email name is not found on this server."),
    (C.INVALID_RECIPIENT, R.USER_UNKNOWN, None,
     "Your fax to 555-0100 failed: the fax number dialled is not in service"),
    (C.INVALID_RECIPIENT, R.USER_UNKNOWN, None, "Unrecognized O/R name: C=US; ADMD= ; PRMD=Example; S=Smith"),
    (C.INVALID_RECIPIENT, R.USER_UNKNOWN, None, "550 Unknown user a@mx.dormant-systems.example.net"),
    (C.INVALID_RECIPIENT, R.USER_UNKNOWN, None,
     "host mx2.dormant.example.net[192.0.2.4] said: 550 5.1.1 <a@example.net>: Recipient address rejected: "
     "User unknown"),
    (C.SOFT_BOUNCE, R.MAILBOX_INACTIVE, None,
     "550 5.2.1 Account a@example.org has been dormant for 12 months and is closed to new mail"),
    (C.TIMEOUT, R.EXPIRED, None,
     "After 3 days (72 hours), your message could not be fully delivered. It was returned to you."),
    (C.TIMEOUT, R.EXPIRED, None,
     "The destination computer was not reachable within the allowed queue period; the message is returned."),
    (C.DNS_FAILURE, R.DOMAIN_NOT_FOUND, None,
     "Delivery failed: the recipient's destination email system is unknown or invalid"),
    (C.TOO_LARGE, R.MESSAGE_TOO_LARGE, None,
     "Your SMS could not be sent: the message body is 640 characters long. The maximum for one message "
     "is 160 characters."),
    (C.MAIL_BLOCK, R.BLOCKED, None, "The address this alias forwards to refused it; no reason was given"),
    (C.MAILBOX_FULL, R.MAILBOX_FULL, None,
     "The mailbox this alias forwards to refused it: 452 4.2.2 mailbox full"),
    (C.INVALID_RECIPIENT, R.ADDRESS_MOVED, None,
     "The address j.doe@example.edu is no longer valid; please write to jane.doe@example.org"),
    (C.MAIL_BLOCK, R.SENDER_REJECTED, ORANGE, "501 5.1.0 Emetteur invalide. Invalid Sender. LPN007_103"),
    (C.INVALID_RECIPIENT, R.USER_UNKNOWN, MS365,
     "550 5.7.504 Recipient address rejected: Access denied. AS(201806271) "
     "[example.prod.protection.outlook.com]"),
    (C.MAIL_BLOCK, R.BLOCKED, None, "554 5.7.1 <a@example.org>: Recipient address rejected: Access denied"),
    # --- Sending services' own refusals: suppression, unverified senders, the account's limits ------
    (C.INVALID_RECIPIENT, R.USER_UNKNOWN, None,
     '{"eventType": "Bounce", "bounce": {"bounceType": "Permanent", '
     '"bounceSubType": "OnAccountSuppressionList"}}'),
    (C.INVALID_RECIPIENT, R.USER_UNKNOWN, None, "bounceType=Permanent, bounceSubType=Suppressed"),
    (C.INVALID_RECIPIENT, R.USER_UNKNOWN, None, "SES: bounceType Permanent / bounceSubType NoEmail"),
    (C.MAILBOX_FULL, R.MAILBOX_FULL, None, '"bounceSubType":"MailboxFull","bounceType":"Transient"'),
    (C.TOO_LARGE, R.MESSAGE_TOO_LARGE, None, "Transient bounce, bounceSubType: MessageTooLarge"),
    (C.SPAM_CONTENT, R.CONTENT_REJECTED, None, "bounceSubType=ContentRejected"),
    (C.PROHIBITED_ATTACHMENT, R.PROHIBITED_ATTACHMENT, None, "bounceSubType=AttachmentRejected"),
    (C.INVALID_RECIPIENT, R.USER_UNKNOWN, None, '"bounceSubType": "General", "bounceType": "Permanent"'),
    (C.SOFT_BOUNCE, R.SERVER_UNAVAILABLE, None, "bounceType=Transient bounceSubType=General"),
    # a General subtype yields to the cause the receiver's own reply names
    (C.SPAM_CONTENT, R.SPAM_CONTENT, None,
     "bounceType=Permanent bounceSubType=General diagnosticCode=smtp; 550 5.7.1 Message rejected as spam"),
    (C.INVALID_RECIPIENT, R.USER_UNKNOWN, None, '{"event": "dropped", "reason": "Bounced Address"}'),
    (C.MAIL_BLOCK, R.POLICY_VIOLATION, None, '{"event": "dropped", "reason": "Unsubscribed Address"}'),
    (C.MAIL_BLOCK, R.POLICY_VIOLATION, None, "Drop reason: Spam Reporting Address"),
    (C.MAIL_BLOCK, R.POLICY_VIOLATION, None, "dropped: Unsubscribed Group"),
    (C.GENERIC, R.SYNTAX_ERROR, None, "Drop reason: Invalid SMTPAPI header"),
    (C.SOFT_BOUNCE, R.RATE_LIMITED, None, "Recipient List over Package Quota"),
    (C.INVALID_RECIPIENT, R.USER_UNKNOWN, None, '{"status": "rejected", "reject_reason": "hard-bounce"}'),
    (C.SOFT_BOUNCE, R.RATE_LIMITED, None, '"status": "rejected", "reject_reason": "test-mode-limit"'),
    (C.MAIL_BLOCK, R.POLICY_VIOLATION, None, '"reject_reason": "unsub"'),
    (C.MAIL_BLOCK, R.POLICY_VIOLATION, None, '"reject_reason": "spam"'),
    (C.MAIL_BLOCK, R.SENDER_REJECTED, None, '"reject_reason": "unsigned"'),
    (C.INVALID_RECIPIENT, R.USER_UNKNOWN, None,
     "Error 406: You tried to send to recipients that have been marked as inactive."),
    (C.INVALID_RECIPIENT, R.USER_UNKNOWN, None,
     "Not sent: this contact previously hard-bounced and is suppressed"),
    (C.MAIL_BLOCK, R.POLICY_VIOLATION, None, "The recipient has unsubscribed from your emails"),
    (C.MAIL_BLOCK, R.POLICY_VIOLATION, None, "Contact has been blocklisted (unsubscribed via link)"),
    (C.SOFT_BOUNCE, R.RATE_LIMITED, None,
     "451 Sending failed: no credits left. Insufficient credits on this account."),
    (C.SOFT_BOUNCE, R.RATE_LIMITED, None, "HTTP 429 Too Many Requests: limit is 10 requests per second"),
    (C.SOFT_BOUNCE, R.RATE_LIMITED, None,
     "Mass email limit exceeded: your organization has reached its daily limit"),
    (C.MAIL_BLOCK, R.SENDER_REJECTED, None,
     "Sending domain mail.example.org has not been verified. Verify the domain in your dashboard."),
    (C.MAIL_BLOCK, R.SENDER_REJECTED, None,
     "The From email address is not validated: validate your sender first"),
    (C.MAIL_BLOCK, R.SENDER_REJECTED, None,
     "422 Error 400: the sender signature for billing@example.com is not confirmed"),
    (C.MAIL_BLOCK, R.POLICY_VIOLATION, None,
     "Forbidden: this sandbox domain is for test mode only; add the address to authorized recipients"),
    (C.SPAM_BLOCK, R.BAD_REPUTATION, None,
     "Account suspended because of an elevated complaint rate; sending is paused"),
    # a List-Unsubscribe requirement is not an unsubscribed address, a certificate not a sender
    (C.MAIL_BLOCK, R.BLOCKED, None,
     "550 5.7.9 Bulk mail without a valid one-click List-Unsubscribe header is not accepted"),
    (C.MAIL_BLOCK, R.TLS_REQUIRED, None, "Remote server certificate is not verified"),
    # --- Spam verdicts a generic word must not hide; blocklists and recipients' own lists ----------
    (C.SPAM_CONTENT, R.SPAM_CONTENT, None,
     "550 5.7.1 Your message was refused by mx.example.ie as spam; see the help pages"),
    (C.SPAM_CONTENT, R.SPAM_CONTENT, None, "554 5.7.1 Blocked: the message matched a phishing signature"),
    (C.SPAM_CONTENT, R.SPAM_CONTENT, None, "550 5.7.1 Message denied by Example Mail Filter: spam"),
    (C.SPAM_CONTENT, R.SPAM_CONTENT, None,
     "550 5.7.0 Rejected by intent analysis (malicious domain in body)"),
    (C.SPAM_CONTENT, R.SPAM_CONTENT, None, "554 5.7.1 GTUBE test string found"),
    (C.SPAM_CONTENT, R.SPAM_CONTENT, None,
     "550 5.7.1 Spam detected by the Spam and Malware Protection service (score 18)"),
    (C.SPAM_BLOCK, R.BAD_REPUTATION, None, "421 4.7.0 Deferred: too much spam from your network"),
    (C.SPAM_BLOCK, R.BLOCKLISTED, "a@secureserver.net",
     "554 bizsmtp IB213 Rejected: 192.0.2.40 is listed on the Spamhaus block list"),
    (C.MAIL_BLOCK, R.SENDER_REJECTED, None,
     "550 5.7.1 Rejected: the sender's address is on this organisation's block list"),
    (C.MAIL_BLOCK, R.SENDER_REJECTED, None,
     "554 Message blocked: sender domain is on the recipient organization's deny list"),
    # --- Smaller kinds: local delivery, routing, relaying, lookups, delays -------------------------
    (C.SOFT_BOUNCE, R.MAILBOX_MISCONFIGURED, None,
     "cannot update mailbox /var/spool/mail/ann for user ann. destination /var/spool/mail/ann is not "
     "owned by recipient"),
    (C.SOFT_BOUNCE, R.MAILBOX_MISCONFIGURED, None,
     "T=local_delivery: mailbox /var/mail/ann has wrong uid (1010 != 1011)"),
    (C.GENERIC, R.RELAY_FAILED, None,
     "Router: No route found to domain example.com from server HUB02/Acme."),
    (C.GENERIC, R.MAIL_LOOP, None, "554 5.3.5 MX list for mail.example.org points back to relay.example.org"),
    (C.RELAYING_DENIED, R.RELAY_DENIED, None,
     "530 This server requires authentication before relaying to remote domains"),
    (C.GENERIC, R.SYSTEM_ERROR, None,
     "451 4.3.0 <bo@example.com>: Temporary lookup failure: user lookup error"),
    (C.GENERIC, R.SYSTEM_ERROR, None,
     "status=deferred (connect to 127.0.0.1[127.0.0.1]:10026: Connection refused)"),
    (C.GENERIC, R.SYSTEM_ERROR, None,
     "lost connection with mail.example.com[private/lmtp] while receiving the initial server greeting"),
    (C.TRANSIENT, R.DELAYED, None,
     "== bo@example.org R=dnslookup T=remote_smtp defer (-53): retry time not reached for any host"),
    (C.DNS_FAILURE, R.DNS_ERROR, None, "status=deferred (TLSA record lookup failure for mx.example.org:25)"),
    (C.MAIL_BLOCK, R.SENDER_REJECTED, None, "550 Invalid DNS A or MX resource record of the sender domain"),
    (C.SOFT_BOUNCE, R.SERVER_UNAVAILABLE, None,
     "host mx.example.org[192.0.2.9] said: 421 4.3.2 System shutting down (in reply to MAIL FROM command)"),
    (C.TIMEOUT, R.CONNECTION_FAILED, None,
     "Remote host mx.example.org [192.0.2.9] closed connection after sending the greeting"),
    (C.UNDETERMINED, R.UNDETERMINED, None, "554 5.0.0 Transaction failed."),
    # ...but a specific status says more than the empty words: it decides
    (C.MAIL_BLOCK, R.BLOCKED, None, "550 5.7.1 Transaction failed"),
    (C.INVALID_RECIPIENT, R.USER_UNKNOWN, None, "550 5.1.1 Requested action not taken"),
    (C.UNDETERMINED, R.UNDETERMINED, None, "550 Ticket #TK-99812"),
    (C.UNDETERMINED, R.UNDETERMINED, None, "554 Please visit https://postmaster.example.org/e/4471"),
    # a temporary code with a ticket keeps the code's meaning
    (C.SOFT_BOUNCE, R.SERVER_UNAVAILABLE, None, "421 Ticket #TK-99813"),
    (C.UNDETERMINED, R.UNDETERMINED, None, "554 Reference: 0A1B2C3D; please contact your administrator"),
    (C.SPAM_CONTENT, R.SPAM_CONTENT, None, "550 Message rejected, see https://help.mail.ru/notspam-support/id?c=x1"),
    (C.TOO_LARGE, R.MESSAGE_TOO_LARGE, None,
     "552 5.3.4 Report for <dmarc@example.net> refused: message size exceeds limit"),
    # --- Codes alone ---------------------------------------------------------------------------------
    (C.INVALID_RECIPIENT, R.USER_UNKNOWN, None, "550 5.1.1"),
    (C.MAILBOX_FULL, R.MAILBOX_FULL, None, "5.2.2"),
    (C.MAILBOX_FULL, R.MAILBOX_FULL, None, "552 sorry"),
    (C.GENERIC, R.SYSTEM_ERROR, None, "451 4.0.0 something odd"),
    (C.SOFT_BOUNCE, R.SERVER_UNAVAILABLE, None, "421 nyaa"),
    (C.MAIL_BLOCK, R.AUTH_FAILURE, None, "5.7.26"),
    (C.TIMEOUT, R.EXPIRED, None, "4.4.7"),
    (C.MAIL_BLOCK, R.TLS_REQUIRED, None, "523 nyaa"),
    (C.SOFT_BOUNCE, R.MAILBOX_INACTIVE, None, "525 nyaa"),
    (C.UNDETERMINED, R.UNDETERMINED, None, ""),
    (C.UNDETERMINED, R.UNDETERMINED, None, "nothing to see here"),
]


@pytest.mark.parametrize(
    ("bounce_class", "reason", "host", "reply"),
    REPLIES,  # host: the remote MTA, or the recipient when it contains "@"
    ids=[f"{i:03d}-{r[3][:40]}" for i, r in enumerate(REPLIES)],
)
def test_reply_table(bounce_class, reason, host, reply):
    if host and "@" in host:
        result = bouncekit.classify(reply, recipient=host)
    else:
        result = bouncekit.classify(reply, remote_mta=host)
    assert (result.bounce_class, result.reason) == (bounce_class, reason), (
        f"{reply!r} gave {result.bounce_class.name}/{result.reason} by rule {result.rule}"
    )


# Texts whose words resemble a rule's but must not be decided by it: (text, the rule id
# that must not decide, the class it must not give).
NEAR_MISSES = [
    # 'spam' and 'dmarc' in an address or a host name are names, not verdicts
    ("550 5.1.1 <spam@example.org>: Recipient address rejected: User unknown", "spam-verdict",
     C.SPAM_CONTENT),
    ("550 5.1.1 <spamtrap@example.org>: Recipient address rejected: User unknown", "bad-reputation",
     C.SPAM_BLOCK),
    ("550 5.1.1 <dmarc-reports@example.org>: Recipient address rejected: User unknown", "dmarc",
     C.MAIL_BLOCK),
    # a spam-and-malware service named beside a virus is still a virus
    ("554 5.7.1 Malware detected in attachment (Spam and Malware Protection)", "spam-verdict",
     C.SPAM_CONTENT),
    # a receiver's inactive mailbox is not a sending service's inactive list
    ("550 5.2.1 Mailbox marked as inactive by the provider", "suppression-list", C.INVALID_RECIPIENT),
    ("550 5.2.1 <a@example.org>: Recipient address rejected: inactive user", "suppression-list",
     C.INVALID_RECIPIENT),
    # a mailing list disabling a member for its bounces is not the sender's reputation
    ("Your membership in the mailing list Quilters has been disabled due to excessive bounces",
     "esp-account-reputation", C.SPAM_BLOCK),
    # a DNSBL that lists an IP is not the recipient's block list of senders
    ("554 5.7.1 Service unavailable; sender address is listed on a public blacklist (Spamhaus)",
     "recipient-blocklist", C.MAIL_BLOCK),
    # out-of-office words in a real failure: the failure decides
    ("Automatic reply from the mail system: 550 5.1.1 <a@example.org>: user unknown (out of office)",
     "auto-reply", C.AUTO_REPLY),
    ("452 4.2.2 Mailbox full; the owner is on vacation", "auto-reply", C.AUTO_REPLY),
    # a permanent lookup failure of the recipient says the recipient is unknown
    ("550 5.1.1 Recipient lookup failed: no such user", "user-lookup-failed", C.GENERIC),
    # a reply with a cause beside the stock text or a reference is that cause
    ("554 Transaction failed: Message rejected as spam", "says-nothing", C.UNDETERMINED),
    ("550 5.1.1 Ref: 7A9F2C01 User unknown", "says-nothing", C.UNDETERMINED),
    ("550 5.1.1 Ref: 7A9F2C01", "says-nothing", C.UNDETERMINED),
    # a remote host, not a local service, refused: the network rules decide
    ("connect to mx.example.net[192.0.2.1]:25: Connection refused", "local-service-down", C.GENERIC),
    # a rule's word inside an address or as the first label of a host name is a name
    ("550 5.1.1 <malware-reports@example.org>: Recipient address rejected: User unknown", "virus-detected",
     C.PROHIBITED_ATTACHMENT),
    ("550 5.1.1 <a.infected@example.org>... User unknown", "virus-detected", C.PROHIBITED_ATTACHMENT),
    ("451 4.3.0 virusscan.example.net: Temporary failure, try again later", "virus-detected",
     C.PROHIBITED_ATTACHMENT),
    ("421 4.3.2 blocklist.mx.example.net Service not available, closing transmission channel",
     "blocklist-named", C.SPAM_BLOCK),
    ("550 5.1.1 <blacklist-admin@example.org>: Recipient address rejected: User unknown",
     "blocklist-named", C.SPAM_BLOCK),
    # a capability keyword in a list says what the server offers, not what went wrong
    ("b,2025-01-02 03:04:05+0000,,a@example.org,b@example.net,,failed,5.0.0,smtp;550 5.1.1 user unknown,"
     "\"PIPELINING,SIZE 10240000,STARTTLS,8BITMIME\"", "tls-required", C.MAIL_BLOCK),
    ("550 5.1.1 no such user (EHLO reply: 250-STARTTLS 250-8BITMIME 250 SMTPUTF8)", "tls-required",
     C.MAIL_BLOCK),
    ("550 5.1.1 no such user (EHLO reply: 250-STARTTLS 250-8BITMIME 250 SMTPUTF8)", "smtputf8-8bitmime",
     C.GENERIC),
    # a cause named after Postfix's greeting frame decides, not the frame
    ("host mx.example.net[192.0.2.7] refused to talk to me: 421 4.7.0 Too many connections from your IP",
     "greeting-refused", C.MAIL_BLOCK),
    # the sender's quota is not the recipient's mailbox
    ("550 5.2.0 Quota exceeded for sending account bulk@example.org", "mailbox-full", C.MAILBOX_FULL),
    # an IP or sender blocked because of spam is not a verdict on this message's content
    ("550 5.7.1 Sender IP blocked due to spam complaints", "spam-verdict", C.SPAM_CONTENT),
    # a delivery system's automated notice is not an auto-reply
    ("This is an automated message from the mail system: 550 5.1.1 <a@example.org>: user unknown",
     "auto-reply", C.AUTO_REPLY),
    # a generic lookup failure stays generic when no DNS cause follows
    ("451 4.3.0 <a@example.org>: Temporary lookup failure in the recipient table", "domain-not-found",
     C.DNS_FAILURE),
    # an address is put on a suppression list because of the bounce the words name
    ("552 5.2.2 Mailbox full; the address will be placed on the suppression list after 3 bounces",
     "suppression-list", C.INVALID_RECIPIENT),
    # an automated response that carries a failure is that failure
    ("This is an automated response from the mail system. 550 5.1.1 <a@example.org>: user unknown",
     "auto-reply", C.AUTO_REPLY),
    # the number of attempts beside a named cause is not an expiry
    ("452 4.2.2 Mailbox full, gave up after 5 attempts", "expired", C.TIMEOUT),
    # a Comcast code past its block-list range is another refusal: its words decide
    ("554 5.7.1 resimta comcast Message rejected due to spam content. "
     "http://postmaster.comcast.net/smtp-error-codes.php#BL000090", "comcast-blocklist", C.SPAM_BLOCK),
    # a forward's broken address named outside a forward or filter file is an address error
    ("501 5.1.3 <@example.com>: missing or malformed local part", "redirect-error", C.SOFT_BOUNCE),
]


@pytest.mark.parametrize(
    ("text", "rule", "wrong"), NEAR_MISSES, ids=[f"{i:02d}" for i in range(len(NEAR_MISSES))]
)
def test_near_miss(text, rule, wrong):
    result = bouncekit.classify(text)
    assert result.rule != rule and result.bounce_class is not wrong, (
        f"{text!r} gave {result.bounce_class.name}/{result.reason} by rule {result.rule}"
    )


def test_a_pasted_qmail_log_line_is_read_in_words():
    # qmail-send logs the report with "_" for spaces and "/" for line breaks.
    line = "1709547078.723456 delivery 12351: failure: Sorry,_no_mailbox_here_by_that_name._(#5.1.1)/"
    result = bouncekit.classify(line)
    assert (result.bounce_class, result.rule, result.status) == (C.INVALID_RECIPIENT, "user-unknown", "5.1.1")
    quoted = ("1709547077.623456 delivery 12350: failure: 192.0.2.10_does_not_like_recipient./"
              "Remote_host_said:_552_5.2.2_<a@example.org>:_Mailbox_full/Giving_up_on_192.0.2.10./")
    result = bouncekit.classify(quoted)
    assert (result.bounce_class, result.reply_code, result.status) == (C.MAILBOX_FULL, "552", "5.2.2")
    # Underscores anywhere else are the reply's own (a filter's test names, a provider code).
    filtered = bouncekit.classify("550 Spam message rejected: score=15.2 (URIBL_BLACK,SPAMHAUS_DBL)")
    assert filtered.rule == "spam-verdict"


def test_table_is_large_and_covers_the_vocabulary():
    assert len(REPLIES) >= 150
    classes = {row[0] for row in REPLIES}
    reasons = {row[1] for row in REPLIES}
    # Only a decoder can say a recipient is missing (30); every other class and every
    # reason a reply can express appears in the table.
    assert set(C) - classes == {C.NO_RECIPIENT}
    assert set(R) - reasons == {R.NO_RECIPIENT}


def test_provider_rules_need_the_provider():
    # docomo's "Unknown user" is a filter refusal only when docomo says it.
    assert bouncekit.classify("550 Unknown user nobody@example.net").reason is R.USER_UNKNOWN
    assert bouncekit.classify("550 Unknown user a@docomo.ne.jp", remote_mta=DOCOMO).reason is R.BLOCKED
    # The recipient's domain selects the provider as well as the remote host.
    assert bouncekit.classify(
        "550 Unknown user a@docomo.ne.jp", recipient="a@docomo.ne.jp"
    ).reason is R.BLOCKED


def test_text_beats_codes_but_codes_decide_alone():
    seed = bouncekit.classify("550 5.7.1 No such user! 1683454980-0NPfrE8P9Cg0-eRlBSO3h")
    assert (seed.bounce_class, seed.rule) == (C.INVALID_RECIPIENT, "user-unknown")
    assert bouncekit.classify("550 5.7.1 nyaa").rule == "status:X.7.1"
    assert bouncekit.classify("550 nyaa").rule == "reply:550"


def test_generic_status_yields_to_the_reply_code():
    # X.0.0 says only "permanent" or "temporary": the reply code is more precise.
    assert bouncekit.classify("452 4.0.0 nyaa").reason is R.SERVER_FULL
    assert bouncekit.classify("nyaa", status="4.0.0").reason is R.SERVER_UNAVAILABLE
    assert bouncekit.classify("nyaa", status="5.0.0").reason is R.UNDETERMINED
