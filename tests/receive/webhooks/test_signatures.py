"""Signature checks of every ESP: a signed request passes; tampered, unsigned, wrongly keyed or
stale ones are refused with SignatureError (HTTP 401)."""

from __future__ import annotations

import base64
import json
import time
from pathlib import Path

import pytest

from bouncekit import webhooks
from bouncekit.receive.webhooks.sns import CertificateSource, sns_host, string_to_sign
from tests.receive.webhooks.signing import CERT_URL, TOPIC, certificate_pem, sample, sign, sign_sns

NOW = 1_714_989_600.0


@pytest.fixture
def certificates(tmp_path: Path) -> CertificateSource:
    pem = tmp_path / "sns.pem"
    pem.write_bytes(certificate_pem())
    return CertificateSource(pem)


def check(
    esp: str,
    signed,
    certificates: CertificateSource,
    *,
    now: float = NOW,
    secret: str | None = None,
    body: bytes | None = None,
    headers: dict | None = None,
) -> None:
    webhooks.verify(
        esp,
        signed.body if body is None else body,
        signed.headers if headers is None else headers,
        signed.url,
        signed.secret if secret is None else secret,
        now=now,
        sns_certificates=certificates,
    )


@pytest.mark.parametrize("esp", webhooks.ESPS)
def test_a_signed_request_passes(esp: str, certificates: CertificateSource) -> None:
    body, content_type = sample(esp)
    signed = sign(esp, body, now=NOW, content_type=content_type)
    check(esp, signed, certificates)
    # The signed body still parses to the sample's records.
    assert webhooks.parse(esp, signed.body, content_type=content_type)


def _tamper(esp: str, body: bytes) -> bytes:
    if esp == "amazon_ses":
        message = json.loads(body)
        message["Message"] = message["Message"].replace("jo@example.com", "victim@example.com")
        return json.dumps(message).encode()
    if esp == "mailgun":  # the signature covers timestamp and token, so change those
        document = json.loads(body)
        document["signature"]["token"] = "0" * 50
        return json.dumps(document).encode()
    assert b"example" in body
    return body.replace(b"example", b"exbmple", 1)


@pytest.mark.parametrize(
    "esp", [e for e in webhooks.ESPS if e not in ("postmark", "sparkpost", "mailjet", "brevo")]
)
def test_a_tampered_body_is_refused(esp: str, certificates: CertificateSource) -> None:
    body, content_type = sample(esp)
    signed = sign(esp, body, now=NOW, content_type=content_type)
    with pytest.raises(webhooks.SignatureError) as caught:
        check(esp, signed, certificates, body=_tamper(esp, signed.body))
    assert caught.value.http_status == 401
    assert str(caught.value).startswith(f"{esp}: ")


@pytest.mark.parametrize("esp", [e for e in webhooks.ESPS if e != "amazon_ses"])
def test_unsigned_requests_are_refused(esp: str, certificates: CertificateSource) -> None:
    body, content_type = sample(esp)
    signed = sign(esp, body, now=NOW, content_type=content_type)
    bare = {"content-type": content_type}
    if esp == "mailgun":  # its signature is in the body
        document = json.loads(signed.body)
        del document["signature"]
        with pytest.raises(webhooks.SignatureError, match="missing"):
            check(esp, signed, certificates, body=json.dumps(document).encode())
        return
    if esp == "unisender_go":
        document = json.loads(signed.body)
        del document["auth"]
        with pytest.raises(webhooks.SignatureError, match="missing"):
            check(esp, signed, certificates, body=json.dumps(document).encode())
        return
    with pytest.raises(webhooks.SignatureError):
        check(esp, signed, certificates, headers=bare)


@pytest.mark.parametrize("esp", [e for e in webhooks.ESPS if e != "amazon_ses"])
def test_a_wrong_secret_is_refused(esp: str, certificates: CertificateSource) -> None:
    body, content_type = sample(esp)
    signed = sign(esp, body, now=NOW, content_type=content_type)
    if esp in ("sendgrid", "postal"):
        from cryptography.hazmat.primitives.asymmetric import ec, rsa

        from tests.receive.webhooks.signing import public_base64

        other = (
            ec.generate_private_key(ec.SECP256R1())
            if esp == "sendgrid"
            else rsa.generate_private_key(public_exponent=65537, key_size=2048)
        )
        wrong = public_base64(other)
    elif esp == "resend":
        wrong = "whsec_" + base64.b64encode(b"another-secret-of-32-bytes-00000").decode()
    else:
        wrong = signed.secret[:-1] + ("x" if signed.secret[-1] != "x" else "y")
    with pytest.raises(webhooks.SignatureError):
        check(esp, signed, certificates, secret=wrong)


@pytest.mark.parametrize("esp", ["sendgrid", "mailgun", "resend"])
def test_a_stale_timestamp_is_a_replay(esp: str, certificates: CertificateSource) -> None:
    body, content_type = sample(esp)
    signed = sign(esp, body, now=NOW, content_type=content_type)
    check(esp, signed, certificates, now=NOW + 299)
    with pytest.raises(webhooks.SignatureError, match="replay"):
        check(esp, signed, certificates, now=NOW + 301)
    with pytest.raises(webhooks.SignatureError, match="replay"):
        check(esp, signed, certificates, now=NOW - 301)


def test_mailgun_legacy_form_signature(certificates: CertificateSource) -> None:
    form = b"event=bounced&recipient=jo%40example.com&code=550&error=5.1.1+user+unknown&token=abc123tok"
    signed = sign("mailgun", form, now=NOW, content_type="application/x-www-form-urlencoded")
    check("mailgun", signed, certificates)
    with pytest.raises(webhooks.SignatureError):
        check("mailgun", signed, certificates, body=signed.body.replace(b"abc123tok", b"abc123tol"))


def test_mandrill_signs_the_url(certificates: CertificateSource) -> None:
    body, content_type = sample("mandrill")
    signed = sign("mandrill", body, now=NOW, content_type=content_type)
    with pytest.raises(webhooks.SignatureError, match="does not match"):
        webhooks.verify("mandrill", signed.body, signed.headers, signed.url + "?x=1", signed.secret)


def test_token_schemes_accept_a_url_token() -> None:
    body, _ = sample("sparkpost")
    webhooks.verify(
        "sparkpost",
        body,
        {},
        "https://b.example.org/v1/webhooks/sparkpost?token=s3cret-token",
        "s3cret-token",
    )
    with pytest.raises(webhooks.SignatureError, match="token"):
        webhooks.verify(
            "sparkpost", body, {}, "https://b.example.org/v1/webhooks/sparkpost?token=other", "s3cret-token"
        )
    with pytest.raises(webhooks.SignatureError, match="basic"):
        webhooks.verify("postmark", body, {"Authorization": "Basic !!!"}, "", "user:password")


def test_no_secret_verifies_nothing() -> None:
    body, _ = sample("mailersend")
    with pytest.raises(webhooks.SignatureError, match="no secret"):
        webhooks.verify("mailersend", body, {}, "", " ")


# -- Amazon SNS ---------------------------------------------------------------------------


def _sns_notification() -> dict:
    body, _ = sample("amazon_ses")
    return json.loads(body)


@pytest.mark.parametrize("version", ["1", "2"])
def test_sns_signature_versions(version: str, certificates: CertificateSource) -> None:
    message = sign_sns({**_sns_notification(), "TopicArn": TOPIC}, version)
    body = json.dumps(message).encode()
    webhooks.verify("amazon_ses", body, {}, "", TOPIC, sns_certificates=certificates)
    webhooks.verify("amazon_ses", body, {}, "", "*", sns_certificates=certificates)
    message["Timestamp"] = "2024-05-06T10:00:02.000Z"
    with pytest.raises(webhooks.SignatureError, match="does not match"):
        webhooks.verify(
            "amazon_ses", json.dumps(message).encode(), {}, "", TOPIC, sns_certificates=certificates
        )


def test_sns_subscription_confirmation_is_signed_over_its_own_fields(certificates: CertificateSource) -> None:
    body, _ = sample("amazon_ses")
    confirmation = json.loads(
        (
            Path(__file__).parents[2] / "fixtures/webhooks/amazon_ses/subscription_confirmation.json"
        ).read_text()
    )
    signed = sign_sns(confirmation)
    assert b"SubscribeURL\n" in string_to_sign(signed) and b"Token\n" in string_to_sign(signed)
    webhooks.verify("amazon_ses", json.dumps(signed).encode(), {}, "", TOPIC, sns_certificates=certificates)
    signed["SubscribeURL"] = "https://sns.us-east-1.amazonaws.com/?Action=ConfirmSubscription&Token=evil"
    with pytest.raises(webhooks.SignatureError):
        webhooks.verify(
            "amazon_ses", json.dumps(signed).encode(), {}, "", TOPIC, sns_certificates=certificates
        )
    assert body


def test_sns_topic_must_be_configured(certificates: CertificateSource) -> None:
    body = json.dumps(sign_sns({**_sns_notification(), "TopicArn": TOPIC})).encode()
    with pytest.raises(webhooks.SignatureError, match="topic"):
        webhooks.verify(
            "amazon_ses",
            body,
            {},
            "",
            "arn:aws:sns:us-east-1:123456789012:other",
            sns_certificates=certificates,
        )


@pytest.mark.parametrize(
    "url",
    [
        "http://sns.us-east-1.amazonaws.com/cert.pem",
        "https://sns.us-east-1.amazonaws.com.evil.example/cert.pem",
        "https://evil.example/sns.us-east-1.amazonaws.com/cert.pem",
        "https://sns.us-east-1.amazonaws.com:8443/cert.pem",
        "https://sns.us-east-1.amazonaws.com/cert.txt",
        "https://s3.amazonaws.com/cert.pem",
    ],
)
def test_sns_certificate_urls_off_aws_are_refused_before_any_fetch(url: str) -> None:
    fetched: list[str] = []
    source = CertificateSource(fetch=lambda u: fetched.append(u) or b"")
    message = {**sign_sns({**_sns_notification(), "TopicArn": TOPIC}), "SigningCertURL": url}
    with pytest.raises(webhooks.SignatureError, match="certificate URL"):
        webhooks.verify("amazon_ses", json.dumps(message).encode(), {}, "", TOPIC, sns_certificates=source)
    assert fetched == []


def test_sns_certificates_are_fetched_once_and_cached() -> None:
    fetched: list[str] = []

    def fetch(url: str) -> bytes:
        fetched.append(url)
        return certificate_pem()

    source = CertificateSource(fetch=fetch)
    body = json.dumps(sign_sns({**_sns_notification(), "TopicArn": TOPIC})).encode()
    for _ in range(3):
        webhooks.verify("amazon_ses", body, {}, "", TOPIC, sns_certificates=source)
    assert fetched == [CERT_URL]
    assert sns_host("https://sns.cn-north-1.amazonaws.com.cn/x.pem")


def test_an_unsigned_ses_body_is_refused(certificates: CertificateSource) -> None:
    bare = (Path(__file__).parents[2] / "fixtures/webhooks/amazon_ses/bare_bounce.json").read_bytes()
    with pytest.raises(webhooks.SignatureError, match="signed by Amazon SNS"):
        webhooks.verify("amazon_ses", bare, {}, "", "*", sns_certificates=certificates)


def test_verify_uses_the_clock_by_default() -> None:
    body, content_type = sample("sendgrid")
    signed = sign("sendgrid", body, now=time.time(), content_type=content_type)
    webhooks.verify("sendgrid", signed.body, signed.headers, signed.url, signed.secret)
