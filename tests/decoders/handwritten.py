"""Small helpers for tests that write their notices by hand."""

import bouncekit


def plain_mail(headers: str, body: str) -> bytes:
    """A text/plain message in UTF-8 from its header lines and body."""
    return (headers.strip() + "\nMIME-Version: 1.0\nContent-Type: text/plain; charset=utf-8\n"
            "Content-Transfer-Encoding: 8bit\n\n" + body).encode()


def records_of(raw: bytes) -> list[bouncekit.Record]:
    """The records bouncekit makes of ``raw``; none where it refuses the input."""
    try:
        return list(bouncekit.parse(raw).records)
    except bouncekit.BounceError:
        return []
