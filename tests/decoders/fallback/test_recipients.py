"""The recipient reader (decoders/fallback/recipients.py): where failed recipients and
their reasons sit in notices of any MTA."""

import pytest

import bouncekit
from bouncekit import BounceClass
from bouncekit.decoders.fallback import Fallback
from bouncekit.mime import load
from tests.decoders.fallback.messages import message, plain_bounce, recipients_and_reasons


def test_reply_that_names_the_address_again_on_its_own_line_stays_whole():
    # A translated Postfix template (no English marker): the folded reply starts a line
    # with "<a@b>:", which must continue the address's block, not end it.
    body = (
        "Ceci est le système de messagerie de l'hôte mail.contoso.fr.\n\n"
        "Votre message n'a pas pu être remis à un ou plusieurs destinataires.\n\n"
        "<bob@fabrikam.example>: host mx.fabrikam.example[192.0.2.5] said: 550 5.1.1\n"
        "    <bob@fabrikam.example>: Recipient address rejected: User unknown (in reply\n"
        "    to RCPT TO command)\n"
    )
    [record] = bouncekit.parse(plain_bounce("Message non remis", body)).records
    assert record.recipient == "bob@fabrikam.example"
    assert "Recipient address rejected: User unknown" in record.diagnostic
    assert record.reason is bouncekit.Reason.USER_UNKNOWN


def test_hmailserver_two_recipients_with_different_errors():
    body = (
        "Your message did not reach some or all of the intended recipients.\n\n   Subject: hi\n\n"
        "The following recipient(s) could not be reached:\n\n"
        "bob@fabrikam.example\n   Error Type: SMTP\n   Remote server (192.0.2.5) issued an error.\n"
        "   hMailServer sent: RCPT TO:<bob@fabrikam.example>\n"
        "   Remote server replied: 550 5.1.1 <bob@fabrikam.example>: Recipient address rejected: User"
        " unknown\n\n"
        "carl@fabrikam.example\n   Error Type: SMTP\n   Remote server (192.0.2.5) issued an error.\n"
        "   hMailServer sent: RCPT TO:<carl@fabrikam.example>\n"
        "   Remote server replied: 552 5.2.2 Mailbox full\n"
    )
    bob, carl = bouncekit.parse(plain_bounce("Message undeliverable: hi", body)).records
    assert (bob.recipient, bob.status, bob.reason) == (
        "bob@fabrikam.example", "5.1.1", bouncekit.Reason.USER_UNKNOWN)
    assert (carl.recipient, carl.status, carl.reason) == (
        "carl@fabrikam.example", "5.2.2", bouncekit.Reason.MAILBOX_FULL)


def test_groupwise_reasons_in_parentheses():
    body = (
        "The message that you sent was undeliverable to the following:\n"
        "\tbob@fabrikam.example (user not found)\n\tcarl@fabrikam.example (mailbox full)\n\n"
        "Possibly truncated original message follows:\n\nReceived: from x\n"
    )
    bob, carl = bouncekit.parse(plain_bounce("Message status - undeliverable", body)).records
    assert bob.reason is bouncekit.Reason.USER_UNKNOWN
    assert carl.reason is bouncekit.Reason.MAILBOX_FULL


def test_every_recipient_of_a_translated_list_is_found_when_a_later_reply_says_rejected():
    # No English statement: "rejected" in the second reply must not become the start of
    # the list and hide the first recipient.
    body = (
        "Dies ist das Mailsystem auf dem Rechner mail.contoso.de.\n\n"
        "Ihre Nachricht konnte leider nicht an einen oder mehrere Empfänger zugestellt werden.\n\n"
        "<bob@fabrikam.example>: host mx.fabrikam.example[192.0.2.5] said: 552 5.2.2\n"
        "    Mailbox full (in reply to RCPT TO command)\n\n"
        "<carl@fabrikam.example>: host mx.fabrikam.example[192.0.2.5] said: 550 5.1.1\n"
        "    <carl@fabrikam.example>: Recipient address rejected: User unknown (in reply\n"
        "    to RCPT TO command)\n"
    )
    for subject in ("Unzustellbare Nachricht", "Undelivered Mail Returned to Sender"):
        bob, carl = bouncekit.parse(plain_bounce(subject, body)).records
        assert (bob.recipient, bob.reason) == ("bob@fabrikam.example", bouncekit.Reason.MAILBOX_FULL)
        assert (carl.recipient, carl.reason) == ("carl@fabrikam.example", bouncekit.Reason.USER_UNKNOWN)


@pytest.mark.parametrize(
    ("body", "recipient", "reason_part"),
    [
        # after a label, the reason on a labelled line below
        ("El mensaje que usted envió no pudo ser entregado.\n\n"
         "Destinatario: ana@example.es\nError:        usuario desconocido. La cuenta no existe\n"
         "              en este servidor.\n",
         "ana@example.es", "usuario desconocido. La cuenta no existe en este"),
        # a label written in two languages, full-width punctuation of Japanese notices
        ("Ihre Nachricht konnte nicht zugestellt werden.\n\n  Empfänger / Recipient:   jo@example.de\n"
         "  Antwort / Reply:   550 5.1.1 unknown user\n", "jo@example.de", "550 5.1.1 unknown user"),
        # or with its other language in parentheses, a space before the colon
        ("메일이 거부되었습니다. Your mail was rejected.\n\n - 발신자 (Sender)    : me@example.org\n"
         " - 수신자 (Recipient) : kim@example.kr\n - 차단 사유 (Reason) : 554 5.7.1 listed on KISA-RBL\n",
         "kim@example.kr", None),
        ("お客様が送信されたメールは、配信できませんでした。\n\n  宛先：　taro@example.jp\n"
         "  理由：　受信者のメールボックスがいっぱいです。\n", "taro@example.jp", "メールボックスがいっぱい"),
        # alone on its line in quotes; the reason is the paragraph after the list
        ("No fue posible entregar su mensaje a:\n\n    \"ventas@example.mx\"\n\n"
         "El buzón está lleno.\n", "ventas@example.mx", "El buzón está lleno."),
        # in the sentence that states the failure; the reason is the rest of the paragraph
        ("Le message que vous avez envoyé à marie@example.fr\n"
         "a été refusé : il a été considéré comme du spam.\n",
         "marie@example.fr", "considéré comme du spam"),
        # glued to Chinese text, reason after a label
        ("您好，\n\n您发送给liu@example.cn的邮件投递失败。\n\n失败原因：收件人不存在。\n",
         "liu@example.cn", "收件人不存在"),
        # the statement after the address; the address after a type prefix
        ("Votre message à destination de :\n\n    <contact@example.fr>\n\nn'a pas pu être remis.\n",
         "contact@example.fr", None),
        ("MailShield has blocked a message you sent. It was NOT delivered.\n\n"
         "  Recipient:  smtp=anna@example.se\n  Reason:     Virus found: Trojan.JS.Agent\n",
         "anna@example.se", "Virus found: Trojan.JS.Agent"),
    ],
)
def test_recipient_and_reason_wherever_the_notice_puts_them(body, recipient, reason_part):
    [(found, diagnostic)] = recipients_and_reasons(plain_bounce("Undelivered mail", body))
    assert found == recipient
    if reason_part:
        assert reason_part in diagnostic


def test_the_original_header_fields_and_the_new_address_are_not_recipients():
    body = (
        "The message you sent to dr.ng@example.ca could not be delivered.\n\n"
        "Threat found: Troj/Agent (554 5.7.1 Message blocked: virus found)\n\n"
        "Original message details:\n    From: me@example.org\n    To: other@example.ca\n"
        "    Subject: Records\n"
    )
    assert recipients_and_reasons(plain_bounce("Message blocked", body)) == [
        ("dr.ng@example.ca", "554 5.7.1 Message blocked: virus found")
    ]
    moved = (
        "Your message to <jlee@alumni.example.edu> could not be forwarded.\n"
        "This alias has been discontinued at the owner's request.\n\n"
        "Please use the owner's new address instead:\n\n    jenny@consultancy.example.com\n"
    )
    found = recipients_and_reasons(plain_bounce("Not forwarded", moved))
    assert [r for r, _ in found] == ["jlee@alumni.example.edu"]


def test_administrative_addresses_and_help_desks_are_not_recipients():
    body = (
        "Delivery to the following recipients failed:\n\n"
        "  bob@example.net\n  list-owner@lists.example.org\n\n"
        "For help, please contact postmaster@example.net or write to helpdesk@example.net.\n"
    )
    assert [r for r, _ in recipients_and_reasons(plain_bounce("Undeliverable", body))] == ["bob@example.net"]


def test_a_delivery_report_lists_only_the_failed_rows():
    body = (
        "Delivery report for your message\n\nRecipient                Result\n"
        "orders@shop.example.com   FAILED\n    554 5.7.1 Relay access denied\n"
        "it-admin@firm.example.net FAILED\n    550 5.7.1 Attachment type not allowed\n"
        "events@venue.example.za   delivered\n"
    )
    found = recipients_and_reasons(plain_bounce("Delivery report: 2 of 3 recipients failed", body))
    assert [r for r, _ in found] == ["orders@shop.example.com", "it-admin@firm.example.net"]


def test_a_gateway_notice_from_its_own_address_lists_the_recipient():
    raw = (
        b"From: InterScan Messaging Security <imsva@gw.example.de>\n"
        b"Subject: Message blocked: RE: drawings\n\n"
        b"The message you sent to t.koch@example.de was blocked and was NOT delivered.\n\n"
        b"Sender:      e.wagner@supplier.example\nRecipient:   t.koch@example.de\n"
        b"Subject:     RE: drawings\n\nPolicy:      Inbound - Block executable attachments\n"
    )
    [record] = bouncekit.parse(raw).records
    assert record.recipient == "t.koch@example.de"
    assert int(record.bounce_class) == 53


def test_following_addresses_that_failed_are_recipients_not_new_addresses():
    # "Folgende Adresse(n) konnten nicht erreicht werden": the failed addresses follow,
    # not an address to use instead ("Bitte verwenden Sie folgende Adresse").
    raw = message(
        "From: Mail-System <postmaster@mail.example.de>\nTo: vertrieb@example.de\n"
        "Subject: Unzustellbar",
        "Eine von Ihnen versandte Nachricht konnte nicht zugestellt werden.\n\n"
        "Folgende Adresse(n) konnten nicht erreicht werden:\n\n"
        "  s.krueger@example.com\n"
        "    554 5.7.1 Service unavailable; Client host [203.0.113.24] blocked using ix.dnsbl.manitu.net\n",
    )
    [record] = bouncekit.parse(raw).records
    assert (record.decoder, record.recipient) == ("fallback", "s.krueger@example.com")
    assert record.bounce_class is BounceClass.SPAM_BLOCK


@pytest.mark.parametrize(
    ("line", "bounce_class"),
    [
        ("User mailbox exceeds allowed size: kijitora@example.jp", BounceClass.MAILBOX_FULL),
        ("Unknown user: kijitora@example.jp", BounceClass.INVALID_RECIPIENT),
    ],
)
def test_the_words_leading_to_an_address_are_its_reason_when_nothing_follows(line, bounce_class):
    headers = "From: postmaster@mail.example.jp\nTo: sender@example.org\nSubject: Undeliverable Mail"
    raw = message(headers, line + "\n")
    [record] = bouncekit.parse(raw).records
    assert (record.recipient, record.diagnostic) == ("kijitora@example.jp", line.partition(": ")[0])
    assert record.bounce_class is bounce_class


def test_a_recipient_label_leading_to_an_address_is_no_reason():
    raw = message(
        "From: postmaster@mail.example.jp\nTo: sender@example.org\nSubject: Undeliverable Mail",
        "Recipient address: kijitora@example.jp\n",
    )
    [record] = bouncekit.parse(raw).records
    assert record.recipient == "kijitora@example.jp"
    assert record.diagnostic is None


def test_a_message_identifier_is_not_a_recipient():
    raw = message(
        "From: postmaster@x400.example.ch\nTo: sender@example.org\nSubject: Non-Delivery Report",
        "The message identified below could not be delivered to one or more of its recipients.\n\n"
        "  Subject identifier: <20230911082955.GA1187@handel.example.ch>\n\n"
        "Recipient:\n  RFC 822:      peter.graf@bund.example.ch\n  Reason:       Unable to transfer (1)\n",
    )
    assert [r.recipient for r in bouncekit.parse(raw).records] == ["peter.graf@bund.example.ch"]


def test_a_titled_section_of_delivery_facts_after_the_list_is_not_the_reason():
    raw = message(
        "From: postmaster@gateway.example.com\nTo: sender@example.org\nSubject: Undeliverable: Nyaan",
        "Your message could not be delivered because of\n\n550 5.1.1 User unknown\n\n"
        "The following recipients were affected:\n    gone@example.com\n\n\n"
        "Additional Information\n======================\n"
        "Original Sender:    <sender@example.org>\nSender-MTA:         <192.0.2.250>\n"
        "Last-Attempt-Date:  <23:34:45 Wed, 29 Apr 2015>\n",
    )
    [record] = bouncekit.parse(raw).records
    assert (record.recipient, record.diagnostic) == ("gone@example.com", "550 5.1.1 User unknown")
    assert record.bounce_class is BounceClass.INVALID_RECIPIENT


def test_the_bounce_s_own_to_line_gives_way_to_the_address_its_statement_names():
    raw = (
        b"From: Postmaster <postmaster@mail.example.com>\nTo: writer@example.org\n"
        b"Subject: Undeliverable Mail\n\n"
        b"To: writer@example.org\nSubject: Undeliverable Mail\n\n"
        b"undeliverable to gone@example.net\n\n"
        b"Body of message generated response:\n550 5.1.1 No such mailbox\n"
    )
    [record] = bouncekit.parse(raw).records
    assert (record.recipient, record.reply_code) == ("gone@example.net", "550")


def test_a_message_its_sender_sent_to_himself_still_lists_him():
    raw = (
        b"From: Mail Delivery System <mailer-daemon@mail.example.com>\nTo: writer@example.org\n"
        b"Subject: Undelivered Mail Returned to Sender\n\n"
        b"Your message could not be delivered to the following recipients:\n\n"
        b"  writer@example.org: 552 5.2.2 Mailbox full\n"
    )
    [record] = bouncekit.parse(raw).records
    assert (record.recipient, record.reply_code) == ("writer@example.org", "552")


def test_delivery_facts_beside_an_address_are_no_reason_and_an_expiry_statement_is_its_own():
    raw = (
        b"From: MMDF Mail System <mmdf@host.example.edu>\nTo: writer@host.example.edu\n"
        b"Subject: Failed mail (msg.aa01234)\n\n"
        b"    After 5 days (121 hours), your message could not be\n"
        b"    fully delivered.  It failed to be received by the following\n    address(es):\n\n"
        b"        friend@mail.example.net (host: mail.example.net) (queue: smtp)\n\n"
        b"    Problems usually are due to service interruptions at the\n    receiving machine.\n\n"
        b"    Your message follows:\n\nFrom: writer@host.example.edu\nTo: friend@mail.example.net\n"
        b"Subject: notes\n\nHello\n"
    )
    [found] = Fallback().decode(load(raw))  # (as an MTA without a decoder of its own)
    assert found.recipient == "friend@mail.example.net"
    assert found.diagnostic.startswith("After 5 days (121 hours), your message could not be fully delivered.")
    assert bouncekit.classify(found.diagnostic).bounce_class is BounceClass.TIMEOUT


def test_facts_listed_under_an_address_leave_the_next_paragraph_as_its_reason():
    raw = (
        b"From: Gateway <notices@gw.example.net>\nTo: writer@example.org\nSubject: Message not delivered\n\n"
        b"The message you sent was not delivered.\n\n"
        b"  Recipient:  legal@example.com\n  Subject:    Scanned document\n"
        b"  Sent:       Thu, 9 Jul 2009 11:22:24 -0700\n\n"
        b"Your message was blocked because it contained an attachment of a type that this\n"
        b"organization does not accept:\n\n  Attachment: scan.scr   (blocked file type: .scr)\n"
    )
    [found] = Fallback().decode(load(raw))
    assert found.recipient == "legal@example.com"
    assert found.diagnostic.endswith("Attachment: scan.scr (blocked file type: .scr)")
    assert bouncekit.classify(found.diagnostic).bounce_class is BounceClass.PROHIBITED_ATTACHMENT


def test_a_named_address_opening_its_line_is_listed():
    raw = (
        b"From: Mail Gateway <gw@mailgw.example.de>\nTo: writer@example.org\nSubject: Delivery failed\n\n"
        b"The following recipients could not be reached:\n\n"
        b'    "Kowalska, Anna" <anna@example.pl>; (SMTP:anna@example.pl) - 550 5.1.1 user unknown\n'
        b"    Bob Smith <bob@example.com>: 552 5.2.2 mailbox full\n\n"
        b"Your message to <carol@example.net> was delivered.\n"
    )
    found = [(f.recipient, f.diagnostic[:9]) for f in Fallback().decode(load(raw))]
    assert found == [("anna@example.pl", "550 5.1.1"), ("bob@example.com", "552 5.2.2")]


def test_an_address_listed_alone_and_again_with_its_reason_takes_that_reason():
    raw = (
        b"From: Mail Delivery System <mailer-daemon@mail.example.ru>\nTo: writer@example.org\n"
        b"Subject: Undelivered mail\n\n"
        b"Your message could not be delivered to one or more recipients:\n\n      ivan@example.ru\n\n"
        b"Please check the addresses of the recipients.\n\n"
        b"<ivan@example.ru>: no such mailbox (user not found)\n"
    )
    [found] = Fallback().decode(load(raw))
    assert (found.recipient, found.diagnostic) == ("ivan@example.ru", "no such mailbox (user not found)")


def test_the_reply_in_an_address_s_own_section_wins_over_a_later_transcript_s():
    raw = (
        b"From: Mail Delivery Subsystem <MAILER-DAEMON@relay.example.com>\nTo: agent@example.org\n"
        b"Subject: Returned mail: see transcript for details\n\n"
        b"   ----- The following addresses had permanent fatal errors -----\n<buyer@example.net>\n"
        b"    (reason: 554 mx.example.net 198.51.100.88 found on one or more DNSBLs)\n\n"
        b"   ----- Transcript of session follows -----\n... while talking to mx.example.net.:\n"
        b"<<< 554 mx.example.net 198.51.100.88 blocked\n554 5.0.0 Service unavailable\n"
    )
    [found] = Fallback().decode(load(raw))
    assert found.diagnostic.startswith("554 mx.example.net 198.51.100.88 found on one or more DNSBLs")
    assert bouncekit.parse(raw).records[0].bounce_class is BounceClass.SPAM_BLOCK


def test_labels_aligned_in_a_table_name_the_recipient_and_the_reason():
    # "送信先アドレス : ..." over "エラー内容     : ...": the colons stand in one column.
    raw = (
        "From: MAILER-DAEMON@mail.example.jp\nTo: writer@example.org\nSubject: 配信エラー\n"
        "Content-Type: text/plain; charset=utf-8\n\n"
        "ご送信いただいたメールは、次の宛先に配信できませんでした。\n\n"
        "送信先アドレス : hiro@example.jp\n"
        "エラー内容     : 宛先のメールアドレスは現在使用されておりません。\n"
        "                 (Unknown user)\n\n"
        "お手数ですが、宛先をご確認ください。\n"
    ).encode()
    [found] = Fallback().decode(load(raw))
    assert found.recipient == "hiro@example.jp"
    assert found.diagnostic.startswith("宛先のメールアドレスは現在使用されておりません。")
    assert "(Unknown user)" in found.diagnostic


def test_what_opens_the_next_address_s_line_is_not_the_reason_of_the_one_before():
    raw = (
        b"From: Postmaster <postmaster@mail.example-isp.net>\nTo: writer@example.org\n"
        b"Subject: Mail System Error - Returned Mail\n\n"
        b"This Message was undeliverable due to the following reason:\n\n"
        b"The following destination addresses were unknown (please check\n"
        b"the addresses and re-mail the message):\n\n"
        b"SMTP <amy@example-isp.net>\nSMTP <bob@example-isp.net>\n\n"
        b"Please reply to Postmaster@example-isp.net\nif you feel this message to be in error.\n"
    )
    found = Fallback().decode(load(raw))
    assert [f.recipient for f in found] == ["amy@example-isp.net", "bob@example-isp.net"]
    assert found[0].diagnostic.startswith("The following destination addresses were unknown")


def test_the_paragraph_after_a_bare_list_is_not_the_reason_of_its_last_address():
    raw = (
        b"From: Postmaster <postmaster@mail.example-isp.net>\nTo: writer@example.org\n"
        b"Subject: Mail System Error - Returned Mail\n\n"
        b"This Message was undeliverable due to the following reason:\n\n"
        b"The following destination addresses were unknown (please check\n"
        b"the addresses and re-mail the message):\n\n"
        b"SMTP <amy@example-isp.net>\nSMTP <bob@example-isp.net>\n\n"
        b"Please reply to Postmaster@example-isp.net\nif you feel this message to be in error.\n"
    )
    found = Fallback().decode(load(raw))
    assert [f.diagnostic[:40] for f in found] == ["The following destination addresses were"] * 2


def test_each_address_named_in_one_paragraph_keeps_its_own_words_and_not_another_s_reply():
    raw = (
        b"From: MAILER-DAEMON@relay.example.com\nTo: ole@example.com\nSubject: Delivery failure report\n\n"
        b"Delivery failure report - the following message could not be delivered to all of its "
        b"recipients. Recipient: mila@example.net - Status: 5.1.1 - Reason: the remote server said: "
        b"550 5.1.1 <mila@example.net>: Recipient address rejected: User unknown. "
        b"Recipient: team@typo.example - Status: 5.4.4 - Reason: the domain typo.example could not be "
        b"resolved (NXDOMAIN).\n"
    )
    mila, team = bouncekit.parse(raw).records
    assert mila.bounce_class is BounceClass.INVALID_RECIPIENT
    assert "typo.example" not in mila.diagnostic
    assert team.bounce_class is BounceClass.DNS_FAILURE
    assert "mila@" not in team.diagnostic


def test_an_address_quoted_in_a_programs_message_is_one_recipient_with_its_reply():
    raw = (
        b"From: Notifications <notifications@erp.example.com>\nTo: agent@example.com\n"
        b"Subject: Mail delivery failed\n\n"
        b"The following message could not be sent:\n\n"
        b"  Recipient:  Hotel Aurora, Purchasing <buying@hotel.example.nl>\n"
        b"  Failure:    Mail delivery failed via SMTP server 'smtp.example.com'.\n"
        b"              SMTPRecipientsRefused: {'buying@hotel.example.nl': (550, b'5.1.1 "
        b"<buying@hotel.example.nl>: Recipient address rejected: User unknown')}\n"
    )
    [record] = bouncekit.parse(raw).records
    assert (record.recipient, int(record.bounce_class)) == ("buying@hotel.example.nl", 10)


def test_the_recipients_of_a_gateway_s_table_of_the_blocked_message_are_each_a_failed_recipient():
    raw = (
        b"From: Content Guard <guard@mx.example.net>\nTo: writer@example.org\nReturn-Path: <>\n"
        b"Subject: Message quarantined\n\n"
        b"The message below was blocked by the mail gateway of example.net.\n\n"
        b"  From:     writer@example.org\n"
        b"  To:       sales@example.net; support@example.net\n"
        b"  Cc:       boss@example.org\n"
        b"  Subject:  Price list\n"
        b"  Scanner:  Attachment scanning\n"
        b"  Verdict:  pricelist.zip contains an executable file (setup.exe)\n\n"
        b"The message was quarantined and not delivered to any recipient.\n"
    )
    records = bouncekit.parse(raw).records
    assert [r.recipient for r in records] == ["sales@example.net", "support@example.net"]
    assert all(r.decoder == "fallback" and str(r.event) == "bounce" for r in records)
    assert all(r.bounce_class is BounceClass.PROHIBITED_ATTACHMENT for r in records)
    assert "blocked by the mail gateway" in records[0].diagnostic


def test_a_table_of_the_message_s_headers_in_a_notice_that_quotes_a_reply_takes_the_reply():
    raw = (
        b"From: MAILER-DAEMON@mx.example.net\nTo: writer@example.org\nSubject: Message blocked\n\n"
        b"The following message was blocked:\n\n"
        b"  From:     writer@example.org\n  To:       ana@example.net, rui@example.net\n"
        b"  Subject:  Offer\n\n"
        b"Reason: 554 5.7.1 Message rejected as spam by the content filter\n"
    )
    records = bouncekit.parse(raw).records
    assert [r.recipient for r in records] == ["ana@example.net", "rui@example.net"]
    assert {r.diagnostic for r in records} == {"554 5.7.1 Message rejected as spam by the content filter"}
    assert {r.bounce_class for r in records} == {BounceClass.SPAM_CONTENT}


def test_a_list_introduced_by_the_cause_takes_the_cause_with_each_recipient_s_details():
    raw = (
        "From: Mail Security <no-reply@filter.example.de>\nTo: writer@example.org\n"
        "Subject: Nachricht blockiert\nAuto-Submitted: auto-generated\n"
        "Content-Type: text/plain; charset=utf-8\n\n"
        "Ihre Nachricht wurde nicht zugestellt.\n\n"
        "Der Filter hat Ihre Nachricht an folgende Empfänger blockiert, weil sie Schadsoftware enthält:\n\n"
        "  Empfänger:  anna@example.de\n  Erkannt:    Mal/Generic-S in rechnung.doc\n"
    ).encode()
    [record] = bouncekit.parse(raw).records
    assert record.recipient == "anna@example.de"
    assert record.bounce_class is BounceClass.PROHIBITED_ATTACHMENT  # class 53: a virus
    assert record.diagnostic.endswith("Erkannt: Mal/Generic-S in rechnung.doc")


def test_a_delay_s_retry_statement_gives_way_to_the_cause_below_it():
    raw = (
        b"From: Mail Delivery System <MAILER-DAEMON@mx.example.org>\nTo: writer@example.org\n"
        b"Subject: Delivery Status Notification (Delay)\n\n"
        b"Delivery to the following recipient has been delayed.\n\n"
        b"     ines@example.com\n\n"
        b"Message will be retried for 2 more day(s)\n\n"
        b"Technical details of temporary failure:\n"
        b"The recipient's mailbox is full and cannot accept messages now.\n"
    )
    [record] = bouncekit.parse(raw).records
    assert str(record.event) == "delayed"
    assert record.bounce_class is BounceClass.MAILBOX_FULL
    assert record.diagnostic.startswith("The recipient's mailbox is full")


def test_the_words_before_an_address_in_the_middle_of_a_sentence_are_not_its_reason():
    raw = (
        b"From: Mail Delivery System <MAILER-DAEMON@mx.example.org>\nTo: writer@example.org\n"
        b"Subject: Undeliverable\n\n"
        b"We could not deliver your message about the order \"Blue chairs and two\n"
        b"tables\" to the customer ines@example.com.\n\n"
        b"Reason: the mailbox is disabled.\n"
    )
    [record] = bouncekit.parse(raw).records
    assert record.diagnostic == "the mailbox is disabled."


def test_the_words_before_an_address_after_a_heading_line_are_still_its_reason():
    raw = (
        b"From: Mail Delivery System <MAILER-DAEMON@mx.example.org>\nTo: writer@example.org\n"
        b"Subject: Undeliverable\n\n"
        b"Your message could not be delivered\n"
        b"User mailbox exceeds allowed size: <ines@example.com>\n"
    )
    [record] = bouncekit.parse(raw).records
    assert record.bounce_class is BounceClass.MAILBOX_FULL


@pytest.mark.parametrize("line", [
    "  To:          ana@example.net; rui@example.net",
    "  Empfänger:   <ana@example.net>, <rui@example.net>",
    "  宛先: ana@example.net, rui@example.net",
])
def test_every_address_of_a_labelled_line_is_a_recipient_and_they_share_its_details(line):
    raw = (
        "From: Gateway <postmaster@gw.example.net>\nTo: writer@example.org\nSubject: Blocked\n"
        "Content-Type: text/plain; charset=utf-8\n\nYour message was not delivered.\n\n"
        f"{line}\n  Subject:     Offer\n  Detected:    Virus EICAR-Test-File\n"
    ).encode()
    records = bouncekit.parse(raw).records
    assert [r.recipient for r in records] == ["ana@example.net", "rui@example.net"]
    assert {r.diagnostic for r in records} == {"Detected: Virus EICAR-Test-File"}
    assert {r.bounce_class for r in records} == {BounceClass.PROHIBITED_ATTACHMENT}


def test_an_applications_mail_to_the_readers_contact_that_keeps_bouncing():
    raw = message(
        "From: Monitor <alerts@monitor.example>\nTo: admin@example.net\nAuto-Submitted: auto-generated\n"
        "Subject: Contact disabled",
        "Notifications to your alert contact pager@example.org are bouncing.\n\n"
        "Bounce message: 550 5.1.1 no such user\n\nWe have disabled this contact.\n",
    )
    [record] = bouncekit.parse(raw).records
    assert (record.recipient, record.status) == ("pager@example.org", "5.1.1")


def test_please_contact_an_address_is_still_a_help_desk():
    raw = message(
        "From: MAILER-DAEMON@mx.example.net\nTo: writer@example.org\nSubject: Undeliverable",
        "Your message to <ana@example.com> could not be delivered: 550 5.1.1 no such user.\n"
        "Please contact helpdesk@example.net with questions.\n",
    )
    assert [r.recipient for r in bouncekit.parse(raw).records] == ["ana@example.com"]


# --- round 14 ----------------------------------------------------------------------------


def test_addresses_listed_again_with_a_dash_and_their_reason_each_take_their_own():
    body = (
        "Pesan Anda tidak dapat dikirim ke penerima berikut:\n\n"
        "    budi@fabrikam.example\n    sari@fabrikam.example\n\nAlasan:\n"
        "  budi@fabrikam.example - alamat tidak ditemukan\n"
        "    (550 5.1.1 <budi@fabrikam.example>: User unknown)\n"
        "  sari@fabrikam.example - kotak surat penuh\n"
        "    (552 5.2.2 <sari@fabrikam.example>: Mailbox full)\n"
    )
    records = bouncekit.parse(plain_bounce("Pesan tidak terkirim", body)).records
    assert [(r.recipient, r.status) for r in records] == [
        ("budi@fabrikam.example", "5.1.1"), ("sari@fabrikam.example", "5.2.2")
    ]


def test_a_section_that_says_its_recipients_are_still_tried_keeps_them_queued():
    body = (
        "I was unable to deliver your message to one recipient, and am still trying another.\n\n"
        "PERMANENT ERROR (no more attempts):\n  <ana@bad-domain.example>\n"
        "  Domain bad-domain.example: no DNS entry\n\n"
        "STILL TRYING (will retry for 4 more days):\n  <rui@fabrikam.example>\n"
        "  Could not deliver yet\n"
    )
    records = bouncekit.parse(plain_bounce("Mail delivery problems", body)).records
    assert [(r.recipient, str(r.event)) for r in records] == [
        ("ana@bad-domain.example", "bounce"), ("rui@fabrikam.example", "delayed")
    ]


def test_the_rows_of_a_table_of_recipients_each_take_the_reply_in_their_row():
    body = (
        "Delivery to the following recipients failed:\n\n"
        "  Name             Address                  Reply\n"
        "  Lind, Eva        eva@fabrikam.example     550 5.1.1 User unknown\n"
        "  Berg, Ola        ola@fabrikam.example     552 5.2.2 Mailbox full\n"
    )
    records = bouncekit.parse(plain_bounce("Undeliverable", body)).records
    assert [(r.recipient, r.diagnostic) for r in records] == [
        ("eva@fabrikam.example", "550 5.1.1 User unknown"), ("ola@fabrikam.example", "552 5.2.2 Mailbox full")
    ]


def test_words_before_an_address_in_a_sentence_with_two_blanks_are_no_table():
    body = "Your message could not be delivered.  Please write to  ana@fabrikam.example  for help.\n"
    assert bouncekit.parse(plain_bounce("Undeliverable", body)).records[0].recipient is None


def test_a_status_code_given_on_a_labelled_line_apart_from_the_reason_is_the_status():
    body = (
        "Su mensaje no pudo ser entregado al siguiente destinatario:\n\n    lucia@fabrikam.example\n\n"
        "Motivo: tiempo de espera agotado, el servidor no respondió.\n\nEstado: 4.4.7 (tiempo expirado)\n"
    )
    [record] = bouncekit.parse(plain_bounce("Error en la entrega", body)).records
    assert (record.status, record.bounce_class) == ("4.4.7", BounceClass.TIMEOUT)


def test_codes_quoted_inside_a_labelled_reason_keep_the_words_around_them():
    body = (
        "Delivery to the following recipient failed:\n\n    lev@fabrikam.example\n\n"
        "Reason: the address is on the stop list, an earlier message bounced\n"
        "(550 5.1.1) with 'address does not exist'.\n"
    )
    [record] = bouncekit.parse(plain_bounce("Undeliverable", body)).records
    assert record.diagnostic.startswith("the address is on the stop list")
    assert record.status == "5.1.1"


def test_an_address_below_an_invitation_to_write_is_the_help_desk():
    body = (
        "Your message could not be delivered to <ana@fabrikam.example>.\n\n"
        "Questions? Write to:\n\n    care@provider.example\n"
    )
    [record] = bouncekit.parse(plain_bounce("Undeliverable", body)).records
    assert record.recipient == "ana@fabrikam.example"


@pytest.mark.parametrize("label", ["Message-ID", "Message-Id", "References", "In-Reply-To"])
def test_a_message_identifier_in_a_log_is_no_recipient(label):
    # A notice that pastes its session log: the identifier has an address's shape, and
    # a time stamp opens its line, so it is not a header line of the returned message.
    body = (
        "The message could not be delivered to one or more recipients.\n\n"
        f"2026-03-05 15:48:10: *  {label}: <20260305154809.A1B2C3@contoso.example>\n"
        "2026-03-05 15:48:11: --> RCPT To:<ana@fabrikam.example>\n"
        "2026-03-05 15:48:11: <-- 550 5.1.1 <ana@fabrikam.example>: User unknown\n"
    )
    records = bouncekit.parse(plain_bounce("Undeliverable", body)).records
    assert [r.recipient for r in records] == ["ana@fabrikam.example"]


@pytest.mark.parametrize(("opening", "expected"), [
    ("The user(s) account is temporarily over quota.", 22),
    ("The user(s) account is disabled.", 20),
    ("This mailbox does not exist.", 10),
])
def test_a_carrier_s_opening_sentence_is_the_reason_of_the_address_below_it(opening, expected):
    # The sentence, the address alone, the closing words: "Please reply to ... if you feel
    # this message to be in error" is no reason, the opening sentence is.
    raw = (
        "Return-Path: <>\nFrom: Postmaster@mobile.example\nTo: info@shop.example\n"
        "Subject: Mail Delivery Failure\n\n"
        f"{opening}\n\n    <nao@mobile.example>\n\nPlease reply to <postmaster@mobile.example>\n"
        "if you feel this message to be in error.\n"
    ).encode()
    [record] = bouncekit.parse(raw).records
    assert (record.recipient, record.diagnostic, int(record.bounce_class)) == (
        "nao@mobile.example", opening, expected)
