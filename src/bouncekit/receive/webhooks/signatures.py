"""The signature schemes ESPs use, as small functions the ESP modules call.

HMAC (hex or base64) compared in constant time; RSA and ECDSA signatures over public
keys given as PEM or as base64 DER (how ESPs show them); HTTP basic credentials or a
bearer token for the ESPs that sign nothing; the freshness of a signed timestamp.
Every failure is a :class:`SignatureError` (HTTP 401) saying what did not match,
never what would have.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import urllib.parse

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa

from bouncekit.receive.webhooks.base import MAX_SIGNATURE_AGE, Request, SignatureError


def equal(given: str | bytes | None, expected: str | bytes) -> bool:
    """Constant-time equality of a received signature and the expected one."""
    if given is None:
        return False
    a = given.encode() if isinstance(given, str) else given
    b = expected.encode() if isinstance(expected, str) else expected
    return hmac.compare_digest(a, b)


def hmac_hex(secret: str | bytes, message: bytes, algorithm: str = "sha256") -> str:
    key = secret.encode() if isinstance(secret, str) else secret
    return hmac.new(key, message, algorithm).hexdigest()


def hmac_base64(secret: str | bytes, message: bytes, algorithm: str = "sha256") -> str:
    key = secret.encode() if isinstance(secret, str) else secret
    return base64.b64encode(hmac.new(key, message, algorithm).digest()).decode()


def fresh(esp: str, timestamp: object, now: float, max_age: float = MAX_SIGNATURE_AGE) -> None:
    """SignatureError unless ``timestamp`` (Unix seconds) is within ``max_age`` of ``now``."""
    try:
        when = float(str(timestamp).strip())
    except ValueError:
        raise SignatureError(f"{esp}: the signed timestamp is missing or not a number") from None
    if when > 1e11:  # milliseconds
        when /= 1000
    if abs(now - when) > max_age:
        raise SignatureError(
            f"{esp}: the signed timestamp is more than {max_age:g} s off: a replay, or a wrong clock"
        )


def credentials(esp: str, request: Request, secret: str) -> None:
    """For ESPs that sign nothing: HTTP basic credentials (secret ``user:password``) or a
    token (any other secret) as ``Authorization: Bearer`` or a ``token`` URL parameter."""
    header = request.header("authorization") or ""
    scheme, _, value = header.partition(" ")
    value = value.strip()
    if ":" in secret:
        if scheme.lower() == "basic":
            try:
                given = base64.b64decode(value, validate=True)
            except (binascii.Error, ValueError):
                given = b""
            if equal(given, secret.encode()):
                return
        raise SignatureError(f"{esp}: missing or wrong basic credentials")
    if scheme.lower() == "bearer" and equal(value, secret):
        return
    query = urllib.parse.parse_qs(urllib.parse.urlsplit(request.url).query)
    if any(equal(token, secret) for token in query.get("token", [])):
        return
    raise SignatureError(f"{esp}: missing or wrong token")


def public_key(esp: str, text: str) -> rsa.RSAPublicKey | ec.EllipticCurvePublicKey:
    """A public key from PEM, or from base64 DER as ESPs show it (``p=`` of a DNS record accepted)."""
    text = text.strip()
    try:
        if text.startswith("-----BEGIN"):
            key = serialization.load_pem_public_key(text.encode())
        else:
            if text.startswith("p="):
                text = text[2:]
            key = serialization.load_der_public_key(base64.b64decode("".join(text.split()), validate=True))
    except (ValueError, binascii.Error, TypeError) as exc:
        raise SignatureError(f"{esp}: the configured public key cannot be read ({exc})") from None
    if not isinstance(key, rsa.RSAPublicKey | ec.EllipticCurvePublicKey):
        raise SignatureError(f"{esp}: the configured public key is neither RSA nor ECDSA")
    return key


def decode_base64(esp: str, value: str | None, what: str = "signature") -> bytes:
    if not value:
        raise SignatureError(f"{esp}: the {what} is missing")
    try:
        return base64.b64decode(value.strip(), validate=True)
    except (binascii.Error, ValueError):
        raise SignatureError(f"{esp}: the {what} is not base64") from None


def verify_rsa(esp: str, key: object, signature: bytes, data: bytes, algorithm: str = "sha256") -> None:
    """An RSA PKCS#1 v1.5 signature of ``data``."""
    if not isinstance(key, rsa.RSAPublicKey):
        raise SignatureError(f"{esp}: the configured key is not an RSA key")
    digest = hashes.SHA1() if algorithm == "sha1" else hashes.SHA256()
    try:
        key.verify(signature, data, padding.PKCS1v15(), digest)
    except InvalidSignature:
        raise SignatureError(f"{esp}: the signature does not match") from None


def verify_ecdsa(esp: str, key: object, signature: bytes, data: bytes) -> None:
    """An ECDSA (DER-encoded) signature of ``data`` with SHA-256."""
    if not isinstance(key, ec.EllipticCurvePublicKey):
        raise SignatureError(f"{esp}: the configured key is not an ECDSA key")
    try:
        key.verify(signature, data, ec.ECDSA(hashes.SHA256()))
    except InvalidSignature:
        raise SignatureError(f"{esp}: the signature does not match") from None


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
