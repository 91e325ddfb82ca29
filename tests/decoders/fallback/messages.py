"""Messages the fallback's tests build, and what the parser makes of them."""

import bouncekit


def message(headers: str, body: str) -> bytes:
    return (headers.strip() + "\n\n" + body).encode()


def plain_bounce(subject: str, body: str) -> bytes:
    return (
        "Return-Path: <>\nFrom: MAILER-DAEMON@mail.contoso.example\nTo: alice@contoso.example\n"
        f"Subject: {subject}\nMIME-Version: 1.0\nContent-Type: text/plain; charset=utf-8\n"
        f"Content-Transfer-Encoding: 8bit\n\n{body}"
    ).encode()


def recipients_and_reasons(raw: bytes) -> list[tuple[str | None, str | None]]:
    return [(r.recipient, r.diagnostic) for r in bouncekit.parse(raw).records]
