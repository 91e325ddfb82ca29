"""The HTTP service: ``create_app(store_or_url)`` builds the FastAPI app.

``bouncekit serve`` runs :func:`app_from_env` under uvicorn as an app factory, so each
worker process opens its own store from the environment it inherits. FastAPI is
imported on first use of ``create_app`` only, so the rest of the CLI starts fast.
"""

from __future__ import annotations

import gc
import os
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from fastapi import FastAPI

#: The default limit on a request body: 10 MiB.
DEFAULT_MAX_BODY = 10 * 1024 * 1024
#: Environment variables read by :func:`app_from_env` (set by ``bouncekit serve``).
ENV_DATABASE = "BOUNCEKIT_DATABASE_URL"
ENV_MAX_BODY = "BOUNCEKIT_MAX_BODY"
#: The secret that signs dashboard sessions (same as ``dashboard.session.SECRET_ENV``).
SECRET_ENV = "BOUNCEKIT_SESSION_SECRET"


def app_from_env() -> FastAPI:
    """The app over ``$BOUNCEKIT_DATABASE_URL`` (or the default store), for uvicorn's ``--factory``;
    ``$BOUNCEKIT_RULES`` names a user rules file."""
    from bouncekit.rulefile import rules_from_env
    from bouncekit.service.app import create_app

    max_body = os.environ.get(ENV_MAX_BODY, "")
    app = create_app(os.environ.get(ENV_DATABASE) or None, rules=rules_from_env(),
                     max_body=int(max_body) if max_body.isdigit() else DEFAULT_MAX_BODY)
    # What exists now (modules, rules, routes) lives as long as the worker: moving it out
    # of the collector's reach keeps full collections, and so the latency tail, short.
    gc.freeze()
    return app


def __getattr__(name: str) -> Any:
    if name == "create_app":
        from bouncekit.service.app import create_app

        return create_app
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = ["DEFAULT_MAX_BODY", "ENV_DATABASE", "ENV_MAX_BODY", "SECRET_ENV", "app_from_env", "create_app"]
