"""The fallback's choice of a reason where the notice's statement is boilerplate."""

import bouncekit


def _notice(body: str) -> bytes:
    return ("From: Mail Gateway <postmaster@gw.example.org>\nTo: ana@sender.example\n"
            "Subject: Undeliverable mail\n\n" + body).encode()


def test_a_cause_named_before_the_boilerplate_statement_is_the_reason():
    body = ("Receiver not found: 71234,567\n\nYour message could not be delivered as addressed.\n\n"
            "--- Returned message ---\n\nFrom: ana@sender.example\nTo: 71234.567@cis.example\n"
            "Subject: club news\n\nHello\n")
    record, = bouncekit.parse(_notice(body)).records
    assert record.recipient == "71234.567@cis.example"
    assert record.classification.bounce_class == 10


def test_an_address_block_without_a_cause_is_completed_by_the_notice_s_own_reason():
    body = ("To:  tbaker@harrowgate.example\nSubject: Workshop agenda\n\n"
            "Message not delivered to recipients below.  Press F1 for help with VNM error codes.\n\n"
            "\tVNM3043:  BAKER, THOMAS\n\nVNM3043 -- MAILBOX DOES NOT EXIST\n")
    record, = bouncekit.parse(_notice(body)).records
    assert record.recipient == "tbaker@harrowgate.example"
    assert record.classification.rule == "ccmail-mailbox-unknown"
