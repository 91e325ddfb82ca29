"""The bitnetmailer decoder: Columbia MAILER's Batch SMTP log and its RSCS notice."""

import bouncekit
from bouncekit import BounceClass


def test_a_refused_rcpt_in_the_batch_smtp_log_is_the_failure():
    raw = (
        b"From: Network Mailer <MAILER@vm.example.edu>\nTo: ann@example.edu\nSubject: mail delivery error\n\n"
        b"Batch SMTP transaction log follows:\n\n220 VM.BITNET Columbia MAILER R2.07 BSMTP service ready.\n"
        b"050 MAIL FROM:<ann@example.edu>\n250 <ann@example.edu>... Sender OK.\n"
        b"050 RCPT TO:<HKOVACS%WHCVMB.BITNET@vm.example.edu>\n550 'WHCVMB' is an unknown node.\n"
        b"050 DATA\n503 No valid recipients specified.\n"
    )
    [record] = bouncekit.parse(raw).records
    assert (record.recipient, record.reply_code, record.bounce_class) == (
        "HKOVACS%WHCVMB.BITNET@vm.example.edu", "550", BounceClass.DNS_FAILURE)


def test_a_file_purged_from_an_inactive_rscs_link_is_expired():
    raw = (
        b"From: Network Mailer <MAILER@vm.example.edu>\nTo: ann@example.edu\nSubject: Undeliverable mail\n\n"
        b"Your mail for JSMITH@vm.example.org could not be delivered.\nThe file was held for 5 days at node "
        b"LSCVM because the RSCS link to node KTCVM1\nwas not active, and it has been purged from the RSCS "
        b"queue.\n\n-----\nThe text of your mail follows:\n"
    )
    [record] = bouncekit.parse(raw).records
    assert (record.recipient, record.bounce_class) == ("JSMITH@vm.example.org", BounceClass.TIMEOUT)
