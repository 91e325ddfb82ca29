"""Builds small TNEF streams (MS-OXTNEF) for the tests of bouncekit.tnef and the tnef decoder."""

from __future__ import annotations

import base64
import struct

MESSAGE, ATTACHMENT = 1, 2
ATT_MESSAGE_CLASS = 0x00078008
ATT_SUBJECT = 0x00018004
ATT_BODY = 0x0002800C
ATT_MSG_PROPS = 0x00069003
ATT_RECIP_TABLE = 0x00069004
ATT_ATTACH_DATA = 0x0006800F

#: MS-OXRTFCP's example: "{\rtf1\ansi\ansicpg1252\pard hello world}\r\n", compressed.
COMPRESSED_HELLO = bytes.fromhex(
    "2d0000002b0000004c5a4675f1c5c7a703000a007263706731323542320af32068656c090020627705b06c647d0a800fa0"
)


def attribute(att: int, data: bytes, level: int = MESSAGE) -> bytes:
    return struct.pack("<BII", level, att, len(data)) + data + struct.pack("<H", sum(data) & 0xFFFF)


def _pad(data: bytes) -> bytes:
    return data + b"\0" * (-len(data) % 4)


def string8(prop: int, text: str) -> bytes:
    value = text.encode("cp1252") + b"\0"
    return struct.pack("<HHII", 0x001E, prop, 1, len(value)) + _pad(value)


def unicode(prop: int, text: str) -> bytes:
    value = text.encode("utf-16-le") + b"\0\0"
    return struct.pack("<HHII", 0x001F, prop, 1, len(value)) + _pad(value)


def long(prop: int, number: int) -> bytes:
    return struct.pack("<HHI", 0x0003, prop, number)


def binary(prop: int, data: bytes) -> bytes:
    return struct.pack("<HHII", 0x0102, prop, 1, len(data)) + _pad(data)


def named_string(guid: bytes, name: str, text: str) -> bytes:
    """A named property (id 0x8000 and up) whose name is a string."""
    encoded = name.encode("utf-16-le") + b"\0\0"
    value = text.encode("utf-16-le") + b"\0\0"
    return (struct.pack("<HH", 0x001F, 0x8001) + guid + struct.pack("<II", 1, len(encoded)) + _pad(encoded)
            + struct.pack("<II", 1, len(value)) + _pad(value))


def props(*items: bytes) -> bytes:
    return struct.pack("<I", len(items)) + b"".join(items)


def rows(*table: tuple[bytes, ...]) -> bytes:
    return struct.pack("<I", len(table)) + b"".join(props(*row) for row in table)


def stream(*attributes: bytes) -> bytes:
    return b"\x78\x9f\x3e\x22" + struct.pack("<H", 0x1234) + b"".join(attributes)


def ndr_row(name: str, address: str, report_text: str | None, info: str | None) -> tuple[bytes, ...]:
    row = [string8(0x3001, name), string8(0x3002, "SMTP"), string8(0x3003, address), long(0x0C05, 3)]
    if report_text is not None:
        row.append(string8(0x1001, report_text))
    if info is not None:
        row.append(string8(0x0C1B, info))
    return tuple(row)


def message(tnef: bytes, *, subject: str = "Undeliverable: Order 1187", text: str = "") -> bytes:
    """A notice with a text part (often empty) and the TNEF as winmail.dat."""
    encoded = base64.encodebytes(tnef).decode()
    return (
        "From: System Administrator <postmaster@shop.example>\n"
        "To: Ana Lima <ana@sender.example>\n"
        f"Subject: {subject}\n"
        "Date: Tue, 3 Mar 2009 10:00:00 +0100\n"
        "MIME-Version: 1.0\n"
        "X-MS-TNEF-Correlator: <01@shop.example>\n"
        'Content-Type: multipart/mixed; boundary="b1"\n\n'
        "--b1\nContent-Type: text/plain; charset=us-ascii\n\n"
        f"{text}\n"
        "--b1\nContent-Type: application/ms-tnef; name=\"winmail.dat\"\n"
        "Content-Transfer-Encoding: base64\n"
        'Content-Disposition: attachment; filename="winmail.dat"\n\n'
        f"{encoded}\n--b1--\n"
    ).encode()
