"""The operator's dashboard on ``bouncekit serve``, and the same pages as a report file.

Server-rendered pages (Jinja2 templates in ``templates/``), charts drawn on the server
as SVG (:mod:`.charts`), a little JavaScript and a stylesheet in ``static/``, and the
Swagger UI at ``/docs`` from the assets of the ``swagger-ui-bundle-v2`` package:
everything is served by bouncekit itself, so the pages work on a host without
internet. Sign-in is by API key, then a session cookie (:mod:`.session`).

Pages: ``/`` overview, ``/blocks`` blocked senders, ``/suppressions`` the list (and
``/suppressions/{address}``), ``/events`` recent records, ``/rules`` the rules that
fired most; ``/login``, ``/logout``.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from fastapi import FastAPI

HERE = Path(__file__).parent
STATIC = HERE / "static"
TEMPLATES = HERE / "templates"


def mount_dashboard(app: FastAPI) -> None:
    """Add the dashboard's pages, its static files and the local Swagger UI to ``app``."""
    from starlette.staticfiles import StaticFiles
    from swagger_ui_bundle import swagger_ui_path

    from bouncekit.service.dashboard.routes import router
    from bouncekit.service.dashboard.session import Sessions

    app.state.sessions = Sessions()
    app.include_router(router)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    app.mount("/docs/assets", StaticFiles(directory=str(swagger_ui_path)), name="docs-assets")


__all__ = ["STATIC", "TEMPLATES", "mount_dashboard"]
