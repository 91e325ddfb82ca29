"""VERP: the envelope sender names the recipient, so a bounce says for certain whom it is about.

The sending side puts each recipient into the return path (the envelope sender,
``MAIL FROM``) of the message to that recipient::

    jo@example.com  ->  bounces+jo=example.com@bounces.example.org

and the bounce comes back to that address, so the receiving side (``bouncekit smtpd``)
knows the failed recipient from the envelope, even when the bounce itself hides or
rewrites it. The local part follows a template (default ``bounces+{local}={domain}``).

**Signed VERP** adds an HMAC tag (``{tag}``, default template
``bounces+{local}={domain}+{tag}``): without it anybody could mail
``bounces+victim=example.com@...`` a fake bounce and have the victim suppressed. A
bounce whose tag is missing or wrong is still stored, but never suppresses anything.

The tag is the first 50 bits of HMAC-SHA256(secret, the recipient's store key),
written in lower-case base 32 (10 characters): case-insensitive, so an MTA that
lower-cases the envelope does not break it.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
from dataclasses import dataclass, field
from enum import StrEnum

from bouncekit.address import key as address_key
from bouncekit.address import normalize
from bouncekit.errors import AddressError, BounceError

#: The local part of a VERP address without a tag.
DEFAULT_TEMPLATE = "bounces+{local}={domain}"
#: The local part of a signed VERP address.
DEFAULT_SIGNED_TEMPLATE = "bounces+{local}={domain}+{tag}"
#: Characters of the tag (base 32: 5 bits each, so 50 bits).
TAG_LENGTH = 10
#: Longest envelope address :meth:`Verp.decode` looks at (RFC 5321: 64 + 1 + 255 octets).
MAX_ADDRESS = 320

_TEMPLATE_FIELD = re.compile(r"\{(\w*)\}")
_PLACES = {
    # The original local part: anything (it may hold "+" and "=" itself); the domain is
    # an A-label host name, which cannot hold the separators, so the split is certain.
    "local": r"(?P<local>[^@\s]+?)",
    "domain": r"(?P<domain>[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?)",
    "tag": rf"(?P<tag>[A-Za-z2-7]{{{TAG_LENGTH}}})",
}


class VerpError(BounceError):
    """A VERP template, domain or address cannot be used."""


class TagCheck(StrEnum):
    """What the tag of a decoded VERP address says."""

    #: The scheme has no secret: there is no tag to check.
    UNSIGNED = "unsigned"
    #: The tag is the one the secret gives for this recipient.
    VALID = "valid"
    #: The scheme is signed but the address carries no tag.
    MISSING = "missing"
    #: The address carries a tag that the secret does not give.
    WRONG = "wrong"


@dataclass(frozen=True, slots=True)
class Decoded:
    """What an envelope recipient says: the original recipient, and whether to trust it.

    ``recipient`` is None when the address is not a VERP address of the scheme (a
    bounce to ``postmaster@`` or to the bare bounce address).
    """

    address: str
    recipient: str | None
    tag: TagCheck

    @property
    def trusted(self) -> bool:
        """True when the address may suppress: an unsigned scheme, or a valid tag."""
        return self.tag in (TagCheck.UNSIGNED, TagCheck.VALID)

    def to_dict(self) -> dict[str, str | bool | None]:
        return {
            "address": self.address,
            "recipient": self.recipient,
            "tag": str(self.tag),
            "trusted": self.trusted,
        }


@dataclass(frozen=True, slots=True)
class Verp:
    """A VERP scheme: the bounce domain, the local-part template and, for signed VERP, the secret.

    >>> verp = Verp("bounces.example.org")
    >>> verp.encode("jo@example.com")
    'bounces+jo=example.com@bounces.example.org'
    >>> verp.decode("bounces+jo=example.com@bounces.example.org").recipient
    'jo@example.com'
    """

    domain: str
    template: str | None = None
    secret: bytes | None = None
    _full: re.Pattern[str] = field(init=False, repr=False, compare=False)
    _untagged: re.Pattern[str] | None = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        try:
            domain = normalize(f"x@{self.domain}").partition("@")[2]
        except AddressError:
            raise VerpError(f"not a bounce domain: {self.domain!r}") from None
        object.__setattr__(self, "domain", domain)
        if self.secret is not None and not isinstance(self.secret, bytes):
            raise VerpError("the VERP secret must be bytes")
        if self.secret is not None and len(self.secret) < 16:
            raise VerpError("the VERP secret must be at least 16 bytes long")
        template = self.template or (DEFAULT_SIGNED_TEMPLATE if self.secret else DEFAULT_TEMPLATE)
        object.__setattr__(self, "template", template)
        names = _TEMPLATE_FIELD.findall(template)
        if sorted(n for n in names if n != "tag") != ["domain", "local"] or names.count("tag") > 1:
            raise VerpError(
                f"a VERP template names {{local}} and {{domain}} once each (and {{tag}} "
                f"at most once): {template!r}"
            )
        if self.secret and "tag" not in names:
            raise VerpError(f"a signed VERP template needs {{tag}}: {template!r}")
        if "@" in template:
            raise VerpError(f"a VERP template is a local part, without @: {template!r}")
        object.__setattr__(self, "_full", _compile(template))
        untagged = None
        if "tag" in names:
            # The same template with the tag and one separator beside it taken out: an
            # address in that shape is a signed address whose tag is missing.
            bare = re.sub(r"[^\w{}]?\{tag\}|\{tag\}[^\w{}]?", "", template, count=1)
            untagged = _compile(bare)
        object.__setattr__(self, "_untagged", untagged)

    def tag_for(self, recipient: str) -> str:
        """The tag of ``recipient`` under this scheme's secret."""
        if not self.secret:
            raise VerpError("this VERP scheme has no secret, so no tag")
        digest = hmac.new(self.secret, address_key(recipient).encode("utf-8"), hashlib.sha256).digest()
        return base64.b32encode(digest[:10]).decode("ascii").lower()[:TAG_LENGTH]

    def encode(self, recipient: str) -> str:
        """The return path to use for mail to ``recipient``; :class:`AddressError` if it is no address."""
        address = normalize(recipient)
        local, _, domain = address.rpartition("@")
        if domain.startswith("["):
            raise VerpError(f"cannot put an address literal into a VERP address: {recipient!r}")
        values = {"local": local, "domain": domain.lower()}
        if self.secret:
            values["tag"] = self.tag_for(address)
        return f"{self.template.format(**values)}@{self.domain}"

    def decode(self, address: str) -> Decoded:
        """Read an envelope recipient: the original recipient and the state of its tag.

        An address of another domain, or one that does not follow the template, gives
        ``recipient`` None (with tag ``missing`` when the scheme is signed: such a
        bounce proves nothing about any address).
        """
        text = (address or "").strip().strip("<>")[:MAX_ADDRESS]
        absent = TagCheck.MISSING if self.secret else TagCheck.UNSIGNED
        local, at, domain = text.rpartition("@")
        if not at or domain.lower().rstrip(".") != self.domain:
            return Decoded(text, None, absent)
        match = self._full.fullmatch(local)
        if match is None:
            bare = self._untagged.fullmatch(local) if self._untagged else None
            recipient = _recipient(bare) if bare else None
            return Decoded(text, recipient, absent)
        recipient = _recipient(match)
        if recipient is None or not self.secret:
            return Decoded(text, recipient, absent if recipient is None else TagCheck.UNSIGNED)
        good = hmac.compare_digest(match["tag"].lower(), self.tag_for(recipient))
        return Decoded(text, recipient, TagCheck.VALID if good else TagCheck.WRONG)


def _compile(template: str) -> re.Pattern[str]:
    pieces, last = [], 0
    for m in _TEMPLATE_FIELD.finditer(template):
        pieces.append(re.escape(template[last : m.start()]))
        pieces.append(_PLACES[m[1]])
        last = m.end()
    pieces.append(re.escape(template[last:]))
    return re.compile("".join(pieces), re.IGNORECASE)


def _recipient(match: re.Match[str]) -> str | None:
    try:
        return normalize(f"{match['local']}@{match['domain']}")
    except AddressError:
        return None
