"""Signing webhook requests the way each ESP does, with keys made here (for the tests and the bench)."""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import json
import urllib.parse
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa
from cryptography.x509.oid import NameOID

from bouncekit.receive.webhooks.sns import string_to_sign

FIXTURES = Path(__file__).parents[2] / "fixtures" / "webhooks"
URL = "https://bounces.example.org/v1/webhooks/{esp}"
TOPIC = "arn:aws:sns:us-east-1:123456789012:ses-bounces"
CERT_URL = "https://sns.us-east-1.amazonaws.com/SimpleNotificationService-test.pem"


@dataclass(frozen=True)
class Signed:
    """A request as an ESP would send it: body, headers, URL; and the secret that checks it."""

    body: bytes
    headers: dict[str, str]
    url: str
    secret: str


@cache
def rsa_key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


@cache
def ec_key() -> ec.EllipticCurvePrivateKey:
    return ec.generate_private_key(ec.SECP256R1())


def public_base64(key: rsa.RSAPrivateKey | ec.EllipticCurvePrivateKey) -> str:
    der = key.public_key().public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    return base64.b64encode(der).decode()


@cache
def certificate_pem() -> bytes:
    """A self-signed certificate of :func:`rsa_key`, standing in for SNS's signing certificate."""
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "sns.amazonaws.com")])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(rsa_key().public_key())
        .serial_number(1)
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=30))
        .sign(rsa_key(), hashes.SHA256())
    )
    return cert.public_bytes(serialization.Encoding.PEM)


def sign_sns(message: dict, version: str = "1") -> dict:
    """An SNS message with ``Signature`` and ``SigningCertURL`` made with the test key."""
    signed = {**message, "SignatureVersion": version, "SigningCertURL": CERT_URL}
    digest = hashes.SHA1() if version == "1" else hashes.SHA256()
    signature = rsa_key().sign(string_to_sign(signed), padding.PKCS1v15(), digest)
    signed["Signature"] = base64.b64encode(signature).decode()
    return signed


SECRETS = {
    "mailgun": "key-mailgun-signing-0123456789",
    "mandrill": "mandrill-webhook-key-0123456789",
    "mailersend": "mailersend-signing-secret-0123",
    "mailtrap": "mailtrap-signing-secret-012345",
    "unisender_go": "unisender-api-key-0123456789ab",
    "resend": "whsec_" + base64.b64encode(b"resend-svix-secret-bytes-0123456").decode(),
    "postmark": "postmark:hook-password",
    "sparkpost": "sparkpost:hook-password",
    "mailjet": "mailjet:hook-password",
    "brevo": "brevo-bearer-token-0123456789",
}


def secret_for(esp: str) -> str:
    if esp == "sendgrid":
        return public_base64(ec_key())
    if esp == "postal":
        return public_base64(rsa_key())
    if esp == "amazon_ses":
        return TOPIC
    return SECRETS[esp]


def sign(
    esp: str, body: bytes, *, now: float, content_type: str = "application/json", query: str = ""
) -> Signed:
    """``body`` as ``esp`` would post it at time ``now``, signed with the test secret, to
    the webhook URL with ``query`` (``?async=true``) after it."""
    url = URL.format(esp=esp) + query
    secret = secret_for(esp)
    headers = {"content-type": content_type}
    stamp = str(int(now))
    if esp == "amazon_ses":
        envelope = json.loads(body)
        if "Type" in envelope:
            body = json.dumps(sign_sns({**envelope, "TopicArn": TOPIC})).encode()
    elif esp == "sendgrid":
        signature = ec_key().sign(stamp.encode() + body, ec.ECDSA(hashes.SHA256()))
        headers["X-Twilio-Email-Event-Webhook-Signature"] = base64.b64encode(signature).decode()
        headers["X-Twilio-Email-Event-Webhook-Timestamp"] = stamp
    elif esp == "mailgun":
        if content_type.startswith("application/x-www-form-urlencoded"):
            form = dict(urllib.parse.parse_qsl(body.decode()))
            token = form.get("token", "legacy-token-0123456789")
            form.update(
                timestamp=stamp,
                token=token,
                signature=hmac.new(secret.encode(), (stamp + token).encode(), "sha256").hexdigest(),
            )
            body = urllib.parse.urlencode(form).encode()
        else:
            document = json.loads(body)
            token = document["signature"]["token"]
            document["signature"] = {
                "timestamp": stamp,
                "token": token,
                "signature": hmac.new(secret.encode(), (stamp + token).encode(), "sha256").hexdigest(),
            }
            body = json.dumps(document).encode()
    elif esp == "mandrill":
        form = dict(urllib.parse.parse_qsl(body.decode()))
        signed = url + "".join(f"{k}{v}" for k, v in sorted(form.items()))
        headers["X-Mandrill-Signature"] = base64.b64encode(
            hmac.new(secret.encode(), signed.encode(), "sha1").digest()
        ).decode()
    elif esp == "resend":
        key = base64.b64decode(secret.removeprefix("whsec_"))
        message_id = "msg_" + hashlib.sha256(body).hexdigest()[:24]
        signature = base64.b64encode(
            hmac.new(key, f"{message_id}.{stamp}.".encode() + body, "sha256").digest()
        )
        headers.update(
            {
                "svix-id": message_id,
                "svix-timestamp": stamp,
                "svix-signature": "v1,AAAAbadsignatureAAAA= v1," + signature.decode(),
            }
        )
    elif esp == "postal":
        headers["X-Postal-Signature-256"] = base64.b64encode(
            rsa_key().sign(body, padding.PKCS1v15(), hashes.SHA256())
        ).decode()
    elif esp in ("mailersend", "mailtrap"):
        name = "Signature" if esp == "mailersend" else "Mailtrap-Signature"
        headers[name] = hmac.new(secret.encode(), body, "sha256").hexdigest()
    elif esp == "unisender_go":
        document = json.loads(body)
        document["auth"] = secret
        with_key = json.dumps(document, separators=(",", ":")).encode()
        document["auth"] = hashlib.md5(with_key).hexdigest()
        body = json.dumps(document, separators=(",", ":")).encode()
    elif esp == "brevo":
        headers["Authorization"] = f"Bearer {secret}"
    else:  # postmark, sparkpost, mailjet: basic credentials
        headers["Authorization"] = "Basic " + base64.b64encode(secret.encode()).decode()
    return Signed(body, headers, url, secret)


#: One documented payload per ESP, for tests that go through every ESP.
SAMPLES: dict[str, tuple[str, str]] = {
    "amazon_ses": ("amazon_ses/bounce_permanent.json", "application/json"),
    "sendgrid": ("sendgrid/batch.json", "application/json"),
    "mailgun": ("mailgun/failed_permanent.json", "application/json"),
    "postmark": ("postmark/bounce_hard.json", "application/json"),
    "sparkpost": ("sparkpost/batch.json", "application/json"),
    "mandrill": ("mandrill/events.form", "application/x-www-form-urlencoded"),
    "mailjet": ("mailjet/grouped.json", "application/json"),
    "brevo": ("brevo/batch.json", "application/json"),
    "resend": ("resend/bounced.json", "application/json"),
    "postal": ("postal/delivery_failed.json", "application/json"),
    "mailersend": ("mailersend/hard_bounced.json", "application/json"),
    "mailtrap": ("mailtrap/events.json", "application/json"),
    "unisender_go": ("unisender_go/events.json", "application/json"),
}


def sample(esp: str) -> tuple[bytes, str]:
    name, content_type = SAMPLES[esp]
    return (FIXTURES / name).read_bytes(), content_type
