"""Shared fixtures: the corpus copies in tests/fixtures/sisimai (BSD-2-Clause, see its LICENSE)."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures"
CORPUS = FIXTURES / "sisimai"


def corpus_bytes(name: str) -> bytes:
    """The raw bytes of one corpus email (emails/NAME, or a sub-path like not-bounces/x.eml)."""
    path = CORPUS / name if "/" in name else CORPUS / "emails" / name
    return path.read_bytes()


@cache
def corpus_labels() -> tuple[dict, ...]:
    lines = (CORPUS / "labels.jsonl").read_text().splitlines()
    return tuple(json.loads(line) for line in lines if line.strip())


@pytest.fixture
def corpus() -> Path:
    return CORPUS


DECODER_FIXTURES = FIXTURES / "decoders"


def decoder_fixture(decoder: str, name: str) -> bytes:
    """The raw bytes of a hand-written message in tests/fixtures/decoders/DECODER/NAME."""
    return (DECODER_FIXTURES / decoder / name).read_bytes()


def person_copy(data: bytes, sender: str) -> bytes:
    """A message as a person would send it with the same text: ``sender`` in From and
    Return-Path, no Auto-Submitted (a notice quoted or forwarded by hand)."""
    lines = []
    in_headers = True
    for line in data.split(b"\n"):
        if in_headers and not line.strip():
            in_headers = False
        if in_headers and line.lower().startswith((b"from:", b"return-path:", b"auto-submitted:")):
            if line.lower().startswith(b"from:"):
                lines.append(b"From: A Person <" + sender.encode() + b">")
            elif line.lower().startswith(b"return-path:"):
                lines.append(b"Return-Path: <" + sender.encode() + b">")
            continue
        lines.append(line)
    return b"\n".join(lines)
