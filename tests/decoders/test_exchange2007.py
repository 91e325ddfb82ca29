"""The exchange2007 decoder (Microsoft Exchange 2007 and later) on the corpus."""

import pytest

import bouncekit
from tests.conftest import corpus_bytes

# file, record index, recipient, event, status, reply code, substring of the diagnostic (None: no diagnostic)
CASES = [
    ("lhost-exchange2007-03.eml", 0, "kijitora@neko.example.com",
     "bounce", "5.2.3", "550", "RESOLVER.RST.RecipSizeLimit; message"),
    ("lhost-exchange2007-04.eml", 0, "neko-nyaan@example.jp",
     "bounce", "5.7.1", "550", "RESOLVER.RST.AuthRequired;"),
    ("lhost-exchange2007-06.eml", 0, "transports@agglo-saumur.fr",
     "bounce", "5.1.1", "550", "RESOLVER.ADR.RecipNotFound; not found"),
]


@pytest.mark.parametrize(("file", "index", "recipient", "event", "status", "reply_code", "text"), CASES)
def test_corpus_file(file, index, recipient, event, status, reply_code, text):
    record = bouncekit.parse(corpus_bytes(file)).records[index]
    assert record.decoder == "exchange2007"
    assert record.recipient == recipient
    assert str(record.event) == event
    assert record.status == status
    assert record.reply_code == reply_code
    if text is None:
        assert record.diagnostic is None
    else:
        assert text in (record.diagnostic or "")



def _ndr(subject: str, heading: str, generating: str, returned: str, *, dsn: bool) -> bytes:
    """An Exchange / Office 365 NDR in the language of the sending organisation."""
    parts = [
        "Content-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: 8bit\n\n"
        f"bob@fabrikam.example\n(friendly explanation)\n\n{heading}\n\n{generating} EX01.contoso.com\n\n"
        f"bob@fabrikam.example\n{returned}\n\nOriginal message headers:\n\nReceived: from x\n"
    ]
    if dsn:
        parts.append(
            "Content-Type: message/delivery-status\n\nReporting-MTA: dns;EX01.contoso.com\n\n"
            "Final-Recipient: rfc822;bob@fabrikam.example\nAction: failed\nStatus: 5.1.1\n"
        )
    kind = "multipart/report; report-type=delivery-status" if dsn else "multipart/mixed"
    body = "".join(f"--B\n{p}\n" for p in parts)
    return (
        f"From: postmaster@contoso.com\nTo: alice@contoso.com\nSubject: {subject}\nMIME-Version: 1.0\n"
        f'Content-Type: {kind}; boundary="B"\n\n{body}--B--\n'
    ).encode()


REPLY = "550 5.1.1 RESOLVER.ADR.RecipNotFound; not found"
LANGUAGES = [
    ("Unzustellbar: hi", "Diagnoseinformationen für Administratoren:", "Generierender Server:",
     f"Remoteserver hat '{REPLY}' zurückgegeben"),
    ("Non remis : hi", "Informations de diagnostic pour les administrateurs :", "Serveur de génération :",
     f"Le serveur distant a retourné '{REPLY}'"),
    ("No se puede entregar: hi", "Información de diagnóstico para administradores:",
     "Servidor de generación:",
     f"El servidor remoto devolvió '{REPLY}'"),
    ("Non recapitabile: hi", "Informazioni di diagnostica per gli amministratori:", "Server di generazione:",
     f"Il server remoto ha restituito '{REPLY}'"),
    ("Não é possível entregar: hi", "Informações de diagnóstico para administradores:",
     "Servidor de geração:",
     f"O servidor remoto retornou '{REPLY}'"),
    ("Onbestelbaar: hi", "Diagnostische gegevens voor beheerders:", "Genererende server:",
     f"Externe server heeft '{REPLY}' geretourneerd"),
    ("配信不能: hi", "管理者向けの診断情報:", "生成サーバー:",
     f"リモート サーバーから '{REPLY}' が返されました"),
]


@pytest.mark.parametrize("dsn", [True, False])
@pytest.mark.parametrize(("subject", "heading", "generating", "returned"), LANGUAGES)
def test_ndr_in_other_languages(subject, heading, generating, returned, dsn):
    [record] = bouncekit.parse(_ndr(subject, heading, generating, returned, dsn=dsn)).records
    assert record.decoder == "exchange2007"
    assert record.recipient == "bob@fabrikam.example"
    assert (record.status, record.reply_code) == ("5.1.1", "550")
    assert record.diagnostic == REPLY
    assert record.reason is bouncekit.Reason.USER_UNKNOWN


@pytest.mark.parametrize(
    "line",
    [
        "mx.fabrikam.example #< #5.0.0 smtp; 5.1.0 - Unknown address error 550-'5.1.1 <bob@fabrikam.example>:"
        " Recipient address rejected: User unknown' (delivery attempts: 0)> #SMTP#",
        "Remote Server returned '< #5.0.0 smtp; 5.1.0 - Unknown address error 550-'5.1.1"
        " <bob@fabrikam.example>:"
        " Recipient address rejected: User unknown' (delivery attempts: 0)>'",
    ],
)
def test_relayed_failure_gives_the_remote_reply_not_the_summary(line):
    # Exchange's own "5.0.0" / "5.1.0 - Unknown address error" wrap the remote reply.
    raw = _ndr("Undeliverable: hi", "Diagnostic information for administrators:", "Generating server:", line,
               dsn=False)
    [record] = bouncekit.parse(raw).records
    assert (record.status, record.reply_code) == ("5.1.1", "550")
    assert "User unknown" in record.diagnostic


def test_several_recipients_with_different_replies():
    text = (
        "Delivery has failed to these recipients or groups:\n\nbob@fabrikam.example\n"
        "carl@fabrikam.example\n\n"
        "Diagnostic information for administrators:\n\nGenerating server: EX01.contoso.com\n\n"
        "bob@fabrikam.example\nRemote Server returned '550 5.1.1 User unknown'\n\n"
        "carl@fabrikam.example\nRemote Server returned '552 5.2.2 Mailbox full'\n"
    )
    raw = (
        "From: postmaster@contoso.com\nSubject: Undeliverable: hi\nMIME-Version: 1.0\n"
        'Content-Type: multipart/report; report-type=delivery-status; boundary="B"\n\n'
        f"--B\nContent-Type: text/plain\n\n{text}\n--B\nContent-Type: message/delivery-status\n\n"
        "Reporting-MTA: dns;EX01.contoso.com\n\nFinal-Recipient: rfc822;bob@fabrikam.example\n"
        "Action: failed\n"
        "Status: 5.1.1\n\nFinal-Recipient: rfc822;carl@fabrikam.example\nAction: failed\nStatus: 5.2.2\n"
        "\n--B--\n"
    ).encode()
    bob, carl = bouncekit.parse(raw).records
    assert (bob.recipient, bob.reason) == ("bob@fabrikam.example", bouncekit.Reason.USER_UNKNOWN)
    assert (carl.recipient, carl.reason) == ("carl@fabrikam.example", bouncekit.Reason.MAILBOX_FULL)


def test_a_delay_notice_in_another_language_without_its_dsn_is_a_delay():
    raw = _ndr("配信が遅延しています: hi", "管理者向けの診断情報:", "生成サーバー:",
               "Remote Server returned '451 4.4.0 DNS query failed'", dsn=False)
    [record] = bouncekit.parse(raw).records
    assert (record.recipient, str(record.event)) == ("bob@fabrikam.example", "delayed")
    assert record.status == "4.4.0"
