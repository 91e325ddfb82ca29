"""``POST /v1/rules/test``: check a rules file before deploying it, as `bouncekit rules test` does."""

from __future__ import annotations

import tomllib
from typing import Annotated

from fastapi import APIRouter, Depends, Request
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.responses import Response

from bouncekit.classifier import default_rules
from bouncekit.rulefile import check_samples, parse_rules
from bouncekit.service.auth import api_key
from bouncekit.service.responses import JSON
from bouncekit.service.schemas import ErrorOut, RulesTestOut

router = APIRouter()
#: Media types accepted for a rules file.
RULES_TYPES = frozenset({"application/toml", "text/plain", "application/octet-stream"})


@router.post(
    "/rules/test",
    response_model=RulesTestOut,
    tags=["rules"],
    openapi_extra={"requestBody": {
        "required": True,
        "description": "A rules file (TOML, the schema of the built-in rules).",
        "content": {t: {"schema": {"type": "string"}} for t in sorted(RULES_TYPES)},
    }},
    responses={
        400: {"model": ErrorOut,
              "description": "The rules file does not load: `problems` name line and problem"},
        415: {"model": ErrorOut, "description": "Body is not a rules file"},
    },
)
async def test_rules(request: Request, _: Annotated[str, Depends(api_key)]) -> Response:
    """Load a rules file over the service's rules and classify each of its samples.

    Nothing changes on the service: the file is checked, not installed. A sample that
    another rule decides first is reported with `ok: false`.
    """
    media_type = request.headers.get("content-type", "").partition(";")[0].strip().lower()
    if media_type not in RULES_TYPES:
        raise HTTPException(415, f"send the rules file as Content-Type: application/toml, not {media_type!r}"
                            if media_type else "send the rules file as Content-Type: application/toml")
    raw = await request.body()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise HTTPException(400, "the rules file is not UTF-8 text") from None
    base = request.app.state.store.rules or default_rules()
    rules = await run_in_threadpool(lambda: parse_rules(text, name="<request body>", base=base))
    ids = [str(e["id"]) for e in tomllib.loads(text).get("rule", []) if isinstance(e, dict)]
    checks = await run_in_threadpool(check_samples, rules, ids)
    return JSON({
        "rules": ids,
        "ok": all(c.ok for c in checks),
        "samples": [{"rule": c.rule, "sample": c.sample, "decided_by": c.decided_by, "ok": c.ok}
                    for c in checks],
    })
