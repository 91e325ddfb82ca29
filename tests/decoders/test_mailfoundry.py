"""The mailfoundry decoder (MailFoundry appliance) on the corpus."""

import bouncekit
from tests.conftest import corpus_bytes


def test_corpus_file():
    report = bouncekit.parse(corpus_bytes("lhost-mailfoundry-02.eml"))
    assert len(report.records) == 1
    record = report.records[0]
    assert record.decoder == "mailfoundry"
    assert record.recipient == "kijitora@example.org"
    assert str(record.event) == "bounce"
    assert record.status == "5.1.1"  # written qmail-style, "(#5.1.1)"
    assert record.reply_code == "552"
    # The "host[ip] responded with failure:" preamble is the appliance's, not the reply.
    assert record.diagnostic.startswith("552 sorry, mailbox kijitora@example.org is over quota")
    assert record.remote_mta == "mail.example.org"
