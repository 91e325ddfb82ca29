"""Amazon SNS message signatures, and the signing certificates they need.

SNS signs each HTTP(S) delivery (SignatureVersion 1: SHA1withRSA, 2: SHA256withRSA) over
a canonical string of some of the message's fields, each as ``Name\\nvalue\\n`` in a
fixed order that depends on the message type (AWS: "Verifying the signatures of Amazon
SNS messages"). The certificate is fetched from ``SigningCertURL``, which must be an
``https`` URL of an SNS host of AWS (``sns.<region>.amazonaws.com``, or
``.amazonaws.com.cn``) and a ``.pem`` path: any other URL is refused before anything is
fetched. Certificates are cached. For offline use (and tests), a certificate file can
stand in for every URL: ``$BOUNCEKIT_SNS_CERTIFICATE`` or :class:`CertificateSource`'s
``certificate_file``.
"""

from __future__ import annotations

import os
import re
import threading
import urllib.parse
import urllib.request
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from cryptography import x509
from cryptography.hazmat.primitives.asymmetric import rsa

from bouncekit.receive.webhooks.base import SignatureError
from bouncekit.receive.webhooks.signatures import decode_base64, verify_rsa

#: The environment variable naming a PEM certificate used instead of fetching one.
CERTIFICATE_ENV = "BOUNCEKIT_SNS_CERTIFICATE"
#: Largest certificate fetched, and how long a fetch may take.
MAX_CERTIFICATE = 64 * 1024
FETCH_TIMEOUT = 10.0
#: Certificates kept in memory, by URL.
CACHE_SIZE = 64

_SNS_HOST = re.compile(r"sns\.[a-z0-9-]{1,40}\.amazonaws\.com(?:\.cn)?")
# The fields signed, in order, per message type.
_NOTIFICATION_FIELDS = ("Message", "MessageId", "Subject", "Timestamp", "TopicArn", "Type")
_SUBSCRIPTION_FIELDS = ("Message", "MessageId", "SubscribeURL", "Timestamp", "Token", "TopicArn", "Type")


def sns_host(url: str) -> bool:
    """Whether ``url`` is an https URL of an SNS host of AWS."""
    try:
        parts = urllib.parse.urlsplit(url)
    except ValueError:
        return False
    host = (parts.hostname or "").lower()
    return parts.scheme == "https" and parts.port in (None, 443) and bool(_SNS_HOST.fullmatch(host))


def string_to_sign(message: Mapping[str, Any]) -> bytes:
    """The canonical string SNS signs for ``message``."""
    kind = message.get("Type")
    fields = _NOTIFICATION_FIELDS if kind == "Notification" else _SUBSCRIPTION_FIELDS
    lines = []
    for name in fields:
        value = message.get(name)
        if value is None:
            if name == "Subject":
                continue  # optional, and then left out of the string
            raise SignatureError(f"amazon_ses: the SNS message has no {name}, which it signs")
        lines.append(f"{name}\n{value}\n")
    return "".join(lines).encode("utf-8")


class CertificateSource:
    """Signing certificates by URL: fetched once and cached, or one file for every URL."""

    def __init__(
        self, certificate_file: str | Path | None = None, *, fetch: Callable[[str], bytes] | None = None
    ) -> None:
        self.certificate_file = Path(certificate_file) if certificate_file else None
        self._fetch = fetch or _fetch
        self._cache: dict[str, rsa.RSAPublicKey] = {}
        self._lock = threading.Lock()

    @classmethod
    def from_env(cls) -> CertificateSource:
        return cls(os.environ.get(CERTIFICATE_ENV) or None)

    def key_for(self, url: str) -> rsa.RSAPublicKey:
        """The public key of the certificate at ``url`` (which must be an SNS host's)."""
        if (
            not isinstance(url, str)
            or not sns_host(url)
            or not urllib.parse.urlsplit(url).path.endswith(".pem")
        ):
            raise SignatureError(
                f"amazon_ses: the certificate URL is not an https .pem URL of an SNS "
                f"host of AWS: {str(url)[:200]!r}"
            )
        with self._lock:
            cached = self._cache.get(url)
        if cached is not None:
            return cached
        if self.certificate_file is not None:
            try:
                pem = self.certificate_file.read_bytes()
            except OSError as exc:
                raise SignatureError(
                    f"amazon_ses: cannot read the certificate file {self.certificate_file}: "
                    f"{exc.strerror or exc}"
                ) from None
        else:
            pem = self._fetch(url)
        try:
            key = x509.load_pem_x509_certificate(pem).public_key()
        except ValueError as exc:
            raise SignatureError(f"amazon_ses: the signing certificate cannot be read ({exc})") from None
        if not isinstance(key, rsa.RSAPublicKey):
            raise SignatureError("amazon_ses: the signing certificate's key is not RSA")
        with self._lock:
            if len(self._cache) >= CACHE_SIZE:
                self._cache.clear()
            self._cache[url] = key
        return key


def _fetch(url: str) -> bytes:
    try:
        with urllib.request.urlopen(url, timeout=FETCH_TIMEOUT) as response:
            return response.read(MAX_CERTIFICATE + 1)[:MAX_CERTIFICATE]
    except OSError as exc:
        raise SignatureError(f"amazon_ses: cannot fetch the signing certificate: {exc}") from None


def verify_message(message: Mapping[str, Any], certificates: CertificateSource) -> None:
    """SignatureError unless ``message`` (a decoded SNS message) carries SNS's valid signature."""
    version = str(message.get("SignatureVersion", ""))
    if version not in ("1", "2"):
        raise SignatureError(f"amazon_ses: unknown SNS SignatureVersion {version[:20]!r}")
    signature = decode_base64(
        "amazon_ses", message.get("Signature") if isinstance(message.get("Signature"), str) else None
    )
    key = certificates.key_for(message.get("SigningCertURL") or message.get("SigningCertUrl") or "")
    verify_rsa("amazon_ses", key, signature, string_to_sign(message), "sha1" if version == "1" else "sha256")
