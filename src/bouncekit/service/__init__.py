"""The HTTP service: ``create_app(store_or_url)`` builds the FastAPI app.

``bouncekit serve`` runs :func:`app_from_env` under uvicorn as an app factory, so each
worker process opens its own store from the environment it inherits. FastAPI is
imported on first use of ``create_app`` only, so the rest of the CLI starts fast.
"""

from __future__ import annotations

import gc
import os
from typing import TYPE_CHECKING, Any

from bouncekit.errors import BounceError

if TYPE_CHECKING:
    from fastapi import FastAPI

#: The default limit on a request body: 10 MiB.
DEFAULT_MAX_BODY = 10 * 1024 * 1024
#: Environment variables read by :func:`app_from_env` (set by ``bouncekit serve``).
ENV_DATABASE = "BOUNCEKIT_DATABASE_URL"
ENV_MAX_BODY = "BOUNCEKIT_MAX_BODY"
ENV_PARSE_BUDGET = "BOUNCEKIT_PARSE_BUDGET"
ENV_PARSE_WORKERS = "BOUNCEKIT_PARSE_WORKERS"


def app_from_env() -> FastAPI:
    """The app over ``$BOUNCEKIT_DATABASE_URL`` (or the default store), for uvicorn's ``--factory``.

    ``$BOUNCEKIT_MAX_BODY``, ``$BOUNCEKIT_PARSE_BUDGET`` and ``$BOUNCEKIT_PARSE_WORKERS``
    set the limits of :func:`create_app` (a value that is no number above 0 is a
    BounceError naming the variable). The decoding workers start now, so that the
    first message does not wait for them.
    """
    from bouncekit.service.app import create_app
    from bouncekit.service.parsing import DEFAULT_PARSE_BUDGET, DEFAULT_PARSE_WORKERS

    app = create_app(
        os.environ.get(ENV_DATABASE) or None,
        max_body=int(_setting(ENV_MAX_BODY, DEFAULT_MAX_BODY)),
        parse_budget=_setting(ENV_PARSE_BUDGET, DEFAULT_PARSE_BUDGET),
        parse_workers=int(_setting(ENV_PARSE_WORKERS, DEFAULT_PARSE_WORKERS)),
    )
    app.state.decoder.start()
    # What exists now (modules, rules, routes) lives as long as the worker: moving it out
    # of the collector's reach keeps full collections, and so the latency tail, short.
    gc.freeze()
    return app


def _setting(name: str, default: float) -> float:
    text = os.environ.get(name, "").strip()
    if not text:
        return default
    whole = isinstance(default, int)
    try:
        value = int(text) if whole else float(text)
    except ValueError:
        value = 0
    if not 0 < value < float("inf"):
        kind = "a whole number" if whole else "a number"
        raise BounceError(f"${name} must be {kind} above 0, not {text!r}")
    return value


def __getattr__(name: str) -> Any:
    if name == "create_app":
        from bouncekit.service.app import create_app

        return create_app
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "DEFAULT_MAX_BODY",
    "ENV_DATABASE",
    "ENV_MAX_BODY",
    "ENV_PARSE_BUDGET",
    "ENV_PARSE_WORKERS",
    "app_from_env",
    "create_app",
]
