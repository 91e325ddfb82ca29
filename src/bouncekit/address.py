"""One normal form for email addresses, used everywhere (parse, store, CLI, HTTP).

An address is normalised once, the same way wherever it enters bouncekit, so that a
bounce to ``Jo@Ñandu.ES``, a suppression check for ``jo@xn--andu-fqa.es`` and an HTTP
request for ``ｊｏ@ñandu.es`` all name one row of the suppression list:

- the domain is mapped and checked by UTS 46 (IDNA 2008) and written as its A-label,
  lower case (``ñandu.es`` -> ``xn--andu-fqa.es``); an address literal (``[192.0.2.1]``)
  stays as it is;
- the local part is put in Unicode normal form NFKC, which includes NFC (RFC 6532
  section 3.1) and also folds the full-width and compatibility forms that input
  methods type (``ＪＯ`` -> ``JO``), as UTS 46 does for the domain.

:func:`normalize` gives the form records carry (the local part keeps its case, as
RFC 5321 section 2.4 allows a receiver to distinguish it); :func:`key` is the form
the store keys addresses by (the local part lower-cased too, since no mailbox
provider of note tells ``Jo`` from ``jo``).

:func:`clean_recipient` is the address hygiene of decoded bounces: it takes what a
decoder found beside a recipient (``rfc822; <a@b>``, ``smtp=a@b``, ``SMTP:a@b``,
``a@b...a`` with junk glued on) and gives the normalised address or None.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import idna

from bouncekit.errors import AddressError

#: RFC 5321 section 4.5.3.1: 64 octets of local part, 255 of domain.
MAX_LOCAL = 64
MAX_DOMAIN = 255
#: Exchange names a recipient it knows only by its X.500 name (a removed mailbox left in
#: a sender's address cache) ``IMCEAEX-_O=..._CN=RECIPIENTS_CN=NAME@host``, in its NDRs
#: and DSNs: longer than RFC 5321 allows, but the only name the notice gives.
MAX_ENCAPSULATED_LOCAL = 512

# A dot-atom or quoted local part (RFC 5322 section 3.4.1), with any non-ASCII
# character allowed (RFC 6531); no control characters, no unquoted space or specials.
_LOCAL = re.compile(r'(?:[^\s"(),:;<>@\[\\\]\x00-\x1f\x7f]+|"(?:[^"\\\x00-\x1f\x7f]|\\.){0,64}")')
# ASCII host names as mail systems write them: letters, digits, hyphens, and the
# underscore some internal hosts carry; labels of 1-63 characters.
_LABEL = r"[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?"
_ASCII_DOMAIN = re.compile(rf"{_LABEL}(?:\.{_LABEL})*")
_LITERAL = re.compile(r"\[(?:[0-9.]{7,15}|IPv6:[0-9A-Fa-f:.]{2,45})\]")

# Address hygiene of decoded text: an address-type prefix (RFC 3464 "rfc822;", Exchange
# "SMTP:", X.400 gateways "smtp=") and the brackets or quotes around the address.
_TYPE_PREFIX = re.compile(r"^(?:rfc822|smtp|x400|unknown|utf-8)\s*[;:=]\s*", re.IGNORECASE)
_WRAPPERS = "<>\"'`()[]{}.,;: \t"
_BRACKETS = "<>`()[]{}.,;: \t"
# An address already in normal form, of the plainest kind (what logs and most reports
# quote): dot-separated atoms of letters, digits, "_", "+" and "-", at most 64 of them
# before "@", and a lower-case ASCII domain of labels that fit _ASCII_DOMAIN. Nothing
# of it is taken off or changed by the hygiene below, so it is its own clean form
# (checked against the hygiene in the tests).
_PLAIN_ATOM = r"[A-Za-z0-9_+-]+"
_PLAIN_LABEL = r"[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?"
_PLAIN = re.compile(
    rf"(?=[^@]{{1,64}}@){_PLAIN_ATOM}(?:\.{_PLAIN_ATOM})*@(?=[^@]{{1,253}}\Z){_PLAIN_LABEL}(?:\.{_PLAIN_LABEL})+"
).fullmatch


def normalize(address: str) -> str:
    """The normal form of an addr-spec; :class:`AddressError` when it is not one.

    >>> normalize("Jo@Ñandu.ES")
    'Jo@xn--andu-fqa.es'
    """
    if not isinstance(address, str):
        raise AddressError(f"an address must be a str, not {type(address).__name__}")
    return _normalize(address.strip())


@lru_cache(maxsize=4096)
def _normalize(address: str) -> str:
    local, at, domain = address.rpartition("@")
    if not at or not local or not domain:
        raise AddressError(f"not an email address: {address[:200]!r} (it needs a local part, @ and a domain)")
    if not local.isascii():
        local = unicodedata.normalize("NFKC", local)
    limit = MAX_ENCAPSULATED_LOCAL if local[:5].upper() == "IMCEA" else MAX_LOCAL
    if len(local.encode("utf-8")) > limit or not _LOCAL.fullmatch(local):
        raise AddressError(f"not an email address: {address[:200]!r} (the part before @ is not valid)")
    return f"{local}@{_domain(domain, address)}"


def _domain(domain: str, address: str) -> str:
    if domain.startswith("["):
        if _LITERAL.fullmatch(domain):
            return domain
        raise AddressError(f"not an email address: {address[:200]!r} (the address literal is not valid)")
    domain = domain.rstrip(".")
    if domain.isascii():
        domain = domain.lower()
        if len(domain) <= 253 and _ASCII_DOMAIN.fullmatch(domain) and "xn--" not in domain:
            return domain
    try:
        ascii_domain = idna.encode(domain, uts46=True, transitional=False).decode("ascii").lower()
    except (idna.IDNAError, UnicodeError, ValueError) as exc:
        why = f"the domain is not valid: {exc}"
        raise AddressError(f"not an email address: {address[:200]!r} ({why})") from None
    if len(ascii_domain) > MAX_DOMAIN:
        raise AddressError(f"not an email address: {address[:200]!r} (the domain is too long)")
    return ascii_domain


#: Second-level labels under which country-code registries sell names (``co.uk``,
#: ``com.au``, ``ne.jp``, ``gob.mx``): the public suffixes most mail domains sit under
#: besides the top-level domains themselves.
_REGISTRY_SECOND_LEVELS = frozenset({
    "ac", "co", "com", "edu", "gob", "go", "gov", "gv", "ltd", "mil", "ne", "net", "nhs", "nic", "nom", "or",
    "org", "plc", "sch",
})


def organizational_domain(domain: str) -> str:
    """The name an organisation registered that ``domain`` is under (``mail.shop.co.uk``
    -> ``shop.co.uk``, ``mx.example.org`` -> ``example.org``), as DMARC's organizational
    domain is, with the country-code registries' common second levels standing in for
    the Public Suffix List."""
    labels = domain.lower().rstrip(".").split(".")
    registry = len(labels) >= 3 and len(labels[-1]) == 2 and labels[-2] in _REGISTRY_SECOND_LEVELS
    return ".".join(labels[-3:] if registry else labels[-2:])


def key(address: str) -> str:
    """The form the store keys an address by: :func:`normalize`, then lower case.

    >>> key("ＪＯ@Example.com")
    'jo@example.com'
    """
    return normalize(address).lower()


def unicode_domain(address: str) -> str:
    """The address with its domain written back in Unicode (U-labels), for display."""
    local, _, domain = address.rpartition("@")
    if "xn--" not in domain:
        return address
    try:
        return f"{local}@{idna.decode(domain)}"
    except (idna.IDNAError, UnicodeError, ValueError):
        return address


def _without_type(text: str) -> str:
    """``text`` without an address-type prefix (``rfc822;``, ``SMTP:``, ``smtp=``)."""
    # The prefix ends with ";", ":" or "=": most addresses have none of them, and three
    # searches cost less than the substitution.
    if ";" in text or ":" in text or "=" in text:
        return _TYPE_PREFIX.sub("", text)
    return text


def clean_recipient(value: str | None) -> str | None:
    """The normalised address in a decoder's recipient text, or None when there is none.

    Takes off an address-type prefix (``rfc822;``, ``SMTP:``, ``smtp=``), brackets,
    quotes and trailing punctuation, and junk glued after the domain the way some MTAs
    write ``user@host...user``; an empty or un-normalisable value gives None.
    """
    if not value:
        return None
    if _PLAIN(value) and "xn--" not in value:
        return value
    return _clean_recipient(value)


def _clean_recipient(value: str) -> str | None:
    """:func:`clean_recipient` of a value that is not :data:`_PLAIN`."""
    text = value.strip()
    for _ in range(3):
        stripped = _without_type(text.strip(_BRACKETS))
        if stripped[:1] in "\"'" and stripped[-1:] == stripped[:1] and len(stripped) > 1:
            stripped = stripped[1:-1]  # the whole address quoted, not a quoted local part
        if stripped == text:
            break
        text = stripped
    if "<" in text and ">" in text:
        inner = text[text.find("<") + 1 : text.find(">", text.find("<"))]
        if "@" in inner:
            text = _without_type(inner.strip())
    # "user@host...user" or "user@host...": Sendmail-style verdicts glued to the address.
    local, at, domain = text.rpartition("@")
    if not at:
        return None
    cut = domain.find("..")
    if cut > 0:
        domain = domain[:cut]
    domain = domain.split()[0].rstrip(_WRAPPERS) if domain.split() else ""
    local = _without_type(local.strip())
    if not local.endswith('"'):  # a quoted local part may hold spaces
        local = local.split()[-1].lstrip(_WRAPPERS) if local.split() else ""
        local = _without_type(local)
    if not local or not domain:
        return None
    try:
        return normalize(f"{local}@{domain}")
    except AddressError:
        return None
