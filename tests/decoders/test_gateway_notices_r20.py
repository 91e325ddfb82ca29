"""Security gateways' own notices to the sender (round 20's kinds), hand-written here
with other products and languages than the round's corpus: a notice sent with
``Auto-Submitted: auto-replied`` that states the message was blocked or held and names
the recipient in its summary of the message is a bounce of that recipient, not an
automatic reply; an out-of-office that quotes the message it answers stays one."""

import pytest

import bouncekit


def _notice(subject: str, body: str, *, sender: str = "Mail Gateway <gateway@filter.example>") -> bytes:
    return (
        f"From: {sender}\nTo: writer@example.com\nSubject: {subject}\n"
        "Auto-Submitted: auto-replied\nMIME-Version: 1.0\n"
        "Content-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: 8bit\n\n"
        f"{body}"
    ).encode()


BLOCK_NOTICES = [
    (  # English: a block stated, "Recipient:" over "Subject:"
        "Message blocked: Quarterly figures",
        "The email security gateway has blocked your message.\n\n"
        "Recipient: accounts@buyer.example\nSubject: Quarterly figures\n"
        "Rule: Attachment - block executable files\nAttachment: figures.js\n",
        "accounts@buyer.example",
        53,
    ),
    (  # French: "À:" and "Objet:"
        "Message bloqué : Devis",
        "Votre message a été bloqué par la passerelle de sécurité.\n\n"
        "À : achats@client.example\nObjet : Devis\n"
        "Motif : virus détecté (Eicar-Test-Signature)\n",
        "achats@client.example",
        None,  # (the class rests on the French statement of the block: not asserted here)
    ),
    (  # Japanese: "宛先:" and "件名:", a block in Japanese
        "メッセージのブロック: 請求書",
        "お客様のメッセージはセキュリティポリシーによりブロックされました。\n\n"
        "宛先: keiri@torihiki.example\n件名: 請求書\n理由: ウイルスが検出されました (EICAR)\n",
        "keiri@torihiki.example",
        53,
    ),
    (  # German "not sent", "An:" over "Betreff:" (no "From:" line: the reader sent it)
        "Nachricht blockiert: Angebot",
        "Ihre E-Mail wurde nicht zugestellt.\n\nAn: einkauf@kunde.example\nBetreff: Angebot\n\n"
        "Die Nachricht enthält einen Virus und wurde vom Virenscanner blockiert.\n",
        "einkauf@kunde.example",
        53,
    ),
]


@pytest.mark.parametrize(("subject", "body", "recipient", "code"), BLOCK_NOTICES)
def test_a_gateway_s_block_notice_sent_as_auto_replied_is_a_bounce_of_its_recipient(
    subject, body, recipient, code
):
    report = bouncekit.parse(_notice(subject, body))
    [record] = report.records
    assert record.recipient == recipient
    assert str(record.event) == "bounce"
    assert code is None or record.to_dict()["class"] == code


def test_a_gateway_s_hold_of_the_sender_s_message_is_a_bounce_of_its_recipient():
    body = (
        "Your message to hr@agency.example has been held for review.\n\n"
        "Subject: CV\nReason: Attachment Hold - macro-enabled document (.xlsm)\n\n"
        "The recipient's administrator will release or reject it.\n"
    )
    [record] = bouncekit.parse(_notice("Message Held: CV", body, sender="postmaster@agency.example")).records
    got = (record.recipient, str(record.event), record.to_dict()["class"])
    assert got == ("hr@agency.example", "bounce", 53)


def test_a_list_s_hold_for_moderation_is_not_a_held_message_notice():
    body = (
        "Your message to team@lists.example has been held for moderation.\n\n"
        "Subject: Hello\n\nA moderator will review it shortly.\n"
    )
    records = bouncekit.parse(_notice("Your message awaits moderator approval", body)).records
    assert all(r.recipient != "team@lists.example" or str(r.event) != "bounce" for r in records)


OUT_OF_OFFICE = [
    # it quotes the message it answers: the "To:" there is the replier itself
    "I am out of the office until Monday; your message was not read.\n\n"
    "-----Original Message-----\nFrom: writer@example.com\nTo: dana@example.net\nSubject: Figures\n",
    # it says mail is blocked in passing and names someone to write to
    "I am away. Mail to my old address is blocked; please write to my colleague.\n\n"
    "Subject: Figures\nContact: office@example.net\n",
]


@pytest.mark.parametrize("body", OUT_OF_OFFICE)
def test_an_out_of_office_quoting_the_message_stays_an_automatic_reply(body):
    raw = _notice("Re: Figures", body, sender="Dana <dana@example.net>")
    [record] = bouncekit.parse(raw).records
    assert (record.recipient, str(record.event)) == ("dana@example.net", "auto_reply")


def test_exchange_s_diagnostic_line_with_the_remote_host_before_the_reply_is_read():
    # Exchange Online (here in Swedish) may write "host #550 5.7.1 ... ##" under the address.
    raw = (
        "From: Microsoft Outlook <MAILER-DAEMON@ex01.example.se>\nTo: a@example.se\n"
        "Subject: Det gick inte att leverera: Offert\nMIME-Version: 1.0\n"
        "Content-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: 8bit\n\n"
        "Det gick inte att leverera till följande mottagare eller grupper:\n\nsalj@kund.example\n"
        "Meddelandet levererades inte.\n\nDiagnostisk information för administratörer:\n\n"
        "Genererande server: ex01.example.se\n\nsalj@kund.example\n"
        "kund-example.mail.protection.outlook.example #550 5.7.1 Message rejected as spam by "
        "Content Filtering. ##\n"
    ).encode()
    report = bouncekit.parse(raw)
    [record] = report.records
    assert report.decoder == "exchange2007"
    assert (record.recipient, record.status, record.to_dict()["class"]) == ("salj@kund.example", "5.7.1", 52)


REPLIES = [
    # gateways' verdicts of phishing, other products than the corpus's
    ("554 5.7.1 Rejected: message detected as malicious (BEC) by the recipient's filter", 52),
    ("550 5.7.1 The email was identified as phishing and rejected", 52),
    # file-type and macro policies
    ("550 5.7.1 Rejected by the gateway's content policy (file extension)", 53),
    ("Attachment Hold: contains a macro-enabled workbook", 53),
    # a hosted filter with no route to its customer's server: routing, not an unknown user
    ("550 5.4.1 Recipient address rejected: Access denied - no route to destination mail server", 40),
    ("451 4.4.0 No route to the customer's mail server for example.org", 40),
    # near misses: DBEB's unknown user, a 550 "Message Filtered" that says no more than blocked
    ("550 5.4.1 Recipient address rejected: Access denied. AS(201806281)", 10),
    ("550 5.2.0 Message Filtered", 50),
    ("553-Message filtered. Refer to the Troubleshooting page (#5.7.1)", 52),
]


@pytest.mark.parametrize(("text", "code"), REPLIES)
def test_gateways_replies_are_classified_by_their_cause(text, code):
    assert int(bouncekit.classify(text).bounce_class) == code
